//! Every validation code of CONTRACT.md §3 for its target, the two-file join, `filter`,
//! precision loss and exit codes, each on a file built for the rule.

use orderdock_e2e::formats::{Format, write};
use orderdock_e2e::grid::{Grid, V};
use orderdock_e2e::model::{Order, orders};
use orderdock_e2e::platforms::taobao_two_files;
use orderdock_e2e::{Found, csv_file, found, issue, rows, validate};

const MALL_HEADER: &[&str] = &["订单编号", "关联单号", "下单时间", "付款时间", "总数量", "总金额", "实付金额", "优惠", "买家", "收货人", "手机", "来源", "条码", "单价", "数量", "金额"];
const MALL_BASE: &[&str] = &["", "", "2026-11-01 10:30:01", "2026-11-01 10:35:01", "1", "450.00", "450.00", "0", "EZ00001201", "测试", "13122136787", "10", "15026609123", "450", "1", "450"];
const MALL_MAP: &str = r#"{"target": "mall2030", "fields": {
  "ShopCode": {"value": "HQS0001"}, "Code": {"column": "订单编号"}, "OriginalCode": {"column": "关联单号"},
  "OrderTime": {"column": "下单时间"}, "PayTime": {"column": "付款时间"}, "TotalQty": {"column": "总数量"},
  "TotalMoney": {"column": "总金额"}, "PayAmount": {"column": "实付金额"}, "DiscountMoney": {"column": "优惠"},
  "BuyerCode": {"column": "买家"}, "RecvConsignee": {"column": "收货人"}, "RecvMobile": {"column": "手机"},
  "DataOrigin": {"column": "来源"}, "Dtls.BarCode": {"column": "条码"}, "Dtls.PriceSell": {"column": "单价"},
  "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#;

fn sorted(mut v: Vec<Found>) -> Vec<Found> {
    v.sort();
    v
}

/// One order per rule (rows 2..), --now 2026-11-23 12:00 China time.
#[test]
fn every_mall2030_code_is_reported_where_it_belongs() {
    let neg = [("总金额", "-450"), ("实付金额", "-450"), ("总数量", "-1"), ("数量", "-1"), ("金额", "-450")];
    let with = |code: &'static str, extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> { [("订单编号", code)].into_iter().chain(extra.iter().copied()).collect() };
    let records: Vec<Vec<(&str, &str)>> = vec![
        with("A01", &[]),                                                                                            // row 2: good
        with("A02", &[("总数量", "3")]),                                                                             // 3: qty_mismatch
        with("A03", &[("关联单号", "A01"), ("总金额", "-450"), ("总数量", "-1"), ("数量", "-1"), ("金额", "-450")]), // 4: refund_sign (PayAmount ≥ 0)
        with("A04", &[("金额", "500"), ("单价", "500")]),                                                            // 5: mixed signs, line 1 of 2
        with("A04", &[("金额", "-50"), ("单价", "50"), ("数量", "-1")]),                                             // 6: … line 2 (culprit)
        with("A05", &neg),                                                                                           // 7: return_without_original
        with("A06", &[("来源", "13")]),                                                                              // 8: unknown_data_origin
        with("A07", &[("优惠", "-1")]),                                                                              // 9: negative_discount
        with("A08", &[("单价", "-450")]),                                                                            // 10: negative_price
        with("A09", &[("下单时间", "2025-11-23 11:59:59")]),                                                         // 11: a year and a second ago
        with("A10", &[("下单时间", "2025-11-23 12:00:00")]),                                                         // 12: exactly a year: fine
        with("A11", &[("下单时间", "2026-11-23 12:10:00")]),                                                         // 13: 10 minutes ahead: fine
        with("A12", &[("下单时间", "2026-11-23 12:10:01")]),                                                         // 14: too far ahead
        with("A13", &[("总金额", "451.00")]),                                                                        // 15: total_mismatch
        with("A14", &[("数量", "一")]),                                                                              // 16: bad_number
        with("", &[]),                                                                                               // 17: no order number
        with("A16", &[("买家", "a-very-long-buyer-account-name-12345")]),                                            // 18: too_long (36 > 32)
        with("A17", &[("付款时间", "2026-02-30 10:00:00")]),                                                         // 19: bad_datetime
        with("A18", &[("收货人", "")]),                                                                              // 20: required
    ];
    let refs: Vec<&[(&str, &str)]> = records.iter().map(Vec::as_slice).collect();
    let dir = tempfile::tempdir().unwrap();
    // A04's second line must not change its totals: 500 - 50 = 450, 1 - 1 = 0.
    let mut table = rows(MALL_HEADER, MALL_BASE, &refs);
    for r in table.iter_mut().filter(|r| r[0] == "A04") {
        r[4] = "0".into();
    }
    let path = csv_file(dir.path(), "rules.csv", &table);
    let out = validate(&path, MALL_MAP, &[]);
    let report = out.json();
    let expected = sorted(vec![
        issue("qty_mismatch", "A02", 3, "TotalQty"),
        issue("refund_sign", "A03", 4, "PayAmount"),
        issue("refund_sign", "A04", 6, "Dtls.Amount"),
        issue("return_without_original", "A05", 7, "OriginalCode"),
        issue("unknown_data_origin", "A06", 8, "DataOrigin"),
        issue("negative_discount", "A07", 9, "DiscountMoney"),
        issue("negative_price", "A08", 10, "Dtls.PriceSell"),
        issue("sale_time_out_of_range", "A09", 11, "OrderTime"),
        issue("sale_time_out_of_range", "A12", 14, "OrderTime"),
        issue("total_mismatch", "A13", 15, "TotalMoney"),
        issue("bad_number", "A14", 16, "Dtls.Quantity"),
        issue("required", "", 17, "Code"),
        issue("too_long", "A16", 18, "BuyerCode"),
        issue("bad_datetime", "A17", 19, "PayTime"),
        issue("required", "A18", 20, "RecvConsignee"),
    ]);
    assert_eq!(found(&report), expected, "{report:#}");
    let severity = |code: &str| report["issues"].as_array().unwrap().iter().find(|i| i["code"] == code).map(|i| i["severity"].clone());
    assert_eq!(severity("return_without_original"), Some("warning".into()));
    assert_eq!(severity("unknown_data_origin"), Some("warning".into()));
    assert_eq!(severity("total_mismatch"), Some("error".into()));
    assert_eq!((report["orders"].as_u64(), report["lines"].as_u64()), (Some(18), Some(19)));
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64(), report["valid_orders"].as_u64()), (Some(13), Some(2), Some(5)));
    assert_eq!(report["target"], "mall2030");
    assert_eq!(out.code, 1);
    let issue0 = &report["issues"][0];
    assert!(issue0["message"].as_str().is_some_and(|m| !m.is_empty()), "{issue0}");
}

const DM_HEADER: &[&str] = &["订单号", "客户ID", "手机", "下单时间", "总金额", "实付", "优惠", "行号", "商品", "数量", "单价", "小计"];
const DM_BASE: &[&str] = &["", "8888", "13122136787", "2026-11-01 10:30:01", "69.00", "59.00", "10", "L1", "保温杯", "1", "69", "69"];
const DM_MAP: &str = r#"{"target": "dmhub", "fields": {
  "orderNo": {"column": "订单号"}, "customerId": {"column": "客户ID"}, "identities.mobile": {"column": "手机"},
  "dateOrder": {"column": "下单时间"}, "amountTotal": {"column": "总金额"}, "amountPaid": {"column": "实付"},
  "amountDiscount": {"column": "优惠"}, "lines.lineId": {"column": "行号"}, "lines.productName": {"column": "商品"},
  "lines.qty": {"column": "数量"}, "lines.priceUnit": {"column": "单价"}, "lines.priceSubTotal": {"column": "小计"}}}"#;

#[test]
fn every_dmhub_code_is_reported_where_it_belongs() {
    let dir = tempfile::tempdir().unwrap();
    let table = rows(
        DM_HEADER,
        DM_BASE,
        &[
            &[("订单号", "D01")],                                      // 2: good
            &[("订单号", "D02"), ("客户ID", ""), ("手机", "")],        // 3: customer_missing
            &[("订单号", "D03"), ("总金额", "138"), ("实付", "128")],  // 4: duplicate_line, line 1
            &[("订单号", "D03"), ("总金额", "138"), ("实付", "128")],  // 5: … line 2 repeats L1
            &[("订单号", "D04"), ("数量", "2")],                       // 6: subtotal_mismatch (2 × 69 ≠ 69)
            &[("订单号", "D05"), ("总金额", "100")],                   // 7: total_mismatch (100 ≠ 59 + 10)
            &[("订单号", "D06"), ("商品", "")],                        // 8: required
            &[("订单号", "D07"), ("客户ID", "abc")],                   // 9: bad_number
            &[("订单号", "D08"), ("下单时间", "yesterday")],           // 10: bad_datetime
            &[("订单号", "D09"), ("下单时间", "2019-06-22 10:30:01")], // 11: dmhub has no time window
        ],
    );
    let path = csv_file(dir.path(), "deals.csv", &table);
    let out = validate(&path, DM_MAP, &[]);
    let report = out.json();
    let expected = sorted(vec![
        issue("customer_missing", "D02", 3, "customerId"),
        issue("duplicate_line", "D03", 5, "lines.lineId"),
        issue("subtotal_mismatch", "D04", 6, "lines.priceSubTotal"),
        issue("total_mismatch", "D05", 7, "amountTotal"),
        issue("required", "D06", 8, "lines.productName"),
        issue("bad_number", "D07", 9, "customerId"),
        issue("bad_datetime", "D08", 10, "dateOrder"),
    ]);
    assert_eq!(found(&report), expected, "{report:#}");
    let severity = |code: &str| report["issues"].as_array().unwrap().iter().find(|i| i["code"] == code).map(|i| i["severity"].clone());
    assert_eq!(severity("total_mismatch"), Some("warning".into()), "dmhub total_mismatch is a warning");
    assert_eq!(severity("subtotal_mismatch"), Some("warning".into()));
    assert_eq!(severity("duplicate_line"), Some("error".into()));
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64(), report["valid_orders"].as_u64()), (Some(5), Some(2), Some(4)));
    assert_eq!(out.code, 1);
}

#[test]
fn only_warnings_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let table = rows(DM_HEADER, DM_BASE, &[&[("订单号", "D01")], &[("订单号", "D04"), ("数量", "2")], &[("订单号", "D05"), ("总金额", "100")]]);
    let out = validate(&csv_file(dir.path(), "warn.csv", &table), DM_MAP, &[]);
    let report = out.json();
    assert_eq!((report["errors"].as_u64(), report["warnings"].as_u64(), report["valid_orders"].as_u64()), (Some(0), Some(2), Some(3)));
    assert_eq!(out.code, 0);
}

/// A 19-digit number cell (xlsx) and Excel's E-notation text (a re-saved CSV) both lose
/// digits: `precision_lost`, the order named by the text the cell shows.
#[test]
fn long_ids_stored_as_numbers_are_precision_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut grid: Vec<Vec<V>> = vec![MALL_HEADER.iter().map(|h| V::Text(h.to_string())).collect()];
    for (code, as_number) in [("6900012345678901234", true), ("0000128092", false)] {
        grid.push(
            MALL_HEADER
                .iter()
                .zip(MALL_BASE)
                .map(|(h, b)| match *h {
                    "订单编号" if as_number => V::Num(code.into()),
                    "订单编号" => V::Id(code.into()),
                    "下单时间" | "付款时间" => V::time(b),
                    "总数量" | "总金额" | "实付金额" | "优惠" | "来源" | "单价" | "数量" | "金额" => V::num(b),
                    _ => V::text(b),
                })
                .collect(),
        );
    }
    let path = write(&Grid::new(grid), Format::Xlsx, dir.path(), "long");
    let report = validate(&path, MALL_MAP, &[]).json();
    assert_eq!(found(&report), vec![issue("precision_lost", "6.90001E+18", 2, "Code")], "{report:#}");

    let table = rows(MALL_HEADER, MALL_BASE, &[&[("订单编号", "A01"), ("条码", "1.50266E+10")]]);
    let report = validate(&csv_file(dir.path(), "resaved.csv", &table), MALL_MAP, &[]).json();
    assert_eq!(found(&report), vec![issue("precision_lost", "A01", 2, "Dtls.BarCode")], "{report:#}");
}

const TWO_FILE_MAP: &str = r#"{"target": "mall2030",
 "lines_from": {"key": "订单编号"},
 "filter": {"column": "订单状态", "in": ["交易成功"]},
 "fields": {
  "ShopCode": {"value": "TB0001"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "订单创建时间"},
  "PayTime": {"column": "订单付款时间"}, "TotalMoney": {"column": "总金额"}, "TotalQty": {"column": "宝贝总数量"},
  "BuyerCode": {"column": "买家会员名"}, "RecvConsignee": {"column": "收货人姓名"}, "RecvMobile": {"column": "联系手机"},
  "DataOrigin": {"value": 10}, "Dtls.BarCode": {"column": "商家编码"}, "Dtls.PriceSell": {"column": "价格"},
  "Dtls.Quantity": {"column": "购买数量"}, "Dtls.Amount": {"column": "价格"}}}"#;

/// Taobao's old order report + item report (GBK CSV with `="..."` and `'` phones, and xlsx),
/// joined with `--lines`; a closed order is filtered out; an order without items is `no_lines`.
#[test]
fn two_file_export_joins_filters_and_finds_orders_without_lines() {
    // The item report has no line amount: one piece per line, so the price is the amount.
    let mut o: Vec<Order> = orders(8, |i| format!("19{:016}", 4_512_345_678_901u64 + i as u64));
    for x in &mut o {
        for l in &mut x.lines {
            l.qty = "1".into();
            l.amount = l.price.clone();
        }
        x.recompute();
    }
    o[5].status = "交易关闭".into();
    let (mut main, mut items) = taobao_two_files(&o);
    // The old order report's headers carry trailing spaces.
    for h in &mut main.grid.rows[0] {
        *h = V::Text(format!("{} ", h.shown()));
    }
    // Order 3's items are missing from the item report.
    let gone: Vec<usize> = items.rows[3].iter().map(|r| *r as usize - 1).collect();
    items.grid.rows = items.grid.rows.into_iter().enumerate().filter(|(i, _)| !gone.contains(i)).map(|(_, r)| r).collect();
    let lines: usize = o.iter().enumerate().filter(|(i, _)| *i != 3 && *i != 5).map(|(_, x)| x.lines.len()).sum();
    for format in [Format::CsvGb, Format::Xlsx] {
        let dir = tempfile::tempdir().unwrap();
        let main_path = write(&main.grid, format, dir.path(), "ExportOrderList");
        let items_path = write(&items.grid, format, dir.path(), "ExportOrderDetailList");
        let out = validate(&main_path, TWO_FILE_MAP, &["--lines", items_path.to_str().unwrap()]);
        let report = out.json();
        let got: Vec<(String, String, u64)> = found(&report).into_iter().map(|(c, o, r, _)| (c, o, r)).collect();
        assert_eq!(got, vec![("no_lines".to_string(), o[3].no.clone(), main.row(3, 0) as u64)], "{format:?}: {report:#}");
        assert_eq!((report["orders"].as_u64(), report["lines"].as_u64(), report["valid_orders"].as_u64()), (Some(7), Some(lines as u64), Some(6)), "{format:?}");
        assert_eq!(out.code, 1);
    }
}

/// Blank and white-space-only rows are skipped but still counted in row numbers.
#[test]
fn blank_rows_are_skipped_and_rows_keep_their_sheet_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut table = rows(MALL_HEADER, MALL_BASE, &[&[("订单编号", "A01")], &[("订单编号", "A02"), ("总金额", "451")]]);
    table.insert(2, vec![String::new(); MALL_HEADER.len()]);
    table.insert(3, vec!["  ".to_string(); MALL_HEADER.len()]);
    let report = validate(&csv_file(dir.path(), "blank.csv", &table), MALL_MAP, &[]).json();
    assert_eq!(found(&report), vec![issue("total_mismatch", "A02", 5, "TotalMoney")], "{report:#}");
    assert_eq!(report["orders"], 2);
}
