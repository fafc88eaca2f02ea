//! A sheet as the platforms lay it out, before it is written in some file format.

use chrono::NaiveDateTime;

/// One cell. Numbers keep the text the platform prints, so text formats write it as is
/// and binary formats store the parsed value.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    Empty,
    Text(String),
    /// An identifier (order number, barcode): CSV writers may decorate it as platforms do.
    Id(String),
    /// A phone number: GB18030 CSV writers prefix `'`.
    Phone(String),
    Num(String),
    Time(NaiveDateTime),
}

impl V {
    /// A number cell when the text is a number, else text (a planted "两件").
    pub fn num(text: &str) -> V {
        if text.is_empty() {
            V::Empty
        } else if text.parse::<f64>().is_ok() {
            V::Num(text.to_string())
        } else {
            V::Text(text.to_string())
        }
    }

    /// A date cell when the text is `yyyy-MM-dd HH:mm:ss`, else text.
    pub fn time(text: &str) -> V {
        match NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S") {
            Ok(t) => V::Time(t),
            Err(_) if text.is_empty() => V::Empty,
            Err(_) => V::Text(text.to_string()),
        }
    }

    pub fn text(text: &str) -> V {
        if text.is_empty() { V::Empty } else { V::Text(text.to_string()) }
    }

    /// The text a person sees (dates as `yyyy-MM-dd HH:mm:ss`).
    pub fn shown(&self) -> String {
        match self {
            V::Empty => String::new(),
            V::Text(s) | V::Id(s) | V::Phone(s) | V::Num(s) => s.clone(),
            V::Time(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

/// How CSV writers decorate identifiers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum IdStyle {
    Plain,
    /// Douyin: a tab inside the quotes, `"\t6912…"`.
    Tab,
}

/// Cells merged down one column, rows as indices into [`Grid::rows`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Merge {
    pub first_row: u32,
    pub last_row: u32,
    pub col: u16,
}

#[derive(Clone, Debug)]
pub struct Grid {
    pub sheet: String,
    pub rows: Vec<Vec<V>>,
    /// Honoured by the xlsx, xls and ods writers; the others write every value.
    pub merges: Vec<Merge>,
    pub ids: IdStyle,
}

impl Grid {
    pub fn new(rows: Vec<Vec<V>>) -> Grid {
        Grid { sheet: "订单".into(), rows, merges: vec![], ids: IdStyle::Plain }
    }

    /// Dates written as text in `fmt` (chrono syntax), as an Excel re-save shows them.
    pub fn times_as_text(mut self, fmt: &str) -> Grid {
        for cell in self.rows.iter_mut().flatten() {
            if let V::Time(t) = cell {
                *cell = V::Text(t.format(fmt).to_string());
            }
        }
        self
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Whether the cell at (row, col) is covered by a merge but is not its first cell.
    pub fn covered(&self, row: u32, col: u16) -> bool {
        self.merges.iter().any(|m| m.col == col && row > m.first_row && row <= m.last_row)
    }
}

/// A grid and where each order's lines landed (1-based sheet rows), so tests can say where
/// an issue must be reported.
#[derive(Clone, Debug)]
pub struct Layout {
    pub grid: Grid,
    pub rows: Vec<Vec<u32>>,
}

impl Layout {
    /// The sheet row of line `line` of order `order`.
    pub fn row(&self, order: usize, line: usize) -> u32 {
        self.rows[order][line]
    }

    /// A title row and a blank row above the header, as many exports have.
    pub fn with_title(mut self, title: &str) -> Layout {
        self.grid.rows.splice(0..0, [vec![V::Text(title.to_string())], vec![]]);
        for m in &mut self.grid.merges {
            m.first_row += 2;
            m.last_row += 2;
        }
        for r in self.rows.iter_mut().flatten() {
            *r += 2;
        }
        self
    }
}
