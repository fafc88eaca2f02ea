//! The merchant's corrections, kept between runs, and the preview's two exports.
//!
//! Corrections ([`CellEdit`]s, an overlay over the file: the file itself is never written)
//! are stored in the journal's SQLite file, in a table of their own keyed by the file's
//! path, size and modification time and the sheet: reopening the same file brings its
//! corrections back, while a file that changed on disk starts clean rather than getting
//! edits meant for other cells.
//!
//! [`write_problems_xlsx`] lists every issue of a [`Session`]; [`write_table_xlsx`] writes
//! the corrected table. As in [`crate::results`], text goes in as strings, so a cell
//! starting with `= + - @` is never evaluated as a formula.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use orderdock_core::messages::{Lang, SheetText, io_failed};
use orderdock_core::session::{CellEdit, Session, code_id};
use orderdock_core::table::{Cell, Table};
use orderdock_core::validate::Severity;
use rusqlite::{Connection, params};

/// Which file (and which version of it) edits belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileKey {
    pub path: String,
    pub size: u64,
    /// Modification time, milliseconds since 1970.
    pub modified_ms: i64,
}

impl FileKey {
    pub fn of(path: &Path) -> std::io::Result<FileKey> {
        let meta = std::fs::metadata(path)?;
        let modified_ms = meta.modified()?.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from(path));
        Ok(FileKey { path: path.display().to_string(), size: meta.len(), modified_ms })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EditsError {
    #[error("corrections store: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl EditsError {
    pub fn message(&self, lang: Lang) -> String {
        let EditsError::Sqlite(e) = self;
        orderdock_core::messages::corrections_unusable(lang, &e.to_string())
    }
}

/// The corrections table in the journal's SQLite file.
pub struct EditStore {
    conn: Mutex<Connection>,
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS edits (
  file TEXT NOT NULL, size INTEGER NOT NULL, modified INTEGER NOT NULL, sheet TEXT NOT NULL,
  seq INTEGER NOT NULL, row INTEGER NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (file, size, modified, sheet, seq));
";

impl EditStore {
    pub fn open(path: &Path) -> Result<EditStore, EditsError> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        Ok(EditStore { conn: Mutex::new(conn) })
    }

    /// The store beside this user's upload journal.
    pub fn open_default() -> Result<EditStore, EditsError> {
        EditStore::open(&crate::journal::Journal::default_path())
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The corrections stored for this file and sheet, in the order they were saved.
    pub fn load(&self, file: &FileKey, sheet: &str) -> Result<Vec<CellEdit>, EditsError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT row, col, value FROM edits WHERE file = ?1 AND size = ?2 AND modified = ?3 AND sheet = ?4 ORDER BY seq")?;
        let rows = stmt.query_map(params![file.path, file.size as i64, file.modified_ms, sheet], |r| Ok(CellEdit { row: r.get(0)?, column: r.get(1)?, value: r.get(2)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Replace the corrections of this file and sheet with `edits` (the session's overlay).
    pub fn save(&self, file: &FileKey, sheet: &str, edits: &[CellEdit]) -> Result<(), EditsError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM edits WHERE file = ?1 AND size = ?2 AND modified = ?3 AND sheet = ?4", params![file.path, file.size as i64, file.modified_ms, sheet])?;
        {
            let mut insert = tx.prepare("INSERT INTO edits (file, size, modified, sheet, seq, row, col, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
            for (seq, e) in edits.iter().enumerate() {
                insert.execute(params![file.path, file.size as i64, file.modified_ms, sheet, seq as i64, e.row, e.column, e.value])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// Why an export file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The system refused: no such folder, no permission, the disk full, the file open in Excel.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The writer's own words (a sheet too large, a cell too long).
    #[error("{0}")]
    Format(String),
}

impl WriteError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            WriteError::Io(e) => io_failed(lang, e),
            WriteError::Format(why) => why.clone(),
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for WriteError {
    fn from(e: rust_xlsxwriter::XlsxError) -> WriteError {
        match e {
            rust_xlsxwriter::XlsxError::IoError(e) => WriteError::Io(e),
            e => WriteError::Format(e.to_string()),
        }
    }
}

/// Every issue of the session, one per row: sheet row, order, column, field, severity,
/// code and the message in `lang`.
pub fn write_problems_xlsx(path: &Path, session: &Session, lang: Lang) -> Result<(), WriteError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    let _ = sheet.set_name(SheetText::Problems.text(lang));
    let header = [SheetText::Row, SheetText::Order, SheetText::Column, SheetText::Field, SheetText::Severity, SheetText::Type, SheetText::Code, SheetText::Message];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h.text(lang))?;
    }
    for (i, issue) in session.issues().enumerate() {
        let r = i as u32 + 1;
        let mut column = issue.column.clone().unwrap_or_default();
        if issue.lines_file {
            column = format!("{column} {}", SheetText::ItemFile.text(lang));
        }
        let severity = match issue.severity {
            Severity::Error => SheetText::Error,
            Severity::Warning => SheetText::Warning,
        }
        .text(lang);
        sheet.write_number(r, 0, issue.row)?;
        let texts = [issue.order.clone(), column, issue.field.clone().unwrap_or_default(), severity.to_string(), issue.code.label(lang).to_string(), code_id(issue.code), session.message(issue)];
        for (c, text) in texts.iter().enumerate() {
            sheet.write_string(r, c as u16 + 1, text)?;
        }
    }
    Ok(book.save(path)?)
}

/// The (corrected) table: its header row, then every row. Numbers stay numbers, to the 15
/// digits the preview shows (a formula's 0.30000000000000004 is written as 0.3); every other
/// cell is written as the text the preview shows.
pub fn write_table_xlsx(path: &Path, table: &Table) -> Result<(), WriteError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    // Sheet names have rules of their own (≤ 31 characters, no `[]:*?/\`): keep the default if this one breaks them.
    let _ = sheet.set_name(&table.sheet);
    for (c, h) in table.columns.iter().enumerate() {
        sheet.write_string(0, c as u16, h)?;
    }
    for i in 0..table.len() {
        let r = i as u32 + 1;
        for (c, cell) in table.row(i).iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                // Only numbers Excel holds exactly: a longer one is an identifier whose digits are already lost.
                Cell::Number(n) if n.abs() < orderdock_core::table::F64_EXACT_INT_LIMIT => {
                    sheet.write_number(r, c, orderdock_core::table::excel_digits(*n))?;
                }
                other => {
                    sheet.write_string(r, c, other.display())?;
                }
            }
        }
    }
    Ok(book.save(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderdock_core::mapping::Mapping;

    fn table() -> Table {
        let cells = ["A", "=1+1", "10", "B", "@x", "5"];
        Table {
            sheet: "订单".into(),
            header_row: 1,
            columns: vec!["订单编号".into(), "商品条码".into(), "金额".into()],
            cells: cells.iter().enumerate().map(|(i, v)| if i % 3 == 2 { Cell::Number(v.parse().unwrap()) } else { Cell::Text(v.to_string().into()) }).collect(),
            row_numbers: vec![2, 3],
        }
    }

    #[test]
    fn edits_survive_a_reopen_and_belong_to_one_version_of_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("journal.sqlite");
        let file = dir.path().join("orders.csv");
        std::fs::write(&file, "a,b\n1,2\n").unwrap();
        let key = FileKey::of(&file).unwrap();
        let edits = vec![CellEdit { row: 2, column: "b".into(), value: "3".into() }, CellEdit { row: 5, column: "a".into(), value: "=x".into() }];
        EditStore::open(&db).unwrap().save(&key, "orders", &edits).unwrap();

        let store = EditStore::open(&db).unwrap();
        assert_eq!(store.load(&key, "orders").unwrap(), edits);
        assert!(store.load(&key, "other sheet").unwrap().is_empty());
        store.save(&key, "orders", &edits[..1]).unwrap();
        assert_eq!(store.load(&key, "orders").unwrap(), edits[..1]);
        let changed = FileKey { size: key.size + 1, ..key.clone() };
        assert!(store.load(&changed, "orders").unwrap().is_empty());
    }

    #[test]
    fn exports_write_text_as_strings() {
        let dir = tempfile::tempdir().unwrap();
        let corrected = dir.path().join("corrected.xlsx");
        write_table_xlsx(&corrected, &table()).unwrap();
        let back = orderdock_core::read::open(&corrected).unwrap().table(None, None).unwrap();
        assert_eq!(back.columns, table().columns);
        assert_eq!(back.row(0), &[Cell::Text("A".into()), Cell::Text("=1+1".into()), Cell::Number(10.0)]);
        assert_eq!(back.row(1)[1], Cell::Text("@x".into()));
        // A formula's binary leftovers are not written.
        let mut sum = table();
        sum.cells[2] = Cell::Number(0.1 + 0.2);
        write_table_xlsx(&corrected, &sum).unwrap();
        let back = orderdock_core::read::open(&corrected).unwrap().table(None, None).unwrap();
        assert_eq!(back.row(0)[2].display(), "0.3");

        let mapping = Mapping::from_json(r#"{"target": "dmhub", "fields": {"orderNo": {"column": "商品条码"}, "amountPaid": {"column": "金额"}}}"#).unwrap();
        let session = Session::new(table(), None, &mapping, Lang::Zh, chrono::Utc::now()).unwrap();
        let problems = dir.path().join("problems.xlsx");
        write_problems_xlsx(&problems, &session, Lang::Zh).unwrap();
        let back = orderdock_core::read::open(&problems).unwrap().table(None, None).unwrap();
        assert_eq!(back.columns[0], "行号");
        assert_eq!(back.len(), session.issues().count());
        // The order number "=1+1" comes back as text.
        assert!((0..back.len()).any(|r| back.row(r)[1] == Cell::Text("=1+1".into())));
    }
}
