//! Orders and servers for the upload tests.

use std::sync::{Arc, Mutex};

use chrono::{Duration, Utc};
use orderdock_core::fields::Target;
use orderdock_core::payload::OrderBody;
use orderdock_remote::engine::{self, Client, Control, Event, Options, Outcome};
use orderdock_remote::journal::Journal;
use orderdock_remote::profiles::connect;
use orderdock_sandbox::{Config, Faults, PRACTICE_APP_ID, PRACTICE_APP_SYSTEM, PRACTICE_SECRET, Running};
use serde_json::{Value, json};
use tokio::sync::watch;

pub async fn sandbox(faults: Faults) -> Running {
    orderdock_sandbox::start(Config { faults, ..Config::practice() }).await.unwrap()
}

pub fn client(target: Target, server: &Running) -> Client {
    connect(target, server.base_url(), PRACTICE_APP_ID, PRACTICE_SECRET, PRACTICE_APP_SYSTEM).unwrap()
}

/// Money as the payload writes it: a JSON number with two decimals.
fn money(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// `n` valid 2030 orders over `shops` shops.
pub fn mall_orders(n: usize, shops: usize) -> Vec<OrderBody> {
    let time = (Utc::now() + Duration::hours(8) - Duration::days(1)).format("%Y-%m-%d %H:%M:%S").to_string();
    (0..n)
        .map(|i| {
            let shop = format!("SHOP{}", i % shops);
            let code = format!("M{i:06}");
            let body = json!({"ShopCode": shop, "Code": code, "OrderTime": time, "TotalQty": 2, "TotalMoney": money("19.80"), "PayTime": time,
                "BuyerCode": "buyer", "RecvConsignee": "张三", "RecvMobile": "13800000000",
                "Dtls": [{"BarCode": "6900000000001", "Quantity": 2, "Amount": money("19.80")}]});
            OrderBody { order_no: code, shop, body }
        })
        .collect()
}

/// `n` valid DM Hub deals dated yesterday.
pub fn deals(n: usize) -> Vec<OrderBody> {
    let date = (Utc::now() - Duration::days(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    (0..n)
        .map(|i| {
            let no = format!("D{i:06}");
            let body = json!({"customerId": 8888, "orderNo": no, "amountPaid": money("59.00"), "dateOrder": date,
                "lines": [{"lineId": "L1", "productName": "啤酒", "qty": 1, "priceSubTotal": money("59.00")}]});
            OrderBody { order_no: no, shop: String::new(), body }
        })
        .collect()
}

/// Journal `orders` as a new job and run it to the end; returns the outcome and the events.
pub async fn upload(journal: &Arc<Journal>, client: Client, orders: &[OrderBody], opts: &Options) -> (Outcome, Vec<Event>) {
    let job = journal.create_job(client.target().id(), "sandbox", "test", orders).unwrap();
    run(journal, client, &job, opts).await
}

pub async fn run(journal: &Arc<Journal>, client: Client, job: &str, opts: &Options) -> (Outcome, Vec<Event>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let (_control, rx) = watch::channel(Control::Run);
    let outcome = engine::run(journal.clone(), Arc::new(client), job, opts, rx, &move |e| sink.lock().unwrap().push(e)).await.unwrap();
    let events = events.lock().unwrap().clone();
    (outcome, events)
}

pub fn journal(dir: &tempfile::TempDir) -> Arc<Journal> {
    Arc::new(Journal::open(&dir.path().join("journal.sqlite")).unwrap())
}

/// Fast retries for tests: the delays are the server's faults, not ours.
pub fn quick(target: Target) -> Options {
    Options { base_delay: std::time::Duration::from_millis(5), max_delay: std::time::Duration::from_millis(50), max_attempts: 30, ..Options::for_target(target) }
}
