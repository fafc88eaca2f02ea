//! The update check through IPC on the mock runtime, against a local `latest.json`: a build
//! without the updater's settings says so; with them, nothing is looked for until the
//! merchant agrees, nor while an upload runs; then the newer release is found.

use std::io::{Read, Write};
use std::net::TcpListener;

use orderdock_remote::engine::Control;
use serde_json::{Value, json};
use tauri::Manager;
use tauri::test::{mock_builder, mock_context, noop_assets};

mod common;
use common::call;

/// Serves `body` to every request on a port of its own, as a release's download URL would.
fn serve(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/latest.json", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = write!(stream, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
        }
    });
    url
}

fn code(answer: Result<Value, Value>) -> Value {
    answer.unwrap_err()["code"].clone()
}

#[test]
fn update_check_waits_for_consent_and_for_uploads() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("ORDERDOCK_HOME", home.path()) };

    // A build without the updater's settings (a fork's, a developer's).
    let plain = orderdock_desktop::commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    let w = tauri::WebviewWindowBuilder::new(&plain, "main", Default::default()).build().unwrap();
    assert_eq!(call(&w, "update_state", json!({})), Ok(json!({"inBuild": false, "consent": "unasked"})));
    assert_eq!(code(call(&w, "check_update", json!({}))), json!("update_not_in_build"));

    // A release build: its manifest names a newer version for every platform.
    let signature = "dW50cnVzdGVkIGNvbW1lbnQ6IG5vdCBhIHJlYWwgc2lnbmF0dXJl";
    let platform = json!({"signature": signature, "url": "https://example.invalid/OrderDock.tar.gz"});
    let platforms: serde_json::Map<String, Value> = ["linux-x86_64", "windows-x86_64", "darwin-aarch64", "darwin-x86_64"].iter().map(|p| (p.to_string(), platform.clone())).collect();
    let url = serve(json!({"version": "9.9.9", "notes": "新版本", "pub_date": "2026-12-01T00:00:00Z", "platforms": platforms}).to_string());
    let mut context = mock_context(noop_assets());
    context.config_mut().plugins.0.insert("updater".into(), json!({"pubkey": "not checked until a download", "endpoints": [url], "dangerousInsecureTransportProtocol": true}));
    let app = orderdock_desktop::commands(mock_builder()).build(context).unwrap();
    orderdock_desktop::updates::register(app.handle()).unwrap();
    let w = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    assert_eq!(call(&w, "update_state", json!({})), Ok(json!({"inBuild": true, "consent": "unasked"})));
    assert_eq!(code(call(&w, "check_update", json!({}))), json!("update_not_allowed"));
    assert_eq!(code(call(&w, "install_update", json!({}))), json!("update_not_allowed"));

    // Agreed to, and kept with the other settings.
    call(&w, "set_settings", json!({"lang": "en"})).unwrap();
    call(&w, "set_update_consent", json!({"allowed": true})).unwrap();
    call(&w, "set_settings", json!({"lang": "zh"})).unwrap();
    assert_eq!(call(&w, "update_state", json!({})), Ok(json!({"inBuild": true, "consent": "allowed"})));

    // While an upload runs: neither a check nor an install, with a sentence that says why.
    let state = app.state::<orderdock_desktop::state::AppState>();
    let (control, _keep) = tokio::sync::watch::channel(Control::Run);
    orderdock_desktop::state::lock(&state.jobs).insert("job-1".into(), control);
    let busy = call(&w, "check_update", json!({})).unwrap_err();
    assert_eq!(busy["code"], json!("update_uploading"));
    assert!(busy["message"].as_str().unwrap().contains("上传结束后"), "{busy}");
    assert_eq!(code(call(&w, "install_update", json!({}))), json!("update_uploading"));
    orderdock_desktop::state::lock(&state.jobs).clear();

    // Idle: the newer release is found.
    assert_eq!(call(&w, "check_update", json!({})), Ok(json!({"version": "9.9.9", "notes": "新版本"})));

    // Refused later: checks stop again.
    call(&w, "set_update_consent", json!({"allowed": false})).unwrap();
    assert_eq!(code(call(&w, "check_update", json!({}))), json!("update_not_allowed"));
}
