//! Opening files: `open_file`, `choose_sheet`, `recent_files`. Reading runs on a blocking
//! thread (a 500,000-row workbook takes seconds); corrections stored for the same version
//! of the file are picked up here and applied when the preview is made.

use std::path::{Path, PathBuf};

use orderdock_core::read::{self, SheetInfo};
use orderdock_remote::edits::FileKey;
use serde::{Deserialize, Serialize};
use tauri::State;
use tracing::instrument;

use crate::error::{err, Error, Result};
use crate::settings::{load_json, save_json};
use crate::state::{lock, AppState, Data, OpenFile};

/// Rows of the sheet shown for the header-row confirmation.
const HEAD_ROWS: usize = 30;
const RECENT_MAX: usize = 20;

#[derive(Debug, Serialize)]
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
    data_rows: usize,
    /// The sheet's first rows from row 1 (titles and blank rows included), as displayed.
    head: Vec<Vec<String>>,
}

#[derive(Debug, Serialize)]
struct Sheet {
    name: String,
    rows: usize,
    columns: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentFile {
    path: String,
    opened_at: String,
}

fn info(id: &str, f: &OpenFile) -> FileInfo {
    let t = f.table();
    FileInfo {
        file_id: id.to_string(),
        path: f.path.display().to_string(),
        format: f.format,
        encoding: f.encoding,
        sheets: f.sheets.iter().map(|s: &SheetInfo| Sheet { name: s.name.clone(), rows: s.rows, columns: s.columns }).collect(),
        sheet: t.sheet.clone(),
        header_row: t.header_row,
        columns: t.columns.clone(),
        data_rows: t.len(),
        head: f.head.clone(),
    }
}

/// Read the main file (one sheet, or the first with data) and the item file.
fn load(lang: orderdock_core::messages::Lang, path: &Path, lines_path: Option<&Path>, sheet: Option<&str>, header_row: Option<u32>) -> Result<OpenFile> {
    fn read_err(lang: orderdock_core::messages::Lang, p: &Path) -> impl Fn(read::ReadError) -> Error + '_ {
        move |e| Error::new(format!("{}: {}", p.display(), e.message(lang)))
    }
    let mut book = read::open(path).map_err(read_err(lang, path))?;
    let sheets = book.sheet_infos().map_err(read_err(lang, path))?;
    let head = book.head(sheet, HEAD_ROWS).map_err(read_err(lang, path))?;
    let main = book.table(sheet, header_row).map_err(read_err(lang, path))?;
    let lines = match lines_path {
        Some(p) => Some(read::open(p).and_then(|mut b| b.table(None, None)).map_err(read_err(lang, p))?),
        None => None,
    };
    Ok(OpenFile {
        path: path.to_path_buf(),
        lines_path: lines_path.map(Path::to_path_buf),
        key: FileKey::of(path).map_err(err(lang))?,
        format: book.format().as_str(),
        encoding: book.encoding(),
        sheets,
        head,
        data: Data::Tables { main, lines },
        mapping: None,
        stored_edits: Vec::new(),
    })
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

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn open_file(state: State<'_, AppState>, path: PathBuf, lines_path: Option<PathBuf>) -> Result<FileInfo> {
    let lang = state.lang();
    let (p, lp) = (path.clone(), lines_path.clone());
    let mut file = tauri::async_runtime::spawn_blocking(move || load(lang, &p, lp.as_deref(), None, None)).await.map_err(|e| Error::new(e.to_string()))??;
    restore_edits(&state, &mut file)?;
    remember(&path);
    let id = state.add_file(file);
    let handle = state.file(&id)?;
    let f = lock(&handle);
    Ok(info(&id, &f))
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn choose_sheet(state: State<'_, AppState>, file_id: String, sheet: String, header_row: Option<u32>) -> Result<FileInfo> {
    let lang = state.lang();
    let handle = state.file(&file_id)?;
    let (path, lines_path) = {
        let f = lock(&handle);
        (f.path.clone(), f.lines_path.clone())
    };
    let mut file = tauri::async_runtime::spawn_blocking(move || load(lang, &path, lines_path.as_deref(), Some(&sheet), header_row)).await.map_err(|e| Error::new(e.to_string()))??;
    restore_edits(&state, &mut file)?;
    let mut f = lock(&handle);
    *f = file;
    Ok(info(&file_id, &f))
}

#[tauri::command]
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
        let f = load(orderdock_core::messages::Lang::Zh, &csv, None, None, None).unwrap();
        let i = info("f1", &f);
        assert_eq!(i.format, "csv");
        assert_eq!(i.columns, vec!["订单编号", "金额"]);
        assert_eq!(i.header_row, 2);
        assert_eq!(i.head, vec![vec!["订单报表", ""], vec!["订单编号", "金额"], vec!["A1", "10"], vec!["A2", "=1+1"]]);
        assert_eq!(i.data_rows, 2);
        let Err(missing) = load(orderdock_core::messages::Lang::En, &dir.path().join("nope.csv"), None, None, None) else { panic!("a missing file opened") };
        assert!(missing.message.contains("not found"), "{}", missing.message);
    }
}
