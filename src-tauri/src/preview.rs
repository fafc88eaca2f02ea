//! The preview screen over `orderdock_core::session`: validate with a mapping, fetch pages
//! of rows with their issues, edit a cell (saved at once, so corrections survive a
//! restart), undo, and export the problems or the corrected file.

use std::path::PathBuf;

use chrono::Utc;
use orderdock_core::mapping::Mapping;
use orderdock_core::messages::Lang;
use orderdock_core::session::{GridRow, Page, Session, Summary};
use orderdock_remote::edits;
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use tracing::instrument;

use crate::error::{Error, Result, err};
use crate::mapping::parse_mapping;
use crate::state::{AppState, Data, OpenFile, lock};
use orderdock_core::messages::AppText;

#[derive(Debug, Serialize, specta::Type)]
pub struct EditResult {
    summary: Summary,
    rows: Vec<GridRow>,
}

/// Make (or re-map) the file's session with `mapping`. The tables move into the session,
/// so the mapping is bound first: a mistake in it must not lose them. While the rest of
/// the file is being read, the session covers its first rows (`Session::of_prefix`).
pub fn prepare(lang: Lang, f: &mut OpenFile, mapping: &Mapping) -> Result<()> {
    let now = Utc::now();
    match &mut f.data {
        Data::Session(_) if f.mapping.as_ref() == Some(mapping) => Ok(()),
        Data::Session(s) => {
            s.remap(mapping, now).map_err(err(lang))?;
            f.mapping = Some(mapping.clone());
            Ok(())
        }
        Data::Tables { main, lines } => {
            mapping.bind(main, lines.as_ref()).map_err(err(lang))?;
            let (main, lines) = (std::mem::take(main), lines.take());
            f.session_lines = lines.clone();
            let made = match f.reading {
                Some(_) => Session::of_prefix(main, mapping, lang, now),
                None => Session::new(main, lines, mapping, lang, now),
            };
            let mut s = made.map_err(err(lang))?;
            s.apply_edits(&f.stored_edits);
            f.data = Data::Session(Box::new(s));
            f.mapping = Some(mapping.clone());
            Ok(())
        }
    }
}

/// The file's session, in the current language; an error until `validate` made one.
pub fn session(lang: Lang, f: &mut OpenFile) -> Result<&mut Session> {
    match &mut f.data {
        Data::Session(s) => {
            s.set_lang(lang);
            Ok(s)
        }
        Data::Tables { .. } => Err(Error::app(lang, AppText::ValidateFirst)),
    }
}

/// Store the session's corrections (and exclusions) for this version of the file.
pub(crate) fn persist(state: &AppState, f: &mut OpenFile) -> Result<()> {
    let lang = state.lang();
    let (key, sheet) = (f.key.clone(), f.sheet().to_string());
    let stored = f.stored_edits.clone();
    let edits = session(lang, f)?.edits_to_store(&stored);
    state.edit_store()?.save(&key, &sheet, &edits).map_err(err(lang))?;
    f.stored_edits = edits;
    Ok(())
}

pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tauri::async_runtime::spawn_blocking(work).await.map_err(|e| Error::new(e.to_string()))?
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, mapping), err(Debug))]
pub async fn validate(state: State<'_, AppState>, file_id: String, mapping: Value) -> Result<Summary> {
    let lang = state.lang();
    let mapping = parse_mapping(lang, &mapping)?;
    let handle = state.file(&file_id)?;
    blocking(move || {
        let mut f = lock(&handle);
        prepare(lang, &mut f, &mapping)?;
        Ok(session(lang, &mut f)?.summary())
    })
    .await
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
    let rows = s.edit(index, column, &value).map_err(|e| Error::new(e.to_string()))?;
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
        f.whole(lang)?;
        edits::write_problems_xlsx(&path, session(lang, &mut f)?, lang).map_err(|e| Error::new(format!("{}: {e}", path.display())))
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
        f.whole(lang)?;
        edits::write_table_xlsx(&path, f.table()).map_err(|e| Error::new(format!("{}: {e}", path.display())))
    })
    .await
}
