//! Order numbers Excel has mangled (`6.94755E+18`) recovered from the upload history: the same
//! export, uploaded before from a copy not yet opened in Excel, taught the journal the full
//! numbers, and the quick fix offers them back (issue 11 item 3).

use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use tauri::Listener;
use tauri::test::{mock_builder, mock_context, noop_assets};

mod common;
use common::call;

const HEADER: &str = "订单编号,下单时间,实付金额,手机号,子订单编号,商品名称,购买数量,单价,商品金额";
const FULL: [&str; 2] = ["6947551234567890123", "7012345678901234567"];

fn write(dir: &std::path::Path, name: &str, numbers: [&str; 2]) -> std::path::PathBuf {
    let day = (chrono::Utc::now() - chrono::Duration::days(2)).format("%Y-%m-%d 10:00:00");
    let rows = numbers.iter().enumerate().map(|(i, no)| format!("{no},{day},59.80,1380013800{i},L{i},测试商品{i},2,29.90,59.80"));
    let path = dir.join(name);
    std::fs::write(&path, std::iter::once(HEADER.to_string()).chain(rows).collect::<Vec<_>>().join("\n") + "\n").unwrap();
    path
}

#[test]
fn mangled_order_numbers_come_back_from_the_upload_history() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("ORDERDOCK_HOME", home.path()) };
    let app = orderdock_desktop::commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    let w = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    app.listen_any("upload-finished", move |e| tx.send(serde_json::from_str(e.payload()).unwrap()).unwrap());

    // Uploaded yesterday from the platform's own export.
    let first = call(&w, "open_file", json!({"path": write(home.path(), "导出.csv", FULL)})).unwrap()["fileId"].clone();
    let mapping = call(&w, "suggest_mapping", json!({"fileId": first, "target": "dmhub"})).unwrap()["mapping"].clone();
    assert_eq!(call(&w, "validate", json!({"fileId": first, "mapping": mapping})).unwrap()["errors"], 0);
    call(&w, "start_upload", json!({"fileId": first, "mapping": mapping, "connection": {"practice": true}})).unwrap();
    assert_eq!(rx.recv_timeout(Duration::from_secs(60)).expect("upload-finished")["summary"]["accepted"], 2);

    // Today the same orders from a copy Excel has saved: the numbers are mangled.
    let mangled = call(&w, "open_file", json!({"path": write(home.path(), "导出-Excel另存.csv", ["6.94755E+18", "7.01235E+18"])})).unwrap()["fileId"].clone();
    let summary = call(&w, "validate", json!({"fileId": mangled, "mapping": mapping})).unwrap();
    assert!(summary["counts"].as_array().unwrap().iter().any(|c| c["code"] == "precision_lost"), "{summary}");
    let offers = call(&w, "fix_offers", json!({"fileId": mangled})).unwrap();
    let offer = offers.as_array().unwrap().iter().find(|o| o["code"] == "precision_lost").unwrap_or_else(|| panic!("{offers}"));
    assert_eq!(offer["fixes"][0]["fix"], "recover_order_number", "{offer}");
    let applied = call(&w, "apply_fix", json!({"fileId": mangled, "fix": "recover_order_number"})).unwrap();
    let after: Vec<Value> = applied["changes"].as_array().unwrap().iter().map(|c| c["after"].clone()).collect();
    assert_eq!(after, FULL.map(|n| json!(n)).to_vec(), "{applied}");
}
