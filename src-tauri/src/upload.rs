//! Uploads: journal a job from the session's valid orders, run `orderdock_remote::engine`
//! on the async runtime, report `upload-progress` / `upload-finished` events, and pause,
//! resume or cancel it through the engine's `watch` control. Jobs left unfinished (the app
//! was closed, the network failed) are listed and continued from the journal.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use orderdock_core::fields::Target;
use orderdock_core::mapping::{Mapping, MappingDoc};
use orderdock_core::messages::Lang;
use orderdock_core::payload::OrderBody;
use orderdock_document::Document;
use orderdock_remote::engine::{Control, Event, Options, Progress};
use orderdock_remote::jobs::{self, Job, Orders, Pace, Speed};
use orderdock_remote::journal::{self, State as OrderState};
use orderdock_remote::results;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tracing::instrument;

use crate::error::{Error, Result, err};
use crate::mapping::{parse_mapping, parse_target};
use crate::preview::{blocking, prepare, session};
use crate::profiles::{Connection, connect, connection_for};
use crate::state::{AppState, lock};
use orderdock_core::messages::AppText;

/// Progress events at most this often (a fast server answers hundreds of deals a second).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

#[derive(Debug, Serialize, specta::Type)]
pub struct JobId {
    job: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProgressEvent {
    job: String,
    total: usize,
    done: usize,
    sent: usize,
    accepted: usize,
    already_uploaded: usize,
    rejected: usize,
    orders_per_second: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    seconds_left: Option<u64>,
}

/// The final counts, named as in the CLI's summary line.
#[derive(Debug, Clone, Serialize, specta::Type)]
struct UploadSummary {
    job: String,
    sent: usize,
    accepted: usize,
    already_uploaded: usize,
    rejected: usize,
    skipped_invalid: usize,
    pending: usize,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub(crate) struct Finished {
    job: String,
    summary: UploadSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl ProgressEvent {
    fn of(p: Progress, speed: Speed) -> ProgressEvent {
        ProgressEvent {
            job: p.job,
            total: p.total,
            done: p.done,
            sent: p.sent,
            accepted: p.accepted,
            already_uploaded: p.already_uploaded,
            rejected: p.rejected,
            orders_per_second: speed.orders_per_second,
            seconds_left: speed.seconds_left,
        }
    }
}

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobResult {
    order_no: String,
    shop: String,
    state: OrderState,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    attempts: u32,
}

#[derive(Debug, Serialize, specta::Type)]
pub struct UnfinishedJob {
    job: String,
    created: String,
    file: String,
    target: String,
    pending: usize,
}

/// Run `job` in the background until it ends, emitting events to the window.
pub(crate) fn launch<R: Runtime>(app: &AppHandle<R>, job: Job, skipped_invalid: usize) -> JobId {
    let id = job.id.clone();
    lock(&app.state::<AppState>().jobs).insert(id.clone(), job.control());
    let app = app.clone();
    let job_id = JobId { job: id.clone() };
    tauri::async_runtime::spawn(async move {
        let options = Options { lang: app.state::<AppState>().lang(), ..Options::for_target(job.target()) };
        let pace = Mutex::new(Pace::new(Instant::now(), PROGRESS_EVERY));
        let emitter = app.clone();
        let on_event = move |e: Event| {
            if let Event::Progress(p) = e
                && let Some(speed) = lock(&pace).report(&p, Instant::now())
            {
                let _ = emitter.emit("upload-progress", ProgressEvent::of(p, speed));
            }
        };
        let outcome = job.run(&options, &on_event).await;
        let state = app.state::<AppState>();
        lock(&state.jobs).remove(&id);
        let lang = state.lang();
        let summary =
            |p: &Progress, pending| UploadSummary { job: id.clone(), sent: p.sent, accepted: p.accepted, already_uploaded: p.already_uploaded, rejected: p.rejected, skipped_invalid, pending };
        let finished = match outcome {
            Ok(o) => Finished { job: id.clone(), summary: summary(&o.progress, o.pending), error: o.error.map(|e| e.message(lang)) },
            Err(e) => Finished { job: id.clone(), summary: summary(&Progress::default(), 0), error: Some(e.to_string()) },
        };
        let _ = app.emit("upload-finished", finished);
    });
    job_id
}

/// Connect, then start `orders` (credentials proved before anything is journaled) and run them.
pub async fn start<R: Runtime>(app: &AppHandle<R>, state: &AppState, target: Target, conn: &Connection, orders: Orders<'_>, skipped_invalid: usize) -> Result<JobId> {
    let (client, destination) = connect(state, target, conn).await?;
    let job = jobs::start(state.journal()?, client, &destination, orders).await.map_err(err(state.lang()))?;
    Ok(launch(app, job, skipped_invalid))
}

fn control(state: &AppState, job: &str, c: Control) -> Result<()> {
    let jobs = lock(&state.jobs);
    let tx = jobs.get(job).ok_or_else(|| Error::app(state.lang(), AppText::JobNotRunning))?;
    tx.send(c).map_err(|_| Error::app(state.lang(), AppText::JobEnded))
}

/// The bodies of the open file's valid orders as they read now (validated with `mapping`
/// first, if given), and how many orders are left out as invalid. Needs the whole file.
async fn bodies_now(lang: Lang, handle: Arc<Mutex<Document>>, mapping: Option<Mapping>) -> Result<(Vec<OrderBody>, usize)> {
    blocking(move || {
        let mut f = lock(&handle);
        f.whole().map_err(err(lang))?;
        if let Some(m) = &mapping {
            prepare(lang, &mut f, m)?;
        }
        Ok(session(lang, &mut f)?.upload_bodies(Utc::now()))
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(app, state, mapping), err(Debug))]
pub async fn start_upload<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, file_id: String, mapping: MappingDoc, connection: Connection) -> Result<JobId> {
    let lang = state.lang();
    let mapping = parse_mapping(lang, &mapping)?;
    let target = mapping.target;
    let handle = state.file(&file_id)?;
    let file = lock(&handle).path.display().to_string();
    let (orders, skipped) = bodies_now(lang, handle, Some(mapping)).await?;
    if orders.is_empty() {
        return Err(Error::app(lang, AppText::NothingToUpload));
    }
    start(&app, &state, target, &connection, Orders::New { file: &file, bodies: &orders }, skipped).await
}

#[tauri::command]
#[specta::specta]
pub fn pause_upload(state: State<'_, AppState>, job: String) -> Result<()> {
    control(&state, &job, Control::Pause)
}

#[tauri::command]
#[specta::specta]
pub fn resume_upload(state: State<'_, AppState>, job: String) -> Result<()> {
    control(&state, &job, Control::Run)
}

#[tauri::command]
#[specta::specta]
pub fn cancel_upload(state: State<'_, AppState>, job: String) -> Result<()> {
    control(&state, &job, Control::Cancel)
}

#[tauri::command]
#[specta::specta]
pub fn job_results(state: State<'_, AppState>, job: String) -> Result<Vec<JobResult>> {
    let orders = state.journal()?.orders(&job).map_err(err(state.lang()))?;
    let lang = state.lang();
    Ok(orders.into_iter().map(|o| JobResult { reason: o.reason_text(lang), order_no: o.order_no, shop: o.shop, state: o.state, attempts: o.attempts }).collect())
}

/// A new job with the refused orders of `job`, sent with the same payloads to the same account.
#[tauri::command]
#[specta::specta]
#[instrument(skip(app, state), err(Debug))]
pub async fn retry_failed<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, job: String, file_id: Option<String>) -> Result<JobId> {
    let lang = state.lang();
    let journal = state.journal()?;
    let info = journal.job(&job).map_err(err(lang))?;
    let target = parse_target(lang, &info.target)?;
    // With the job's file still open, each refused order goes out as the merchant has
    // corrected it; a job of another file (resumed from an earlier run) resends as sent.
    let handle = of_job(file_id.map(|id| state.file(&id)).transpose()?, &info.file);
    let current = match handle {
        Some(handle) => Some(bodies_now(lang, handle, None).await?.0),
        None => None,
    };
    let (again, still_wrong) = journal::refused(journal.orders(&job).map_err(err(lang))?, current);
    if again.is_empty() {
        return Err(match still_wrong {
            0 => Error::app(lang, AppText::NothingRefused),
            _ => Error::app(lang, AppText::RefusedStillWrong),
        });
    }
    let conn = connection_for(&info.destination, target).ok_or_else(|| Error::app(lang, AppText::ConnectionGone))?;
    start(&app, &state, target, &conn, Orders::New { file: &info.file, bodies: &again }, still_wrong).await
}

/// `handle` when it is the file a job was made from (the journal names it by its path).
fn of_job(handle: Option<Arc<Mutex<Document>>>, job_file: &str) -> Option<Arc<Mutex<Document>>> {
    handle.filter(|h| lock(h).path.display().to_string() == job_file)
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub fn export_results(state: State<'_, AppState>, job: String, path: PathBuf) -> Result<()> {
    let lang = state.lang();
    let journal = state.journal()?;
    let orders = journal.orders(&job).map_err(err(lang))?;
    // The file's orders that were not sent, when the job's file is the one open (with its session).
    let file = journal.job(&job).map_err(err(lang))?.file;
    let (excluded, held_back) = of_job(state.open_now(), &file).and_then(|handle| session(lang, &mut lock(&handle)).ok().map(|s| (s.excluded(), s.held_back()))).unwrap_or_default();
    results::write(&path, &orders, results::NotSent { excluded: &excluded, held_back: &held_back }, lang).map_err(|e| Error::app(lang, AppText::CannotWrite(&path.display().to_string(), &e)))
}

/// Jobs of earlier runs that still have orders to send (not those running now).
#[tauri::command]
#[specta::specta]
pub fn unfinished_jobs(state: State<'_, AppState>) -> Result<Vec<UnfinishedJob>> {
    let lang = state.lang();
    let journal = state.journal()?;
    let running: Vec<String> = lock(&state.jobs).keys().cloned().collect();
    let mut out = Vec::new();
    for j in journal.unfinished_jobs().map_err(err(lang))?.into_iter().filter(|j| !running.contains(&j.id)) {
        let pending = journal.orders(&j.id).map_err(err(lang))?.iter().filter(|o| !o.state.is_final()).count();
        out.push(UnfinishedJob { job: j.id, created: j.created, file: j.file, target: j.target, pending });
    }
    Ok(out)
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(app, state), err(Debug))]
pub async fn continue_job<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, job: String, connection: Connection) -> Result<JobId> {
    let lang = state.lang();
    if lock(&state.jobs).contains_key(&job) {
        return Err(Error::app(lang, AppText::JobAlreadyRunning));
    }
    let target = parse_target(lang, &state.journal()?.job(&job).map_err(err(lang))?.target)?;
    start(&app, &state, target, &connection, Orders::Continue(&job), 0).await
}
