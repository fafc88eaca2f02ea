//! Workbooks through calamine: xlsx, xlsm, xlsb, xls, ods.

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, Dimensions, Ods, Range, Reader, Sheets, Xls, XlsError, Xlsb, Xlsx, XlsxError, open_workbook_from_rs};

use super::clean::clean_owned;
use super::grid::{Grid, Span};
use super::text::text_cell;
use super::{Format, ReadError, xlsx_merges};
use crate::table::{Cell, F64_EXACT_INT_LIMIT};

/// An open workbook, and its bytes for finding merged ranges faster than calamine does.
pub(crate) struct Excel {
    book: Sheets<Cursor<Arc<[u8]>>>,
    bytes: Arc<[u8]>,
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
        Ok(Excel { book, bytes })
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// Read one sheet with its merged ranges (xlsx and xls; the others don't expose them).
    pub(crate) fn load(&mut self, name: &str) -> Result<Grid, ReadError> {
        let range = match &mut self.book {
            Sheets::Xlsx(b) => b.worksheet_range(name).map_err(xlsx_error)?,
            Sheets::Xls(b) => b.worksheet_range(name).map_err(xls_error)?,
            Sheets::Xlsb(b) => b.worksheet_range(name).map_err(corrupt)?,
            Sheets::Ods(b) => b.worksheet_range(name).map_err(corrupt)?,
        };
        // A sheet whose merges can't be read is still worth reading without them.
        let merges = match &mut self.book {
            Sheets::Xlsx(b) => xlsx_merges::merges(&self.bytes, name)
                .unwrap_or_else(|| b.merge_cells_by_sheet_name(name).map(spans).unwrap_or_default()),
            Sheets::Xls(b) => b.merge_cells_by_sheet_name(name).map(spans).unwrap_or_default(),
            _ => Vec::new(),
        };
        Ok(grid(range, merges))
    }
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
    Grid { row0, col0, width, cells, merges }
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
    s.parse::<chrono::NaiveDateTime>()
        .ok()
        .or_else(|| s.parse::<chrono::NaiveDate>().ok().map(|d| d.and_time(chrono::NaiveTime::MIN)))
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
