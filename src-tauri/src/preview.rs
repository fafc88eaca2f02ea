//! The preview screen over `orderdock_core::session`: validate with a mapping, fetch pages
//! of rows with their issues, edit a cell (saved at once, so corrections survive a
//! restart), undo, and export the problems or the corrected file.

use std::path::PathBuf;

use chrono::Utc;
use orderdock_core::mapping::{Mapping, MappingDoc};
use orderdock_core::messages::{AppText, Lang};
use orderdock_core::session::{GridRow, Page, Session, Summary};
use orderdock_document::Document;
use orderdock_remote::edits;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tracing::instrument;

use crate::error::{Error, Result, err};
use crate::import::emit;
use crate::mapping::parse_mapping;
use crate::state::{AppState, lock};

#[derive(Debug, Serialize, specta::Type)]
pub struct EditResult {
    summary: Summary,
    rows: Vec<GridRow>,
}

/// Make (or re-map) the file's session with `mapping` (see `Document::prepare`).
pub fn prepare(lang: Lang, f: &mut Document, mapping: &Mapping) -> Result<()> {
    f.prepare(mapping, lang, Utc::now()).map_err(err(lang))
}

/// The file's session, in the current language; an error until `validate` made one.
pub fn session(lang: Lang, f: &mut Document) -> Result<&mut Session> {
    f.session(lang).map_err(err(lang))
}

/// Store the session's corrections (and exclusions) for this version of the file.
pub(crate) fn persist(state: &AppState, f: &mut Document) -> Result<()> {
    f.save_edits(&*state.edit_store()?).map_err(err(state.lang()))
}

pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tauri::async_runtime::spawn_blocking(work).await.map_err(|e| Error::new(e.to_string()))?
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, mapping), err(Debug))]
pub async fn validate<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, file_id: String, mapping: MappingDoc) -> Result<Summary> {
    let lang = state.lang();
    let mapping = parse_mapping(lang, &mapping)?;
    let handle = state.file(&file_id)?;
    let h = handle.clone();
    let (summary, rest) = blocking(move || {
        let mut f = lock(&h);
        let rest = f.prepare_first(&mapping, lang, Utc::now()).map_err(err(lang))?;
        Ok((session(lang, &mut f)?.summary(), rest))
    })
    .await?;
    // A long file read whole: its first rows answer now, `file-loaded` says when all is checked.
    if let Some(rest) = rest {
        rest.read(&handle, lang, move |e| emit(&app, lang, &file_id, e));
    }
    Ok(summary)
}

#[tauri::command]
#[specta::specta]
pub async fn grid_page(state: State<'_, AppState>, file_id: String, offset: usize, limit: usize, only_problems: bool, code: Option<String>) -> Result<Page> {
    let lang = state.lang();
    let handle = state.file(&file_id)?;
    let mut f = lock(&handle);
    let s = session(lang, &mut f)?;
    match code.as_deref() {
        // A code no row has: nothing to show.
        Some(id) => match s.code_named(id) {
            Some(c) => Ok(s.page(offset, limit, true, Some(c))),
            None => Ok(Page { total: 0, rows: Vec::new() }),
        },
        None => Ok(s.page(offset, limit, only_problems, None)),
    }
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, value), err(Debug))]
pub async fn edit_cell(state: State<'_, AppState>, file_id: String, index: usize, column: usize, value: String) -> Result<EditResult> {
    let lang = state.lang();
    let handle = state.file(&file_id)?;
    let mut f = lock(&handle);
    let s = session(lang, &mut f)?;
    let rows = s.edit(index, column, &value).map_err(|orderdock_core::session::SessionError::NoSuchCell { .. }| Error::app(lang, AppText::NoSuchCell))?;
    let summary = s.summary();
    persist(&state, &mut f)?;
    Ok(EditResult { summary, rows })
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn undo_edit(state: State<'_, AppState>, file_id: String) -> Result<EditResult> {
    let lang = state.lang();
    let handle = state.file(&file_id)?;
    let mut f = lock(&handle);
    let s = session(lang, &mut f)?;
    let rows = s.undo().unwrap_or_default();
    let summary = s.summary();
    persist(&state, &mut f)?;
    Ok(EditResult { summary, rows })
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn export_problems(state: State<'_, AppState>, file_id: String, path: PathBuf) -> Result<()> {
    let lang = state.lang();
    let handle = state.file(&file_id)?;
    blocking(move || {
        let mut f = lock(&handle);
        f.whole().map_err(err(lang))?;
        edits::write_problems_xlsx(&path, session(lang, &mut f)?, lang).map_err(|e| Error::app(lang, AppText::CannotWrite(&path.display().to_string(), &e.message(lang))))
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub async fn export_corrected(state: State<'_, AppState>, file_id: String, path: PathBuf) -> Result<()> {
    let lang = state.lang();
    let handle = state.file(&file_id)?;
    blocking(move || {
        let f = lock(&handle);
        f.whole().map_err(err(lang))?;
        edits::write_table_xlsx(&path, f.table()).map_err(|e| Error::app(lang, AppText::CannotWrite(&path.display().to_string(), &e.message(lang))))
    })
    .await
}
