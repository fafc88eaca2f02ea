//! DM Hub: tokens and the nine deals endpoints, the month window, rule refusals.

mod common;

use std::time::Duration;

use common::*;
use orderdock_sandbox::{Faults, PRACTICE_APP_ID, PRACTICE_SECRET, Running, Snapshot};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A client of one server with a valid token.
struct Hub {
    base: String,
    token: String,
}

impl Hub {
    async fn new(s: &Running) -> Hub {
        Hub { base: s.base_url().to_string(), token: token(s.base_url()).await }
    }

    /// Calls `path` (query included or not) with the token; the status and the JSON body (Null when empty).
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut req = client().request(method, format!("{}{path}{sep}access_token={}", self.base, self.token));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let response = req.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}")) })
    }

    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.call(Method::GET, path, None).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(body)).await
    }
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_else(|| panic!("no error code in {body}"))
}

fn order_nos(list: &Value) -> Vec<&str> {
    list["rows"].as_array().unwrap().iter().map(|d| d["orderNo"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn tokens_one_per_app_and_they_expire() {
    let s = server(Faults { token_ttl_secs: 1, ..Faults::default() }).await;
    let base = s.base_url();
    let bad: Value = client().get(format!("{base}/security/accesstoken?grant_type=client_credentials&appid={PRACTICE_APP_ID}&secret=wrong")).send().await.unwrap().json().await.unwrap();
    assert_eq!(bad, json!({"error_code": "40004", "error_description": "the params is illegal"}));
    let answer: Value = client().get(format!("{base}/security/accesstoken?grant_type=client_credentials&appid={PRACTICE_APP_ID}&secret={PRACTICE_SECRET}")).send().await.unwrap().json().await.unwrap();
    assert_eq!((answer["error_code"].as_i64(), answer["expires_in"].as_u64()), (Some(0), Some(1)));
    let first = Hub { base: base.into(), token: answer["access_token"].as_str().unwrap().into() };
    let second = Hub::new(&s).await;
    assert_ne!(first.token, second.token);
    let (status, body) = first.call(Method::GET, "/v1/deals", None).await;
    assert_eq!((status, error_code(&body)), (StatusCode::OK, "40001"), "a new fetch invalidates the old token");
    assert_eq!(second.get("/v1/deals").await["records"], 0);
    let nobody = Hub { base: base.into(), token: "made-up".into() };
    assert_eq!(error_code(&nobody.call(Method::GET, "/v1/deals", None).await.1), "40001");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(error_code(&second.call(Method::GET, "/v1/deals", None).await.1), "42001");
    assert_eq!(Hub::new(&s).await.get("/v1/deals").await["records"], 0, "a fresh token works again");
}

#[tokio::test]
async fn create_echoes_the_deal_and_the_same_order_no_replaces_it() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    let (status, created) = hub.post("/v1/deals", deal("D1", 1)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["customerId"], json!(8888));
    assert_eq!(created["amountPaid"].to_string(), "128.00", "money is echoed as the number sent");
    assert_eq!(created["attr1"], "custom");
    let mut again = deal("D1", 1);
    again["amountPaid"] = json!("100.00"); // money sent as text comes back a number
    again["amountTotal"] = num("110.00");
    again["lines"].as_array_mut().unwrap().pop();
    let (status, replaced) = hub.post("/v1/deals", again).await;
    assert_eq!((status, replaced["amountPaid"].to_string()), (StatusCode::CREATED, "100.00".to_string()));
    let got = hub.get("/v1/deals/D1").await;
    assert_eq!((got["amountPaid"].to_string(), got["lines"].as_array().unwrap().len()), ("100.00".to_string(), 1));
    assert_eq!(s.snapshot().counters.applied, 2);
}

#[tokio::test]
async fn rule_failures_refuse_with_field_errors_and_warnings_do_not() {
    let s = server(Faults { refuse: ["NO".to_string()].into(), ..Faults::default() }).await;
    let hub = Hub::new(&s).await;
    let mut no_qty = deal("E1", 1);
    no_qty["lines"][1].as_object_mut().unwrap().remove("qty");
    no_qty.as_object_mut().unwrap().remove("customerId");
    let (status, body) = hub.post("/v1/deals", no_qty).await;
    assert_eq!((status, error_code(&body), body["error"]["message"].as_str()), (StatusCode::OK, "400001", Some("field validation exception")));
    let fields: Vec<&str> = body["error"]["fieldErrors"].as_array().unwrap().iter().map(|e| e["fieldName"].as_str().unwrap()).collect();
    assert_eq!(fields, ["lines.qty", "customerId"]);
    assert!(body["error"]["fieldErrors"][0]["message"].as_str().unwrap().contains("订购数量"));
    let (_, refused) = hub.post("/v1/deals", deal("NO", 1)).await;
    assert_eq!(refused["error"]["fieldErrors"][0]["fieldName"], "orderNo");
    let mut off_total = deal("W1", 1);
    off_total["amountTotal"] = json!(999.00); // total_mismatch is only a warning on DM Hub
    assert_eq!(hub.post("/v1/deals", off_total).await.0, StatusCode::CREATED);
    let raw = client().post(format!("{}/v1/deals?access_token={}", hub.base, hub.token)).body("{not json").send().await.unwrap();
    assert_eq!(raw.status(), StatusCode::BAD_REQUEST);
    assert_eq!(s.snapshot().deals.keys().collect::<Vec<_>>(), ["W1"]);
}

#[tokio::test]
async fn identities_resolve_to_a_customer_the_list_can_filter_on() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    for (no, wechat) in [("I1", "o-1"), ("I2", "o-1"), ("I3", "o-2")] {
        let mut d = deal(no, 1);
        d.as_object_mut().unwrap().remove("customerId");
        d["customerIdentities"] = json!([{"identityType": "wechat", "identityValue": wechat}]);
        let (status, created) = hub.post("/v1/deals", d).await;
        assert_eq!(status, StatusCode::CREATED);
        assert!(created["customerId"].is_i64() && created.get("customerIdentities").is_none(), "{created}");
    }
    let customer = hub.get("/v1/deals/I1").await["customerId"].clone();
    assert_eq!(hub.get("/v1/deals/I2").await["customerId"], customer);
    assert_ne!(hub.get("/v1/deals/I3").await["customerId"], customer);
    let list = hub.get(&format!("/v1/deals?customerId={customer}")).await;
    assert_eq!((order_nos(&list), list["records"].as_u64()), (vec!["I1", "I2"], Some(2)));
    let full = hub.get("/v1/dealService/getDealByOrderNo?orderNo=I1").await;
    assert_eq!(full["customerIdStr"], customer.to_string());
}

#[tokio::test]
async fn get_and_list_see_only_the_last_month_but_get_deal_by_order_no_sees_all() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    for (no, days) in [("NEW", 20), ("OLD", 40)] {
        assert_eq!(hub.post("/v1/deals", deal(no, days)).await.0, StatusCode::CREATED);
    }
    assert_eq!(hub.get("/v1/deals/NEW").await["orderNo"], "NEW");
    assert_eq!(hub.get("/v1/deals/OLD").await, json!({"error": {"code": "409200", "message": "Not found"}}));
    assert_eq!(order_nos(&hub.get("/v1/deals").await), ["NEW"]);
    assert_eq!(hub.get("/v1/dealService/getDealByOrderNo?orderNo=OLD").await["orderNo"], "OLD");
    assert_eq!(error_code(&hub.get("/v1/dealService/getDealByOrderNo?orderNo=NONE").await), "409200");
    assert_eq!(error_code(&hub.get("/v1/dealService/getDealByOrderNo").await), "400005");
}

#[tokio::test]
async fn list_pages_and_sorts() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    for (no, days, paid) in [("A", 3, "128.00"), ("B", 1, "9.50"), ("C", 2, "10.00")] {
        let mut d = deal(no, days);
        d["amountPaid"] = num(paid);
        assert_eq!(hub.post("/v1/deals", d).await.0, StatusCode::CREATED);
    }
    let all = hub.get("/v1/deals").await;
    assert_eq!((order_nos(&all), &all["page"], &all["records"]), (vec!["A", "C", "B"], &json!(1), &json!(3)), "default: dateOrder ascending");
    assert_eq!(order_nos(&hub.get("/v1/deals?sord=desc").await), ["B", "C", "A"]);
    assert_eq!(order_nos(&hub.get("/v1/deals?sidx=amountPaid").await), ["B", "C", "A"], "money sorts by value, not as text");
    let page = hub.get("/v1/deals?rows=2&page=2").await;
    assert_eq!((order_nos(&page), &page["page"], &page["records"]), (vec!["B"], &json!(2), &json!(3)));
    assert_eq!(error_code(&hub.get("/v1/deals?sord=up").await), "400001");
    assert_eq!(error_code(&hub.get("/v1/deals?rows=0").await), "400001");
}

#[tokio::test]
async fn put_is_partial_and_lines_replace_lines() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    hub.post("/v1/deals", deal("U1", 1)).await;
    let (status, updated) = hub.call(Method::PUT, "/v1/deals/U1", Some(json!({"contactName": "CL", "orderNo": "OTHER"}))).await;
    assert_eq!((status, &updated["contactName"], &updated["orderNo"], &updated["store"]), (StatusCode::OK, &json!("CL"), &json!("U1"), &json!("CL官方商城")));
    let one_line = json!({"lines": [{"lineId": "L9", "productName": "可乐", "qty": 2}]});
    let (_, updated) = hub.call(Method::PUT, "/v1/deals/U1", Some(one_line)).await;
    assert_eq!(updated["lines"], json!([{"lineId": "L9", "productName": "可乐", "qty": 2}]));
    let (_, refused) = hub.call(Method::PUT, "/v1/deals/U1", Some(json!({"lines": [{"lineId": "L9", "productName": "可乐", "qty": "two"}]}))).await;
    assert_eq!(error_code(&refused), "400001");
    assert_eq!(hub.get("/v1/deals/U1").await["lines"][0]["qty"], 2, "a refused update changes nothing");
    assert_eq!(error_code(&hub.call(Method::PUT, "/v1/deals/NONE", Some(json!({"remark": "x"}))).await.1), "409200");
}

#[tokio::test]
async fn a_put_with_lines_keeps_the_rest_of_the_deal_and_refuses_lines_the_rules_refuse() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    hub.post("/v1/deals", deal("U2", 2)).await;
    hub.post("/v1/dealService/cancel", json!({"orderNo": "U2"})).await;
    let lines = json!({"remark": "改了数量", "lines": [{"lineId": "L1", "productName": "啤酒", "qty": 3, "priceUnit": 25.50, "priceSubTotal": 76.50}]});
    let (status, _) = hub.call(Method::PUT, "/v1/deals/U2", Some(lines)).await;
    assert_eq!(status, StatusCode::OK);
    let stored = s.snapshot().deal("U2").cloned().unwrap();
    assert_eq!(stored["lines"].as_array().map(Vec::len), Some(1), "the lines are replaced, not merged");
    assert_eq!((stored["lines"][0]["qty"].clone(), stored["lines"][0]["priceSubTotal"].to_string()), (json!(3), "76.5".to_string()));
    assert_eq!((stored["remark"].as_str(), stored["store"].as_str(), stored["state"].as_str()), (Some("改了数量"), Some("CL官方商城"), Some("已取消")), "the rest of the deal stays");
    for bad in
        [json!({"lines": []}), json!({"lines": [{"lineId": "L1", "qty": 1}]}), json!({"lines": [{"lineId": "L1", "productName": "a", "qty": 1}, {"lineId": "L1", "productName": "b", "qty": 1}]})]
    {
        let (_, refused) = hub.call(Method::PUT, "/v1/deals/U2", Some(bad.clone())).await;
        assert_eq!(error_code(&refused), "400001", "{bad}");
    }
    assert_eq!(s.snapshot().deal("U2").unwrap()["lines"], stored["lines"], "a refused PUT changes nothing");
}

#[tokio::test]
async fn delete_answers_204_and_the_deal_is_gone() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    hub.post("/v1/deals", deal("X1", 1)).await;
    assert_eq!(hub.call(Method::DELETE, "/v1/deals/X1", None).await, (StatusCode::NO_CONTENT, Value::Null));
    assert_eq!(error_code(&hub.get("/v1/deals/X1").await), "409200");
    assert_eq!(error_code(&hub.call(Method::DELETE, "/v1/deals/X1", None).await.1), "409200");
    assert!(s.snapshot().deals.is_empty());
}

#[tokio::test]
async fn cancel_sets_the_state_and_the_date() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    hub.post("/v1/deals", deal("K1", 1)).await;
    hub.post("/v1/deals", deal("K2", 1)).await;
    let (_, cancelled) = hub.post("/v1/dealService/cancel", json!({"orderNo": "K1", "cancelDate": "2018-12-20T03:14:02Z"})).await;
    assert_eq!((&cancelled["state"], &cancelled["cancelDate"], &cancelled["orderNo"]), (&json!("已取消"), &json!("2018-12-20T03:14:02Z"), &json!("K1")));
    let (_, defaulted) = hub.post("/v1/dealService/cancel", json!({"orderNo": "K2"})).await;
    let full = hub.get("/v1/dealService/getDealByOrderNo?orderNo=K2").await;
    assert_eq!(defaulted["cancelDate"], full["dateCreated"], "without a date, the deal's last update");
    assert_eq!(full["state"], "已取消");
    assert_eq!(error_code(&hub.post("/v1/dealService/cancel", json!({})).await.1), "400005");
    assert_eq!(error_code(&hub.post("/v1/dealService/cancel", json!({"orderNo": "NONE"})).await.1), "409200");
    assert_eq!(error_code(&hub.post("/v1/dealService/cancel", json!({"orderNo": "K1", "cancelDate": "soon"})).await.1), "400001");
}

#[tokio::test]
async fn refund_and_delete_refund() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    hub.post("/v1/deals", deal("R1", 1)).await;
    let (status, refund) = hub.post("/v1/dealService/refund", json!({"orderNo": "R1", "refundLines": [{"lineId": "L2"}], "reason": "破损", "refundDate": "2019-06-22T02:30:01Z"})).await;
    assert_eq!(status, StatusCode::OK, "{refund}");
    assert_eq!((&refund["orderNo"], &refund["customerId"], &refund["reason"], &refund["dateRefund"]), (&json!("R1"), &json!(8888), &json!("破损"), &json!("2019-06-22T02:30:01Z")));
    assert_eq!(refund["refundTotal"].to_string(), "69.00", "by default the refunded lines' priceSubTotal");
    let line = &refund["refundLines"][0];
    assert_eq!((&line["lineId"], &line["orderNo"], &line["customerId"]), (&json!("L2"), &json!("R1"), &json!(8888)));
    assert!(line["refundId"].is_u64());
    assert_eq!(refund["refundLines"].as_array().unwrap().len(), 1);
    assert_eq!(hub.get("/v1/dealService/getDealByOrderNo?orderNo=R1").await["state"], "部分退单");
    let (_, whole) = hub.post("/v1/dealService/refund", json!({"orderNo": "R1", "refundLines": [{"lineId": "L1"}, {"lineId": "L2"}], "refundTotal": 100})).await;
    assert_eq!((whole["refundTotal"].to_string(), &whole["state"]), ("100".to_string(), &json!("完全退单")));
    assert_eq!(error_code(&hub.post("/v1/dealService/refund", json!({"orderNo": "R1", "refundLines": [{"lineId": "L7"}]})).await.1), "409000");
    assert_eq!(error_code(&hub.post("/v1/dealService/refund", json!({"orderNo": "R1"})).await.1), "400005");
    assert_eq!(error_code(&hub.post("/v1/dealService/refund", json!({"orderNo": "R1", "refundLines": [{"lineId": "L1"}], "state": "退了"})).await.1), "400001");
    let (_, deleted) = hub.post("/v1/dealService/deleteRefund", json!({"orderNo": "R1"})).await;
    assert_eq!((&deleted["orderNo"], &deleted["refundLines"]), (&json!("R1"), &json!([])));
    assert_eq!(hub.get("/v1/dealService/getDealByOrderNo?orderNo=R1").await["state"], "已付款");
    assert_eq!(error_code(&hub.post("/v1/dealService/deleteRefund", json!({"orderNo": "R1"})).await.1), "409000");
    assert_eq!(error_code(&hub.post("/v1/dealService/deleteRefund", json!({"orderNo": "NONE"})).await.1), "409200");
}

#[tokio::test]
async fn get_deal_by_order_no_answers_the_full_model() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    hub.post("/v1/deals", deal("F1", 1)).await;
    let full = hub.get("/v1/dealService/getDealByOrderNo?orderNo=F1").await;
    assert_eq!((&full["state"], &full["customerIdStr"], &full["couponCode"], &full["campaign"]), (&json!("已付款"), &json!("8888"), &json!("222333444"), &Value::Null));
    assert!(full.get("counponCode").is_none());
    let line = &full["lines"][0];
    assert_eq!((&line["lineId"], &line["lAttr6"], &line["lNum4"], &line["lDate1"], &line["skuId"]), (&json!("L1"), &Value::Null, &Value::Null, &Value::Null, &Value::Null));
    assert_eq!(full["attr1"], "custom");
}

#[tokio::test]
async fn the_state_endpoint_mirrors_the_snapshot_and_counts_calls_by_route() {
    let s = server(Faults::default()).await;
    let hub = Hub::new(&s).await;
    hub.post("/v1/deals", deal("S1", 1)).await;
    hub.get("/v1/deals/S1").await;
    hub.get("/v1/deals/S2").await;
    let remote: Snapshot = client().get(format!("{}/_sandbox/state", s.base_url())).send().await.unwrap().json().await.unwrap();
    assert_eq!(remote, s.snapshot());
    assert_eq!((remote.calls("GET /v1/deals/{orderNo}"), remote.calls("POST /v1/deals"), remote.calls("GET /security/accesstoken")), (2, 1, 1));
    assert_eq!(remote.deal("S1").unwrap()["state"], "已付款");
}
