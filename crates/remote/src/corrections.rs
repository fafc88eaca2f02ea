//! DM Hub corrections after upload, one way for both faces: look a deal up, update it,
//! cancel it, refund lines of it, delete its refund or the deal.
//!
//! A fault on the way (5xx, throttling, a dropped connection, an empty, HTML or cut-off
//! answer, on the token fetch or on the call) is tried again with back-off, a few times:
//! always when the request cannot have been applied, and also when no answer was read if
//! the action can be repeated safely (all but the deletes, which would read "not found"
//! the second time). A token refused again after its refresh is not retried.

use orderdock_core::messages::{self, Lang};
use orderdock_core::payload::{self, LineEdits};
use orderdock_core::table::Cell;
use serde_json::Value;

use crate::dmhub::{CorrectionError, DmHub};
use crate::error::RemoteError;
use crate::retry::retrying;

pub async fn get(dm: &DmHub, order_no: &str) -> Result<Value, RemoteError> {
    retrying(true, || dm.get_deal_by_order_no(order_no)).await
}

/// `PUT /v1/deals/{orderNo}` with `body`, the CLI's as the app's. A PUT sets what it carries
/// (`lines` replaces the lines), so sending it again after a lost answer is safe.
pub async fn update(dm: &DmHub, order_no: &str, body: &Value) -> Result<Value, RemoteError> {
    retrying(true, || dm.update_deal(order_no, body)).await
}

/// The merchant's corrections of a deal — header fields and line fields as typed, times in
/// `tz` — sent as one [`update`] ([`payload::dmhub_update`]: edited lines go with every
/// other line, since `lines` replaces them), then the deal as the server now holds it.
pub async fn correct(dm: &DmHub, order_no: &str, header: &[(String, String)], lines: &[LineEdits], tz: chrono_tz::Tz) -> Result<Value, CorrectionError> {
    // The lines as stored are only needed when some are edited.
    let current = if lines.is_empty() { Value::Null } else { get(dm, order_no).await? };
    let body = payload::dmhub_update(&current, header, lines, tz)?;
    update(dm, order_no, &body).await?;
    Ok(get(dm, order_no).await?)
}

/// `date`: when it was cancelled, as DM Hub's UTC `…Z` (default: now).
pub async fn cancel(dm: &DmHub, order_no: &str, date: Option<&str>) -> Result<Value, RemoteError> {
    retrying(true, || dm.cancel_deal(order_no, date)).await
}

pub async fn delete_refund(dm: &DmHub, order_no: &str) -> Result<Value, RemoteError> {
    retrying(false, || dm.delete_refund(order_no)).await
}

pub async fn delete(dm: &DmHub, order_no: &str) -> Result<(), RemoteError> {
    retrying(false, || dm.delete_deal(order_no)).await
}

#[derive(Debug, thiserror::Error)]
pub enum RefundError {
    #[error(transparent)]
    Remote(#[from] RemoteError),
    /// The total given is not an amount.
    #[error("refund total {0} is not an amount")]
    BadTotal(String),
    /// A line the deal does not have: (order, line id).
    #[error("deal {0} has no line {1}")]
    NoSuchLine(String, String),
}

impl RefundError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            RefundError::Remote(e) => e.message(lang),
            RefundError::BadTotal(t) => messages::refund_total_bad(lang, t),
            RefundError::NoSuchLine(order_no, line) => messages::refund_line_missing(lang, order_no, line),
        }
    }
}

/// Refund the lines `line_ids` of `order_no` as the server holds it now, for `total` (an
/// amount as typed; default: those lines' total). Nothing is sent when the total or a line
/// is wrong. `date` as for [`cancel`].
pub async fn refund(dm: &DmHub, order_no: &str, line_ids: &[String], total: Option<&str>, reason: Option<&str>, date: Option<&str>) -> Result<Value, RefundError> {
    let total = total.map(|t| orderdock_core::value::money(&Cell::Text(t.into())).ok_or_else(|| RefundError::BadTotal(t.to_string()))).transpose()?;
    let deal = get(dm, order_no).await?;
    let body = payload::dmhub_refund(&deal, line_ids, total, reason, date).map_err(|line| RefundError::NoSuchLine(order_no.to_string(), line))?;
    // One refund per deal: a repeat replaces it with the same lines.
    Ok(retrying(true, || dm.refund(&body)).await?)
}
