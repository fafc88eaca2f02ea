//! The merged cells of an OpenDocument spreadsheet, which calamine does not expose.
//!
//! A merged cell is a `<table:table-cell>` with `table:number-rows-spanned` and/or
//! `table:number-columns-spanned`; the cells it covers follow as `<table:covered-table-cell>`.
//! Rows and cells may stand for several (`number-rows-repeated`, `number-columns-repeated`).
//! One pass over `content.xml`'s tags finds them, without building a tree.

use std::io::{Cursor, Read};

use super::grid::Span;

/// The merges of each sheet, in the order of the sheets (`None`: not an ODS package as expected).
pub(crate) fn by_sheet(bytes: &[u8]) -> Option<Vec<(String, Vec<Span>)>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut xml = Vec::new();
    // calamine reads the whole part too; the bound only stops a zip bomb.
    zip.by_name("content.xml").ok()?.take(1 << 31).read_to_end(&mut xml).ok()?;
    Some(scan(&String::from_utf8_lossy(&xml)))
}

fn scan(xml: &str) -> Vec<(String, Vec<Span>)> {
    let mut sheets: Vec<(String, Vec<Span>)> = Vec::new();
    // Nested tables (a sub-table inside a cell) are not sheets: only depth 1 counts.
    let mut depth = 0usize;
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let closing = tag.starts_with('/');
        let name = tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        let empty = tag.ends_with('/');
        match (name, closing) {
            ("table:table", false) => {
                depth += 1;
                if depth == 1 {
                    sheets.push((unescape(attr(tag, "table:name").unwrap_or("")), Vec::new()));
                    row = 0;
                }
                if empty {
                    depth -= 1;
                }
            }
            ("table:table", true) => depth = depth.saturating_sub(1),
            ("table:table-row", false) if depth == 1 => {
                col = 0;
                row_repeat = number(tag, "table:number-rows-repeated");
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            ("table:table-row", true) if depth == 1 => row = row.saturating_add(row_repeat),
            ("table:table-cell" | "table:covered-table-cell", false) if depth == 1 => {
                let repeat = number(tag, "table:number-columns-repeated");
                let (rows, cols) = (number(tag, "table:number-rows-spanned"), number(tag, "table:number-columns-spanned"));
                if name == "table:table-cell"
                    && (rows > 1 || cols > 1)
                    && let Some((_, spans)) = sheets.last_mut()
                {
                    // A repeated merged cell is that many merges side by side (bounded: a
                    // file may repeat a cell 16,384 times).
                    for k in 0..repeat.min(1024) {
                        let first = col.saturating_add(k.saturating_mul(cols));
                        let last_row = row.saturating_add(rows - 1);
                        spans.push(Span { first: (row, first), last: (last_row, first.saturating_add(cols - 1)) });
                    }
                }
                col = col.saturating_add(repeat);
            }
            _ => {}
        }
        rest = &rest[end.min(rest.len())..];
    }
    sheets
}

/// A positive count attribute, 1 when absent or unreadable.
fn number(tag: &str, key: &str) -> u32 {
    attr(tag, key).and_then(|v| v.parse().ok()).filter(|n| *n >= 1).unwrap_or(1)
}

/// The value of attribute `key` (full name) in `tag`.
fn attr<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = tag[from..].find(key).map(|i| from + i) {
        from = at + key.len();
        let before_ok = at == 0 || tag[..at].ends_with(char::is_whitespace);
        let after = tag[from..].trim_start();
        if before_ok && let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
            return value[1..].split(quote).next();
        }
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_repeats_and_nested_tables() {
        let xml = r#"<office:spreadsheet><table:table table:name="A&amp;B"><table:table-column/>
            <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-rows-spanned="3" office:value-type="string"><text:p>T1</text:p></table:table-cell><table:table-cell><table:table table:name="inner"><table:table-row><table:table-cell table:number-rows-spanned="9"/></table:table-row></table:table></table:table-cell></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell/></table:table-row>
            <table:table-row/>
            <table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2"/></table:table-row>
            </table:table><table:table table:name="Two"/></office:spreadsheet>"#;
        let sheets = scan(xml);
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].0, "A&B");
        assert_eq!(sheets[0].1, [Span { first: (2, 2), last: (4, 2) }, Span { first: (5, 0), last: (6, 1) }]);
        assert_eq!(sheets[1], ("Two".to_string(), vec![]));
    }
}
