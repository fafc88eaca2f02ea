//! Upload throughput against the sandbox, compared with the ceiling its rate limit and
//! latency allow, and the engine's CPU time per 1,000 orders.
//!
//! `cargo bench -p orderdock-remote --bench upload`. The engine runs on a current-thread
//! runtime on this thread, so this thread's CPU time is the engine's (client, journal,
//! JSON); the sandbox runs on its own threads.

use std::sync::Arc;
use std::time::{Duration, Instant};

use orderdock_core::fields::Target;
use orderdock_core::payload::OrderBody;
use orderdock_remote::engine::{self, Control, Options};
use orderdock_remote::journal::Journal;
use orderdock_remote::profiles::connect;
use orderdock_sandbox::{Config, Faults, PRACTICE_APP_ID, PRACTICE_APP_SYSTEM, PRACTICE_SECRET};
use serde_json::{Value, json};
use tokio::sync::watch;

/// CPU time of the calling thread (Linux: /proc/thread-self/schedstat, nanoseconds).
fn thread_cpu() -> Duration {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    Duration::from_nanos(text.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0))
}

fn money(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

fn orders(target: Target, n: usize) -> Vec<OrderBody> {
    let local = (chrono::Utc::now() + chrono::Duration::hours(8) - chrono::Duration::days(1)).format("%Y-%m-%d %H:%M:%S").to_string();
    let utc = (chrono::Utc::now() - chrono::Duration::days(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    (0..n)
        .map(|i| match target {
            Target::Mall2030 => OrderBody {
                order_no: format!("B{i:07}"),
                shop: "SHOP".into(),
                body: json!({"ShopCode": "SHOP", "Code": format!("B{i:07}"), "OrderTime": local, "TotalQty": 1, "TotalMoney": money("9.90"), "PayTime": local,
                    "BuyerCode": "b", "RecvConsignee": "张三", "RecvMobile": "13800000000", "Dtls": [{"BarCode": "690", "Quantity": 1, "Amount": money("9.90")}]}),
            },
            Target::Dmhub => OrderBody {
                order_no: format!("B{i:07}"),
                shop: String::new(),
                body: json!({"customerId": 1, "orderNo": format!("B{i:07}"), "amountPaid": money("9.90"), "dateOrder": utc,
                    "lines": [{"lineId": "1", "productName": "啤酒", "qty": 1}]}),
            },
        })
        .collect()
}

struct Run {
    seconds: f64,
    cpu_per_1000: Duration,
    rate_hits: u64,
}

fn run(target: Target, n: usize, latency_ms: u64) -> Run {
    let server_rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let server = server_rt.block_on(orderdock_sandbox::start(Config { faults: Faults { latency_ms, ..Faults::default() }, ..Config::practice() })).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = Arc::new(Journal::open(&dir.path().join("j.sqlite")).unwrap());
    let client = connect(target, server.base_url(), PRACTICE_APP_ID, PRACTICE_SECRET, PRACTICE_APP_SYSTEM).unwrap();
    let job = journal.create_job(target.id(), "bench", "bench", &orders(target, n)).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (_control, rx) = watch::channel(Control::Run);
    let cpu0 = thread_cpu();
    let t0 = Instant::now();
    let outcome = rt.block_on(engine::run(journal, Arc::new(client), &job, &Options::for_target(target), rx, &|_| {})).unwrap();
    let seconds = t0.elapsed().as_secs_f64();
    let cpu = thread_cpu() - cpu0;
    assert_eq!(outcome.progress.accepted, n);
    let rate_hits = server.snapshot().counters.rate_limited;
    Run { seconds, cpu_per_1000: cpu * 1000 / n as u32, rate_hits }
}

fn main() {
    let quick = std::env::var_os("ORDERDOCK_BENCH_QUICK").is_some();
    let (mall_n, dm_n) = if quick { (2_000, 400) } else { (10_000, 2_000) };
    let opts = Options::for_target(Target::Mall2030);
    println!("{:<34} {:>8} {:>12} {:>12} {:>7} {:>14}", "run", "orders", "orders/s", "ceiling/s", "ratio", "CPU/1000 ord.");
    for latency in [0, 50] {
        let r = run(Target::Mall2030, mall_n, latency);
        // Under a sliding one-second window the first `limit` calls go at once, so C calls
        // need at least (ceil(C / limit) - 1) s plus one answer's latency.
        let calls = mall_n.div_ceil(100);
        let min_secs = (calls.div_ceil(opts.rate_limit as usize) - 1) as f64 + latency as f64 / 1000.0;
        let ceiling = mall_n as f64 / min_secs;
        let rate = mall_n as f64 / r.seconds;
        println!(
            "{:<34} {:>8} {:>12.0} {:>12.0} {:>6.0}% {:>14?}   (407s: {})",
            format!("mall2030, {} calls/s, {latency} ms", opts.rate_limit),
            mall_n,
            rate,
            ceiling,
            100.0 * rate / ceiling,
            r.cpu_per_1000,
            r.rate_hits
        );
    }
    let dm = Options::for_target(Target::Dmhub);
    for latency in [0, 50] {
        let r = run(Target::Dmhub, dm_n, latency);
        let rate = dm_n as f64 / r.seconds;
        // No published limit: with latency the ceiling is `concurrency` answers per latency.
        let ceiling = if latency == 0 { f64::NAN } else { dm.concurrency as f64 * 1000.0 / latency as f64 };
        println!("{:<34} {:>8} {:>12.0} {:>12.0} {:>6.0}% {:>14?}", format!("dmhub, {} in flight, {latency} ms", dm.concurrency), dm_n, rate, ceiling, 100.0 * rate / ceiling, r.cpu_per_1000);
    }
}
