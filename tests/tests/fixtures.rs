//! The fixture writers themselves: calamine must read back what they wrote, so a failing
//! end-to-end test points at OrderDock, not at a broken fixture.

use calamine::{Data, Reader, open_workbook_auto};
use orderdock_e2e::formats::{Format, write};
use orderdock_e2e::model::orders;
use orderdock_e2e::platforms::{douyin, douyin_id, taobao};

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::DateTime(t) => t.as_datetime().map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default(),
        Data::DateTimeIso(s) => s.replace('T', " "),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn calamine_reads_every_binary_format_back() {
    let dir = tempfile::tempdir().unwrap();
    let layout = douyin(&orders(5, douyin_id));
    for format in [Format::Xlsx, Format::Xlsm, Format::Xlsb, Format::Xls, Format::Ods] {
        let path = write(&layout.grid, format, dir.path(), "dy");
        let mut book = open_workbook_auto(&path).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(book.sheet_names(), vec!["订单".to_string()], "{format:?}");
        let range = book.worksheet_range("订单").unwrap();
        let got: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
        let want: Vec<Vec<String>> = layout.grid.rows.iter().map(|r| r.iter().map(|v| v.shown()).collect()).collect();
        assert_eq!(got.len(), want.len(), "{format:?}");
        for (g, w) in got.iter().zip(&want) {
            for (c, wv) in w.iter().enumerate() {
                let gv = g.get(c).cloned().unwrap_or_default();
                // Numbers come back as floats ("1180.9" for "1180.90").
                let same = gv == *wv || (gv.parse::<f64>().ok().is_some() && gv.parse::<f64>().ok() == wv.parse::<f64>().ok());
                assert!(same, "{format:?} column {c}: {gv:?} != {wv:?}");
            }
        }
    }
}

#[test]
fn calamine_sees_the_merges_of_the_xlsx_and_xls_writers() {
    let dir = tempfile::tempdir().unwrap();
    let layout = taobao(&orders(4, |i| format!("30{:016}", i)), true);
    for format in [Format::Xlsx, Format::Xls] {
        let path = write(&layout.grid, format, dir.path(), "tb");
        let mut book = open_workbook_auto(&path).unwrap();
        let merges = match &mut book {
            calamine::Sheets::Xlsx(b) => b.merge_cells_by_sheet_name("订单").unwrap().len(),
            calamine::Sheets::Xls(b) => b.merge_cells_by_sheet_name("订单").unwrap().len(),
            _ => unreachable!(),
        };
        assert_eq!(merges, layout.grid.merges.len(), "{format:?}");
    }
}
