//! The in-memory sheet every later step reads: cleaned cells below a detected header row.

use chrono::NaiveDateTime;

/// One cell, as read from the file and cleaned (see [`crate::read`]).
///
/// Text is already cleaned: surrounding white space, the `="..."` wrapper, a leading tab
/// and a leading apostrophe are gone. Numbers stay `f64` exactly as the file stored them,
/// so that an identifier Excel has already rounded can be recognised (see [`Cell::lost_precision`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date/time in the workbook (already converted from the serial).
    DateTime(NaiveDateTime),
    Bool(bool),
    /// An Excel error value such as `#N/A`, kept as its text.
    Error(String),
}

/// 2^53: from here on an `f64` can no longer hold every integer.
pub const F64_EXACT_INT_LIMIT: f64 = 9_007_199_254_740_992.0;

/// The smallest 16-digit number. Excel keeps 15 significant digits, so an identifier it
/// stored as a number this long has already lost its last digit(s).
pub const EXCEL_LOST_DIGITS_FROM: f64 = 1e15;

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The text a merchant sees in the cell (what Excel's "General" format would show for
    /// numbers: integers in full below 2^53, `1.23457E+18` style above).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Error(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::DateTime(t) => {
                if t.time() == chrono::NaiveTime::MIN {
                    t.format("%Y-%m-%d").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }

    /// True when this cell, read as an identifier (order number, barcode, id), cannot be
    /// trusted: a number of 16 digits or more, or text in Excel's E-notation (`1.23457E+18`).
    pub fn lost_precision(&self) -> bool {
        match self {
            Cell::Number(n) => n.abs() >= EXCEL_LOST_DIGITS_FROM,
            Cell::Text(s) => looks_like_e_notation(s),
            _ => false,
        }
    }
}

/// `1.23457E+18`, `1.2E+17`, `5E+15`: what Excel shows (and writes to CSV) for long numbers.
fn looks_like_e_notation(s: &str) -> bool {
    let s = s.trim();
    let Some(pos) = s.find(['E', 'e']) else {
        return false;
    };
    let (mantissa, exp) = (&s[..pos], &s[pos + 1..]);
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    let mut digits = mantissa.split('.');
    let int = digits.next().unwrap_or("");
    let frac = digits.next().unwrap_or("0");
    digits.next().is_none()
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !exp.is_empty()
        && exp.bytes().all(|b| b.is_ascii_digit())
        && exp.parse::<u32>().is_ok_and(|e| e >= 6)
}

/// Format a number as Excel's General format shows it to a person.
pub fn format_number(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    if n.fract() == 0.0 && n.abs() < F64_EXACT_INT_LIMIT {
        return format!("{}", n as i64);
    }
    if n.abs() >= 1e11 {
        // Excel General: 6 significant digits in scientific notation, trailing zeros dropped.
        let s = format!("{:.5E}", n);
        let (mant, exp) = s.split_once('E').unwrap_or((&s, "0"));
        let mant = if mant.contains('.') { mant.trim_end_matches('0').trim_end_matches('.') } else { mant };
        let exp: i32 = exp.parse().unwrap_or(0);
        return format!("{mant}E{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    // Shortest text that reads back as the same f64: 69.900000000000006 shows as 69.9.
    format!("{n}")
}

/// A sheet below its header row. Fully blank rows are dropped; every kept row remembers
/// its 1-based row number in the sheet as Excel shows it.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub sheet: String,
    /// 1-based row number of the header row in the sheet.
    pub header_row: u32,
    /// Header names, trimmed; an empty header becomes `列X` (X = the column letter) and a
    /// repeated one gets ` (2)`, ` (3)`… so every column has a unique name.
    pub columns: Vec<String>,
    /// Row-major cells, `columns.len()` per row.
    pub cells: Vec<Cell>,
    /// 1-based sheet row number of each data row.
    pub row_numbers: Vec<u32>,
}

impl Table {
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    pub fn len(&self) -> usize {
        self.row_numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.row_numbers.is_empty()
    }

    pub fn row(&self, i: usize) -> &[Cell] {
        let w = self.width();
        &self.cells[i * w..(i + 1) * w]
    }

    /// Keep the first `rows` rows.
    pub fn truncate(&mut self, rows: usize) {
        self.cells.truncate(rows * self.width());
        self.row_numbers.truncate(rows);
    }

    /// The column with this header, compared trimmed: headers are stored trimmed, and a
    /// name copied from the file may carry the trailing space it has there (`订单付款时间 `).
    /// Failing that, with full-width brackets folded (`商品总价（元）` is `商品总价(元)`).
    pub fn column_index(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.columns.iter().position(|c| c == name).or_else(|| self.columns.iter().position(|c| crate::fields::same_header(c, name)))
    }

    /// Up to `count` different non-blank values of a column, from the top (the mapping
    /// screen's examples). Looks at the first 1,000 rows only: a column of blanks must not
    /// walk a 500,000-row sheet.
    pub fn samples(&self, column: &str, count: usize) -> Vec<String> {
        let Some(c) = self.column_index(column) else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for r in 0..self.len().min(1000) {
            let v = self.row(r)[c].display();
            if out.len() < count && !v.trim().is_empty() && !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::excessive_precision)] // the binary float artefact is the point
    fn numbers_display_like_excel_general() {
        assert_eq!(format_number(128092.0), "128092");
        assert_eq!(format_number(69.900000000000006), "69.9");
        assert_eq!(format_number(1234567890123456789.0), "1.23457E+18");
        assert_eq!(format_number(1.2e17), "1.2E+17");
        assert_eq!(format_number(-3.5), "-3.5");
    }

    #[test]
    fn precision_loss_is_recognised() {
        assert!(Cell::Number(1234567890123456789.0).lost_precision());
        assert!(Cell::Number(1234567890123456.0).lost_precision(), "16 digits: Excel kept 15");
        assert!(!Cell::Number(123456789012345.0).lost_precision());
        assert!(Cell::Text("1.23457E+18".into()).lost_precision());
        assert!(Cell::Text("5E+15".into()).lost_precision());
        assert!(!Cell::Text("1234567890123456789".into()).lost_precision());
        assert!(!Cell::Text("E12345".into()).lost_precision());
    }

    #[test]
    fn samples_are_distinct_non_blank_values() {
        let cells = ["1", "", "1", "2", "3"].iter().map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }).collect();
        let t = Table { columns: vec!["a".into()], cells, row_numbers: (2..7).collect(), ..Table::default() };
        assert_eq!(t.samples("a", 2), ["1", "2"]);
        assert!(t.samples("nope", 2).is_empty());
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
