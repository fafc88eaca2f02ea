//! Property test of the preview session: whatever cells the merchant edits (order numbers
//! included, which move rows between orders) and undoes, the session re-validating only the
//! orders an edit touches ends where a fresh session over the edited table starts.

use chrono::{DateTime, Utc};
use orderdock_core::mapping::Mapping;
use orderdock_core::messages::Lang;
use orderdock_core::session::Session;
use orderdock_core::table::{Cell, Table};
use proptest::prelude::*;

const COLUMNS: [&str; 7] = ["订单编号", "下单时间", "订单总金额", "商品条码", "数量", "金额", "订单状态"];

const MAPPING: &str = r#"{"target": "mall2030", "filter": {"column": "订单状态", "in": ["交易成功"]}, "fields": {
    "ShopCode": {"value": "S1"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
    "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"}, "PayTime": {"column": "下单时间"},
    "BuyerCode": {"value": "b"}, "RecvConsignee": {"value": "c"}, "RecvMobile": {"value": "13800000000"},
    "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"derive": "price_x_qty"},
    "Dtls.PriceSell": {"column": "金额"}}}"#;

fn now() -> DateTime<Utc> {
    "2026-03-01T00:00:00Z".parse().unwrap()
}

fn table() -> Table {
    let rows = [
        ["A", "2026-02-01 10:00:00", "30", "x1", "1", "10", "交易成功"],
        ["A", "2026-02-01 10:00:00", "30", "x2", "1", "20", "交易成功"],
        ["B", "2026-02-02 10:00:00", "10", "x3", "1", "5", "交易成功"],
        ["C", "2026-02-03 10:00:00", "7", "x4", "1", "7", "交易关闭"],
        ["B", "2026-02-02 10:00:00", "10", "x5", "1", "5", "交易成功"],
    ];
    Table {
        sheet: "s".into(),
        header_row: 1,
        columns: COLUMNS.iter().map(|c| c.to_string()).collect(),
        cells: rows.iter().flat_map(|r| r.iter().map(|v| Cell::Text(v.into()))).collect(),
        row_numbers: (2..2 + rows.len() as u32).collect(),
    }
}

/// What the merchant sees of a session: the summary and every issue, in a stable order.
fn seen(s: &Session) -> (String, Vec<String>) {
    let mut issues: Vec<String> = s.issues().map(|i| format!("{:?} {} {} {:?} {:?}", i.code, i.order, i.row, i.field, i.column)).collect();
    issues.sort();
    (format!("{:?}", s.summary()), issues)
}

/// An edit (row, column, value) or an undo (`None`).
fn step() -> impl Strategy<Value = Option<(usize, usize, String)>> {
    let value = prop_oneof![
        Just("A".to_string()),
        Just("B".to_string()),
        Just("D".to_string()),
        Just(String::new()),
        Just("2".to_string()),
        Just("两件".to_string()),
        Just("2026-13-01".to_string()),
        Just("交易成功".to_string()),
        Just("交易关闭".to_string()),
        Just("79228162514264337593543950335".to_string()),
        "[0-9]{1,3}(\\.[0-9]{1,2})?",
    ];
    prop_oneof![3 => (0..5usize, 0..COLUMNS.len(), value).prop_map(Some), 1 => Just(None)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn edits_and_undos_end_where_a_fresh_session_starts(steps in proptest::collection::vec(step(), 1..12)) {
        let mapping = Mapping::from_json(MAPPING).unwrap();
        let mut s = Session::new(table(), None, &mapping, Lang::Zh, now()).unwrap();
        for st in steps {
            match st {
                Some((row, column, value)) => { s.edit(row, column, &value).unwrap(); }
                None => { s.undo(); }
            }
        }
        let fresh = Session::new(s.corrected_table().clone(), None, &mapping, Lang::Zh, now()).unwrap();
        prop_assert_eq!(seen(&s), seen(&fresh));
    }
}
