//! Reading: one call opens any supported file, whatever its extension says.
//!
//! [`open`] sniffs the content (zip, OLE, HTML, text) and picks the reader: calamine for
//! xlsx/xlsm/xlsb/xls/ods, `csv` + encoding detection for CSV/TSV, an HTML table reader for
//! the `.xls` files some platforms write as HTML. [`Workbook::table`] then finds the header
//! row, fills merged cells below it, cleans every cell and returns a [`Table`].

mod clean;
mod excel;
mod grid;
mod header;
mod html;
mod ods_merges;
mod package;
mod sniff;
#[cfg(test)]
mod tests;
mod text;
mod xlsb_merges;
mod xlsx_merges;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub use clean::clean;
use grid::Grid;
use sniff::Kind;

use crate::table::Table;

/// What a file turned out to be (by content, not by extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    Csv,
    Tsv,
    /// An HTML table saved with an `.xls` name.
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Html => "html",
        }
    }
}

/// A sheet's size as stored (all rows and columns of its used range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetInfo {
    pub name: String,
    pub rows: usize,
    pub columns: usize,
}

/// Why a file cannot be read. Messages live in [`crate::messages`].
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ReadError {
    #[error("file not found: {0}")]
    NotFound(String),
    #[error("cannot read file: {0}")]
    Io(String),
    #[error("file is empty")]
    Empty,
    /// A folder, a device or a pipe: refused before anything is read (a pipe would block
    /// forever, `/dev/zero` never ends).
    #[error("not a regular file: {0}")]
    NotAFile(String),
    /// Another program (Excel, WPS) holds the file open and the system will not share it.
    #[error("file is open in another program: {0}")]
    Locked(String),
    #[error("file is password-protected")]
    Encrypted,
    /// Recognisably something else: `what` is a short kind like "png", "jpeg", "pdf", "docx",
    /// "zip", "html" (a web page without a table), "binary".
    #[error("not a spreadsheet ({what})")]
    NotSpreadsheet { what: String },
    /// Looks like a spreadsheet but is damaged or truncated.
    #[error("damaged file: {0}")]
    Corrupt(String),
    #[error("no sheet named {name}")]
    NoSuchSheet { name: String, available: Vec<String> },
    /// The sheet (or the whole file) holds no data.
    #[error("sheet {sheet} is empty")]
    EmptySheet { sheet: String },
    /// A header row was asked for beyond the sheet's last row.
    #[error("header row {row} is beyond the last row {last}")]
    HeaderRowOutOfRange { row: u32, last: u32 },
    /// [`Workbook::stopper`] was set while reading.
    #[error("reading stopped")]
    Stopped,
}

/// An opened file: its format, its sheets, and the reader to get tables from them.
pub struct Workbook {
    format: Format,
    encoding: Option<&'static str>,
    names: Vec<String>,
    source: Source,
    /// Sheets already read (by `sheet_infos` or `default_sheet`), handed to `table` without
    /// reading them again: a 100,000-row sheet is read once on the way to `validate`.
    loaded: Vec<Option<Grid>>,
    /// The sheet row the read in progress has reached (see [`Workbook::progress`]).
    progress: Arc<AtomicUsize>,
    /// Set to stop a read in progress (see [`Workbook::stopper`]).
    stop: Arc<AtomicBool>,
}

/// Sheet rows [`Workbook::preview`] is asked for by the app: read in a few milliseconds,
/// and many pages of the grid.
pub const PREVIEW_ROWS: usize = 5_000;

/// What the import screen shows, from the first rows of each sheet only (see
/// [`Workbook::preview`]).
#[derive(Debug)]
pub struct Preview {
    /// Every sheet; a sheet read only in part gives the row count its file declares
    /// (estimated from the bytes read for CSV).
    pub sheets: Vec<SheetInfo>,
    pub sheet: String,
    /// The sheet's first rows as displayed, row 1 first (see [`Workbook::head`]).
    pub head: Vec<Vec<String>>,
    /// The data rows read so far, below the header row that was found (or given).
    pub table: Table,
    /// `table` holds the whole sheet: [`Workbook::table`] would read nothing more.
    pub complete: bool,
}

/// Where a sheet's cells come from when they are not loaded yet.
enum Source {
    /// A workbook, and the merges of each sheet that its reader does not give (ODS).
    Book(Box<excel::Excel>, Vec<Vec<grid::Span>>),
    Text(text::TextFile),
    /// Decoded HTML, parsed again only if a table is asked for twice.
    Html(String),
}

/// Open any supported file. Never panics on bad input: every failure is a [`ReadError`].
pub fn open(path: &Path) -> Result<Workbook, ReadError> {
    let io = |e: std::io::Error| io_error(path, &e);
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(ReadError::NotAFile(path.display().to_string()));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    guard(|| {
        let (format, encoding, names, source, mut loaded) = match sniff::kind(&bytes, &ext)? {
            Kind::Workbook(format) => {
                // Chart, dialog and macro sheets hold no rows: they are left out of the list.
                let sheets = match format {
                    Format::Xlsx | Format::Xlsm | Format::Xlsb => package::sheets(&bytes, format == Format::Xlsb),
                    _ => package::Sheets::default(),
                };
                // calamine does not give an ODS file's merges: they are found here, by sheet.
                let ods_merges = if format == Format::Ods { ods_merges::by_sheet(&bytes).unwrap_or_default() } else { Vec::new() };
                let book = excel::Excel::open(sheets.rewritten.unwrap_or(bytes), format)?;
                let names: Vec<String> = book.sheet_names().into_iter().filter(|n| !sheets.not_worksheets.contains(n)).collect();
                let merges = names.iter().map(|n| ods_merges.iter().find(|(s, _)| s == n).map(|(_, m)| m.clone()).unwrap_or_default()).collect();
                (format, None, names, Source::Book(Box::new(book), merges), Vec::new())
            }
            Kind::Html => {
                let html = html::decode(&bytes);
                let (names, grids): (Vec<_>, Vec<_>) = html::tables(&html).into_iter().map(|(n, g)| (n, Some(g))).unzip();
                // `<table` was only mentioned (in a script or a comment): a web page, not a sheet.
                if names.is_empty() {
                    return Err(ReadError::NotSpreadsheet { what: "html".into() });
                }
                (Format::Html, None, names, Source::Html(html), grids)
            }
            Kind::Text => {
                let file = text::open(&bytes, &ext)?;
                let format = if file.delimiter == b'\t' { Format::Tsv } else { Format::Csv };
                (format, Some(file.encoding), vec![stem], Source::Text(file), Vec::new())
            }
        };
        loaded.resize_with(names.len(), || None);
        Ok(Workbook { format, encoding, names, source, loaded, progress: Arc::default(), stop: Arc::default() })
    })
}

/// What a failed read of `path` means to a merchant.
fn io_error(path: &Path, e: &std::io::Error) -> ReadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound(path.display().to_string()),
        _ if held_by_another_program(e) => ReadError::Locked(path.display().to_string()),
        _ => ReadError::Io(e.to_string()),
    }
}

/// Windows refuses to read a file Excel or WPS has open: ERROR_SHARING_VIOLATION (32) or
/// ERROR_LOCK_VIOLATION (33). Elsewhere those numbers mean other things (32 is EPIPE).
pub(crate) fn held_by_another_program(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

/// calamine (and the zip/OLE readers under it) can panic on malformed files. A panic here
/// becomes [`ReadError::Corrupt`]. What the panic prints is left to the program: a library
/// sets no process-wide hook (the `orderdock` binary's keeps the terminal free of it, the
/// app's writes it to its log).
fn guard<T>(f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(ReadError::Corrupt("the file's structure is malformed".into())))
}

impl Workbook {
    pub fn format(&self) -> Format {
        self.format
    }

    /// For CSV/TSV: the detected encoding as a lower-case WHATWG label
    /// (`utf-8`, `gb18030`, `utf-16le`, `utf-16be`). `None` for workbooks.
    pub fn encoding(&self) -> Option<&'static str> {
        self.encoding
    }

    /// Every sheet's name, in workbook order (a CSV has one sheet named after the file stem).
    pub fn sheet_names(&self) -> Vec<String> {
        self.names.clone()
    }

    /// Every sheet with its size; reads each sheet (used by `inspect`, not by `validate`).
    pub fn sheet_infos(&mut self) -> Result<Vec<SheetInfo>, ReadError> {
        self.infos(None)
    }

    fn infos(&mut self, limit: Option<usize>) -> Result<Vec<SheetInfo>, ReadError> {
        (0..self.names.len())
            .map(|i| {
                let (rows, columns) = self.grid(i, limit)?.extent();
                Ok(SheetInfo { name: self.names[i].clone(), rows, columns })
            })
            .collect()
    }

    /// The sheet to use when none is named: the first one that holds any data.
    pub fn default_sheet(&mut self) -> Result<String, ReadError> {
        self.first_with_data(None).map(|i| self.names[i].clone())
    }

    /// Looks at the first `limit` rows of each sheet, and at the rest only when those are blank.
    fn first_with_data(&mut self, limit: Option<usize>) -> Result<usize, ReadError> {
        for i in 0..self.names.len() {
            let g = self.grid(i, limit)?;
            if g.has_data() || (g.partial.is_some() && self.grid(i, None)?.has_data()) {
                return Ok(i);
            }
        }
        Err(ReadError::EmptySheet { sheet: self.names.first().cloned().unwrap_or_default() })
    }

    /// The first `n` rows of a sheet as displayed, row 1 first (title and blank rows
    /// included): what a person looks at to confirm the header row. Call before [`Workbook::table`].
    pub fn head(&mut self, sheet: Option<&str>, n: usize) -> Result<Vec<Vec<String>>, ReadError> {
        let i = self.sheet_index(sheet, None)?;
        Ok(head(self.grid(i, None)?, n))
    }

    /// Read one sheet (`None`: [`Workbook::default_sheet`]) into a [`Table`]. `header_row`
    /// (1-based) overrides detection.
    pub fn table(&mut self, sheet: Option<&str>, header_row: Option<u32>) -> Result<Table, ReadError> {
        let i = self.sheet_index(sheet, None)?;
        self.grid(i, None)?;
        self.take_table(i, header_row)
    }

    /// Everything the import screen needs, reading no more than the first `rows` rows of
    /// each sheet (xlsx and CSV; the other formats are read whole): the sheets, the chosen
    /// one's first `head_rows` rows, and its data rows so far. A 500,000-row export shows
    /// at once; [`Workbook::table`] then reads the whole sheet (on another thread, with
    /// [`Workbook::progress`] for a progress bar) when the preview is not `complete`.
    pub fn preview(&mut self, sheet: Option<&str>, header_row: Option<u32>, rows: usize, head_rows: usize) -> Result<Preview, ReadError> {
        let sheets = self.infos(Some(rows))?;
        let i = self.sheet_index(sheet, Some(rows))?;
        let head = head(self.grid(i, Some(rows))?, head_rows);
        let complete = self.loaded[i].as_ref().is_some_and(|g| g.partial.is_none());
        let table = self.take_table(i, header_row)?;
        Ok(Preview { sheets, sheet: self.names[i].clone(), head, table, complete })
    }

    /// The sheet row (0-based) the read in progress has reached: shared, so that another
    /// thread can follow a long [`Workbook::table`].
    pub fn progress(&self) -> Arc<AtomicUsize> {
        self.progress.clone()
    }

    /// Set it (from another thread) to stop a long [`Workbook::table`] of an xlsx or CSV
    /// sheet, which then fails with [`ReadError::Stopped`]: the merchant chose something
    /// else, and a 500,000-row read should not go on taking a core and a gigabyte.
    pub fn stopper(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }

    /// The loaded grid of sheet `i` as a table (the grid is handed over, not copied).
    fn take_table(&mut self, i: usize, header_row: Option<u32>) -> Result<Table, ReadError> {
        let name = self.names[i].clone();
        let grid = self.loaded[i].take().unwrap_or_default();
        guard(|| grid.into_table(&name, header_row))
    }

    /// The index of the named sheet, or of the first with data.
    fn sheet_index(&mut self, sheet: Option<&str>, limit: Option<usize>) -> Result<usize, ReadError> {
        match sheet {
            Some(name) => self.names.iter().position(|n| n == name).ok_or_else(|| ReadError::NoSuchSheet { name: name.to_string(), available: self.names.clone() }),
            None => self.first_with_data(limit),
        }
    }

    /// Sheet `i` (its first `limit` rows, or all of it), read now unless it already is.
    fn grid(&mut self, i: usize, limit: Option<usize>) -> Result<&Grid, ReadError> {
        let enough = |g: &Grid| g.partial.is_none_or(|p| limit.is_some_and(|l| l <= p.limit));
        if !self.loaded[i].as_ref().is_some_and(enough) {
            let name = &self.names[i];
            let (progress, stop) = (&self.progress, &self.stop);
            progress.store(0, Ordering::Relaxed);
            let grid = guard(|| match &mut self.source {
                Source::Book(book, merges) => book.load(name, limit, progress, stop).map(|mut g| {
                    if g.merges.is_empty() {
                        g.merges = merges.get(i).cloned().unwrap_or_default();
                    }
                    g
                }),
                Source::Text(file) => text::parse(file, limit, progress, stop),
                Source::Html(html) => Ok(html::tables(html).into_iter().nth(i).map(|(_, g)| g).unwrap_or_default()),
            })?;
            self.loaded[i] = Some(grid);
        }
        Ok(self.loaded[i].get_or_insert_default())
    }
}

/// The first `n` rows of `grid` as displayed, from sheet row 1.
fn head(grid: &Grid, n: usize) -> Vec<Vec<String>> {
    let row0 = grid.row0 as usize;
    (0..n.min(row0 + grid.height())).map(|r| if r < row0 { vec![String::new(); grid.width] } else { grid.row(r - row0).iter().map(crate::table::Cell::display).collect() }).collect()
}
