//! Starting an upload job, one way for both faces (the `orderdock` command line and the
//! app): the credentials are proved before anything is journaled, and a journaled job is
//! only continued on the account it was made for. Each face then runs the [`Job`] with its
//! own way of showing events, and pauses or cancels it through [`Job::control`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use orderdock_core::fields::Target;
use orderdock_core::messages::{AppText, Lang};
use orderdock_core::payload::OrderBody;
use tokio::sync::watch;

use crate::engine::{self, Client, Control, EngineError, Event, Options, Outcome, Progress};
use crate::error::RemoteError;
use crate::journal::{Journal, JournalError};

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
