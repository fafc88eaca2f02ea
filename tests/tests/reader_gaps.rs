//! Files a merchant expects to open (or to be told are password-protected) that other
//! writers produce: a chart sheet first, a macro sheet, a `WORKBOOK` stream, minimal and
//! backslash-named packages, XOR-obfuscated xls, encrypted ods, merged ods cells, and a CSV
//! with one GB18030 line among UTF-8 ones, a stray value in the last cell of a sheet. Every
//! fixture is made here, from code.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use orderdock_core::read::{self, Format, ReadError};
use orderdock_core::table::Cell;
use orderdock_e2e::formats::{ole, xls, zip_of};
use orderdock_e2e::grid::{Grid, Merge, V};

fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn small() -> Grid {
    Grid::new(vec![vec![V::text("订单编号"), V::text("商品名称")], vec![V::text("T1001"), V::text("毛巾")], vec![V::text("T1002"), V::text("牙刷")]])
}

/// The order numbers of the default sheet's table.
fn orders(path: &Path) -> Vec<String> {
    let mut wb = read::open(path).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    let t = wb.table(None, None).unwrap();
    (0..t.len()).map(|r| t.row(r)[0].display()).collect()
}

/// Every entry of a zip, renamed and changed by `f` (`None` drops it), plus `extra`.
fn rezip(bytes: &[u8], f: impl Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if let Some((name, data)) = f(&name, data) {
            out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(&data).unwrap();
        }
    }
    for (name, data) in extra {
        out.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(data.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn workbook_with_chart_first() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let mut chart = rust_xlsxwriter::Chart::new(rust_xlsxwriter::ChartType::Column);
    chart.add_series().set_values("订单!$B$2:$B$3");
    wb.add_chartsheet().set_name("图表").unwrap().insert_chart(0, 0, &chart).unwrap();
    let ws = wb.add_worksheet().set_name("订单").unwrap();
    for (r, row) in [["订单编号", "数量"], ["T1001", "1"], ["T1002", "2"]].iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_chart_sheet_first_opens_the_first_worksheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "chart-first.xlsx", &workbook_with_chart_first());
    let mut wb = read::open(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["订单"], "a chart sheet holds no rows: it is not listed");
    assert_eq!(wb.default_sheet().unwrap(), "订单");
    assert_eq!(wb.sheet_infos().unwrap().len(), 1);
    assert_eq!(orders(&path), ["T1001", "T1002"]);
}

#[test]
fn a_workbook_with_a_macro_sheet_opens() {
    let dir = tempfile::tempdir().unwrap();
    let mut buf = Vec::new();
    orderdock_e2e::formats::xlsx(&small(), &dir.path().join("plain.xlsx"));
    std::fs::File::open(dir.path().join("plain.xlsx")).unwrap().read_to_end(&mut buf).unwrap();
    let macro_sheet = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData/></xm:macrosheet>"#;
    let with_macro = rezip(
        &buf,
        |name, data| {
            let text = String::from_utf8_lossy(&data).into_owned();
            Some(match name {
                // The macro sheet comes first, as Excel keeps a sheet's position.
                "xl/workbook.xml" => (name.into(), text.replace("<sheets>", r#"<sheets><sheet name="Macro1" sheetId="9" r:id="rId99"/>"#).into_bytes()),
                "xl/_rels/workbook.xml.rels" => (
                    name.into(),
                    text.replace(
                        "</Relationships>",
                        r#"<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>"#,
                    )
                    .into_bytes(),
                ),
                _ => (name.into(), data),
            })
        },
        &[("xl/macrosheets/sheet1.xml", macro_sheet)],
    );
    let path = put(dir.path(), "macro.xlsm", &with_macro);
    let wb = read::open(&path).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(wb.sheet_names(), ["订单"]);
    assert_eq!(orders(&path), ["T1001", "T1002"]);
}

/// The BIFF stream of an xls written by the fixture writer.
fn workbook_stream(bytes: &[u8]) -> Vec<u8> {
    let mut ole = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).unwrap();
    let mut stream = Vec::new();
    ole.open_stream("/Workbook").unwrap().read_to_end(&mut stream).unwrap();
    stream
}

#[test]
fn an_xls_whose_stream_is_named_in_capitals_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = put(dir.path(), "caps.xls", &ole(&[("/WORKBOOK", workbook_stream(&xls(&small(), false)))]));
    assert_eq!(read::open(&path).map(|wb| wb.format()).unwrap_or_else(|e| panic!("{e:?}")), Format::Xls);
    assert_eq!(orders(&path), ["T1001", "T1002"]);
}

#[test]
fn xor_obfuscated_xls_and_encrypted_ods_ask_for_the_password() {
    let dir = tempfile::tempdir().unwrap();
    // FILEPASS right after BOF, its encryption type 0: XOR obfuscation.
    let mut stream = workbook_stream(&xls(&small(), true));
    let at = 4 + u16::from_le_bytes([stream[2], stream[3]]) as usize;
    assert_eq!(u16::from_le_bytes([stream[at], stream[at + 1]]), 0x002F);
    stream[at + 4..at + 6].copy_from_slice(&0u16.to_le_bytes());
    let path = put(dir.path(), "xor.xls", &ole(&[("/Workbook", stream)]));
    assert_eq!(read::open(&path).map(|_| ()), Err(ReadError::Encrypted));

    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="3912">
  <manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="qgpv">
   <manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="nEE8"/>
  </manifest:encryption-data>
 </manifest:file-entry>
</manifest:manifest>"#;
    let ods = zip_of(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
            ("META-INF/manifest.xml", manifest.as_bytes().to_vec()),
            ("content.xml", (0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 7) as u8).collect()),
        ],
        true,
    );
    let path = put(dir.path(), "locked.ods", &ods);
    let err = read::open(&path).map(|_| ()).unwrap_err();
    assert_eq!(err, ReadError::Encrypted);
    assert!(err.message(orderdock_core::messages::Lang::Zh).contains("密码"));
}

#[test]
fn minimal_and_backslash_packages_open() {
    let dir = tempfile::tempdir().unwrap();
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="workbook.xml"/></Relationships>"#;
    let book = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="订单" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let book_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="sheet1.xml"/></Relationships>"#;
    let sheet = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>订单编号</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>T1001</t></is></c></row></sheetData></worksheet>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let minimal = zip_of(
        &[
            ("[Content_Types].xml", types.as_bytes().to_vec()),
            ("_rels/.rels", rels.as_bytes().to_vec()),
            ("workbook.xml", book.as_bytes().to_vec()),
            ("_rels/workbook.xml.rels", book_rels.as_bytes().to_vec()),
            ("sheet1.xml", sheet.as_bytes().to_vec()),
        ],
        false,
    );
    let path = put(dir.path(), "minimal.xlsx", &minimal);
    assert_eq!(read::open(&path).map(|wb| wb.format()).unwrap_or_else(|e| panic!("{e:?}")), Format::Xlsx);
    assert_eq!(orders(&path), ["T1001"]);

    // Entry names with Windows separators, as some writers save them.
    orderdock_e2e::formats::xlsx(&small(), &dir.path().join("plain.xlsx"));
    let plain = std::fs::read(dir.path().join("plain.xlsx")).unwrap();
    let path = put(dir.path(), "backslash.xlsx", &rezip(&plain, |name, data| Some((name.replace('/', "\\"), data)), &[]));
    assert_eq!(read::open(&path).map(|wb| wb.format()).unwrap_or_else(|e| panic!("{e:?}")), Format::Xlsx);
    assert_eq!(orders(&path), ["T1001", "T1002"]);
}

#[test]
fn merged_ods_cells_cover_the_orders_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut grid = Grid::new(vec![vec![V::text("订单编号"), V::text("商品名称")], vec![V::text("T1001"), V::text("毛巾")], vec![V::Empty, V::text("牙刷")], vec![V::text("T1002"), V::text("香皂")]]);
    grid.merges = vec![Merge { first_row: 1, last_row: 2, col: 0 }];
    let path = orderdock_e2e::formats::write(&grid, orderdock_e2e::formats::Format::Ods, dir.path(), "merged");
    assert_eq!(orders(&path), ["T1001", "T1001", "T1002"]);
}

#[test]
fn a_gb18030_line_among_utf8_lines_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = "订单编号,收货人,地址\nT1001,张三,浙江省杭州市\n".as_bytes().to_vec();
    bytes.extend(encoding_rs::GB18030.encode("T1002,李四,广东省深圳市\n").0.iter());
    bytes.extend("T1003,王五,江苏省南京市\n".as_bytes());
    let path = put(dir.path(), "mixed.csv", &bytes);
    let mut wb = read::open(&path).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(wb.encoding(), Some("utf-8"));
    let t = wb.table(None, None).unwrap();
    assert_eq!(t.columns, ["订单编号", "收货人", "地址"]);
    let names: Vec<Cell> = (0..t.len()).map(|r| t.row(r)[1].clone()).collect();
    assert_eq!(names, [Cell::Text("张三".into()), Cell::Text("李四".into()), Cell::Text("王五".into())]);
}

#[test]
fn a_stray_value_in_the_last_cell_of_the_sheet_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in [["订单编号", "商品名称"], ["T1001", "毛巾"], ["T1002", "牙刷"]].iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    // XFD1048576: the last row and column a sheet has.
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let path = put(dir.path(), "stray.xlsx", &wb.save_to_buffer().unwrap());
    let mut wb = read::open(&path).unwrap_or_else(|e| panic!("{e:?}"));
    let t = wb.table(None, None).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(t.columns, ["订单编号", "商品名称"]);
    assert_eq!((0..t.len()).map(|r| t.row(r)[0].display()).collect::<Vec<_>>(), ["T1001", "T1002"]);
    // The preview (the first rows) reads the same rows.
    let p = read::open(&path).unwrap().preview(None, None, read::PREVIEW_ROWS, 10).unwrap();
    assert_eq!(p.table.len(), 2);
}
