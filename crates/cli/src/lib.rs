//! The `orderdock` command line: parses arguments, calls `orderdock-core`, prints.
//!
//! [`run`] is the whole program with its streams passed in, so tests can run it in-process.
//! Each subcommand lives in [`commands`]; this file only parses and dispatches.

mod commands;
mod deal;
mod fix;
mod profile;
mod sandbox;
mod upload;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use orderdock_core::messages::{CliText, Lang};

#[derive(Parser, Debug)]
#[command(name = "orderdock", version, about = "OrderDock 订单导入助手: read, check and upload order exports")]
struct Cli {
    /// One JSON document on stdout instead of text for people.
    #[arg(long, global = true)]
    json: bool,
    /// Language of messages: zh (default) or en.
    #[arg(long, global = true, default_value = "zh")]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Show a file's format, sheets, header row and columns.
    Inspect {
        file: PathBuf,
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Propose a mapping: the platform's template when the export is recognised, else
    /// from the file's header names and values.
    Suggest {
        file: PathBuf,
        #[arg(long)]
        target: String,
        /// The item report of a two-file export (Taobao's order report + item report).
        #[arg(long)]
        lines: Option<PathBuf>,
        /// Use this platform's template (an id such as `douyin_items`), or `generic` for none;
        /// by default the platform the headers show.
        #[arg(long)]
        platform: Option<String>,
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Check every order against the target's rules.
    Validate {
        #[command(flatten)]
        input: Input,
        /// "Now" for the time-window rules, as RFC 3339 (default: the clock).
        #[arg(long)]
        now: Option<String>,
        /// Write the request bodies of the valid orders here, one per line.
        #[arg(long)]
        emit: Option<PathBuf>,
    },
    /// Apply quick fixes headless and write the corrected file (prints every change).
    Fix {
        #[command(flatten)]
        input: Input,
        /// "Now" for the time-window rules, as RFC 3339 (default: the clock).
        #[arg(long)]
        now: Option<String>,
        /// Problems to fix, comma-separated, in order: a code (its default fix, e.g.
        /// total_mismatch) or a fix id (e.g. discount_as_surcharge).
        #[arg(long, value_delimiter = ',')]
        apply: Vec<String>,
        /// Leave every order with these problems out of the corrected file (comma-separated codes).
        #[arg(long, value_delimiter = ',')]
        exclude: Vec<String>,
        /// Where to write the corrected file (.xlsx).
        #[arg(long)]
        out: PathBuf,
    },
    /// Validate, then upload the valid orders (resumable; never twice).
    Upload {
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        conn: Conn,
        /// Validate and plan only; send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Continue an interrupted job.
        #[arg(long)]
        resume: Option<String>,
        /// Write the per-order results here (.xlsx or .csv).
        #[arg(long)]
        results: Option<PathBuf>,
        /// 2030 calls per second your account allows (EZR's default is 10).
        #[arg(long, default_value_t = 10)]
        rate_limit: u32,
    },
    /// Build a 2030 return order from an uploaded order and upload it.
    Return {
        /// The original order's number (from the upload history).
        order: String,
        /// The return order's own number.
        #[arg(long)]
        code: String,
        /// Barcodes of the lines returned (default: all).
        #[arg(long = "line")]
        lines: Vec<String>,
        #[command(flatten)]
        conn: Conn,
        /// Print the return order without sending it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Connection profiles (the secret is kept in the OS keychain).
    Profile {
        #[command(subcommand)]
        action: ProfileCmd,
    },
    /// Run both APIs locally (the practice environment); prints its URL first.
    Sandbox(sandbox::SandboxArgs),
    /// DM Hub corrections: look up, edit, cancel, refund, delete.
    Deal {
        #[command(flatten)]
        conn: Conn,
        #[command(subcommand)]
        action: DealCmd,
    },
}

/// A file and the mapping that reads it (`validate` and `upload`).
#[derive(clap::Args, Debug)]
struct Input {
    file: PathBuf,
    /// dmhub or mall2030 (default: the mapping's target).
    #[arg(long)]
    target: Option<String>,
    #[arg(long)]
    mapping: PathBuf,
    /// The item file of a two-file export.
    #[arg(long)]
    lines: Option<PathBuf>,
    #[arg(long)]
    sheet: Option<String>,
}

impl Input {
    fn args<'a>(&'a self, now: Option<&'a str>, emit: Option<&'a std::path::Path>) -> commands::ValidateArgs<'a> {
        commands::ValidateArgs { file: &self.file, target: self.target.as_deref(), mapping: &self.mapping, lines: self.lines.as_deref(), sheet: self.sheet.as_deref(), now, emit }
    }
}

#[derive(clap::Args, Debug)]
struct Conn {
    /// A saved connection profile.
    #[arg(long, global = true)]
    profile: Option<String>,
    /// A server root URL; credentials from ORDERDOCK_APP_ID, ORDERDOCK_SECRET, ORDERDOCK_APP_SYSTEM.
    #[arg(long, global = true)]
    endpoint: Option<String>,
}

#[derive(Subcommand, Debug)]
enum ProfileCmd {
    /// Save a profile; the secret is read from ORDERDOCK_SECRET or standard input.
    Add {
        name: String,
        #[arg(long)]
        target: String,
        #[arg(long)]
        base_url: String,
        #[arg(long)]
        app_id: String,
        #[arg(long)]
        app_system: Option<String>,
    },
    List,
    Remove {
        name: String,
    },
    /// Check in plain words whether the credentials work.
    Test {
        name: String,
    },
}

#[derive(Subcommand, Debug)]
enum DealCmd {
    /// The full deal with its state (getDealByOrderNo).
    Get {
        order: String,
    },
    List {
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        rows: Option<u32>,
        #[arg(long)]
        page: Option<u32>,
        #[arg(long)]
        sidx: Option<String>,
        #[arg(long)]
        sord: Option<String>,
    },
    /// Change fields (partial update).
    Update {
        order: String,
        #[arg(long = "set")]
        set: Vec<String>,
        #[arg(long)]
        json_body: Option<PathBuf>,
    },
    Cancel {
        order: String,
        #[arg(long)]
        date: Option<String>,
    },
    Refund {
        order: String,
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        #[arg(long)]
        total: Option<String>,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        date: Option<String>,
    },
    DeleteRefund {
        order: String,
    },
    Delete {
        order: String,
    },
}

/// What a command ends with: an exit status, or a line for stderr and its status.
pub(crate) type Outcome = Result<i32, Failure>;

/// A command that could not do its job: one line for stderr, and the exit status
/// (2 unless said otherwise: the input or the usage is at fault).
#[derive(Debug)]
pub(crate) struct Failure {
    pub code: i32,
    pub message: String,
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure { code: 2, message }
    }
}

/// Run `orderdock` with `args` (the first being the program name). Returns the exit status
/// of CONTRACT.md §1: 0 success, 1 the data has errors, 2 usage error or unreadable input.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let lang = lang_from_args(&args);
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            let _ = write!(out, "{e}");
            return 0;
        }
        Err(e) => {
            let detail = e.to_string();
            let first = detail.lines().next().unwrap_or_default().trim_start_matches("error: ");
            let _ = writeln!(err, "{}", CliText::UsageError(first).message(lang));
            return 2;
        }
    };
    // A bug must still end in one clear line and exit 2, never a backtrace.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(&cli, lang, out)));
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(f)) => {
            let _ = writeln!(err, "{}", f.message.replace('\n', " "));
            f.code
        }
        Err(_) => {
            let _ = writeln!(err, "{}", CliText::InternalError.message(lang));
            2
        }
    }
}

fn dispatch(cli: &Cli, lang: Lang, out: &mut dyn Write) -> Outcome {
    let ctx = commands::Ctx { json: cli.json, lang };
    match &cli.command {
        Command::Inspect { file, sheet } => commands::inspect(&ctx, out, file, sheet.as_deref()),
        Command::Suggest { file, target, lines, platform, sheet } => {
            commands::suggest(&ctx, out, commands::SuggestArgs { file, target, lines: lines.as_deref(), platform: platform.as_deref(), sheet: sheet.as_deref() })
        }
        Command::Validate { input, now, emit } => commands::validate(&ctx, out, input.args(now.as_deref(), emit.as_deref())),
        Command::Fix { input, now, apply, exclude, out: corrected } => fix::fix(&ctx, out, fix::FixArgs { input: input.args(now.as_deref(), None), apply, exclude, out: corrected }),
        Command::Upload { input, conn, dry_run, resume, results, rate_limit } => upload::upload(
            &ctx,
            out,
            upload::UploadArgs { check: input.args(None, None), conn: conn.args(), dry_run: *dry_run, resume: resume.as_deref(), results: results.as_deref(), rate_limit: *rate_limit },
        ),
        Command::Return { order, code, lines, conn, dry_run } => upload::return_order(&ctx, out, upload::ReturnArgs { order_no: order, code, barcodes: lines, conn: conn.args(), dry_run: *dry_run }),
        Command::Profile { action } => match action {
            ProfileCmd::Add { name, target, base_url, app_id, app_system } => profile::add(&ctx, out, profile::AddArgs { name, target, base_url, app_id, app_system: app_system.as_deref() }),
            ProfileCmd::List => profile::list(&ctx, out),
            ProfileCmd::Remove { name } => profile::remove(&ctx, out, name),
            ProfileCmd::Test { name } => profile::test(&ctx, out, name),
        },
        Command::Sandbox(args) => sandbox::run(&ctx, out, args),
        Command::Deal { conn, action } => {
            let action = match action {
                DealCmd::Get { order } => deal::DealAction::Get(order),
                DealCmd::List { customer, rows, page, sidx, sord } => {
                    deal::DealAction::List(orderdock_remote::dmhub::ListQuery { customer_id: customer.clone(), rows: *rows, page: *page, sidx: sidx.clone(), sord: sord.clone() })
                }
                DealCmd::Update { order, set, json_body } => deal::DealAction::Update { order_no: order, sets: set, json_body: json_body.as_deref() },
                DealCmd::Cancel { order, date } => deal::DealAction::Cancel { order_no: order, date: date.as_deref() },
                DealCmd::Refund { order, lines, total, reason, date } => deal::DealAction::Refund { order_no: order, lines, total: total.as_deref(), reason: reason.as_deref(), date: date.as_deref() },
                DealCmd::DeleteRefund { order } => deal::DealAction::DeleteRefund(order),
                DealCmd::Delete { order } => deal::DealAction::Delete(order),
            };
            deal::run(&ctx, out, conn.args(), action)
        }
    }
}

impl Conn {
    fn args(&self) -> upload::ConnArgs<'_> {
        upload::ConnArgs { profile: self.profile.as_deref(), endpoint: self.endpoint.as_deref() }
    }
}

/// The language is needed before parsing succeeds (to word a usage error).
fn lang_from_args(args: &[OsString]) -> Lang {
    let args: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    args.iter()
        .enumerate()
        .find_map(|(i, a)| a.strip_prefix("--lang=").map(str::to_string).or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned().unwrap_or_default())))
        .map(|l| Lang::parse(&l))
        .unwrap_or_default()
}
