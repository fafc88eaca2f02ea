//! Quick fixes and orders left out on purpose through IPC, as the preview screen calls
//! them: a bulk fix applied, taken back by the one undo, applied again; orders left out by
//! row and by problem, brought back; and both still there after the file is opened again
//! (they are stored with the corrections).

use serde_json::{Value, json};
use tauri::test::{mock_builder, mock_context, noop_assets};

mod common;
use common::call;

const HEADER: &str = "订单编号,下单时间,订单总金额,实付金额,手机号,子订单编号,商品名称,购买数量,单价,商品金额";

/// Six DM Hub orders; the first four say 120.00 in total for 100.00 paid (total_mismatch).
fn write_orders(dir: &std::path::Path) -> std::path::PathBuf {
    let day = (chrono::Utc::now() - chrono::Duration::days(2)).format("%Y-%m-%d 10:00:00");
    let rows = (1..=6).map(|n| {
        let total = if n <= 4 { "120.00" } else { "100.00" };
        format!("FX{n},{day},{total},100.00,1380013800{n},FX{n}-1,测试商品{n},2,50.00,100.00")
    });
    let path = dir.join("订单导出.csv");
    std::fs::write(&path, std::iter::once(HEADER.to_string()).chain(rows).collect::<Vec<_>>().join("\n") + "\n").unwrap();
    path
}

fn count(summary: &Value, code: &str) -> u64 {
    summary["counts"].as_array().unwrap().iter().find(|c| c["code"] == code).map_or(0, |c| c["count"].as_u64().unwrap())
}

fn message(e: Value) -> String {
    e["message"].as_str().unwrap().to_string()
}

#[test]
fn a_bulk_fix_and_orders_left_out_are_stored_and_undone_like_edits() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("ORDERDOCK_HOME", home.path()) };
    let path = write_orders(home.path());

    let app = orderdock_desktop::commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    let w = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    call(&w, "set_settings", json!({"lang": "zh"})).unwrap();

    let file = call(&w, "open_file", json!({"path": path})).unwrap()["fileId"].clone();
    let mapping = call(&w, "suggest_mapping", json!({"fileId": file, "target": "dmhub"})).unwrap()["mapping"].clone();
    assert_eq!(mapping["fields"]["amountTotal"]["column"], "订单总金额", "{mapping}");
    let summary = call(&w, "validate", json!({"fileId": file, "mapping": mapping})).unwrap();
    assert_eq!((count(&summary, "total_mismatch"), summary["excluded"].clone(), summary["toUpload"].clone()), (4, json!(0), json!(6)), "{summary}");

    // The offer: how many orders, the fix with before → after examples.
    let offers = call(&w, "fix_offers", json!({"fileId": file})).unwrap();
    let offer = offers.as_array().unwrap().iter().find(|o| o["code"] == "total_mismatch").unwrap_or_else(|| panic!("{offers}"));
    assert_eq!((offer["orders"].clone(), offer["excludable"].clone()), (json!(4), json!(4)), "{offer}");
    let fix = &offer["fixes"][0];
    assert_eq!((fix["fix"].clone(), fix["orders"].clone()), (json!("total_from_lines"), json!(4)), "{fix}");
    assert_eq!((fix["examples"][0]["before"].clone(), fix["examples"][0]["after"].clone(), fix["examples"][0]["column"].clone()), (json!("120.00"), json!("100.00"), json!("订单总金额")));

    // Applied: the four totals corrected, the problem gone, the rows as they now are.
    let applied = call(&w, "apply_fix", json!({"fileId": file, "fix": "total_from_lines"})).unwrap();
    assert_eq!((applied["orders"].clone(), applied["changes"].as_array().unwrap().len()), (json!(4), 4), "{applied}");
    assert_eq!(count(&applied["summary"], "total_mismatch"), 0);
    assert_eq!(applied["rows"][0]["cells"][2], "100.00", "{applied}");
    // Nothing left to fix, or no such fix: refused, so that no empty step is left to undo.
    assert!(message(call(&w, "apply_fix", json!({"fileId": file, "fix": "total_from_lines"})).unwrap_err()).contains("没有可以这样修正的订单"));
    assert!(message(call(&w, "apply_fix", json!({"fileId": file, "fix": "make_it_right"})).unwrap_err()).contains("make_it_right"));

    // One undo takes the whole fix back.
    let undone = call(&w, "undo_edit", json!({"fileId": file})).unwrap();
    assert_eq!(count(&undone["summary"], "total_mismatch"), 4, "{undone}");
    assert_eq!(undone["rows"].as_array().unwrap().len(), 4);

    // Every order with the problem left out, and brought back.
    let out = call(&w, "exclude_orders", json!({"fileId": file, "code": "total_mismatch"})).unwrap();
    assert_eq!((out["changed"].clone(), out["summary"]["excluded"].clone(), out["summary"]["toUpload"].clone(), out["rows"].clone()), (json!(4), json!(4), json!(2), json!([0, 1, 2, 3])), "{out}");
    assert_eq!(out["orders"][0]["order"], "FX1");
    assert!(out["orders"][0]["reason"].as_str().unwrap().contains("总金额不符"), "{out}");
    let back = call(&w, "include_orders", json!({"fileId": file, "all": true})).unwrap();
    assert_eq!((back["changed"].clone(), back["summary"]["excluded"].clone(), back["orders"].clone()), (json!(4), json!(0), json!([])));
    // A problem the file does not have, or no orders named: refused.
    assert!(message(call(&w, "exclude_orders", json!({"fileId": file, "code": "sale_time_out_of_range"})).unwrap_err()).contains("没有这种问题"));
    assert!(call(&w, "exclude_orders", json!({"fileId": file})).is_err());
    assert!(call(&w, "include_orders", json!({"fileId": file})).is_err());

    // Applied again, and the last order (row 5) left out by hand.
    call(&w, "apply_fix", json!({"fileId": file, "fix": "total_from_lines"})).unwrap();
    let out = call(&w, "exclude_orders", json!({"fileId": file, "rows": [5]})).unwrap();
    assert_eq!((out["changed"].clone(), out["summary"]["toUpload"].clone(), out["orders"][0]["order"].clone()), (json!(1), json!(5), json!("FX6")), "{out}");

    // Opened again: the fix and the exclusion come back from the store.
    let again = call(&w, "open_file", json!({"path": path})).unwrap()["fileId"].clone();
    let summary = call(&w, "validate", json!({"fileId": again, "mapping": mapping})).unwrap();
    assert_eq!((count(&summary, "total_mismatch"), summary["excluded"].clone(), summary["toUpload"].clone()), (0, json!(1), json!(5)), "{summary}");
    let listed = call(&w, "excluded_orders", json!({"fileId": again})).unwrap();
    assert_eq!(
        (listed["orders"][0]["order"].clone(), listed["orders"][0]["row"].clone(), listed["rows"].clone(), listed["changed"].clone()),
        (json!("FX6"), json!(7), json!([5]), json!(0)),
        "{listed}"
    );

    // Brought back, and that is stored too.
    assert_eq!(call(&w, "include_orders", json!({"fileId": again, "rows": [5]})).unwrap()["changed"], 1);
    let third = call(&w, "open_file", json!({"path": path})).unwrap()["fileId"].clone();
    assert_eq!(call(&w, "validate", json!({"fileId": third, "mapping": mapping})).unwrap()["excluded"], 0);
}
