//! Quick fixes and orders left out on purpose in the preview screen, over
//! `orderdock_core::fixes`: what is on offer per problem, applying a fix (one undo step,
//! taken back by `undo_edit`), and leaving orders out of the upload (「不上传」) or
//! bringing them back. Each change is stored at once, as cell edits are.

use orderdock_core::fixes::{Applied, Fix, Offer};
use orderdock_core::messages::Lang;
use orderdock_core::session::{Excluded, Session, Summary};
use serde::Serialize;
use tauri::State;
use tracing::instrument;

use crate::error::{Error, Result, err};
use crate::preview::{blocking, persist, session};
use crate::state::{AppState, lock};
use orderdock_core::messages::AppText;

/// The orders left out on purpose, after a change to them.
#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Exclusions {
    /// Orders newly left out or brought back by this call (0 for `excluded_orders`).
    changed: usize,
    summary: Summary,
    orders: Vec<Excluded>,
    /// Table rows of those orders (every row of each), for the grid to mark.
    rows: Vec<usize>,
}

fn exclusions(s: &Session, changed: usize) -> Exclusions {
    Exclusions { changed, summary: s.summary(), orders: s.excluded(), rows: s.excluded_rows() }
}

/// The problem with this code id, while the file still has it.
fn code(lang: Lang, s: &Session, id: &str) -> Result<orderdock_core::validate::Code> {
    s.code_named(id).ok_or_else(|| Error::app(lang, AppText::ProblemGone))
}

/// Order numbers Excel has mangled may be found among those uploaded before.
fn know_uploaded_numbers(state: &AppState, s: &mut Session) -> Result<()> {
    state.journal()?.lend_known_numbers(s).map_err(err(state.lang()))
}

/// Off the async runtime: planning every fix walks the whole file.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn fix_offers(state: State<'_, AppState>, file_id: String) -> Result<Vec<Offer>> {
    let lang = state.lang();
    let handle = state.file(&file_id)?;
    know_uploaded_numbers(&state, session(lang, &mut lock(&handle))?)?;
    blocking(move || Ok(session(lang, &mut lock(&handle))?.fix_offers())).await
}

/// Refused when the fix would change nothing: an empty step would make the next undo take
/// back the edit before it.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn apply_fix(state: State<'_, AppState>, file_id: String, fix: String) -> Result<Applied> {
    let lang = state.lang();
    let fix = Fix::parse(&fix).ok_or_else(|| Error::app(lang, AppText::NoSuchFix(&fix)))?;
    let handle = state.file(&file_id)?;
    let mut f = lock(&handle);
    know_uploaded_numbers(&state, session(lang, &mut f)?)?;
    let applied = session(lang, &mut f)?.apply_fix(fix);
    if applied.changes.is_empty() {
        return Err(Error::app(lang, AppText::NothingToFix));
    }
    persist(&state, &mut f)?;
    Ok(applied)
}

/// `rows` (table indices) or every order with the problem `code`.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, rows), err(Debug))]
pub async fn exclude_orders(state: State<'_, AppState>, file_id: String, rows: Option<Vec<usize>>, code: Option<String>) -> Result<Exclusions> {
    let lang = state.lang();
    let handle = state.file(&file_id)?;
    let mut f = lock(&handle);
    let s = session(lang, &mut f)?;
    let changed = match (rows, code) {
        (Some(rows), None) => s.exclude_rows(&rows),
        (None, Some(id)) => {
            let c = self::code(lang, s, &id)?;
            s.exclude_code(c)
        }
        _ => return Err(Error::app(lang, AppText::ChooseOrdersToLeaveOut)),
    };
    let out = exclusions(s, changed);
    persist(&state, &mut f)?;
    Ok(out)
}

/// `rows` (table indices), or `all`.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, rows), err(Debug))]
pub async fn include_orders(state: State<'_, AppState>, file_id: String, rows: Option<Vec<usize>>, all: Option<bool>) -> Result<Exclusions> {
    let lang = state.lang();
    let handle = state.file(&file_id)?;
    let mut f = lock(&handle);
    let s = session(lang, &mut f)?;
    let changed = match (rows, all.unwrap_or(false)) {
        (Some(rows), false) => s.include_rows(&rows),
        (None, true) => s.include_all(),
        _ => return Err(Error::app(lang, AppText::ChooseOrdersToBringBack)),
    };
    let out = exclusions(s, changed);
    persist(&state, &mut f)?;
    Ok(out)
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn excluded_orders(state: State<'_, AppState>, file_id: String) -> Result<Exclusions> {
    let lang = state.lang();
    let handle = state.file(&file_id)?;
    let mut f = lock(&handle);
    Ok(exclusions(session(lang, &mut f)?, 0))
}
