//! Reading: one call opens any supported file, whatever its extension says.
//!
//! [`open`] sniffs the content (zip, OLE, HTML, text) and picks the reader: calamine for
//! xlsx/xlsm/xlsb/xls/ods, `csv` + encoding detection for CSV/TSV, an HTML table reader for
//! the `.xls` files some platforms write as HTML. [`Workbook::table`] then finds the header
//! row, fills merged cells below it, cleans every cell and returns a [`Table`].

use std::path::Path;

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
    #[error("file is password-protected")]
    Encrypted,
    /// Recognisably something else: `what` is a short kind like "png", "jpeg", "pdf", "docx", "zip", "binary".
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
}

/// An opened file: its format, its sheets, and the reader to get tables from them.
pub struct Workbook {
    // filled by the reader implementation
}

/// Open any supported file. Never panics on bad input: every failure is a [`ReadError`].
pub fn open(path: &Path) -> Result<Workbook, ReadError> {
    let _ = path;
    todo!()
}

impl Workbook {
    pub fn format(&self) -> Format {
        todo!()
    }

    /// For CSV/TSV: the detected encoding as a lower-case WHATWG label
    /// (`utf-8`, `gb18030`, `gbk`, `utf-16le`, `utf-16be`). `None` for workbooks.
    pub fn encoding(&self) -> Option<&'static str> {
        todo!()
    }

    /// Every sheet's name, in workbook order (a CSV has one sheet named after the file stem).
    pub fn sheet_names(&self) -> Vec<String> {
        todo!()
    }

    /// Every sheet with its size; reads each sheet (used by `inspect`, not by `validate`).
    pub fn sheet_infos(&mut self) -> Result<Vec<SheetInfo>, ReadError> {
        todo!()
    }

    /// The sheet to use when none is named: the first one that holds any data.
    pub fn default_sheet(&mut self) -> Result<String, ReadError> {
        todo!()
    }

    /// Read one sheet (`None`: [`Workbook::default_sheet`]) into a [`Table`]. `header_row`
    /// (1-based) overrides detection.
    pub fn table(&mut self, sheet: Option<&str>, header_row: Option<u32>) -> Result<Table, ReadError> {
        let _ = (sheet, header_row);
        todo!()
    }
}
