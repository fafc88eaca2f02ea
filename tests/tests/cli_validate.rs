//! `validate --json` on Taobao-, JD-, Pinduoduo- and Douyin-like files in every format: the
//! issues are exactly the seeded ones, with the right rows, and the counts add up.

use orderdock_e2e::formats::{Format, write};
use orderdock_e2e::grid::Layout;
use orderdock_e2e::model::{Order, orders, plus};
use orderdock_e2e::platforms::{douyin, douyin_id, jd, pdd, pdd_id, taobao};
use orderdock_e2e::{Found, NOW, found, issue, orderdock};
use serde_json::Value;

struct Case {
    name: &'static str,
    layout: Layout,
    mapping: &'static str,
    expected: Vec<Found>,
    orders: usize,
}

/// Validate the case in every format; collect every disagreement so one run shows them all.
fn check_all_formats(case: &Case) {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.json");
    std::fs::write(&map, case.mapping).unwrap();
    let lines: usize = case.layout.rows.iter().map(Vec::len).sum();
    let errors = case.expected.len();
    let mut failures = Vec::new();
    for format in Format::ALL {
        let path = write(&case.layout.grid, format, dir.path(), case.name);
        let out = orderdock(&["validate".as_ref(), path.as_os_str(), "--mapping".as_ref(), map.as_os_str(), "--now".as_ref(), NOW.as_ref(), "--json".as_ref()]);
        let report: Value = match serde_json::from_str(&out.stdout) {
            Ok(v) => v,
            Err(_) => {
                failures.push(format!("{format:?}: exit {} stderr {}", out.code, out.stderr.trim()));
                continue;
            }
        };
        let got = found(&report);
        let counts = [&report["orders"], &report["lines"], &report["valid_orders"], &report["errors"], &report["warnings"]].map(|v| v.as_u64());
        let want_counts = [case.orders, lines, case.orders - errors, errors, 0].map(|n| Some(n as u64));
        if got != case.expected || counts != want_counts || out.code != 1 {
            failures.push(format!(
                "{format:?} ({}): exit {}, counts {counts:?} (want {want_counts:?})\n  missing {:?}\n  unexpected {:?}",
                path.file_name().unwrap().to_string_lossy(),
                out.code,
                case.expected.iter().filter(|e| !got.contains(e)).collect::<Vec<_>>(),
                got.iter().filter(|g| !case.expected.contains(g)).collect::<Vec<_>>(),
            ));
        }
    }
    assert!(failures.is_empty(), "{}:\n{}", case.name, failures.join("\n"));
}

fn no(o: &[Order], i: usize) -> String {
    o[i].no.clone()
}

/// Taobao single file with the order cells merged over the item rows (in xlsx, xls and ods).
#[test]
fn taobao_issues_are_exactly_the_seeded_ones_in_every_format() {
    let mut o = orders(12, |i| format!("3{:018}", 587_412_390_123_456_000 + i as u64));
    o[1].total = plus(&o[1].total, 100);
    o[2].time = "2026-13-45 10:00:00".into();
    o[4].mobile.clear();
    o[5].consignee = "欧阳".repeat(17);
    o[6].lines[0].price = "价格待定".into();
    let layout = taobao(&o, true);
    let r = |i, l| layout.row(i, l);
    let expected = sorted(vec![
        issue("total_mismatch", &no(&o, 1), r(1, 0), "TotalMoney"),
        issue("bad_datetime", &no(&o, 2), r(2, 0), "OrderTime"),
        issue("required", &no(&o, 4), r(4, 0), "RecvMobile"),
        issue("too_long", &no(&o, 5), r(5, 0), "RecvConsignee"),
        issue("bad_number", &no(&o, 6), r(6, 0), "Dtls.PriceSell"),
    ]);
    check_all_formats(&Case { name: "taobao", layout, mapping: orderdock_e2e::platforms::TAOBAO_MAPPING, expected, orders: 12 });
}

const JD_MAP: &str = r#"{"target": "mall2030", "fields": {
  "ShopCode": {"value": "JD0001"}, "Code": {"column": "订单号"}, "OrderTime": {"column": "下单时间"},
  "PayTime": {"column": "付款确认时间"}, "TotalMoney": {"column": "订单金额"}, "PayAmount": {"column": "应付金额"},
  "TotalQty": {"derive": "sum"}, "BuyerCode": {"column": "下单帐号"}, "RecvConsignee": {"column": "客户姓名"},
  "RecvMobile": {"column": "联系电话"}, "RecvAddress": {"column": "客户地址"}, "DataOrigin": {"value": 11},
  "Dtls.BarCode": {"column": "货号"}, "Dtls.PriceOriginal": {"column": "京东价"}, "Dtls.Quantity": {"column": "订购数量"},
  "Dtls.Amount": {"column": "商品金额"}}}"#;

/// JD repeats order totals on every SKU row (never summed); a title and a blank row sit above
/// the header, found automatically.
#[test]
fn jd_issues_are_exactly_the_seeded_ones_in_every_format() {
    let mut o = orders(10, |i| format!("{}", 283_456_789_012u64 + i as u64 * 17));
    o[2].total = plus(&o[2].total, 500);
    o[3].time = "明天上午".into();
    o[5].lines[0].price = "-1.00".into();
    let mut layout = jd(&o);
    // Order 1 has four lines; its third row disagrees on the order amount.
    assert_eq!(o[1].lines.len(), 4);
    let amount_col = orderdock_e2e::platforms::JD.iter().position(|c| *c == "订单金额").unwrap();
    let third = layout.row(1, 2) as usize - 1;
    layout.grid.rows[third][amount_col] = orderdock_e2e::grid::V::num(&plus(&o[1].total, 1));
    let layout = layout.with_title("京东商家订单导出 2026-11-23");
    let r = |i, l| layout.row(i, l);
    let expected = sorted(vec![
        issue("inconsistent_order", &no(&o, 1), r(1, 2), "TotalMoney"),
        issue("total_mismatch", &no(&o, 2), r(2, 0), "TotalMoney"),
        issue("bad_datetime", &no(&o, 3), r(3, 0), "OrderTime"),
        issue("negative_price", &no(&o, 5), r(5, 0), "Dtls.PriceOriginal"),
    ]);
    check_all_formats(&Case { name: "jd", layout, mapping: JD_MAP, expected, orders: 10 });
}

const PDD_MAP: &str = r#"{"target": "mall2030", "fields": {
  "ShopCode": {"value": "PDD0001"}, "Code": {"column": "订单号"}, "OrderTime": {"column": "订单成交时间"},
  "PayTime": {"column": "支付时间"}, "TotalMoney": {"derive": "sum"}, "PayAmount": {"column": "用户实付金额(元)"},
  "TotalQty": {"column": "商品数量(件)"}, "BuyerCode": {"value": "pdd-buyer"}, "RecvConsignee": {"column": "收货人"},
  "RecvMobile": {"column": "手机"}, "RecvProvince": {"column": "省"}, "RecvCity": {"column": "市"}, "RecvCounty": {"column": "区"},
  "DataOrigin": {"value": 12}, "Dtls.BarCode": {"column": "商家编码-SKU维度"}, "Dtls.Quantity": {"column": "商品数量(件)"},
  "Dtls.Amount": {"column": "商品总价(元)"}}}"#;

/// Pinduoduo: one row per order; the order total is derived from the line.
#[test]
fn pinduoduo_issues_are_exactly_the_seeded_ones_in_every_format() {
    let mut o: Vec<Order> = orders(9, pdd_id).into_iter().map(Order::single_line).collect();
    o[1].mobile.clear();
    o[2].lines[0].barcode = "SKU-".repeat(8);
    o[3].total = "待确认".into();
    o[4].time = "2024-05-01 10:00:00".into();
    let layout = pdd(&o);
    let r = |i| layout.row(i, 0);
    let expected = sorted(vec![
        issue("required", &no(&o, 1), r(1), "RecvMobile"),
        issue("too_long", &no(&o, 2), r(2), "Dtls.BarCode"),
        issue("bad_number", &no(&o, 3), r(3), "PayAmount"),
        issue("sale_time_out_of_range", &no(&o, 4), r(4), "OrderTime"),
    ]);
    check_all_formats(&Case { name: "pdd", layout, mapping: PDD_MAP, expected, orders: 9 });
}

const DOUYIN_MAP: &str = r#"{"target": "mall2030", "fields": {
  "ShopCode": {"value": "DY0001"}, "Code": {"column": "主订单编号"}, "OrderTime": {"column": "订单提交时间"},
  "PayTime": {"column": "支付完成时间"}, "TotalMoney": {"column": "订单应付金额"}, "DiscountMoney": {"column": "优惠总金额"},
  "TotalQty": {"derive": "sum"}, "BuyerCode": {"value": "douyin"}, "RecvConsignee": {"column": "收件人"},
  "RecvMobile": {"column": "收件人手机号"}, "RecvAddress": {"column": "详细地址"},
  "Dtls.BarCode": {"column": "商家编码"}, "Dtls.PriceSell": {"column": "商品单价"}, "Dtls.Quantity": {"column": "商品数量"},
  "Dtls.Amount": {"column": "商品金额"}}}"#;

/// Douyin: 19-digit ids (a tab inside the quotes in CSV), dates re-saved by Excel as text
/// like `2026/9/10 8:00`.
#[test]
fn douyin_issues_are_exactly_the_seeded_ones_in_every_format() {
    let mut o = orders(10, douyin_id);
    o[1].discount = "-5.00".into();
    o[2].time = "2026-11-23 13:00:00".into();
    o[3].lines[0].barcode.clear();
    let mut layout = douyin(&o);
    layout.grid = layout.grid.times_as_text("%Y/%-m/%-d %-H:%M");
    let r = |i, l| layout.row(i, l);
    let expected = sorted(vec![
        issue("negative_discount", &no(&o, 1), r(1, 0), "DiscountMoney"),
        issue("sale_time_out_of_range", &no(&o, 2), r(2, 0), "OrderTime"),
        issue("required", &no(&o, 3), r(3, 0), "Dtls.BarCode"),
    ]);
    check_all_formats(&Case { name: "douyin", layout, mapping: DOUYIN_MAP, expected, orders: 10 });
}

fn sorted(mut v: Vec<Found>) -> Vec<Found> {
    v.sort();
    v
}
