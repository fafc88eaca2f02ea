//! 接口 2030 `api/morder/thirdOrdAdd` (spec/002, CONTRACT.md §4).
//!
//! One endpoint, its checks in the order a gateway meets them: the form fields (306),
//! AppId (1000), AppSystem (306), the rate limit (407), injected faults that keep the call
//! from being applied (500, 407, an HTML 502, a closed connection), then `accept`: the timestamp (306/308), the signature (405), and the batch —
//! JSON (303), empty (307), size (1001), one ShopCode (2001), a Code twice (1200), Codes
//! already stored (2102), the rules of core (406). A call is stored or refused as a whole.
//! Every answer is HTTP 200 with the envelope, signed like a request — unless a fault
//! injected after `accept` loses it, empties it or cuts it off.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use orderdock_core::body::check_body;
use orderdock_core::fields::Target;
use orderdock_core::messages::Lang;
use orderdock_core::payload::MALL2030_BATCH;
use orderdock_core::validate::Severity;
use serde_json::{Value, json};
use sha1::{Digest, Sha1};

use crate::App;
use crate::faults::{Fault, empty, html_502, lose, reset, truncate};
use crate::state::Shared;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/api/morder/thirdOrdAdd", post(third_ord_add))
}

/// `Sign` of 接口 2030, for requests and answers alike: upper-case hex SHA-1 of
/// `AppId={AppId}&Timestamp={Timestamp}&Token={Token}`.
pub fn sign(app_id: &str, timestamp: &str, token: &str) -> String {
    hex::encode_upper(Sha1::digest(format!("AppId={app_id}&Timestamp={timestamp}&Token={token}").as_bytes()))
}

/// `Timestamp` of 接口 2030: China time as `yyyyMMddHHmmss`.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.with_timezone(&Shanghai).format("%Y%m%d%H%M%S").to_string()
}

/// A refusal: the status code and the `Msg`.
type Refusal = (u16, String);

async fn third_ord_add(State(s): State<Arc<Shared>>, body: Bytes) -> Response {
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let field = |k: &str| form.get(k).map_or("", String::as_str);
    let app = s.app(field("AppId"));
    // Answers are signed with the caller's Token; an unknown AppId has none.
    let reply = |code: u16, msg: &str, result: usize| envelope(field("AppId"), app.map_or("", |a| &a.secret), code, msg, result);
    let missing: Vec<&str> = ["AppId", "Timestamp", "Sign", "Args"].into_iter().filter(|k| field(k).is_empty()).collect();
    if !missing.is_empty() {
        return reply(306, &format!("缺少参数：{}", missing.join("、")), 0);
    }
    let Some(app) = app else { return reply(1000, "AppId 不存在", 0) };
    if field("AppSystem") != app.app_system {
        return reply(306, "AppSystem 缺失或不正确", 0);
    }
    {
        let mut st = s.store();
        let limit = st.faults.rate_limit;
        let (admitted, in_second) = st.windows.entry(app.app_system.clone()).or_default().arrive(Instant::now(), limit);
        st.counters.max_calls_per_second = st.counters.max_calls_per_second.max(in_second);
        if !admitted {
            st.counters.rate_limited += 1;
            return reply(407, "请求过于频繁", 0);
        }
    }
    let fault = s.draw_fault("POST /api/morder/thirdOrdAdd", false);
    match fault {
        Some(Fault::Fail) => return reply(500, "服务器错误（沙箱注入）", 0),
        Some(Fault::Throttle) => return reply(407, "请求过于频繁（沙箱注入）", 0),
        Some(Fault::Html) => return html_502(),
        Some(Fault::Reset) => return reset(),
        Some(Fault::Drop | Fault::Empty | Fault::Truncate | Fault::Revoke) | None => {}
    }
    let answer = match accept(&s, app, field("Timestamp"), field("Sign"), field("Args")) {
        Ok(stored) => reply(200, "成功", stored),
        Err((code, msg)) => reply(code, &msg, 0),
    };
    match fault {
        Some(Fault::Drop) => lose(answer),
        Some(Fault::Empty) => empty(answer),
        Some(Fault::Truncate) => truncate(answer).await,
        _ => answer,
    }
}

/// Checks a call that passed the gateway and stores its orders; the number stored.
fn accept(s: &Shared, app: &App, ts: &str, signature: &str, args: &str) -> Result<usize, Refusal> {
    let sent = parse_timestamp(ts).ok_or_else(|| (306, format!("Timestamp「{ts}」应为 yyyyMMddHHmmss")))?;
    let now = Utc::now();
    if (now - sent).abs() > TimeDelta::minutes(10) {
        return Err((308, format!("Timestamp {ts} 与服务器时间 {} 相差超过 10 分钟", timestamp(now))));
    }
    if signature != sign(&app.app_id, ts, &app.secret) {
        return Err((405, "签名错误".into()));
    }
    let args: Value = serde_json::from_str(args).map_err(|e| (303, format!("Args 不是有效的 JSON：{e}")))?;
    let orders = args.as_array().filter(|a| a.iter().all(Value::is_object)).ok_or((303, "Args 应为订单对象的 JSON 数组".to_string()))?;
    if orders.is_empty() {
        s.store().counters.empty_batches += 1;
        return Err((307, "数据为空".into()));
    }
    if orders.len() > MALL2030_BATCH {
        return Err((1001, format!("每次最多 {MALL2030_BATCH} 条订单，收到 {} 条", orders.len())));
    }
    let shops: BTreeSet<String> = orders.iter().map(|o| key(o, "ShopCode")).filter(|c| !c.is_empty()).collect();
    if shops.len() > 1 {
        return Err((2001, format!("一次调用只能有一个渠道代码，收到 {}", join(shops.iter()))));
    }
    let shop = shops.into_iter().next().unwrap_or_default();
    let codes: Vec<String> = orders.iter().map(|o| key(o, "Code")).collect();
    let mut seen = BTreeSet::new();
    let twice: BTreeSet<&String> = codes.iter().filter(|c| !c.is_empty() && !seen.insert(*c)).collect();
    if !twice.is_empty() {
        return Err((1200, format!("订单编号重复：{}", join(twice.into_iter()))));
    }
    let refuse = s.store().faults.refuse.clone();
    // The rules run outside the lock: other calls (and their arrival times) must not wait.
    let failures: Vec<String> = orders
        .iter()
        .zip(&codes)
        .filter_map(|(o, code)| {
            let mut problems: Vec<String> = check_body(Target::Mall2030, o, now).iter().filter(|i| i.severity == Severity::Error).map(|i| i.message(Target::Mall2030, Lang::Zh)).collect();
            if refuse.contains(code) {
                problems.push("被沙箱设定为拒绝".into());
            }
            (!problems.is_empty()).then(|| format!("{code}：{}", problems.join("；")))
        })
        .collect();
    let mut st = s.store();
    // A known Code wins over a rule failure: a re-sent batch is reported as already there.
    let known: Vec<&String> = codes.iter().filter(|c| st.orders.contains_key(&(shop.clone(), (*c).clone()))).collect();
    if !known.is_empty() {
        st.counters.duplicates_refused += known.len() as u64;
        return Err((2102, format!("订单编号已存在：{}", join(known.into_iter()))));
    }
    if !failures.is_empty() {
        return Err((406, format!("数据校验失败：{}", failures.join(" | "))));
    }
    for (o, code) in orders.iter().zip(codes) {
        st.orders.insert((shop.clone(), code), o.clone());
        st.counters.orders_stored += 1;
    }
    st.counters.applied += 1;
    Ok(orders.len())
}

fn envelope(app_id: &str, token: &str, code: u16, msg: &str, result: usize) -> Response {
    let ts = timestamp(Utc::now());
    Json(json!({"Status": code == 200, "StatusCode": code, "Msg": msg, "Timestamp": ts, "Sign": sign(app_id, &ts, token), "Result": result})).into_response()
}

fn parse_timestamp(ts: &str) -> Option<DateTime<Utc>> {
    if ts.len() != 14 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let local = NaiveDateTime::parse_from_str(ts, "%Y%m%d%H%M%S").ok()?;
    Some(Shanghai.from_local_datetime(&local).single()?.with_timezone(&Utc))
}

/// An order's identifier as text, whether sent as a string or a number.
fn key(order: &Value, field: &str) -> String {
    match order.get(field) {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => String::new(),
        Some(other) => other.to_string(),
    }
}

fn join<'a>(items: impl Iterator<Item = &'a String>) -> String {
    items.map(String::as_str).collect::<Vec<_>>().join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_matches_an_independent_sha1() {
        // python3 -c "import hashlib; print(hashlib.sha1(b'AppId=practice&Timestamp=20150622093101&Token=practice-secret').hexdigest().upper())"
        assert_eq!(sign("practice", "20150622093101", "practice-secret"), "2C3A1927E988E17E7336C133DA4DF9C21328123E");
    }

    #[test]
    fn timestamps_are_china_time() {
        let t = DateTime::parse_from_rfc3339("2015-06-22T01:31:01Z").unwrap().with_timezone(&Utc);
        assert_eq!(timestamp(t), "20150622093101");
        assert_eq!(parse_timestamp("20150622093101"), Some(t));
        for bad in ["2015062209310", "2015-06-22 09:31", "20151322093101", "+0150622093101"] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }
}
