//! What an xlsx sheet says after its cells — its merged ranges — and its last row number,
//! found without parsing its XML a second time.
//!
//! calamine's `merge_cells_by_sheet_name` re-parses the whole sheet (as long again as reading
//! it). The `<mergeCells>` list comes right after `</sheetData>`, so after inflating the part
//! a backwards search finds it in the last few kilobytes, and the last `<row r="…">` just
//! before it: the sheet's true size, which the `<dimension>` element may not give (streaming
//! writers such as fastexcel and OpenXLSX write just `A1` there).

use std::io::{Cursor, Read};

use super::grid::Span;

/// The end of a sheet part.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Tail {
    pub merges: Vec<Span>,
    /// The last row's number (1-based), when its `<row>` tag says it.
    pub rows: Option<usize>,
}

/// The tail of sheet `name`, `None` when the workbook's structure isn't the usual one (the
/// caller then asks calamine for the merges).
pub(crate) fn tail(bytes: &[u8], name: &str) -> Option<Tail> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let path = sheet_path(&mut zip, name)?;
    tail_of(zip.by_name(&path).ok()?)
}

/// The tail of an inflated sheet part, read to its end.
pub(crate) fn tail_of(part: impl Read) -> Option<Tail> {
    let (before, after) = split_at_end_of_cells(part)?;
    let after = String::from_utf8_lossy(&after);
    let merges = after.split("mergeCell ").skip(1).filter_map(|tag| span(attr(tag, "ref")?)).collect();
    Some(Tail { merges, rows: last_row(&String::from_utf8_lossy(&before)) })
}

/// The number in the last `<row r="…">` of `xml` (the text just before `</sheetData>`).
fn last_row(xml: &str) -> Option<usize> {
    let at = xml.rfind("<row ").or_else(|| xml.rfind(":row "))?;
    attr(&xml[at + 5..], "r")?.parse().ok()
}

/// The inflated part split at `</sheetData>`: the last chunk before it (enough to hold the
/// last row's tag) and everything after it. Read chunk by chunk so that a large sheet is
/// never held in memory whole.
fn split_at_end_of_cells(mut part: impl Read) -> Option<(Vec<u8>, Vec<u8>)> {
    const END: &[u8] = b"</sheetData>";
    let mut chunk = vec![0u8; 1 << 16];
    // The previous chunk and this one, so that a marker or a row tag split between chunks is found.
    let mut window: Vec<u8> = Vec::new();
    let mut split: Option<(Vec<u8>, Vec<u8>)> = None;
    loop {
        let n = part.read(&mut chunk).ok()?;
        if n == 0 {
            // A sheet without cells (`<sheetData/>`): its merges, if any, are in what is left.
            return Some(split.unwrap_or((Vec::new(), window)));
        }
        match split.as_mut() {
            Some((_, after)) => after.extend_from_slice(&chunk[..n]),
            None => {
                window.extend_from_slice(&chunk[..n]);
                // Only where the marker can newly be: this chunk and the bytes just before it.
                let from = window.len().saturating_sub(n + END.len() - 1);
                if let Some(at) = memchr::memmem::find(&window[from..], END).map(|at| from + at) {
                    let after = window.split_off(at);
                    split = Some((std::mem::take(&mut window), after));
                } else {
                    let keep = window.len().saturating_sub(n + END.len());
                    window.drain(..keep);
                }
            }
        }
    }
}

/// The part holding sheet `name`: `xl/workbook.xml` names it with a relationship id,
/// `xl/_rels/workbook.xml.rels` gives that id's target.
fn sheet_path(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let workbook = entry(zip, "xl/workbook.xml")?;
    let rels = entry(zip, "xl/_rels/workbook.xml.rels")?;
    let id = workbook.split("<sheet ").skip(1).chain(workbook.split(":sheet ").skip(1)).find(|tag| attr(tag, "name").is_some_and(|n| unescape(n) == name)).and_then(|tag| attr(tag, ":id"))?;
    let target = rels.split("<Relationship ").skip(1).chain(rels.split(":Relationship ").skip(1)).find(|t| attr(t, "Id") == Some(id))?;
    let target = unescape(attr(target, "Target")?);
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    })
}

fn entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<String> {
    let mut s = String::new();
    zip.by_name(path).ok()?.take(16 << 20).read_to_string(&mut s).ok()?;
    Some(s)
}

/// The value of the first attribute whose name ends with `key` in the tag starting `tag`.
pub(crate) fn attr<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let (before, after) = rest.split_at(eq);
        let after = after[1..].trim_start();
        let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let end = after[1..].find(quote)? + 1;
        let attr_name = before.trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
        if attr_name.ends_with(key) && (attr_name.len() == key.len() || key.starts_with(':')) {
            return Some(&after[1..end]);
        }
        rest = &after[end + 1..];
    }
    None
}

pub(crate) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// `B3:D5` (or `B3`) as absolute 0-based rows and columns.
fn span(reference: &str) -> Option<Span> {
    let (a, b) = reference.split_once(':').unwrap_or((reference, reference));
    Some(Span { first: cell(a)?, last: cell(b)? })
}

fn cell(reference: &str) -> Option<(u32, u32)> {
    let digits = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, row) = reference.split_at(digits);
    let col = letters.bytes().try_fold(0u32, |acc, b| b.is_ascii_uppercase().then(|| acc.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)).flatten())?;
    Some((row.parse::<u32>().ok()?.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_attributes() {
        assert_eq!(cell("A1"), Some((0, 0)));
        assert_eq!(cell("AA10"), Some((9, 26)));
        assert_eq!(cell("A0"), None);
        assert_eq!(span("B3:D5"), Some(Span { first: (2, 1), last: (4, 3) }));
        assert_eq!(attr(r#"name="a&amp;b" sheetId="1" r:id="rId3"/>"#, ":id"), Some("rId3"));
        assert_eq!(attr(r#"Id="rId3" Target="worksheets/s.xml"/>"#, "Id"), Some("rId3"));
        assert_eq!(attr(r#"sheetId="1" Id='x'>"#, "Id"), Some("x"));
        assert_eq!(last_row(r#"<c r="A9"/></row><row r="10" spans="1:3"><c r="A10"><v>1</v></c></row>"#), Some(10));
        assert_eq!(last_row(r#"<x:row r="7"><x:c/></x:row>"#), Some(7));
        assert_eq!(last_row("<row><c/></row>"), None);
    }
}
