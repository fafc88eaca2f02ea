//! What the app keeps while it runs: the open files (each with its preview session), the
//! upload jobs in progress, the practice server, and lazily opened stores.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use orderdock_core::mapping::Mapping;
use orderdock_core::messages::Lang;
use orderdock_core::platforms::Platform;
use orderdock_core::read::SheetInfo;
use orderdock_core::session::{CellEdit, Session};
use orderdock_core::table::Table;
use orderdock_remote::edits::{EditStore, FileKey};
use orderdock_remote::engine::Control;
use orderdock_remote::journal::Journal;
use tokio::sync::watch;

use crate::error::{Error, Result, err};
use orderdock_core::messages::AppText;

/// A file the merchant opened (and its item file, for two-file exports).
pub struct OpenFile {
    pub path: PathBuf,
    pub lines_path: Option<PathBuf>,
    /// Which version of the file stored corrections belong to.
    pub key: FileKey,
    pub format: &'static str,
    pub encoding: Option<&'static str>,
    pub sheets: Vec<SheetInfo>,
    /// The sheet's first rows from row 1, for confirming the header row.
    pub head: Vec<Vec<String>>,
    /// The export layout the main file's headers show (`Platform::recognise`).
    pub platform: Option<&'static Platform>,
    pub data: Data,
    /// The item file's table once it has moved into the session (which keeps it to itself),
    /// for suggestions and samples when the merchant goes back to the mapping. Never corrected.
    pub session_lines: Option<Table>,
    /// The mapping the session was last made with: validating again with the same one
    /// (as starting an upload does) costs nothing.
    pub mapping: Option<Mapping>,
    /// Corrections stored by an earlier run, applied when the first session is made.
    pub stored_edits: Vec<CellEdit>,
    /// Set while the data holds the sheet's first rows only and the rest is being read.
    pub reading: Option<Reading>,
}

/// The rest of a sheet being read on another thread (see `import::read_rest`).
pub struct Reading {
    /// Which read this is: choosing another sheet or header row starts a new one, and
    /// the older one's result is then dropped.
    pub generation: u64,
    /// The sheet row reached so far.
    pub progress: Arc<AtomicUsize>,
    /// Why the rest could not be read; the first rows stay on screen but nothing is sent.
    pub failed: Option<String>,
    /// The workbook's stopper: a read nobody waits for any more stops.
    pub stop: Arc<AtomicBool>,
}

impl Drop for Reading {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The file's rows: plain tables until a mapping is validated, then a session over them
/// (which keeps the corrections when the mapping changes).
pub enum Data {
    Tables { main: Table, lines: Option<Table> },
    Session(Box<Session>),
}

impl OpenFile {
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

    /// The sheet's rows in all, as the import screen lists them (declared by the file, or
    /// estimated for CSV, while it is being read).
    pub fn sheet_rows(&self) -> usize {
        self.sheets.iter().find(|s| s.name == self.sheet()).map_or(0, |s| s.rows)
    }

    /// An error unless the whole file has been read: uploads and exports need every row.
    pub fn whole(&self, lang: Lang) -> Result<()> {
        match &self.reading {
            None => Ok(()),
            Some(Reading { failed: Some(why), .. }) => Err(Error::app(lang, AppText::ReadFailed(why))),
            Some(_) => Err(Error::app(lang, AppText::StillReading)),
        }
    }
}

#[derive(Default)]
pub struct AppState {
    lang: RwLock<Lang>,
    files: Mutex<HashMap<String, Arc<Mutex<OpenFile>>>>,
    next_id: AtomicU64,
    /// 练习环境: started on first use, serves until the app quits.
    pub sandbox: tokio::sync::OnceCell<orderdock_sandbox::Running>,
    /// Pause / resume / cancel of each job running in this process.
    pub jobs: Mutex<HashMap<String, watch::Sender<Control>>>,
    journal: Mutex<Option<Arc<Journal>>>,
    edits: Mutex<Option<Arc<EditStore>>>,
}

/// Lock a mutex even if a panicking thread left it poisoned: the data is still usable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AppState {
    pub fn lang(&self) -> Lang {
        *self.lang.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_lang(&self, lang: Lang) {
        *self.lang.write().unwrap_or_else(|p| p.into_inner()) = lang;
    }

    /// A number never handed out before (file ids, read generations).
    pub fn next_number(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Keep `file` as the open file. The screens work on one file at a time, so the files
    /// opened before are let go (with their tables and any read still going on).
    pub fn add_file(&self, file: OpenFile) -> String {
        let id = format!("f{}", self.next_number());
        let mut files = lock(&self.files);
        files.clear();
        files.insert(id.clone(), Arc::new(Mutex::new(file)));
        id
    }

    /// The file open now, if any (there is at most one).
    pub fn open_now(&self) -> Option<Arc<Mutex<OpenFile>>> {
        lock(&self.files).values().next().cloned()
    }

    pub fn file(&self, id: &str) -> Result<Arc<Mutex<OpenFile>>> {
        lock(&self.files).get(id).cloned().ok_or_else(|| Error::app(self.lang(), AppText::FileClosed))
    }

    /// The upload journal at `Journal::default_path()` (respects `ORDERDOCK_HOME`).
    pub fn journal(&self) -> Result<Arc<Journal>> {
        let mut slot = lock(&self.journal);
        if let Some(j) = &*slot {
            return Ok(j.clone());
        }
        let j = Arc::new(Journal::open(&Journal::default_path()).map_err(err(self.lang()))?);
        *slot = Some(j.clone());
        Ok(j)
    }

    /// Where corrections are kept (the journal's SQLite file).
    pub fn edit_store(&self) -> Result<Arc<EditStore>> {
        let mut slot = lock(&self.edits);
        if let Some(s) = &*slot {
            return Ok(s.clone());
        }
        let s = Arc::new(EditStore::open_default().map_err(err(self.lang()))?);
        *slot = Some(s.clone());
        Ok(s)
    }
}
