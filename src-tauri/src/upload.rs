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
use orderdock_remote::jobs::{self, Job, Orders, Pace, Speed, UploadSummary};
use orderdock_remote::journal::State as OrderState;
use orderdock_remote::results::{self, NotSent};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tracing::instrument;

use crate::error::{Error, Result, err};
use crate::mapping::{parse_mapping, parse_target};
use crate::preview::{blocking, session};
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
        let finished = match outcome {
            Ok(o) => Finished { job: id.clone(), summary: o.summary(skipped_invalid), error: o.error.map(|e| e.message(lang)) },
            Err(e) => Finished { job: id.clone(), summary: UploadSummary { job: id.clone(), skipped_invalid, ..UploadSummary::default() }, error: Some(e.message(lang)) },
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

/// `Document::upload_bodies` off the async runtime (it needs the whole file).
async fn bodies_now(lang: Lang, handle: Arc<Mutex<Document>>, mapping: Option<Mapping>) -> Result<(Vec<OrderBody>, usize)> {
    blocking(move || lock(&handle).upload_bodies(mapping.as_ref(), lang, Utc::now()).map_err(err(lang))).await
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
    // With the job's file still open, each refused order goes out as the merchant has
    // corrected it; a job of another file (resumed from an earlier run) resends as sent.
    let current = match of_job(file_id.map(|id| state.file(&id)).transpose()?, &info.file) {
        Some(handle) => Some(bodies_now(lang, handle, None).await?.0),
        None => None,
    };
    let plan = jobs::retry(&journal, info, current).map_err(err(lang))?;
    let conn = connection_for(&plan.destination, plan.target).ok_or_else(|| Error::app(lang, AppText::ConnectionGone))?;
    start(&app, &state, plan.target, &conn, Orders::New { file: &plan.file, bodies: &plan.bodies }, plan.still_wrong).await
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
    let open = state.open_now();
    let not_sent = |file: &str| of_job(open, file).and_then(|handle| session(lang, &mut lock(&handle)).ok().map(|s| NotSent::of(s)));
    results::export(&*state.journal()?, &job, &path, lang, not_sent).map_err(err(lang))
}

/// Jobs of earlier runs that still have orders to send (not those running now).
#[tauri::command]
#[specta::specta]
pub fn unfinished_jobs(state: State<'_, AppState>) -> Result<Vec<UnfinishedJob>> {
    let unfinished = state.journal()?.unfinished_jobs().map_err(err(state.lang()))?;
    let running = lock(&state.jobs);
    Ok(unfinished
        .into_iter()
        .filter(|u| !running.contains_key(&u.job.id))
        .map(|u| UnfinishedJob { job: u.job.id, created: u.job.created, file: u.job.file, target: u.job.target, pending: u.pending })
        .collect())
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
