//! Starting an upload job, one way for both faces (the `orderdock` command line and the
//! app): the credentials are proved before anything is journaled, and a journaled job is
//! only continued on the account it was made for. Each face then runs the [`Job`] with its
//! own way of showing events, and pauses or cancels it through [`Job::control`].

use std::sync::Arc;

use orderdock_core::fields::Target;
use orderdock_core::messages::{AppText, Lang};
use orderdock_core::payload::OrderBody;
use tokio::sync::watch;

use crate::engine::{self, Client, Control, EngineError, Event, Options, Outcome};
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
