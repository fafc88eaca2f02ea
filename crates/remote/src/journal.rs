//! The upload journal and history, in one SQLite file.
//!
//! Every order of a job is written (with its exact payload and its hash) before anything is
//! sent; an order is marked `in_flight` before its request leaves and gets its final state
//! when the answer comes. After a crash, `in_flight` orders are sent again, which both
//! servers make harmless. WAL with `synchronous=NORMAL` survives a killed process (the case
//! that matters here); after a power cut the last few states may be lost, which again only
//! means sending those orders again.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Utc;
use orderdock_core::messages::{self, Lang};
use orderdock_core::session::Session;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Where an order stands in a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum State {
    Pending,
    InFlight,
    Accepted,
    AlreadyUploaded,
    Rejected,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::InFlight => "in_flight",
            State::Accepted => "accepted",
            State::AlreadyUploaded => "already_uploaded",
            State::Rejected => "rejected",
        }
    }

    /// `None` for a state this version does not know (never taken for pending: the order
    /// may well have been sent).
    fn parse(s: &str) -> Option<State> {
        Some(match s {
            "pending" => State::Pending,
            "in_flight" => State::InFlight,
            "accepted" => State::Accepted,
            "already_uploaded" => State::AlreadyUploaded,
            "rejected" => State::Rejected,
            _ => return None,
        })
    }

    pub fn is_final(self) -> bool {
        matches!(self, State::Accepted | State::AlreadyUploaded | State::Rejected)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("journal: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("no upload job {0}")]
    NoSuchJob(String),
}

impl JournalError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            JournalError::Sqlite(e) => messages::journal_unusable(lang, &e.to_string()),
            JournalError::NoSuchJob(job) => messages::no_such_job(lang, job),
        }
    }
}

/// Why a journal row cannot be used as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The saved request body is not JSON (the reader's words).
    Payload(String),
    /// A state this version does not know (the text found).
    State(String),
}

impl Damage {
    /// One plain sentence for the merchant: the order was not sent, and what to do.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Damage::Payload(_) => messages::journal_payload_unreadable(lang),
            Damage::State(state) => messages::journal_state_unknown(lang, state),
        }
    }
}

/// One order of a job.
///
/// A row that cannot be read has `damage`: its `payload` is `null` and must never be sent,
/// and unless the journal already gave it a final state it reads as [`State::Rejected`] (the
/// engine records that, with [`Damage::message`] as the reason, before sending anything).
#[derive(Debug, Clone, PartialEq)]
pub struct JobOrder {
    pub seq: i64,
    pub order_no: String,
    pub shop: String,
    pub payload: Value,
    pub state: State,
    pub attempts: u32,
    pub reason: Option<String>,
    pub damage: Option<Damage>,
}

impl JobOrder {
    /// Why the order stands where it does, for the merchant: the damage if the row has one,
    /// else the recorded reason (the server's words).
    pub fn reason_text(&self, lang: Lang) -> Option<String> {
        self.damage.as_ref().map(|d| d.message(lang)).or_else(|| self.reason.clone())
    }
}

/// A row's saved payload and state as they read, with what is wrong with them.
fn read_row(payload: &str, state: &str) -> (Value, Option<State>, Option<Damage>) {
    let state_read = State::parse(state);
    match serde_json::from_str::<Value>(payload) {
        Err(e) => (Value::Null, state_read, Some(Damage::Payload(e.to_string()))),
        Ok(value) => match state_read {
            Some(st) => (value, Some(st), None),
            None => (value, None, Some(Damage::State(state.to_string()))),
        },
    }
}

/// The refused orders of a job, to send again: each as it reads now in `current` (the
/// bodies of the corrected file, matched by order number) when given, else as it was sent.
/// Also returns how many refused orders `current` leaves out: still wrong there, or gone.
pub fn refused(orders: Vec<JobOrder>, current: Option<Vec<NewOrder>>) -> (Vec<NewOrder>, usize) {
    let refused = orders.into_iter().filter(|o| o.state == State::Rejected);
    let Some(current) = current else {
        // A damaged row has no body to send again: it counts as left out.
        let (damaged, readable): (Vec<JobOrder>, Vec<JobOrder>) = refused.partition(|o| o.damage.is_some());
        return (readable.into_iter().map(|o| NewOrder { order_no: o.order_no, shop: o.shop, body: o.payload }).collect(), damaged.len());
    };
    let mut by_no: std::collections::HashMap<String, NewOrder> = current.into_iter().map(|b| (b.order_no.clone(), b)).collect();
    let (mut again, mut left_out) = (Vec::new(), 0);
    for o in refused {
        match by_no.remove(&o.order_no) {
            Some(b) => again.push(b),
            None => left_out += 1,
        }
    }
    (again, left_out)
}

#[derive(Debug, Clone, PartialEq)]
pub struct JobInfo {
    pub id: String,
    pub created: String,
    pub target: String,
    pub destination: String,
    pub file: String,
    pub finished: bool,
}

/// A job with orders still to send ([`Journal::unfinished_jobs`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Unfinished {
    pub job: JobInfo,
    /// Its orders without a final state.
    pub pending: usize,
}

/// One past outcome of an order number.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryEntry {
    pub at: String,
    pub job: String,
    pub target: String,
    pub destination: String,
    pub shop: String,
    pub order_no: String,
    pub result: State,
    pub reason: Option<String>,
    #[serde(skip)]
    pub payload: Value,
    /// The row cannot be read: `payload` is `null` (and `result`, for an unknown state,
    /// [`State::Rejected`]).
    #[serde(skip)]
    pub damage: Option<Damage>,
}

/// An order to put in a new job: its number, its shop (2030) and its exact body.
pub type NewOrder = orderdock_core::payload::OrderBody;

pub struct Journal {
    conn: Mutex<Connection>,
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY, created TEXT NOT NULL, target TEXT NOT NULL, destination TEXT NOT NULL,
  file TEXT NOT NULL, finished INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS orders (
  job TEXT NOT NULL, seq INTEGER NOT NULL, order_no TEXT NOT NULL, shop TEXT NOT NULL,
  hash TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  reason TEXT, updated TEXT NOT NULL, PRIMARY KEY (job, seq));
CREATE TABLE IF NOT EXISTS history (
  at TEXT NOT NULL, job TEXT NOT NULL, target TEXT NOT NULL, destination TEXT NOT NULL, shop TEXT NOT NULL,
  order_no TEXT NOT NULL, hash TEXT NOT NULL, result TEXT NOT NULL, reason TEXT, payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS history_order ON history (order_no);
CREATE INDEX IF NOT EXISTS history_done ON history (destination, shop, order_no, hash);
";

fn now() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The payload's fingerprint: the same order sent again has the same hash.
pub fn payload_hash(payload: &Value) -> String {
    hex::encode(Sha256::digest(payload.to_string().as_bytes()))
}

impl Journal {
    pub fn open(path: &Path) -> Result<Journal, JournalError> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Journal { conn: Mutex::new(conn) })
    }

    /// The journal of this user: `journal.sqlite` in the data folder.
    pub fn default_path() -> PathBuf {
        crate::profiles::data_dir().join("journal.sqlite")
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic elsewhere cannot leave SQLite half-written: take the connection anyway.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Record a new job and all its orders. An order this destination already accepted with
    /// the same payload is marked already uploaded at once, so it is never sent again.
    pub fn create_job(&self, target: &str, destination: &str, file: &str, orders: &[NewOrder]) -> Result<String, JournalError> {
        let id = format!("{}-{:04x}", Utc::now().format("%Y%m%d-%H%M%S"), rand::random::<u16>());
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute("INSERT INTO jobs (id, created, target, destination, file) VALUES (?1, ?2, ?3, ?4, ?5)", params![id, now(), target, destination, file])?;
        {
            let mut done = tx.prepare("SELECT 1 FROM history WHERE destination = ?1 AND shop = ?2 AND order_no = ?3 AND hash = ?4 AND result IN ('accepted', 'already_uploaded') LIMIT 1")?;
            let mut insert = tx.prepare("INSERT INTO orders (job, seq, order_no, shop, hash, payload, state, reason, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
            for (seq, o) in orders.iter().enumerate() {
                let hash = payload_hash(&o.body);
                let known = done.exists(params![destination, o.shop, o.order_no, hash])?;
                let (state, reason) = if known { (State::AlreadyUploaded, Some("journal")) } else { (State::Pending, None) };
                insert.execute(params![id, seq as i64, o.order_no, o.shop, hash, o.body.to_string(), state.as_str(), reason, now()])?;
            }
        }
        tx.commit()?;
        Ok(id)
    }

    pub fn job(&self, id: &str) -> Result<JobInfo, JournalError> {
        self.conn().query_row("SELECT id, created, target, destination, file, finished FROM jobs WHERE id = ?1", [id], job_row).optional()?.ok_or_else(|| JournalError::NoSuchJob(id.to_string()))
    }

    /// Jobs that still have orders to send, oldest first, with how many (for "resume where
    /// you left off").
    pub fn unfinished_jobs(&self) -> Result<Vec<Unfinished>, JournalError> {
        let jobs: Vec<JobInfo> = {
            let conn = self.conn();
            let mut stmt = conn.prepare("SELECT id, created, target, destination, file, finished FROM jobs WHERE finished = 0 ORDER BY created")?;
            stmt.query_map([], job_row)?.collect::<Result<_, _>>()?
        };
        // Counted as `orders` reads them: a damaged row still to be sent is refused, not pending.
        jobs.into_iter().map(|job| Ok(Unfinished { pending: self.orders(&job.id)?.iter().filter(|o| !o.state.is_final()).count(), job })).collect()
    }

    pub fn set_finished(&self, job: &str, finished: bool) -> Result<(), JournalError> {
        self.conn().execute("UPDATE jobs SET finished = ?2 WHERE id = ?1", params![job, finished])?;
        Ok(())
    }

    /// Every order of a job, in file order.
    pub fn orders(&self, job: &str) -> Result<Vec<JobOrder>, JournalError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT seq, order_no, shop, payload, state, attempts, reason FROM orders WHERE job = ?1 ORDER BY seq")?;
        let rows = stmt
            .query_map([job], |r| {
                let (payload, state, damage) = read_row(&r.get::<_, String>(3)?, &r.get::<_, String>(4)?);
                // A damaged row that was still to be sent is failed, never sent.
                let state = match state {
                    Some(s) if s.is_final() || damage.is_none() => s,
                    _ => State::Rejected,
                };
                Ok(JobOrder { seq: r.get(0)?, order_no: r.get(1)?, shop: r.get(2)?, payload, state, attempts: r.get(5)?, reason: r.get(6)?, damage })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Fail every order of `job` whose row cannot be read and that was still to be sent (its
    /// state pending or in flight, or unknown): it is recorded as refused with
    /// [`Damage::message`] as the reason, so that it is never sent. Returns those orders, as
    /// they now read.
    pub fn fail_damaged(&self, job: &str, lang: Lang) -> Result<Vec<JobOrder>, JournalError> {
        let outcomes: Vec<(i64, State, Option<String>)> = {
            let conn = self.conn();
            let mut stmt = conn.prepare("SELECT seq, payload, state FROM orders WHERE job = ?1 ORDER BY seq")?;
            let rows = stmt.query_map([job], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
            let mut failed = Vec::new();
            for row in rows {
                let (seq, payload, state) = row?;
                if let (_, state, Some(damage)) = read_row(&payload, &state)
                    && !state.is_some_and(State::is_final)
                {
                    failed.push((seq, State::Rejected, Some(damage.message(lang))));
                }
            }
            failed
        };
        if outcomes.is_empty() {
            return Ok(Vec::new());
        }
        self.finish(job, &outcomes)?;
        let seqs: std::collections::HashSet<i64> = outcomes.iter().map(|o| o.0).collect();
        Ok(self.orders(job)?.into_iter().filter(|o| seqs.contains(&o.seq)).collect())
    }

    /// Mark orders as about to be sent (before the request leaves).
    pub fn mark_in_flight(&self, job: &str, seqs: &[i64]) -> Result<(), JournalError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare("UPDATE orders SET state = 'in_flight', attempts = attempts + 1, updated = ?3 WHERE job = ?1 AND seq = ?2")?;
            for s in seqs {
                stmt.execute(params![job, s, now()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Put orders back in the queue (a retryable failure).
    pub fn mark_pending(&self, job: &str, seqs: &[i64], reason: &str) -> Result<(), JournalError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare("UPDATE orders SET state = 'pending', reason = ?3, updated = ?4 WHERE job = ?1 AND seq = ?2")?;
            for s in seqs {
                stmt.execute(params![job, s, reason, now()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Record final outcomes, and add them to the history of each order number.
    pub fn finish(&self, job: &str, outcomes: &[(i64, State, Option<String>)]) -> Result<(), JournalError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        {
            let (target, destination): (String, String) = tx.query_row("SELECT target, destination FROM jobs WHERE id = ?1", [job], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let mut update = tx.prepare("UPDATE orders SET state = ?3, reason = ?4, updated = ?5 WHERE job = ?1 AND seq = ?2")?;
            let mut history = tx.prepare(
                "INSERT INTO history (at, job, target, destination, shop, order_no, hash, result, reason, payload)
                 SELECT ?3, job, ?4, ?5, shop, order_no, hash, ?6, ?7, payload FROM orders WHERE job = ?1 AND seq = ?2",
            )?;
            for (seq, state, reason) in outcomes {
                update.execute(params![job, seq, state.as_str(), reason, now()])?;
                history.execute(params![job, seq, now(), target, destination, state.as_str(), reason])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every order number ever stored on a server (accepted or found already there): what an
    /// export opened earlier held, for recovering the numbers Excel has since mangled.
    pub fn uploaded_order_numbers(&self) -> Result<Vec<String>, JournalError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT DISTINCT order_no FROM history WHERE result IN ('accepted', 'already_uploaded')")?;
        let numbers = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(numbers)
    }

    /// Hands `session` the order numbers uploaded before while it has numbers Excel has
    /// mangled (an export opened earlier held them in full); a session without any is spared
    /// the read of the whole history.
    pub fn lend_known_numbers(&self, session: &mut Session) -> Result<(), JournalError> {
        if session.code_named("precision_lost").is_some() {
            session.set_known_order_numbers(self.uploaded_order_numbers()?);
        }
        Ok(())
    }

    /// Everything that happened to an order number, oldest first.
    pub fn history(&self, order_no: &str) -> Result<Vec<HistoryEntry>, JournalError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT at, job, target, destination, shop, order_no, result, reason, payload FROM history WHERE order_no = ?1 ORDER BY at, rowid")?;
        let rows = stmt
            .query_map([order_no], |r| {
                let (payload, result, damage) = read_row(&r.get::<_, String>(8)?, &r.get::<_, String>(6)?);
                Ok(HistoryEntry {
                    at: r.get(0)?,
                    job: r.get(1)?,
                    target: r.get(2)?,
                    destination: r.get(3)?,
                    shop: r.get(4)?,
                    order_no: r.get(5)?,
                    result: result.unwrap_or(State::Rejected),
                    reason: r.get(7)?,
                    payload,
                    damage,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

fn job_row(r: &rusqlite::Row) -> rusqlite::Result<JobInfo> {
    Ok(JobInfo { id: r.get(0)?, created: r.get(1)?, target: r.get(2)?, destination: r.get(3)?, file: r.get(4)?, finished: r.get(5)? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn order(no: &str) -> NewOrder {
        NewOrder { order_no: no.into(), shop: "S".into(), body: json!({"Code": no}) }
    }

    #[test]
    fn refused_orders_are_sent_again_as_they_now_read() {
        let j = Journal::open(&tempfile::tempdir().unwrap().path().join("j.sqlite")).unwrap();
        let job = j.create_job("mall2030", "d", "f.xlsx", &[order("A"), order("B"), order("C")]).unwrap();
        j.mark_in_flight(&job, &[0, 1, 2]).unwrap();
        j.finish(&job, &[(0, State::Accepted, None), (1, State::Rejected, Some("no such barcode".into())), (2, State::Rejected, None)]).unwrap();
        let orders = j.orders(&job).unwrap();

        let (as_sent, left_out) = refused(orders.clone(), None);
        assert_eq!((as_sent, left_out), (vec![order("B"), order("C")], 0));
        // B was corrected in the file; C still has an error there, so it is not among the bodies.
        let fixed = NewOrder { order_no: "B".into(), shop: "S".into(), body: json!({"Code": "B", "fixed": true}) };
        let (again, left_out) = refused(orders, Some(vec![order("A"), fixed.clone()]));
        assert_eq!((again, left_out), (vec![fixed], 1));
    }

    #[test]
    fn states_survive_reopening_and_history_skips_known_orders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sqlite");
        let j = Journal::open(&path).unwrap();
        let job = j.create_job("mall2030", "d", "f.xlsx", &[order("A"), order("B")]).unwrap();
        j.mark_in_flight(&job, &[0, 1]).unwrap();
        j.finish(&job, &[(0, State::Accepted, None)]).unwrap();
        drop(j);

        let j = Journal::open(&path).unwrap();
        let states: Vec<_> = j.orders(&job).unwrap().iter().map(|o| (o.state, o.attempts)).collect();
        assert_eq!(states, [(State::Accepted, 1), (State::InFlight, 1)]);
        let unfinished = j.unfinished_jobs().unwrap();
        assert_eq!(unfinished.iter().map(|u| (u.job.id.as_str(), u.pending)).collect::<Vec<_>>(), [(job.as_str(), 1)]);
        assert_eq!(j.history("A").unwrap()[0].result, State::Accepted);

        let again = j.create_job("mall2030", "d", "f.xlsx", &[order("A"), order("B")]).unwrap();
        let states: Vec<_> = j.orders(&again).unwrap().iter().map(|o| o.state).collect();
        assert_eq!(states, [State::AlreadyUploaded, State::Pending]);
        let elsewhere = j.create_job("mall2030", "other", "f.xlsx", &[order("A")]).unwrap();
        assert_eq!(j.orders(&elsewhere).unwrap()[0].state, State::Pending);
        assert!(matches!(j.job("nope"), Err(JournalError::NoSuchJob(_))));
    }

    /// A 2030 session of one-line orders numbered `numbers`, as the cells read.
    fn session_of(numbers: &[&str]) -> Session {
        use orderdock_core::table::{Cell, Table};
        let mapping = orderdock_core::mapping::Mapping::from_json(
            r#"{"target": "mall2030", "fields": {"ShopCode": {"value": "S"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
                "PayTime": {"column": "下单时间"}, "TotalMoney": {"column": "金额"}, "TotalQty": {"derive": "sum"}, "BuyerCode": {"value": "b"},
                "RecvConsignee": {"value": "c"}, "RecvMobile": {"value": "13800000000"}, "Dtls.BarCode": {"value": "x1"},
                "Dtls.Quantity": {"value": "1"}, "Dtls.Amount": {"column": "金额"}}}"#,
        )
        .unwrap();
        let cells = numbers.iter().flat_map(|no| [Cell::Text((*no).into()), Cell::Text("2026-02-01 10:00:00".into()), Cell::Text("10".into())]).collect();
        let table =
            Table { sheet: "s".into(), header_row: 1, columns: ["订单编号", "下单时间", "金额"].map(String::from).to_vec(), cells, row_numbers: (2..2 + numbers.len() as u32).collect() };
        let now = "2026-03-01T00:00:00Z".parse().unwrap();
        Session::new(table, None, &mapping, Lang::En, now).unwrap()
    }

    #[test]
    fn numbers_excel_mangled_are_learned_from_orders_uploaded_before() {
        use orderdock_core::fixes::Fix;
        let full = "6947551234567890123";
        let j = Journal::open(&tempfile::tempdir().unwrap().path().join("j.sqlite")).unwrap();
        let job = j.create_job("mall2030", "d", "f.xlsx", &[order(full), order("7012345678901234567")]).unwrap();
        j.mark_in_flight(&job, &[0, 1]).unwrap();
        j.finish(&job, &[(0, State::Accepted, None), (1, State::Rejected, None)]).unwrap();

        let mut mangled = session_of(&["6.94755E+18"]);
        assert!(mangled.preview_fix(Fix::RecoverOrderNumber).is_empty());
        j.lend_known_numbers(&mut mangled).unwrap();
        let recovered: Vec<_> = mangled.preview_fix(Fix::RecoverOrderNumber).into_iter().map(|c| (c.before, c.after)).collect();
        assert_eq!(recovered, [("6.94755E+18".to_string(), full.to_string())]);
    }

    /// Damage a row as a disk or another program could: `SET` applied to `seq` of `job`.
    fn tamper(path: &Path, job: &str, seq: i64, set: &str) {
        let db = Connection::open(path).unwrap();
        db.execute(&format!("UPDATE orders SET {set} WHERE job = ?1 AND seq = ?2"), params![job, seq]).unwrap();
    }

    #[test]
    fn a_row_that_cannot_be_read_is_failed_never_pending() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sqlite");
        let j = Journal::open(&path).unwrap();
        let job = j.create_job("mall2030", "d", "f.xlsx", &[order("A"), order("B"), order("C"), order("D")]).unwrap();
        j.mark_in_flight(&job, &[3]).unwrap();
        j.finish(&job, &[(3, State::Accepted, None)]).unwrap();
        tamper(&path, &job, 0, "payload = '{\"Code\": '");
        tamper(&path, &job, 1, "state = 'sent_v2'");
        tamper(&path, &job, 3, "payload = 'not json'");

        let orders = j.orders(&job).unwrap();
        let read: Vec<_> = orders.iter().map(|o| (o.state, o.payload.clone(), o.damage.is_some())).collect();
        assert_eq!(read[0], (State::Rejected, Value::Null, true), "a cut-off payload is never sent");
        assert_eq!(read[1], (State::Rejected, json!({"Code": "B"}), true), "an unknown state is not pending");
        assert_eq!(read[2], (State::Pending, json!({"Code": "C"}), false));
        // Already accepted: it stays so, and says its saved data is damaged.
        assert_eq!(read[3], (State::Accepted, Value::Null, true));
        assert_eq!(orders[1].damage, Some(Damage::State("sent_v2".into())));
        assert!(orders[0].reason_text(Lang::Zh).unwrap().contains("已损坏"));
        assert!(orders[1].reason_text(Lang::En).unwrap().contains("\"sent_v2\""));

        // Failing them records the reason; the accepted one is left alone; twice is once.
        let failed = j.fail_damaged(&job, Lang::Zh).unwrap();
        assert_eq!(failed.iter().map(|o| (o.seq, o.state)).collect::<Vec<_>>(), [(0, State::Rejected), (1, State::Rejected)]);
        assert!(failed[1].reason.as_deref().unwrap().contains("sent_v2"));
        assert!(j.fail_damaged(&job, Lang::Zh).unwrap().is_empty());
        assert_eq!(j.history("A").unwrap().last().map(|h| (h.result, h.damage.is_some(), h.payload.clone())), Some((State::Rejected, true, Value::Null)));
        let (again, left_out) = refused(j.orders(&job).unwrap(), None);
        assert_eq!((again, left_out), (vec![order("B")], 1));
    }

    /// A step of a job's life, as the engine takes it.
    #[derive(Debug, Clone)]
    enum Step {
        InFlight(Vec<usize>),
        Pending(Vec<usize>, String),
        Finish(Vec<(usize, State, Option<String>)>),
        Finished(bool),
    }

    fn state() -> impl Strategy<Value = State> {
        prop_oneof![Just(State::Accepted), Just(State::AlreadyUploaded), Just(State::Rejected), Just(State::Pending), Just(State::InFlight)]
    }

    fn text() -> impl Strategy<Value = String> {
        "(\\PC|[\"'\\\\\n]){0,12}"
    }

    fn body() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            // Money as the payload writes it: exact decimals, kept digit for digit.
            (any::<i32>(), 0u32..100).prop_map(|(n, cents)| serde_json::from_str(&format!("{n}.{cents:02}")).unwrap()),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array), proptest::collection::vec((text(), inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().collect()))]
        })
    }

    fn step(n: usize) -> impl Strategy<Value = Step> {
        let seqs = proptest::collection::vec(0..n, 0..n.max(1) + 1);
        prop_oneof![
            seqs.clone().prop_map(Step::InFlight),
            (seqs, text()).prop_map(|(s, r)| Step::Pending(s, r)),
            proptest::collection::vec((0..n, state(), proptest::option::of(text())), 0..4).prop_map(Step::Finish),
            any::<bool>().prop_map(Step::Finished),
        ]
    }

    fn job_and_steps() -> impl Strategy<Value = (Vec<NewOrder>, Vec<Step>)> {
        proptest::collection::vec((text(), text(), body()), 1..8).prop_flat_map(|orders| {
            let n = orders.len();
            let orders: Vec<NewOrder> = orders.into_iter().map(|(order_no, shop, body)| NewOrder { order_no, shop, body }).collect();
            (Just(orders), proptest::collection::vec(step(n), 0..12))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever was written reads back the same after the journal is closed and opened again.
        #[test]
        fn orders_and_states_survive_reopening((orders, steps) in job_and_steps()) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("j.sqlite");
            let j = Journal::open(&path).unwrap();
            let job = j.create_job("dmhub", "dest", "f.csv", &orders).unwrap();
            let mut model: Vec<JobOrder> = orders
                .iter()
                .enumerate()
                .map(|(i, o)| JobOrder { seq: i as i64, order_no: o.order_no.clone(), shop: o.shop.clone(), payload: o.body.clone(), state: State::Pending, attempts: 0, reason: None, damage: None })
                .collect();
            let mut finished = false;
            let mut history: Vec<(String, State, Option<String>)> = Vec::new();
            for step in &steps {
                match step {
                    Step::InFlight(seqs) => {
                        j.mark_in_flight(&job, &seqs.iter().map(|s| *s as i64).collect::<Vec<_>>()).unwrap();
                        for s in seqs {
                            model[*s].state = State::InFlight;
                            model[*s].attempts += 1;
                        }
                    }
                    Step::Pending(seqs, reason) => {
                        j.mark_pending(&job, &seqs.iter().map(|s| *s as i64).collect::<Vec<_>>(), reason).unwrap();
                        for s in seqs {
                            model[*s].state = State::Pending;
                            model[*s].reason = Some(reason.clone());
                        }
                    }
                    Step::Finish(outcomes) => {
                        j.finish(&job, &outcomes.iter().map(|(s, st, r)| (*s as i64, *st, r.clone())).collect::<Vec<_>>()).unwrap();
                        for (s, st, r) in outcomes {
                            model[*s].state = *st;
                            model[*s].reason = r.clone();
                            history.push((model[*s].order_no.clone(), *st, r.clone()));
                        }
                    }
                    Step::Finished(f) => {
                        j.set_finished(&job, *f).unwrap();
                        finished = *f;
                    }
                }
            }
            drop(j);
            let j = Journal::open(&path).unwrap();
            prop_assert_eq!(j.orders(&job).unwrap(), model.clone());
            prop_assert_eq!(j.job(&job).unwrap().finished, finished);
            prop_assert_eq!(j.fail_damaged(&job, Lang::Zh).unwrap(), Vec::new());
            for no in model.iter().map(|o| o.order_no.clone()).collect::<std::collections::BTreeSet<_>>() {
                let read: Vec<_> = j.history(&no).unwrap().into_iter().map(|h| (h.order_no, h.result, h.reason, h.damage)).collect();
                let written: Vec<_> = history.iter().filter(|h| h.0 == no).map(|h| (h.0.clone(), h.1, h.2.clone(), None)).collect();
                prop_assert_eq!(read, written);
            }
        }
    }
}
