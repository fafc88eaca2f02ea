//! Every fault the sandbox can inject, on every endpoint (the DM Hub token endpoint
//! included), through both clients and the engine: a job rides each one out and every valid
//! order ends on the server exactly once; only refused credentials end a job.

mod common;

use common::*;
use orderdock_core::fields::Target;
use orderdock_core::messages::Lang;
use orderdock_remote::RemoteError;
use orderdock_remote::engine::{Client, Options};
use orderdock_sandbox::{Fault, Faults, Running, Snapshot};

const TOKEN: &str = "GET /security/accesstoken";
const CREATE: &str = "POST /v1/deals";
const ADD: &str = "POST /api/morder/thirdOrdAdd";

/// The faults of a call that does not involve a token (Revoke only touches DM Hub deals calls).
const TRANSPORT: [Fault; 7] = [Fault::Fail, Fault::Throttle, Fault::Drop, Fault::Html, Fault::Reset, Fault::Empty, Fault::Truncate];

fn dmhub(server: &Running) -> orderdock_remote::dmhub::DmHub {
    match client(Target::Dmhub, server) {
        Client::Dmhub(c) => c,
        Client::Mall2030(_) => unreachable!(),
    }
}

fn mall(server: &Running) -> orderdock_remote::mall2030::Mall2030 {
    match client(Target::Mall2030, server) {
        Client::Mall2030(c) => c,
        Client::Dmhub(_) => unreachable!(),
    }
}

/// Every order of `orders` is stored, once, as it was sent; nothing else is.
fn stored_exactly_once(snap: &Snapshot, target: Target, orders: &[orderdock_core::payload::OrderBody]) {
    match target {
        Target::Dmhub => {
            assert_eq!(snap.deals.len(), orders.len(), "{:?}", snap.counters);
            for o in orders {
                let d = snap.deal(&o.order_no).unwrap_or_else(|| panic!("{} not stored", o.order_no));
                assert_eq!(d["amountPaid"], o.body["amountPaid"]);
            }
        }
        Target::Mall2030 => {
            assert_eq!(snap.order_count(), orders.len(), "{:?}", snap.counters);
            assert_eq!(snap.counters.orders_stored, orders.len() as u64, "a Code is stored once");
            for o in orders {
                assert_eq!(snap.order(&o.shop, &o.order_no), Some(&o.body), "{} stored as sent", o.order_no);
            }
            assert_eq!(snap.counters.empty_batches, 0, "no call with an empty order list");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_off_dmhub_call_fails_retryably_on_every_token_endpoint_fault() {
    for fault in TRANSPORT {
        let server = sandbox(Faults::default()).await;
        server.inject(TOKEN, [fault]);
        let dm = dmhub(&server);
        let err = dm.get_deal_by_order_no("D1").await.unwrap_err();
        assert!(err.is_retryable(), "{fault:?}: {err:?} must be retried, not end the job");
        assert!(!matches!(err, RemoteError::Credentials(_)), "{fault:?}: {err:?}");
        // The next attempt fetches a token and gets the server's real answer.
        assert!(matches!(dm.get_deal_by_order_no("D1").await, Err(RemoteError::Refused { code, .. }) if code == "409200"), "{fault:?}");
        assert_eq!(server.snapshot().counters.faults_on(TOKEN, fault), 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_off_call_fails_retryably_on_every_fault_of_the_data_endpoint() {
    for fault in TRANSPORT {
        let server = sandbox(Faults::default()).await;
        let dm = dmhub(&server);
        dm.check_credentials().await.unwrap();
        server.inject(CREATE, [fault]);
        let err = dm.create_deal(&deals(1)[0].body).await.unwrap_err();
        assert!(err.is_retryable(), "dmhub {fault:?}: {err:?}");

        let m = mall(&server);
        server.inject(ADD, [fault]);
        let err = m.add_orders(&[mall_orders(1, 1)[0].body.clone()]).await.unwrap_err();
        assert!(err.is_retryable(), "2030 {fault:?}: {err:?}");
    }
}

/// A job of `n` orders with `faults` scripted on `endpoint`: it finishes without an error and
/// every order is stored once.
async fn job_rides_out(target: Target, endpoint: &str, faults: &[Fault], n: usize) -> Snapshot {
    let server = sandbox(Faults { rate_limit: 1000, ..Faults::default() }).await;
    server.inject(endpoint, faults.iter().copied());
    let dir = tempfile::tempdir().unwrap();
    let journal = journal(&dir);
    let orders = if target == Target::Dmhub { deals(n) } else { mall_orders(n, 2) };
    let opts = Options { rate_limit: 1000, ..quick(target) };
    let (outcome, _) = upload(&journal, client(target, &server), &orders, &opts).await;
    let snap = server.snapshot();
    assert_eq!(outcome.error, None, "{target:?} {endpoint} {faults:?}: {:?}", snap.counters);
    assert_eq!((outcome.pending, outcome.progress.rejected), (0, 0), "{target:?} {endpoint} {faults:?}");
    assert_eq!(outcome.progress.accepted + outcome.progress.already_uploaded, n);
    stored_exactly_once(&snap, target, &orders);
    for f in faults {
        assert!(snap.counters.faults_on(endpoint, *f) > 0, "{f:?} was injected on {endpoint}");
    }
    snap
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_engine_rides_out_every_fault_on_the_token_endpoint() {
    for fault in TRANSPORT {
        job_rides_out(Target::Dmhub, TOKEN, &[fault, fault, fault], 20).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_engine_rides_out_every_fault_on_the_data_endpoints() {
    for fault in TRANSPORT {
        job_rides_out(Target::Dmhub, CREATE, &[fault, fault, fault], 20).await;
        job_rides_out(Target::Mall2030, ADD, &[fault, fault, fault], 250).await;
    }
    // Revoked tokens: refused twice in a row, the deal is tried again later in the job.
    job_rides_out(Target::Dmhub, CREATE, &[Fault::Revoke; 6], 20).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_refused_again_after_the_refresh_carries_the_servers_code_and_text() {
    let server = sandbox(Faults::default()).await;
    let dm = dmhub(&server);
    server.inject("GET /v1/dealService/getDealByOrderNo", [Fault::Revoke]);
    // Refused once: one fresh token and the call goes through.
    assert!(matches!(dm.get_deal_by_order_no("D1").await, Err(RemoteError::Refused { code, .. }) if code == "409200"));
    server.inject("GET /v1/dealService/getDealByOrderNo", [Fault::Revoke, Fault::Revoke]);
    let err = dm.get_deal_by_order_no("D1").await.unwrap_err();
    assert!(err.is_retryable(), "an upload tries such an order again later: {err:?}");
    for lang in [Lang::Zh, Lang::En] {
        let m = err.message(lang);
        assert!(m.contains("40001") && m.contains("invalid access_token"), "{m}");
    }
    assert_eq!(server.snapshot().calls(TOKEN), 3, "one token, then one refresh per refusal: no loop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_call_is_ever_sent_with_an_empty_order_list() {
    let server = sandbox(Faults::default()).await;
    let m = mall(&server);
    assert!(matches!(m.add_orders(&[]).await, Err(RemoteError::EmptyBatch)));
    client(Target::Mall2030, &server).check_credentials().await.unwrap();
    let c = server.snapshot().counters;
    assert_eq!((c.empty_batches, server.snapshot().calls(ADD)), (0, 0), "{c:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_credentials_end_the_job_with_a_plain_message() {
    let server = sandbox(Faults::default()).await;
    for target in [Target::Dmhub, Target::Mall2030] {
        let c = orderdock_remote::profiles::connect(target, server.base_url(), "practice", "wrong", "practice").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let orders = if target == Target::Dmhub { deals(300) } else { mall_orders(300, 1) };
        let (outcome, _) = upload(&journal(&dir), c, &orders, &quick(target)).await;
        let err = outcome.error.expect("the job stops");
        assert!(matches!(err, RemoteError::Credentials(_)), "{target:?}: {err:?}");
        assert!(err.message(Lang::Zh).contains("账号信息不正确"), "{}", err.message(Lang::Zh));
        assert!(err.message(Lang::En).contains("credentials were refused"), "{}", err.message(Lang::En));
        assert!(outcome.pending > 0 && outcome.progress.accepted == 0);
    }
    let snap = server.snapshot();
    assert_eq!((snap.deals.len(), snap.order_count()), (0, 0));
    assert!(snap.calls(ADD) <= 2, "2030 stops at the first refusal (two calls in flight at most)");
}

/// Every fault at once, at random, on every endpoint: both targets store every order once.
/// Prints the figures (`cargo test -p orderdock-remote --test faults -- --nocapture`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_at_once_on_every_endpoint_stores_every_order_exactly_once() {
    let rate = 0.05;
    let faults = Faults {
        fail_rate: rate,
        throttle_rate: rate,
        drop_rate: rate,
        html_rate: rate,
        reset_rate: rate,
        empty_rate: rate,
        truncate_rate: rate,
        revoke_rate: rate,
        rate_limit: 1000,
        ..Faults::default()
    };
    for (target, n) in [(Target::Mall2030, 5_000), (Target::Dmhub, 2_000)] {
        let server = orderdock_sandbox::start(orderdock_sandbox::Config { faults: faults.clone(), seed: 9, ..orderdock_sandbox::Config::practice() }).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let journal = journal(&dir);
        let orders = if target == Target::Dmhub { deals(n) } else { mall_orders(n, 3) };
        let opts = Options { rate_limit: 1000, ..quick(target) };
        let (outcome, _) = upload(&journal, client(target, &server), &orders, &opts).await;
        let snap = server.snapshot();
        assert_eq!(outcome.error, None, "{target:?}: {:?}", snap.counters);
        assert_eq!(outcome.progress.accepted + outcome.progress.already_uploaded, n);
        stored_exactly_once(&snap, target, &orders);
        let c = &snap.counters;
        let kinds: Vec<Fault> = Fault::ALL.into_iter().filter(|f| target == Target::Dmhub || *f != Fault::Revoke).collect();
        for f in &kinds {
            assert!(c.faults.values().any(|m| m.get(f.name()).is_some_and(|n| *n > 0)), "{target:?}: {f:?} never injected: {c:?}");
        }
        if target == Target::Dmhub {
            assert!(c.faults.get(TOKEN).is_some_and(|m| m.values().sum::<u64>() > 0), "the token endpoint got faults too: {c:?}");
        }
        print_figures(&format!("engine, {target:?}, {n} orders, each fault at {rate}"), &snap, n);
    }
}

/// The closing note's figures: calls, faults of each kind, orders stored, duplicates.
fn print_figures(run: &str, snap: &Snapshot, n: usize) {
    let c = &snap.counters;
    let calls: u64 = c.calls.values().sum();
    let stored = snap.deals.len() + snap.order_count();
    let duplicates = c.orders_stored.saturating_sub(snap.order_count() as u64);
    eprintln!("== {run}");
    eprintln!("   calls {calls} ({})", c.calls.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", "));
    for f in Fault::ALL {
        let by: Vec<String> = c.faults.iter().filter_map(|(e, m)| m.get(f.name()).map(|n| format!("{e}: {n}"))).collect();
        eprintln!("   {:<24} {:>5}  {}", f.name(), by.iter().map(|s| s.rsplit(' ').next().unwrap().parse::<u64>().unwrap()).sum::<u64>(), by.join(", "));
    }
    eprintln!("   orders {n}, stored {stored}, duplicates stored {duplicates}; harmless re-sends: 2102 {} / DM Hub replaced {}", c.duplicates_refused, c.deals_replaced);
}
