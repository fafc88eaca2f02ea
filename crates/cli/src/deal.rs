//! `orderdock deal …`: DM Hub corrections, sent by `orderdock_remote::corrections` (faults
//! retried where that is safe) as the app sends them. Each prints the server's answer; a
//! refusal exits 1 with the server's message (2 for refused credentials).

use std::io::Write;

use chrono::{DateTime, Utc};
use orderdock_core::fields::Target;
use orderdock_core::messages::CliText;
use orderdock_core::payload;
use orderdock_remote::RemoteError;
use orderdock_remote::corrections::{self, RefundError};
use orderdock_remote::dmhub::ListQuery;
use orderdock_remote::engine::Client;
use orderdock_remote::retry::retrying;
use serde_json::Value;

use crate::commands::Ctx;
use crate::upload::{ConnArgs, connect};
use crate::{Failure, Outcome};

pub(crate) enum DealAction<'a> {
    Get(&'a str),
    List(ListQuery),
    Update { order_no: &'a str, sets: &'a [String], json_body: Option<&'a std::path::Path> },
    Cancel { order_no: &'a str, date: Option<&'a str> },
    Refund { order_no: &'a str, lines: &'a [String], total: Option<&'a str>, reason: Option<&'a str>, date: Option<&'a str> },
    DeleteRefund(&'a str),
    Delete(&'a str),
}

/// RFC 3339 in, DM Hub's UTC `…Z` out.
fn utc(ctx: &Ctx, date: Option<&str>) -> Result<Option<String>, Failure> {
    date.map(|d| DateTime::parse_from_rfc3339(d).map(|t| t.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string()).map_err(|_| Failure::from(CliText::NotRfc3339Date(d).message(ctx.lang))))
        .transpose()
}

pub(crate) fn run(ctx: &Ctx, out: &mut dyn Write, conn: ConnArgs, action: DealAction) -> Outcome {
    let (client, _) = connect(ctx, Target::Dmhub, &conn)?;
    let Client::Dmhub(dm) = client else { unreachable!("connect made a DM Hub client for Target::Dmhub") };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let refused = |e: RemoteError| Failure { code: if matches!(e, RemoteError::Credentials(_)) { 2 } else { 1 }, message: e.message(ctx.lang) };
    let answer: Option<Value> = match action {
        DealAction::Get(no) => Some(rt.block_on(corrections::get(&dm, no)).map_err(refused)?),
        DealAction::List(q) => Some(rt.block_on(retrying(true, || dm.list_deals(&q))).map_err(refused)?),
        DealAction::Update { order_no, sets, json_body } => {
            let patch = patch_body(ctx, sets, json_body)?;
            Some(rt.block_on(corrections::update(&dm, order_no, &patch)).map_err(refused)?)
        }
        DealAction::Cancel { order_no, date } => Some(rt.block_on(corrections::cancel(&dm, order_no, utc(ctx, date)?.as_deref())).map_err(refused)?),
        DealAction::Refund { order_no, lines, total, reason, date } => {
            let date = utc(ctx, date)?;
            Some(rt.block_on(corrections::refund(&dm, order_no, lines, total, reason, date.as_deref())).map_err(|e| match e {
                RefundError::Remote(e) => refused(e),
                other => Failure::from(other.message(ctx.lang)),
            })?)
        }
        DealAction::DeleteRefund(no) => Some(rt.block_on(corrections::delete_refund(&dm, no)).map_err(refused)?),
        DealAction::Delete(no) => {
            rt.block_on(corrections::delete(&dm, no)).map_err(refused)?;
            None
        }
    };
    let text = match answer {
        Some(v) if ctx.json => v.to_string(),
        Some(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
        None if ctx.json => serde_json::json!({"deleted": true}).to_string(),
        None => CliText::Deleted.message(ctx.lang),
    };
    let _ = writeln!(out, "{text}");
    Ok(0)
}

fn patch_body(ctx: &Ctx, sets: &[String], json_body: Option<&std::path::Path>) -> Result<Value, Failure> {
    if let Some(path) = json_body {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return serde_json::from_str(&text).map_err(|e| Failure::from(format!("{}: {e}", path.display())));
    }
    let pairs: Vec<(String, String)> = sets
        .iter()
        .map(|s| s.split_once('=').map(|(k, v)| (k.trim().to_string(), v.to_string())).ok_or_else(|| s.clone()))
        .collect::<Result<_, _>>()
        .map_err(|s| Failure::from(CliText::SetTakesPair(&s).message(ctx.lang)))?;
    if pairs.is_empty() {
        return Err(CliText::GiveChanges.message(ctx.lang).into());
    }
    payload::dmhub_patch(&pairs, chrono_tz::Asia::Shanghai).map_err(|f| Failure::from(CliText::PatchRefused(&f.to_string()).message(ctx.lang)))
}
