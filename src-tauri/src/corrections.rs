//! After upload: DM Hub deal corrections (get, update, cancel, refund lines, delete the
//! refund, delete; `orderdock_remote::corrections`, as the CLI sends them), each but the
//! delete answering the deal as the server then holds it (the form starts again from it),
//! an order number's upload history from the journal, and 接口 2030 return orders built
//! from the uploaded sale (`orderdock_remote::returns`).

use orderdock_core::fields::Target;
use orderdock_core::messages::{self, Lang};
use std::collections::BTreeMap;

use orderdock_core::payload::{self, DealView, LineEdits, OrderBody, ReturnView};
use orderdock_remote::dmhub::DmHub;
use orderdock_remote::engine::Client;
use orderdock_remote::journal::HistoryEntry;
use orderdock_remote::{corrections, returns};
use tauri::{AppHandle, Runtime, State};
use tracing::instrument;

use crate::error::{Error, Result, err};
use crate::profiles::{Connection, connect};
use crate::state::AppState;
use crate::upload::{JobId, launch};

async fn dmhub(state: &AppState, conn: &Connection) -> Result<DmHub> {
    match connect(state, Target::Dmhub, conn).await?.0 {
        Client::Dmhub(c) => Ok(c),
        Client::Mall2030(_) => Err(Error::new(messages::not_dmhub_connection(state.lang()))),
    }
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn deal_get(state: State<'_, AppState>, connection: Connection, order_no: String) -> Result<DealView> {
    read_back(&state, &dmhub(&state, &connection).await?, &order_no).await
}

/// The deal as the server holds it now, as the form shows it.
async fn read_back(state: &AppState, client: &DmHub, order_no: &str) -> Result<DealView> {
    Ok(payload::dmhub_view(&corrections::get(client, order_no).await.map_err(err(state.lang()))?))
}

/// `patch` is `{field: text}` and `lines` `{lineId: {field: text}}`, as the merchant typed
/// them; core types each value. Answers the deal as read back after the PUT.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn deal_update(
    state: State<'_, AppState>,
    connection: Connection,
    order_no: String,
    patch: BTreeMap<String, String>,
    lines: Option<BTreeMap<String, BTreeMap<String, String>>>,
) -> Result<DealView> {
    let lang = state.lang();
    let header: Vec<(String, String)> = patch.into_iter().collect();
    let lines: Vec<LineEdits> = lines.unwrap_or_default().into_iter().map(|(id, set)| (id, set.into_iter().collect())).collect();
    let deal = corrections::correct(&dmhub(&state, &connection).await?, &order_no, &header, &lines, chrono_tz::Asia::Shanghai).await.map_err(err(lang))?;
    Ok(payload::dmhub_view(&deal))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn deal_cancel(state: State<'_, AppState>, connection: Connection, order_no: String) -> Result<DealView> {
    let client = dmhub(&state, &connection).await?;
    corrections::cancel(&client, &order_no, None).await.map_err(err(state.lang()))?;
    read_back(&state, &client, &order_no).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn deal_refund(state: State<'_, AppState>, connection: Connection, order_no: String, line_ids: Vec<String>, total: Option<String>, reason: Option<String>) -> Result<DealView> {
    // An empty field of the form is no total.
    let total = total.filter(|t| !t.trim().is_empty());
    let client = dmhub(&state, &connection).await?;
    let refund = corrections::refund(&client, &order_no, &line_ids, total.as_deref(), reason.as_deref(), None).await.map_err(err(state.lang()))?;
    let deal = corrections::get(&client, &order_no).await.map_err(err(state.lang()))?;
    Ok(payload::dmhub_refunded_view(&deal, &refund))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn deal_delete_refund(state: State<'_, AppState>, connection: Connection, order_no: String) -> Result<DealView> {
    let client = dmhub(&state, &connection).await?;
    corrections::delete_refund(&client, &order_no).await.map_err(err(state.lang()))?;
    read_back(&state, &client, &order_no).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn deal_delete(state: State<'_, AppState>, connection: Connection, order_no: String) -> Result<()> {
    corrections::delete(&dmhub(&state, &connection).await?, &order_no).await.map_err(err(state.lang()))
}

#[tauri::command]
#[specta::specta]
pub fn order_history(state: State<'_, AppState>, order_no: String) -> Result<Vec<HistoryEntry>> {
    state.journal()?.history(&order_no).map_err(err(state.lang()))
}

/// The 2030 return body for `order_no`, from its last successful upload, and its shop;
/// `lines` are places in the sale's `Dtls` (all when empty).
fn return_body(state: &AppState, lang: Lang, order_no: &str, code: &str, lines: &[usize]) -> Result<OrderBody> {
    orderdock_remote::returns::build_lines(&*state.journal()?, order_no, code, lines, chrono::Utc::now()).map_err(err(lang))
}

#[tauri::command]
#[specta::specta]
pub fn build_return(state: State<'_, AppState>, order_no: String, code: String, lines: Vec<usize>) -> Result<ReturnView> {
    Ok(payload::mall2030_view(&return_body(&state, state.lang(), &order_no, &code, &lines)?.body))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(app, state), err(Debug))]
pub async fn upload_return<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, connection: Connection, order_no: String, code: String, lines: Vec<usize>) -> Result<JobId> {
    let order = return_body(&state, state.lang(), &order_no, &code, &lines)?;
    let (client, destination) = connect(&state, Target::Mall2030, &connection).await?;
    let job = returns::start(state.journal()?, client, &destination, &order_no, order).await.map_err(err(state.lang()))?;
    Ok(launch(&app, job, 0))
}
