//! The upload engine: sends a journaled job's orders until each has a final state.
//!
//! One loop serves both targets. 2030 sends batches of ≤ 100 orders of one ShopCode under
//! the rate limit; DM Hub sends one deal per request with bounded concurrency. Every state
//! change is written to the journal before it is acted on. A refused batch is split in
//! halves until the refused orders stand alone, so the others still go through; 2102 means
//! "already uploaded". Timeouts, dropped connections, 5xx, throttling, answers that are
//! empty, HTML or cut off, and a DM Hub token refused even after a refresh are retried with
//! back-off, whichever call (the token fetch included) met them; anything else — refused
//! credentials above all — stops the job, which can be resumed. No call is ever made with
//! an empty batch.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use orderdock_core::fields::Target;
use orderdock_core::messages::{Lang, UploadSummary};
use serde::Serialize;
use serde_json::Value;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::dmhub::DmHub;
use crate::error::RemoteError;
use crate::journal::{JobOrder, Journal, JournalError, State};
use crate::mall2030::Mall2030;
use crate::retry::{RateLimiter, backoff};

/// A connected client of either target.
pub enum Client {
    Dmhub(DmHub),
    Mall2030(Mall2030),
}

impl Client {
    pub fn target(&self) -> Target {
        match self {
            Client::Dmhub(_) => Target::Dmhub,
            Client::Mall2030(_) => Target::Mall2030,
        }
    }

    /// Send one batch (one deal for DM Hub); an empty batch is never sent.
    async fn send(&self, batch: &[Value]) -> Result<(), RemoteError> {
        match self {
            Client::Dmhub(c) => c.create_deal(batch.first().ok_or(RemoteError::EmptyBatch)?).await.map(|_| ()),
            Client::Mall2030(c) => c.add_orders(batch).await.map(|_| ()),
        }
    }

    /// Prove the credentials work as far as the API allows (DM Hub: fetch a token; 2030,
    /// which has no such call: check they are all given, the first batch proves them),
    /// retrying a few times when the server or the network fails.
    pub async fn check_credentials(&self) -> Result<(), RemoteError> {
        let mut attempt = 0;
        loop {
            let result = match self {
                Client::Dmhub(c) => c.check_credentials().await,
                Client::Mall2030(c) => c.check_credentials().await,
            };
            attempt += 1;
            match result {
                Err(e) if e.is_retryable() && attempt < 5 => tokio::time::sleep(backoff(attempt, Duration::from_millis(200), Duration::from_secs(3))).await,
                other => return other,
            }
        }
    }
}

/// How hard to push.
#[derive(Debug, Clone)]
pub struct Options {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// 2030 calls per second (the server's limit).
    pub rate_limit: u32,
    /// Attempts per batch for retryable failures before the job stops (resumable).
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The language of the reasons the engine writes itself (a journal row that cannot be read).
    pub lang: Lang,
}

impl Options {
    pub fn for_target(target: Target) -> Options {
        Options {
            // 2030 is bound by its rate limit, not by latency: two calls in flight keep up with
            // ten a second and leave at most two batches uncertain after a crash.
            concurrency: if target == Target::Dmhub { 8 } else { 2 },
            rate_limit: 10,
            max_attempts: 10,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(15),
            lang: Lang::Zh,
        }
    }
}

/// Pause, resume (Run) or cancel a running job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Run,
    Pause,
    Cancel,
}

/// Where a job stands; sent after every answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Progress {
    pub job: String,
    pub total: usize,
    pub done: usize,
    /// Orders transmitted at least once in this run.
    pub sent: usize,
    pub accepted: usize,
    pub already_uploaded: usize,
    pub rejected: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Progress(Progress),
    /// An order reached a final state.
    Order {
        order_no: String,
        state: State,
        reason: Option<String>,
    },
    /// A retryable failure; the batch will be sent again after `delay_ms`.
    Retry {
        orders: usize,
        attempt: u32,
        delay_ms: u64,
        error: String,
    },
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub progress: Progress,
    /// Orders left without a final state (cancelled, or stopped by `error`).
    pub pending: usize,
    pub cancelled: bool,
    pub error: Option<RemoteError>,
}

impl Outcome {
    /// The run's counts as both faces report its end; `skipped_invalid` orders of the file
    /// were never journaled.
    pub fn summary(&self, skipped_invalid: usize) -> UploadSummary {
        let p = &self.progress;
        UploadSummary { job: p.job.clone(), sent: p.sent, accepted: p.accepted, already_uploaded: p.already_uploaded, rejected: p.rejected, skipped_invalid, pending: self.pending }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Journal(#[from] JournalError),
}

impl EngineError {
    pub fn message(&self, lang: Lang) -> String {
        let EngineError::Journal(e) = self;
        e.message(lang)
    }
}

struct Batch {
    orders: Vec<JobOrder>,
    attempt: u32,
    ready_at: Instant,
    /// An earlier send of these orders may have been applied (its answer was lost, or the
    /// program stopped while it was in flight).
    uncertain: bool,
}

/// Send every order of `job` that has no final state yet.
pub async fn run(
    journal: Arc<Journal>,
    client: Arc<Client>,
    job: &str,
    opts: &Options,
    mut control: watch::Receiver<Control>,
    on_event: &(dyn Fn(Event) + Send + Sync),
) -> Result<Outcome, EngineError> {
    // A row that cannot be read is failed with a plain reason before anything is sent.
    let damaged = journal.fail_damaged(job, opts.lang)?;
    let all = journal.orders(job)?;
    let mut p = Progress { job: job.to_string(), total: all.len(), ..Default::default() };
    for o in &all {
        count(&mut p, o.state);
    }
    for o in damaged {
        tracing::error!(job, seq = o.seq, damage = ?o.damage, "a journal row cannot be read: the order is failed, not sent");
        on_event(Event::Order { order_no: o.order_no, state: o.state, reason: o.reason });
    }
    let open: Vec<JobOrder> = all.into_iter().filter(|o| !o.state.is_final() && o.damage.is_none()).collect();
    // Orders left in flight by a stopped run are batched apart from fresh ones.
    let (was_in_flight, fresh): (Vec<JobOrder>, Vec<JobOrder>) = open.into_iter().partition(|o| o.state == State::InFlight);
    let mut queue: VecDeque<Batch> = [(was_in_flight, true), (fresh, false)]
        .into_iter()
        .flat_map(|(orders, uncertain)| plan(client.target(), orders).into_iter().filter(|b| !b.is_empty()).map(move |orders| Batch { orders, attempt: 0, ready_at: Instant::now(), uncertain }))
        .collect();
    let limiter = (client.target() == Target::Mall2030).then(|| RateLimiter::new(opts.rate_limit, Duration::from_millis(50)));
    let mut sent: HashSet<i64> = HashSet::new();
    let mut in_flight = FuturesUnordered::new();
    let mut stop: Option<RemoteError> = None;
    let mut cancelled = false;
    let mut control_alive = true;
    on_event(Event::Progress(p.clone()));

    loop {
        let state = *control.borrow();
        cancelled |= state == Control::Cancel;
        let may_start = stop.is_none() && !cancelled && state == Control::Run;
        while may_start && in_flight.len() < opts.concurrency.max(1) {
            let Some(pos) = queue.iter().position(|b| b.ready_at <= Instant::now()) else { break };
            let Some(batch) = queue.remove(pos) else { break };
            let seqs: Vec<i64> = batch.orders.iter().map(|o| o.seq).collect();
            journal.mark_in_flight(job, &seqs)?;
            sent.extend(&seqs);
            p.sent = sent.len();
            let (client, limiter) = (client.clone(), limiter.as_ref());
            in_flight.push(async move {
                if let Some(l) = limiter {
                    l.acquire().await;
                }
                let payloads: Vec<Value> = batch.orders.iter().map(|o| o.payload.clone()).collect();
                let result = client.send(&payloads).await;
                (batch, result)
            });
        }
        if in_flight.is_empty() && (queue.is_empty() || stop.is_some() || cancelled) {
            break;
        }
        let next_ready = queue.iter().map(|b| b.ready_at).min();
        tokio::select! {
            Some((batch, result)) = in_flight.next(), if !in_flight.is_empty() => {
                handle(&journal, job, opts, batch, result, &mut queue, &mut p, &mut stop, on_event)?;
                on_event(Event::Progress(p.clone()));
            }
            changed = control.changed(), if control_alive => control_alive = changed.is_ok(),
            _ = sleep_until(next_ready), if in_flight.len() < opts.concurrency.max(1) && may_start => {}
        }
    }
    let pending = queue.iter().map(|b| b.orders.len()).sum();
    tracing::info!(job, sent = p.sent, accepted = p.accepted, already_uploaded = p.already_uploaded, rejected = p.rejected, pending, cancelled, "upload run ended");
    journal.set_finished(job, pending == 0)?;
    Ok(Outcome { progress: p, pending, cancelled, error: stop })
}

async fn sleep_until(t: Option<Instant>) {
    match t {
        Some(t) => tokio::time::sleep_until(t).await,
        None => futures::future::pending().await,
    }
}

/// Batches in upload order: 2030 groups by ShopCode (first appearance) in chunks of 100,
/// DM Hub sends one deal at a time.
fn plan(target: Target, open: Vec<JobOrder>) -> Vec<Vec<JobOrder>> {
    if target == Target::Dmhub {
        return open.into_iter().map(|o| vec![o]).collect();
    }
    let mut shops: Vec<(String, Vec<JobOrder>)> = Vec::new();
    for o in open {
        match shops.iter_mut().find(|(s, _)| *s == o.shop) {
            Some((_, list)) => list.push(o),
            None => shops.push((o.shop.clone(), vec![o])),
        }
    }
    shops.into_iter().flat_map(|(_, list)| list.chunks(orderdock_core::payload::MALL2030_BATCH).map(<[_]>::to_vec).collect::<Vec<_>>()).collect()
}

fn count(p: &mut Progress, state: State) {
    match state {
        State::Accepted => p.accepted += 1,
        State::AlreadyUploaded => p.already_uploaded += 1,
        State::Rejected => p.rejected += 1,
        State::Pending | State::InFlight => return,
    }
    p.done += 1;
}

/// Act on one answer: final states, a split, a retry, or a stop.
#[allow(clippy::too_many_arguments)]
fn handle(
    journal: &Journal,
    job: &str,
    opts: &Options,
    batch: Batch,
    result: Result<(), RemoteError>,
    queue: &mut VecDeque<Batch>,
    p: &mut Progress,
    stop: &mut Option<RemoteError>,
    on_event: &(dyn Fn(Event) + Send + Sync),
) -> Result<(), JournalError> {
    if batch.orders.is_empty() {
        return Ok(());
    }
    let seqs: Vec<i64> = batch.orders.iter().map(|o| o.seq).collect();
    let finish = |state: State, reason: Option<String>, p: &mut Progress| -> Result<(), JournalError> {
        journal.finish(job, &seqs.iter().map(|s| (*s, state, reason.clone())).collect::<Vec<_>>())?;
        for o in &batch.orders {
            count(p, state);
            on_event(Event::Order { order_no: o.order_no.clone(), state, reason: reason.clone() });
        }
        Ok(())
    };
    match result {
        Ok(()) => finish(State::Accepted, None, p)?,
        Err(RemoteError::AlreadyExists(m)) if batch.orders.len() == 1 => finish(State::AlreadyUploaded, Some(m), p)?,
        Err(RemoteError::Refused { code, message }) if batch.orders.len() == 1 => finish(State::Rejected, Some(format!("{code} {message}")), p)?,
        Err(e @ (RemoteError::AlreadyExists(_) | RemoteError::Refused { .. })) => {
            // The server refuses a call as a whole: split it until the culprits stand alone.
            // After a lost answer, 2102 most likely means the whole batch was stored, so each
            // order is asked alone; otherwise halving finds a few culprits in fewer calls.
            journal.mark_pending(job, &seqs, "split")?;
            let singles = batch.uncertain && matches!(e, RemoteError::AlreadyExists(_));
            let mut orders = batch.orders;
            let parts: Vec<Vec<JobOrder>> = if singles {
                orders.into_iter().map(|o| vec![o]).collect()
            } else {
                let right = orders.split_off(orders.len() / 2);
                vec![orders, right]
            };
            for part in parts.into_iter().rev() {
                queue.push_front(Batch { orders: part, attempt: 0, ready_at: Instant::now(), uncertain: batch.uncertain });
            }
        }
        Err(e) if e.is_retryable() && batch.attempt + 1 < opts.max_attempts => {
            let delay = backoff(batch.attempt + 1, opts.base_delay, opts.max_delay);
            // Errors carry no URL (it may hold an access token) and never a secret.
            tracing::warn!(job, orders = seqs.len(), attempt = batch.attempt + 1, delay_ms = delay.as_millis() as u64, error = %e, "retrying");
            journal.mark_pending(job, &seqs, &e.to_string())?;
            on_event(Event::Retry { orders: seqs.len(), attempt: batch.attempt + 1, delay_ms: delay.as_millis() as u64, error: e.to_string() });
            let uncertain = batch.uncertain || e.is_uncertain();
            queue.push_back(Batch { orders: batch.orders, attempt: batch.attempt + 1, ready_at: Instant::now() + delay, uncertain });
        }
        Err(e) => {
            tracing::error!(job, orders = seqs.len(), error = %e, "stopping the job; it can be resumed");
            journal.mark_pending(job, &seqs, &e.to_string())?;
            queue.push_front(Batch { ready_at: Instant::now(), ..batch });
            stop.get_or_insert(e);
        }
    }
    Ok(())
}
