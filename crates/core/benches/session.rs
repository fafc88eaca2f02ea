//! How the desktop preview feels on a 500,000-line file (CONTRACT.md §5): drop to first
//! page (< 1.5 s), a page fetch (< 30 ms), an edit re-validated (< 50 ms).
//!
//! `cargo bench -p orderdock-core --bench session [-- LINES] [--csv [--gbk]]` writes a generated
//! 接口 2030 export (two lines per order, one order in fifty with a wrong total; strings in
//! a shared-string table, as Excel writes them) to a temporary folder, then times the calls
//! the app's commands make: the first page comes from [`read::Workbook::preview`] and
//! [`Session::of_prefix`] while the whole sheet is read on another thread, as `open_file`
//! does. Writing the file is not timed. Plain `std::time`, no harness: each step is run a
//! few times and the slowest run is reported.

use std::path::Path;
use std::time::{Duration, Instant};

use orderdock_core::mapping::Mapping;
use orderdock_core::messages::Lang;
use orderdock_core::read;
use orderdock_core::session::Session;

const COLUMNS: [&str; 12] = ["订单编号", "下单时间", "付款时间", "订单总金额", "买家会员名", "收货人姓名", "联系手机", "收货地址", "商品条码", "商品名称", "数量", "金额"];

const MAPPING: &str = r#"{"target": "mall2030", "fields": {
    "ShopCode": {"value": "S001"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
    "PayTime": {"column": "付款时间"}, "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"},
    "BuyerCode": {"column": "买家会员名"}, "RecvConsignee": {"column": "收货人姓名"}, "RecvMobile": {"column": "联系手机"},
    "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#;

/// Line `i`'s cells: order `i / 2`, amounts 10 + 20 = 30, every 50th order totals 31.
fn line(i: usize) -> [String; 12] {
    let order = i / 2;
    let total = if order % 50 == 7 { "31.00" } else { "30.00" };
    let day = 1 + order % 28;
    [
        format!("{}", 3_000_000_000_000_000u64 + order as u64),
        format!("2026-02-{day:02} 10:{:02}:00", order % 60),
        format!("2026-02-{day:02} 10:{:02}:30", order % 60),
        total.into(),
        format!("buyer{}", order % 9973),
        "张三".into(),
        format!("138{:08}", order % 100_000_000),
        "上海市浦东新区世纪大道 100 号".into(),
        format!("69{:011}", i % 5000),
        "商品".into(),
        "1".into(),
        if i.is_multiple_of(2) { "10.00" } else { "20.00" }.into(),
    ]
}

fn write_xlsx(path: &Path, lines: usize) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_low_memory().expect("worksheet");
    for (c, h) in COLUMNS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for i in 0..lines {
        for (c, v) in line(i).iter().enumerate() {
            // Amounts and quantities as numbers, as platforms export them.
            match c {
                3 | 10 | 11 => sheet.write_number(i as u32 + 1, c as u16, v.parse::<f64>().expect("number")),
                _ => sheet.write_string(i as u32 + 1, c as u16, v),
            }
            .expect("cell");
        }
    }
    book.save(path).expect("save");
}

/// A CSV, in UTF-8 or (`gbk`) in GB18030 as Taobao and JD export it.
fn write_csv(path: &Path, lines: usize, gbk: bool) {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).expect("header");
    for i in 0..lines {
        w.write_record(line(i)).expect("row");
    }
    let text = String::from_utf8(w.into_inner().expect("csv")).expect("utf-8");
    let bytes = if gbk { encoding_rs::GB18030.encode(&text).0.into_owned() } else { text.into_bytes() };
    std::fs::write(path, bytes).expect("write");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(what: &str, took: Duration, target_ms: f64) {
    let verdict = if ms(took) < target_ms { "ok" } else { "SLOW" };
    println!("{what:<44} {:>9.1} ms   (target < {target_ms} ms) {verdict}", ms(took));
}

/// The slowest of `runs` runs of `f`.
fn slowest(runs: usize, mut f: impl FnMut(usize)) -> Duration {
    (0..runs)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .max()
        .unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let lines: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(500_000);
    let csv = args.iter().any(|a| a == "--csv");
    let gbk = args.iter().any(|a| a == "--gbk");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(if csv { "orders.csv" } else { "orders.xlsx" });
    let t = Instant::now();
    if csv {
        write_csv(&path, lines, gbk)
    } else {
        write_xlsx(&path, lines)
    }
    println!("generated {lines} lines as {} in {:.1} s (not timed)", path.extension().unwrap_or_default().to_string_lossy(), t.elapsed().as_secs_f64());

    let mapping = Mapping::from_json(MAPPING).expect("mapping");
    let now = "2026-03-01T00:00:00Z".parse().expect("now");

    // Drop: the first rows are read and checked, the rest is read on another thread.
    let start = Instant::now();
    let mut book = read::open(&path).expect("open");
    let preview = book.preview(None, None, read::PREVIEW_ROWS, 30).expect("preview");
    let (sheet, header) = (preview.sheet.clone(), preview.table.header_row);
    let rest = std::thread::spawn(move || {
        let table = book.table(Some(&sheet), Some(header)).expect("read");
        (table, start.elapsed())
    });
    let mut first = Session::of_prefix(preview.table, &mapping, Lang::Zh, now).expect("prefix session");
    assert_eq!(first.page(0, 100, false, None).rows.len(), 100);
    let first_page = start.elapsed();
    println!("first page: {} of about {} sheet rows checked", first.summary().lines, preview.sheets[0].rows);
    report("drop to first page", first_page, 1500.0);

    let (table, read_took) = rest.join().expect("reader");
    let mut s = Session::new(table, None, &mapping, Lang::Zh, now).expect("session");
    let validated = start.elapsed();
    let summary = s.summary();
    println!("{} orders, {} lines, {} errors", summary.orders, summary.lines, summary.errors);
    println!("whole file: read {:.0} ms (in the background) + validate {:.0} ms = counts complete at {:.0} ms", ms(read_took), ms(validated - read_took), ms(validated));

    let mid = lines / 2;
    report("page of 100 rows (middle of the sheet)", slowest(5, |i| assert_eq!(s.page(mid + i * 1000, 100, false, None).rows.len(), 100)), 30.0);
    let problems_first = slowest(1, |_| assert!(!s.page(0, 100, true, None).rows.is_empty()));
    report("first page of problem rows (cold)", problems_first, 30.0);
    report("page of problem rows (warm)", slowest(5, |i| assert!(!s.page(i * 100, 100, true, None).rows.is_empty())), 30.0);

    // Fix a wrong total (order 7 + 50k), then move a line to another order, then undo both.
    let amount = COLUMNS.iter().position(|c| *c == "订单总金额").expect("column");
    // The total is repeated on both lines of an order: the second edit fixes it.
    let edit = slowest(10, |i| {
        let row = (7 + 50 * (i / 2 + mid / 100)) * 2 + i % 2;
        let rows = s.edit(row, amount, "30.00").expect("edit");
        assert_eq!(rows.iter().all(|r| r.issues.is_empty()), i % 2 == 1);
    });
    report("edit a cell (fixes the order)", edit, 50.0);
    let key = slowest(5, |i| {
        s.edit(mid + 2 * i + 1, 0, "3000000000000000001").expect("edit");
    });
    report("edit an order number (row changes order)", key, 50.0);
    report(
        "undo",
        slowest(5, |_| {
            s.undo().expect("undo");
        }),
        50.0,
    );
    println!("after the edits: {} errors, {} corrections", s.summary().errors, s.edits().len());
}
