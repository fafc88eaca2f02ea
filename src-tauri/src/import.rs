//! Opening files: `open_file`, `choose_sheet`, `recent_files`, over
//! `orderdock_document::Document`: its first rows answer at once, the rest is read in the
//! background with `file-progress` events, and `file-loaded` when it is done. Corrections
//! stored for the same version of the file are picked up here; a two-file export is paired
//! by `orderdock_document::pair`.

use std::path::PathBuf;

use orderdock_core::messages::Lang;
use orderdock_core::platforms::Platform;
use orderdock_core::read::SheetInfo;
use orderdock_document::{Document, Event, pair};
use orderdock_remote::recent::{RecentFile, RecentFiles};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};
use tracing::instrument;

use crate::error::{Result, err};
use crate::preview::blocking;
use crate::state::{AppState, lock};

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FileInfo {
    file_id: String,
    path: String,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    sheets: Vec<Sheet>,
    sheet: String,
    header_row: u32,
    columns: Vec<String>,
    /// Data rows; while `reading`, an estimate from the sheet's declared size.
    data_rows: usize,
    /// The rest of the sheet is still being read.
    reading: bool,
    /// The sheet's first rows from row 1 (titles and blank rows included), as displayed.
    head: Vec<Vec<String>>,
    /// The export layout the headers show, if OrderDock knows it.
    platform: Option<PlatformInfo>,
    /// The file is the item report of a two-file export: its order report is needed too.
    item_report: bool,
    /// The file is an order report whose lines are in an item report not opened yet.
    needs_item_report: bool,
    /// The item file of a two-file export.
    #[serde(skip_serializing_if = "Option::is_none")]
    lines: Option<LinesInfo>,
}

/// A platform layout as the screens name it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PlatformInfo {
    pub id: &'static str,
    pub label: &'static str,
}

impl PlatformInfo {
    pub fn of(p: &'static Platform, lang: Lang) -> PlatformInfo {
        PlatformInfo { id: p.id, label: p.label(lang) }
    }
}

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
struct LinesInfo {
    path: String,
    data_rows: usize,
    columns: Vec<String>,
}

/// `file-progress`: how far the rest of a sheet has been read.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FileProgress {
    file_id: String,
    rows_read: usize,
    rows: usize,
}

/// `file-loaded`: the whole sheet is read (its `dataRows`), or could not be (`error`).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FileLoaded {
    file_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_rows: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, Serialize, specta::Type)]
struct Sheet {
    name: String,
    rows: usize,
    columns: usize,
}

fn info(id: &str, f: &Document, lang: Lang) -> FileInfo {
    let t = f.table();
    let lines = f.lines().zip(f.lines_path.as_ref()).map(|(l, p)| LinesInfo { path: p.display().to_string(), data_rows: l.len(), columns: l.columns.clone() });
    FileInfo {
        file_id: id.to_string(),
        path: f.path.display().to_string(),
        format: f.format,
        encoding: f.encoding,
        sheets: f.sheets.iter().map(|s: &SheetInfo| Sheet { name: s.name.clone(), rows: s.rows, columns: s.columns }).collect(),
        sheet: t.sheet.clone(),
        header_row: t.header_row,
        columns: t.columns.clone(),
        data_rows: f.data_rows(),
        reading: f.is_reading(),
        head: f.head.clone(),
        platform: f.platform.map(|p| PlatformInfo::of(p, lang)),
        item_report: f.is_lone_item_report(),
        needs_item_report: f.needs_item_report(),
        lines,
    }
}

/// A background read's (or check's) event, as the window gets it.
pub(crate) fn emit<R: Runtime>(app: &AppHandle<R>, lang: Lang, file_id: &str, event: Event) {
    let file_id = file_id.to_string();
    let _ = match event {
        Event::Progress { rows_read, rows } => app.emit("file-progress", FileProgress { file_id, rows_read, rows }),
        Event::Loaded { data_rows, checked } => app.emit("file-loaded", FileLoaded { file_id, data_rows: Some(data_rows), error: checked.err().map(|e| e.message(lang)) }),
        Event::Failed(e) => app.emit("file-loaded", FileLoaded { file_id, data_rows: None, error: Some(e.message(lang)) }),
    };
}

/// Read `path` (its first rows now, the rest in the background) and store it as `file_id`,
/// or as a new file.
async fn read_into<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    file_id: Option<String>,
    path: PathBuf,
    lines_path: Option<PathBuf>,
    sheet: Option<String>,
    header_row: Option<u32>,
) -> Result<FileInfo> {
    let lang = state.lang();
    let (mut file, rest) = blocking(move || Document::open(&path, lines_path.as_deref(), sheet.as_deref(), header_row).map_err(err(lang))).await?;
    file.load_edits(&*state.edit_store()?).map_err(err(lang))?;
    let id = match file_id {
        Some(id) => {
            *lock(&*state.file(&id)?) = file;
            id
        }
        None => state.add_file(file),
    };
    let handle = state.file(&id)?;
    if let Some(rest) = rest {
        let (app, file_id) = (app.clone(), id.clone());
        rest.read(&handle, lang, move |e| emit(&app, lang, &file_id, e));
    }
    let f = lock(&handle);
    Ok(info(&id, &f, lang))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(app, state), err(Debug))]
pub async fn open_file<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, path: PathBuf, lines_path: Option<PathBuf>) -> Result<FileInfo> {
    let lang = state.lang();
    let open = state.open_now().and_then(|h| lock(&h).half());
    let (path, lines_path) = blocking(move || pair(path, lines_path, open).map_err(err(lang))).await?;
    let info = read_into(&app, &state, None, path.clone(), lines_path, None, None).await?;
    // A recent-files list that cannot be saved is not worth failing the open for.
    let _ = RecentFiles::open_default().remember(&path, chrono::Utc::now());
    Ok(info)
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(app, state), err(Debug))]
pub async fn choose_sheet<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, file_id: String, sheet: String, header_row: Option<u32>) -> Result<FileInfo> {
    let (path, lines_path) = {
        let handle = state.file(&file_id)?;
        let f = lock(&handle);
        (f.path.clone(), f.lines_path.clone())
    };
    read_into(&app, &state, Some(file_id), path, lines_path, Some(sheet), header_row).await
}

#[tauri::command]
#[specta::specta]
pub fn recent_files() -> Vec<RecentFile> {
    RecentFiles::open_default().list()
}
