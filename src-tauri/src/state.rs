//! What the app keeps while it runs: the open files (`orderdock_document::Document`, each
//! with its preview session), the upload jobs in progress, the practice server, and lazily
//! opened stores.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use orderdock_core::messages::Lang;
use orderdock_document::Document;
use orderdock_remote::edits::EditStore;
use orderdock_remote::engine::Control;
use orderdock_remote::journal::Journal;
use tokio::sync::watch;

use crate::error::{Error, Result, err};
use orderdock_core::messages::AppText;
pub use orderdock_document::lock;

#[derive(Default)]
pub struct AppState {
    lang: RwLock<Lang>,
    files: Mutex<HashMap<String, Arc<Mutex<Document>>>>,
    next_id: AtomicU64,
    /// 练习环境: started on first use, serves until the app quits.
    pub sandbox: tokio::sync::OnceCell<orderdock_sandbox::Running>,
    /// Pause / resume / cancel of each job running in this process.
    pub jobs: Mutex<HashMap<String, watch::Sender<Control>>>,
    journal: Mutex<Option<Arc<Journal>>>,
    edits: Mutex<Option<Arc<EditStore>>>,
}

impl AppState {
    pub fn lang(&self) -> Lang {
        *self.lang.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_lang(&self, lang: Lang) {
        *self.lang.write().unwrap_or_else(|p| p.into_inner()) = lang;
    }

    /// A number never handed out before (file ids).
    pub fn next_number(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Keep `file` as the open file. The screens work on one file at a time, so the files
    /// opened before are let go (with their tables and any read still going on).
    pub fn add_file(&self, file: Document) -> String {
        let id = format!("f{}", self.next_number());
        let mut files = lock(&self.files);
        files.clear();
        files.insert(id.clone(), Arc::new(Mutex::new(file)));
        id
    }

    /// The file open now, if any (there is at most one).
    pub fn open_now(&self) -> Option<Arc<Mutex<Document>>> {
        lock(&self.files).values().next().cloned()
    }

    pub fn file(&self, id: &str) -> Result<Arc<Mutex<Document>>> {
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
