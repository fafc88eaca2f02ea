//! The results file of an upload from the app lists every order of the file: the ones sent
//! with their outcome, then the ones left out on purpose and the ones an error held back,
//! each with its reason (mock runtime, in-process practice server).

use std::sync::mpsc;
use std::time::Duration;

use orderdock_core::table::Cell;
use serde_json::{Value, json};
use tauri::Listener;
use tauri::test::{mock_builder, mock_context, noop_assets};

mod common;
use common::{MAPPING_2030, call};

#[test]
fn the_results_file_lists_orders_left_out_and_held_back() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("ORDERDOCK_HOME", home.path()) };
    let day = (chrono::Utc::now() - chrono::Duration::days(2)).format("%Y-%m-%d 10:00:00");
    let csv = home.path().join("订单.csv");
    // R1 is sent; R2's total is wrong (held back); R3's too, and it is left out on purpose.
    std::fs::write(
        &csv,
        format!(
            "订单编号,下单时间,订单总金额,买家,收货人,手机,商品条码,数量,金额\nR1,{day},30,b1,张三,13800000000,690001,1,30\nR2,{day},10,b2,李四,13900000000,690002,1,5\nR3,{day},10,b3,王五,13700000000,690003,1,5\n"
        ),
    )
    .unwrap();
    let app = orderdock_desktop::commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    let w = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    app.listen_any("upload-finished", move |e| tx.send(serde_json::from_str(e.payload()).unwrap()).unwrap());

    let file = call(&w, "open_file", json!({"path": csv})).unwrap()["fileId"].clone();
    let mapping: Value = serde_json::from_str(MAPPING_2030).unwrap();
    call(&w, "validate", json!({"fileId": file, "mapping": mapping})).unwrap();
    call(&w, "exclude_orders", json!({"fileId": file, "rows": [2]})).unwrap();
    let job = call(&w, "start_upload", json!({"fileId": file, "mapping": mapping, "connection": {"practice": true}})).unwrap()["job"].clone();
    assert_eq!(rx.recv_timeout(Duration::from_secs(60)).expect("upload-finished")["job"], job);

    let out = home.path().join("上传结果.xlsx");
    call(&w, "export_results", json!({"job": job, "path": out})).unwrap();
    let back = orderdock_core::read::open(&out).unwrap().table(None, None).unwrap();
    let rows: Vec<Vec<String>> = (0..back.len()).map(|r| back.row(r).iter().map(Cell::display).collect()).collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!((rows[0][0].as_str(), rows[0][2].as_str()), ("R1", "上传成功"));
    assert_eq!((rows[1][0].as_str(), rows[1][2].as_str(), rows[1][3].as_str()), ("R3", "不上传", "手动选择不上传"));
    assert_eq!((rows[2][0].as_str(), rows[2][2].as_str()), ("R2", "有错误，未上传"));
    assert!(rows[2][3].contains('5') && rows[2][3].contains("10"), "the error's own sentence: {}", rows[2][3]);
}
