//! The merged cells of an xlsb sheet, which calamine does not expose.
//!
//! A worksheet part (`xl/worksheets/sheetN.bin`) is a run of BIFF12 records (MS-XLSB 2.1.4):
//! each a record type (1–2 bytes) and a size (1–4 bytes), both 7 bits a byte with the high
//! bit saying another byte follows, then that many bytes of data. The merges are the
//! BrtMergeCell records (type 0x00B0, MS-XLSB 2.4.640) between BrtBeginMergeCells and
//! BrtEndMergeCells, after the cells; each holds an RfX: first row, last row, first
//! column, last column, four little-endian u32s, 0-based.

use std::io::{BufReader, Cursor, Read};

use super::grid::Span;
use super::package::{bundle_sheets, read_part};
use super::xlsx_merges::{attr, unescape};

const MERGE_CELL: u16 = 0x00B0;

/// The merges of sheet `name` of an xlsb package (`None`: not found where the package's
/// structure says it is).
pub(crate) fn sheet(bytes: &[u8], name: &str) -> Option<Vec<Span>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let id = bundle_sheets(&read_part(&mut zip, "xl/workbook.bin")?).into_iter().find(|(n, _)| n == name)?.1;
    let rels = String::from_utf8(read_part(&mut zip, "xl/_rels/workbook.bin.rels")?).ok()?;
    let target = rels.split("Relationship ").skip(1).find(|t| attr(t, "Id") == Some(id.as_str())).and_then(|t| attr(t, "Target"))?;
    let target = unescape(target);
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    // calamine reads the whole part too; the bound only stops a zip bomb.
    merges(zip.by_name(&path).ok()?.take(1 << 32))
}

/// The merges of a worksheet part, read record by record (the cells are skipped, never held).
/// `None` when the records are cut off.
pub(crate) fn merges(part: impl Read) -> Option<Vec<Span>> {
    let mut part = BufReader::with_capacity(1 << 16, part);
    let mut out = Vec::new();
    while let Some((typ, len)) = header(&mut part)? {
        if typ == MERGE_CELL && len >= 16 {
            let mut rfx = [0u8; 16];
            part.read_exact(&mut rfx).ok()?;
            let n = |i: usize| u32::from_le_bytes([rfx[i], rfx[i + 1], rfx[i + 2], rfx[i + 3]]);
            let (first, last) = ((n(0), n(8)), (n(4), n(12)));
            if first.0 <= last.0 && first.1 <= last.1 {
                out.push(Span { first, last });
            }
            skip(&mut part, len - 16)?;
        } else {
            skip(&mut part, len)?;
        }
    }
    Some(out)
}

/// The next record's type and size; `Some(None)` at the end of the part.
fn header(part: &mut impl Read) -> Option<Option<(u16, u64)>> {
    let mut byte = || {
        let mut b = [0u8];
        part.read_exact(&mut b).ok().map(|_| b[0])
    };
    let Some(first) = byte() else { return Some(None) };
    let mut first = Some(first);
    Some(Some(record_header(|| first.take().or_else(&mut byte))?))
}

/// A BIFF12 record's type and size, from its first bytes (MS-XLSB 2.1.4).
pub(crate) fn record_header(mut byte: impl FnMut() -> Option<u8>) -> Option<(u16, u64)> {
    let b = byte()?;
    let typ = if b & 0x80 != 0 { u16::from(b & 0x7F) | (u16::from(byte()? & 0x7F) << 7) } else { u16::from(b) };
    let mut len = 0u64;
    for i in 0..4 {
        let b = byte()?;
        len |= u64::from(b & 0x7F) << (7 * i);
        if b & 0x80 == 0 {
            break;
        }
    }
    Some((typ, len))
}

fn skip(part: &mut impl Read, len: u64) -> Option<()> {
    (std::io::copy(&mut part.by_ref().take(len), &mut std::io::sink()).ok()? == len).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as Excel writes it: type and size in their variable-length encodings.
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = if typ < 0x80 { vec![typ as u8] } else { vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8] };
        let mut len = data.len();
        loop {
            let b = (len & 0x7F) as u8;
            len >>= 7;
            out.push(if len > 0 { b | 0x80 } else { b });
            if len == 0 {
                break;
            }
        }
        out.extend_from_slice(data);
        out
    }

    fn rfx(rows: (u32, u32), cols: (u32, u32)) -> Vec<u8> {
        [rows.0, rows.1, cols.0, cols.1].iter().flat_map(|n| n.to_le_bytes()).collect()
    }

    #[test]
    fn merge_records_are_found_among_the_others() {
        let mut part = record(0x0081, &[]); // BrtBeginSheet
        part.extend(record(0x0091, &[])); // BrtBeginSheetData
        // A cell record of 200 bytes: its size takes two bytes.
        part.extend(record(0x0000, &[7u8; 200]));
        part.extend(record(0x0092, &[])); // BrtEndSheetData
        part.extend(record(0x00B1, &2u32.to_le_bytes())); // BrtBeginMergeCells
        part.extend(record(MERGE_CELL, &rfx((1, 3), (0, 0))));
        part.extend(record(MERGE_CELL, &rfx((1, 1), (2, 4))));
        // Upside down: not a range.
        part.extend(record(MERGE_CELL, &rfx((5, 4), (0, 0))));
        part.extend(record(0x00B2, &[])); // BrtEndMergeCells
        part.extend(record(0x0082, &[])); // BrtEndSheet
        assert_eq!(record(MERGE_CELL, &[])[..2], [0xB0, 0x01]);
        assert_eq!(merges(part.as_slice()), Some(vec![Span { first: (1, 0), last: (3, 0) }, Span { first: (1, 2), last: (1, 4) }]));
        // Cut off inside a record.
        assert_eq!(merges(&part[..part.len() - 30]), None);
        assert_eq!(merges(&[][..]), Some(vec![]));
    }

    /// A peer library's test file with merges (python-calamine's `base.xlsb`, its sheet
    /// 「Merged Cells」), when the peer files are present (`ORDERDOCK_PEER_FILES`, by default
    /// `../shared/peer/files` beside the repository).
    #[test]
    fn a_peer_xlsb_file_gives_its_merges() {
        let root = std::env::var_os("ORDERDOCK_PEER_FILES").map_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/peer/files"), std::path::PathBuf::from);
        let Ok(bytes) = std::fs::read(root.join("python-calamine/base.xlsb")) else {
            eprintln!("{} is absent: the xlsb merges of a peer file were not read", root.display());
            return;
        };
        assert_eq!(sheet(&bytes, "Merged Cells"), Some(vec![Span { first: (0, 0), last: (1, 0) }, Span { first: (0, 1), last: (1, 1) }]));
        assert_eq!(sheet(&bytes, "Sheet1"), Some(vec![]));
        assert_eq!(sheet(&bytes, "no such sheet"), None);
    }
}
