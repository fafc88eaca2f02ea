//! What an xlsx or xlsb package holds besides worksheets, looked at before calamine opens it.
//!
//! A workbook may hold chart sheets, dialog sheets and Excel 4 macro sheets beside its
//! worksheets. None holds order rows: they are left out of the sheet list, so a workbook whose
//! first sheet is a chart opens its first worksheet. calamine refuses a whole workbook that has
//! a macro sheet (「Unrecognized sheet:type」); such a package is handed to it with the macro
//! sheet's relationship relabelled as a dialog sheet, which it accepts (and which is left out).

use super::xlsx_merges::{attr, unescape};
use std::io::{Cursor, Read, Write};

/// Relationship types (their last segment) of sheets that are not worksheets.
const OTHER_SHEETS: &[&str] = &["chartsheet", "dialogsheet", "xlMacrosheet", "xlIntlMacrosheet"];
const MACRO_SHEETS: &[&str] = &["xlMacrosheet", "xlIntlMacrosheet"];

/// The names of the sheets that are not worksheets, and the package rewritten for calamine
/// when it must be (a macro sheet).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Sheets {
    pub not_worksheets: Vec<String>,
    pub rewritten: Option<Vec<u8>>,
}

/// `bytes` is an xlsx/xlsm (`binary` false) or xlsb package. Anything unusual gives the
/// default: calamine then says what it makes of the file.
pub(crate) fn sheets(bytes: &[u8], binary: bool) -> Sheets {
    inspect(bytes, binary).unwrap_or_default()
}

fn inspect(bytes: &[u8], binary: bool) -> Option<Sheets> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let rels_name = if binary { "xl/_rels/workbook.bin.rels" } else { "xl/_rels/workbook.xml.rels" };
    let rels = text(&mut zip, rels_name)?;
    // Relationship id → type (last segment) of every sheet that is not a worksheet.
    let mut others: Vec<(String, String)> = Vec::new();
    for tag in rels.split("Relationship ").skip(1) {
        let (Some(id), Some(typ)) = (attr(tag, "Id"), attr(tag, "Type")) else { continue };
        let last = typ.rsplit('/').next().unwrap_or("");
        if OTHER_SHEETS.contains(&last) {
            others.push((id.to_string(), last.to_string()));
        }
    }
    if others.is_empty() {
        return Some(Sheets::default());
    }
    let book = if binary { bundle_sheets(&read_part(&mut zip, "xl/workbook.bin")?) } else { xml_sheets(&text(&mut zip, "xl/workbook.xml")?) };
    let not_worksheets = book.into_iter().filter(|(_, id)| others.iter().any(|(o, _)| o == id)).map(|(name, _)| name).collect();
    let rewritten = if others.iter().any(|(_, t)| MACRO_SHEETS.contains(&t.as_str())) { relabel_macro_sheets(&mut zip, rels_name, &rels, binary) } else { None };
    Some(Sheets { not_worksheets, rewritten })
}

/// (name, relationship id) of each `<sheet>` of `xl/workbook.xml`.
fn xml_sheets(xml: &str) -> Vec<(String, String)> {
    xml.split("<sheet ").skip(1).chain(xml.split(":sheet ").skip(1)).filter_map(|tag| Some((unescape(attr(tag, "name")?), attr(tag, ":id")?.to_string()))).collect()
}

/// (name, relationship id) of each BrtBundleSh record of `xl/workbook.bin` (MS-XLSB 2.4.304).
pub(crate) fn bundle_sheets(bin: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((typ, data, next)) = record(bin, at) {
        at = next;
        if typ == 0x009C
            && let Some((id, rest)) = data.get(8..).and_then(wide)
            && let Some((name, _)) = wide(rest)
        {
            out.push((name, id));
        }
    }
    out
}

/// One BIFF12 record at `at`: its type, its data, and where the next one starts.
fn record(bin: &[u8], mut at: usize) -> Option<(u16, &[u8], usize)> {
    let mut byte = || {
        let b = *bin.get(at)?;
        at += 1;
        Some(b)
    };
    let (typ, len) = super::xlsb_merges::record_header(&mut byte)?;
    let len = usize::try_from(len).ok()?;
    let data = bin.get(at..at.checked_add(len)?)?;
    Some((typ, data, at + len))
}

/// An XLWideString (a u32 character count, then UTF-16LE) and what follows it.
fn wide(data: &[u8]) -> Option<(String, &[u8])> {
    let n = u32::from_le_bytes(data.get(..4)?.try_into().ok()?) as usize;
    let bytes = data.get(4..4 + n.checked_mul(2)?)?;
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    Some((String::from_utf16_lossy(&units), &data[4 + n * 2..]))
}

/// The package with its macro sheets' relationships relabelled as dialog sheets: their type
/// for xlsx, their target's folder for xlsb (calamine reads the kind from it). Every other
/// entry is copied as it is, without inflating it.
fn relabel_macro_sheets(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, rels_name: &str, rels: &str, binary: bool) -> Option<Vec<u8>> {
    let mut fixed = rels.to_string();
    for tag in rels.split("Relationship ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let Some(typ) = attr(tag, "Type") else { continue };
        if !MACRO_SHEETS.iter().any(|m| typ.ends_with(&format!("/{m}"))) {
            continue;
        }
        let mut relabelled = tag.replace(typ, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet");
        if binary && let Some(target) = attr(tag, "Target") {
            relabelled = relabelled.replace(&format!("\"{target}\""), &format!("\"dialogsheets/{}\"", target.rsplit('/').next().unwrap_or(target)));
        }
        fixed = fixed.replace(tag, &relabelled);
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).ok()?;
        if entry.name().is_ok_and(|n| n == rels_name) {
            drop(entry);
            out.start_file(rels_name, zip::write::SimpleFileOptions::default()).ok()?;
            out.write_all(fixed.as_bytes()).ok()?;
        } else {
            out.raw_copy_file(entry).ok()?;
        }
    }
    Some(out.finish().ok()?.into_inner())
}

pub(crate) fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    // Bounded: these parts are small; a zip bomb must not hang us.
    zip.by_name(name).ok()?.take(16 << 20).read_to_end(&mut out).ok()?;
    Some(out)
}

fn text(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    String::from_utf8(read_part(zip, name)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_strings() {
        // BrtBundleSh: state, tab id, "rId2", "图表1".
        let mut data = vec![0u8; 8];
        for s in ["rId2", "图表1"] {
            let units: Vec<u16> = s.encode_utf16().collect();
            data.extend((units.len() as u32).to_le_bytes());
            data.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        }
        let mut bin = vec![0x9C, 0x01, data.len() as u8];
        bin.extend(&data);
        assert_eq!(bundle_sheets(&bin), [("图表1".to_string(), "rId2".to_string())]);
        assert_eq!(record(&[0x9C], 0), None);
        assert_eq!(xml_sheets(r#"<sheets><sheet name="A&amp;B" sheetId="1" r:id="rId1"/></sheets>"#), [("A&B".to_string(), "rId1".to_string())]);
    }
}
