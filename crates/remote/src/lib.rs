//! `orderdock-remote`: everything that talks to a server or keeps state between runs.
//!
//! * [`dmhub`] and [`mall2030`] are the two API clients: authentication (DM Hub's shared
//!   token, 2030's SHA-1 signature), every call, and each server answer decoded into a
//!   typed [`error::RemoteError`] that says whether retrying is safe. Every answer is judged
//!   by its status before its body, the token fetch's included: 5xx, 429 and a success
//!   status with a body that is empty, HTML or cut off are retryable; only refused
//!   credentials (DM Hub `40004`, 2030 405/1000) end a job. An empty batch is never sent.
//! * [`journal`] is the SQLite file written *before* each state change is acted on: every
//!   order of every upload job, and the upload history of each order number.
//! * [`engine`] sends a job's orders (batched, rate-limited, retried with back-off, refused
//!   batches split down to the culprits) and reports progress as [`engine::Event`]s.
//! * [`jobs`] starts an upload job for both faces: credentials proved before anything is
//!   journaled, a job continued only on its own account; a retry of a job's refused orders
//!   planned; a run's end counted ([`jobs::UploadSummary`]).
//! * [`profiles`] keeps connection settings in a config file and secrets in the OS keyring.
//! * [`edits`] keeps the merchant's cell corrections per file (in the journal's SQLite file)
//!   and exports the preview's problem list and corrected table as .xlsx.
//! * [`results`] exports a job's outcome as .xlsx and .csv for the merchant.
//! * [`returns`] builds a 2030 return order from an order's upload history and starts its job.
//! * [`corrections`] sends DM Hub corrections (refunds above all), retried where that is safe
//!   ([`retry::retrying`]).
//! * [`templates`] keeps confirmed mappings per header signature; [`recent`] the files
//!   opened lately.
//! * [`diagnostics`] writes 「导出诊断信息」's zip (recent logs, settings) with every secret and
//!   customer phone number masked.
//!
//! Why exactly-once holds: the engine sends each order at least once (a crash or a lost,
//! empty or cut-off answer leaves it `in_flight` or pending in the journal, and it is sent
//! again), and both servers make
//! a repeat harmless (DM Hub replaces a deal with the same orderNo; 2030 refuses a known
//! Code with 2102, which the engine records as "already uploaded").

pub mod corrections;
pub mod diagnostics;
pub mod dmhub;
pub mod edits;
pub mod engine;
pub mod error;
pub mod jobs;
pub mod journal;
pub mod mall2030;
pub mod profiles;
pub mod recent;
pub mod results;
pub mod retry;
pub mod returns;
pub mod templates;

pub use error::RemoteError;
