//! The `orderdock` command line: parses arguments, calls `orderdock-core`, prints.
//!
//! [`run`] is the whole program with its streams passed in, so tests can run it in-process.
//! Each subcommand lives in [`commands`]; this file only parses and dispatches.

mod commands;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use orderdock_core::messages::Lang;

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
    /// Propose a mapping from the file's header names.
    Suggest {
        file: PathBuf,
        #[arg(long)]
        target: String,
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Check every order against the target's rules.
    Validate {
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
        /// "Now" for the time-window rules, as RFC 3339 (default: the clock).
        #[arg(long)]
        now: Option<String>,
        /// Write the request bodies of the valid orders here, one per line.
        #[arg(long)]
        emit: Option<PathBuf>,
    },
}

/// What a command ends with: an exit status, or an error line for stderr (exit 2).
pub(crate) type Outcome = Result<i32, String>;

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
            let _ = writeln!(err, "{}", lang.pick(&format!("命令用法有误：{first}（运行 orderdock --help 查看用法）"), &format!("Usage error: {first} (run orderdock --help)")));
            return 2;
        }
    };
    // A bug must still end in one clear line and exit 2, never a backtrace.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(&cli, lang, out)));
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(line)) => {
            let _ = writeln!(err, "{line}");
            2
        }
        Err(_) => {
            let _ = writeln!(err, "{}", lang.pick("内部错误：程序出了问题，请把这个文件发给我们以便修复", "Internal error: please send us this file so we can fix it"));
            2
        }
    }
}

fn dispatch(cli: &Cli, lang: Lang, out: &mut dyn Write) -> Outcome {
    let ctx = commands::Ctx { json: cli.json, lang };
    match &cli.command {
        Command::Inspect { file, sheet } => commands::inspect(&ctx, out, file, sheet.as_deref()),
        Command::Suggest { file, target, sheet } => commands::suggest(&ctx, out, file, target, sheet.as_deref()),
        Command::Validate { file, target, mapping, lines, sheet, now, emit } => commands::validate(
            &ctx,
            out,
            commands::ValidateArgs { file, target: target.as_deref(), mapping, lines: lines.as_deref(), sheet: sheet.as_deref(), now: now.as_deref(), emit: emit.as_deref() },
        ),
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
