//! DM Hub corrections through the client against the sandbox: the PUT carries every line
//! when one is edited (the API replaces the lines), values keep their kinds, and the answer
//! is the deal as the server now holds it.

use chrono::{Duration, Utc};
use orderdock_core::messages::Lang;
use orderdock_core::payload::PatchError;
use orderdock_remote::corrections;
use orderdock_remote::dmhub::{CorrectionError, DmHub};
use orderdock_sandbox::{Config, Fault, PRACTICE_APP_ID, PRACTICE_SECRET, Running};
use serde_json::{Value, json};

async fn sandbox() -> Running {
    orderdock_sandbox::start(Config::practice()).await.unwrap()
}

fn dmhub(server: &Running) -> DmHub {
    DmHub::new(server.base_url(), PRACTICE_APP_ID, PRACTICE_SECRET).unwrap()
}

fn deal() -> Value {
    let date = (Utc::now() - Duration::days(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    serde_json::from_str(&format!(
        r#"{{"customerId": 8888, "orderNo": "C1", "amountPaid": 89.80, "amountTotal": 89.80, "dateOrder": "{date}", "store": "CL官方商城",
        "lines": [{{"lineId": "L1", "productName": "啤酒6瓶装", "productId": "1497", "qty": 2, "priceUnit": 29.90, "priceSubTotal": 59.80, "lAttr1": "红"}},
                  {{"lineId": "L2", "productName": "可乐", "qty": 1, "priceUnit": 30.00, "priceSubTotal": 30.00}}]}}"#
    ))
    .unwrap()
}

fn set(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_a_line_replaces_the_lines_and_keeps_every_other_field() {
    let server = sandbox().await;
    let hub = dmhub(&server);
    hub.create_deal(&deal()).await.unwrap();

    let lines = vec![("L1".to_string(), set(&[("qty", "3"), ("priceUnit", "25.5")])), ("L2".to_string(), set(&[("productName", "无糖可乐")]))];
    let back = corrections::correct(&hub, "C1", &set(&[("amountPaid", "106.50"), ("remark", "改了数量")]), &lines, chrono_tz::Asia::Shanghai).await.unwrap();

    let stored = server.snapshot().deal("C1").cloned().unwrap();
    let l = &stored["lines"];
    assert_eq!(l.as_array().map(Vec::len), Some(2), "the lines are replaced, not added to");
    assert_eq!((l[0]["qty"].clone(), l[0]["priceUnit"].to_string(), l[0]["priceSubTotal"].to_string()), (json!(3), "25.50".into(), "76.50".into()));
    assert_eq!((l[0]["productId"].as_str(), l[0]["lAttr1"].as_str()), (Some("1497"), Some("红")), "what was not edited is kept");
    assert_eq!((l[1]["productName"].as_str(), l[1]["priceSubTotal"].to_string()), (Some("无糖可乐"), "30.00".into()));
    assert_eq!((stored["amountPaid"].to_string(), stored["remark"].as_str(), stored["store"].as_str()), ("106.50".into(), Some("改了数量"), Some("CL官方商城")));
    assert!(stored["amountPaid"].is_number() && stored["customerId"] == 8888, "numbers stay numbers");
    assert_eq!(back["lines"], stored["lines"], "the answer is the deal read back");
    assert_eq!(server.snapshot().calls("PUT /v1/deals/{orderNo}"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_header_correction_sends_no_lines_and_a_bad_value_sends_nothing() {
    let server = sandbox().await;
    let hub = dmhub(&server);
    hub.create_deal(&deal()).await.unwrap();
    corrections::correct(&hub, "C1", &set(&[("contactName", "CL")]), &[], chrono_tz::Asia::Shanghai).await.unwrap();
    let stored = server.snapshot().deal("C1").cloned().unwrap();
    assert_eq!((stored["contactName"].as_str(), stored["lines"].as_array().map(Vec::len)), (Some("CL"), Some(2)));

    let bad = vec![("L1".to_string(), set(&[("qty", "两件")]))];
    let e = corrections::correct(&hub, "C1", &[], &bad, chrono_tz::Asia::Shanghai).await.unwrap_err();
    assert!(matches!(e, CorrectionError::Patch(PatchError::BadValue { .. })), "{e:?}");
    assert_eq!(e.message(Lang::Zh), "订购数量「两件」的格式不对，请填写整数，如 2");
    let missing = corrections::correct(&hub, "NONE", &[], &bad, chrono_tz::Asia::Shanghai).await.unwrap_err();
    assert!(matches!(missing, CorrectionError::Remote(_)), "an unknown deal is the server's answer: {missing:?}");
    assert_eq!(server.snapshot().calls("PUT /v1/deals/{orderNo}"), 1, "only the good correction was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_names_lines_of_the_deal_and_a_wrong_total_or_line_sends_nothing() {
    use orderdock_remote::corrections::RefundError;
    let server = sandbox().await;
    let hub = dmhub(&server);
    hub.create_deal(&deal()).await.unwrap();

    let bad = corrections::refund(&hub, "C1", &["L2".to_string()], Some("三十"), None, None).await.unwrap_err();
    assert!(matches!(&bad, RefundError::BadTotal(t) if t == "三十"), "{bad:?}");
    assert!(bad.message(Lang::Zh).starts_with("退款金额「三十」不是有效的金额") && bad.message(Lang::En).starts_with("Refund total \"三十\" is not an amount"));
    let missing = corrections::refund(&hub, "C1", &["L9".to_string()], None, None, None).await.unwrap_err();
    assert_eq!(missing.message(Lang::Zh), "订单 C1 没有订单行 L9，请重新查询后再选");
    assert_eq!(server.snapshot().calls("POST /v1/dealService/refund"), 0, "nothing sent for a wrong total or line");

    let answer = corrections::refund(&hub, "C1", &["L2".to_string()], Some("20"), Some("破损"), None).await.unwrap();
    assert_eq!(answer["refundLines"].as_array().map(Vec::len), Some(1), "{answer}");
    assert_eq!(server.snapshot().calls("POST /v1/dealService/refund"), 1);
    corrections::delete_refund(&hub, "C1").await.unwrap();
    corrections::cancel(&hub, "C1", None).await.unwrap();
    assert!(corrections::get(&hub, "C1").await.is_ok());
    corrections::delete(&hub, "C1").await.unwrap();
    assert!(server.snapshot().deal("C1").is_none());
    let gone = corrections::refund(&hub, "C1", &["L2".to_string()], None, None, None).await.unwrap_err();
    assert!(matches!(gone, RefundError::Remote(_)), "a deleted deal is the server's answer: {gone:?}");
}

/// The CLI's header-only PUT and the app's correction are one update: a fault on the way is
/// tried again, and a PUT applied before its answer was lost is sent again without harm.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_rides_out_faults_and_a_repeat_changes_nothing_more() {
    const PUT: &str = "PUT /v1/deals/{orderNo}";
    let server = sandbox().await;
    let hub = dmhub(&server);
    hub.create_deal(&deal()).await.unwrap();

    server.inject(PUT, [Fault::Drop, Fault::Fail]);
    corrections::update(&hub, "C1", &json!({"remark": "改了备注"})).await.unwrap();
    let stored = server.snapshot().deal("C1").cloned().unwrap();
    assert_eq!((stored["remark"].as_str(), stored["lines"].as_array().map(Vec::len)), (Some("改了备注"), Some(2)));
    assert_eq!(server.snapshot().calls(PUT), 3, "dropped after applying, refused, then answered");

    server.inject(PUT, [Fault::Truncate]);
    let lines = vec![("L2".to_string(), set(&[("qty", "2")]))];
    let back = corrections::correct(&hub, "C1", &[], &lines, chrono_tz::Asia::Shanghai).await.unwrap();
    assert_eq!((back["lines"][1]["qty"].clone(), back["lines"].as_array().map(Vec::len)), (json!(2), Some(2)), "the repeat replaced the lines again, not added to them");
}
