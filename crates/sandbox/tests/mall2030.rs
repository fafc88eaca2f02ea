//! 接口 2030 thirdOrdAdd: the envelope, every refusal code, whole-call semantics, the rate limit.

mod common;

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use common::*;
use orderdock_sandbox::mall2030::{sign, timestamp};
use orderdock_sandbox::{Faults, PRACTICE_APP_ID, PRACTICE_SECRET};
use serde_json::{Value, json};

fn status(answer: &Value) -> i64 {
    answer["StatusCode"].as_i64().unwrap_or_else(|| panic!("no StatusCode in {answer}"))
}

#[tokio::test]
async fn a_batch_is_stored_and_the_answer_is_signed() {
    let s = server(Faults::default()).await;
    let a = post_orders(s.base_url(), &[order("HQS0001", "A1"), order("HQS0001", "A2")]).await;
    assert_eq!((a["Status"].as_bool(), status(&a), a["Result"].as_i64(), a["Msg"].as_str()), (Some(true), 200, Some(2), Some("成功")));
    let ts = a["Timestamp"].as_str().unwrap();
    assert_eq!(a["Sign"], sign(PRACTICE_APP_ID, ts, PRACTICE_SECRET));
    let snap = s.snapshot();
    assert_eq!(snap.order_count(), 2);
    assert_eq!(snap.order("HQS0001", "A2").unwrap()["RecvMobile"], "13122136787");
    assert_eq!(snap.counters.applied, 1);
    assert_eq!(snap.calls("POST /api/morder/thirdOrdAdd"), 1);
}

#[tokio::test]
async fn a_known_code_is_refused_with_2102_and_nothing_of_the_call_is_stored() {
    let s = server(Faults::default()).await;
    assert_eq!(status(&post_orders(s.base_url(), &[order("HQS0001", "A1")]).await), 200);
    let a = post_orders(s.base_url(), &[order("HQS0001", "A2"), order("HQS0001", "A1")]).await;
    assert_eq!((status(&a), a["Status"].as_bool(), a["Result"].as_i64()), (2102, Some(false), Some(0)));
    assert!(a["Msg"].as_str().unwrap().contains("A1"));
    let snap = s.snapshot();
    assert!(snap.order("HQS0001", "A2").is_none());
    assert_eq!(snap.counters.duplicates_refused, 1);
    // A Code is unique per ShopCode, not across shops.
    assert_eq!(status(&post_orders(s.base_url(), &[order("HQS0002", "A1")]).await), 200);
}

#[tokio::test]
async fn batch_shape_refusals() {
    let s = server(Faults::default()).await;
    let base = s.base_url();
    let twice = post_orders(base, &[order("S", "D1"), order("S", "D1")]).await;
    assert_eq!(status(&twice), 1200);
    assert!(twice["Msg"].as_str().unwrap().contains("D1"));
    let many: Vec<Value> = (0..101).map(|i| order("S", &format!("M{i}"))).collect();
    assert_eq!(status(&post_orders(base, &many).await), 1001);
    assert_eq!(status(&post_orders(base, &many[..100]).await), 200, "100 orders is the limit, not over it");
    assert_eq!(status(&post_orders(base, &[order("S1", "X1"), order("S2", "X2")]).await), 2001);
    assert_eq!(status(&post_orders(base, &[]).await), 307);
    assert_eq!(status(&post_form(base, &form("[{\"Code\": ")).await), 303);
    assert_eq!(status(&post_form(base, &form("{\"Code\": \"1\"}")).await), 303);
    assert_eq!(s.snapshot().order_count(), 100);
    assert_eq!(s.snapshot().counters.empty_batches, 1, "the empty call is counted, so client tests can assert there was none");
}

#[tokio::test]
async fn a_rule_failure_refuses_the_whole_call_with_406_naming_the_code() {
    let s = server(Faults::default()).await;
    let mut bad = order("S", "BAD1");
    bad["Dtls"][0]["Amount"] = json!(299.00); // lines add up to 449.00, TotalMoney says 450.00
    let a = post_orders(s.base_url(), &[order("S", "GOOD1"), bad]).await;
    assert_eq!(status(&a), 406);
    let msg = a["Msg"].as_str().unwrap();
    assert!(msg.contains("BAD1") && !msg.contains("GOOD1"), "{msg}");
    assert_eq!(s.snapshot().order_count(), 0);
    // A warning (an unknown DataOrigin) does not refuse.
    let mut odd = order("S", "W1");
    odd["DataOrigin"] = json!(1);
    assert_eq!(status(&post_orders(s.base_url(), &[odd]).await), 200);
}

#[tokio::test]
async fn order_numbers_on_the_refuse_list_fail_as_rules() {
    let s = server(Faults { refuse: ["NO1".to_string()].into(), ..Faults::default() }).await;
    let a = post_orders(s.base_url(), &[order("S", "NO1")]).await;
    assert_eq!(status(&a), 406);
    assert!(a["Msg"].as_str().unwrap().contains("NO1"));
}

#[tokio::test]
async fn credentials_timestamp_and_signature_are_checked() {
    let s = server(Faults::default()).await;
    let base = s.base_url();
    let args = Value::from(vec![order("S", "C1")]).to_string();
    let good = form(&args);
    assert_eq!(status(&post_form(base, &with(good.clone(), "AppId", "nobody")).await), 1000);
    assert_eq!(status(&post_form(base, &with(good.clone(), "AppSystem", "other")).await), 306);
    let no_system: Vec<_> = good.iter().filter(|(k, _)| k != "AppSystem").cloned().collect();
    assert_eq!(status(&post_form(base, &no_system).await), 306);
    assert_eq!(status(&post_form(base, &with(good.clone(), "Args", "")).await), 306);
    let lower = good.iter().find(|(k, _)| k == "Sign").unwrap().1.to_lowercase();
    assert_eq!(status(&post_form(base, &with(good.clone(), "Sign", &lower)).await), 405);
    let wrong_token = sign(PRACTICE_APP_ID, &good.iter().find(|(k, _)| k == "Timestamp").unwrap().1, "guess");
    assert_eq!(status(&post_form(base, &with(good.clone(), "Sign", &wrong_token)).await), 405);
    assert_eq!(status(&post_form(base, &with(good.clone(), "Timestamp", "2019-06-22 10:30:01")).await), 306);
    for minutes in [-11, 11] {
        let ts = timestamp(Utc::now() + TimeDelta::minutes(minutes));
        let signed = with(with(good.clone(), "Timestamp", &ts), "Sign", &sign(PRACTICE_APP_ID, &ts, PRACTICE_SECRET));
        assert_eq!(status(&post_form(base, &signed).await), 308, "{minutes} minutes off");
    }
    let ts = timestamp(Utc::now() - TimeDelta::minutes(9));
    let late_but_fine = with(with(good, "Timestamp", &ts), "Sign", &sign(PRACTICE_APP_ID, &ts, PRACTICE_SECRET));
    assert_eq!(status(&post_form(base, &late_but_fine).await), 200);
    assert_eq!(s.snapshot().order_count(), 1);
}

#[tokio::test]
async fn eleven_calls_in_a_second_meet_the_rate_limit() {
    let s = server(Faults::default()).await;
    // Sent together, so that a busy machine cannot spread them over more than a second.
    let calls = (0..11).map(|i| {
        let base = s.base_url().to_string();
        tokio::spawn(async move { status(&post_orders(&base, &[order("S", &format!("R{i}"))]).await) })
    });
    let mut codes = Vec::new();
    for call in calls.collect::<Vec<_>>() {
        codes.push(call.await.unwrap());
    }
    assert!(codes.contains(&407), "{codes:?}");
    let snap = s.snapshot();
    assert!(snap.counters.rate_limited >= 1);
    assert_eq!(snap.order_count(), codes.iter().filter(|c| **c == 200).count());
    // A refused order goes through once the client waits out the second.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(status(&post_orders(s.base_url(), &[order("S", "R10")]).await), 200);
}

#[tokio::test]
async fn a_client_keeping_to_ten_calls_a_second_is_never_limited() {
    let s = server(Faults::default()).await;
    let mut tick = tokio::time::interval(Duration::from_millis(110));
    // A call slowed by a busy machine must not make the next ones catch up in a burst.
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    for i in 0..25 {
        tick.tick().await;
        let a = post_orders(s.base_url(), &[order("S", &format!("P{i}"))]).await;
        assert_eq!(status(&a), 200, "call {i}: {a}");
    }
    let snap = s.snapshot();
    assert_eq!(snap.counters.rate_limited, 0);
    assert!(snap.counters.max_calls_per_second <= 10, "{}", snap.counters.max_calls_per_second);
    // That the window is one second wide, not wider, is `state::tests::the_rate_window_slides`'s.
    assert!(snap.counters.max_calls_per_second >= 2, "calls 110 ms apart share a second");
}
