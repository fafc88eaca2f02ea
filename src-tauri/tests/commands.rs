//! The commands through Tauri's IPC on the mock runtime: open a CSV, validate, page the
//! problems, fix a cell, undo, upload to the in-process practice server, see the results,
//! and find the correction again after reopening the file.

use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use tauri::Listener;
use tauri::test::{mock_builder, mock_context, noop_assets};

mod common;
use common::{MAPPING_2030, call};

#[test]
fn a_file_from_drop_to_upload() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("ORDERDOCK_HOME", home.path()) };
    let day = (chrono::Utc::now() - chrono::Duration::days(2)).format("%Y-%m-%d 10:00:00");
    let csv = home.path().join("orders.csv");
    std::fs::write(&csv, format!("订单编号,下单时间,订单总金额,买家,收货人,手机,商品条码,数量,金额\nA1,{day},30,b1,张三,13800000000,690001,1,30\nB2,{day},10,b2,李四,13900000000,690002,1,5\n"))
        .unwrap();

    let app = orderdock_desktop::commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    let w = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    app.listen_any("upload-finished", move |e| tx.send(serde_json::from_str(e.payload()).unwrap()).unwrap());

    assert_eq!(call(&w, "set_settings", json!({"lang": "en"})), Ok(Value::Null));
    let info = call(&w, "open_file", json!({"path": csv})).unwrap();
    assert_eq!(info["dataRows"], 2);
    assert_eq!(info["head"][0][0], "订单编号");
    let file = info["fileId"].clone();
    assert!(call(&w, "suggest_mapping", json!({"fileId": file, "target": "mall2030"})).unwrap()["mapping"]["fields"]["Code"].is_object());
    assert_eq!(call(&w, "column_samples", json!({"fileId": file, "column": "订单编号", "count": 5})).unwrap(), json!(["A1", "B2"]));
    assert_eq!(call(&w, "recent_files", json!({})).unwrap()[0]["path"], csv.display().to_string());

    let mapping: Value = serde_json::from_str(MAPPING_2030).unwrap();
    // The document's shape is the generated type's; what it means is core's to say, in words.
    assert!(call(&w, "validate", json!({"fileId": file, "mapping": {"target": "nowhere", "fields": {}}})).is_err());
    let bad = call(&w, "validate", json!({"fileId": file, "mapping": {"target": "mall2030", "fields": {"Code": {"column": "订单编号"}, "Nope": {"column": "x"}}}})).unwrap_err();
    assert_eq!(bad["message"], "Field \"Nope\" in the mapping does not exist in mall2030", "{bad}");
    let summary = call(&w, "validate", json!({"fileId": file, "mapping": mapping})).unwrap();
    assert_eq!((summary["orders"].clone(), summary["errors"].clone()), (json!(2), json!(1)));
    assert_eq!(summary["counts"][0]["code"], "total_mismatch");

    let page = call(&w, "grid_page", json!({"fileId": file, "offset": 0, "limit": 50, "onlyProblems": true})).unwrap();
    assert_eq!(page["total"], 1);
    let row = &page["rows"][0];
    assert_eq!((row["index"].clone(), row["sheetRow"].clone()), (json!(1), json!(3)));
    assert_eq!(row["issues"][0]["column"], 2);
    assert!(row["issues"][0]["message"].as_str().unwrap().contains("add up to"));
    assert_eq!(call(&w, "grid_page", json!({"fileId": file, "offset": 0, "limit": 50, "onlyProblems": false, "code": "no_lines"})).unwrap()["total"], 0);

    let fixed = call(&w, "edit_cell", json!({"fileId": file, "index": 1, "column": 8, "value": "10"})).unwrap();
    assert_eq!(fixed["summary"]["errors"], 0);
    assert_eq!(fixed["rows"][0]["issues"], json!([]));
    assert_eq!(call(&w, "undo_edit", json!({"fileId": file})).unwrap()["summary"]["errors"], 1);
    call(&w, "edit_cell", json!({"fileId": file, "index": 1, "column": 8, "value": "10"})).unwrap();

    let problems = home.path().join("problems.xlsx");
    call(&w, "export_problems", json!({"fileId": file, "path": problems})).unwrap();
    call(&w, "export_corrected", json!({"fileId": file, "path": home.path().join("corrected.xlsx")})).unwrap();
    assert!(problems.exists());

    let practice = call(&w, "practice", json!({})).unwrap();
    assert!(practice["baseUrl"].as_str().unwrap().starts_with("http://127.0.0.1:"));
    let job = call(&w, "start_upload", json!({"fileId": file, "mapping": mapping, "connection": {"practice": true}})).unwrap()["job"].clone();
    let finished = rx.recv_timeout(Duration::from_secs(30)).expect("upload-finished");
    assert_eq!(finished["job"], job);
    assert_eq!(finished["summary"]["accepted"], 2, "{finished}");
    assert!(finished.get("error").is_none(), "{finished}");
    let results = call(&w, "job_results", json!({"job": job})).unwrap();
    assert_eq!(results.as_array().unwrap().iter().map(|r| r["state"].clone()).collect::<Vec<_>>(), vec![json!("accepted"), json!("accepted")]);
    assert_eq!(call(&w, "order_history", json!({"orderNo": "B2"})).unwrap()[0]["result"], "accepted");
    assert_eq!(call(&w, "unfinished_jobs", json!({})).unwrap(), json!([]));
    assert!(call(&w, "pause_upload", json!({"job": job})).is_err());
    let nothing = call(&w, "retry_failed", json!({"job": job, "fileId": file})).unwrap_err();
    assert!(nothing["message"].as_str().unwrap().contains("was refused"), "{nothing}");

    // The same file opened again (as after a restart) comes back with its correction.
    let again = call(&w, "open_file", json!({"path": csv})).unwrap()["fileId"].clone();
    assert_eq!(call(&w, "validate", json!({"fileId": again, "mapping": mapping})).unwrap()["errors"], 0);
    let row = call(&w, "grid_page", json!({"fileId": again, "offset": 1, "limit": 1, "onlyProblems": false})).unwrap();
    assert_eq!(row["rows"][0]["cells"][8], "10");
}
