//! What a file is, from its first bytes and (for zip and OLE containers) its entry names.
//! Extensions lie: platforms save HTML as `.xls`, merchants rename `.csv` to `.xlsx`.

use std::io::{Cursor, Read};

use super::{Format, ReadError};

/// How to read a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A calamine workbook (xlsx, xlsm, xlsb, xls, ods).
    Workbook(Format),
    Html,
    /// Anything else: CSV/TSV if it turns out to be text.
    Text,
}

pub(crate) const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Identify the content; `ext` (lower case, no dot) only tells xlsm from xlsx.
pub(crate) fn kind(bytes: &[u8], ext: &str) -> Result<Kind, ReadError> {
    let not = |what: &str| Err(ReadError::NotSpreadsheet { what: what.to_string() });
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") || bytes.starts_with(b"PK\x07\x08") {
        return zip_kind(bytes, ext);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return ole_kind(bytes);
    }
    if bytes.starts_with(b"\x89PNG") {
        return not("png");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return not("jpeg");
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return not("gif");
    }
    // "BM" alone starts plenty of CSV files; a bitmap also has four reserved zero bytes.
    if bytes.starts_with(b"BM") && bytes.len() >= 26 && bytes[6..10] == [0, 0, 0, 0] {
        return not("bmp");
    }
    if bytes.starts_with(b"%PDF") {
        return not("pdf");
    }
    if is_html(bytes) {
        return Ok(Kind::Html);
    }
    Ok(Kind::Text)
}

/// Starts with `<` (after a BOM and white space) and holds a `<table`.
fn is_html(bytes: &[u8]) -> bool {
    let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = rest.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|i| rest[i] == b'<') && bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"<table"))
}

fn zip_kind(bytes: &[u8], ext: &str) -> Result<Kind, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    let names: Vec<String> = zip.file_names_raw().map(|n| String::from_utf8_lossy(n).into_owned()).collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let starts = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    let format = if has("xl/workbook.xml") {
        if ext == "xlsm" || macro_enabled(&mut zip) { Format::Xlsm } else { Format::Xlsx }
    } else if has("xl/workbook.bin") {
        Format::Xlsb
    } else if has("content.xml") && has("mimetype") {
        Format::Ods
    } else if starts("word/") {
        return Err(ReadError::NotSpreadsheet { what: "docx".into() });
    } else if starts("ppt/") {
        return Err(ReadError::NotSpreadsheet { what: "pptx".into() });
    } else {
        return Err(ReadError::NotSpreadsheet { what: "zip".into() });
    };
    Ok(Kind::Workbook(format))
}

/// The content types declare a macro-enabled workbook.
fn macro_enabled(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> bool {
    let Ok(entry) = zip.by_name("[Content_Types].xml") else { return false };
    let mut xml = String::new();
    // Bounded: the content types are a few hundred bytes; a zip bomb must not hang us.
    entry.take(1 << 20).read_to_string(&mut xml).is_ok() && xml.contains("macroEnabled")
}

fn ole_kind(bytes: &[u8]) -> Result<Kind, ReadError> {
    let ole = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    let names: Vec<String> = ole.walk().map(|e| e.name().to_string()).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("EncryptionInfo") || has("EncryptedPackage") {
        Err(ReadError::Encrypted)
    } else if has("Workbook") || has("Book") {
        Ok(Kind::Workbook(Format::Xls))
    } else {
        Err(ReadError::NotSpreadsheet { what: "doc".into() })
    }
}
