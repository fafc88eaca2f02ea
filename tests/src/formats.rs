//! Writers: one [`Grid`] to every file format OrderDock reads. The binary formats the
//! Rust ecosystem cannot write (xlsb, xls) are written record by record here.

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format as XlsxFormat, Workbook};

use crate::grid::{Grid, IdStyle, V};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    Csv,
    CsvBom,
    CsvUtf16,
    /// GB18030 as Taobao writes it: `="..."` around identifiers, `'` before phones.
    CsvGb,
    Tsv,
    /// An HTML table in GB18030 saved as `.xls`.
    HtmlXls,
}

impl Format {
    pub const ALL: [Format; 11] = [Format::Xlsx, Format::Xlsm, Format::Xlsb, Format::Xls, Format::Ods, Format::Csv, Format::CsvBom, Format::CsvUtf16, Format::CsvGb, Format::Tsv, Format::HtmlXls];

    pub fn ext(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls | Format::HtmlXls => "xls",
            Format::Ods => "ods",
            Format::Csv | Format::CsvBom | Format::CsvUtf16 | Format::CsvGb => "csv",
            Format::Tsv => "tsv",
        }
    }

    /// What `inspect` must call it.
    pub fn reported(self) -> &'static str {
        match self {
            Format::HtmlXls => "html",
            Format::CsvBom | Format::CsvUtf16 | Format::CsvGb => "csv",
            other => other.ext(),
        }
    }

    /// The CSV/TSV encoding `inspect` must report.
    pub fn encoding(self) -> Option<&'static str> {
        match self {
            Format::Csv | Format::CsvBom | Format::Tsv => Some("utf-8"),
            Format::CsvUtf16 => Some("utf-16le"),
            Format::CsvGb => Some("gb18030"),
            _ => None,
        }
    }
}

/// Write `grid` as `dir/stem-<format>.<ext>` and return the path.
pub fn write(grid: &Grid, format: Format, dir: &Path, stem: &str) -> PathBuf {
    let path = dir.join(format!("{stem}-{format:?}.{}", format.ext()).to_lowercase());
    match format {
        Format::Xlsx => xlsx(grid, &path),
        Format::Xlsm => {
            xlsx(grid, &path);
            mark_macro_enabled(&path);
        }
        Format::Xlsb => std::fs::write(&path, xlsb(grid)).unwrap(),
        Format::Xls => std::fs::write(&path, xls(grid, false)).unwrap(),
        Format::Ods => std::fs::write(&path, ods(grid)).unwrap(),
        Format::Csv => std::fs::write(&path, csv(grid, ',', false)).unwrap(),
        Format::CsvBom => std::fs::write(&path, [b"\xEF\xBB\xBF".as_slice(), csv(grid, ',', false).as_bytes()].concat()).unwrap(),
        Format::CsvUtf16 => {
            let text = csv(grid, ',', false);
            let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
            std::fs::write(&path, bytes).unwrap()
        }
        Format::CsvGb => std::fs::write(&path, gb18030(&csv(grid, ',', true))).unwrap(),
        Format::Tsv => std::fs::write(&path, csv(grid, '\t', false)).unwrap(),
        Format::HtmlXls => std::fs::write(&path, gb18030(&html(grid))).unwrap(),
    }
    path
}

pub fn gb18030(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

fn date_time(t: &chrono::NaiveDateTime) -> ExcelDateTime {
    use chrono::{Datelike, Timelike};
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8).unwrap().and_hms(t.hour() as u16, t.minute() as u8, t.second()).unwrap()
}

/// xlsx with rust_xlsxwriter; constant-memory mode unless the grid has merges (which
/// need random access), so large benchmark files stay cheap to write.
pub fn xlsx(grid: &Grid, path: &Path) {
    let mut book = Workbook::new();
    let dates = XlsxFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let plain = XlsxFormat::new();
    let sheet = if grid.merges.is_empty() { book.add_worksheet_with_constant_memory().unwrap() } else { book.add_worksheet() };
    sheet.set_name(&grid.sheet).unwrap();
    for m in &grid.merges {
        sheet.merge_range(m.first_row, m.col, m.last_row, m.col, "", &plain).unwrap();
    }
    for (r, row) in grid.rows.iter().enumerate() {
        let r = r as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            if grid.covered(r, c) {
                continue;
            }
            match v {
                V::Empty => {}
                V::Text(s) | V::Id(s) | V::Phone(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                V::Num(s) => {
                    sheet.write_number(r, c, s.parse::<f64>().unwrap()).unwrap();
                }
                V::Time(t) => {
                    sheet.write_datetime_with_format(r, c, date_time(t), &dates).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// An xlsm is an xlsx whose workbook part has the macro-enabled content type.
fn mark_macro_enabled(path: &Path) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        let name = entry.name().unwrap().to_string();
        if name == "[Content_Types].xml" {
            data = String::from_utf8(data).unwrap().replace("spreadsheetml.sheet.main+xml", "ms-excel.sheet.macroEnabled.main+xml").into_bytes();
        }
        out.start_file(name, deflated()).unwrap();
        out.write_all(&data).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    std::fs::write(path, bytes).unwrap();
}

fn deflated() -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)
}

/// A zip of `(name, bytes)`; `stored_first` stores the first entry uncompressed (ODS mimetype).
pub fn zip_of(entries: &[(&str, Vec<u8>)], stored_first: bool) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (name, data)) in entries.iter().enumerate() {
        let options = if i == 0 && stored_first { zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored) } else { deflated() };
        out.start_file(*name, options).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// CSV or TSV text. `gb_style` wraps identifiers in `="..."` and prefixes phones with `'`
/// (Taobao's GBK exports); otherwise the grid's [`IdStyle`] applies.
fn csv(grid: &Grid, sep: char, gb_style: bool) -> String {
    let mut out = String::new();
    for row in &grid.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|v| match v {
                V::Id(s) if gb_style => format!("=\"{s}\""),
                V::Phone(s) if gb_style => format!("'{s}"),
                V::Id(s) if grid.ids == IdStyle::Tab => format!("\"\t{s}\""),
                other => quote(&other.shown(), sep),
            })
            .collect();
        out += &fields.join(&sep.to_string());
        out += "\r\n";
    }
    out
}

fn quote(s: &str, sep: char) -> String {
    if s.contains([sep, '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn html(grid: &Grid) -> String {
    let mut out = String::from("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><table border=\"1\">\n");
    for row in &grid.rows {
        out += "<tr>";
        for v in row {
            out += &format!("<td>{}</td>", escape(&v.shown()));
        }
        out += "</tr>\n";
    }
    out + "</table></body></html>\n"
}

fn ods(grid: &Grid) -> Vec<u8> {
    let mut rows = String::new();
    for (r, row) in grid.rows.iter().enumerate() {
        rows += "<table:table-row>";
        for (c, v) in row.iter().enumerate() {
            // Merged cells as LibreOffice saves them: the first cell spans the rows, the
            // cells it covers are `covered-table-cell`s.
            if grid.covered(r as u32, c as u16) {
                rows += "<table:covered-table-cell/>";
                continue;
            }
            let span = grid.merges.iter().find(|m| m.col as usize == c && m.first_row as usize == r && m.last_row > m.first_row);
            let spanned = span.map(|m| format!(" table:number-rows-spanned=\"{}\"", m.last_row - m.first_row + 1)).unwrap_or_default();
            rows += &match v {
                V::Empty if spanned.is_empty() => "<table:table-cell/>".to_string(),
                V::Empty => format!("<table:table-cell{spanned}/>"),
                V::Num(s) => format!("<table:table-cell{spanned} office:value-type=\"float\" office:value=\"{s}\"><text:p>{s}</text:p></table:table-cell>"),
                V::Time(t) => {
                    format!("<table:table-cell{spanned} office:value-type=\"date\" office:date-value=\"{}\"><text:p>{}</text:p></table:table-cell>", t.format("%Y-%m-%dT%H:%M:%S"), v.shown())
                }
                other => format!("<table:table-cell{spanned} office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>", escape(&other.shown())),
            };
        }
        rows += "</table:table-row>\n";
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{}">
{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        escape(&grid.sheet)
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()), ("META-INF/manifest.xml", manifest.as_bytes().to_vec()), ("content.xml", content.into_bytes())], true)
}

// ---- xlsb (MS-XLSB BIFF12 records) ----

/// A BIFF12 record: type and size as 7-bit varints, then the data.
fn rec12(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.extend([(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8]);
    }
    let mut len = data.len();
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(data);
}

/// XLWideString: character count, then UTF-16LE.
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// A one-sheet xlsb; dates are written as text (no styles part), merges are not written.
pub fn xlsb(grid: &Grid) -> Vec<u8> {
    const BEGIN_BOOK: u16 = 0x83;
    const END_BOOK: u16 = 0x84;
    const BEGIN_BUNDLE_SHS: u16 = 0x8F;
    const END_BUNDLE_SHS: u16 = 0x90;
    const BUNDLE_SH: u16 = 0x9C;
    const BEGIN_SHEET: u16 = 0x81;
    const END_SHEET: u16 = 0x82;
    const WS_DIM: u16 = 0x94;
    const BEGIN_SHEET_DATA: u16 = 0x91;
    const END_SHEET_DATA: u16 = 0x92;
    const ROW_HDR: u16 = 0x00;
    const CELL_REAL: u16 = 0x05;
    const CELL_ST: u16 = 0x06;

    let mut book = Vec::new();
    rec12(&mut book, BEGIN_BOOK, &[]);
    rec12(&mut book, BEGIN_BUNDLE_SHS, &[]);
    let mut sh = vec![0u8; 8]; // hsState visible, iTabID 0
    sh[4] = 1;
    sh.extend(wide("rId1"));
    sh.extend(wide(&grid.sheet));
    rec12(&mut book, BUNDLE_SH, &sh);
    rec12(&mut book, END_BUNDLE_SHS, &[]);
    rec12(&mut book, END_BOOK, &[]);

    let mut sheet = Vec::new();
    rec12(&mut sheet, BEGIN_SHEET, &[]);
    let dim: Vec<u8> = [0u32, grid.rows.len().saturating_sub(1) as u32, 0, grid.width().saturating_sub(1) as u32].iter().flat_map(|n| n.to_le_bytes()).collect();
    rec12(&mut sheet, WS_DIM, &dim);
    rec12(&mut sheet, BEGIN_SHEET_DATA, &[]);
    for (r, row) in grid.rows.iter().enumerate() {
        let mut hdr = (r as u32).to_le_bytes().to_vec();
        hdr.extend([0u8; 13]); // ixfe, height, flags, no column spans
        rec12(&mut sheet, ROW_HDR, &hdr);
        for (c, v) in row.iter().enumerate() {
            let mut data = (c as u32).to_le_bytes().to_vec();
            data.extend(0u32.to_le_bytes()); // style 0
            match v {
                V::Empty => continue,
                V::Num(s) => {
                    data.extend(s.parse::<f64>().unwrap().to_le_bytes());
                    rec12(&mut sheet, CELL_REAL, &data);
                }
                other => {
                    data.extend(wide(&other.shown()));
                    rec12(&mut sheet, CELL_ST, &data);
                }
            }
        }
    }
    rec12(&mut sheet, END_SHEET_DATA, &[]);
    rec12(&mut sheet, END_SHEET, &[]);

    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#;
    let book_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#;
    zip_of(
        &[
            ("[Content_Types].xml", types.as_bytes().to_vec()),
            ("_rels/.rels", rels.as_bytes().to_vec()),
            ("xl/workbook.bin", book),
            ("xl/_rels/workbook.bin.rels", book_rels.as_bytes().to_vec()),
            ("xl/worksheets/sheet1.bin", sheet),
        ],
        false,
    )
}

// ---- xls (BIFF8 in an OLE compound file) ----

fn rec8(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = vec![];
    d.extend(0x0600u16.to_le_bytes());
    d.extend(dt.to_le_bytes());
    d.extend(0x0DBBu16.to_le_bytes()); // build
    d.extend(0x07CCu16.to_le_bytes()); // year
    d.extend([0u8; 8]);
    d
}

/// XLUnicodeString with the high-byte flag: UTF-16LE after a 16-bit count.
fn xl_string(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut d = (units.len() as u16).to_le_bytes().to_vec();
    d.push(1);
    d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    d
}

/// A one-sheet BIFF8 workbook: LABEL and NUMBER cells, MERGEDCELLS for the grid's merges,
/// dates as text. `encrypted` adds a FILEPASS record (RC4), as Excel does for a password.
pub fn xls(grid: &Grid, encrypted: bool) -> Vec<u8> {
    let name: Vec<u16> = grid.sheet.encode_utf16().collect();
    let mut globals = Vec::new();
    rec8(&mut globals, 0x0809, &bof(0x0005));
    if encrypted {
        let mut pass = vec![1, 0, 1, 0, 1, 0]; // RC4, version 1.1
        pass.extend([0x5Au8; 48]); // salt, verifier, verifier hash
        rec8(&mut globals, 0x002F, &pass);
    }
    rec8(&mut globals, 0x0042, &1200u16.to_le_bytes());
    let boundsheet_len = 4 + 8 + name.len() * 2;
    let sheet_offset = (globals.len() + boundsheet_len + 4) as u32;
    let mut bs = sheet_offset.to_le_bytes().to_vec();
    bs.extend([0, 0, name.len() as u8, 1]);
    bs.extend(name.iter().flat_map(|u| u.to_le_bytes()));
    rec8(&mut globals, 0x0085, &bs);
    rec8(&mut globals, 0x000A, &[]);

    let mut sheet = Vec::new();
    rec8(&mut sheet, 0x0809, &bof(0x0010));
    let mut dim = (0u32).to_le_bytes().to_vec();
    dim.extend((grid.rows.len() as u32).to_le_bytes());
    dim.extend(0u16.to_le_bytes());
    dim.extend((grid.width() as u16).to_le_bytes());
    dim.extend(0u16.to_le_bytes());
    rec8(&mut sheet, 0x0200, &dim);
    for (r, row) in grid.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if grid.covered(r as u32, c as u16) {
                continue;
            }
            let mut d = (r as u16).to_le_bytes().to_vec();
            d.extend((c as u16).to_le_bytes());
            d.extend(0u16.to_le_bytes()); // XF 0
            match v {
                V::Empty => {}
                V::Num(s) => {
                    d.extend(s.parse::<f64>().unwrap().to_le_bytes());
                    rec8(&mut sheet, 0x0203, &d);
                }
                other => {
                    d.extend(xl_string(&other.shown()));
                    rec8(&mut sheet, 0x0204, &d);
                }
            }
        }
    }
    // MERGEDCELLS holds at most 1026 ranges per record.
    for chunk in grid.merges.chunks(1026) {
        let mut d = (chunk.len() as u16).to_le_bytes().to_vec();
        for m in chunk {
            for n in [m.first_row as u16, m.last_row as u16, m.col, m.col] {
                d.extend(n.to_le_bytes());
            }
        }
        rec8(&mut sheet, 0x00E5, &d);
    }
    rec8(&mut sheet, 0x000A, &[]);

    let mut stream = globals;
    stream.extend(sheet);
    // Excel never writes a Workbook stream below the 4096-byte mini-stream cutoff.
    if stream.len() < 4096 {
        stream.resize(4096, 0);
    }
    ole(&[("/Workbook", stream)])
}

/// An OLE compound file (version 3, 512-byte sectors, as Excel writes) holding the streams.
pub fn ole(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        file.create_stream(name).unwrap().write_all(data).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}
