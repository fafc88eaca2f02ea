//! Starting an upload job, one way for both faces (the `orderdock` command line and the
//! app): the credentials are proved before anything is journaled, and a journaled job is
//! only continued on the account it was made for. Each face then runs the [`Job`] with its
//! own way of showing events, and pauses or cancels it through [`Job::control`].
//! [`retry`] plans a new job of a finished job's refused orders, and [`Outcome::summary`]
//! gives a run's final counts as both faces report them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use orderdock_core::fields::Target;
use orderdock_core::mapping::MappingError;
use orderdock_core::messages::{AppText, Lang};
use orderdock_core::payload::OrderBody;
use tokio::sync::watch;

use crate::engine::{self, Client, Control, EngineError, Event, Options, Outcome, Progress};
use crate::error::RemoteError;
use crate::journal::{self, JobInfo, Journal, JournalError};

pub use orderdock_core::messages::UploadSummary;

/// What a job sends.
pub enum Orders<'a> {
    /// A new job of `bodies`, named by the `file` they were read from.
    New { file: &'a str, bodies: &'a [OrderBody] },
    /// A journaled job, continued where it stopped.
    Continue(&'a str),
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Remote(#[from] RemoteError),
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// The job was journaled for another account than the one connected.
    #[error("job {0} was for another account")]
    AnotherAccount(String),
}

impl StartError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            StartError::Remote(e) => e.message(lang),
            StartError::Journal(e) => e.message(lang),
            StartError::AnotherAccount(job) => AppText::JobForAnotherAccount(job).message(lang),
        }
    }
}

/// A journaled job whose credentials were accepted, ready to run.
pub struct Job {
    pub id: String,
    journal: Arc<Journal>,
    client: Arc<Client>,
    control: watch::Sender<Control>,
    /// Held from the start, so that a pause or a cancel sent before the run begins counts.
    control_rx: watch::Receiver<Control>,
}

/// Journal `orders` for the account `destination` (the identity `client` reaches), or
/// check that a job being continued was made for it.
pub async fn start(journal: Arc<Journal>, client: Client, destination: &str, orders: Orders<'_>) -> Result<Job, StartError> {
    if let Orders::Continue(id) = orders
        && journal.job(id)?.destination != destination
    {
        return Err(StartError::AnotherAccount(id.to_string()));
    }
    // A wrong secret fails here, before anything is journaled.
    client.check_credentials().await?;
    let id = match orders {
        Orders::New { file, bodies } => journal.create_job(client.target().id(), destination, file, bodies)?,
        Orders::Continue(id) => id.to_string(),
    };
    let (control, control_rx) = watch::channel(Control::Run);
    Ok(Job { id, journal, client: Arc::new(client), control, control_rx })
}

impl Job {
    pub fn target(&self) -> Target {
        self.client.target()
    }

    /// Pauses, resumes or cancels the run, from another task.
    pub fn control(&self) -> watch::Sender<Control> {
        self.control.clone()
    }

    /// Send the job's orders until each has a final state, or the run is stopped.
    pub async fn run(self, options: &Options, on_event: &(dyn Fn(Event) + Send + Sync)) -> Result<Outcome, EngineError> {
        engine::run(self.journal, self.client, &self.id, options, self.control_rx, on_event).await
    }
}

/// A new job of a job's refused orders, to the same account (see [`retry`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Retry {
    pub target: Target,
    /// The file the job was made from: the new job is named by it too.
    pub file: String,
    /// The account the job was sent to, where the new one goes.
    pub destination: String,
    pub bodies: Vec<OrderBody>,
    /// Refused orders left out: still wrong in the file (or gone from it), or damaged in
    /// the journal. The new job's summary counts them as skipped.
    pub still_wrong: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum RetryError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// The journal names a target this version does not know.
    #[error("unknown target {0}")]
    UnknownTarget(String),
    #[error("no order was refused")]
    NothingRefused,
    /// Every refused order is still wrong in the file.
    #[error("the refused orders are still wrong")]
    StillWrong,
}

impl RetryError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            RetryError::Journal(e) => e.message(lang),
            RetryError::UnknownTarget(id) => MappingError::UnknownTarget(id.clone()).message(lang),
            RetryError::NothingRefused => AppText::NothingRefused.message(lang),
            RetryError::StillWrong => AppText::RefusedStillWrong.message(lang),
        }
    }
}

/// What retrying `job` sends: its refused orders, each as it reads now in `current` (the
/// bodies of the job's file, corrected by the merchant) when that file is open, else as it
/// was sent. An error when there is nothing to send.
pub fn retry(journal: &Journal, job: JobInfo, current: Option<Vec<OrderBody>>) -> Result<Retry, RetryError> {
    let target = Target::parse(&job.target).ok_or_else(|| RetryError::UnknownTarget(job.target.clone()))?;
    let (bodies, still_wrong) = journal::refused(journal.orders(&job.id)?, current);
    match (bodies.is_empty(), still_wrong) {
        (true, 0) => Err(RetryError::NothingRefused),
        (true, _) => Err(RetryError::StillWrong),
        (false, _) => Ok(Retry { target, file: job.file, destination: job.destination, bodies, still_wrong }),
    }
}

/// How fast a run goes, from its first progress report (a continued job's earlier orders do
/// not count), reported at most once per `every` (a fast server answers hundreds of deals a
/// second) and always at the end.
pub struct Pace {
    started: Instant,
    every: Duration,
    done_at_start: Option<usize>,
    last_report: Option<Instant>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Speed {
    /// To one decimal.
    pub orders_per_second: f64,
    /// None until some order is done.
    pub seconds_left: Option<u64>,
}

impl Pace {
    pub fn new(started: Instant, every: Duration) -> Pace {
        Pace { started, every, done_at_start: None, last_report: None }
    }

    /// The speed to report with `p` at `now`, or none while the last report is too recent.
    pub fn report(&mut self, p: &Progress, now: Instant) -> Option<Speed> {
        let base = *self.done_at_start.get_or_insert(p.done);
        let finished = p.done >= p.total;
        if !finished && self.last_report.is_some_and(|t| now.duration_since(t) < self.every) {
            return None;
        }
        self.last_report = Some(now);
        let secs = now.duration_since(self.started).as_secs_f64();
        let rate = if secs > 0.0 { (p.done - base) as f64 / secs } else { 0.0 };
        let seconds_left = (rate > 0.0).then(|| ((p.total - p.done) as f64 / rate).ceil() as u64);
        Some(Speed { orders_per_second: (rate * 10.0).round() / 10.0, seconds_left })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{NewOrder, State};
    use serde_json::json;

    fn order(no: &str, body: serde_json::Value) -> NewOrder {
        NewOrder { order_no: no.into(), shop: "S".into(), body }
    }

    /// A journal with one job of `states`' orders (A, B, …), each answered so.
    fn job_with(states: &[State]) -> (tempfile::TempDir, Journal, JobInfo) {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(&dir.path().join("j.sqlite")).unwrap();
        let nos: Vec<String> = (0..states.len()).map(|i| char::from(b'A' + i as u8).to_string()).collect();
        let orders: Vec<NewOrder> = nos.iter().map(|no| order(no, json!({ "Code": no }))).collect();
        let id = j.create_job("mall2030", "acct", "f.xlsx", &orders).unwrap();
        let seqs: Vec<i64> = (0..states.len() as i64).collect();
        j.mark_in_flight(&id, &seqs).unwrap();
        j.finish(&id, &states.iter().enumerate().map(|(i, s)| (i as i64, *s, None)).collect::<Vec<_>>()).unwrap();
        let info = j.job(&id).unwrap();
        (dir, j, info)
    }

    #[test]
    fn a_retry_sends_the_refused_orders_as_they_now_read_to_the_same_account() {
        let (_dir, j, info) = job_with(&[State::Accepted, State::Rejected, State::Rejected]);
        let plan = retry(&j, info.clone(), None).unwrap();
        assert_eq!((plan.target, plan.file.as_str(), plan.destination.as_str()), (Target::Mall2030, "f.xlsx", "acct"));
        assert_eq!(plan.bodies, [order("B", json!({"Code": "B"})), order("C", json!({"Code": "C"}))]);
        assert_eq!(plan.still_wrong, 0);
        // With the file open: B was corrected there; C still has an error (no body).
        let fixed = order("B", json!({"Code": "B", "fixed": true}));
        let plan = retry(&j, info, Some(vec![order("A", json!({"Code": "A"})), fixed.clone()])).unwrap();
        assert_eq!((plan.bodies, plan.still_wrong), (vec![fixed], 1));
    }

    #[test]
    fn nothing_refused_and_all_still_wrong_are_told_apart() {
        let (_dir, j, info) = job_with(&[State::Accepted, State::AlreadyUploaded]);
        assert!(matches!(retry(&j, info, None), Err(RetryError::NothingRefused)));
        let (_dir, j, info) = job_with(&[State::Accepted, State::Rejected]);
        let err = retry(&j, info, Some(vec![order("A", json!({"Code": "A"}))])).unwrap_err();
        assert!(matches!(err, RetryError::StillWrong), "{err:?}");
        assert!(err.message(Lang::En).contains("still have errors"));
    }

    #[test]
    fn the_pace_counts_this_run_only_and_reports_at_most_so_often() {
        let t0 = Instant::now();
        let mut pace = Pace::new(t0, Duration::from_millis(100));
        let at = |done| Progress { total: 100, done, ..Progress::default() };
        // Continued with 40 done before: those do not make the run look fast.
        assert_eq!(pace.report(&at(40), t0), Some(Speed { orders_per_second: 0.0, seconds_left: None }));
        assert_eq!(pace.report(&at(45), t0 + Duration::from_millis(50)), None, "too soon");
        assert_eq!(pace.report(&at(60), t0 + Duration::from_secs(2)), Some(Speed { orders_per_second: 10.0, seconds_left: Some(4) }));
        assert!(pace.report(&at(100), t0 + Duration::from_millis(2010)).is_some(), "the end is always reported");
    }
}
