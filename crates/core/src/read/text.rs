//! CSV and TSV: encoding detection (Chinese exports are GBK as often as UTF-8) and parsing.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

use super::ReadError;
use super::clean::clean;
use super::grid::{Grid, Partial};
use crate::table::{Cell, Interner, Text};

/// Bytes looked at to decide between text and binary, UTF-16 and the rest.
const SAMPLE: usize = 8192;

/// Bytes of non-ASCII text given to chardetng: plenty for a sure guess. The whole of a
/// 60 MB GBK export took it ten seconds.
const DETECT_BYTES: usize = 64 * 1024;

/// Lower-case WHATWG labels of the encodings detection can report.
const LABELS: &[&str] = &[
    "utf-8",
    "gb18030",
    "utf-16le",
    "utf-16be",
    "big5",
    "shift_jis",
    "euc-jp",
    "euc-kr",
    "iso-2022-jp",
    "windows-874",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "iso-8859-2",
    "iso-8859-4",
    "iso-8859-5",
    "iso-8859-6",
    "iso-8859-7",
    "iso-8859-8",
    "iso-8859-13",
    "koi8-u",
    "ibm866",
];

/// The lower-case label of an encoding.
pub(crate) fn label(enc: &'static Encoding) -> &'static str {
    LABELS.iter().copied().find(|l| l.eq_ignore_ascii_case(enc.name())).unwrap_or("utf-8")
}

/// The encoding the bytes are in: BOM, then UTF-16 by its NUL pattern, then strict UTF-8,
/// then chardetng. Any GBK-family guess becomes GB18030, its superset.
/// Returns the encoding and the BOM length to skip.
pub(crate) fn detect(bytes: &[u8]) -> (&'static Encoding, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return (enc, bom);
    }
    if let Some(enc) = utf16_by_nuls(&bytes[..bytes.len().min(SAMPLE)]) {
        return (enc, 0);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, 0);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // Only non-ASCII text tells encodings apart, and an export may open with thousands of
    // plain-ASCII rows: the sample runs from the line of the first non-ASCII byte, whole
    // lines only (a character cut in two would rule its encoding out).
    let first = bytes.iter().position(|&b| b >= 0x80).unwrap_or(0);
    let start = bytes[..first].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut end = start.saturating_add(DETECT_BYTES).min(bytes.len());
    if end < bytes.len() {
        end = bytes[start..end].iter().rposition(|&b| b == b'\n').map_or(end, |i| start + i + 1);
    }
    detector.feed(&bytes[start..end], true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Allow);
    (if enc == GBK { GB18030 } else { enc }, 0)
}

/// UTF-16 without a BOM: ASCII characters leave a NUL in every other byte.
fn utf16_by_nuls(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // Many NULs on one side and (almost) none on the other.
    if odd * 4 >= pairs && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 4 >= pairs && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decoded text that does not look like text (NULs, many control characters) is a binary file.
fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(SAMPLE).collect();
    let control = sample.iter().filter(|&&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')).count();
    sample.contains(&'\0') || control * 50 > sample.len()
}

/// A text file ready to parse.
pub(crate) struct TextFile {
    pub text: String,
    pub delimiter: u8,
    pub encoding: &'static str,
}

/// Decode `bytes` and pick the delimiter: tab when the first lines hold more tabs than
/// commas, or when the file is called `.tsv`.
pub(crate) fn open(bytes: &[u8], ext: &str) -> Result<TextFile, ReadError> {
    let (enc, bom) = detect(bytes);
    let mixed = if enc == UTF_8 || enc == UTF_16LE || enc == UTF_16BE { None } else { mostly_utf8(&bytes[bom..]) };
    let (text, enc) = match mixed {
        Some(text) => (std::borrow::Cow::Owned(text), UTF_8),
        None => (enc.decode_without_bom_handling(&bytes[bom..]).0, enc),
    };
    if looks_binary(&text) {
        return Err(ReadError::NotSpreadsheet { what: "binary".into() });
    }
    let head: String = text.lines().take(10).collect();
    let tabs = head.matches('\t').count();
    let commas = head.matches(',').count();
    let delimiter = if ext == "tsv" || tabs > commas { b'\t' } else { b',' };
    Ok(TextFile { text: text.into_owned(), delimiter, encoding: label(enc) })
}

/// A UTF-8 file with a few lines in another encoding (a line pasted from a GBK export):
/// the UTF-8 lines as they are, each other line decoded as GB18030 (what it most likely is;
/// what it cannot decode shows as `�`). `None` unless most lines with non-ASCII text are
/// UTF-8 (a GBK file's Chinese lines are almost never valid UTF-8).
fn mostly_utf8(bytes: &[u8]) -> Option<String> {
    let (mut good, mut bad) = (0usize, 0usize);
    for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_ascii()) {
        if std::str::from_utf8(line).is_ok() {
            good += 1;
        } else {
            bad += 1;
            // A file in another encoding fails on nearly every line: stop early.
            if bad > 16 && bad > good {
                return None;
            }
        }
    }
    if bad >= good {
        return None;
    }
    let mut text = String::with_capacity(bytes.len());
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            text.push('\n');
        }
        match std::str::from_utf8(line) {
            Ok(s) => text.push_str(s),
            Err(_) => text.push_str(&GB18030.decode_without_bom_handling(line).0),
        }
    }
    Some(text)
}

/// Parse into a grid, stopping after `limit` rows if given. A record's row is the line
/// Excel would show it on: blank lines count (the csv crate skips them), newlines inside
/// quoted values do not. `progress` follows the row being read; `stop` ends the read early
/// with [`ReadError::Stopped`].
pub(crate) fn parse(file: &TextFile, limit: Option<usize>, progress: &AtomicUsize, stop: &AtomicBool) -> Result<Grid, ReadError> {
    let bytes = file.text.as_bytes();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(file.delimiter).from_reader(bytes);
    // The grid is built flat as the records come (no row of its own per record, no copy at
    // the end), `width` cells a row; a wider record widens it, at least doubling, and the
    // spare columns go at the end.
    let mut cells: Vec<Cell> = Vec::new();
    let (mut width, mut widest, mut height) = (0usize, 0usize, 0usize);
    let mut texts = Interner::default();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(|e| ReadError::Corrupt(e.to_string()))? {
        // The record's position is where the previous one ended, before any blank lines.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let row = height + blank_lines(bytes, start);
        progress.store(row, Ordering::Relaxed);
        if stop.load(Ordering::Relaxed) {
            return Err(ReadError::Stopped);
        }
        if let Some(limit) = limit.filter(|&l| row >= l) {
            // The rows in all, estimated from the share of the text read so far.
            let estimate = (row as u128 * bytes.len() as u128 / start.max(1) as u128) as usize;
            let partial = Partial { limit, rows: estimate.max(row + 1) };
            return Ok(Grid { partial: Some(partial), ..flat(cells, height, width, widest) });
        }
        if record.len() > width {
            let wider = record.len().max(width.saturating_mul(2));
            cells = relayout(cells, height, width, wider);
            width = wider;
        }
        widest = widest.max(record.len());
        cells.resize(row * width, Cell::Empty);
        cells.extend(record.iter().enumerate().map(|(c, f)| text_in(&mut texts, c, f)));
        cells.resize((row + 1) * width, Cell::Empty);
        height = row + 1;
    }
    Ok(flat(cells, height, width, widest))
}

/// `height` rows of `from` cells each, as rows of `to` cells (cut or padded).
fn relayout(mut cells: Vec<Cell>, height: usize, from: usize, to: usize) -> Vec<Cell> {
    if to <= from {
        // In place: each cell moves to an index no greater than its own.
        for r in 0..height {
            for c in 0..to {
                cells[r * to + c] = std::mem::take(&mut cells[r * from + c]);
            }
        }
        cells.truncate(height * to);
        return cells;
    }
    let mut out = Vec::with_capacity(height * to);
    let mut old = cells.into_iter();
    for _ in 0..height {
        out.extend(old.by_ref().take(from));
        out.resize(out.len() + to - from, Cell::Empty);
    }
    out
}

/// The grid of `height` rows `width` cells wide, cut to the `widest` record.
fn flat(cells: Vec<Cell>, height: usize, width: usize, widest: usize) -> Grid {
    let cells = relayout(cells, height, width, widest);
    Grid { row0: 0, col0: 0, width: widest, cells, merges: Vec::new(), partial: None }
}

/// Line breaks (`\n`, `\r\n` or `\r`) in the run of them starting at `at`.
fn blank_lines(bytes: &[u8], mut at: usize) -> usize {
    // `at` may fall between the two bytes of the previous record's `\r\n`.
    if at > 0 && bytes.get(at) == Some(&b'\n') && bytes[at - 1] == b'\r' {
        at += 1;
    }
    let mut n = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => at += 1,
            b'\r' | b'\n' => {}
            _ => break,
        }
        n += 1;
        at += 1;
    }
    n
}

/// A cleaned text cell; nothing left is an empty cell.
pub(crate) fn text_cell(s: String) -> Cell {
    let s = clean(&s);
    if s.is_empty() { Cell::Empty } else { Cell::Text(Text::new(&s)) }
}

/// A cleaned text cell of column `column`, its text shared with the same value above it
/// (see [`Interner`]); nothing left is an empty cell.
pub(crate) fn text_in(texts: &mut Interner, column: usize, s: &str) -> Cell {
    let s = clean(s);
    if s.is_empty() { Cell::Empty } else { Cell::Text(texts.text(column, &s)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(bytes: &[u8], ext: &str) -> (TextFile, crate::table::Table) {
        let file = open(bytes, ext).unwrap();
        let t = parse(&file, None, &Default::default(), &Default::default()).unwrap().into_table("t", None).unwrap();
        (file, t)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        for bom in [&b""[..], b"\xEF\xBB\xBF"] {
            let bytes = [bom, "订单编号,金额\n001,1.5\n".as_bytes()].concat();
            let (f, t) = table(&bytes, "csv");
            assert_eq!(f.encoding, "utf-8");
            assert_eq!(t.columns, ["订单编号", "金额"]);
            assert_eq!(t.row(0)[0], Cell::Text("001".into()));
        }
    }

    #[test]
    fn utf16le_with_bom_and_without() {
        let body: Vec<u8> = "订单编号\t金额\r\n001\t2\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let (f, t) = table(&[&[0xFF, 0xFE][..], &body].concat(), "csv");
        assert_eq!((f.encoding, f.delimiter), ("utf-16le", b'\t'));
        assert_eq!(t.columns, ["订单编号", "金额"]);
        let (f, _) = table(&body, "csv");
        assert_eq!(f.encoding, "utf-16le");
    }

    #[test]
    fn gbk_after_many_ascii_rows_is_still_found() {
        let ascii: String = (0..5_000).map(|i| format!("{i},{},SKU-{i}\n", i * 7)).collect();
        let text = format!("id,amount,sku\n{ascii}{}", "99,1,收货人张三 浙江省杭州市西湖区文三路\n".repeat(50));
        let bytes = encoding_rs::GBK.encode(&text).0.into_owned();
        assert_eq!(detect(&bytes).0, GB18030);
        // A long GBK file is judged on a sample, not read whole.
        let long = encoding_rs::GBK.encode(&"订单编号,收货人,地址\n".repeat(20_000)).0.into_owned();
        assert_eq!(detect(&long).0, GB18030);
    }

    #[test]
    fn gbk_is_reported_as_gb18030() {
        let text = "订单编号,买家会员名,收货人姓名,收货地址\n=\"0000128092\",张三丰,李四,浙江省杭州市西湖区文三路\n";
        let (bytes, _, _) = GB18030.encode(text);
        let (f, t) = table(&bytes, "csv");
        assert_eq!(f.encoding, "gb18030");
        assert_eq!(t.columns[2], "收货人姓名");
        assert_eq!(t.row(0)[0], Cell::Text("0000128092".into()));
    }

    #[test]
    fn quoted_newlines_blank_lines_and_douyin_tabs() {
        let (_, t) = table(b"order,note\n\"\t6912345678901234567\",\"a\nb\"\n\n2,x,extra\n", "csv");
        let (_, crlf) = table(b"\r\na\r\n\r\n\r\nb\r\n\"q\r\nq\"\r\n\rc", "csv");
        assert_eq!((crlf.header_row, crlf.row_numbers), (2, vec![5, 6, 8]));
        assert_eq!(t.row(0)[0], Cell::Text("6912345678901234567".into()));
        assert_eq!(t.row(0)[1], Cell::Text("a\nb".into()));
        assert_eq!(t.row_numbers, [2, 4]);
        assert_eq!(t.columns, ["order", "note", "列C"]);
    }

    #[test]
    fn tsv_and_binary() {
        let (f, t) = table(b"a,b\tc\n1\t2\n", "txt");
        assert_eq!(f.delimiter, b'\t');
        assert_eq!(t.columns, ["a,b", "c"]);
        let (f, _) = table(b"a,b\n1,2\n", "tsv");
        assert_eq!(f.delimiter, b'\t');
        assert!(matches!(open(b"\x01\x02\x03\x04abc\x05\x06", "csv"), Err(ReadError::NotSpreadsheet { .. })));
    }

    #[test]
    fn ragged_records_make_one_grid_as_wide_as_the_widest() {
        let file = open("订单编号,商品\n\nT1,a,extra,more\nT2\n\nT3,b,c\n".as_bytes(), "csv").unwrap();
        let g = parse(&file, None, &Default::default(), &Default::default()).unwrap();
        assert_eq!((g.width, g.height(), g.extent()), (4, 6, (6, 4)));
        let shown: Vec<Vec<String>> = (0..g.height()).map(|r| g.row(r).iter().map(Cell::display).collect()).collect();
        assert_eq!(shown[2], ["T1", "a", "extra", "more"]);
        assert_eq!(shown[3], ["T2", "", "", ""]);
        assert!(g.row_is_blank(1) && g.row_is_blank(4));
        assert_eq!(shown[5], ["T3", "b", "c", ""]);
        // The first rows only.
        let g = parse(&file, Some(3), &Default::default(), &Default::default()).unwrap();
        assert_eq!((g.width, g.height()), (4, 3));
    }
}
