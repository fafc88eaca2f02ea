//! Injected faults on both APIs: lost answers are applied, failures and throttling are not,
//! the seed repeats the sequence, latency slows answers.

mod common;

use std::time::{Duration, Instant};

use common::*;
use orderdock_sandbox::{start, Config, Faults};
use reqwest::StatusCode;
use serde_json::Value;

fn drop_all() -> Faults {
    Faults { drop_rate: 1.0, ..Faults::default() }
}

#[tokio::test]
async fn a_lost_2030_answer_still_stores_the_batch_and_the_resend_reads_2102() {
    let s = server(drop_all()).await;
    let args = Value::from(vec![order("S", "L1")]).to_string();
    let sent = client().post(format!("{}/api/morder/thirdOrdAdd", s.base_url())).form(&form(&args)).send().await;
    assert!(sent.is_err(), "the client must see no answer: {sent:?}");
    let snap = s.snapshot();
    assert!(snap.order("S", "L1").is_some());
    assert_eq!((snap.counters.answers_dropped, snap.counters.applied), (1, 1));
    s.set_faults(Faults::default()).unwrap();
    assert_eq!(post_form(s.base_url(), &form(&args)).await["StatusCode"], 2102);
    assert_eq!(s.snapshot().order_count(), 1);
}

#[tokio::test]
async fn a_lost_dmhub_answer_still_stores_the_deal() {
    let s = server(Faults::default()).await;
    let token = token(s.base_url()).await;
    s.set_faults(drop_all()).unwrap();
    let sent = client().post(format!("{}/v1/deals?access_token={token}", s.base_url())).json(&deal("D1", 1)).send().await;
    assert!(sent.is_err(), "{sent:?}");
    assert!(s.snapshot().deal("D1").is_some());
}

#[tokio::test]
async fn injected_failures_are_not_applied() {
    let s = server(Faults::default()).await;
    let token = token(s.base_url()).await;
    s.set_faults(Faults { fail_rate: 1.0, ..Faults::default() }).unwrap();
    let a = post_orders(s.base_url(), &[order("S", "F1")]).await;
    assert_eq!((&a["StatusCode"], &a["Status"]), (&Value::from(500), &Value::from(false)));
    let response = client().post(format!("{}/v1/deals?access_token={token}", s.base_url())).json(&deal("D1", 1)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let snap = s.snapshot();
    assert_eq!((snap.order_count(), snap.deals.len(), snap.counters.applied, snap.counters.injected_failures), (0, 0, 0, 2));
}

#[tokio::test]
async fn injected_throttling_answers_429_and_407() {
    let s = server(Faults::default()).await;
    let token = token(s.base_url()).await;
    s.set_faults(Faults { throttle_rate: 1.0, ..Faults::default() }).unwrap();
    assert_eq!(post_orders(s.base_url(), &[order("S", "T1")]).await["StatusCode"], 407);
    let response = client().get(format!("{}/v1/deals?access_token={token}", s.base_url())).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let c = s.snapshot().counters;
    assert_eq!((c.injected_throttles, c.rate_limited, c.applied), (2, 0, 0));
}

#[tokio::test]
async fn the_seed_repeats_the_faults() {
    async fn outcomes(seed: u64) -> Vec<i64> {
        let faults = Faults { fail_rate: 0.5, rate_limit: 100, ..Faults::default() };
        let s = start(Config { faults, seed, ..Config::practice() }).await.unwrap();
        let mut codes = Vec::new();
        for i in 0..16 {
            codes.push(post_orders(s.base_url(), &[order("S", &format!("Q{i}"))]).await["StatusCode"].as_i64().unwrap());
        }
        s.shutdown().await;
        codes
    }
    let first = outcomes(42).await;
    assert!(first.contains(&200) && first.contains(&500), "{first:?}");
    assert_eq!(outcomes(42).await, first);
    assert_ne!(outcomes(43).await, first);
}

#[tokio::test]
async fn latency_slows_every_answer() {
    let s = server(Faults { latency_ms: 300, ..Faults::default() }).await;
    let t = Instant::now();
    assert_eq!(post_orders(s.base_url(), &[order("S", "S1")]).await["StatusCode"], 200);
    assert!(t.elapsed() >= Duration::from_millis(300), "{:?}", t.elapsed());
}
