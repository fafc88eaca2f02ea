//! Valid orders → the exact request bodies, batched as the target requires.
//!
//! Identifiers are JSON strings (DM Hub `customerId` excepted: a Long, sent as an integer);
//! money is a JSON number with exactly two decimals; 接口 2030 times are local
//! `yyyy-MM-dd HH:mm:ss`, DM Hub's are UTC `…Z`.

use chrono::{DateTime, Utc};
use serde_json::{Map, Number, Value as Json};

use crate::assemble::{Order, Tables};
use crate::fields::{Kind, Target};
use crate::mapping::Binding;
use crate::validate::{Typed, Value, check_order};
use crate::value;

/// At most this many orders go in one 接口 2030 call (spec 1.3).
pub const MALL2030_BATCH: usize = 100;

/// The bodies an upload sends for the orders marked valid, in upload order: for mall2030
/// one JSON array per call (≤ 100 orders of one ShopCode), for dmhub one deal per call.
pub fn bodies(b: &Binding, t: Tables, orders: &[Order], valid: &[bool], now: DateTime<Utc>) -> Vec<Json> {
    let objects = order_bodies(b, t, orders, valid, now).into_iter().map(|o| o.body);
    match b.target {
        Target::Dmhub => objects.collect(),
        Target::Mall2030 => batches(objects.collect()),
    }
}

/// One valid order's request body, with what the journal keys it by.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBody {
    pub order_no: String,
    /// 2030's ShopCode (batches never mix shops); empty for DM Hub.
    pub shop: String,
    pub body: Json,
}

/// The body of every valid order, in file order.
pub fn order_bodies(b: &Binding, t: Tables, orders: &[Order], valid: &[bool], now: DateTime<Utc>) -> Vec<OrderBody> {
    orders
        .iter()
        .zip(valid)
        .filter(|(_, ok)| **ok)
        .map(|(o, _)| {
            let body = order_json(b, &check_order(b, t, o, now).0);
            let shop = body.get("ShopCode").and_then(Json::as_str).unwrap_or_default().to_string();
            OrderBody { order_no: o.key.clone(), shop, body }
        })
        .collect()
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
    json_of(b.target, v)
}

fn json_of(target: Target, v: &Value) -> Json {
    match v {
        Value::Text(s) => Json::String(s.clone()),
        Value::Int(n) => Json::from(*n),
        // Two decimals exactly, as text the JSON number keeps (serde_json arbitrary_precision).
        Value::Money(m) => format!("{m:.2}").parse::<Number>().map_or(Json::Null, Json::Number),
        Value::Time(t) if target == Target::Dmhub => Json::String(value::format_utc(t)),
        Value::Time(t) => Json::String(value::format_local(t)),
    }
}

/// A DM Hub partial update from `FIELD=VALUE` pairs: each value typed by its field's
/// declaration (money and whole numbers as JSON numbers, times as UTC), so `--set
/// amountPaid=59` sends `59.00`.
pub fn dmhub_patch(sets: &[(String, String)], tz: chrono_tz::Tz) -> Result<Json, String> {
    let def = Target::Dmhub.def();
    let mut obj = Map::new();
    for (path, text) in sets {
        let decl = def.field(path).filter(|d| !d.is_template() && !def.is_line(path)).ok_or_else(|| path.clone())?;
        let cell = crate::table::Cell::Text(text.clone());
        let v = match decl.kind {
            Kind::Money => value::money(&cell).map(Value::Money),
            Kind::Int | Kind::Long => value::int(&cell).map(Value::Int),
            Kind::DateTime => value::datetime(&cell, tz).map(Value::Time),
            Kind::Text | Kind::Id => Some(Value::Text(text.clone())),
        }
        .ok_or_else(|| path.clone())?;
        put(&mut obj, path, json_of(Target::Dmhub, &v), true);
    }
    Ok(Json::Object(obj))
}

/// The body of `POST /v1/dealService/refund` for some lines of `deal` (as the server
/// returned it): the refund total defaults to those lines' `priceSubTotal`, and the state
/// says whether every line is refunded (完全退单) or not (部分退单).
pub fn dmhub_refund(deal: &Json, line_ids: &[String], total: Option<rust_decimal::Decimal>, reason: Option<&str>, date_utc: Option<&str>) -> Result<Json, String> {
    let lines = deal.get("lines").and_then(Json::as_array).cloned().unwrap_or_default();
    let id_of = |l: &Json| l.get("lineId").and_then(Json::as_str).map(str::to_string);
    if let Some(missing) = line_ids.iter().find(|id| !lines.iter().any(|l| id_of(l).as_ref() == Some(*id))) {
        return Err(missing.clone());
    }
    let total = total.unwrap_or_else(|| {
        lines.iter().filter(|l| id_of(l).is_some_and(|id| line_ids.contains(&id))).filter_map(|l| l.get("priceSubTotal").and_then(|v| v.to_string().parse::<rust_decimal::Decimal>().ok())).sum()
    });
    let full = lines.iter().all(|l| id_of(l).is_some_and(|id| line_ids.contains(&id)));
    let mut body = serde_json::json!({
        "orderNo": deal.get("orderNo").cloned().unwrap_or(Json::Null),
        "refundLines": line_ids.iter().map(|id| serde_json::json!({"lineId": id})).collect::<Vec<_>>(),
        "refundTotal": json_of(Target::Dmhub, &Value::Money(total.round_dp(2))),
        "state": if full { "完全退单" } else { "部分退单" },
    });
    if let Some(r) = reason {
        body["reason"] = r.into();
    }
    if let Some(d) = date_utc {
        body["refundDate"] = d.into();
    }
    Ok(body)
}

/// A 2030 return of an uploaded order: a new `Code`, `OriginalCode` pointing at the sale,
/// the chosen lines (by barcode; all when none are named) with negative quantities and
/// amounts, positive unit prices, and totals recomputed over those lines.
pub fn mall2030_return(original: &Json, code: &str, barcodes: &[String], now: DateTime<Utc>) -> Result<Json, String> {
    let dtls = original.get("Dtls").and_then(Json::as_array).cloned().unwrap_or_default();
    let chosen: Vec<Json> = dtls.into_iter().filter(|l| barcodes.is_empty() || l.get("BarCode").and_then(Json::as_str).is_some_and(|b| barcodes.iter().any(|x| x == b))).collect();
    if let Some(missing) = barcodes.iter().find(|b| !chosen.iter().any(|l| l.get("BarCode").and_then(Json::as_str) == Some(b.as_str()))) {
        return Err(missing.clone());
    }
    let dec = |v: Option<&Json>| v.and_then(|v| v.to_string().trim_matches('"').parse::<rust_decimal::Decimal>().ok());
    let neg = |d: rust_decimal::Decimal| -d.abs();
    let mut total_money = rust_decimal::Decimal::ZERO;
    let mut total_qty = 0i64;
    let lines: Vec<Json> = chosen
        .into_iter()
        .map(|mut l| {
            if let Some(q) = dec(l.get("Quantity")).and_then(|q| i64::try_from(q.trunc()).ok()) {
                total_qty += -q.abs();
                l["Quantity"] = Json::from(-q.abs());
            }
            if let Some(a) = dec(l.get("Amount")) {
                total_money += neg(a);
                l["Amount"] = json_of(Target::Mall2030, &Value::Money(neg(a)));
            }
            l
        })
        .collect();
    let mut body = original.clone();
    let time = value::format_local(&now.with_timezone(&chrono_tz::Asia::Shanghai));
    body["Code"] = code.into();
    body["OriginalCode"] = original.get("Code").cloned().unwrap_or(Json::Null);
    body["OrderTime"] = time.clone().into();
    body["PayTime"] = time.into();
    body["TotalQty"] = Json::from(total_qty);
    body["TotalMoney"] = json_of(Target::Mall2030, &Value::Money(total_money));
    if let Some(obj) = body.as_object_mut() {
        obj.remove("PayAmount");
        obj.remove("DiscountMoney");
    }
    body["Dtls"] = Json::Array(lines);
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patches_are_typed_by_their_declarations() {
        let sets = [("amountPaid".to_string(), "59".to_string()), ("contactName".to_string(), "CL".to_string()), ("dateOrder".to_string(), "2019-06-22 10:30:01".to_string())];
        let p = dmhub_patch(&sets, chrono_tz::Asia::Shanghai).unwrap();
        assert_eq!(p.to_string(), r#"{"amountPaid":59.00,"contactName":"CL","dateOrder":"2019-06-22T02:30:01Z"}"#);
        assert_eq!(dmhub_patch(&[("nope".into(), "1".into())], chrono_tz::Asia::Shanghai), Err("nope".into()));
        assert_eq!(dmhub_patch(&[("amountPaid".into(), "x".into())], chrono_tz::Asia::Shanghai), Err("amountPaid".into()));
    }

    #[test]
    fn refunds_total_the_chosen_lines() {
        let deal = json!({"orderNo": "1", "lines": [{"lineId": "a", "priceSubTotal": 69.0}, {"lineId": "b", "priceSubTotal": 10.5}]});
        let r = dmhub_refund(&deal, &["a".into()], None, Some("破损"), None).unwrap();
        assert_eq!(r.to_string(), r#"{"orderNo":"1","refundLines":[{"lineId":"a"}],"refundTotal":69.00,"state":"部分退单","reason":"破损"}"#);
        assert_eq!(dmhub_refund(&deal, &["a".into(), "b".into()], None, None, None).unwrap()["state"], "完全退单");
        assert_eq!(dmhub_refund(&deal, &["z".into()], None, None, None), Err("z".into()));
    }

    #[test]
    fn a_return_is_negative_and_passes_the_rules() {
        // As the journal stores it: money keeps its two decimals.
        let sale: Json = serde_json::from_str(
            r#"{"ShopCode": "S", "Code": "0001", "OrderTime": "2026-11-01 10:00:00", "TotalQty": 3, "TotalMoney": 30.00, "PayTime": "2026-11-01 10:00:00",
            "PayAmount": 30.00, "BuyerCode": "b", "RecvConsignee": "c", "RecvMobile": "138",
            "Dtls": [{"BarCode": "x", "PriceSell": 10.00, "Quantity": 1, "Amount": 10.00}, {"BarCode": "y", "PriceSell": 10.00, "Quantity": 2, "Amount": 20.00}]}"#,
        )
        .unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+08:00").unwrap().with_timezone(&Utc);
        let r = mall2030_return(&sale, "R0001", &["y".into()], now).unwrap();
        assert_eq!(r["OriginalCode"], "0001");
        assert_eq!(r["TotalQty"], -2);
        assert_eq!(r["TotalMoney"].to_string(), "-20.00");
        assert_eq!(r["Dtls"].to_string(), r#"[{"BarCode":"y","PriceSell":10.00,"Quantity":-2,"Amount":-20.00}]"#);
        assert_eq!(crate::body::check_body(Target::Mall2030, &r, now), vec![]);
        assert_eq!(mall2030_return(&sale, "R", &["nope".into()], now), Err("nope".into()));
    }
}
