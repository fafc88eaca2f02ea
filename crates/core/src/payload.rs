//! Valid orders → the exact request bodies, batched as the target requires.
//!
//! Identifiers are JSON strings (DM Hub `customerId` excepted: a Long, sent as an integer);
//! money is a JSON number with exactly two decimals; 接口 2030 times are local
//! `yyyy-MM-dd HH:mm:ss`, DM Hub's are UTC `…Z`.

use chrono::{DateTime, Utc};
use serde_json::{Map, Number, Value as Json};

use crate::assemble::{Order, Tables};
use crate::fields::Target;
use crate::mapping::Binding;
use crate::validate::{check_order, Typed, Value};
use crate::value;

/// At most this many orders go in one 接口 2030 call (spec 1.3).
pub const MALL2030_BATCH: usize = 100;

/// The bodies an upload sends for the orders marked valid, in upload order: for mall2030
/// one JSON array per call (≤ 100 orders of one ShopCode), for dmhub one deal per call.
pub fn bodies(b: &Binding, t: Tables, orders: &[Order], valid: &[bool], now: DateTime<Utc>) -> Vec<Json> {
    let objects = orders.iter().zip(valid).filter(|(_, ok)| **ok).map(|(o, _)| order_json(b, &check_order(b, t, o, now).0));
    match b.target {
        Target::Dmhub => objects.collect(),
        Target::Mall2030 => batches(objects.collect()),
    }
}

/// Group 2030 orders by ShopCode (in order of first appearance), at most 100 per batch.
fn batches(orders: Vec<Json>) -> Vec<Json> {
    let mut shops: Vec<(Json, Vec<Json>)> = Vec::new();
    for o in orders {
        let shop = o.get("ShopCode").cloned().unwrap_or(Json::Null);
        match shops.iter_mut().find(|(s, _)| *s == shop) {
            Some((_, list)) => list.push(o),
            None => shops.push((shop, vec![o])),
        }
    }
    shops.into_iter().flat_map(|(_, list)| list.chunks(MALL2030_BATCH).map(|c| Json::Array(c.to_vec())).collect::<Vec<_>>()).collect()
}

/// One order as the target's JSON object.
pub fn order_json(b: &Binding, typed: &Typed) -> Json {
    let dmhub = b.target == Target::Dmhub;
    let mut obj = Map::new();
    let mut identities = Vec::new();
    for (i, f) in b.fields.iter().enumerate() {
        let Some(v) = &typed.header[i] else { continue };
        if f.is_line {
            continue;
        }
        if dmhub && f.path.starts_with("identities.") {
            identities.push(serde_json::json!({"identityType": f.name(), "identityValue": json(b, v)}));
            continue;
        }
        put(&mut obj, f.name(), json(b, v), dmhub);
    }
    let lines: Vec<Json> = typed
        .lines
        .iter()
        .map(|line| {
            let mut l = Map::new();
            for (i, f) in b.fields.iter().enumerate() {
                if let (true, Some(v)) = (f.is_line, &line[i]) {
                    put(&mut l, f.name(), json(b, v), dmhub);
                }
            }
            Json::Object(l)
        })
        .collect();
    obj.insert(if dmhub { "lines" } else { "Dtls" }.into(), Json::Array(lines));
    if !identities.is_empty() {
        obj.insert("customerIdentities".into(), Json::Array(identities));
    }
    Json::Object(obj)
}

/// DM Hub's spec spells the coupon field both ways; send both (CONTRACT.md §2).
fn put(obj: &mut Map<String, Json>, name: &str, v: Json, dmhub: bool) {
    if dmhub && name == "couponCode" {
        obj.insert("counponCode".into(), v.clone());
    }
    obj.insert(name.into(), v);
}

fn json(b: &Binding, v: &Value) -> Json {
    match v {
        Value::Text(s) => Json::String(s.clone()),
        Value::Int(n) => Json::from(*n),
        // Two decimals exactly, as text the JSON number keeps (serde_json arbitrary_precision).
        Value::Money(m) => format!("{m:.2}").parse::<Number>().map_or(Json::Null, Json::Number),
        Value::Time(t) if b.target == Target::Dmhub => Json::String(value::format_utc(t)),
        Value::Time(t) => Json::String(value::format_local(t)),
    }
}
