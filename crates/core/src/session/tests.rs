use super::index::sub_table;
use super::*;

const COLUMNS: [&str; 6] = ["订单编号", "下单时间", "订单总金额", "商品条码", "数量", "金额"];

fn table(rows: &[[&str; 6]]) -> Table {
    Table {
        sheet: "s".into(),
        header_row: 1,
        columns: COLUMNS.iter().map(|c| c.to_string()).collect(),
        cells: rows.iter().flat_map(|r| r.iter().map(|v| if v.is_empty() { Cell::Empty } else { Cell::Text(v.into()) })).collect(),
        row_numbers: (2..2 + rows.len() as u32).collect(),
    }
}

fn mapping() -> Mapping {
    Mapping::from_json(
        r#"{"target": "mall2030", "fields": {
            "ShopCode": {"value": "S1"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
            "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"}, "PayTime": {"column": "下单时间"},
            "BuyerCode": {"value": "b"}, "RecvConsignee": {"value": "c"}, "RecvMobile": {"value": "13800000000"},
            "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#,
    )
    .unwrap()
}

fn now() -> DateTime<Utc> {
    "2026-03-01T00:00:00Z".parse().unwrap()
}

/// A: two lines adding up; B: line amount 5 against a total of 10 (total_mismatch).
fn session() -> Session {
    let t = table(&[["A", "2026-02-01 10:00:00", "30", "x1", "1", "10"], ["A", "2026-02-01 10:00:00", "30", "x2", "1", "20"], ["B", "2026-02-02 10:00:00", "10", "x3", "1", "5"]]);
    Session::new(t, None, &mapping(), Lang::En, now()).unwrap()
}

fn codes(rows: &[GridRow]) -> Vec<Code> {
    rows.iter().flat_map(|r| r.issues.iter().map(|i| i.code)).collect()
}

#[test]
fn an_edit_fixes_an_issue_and_undo_brings_it_back() {
    let mut s = session();
    let before = s.summary();
    assert_eq!((before.orders, before.valid_orders, before.errors), (2, 1, 1));
    assert_eq!(before.counts[0].code, Code::TotalMismatch);
    assert_eq!(before.counts[0].label, "Total mismatch");

    let rows = s.edit(2, 5, "10").unwrap();
    assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![2]);
    assert!(codes(&rows).is_empty());
    assert_eq!((s.summary().valid_orders, s.summary().errors), (2, 0));
    assert_eq!(s.edits(), vec![CellEdit { row: 4, column: "金额".into(), value: "10".into() }]);

    let rows = s.undo().unwrap();
    assert_eq!(codes(&rows), vec![Code::TotalMismatch]);
    assert_eq!(s.summary(), before);
    assert!(s.edits().is_empty());
    assert!(s.undo().is_none());
}

#[test]
fn orders_held_back_by_an_error_are_listed_with_it_until_left_out_or_fixed() {
    let mut s = session();
    let held = s.held_back();
    assert_eq!(held.iter().map(|x| (x.order.as_str(), x.row, x.code)).collect::<Vec<_>>(), vec![("B", 4, Some(Code::TotalMismatch))]);
    assert!(held[0].reason.contains("10"), "the error's own sentence: {}", held[0].reason);
    s.exclude_code(Code::TotalMismatch);
    assert!(s.held_back().is_empty(), "left out on purpose: listed as excluded instead");
    assert_eq!(s.excluded().len(), 1);
    s.include_all();
    s.edit(2, 5, "10").unwrap();
    assert!(s.held_back().is_empty());
}

#[test]
fn editing_the_order_number_moves_the_row_to_another_order() {
    let mut s = session();
    // Row 1 (A's second line) becomes part of B: A's total no longer matches, nor B's.
    let rows = s.edit(1, 0, "B").unwrap();
    assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 1, 2]);
    let sum = s.summary();
    assert_eq!((sum.orders, sum.lines, sum.valid_orders), (2, 3, 0));
    // B's row 1 disagrees with B's first row on the time and the total.
    assert!(codes(&rows).contains(&Code::InconsistentOrder));
    // A new number makes a new order; undo puts everything back.
    s.edit(1, 0, "C").unwrap();
    assert_eq!(s.summary().orders, 3);
    s.undo().unwrap();
    s.undo().unwrap();
    assert_eq!(s.summary(), session().summary());
}

#[test]
fn paging_only_problems_and_by_code() {
    let mut s = session();
    let all = s.page(0, 10, false, None);
    assert_eq!((all.total, all.rows.len()), (3, 3));
    assert_eq!(all.rows[0].cells[0], "A");
    assert_eq!(all.rows[2].sheet_row, 4);
    let problems = s.page(0, 10, true, None);
    assert_eq!(problems.total, 1);
    assert_eq!(problems.rows[0].index, 2);
    assert_eq!(problems.rows[0].issues[0].column, Some(2));
    assert!(problems.rows[0].issues[0].message.contains("add up to 5.00"), "{}", problems.rows[0].issues[0].message);

    // Row 0's time (OrderTime and PayTime) breaks, and row 1 now disagrees with it.
    s.edit(0, 1, "not a date").unwrap();
    assert_eq!(s.page(0, 10, true, None).total, 3);
    let bad = s.code_named("bad_datetime").unwrap();
    let by_code = s.page(0, 10, true, Some(bad));
    assert_eq!(by_code.rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0]);
    assert_eq!(by_code.rows[0].issues.iter().map(|i| i.column).collect::<Vec<_>>(), vec![Some(1), Some(1)]);
    assert_eq!(s.page(1, 10, true, None).rows.len(), 2);
    assert!(s.code_named("no_lines").is_none());
}

#[test]
fn corrections_are_kept_and_restored_in_the_order_they_were_typed() {
    let mut s = session();
    s.edit(2, 5, "10").unwrap();
    s.edit(0, 3, "y1").unwrap();
    s.edit(2, 4, "2").unwrap();
    s.edit(2, 5, "5").unwrap();
    let order = |s: &Session| s.edits().iter().map(|e| (e.row, e.column.clone())).collect::<Vec<_>>();
    // 金额 of row 4 was typed back to the file's 5: no longer a correction.
    assert_eq!(order(&s), [(2, "商品条码".to_string()), (4, "数量".to_string())]);
    let mut again = session();
    again.apply_edits(&s.edits());
    assert_eq!(order(&again), order(&s));
    again.undo().unwrap();
    assert_eq!(order(&again), [(2, "商品条码".to_string())]);
}

#[test]
fn stored_edits_apply_after_a_restart() {
    let mut s = session();
    s.edit(2, 5, "10").unwrap();
    let edits = s.edits();
    let mut again = session();
    assert_eq!(again.apply_edits(&edits), 1);
    assert_eq!(again.summary().errors, 0);
    assert_eq!(again.corrected_table().row(2)[5], Cell::Text("10".into()));
    assert_eq!(again.edits(), edits);
    let (bodies, skipped) = again.upload_bodies(now());
    assert_eq!((bodies.len(), skipped), (2, 0));
    // A restored correction is undone like one made now.
    let rows = again.undo().unwrap();
    assert_eq!(codes(&rows), vec![Code::TotalMismatch]);
    assert!(again.edits().is_empty());
    assert_eq!(again.summary(), session().summary());
}

#[test]
fn a_group_of_edits_is_one_undo_step_however_large() {
    // 70 orders of one line, each total 1 off: more rows than are re-validated one by one.
    let rows: Vec<[String; 6]> = (0..70).map(|i| [format!("N{i}"), "2026-02-01 10:00:00".into(), "11".into(), "x".into(), "1".into(), "10".into()]).collect();
    let rows: Vec<[&str; 6]> = rows.iter().map(|r| r.each_ref().map(String::as_str)).collect();
    let mut s = Session::new(table(&rows), None, &mapping(), Lang::En, now()).unwrap();
    s.edit(0, 3, "y").unwrap();
    let before = s.summary();
    assert_eq!(before.errors, 70);
    let group: Vec<CellEdit> = (0..70).map(|i| CellEdit { row: 2 + i, column: "订单总金额".into(), value: "10".into() }).collect();
    let (applied, shown) = s.edit_group(&group);
    assert_eq!((applied, shown.len()), (70, 70));
    assert_eq!(s.summary().errors, 0);
    assert_eq!(s.edits().len(), 71);
    assert_eq!(s.edit_group(&group).0, 0, "nothing left to change");
    s.undo().unwrap();
    assert_eq!(s.summary(), before);
    assert_eq!(s.edits(), vec![CellEdit { row: 2, column: "商品条码".into(), value: "y".into() }]);
    // The single edit before it is its own step.
    s.undo().unwrap();
    assert!(s.edits().is_empty() && s.undo().is_none());
}

#[test]
fn a_prefix_leaves_out_its_last_order_and_says_it_is_partial() {
    // The file's first rows: B's second line (total 30 = 10 + 20) is not read yet.
    let t = table(&[["A", "2026-02-01 10:00:00", "30", "x1", "1", "10"], ["A", "2026-02-01 10:00:00", "30", "x2", "1", "20"], ["B", "2026-02-02 10:00:00", "30", "x3", "1", "10"]]);
    let mut s = Session::of_prefix(t.clone(), &mapping(), Lang::En, now()).unwrap();
    let sum = s.summary();
    assert!(sum.partial);
    assert_eq!((sum.orders, sum.errors), (1, 0));
    assert_eq!(s.page(0, 10, false, None).total, 2);
    assert!(!session().summary().partial);
    // A correction stored for a row further down survives an edit made on the first rows.
    let below = CellEdit { row: 4, column: "金额".into(), value: "20".into() };
    assert_eq!(s.apply_edits(std::slice::from_ref(&below)), 0);
    s.edit(0, 3, "y1").unwrap();
    let stored = s.edits_to_store(std::slice::from_ref(&below));
    assert_eq!(stored.iter().map(|e| e.row).collect::<Vec<_>>(), [2, 4]);
    assert_eq!(session().edits_to_store(std::slice::from_ref(&below)), []);
    // One order only: nothing to leave out.
    let one = Session::of_prefix(sub_table(&t, &[2]), &mapping(), Lang::En, now()).unwrap();
    assert_eq!(one.summary().orders, 1);
}

#[test]
fn two_file_exports_follow_the_order_number_into_the_item_file() {
    let text = |v: &str| {
        if v.is_empty() { Cell::Empty } else { Cell::Text(v.into()) }
    };
    let t = |columns: &[&str], rows: &[&[&str]]| Table {
        sheet: "s".into(),
        header_row: 1,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        cells: rows.iter().flat_map(|r| r.iter().map(|v| text(v))).collect(),
        row_numbers: (2..2 + rows.len() as u32).collect(),
    };
    let main = t(&["订单编号", "下单时间", "订单总金额"], &[&["A", "2026-02-01 10:00:00", "30"], &["B", "2026-02-02 10:00:00", "5"]]);
    let items = t(&["订单编号", "商品条码", "数量", "金额"], &[&["A", "x1", "1", "10"], &["A", "x2", "1", "20"], &["B", "x3", "1", "5"]]);
    let m = Mapping::from_json(
        r#"{"target": "mall2030", "lines_from": {"key": "订单编号"}, "fields": {
            "ShopCode": {"value": "S1"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
            "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"}, "PayTime": {"column": "下单时间"},
            "BuyerCode": {"value": "b"}, "RecvConsignee": {"value": "c"}, "RecvMobile": {"value": "13800000000"},
            "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#,
    )
    .unwrap();
    let mut s = Session::new(main, Some(items), &m, Lang::En, now()).unwrap();
    let before = s.summary();
    assert_eq!((before.orders, before.lines, before.errors), (2, 3, 0));
    // No item carries C: the order loses its lines.
    let rows = s.edit(1, 0, "C").unwrap();
    assert_eq!(codes(&rows), vec![Code::NoLines]);
    assert_eq!(s.summary().lines, 2);
    s.edit(1, 0, "B").unwrap();
    assert_eq!(s.summary(), before);
}

#[test]
fn a_formula_amount_is_checked_and_sent_as_excel_shows_it() {
    use rust_xlsxwriter::{Formula, Workbook};
    // A line amount computed by Excel: =0.1+0.2 is stored as 0.30000000000000004, and
    // =0.145*3 as 0.43499999999999994 (shown as 0.435, so 0.44 in cents).
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in COLUMNS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (order, total, formula, stored)) in [("A", 0.3, "=0.1+0.2", "0.30000000000000004"), ("B", 0.44, "=0.145*3", "0.43499999999999994")].into_iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, order).unwrap();
        sheet.write_string(r, 1, "2026-02-01 10:00:00").unwrap();
        sheet.write_number(r, 2, total).unwrap();
        sheet.write_string(r, 3, "x1").unwrap();
        sheet.write_number(r, 4, 1).unwrap();
        sheet.write_formula(r, 5, Formula::new(formula).set_result(stored)).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("formulas.xlsx");
    book.save(&path).unwrap();
    let t = read::open(&path).unwrap().table(None, None).unwrap();
    assert_eq!(t.row(0)[5], Cell::Number(0.1 + 0.2), "the cell keeps the stored number");

    let mut s = Session::new(t, None, &mapping(), Lang::En, now()).unwrap();
    let page = s.page(0, 10, false, None);
    assert_eq!(page.rows.iter().map(|r| r.cells[5].as_str()).collect::<Vec<_>>(), ["0.3", "0.435"]);
    assert!(codes(&page.rows).is_empty(), "each line adds up to its total: {:?}", codes(&page.rows));
    let (bodies, invalid) = s.upload_bodies(now());
    assert_eq!(invalid, 0);
    let amounts: Vec<String> = bodies.iter().map(|b| b.body["Dtls"][0]["Amount"].to_string()).collect();
    assert_eq!(amounts, ["0.30", "0.44"]);
}

#[test]
fn orders_left_out_are_counted_once_and_not_among_the_problems_or_the_ready() {
    // A and D add up; B and C have a line amount of 5 against a total of 10.
    let t = table(&[
        ["A", "2026-02-01 10:00:00", "10", "x1", "1", "10"],
        ["B", "2026-02-01 10:00:00", "10", "x2", "1", "5"],
        ["C", "2026-02-01 10:00:00", "10", "x3", "1", "5"],
        ["D", "2026-02-01 10:00:00", "10", "x4", "1", "10"],
    ]);
    let mut s = Session::new(t, None, &mapping(), Lang::En, now()).unwrap();
    let counts = |s: &Session| s.summary().counts.iter().map(|c| (c.code, c.count)).collect::<Vec<_>>();
    // (orders, left out, ready to upload, held back by an error, errors)
    let stats = |s: &Session| {
        let x = s.summary();
        (x.orders, x.excluded, x.to_upload, x.held_back, x.errors)
    };
    assert_eq!((stats(&s), counts(&s)), ((4, 0, 2, 2, 2), vec![(Code::TotalMismatch, 2)]));

    // B left out: one problem order left, two ready.
    s.exclude_rows(&[1]);
    assert_eq!((stats(&s), counts(&s)), ((4, 1, 2, 1, 1), vec![(Code::TotalMismatch, 1)]));
    // A left out: no longer ready.
    s.exclude_rows(&[0]);
    assert_eq!(stats(&s), (4, 2, 1, 1, 1));
    // Every mismatch left out: no problem left to show or offer.
    s.exclude_code(Code::TotalMismatch);
    assert_eq!((stats(&s), counts(&s)), ((4, 3, 1, 0, 0), vec![]));
    assert!(s.fix_offers().is_empty());
    // C corrected while left out: still left out, so still not ready.
    s.edit(2, 5, "10").unwrap();
    assert_eq!((stats(&s), s.summary().valid_orders), ((4, 3, 1, 0, 0), 3));

    s.include_all();
    assert_eq!((stats(&s), counts(&s)), ((4, 0, 3, 1, 1), vec![(Code::TotalMismatch, 1)]));
}

/// An order left out stays left out when its number is corrected, by a single edit, a group
/// of edits or an undo, and keeps its reason; the old number is forgotten.
#[test]
fn an_order_left_out_stays_out_when_its_number_is_corrected() {
    let mut s = session();
    s.exclude_code(Code::TotalMismatch);
    let left_out = |s: &Session| s.excluded().into_iter().map(|x| (x.order, x.code)).collect::<Vec<_>>();
    assert_eq!(left_out(&s), vec![("B".to_string(), Some(Code::TotalMismatch))]);

    s.edit(2, 0, "B2").unwrap();
    assert_eq!(left_out(&s), vec![("B2".to_string(), Some(Code::TotalMismatch))]);
    assert_eq!((s.summary().excluded, s.summary().to_upload), (1, 1));
    assert!(!s.excluded.contains_key("B"), "the old number is forgotten");

    s.undo();
    assert_eq!(left_out(&s), vec![("B".to_string(), Some(Code::TotalMismatch))]);

    s.edit_group(&[CellEdit { row: 4, column: "订单编号".into(), value: "B3".into() }]);
    assert_eq!(left_out(&s), vec![("B3".to_string(), Some(Code::TotalMismatch))]);

    // Stored and restored by row, the exclusion names the corrected order.
    let stored = s.edits_to_store(&[]);
    let mut again = session();
    again.apply_edits(&stored);
    assert_eq!(left_out(&again), vec![("B3".to_string(), Some(Code::TotalMismatch))]);

    // An order that was not left out is not left out by a new number either.
    s.edit(0, 0, "A2").unwrap();
    assert_eq!(s.summary().excluded, 1);
}

#[test]
fn the_file_table_is_the_table_as_read_whatever_was_corrected() {
    let mut s = session();
    let cells = |t: &Table| t.cells.clone();
    let as_read = cells(s.corrected_table());
    s.edit(2, 5, "10").unwrap();
    s.edit(0, 0, "A2").unwrap();
    s.edit(0, 0, "A3").unwrap();
    assert_ne!(cells(s.corrected_table()), as_read);
    assert_eq!(cells(&s.into_file_table()), as_read);
}
