//! The `orderdock` binary against the practice sandbox: upload, a `kill -9` mid-upload then
//! resume (or re-run), a wrong secret, DM Hub corrections and a 2030 return.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use orderdock_sandbox::{Config, Fault, Faults, Running, Snapshot};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_orderdock");

/// A sandbox on its own runtime, alive for the test.
struct Server {
    running: Running,
    _rt: tokio::runtime::Runtime,
}

impl Server {
    fn start(faults: Faults) -> Server {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let running = rt.block_on(orderdock_sandbox::start(Config { faults, ..Config::practice() })).unwrap();
        Server { running, _rt: rt }
    }

    fn url(&self) -> &str {
        self.running.base_url()
    }

    fn snapshot(&self) -> Snapshot {
        self.running.snapshot()
    }
}

fn orderdock(home: &Path, secret: &str) -> Command {
    let mut c = Command::new(BIN);
    c.env("ORDERDOCK_HOME", home).env("ORDERDOCK_APP_ID", "practice").env("ORDERDOCK_SECRET", secret).env("ORDERDOCK_APP_SYSTEM", "practice");
    c
}

/// A 2030 export of `n` good orders (yesterday) plus one with a wrong total, and its mapping.
fn mall_file(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let time = (chrono::Utc::now() + chrono::Duration::hours(8) - chrono::Duration::days(1)).format("%Y-%m-%d %H:%M:%S");
    let mut csv = String::from("订单编号,买家会员名,收货人姓名,联系手机,订单创建时间,订单付款时间,总金额,宝贝总数量,商家编码,购买数量,金额\n");
    for i in 0..n {
        csv += &format!("T{i:06},nick{i},张三,13122136787,{time},{time},90.00,2,6900{i},2,90\n");
    }
    csv += &format!("BAD000,nick,张三,13122136787,{time},{time},80.00,2,6900,2,90\n");
    let file = dir.join("orders.csv");
    std::fs::write(&file, csv).unwrap();
    let mapping = dir.join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"target": "mall2030", "fields": {"ShopCode": {"value": "HQS0001"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "订单创建时间"},
          "TotalQty": {"column": "宝贝总数量"}, "TotalMoney": {"column": "总金额"}, "PayTime": {"column": "订单付款时间"}, "BuyerCode": {"column": "买家会员名"},
          "RecvConsignee": {"column": "收货人姓名"}, "RecvMobile": {"column": "联系手机"}, "Dtls.BarCode": {"column": "商家编码"},
          "Dtls.Quantity": {"column": "购买数量"}, "Dtls.Amount": {"column": "金额"}}}"#,
    )
    .unwrap();
    (file, mapping)
}

fn last_json(stdout: &[u8]) -> Value {
    let text = String::from_utf8_lossy(stdout);
    serde_json::from_str(text.lines().last().unwrap_or("null")).unwrap()
}

const N: usize = 5000;

#[test]
fn kill_9_mid_upload_then_resume_or_rerun_stores_every_order_exactly_once() {
    for resume in [true, false] {
        // 50 ms per answer, two calls in flight: 5,000 orders take over a second.
        let server = Server::start(Faults { latency_ms: 50, rate_limit: 100, ..Faults::default() });
        let dir = tempfile::tempdir().unwrap();
        let (file, mapping) = mall_file(dir.path(), N);
        let mut child = orderdock(dir.path(), "practice-secret")
            .args(["upload", file.to_str().unwrap(), "--mapping", mapping.to_str().unwrap(), "--endpoint", server.url(), "--json", "--rate-limit", "100"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut job = String::new();
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let v: Value = serde_json::from_str(&line.unwrap()).unwrap();
            job = v["job"].as_str().unwrap_or(&job).to_string();
            if v["done"].as_u64().is_some_and(|d| d >= 500) {
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL: no chance to write anything more
        child.wait().unwrap();
        let stored_at_kill = server.snapshot().order_count();
        assert!((500..N).contains(&stored_at_kill), "{stored_at_kill}");

        let mut again = orderdock(dir.path(), "practice-secret");
        again.args(["upload", file.to_str().unwrap(), "--mapping", mapping.to_str().unwrap(), "--endpoint", server.url(), "--json", "--rate-limit", "100"]);
        if resume {
            again.args(["--resume", &job]);
        }
        let out = again.output().unwrap();
        let summary = last_json(&out.stdout);
        assert_eq!(server.snapshot().order_count(), N, "resume={resume}: every order stored once");
        assert_eq!(summary["rejected"], 0);
        assert_eq!(summary["skipped_invalid"], 1);
        assert_eq!(out.status.code(), Some(1), "the invalid order keeps the exit status at 1");
        if resume {
            assert_eq!(summary["accepted"].as_u64().unwrap() + summary["already_uploaded"].as_u64().unwrap(), N as u64, "{summary}");
        }
        // And once more: nothing is sent twice.
        let out = orderdock(dir.path(), "practice-secret").args(["upload", file.to_str().unwrap(), "--mapping", mapping.to_str().unwrap(), "--endpoint", server.url(), "--json"]).output().unwrap();
        let summary = last_json(&out.stdout);
        assert_eq!((summary["sent"].as_u64(), summary["accepted"].as_u64(), summary["already_uploaded"].as_u64()), (Some(0), Some(0), Some(N as u64)));
    }
}

#[test]
fn a_wrong_secret_fails_fast_with_one_clear_line() {
    let server = Server::start(Faults::default());
    let dir = tempfile::tempdir().unwrap();
    let (file, mapping) = mall_file(dir.path(), 3);
    let started = std::time::Instant::now();
    let out = orderdock(dir.path(), "wrong").args(["upload", file.to_str().unwrap(), "--mapping", mapping.to_str().unwrap(), "--endpoint", server.url()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("账号信息不正确"), "{err}");
    assert!(!err.contains("wrong"), "the secret is never printed: {err}");
    assert_eq!(server.snapshot().order_count(), 0);
}

/// A DM Hub export with one deal (D1, two lines, two days ago) and its mapping, in `dir`.
fn deal_file(dir: &Path) {
    let date = (chrono::Utc::now() + chrono::Duration::hours(8) - chrono::Duration::days(2)).format("%Y-%m-%d %H:%M:%S");
    std::fs::write(dir.join("deals.csv"), format!("订单号,手机,实付,时间,行,品名,数量,小计\nD1,13800000000,79,{date},L1,啤酒,1,69\nD1,13800000000,79,{date},L2,杯子,1,10\n")).unwrap();
    std::fs::write(
        dir.join("m.json"),
        r#"{"target": "dmhub", "fields": {"identities.mobile": {"column": "手机"}, "orderNo": {"column": "订单号"}, "amountPaid": {"column": "实付"},
          "dateOrder": {"column": "时间"}, "lines.lineId": {"column": "行"}, "lines.productName": {"column": "品名"}, "lines.qty": {"column": "数量"},
          "lines.priceSubTotal": {"column": "小计"}}}"#,
    )
    .unwrap();
}

#[test]
fn dmhub_corrections_through_the_deal_commands() {
    let server = Server::start(Faults::default());
    let dir = tempfile::tempdir().unwrap();
    deal_file(dir.path());
    let deal = |args: &[&str]| {
        let out = orderdock(dir.path(), "practice-secret").arg("deal").args(args).args(["--endpoint", server.url(), "--json"]).output().unwrap();
        (out.status.code(), serde_json::from_slice::<Value>(&out.stdout).unwrap_or(Value::Null), String::from_utf8_lossy(&out.stderr).to_string())
    };
    let up = orderdock(dir.path(), "practice-secret").current_dir(dir.path()).args(["upload", "deals.csv", "--mapping", "m.json", "--endpoint", server.url(), "--json"]).output().unwrap();
    assert_eq!(up.status.code(), Some(0), "{}", String::from_utf8_lossy(&up.stderr));

    let (code, got, _) = deal(&["get", "D1"]);
    assert_eq!(code, Some(0));
    assert_eq!(got["lines"].as_array().unwrap().len(), 2);
    assert_eq!(deal(&["list", "--rows", "5"]).1["records"], 1);
    assert_eq!(deal(&["update", "D1", "--set", "contactName=王五"]).1["contactName"], "王五");
    let (_, refund, _) = deal(&["refund", "D1", "--line", "L2", "--reason", "破损"]);
    assert_eq!(refund["refundLines"].as_array().unwrap().len(), 1);
    assert_eq!(deal(&["get", "D1"]).1["state"], "部分退单");
    deal(&["delete-refund", "D1"]);
    assert_eq!(deal(&["cancel", "D1"]).1["state"], "已取消");
    assert_eq!(deal(&["delete", "D1"]).0, Some(0));
    let (code, _, err) = deal(&["get", "D1"]);
    assert_eq!(code, Some(1), "a refusal exits 1");
    assert!(err.contains("409200"), "{err}");
    assert!(server.snapshot().deal("D1").is_none());
}

#[test]
fn a_2030_return_is_built_from_the_upload_history() {
    let server = Server::start(Faults::default());
    let dir = tempfile::tempdir().unwrap();
    let (file, mapping) = mall_file(dir.path(), 2);
    orderdock(dir.path(), "practice-secret").args(["upload", file.to_str().unwrap(), "--mapping", mapping.to_str().unwrap(), "--endpoint", server.url()]).output().unwrap();
    let out = orderdock(dir.path(), "practice-secret").args(["return", "T000001", "--code", "R000001", "--endpoint", server.url(), "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stored = server.snapshot().order("HQS0001", "R000001").cloned().unwrap();
    assert_eq!(stored["OriginalCode"], "T000001");
    assert_eq!(stored["TotalQty"], -2);
    assert_eq!(stored["TotalMoney"].to_string(), "-90.00");
}

const TOKEN: &str = "GET /security/accesstoken";

#[test]
fn deal_commands_ride_out_token_faults_and_report_a_token_refused_twice_with_the_servers_words() {
    let server = Server::start(Faults::default());
    let dir = tempfile::tempdir().unwrap();
    deal_file(dir.path());
    let up = orderdock(dir.path(), "practice-secret").current_dir(dir.path()).args(["upload", "deals.csv", "--mapping", "m.json", "--endpoint", server.url(), "--json"]).output().unwrap();
    assert_eq!(up.status.code(), Some(0), "{}", String::from_utf8_lossy(&up.stderr));
    let get = |lang: &str| orderdock(dir.path(), "practice-secret").args(["--lang", lang, "deal", "get", "D1", "--endpoint", server.url(), "--json"]).output().unwrap();

    // A gateway's 502 page, an empty 200 and a cut-off answer on the token fetch: tried again.
    server.running.inject(TOKEN, [Fault::Html, Fault::Empty, Fault::Truncate]);
    let out = get("zh");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap()["orderNo"], "D1");
    server.running.inject("GET /v1/deals/{orderNo}", [Fault::Fail, Fault::Reset]);
    let out = orderdock(dir.path(), "practice-secret").args(["deal", "update", "D1", "--set", "contactName=王五", "--endpoint", server.url(), "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    // Refused, refreshed, refused again: exit 1 with the server's code and text, no loop.
    for (lang, words) in [("zh", "更新访问令牌后仍然拒绝"), ("en", "refused the access token again")] {
        server.running.inject("GET /v1/dealService/getDealByOrderNo", [Fault::Revoke, Fault::Revoke]);
        let tokens = server.snapshot().calls(TOKEN);
        let out = get(lang);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains("40001") && err.contains("invalid access_token") && err.contains(words), "{err}");
        assert_eq!(server.snapshot().calls(TOKEN), tokens + 2, "one token, one refresh");
    }
}

/// Each fault at `rate` on every endpoint.
fn every_fault(rate: f64) -> Faults {
    Faults { fail_rate: rate, throttle_rate: rate, drop_rate: rate, html_rate: rate, reset_rate: rate, empty_rate: rate, truncate_rate: rate, revoke_rate: rate, ..Faults::default() }
}

/// `n` valid DM Hub deals (one line each, yesterday) and an invalid one, and the mapping.
fn deals_file(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let date = (chrono::Utc::now() + chrono::Duration::hours(8) - chrono::Duration::days(1)).format("%Y-%m-%d %H:%M:%S");
    let mut csv = String::from("订单号,手机,实付,时间,行,品名,数量\n");
    for i in 0..n {
        csv += &format!("D{i:06},1380000{i:04},59.00,{date},L1,啤酒,1\n");
    }
    csv += &format!("DBAD,13800000000,abc,{date},L1,啤酒,1\n");
    let file = dir.join("deals.csv");
    std::fs::write(&file, csv).unwrap();
    let mapping = dir.join("m.json");
    std::fs::write(
        &mapping,
        r#"{"target": "dmhub", "fields": {"identities.mobile": {"column": "手机"}, "orderNo": {"column": "订单号"}, "amountPaid": {"column": "实付"},
          "dateOrder": {"column": "时间"}, "lines.lineId": {"column": "行"}, "lines.productName": {"column": "品名"}, "lines.qty": {"column": "数量"}}}"#,
    )
    .unwrap();
    (file, mapping)
}

/// Every fault of the sandbox on every endpoint, `kill -9` mid-job, `--resume`: each valid
/// order is stored exactly once (asserted through the sandbox's state), for both targets.
/// Prints the figures (`-- --nocapture`).
#[test]
fn kill_9_mid_upload_under_every_fault_then_resume_stores_every_order_exactly_once() {
    for (target, n, kill_at) in [("mall2030", 3000, 300), ("dmhub", 1000, 100)] {
        let faults = Faults { latency_ms: if target == "dmhub" { 10 } else { 20 }, rate_limit: 100, ..every_fault(0.03) };
        let server = Server::start(faults);
        let dir = tempfile::tempdir().unwrap();
        let (file, mapping) = if target == "dmhub" { deals_file(dir.path(), n) } else { mall_file(dir.path(), n) };
        let args = ["upload", file.to_str().unwrap(), "--mapping", mapping.to_str().unwrap(), "--endpoint", server.url(), "--json", "--rate-limit", "100"];
        let mut child = orderdock(dir.path(), "practice-secret").args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut job = String::new();
        let mut killed_mid_job = false;
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let v: Value = serde_json::from_str(&line.unwrap()).unwrap();
            job = v["job"].as_str().unwrap_or(&job).to_string();
            if v["done"].as_u64().is_some_and(|d| d >= kill_at) {
                killed_mid_job = true;
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL: no chance to write anything more
        let first = child.wait_with_output().unwrap();
        assert!(killed_mid_job, "{target}: the upload ended before {kill_at} orders: {}", String::from_utf8_lossy(&first.stderr));
        let at_kill = server.snapshot();
        let stored_at_kill = at_kill.deals.len() + at_kill.order_count();
        assert!((kill_at as usize..n).contains(&stored_at_kill), "{target}: {stored_at_kill}");

        let out = orderdock(dir.path(), "practice-secret").args(args).args(["--resume", &job]).output().unwrap();
        let summary = last_json(&out.stdout);
        let snap = server.snapshot();
        assert_eq!(summary["pending"], 0, "{target}: {summary} {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!((summary["rejected"].as_u64(), summary["skipped_invalid"].as_u64()), (Some(0), Some(1)), "{target}: {summary}");
        assert_eq!(summary["accepted"].as_u64().unwrap() + summary["already_uploaded"].as_u64().unwrap(), n as u64, "{target}: {summary}");
        assert_eq!(out.status.code(), Some(1), "the invalid order keeps the exit status at 1");
        let c = &snap.counters;
        if target == "dmhub" {
            assert_eq!(snap.deals.len(), n);
            assert!((0..n).all(|i| snap.deal(&format!("D{i:06}")).is_some_and(|d| serde_json::to_string(&d["amountPaid"]).is_ok_and(|t| t == "59.00"))), "every deal stored as sent");
            assert!(c.faults.get(TOKEN).is_some_and(|m| m.values().sum::<u64>() > 0) || c.tokens_revoked > 0, "{c:?}");
        } else {
            assert_eq!(snap.order_count(), n, "every order stored once");
            assert_eq!(c.orders_stored, n as u64, "no Code stored twice");
            assert!((0..n).all(|i| snap.order("HQS0001", &format!("T{i:06}")).is_some()));
            assert_eq!(c.empty_batches, 0, "no call with an empty order list");
        }
        let kinds = [
            ("server_error", c.injected_failures),
            ("throttled", c.injected_throttles),
            ("dropped_after_applying", c.answers_dropped),
            ("html_502", c.injected_html),
            ("reset_before_applying", c.connections_reset),
            ("empty_200", c.empty_answers),
            ("truncated_json", c.truncated_answers),
            ("token_revoked", c.tokens_revoked),
        ];
        for (name, count) in kinds {
            assert!(count > 0 || (name == "token_revoked" && target == "mall2030"), "{target}: {name} never injected: {c:?}");
        }
        eprintln!("== CLI {target}: {n} valid orders + 1 invalid, each fault at 0.03, kill -9 after {kill_at} done ({stored_at_kill} stored), then --resume");
        eprintln!("   calls {} ({:?})", c.calls.values().sum::<u64>(), c.calls);
        eprintln!("   faults {}: {}", c.faults_injected(), kinds.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", "));
        eprintln!("   faults by endpoint {:?}", c.faults);
        eprintln!(
            "   stored {}, duplicates stored {}; harmless re-sends: 2102 {} / DM Hub replaced {}",
            snap.deals.len() + snap.order_count(),
            c.orders_stored.saturating_sub(snap.order_count() as u64),
            c.duplicates_refused,
            c.deals_replaced
        );
        eprintln!("   resume summary {summary}");
    }
}

#[test]
fn the_sandbox_command_takes_every_fault_flag_old_and_new() {
    use std::io::{Read, Write};
    let mut child = Command::new(BIN)
        .args([
            "sandbox",
            "--port",
            "0",
            "--fail-rate",
            "0",
            "--throttle-rate",
            "0",
            "--drop-rate",
            "0",
            "--latency-ms",
            "0",
            "--token-ttl",
            "7200",
            "--rate-limit",
            "10",
            "--refuse",
            "X1",
            "--seed",
            "3",
        ])
        .args(["--reset-rate", "0", "--empty-rate", "0", "--truncate-rate", "0", "--revoke-rate", "0", "--html-rate", "1"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let addr = first.trim().strip_prefix("http://").unwrap_or_else(|| panic!("{first}")).to_string();
    let mut tcp = std::net::TcpStream::connect(&addr).unwrap();
    write!(tcp, "GET /security/accesstoken?grant_type=client_credentials&appid=practice&secret=practice-secret HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(answer.starts_with("HTTP/1.1 502") && answer.contains("<html>"), "{answer}");
}
