//! Workbooks through calamine: xlsx, xlsm, xlsb, xls, ods.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use calamine::{Data, DataRef, Dimensions, Ods, Range, Reader, Sheets, Xls, XlsError, Xlsb, Xlsx, XlsxError, open_workbook_from_rs};

use super::clean::clean_owned;
use super::grid::{Grid, Partial, Span};
use super::text::text_cell;
use super::xlsx_merges::{self, Tail};
use super::{Format, ReadError};
use crate::table::{Cell, F64_EXACT_INT_LIMIT};

/// An open workbook, and its bytes for finding merged ranges faster than calamine does.
pub(crate) struct Excel {
    book: Sheets<Cursor<Arc<[u8]>>>,
    bytes: Arc<[u8]>,
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
        let bytes: Arc<[u8]> = bytes.into();
        let rs = Cursor::new(bytes.clone());
        let book = match format {
            Format::Xls => Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(rs).map_err(xls_error)?),
            Format::Xlsb => Sheets::Xlsb(open_workbook_from_rs::<Xlsb<_>, _>(rs).map_err(corrupt)?),
            Format::Ods => Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(rs).map_err(corrupt)?),
            _ => Sheets::Xlsx(open_workbook_from_rs::<Xlsx<_>, _>(rs).map_err(xlsx_error)?),
        };
        Ok(Excel { book, bytes, tails: HashMap::new() })
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// Read one sheet with its merged ranges (xlsx and xls; the others don't expose them).
    /// `limit`: an xlsx sheet stops after its first `limit` rows. `progress` follows the
    /// sheet row being read; `stop` ends an xlsx read early with [`ReadError::Stopped`].
    pub(crate) fn load(&mut self, name: &str, limit: Option<usize>, progress: &AtomicUsize, stop: &AtomicBool) -> Result<Grid, ReadError> {
        // A sheet whose merges can't be read is still worth reading without them.
        let (range, merges) = match &mut self.book {
            Sheets::Xlsx(b) => {
                // The merge list sits after all the cells: it is looked for on a second core
                // while this one reads the cells.
                let known = self.tails.get(name).cloned();
                let (bytes, sheet) = (self.bytes.clone(), name.to_string());
                let scan = known.is_none().then(|| std::thread::spawn(move || xlsx_merges::tail(&bytes, &sheet)));
                let mut grid = stream_xlsx(b, name, limit, progress, stop)?;
                let tail =
                    known.or_else(|| scan.and_then(|s| s.join().ok().flatten())).unwrap_or_else(|| Tail { merges: b.merge_cells_by_sheet_name(name).map(spans).unwrap_or_default(), rows: None });
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
            Sheets::Xlsb(b) => (b.worksheet_range(name).map_err(corrupt)?, Vec::new()),
            Sheets::Ods(b) => (b.worksheet_range(name).map_err(corrupt)?, Vec::new()),
        };
        Ok(grid(range, merges))
    }
}

/// Read an xlsx sheet cell by cell straight into a grid, without calamine's intermediate
/// `Range` (which would double the peak memory of a large sheet), stopping after `limit`
/// rows if given.
fn stream_xlsx(book: &mut Xlsx<Cursor<Arc<[u8]>>>, name: &str, limit: Option<usize>, progress: &AtomicUsize, stop: &AtomicBool) -> Result<Grid, ReadError> {
    match stream_dense(book, name, limit, progress, stop)? {
        Some(grid) => Ok(grid),
        None => stream_sparse(book, name, limit, progress, stop),
    }
}

/// Into a grid sized by the sheet's declared dimensions. `None` when they do not hold its
/// cells (streaming writers may declare just `A1`).
fn stream_dense(book: &mut Xlsx<Cursor<Arc<[u8]>>>, name: &str, limit: Option<usize>, progress: &AtomicUsize, stop: &AtomicBool) -> Result<Option<Grid>, ReadError> {
    let mut reader = book.worksheet_cells_reader(name).map_err(xlsx_error)?;
    let dims = reader.dimensions();
    if dims.start > dims.end {
        return Ok(None);
    }
    let (row0, col0) = dims.start;
    // The last row read: the declared last one, or the last within `limit`.
    let end = limit.map_or(dims.end.0, |l| dims.end.0.min((l as u32).saturating_sub(1)));
    let width = (dims.end.1 - col0 + 1) as usize;
    let height = (end + 1).saturating_sub(row0) as usize;
    if width.saturating_mul(height) > 50_000_000 {
        return Ok(None);
    }
    let mut cells = vec![Cell::Empty; width * height];
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    let mut partial = None;
    while let Some(c) = reader.next_cell().map_err(xlsx_error)? {
        let (r, col) = c.get_position();
        if r < row0 || r > dims.end.0 || col < col0 || col > dims.end.1 {
            return Ok(None);
        }
        if progress.swap(r as usize, Ordering::Relaxed) != r as usize && stop.load(Ordering::Relaxed) {
            return Err(ReadError::Stopped);
        }
        if r > end {
            partial = limit.map(|limit| Partial { limit, rows: dims.end.0 as usize + 1 });
            break;
        }
        let Some(value) = xlsx_cell(c.get_value()) else { continue };
        first = (first.0.min(r), first.1.min(col));
        last = (last.0.max(r), last.1.max(col));
        cells[(r - row0) as usize * width + (col - col0) as usize] = value;
    }
    if first.0 == u32::MAX {
        return Ok(Some(Grid { partial, ..Grid::default() }));
    }
    // Keep only the used box, as calamine's range would.
    if first != (row0, col0) || last != (end, dims.end.1) {
        let w = (last.1 - first.1 + 1) as usize;
        let mut used = Vec::with_capacity(w * (last.0 - first.0 + 1) as usize);
        for r in first.0..=last.0 {
            let start = (r - row0) as usize * width + (first.1 - col0) as usize;
            used.extend(cells[start..start + w].iter_mut().map(std::mem::take));
        }
        return Ok(Some(Grid { row0: first.0, col0: first.1, width: w, cells: used, merges: Vec::new(), partial }));
    }
    Ok(Some(Grid { row0, col0, width, cells, merges: Vec::new(), partial }))
}

/// Into a list of cells first, for a sheet whose declared dimensions are wrong; the rows
/// of a partial read are counted later, from the sheet's end (see [`xlsx_merges::tail`]).
fn stream_sparse(book: &mut Xlsx<Cursor<Arc<[u8]>>>, name: &str, limit: Option<usize>, progress: &AtomicUsize, stop: &AtomicBool) -> Result<Grid, ReadError> {
    let mut reader = book.worksheet_cells_reader(name).map_err(xlsx_error)?;
    let mut cells: Vec<(u32, u32, Cell)> = Vec::new();
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    let mut partial = None;
    while let Some(c) = reader.next_cell().map_err(xlsx_error)? {
        let (r, col) = c.get_position();
        if progress.swap(r as usize, Ordering::Relaxed) != r as usize && stop.load(Ordering::Relaxed) {
            return Err(ReadError::Stopped);
        }
        if let Some(limit) = limit.filter(|&l| r as usize >= l) {
            // At least the rows read; the sheet's end tells the rest.
            partial = Some(Partial { limit, rows: r as usize + 1 });
            break;
        }
        let Some(value) = xlsx_cell(c.get_value()) else { continue };
        first = (first.0.min(r), first.1.min(col));
        last = (last.0.max(r), last.1.max(col));
        cells.push((r, col, value));
    }
    if cells.is_empty() {
        return Ok(Grid { partial, ..Grid::default() });
    }
    let width = (last.1 - first.1 + 1) as usize;
    let height = (last.0 - first.0 + 1) as usize;
    if width.saturating_mul(height) > 100_000_000 {
        return Err(ReadError::Corrupt(format!("the sheet's cells spread over {height} rows and {width} columns")));
    }
    let mut grid = vec![Cell::Empty; width * height];
    for (r, c, value) in cells {
        grid[(r - first.0) as usize * width + (c - first.1) as usize] = value;
    }
    Ok(Grid { row0: first.0, col0: first.1, width, cells: grid, merges: Vec::new(), partial })
}

/// A streamed xlsx cell as a cleaned cell; `None` for an empty one.
fn xlsx_cell(value: &DataRef) -> Option<Cell> {
    let value = match value {
        DataRef::Empty => return None,
        DataRef::SharedString(s) => text_cell(s.to_string()),
        other => cell(Data::from(other.clone())),
    };
    (!matches!(value, Cell::Empty)).then_some(value)
}

fn spans(dims: Vec<Dimensions>) -> Vec<Span> {
    dims.into_iter().map(|d| Span { first: d.start, last: d.end }).collect()
}

/// Move every value out of the range (no string is copied) into a grid of cleaned cells.
fn grid(mut range: Range<Data>, merges: Vec<Span>) -> Grid {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let (height, width) = range.get_size();
    let mut cells = Vec::with_capacity(height * width);
    for r in 0..height {
        cells.extend(range[r].iter_mut().map(|d| cell(std::mem::take(d))));
    }
    Grid { row0, col0, width, cells, merges, partial: None }
}

fn cell(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => text_cell(s),
        Data::Float(f) => Cell::Number(f),
        // An f64 can't hold this integer exactly: keep its digits as text.
        Data::Int(i) if i.unsigned_abs() as f64 >= F64_EXACT_INT_LIMIT => Cell::Text(i.to_string()),
        Data::Int(i) => Cell::Number(i as f64),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(d) => d.as_datetime().map_or(Cell::Number(d.as_f64()), Cell::DateTime),
        Data::DateTimeIso(s) => iso_datetime(&s).map_or_else(|| text_cell(s), Cell::DateTime),
        Data::DurationIso(s) => Cell::Text(clean_owned(s)),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn iso_datetime(s: &str) -> Option<chrono::NaiveDateTime> {
    s.parse::<chrono::NaiveDateTime>().ok().or_else(|| s.parse::<chrono::NaiveDate>().ok().map(|d| d.and_time(chrono::NaiveTime::MIN)))
}

#[cfg(test)]
mod tests {
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
}
