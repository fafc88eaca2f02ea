//! Starting and stopping: the in-process handle, the blocking entry point of the CLI.

mod common;

use std::sync::mpsc;

use common::*;
use orderdock_sandbox::{Config, Faults, Snapshot, run_blocking, start};

#[tokio::test]
async fn shutdown_closes_the_port() {
    let s = server(Faults::default()).await;
    let base = s.base_url().to_string();
    assert!(base.starts_with("http://127.0.0.1:"));
    s.shutdown().await;
    assert!(client().get(format!("{base}/_sandbox/state")).send().await.is_err());
}

#[tokio::test]
async fn bad_rates_are_refused() {
    let faults = Faults { fail_rate: 0.7, drop_rate: 0.7, ..Faults::default() };
    assert!(start(Config { faults, ..Config::practice() }).await.is_err());
}

#[test]
fn run_blocking_reports_its_url_and_serves() {
    let (tx, rx) = mpsc::channel();
    // The server runs until the test process ends, as it does under `orderdock sandbox`.
    std::thread::spawn(move || run_blocking(Config::practice(), |url| tx.send(url.to_string()).unwrap()));
    let base = rx.recv().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let snapshot: Snapshot = runtime.block_on(async { client().get(format!("{base}/_sandbox/state")).send().await.unwrap().json().await.unwrap() });
    assert_eq!(snapshot, Snapshot::default());
}

#[test]
fn run_blocking_returns_the_error_when_the_port_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let config = Config { port: taken.local_addr().unwrap().port(), ..Config::practice() };
    let Err(e) = run_blocking(config, |_| panic!("must not start"));
    assert_eq!(e.kind(), std::io::ErrorKind::AddrInUse);
}

#[tokio::test]
async fn a_server_that_keeps_its_data_has_it_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("练习环境.json");
    let keeping = || Config { save_to: Some(file.clone()), ..Config::practice() };
    let s = start(keeping()).await.unwrap();
    let base = s.base_url().to_string();
    let url = format!("{base}/v1/deals?access_token={}", token(&base).await);
    assert_eq!(client().post(&url).json(&deal("D1", 1)).send().await.unwrap().status(), 201);
    s.shutdown().await;

    // Restarted (on another port, as the app's practice server is): the deal is there.
    let s = start(keeping()).await.unwrap();
    assert_eq!(s.snapshot().deal("D1").unwrap()["amountPaid"].to_string(), "128.00");
    s.shutdown().await;

    // A file that cannot be read is set aside, and the server starts empty.
    std::fs::write(&file, "{ cut").unwrap();
    let s = start(keeping()).await.unwrap();
    assert!(s.snapshot().deals.is_empty());
    assert_eq!(std::fs::read_to_string(file.with_extension("damaged")).unwrap(), "{ cut");
    s.shutdown().await;
}
