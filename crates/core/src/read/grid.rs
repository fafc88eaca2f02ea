//! The sheet as every reader delivers it, and its conversion into a [`Table`].

use std::collections::HashSet;

use super::{ReadError, header};
use crate::table::{Cell, Table, column_letter};

/// A merged range (or an HTML rowspan/colspan), absolute 0-based rows and columns, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub first: (u32, u32),
    pub last: (u32, u32),
}

/// A sheet's used range: cleaned cells, row-major, starting at absolute 0-based
/// (`row0`, `col0`) so that row numbers and column letters match what Excel shows.
#[derive(Debug, Default)]
pub(crate) struct Grid {
    pub row0: u32,
    pub col0: u32,
    pub width: usize,
    pub cells: Vec<Cell>,
    pub merges: Vec<Span>,
    /// Set when only the sheet's first rows were read (see [`super::Workbook::table_prefix`]).
    pub partial: Option<Partial>,
}

/// What a grid holding only the first rows of its sheet knows about the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Partial {
    /// Sheet rows asked for: absolute rows `0..limit`.
    pub limit: usize,
    /// The sheet's rows in all, as the file declares them (an estimate for CSV).
    pub rows: usize,
}

impl Grid {
    /// A grid from rows of different lengths (CSV, HTML), padded to the widest.
    pub fn from_rows(rows: Vec<Vec<Cell>>, merges: Vec<Span>) -> Grid {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut cells = Vec::with_capacity(width * rows.len());
        for mut row in rows {
            row.resize(width, Cell::Empty);
            cells.append(&mut row);
        }
        Grid { row0: 0, col0: 0, width, cells, merges, partial: None }
    }

    pub fn height(&self) -> usize {
        self.cells.len().checked_div(self.width).unwrap_or(0)
    }

    pub fn row(&self, r: usize) -> &[Cell] {
        &self.cells[r * self.width..(r + 1) * self.width]
    }

    pub fn row_is_blank(&self, r: usize) -> bool {
        self.row(r).iter().all(Cell::is_blank)
    }

    pub fn has_data(&self) -> bool {
        self.cells.iter().any(|c| !c.is_blank())
    }

    /// Last used row and column numbers (1-based), `(0, 0)` for an empty sheet. For a
    /// partial grid, the row is the last one the sheet declares.
    pub fn extent(&self) -> (usize, usize) {
        if let Some(p) = self.partial {
            return (p.rows, self.col0 as usize + self.width);
        }
        if self.cells.is_empty() {
            return (0, 0);
        }
        (self.row0 as usize + self.height(), self.col0 as usize + self.width)
    }

    /// Copy each merged range's top-left value into the rest of the range, for ranges
    /// entirely below the header: above it they are titles, across it they are headers.
    fn fill_merges(&mut self, header: u32) {
        let (h, w) = (self.height() as u32, self.width as u32);
        for span in std::mem::take(&mut self.merges) {
            if span.first.0 <= header || span.first.0 < self.row0 || span.first.1 < self.col0 {
                continue;
            }
            let (r0, c0) = (span.first.0 - self.row0, span.first.1 - self.col0);
            if r0 >= h || c0 >= w {
                continue;
            }
            let value = self.cells[r0 as usize * self.width + c0 as usize].clone();
            let r1 = (span.last.0.saturating_sub(self.row0)).min(h - 1);
            let c1 = (span.last.1.saturating_sub(self.col0)).min(w - 1);
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) {
                        self.cells[r as usize * self.width + c as usize] = value.clone();
                    }
                }
            }
        }
    }

    /// The table below the header row (`header_row` 1-based; `None`: detect it).
    pub fn into_table(mut self, sheet: &str, header_row: Option<u32>) -> Result<Table, ReadError> {
        if !self.has_data() {
            return Err(ReadError::EmptySheet { sheet: sheet.to_string() });
        }
        let h = self.height();
        let last = self.extent().0 as u32;
        // Absolute 0-based header row.
        let header = match header_row {
            Some(n) if n == 0 || n > last => return Err(ReadError::HeaderRowOutOfRange { row: n, last }),
            Some(n) => n - 1,
            None => self.row0 + header::detect(&self) as u32,
        };
        self.fill_merges(header);
        // The header may lie above the used range when given by hand.
        let header_rel = header.checked_sub(self.row0).map(|r| r as usize);
        let first_data = header_rel.map_or(0, |r| r + 1);
        let data: Vec<usize> = (first_data..h).filter(|&r| !self.row_is_blank(r)).collect();

        // Columns from the first to the last one used by the header or by any data row.
        let mut used: Option<(usize, usize)> = None;
        for r in header_rel.into_iter().chain(data.iter().copied()) {
            let row = self.row(r);
            if let (Some(lo), Some(hi)) = (row.iter().position(|c| !c.is_blank()), row.iter().rposition(|c| !c.is_blank())) {
                used = Some(used.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
            }
        }
        let cols = used.map_or(0..0, |(lo, hi)| lo..hi + 1);

        let mut seen = HashSet::new();
        let columns = cols
            .clone()
            .map(|c| {
                let name = header_rel.map(|r| self.row(r)[c].display()).unwrap_or_default();
                let name = if name.is_empty() { format!("列{}", column_letter(self.col0 as usize + c)) } else { name };
                unique(&mut seen, name)
            })
            .collect();

        // Compact the kept cells to the front of the grid's own vector (each cell moves to an
        // index no greater than its own), so a large sheet is never held twice.
        let (width, n) = (self.width, cols.len());
        let mut cells = std::mem::take(&mut self.cells);
        for (k, &r) in data.iter().enumerate() {
            for (j, c) in cols.clone().enumerate() {
                cells[k * n + j] = std::mem::take(&mut cells[r * width + c]);
            }
        }
        cells.truncate(data.len() * n);
        Ok(Table { sheet: sheet.to_string(), header_row: header + 1, columns, cells, row_numbers: data.iter().map(|&r| self.row0 + r as u32 + 1).collect() })
    }
}

/// `name`, or `name (2)`, `name (3)`… when it is already taken.
fn unique(seen: &mut HashSet<String>, name: String) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while seen.contains(&candidate) {
        candidate = format!("{name} ({n})");
        n += 1;
    }
    seen.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        if s.is_empty() { Cell::Empty } else { Cell::Text(s.into()) }
    }

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid::from_rows(rows.iter().map(|r| r.iter().map(|s| text(s)).collect()).collect(), vec![])
    }

    #[test]
    fn names_blank_and_repeated_headers() {
        let t = grid(&[&["订单编号", "", "金额", "金额", "金额"], &["1", "x", "2", "3", "4", "extra"]]).into_table("s", None).unwrap();
        assert_eq!(t.columns, ["订单编号", "列B", "金额", "金额 (2)", "金额 (3)", "列F"]);
        assert_eq!(t.row_numbers, [2]);
    }

    #[test]
    fn merges_below_header_fill_and_offsets_apply() {
        let mut g = grid(&[&["订单编号", "商品"], &["A1", "x"], &["", "y"], &["", ""], &["B2", "z"]]);
        g.row0 = 2;
        g.col0 = 1;
        // Order number merged over two rows (absolute rows 3..4, column B), title merge above.
        g.merges = vec![Span { first: (3, 1), last: (4, 1) }, Span { first: (0, 0), last: (0, 5) }];
        let t = g.into_table("s", None).unwrap();
        assert_eq!(t.header_row, 3);
        assert_eq!(t.row_numbers, [4, 5, 7]);
        assert_eq!(t.row(1)[0], Cell::Text("A1".into()));
    }

    #[test]
    fn header_row_out_of_range_and_empty_sheet() {
        let g = grid(&[&["a"], &["b"]]);
        assert_eq!(g.into_table("s", Some(3)).unwrap_err(), ReadError::HeaderRowOutOfRange { row: 3, last: 2 });
        let g = grid(&[&["", " "]]);
        assert_eq!(g.into_table("s", None).unwrap_err(), ReadError::EmptySheet { sheet: "s".into() });
    }
}
