//! `open` + `table` on whole files, good and bad.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook as XWorkbook};

use super::*;
use crate::table::Cell;

/// Write `bytes` to `name` in a fresh temporary folder (kept alive by the returned guard).
fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// An empty first sheet, then 订单: a merged title, a blank row, the header on row 3,
/// an order over two rows with merged order number and date, and a 19-digit number.
fn order_workbook() -> Vec<u8> {
    let mut wb = XWorkbook::new();
    wb.add_worksheet().set_name("说明").unwrap();
    let ws = wb.add_worksheet().set_name("订单").unwrap();
    let plain = XFormat::new();
    let date = XFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    ws.merge_range(0, 0, 0, 4, "2026年9月订单导出", &plain).unwrap();
    for (c, h) in ["订单编号", "下单时间", "商品名称", "数量", "订单编号"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.merge_range(3, 0, 4, 0, "=\"0000128092\"", &plain).unwrap();
    let when = ExcelDateTime::parse_from_str("2026-09-10 08:00:00").unwrap();
    ws.merge_range(3, 1, 4, 1, "", &date).unwrap();
    ws.write_datetime_with_format(3, 1, &when, &date).unwrap();
    ws.write_string(3, 2, "毛巾").unwrap();
    ws.write_number(3, 3, 2).unwrap();
    ws.write_string(4, 2, "牙刷").unwrap();
    ws.write_number(4, 3, 1).unwrap();
    ws.write_string(6, 0, "'0000128093").unwrap();
    ws.write_number(6, 5, 1234567890123456789.0).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_with_title_merges_and_ids() {
    let (_dir, path) = file("orders.xlsx", &order_workbook());
    let mut wb = open(&path).unwrap();
    assert_eq!((wb.format(), wb.encoding()), (Format::Xlsx, None));
    assert_eq!(wb.sheet_names(), ["说明", "订单"]);
    assert_eq!(wb.sheet_infos().unwrap(), [SheetInfo { name: "说明".into(), rows: 0, columns: 0 }, SheetInfo { name: "订单".into(), rows: 7, columns: 6 }]);
    assert_eq!(wb.default_sheet().unwrap(), "订单");
    // The head starts at row 1: the title, the blank row, then the header on row 3.
    let head = wb.head(None, 4).unwrap();
    assert_eq!(head.len(), 4);
    assert!(head[1].iter().all(String::is_empty));
    assert_eq!(head[2][0], "订单编号");
    let t = wb.table(None, None).unwrap();
    assert_eq!(t.sheet, "订单");
    assert_eq!(t.header_row, 3);
    assert_eq!(t.columns, ["订单编号", "下单时间", "商品名称", "数量", "订单编号 (2)", "列F"]);
    assert_eq!(t.row_numbers, [4, 5, 7]);
    let when = NaiveDate::from_ymd_opt(2026, 9, 10).unwrap().and_hms_opt(8, 0, 0).unwrap();
    assert_eq!(t.row(0)[..4], [Cell::Text("0000128092".into()), Cell::DateTime(when), Cell::Text("毛巾".into()), Cell::Number(2.0)]);
    // The merged order number and date fill the second line of the order.
    assert_eq!(t.row(1)[..3], [Cell::Text("0000128092".into()), Cell::DateTime(when), Cell::Text("牙刷".into())]);
    assert_eq!(t.row(2)[0], Cell::Text("0000128093".into()));
    // Merges came from the fast path, not calamine's second parse.
    assert_eq!(xlsx_merges::tail(&order_workbook(), "订单").map(|t| (t.merges.len(), t.rows)), Some((3, Some(7))));
    assert!(t.row(2)[5].lost_precision());

    // Asked for again (after `table` took the loaded sheet), with the header given by hand.
    let t = wb.table(Some("订单"), Some(3)).unwrap();
    assert_eq!(t.row_numbers, [4, 5, 7]);
    assert_eq!(wb.table(Some("订单"), Some(8)).unwrap_err(), ReadError::HeaderRowOutOfRange { row: 8, last: 7 });
    assert_eq!(wb.table(Some("Sheet9"), None).unwrap_err(), ReadError::NoSuchSheet { name: "Sheet9".into(), available: vec!["说明".into(), "订单".into()] });
    assert_eq!(wb.table(Some("说明"), None).unwrap_err(), ReadError::EmptySheet { sheet: "说明".into() });
}

/// A title row, the header on row 2, then `n` orders of two lines each, the order number
/// merged over both lines.
fn long_workbook(n: u32) -> Vec<u8> {
    let mut wb = XWorkbook::new();
    let ws = wb.add_worksheet().set_name("订单").unwrap();
    let plain = XFormat::new();
    ws.merge_range(0, 0, 0, 2, "订单导出", &plain).unwrap();
    for (c, h) in ["订单编号", "商品名称", "数量"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for o in 0..n {
        let r = 2 + 2 * o;
        ws.merge_range(r, 0, r + 1, 0, &format!("T{o:04}"), &plain).unwrap();
        ws.write_string(r, 1, "毛巾").unwrap();
        ws.write_string(r + 1, 1, "牙刷").unwrap();
        ws.write_number(r, 2, 1).unwrap();
        ws.write_number(r + 1, 2, 2).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn preview_reads_only_the_first_rows_then_table_reads_the_rest() {
    let (_dir, path) = file("long.xlsx", &long_workbook(500));
    let mut wb = open(&path).unwrap();
    let p = wb.preview(None, None, 100, 5).unwrap();
    assert!(!p.complete);
    assert_eq!(p.sheets, [SheetInfo { name: "订单".into(), rows: 1002, columns: 3 }]);
    assert_eq!((p.sheet.as_str(), p.head.len(), p.head[1][0].as_str()), ("订单", 5, "订单编号"));
    // Sheet rows 3..=100 are data; the merged order number fills each second line.
    assert_eq!((p.table.header_row, p.table.len()), (2, 98));
    assert_eq!(*p.table.row_numbers.last().unwrap(), 100);
    assert_eq!(p.table.row(97)[0], Cell::Text("T0048".into()));
    assert!(wb.progress().load(Ordering::Relaxed) >= 99);

    let t = wb.table(Some(&p.sheet), Some(p.table.header_row)).unwrap();
    assert_eq!((t.len(), t.row(999)[0].clone()), (1000, Cell::Text("T0499".into())));
    assert_eq!(wb.progress().load(Ordering::Relaxed), 1001);

    // A read stopped from outside fails at once and says so.
    let mut stopped = open(&path).unwrap();
    stopped.stopper().store(true, Ordering::Relaxed);
    assert_eq!(stopped.table(Some("订单"), Some(2)).unwrap_err(), ReadError::Stopped);

    // A file shorter than the limit is complete at once, whatever its format.
    let mut wb = open(&path).unwrap();
    let p = wb.preview(None, None, 5000, 5).unwrap();
    assert!(p.complete);
    assert_eq!(p.table.len(), 1000);
}

/// `bytes` with each sheet's `<dimension>` replaced by `A1`, as streaming writers
/// (fastexcel, OpenXLSX; excelize's stream writer leaves it empty) write it.
fn dimension_a1(bytes: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8(data).unwrap();
            let at = xml.find("<dimension ref=\"").unwrap();
            let end = at + xml[at..].find("/>").unwrap();
            data = format!("{}<dimension ref=\"A1\"{}", &xml[..at], &xml[end..]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_sheet_declaring_only_a1_is_read_and_counted_from_its_end() {
    let (_dir, path) = file("poi.xlsx", &dimension_a1(&long_workbook(500)));
    let mut wb = open(&path).unwrap();
    let p = wb.preview(None, None, 100, 5).unwrap();
    assert!(!p.complete);
    assert_eq!(p.sheets, [SheetInfo { name: "订单".into(), rows: 1002, columns: 3 }]);
    assert_eq!((p.table.header_row, p.table.len()), (2, 98));
    assert_eq!(p.table.row(97)[0], Cell::Text("T0048".into()));
    let t = wb.table(Some(&p.sheet), None).unwrap();
    assert_eq!((t.len(), t.row(999)[0].clone()), (1000, Cell::Text("T0499".into())));
}

#[test]
fn preview_of_a_csv_estimates_its_rows() {
    let text: String = std::iter::once("订单编号,金额\n".to_string()).chain((0..1000).map(|i| format!("A{i:04},{i:04}.5\n"))).collect();
    let (_dir, path) = file("long.csv", text.as_bytes());
    let mut wb = open(&path).unwrap();
    let p = wb.preview(None, None, 50, 3).unwrap();
    assert!(!p.complete);
    assert_eq!((p.table.len(), p.head.len()), (49, 3));
    let rows = p.sheets[0].rows;
    assert!((900..=1100).contains(&rows), "estimated {rows} rows");
    assert_eq!(wb.table(None, Some(1)).unwrap().len(), 1000);
    let mut stopped = open(&path).unwrap();
    stopped.stopper().store(true, Ordering::Relaxed);
    assert_eq!(stopped.table(None, Some(1)).unwrap_err(), ReadError::Stopped);
}

#[test]
fn content_decides_not_the_extension() {
    let bytes = order_workbook();
    for (name, format) in [("a.xls", Format::Xlsx), ("a.csv", Format::Xlsx), ("a.xlsm", Format::Xlsm)] {
        let (_dir, path) = file(name, &bytes);
        assert_eq!(open(&path).unwrap().format(), format, "{name}");
    }
    let (_dir, path) = file("订单.xlsx", "订单编号,金额\n1,2\n".as_bytes());
    let mut wb = open(&path).unwrap();
    assert_eq!((wb.format(), wb.encoding(), wb.sheet_names()), (Format::Csv, Some("utf-8"), vec!["订单".to_string()]));
    assert_eq!(wb.table(None, None).unwrap().columns, ["订单编号", "金额"]);
}

#[test]
fn csv_encodings_and_tsv() {
    let text = "订单编号,收货人姓名,收货地址\n=\"0001\",张三,浙江省杭州市西湖区\n";
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let gb = encoding_rs::GB18030.encode(text).0.into_owned();
    let bom = [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
    for (bytes, enc) in [(text.as_bytes().to_vec(), "utf-8"), (bom, "utf-8"), (utf16, "utf-16le"), (gb, "gb18030")] {
        let (_dir, path) = file("x.csv", &bytes);
        let mut wb = open(&path).unwrap();
        assert_eq!((wb.format(), wb.encoding()), (Format::Csv, Some(enc)));
        let t = wb.table(None, None).unwrap();
        assert_eq!(t.columns, ["订单编号", "收货人姓名", "收货地址"], "{enc}");
        assert_eq!(t.row(0)[0], Cell::Text("0001".into()));
    }
    let (_dir, path) = file("x.tsv", "订单编号\t金额\n1\t2\n".as_bytes());
    let mut wb = open(&path).unwrap();
    assert_eq!(wb.format(), Format::Tsv);
    assert_eq!(wb.sheet_infos().unwrap(), [SheetInfo { name: "x".into(), rows: 2, columns: 2 }]);
}

#[test]
fn html_saved_as_xls() {
    let html = "<html><head><meta charset=\"gb2312\"></head><body><table>\
        <tr><td colspan=\"2\">订单导出</td></tr>\
        <tr><th>订单编号</th><th>商品名称</th></tr>\
        <tr><td rowspan=\"2\">0001</td><td>毛巾</td></tr><tr><td>牙刷</td></tr></table></body></html>";
    let (_dir, path) = file("export.xls", &encoding_rs::GB18030.encode(html).0);
    let mut wb = open(&path).unwrap();
    assert_eq!((wb.format(), wb.sheet_names()), (Format::Html, vec!["Sheet1".to_string()]));
    let t = wb.table(None, None).unwrap();
    assert_eq!((t.header_row, t.columns.clone()), (2, vec!["订单编号".to_string(), "商品名称".to_string()]));
    assert_eq!(t.row(1), [Cell::Text("0001".into()), Cell::Text("牙刷".into())]);
    assert_eq!(wb.table(None, None).unwrap().row_numbers, [3, 4]);
}

fn zip_with(entries: &[&str]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"<x/>").unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn ole_with(stream: &str) -> Vec<u8> {
    let mut ole = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    ole.create_stream(stream).unwrap().write_all(&[1, 2, 3, 4]).unwrap();
    ole.flush().unwrap();
    ole.into_inner().into_inner()
}

#[test]
fn bad_inputs_are_named() {
    let not = |what: &str| Err(ReadError::NotSpreadsheet { what: what.into() });
    let xlsx = order_workbook();
    let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let cases: Vec<(&str, Vec<u8>, Result<(), ReadError>)> = vec![
        ("empty.xlsx", vec![], Err(ReadError::Empty)),
        ("noise.xlsx", noise, not("binary")),
        ("image.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), not("png")),
        ("report.xlsx", b"%PDF-1.7\n".to_vec(), not("pdf")),
        ("letter.xlsx", zip_with(&["[Content_Types].xml", "word/document.xml"]), not("docx")),
        ("slides.xlsx", zip_with(&["ppt/presentation.xml"]), not("pptx")),
        ("photos.xlsx", zip_with(&["a.jpg"]), not("zip")),
        ("locked.xlsx", ole_with("EncryptedPackage"), Err(ReadError::Encrypted)),
        ("letter.xls", ole_with("WordDocument"), not("doc")),
        ("page.xls", b"<html><script>'<table>'</script></html>".to_vec(), not("html")),
    ];
    for (name, bytes, expected) in cases {
        let (_dir, path) = file(name, &bytes);
        assert_eq!(open(&path).map(|_| ()), expected, "{name}");
    }
    let (_dir, path) = file("cut.xlsx", &xlsx[..xlsx.len() / 2]);
    assert!(matches!(open(&path).map(|_| ()), Err(ReadError::Corrupt(_))));
    // A folder, a device and a pipe are refused before anything is read.
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(open(dir.path()).map(|_| ()), Err(ReadError::NotAFile(_))));
    #[cfg(unix)]
    {
        assert!(matches!(open(Path::new("/dev/zero")).map(|_| ()), Err(ReadError::NotAFile(_))));
        let fifo = dir.path().join("orders.csv");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert!(matches!(open(&fifo).map(|_| ()), Err(ReadError::NotAFile(_))));
    }
    let missing = std::env::temp_dir().join("orderdock-no-such-file.xlsx");
    assert!(matches!(open(&missing).map(|_| ()), Err(ReadError::NotFound(_))));
}

#[test]
fn a_panic_inside_a_reader_is_a_damaged_file() {
    assert!(matches!(guard::<()>(|| panic!("malformed")), Err(ReadError::Corrupt(_))));
}

/// An xlsb whose shared strings start with a record too short for its fields: calamine
/// indexes past its end and panics (calamine 0.38, `read_shared_strings`).
pub(crate) fn panicking_xlsb() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in [("xl/workbook.bin", &[0x99u8, 0x01, 0x00][..]), ("xl/sharedStrings.bin", &[0x9F, 0x01, 0x00])] {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The reader sets no panic hook of its own: in a fresh process (this test run again alone),
/// the program's hook sees the panic calamine raises on a malformed file, and the caller
/// still gets [`ReadError::Corrupt`].
#[test]
fn the_panic_hook_is_left_to_the_program() {
    const CHILD: &str = "ORDERDOCK_PANIC_HOOK_CHILD";
    if std::env::var_os(CHILD).is_some() {
        let seen = std::sync::Arc::new(AtomicUsize::new(0));
        let count = seen.clone();
        std::panic::set_hook(Box::new(move |_| {
            count.fetch_add(1, Ordering::SeqCst);
        }));
        let (_dir, path) = file("panics.xlsb", &panicking_xlsb());
        assert!(matches!(open(&path).map(|_| ()), Err(ReadError::Corrupt(_))));
        let (_dir, path) = file("orders.xlsx", &order_workbook());
        open(&path).unwrap().table(None, None).unwrap();
        let _ = std::panic::take_hook();
        println!("hook calls: {}", seen.load(Ordering::SeqCst));
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "read::tests::the_panic_hook_is_left_to_the_program", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("hook calls: 1"), "the program's hook did not see the reader's panic: {stdout}");
}

/// Open and read every sheet, ignoring the outcome: only a panic fails.
fn read_everything(name: &str, bytes: &[u8]) {
    let (_dir, path) = file(name, bytes);
    if let Ok(mut wb) = open(&path) {
        let _ = wb.sheet_infos();
        for sheet in wb.sheet_names() {
            let _ = wb.table(Some(&sheet), None);
            let _ = wb.table(Some(&sheet), Some(1));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), magic in 0usize..4) {
        // Random bytes behind each container's magic reach past the sniffer into the readers.
        let prefix: &[u8] = [&b""[..], b"PK\x03\x04", sniff::OLE_MAGIC, b"<table>"][magic];
        let bytes = [prefix, &bytes].concat();
        for ext in ["xlsx", "xls", "csv", "ods", "xlsb"] {
            read_everything(&format!("f.{ext}"), &bytes);
        }
    }

    #[test]
    fn damaged_workbooks_never_panic(cut in 0usize..4000, flip in 0usize..4000, byte in any::<u8>()) {
        let mut bytes = order_workbook();
        let flip = flip % bytes.len();
        bytes[flip] = byte;
        bytes.truncate(bytes.len() - cut.min(bytes.len()));
        read_everything("f.xlsx", &bytes);
    }

    #[test]
    fn cleaning_never_panics_and_trims(s in "\\PC*") {
        let out = clean(&s);
        prop_assert_eq!(out.trim(), &*out);
    }
}

/// The budget: reading a 100,000-row order sheet into a table costs little more than
/// calamine alone reading every cell. Run in release:
/// `cargo test --release -p orderdock-core --lib read::tests::large_sheet_cost -- --ignored --nocapture`
#[test]
#[ignore]
fn large_sheet_cost() {
    use calamine::Reader;
    use std::time::Instant;

    let mut wb = XWorkbook::new();
    let ws = wb.add_worksheet();
    let date = XFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let when = ExcelDateTime::parse_from_str("2026-09-10 08:00:00").unwrap();
    for (c, h) in ["订单编号", "下单时间", "商品名称", "数量", "金额", "收货人", "收货地址", "手机", "商家编码", "订单状态"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=100_000u32 {
        ws.write_string(r, 0, format!("{:019}", r as u64 * 7919)).unwrap();
        ws.write_datetime_with_format(r, 1, &when, &date).unwrap();
        ws.write_string(r, 2, format!("商品{}", r % 97)).unwrap();
        ws.write_number(r, 3, (r % 5) as f64).unwrap();
        ws.write_number(r, 4, r as f64 / 100.0).unwrap();
        ws.write_string(r, 5, "张三").unwrap();
        ws.write_string(r, 6, format!("浙江省杭州市西湖区文三路{r}号")).unwrap();
        ws.write_string(r, 7, "138****1234").unwrap();
        ws.write_string(r, 8, format!("SKU-{}", r % 1000)).unwrap();
        ws.write_string(r, 9, "交易成功").unwrap();
    }
    let (_dir, path) = file("big.xlsx", &wb.save_to_buffer().unwrap());

    let best = |f: &dyn Fn() -> usize| {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                assert!(f() > 0);
                t.elapsed()
            })
            .min()
            .unwrap()
    };
    let calamine_alone = best(&|| {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let range = book.worksheet_range("Sheet1").unwrap();
        range.used_cells().filter(|(_, _, d)| !matches!(d, calamine::Data::Empty)).count()
    });
    let ours = best(&|| open(&path).unwrap().table(None, None).unwrap().len());
    let ratio = ours.as_secs_f64() / calamine_alone.as_secs_f64();
    println!("calamine {calamine_alone:?}, read::table {ours:?}, ratio {ratio:.2}");
    assert!(ratio < 1.3);
}

/// A file another program holds open without sharing (as Excel does on Windows) is named so.
#[cfg(windows)]
#[test]
fn a_file_excel_holds_open_is_named_so() {
    use std::os::windows::fs::OpenOptionsExt;
    let (_dir, path) = file("订单 导出.xlsx", &order_workbook());
    let _held = std::fs::OpenOptions::new().read(true).share_mode(0).open(&path).unwrap();
    assert!(matches!(open(&path).map(|_| ()), Err(ReadError::Locked(_))));
}

/// Elsewhere error 32 is a broken pipe, not a locked file.
#[test]
fn only_windows_calls_error_32_a_locked_file() {
    let e = std::io::Error::from_raw_os_error(32);
    assert_eq!(matches!(io_error(Path::new("a.xlsx"), &e), ReadError::Locked(_)), cfg!(windows));
}
