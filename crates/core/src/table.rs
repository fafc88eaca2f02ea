//! The in-memory sheet every later step reads: cleaned cells below a detected header row.

use std::alloc::Layout;
use std::hash::BuildHasherDefault;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDateTime;

/// One cell, as read from the file and cleaned (see [`crate::read`]).
///
/// Text is already cleaned: surrounding white space, the `="..."` wrapper, a leading tab
/// and a leading apostrophe are gone. Numbers stay `f64` exactly as the file stored them,
/// so that an identifier Excel has already rounded can be recognised (see [`Cell::lost_precision`]).
///
/// 16 bytes: a sheet of 2 million cells holds 32 MB of them, its texts apart.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(Text),
    Number(f64),
    /// A cell formatted as a date/time in the workbook (already converted from the serial).
    DateTime(NaiveDateTime),
    Bool(bool),
    /// An Excel error value such as `#N/A`, kept as its text.
    Error(Text),
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
            Cell::Text(s) | Cell::Error(s) => s.to_string(),
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

/// A number to the 15 significant digits Excel shows and computes with: a formula's
/// 0.1 + 0.2, stored as 0.30000000000000004, is 0.3. The cell itself keeps the stored
/// `f64` (see [`Cell::lost_precision`]); what is shown, checked as money and written to the
/// corrected file is this.
pub fn excel_digits(n: f64) -> f64 {
    if !n.is_finite() {
        return n;
    }
    format!("{n:.14e}").parse().unwrap_or(n)
}

/// Format a number as Excel's General format shows it to a person.
pub fn format_number(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    // Whole numbers in full, even past 15 digits: an identifier must show every digit it has.
    if n.fract() == 0.0 && n.abs() < F64_EXACT_INT_LIMIT {
        return format!("{}", n as i64);
    }
    let n = excel_digits(n);
    // The leftovers of a subtraction (0.3 - 0.1 - 0.2 is -2.77556E-17) as Excel shows them.
    if n.abs() >= 1e11 || (n != 0.0 && n.abs() < 1e-9) {
        // Excel General: 6 significant digits in scientific notation, trailing zeros dropped.
        let s = format!("{:.5E}", n);
        let (mant, exp) = s.split_once('E').unwrap_or((&s, "0"));
        let mant = if mant.contains('.') { mant.trim_end_matches('0').trim_end_matches('.') } else { mant };
        let exp: i32 = exp.parse().unwrap_or(0);
        return format!("{mant}E{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    // Shortest text that reads back as the same f64, after the rounding to 15 digits.
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

    /// A copy of the first `rows` rows.
    pub fn first_rows(&self, rows: usize) -> Table {
        let rows = rows.min(self.len());
        Table {
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            columns: self.columns.clone(),
            cells: self.cells[..rows * self.width()].to_vec(),
            row_numbers: self.row_numbers[..rows].to_vec(),
        }
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

/// A cell's text: cleaned, immutable and shared. A `Text` is one pointer (a [`Cell`] is 16
/// bytes, not 32) to its length, a reference count and the bytes, in one allocation; a clone
/// shares them, so a value repeated down a column (an order number on each of its lines, the
/// shop, the status) can be held once (see [`Interner`]). Reads as a `&str`.
pub struct Text(NonNull<TextHeader>);

#[repr(C)]
struct TextHeader {
    count: AtomicU32,
    len: u32,
}

// SAFETY: the bytes are never written after `Text::new`, and the count is atomic.
unsafe impl Send for Text {}
unsafe impl Sync for Text {}

impl Text {
    /// The text `s`, copied. A text of 4 GiB or more (no cell holds one) keeps its first
    /// 4 GiB less a character.
    pub fn new(s: &str) -> Text {
        let mut end = s.len().min(u32::MAX as usize);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let s = &s[..end];
        let layout = Text::layout(s.len());
        // SAFETY: the layout is never zero-sized (it holds the header); the header is written
        // before the bytes, which fit behind it by `layout`.
        unsafe {
            let header = std::alloc::alloc(layout).cast::<TextHeader>();
            let Some(header) = NonNull::new(header) else { std::alloc::handle_alloc_error(layout) };
            header.as_ptr().write(TextHeader { count: AtomicU32::new(1), len: s.len() as u32 });
            std::ptr::copy_nonoverlapping(s.as_ptr(), header.as_ptr().add(1).cast::<u8>(), s.len());
            Text(header)
        }
    }

    fn layout(len: usize) -> Layout {
        let bytes = Layout::array::<u8>(len).unwrap_or_else(|_| unreachable!("a length below 4 GiB"));
        Layout::new::<TextHeader>().extend(bytes).unwrap_or_else(|_| unreachable!("a length below 4 GiB")).0.pad_to_align()
    }

    fn header(&self) -> &TextHeader {
        // SAFETY: the header lives as long as any `Text` pointing at it.
        unsafe { self.0.as_ref() }
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: `len` bytes of valid UTF-8 (copied from a `&str`) follow the header.
        unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.0.as_ptr().add(1).cast::<u8>(), self.header().len as usize)) }
    }

    /// Both are the same allocation (then they are equal without comparing bytes).
    pub fn ptr_eq(a: &Text, b: &Text) -> bool {
        a.0 == b.0
    }
}

impl Clone for Text {
    fn clone(&self) -> Text {
        // As `Arc`: a count about to overflow aborts (it takes 4 billion clones).
        if self.header().count.fetch_add(1, Ordering::Relaxed) > i32::MAX as u32 {
            std::process::abort();
        }
        Text(self.0)
    }
}

impl Drop for Text {
    fn drop(&mut self) {
        if self.header().count.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        std::sync::atomic::fence(Ordering::Acquire);
        let layout = Text::layout(self.header().len as usize);
        // SAFETY: this was the last `Text` of the allocation, made with this layout.
        unsafe { std::alloc::dealloc(self.0.as_ptr().cast::<u8>(), layout) }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        Text::ptr_eq(self, other) || self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::new("")
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::new(s)
    }
}

impl From<&&str> for Text {
    fn from(s: &&str) -> Text {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::new(&s)
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::new(s)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_string()
    }
}

/// Makes the texts of a sheet's cells, sharing one [`Text`] among the cells of a column that
/// hold the same value: the one just above, or one of the column's first few thousand
/// different values while the column keeps repeating them (shop, status, payment method).
/// A column of values that don't repeat (addresses, product titles) soon stops looking.
#[derive(Default)]
pub struct Interner {
    columns: Vec<ColumnTexts>,
}

#[derive(Default)]
struct ColumnTexts {
    last: Option<Text>,
    seen: std::collections::HashSet<Text, BuildHasherDefault<FxHasher>>,
    looked: u32,
    found: u32,
    /// Values stopped being looked up in `seen`.
    given_up: bool,
}

/// Different values remembered per column.
const INTERNED_PER_COLUMN: usize = 4096;

impl Interner {
    /// The text `s` in column `column` (any number: 0-based, absolute or relative).
    pub fn text(&mut self, column: usize, s: &str) -> Text {
        if column >= self.columns.len() {
            if column > 1 << 14 {
                return Text::new(s);
            }
            self.columns.resize_with(column + 1, ColumnTexts::default);
        }
        let col = &mut self.columns[column];
        if let Some(last) = &col.last
            && last.as_str() == s
        {
            return last.clone();
        }
        let text = if col.given_up {
            Text::new(s)
        } else {
            col.looked += 1;
            match col.seen.get(s) {
                Some(t) => {
                    col.found += 1;
                    t.clone()
                }
                None => {
                    let t = Text::new(s);
                    if col.seen.len() < INTERNED_PER_COLUMN {
                        col.seen.insert(t.clone());
                    }
                    // Past its first thousand values, a column whose values seldom repeat.
                    if col.looked >= 1024 && col.found < col.looked / 4 {
                        col.given_up = true;
                        col.seen = Default::default();
                    }
                    t
                }
            }
        };
        col.last = Some(text.clone());
        text
    }
}

/// The hash the interner's sets use: FxHash's (rustc's), a multiply per eight bytes; these
/// sets hold a file's own values, never anything chosen to collide.
#[derive(Default)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
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
        // A formula's binary leftovers: 15 significant digits, trailing zeros dropped.
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(0.145 * 3.0), "0.435");
        assert_eq!(format_number(1.1 * 1.1), "1.21");
        assert_eq!(format_number(0.1 + 0.7), "0.8");
        assert_eq!(format_number(2.0000000000000004), "2");
        assert_eq!(format_number(0.3 - 0.1 - 0.2), "-2.77556E-17");
        assert_eq!(format_number(123456789.12345678), "123456789.123457");
        assert_eq!(format_number(1e21), "1E+21");
        assert_eq!(format_number(0.0001234), "0.0001234");
        // Whole numbers keep every digit, and a mangled identifier is still seen as one.
        assert_eq!(format_number(1234567890123456.0), "1234567890123456");
        assert!(Cell::Number(1234567890123456.0).lost_precision());
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
    fn first_rows_copies_rows_with_their_numbers() {
        let cells = ["a", "b", "c"].iter().map(|s| Cell::Text((*s).into())).collect();
        let t = Table { columns: vec!["x".into()], cells, row_numbers: vec![2, 4, 5], ..Table::default() };
        let head = t.first_rows(2);
        assert_eq!((head.len(), head.row_numbers.clone()), (2, vec![2, 4]));
        assert_eq!(head.row(1)[0].display(), "b");
        assert_eq!(t.first_rows(10).len(), 3);
    }

    #[test]
    fn samples_are_distinct_non_blank_values() {
        let cells = ["1", "", "1", "2", "3"].iter().map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text((*s).into()) }).collect();
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

    #[test]
    fn cells_are_small_and_texts_shared() {
        assert_eq!(std::mem::size_of::<Cell>(), 16);
        assert_eq!(std::mem::size_of::<Option<Text>>(), 8);
        let a = Text::new("订单 T1001");
        let b = a.clone();
        assert!(Text::ptr_eq(&a, &b));
        drop(a);
        assert_eq!(b, "订单 T1001");
        assert_eq!(format!("{b} {b:?}"), "订单 T1001 \"订单 T1001\"");
        assert_eq!(Text::new(""), "");
        let moved = std::thread::spawn(move || b.len()).join().unwrap();
        assert_eq!(moved, "订单 T1001".len());
    }

    #[test]
    fn the_interner_shares_what_repeats_down_a_column() {
        let mut texts = Interner::default();
        let (a, b) = (texts.text(0, "淘宝店"), texts.text(0, "淘宝店"));
        assert!(Text::ptr_eq(&a, &b));
        let other = texts.text(1, "淘宝店");
        assert!(!Text::ptr_eq(&a, &other), "one column's values are its own");
        texts.text(0, "x");
        assert!(Text::ptr_eq(&a, &texts.text(0, "淘宝店")), "not only the value just above");
        // A column of values that never repeat stops looking them up.
        for i in 0..5000 {
            texts.text(2, &i.to_string());
        }
        assert!(texts.columns[2].given_up && texts.columns[2].seen.is_empty());
        assert!(Text::ptr_eq(&texts.text(2, "4999"), &texts.text(2, "4999")));
        assert_eq!(texts.text(1 << 20, "far"), "far");
    }
}
