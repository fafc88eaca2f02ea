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
    // Some writers put Windows separators in entry names (`xl\workbook.xml`); calamine reads them.
    let names: Vec<String> = zip.file_names_raw().map(|n| String::from_utf8_lossy(n).replace('\\', "/")).collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let starts = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    // The package's main part, as `_rels/.rels` names it: a minimal package may keep the
    // workbook anywhere (`workbook.xml` at its root).
    let main = main_part(&mut zip).filter(|m| has(m));
    let format = if has("xl/workbook.xml") || main.as_deref().is_some_and(|m| m.ends_with(".xml")) {
        if ext == "xlsm" || macro_enabled(&mut zip) { Format::Xlsm } else { Format::Xlsx }
    } else if has("xl/workbook.bin") || main.as_deref().is_some_and(|m| m.ends_with(".bin")) {
        Format::Xlsb
    } else if has("content.xml") && has("mimetype") {
        // A password-protected OpenDocument file lists its encrypted parts in the manifest.
        if small_entry(&mut zip, "META-INF/manifest.xml").is_some_and(|m| m.contains("encryption-data")) {
            return Err(ReadError::Encrypted);
        }
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
    small_entry(zip, "[Content_Types].xml").is_some_and(|xml| xml.contains("macroEnabled"))
}

/// A small XML part as text (at most 1 MB read: a zip bomb must not hang us), found by its
/// name with either separator.
fn small_entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let index = zip.index_for_name(name).or_else(|| zip.index_for_name(&name.replace('/', "\\")))?;
    let entry = zip.by_index(index).ok()?;
    let mut xml = String::new();
    entry.take(1 << 20).read_to_string(&mut xml).ok()?;
    Some(xml)
}

/// The target of the package's `officeDocument` relationship, without a leading `/`.
fn main_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    let rels = small_entry(zip, "_rels/.rels")?;
    let rel = rels.split("Relationship ").skip(1).find(|r| r.contains("/officeDocument\""))?;
    let at = rel.find("Target=")? + "Target=".len();
    let quote = rel[at..].chars().next()?;
    let target = rel[at + 1..].split(quote).next()?;
    Some(target.trim_start_matches('/').to_string())
}

fn ole_kind(bytes: &[u8]) -> Result<Kind, ReadError> {
    let ole = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    let names: Vec<String> = ole.walk().map(|e| e.name().to_string()).collect();
    // Stream names are compared without case, as Excel (and calamine) do: `WORKBOOK` is a workbook.
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    if has("EncryptionInfo") || has("EncryptedPackage") {
        Err(ReadError::Encrypted)
    } else if has("Workbook") || has("Book") {
        if file_pass(bytes) {
            return Err(ReadError::Encrypted);
        }
        Ok(Kind::Workbook(Format::Xls))
    } else {
        Err(ReadError::NotSpreadsheet { what: "doc".into() })
    }
}

/// The workbook stream's globals start with a `FILEPASS` record: the workbook is encrypted,
/// whichever the method (calamine says so for RC4 and CryptoAPI, not for XOR obfuscation).
fn file_pass(bytes: &[u8]) -> bool {
    let Ok(mut ole) = cfb::CompoundFile::open(Cursor::new(bytes)) else { return false };
    let name = ole.walk().map(|e| e.path().to_path_buf()).find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.eq_ignore_ascii_case("Workbook") || n.eq_ignore_ascii_case("Book")));
    let Some(mut stream) = name.and_then(|n| ole.open_stream(n).ok()) else { return false };
    // FILEPASS follows the BOF record (and, in BIFF8, nothing else comes between): the first
    // few records are enough.
    let mut head = Vec::new();
    if (&mut stream).take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let mut at = 0;
    for _ in 0..16 {
        let Some(record) = head.get(at..at + 4) else { return false };
        let (kind, len) = (u16::from_le_bytes([record[0], record[1]]), u16::from_le_bytes([record[2], record[3]]) as usize);
        match kind {
            0x002F => return true,
            // EOF of the globals, or the first sheet's BOF after them: no FILEPASS.
            0x000A => return false,
            _ => at += 4 + len,
        }
    }
    false
}
