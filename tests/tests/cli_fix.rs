//! `orderdock fix`: the quick fixes headless, on a shop's export with the same problems on
//! 95 orders: the corrected xlsx holds the fixed values and not the orders left out, the
//! output lists every change, and validating the corrected file shows only what no fix
//! could repair.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use orderdock_core::table::Table;
use orderdock_e2e::exports::{self, Seed};
use orderdock_e2e::fixes::{self, Planted};
use orderdock_e2e::grid::V;
use orderdock_e2e::{NOW, Out, formats, orderdock};

struct Files {
    _dir: tempfile::TempDir,
    file: PathBuf,
    map: PathBuf,
    out: PathBuf,
}

fn files() -> Files {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orders.xlsx");
    formats::xlsx(&fixes::batch(), &file);
    let map = dir.path().join("map.json");
    std::fs::write(&map, fixes::MAPPING).unwrap();
    let out = dir.path().join("corrected.xlsx");
    Files { _dir: dir, file, map, out }
}

fn fix(f: &Files, extra: &[&str]) -> Out {
    let mut args: Vec<&std::ffi::OsStr> = vec!["fix".as_ref(), f.file.as_os_str(), "--mapping".as_ref(), f.map.as_os_str(), "--now".as_ref(), NOW.as_ref(), "--out".as_ref(), f.out.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    orderdock(&args)
}

fn read(path: &Path) -> Table {
    orderdock_core::read::open(path).unwrap().table(None, None).unwrap()
}

/// Each order number's rows in `t` (numbers in column `key`), as (column → text) maps.
fn by_order(t: &Table, key: &str) -> HashMap<String, Vec<HashMap<String, String>>> {
    let mut out: HashMap<String, Vec<HashMap<String, String>>> = HashMap::new();
    for r in 0..t.len() {
        let row: HashMap<String, String> = t.columns.iter().cloned().zip(t.row(r).iter().map(|c| c.display())).collect();
        out.entry(row[key].clone()).or_default().push(row);
    }
    out
}

#[test]
fn fixes_write_the_corrected_file_and_list_every_change() {
    let f = files();
    let orders = fixes::orders();
    let count = |p: Planted| orders.iter().filter(|o| o.planted == p).count();
    let out = fix(&f, &["--apply", "total_mismatch,negative_discount,required,too_long", "--exclude", "sale_time_out_of_range"]);
    // The postage orders keep their mismatch: some orders still have errors.
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.is_empty(), "{}", out.stderr);

    let corrected = by_order(&read(&f.out), "订单编号");
    assert_eq!(corrected.len(), orders.len() - count(Planted::TooOld), "the orders left out are not in the corrected file");
    for o in &orders {
        let Some(rows) = corrected.get(&o.no) else {
            assert_eq!(o.planted, Planted::TooOld, "{} is missing", o.no);
            continue;
        };
        assert_ne!(o.planted, Planted::TooOld, "{} was left out", o.no);
        assert_eq!(rows.len(), o.lines.len());
        let first = &rows[0];
        match o.planted {
            Planted::TotalOff => assert!(rows.iter().all(|r| r["订单总金额"] == o.sum), "{}: {rows:?} want {}", o.no, o.sum),
            Planted::Postage => assert_eq!(first["订单总金额"], o.total.trim_end_matches('0').trim_end_matches('.'), "{} is explained, not changed", o.no),
            Planted::NegativeDiscount => assert!(rows.iter().all(|r| r["优惠金额"] == "0"), "{}: {rows:?}", o.no),
            Planted::NoPayTime => assert_eq!(first["付款时间"], first["下单时间"]),
            Planted::LongName => assert_eq!(first["收货人"], "欧阳".repeat(16)),
            Planted::NoMobile => assert_eq!(first["手机"], "13900001111"),
            Planted::Valid | Planted::TooOld => {}
        }
    }

    // Every change is listed, one line each, in Chinese by default.
    let total_lines = out.stdout.lines().filter(|l| l.contains("[订单总金额]")).count();
    let rows_off: usize = orders.iter().filter(|o| o.planted == Planted::TotalOff).map(|o| o.lines.len()).sum();
    assert_eq!(total_lines, rows_off, "{}", out.stdout);
    let first_off = &orders[0];
    assert!(out.stdout.contains(&format!("第 2 行 [订单总金额] 订单 {}：「{}」→「{}」", first_off.no, first_off.total.trim_end_matches('0').trim_end_matches('.'), first_off.sum)), "{}", out.stdout);
    assert!(out.stdout.contains(&format!("把订单总金额改为商品明细金额合计：改了 {} 个订单", count(Planted::TotalOff))), "{}", out.stdout);
    assert!(out.stdout.contains("正好等于「运费」列"), "{}", out.stdout);
    assert!(out.stdout.contains(&format!("不上传：{} 个订单（下单时间超出范围）", count(Planted::TooOld))), "{}", out.stdout);
    assert!(out.stdout.contains("（截掉「欧阳欧阳欧阳欧阳」）"), "{}", out.stdout);

    // Validating the corrected file shows only what no fix repaired: the postage orders.
    let report = orderdock_e2e::validate(&f.out, fixes::MAPPING, &[]).json();
    let codes: Vec<(&str, &str)> = report["issues"].as_array().unwrap().iter().map(|i| (i["code"].as_str().unwrap(), i["order"].as_str().unwrap())).collect();
    let postage: Vec<(&str, &str)> = orders.iter().filter(|o| o.planted == Planted::Postage).map(|o| ("total_mismatch", o.no.as_str())).collect();
    assert_eq!(codes, postage);
}

#[test]
fn json_in_english_and_exit_0_when_nothing_is_left() {
    let f = files();
    let orders = fixes::orders();
    let out = fix(&f, &["--lang", "en", "--json", "--apply", "total_mismatch,discount_as_surcharge,required,too_long", "--exclude", "sale_time_out_of_range,total_mismatch"]);
    assert_eq!(out.code, 0, "{out:?}");
    let doc = out.json();
    let fixed: Vec<(&str, u64)> = doc["fixes"].as_array().unwrap().iter().map(|f| (f["fix"].as_str().unwrap(), f["orders"].as_u64().unwrap())).collect();
    assert_eq!(fixed, [("total_from_lines", 60), ("discount_as_surcharge", 6), ("fill_from_row", 7), ("cut_to_limit", 3)]);
    assert!(doc["fixes"][0]["notes"][0]["text"].as_str().unwrap().contains("\"运费\" column"), "{doc}");
    let change = &doc["fixes"][0]["changes"][0];
    assert_eq!((change["order"].as_str(), change["row"].as_u64(), change["column"].as_str()), (Some(orders[0].no.as_str()), Some(2), Some("订单总金额")));
    let excluded = doc["excluded"].as_array().unwrap();
    assert_eq!(excluded.len(), 9);
    assert!(excluded.iter().any(|x| x["reason"] == "Order time out of range: left out on purpose"), "{doc}");
    assert_eq!((doc["orders"].as_u64(), doc["excluded_orders"].as_u64(), doc["to_upload"].as_u64()), (Some(95), Some(9), Some(86)));
    // A surcharge keeps the totals agreeing with the lines: the corrected file validates clean.
    assert_eq!(orderdock_e2e::validate(&f.out, fixes::MAPPING, &[]).code, 0);
    let corrected = by_order(&read(&f.out), "订单编号");
    let surcharged = orders.iter().find(|o| o.planted == Planted::NegativeDiscount).unwrap();
    assert_eq!(corrected[&surcharged.no][0]["金额"], format!("{:.2}", surcharged.lines[0].parse::<f64>().unwrap() + 3.0));
}

#[test]
fn what_cannot_be_fixed_is_a_usage_error() {
    let f = files();
    let out = fix(&f, &["--apply", "sale_time_out_of_range"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--exclude sale_time_out_of_range"), "{}", out.stderr);
    let out = fix(&f, &["--lang", "en", "--apply", "nonsense"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with("Unknown fix \"nonsense\""), "{}", out.stderr);
    let out = fix(&f, &["--exclude", "nonsense"]);
    assert_eq!(out.code, 2);
    assert_eq!(fix(&f, &[]).code, 2);
    assert!(!f.out.exists(), "nothing written on a usage error");
}

/// A Douyin export, written as `format`, with the mapping `suggest` makes for it (plus a
/// ShopCode).
fn douyin_files(grid: &orderdock_e2e::grid::Grid, format: formats::Format) -> Files {
    let dir = tempfile::tempdir().unwrap();
    let file = formats::write(grid, format, dir.path(), "douyin");
    let out = orderdock(&["suggest".as_ref(), file.as_os_str(), "--target".as_ref(), "mall2030".as_ref(), "--json".as_ref()]);
    let mut mapping = out.json();
    mapping["fields"]["ShopCode"] = serde_json::json!({"value": "DY0001"});
    let map = dir.path().join("douyin.map.json");
    std::fs::write(&map, mapping.to_string()).unwrap();
    let out = dir.path().join("corrected.xlsx");
    Files { _dir: dir, file, map, out }
}

#[test]
fn douyin_order_numbers_excel_mangled_come_back_from_the_sub_order_numbers() {
    let export = exports::douyin(false);
    // Excel showed 主订单编号 as 6.90001E+18; 子订单编号 (the order number and two digits) kept its text.
    let mut grid = export.main.grid.clone();
    for row in grid.rows.iter_mut().skip(1) {
        if let V::Id(no) = &row[0] {
            row[0] = V::Text(exports::e_notation(no));
        }
    }
    let f = douyin_files(&grid, export.format);
    let mapping = std::fs::read_to_string(&f.map).unwrap();
    let before = orderdock_e2e::validate(&f.file, &mapping, &[]).json();
    let mangled = before["issues"].as_array().unwrap().iter().filter(|i| i["code"] == "precision_lost").count();
    // The cancelled order is left out by the suggested filter: nothing to recover there.
    let cancelled: Vec<usize> = exports::SEEDS.iter().filter_map(|s| if let Seed::Cancelled(i) = s { Some(*i) } else { None }).collect();
    let kept: Vec<_> = export.orders.iter().enumerate().filter(|(i, _)| !cancelled.contains(i)).map(|(_, o)| o).collect();
    let lines: usize = kept.iter().map(|o| o.lines.len()).sum();
    assert_eq!(mangled, lines, "{before}");

    let out = fix(&f, &["--apply", "precision_lost"]);
    assert_eq!(out.code, 1, "the seeded problems other than the numbers remain: {out:?}");
    // Every mangled row was an order of its own until its number came back.
    assert!(out.stdout.contains(&format!("从文件里找回完整的订单号：改了 {lines} 个订单的 {lines} 个单元格")), "{}", out.stdout);
    for o in &kept {
        assert!(out.stdout.contains(&format!("[主订单编号] 订单 6.90001E+18：「6.90001E+18」→「{}」", o.no)), "{} not listed:\n{}", o.no, out.stdout);
    }
    let after = by_order(&read(&f.out), "主订单编号");
    assert!(kept.iter().all(|o| after.get(&o.no).map(Vec::len) == Some(o.lines.len())), "{after:?}");
    let report = orderdock_e2e::validate(&f.out, &mapping, &[]).json();
    assert_eq!(report["orders"].as_u64(), Some(kept.len() as u64));
    assert!(report["issues"].as_array().unwrap().iter().all(|i| i["code"] != "precision_lost"), "{report}");
}

#[test]
fn a_file_resaved_by_excel_must_be_exported_again() {
    let export = exports::douyin(true);
    let f = douyin_files(&export.main.grid, export.format);
    let out = fix(&f, &["--lang", "en", "--apply", "precision_lost"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("changed 0 cells of 0 orders"), "{}", out.stdout);
    assert!(out.stdout.contains("Export the file again from the platform"), "{}", out.stdout);
    assert!(out.stdout.contains("    2. Do not open the download in Excel or WPS"), "{}", out.stdout);
}
