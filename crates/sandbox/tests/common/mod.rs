//! Helpers shared by the integration tests: a server, a client, valid bodies, signed calls.
#![allow(dead_code)] // each test file uses a different part

use chrono::{DateTime, TimeDelta, Utc};
use orderdock_sandbox::mall2030::{sign, timestamp};
use orderdock_sandbox::{Config, Faults, PRACTICE_APP_ID, PRACTICE_APP_SYSTEM, PRACTICE_SECRET, Running, start};
use serde_json::{Value, json};

pub async fn server(faults: Faults) -> Running {
    start(Config { faults, ..Config::practice() }).await.expect("the sandbox starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// A DM Hub access token for the practice app.
pub async fn token(base: &str) -> String {
    let url = format!("{base}/security/accesstoken?grant_type=client_credentials&appid={PRACTICE_APP_ID}&secret={PRACTICE_SECRET}");
    let body: Value = client().get(url).send().await.unwrap().json().await.unwrap();
    body["access_token"].as_str().expect("a token").to_string()
}

pub fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A valid deal with two lines, ordered `days_ago` days before now. Parsed from text so that
/// money keeps its two decimals (serde_json's arbitrary_precision), as the app sends it.
pub fn deal(order_no: &str, days_ago: i64) -> Value {
    let date = utc(Utc::now() - TimeDelta::days(days_ago));
    serde_json::from_str(&format!(
        r#"{{"customerId": 8888, "orderNo": "{order_no}", "amountTotal": 138.00, "amountPaid": 128.00, "amountDiscount": 10.00,
            "counponCode": "222333444", "paymentTerm": "wechat", "dateOrder": "{date}", "store": "CL官方商城", "attr1": "custom",
            "lines": [
              {{"lineId": "L1", "productName": "啤酒6瓶装", "qty": 1, "priceUnit": 69.00, "priceSubTotal": 69.00}},
              {{"lineId": "L2", "productName": "啤酒12瓶装", "qty": 1, "priceUnit": 69.00, "priceSubTotal": 69.00}}]}}"#
    ))
    .unwrap()
}

/// A JSON number written exactly as `text`.
pub fn num(text: &str) -> Value {
    Value::Number(text.parse().unwrap())
}

/// A valid 接口 2030 order of yesterday.
pub fn order(shop: &str, code: &str) -> Value {
    let t = (Utc::now() - TimeDelta::days(1)).with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M:%S").to_string();
    json!({
        "ShopCode": shop, "Code": code, "BuyerCode": "EZ00001201", "OrderTime": t, "PayTime": t,
        "TotalQty": 2, "TotalMoney": 450.00, "PayAmount": 450.00, "DataOrigin": 10, "DiscountMoney": 0.00,
        "RecvConsignee": "测试", "RecvMobile": "13122136787",
        "Dtls": [
            {"BarCode": "15026609123", "PriceOriginal": 300.00, "PriceSell": 300.00, "Quantity": 1, "Amount": 300.00},
            {"BarCode": "15026609124", "PriceOriginal": 150.00, "PriceSell": 150.00, "Quantity": 1, "Amount": 150.00}
        ]
    })
}

/// The form of a 2030 call, signed now with the practice account.
pub fn form(args: &str) -> Vec<(String, String)> {
    let ts = timestamp(Utc::now());
    let fields = [("AppId", PRACTICE_APP_ID), ("AppSystem", PRACTICE_APP_SYSTEM), ("Timestamp", &ts), ("Sign", &sign(PRACTICE_APP_ID, &ts, PRACTICE_SECRET)), ("Args", args)];
    fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Posts a form to thirdOrdAdd; the answer must be HTTP 200 JSON.
pub async fn post_form(base: &str, form: &[(String, String)]) -> Value {
    let response = client().post(format!("{base}/api/morder/thirdOrdAdd")).form(form).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Posts a batch, correctly signed.
pub async fn post_orders(base: &str, orders: &[Value]) -> Value {
    post_form(base, &form(&Value::from(orders.to_vec()).to_string())).await
}

/// The form with one field replaced.
pub fn with(mut form: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    form.retain(|(k, _)| k != key);
    form.push((key.into(), value.into()));
    form
}
