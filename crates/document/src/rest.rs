//! The rest of a sheet, read on another thread while the merchant maps the columns, checked
//! outside the document's lock, and put in place of the first rows under it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use chrono::Utc;
use orderdock_core::mapping::Mapping;
use orderdock_core::messages::Lang;
use orderdock_core::read::{ReadError, Workbook};
use orderdock_core::session::{CellEdit, Session};
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

/// What is left to do after [`Document::open`] (read the rest of the sheet, then check it) or
/// after [`Document::prepare_first`] (check the whole file read already).
pub struct Rest {
    source: Source,
    generation: u64,
}

enum Source {
    /// The open workbook, where its table is, and the sheet's rows in all as declared (for
    /// the progress reports).
    Book { book: Workbook, sheet: String, header_row: u32, rows: usize },
    /// The whole table, read already.
    Read(Table),
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
        (reading, Rest { source: Source::Book { book, sheet, header_row, rows }, generation })
    }

    /// The check of `main`, read already: nothing stops it but its document being let go.
    pub(crate) fn of_table(main: Table) -> (Reading, Rest) {
        let generation = READS.fetch_add(1, Ordering::Relaxed);
        let reading = Reading { generation, failed: None, stop: Arc::default() };
        (reading, Rest { source: Source::Read(main), generation })
    }

    /// Read the rest of the sheet on another thread, reporting progress every 250 ms, and
    /// put the whole table in `document` in place of the first rows (unless a newer read
    /// took over meanwhile; then nothing is reported). The thread holds the document weakly:
    /// one let go stops its read. `lang`: the language of the whole file's session.
    pub fn read(self, document: &Arc<Mutex<Document>>, lang: Lang, events: impl Fn(Event) + Send + Sync + 'static) {
        let events = Arc::new(events);
        let (done, ticks) = mpsc::channel::<()>();
        if let Source::Book { book, rows, .. } = &self.source {
            let (progress, rows, tick_events) = (book.progress(), *rows, events.clone());
            thread::spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = ticks.recv_timeout(TICK) {
                    tick_events(Event::Progress { rows_read: progress.load(Ordering::Relaxed), rows });
                }
            });
        }
        let document = Arc::downgrade(document);
        thread::spawn(move || {
            let Rest { source, generation } = self;
            let result = match source {
                Source::Book { mut book, sheet, header_row, .. } => book.table(Some(&sheet), Some(header_row)),
                Source::Read(main) => Ok(main),
            };
            drop(done);
            let Some(document) = document.upgrade() else { return };
            let event = match result {
                Ok(main) => {
                    // Checked outside the lock: the preview keeps answering from the first
                    // rows meanwhile (a large file takes seconds to validate).
                    let Some(meanwhile) = lock(&document).meanwhile(generation) else { return };
                    let whole = Whole::check(main, &meanwhile, lang);
                    lock(&document).put_whole(generation, whole, &meanwhile, lang)
                }
                Err(e) => lock(&document).failed(generation, e),
            };
            // Reported outside the lock: the caller may look at the document then.
            if let Some(event) = event {
                events(event);
            }
        });
    }
}

/// What the whole file is checked with: the mapping set and the corrections stored while
/// its rest was read.
pub(crate) struct Meanwhile {
    mapping: Option<Mapping>,
    edits: Vec<CellEdit>,
}

/// The whole sheet, and its session when a mapping was set.
pub(crate) enum Whole {
    Table(Table),
    Checked(Box<Session>),
}

impl Whole {
    /// Validate the whole table with `meanwhile`'s mapping and corrections (no document
    /// needed, so no lock held). A mapping that does not fit keeps the plain table: putting
    /// it in place reports why.
    pub(crate) fn check(main: Table, meanwhile: &Meanwhile, lang: Lang) -> Whole {
        let Some(binding) = meanwhile.mapping.as_ref().and_then(|m| m.bind(&main, None).ok()) else { return Whole::Table(main) };
        let mut session = Session::bound(main, None, binding, lang, Utc::now());
        session.apply_edits(&meanwhile.edits);
        Whole::Checked(Box::new(session))
    }
}

impl Document {
    /// The read `generation`'s, while it is this document's current one.
    fn current(&mut self, generation: u64) -> Option<&mut Reading> {
        self.reading.as_mut().filter(|r| r.generation == generation)
    }

    /// What the whole file is to be checked with, unless a newer read took over.
    pub(crate) fn meanwhile(&mut self, generation: u64) -> Option<Meanwhile> {
        self.current(generation)?;
        Some(Meanwhile { mapping: self.mapping.clone(), edits: self.stored_edits.clone() })
    }

    /// The end of read `generation`: the whole table in place of the first rows, with the
    /// session checked outside the lock when nothing changed since; otherwise (the merchant
    /// corrected a cell, undid one or changed the mapping meanwhile) made again from the table
    /// as read. Nothing when a newer read took over.
    pub(crate) fn put_whole(&mut self, generation: u64, whole: Whole, meanwhile: &Meanwhile, lang: Lang) -> Option<Event> {
        self.current(generation)?;
        self.reading = None;
        let unchanged = self.mapping == meanwhile.mapping && self.stored_edits == meanwhile.edits;
        let (data_rows, checked) = match whole {
            Whole::Checked(session) if unchanged => {
                let data_rows = session.corrected_table().len();
                self.data = Data::Session(session);
                (data_rows, Ok(()))
            }
            whole => {
                let main = match whole {
                    Whole::Table(main) => main,
                    Whole::Checked(session) => session.into_file_table(),
                };
                let data_rows = main.len();
                self.data = Data::Tables { main, lines: None };
                let checked = match self.mapping.take() {
                    Some(m) => self.prepare(&m, lang, Utc::now()),
                    None => Ok(()),
                };
                (data_rows, checked)
            }
        };
        Some(Event::Loaded { data_rows, checked })
    }

    /// Read `generation` could not be read to the end: the first rows stay.
    fn failed(&mut self, generation: u64, error: ReadError) -> Option<Event> {
        let e = Arc::new(error);
        self.current(generation)?.failed = Some(e.clone());
        Some(Event::Failed(e))
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
        let Rest { source: Source::Book { mut book, sheet, header_row, .. }, .. } = rest.expect("more than the first rows") else { panic!("a read") };
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
        assert!(doc.failed(rest.generation + 1, ReadError::Stopped).is_none());
        let Some(Event::Failed(e)) = doc.failed(rest.generation, ReadError::Corrupt("cut off".into())) else { panic!("no failure reported") };
        assert_eq!(*e, ReadError::Corrupt("cut off".into()));
        assert_eq!(doc.table().len(), first);
        assert!(doc.is_reading());
        let Err(refused) = doc.whole() else { panic!("a file read in part counts as whole") };
        assert!(refused.message(Lang::En).contains("could not be read to the end"), "{}", refused.message(Lang::En));
    }

    fn mapping_2030() -> Mapping {
        Mapping::from_json(
            r#"{"target": "mall2030", "fields": {
            "ShopCode": {"value": "S1"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
            "PayTime": {"column": "下单时间"}, "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"},
            "BuyerCode": {"value": "b"}, "RecvConsignee": {"value": "c"}, "RecvMobile": {"value": "13800000000"},
            "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#,
        )
        .unwrap()
    }

    /// `rows` orders of one line, the second one's total wrong.
    fn orders_csv(dir: &std::path::Path, rows: usize) -> std::path::PathBuf {
        let path = dir.join(format!("orders-{rows}.csv"));
        let day = (Utc::now() - chrono::Duration::days(2)).format("%Y-%m-%d 10:00:00");
        let mut csv = String::from("订单编号,下单时间,订单总金额,商品条码,数量,金额\n");
        for i in 0..rows {
            csv += &format!("A{i:06},{day},{},690001,1,30\n", if i == 1 { 31 } else { 30 });
        }
        std::fs::write(&path, csv).unwrap();
        path
    }

    /// A file read whole before its mapping was set shows its first rows' checks at once and
    /// gets the whole file's when the check in the background is done.
    #[test]
    fn a_file_read_whole_is_checked_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let mapping = mapping_2030();
        let rows = orderdock_core::read::PREVIEW_ROWS * 2;
        let doc = Document::read(&orders_csv(dir.path(), rows), None, None, &mapping).unwrap();
        let doc = Arc::new(Mutex::new(doc));
        let rest = lock(&doc).prepare_first(&mapping, Lang::En, Utc::now()).unwrap().expect("a long file is checked in the background");
        {
            let mut d = lock(&doc);
            let first = d.session(Lang::En).unwrap().summary();
            assert!(first.partial && first.orders < rows, "{first:?}");
            assert_eq!(first.errors, 1);
            assert!(matches!(d.whole(), Err(Error::StillReading)), "nothing is sent before the whole file is checked");
        }
        let (tx, rx) = mpsc::channel();
        rest.read(&doc, Lang::En, move |e| {
            if let Event::Loaded { data_rows, checked } = e {
                tx.send((data_rows, checked.is_ok())).unwrap();
            }
        });
        assert_eq!(rx.recv().unwrap(), (rows, true));
        let mut d = lock(&doc);
        assert!(d.whole().is_ok());
        let whole = d.session(Lang::En).unwrap().summary();
        assert!(!whole.partial);
        assert_eq!((whole.orders, whole.errors), (rows, 1));
    }

    #[test]
    fn a_mapping_that_does_not_fit_keeps_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let rows = orderdock_core::read::PREVIEW_ROWS * 2;
        let mut doc = Document::read(&orders_csv(dir.path(), rows), None, None, &mapping_2030()).unwrap();
        let wrong = Mapping::from_json(&mapping_2030().to_json().to_string().replace("商品条码", "条码")).unwrap();
        assert!(matches!(doc.prepare_first(&wrong, Lang::En, Utc::now()), Err(Error::Mapping(_))));
        assert_eq!((doc.table().len(), doc.is_reading()), (rows, false));
    }

    #[test]
    fn a_short_file_is_checked_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let mapping = mapping_2030();
        let mut doc = Document::read(&orders_csv(dir.path(), 10), None, None, &mapping).unwrap();
        assert!(doc.prepare_first(&mapping, Lang::En, Utc::now()).unwrap().is_none());
        let s = doc.session(Lang::En).unwrap().summary();
        assert_eq!((s.partial, s.orders), (false, 10));
    }

    /// A cell corrected while the whole file is checked (outside the lock) is not lost: the
    /// check made before it is dropped and the session made again with it.
    #[test]
    fn a_correction_made_while_the_whole_file_is_checked_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = orders_csv(dir.path(), orderdock_core::read::PREVIEW_ROWS * 2);
        let mapping = mapping_2030();
        let store = orderdock_remote::edits::EditStore::open(&dir.path().join("edits.sqlite")).unwrap();
        let (mut doc, rest) = Document::open(&path, None, None, None).unwrap();
        let Rest { source: Source::Book { mut book, sheet, header_row, .. }, generation } = rest.unwrap() else { panic!("a read") };
        doc.prepare(&mapping, Lang::En, Utc::now()).unwrap();
        let errors = |doc: &mut Document| doc.session(Lang::En).unwrap().summary().errors;
        assert_eq!(errors(&mut doc), 1);

        let meanwhile = doc.meanwhile(generation).unwrap();
        let whole = Whole::check(book.table(Some(&sheet), Some(header_row)).unwrap(), &meanwhile, Lang::En);
        doc.session(Lang::En).unwrap().edit(1, 2, "30").unwrap();
        doc.save_edits(&store).unwrap();

        assert!(matches!(doc.put_whole(generation, whole, &meanwhile, Lang::En), Some(Event::Loaded { checked: Ok(()), .. })));
        assert!(doc.whole().is_ok());
        assert_eq!(errors(&mut doc), 0, "the correction made meanwhile is in the whole file's session");
        // And it is still the merchant's to undo.
        doc.session(Lang::En).unwrap().undo().unwrap();
        assert_eq!(errors(&mut doc), 1);
    }
}
