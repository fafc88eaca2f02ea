//! DM Hub v1 (spec/000, CONTRACT.md §4): the token endpoint and the nine deals endpoints.
//!
//! Every error answers HTTP 200 with `{"error":{"code","message"}}`, as DM Hub does, token
//! errors included (`40001` invalid or replaced by a newer fetch, `42001` expired). Only a
//! body that is not a JSON object gets HTTP 400 with plain text, like DM Hub's malformed
//! requests. Layers run in this order: `inject` (faults, on every endpoint: the token
//! endpoint too), `authorize` (the token), the handler.

// Handlers refuse by returning DM Hub's answer as the error; its size does not matter here.
#![allow(clippy::result_large_err)]

use std::cmp::Ordering;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use orderdock_core::body::check_body;
use orderdock_core::fields::{Kind, Target};
use orderdock_core::messages::Lang;
use orderdock_core::table::Cell;
use orderdock_core::validate::{Code, Issue, Severity};
use orderdock_core::value;
use rust_decimal::Decimal;
use serde_json::{Map, Number, Value, json};

use crate::faults::{Fault, empty, html_502, lose, reset, truncate};
use crate::state::{Deal, Refund, Shared, Store, TokenStatus};

type Answer = Result<Response, Response>;

pub(crate) fn routes(shared: &Arc<Shared>) -> Router<Arc<Shared>> {
    let deals = Router::new()
        .route("/v1/deals", post(create).get(list))
        .route("/v1/deals/{orderNo}", get(get_deal).put(update).delete(delete))
        .route("/v1/dealService/cancel", post(cancel))
        .route("/v1/dealService/refund", post(refund))
        .route("/v1/dealService/deleteRefund", post(delete_refund))
        .route("/v1/dealService/getDealByOrderNo", get(get_by_order_no))
        .route_layer(from_fn_with_state(shared.clone(), authorize));
    Router::new().route("/security/accesstoken", get(token)).merge(deals).route_layer(from_fn_with_state(shared.clone(), inject))
}

/// Every endpoint, the token endpoint included, draws its fault here.
async fn inject(State(s): State<Arc<Shared>>, path: MatchedPath, req: Request, next: Next) -> Response {
    let endpoint = format!("{} {}", req.method(), path.as_str());
    let revocable = path.as_str() != "/security/accesstoken";
    match s.draw_fault(&endpoint, revocable) {
        Some(Fault::Fail) => (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": {"code": "500", "message": "internal server error (injected by the sandbox)"}}))).into_response(),
        Some(Fault::Throttle) => (StatusCode::TOO_MANY_REQUESTS, Json(json!({"error": {"code": "429", "message": "too many requests (injected by the sandbox)"}}))).into_response(),
        Some(Fault::Html) => html_502(),
        Some(Fault::Reset) => reset(),
        Some(Fault::Drop) => lose(next.run(req).await),
        Some(Fault::Empty) => empty(next.run(req).await),
        Some(Fault::Truncate) => truncate(next.run(req).await).await,
        Some(Fault::Revoke) => {
            let query: HashMap<String, String> = serde_urlencoded::from_str(req.uri().query().unwrap_or("")).unwrap_or_default();
            s.store().revoke(query.get("access_token").map_or("", String::as_str), Instant::now());
            next.run(req).await
        }
        None => next.run(req).await,
    }
}

async fn authorize(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let query: HashMap<String, String> = serde_urlencoded::from_str(req.uri().query().unwrap_or("")).unwrap_or_default();
    let token = query.get("access_token").map_or("", String::as_str);
    let status = s.store().token_status(token, Instant::now());
    match status {
        TokenStatus::Valid => next.run(req).await,
        TokenStatus::Expired => error("42001", "access_token expired"),
        TokenStatus::Invalid => error("40001", "invalid access_token"),
    }
}

async fn token(State(s): State<Arc<Shared>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let param = |k: &str| q.get(k).map_or("", String::as_str);
    let app = s.app(param("appid")).filter(|a| a.secret == param("secret") && param("grant_type") == "client_credentials");
    let Some(app) = app else {
        return Json(json!({"error_code": "40004", "error_description": "the params is illegal"})).into_response();
    };
    let mut st = s.store();
    let token = st.issue_token(&app.app_id, Instant::now());
    Json(json!({"error_code": 0, "access_token": token, "expires_in": st.faults.token_ttl_secs})).into_response()
}

async fn create(State(s): State<Arc<Shared>>, body: Bytes) -> Answer {
    let deal = object(&body)?;
    let mut st = s.store();
    let model = admit(&mut st, deal)?;
    let now = timestamp();
    // The same orderNo replaces the deal outright, its cancellation and refund with it.
    let deal = Deal { model: model.clone(), cancel_date: None, refund: None, created: now.clone(), updated: now };
    if st.deals.insert(text(&model["orderNo"]), deal).is_some() {
        st.counters.deals_replaced += 1;
    }
    st.counters.applied += 1;
    Ok((StatusCode::CREATED, Json(Value::Object(model))).into_response())
}

async fn get_deal(State(s): State<Arc<Shared>>, Path(order_no): Path<String>) -> Answer {
    let st = s.store();
    let deal = st.deals.get(&order_no).filter(|d| d.visible(Utc::now())).ok_or_else(not_found)?;
    Ok(Json(Value::Object(deal.model.clone())).into_response())
}

async fn list(State(s): State<Arc<Shared>>, Query(q): Query<HashMap<String, String>>) -> Answer {
    let positive = |key: &str, default: usize| match q.get(key) {
        None => Ok(default),
        Some(v) => v.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| field_error(key, "必须是正整数")),
    };
    let rows = positive("rows", 10)?;
    let page = positive("page", 1)?;
    let sidx = q.get("sidx").map_or("dateOrder", String::as_str);
    let desc = match q.get("sord").map(String::as_str) {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(field_error("sord", "只能是 asc 或 desc")),
    };
    let customer = q.get("customerId");
    let now = Utc::now();
    let st = s.store();
    let mut found: Vec<&Deal> = st.deals.values().filter(|d| d.visible(now) && customer.is_none_or(|c| d.model.get("customerId").is_some_and(|v| text(v) == *c))).collect();
    // Stable sort over deals in orderNo order, so ties come out in orderNo order.
    found.sort_by(|a, b| {
        let o = compare(a.model.get(sidx), b.model.get(sidx));
        if desc { o.reverse() } else { o }
    });
    let records = found.len();
    let rows: Vec<Value> = found.iter().skip((page - 1).saturating_mul(rows)).take(rows).map(|d| Value::Object(d.model.clone())).collect();
    Ok(Json(json!({"page": page, "records": records, "rows": rows})).into_response())
}

async fn update(State(s): State<Arc<Shared>>, Path(order_no): Path<String>, body: Bytes) -> Answer {
    let patch = object(&body)?;
    let mut st = s.store();
    let mut merged = st.deals.get(&order_no).ok_or_else(not_found)?.model.clone();
    // Any field may change except the deal's identity; `lines`, when given, replaces all lines.
    merged.extend(patch.into_iter().filter(|(k, _)| k != "orderNo"));
    let model = admit(&mut st, merged)?;
    if let Some(deal) = st.deals.get_mut(&order_no) {
        deal.model = model.clone();
        deal.updated = timestamp();
    }
    st.counters.applied += 1;
    Ok(Json(Value::Object(model)).into_response())
}

async fn delete(State(s): State<Arc<Shared>>, Path(order_no): Path<String>) -> Answer {
    let mut st = s.store();
    st.deals.remove(&order_no).ok_or_else(not_found)?;
    st.counters.applied += 1;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn cancel(State(s): State<Arc<Shared>>, body: Bytes) -> Answer {
    let req = object(&body)?;
    let order_no = required(&req, "orderNo")?;
    let date = date(&req, "cancelDate")?;
    let mut st = s.store();
    let deal = st.deals.get_mut(&order_no).ok_or_else(not_found)?;
    // Without a date DM Hub takes the deal's last update (spec).
    deal.cancel_date = Some(date.unwrap_or_else(|| deal.updated.clone()));
    deal.updated = timestamp();
    let mut answer = deal.model.clone();
    answer.insert("state".into(), deal.state().into());
    answer.insert("cancelDate".into(), deal.cancel_date.clone().into());
    st.counters.applied += 1;
    Ok(Json(Value::Object(answer)).into_response())
}

async fn refund(State(s): State<Arc<Shared>>, body: Bytes) -> Answer {
    let req = object(&body)?;
    let order_no = required(&req, "orderNo")?;
    let line_ids: Vec<String> = req.get("refundLines").and_then(Value::as_array).into_iter().flatten().filter_map(|l| l.get("lineId")).map(text).collect();
    if line_ids.is_empty() {
        return Err(error("400005", "missing field: refundLines"));
    }
    let date = date(&req, "refundDate")?;
    let total = match req.get("refundTotal") {
        None | Some(Value::Null) => None,
        Some(v) => Some(decimal(v).ok_or_else(|| field_error("refundTotal", "不是有效的数字"))?),
    };
    let state = match req.get("state").and_then(Value::as_str) {
        None => None,
        Some(s @ ("完全退单" | "部分退单")) => Some(s.to_string()),
        Some(_) => return Err(field_error("state", "只能是 完全退单 或 部分退单")),
    };
    let mut st = s.store();
    st.next_refund_id += 1;
    let refund_id = 2_100_032_072 + st.next_refund_id;
    let deal = st.deals.get_mut(&order_no).ok_or_else(not_found)?;
    let mut refunded = Decimal::ZERO;
    for id in &line_ids {
        let line = deal.lines().iter().find(|l| l.get("lineId").map(text).as_ref() == Some(id));
        let line = line.ok_or_else(|| error("409000", &format!("订单 {order_no} 没有订单行 {id}")))?;
        refunded += line.get("priceSubTotal").and_then(decimal).unwrap_or_default();
    }
    let all = deal.lines().len() <= line_ids.len();
    let state = state.unwrap_or_else(|| if all { "完全退单" } else { "部分退单" }.to_string());
    let now = timestamp();
    // A new refund replaces the deal's earlier one (DM Hub keeps one refund per deal).
    let refund = Refund {
        id: refund_id,
        line_ids,
        total: number(total.unwrap_or(refunded)),
        state,
        reason: req.get("reason").cloned().unwrap_or_default(),
        date: date.unwrap_or_else(|| now.clone()),
        created: now.clone(),
    };
    deal.updated = now;
    let answer = refund_answer(deal, &refund, true);
    deal.refund = Some(refund);
    st.counters.applied += 1;
    Ok(Json(answer).into_response())
}

async fn delete_refund(State(s): State<Arc<Shared>>, body: Bytes) -> Answer {
    let req = object(&body)?;
    let order_no = required(&req, "orderNo")?;
    let mut st = s.store();
    let deal = st.deals.get_mut(&order_no).ok_or_else(not_found)?;
    let refund = deal.refund.take().ok_or_else(|| error("409000", &format!("订单 {order_no} 没有退单")))?;
    deal.updated = timestamp();
    let answer = refund_answer(deal, &refund, false);
    st.counters.applied += 1;
    Ok(Json(answer).into_response())
}

/// The full model whatever the deal's date: this is how a merchant looks up an old order.
async fn get_by_order_no(State(s): State<Arc<Shared>>, Query(q): Query<HashMap<String, String>>) -> Answer {
    let order_no = q.get("orderNo").filter(|o| !o.is_empty()).ok_or_else(|| error("400005", "missing field: orderNo"))?;
    let st = s.store();
    Ok(Json(st.deals.get(order_no).ok_or_else(not_found)?.full()).into_response())
}

/// A deal as it would be stored, checked by the rules of core (errors refuse, warnings do
/// not) and by the sandbox's refuse list; its customer identities resolved to a customerId.
fn admit(st: &mut Store, mut deal: Map<String, Value>) -> Result<Map<String, Value>, Response> {
    numbers(&mut deal);
    let body = Value::Object(deal.clone());
    let mut errors: Vec<Value> = check_body(Target::Dmhub, &body, Utc::now())
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| json!({"fieldName": field_name(i), "message": i.message(Target::Dmhub, Lang::Zh)}))
        .collect();
    let order_no = deal.get("orderNo").map(text).unwrap_or_default();
    if st.faults.refuse.contains(&order_no) {
        errors.push(json!({"fieldName": "orderNo", "message": format!("订单 {order_no} 被沙箱设定为拒绝")}));
    }
    if !errors.is_empty() {
        return Err(Json(json!({"error": {"code": "400001", "message": "field validation exception", "fieldErrors": errors}})).into_response());
    }
    // The model has no identities: DM Hub finds or creates the customer they name.
    if let Some(ids) = deal.remove("customerIdentities") {
        let ids: Vec<(String, String)> = ids.as_array().into_iter().flatten().filter_map(|i| Some((text(i.get("identityType")?), text(i.get("identityValue")?)))).collect();
        if !deal.contains_key("customerId") {
            deal.insert("customerId".into(), st.customer_of(&ids).into());
        }
    }
    Ok(deal)
}

/// Money, quantities and customerId are numbers in DM Hub's model; one sent as text comes
/// back as a number, as a server binding BigDecimal and Long answers.
fn numbers(deal: &mut Map<String, Value>) {
    fn convert(m: &mut Map<String, Value>, prefix: &str) {
        let def = Target::Dmhub.def();
        for (k, v) in m.iter_mut() {
            let numeric = def.field(&format!("{prefix}{k}")).is_some_and(|f| matches!(f.kind, Kind::Money | Kind::Int | Kind::Long));
            if let (true, Some(n)) = (numeric, v.as_str().and_then(|s| Number::from_str(s.trim()).ok())) {
                *v = Value::Number(n);
            }
        }
    }
    convert(deal, "");
    for line in deal.get_mut("lines").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(m) = line.as_object_mut() {
            convert(m, "lines.");
        }
    }
}

/// A field error names a field; the two whole-order codes get the field that would fix them.
fn field_name(i: &Issue) -> String {
    i.field.clone().unwrap_or_else(|| if i.code == Code::NoLines { "lines" } else { "customerId" }.into())
}

/// The answer of refund and deleteRefund, shaped as the spec's example.
fn refund_answer(deal: &Deal, refund: &Refund, with_lines: bool) -> Value {
    let customer = deal.model.get("customerId").cloned().unwrap_or_default();
    let order_no = deal.model.get("orderNo").cloned().unwrap_or_default();
    let lines: Vec<Value> = refund
        .line_ids
        .iter()
        .filter(|_| with_lines)
        .filter_map(|id| deal.lines().iter().find(|l| l.get("lineId").map(text).as_ref() == Some(id)))
        .map(|l| {
            let mut m = l.as_object().cloned().unwrap_or_default();
            m.insert("customerId".into(), customer.clone());
            m.insert("orderNo".into(), order_no.clone());
            m.insert("refundId".into(), refund.id.into());
            Value::Object(m)
        })
        .collect();
    json!({"dateRefund": refund.date, "dateCreated": refund.created, "orderNo": order_no, "refundTotal": refund.total,
           "lastUpdated": deal.updated, "customerId": customer, "reason": refund.reason, "state": refund.state, "refundLines": lines})
}

/// The request body as a JSON object; anything else is a malformed request.
fn object(body: &[u8]) -> Result<Map<String, Value>, Response> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err((StatusCode::BAD_REQUEST, "request body must be a JSON object").into_response()),
        Err(e) => Err((StatusCode::BAD_REQUEST, format!("malformed JSON: {e}")).into_response()),
    }
}

fn required(req: &Map<String, Value>, key: &str) -> Result<String, Response> {
    req.get(key).filter(|v| !v.is_null()).map(text).filter(|t| !t.is_empty()).ok_or_else(|| error("400005", &format!("missing field: {key}")))
}

/// An optional date-time field, answered in DM Hub's UTC form; a time without zone is UTC.
fn date(req: &Map<String, Value>, key: &str) -> Result<Option<String>, Response> {
    match req.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            let t = value::datetime(&Cell::Text(text(v).into()), chrono_tz::UTC).ok_or_else(|| field_error(key, "不是有效的日期时间"))?;
            Ok(Some(value::format_utc(&t)))
        }
    }
}

/// Identifiers as text, whether sent as strings or numbers.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn decimal(v: &Value) -> Option<Decimal> {
    let t = text(v);
    Decimal::from_str(t.trim()).or_else(|_| Decimal::from_scientific(t.trim())).ok()
}

fn number(d: Decimal) -> Value {
    Number::from_str(&d.to_string()).map_or(Value::Null, Value::Number)
}

/// Orders by a field's value: missing first, then numbers by value, then text.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    let key = |v: Option<&Value>| match v {
        Some(Value::Number(_)) => (1, v.and_then(decimal), String::new()),
        Some(Value::String(s)) => (2, None, s.clone()),
        _ => (0, None, String::new()),
    };
    key(a).cmp(&key(b))
}

fn timestamp() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// DM Hub's functional error: HTTP 200, judged from the body.
fn error(code: &str, message: &str) -> Response {
    Json(json!({"error": {"code": code, "message": message}})).into_response()
}

fn not_found() -> Response {
    error("409200", "Not found")
}

fn field_error(field: &str, message: &str) -> Response {
    Json(json!({"error": {"code": "400001", "message": "field validation exception", "fieldErrors": [{"fieldName": field, "message": message}]}})).into_response()
}
