//! The pipeline after reading (map → assemble → validate → payload) on tables built in
//! code: one test per rule of CONTRACT.md §3, and the payload shapes.

use chrono::{DateTime, Utc};
use orderdock_core::assemble::{Tables, group};
use orderdock_core::fields::Target;
use orderdock_core::mapping::Mapping;
use orderdock_core::messages::Lang;
use orderdock_core::payload::bodies;
use orderdock_core::session::Session;
use orderdock_core::table::{Cell, Table};
use orderdock_core::validate::{Code, Report, Severity, validate};
use serde_json::Value;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T12:00:00+08:00").unwrap().with_timezone(&Utc)
}

/// A table whose header is on row 1 and data from row 2; `""` is an empty cell.
fn table(header: &[&str], rows: &[&[&str]]) -> Table {
    let cells = rows.iter().flat_map(|r| r.iter().map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text(s.into()) })).collect();
    Table { sheet: "Sheet1".into(), header_row: 1, columns: header.iter().map(|s| s.to_string()).collect(), cells, row_numbers: (2..2 + rows.len() as u32).collect() }
}

struct Run {
    report: Report,
    bodies: Vec<Value>,
}

fn run(mapping: &str, main: &Table, lines: Option<&Table>) -> Run {
    let m = Mapping::from_json(mapping).unwrap();
    let b = m.bind(main, lines).unwrap();
    let t = Tables { main, lines };
    let orders = group(&b, t);
    let report = validate(&b, t, &orders, now());
    let bodies = bodies(&b, t, &orders, &report.valid, now());
    Run { report, bodies }
}

/// `(code, order, row, field)` of every issue.
fn found(r: &Report) -> Vec<(Code, String, u32, Option<String>)> {
    r.issues.iter().map(|i| (i.code, i.order.clone(), i.row, i.field.clone())).collect()
}

fn issue(code: Code, order: &str, row: u32, field: &str) -> (Code, String, u32, Option<String>) {
    (code, order.into(), row, Some(field.into()))
}

const MALL: &str = r#"{"target": "mall2030", "fields": {
  "ShopCode": {"value": "HQS0001"}, "Code": {"column": "订单编号"}, "OriginalCode": {"column": "关联单号"},
  "OrderTime": {"column": "下单时间"}, "TotalQty": {"column": "总数量"}, "TotalMoney": {"column": "总金额"},
  "PayTime": {"column": "付款时间"}, "BuyerCode": {"column": "买家"}, "DiscountMoney": {"column": "优惠"},
  "RecvConsignee": {"column": "收货人"}, "RecvMobile": {"column": "手机"}, "DataOrigin": {"column": "来源"},
  "Dtls.BarCode": {"column": "条码"}, "Dtls.PriceSell": {"column": "单价"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#;

const MALL_HEADER: &[&str] = &["订单编号", "关联单号", "下单时间", "总数量", "总金额", "付款时间", "买家", "优惠", "收货人", "手机", "来源", "条码", "单价", "数量", "金额"];

/// A good 2030 order line: `overrides` replace cells by header name.
fn mall_row(code: &str, overrides: &[(&str, &str)]) -> Vec<String> {
    let base = ["", "", "2026-11-01 10:30:01", "1", "450.00", "2026-11-01 10:35:01", "EZ00001201", "0", "测试", "13122136787", "10", "15026609123", "450", "1", "450"];
    MALL_HEADER
        .iter()
        .zip(base)
        .map(|(h, v)| overrides.iter().find(|(k, _)| k == h).map(|(_, o)| o.to_string()).unwrap_or_else(|| if *h == "订单编号" { code.to_string() } else { v.to_string() }))
        .collect()
}

fn mall_table(rows: &[Vec<String>]) -> Table {
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    table(MALL_HEADER, &refs)
}

#[test]
fn a_good_2030_order_has_no_issue_and_the_exact_body() {
    let r = run(MALL, &mall_table(&[mall_row("0000128092", &[])]), None);
    assert_eq!(found(&r.report), vec![]);
    assert_eq!((r.report.orders, r.report.lines, r.report.valid_orders), (1, 1, 1));
    let body = r.bodies[0].to_string();
    assert_eq!(
        body,
        r#"[{"ShopCode":"HQS0001","Code":"0000128092","OrderTime":"2026-11-01 10:30:01","TotalQty":1,"TotalMoney":450.00,"PayTime":"2026-11-01 10:35:01","BuyerCode":"EZ00001201","DiscountMoney":0.00,"RecvConsignee":"测试","RecvMobile":"13122136787","DataOrigin":10,"Dtls":[{"BarCode":"15026609123","PriceSell":450.00,"Quantity":1,"Amount":450.00}]}]"#
    );
}

#[test]
fn every_2030_rule() {
    let rows = vec![
        mall_row("A1", &[("买家", "")]),                                                                          // row 2: required
        mall_row("A2", &[("收货人", &"长".repeat(33))]),                                                          // row 3: too_long (33 > 32)
        mall_row("A3", &[("总金额", "四百五")]),                                                                  // row 4: bad_number
        mall_row("A4", &[("下单时间", "2026-13-01")]),                                                            // row 5: bad_datetime
        mall_row("1.23457E+18", &[]),                                                                             // row 6: precision_lost
        mall_row("A6", &[("总金额", "440")]),                                                                     // row 7: total_mismatch
        mall_row("A7", &[("总数量", "2")]),                                                                       // row 8: qty_mismatch
        mall_row("A8", &[("下单时间", "2025-11-23 11:59:59")]),                                                   // row 9: older than a year
        mall_row("A9", &[("下单时间", "2026-11-23 12:10:01")]),                                                   // row 10: > 10 minutes ahead
        mall_row("A10", &[("优惠", "-1")]),                                                                       // row 11: negative_discount
        mall_row("A11", &[("关联单号", "A1"), ("总金额", "0"), ("金额", "0"), ("数量", "-1"), ("总数量", "-1")]), // row 12: refund_sign (a return of 0.00)
        mall_row("A12", &[("单价", "-450")]),                                                                     // row 13: negative_price
        mall_row("A13", &[("总金额", "-450"), ("金额", "-450"), ("数量", "-1"), ("总数量", "-1")]),               // row 14: return_without_original
        mall_row("A14", &[("来源", "1")]),                                                                        // row 15: unknown_data_origin
        mall_row("A15", &[("条码", "1"), ("数量", "1"), ("金额", "225"), ("总金额", "450"), ("总数量", "2")]),    // rows 16-17: inconsistent_order
        mall_row("A15", &[("条码", "2"), ("数量", "1"), ("金额", "225"), ("总金额", "450"), ("总数量", "2"), ("买家", "别人")]),
        mall_row("A16", &[("条码", ""), ("单价", ""), ("数量", ""), ("金额", "")]), // row 18: no_lines
    ];
    let r = run(MALL, &mall_table(&rows), None);
    assert_eq!(
        found(&r.report),
        vec![
            issue(Code::Required, "A1", 2, "BuyerCode"),
            issue(Code::TooLong, "A2", 3, "RecvConsignee"),
            issue(Code::BadNumber, "A3", 4, "TotalMoney"),
            issue(Code::BadDatetime, "A4", 5, "OrderTime"),
            issue(Code::PrecisionLost, "1.23457E+18", 6, "Code"),
            issue(Code::TotalMismatch, "A6", 7, "TotalMoney"),
            issue(Code::QtyMismatch, "A7", 8, "TotalQty"),
            issue(Code::SaleTimeOutOfRange, "A8", 9, "OrderTime"),
            issue(Code::SaleTimeOutOfRange, "A9", 10, "OrderTime"),
            issue(Code::NegativeDiscount, "A10", 11, "DiscountMoney"),
            issue(Code::RefundSign, "A11", 12, "TotalMoney"),
            issue(Code::NegativePrice, "A12", 13, "Dtls.PriceSell"),
            issue(Code::ReturnWithoutOriginal, "A13", 14, "OriginalCode"),
            issue(Code::UnknownDataOrigin, "A14", 15, "DataOrigin"),
            issue(Code::InconsistentOrder, "A15", 17, "BuyerCode"),
            (Code::NoLines, "A16".into(), 18, None),
        ]
    );
    assert_eq!(r.report.warnings, 2);
    assert_eq!(r.report.valid_orders, 2, "only the warned orders are valid");
    assert!(r.report.issues.iter().all(|i| !i.message(orderdock_core::fields::Target::Mall2030, Default::default()).is_empty()));
}

#[test]
fn the_year_window_is_a_calendar_year_to_the_second() {
    let rows = vec![mall_row("B1", &[("下单时间", "2025-11-23 12:00:00")]), mall_row("B2", &[("下单时间", "2026-11-23 12:10:00")])];
    let r = run(MALL, &mall_table(&rows), None);
    assert_eq!(found(&r.report), vec![]);
}

#[test]
fn mixed_signs_without_original_code() {
    let rows = vec![mall_row("C1", &[("数量", "-1")])];
    let r = run(MALL, &mall_table(&rows), None);
    assert_eq!(found(&r.report).iter().map(|i| i.0).collect::<Vec<_>>(), vec![Code::QtyMismatch, Code::RefundSign]);
}

#[test]
fn batches_hold_at_most_100_orders_of_one_shop() {
    let header = ["订单编号", "店铺", "时间", "数量", "金额", "买家", "收货人", "手机", "条码"];
    let rows: Vec<Vec<String>> = (0..250)
        .map(|i| vec![format!("N{i:04}"), if i % 2 == 0 { "S1" } else { "S2" }.into(), "2026-11-01 10:00".into(), "1".into(), "9.9".into(), "b".into(), "c".into(), "138".into(), "x".into()])
        .collect();
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let m = r#"{"target": "mall2030", "fields": {"ShopCode": {"column": "店铺"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "时间"},
      "PayTime": {"column": "时间"}, "TotalQty": {"derive": "sum"}, "TotalMoney": {"derive": "sum"}, "BuyerCode": {"column": "买家"},
      "RecvConsignee": {"column": "收货人"}, "RecvMobile": {"column": "手机"}, "Dtls.BarCode": {"column": "条码"},
      "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#;
    let r = run(m, &table(&header, &refs), None);
    assert_eq!(r.report.errors, 0);
    let sizes: Vec<(usize, String)> = r.bodies.iter().map(|b| (b.as_array().unwrap().len(), b[0]["ShopCode"].as_str().unwrap().to_string())).collect();
    assert_eq!(sizes, [(100, "S1".into()), (25, "S1".into()), (100, "S2".into()), (25, "S2".into())]);
    assert!(r.bodies.iter().all(|b| b.as_array().unwrap().iter().all(|o| o["ShopCode"] == b[0]["ShopCode"])));
    assert_eq!(r.bodies[0][0]["TotalMoney"].to_string(), "9.90");
}

const DMHUB: &str = r#"{"target": "dmhub", "timezone": "Asia/Shanghai", "fields": {
  "customerId": {"column": "客户"}, "identities.mobile": {"column": "手机"}, "orderNo": {"column": "订单号"},
  "amountTotal": {"column": "总额"}, "amountPaid": {"column": "实付"}, "amountDiscount": {"column": "优惠"},
  "couponCode": {"column": "券"}, "dateOrder": {"column": "时间"}, "custom.attr1": {"value": "x"},
  "lines.lineId": {"column": "行"}, "lines.productName": {"column": "品名"}, "lines.qty": {"column": "数量"},
  "lines.priceUnit": {"column": "单价"}, "lines.priceSubTotal": {"column": "小计"}, "lines.custom.color": {"column": "颜色"}}}"#;
const DM_HEADER: &[&str] = &["客户", "手机", "订单号", "总额", "实付", "优惠", "券", "时间", "行", "品名", "数量", "单价", "小计", "颜色"];

#[test]
fn a_good_deal_and_every_dmhub_rule() {
    let rows: &[&[&str]] = &[
        &["90840682394599424", "", "11122233344455", "69", "59", "10", "222", "2019-06-22 10:30:01", "L1", "啤酒", "1", "69", "69", "红"], // 2: good
        &["", "", "D2", "69", "69", "", "", "2019-06-22 10:30:01", "L1", "啤酒", "1", "69", "69", ""],                                     // 3: customer_missing
        &["8", "", "D3", "70", "59", "10", "", "2019-06-22 10:30:01", "L1", "啤酒", "1", "69", "69", ""],                                  // 4: total_mismatch (warning)
        &["8", "", "D4", "", "59", "", "", "2019-06-22 10:30:01", "L1", "啤酒", "1", "69", "69", ""],                                      // 5-6: duplicate_line
        &["8", "", "D4", "", "59", "", "", "2019-06-22 10:30:01", "L1", "啤酒", "1", "69", "69", ""],
        &["8", "", "D5", "", "59", "", "", "2019-06-22 10:30:01", "L1", "啤酒", "2", "69", "69", ""], // 7: subtotal_mismatch (warning)
        &["8.5", "", "D6", "", "59", "", "", "2019-06-22 10:30:01", "L1", "啤酒", "1", "69", "69", ""], // 8: bad_number (customerId)
        &["", "13800000000", "D7", "", "", "", "", "", "", "啤酒", "1", "69", "69", ""],              // 9: required ×3
    ];
    let r = run(DMHUB, &table(DM_HEADER, rows), None);
    assert_eq!(
        found(&r.report),
        vec![
            issue(Code::CustomerMissing, "D2", 3, "customerId"),
            issue(Code::TotalMismatch, "D3", 4, "amountTotal"),
            issue(Code::DuplicateLine, "D4", 6, "lines.lineId"),
            issue(Code::SubtotalMismatch, "D5", 7, "lines.priceSubTotal"),
            issue(Code::BadNumber, "D6", 8, "customerId"),
            issue(Code::Required, "D7", 9, "amountPaid"),
            issue(Code::Required, "D7", 9, "dateOrder"),
            issue(Code::Required, "D7", 9, "lines.lineId"),
        ]
    );
    assert_eq!(r.report.issues[1].severity, Severity::Warning);
    assert_eq!(r.report.valid_orders, 3);
    let deal = r.bodies[0].to_string();
    assert_eq!(
        deal,
        r#"{"customerId":90840682394599424,"orderNo":"11122233344455","amountTotal":69.00,"amountPaid":59.00,"amountDiscount":10.00,"counponCode":"222","couponCode":"222","dateOrder":"2019-06-22T02:30:01Z","attr1":"x","lines":[{"lineId":"L1","productName":"啤酒","qty":1,"priceUnit":69.00,"priceSubTotal":69.00,"color":"红"}]}"#
    );
}

#[test]
fn identities_become_customer_identities() {
    let rows: &[&[&str]] = &[&["", "13800000000", "D1", "", "5", "", "", "2019-06-22 10:30:01", "L1", "啤酒", "1", "", "", ""]];
    let r = run(DMHUB, &table(DM_HEADER, rows), None);
    assert_eq!(found(&r.report), vec![]);
    assert_eq!(r.bodies[0]["customerIdentities"].to_string(), r#"[{"identityType":"mobile","identityValue":"13800000000"}]"#);
}

#[test]
fn two_file_exports_join_items_on_the_order_number_and_filter_keeps_chosen_rows() {
    let orders = table(
        &["订单编号", "订单状态", "付款时间", "总金额"],
        &[&["T1", "交易成功", "2019-06-22 10:30", "30"], &["T2", "交易关闭", "2019-06-22 10:30", "5"], &["T3", "交易成功", "2019-06-22 10:30", "1"]],
    );
    let items = table(&["订单编号", "标题", "购买数量", "价格"], &[&["T1", "杯子", "1", "10"], &["T2", "碗", "1", "5"], &["T1", "盘子", "2", "10"]]);
    let m = r#"{"target": "dmhub", "filter": {"column": "订单状态", "in": ["交易成功"]}, "lines_from": {"key": "订单编号"}, "fields": {
      "identities.taobao": {"value": "nick"}, "orderNo": {"column": "订单编号"}, "amountPaid": {"column": "总金额"}, "dateOrder": {"column": "付款时间"},
      "lines.lineId": {"column": "标题"}, "lines.productName": {"column": "标题"}, "lines.qty": {"column": "购买数量"}, "lines.priceUnit": {"column": "价格"}}}"#;
    let r = run(m, &orders, Some(&items));
    assert_eq!((r.report.orders, r.report.lines), (2, 2));
    assert_eq!(found(&r.report), vec![(Code::NoLines, "T3".into(), 4, None)]);
    assert_eq!(r.bodies.len(), 1);
    assert_eq!(r.bodies[0]["lines"].as_array().unwrap().len(), 2);
}

#[test]
fn a_required_field_the_mapping_leaves_out_is_required_on_every_order_and_line() {
    let m = MALL.replace(r#""ShopCode": {"value": "HQS0001"}, "#, "").replace(r#", "Dtls.Amount": {"column": "金额"}"#, "");
    let r = run(&m, &mall_table(&[mall_row("E1", &[])]), None);
    assert_eq!(found(&r.report), vec![issue(Code::Required, "E1", 2, "ShopCode"), issue(Code::Required, "E1", 2, "Dtls.Amount")]);
    assert_eq!(r.report.issues[0].column, None);
    // No cell can be filled in to fix it: the message sends the merchant back to the mapping.
    assert_eq!(r.report.issues[0].message(Target::Mall2030, Lang::Zh), "「渠道代码」没有对应到表格里的哪一列：请回到「对应字段」选择它来自哪一列");
    // The preview shows it on the order's row, without a column but with the field to map.
    let mut s = Session::new(mall_table(&[mall_row("E1", &[])]), None, &Mapping::from_json(&m).unwrap(), Lang::Zh, now()).unwrap();
    let row = &s.page(0, 1, true, None).rows[0];
    let shop = row.issues.iter().find(|i| i.field.as_deref() == Some("ShopCode")).unwrap();
    assert_eq!((shop.column, shop.code), (None, Code::Required));
}

#[test]
fn repeated_order_rows_agree_as_typed_values() {
    // A CSV whose repeated order cells are formatted differently on each row.
    let rows = vec![
        mall_row("F1", &[("总金额", "180.10"), ("下单时间", "2026/9/26 8:17"), ("数量", "1"), ("金额", "90.05"), ("总数量", "2")]),
        mall_row("F1", &[("总金额", "180.1"), ("下单时间", "2026-09-26 08:17:00"), ("数量", "1"), ("金额", "90.05"), ("总数量", "2")]),
        mall_row("F1", &[("总金额", "180.09999999999999"), ("下单时间", "2026-09-26 08:17"), ("数量", "0"), ("金额", "0"), ("总数量", "2.0")]),
    ];
    let r = run(MALL, &mall_table(&rows), None);
    assert_eq!(found(&r.report), vec![]);
    // Different values still disagree.
    let rows = vec![mall_row("F2", &[("总金额", "180.10"), ("金额", "90.05"), ("总数量", "2")]), mall_row("F2", &[("总金额", "180.11"), ("金额", "90.05"), ("总数量", "2")])];
    let r = run(MALL, &mall_table(&rows), None);
    assert!(found(&r.report).contains(&issue(Code::InconsistentOrder, "F2", 3, "TotalMoney")), "{:?}", found(&r.report));
}

#[test]
fn a_line_amount_from_price_times_quantity_is_exact() {
    let m = MALL.replace(r#""Dtls.Amount": {"column": "金额"}"#, r#""Dtls.Amount": {"derive": "price_x_qty"}"#);
    let rows = vec![mall_row("G1", &[("单价", "19.90"), ("数量", "3"), ("总数量", "3"), ("总金额", "59.70"), ("金额", "")])];
    let r = run(&m, &mall_table(&rows), None);
    assert_eq!(found(&r.report), vec![]);
    assert_eq!(r.bodies[0][0]["Dtls"][0]["Amount"].to_string(), "59.70");
    // No price: the amount is missing, and said so.
    let rows = vec![mall_row("G2", &[("单价", ""), ("金额", "")])];
    let r = run(&m, &mall_table(&rows), None);
    assert_eq!(found(&r.report), vec![issue(Code::Required, "G2", 2, "Dtls.Amount")]);
}

#[test]
fn a_column_named_with_its_trailing_space_is_found() {
    let m = MALL.replace(r#"{"column": "付款时间"}"#, r#"{"column": "付款时间 "}"#);
    let r = run(&m, &mall_table(&[mall_row("H1", &[])]), None);
    assert_eq!(found(&r.report), vec![]);
}

#[test]
fn a_sixteen_digit_number_cell_has_lost_a_digit() {
    let mut t = mall_table(&[mall_row("x", &[])]);
    let code = t.column_index("订单编号").unwrap();
    t.cells[code] = Cell::Number(1234567890123456.0);
    let r = run(MALL, &t, None);
    assert_eq!(found(&r.report), vec![issue(Code::PrecisionLost, "1234567890123456", 2, "Code")]);
}

#[test]
fn without_a_filter_a_cancelled_order_is_warned_about() {
    let header = [MALL_HEADER, &["订单状态", "售后状态"]].concat();
    let mut rows: Vec<Vec<String>> = vec![mall_row("S1", &[]), mall_row("S2", &[]), mall_row("S3", &[]), mall_row("S4", &[])];
    for (r, (status, after)) in rows.iter_mut().zip([("交易成功", "没有申请退款"), ("交易关闭", "没有申请退款"), ("交易成功", "退款成功"), ("卖家已发货，等待买家确认", "退款关闭")])
    {
        r.extend([status.to_string(), after.to_string()]);
    }
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let r = run(MALL, &table(&header, &refs), None);
    let warned: Vec<(String, u32, Option<String>, Severity)> = r.report.issues.iter().map(|i| (i.order.clone(), i.row, i.column.clone(), i.severity)).collect();
    assert_eq!(warned, [("S2".into(), 3, Some("订单状态".into()), Severity::Warning), ("S3".into(), 4, Some("售后状态".into()), Severity::Warning)]);
    assert!(r.report.issues.iter().all(|i| i.code == Code::OrderNotCompleted));
    // With a filter, the status columns are the filter's business.
    let filtered = MALL.replace(r#"{"target": "mall2030", "fields""#, r#"{"target": "mall2030", "filter": {"column": "订单状态", "in": ["交易成功"]}, "fields""#);
    let r = run(&filtered, &table(&header, &refs), None);
    assert_eq!((r.report.orders, found(&r.report)), (2, vec![]));
}

#[test]
fn sums_and_products_out_of_range_are_bad_numbers_not_panics() {
    const HUGE: &str = "79228162514264337593543950335"; // rust_decimal's largest value
    let sum = MALL.replace(r#""TotalMoney": {"column": "总金额"}"#, r#""TotalMoney": {"derive": "sum"}"#);
    let rows = vec![mall_row("O1", &[("金额", HUGE), ("总数量", "2")]), mall_row("O1", &[("金额", HUGE), ("总数量", "2")])];
    let r = run(&sum, &mall_table(&rows), None);
    assert!(found(&r.report).contains(&issue(Code::BadNumber, "O1", 2, "TotalMoney")), "{:?}", found(&r.report));
    let product = MALL.replace(r#""Dtls.Amount": {"column": "金额"}"#, r#""Dtls.Amount": {"derive": "price_x_qty"}"#);
    let rows = vec![mall_row("O2", &[("单价", HUGE), ("数量", "2"), ("总数量", "2")])];
    let r = run(&product, &mall_table(&rows), None);
    assert!(found(&r.report).contains(&issue(Code::BadNumber, "O2", 2, "Dtls.Amount")), "{:?}", found(&r.report));
    let qty = MALL.replace(r#""TotalQty": {"column": "总数量"}"#, r#""TotalQty": {"derive": "sum"}"#);
    let rows = vec![mall_row("O3", &[("数量", &i64::MAX.to_string())]), mall_row("O3", &[("数量", "1")])];
    let r = run(&qty, &mall_table(&rows), None);
    assert!(found(&r.report).contains(&issue(Code::BadNumber, "O3", 2, "TotalQty")), "{:?}", found(&r.report));
}

proptest::proptest! {
    /// Whatever the cells hold, checking an order never panics and every issue points at
    /// one of its rows.
    #[test]
    fn checking_any_cells_never_panics(cells in proptest::collection::vec(proptest::option::of("\\PC{0,30}|-?[0-9]{1,30}(\\.[0-9]{1,30})?|[0-9.E+]{1,12}"), MALL_HEADER.len() * 2)) {
        let rows: Vec<Vec<String>> = cells.chunks(MALL_HEADER.len()).map(|r| r.iter().enumerate().map(|(i, c)| if i == 0 { "P1".to_string() } else { c.clone().unwrap_or_default() }).collect()).collect();
        for mapping in [MALL.to_string(), MALL.replace(r#""Dtls.Amount": {"column": "金额"}"#, r#""Dtls.Amount": {"derive": "price_x_qty"}"#).replace(r#""TotalMoney": {"column": "总金额"}"#, r#""TotalMoney": {"derive": "sum"}"#)] {
            let r = run(&mapping, &mall_table(&rows), None);
            proptest::prop_assert!(r.report.issues.iter().all(|i| (2..=3).contains(&i.row)));
        }
    }
}
