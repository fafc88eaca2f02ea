//! A file longer than the preview through IPC: its first rows are checked at once, the rest
//! is read in the background (`file-loaded`), and the whole file replaces them, keeping the
//! corrections made meanwhile; a file let go is no longer open; a file read whole before it
//! is mapped is checked the same way. The workflow's other cases
//! are `orderdock-document`'s tests.

use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use tauri::Listener;
use tauri::test::{mock_builder, mock_context, noop_assets};

mod common;
use common::call;

/// Orders of one line each; every 100th has a total that its line does not add up to.
const ORDERS: usize = 100_000;

/// The next `file-loaded` of `file`, skipping those of files let go.
fn loaded_of(loaded: &mpsc::Receiver<Value>, file: &Value) -> Value {
    loop {
        let e = loaded.recv_timeout(Duration::from_secs(300)).expect("file-loaded");
        if e["fileId"] == *file {
            return e;
        }
    }
}

#[test]
fn the_first_rows_show_at_once_and_the_whole_file_follows() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("ORDERDOCK_HOME", home.path()) };
    let day = (chrono::Utc::now() - chrono::Duration::days(2)).format("%Y-%m-%d 10:00:00");
    let mut csv = String::from("订单编号,下单时间,订单总金额,买家,收货人,手机,商品条码,数量,金额\n");
    for i in 0..ORDERS {
        let total = if i % 100 == 1 { "31" } else { "30" };
        csv += &format!("A{i:06},{day},{total},b,张三,13800000000,690001,1,30\n");
    }
    let path = home.path().join("orders.csv");
    std::fs::write(&path, csv).unwrap();

    let app = orderdock_desktop::commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    let w = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let (tx, loaded) = mpsc::channel::<Value>();
    app.listen_any("file-loaded", move |e| tx.send(serde_json::from_str(e.payload()).unwrap()).unwrap());

    assert_eq!(call(&w, "set_settings", json!({"lang": "en"})), Ok(Value::Null));
    // Opened twice (a merchant dropping the file again): the first copy is let go. (That its
    // read stops is tested in core; it may have ended already, so its file-loaded is skipped.)
    let first = call(&w, "open_file", json!({"path": path})).unwrap()["fileId"].clone();
    let info = call(&w, "open_file", json!({"path": path})).unwrap();
    let gone = call(&w, "grid_page", json!({"fileId": first, "offset": 0, "limit": 1, "onlyProblems": false})).unwrap_err();
    assert!(gone["message"].as_str().unwrap().contains("no longer open"), "{gone}");
    assert_eq!(info["reading"], true, "{}", info["dataRows"]);
    let estimate = info["dataRows"].as_u64().unwrap() as usize;
    assert!((ORDERS * 9 / 10..ORDERS * 11 / 10).contains(&estimate), "{estimate}");
    let file = info["fileId"].clone();
    let mapping = json!({"target": "mall2030", "fields": {
        "ShopCode": {"value": "S001"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
        "PayTime": {"column": "下单时间"}, "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"},
        "BuyerCode": {"column": "买家"}, "RecvConsignee": {"column": "收货人"}, "RecvMobile": {"column": "手机"},
        "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}});

    // The first rows, less the last order (it may go on below).
    let first = call(&w, "validate", json!({"fileId": file, "mapping": mapping})).unwrap();
    assert_eq!(first["partial"], true);
    let prefix_orders = first["orders"].as_u64().unwrap() as usize;
    assert!(prefix_orders < orderdock_core::read::PREVIEW_ROWS, "{first}");
    assert_eq!(first["errors"].as_u64().unwrap() as usize, prefix_orders.div_ceil(100));
    // A correction made now is kept for the whole file.
    let fixed = call(&w, "edit_cell", json!({"fileId": file, "index": 1, "column": 2, "value": "30"})).unwrap();
    assert_eq!(fixed["rows"][0]["issues"], json!([]));
    let refused = call(&w, "start_upload", json!({"fileId": file, "mapping": mapping, "connection": {"practice": true}})).unwrap_err();
    assert!(refused["message"].as_str().unwrap().contains("still being read"), "{refused}");
    let refused = call(&w, "export_corrected", json!({"fileId": file, "path": home.path().join("c.xlsx")})).unwrap_err();
    assert!(refused["message"].as_str().unwrap().contains("still being read"), "{refused}");

    let done = loaded_of(&loaded, &file);
    assert_eq!(done, json!({"fileId": file, "dataRows": ORDERS}));
    let whole = call(&w, "validate", json!({"fileId": file, "mapping": mapping})).unwrap();
    assert_eq!(whole["partial"], false);
    assert_eq!((whole["orders"].as_u64(), whole["errors"].as_u64()), (Some(ORDERS as u64), Some(ORDERS as u64 / 100 - 1)));
    let last = call(&w, "grid_page", json!({"fileId": file, "offset": ORDERS - 1, "limit": 10, "onlyProblems": false})).unwrap();
    assert_eq!((last["total"].as_u64(), last["rows"][0]["sheetRow"].as_u64()), (Some(ORDERS as u64), Some(ORDERS as u64 + 1)));
    // The correction made on the first rows can be undone on the whole file.
    assert_eq!(call(&w, "undo_edit", json!({"fileId": file})).unwrap()["summary"]["errors"], ORDERS / 100);

    // Read whole before it is mapped (a merchant takes a while over the mapping): its first
    // rows are still checked at once and the whole file in the background.
    let again = call(&w, "open_file", json!({"path": path})).unwrap()["fileId"].clone();
    loaded_of(&loaded, &again);
    let first = call(&w, "validate", json!({"fileId": again, "mapping": mapping})).unwrap();
    assert_eq!(first["partial"], true, "{first}");
    assert!(first["orders"].as_u64().unwrap() < orderdock_core::read::PREVIEW_ROWS as u64, "{first}");
    let done = loaded_of(&loaded, &again);
    assert_eq!(done, json!({"fileId": again, "dataRows": ORDERS}));
    let whole = call(&w, "validate", json!({"fileId": again, "mapping": mapping})).unwrap();
    assert_eq!((whole["partial"].as_bool(), whole["orders"].as_u64()), (Some(false), Some(ORDERS as u64)));
}
