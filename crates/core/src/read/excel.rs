//! Workbooks through calamine: xlsx, xlsm, xlsb, xls, ods.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use calamine::{Data, DataRef, Dimensions, Ods, Range, Reader, Sheets, Xls, XlsError, Xlsb, Xlsx, XlsxError, open_workbook_from_rs};

use super::grid::{Grid, Partial, Span};
use super::text::{text_cell, text_in};
use super::xlsb_merges;
use super::xlsx_merges::{self, Tail};
use super::{Format, ReadError};
use crate::table::{Cell, F64_EXACT_INT_LIMIT, Interner};
use staged::Staged;

/// An open workbook, and its bytes for finding merged ranges faster than calamine does.
pub(crate) struct Excel {
    book: Sheets<Staged>,
    bytes: Arc<[u8]>,
    /// An xlsx package whose worksheets calamine reads inflated by another thread.
    staged: Option<Arc<staged::Shared>>,
    /// xlsx sheet tails (merges, last row) already found, by sheet: reading a sheet's first
    /// rows and then all of it scans for them once.
    tails: HashMap<String, Tail>,
}

fn corrupt(e: impl std::fmt::Display) -> ReadError {
    ReadError::Corrupt(e.to_string())
}

fn xlsx_error(e: XlsxError) -> ReadError {
    if matches!(e, XlsxError::Password) { ReadError::Encrypted } else { corrupt(e) }
}

fn xls_error(e: XlsError) -> ReadError {
    if matches!(e, XlsError::Password) { ReadError::Encrypted } else { corrupt(e) }
}

impl Excel {
    /// Open a workbook already identified by [`super::sniff`].
    pub(crate) fn open(bytes: Vec<u8>, format: Format) -> Result<Excel, ReadError> {
        Excel::open_as(bytes, format, true)
    }

    /// `stage`: hand an xlsx package to calamine with its worksheets inflated by another
    /// thread (see [`staged`]); the tests compare it with the package as it is.
    fn open_as(bytes: Vec<u8>, format: Format, stage: bool) -> Result<Excel, ReadError> {
        let bytes: Arc<[u8]> = bytes.into();
        let (rs, staged) = match format {
            Format::Xlsx | Format::Xlsm if stage => Staged::xlsx(bytes.clone()),
            _ => (Staged::plain(bytes.clone()), None),
        };
        let book = match format {
            Format::Xls => Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(rs).map_err(xls_error)?),
            Format::Xlsb => Sheets::Xlsb(open_workbook_from_rs::<Xlsb<_>, _>(rs).map_err(corrupt)?),
            Format::Ods => Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(rs).map_err(corrupt)?),
            _ => Sheets::Xlsx(open_workbook_from_rs::<Xlsx<_>, _>(rs).map_err(xlsx_error)?),
        };
        Ok(Excel { book, bytes, staged, tails: HashMap::new() })
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// Read one sheet with its merged ranges (xlsx, xls and xlsb; ODS ones are found at open).
    /// `limit`: an xlsx sheet stops after its first `limit` rows. `progress` follows the
    /// sheet row being read; `stop` ends an xlsx read early with [`ReadError::Stopped`].
    pub(crate) fn load(&mut self, name: &str, limit: Option<usize>, progress: &AtomicUsize, stop: &AtomicBool) -> Result<Grid, ReadError> {
        // A sheet whose merges can't be read is still worth reading without them.
        let (range, merges) = match &mut self.book {
            Sheets::Xlsx(b) => {
                // The merge list sits after all the cells: it is looked for on a second core
                // while this one reads the cells.
                // A staged package has it found by the thread inflating the cells for calamine.
                let known = self.tails.get(name).cloned();
                let (bytes, sheet) = (self.bytes.clone(), name.to_string());
                let scan = (known.is_none() && self.staged.is_none()).then(|| std::thread::spawn(move || xlsx_merges::tail(&bytes, &sheet)));
                if let Some(staged) = &self.staged {
                    staged.abandon();
                }
                let read = stream_xlsx(b, name, limit, progress, stop);
                let staged_tail = match (&self.staged, &read) {
                    (Some(staged), Ok(_)) => staged.tail(),
                    (Some(staged), Err(_)) => {
                        staged.abandon();
                        None
                    }
                    (None, _) => None,
                };
                let mut grid = read?;
                let found = || scan.and_then(|s| s.join().ok().flatten()).or_else(|| self.staged.as_ref().and_then(|_| xlsx_merges::tail(&self.bytes, name)));
                let tail = known.or(staged_tail).or_else(found).unwrap_or_else(|| Tail { merges: b.merge_cells_by_sheet_name(name).map(spans).unwrap_or_default(), rows: None });
                if let (Some(p), Some(rows)) = (grid.partial.as_mut(), tail.rows) {
                    p.rows = p.rows.max(rows);
                }
                grid.merges = tail.merges.clone();
                self.tails.insert(name.to_string(), tail);
                return Ok(grid);
            }
            Sheets::Xls(b) => {
                let range = b.worksheet_range(name).map_err(xls_error)?;
                (range, b.merge_cells_by_sheet_name(name).map(spans).unwrap_or_default())
            }
            Sheets::Xlsb(b) => {
                // calamine does not give an xlsb sheet's merges: they are read on another
                // core while it reads the cells.
                let (bytes, sheet) = (self.bytes.clone(), name.to_string());
                let scan = std::thread::spawn(move || xlsb_merges::sheet(&bytes, &sheet));
                let range = b.worksheet_range(name).map_err(corrupt)?;
                (range, scan.join().ok().flatten().unwrap_or_default())
            }
            Sheets::Ods(b) => (b.worksheet_range(name).map_err(corrupt)?, Vec::new()),
        };
        Ok(grid(range, merges))
    }
}

/// Read an xlsx sheet cell by cell straight into a grid, without calamine's intermediate
/// `Range` (which would double the peak memory of a large sheet), stopping after `limit`
/// rows if given.
fn stream_xlsx(book: &mut Xlsx<Staged>, name: &str, limit: Option<usize>, progress: &AtomicUsize, stop: &AtomicBool) -> Result<Grid, ReadError> {
    match stream(book, name, limit, progress, stop, |dims| Dense::new(dims, limit))? {
        Some(grid) => Ok(grid),
        None => stream(book, name, limit, progress, stop, |_| Some(Sparse::default())).map(Option::unwrap_or_default),
    }
}

/// Streamed cells per batch handed from the thread parsing the XML to the one building the grid.
const BATCH: usize = 4096;

/// A streamed value: text as a range of its batch's `text` (copied out of calamine's
/// borrowed cell, no allocation of its own), anything else as calamine gives it.
enum Raw {
    Text(u32, u32),
    Data(Data),
}

/// Consecutive streamed cells, sheet order.
#[derive(Default)]
struct Batch {
    cells: Vec<((u32, u32), Raw)>,
    text: String,
}

/// Where the streamed cells of a sheet go.
trait Build: Sized {
    /// Take one non-empty cleaned cell; `false`: this builder cannot hold the sheet.
    fn put(&mut self, pos: (u32, u32), value: Cell) -> bool;
    /// The grid, `reached` being the first row at or past the limit, if the read stopped there.
    fn finish(self, limit: Option<usize>, reached: Option<u32>) -> Result<Grid, ReadError>;
}

/// Parse the sheet's XML with calamine on a second thread while this one cleans each value
/// and builds the grid: the parse, the part calamine can't share, runs alone on its core.
/// Text reaches this thread in batches, its bytes in one buffer per batch; a text cell
/// allocates only when its column has not held the same value just above (or, in a column
/// whose values repeat, anywhere above: see [`Interner`]), made on this thread. `None` when `start` (given the declared dimensions) or the
/// builder gave up.
fn stream<B: Build>(
    book: &mut Xlsx<Staged>,
    name: &str,
    limit: Option<usize>,
    progress: &AtomicUsize,
    stop: &AtomicBool,
    start: impl FnOnce(Dimensions) -> Option<B>,
) -> Result<Option<Grid>, ReadError> {
    std::thread::scope(|scope| {
        let (dims_tx, dims_rx) = mpsc::sync_channel::<Dimensions>(1);
        let (tx, rx) = mpsc::sync_channel::<Batch>(8);
        let (back_tx, back_rx) = mpsc::channel::<Batch>();
        let parser = scope.spawn(move || -> Result<Option<u32>, ReadError> {
            let mut reader = book.worksheet_cells_reader(name).map_err(xlsx_error)?;
            if dims_tx.send(reader.dimensions()).is_err() {
                return Ok(None);
            }
            let mut batch = Batch { cells: Vec::with_capacity(BATCH), text: String::new() };
            while let Some(c) = reader.next_cell().map_err(xlsx_error)? {
                let (r, col) = c.get_position();
                if progress.swap(r as usize, Ordering::Relaxed) != r as usize && stop.load(Ordering::Relaxed) {
                    return Err(ReadError::Stopped);
                }
                if limit.is_some_and(|l| r as usize >= l) {
                    let _ = tx.send(batch);
                    return Ok(Some(r));
                }
                let raw = match c.get_value() {
                    DataRef::Empty => continue,
                    DataRef::String(s) => push_text(&mut batch.text, s),
                    DataRef::SharedString(s) => push_text(&mut batch.text, s),
                    other => Raw::Data(Data::from(other.clone())),
                };
                batch.cells.push(((r, col), raw));
                if batch.cells.len() == BATCH {
                    let next = back_rx.try_recv().unwrap_or_else(|_| Batch { cells: Vec::with_capacity(BATCH), text: String::new() });
                    if tx.send(std::mem::replace(&mut batch, next)).is_err() {
                        // The builder gave up on this sheet.
                        return Ok(None);
                    }
                }
            }
            let _ = tx.send(batch);
            Ok(None)
        });
        let built = (move || {
            let mut builder = start(dims_rx.recv().ok()?)?;
            let mut texts = Interner::default();
            for mut batch in rx {
                for (pos, raw) in batch.cells.drain(..) {
                    let value = match raw {
                        Raw::Text(a, b) => text_in(&mut texts, pos.1 as usize, &batch.text[a as usize..b as usize]),
                        Raw::Data(d) => cell(d),
                    };
                    if !matches!(value, Cell::Empty) && !builder.put(pos, value) {
                        return None;
                    }
                }
                batch.text.clear();
                let _ = back_tx.send(batch);
            }
            Some(builder)
        })();
        // The builder's channels are closed by now: a parser still sending stops.
        let reached = match parser.join() {
            Ok(result) => result?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        built.map(|b| b.finish(limit, reached)).transpose()
    })
}

fn push_text(buf: &mut String, s: &str) -> Raw {
    let a = buf.len() as u32;
    buf.push_str(s);
    Raw::Text(a, buf.len() as u32)
}

/// A grid sized by the sheet's declared dimensions, refusing a cell outside them
/// (streaming writers may declare just `A1`).
struct Dense {
    row0: u32,
    col0: u32,
    /// The declared last row and column.
    last_row: u32,
    last_col: u32,
    width: usize,
    cells: Vec<Cell>,
    /// The used box.
    first: (u32, u32),
    last: (u32, u32),
}

impl Dense {
    fn new(dims: Dimensions, limit: Option<usize>) -> Option<Dense> {
        if dims.start > dims.end {
            return None;
        }
        let (row0, col0) = dims.start;
        let width = (dims.end.1 - col0 + 1) as usize;
        // The last row read: the declared last one, or the last within `limit`.
        let end = limit.map_or(dims.end.0, |l| dims.end.0.min((l as u32).saturating_sub(1)));
        let height = (end + 1).saturating_sub(row0) as usize;
        if width.saturating_mul(height) > 50_000_000 {
            return None;
        }
        // Room for every row at once (no reallocation as the sheet grows); rows are filled
        // in as they come.
        let cells = Vec::with_capacity(width * height);
        Some(Dense { row0, col0, last_row: dims.end.0, last_col: dims.end.1, width, cells, first: (u32::MAX, u32::MAX), last: (0, 0) })
    }
}

impl Build for Dense {
    fn put(&mut self, (r, col): (u32, u32), value: Cell) -> bool {
        if r < self.row0 || r > self.last_row || col < self.col0 || col > self.last_col {
            return false;
        }
        let at = (r - self.row0) as usize * self.width + (col - self.col0) as usize;
        if at >= self.cells.len() {
            self.cells.resize((r - self.row0 + 1) as usize * self.width, Cell::Empty);
        }
        self.first = (self.first.0.min(r), self.first.1.min(col));
        self.last = (self.last.0.max(r), self.last.1.max(col));
        self.cells[at] = value;
        true
    }

    fn finish(mut self, limit: Option<usize>, reached: Option<u32>) -> Result<Grid, ReadError> {
        let partial = limit.filter(|_| reached.is_some()).map(|limit| Partial { limit, rows: self.last_row as usize + 1 });
        if self.first.0 == u32::MAX {
            return Ok(Grid { partial, ..Grid::default() });
        }
        let (first, last, width) = (self.first, self.last, self.width);
        // Keep only the used box, as calamine's range would (rows below the last used one
        // were never added).
        if first != (self.row0, self.col0) || last.1 != self.last_col {
            let w = (last.1 - first.1 + 1) as usize;
            let mut used = Vec::with_capacity(w * (last.0 - first.0 + 1) as usize);
            for r in first.0..=last.0 {
                let start = (r - self.row0) as usize * width + (first.1 - self.col0) as usize;
                used.extend(self.cells[start..start + w].iter_mut().map(std::mem::take));
            }
            return Ok(Grid { row0: first.0, col0: first.1, width: w, cells: used, merges: Vec::new(), partial });
        }
        Ok(Grid { row0: self.row0, col0: self.col0, width, cells: self.cells, merges: Vec::new(), partial })
    }
}

/// A list of cells first, for a sheet whose declared dimensions are wrong; the rows of a
/// partial read are counted later, from the sheet's end (see [`xlsx_merges::tail`]).
#[derive(Default)]
struct Sparse {
    cells: Vec<(u32, u32, Cell)>,
    first: (u32, u32),
    last: (u32, u32),
}

impl Build for Sparse {
    fn put(&mut self, (r, col): (u32, u32), value: Cell) -> bool {
        if self.cells.is_empty() {
            self.first = (r, col);
        }
        self.first = (self.first.0.min(r), self.first.1.min(col));
        self.last = (self.last.0.max(r), self.last.1.max(col));
        self.cells.push((r, col, value));
        true
    }

    fn finish(self, limit: Option<usize>, reached: Option<u32>) -> Result<Grid, ReadError> {
        // At least the rows read; the sheet's end tells the rest.
        let partial = limit.zip(reached).map(|(limit, r)| Partial { limit, rows: r as usize + 1 });
        if self.cells.is_empty() {
            return Ok(Grid { partial, ..Grid::default() });
        }
        let cells = without_strays(self.cells, (self.first, self.last));
        let first = cells.iter().fold((u32::MAX, u32::MAX), |(r0, c0), &(r, c, _)| (r0.min(r), c0.min(c)));
        let last = cells.iter().fold((0, 0), |(r1, c1), &(r, c, _)| (r1.max(r), c1.max(c)));
        let width = (last.1 - first.1 + 1) as usize;
        let height = (last.0 - first.0 + 1) as usize;
        let mut grid = vec![Cell::Empty; width * height];
        for (r, c, value) in cells {
            grid[(r - first.0) as usize * width + (c - first.1) as usize] = value;
        }
        Ok(Grid { row0: first.0, col0: first.1, width, cells: grid, merges: Vec::new(), partial })
    }
}

/// The most cells a sheet's grid may span: a generous box around the cells it holds, but no
/// more than 100 million unless it holds them all.
fn room_for(cells: usize) -> usize {
    cells.saturating_mul(16).saturating_add(1 << 20).min(100_000_000).max(cells)
}

/// `cells` (sheet order, box `first`..=`last`, at least one cell) less the stray ones that
/// would make the grid span far more than the cells it holds: a value left at `XFD1048576`
/// must not ask for a grid of 17 billion cells. While the box is too large, the outermost
/// used row or column standing furthest from the next one in is left out, and so on inwards.
fn without_strays(cells: Vec<(u32, u32, Cell)>, (first, last): ((u32, u32), (u32, u32))) -> Vec<(u32, u32, Cell)> {
    let room = room_for(cells.len());
    let span = |lo: u32, hi: u32| (hi - lo) as usize + 1;
    if span(first.0, last.0).saturating_mul(span(first.1, last.1)) <= room {
        return cells;
    }
    let distinct = |mut v: Vec<u32>| {
        v.sort_unstable();
        v.dedup();
        v
    };
    let rows = distinct(cells.iter().map(|c| c.0).collect());
    let cols = distinct(cells.iter().map(|c| c.1).collect());
    // The kept rows are rows[r.0..=r.1], the kept columns cols[c.0..=c.1].
    let (mut r, mut c) = ((0, rows.len() - 1), (0, cols.len() - 1));
    while span(rows[r.0], rows[r.1]).saturating_mul(span(cols[c.0], cols[c.1])) > room && (r.0 < r.1 || c.0 < c.1) {
        let gap = |v: &[u32], (lo, hi): (usize, usize)| if lo < hi { (v[lo + 1] - v[lo], v[hi] - v[hi - 1]) } else { (0, 0) };
        let ((row_top, row_bottom), (col_left, col_right)) = (gap(&rows, r), gap(&cols, c));
        let widest = row_top.max(row_bottom).max(col_left).max(col_right);
        if widest == row_bottom {
            r.1 -= 1;
        } else if widest == col_right {
            c.1 -= 1;
        } else if widest == row_top {
            r.0 += 1;
        } else {
            c.0 += 1;
        }
    }
    let (rows, cols) = (rows[r.0]..=rows[r.1], cols[c.0]..=cols[c.1]);
    cells.into_iter().filter(|(r, c, _)| rows.contains(r) && cols.contains(c)).collect()
}

fn spans(dims: Vec<Dimensions>) -> Vec<Span> {
    dims.into_iter().map(|d| Span { first: d.start, last: d.end }).collect()
}

/// Move every value out of the range into a grid of cleaned cells, texts shared down their column.
fn grid(mut range: Range<Data>, merges: Vec<Span>) -> Grid {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let (height, width) = range.get_size();
    let mut cells = Vec::with_capacity(height * width);
    let mut texts = Interner::default();
    for r in 0..height {
        cells.extend(range[r].iter_mut().enumerate().map(|(c, d)| match std::mem::take(d) {
            Data::String(s) => text_in(&mut texts, c, &s),
            other => cell(other),
        }));
    }
    Grid { row0, col0, width, cells, merges, partial: None }
}

fn cell(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => text_cell(s),
        Data::Float(f) => Cell::Number(f),
        // An f64 can't hold this integer exactly: keep its digits as text.
        Data::Int(i) if i.unsigned_abs() as f64 >= F64_EXACT_INT_LIMIT => Cell::Text(i.to_string().into()),
        Data::Int(i) => Cell::Number(i as f64),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(d) => d.as_datetime().map_or(Cell::Number(d.as_f64()), Cell::DateTime),
        Data::DateTimeIso(s) => iso_datetime(&s).map_or_else(|| text_cell(s), Cell::DateTime),
        Data::DurationIso(s) => text_cell(s),
        Data::Error(e) => Cell::Error(e.to_string().into()),
    }
}

fn iso_datetime(s: &str) -> Option<chrono::NaiveDateTime> {
    s.parse::<chrono::NaiveDateTime>().ok().or_else(|| s.parse::<chrono::NaiveDate>().ok().map(|d| d.and_time(chrono::NaiveTime::MIN)))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn values_convert() {
        assert_eq!(cell(Data::Int(1 << 53)), Cell::Text("9007199254740992".into()));
        assert_eq!(cell(Data::Int(42)), Cell::Number(42.0));
        assert_eq!(cell(Data::String(" '0012 ".into())), Cell::Text("0012".into()));
        assert_eq!(cell(Data::String("  ".into())), Cell::Empty);
        assert_eq!(cell(Data::Error(calamine::CellErrorType::NA)), Cell::Error("#N/A".into()));
        assert_eq!(cell(Data::DateTimeIso("2026-09-10".into())).display(), "2026-09-10");
        assert_eq!(cell(Data::DateTimeIso("soon".into())), Cell::Text("soon".into()));
    }

    /// Every sheet of an xlsx package, whole and its first rows, read through the staged
    /// package and as it is: the same grids (merges and row counts included), or the same error.
    fn same_both_ways(bytes: &[u8], what: &str) {
        let read = |stage: bool| {
            std::panic::catch_unwind(|| {
                let mut book = Excel::open_as(bytes.to_vec(), Format::Xlsx, stage)?;
                let mut out = Vec::new();
                for name in book.sheet_names() {
                    for limit in [Some(3), None] {
                        out.push(format!("{name} {limit:?} {:?}", book.load(&name, limit, &AtomicUsize::new(0), &AtomicBool::new(false))));
                    }
                }
                Ok::<_, ReadError>(out)
            })
            .map_err(|_| "panicked")
        };
        assert_eq!(read(true), read(false), "{what}");
    }

    #[test]
    fn staged_packages_read_as_the_original() {
        use rust_xlsxwriter::Workbook;
        for constant_memory in [false, true] {
            let mut book = Workbook::new();
            let sheet = if constant_memory { book.add_worksheet_with_constant_memory().unwrap() } else { book.add_worksheet() };
            sheet.write_string(0, 0, "订单编号").unwrap().write_string(0, 1, "商品").unwrap().write_string(0, 2, "数量").unwrap();
            for r in 1..3000u32 {
                sheet.write_string(r, 0, format!("=\"{:019}\"", r / 3)).unwrap().write_string(r, 1, format!(" 商品 {r} ")).unwrap().write_number(r, 2, r as f64).unwrap();
            }
            if !constant_memory {
                sheet.merge_range(1, 0, 3, 0, "A", &rust_xlsxwriter::Format::new()).unwrap();
            }
            book.add_worksheet().write_string(4, 3, "second").unwrap();
            same_both_ways(&book.save_to_buffer().unwrap(), &format!("generated, constant memory {constant_memory}"));
        }
    }

    /// The public test files of other spreadsheet libraries (see `../shared/peer/`), when present.
    #[test]
    fn staged_peer_files_read_as_the_original() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/peer/files");
        let Ok(dirs) = std::fs::read_dir(&root) else {
            eprintln!("{} is absent: the peer files were not compared", root.display());
            return;
        };
        let mut files: Vec<_> = dirs.flatten().flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten()).map(|f| f.path()).collect();
        files.retain(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm")));
        files.sort();
        let mut staged = 0;
        for path in &files {
            let bytes = std::fs::read(path).unwrap();
            staged += Staged::xlsx(bytes.clone().into()).1.is_some() as usize;
            same_both_ways(&bytes, &path.display().to_string());
        }
        eprintln!("{} peer xlsx/xlsm files compared, {staged} of them staged", files.len());
    }
}

/// The xlsx package as calamine sees it: every deflated worksheet part presented as stored
/// (uncompressed), its bytes inflated on another thread as calamine reads them. calamine's
/// reading of a sheet — the part of a large read it can't share — then does no inflating,
/// and the same pass over the inflated part finds the sheet's tail (merges, last row), which
/// otherwise takes a second inflating of the whole part.
///
/// Everything else (the other parts, the package's structure) is the original's, byte for
/// byte; a package this can't describe (zip64, encrypted parts) is handed over as it is.
mod staged {
    use std::io::{self, Cursor, Read, Seek, SeekFrom};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
    use std::sync::{Arc, Mutex};
    use std::thread::JoinHandle;

    use super::xlsx_merges::{self, Tail};

    /// Inflated bytes handed over at a time, and how many may wait.
    const CHUNK: usize = 1 << 16;
    const QUEUE: usize = 16;

    enum Piece {
        Own(Vec<u8>),
        Original(usize),
        /// Part `entry` of the original, inflated.
        Inflated {
            entry: usize,
        },
    }

    struct Segment {
        start: u64,
        len: u64,
        piece: Piece,
    }

    /// How far the reader got in the part being inflated.
    struct Stream {
        segment: usize,
        chunk: Vec<u8>,
        at: usize,
        /// Offset within the part of `chunk[at]`.
        offset: u64,
    }

    /// The inflater last started and where its bytes arrive: [`Shared::tail`] takes the
    /// receiver away (the inflater then only scans on) and waits for the scan.
    #[derive(Default)]
    pub(crate) struct Shared {
        last: Mutex<Option<JoinHandle<Option<Tail>>>>,
        rx: Mutex<Option<Receiver<Vec<u8>>>>,
        /// Set to end the last inflater at once (the read failed or was stopped).
        abandon: Mutex<Arc<AtomicBool>>,
    }

    pub(crate) struct Staged {
        bytes: Arc<[u8]>,
        segments: Vec<Segment>,
        len: u64,
        pos: u64,
        stream: Option<Stream>,
        shared: Arc<Shared>,
    }

    impl Staged {
        /// `bytes` as they are.
        pub(crate) fn plain(bytes: Arc<[u8]>) -> Staged {
            let len = bytes.len() as u64;
            Staged { bytes, segments: vec![Segment { start: 0, len, piece: Piece::Original(0) }], len, pos: 0, stream: None, shared: Arc::default() }
        }

        /// The package rewritten with its worksheet parts stored, or as it is when it can't be.
        /// `None` for the shared state when the package is handed over as it is.
        pub(crate) fn xlsx(bytes: Arc<[u8]>) -> (Staged, Option<Arc<Shared>>) {
            match layout(&bytes) {
                Some(segments) => {
                    let len = segments.last().map_or(0, |s| s.start + s.len);
                    let shared = Arc::new(Shared::default());
                    (Staged { bytes, segments, len, pos: 0, stream: None, shared: shared.clone() }, Some(shared))
                }
                None => (Staged::plain(bytes), None),
            }
        }

        fn read_inflated(&mut self, segment: usize, entry: usize, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
            let attached = lock(&self.shared.rx).is_some();
            if !attached || self.stream.as_ref().is_none_or(|s| s.segment != segment || s.offset != offset) {
                self.stream = None;
                let (tx, rx) = sync_channel(QUEUE);
                let bytes = self.bytes.clone();
                // The part is read again from its start (a sheet whose declared size was
                // wrong): the previous inflater, if any, is of no more use.
                let abandon = Arc::new(AtomicBool::new(false));
                std::mem::replace(&mut *lock(&self.shared.abandon), abandon.clone()).store(true, Ordering::Relaxed);
                *lock(&self.shared.rx) = Some(rx);
                *lock(&self.shared.last) = Some(std::thread::spawn(move || inflate(&bytes, entry, tx, &abandon)));
                let mut stream = Stream { segment, chunk: Vec::new(), at: 0, offset: 0 };
                // A jump into the part (calamine reads parts from their start): skip to it.
                let mut skip = vec![0; CHUNK];
                while stream.offset < offset {
                    let want = CHUNK.min((offset - stream.offset) as usize);
                    if stream.read(&self.shared, &mut skip[..want])? == 0 {
                        return Ok(0);
                    }
                }
                self.stream = Some(stream);
            }
            let stream = self.stream.as_mut().unwrap_or_else(|| unreachable!());
            stream.read(&self.shared, buf)
        }
    }

    fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
        m.lock().unwrap_or_else(|e| e.into_inner())
    }

    impl Stream {
        fn read(&mut self, shared: &Shared, buf: &mut [u8]) -> io::Result<usize> {
            if self.at == self.chunk.len() {
                match lock(&shared.rx).as_ref().map(Receiver::recv) {
                    Some(Ok(chunk)) => (self.chunk, self.at) = (chunk, 0),
                    _ => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the sheet's compressed data ends early")),
                }
            }
            let n = buf.len().min(self.chunk.len() - self.at);
            buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
            self.at += n;
            self.offset += n as u64;
            Ok(n)
        }
    }

    impl Shared {
        /// The tail found by the inflater of the part read last, once it has scanned to the
        /// end (the reader may have stopped early). `None` if no part was inflated.
        pub(crate) fn tail(&self) -> Option<Tail> {
            drop(lock(&self.rx).take());
            let inflater = lock(&self.last).take()?;
            inflater.join().ok().flatten()
        }

        /// End the last inflater without waiting for it.
        pub(crate) fn abandon(&self) {
            lock(&self.abandon).store(true, Ordering::Relaxed);
            drop(lock(&self.rx).take());
            drop(lock(&self.last).take());
        }
    }

    /// Inflate part `entry`, handing its bytes to `tx` while the reader wants them, and scan
    /// it to its end for its tail.
    fn inflate(bytes: &[u8], entry: usize, tx: SyncSender<Vec<u8>>, abandon: &AtomicBool) -> Option<Tail> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let part = zip.by_index(entry).ok()?;
        struct Tee<'a, R> {
            part: R,
            tx: Option<SyncSender<Vec<u8>>>,
            abandon: &'a AtomicBool,
        }
        impl<R: Read> Read for Tee<'_, R> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.abandon.load(Ordering::Relaxed) {
                    return Err(io::Error::other("abandoned"));
                }
                let n = self.part.read(buf)?;
                if n > 0 && self.tx.as_ref().is_some_and(|tx| tx.send(buf[..n].to_vec()).is_err()) {
                    self.tx = None;
                }
                Ok(n)
            }
        }
        xlsx_merges::tail_of(Tee { part, tx: Some(tx), abandon })
    }

    impl Read for Staged {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.pos >= self.len || buf.is_empty() {
                return Ok(0);
            }
            let i = self.segments.partition_point(|s| s.start + s.len <= self.pos);
            let Some(segment) = self.segments.get(i) else { return Ok(0) };
            let within = self.pos - segment.start;
            let room = buf.len().min((segment.len - within) as usize);
            let n = match &segment.piece {
                Piece::Own(v) => {
                    buf[..room].copy_from_slice(&v[within as usize..within as usize + room]);
                    room
                }
                Piece::Original(from) => {
                    let from = from + within as usize;
                    buf[..room].copy_from_slice(&self.bytes[from..from + room]);
                    room
                }
                &Piece::Inflated { entry, .. } => self.read_inflated(i, entry, within, &mut buf[..room])?,
            };
            self.pos += n as u64;
            Ok(n)
        }
    }

    impl Seek for Staged {
        fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
            let pos = match to {
                SeekFrom::Start(p) => Some(p),
                SeekFrom::End(d) => self.len.checked_add_signed(d),
                SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            };
            self.pos = pos.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
            Ok(self.pos)
        }
    }

    /// The rewritten package's pieces: each part's local header, then its data (the
    /// original's, or inflated), then the central directory. `None`: leave it as it is.
    fn layout(bytes: &[u8]) -> Option<Vec<Segment>> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        if zip.len() >= 0xFFFF {
            return None;
        }
        let mut segments = Vec::new();
        let mut central = Vec::new();
        let mut at = 0u64;
        let mut any = false;
        for i in 0..zip.len() {
            let f = zip.by_index_raw(i).ok()?;
            if f.encrypted() || f.compressed_size() >= u32::MAX as u64 || f.size() >= u32::MAX as u64 {
                return None;
            }
            let name = f.name_raw().to_vec();
            let lower = String::from_utf8_lossy(&name).to_ascii_lowercase();
            let stored = f.compression() == zip::CompressionMethod::Deflated && lower.contains("worksheets/") && lower.ends_with(".xml");
            any |= stored;
            let method: u16 = match f.compression() {
                zip::CompressionMethod::Stored => 0,
                zip::CompressionMethod::Deflated => 8,
                _ => return None,
            };
            let (method, size) = if stored { (0, f.size()) } else { (method, f.compressed_size()) };
            let start = f.data_start()? as usize;
            let (crc, full) = (f.crc32(), f.size());
            let flags: u16 = if std::str::from_utf8(&name).is_ok_and(|n| !n.is_ascii()) { 0x0800 } else { 0 };
            let mut header = Vec::with_capacity(30 + name.len());
            header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            for v in [20u16, flags, method, 0, 0x21] {
                header.extend_from_slice(&v.to_le_bytes());
            }
            for v in [crc, size as u32, full as u32] {
                header.extend_from_slice(&v.to_le_bytes());
            }
            header.extend_from_slice(&(name.len() as u16).to_le_bytes());
            header.extend_from_slice(&0u16.to_le_bytes());
            header.extend_from_slice(&name);
            central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            for v in [20u16, 20, flags, method, 0, 0x21] {
                central.extend_from_slice(&v.to_le_bytes());
            }
            for v in [crc, size as u32, full as u32] {
                central.extend_from_slice(&v.to_le_bytes());
            }
            for v in [name.len() as u16, 0, 0, 0, 0] {
                central.extend_from_slice(&v.to_le_bytes());
            }
            central.extend_from_slice(&0u32.to_le_bytes());
            central.extend_from_slice(&u32::try_from(at).ok()?.to_le_bytes());
            central.extend_from_slice(&name);
            let header_len = header.len() as u64;
            segments.push(Segment { start: at, len: header_len, piece: Piece::Own(header) });
            at += header_len;
            let piece = if stored { Piece::Inflated { entry: i } } else { Piece::Original(start) };
            if !stored && start + size as usize > bytes.len() {
                return None;
            }
            segments.push(Segment { start: at, len: size, piece });
            at += size;
        }
        if !any {
            return None;
        }
        let (cd_at, cd_len) = (u32::try_from(at).ok()?, central.len() as u32);
        let n = (segments.len() / 2) as u16;
        central.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, n, n] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&cd_len.to_le_bytes());
        central.extend_from_slice(&cd_at.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        let len = central.len() as u64;
        segments.push(Segment { start: at, len, piece: Piece::Own(central) });
        Some(segments)
    }
}
