//! `inspect --json`: format, sheets, header row, columns, data rows and CSV encodings.

use orderdock_e2e::formats::{Format, write};
use orderdock_e2e::model::orders;
use orderdock_e2e::orderdock;
use orderdock_e2e::platforms::{JD, jd};

/// A JD export with a title and a blank row above the header, in every format.
#[test]
fn inspect_reports_format_header_row_columns_rows_and_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let o = orders(7, |i| format!("28345678{i:04}"));
    let layout = jd(&o).with_title("京东商家订单导出");
    let lines: usize = o.iter().map(|x| x.lines.len()).sum();
    let mut failures = Vec::new();
    for format in Format::ALL {
        let path = write(&layout.grid, format, dir.path(), "jd");
        let out = orderdock(&["inspect".as_ref(), path.as_os_str(), "--json".as_ref()]);
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&out.stdout) else {
            failures.push(format!("{format:?}: exit {} {}", out.code, out.stderr.trim()));
            continue;
        };
        let columns: Vec<&str> = doc["columns"].as_array().map(|a| a.iter().filter_map(|c| c.as_str()).collect()).unwrap_or_default();
        let mut wrong = Vec::new();
        if out.code != 0 {
            wrong.push(format!("exit {}", out.code));
        }
        if doc["format"] != format.reported() {
            wrong.push(format!("format {}", doc["format"]));
        }
        if doc["header_row"] != 3 {
            wrong.push(format!("header_row {}", doc["header_row"]));
        }
        if columns != JD {
            wrong.push(format!("columns {columns:?}"));
        }
        if doc["data_rows"] != lines {
            wrong.push(format!("data_rows {} (want {lines})", doc["data_rows"]));
        }
        let want_encoding = match format.encoding() {
            // GB text of common characters is also valid GBK: either label is right.
            Some("gb18030") if doc["encoding"] == "gbk" => Some("gbk"),
            e => e,
        };
        if doc["encoding"].as_str() != want_encoding {
            wrong.push(format!("encoding {} (want {want_encoding:?})", doc["encoding"]));
        }
        let sheets = doc["sheets"].as_array().cloned().unwrap_or_default();
        if sheets.len() != 1 || sheets[0]["rows"] != layout.grid.rows.len() || sheets[0]["columns"] != JD.len() {
            wrong.push(format!("sheets {}", doc["sheets"]));
        }
        if matches!(format, Format::Xlsx | Format::Xlsm | Format::Xlsb | Format::Xls | Format::Ods) && (sheets.first().map(|s| &s["name"]) != Some(&"订单".into()) || doc["sheet"] != "订单") {
            wrong.push(format!("sheet name {} / {}", doc["sheet"], doc["sheets"]));
        }
        if !wrong.is_empty() {
            failures.push(format!("{format:?}: {}", wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `--sheet` picks a sheet of a workbook with several.
#[test]
fn inspect_reads_the_named_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let first = book.add_worksheet().set_name("说明").unwrap();
    first.write_string(0, 0, "本文件由系统导出").unwrap();
    let second = book.add_worksheet().set_name("订单明细").unwrap();
    for (c, h) in ["订单编号", "商品条码", "金额"].iter().enumerate() {
        second.write_string(0, c as u16, *h).unwrap();
        second.write_string(1, c as u16, "1").unwrap();
    }
    book.save(&path).unwrap();
    let out = orderdock(&["inspect".as_ref(), path.as_os_str(), "--sheet".as_ref(), "订单明细".as_ref(), "--json".as_ref()]);
    let doc = out.json();
    assert_eq!(doc["sheet"], "订单明细");
    assert_eq!(doc["columns"], serde_json::json!(["订单编号", "商品条码", "金额"]));
    assert_eq!(doc["data_rows"], 1);
    assert_eq!(doc["sheets"].as_array().unwrap().len(), 2);
}
