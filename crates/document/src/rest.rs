//! The rest of a sheet, read on another thread while the merchant maps the columns, and put
//! in place of the first rows under the document's lock.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use chrono::Utc;
use orderdock_core::messages::Lang;
use orderdock_core::read::{ReadError, Workbook};
use orderdock_core::table::Table;

use crate::{Data, Document, Error, lock};

/// How often [`Event::Progress`] is reported.
const TICK: Duration = Duration::from_millis(250);

/// Tells the reads apart: choosing another sheet or header row starts a new one, and the
/// older one's result is then dropped.
static READS: AtomicU64 = AtomicU64::new(0);

/// A document's read in progress (see [`Rest`]).
pub(crate) struct Reading {
    generation: u64,
    /// Why the rest could not be read; the first rows stay but nothing is sent or exported.
    pub(crate) failed: Option<Arc<ReadError>>,
    /// The workbook's stopper: a read nobody waits for any more stops.
    stop: Arc<AtomicBool>,
}

impl Drop for Reading {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What is left to read after [`Document::open`]: the open workbook and where its table is.
pub struct Rest {
    book: Workbook,
    sheet: String,
    header_row: u32,
    generation: u64,
    /// The sheet's rows in all, as declared, for the progress reports.
    rows: usize,
}

/// What a read in the background reports.
#[derive(Debug)]
pub enum Event {
    /// The sheet row reached so far, of the sheet's `rows`.
    Progress { rows_read: usize, rows: usize },
    /// The whole sheet is in place of the first rows; `checked`: the whole file validated
    /// with the mapping set meanwhile, if any, with the corrections made on the first rows.
    Loaded { data_rows: usize, checked: Result<(), Error> },
    /// The rest could not be read: the first rows stay, and uploads and exports are refused.
    Failed(Arc<ReadError>),
}

impl Rest {
    pub(crate) fn of(book: Workbook, sheet: String, header_row: u32, rows: usize) -> (Reading, Rest) {
        let generation = READS.fetch_add(1, Ordering::Relaxed);
        let reading = Reading { generation, failed: None, stop: book.stopper() };
        (reading, Rest { book, sheet, header_row, generation, rows })
    }

    /// Read the rest of the sheet on another thread, reporting progress every 250 ms, and
    /// put the whole table in `document` in place of the first rows (unless a newer read
    /// took over meanwhile; then nothing is reported). The thread holds the document weakly:
    /// one let go stops its read. `lang`: the language of the whole file's session.
    pub fn read(self, document: &Arc<Mutex<Document>>, lang: Lang, events: impl Fn(Event) + Send + Sync + 'static) {
        let events = Arc::new(events);
        let (done, ticks) = mpsc::channel::<()>();
        let (progress, rows, tick_events) = (self.book.progress(), self.rows, events.clone());
        thread::spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = ticks.recv_timeout(TICK) {
                tick_events(Event::Progress { rows_read: progress.load(Ordering::Relaxed), rows });
            }
        });
        let document = Arc::downgrade(document);
        thread::spawn(move || {
            let Rest { mut book, sheet, header_row, generation, .. } = self;
            let result = book.table(Some(&sheet), Some(header_row));
            drop(done);
            let Some(document) = document.upgrade() else { return };
            // Reported outside the lock: the caller may look at the document then.
            let event = lock(&document).finish(generation, result, lang);
            if let Some(event) = event {
                events(event);
            }
        });
    }
}

impl Document {
    /// The end of read `generation`: the whole table in place, checked with the mapping if
    /// one was set; or the reason it failed. Nothing when a newer read took over.
    fn finish(&mut self, generation: u64, result: Result<Table, ReadError>, lang: Lang) -> Option<Event> {
        let reading = self.reading.as_mut().filter(|r| r.generation == generation)?;
        match result {
            Ok(main) => {
                let data_rows = main.len();
                self.reading = None;
                self.data = Data::Tables { main, lines: None };
                // Checked now, under the lock, so that no page is asked of a session in
                // between; the corrections made meanwhile were stored at each change.
                let checked = match self.mapping.take() {
                    Some(m) => self.prepare(&m, lang, Utc::now()),
                    None => Ok(()),
                };
                Some(Event::Loaded { data_rows, checked })
            }
            Err(e) => {
                let e = Arc::new(e);
                reading.failed = Some(e.clone());
                Some(Event::Failed(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_csv(dir: &std::path::Path) -> std::path::PathBuf {
        let path = dir.join("long.csv");
        let mut csv = String::from("订单编号,金额\n");
        for i in 0..orderdock_core::read::PREVIEW_ROWS * 2 {
            csv += &format!("A{i},10\n");
        }
        std::fs::write(&path, csv).unwrap();
        path
    }

    #[test]
    fn letting_go_of_a_document_stops_its_read() {
        let dir = tempfile::tempdir().unwrap();
        let (doc, rest) = Document::open(&long_csv(dir.path()), None, None, None).unwrap();
        let Rest { mut book, sheet, header_row, .. } = rest.expect("more than the first rows");
        drop(doc);
        assert_eq!(book.table(Some(&sheet), Some(header_row)).unwrap_err(), ReadError::Stopped);
    }

    #[test]
    fn a_failed_read_keeps_the_first_rows_and_refuses_the_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (mut doc, rest) = Document::open(&long_csv(dir.path()), None, None, None).unwrap();
        let rest = rest.unwrap();
        let first = doc.table().len();
        assert!(matches!(doc.whole(), Err(Error::StillReading)));
        // A read of an older generation is not this document's any more.
        assert!(doc.finish(rest.generation + 1, Err(ReadError::Stopped), Lang::En).is_none());
        let Some(Event::Failed(e)) = doc.finish(rest.generation, Err(ReadError::Corrupt("cut off".into())), Lang::En) else { panic!("no failure reported") };
        assert_eq!(*e, ReadError::Corrupt("cut off".into()));
        assert_eq!(doc.table().len(), first);
        assert!(doc.is_reading());
        let Err(refused) = doc.whole() else { panic!("a file read in part counts as whole") };
        assert!(refused.message(Lang::En).contains("could not be read to the end"), "{}", refused.message(Lang::En));
    }
}
