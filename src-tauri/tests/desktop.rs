//! The desktop conventions' commands through IPC on the mock runtime: files the system hands
//! over reach the window once (taken at start, then as `open-file`), and 「导出诊断信息」 writes
//! a zip with the secrets and phone numbers of the data folder masked.

use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use tauri::Listener;
use tauri::test::{mock_builder, mock_context, noop_assets};

mod common;
use common::call;

#[test]
fn handed_files_and_diagnostics() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("ORDERDOCK_HOME", home.path()) };
    let app = orderdock_desktop::commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    let w = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    app.listen_any("open-file", move |e| tx.send(serde_json::from_str(e.payload()).unwrap()).unwrap());

    // Started with a file (before the window listens): kept for launch_files, not announced.
    let first = home.path().join("店铺 数据.xlsx");
    std::fs::write(&first, b"x").unwrap();
    let args = ["orderdock-desktop".into(), "--flag".into(), first.clone().into_os_string()];
    orderdock_desktop::launch::hand_over(app.handle(), orderdock_desktop::launch::files_to_open(args, home.path()));
    assert!(rx.try_recv().is_err());
    assert_eq!(call(&w, "launch_files", json!({})), Ok(json!([first.display().to_string()])));
    assert_eq!(call(&w, "launch_files", json!({})), Ok(json!([])));
    // A second launch's file, now that the window listens: announced.
    let second = home.path().join("京东订单.csv");
    std::fs::write(&second, "订单编号\n1\n").unwrap();
    orderdock_desktop::launch::hand_over(app.handle(), vec![second.clone()]);
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)).unwrap(), json!({"paths": [second.display().to_string()]}));

    // Diagnostics: a secret in the settings and a phone number in a log are masked.
    std::fs::write(home.path().join("settings.json"), r#"{"lang":"zh","token":"t0ps3cret"}"#).unwrap();
    std::fs::create_dir_all(home.path().join("logs")).unwrap();
    std::fs::write(home.path().join("logs/orderdock-2026-11-20.log"), "upload 13800138000 access_token=t0ps3cret\n").unwrap();
    let out = home.path().join("诊断 信息.zip");
    let files = call(&w, "export_diagnostics", json!({"path": out})).unwrap();
    assert!(files.as_array().unwrap().contains(&json!("logs/orderdock-2026-11-20.log")), "{files}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        zip.by_index(i).unwrap().read_to_string(&mut text).unwrap();
    }
    assert!(!text.contains("t0ps3cret") && !text.contains("13800138000") && text.contains("138****8000"), "{text}");

    // A folder that does not exist: a plain sentence.
    let bad = call(&w, "export_diagnostics", json!({"path": home.path().join("无此文件夹/x.zip")})).unwrap_err();
    assert!(bad["message"].as_str().unwrap().contains("诊断信息没能保存"), "{bad}");
}
