//! `orderdock-document`: an export file the merchant opened, from its first rows to the
//! session the preview works on. Its one job:
//!
//! * the sheet's first rows at once ([`Document::open`]), so that a 500,000-row export shows
//!   at once; the rest read on another thread ([`Rest::read`]) with progress every 250 ms;
//! * the session over the first rows ([`Session::of_prefix`]) swapped for one over the whole
//!   file when it is read and checked, keeping the corrections made meanwhile; a file read
//!   whole before its mapping was set is checked likewise ([`Document::prepare_first`]);
//! * corrections stored for the same version of the file applied ([`Document::load_edits`]),
//!   and every change saved ([`Document::save_edits`]) in `orderdock_remote::edits::EditStore`;
//! * two-file exports (Taobao's 订单报表 + 宝贝报表) paired whichever order the files come in
//!   ([`pair`]);
//! * a read stopped when its document is let go, or replaced by a newer read (another sheet
//!   or header row).
//!
//! The app keeps its document behind a mutex and reads the rest in the background; the
//! `orderdock` command line reads the whole file at once ([`Document::read`]) and checks it
//! ([`Document::check`]). No async runtime: std threads, and a callback for the events.

mod error;
mod pair;
mod rest;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use orderdock_core::assemble::{self, Order, Tables};
use orderdock_core::mapping::{Binding, Mapping};
use orderdock_core::messages::Lang;
use orderdock_core::payload::{self, OrderBody};
use orderdock_core::platforms::Platform;
use orderdock_core::read::{self, SheetInfo};
use orderdock_core::session::{CellEdit, Session};
use orderdock_core::table::Table;
use orderdock_core::validate::{self, Report};
use orderdock_remote::edits::{EditStore, FileKey};

pub use error::Error;
pub use pair::{Half, pair};
pub use rest::{Event, Rest};

use rest::Reading;

/// Rows of the sheet kept for the header-row confirmation.
const HEAD_ROWS: usize = 30;

/// A file the merchant opened (and its item file, for two-file exports).
pub struct Document {
    pub path: PathBuf,
    pub lines_path: Option<PathBuf>,
    pub format: &'static str,
    pub encoding: Option<&'static str>,
    /// Every sheet with its size, from the first rows ([`Document::open`]; a sheet read only in
    /// part gives the size its file declares); empty for a file read whole ([`Document::read`]).
    pub sheets: Vec<SheetInfo>,
    /// The sheet's first rows from row 1, for confirming the header row (as `sheets`).
    pub head: Vec<Vec<String>>,
    /// The export layout the main file's headers show (`Platform::recognise`).
    pub platform: Option<&'static Platform>,
    /// Which version of the file stored corrections belong to.
    key: FileKey,
    data: Data,
    /// The item file's table once it has moved into the session (which keeps it to itself),
    /// for suggestions and samples when the merchant goes back to the mapping. Never corrected.
    session_lines: Option<Table>,
    /// The mapping the session was last made with: validating again with the same one (as
    /// starting an upload does) costs nothing.
    mapping: Option<Mapping>,
    /// The corrections stored for this file: applied when a session is made, and kept up to
    /// date by [`Document::save_edits`].
    stored_edits: Vec<CellEdit>,
    /// Set while the data holds the sheet's first rows only and the rest is being read.
    reading: Option<Reading>,
}

/// The file's rows: plain tables until a mapping is validated, then a session over them
/// (which keeps the corrections when the mapping changes).
enum Data {
    Tables { main: Table, lines: Option<Table> },
    Session(Box<Session>),
}

/// Lock a mutex even if a panicking thread left it poisoned: the data is still usable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// An item file, read whole: its items join the orders by number, so none may be missing.
fn read_lines(path: &Path) -> Result<Table, Error> {
    read::open(path).and_then(|mut b| b.table(None, None)).map_err(Error::read(path))
}

impl Document {
    /// Read the first rows of the main file (the sheet and header row given, else the first
    /// sheet with data and the header row found) and, for a two-file export, all of both
    /// files. Returns what is left to read, if anything: start it with [`Rest::read`].
    pub fn open(path: &Path, lines_path: Option<&Path>, sheet: Option<&str>, header_row: Option<u32>) -> Result<(Document, Option<Rest>), Error> {
        let mut book = read::open(path).map_err(Error::read(path))?;
        let preview = book.preview(sheet, header_row, read::PREVIEW_ROWS, HEAD_ROWS).map_err(Error::read(path))?;
        let lines = lines_path.map(read_lines).transpose()?;
        let mut main = preview.table;
        if !preview.complete && lines.is_some() {
            // The items of a two-file export join the orders by number: check them only whole.
            main = book.table(Some(&preview.sheet), Some(main.header_row)).map_err(Error::read(path))?;
        }
        let mut doc = Document::new(path, lines_path, book.format().as_str(), book.encoding(), main, lines)?;
        doc.sheets = preview.sheets;
        doc.head = preview.head;
        let rest = (!preview.complete && doc.lines_path.is_none()).then(|| {
            let (reading, rest) = Rest::of(book, preview.sheet, doc.header_row(), doc.sheet_rows());
            doc.reading = Some(reading);
            rest
        });
        Ok((doc, rest))
    }

    /// The whole file at once, as the command line reads it: the sheet asked for, else the one
    /// `mapping` was made on (ignored when the file has only one sheet, so that a mapping made
    /// on one CSV fits the next), at the mapping's header row; and the item file.
    pub fn read(path: &Path, lines_path: Option<&Path>, sheet: Option<&str>, mapping: &Mapping) -> Result<Document, Error> {
        let mut book = read::open(path).map_err(Error::read(path))?;
        let sheet = sheet.map(str::to_string).or_else(|| mapping.sheet.clone().filter(|_| book.sheet_names().len() > 1));
        let main = book.table(sheet.as_deref(), mapping.header_row).map_err(Error::read(path))?;
        let lines = lines_path.map(read_lines).transpose()?;
        Document::new(path, lines_path, book.format().as_str(), book.encoding(), main, lines)
    }

    fn new(path: &Path, lines_path: Option<&Path>, format: &'static str, encoding: Option<&'static str>, main: Table, lines: Option<Table>) -> Result<Document, Error> {
        Ok(Document {
            path: path.to_path_buf(),
            lines_path: lines_path.map(Path::to_path_buf),
            format,
            encoding,
            sheets: Vec::new(),
            head: Vec::new(),
            platform: Platform::recognise(&main.columns),
            key: FileKey::of(path).map_err(Error::Key)?,
            data: Data::Tables { main, lines },
            session_lines: None,
            mapping: None,
            stored_edits: Vec::new(),
            reading: None,
        })
    }

    /// The main table (with corrections, once there is a session).
    pub fn table(&self) -> &Table {
        match &self.data {
            Data::Tables { main, .. } => main,
            Data::Session(s) => s.corrected_table(),
        }
    }

    /// The item file's table of a two-file export.
    pub fn lines(&self) -> Option<&Table> {
        match &self.data {
            Data::Tables { lines, .. } => lines.as_ref(),
            Data::Session(_) => self.session_lines.as_ref(),
        }
    }

    pub fn sheet(&self) -> &str {
        &self.table().sheet
    }

    pub fn header_row(&self) -> u32 {
        self.table().header_row
    }

    /// The sheet's rows in all, as the file declares them (estimated for CSV).
    fn sheet_rows(&self) -> usize {
        self.sheets.iter().find(|s| s.name == self.sheet()).map_or(0, |s| s.rows)
    }

    /// The rest of the sheet is still being read (or could not be).
    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// Data rows; while the rest is being read, an estimate from the sheet's declared size.
    pub fn data_rows(&self) -> usize {
        match self.reading {
            Some(_) => self.sheet_rows().saturating_sub(self.header_row() as usize),
            None => self.table().len(),
        }
    }

    /// An error unless the whole file has been read: uploads and exports need every row.
    pub fn whole(&self) -> Result<(), Error> {
        match &self.reading {
            None => Ok(()),
            Some(r) => Err(r.failed.clone().map_or(Error::StillReading, Error::ReadFailed)),
        }
    }

    /// Make (or re-map) the session with `mapping`. The tables move into the session, so
    /// the mapping is bound first: a mistake in it must not lose them. While the rest of the
    /// file is being read, the session covers its first rows (`Session::of_prefix`).
    pub fn prepare(&mut self, mapping: &Mapping, lang: Lang, now: DateTime<Utc>) -> Result<(), Error> {
        match &mut self.data {
            Data::Session(_) if self.mapping.as_ref() == Some(mapping) => return Ok(()),
            Data::Session(s) => s.remap(mapping, now).map_err(Error::Mapping)?,
            Data::Tables { main, lines } => {
                mapping.bind(main, lines.as_ref()).map_err(Error::Mapping)?;
                let (main, lines) = (std::mem::take(main), lines.take());
                self.session_lines = lines.clone();
                let made = match self.reading {
                    Some(_) => Session::of_prefix(main, mapping, lang, now),
                    None => Session::new(main, lines, mapping, lang, now),
                };
                let mut s = made.map_err(Error::Mapping)?;
                s.apply_edits(&self.stored_edits);
                self.data = Data::Session(Box::new(s));
            }
        }
        self.mapping = Some(mapping.clone());
        Ok(())
    }

    /// As [`Document::prepare`], but the first session of a file read whole that is longer
    /// than its first rows covers those rows only, so that the first page shows at once; the
    /// whole file is checked by the returned [`Rest`] (start it with [`Rest::read`]), as if
    /// it were still being read. Checking 200,000 orders takes seconds.
    pub fn prepare_first(&mut self, mapping: &Mapping, lang: Lang, now: DateTime<Utc>) -> Result<Option<Rest>, Error> {
        let Data::Tables { main, lines: None } = &mut self.data else { return self.prepare(mapping, lang, now).map(|()| None) };
        if self.reading.is_some() || main.len() <= read::PREVIEW_ROWS {
            return self.prepare(mapping, lang, now).map(|()| None);
        }
        // Bound before anything moves: a mapping that does not fit keeps the whole table.
        mapping.bind(main, None).map_err(Error::Mapping)?;
        let first = main.first_rows(read::PREVIEW_ROWS);
        let (reading, rest) = Rest::of_table(std::mem::replace(main, first));
        self.reading = Some(reading);
        // Now as while the rest is read: the session covers the first rows (it binds as above).
        self.prepare(mapping, lang, now)?;
        Ok(Some(rest))
    }

    /// The session, in `lang`; an error until [`Document::prepare`] made one.
    pub fn session(&mut self, lang: Lang) -> Result<&mut Session, Error> {
        match &mut self.data {
            Data::Session(s) => {
                s.set_lang(lang);
                Ok(s)
            }
            Data::Tables { .. } => Err(Error::ValidateFirst),
        }
    }

    /// The bodies of the valid orders as they read now, as an upload sends them (validated
    /// with `mapping` first, if given), and how many orders are left out as invalid. Needs
    /// the whole file.
    pub fn upload_bodies(&mut self, mapping: Option<&Mapping>, lang: Lang, now: DateTime<Utc>) -> Result<(Vec<OrderBody>, usize), Error> {
        self.whole()?;
        if let Some(m) = mapping {
            self.prepare(m, lang, now)?;
        }
        Ok(self.session(lang)?.upload_bodies(now))
    }

    /// Pick up the corrections stored for this version of the file and sheet (a file changed
    /// on disk starts clean); they are applied when the session is made.
    pub fn load_edits(&mut self, store: &EditStore) -> Result<(), Error> {
        self.stored_edits = store.load(&self.key, self.sheet()).map_err(Error::Edits)?;
        Ok(())
    }

    /// Store the session's corrections (and exclusions) for this version of the file. While
    /// the rest is being read, the stored ones further down than the first rows are kept.
    pub fn save_edits(&mut self, store: &EditStore) -> Result<(), Error> {
        let Data::Session(s) = &self.data else { return Err(Error::ValidateFirst) };
        let edits = s.edits_to_store(&self.stored_edits);
        store.save(&self.key, self.sheet(), &edits).map_err(Error::Edits)?;
        self.stored_edits = edits;
        Ok(())
    }

    /// Map, assemble and validate the whole file, as `orderdock validate` prints it and
    /// `orderdock upload` sends it.
    pub fn check(self, mapping: &Mapping, now: DateTime<Utc>) -> Result<Checked, Error> {
        self.whole()?;
        let tables = Tables { main: self.table(), lines: self.lines() };
        let binding = mapping.bind(tables.main, tables.lines).map_err(Error::Mapping)?;
        let orders = assemble::group(&binding, tables);
        let mut report = validate::validate(&binding, tables, &orders, now);
        report.left_out = assemble::left_out(&binding, tables.main);
        Ok(Checked { document: self, binding, orders, report, now })
    }
}

/// A document mapped, assembled and validated (see [`Document::check`]).
pub struct Checked {
    pub document: Document,
    pub binding: Binding,
    pub orders: Vec<Order>,
    pub report: Report,
    pub now: DateTime<Utc>,
}

impl Checked {
    pub fn tables(&self) -> Tables<'_> {
        Tables { main: self.document.table(), lines: self.document.lines() }
    }

    /// The valid orders' bodies, as an upload sends them.
    pub fn bodies(&self) -> Vec<OrderBody> {
        payload::order_bodies(&self.binding, self.tables(), &self.orders, &self.report.valid, self.now)
    }
}
