//! Injected faults on both APIs: lost answers are applied, failures and throttling are not,
//! the seed repeats the sequence, latency slows answers.

mod common;

use std::time::{Duration, Instant};

use common::*;
use orderdock_sandbox::{Config, Fault, Faults, start};
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

// Every fault on every endpoint: scripted one at a time, checked at the HTTP level.

const TOKEN: &str = "GET /security/accesstoken";
const CREATE: &str = "POST /v1/deals";
const ADD: &str = "POST /api/morder/thirdOrdAdd";

fn token_url(base: &str) -> String {
    format!("{base}/security/accesstoken?grant_type=client_credentials&appid=practice&secret=practice-secret")
}

#[tokio::test]
async fn the_token_endpoint_shows_every_fault() {
    let s = server(Faults::default()).await;
    let base = s.base_url().to_string();
    let first = token(&base).await;
    let deal_ok = |t: String| {
        let base = base.clone();
        async move { client().get(format!("{base}/v1/deals?access_token={t}")).send().await.unwrap().json::<Value>().await.unwrap().get("error").is_none() }
    };

    // Not applied: the token in use keeps working.
    s.inject(TOKEN, [Fault::Html]);
    let r = client().get(token_url(&base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_GATEWAY);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(r.text().await.unwrap().contains("502 Bad Gateway"));
    s.inject(TOKEN, [Fault::Fail]);
    assert_eq!(client().get(token_url(&base)).send().await.unwrap().status(), StatusCode::INTERNAL_SERVER_ERROR);
    s.inject(TOKEN, [Fault::Throttle]);
    assert_eq!(client().get(token_url(&base)).send().await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    s.inject(TOKEN, [Fault::Reset]);
    assert!(client().get(token_url(&base)).send().await.is_err());
    assert!(deal_ok(first.clone()).await, "no fault so far issued a token");

    // Applied: a token was issued, so the one in use stops working.
    s.inject(TOKEN, [Fault::Drop]);
    assert!(client().get(token_url(&base)).send().await.is_err());
    assert!(!deal_ok(first).await);
    let second = token(&base).await;
    s.inject(TOKEN, [Fault::Empty]);
    let r = client().get(token_url(&base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "");
    assert!(!deal_ok(second).await);
    let third = token(&base).await;
    s.inject(TOKEN, [Fault::Truncate]);
    let text = client().get(token_url(&base)).send().await.unwrap().text().await.unwrap();
    assert!(text.starts_with("{\"") && serde_json::from_str::<Value>(&text).is_err(), "{text}");
    assert!(!deal_ok(third).await);

    let c = s.snapshot().counters;
    for f in [Fault::Html, Fault::Fail, Fault::Throttle, Fault::Reset, Fault::Drop, Fault::Empty, Fault::Truncate] {
        assert_eq!(c.faults_on(TOKEN, f), 1, "{f:?}: {c:?}");
    }
    assert_eq!((c.injected_html, c.connections_reset, c.empty_answers, c.truncated_answers, c.faults_injected()), (1, 1, 1, 1, 7));
}

#[tokio::test]
async fn deals_calls_show_every_fault_and_say_whether_they_were_applied() {
    let s = server(Faults::default()).await;
    let base = s.base_url().to_string();
    let t = token(&base).await;
    let create = |no: &str| client().post(format!("{base}/v1/deals?access_token={t}")).json(&deal(no, 1)).send();

    s.inject(CREATE, [Fault::Html]);
    assert_eq!(create("H").await.unwrap().status(), StatusCode::BAD_GATEWAY);
    s.inject(CREATE, [Fault::Reset]);
    assert!(create("R").await.is_err());
    s.inject(CREATE, [Fault::Empty]);
    let r = create("E").await.unwrap();
    assert_eq!((r.status(), r.text().await.unwrap()), (StatusCode::OK, String::new()));
    s.inject(CREATE, [Fault::Truncate]);
    let text = create("T").await.unwrap().text().await.unwrap();
    assert!(text.starts_with('{') && serde_json::from_str::<Value>(&text).is_err(), "{text}");
    let snap = s.snapshot();
    assert!(snap.deal("H").is_none() && snap.deal("R").is_none(), "HTML 502 and a reset are not applied");
    assert!(snap.deal("E").is_some() && snap.deal("T").is_some(), "an empty or cut-off answer follows the write");

    // A token fetched elsewhere just before the call: this call's token is refused.
    s.inject(CREATE, [Fault::Revoke]);
    let body: Value = create("V").await.unwrap().json().await.unwrap();
    assert_eq!(body["error"]["code"], "40001", "{body}");
    assert!(s.snapshot().deal("V").is_none());
    let fresh = token(&base).await;
    let r = client().post(format!("{base}/v1/deals?access_token={fresh}")).json(&deal("V", 1)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // The same orderNo again replaces the deal; the counter says so.
    let r = client().post(format!("{base}/v1/deals?access_token={fresh}")).json(&deal("V", 1)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let c = s.snapshot().counters;
    assert_eq!((c.tokens_revoked, c.deals_replaced, c.faults_on(CREATE, Fault::Revoke)), (1, 1, 1));
}

#[tokio::test]
async fn the_2030_endpoint_shows_every_fault() {
    let s = server(Faults::default()).await;
    let base = s.base_url().to_string();
    let post = |code: &str| client().post(format!("{base}/api/morder/thirdOrdAdd")).form(&form(&Value::from(vec![order("S", code)]).to_string())).send();

    s.inject(ADD, [Fault::Html]);
    assert_eq!(post("H").await.unwrap().status(), StatusCode::BAD_GATEWAY);
    s.inject(ADD, [Fault::Reset]);
    assert!(post("R").await.is_err());
    s.inject(ADD, [Fault::Revoke]);
    assert_eq!(post("V").await.unwrap().json::<Value>().await.unwrap()["StatusCode"], 200, "2030 has no token: nothing to revoke");
    s.inject(ADD, [Fault::Empty]);
    assert_eq!(post("E").await.unwrap().text().await.unwrap(), "");
    s.inject(ADD, [Fault::Truncate]);
    let text = post("T").await.unwrap().text().await.unwrap();
    assert!(text.starts_with("{\"") && serde_json::from_str::<Value>(&text).is_err(), "{text}");
    let snap = s.snapshot();
    assert!(snap.order("S", "H").is_none() && snap.order("S", "R").is_none());
    assert!(snap.order("S", "E").is_some() && snap.order("S", "T").is_some() && snap.order("S", "V").is_some());
    let c = snap.counters;
    assert_eq!((c.injected_html, c.connections_reset, c.empty_answers, c.truncated_answers, c.tokens_revoked, c.orders_stored), (1, 1, 1, 1, 0, 3));
}

#[tokio::test]
async fn scripted_faults_go_to_their_endpoint_in_order_then_the_draws_resume() {
    let s = server(Faults::default()).await;
    s.inject(ADD, [Fault::Fail, Fault::Throttle]);
    let t = token(s.base_url()).await;
    assert!(!t.is_empty(), "a fault scripted for 2030 does not touch the token endpoint");
    assert_eq!(post_orders(s.base_url(), &[order("S", "A")]).await["StatusCode"], 500);
    assert_eq!(post_orders(s.base_url(), &[order("S", "A")]).await["StatusCode"], 407);
    assert_eq!(post_orders(s.base_url(), &[order("S", "A")]).await["StatusCode"], 200);
}
