use chrono::{DateTime, Utc};

use super::*;
use crate::mapping::Mapping;
use crate::session::EXCLUDED_COLUMN;
use crate::table::Table;

const COLUMNS: [&str; 14] = ["订单编号", "下单时间", "付款时间", "订单总金额", "总数量", "优惠金额", "收货人", "手机", "联系电话", "商品条码", "数量", "金额", "运费", "备注"];

/// A row of [`COLUMNS`]: a valid one-line order `no` (10.00, quantity 1) with `set` applied.
fn row(no: &str, set: &[(&str, &str)]) -> Vec<String> {
    let mut r: Vec<String> = ["", "2026-02-01 10:00:00", "2026-02-01 10:05:00", "10", "1", "", "张三", "13800000000", "", "x1", "1", "10", "", ""].iter().map(|s| s.to_string()).collect();
    r[0] = no.to_string();
    for (column, value) in set {
        let c = COLUMNS.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"));
        r[c] = value.to_string();
    }
    r
}

fn text(v: &str) -> Cell {
    if v.is_empty() { Cell::Empty } else { Cell::Text(v.into()) }
}

fn table(columns: &[&str], rows: &[Vec<String>]) -> Table {
    Table {
        sheet: "s".into(),
        header_row: 1,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        cells: rows.iter().flat_map(|r| r.iter().map(|v| text(v))).collect(),
        row_numbers: (2..2 + rows.len() as u32).collect(),
    }
}

const FIELDS: &str = r#""ShopCode": {"value": "S1"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
    "PayTime": {"column": "付款时间"}, "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"column": "总数量"},
    "DiscountMoney": {"column": "优惠金额"}, "BuyerCode": {"value": "b"}, "RecvConsignee": {"column": "收货人"},
    "RecvMobile": {"column": "手机"}, "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"},
    "Dtls.Amount": {"column": "金额"}"#;

fn now() -> DateTime<Utc> {
    "2026-03-01T00:00:00Z".parse().unwrap()
}

fn session(rows: &[Vec<String>]) -> Session {
    let mapping = Mapping::from_json(&format!(r#"{{"target": "mall2030", "fields": {{{FIELDS}}}}}"#)).unwrap();
    Session::new(table(&COLUMNS, rows), None, &mapping, Lang::En, now()).unwrap()
}

fn count(s: &Session, code: Code) -> usize {
    s.issues().filter(|i| i.code == code).count()
}

fn offer(s: &Session, code: Code) -> Offer {
    s.fix_offers().into_iter().find(|o| o.code == code).unwrap_or_else(|| panic!("no offer for {code:?}"))
}

fn cell(s: &Session, row: usize, column: &str) -> String {
    let c = COLUMNS.iter().position(|h| *h == column).unwrap();
    s.corrected_table().row(row)[c].display()
}

/// Apply `fix`, check it removed every `code` issue, then undo it in one step and check
/// the session is as before.
fn applies_and_undoes(mut s: Session, fix: Fix, code: Code) -> (Session, Applied) {
    let before = s.summary();
    assert!(count(&s, code) > 0);
    let applied = s.apply_fix(fix);
    assert!(!applied.changes.is_empty(), "{fix:?} changed nothing");
    assert_eq!(applied.summary, s.summary());
    assert_eq!(s.edits(), applied.changes.iter().map(Change::edit).collect::<Vec<_>>());
    let after = (s.summary(), s.edits());
    let mut undone = s;
    assert!(undone.undo().is_some());
    assert_eq!(undone.summary(), before, "one undo takes {fix:?} back whole");
    assert!(undone.edits().is_empty());
    assert!(undone.undo().is_none());
    // Re-applied after the undo, it does the same again.
    let again = undone.apply_fix(fix);
    assert_eq!((undone.summary(), undone.edits()), after);
    assert_eq!(again.changes, applied.changes);
    (undone, applied)
}

#[test]
fn totals_become_the_line_sum_on_every_row_of_the_order() {
    let rows = vec![
        row("A", &[("订单总金额", "35"), ("总数量", "2"), ("金额", "10")]),
        row("A", &[("订单总金额", "35"), ("总数量", "2"), ("商品条码", "x2"), ("金额", "20")]),
        row("B", &[("订单总金额", "9.5")]),
        row("C", &[]),
    ];
    let s = session(&rows);
    let o = offer(&s, Code::TotalMismatch);
    assert_eq!((o.orders, o.excludable), (2, 2));
    assert_eq!(o.fixes.len(), 1);
    let p = &o.fixes[0];
    assert_eq!((p.fix, p.orders, p.cells), (Fix::TotalFromLines, 2, 3));
    assert_eq!((p.examples[0].before.as_str(), p.examples[0].after.as_str(), p.examples[0].row), ("35", "30.00", 2));
    let (s, applied) = applies_and_undoes(s, Fix::TotalFromLines, Code::TotalMismatch);
    assert_eq!(count(&s, Code::TotalMismatch), 0);
    assert_eq!(applied.orders, 2);
    assert_eq!([cell(&s, 0, "订单总金额"), cell(&s, 1, "订单总金额"), cell(&s, 2, "订单总金额")], ["30.00", "30.00", "10.00"]);
    assert_eq!(s.summary().errors, 0);
}

#[test]
fn a_difference_that_an_unmapped_column_explains_is_not_changed() {
    // A: the total includes 5.00 postage the lines do not; B: a plain mismatch.
    let rows = vec![row("A", &[("订单总金额", "15"), ("运费", "5")]), row("B", &[("订单总金额", "12")])];
    let mut s = session(&rows);
    let o = offer(&s, Code::TotalMismatch);
    assert_eq!(o.fixes[0].orders, 1);
    assert_eq!(o.notes.len(), 1);
    assert!(o.notes[0].text.contains("\"运费\""), "{}", o.notes[0].text);
    assert_eq!((o.notes[0].orders, o.notes[0].map.clone()), (1, None));
    s.apply_fix(Fix::TotalFromLines);
    assert_eq!(cell(&s, 0, "订单总金额"), "15");
    // The fix never hides what it did not solve: A still shows its mismatch.
    assert_eq!(s.issues().filter(|i| i.code == Code::TotalMismatch).map(|i| i.order.as_str()).collect::<Vec<_>>(), ["A"]);
}

#[test]
fn an_unmapped_discount_column_is_offered_for_mapping() {
    let fields = FIELDS.replace(r#""DiscountMoney": {"column": "优惠金额"}, "#, "");
    let mapping = Mapping::from_json(&format!(r#"{{"target": "mall2030", "fields": {{{fields}}}}}"#)).unwrap();
    let rows = vec![row("A", &[("订单总金额", "8"), ("优惠金额", "2")])];
    let s = Session::new(table(&COLUMNS, &rows), None, &mapping, Lang::En, now()).unwrap();
    let o = offer(&s, Code::TotalMismatch);
    assert!(o.fixes.is_empty());
    assert_eq!(o.notes[0].map, Some(MapHint { field: "DiscountMoney".into(), column: "优惠金额".into() }));
}

#[test]
fn dmhub_totals_become_paid_plus_discount() {
    let mapping = Mapping::from_json(
        r#"{"target": "dmhub", "fields": {"orderNo": {"column": "订单编号"}, "dateOrder": {"column": "下单时间"}, "amountPaid": {"column": "金额"},
            "amountTotal": {"column": "订单总金额"}, "amountDiscount": {"column": "优惠金额"}, "identities.mobile": {"column": "手机"},
            "lines.lineId": {"column": "商品条码"}, "lines.productName": {"column": "商品条码"}, "lines.qty": {"column": "数量"}}}"#,
    )
    .unwrap();
    let rows = vec![row("A", &[("订单总金额", "13"), ("优惠金额", "2")])];
    let mut s = Session::new(table(&COLUMNS, &rows), None, &mapping, Lang::En, now()).unwrap();
    assert_eq!(count(&s, Code::TotalMismatch), 1);
    let applied = s.apply_fix(Fix::TotalFromLines);
    assert_eq!((applied.changes[0].after.as_str(), applied.title.as_str()), ("12.00", "Set the order total to amount paid plus discount"));
    assert_eq!(count(&s, Code::TotalMismatch), 0);
}

#[test]
fn total_quantity_becomes_the_line_sum() {
    let rows = vec![row("A", &[("总数量", "3")]), row("A", &[("总数量", "3"), ("商品条码", "x2"), ("金额", "0")]), row("B", &[])];
    let (s, applied) = applies_and_undoes(session(&rows), Fix::QtyFromLines, Code::QtyMismatch);
    assert_eq!(applied.changes.iter().map(|c| c.after.as_str()).collect::<Vec<_>>(), ["2", "2"]);
    assert_eq!(count(&s, Code::QtyMismatch), 0);
}

#[test]
fn a_negative_discount_becomes_zero_or_a_surcharge() {
    let rows = vec![row("A", &[("优惠金额", "-5")]), row("B", &[("优惠金额", "-1.5"), ("订单总金额", "20"), ("金额", "20")]), row("C", &[("优惠金额", "3")])];
    let o = offer(&session(&rows), Code::NegativeDiscount);
    assert_eq!(o.fixes.iter().map(|p| p.fix).collect::<Vec<_>>(), [Fix::DiscountToZero, Fix::DiscountAsSurcharge]);
    assert_eq!(o.orders, 2);

    let (s, _) = applies_and_undoes(session(&rows), Fix::DiscountToZero, Code::NegativeDiscount);
    assert_eq!([cell(&s, 0, "优惠金额"), cell(&s, 1, "优惠金额"), cell(&s, 2, "优惠金额")], ["0", "0", "3"]);
    assert_eq!(s.summary().errors, 0);

    let (s, applied) = applies_and_undoes(session(&rows), Fix::DiscountAsSurcharge, Code::NegativeDiscount);
    assert_eq!(applied.orders, 2);
    assert_eq!([cell(&s, 0, "优惠金额"), cell(&s, 0, "金额"), cell(&s, 0, "订单总金额")], ["0", "15.00", "15.00"]);
    assert_eq!([cell(&s, 1, "金额"), cell(&s, 1, "订单总金额")], ["21.50", "21.50"]);
    // The totals still agree with the lines.
    assert_eq!(s.summary().errors, 0);
}

#[test]
fn text_too_long_is_cut_and_identifiers_never_are() {
    let long_name = "张".repeat(40);
    let rows = vec![row("A", &[("收货人", &long_name)]), row("B123456789012345678901234567", &[])];
    let s = session(&rows);
    assert_eq!(count(&s, Code::TooLong), 2);
    let o = offer(&s, Code::TooLong);
    assert_eq!(o.fixes[0].orders, 1, "the order number is not cut");
    assert_eq!(o.fixes[0].examples[0].cut.as_deref(), Some("张".repeat(8).as_str()));
    let (s, _) = applies_and_undoes(s, Fix::CutToLimit, Code::TooLong);
    assert_eq!(cell(&s, 0, "收货人"), "张".repeat(32));
    assert_eq!(s.issues().filter(|i| i.code == Code::TooLong).map(|i| i.field.as_deref()).collect::<Vec<_>>(), [Some("Code")]);
}

#[test]
fn empty_required_cells_are_filled_from_the_row() {
    let rows = vec![
        row("A", &[("手机", ""), ("联系电话", "+86 139-0000-1111")]),
        row("B", &[("付款时间", "")]),
        // Two different mobile numbers: no way to tell which one.
        row("C", &[("手机", ""), ("联系电话", "13900001111 / 13700002222")]),
        row("D", &[("手机", ""), ("联系电话", "021-12345678")]),
    ];
    let s = session(&rows);
    assert_eq!(count(&s, Code::Required), 4);
    let (s, applied) = applies_and_undoes(s, Fix::FillFromRow, Code::Required);
    assert_eq!(applied.orders, 2);
    assert_eq!(cell(&s, 0, "手机"), "13900001111");
    assert_eq!(cell(&s, 1, "付款时间"), "2026-02-01 10:00:00");
    assert_eq!(s.issues().filter(|i| i.code == Code::Required).map(|i| i.order.as_str()).collect::<Vec<_>>(), ["C", "D"]);
}

/// Douyin: 主订单编号 mangled by Excel, 子订单编号 (text) starting with it.
fn douyin(mangled: &[(Cell, &str)]) -> Session {
    let columns = ["主订单编号", "子订单编号", "下单时间", "订单总金额", "商品条码", "数量", "金额", "备注"];
    let mapping = Mapping::from_json(
        r#"{"target": "mall2030", "fields": {"ShopCode": {"value": "S1"}, "Code": {"column": "主订单编号"}, "OrderTime": {"column": "下单时间"},
            "PayTime": {"column": "下单时间"}, "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"}, "BuyerCode": {"value": "b"},
            "RecvConsignee": {"value": "c"}, "RecvMobile": {"value": "13800000000"}, "Dtls.BarCode": {"column": "商品条码"},
            "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#,
    )
    .unwrap();
    let mut cells = Vec::new();
    for (key, sub) in mangled {
        cells.push(key.clone());
        cells.extend([text(sub), text("2026-02-01 10:00:00"), text("10"), text("x1"), text("1"), text("10"), Cell::Empty]);
    }
    let t = Table { sheet: "s".into(), header_row: 1, columns: columns.iter().map(|c| c.to_string()).collect(), row_numbers: (2..2 + mangled.len() as u32).collect(), cells };
    Session::new(t, None, &mapping, Lang::En, now()).unwrap()
}

#[test]
fn mangled_order_numbers_are_recovered_from_the_sub_order_numbers() {
    let a = "6947551234567890123";
    let b = "6947559876543210987";
    let s = douyin(&[(Cell::Number(a.parse::<f64>().unwrap()), &format!("{a}1")), (Cell::Number(a.parse::<f64>().unwrap()), &format!("{a}2")), (Cell::Text("6.94756E+18".into()), &format!("{b}1"))]);
    assert_eq!(count(&s, Code::PrecisionLost), 3);
    let o = offer(&s, Code::PrecisionLost);
    assert_eq!(o.fixes.len(), 1);
    assert!(o.notes.is_empty());
    let (s, applied) = applies_and_undoes(s, Fix::RecoverOrderNumber, Code::PrecisionLost);
    assert_eq!(applied.changes.iter().map(|c| c.after.as_str()).collect::<Vec<_>>(), [a, a, b]);
    // The two rows of A are one order again.
    assert_eq!(s.summary().orders, 2);
    assert_eq!(s.summary().errors, 1, "A's two lines (20.00) against its total (10.00): a problem the fix did not touch");
}

#[test]
fn an_ambiguous_order_number_means_exporting_again() {
    // The remark holds two numbers that both round to what Excel shows.
    let s = douyin(&[(Cell::Text("6.94755E+18".into()), "6947551234567890123 6947549999999999999"), (Cell::Text("1.23457E+18".into()), "1234567000000000001")]);
    let o = offer(&s, Code::PrecisionLost);
    assert!(o.fixes.is_empty());
    assert_eq!(o.notes.len(), 1);
    assert_eq!((o.notes[0].orders, o.notes[0].steps.len()), (2, 4));
    assert!(o.notes[0].text.contains("Export the file again"), "{}", o.notes[0].text);
    assert!(s.preview_fix(Fix::RecoverOrderNumber).is_empty());
}

#[test]
fn mangled_order_numbers_are_recovered_from_the_item_file() {
    let a = "3587412390123456789";
    let main = Table {
        sheet: "s".into(),
        header_row: 1,
        columns: vec!["订单编号".into(), "下单时间".into()],
        cells: vec![Cell::Number(a.parse::<f64>().unwrap()), text("2026-02-01 10:00:00"), text("B1"), text("2026-02-01 10:00:00")],
        row_numbers: vec![2, 3],
    };
    let items = table(
        &["订单编号", "商品条码", "数量", "金额"],
        &[vec![a.into(), "x1".into(), "1".into(), "10".into()], vec!["3587412390123999999".into(), "x1".into(), "1".into(), "10".into()], vec!["B1".into(), "x2".into(), "1".into(), "5".into()]],
    );
    let mapping = Mapping::from_json(
        r#"{"target": "mall2030", "lines_from": {"key": "订单编号"}, "fields": {"ShopCode": {"value": "S1"}, "Code": {"column": "订单编号"},
            "OrderTime": {"column": "下单时间"}, "PayTime": {"column": "下单时间"}, "TotalMoney": {"derive": "sum"}, "TotalQty": {"derive": "sum"},
            "BuyerCode": {"value": "b"}, "RecvConsignee": {"value": "c"}, "RecvMobile": {"value": "13800000000"}, "Dtls.BarCode": {"column": "商品条码"},
            "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#,
    )
    .unwrap();
    let mut s = Session::new(main, Some(items), &mapping, Lang::En, now()).unwrap();
    assert_eq!((count(&s, Code::PrecisionLost), count(&s, Code::NoLines)), (1, 1));
    let applied = s.apply_fix(Fix::RecoverOrderNumber);
    assert_eq!(applied.changes[0].after, a);
    // Joined to its item now: no problem left.
    assert_eq!(s.summary().errors, 0);
}

#[test]
fn orders_left_out_are_counted_skipped_stored_and_brought_back() {
    let rows = vec![row("A", &[("下单时间", "2024-01-01 10:00:00")]), row("B", &[("下单时间", "2024-02-01 10:00:00")]), row("C", &[]), row("D", &[("订单总金额", "11")])];
    let mut s = session(&rows);
    let o = offer(&s, Code::SaleTimeOutOfRange);
    assert!(o.fixes.is_empty(), "an order time out of range cannot be repaired");
    assert_eq!(o.excludable, 2);
    assert_eq!(s.exclude_code(Code::SaleTimeOutOfRange), 2);
    assert_eq!(s.exclude_rows(&[3]), 1);
    let sum = s.summary();
    assert_eq!((sum.orders, sum.valid_orders, sum.excluded, sum.to_upload), (4, 1, 3, 1));
    assert!(s.fix_offers().iter().all(|o| o.code != Code::SaleTimeOutOfRange), "nothing left to offer for orders left out");
    let (bodies, invalid) = s.upload_bodies(now());
    assert_eq!((bodies.len(), invalid), (1, 0));
    let excluded = s.excluded();
    assert_eq!(excluded.iter().map(|x| (x.order.as_str(), x.row, x.code)).collect::<Vec<_>>(), [("A", 2, Some(Code::SaleTimeOutOfRange)), ("B", 3, Some(Code::SaleTimeOutOfRange)), ("D", 5, None)]);
    assert_eq!(excluded[2].reason, "Left out by hand");
    assert_eq!(s.excluded_rows(), [0, 1, 3]);
    assert_eq!(s.corrected_without_excluded().len(), 1);

    // Stored with the corrections, restored on reopening.
    s.edit(2, 6, "李四").unwrap();
    let stored = s.edits_to_store(&[]);
    assert_eq!(stored.iter().filter(|e| e.column == EXCLUDED_COLUMN).count(), 3);
    let json = serde_json::to_string(&stored).unwrap();
    let mut again = session(&rows);
    again.apply_edits(&serde_json::from_str::<Vec<CellEdit>>(&json).unwrap());
    assert_eq!(again.summary(), s.summary());
    assert_eq!(again.excluded(), excluded);
    assert_eq!(again.edits(), s.edits());

    assert_eq!(again.include_rows(&[0]), 1);
    assert_eq!(again.summary().excluded, 2);
    assert_eq!(again.include_all(), 2);
    let sum = again.summary();
    assert_eq!((sum.excluded, sum.to_upload), (0, 1));
    assert_eq!(again.upload_bodies(now()).1, 3);
}

#[test]
fn mangled_order_numbers_are_recovered_from_earlier_uploads() {
    let a = "6947551234567890123";
    let mut s = douyin(&[(Cell::Number(a.parse::<f64>().unwrap()), "")]);
    assert!(offer(&s, Code::PrecisionLost).fixes.is_empty());
    s.set_known_order_numbers(vec![a.into(), "6947551234599990000".into(), "123".into()]);
    let o = offer(&s, Code::PrecisionLost);
    assert_eq!(o.fixes[0].examples[0].after, a);
    // Two earlier numbers that both fit: nothing recovered.
    s.set_known_order_numbers(vec![a.into(), "6947551234567891000".into()]);
    assert!(s.preview_fix(Fix::RecoverOrderNumber).is_empty());
}

#[test]
fn amounts_too_large_to_add_up_are_left_alone() {
    let huge = "79228162514264337593543950335";
    let rows = vec![row("A", &[("优惠金额", "-5"), ("金额", huge), ("订单总金额", huge)]), row("B", &[("优惠金额", "-5")])];
    let s = session(&rows);
    let changes = s.preview_fix(Fix::DiscountAsSurcharge);
    assert!(changes.iter().all(|c| c.order == "B"), "{changes:?}");
    assert!(!s.preview_fix(Fix::DiscountToZero).is_empty());
}
