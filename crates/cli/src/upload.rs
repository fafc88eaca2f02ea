//! `orderdock upload` and `orderdock return`: validate, journal, send, report.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use orderdock_core::fields::Target;
use orderdock_core::messages::CliText;
use orderdock_remote::engine::{Client, Control, Event, Options};
use orderdock_remote::jobs::{self, Job, Orders, UploadSummary};
use orderdock_remote::journal::{Journal, State};
use orderdock_remote::profiles::{self, Profiles};
use orderdock_remote::{RemoteError, results, returns};
use serde::Serialize;
use tokio::sync::mpsc;

use crate::Outcome;
use crate::commands::{Ctx, ValidateArgs, check, print_report};

/// Where to send: a saved profile, or a URL with credentials from the environment.
pub(crate) struct ConnArgs<'a> {
    pub profile: Option<&'a str>,
    pub endpoint: Option<&'a str>,
}

/// A client and the identity of the account it reaches (what the journal keys history by).
pub(crate) fn connect(ctx: &Ctx, target: Target, c: &ConnArgs) -> Result<(Client, String), String> {
    match (c.profile, c.endpoint) {
        (Some(name), None) => Profiles::open_default().connect(name, target).map_err(|e| e.message(ctx.lang)),
        (None, Some(url)) => {
            let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
            let missing = |name: &str| CliText::EndpointNeedsVar(name).message(ctx.lang);
            let app_id = var("ORDERDOCK_APP_ID").ok_or_else(|| missing("ORDERDOCK_APP_ID"))?;
            let secret = var("ORDERDOCK_SECRET").ok_or_else(|| missing("ORDERDOCK_SECRET"))?;
            let app_system = match target {
                Target::Mall2030 => var("ORDERDOCK_APP_SYSTEM").ok_or_else(|| missing("ORDERDOCK_APP_SYSTEM"))?,
                Target::Dmhub => String::new(),
            };
            let client = profiles::connect(target, url, &app_id, &secret, &app_system).map_err(|e| e.message(ctx.lang))?;
            Ok((client, profiles::destination(target, url, &app_id, &app_system)))
        }
        _ => Err(CliText::ProfileOrEndpoint.message(ctx.lang)),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(|e| e.to_string())
}

fn open_journal(ctx: &Ctx) -> Result<Journal, String> {
    let path = Journal::default_path();
    Journal::open(&path).map_err(|e| CliText::JournalUnopened(&path.display().to_string(), &e.message(ctx.lang)).message(ctx.lang))
}

/// Errors that stop a job before it can finish (a wrong secret above all): exit 2, not 1.
fn fatal(e: &RemoteError) -> bool {
    matches!(e, RemoteError::Credentials(_) | RemoteError::Config(_) | RemoteError::ClockSkew)
}

pub(crate) struct UploadArgs<'a> {
    pub check: ValidateArgs<'a>,
    pub conn: ConnArgs<'a>,
    pub dry_run: bool,
    pub resume: Option<&'a str>,
    pub results: Option<&'a Path>,
    pub rate_limit: u32,
}

pub(crate) fn upload(ctx: &Ctx, out: &mut dyn Write, a: UploadArgs) -> Outcome {
    let checked = check(ctx, &a.check)?;
    if a.dry_run {
        return print_report(ctx, out, &checked.report);
    }
    let target = checked.binding.target;
    let skipped_invalid = checked.report.orders - checked.report.valid_orders;
    let (client, destination) = connect(ctx, target, &a.conn)?;
    let rt = runtime()?;
    let journal = Arc::new(open_journal(ctx)?);
    let (file, bodies) = (a.check.file.display().to_string(), if a.resume.is_none() { checked.bodies() } else { Vec::new() });
    let orders = match a.resume {
        Some(id) => Orders::Continue(id),
        None => Orders::New { file: &file, bodies: &bodies },
    };
    let job = rt.block_on(jobs::start(journal.clone(), client, &destination, orders)).map_err(|e| e.message(ctx.lang))?;
    let id = job.id.clone();
    let options = Options { rate_limit: a.rate_limit, lang: ctx.lang, ..Options::for_target(target) };
    let summary = send(ctx, out, &rt, job, skipped_invalid, &options)?;
    if let Some(path) = a.results {
        // The command line leaves no order out on purpose: `orderdock fix --exclude` writes a file without them.
        results::export(&journal, &id, path, ctx.lang, |_| None).map_err(|e| e.message(ctx.lang))?;
    }
    Ok(summary)
}

/// `--json`'s last line: the summary's counts as an event, with the error that stopped the job.
#[derive(Serialize)]
struct SummaryLine<'a> {
    event: &'static str,
    #[serde(flatten)]
    summary: &'a UploadSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// Run `job`, printing events; returns the exit status.
fn send(ctx: &Ctx, out: &mut dyn Write, rt: &tokio::runtime::Runtime, job: Job, skipped_invalid: usize, options: &Options) -> Outcome {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let control = job.control();
    let id = job.id.clone();
    let outcome = rt.block_on(async {
        // Ctrl-C stops cleanly: in-flight answers are recorded, the job can be resumed.
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                let _ = control.send(Control::Cancel);
            }
        });
        let on_event = move |e: Event| {
            let _ = tx.send(e);
        };
        let run = job.run(options, &on_event);
        tokio::pin!(run);
        let mut last_line = std::time::Instant::now();
        loop {
            tokio::select! {
                result = &mut run => {
                    while let Ok(e) = rx.try_recv() {
                        print_event(ctx, out, &e, &mut last_line, true);
                    }
                    return result;
                }
                Some(e) = rx.recv() => print_event(ctx, out, &e, &mut last_line, false),
            }
        }
    });
    let outcome = outcome.map_err(|e| e.message(ctx.lang))?;
    let summary = outcome.summary(skipped_invalid);
    let error = outcome.error.as_ref().map(|e| e.message(ctx.lang) + &CliText::ResumeWith(&id).message(ctx.lang));
    if ctx.json {
        let line = SummaryLine { event: "summary", summary: &summary, error: error.as_deref() };
        let _ = writeln!(out, "{}", serde_json::to_string(&line).unwrap_or_default());
    } else {
        let text = CliText::JobSummary(&summary).message(ctx.lang);
        let _ = writeln!(out, "{text}{}", error.as_deref().map(|e| format!("\n{e}")).unwrap_or_default());
    }
    match (&outcome.error, error) {
        (Some(e), Some(message)) if fatal(e) => Err(message.into()),
        _ => Ok(if summary.rejected == 0 && summary.pending == 0 && skipped_invalid == 0 { 0 } else { 1 }),
    }
}

fn print_event(ctx: &Ctx, out: &mut dyn Write, e: &Event, last: &mut std::time::Instant, force: bool) {
    if ctx.json {
        let _ = writeln!(out, "{}", serde_json::to_string(e).unwrap_or_default());
        return;
    }
    match e {
        Event::Order { order_no, state: State::Rejected, reason } => {
            let _ = writeln!(out, "{}", CliText::OrderRefused(order_no, reason.as_deref().unwrap_or_default()).message(ctx.lang));
        }
        Event::Progress(p) if force || last.elapsed().as_secs() >= 1 => {
            *last = std::time::Instant::now();
            let _ = writeln!(out, "{}", CliText::Progress(p.done, p.total).message(ctx.lang));
        }
        _ => {}
    }
}

pub(crate) struct ReturnArgs<'a> {
    pub order_no: &'a str,
    pub code: &'a str,
    pub barcodes: &'a [String],
    pub conn: ConnArgs<'a>,
    pub dry_run: bool,
}

/// Build a 2030 return of an order from the upload history, and upload it.
pub(crate) fn return_order(ctx: &Ctx, out: &mut dyn Write, a: ReturnArgs) -> Outcome {
    let journal = Arc::new(open_journal(ctx)?);
    let order = returns::build(&journal, a.order_no, a.code, a.barcodes, chrono::Utc::now()).map_err(|e| e.message(ctx.lang))?;
    if a.dry_run {
        let _ = writeln!(out, "{}", order.body);
        return Ok(0);
    }
    let (client, destination) = connect(ctx, Target::Mall2030, &a.conn)?;
    let rt = runtime()?;
    let job = rt.block_on(returns::start(journal, client, &destination, a.order_no, order)).map_err(|e| e.message(ctx.lang))?;
    send(ctx, out, &rt, job, 0, &Options { lang: ctx.lang, ..Options::for_target(Target::Mall2030) })
}
