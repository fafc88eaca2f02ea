//! Opening files: `open_file`, `choose_sheet`, `recent_files`. Only the sheet's first rows
//! are read before answering (`read::Workbook::preview`), so that a 500,000-row export shows
//! at once; the rest is read on another thread while the merchant maps the columns, with
//! `file-progress` events, and `file-loaded` when it is done. Corrections stored for the
//! same version of the file are picked up here and applied when the preview is made.
//!
//! Two-file exports (Taobao's 订单报表 + 宝贝报表): whichever order the two files come in,
//! the item report (`Platform::item_key`) becomes the lines file; and a file opened alone
//! right after the other half of its export is opened together with it.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use orderdock_core::messages::Lang;
use orderdock_core::platforms::Platform;
use orderdock_core::read::{self, SheetInfo, Workbook};
use orderdock_remote::edits::FileKey;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Runtime, State};
use tracing::instrument;

use crate::error::{Error, Result, err};
use crate::preview::{blocking, prepare};
use crate::settings::{load_json, save_json};
use crate::state::{AppState, Data, OpenFile, Reading, lock};

/// Rows of the sheet shown for the header-row confirmation.
const HEAD_ROWS: usize = 30;
const RECENT_MAX: usize = 20;

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

/// What is left to read after the preview: the open workbook and where its table is.
struct Rest {
    book: Workbook,
    sheet: String,
    header_row: u32,
}

#[derive(Debug, Serialize, specta::Type)]
struct Sheet {
    name: String,
    rows: usize,
    columns: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RecentFile {
    path: String,
    opened_at: String,
}

fn info(id: &str, f: &OpenFile, lang: Lang) -> FileInfo {
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
        data_rows: if f.reading.is_some() { f.sheet_rows().saturating_sub(t.header_row as usize) } else { t.len() },
        reading: f.reading.is_some(),
        head: f.head.clone(),
        platform: f.platform.map(|p| PlatformInfo::of(p, lang)),
        item_report: f.platform.is_some_and(|p| p.item_key.is_some()) && lines.is_none(),
        needs_item_report: f.platform.is_some_and(|p| p.items.is_some()) && lines.is_none(),
        lines,
    }
}

/// The layout a file's headers show, from its first rows only.
fn layout_of(lang: Lang, path: &Path) -> Result<Option<&'static Platform>> {
    let preview = read::open(path).and_then(|mut b| b.preview(None, None, 50, 0)).map_err(|e| Error::new(format!("{}: {}", path.display(), e.message(lang))))?;
    Ok(Platform::recognise(&preview.table.columns))
}

fn is_item_report(p: Option<&'static Platform>) -> bool {
    p.is_some_and(|p| p.item_key.is_some())
}

/// The file open now, as the other half of a two-file export: where it is and its layout.
struct OpenHalf {
    path: PathBuf,
    platform: Option<&'static Platform>,
}

/// Which file is the order report and which the item report. Two files given: the item
/// report is the lines file whichever came first. One file given while the other half of
/// its export is open alone (an order report waiting for its item report, or the reverse):
/// both, paired. Anything else opens as given.
fn arrange(lang: Lang, path: PathBuf, lines_path: Option<PathBuf>, open: Option<OpenHalf>) -> Result<(PathBuf, Option<PathBuf>)> {
    if let Some(lines) = lines_path {
        let swap = is_item_report(layout_of(lang, &path)?) && !is_item_report(layout_of(lang, &lines)?);
        return Ok(if swap { (lines, Some(path)) } else { (path, Some(lines)) });
    }
    let Some(open) = open.filter(|o| o.path != path) else { return Ok((path, None)) };
    let (Some(was), Some(new)) = (open.platform, layout_of(lang, &path)?) else { return Ok((path, None)) };
    Ok(if was.items == Some(new.id) {
        (open.path, Some(path))
    } else if new.items == Some(was.id) {
        (path, Some(open.path))
    } else {
        (path, None)
    })
}

/// Read the first rows of the main file (one sheet, or the first with data) and, for a
/// two-file export, all of both files. Returns what is left to read, if anything.
fn load(lang: Lang, path: &Path, lines_path: Option<&Path>, sheet: Option<&str>, header_row: Option<u32>) -> Result<(OpenFile, Option<Rest>)> {
    fn read_err(lang: Lang, p: &Path) -> impl Fn(read::ReadError) -> Error + '_ {
        move |e| Error::new(format!("{}: {}", p.display(), e.message(lang)))
    }
    let mut book = read::open(path).map_err(read_err(lang, path))?;
    let (format, encoding) = (book.format().as_str(), book.encoding());
    let preview = book.preview(sheet, header_row, read::PREVIEW_ROWS, HEAD_ROWS).map_err(read_err(lang, path))?;
    let (sheet, header_row) = (preview.sheet, preview.table.header_row);
    let mut main = preview.table;
    let lines = match lines_path {
        Some(p) => Some(read::open(p).and_then(|mut b| b.table(None, None)).map_err(read_err(lang, p))?),
        None => None,
    };
    let mut reading = None;
    if !preview.complete {
        if lines.is_some() {
            // The items of a two-file export join the orders by number: check them only whole.
            main = book.table(Some(&sheet), Some(header_row)).map_err(read_err(lang, path))?;
        } else {
            reading = Some(Reading { generation: 0, progress: book.progress(), failed: None, stop: book.stopper() });
        }
    }
    let platform = Platform::recognise(&main.columns);
    let file = OpenFile {
        path: path.to_path_buf(),
        lines_path: lines_path.map(Path::to_path_buf),
        key: FileKey::of(path).map_err(err(lang))?,
        format,
        encoding,
        sheets: preview.sheets,
        head: preview.head,
        platform,
        data: Data::Tables { main, lines },
        session_lines: None,
        mapping: None,
        stored_edits: Vec::new(),
        reading,
    };
    let rest = file.reading.is_some().then_some(Rest { book, sheet, header_row });
    Ok((file, rest))
}

/// Read the rest of the sheet on another thread, reporting progress to the window, and put
/// the whole table in place of the first rows (unless a newer read took over meanwhile).
/// The thread holds the file weakly: a file let go stops its read (see `Reading`).
fn read_rest<R: Runtime>(app: &AppHandle<R>, lang: Lang, file_id: String, handle: &Arc<Mutex<OpenFile>>, generation: u64, rest: Rest) {
    let (progress, rows) = {
        let f = lock(handle);
        let Some(r) = &f.reading else { return };
        (r.progress.clone(), f.sheet_rows())
    };
    let file = Arc::downgrade(handle);
    let (done_tx, mut done_rx) = tokio::sync::oneshot::channel::<()>();
    let (ticker_app, id) = (app.clone(), file_id.clone());
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::select! {
                _ = &mut done_rx => break,
                _ = tokio::time::sleep(Duration::from_millis(250)) => {
                    let _ = ticker_app.emit("file-progress", FileProgress { file_id: id.clone(), rows_read: progress.load(Ordering::Relaxed), rows });
                }
            }
        }
    });
    let app = app.clone();
    std::thread::spawn(move || {
        let Rest { mut book, sheet, header_row } = rest;
        let result = book.table(Some(&sheet), Some(header_row));
        let _ = done_tx.send(());
        let Some(handle) = file.upgrade() else { return };
        let mut f = lock(&handle);
        let Some(reading) = f.reading.as_mut().filter(|r| r.generation == generation) else { return };
        let data_rows = result.as_ref().ok().map(|t| t.len());
        let error = match result {
            Ok(main) => {
                f.reading = None;
                f.data = Data::Tables { main, lines: None };
                // Check the whole file now, under the lock, so that no page is asked of a
                // session in between; the corrections made meanwhile were stored at each edit.
                match f.mapping.take() {
                    Some(m) => prepare(lang, &mut f, &m).err().map(|e| e.message),
                    None => None,
                }
            }
            Err(e) => {
                let why = e.message(lang);
                reading.failed = Some(why.clone());
                Some(why)
            }
        };
        drop(f);
        let _ = app.emit("file-loaded", FileLoaded { file_id, data_rows, error });
    });
}

fn restore_edits(state: &AppState, f: &mut OpenFile) -> Result<()> {
    f.stored_edits = state.edit_store()?.load(&f.key, f.sheet()).map_err(err(state.lang()))?;
    Ok(())
}

fn remember(path: &Path) {
    let mut recent: Vec<RecentFile> = load_json("recent.json");
    let path = path.display().to_string();
    recent.retain(|r| r.path != path);
    recent.insert(0, RecentFile { path, opened_at: chrono::Utc::now().to_rfc3339() });
    recent.truncate(RECENT_MAX);
    // A recent-files list that cannot be saved is not worth failing the open for.
    let _ = save_json("recent.json", &recent);
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
    let (mut file, rest) = tauri::async_runtime::spawn_blocking(move || load(lang, &path, lines_path.as_deref(), sheet.as_deref(), header_row)).await.map_err(|e| Error::new(e.to_string()))??;
    restore_edits(state, &mut file)?;
    let generation = state.next_number();
    if let Some(r) = &mut file.reading {
        r.generation = generation;
    }
    let id = match file_id {
        Some(id) => {
            *lock(&*state.file(&id)?) = file;
            id
        }
        None => state.add_file(file),
    };
    let handle = state.file(&id)?;
    if let Some(rest) = rest {
        read_rest(app, lang, id.clone(), &handle, generation, rest);
    }
    let f = lock(&handle);
    Ok(info(&id, &f, lang))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(app, state), err(Debug))]
pub async fn open_file<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, path: PathBuf, lines_path: Option<PathBuf>) -> Result<FileInfo> {
    let lang = state.lang();
    // Only a file open alone can be the other half of a two-file export.
    let open = state.open_now().and_then(|h| {
        let f = lock(&h);
        f.lines_path.is_none().then(|| OpenHalf { path: f.path.clone(), platform: f.platform })
    });
    let (path, lines_path) = blocking(move || arrange(lang, path, lines_path, open)).await?;
    let info = read_into(&app, &state, None, path.clone(), lines_path, None, None).await?;
    remember(&path);
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
    load_json("recent.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_starts_at_row_one_with_the_title() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("o.csv");
        std::fs::write(&csv, "订单报表\n订单编号,金额\nA1,10\nA2,=1+1\n").unwrap();
        let (f, rest) = load(Lang::Zh, &csv, None, None, None).unwrap();
        assert!(rest.is_none() && f.reading.is_none());
        let i = info("f1", &f, Lang::Zh);
        assert_eq!(i.format, "csv");
        assert_eq!(i.columns, vec!["订单编号", "金额"]);
        assert_eq!(i.header_row, 2);
        assert_eq!(i.head, vec![vec!["订单报表", ""], vec!["订单编号", "金额"], vec!["A1", "10"], vec!["A2", "=1+1"]]);
        assert_eq!(i.data_rows, 2);
        let Err(missing) = load(Lang::En, &dir.path().join("nope.csv"), None, None, None) else { panic!("a missing file opened") };
        assert!(missing.message.contains("not found"), "{}", missing.message);
    }
}
