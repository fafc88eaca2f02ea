//! 2030 return orders built from the upload history: the sale as it was sent, negated.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use orderdock_core::fields::Target;
use orderdock_core::messages::{Lang, RemoteText};
use orderdock_core::payload::{OrderBody, mall2030_return, mall2030_return_lines};

use crate::engine::Client;
use crate::jobs::{self, Job, Orders, StartError};
use crate::journal::{Damage, Journal, JournalError, State};

#[derive(Debug, thiserror::Error)]
pub enum ReturnError {
    #[error("no order {0} uploaded to 2030 in the history")]
    NotUploaded(String),
    #[error("the order has no barcode {0}")]
    NoSuchBarcode(String),
    /// A line chosen by its place (0-based) that the sale does not have.
    #[error("the order has no line {0}")]
    NoSuchLine(usize),
    /// The upload history's row of the sale cannot be read.
    #[error("the upload history of the order cannot be read: {0:?}")]
    Damaged(Damage),
    #[error(transparent)]
    Journal(#[from] JournalError),
}

impl ReturnError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReturnError::NotUploaded(order) => RemoteText::SaleNotUploaded(order).message(lang),
            ReturnError::NoSuchBarcode(barcode) => RemoteText::NoSuchBarcode(barcode).message(lang),
            ReturnError::NoSuchLine(i) => RemoteText::NoSuchSaleLine(*i).message(lang),
            ReturnError::Damaged(d) => d.message(lang),
            ReturnError::Journal(e) => e.message(lang),
        }
    }
}

/// The return (new `code`, chosen barcodes or all lines) of `order_no`'s last successful
/// 2030 upload, ready to be journaled and sent to the same shop.
pub fn build(journal: &Journal, order_no: &str, code: &str, barcodes: &[String], now: DateTime<Utc>) -> Result<OrderBody, ReturnError> {
    let (sale, shop) = sale(journal, order_no)?;
    let body = mall2030_return(&sale, code, barcodes, now).map_err(ReturnError::NoSuchBarcode)?;
    Ok(OrderBody { order_no: code.to_string(), shop, body })
}

/// As [`build`], with the lines chosen by their place in the sale (0-based; all when none
/// are chosen): two lines with one barcode can be returned apart.
pub fn build_lines(journal: &Journal, order_no: &str, code: &str, lines: &[usize], now: DateTime<Utc>) -> Result<OrderBody, ReturnError> {
    let (sale, shop) = sale(journal, order_no)?;
    let body = mall2030_return_lines(&sale, code, lines, now).map_err(ReturnError::NoSuchLine)?;
    Ok(OrderBody { order_no: code.to_string(), shop, body })
}

/// Journal `order`, the return of the sale `order_no` (from [`build`] or [`build_lines`]),
/// as a job of its own for the 2030 account `destination`, and start it.
pub async fn start(journal: Arc<Journal>, client: Client, destination: &str, order_no: &str, order: OrderBody) -> Result<Job, StartError> {
    jobs::start(journal, client, destination, Orders::New { file: &format!("return of {order_no}"), bodies: &[order] }).await
}

/// The body and shop of `order_no`'s last successful 2030 upload.
fn sale(journal: &Journal, order_no: &str) -> Result<(serde_json::Value, String), ReturnError> {
    let history = journal.history(order_no)?;
    let sale = history
        .iter()
        .rev()
        .find(|h| h.target == Target::Mall2030.id() && matches!(h.result, State::Accepted | State::AlreadyUploaded))
        .ok_or_else(|| ReturnError::NotUploaded(order_no.to_string()))?;
    if let Some(damage) = &sale.damage {
        return Err(ReturnError::Damaged(damage.clone()));
    }
    Ok((sale.payload.clone(), sale.shop.clone()))
}
