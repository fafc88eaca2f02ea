//! Valid orders → the exact request bodies, batched as the target requires.
//!
//! Identifiers are JSON strings (DM Hub `customerId` excepted: a Long, sent as an integer);
//! money is a JSON number with exactly two decimals; 接口 2030 times are local
//! `yyyy-MM-dd HH:mm:ss`, DM Hub's are UTC `…Z`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{Map, Number, Value as Json};

use crate::assemble::{Order, Tables};
use crate::fields::{FieldDef, Kind, Target};
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

/// A DM Hub partial update from `FIELD=VALUE` pairs (header fields): each value typed by
/// its field's declaration (money and whole numbers as JSON numbers, times as UTC), so
/// `--set amountPaid=59` sends `59.00`. The error names the field at fault.
pub fn dmhub_patch(sets: &[(String, String)], tz: chrono_tz::Tz) -> Result<Json, String> {
    header_patch(sets, tz).map_err(|e| e.field().to_string())
}

/// Why a DM Hub correction cannot be sent. Fields are named by their mapping path
/// (`amountPaid`, `lines.qty`), so the message can use their labels.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PatchError {
    #[error("{0} is not a field a correction may change")]
    UnknownField(String),
    #[error("{field}: {value:?} is not a value of its kind")]
    BadValue { field: String, value: String },
    #[error("{0} cannot be empty")]
    Required(String),
    #[error("the deal has no line {0}")]
    NoSuchLine(String),
}

impl PatchError {
    /// The field at fault (for a missing line, its id).
    pub fn field(&self) -> &str {
        match self {
            PatchError::UnknownField(f) | PatchError::Required(f) | PatchError::NoSuchLine(f) => f,
            PatchError::BadValue { field, .. } => field,
        }
    }
}

/// The merchant's corrections of one line: its `lineId` and `{field: text}` by the line's
/// own names (`qty`, `priceUnit`).
pub type LineEdits = (String, Vec<(String, String)>);

/// The body of `PUT /v1/deals/{orderNo}` correcting `deal` (as getDealByOrderNo returned
/// it): the header fields in `header`, typed by their declarations; and, when any line is
/// edited, `lines` — every line of the deal, edited or not, since a PUT that carries
/// `lines` replaces them all (spec: 所有订单相关字段均可以修改; CONTRACT.md §4). A line
/// whose quantity or unit price changes while its total is left alone gets the total
/// quantity × price, so the three stay consistent.
pub fn dmhub_update(deal: &Json, header: &[(String, String)], lines: &[LineEdits], tz: chrono_tz::Tz) -> Result<Json, PatchError> {
    let mut patch = header_patch(header, tz)?;
    if lines.is_empty() {
        return Ok(patch);
    }
    let current = deal.get("lines").and_then(Json::as_array).map_or(&[][..], Vec::as_slice);
    let id_of = |l: &Json| l.get("lineId").map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string));
    if let Some((missing, _)) = lines.iter().find(|(id, _)| !current.iter().any(|l| id_of(l).as_ref() == Some(id))) {
        return Err(PatchError::NoSuchLine(missing.clone()));
    }
    let def = Target::Dmhub.def();
    let mut out = Vec::with_capacity(current.len());
    for line in current {
        let mut l = Map::new();
        for (k, v) in line.as_object().into_iter().flatten().filter(|(_, v)| !v.is_null()) {
            l.insert(k.clone(), money_as_sent(def.field(&format!("lines.{k}")).map(|d| d.kind), v));
        }
        let edits = lines.iter().filter(|(id, _)| id_of(line).as_ref() == Some(id)).flat_map(|(_, e)| e);
        let mut changed = Vec::new();
        for (name, text) in edits {
            let path = format!("lines.{name}");
            let decl = def.field(&path).filter(|d| !d.is_template() && d.path != "lines.lineId").ok_or_else(|| PatchError::UnknownField(path.clone()))?;
            match typed(&path, decl, text, tz)? {
                Json::Null => l.remove(name.as_str()),
                v => l.insert(name.clone(), v),
            };
            changed.push(name.as_str());
        }
        if (changed.contains(&"qty") || changed.contains(&"priceUnit")) && !changed.contains(&"priceSubTotal") {
            let dec = |k: &str| l.get(k).and_then(|v| v.to_string().parse::<rust_decimal::Decimal>().ok());
            if let Some(total) = dec("qty").zip(dec("priceUnit")).and_then(|(q, p)| q.checked_mul(p)) {
                l.insert("priceSubTotal".into(), json_of(Target::Dmhub, &Value::Money(total.round_dp(2))));
            }
        }
        // The model spells the coupon couponCode; send both spellings (CONTRACT.md §2).
        if let Some(c) = l.get("couponCode").cloned() {
            l.insert("counponCode".into(), c);
        }
        out.push(Json::Object(l));
    }
    if let Some(obj) = patch.as_object_mut() {
        obj.insert("lines".into(), Json::Array(out));
    }
    Ok(patch)
}

/// A DM Hub deal as the correction form shows it. Every value the form shows is text —
/// money with two decimals (`69.000000` → `"69.00"`), the Long `customerId` as its digits —
/// so nothing passes through a JavaScript number on the way; the server's other keys ride
/// along in `extra` (its money and Longs written the same way, nulls kept), so none is lost.
/// A field the form reads that the server leaves out or sends as null is left out.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DealView {
    pub order_no: String,
    /// The server's word for it: 已付款, 已取消, 部分退单, 完全退单.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// UTC `…Z`, as the server sends it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_order: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_total: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_paid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_discount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_tel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    pub lines: Vec<DealLineView>,
    /// The lines refunded: a refund's answer lists them, getDealByOrderNo does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_lines: Option<Vec<DealLineView>>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Json>,
}

/// A line of a [`DealView`], its values text the same way.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DealLineView {
    pub line_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qty: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_sub_total: Option<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Json>,
}

/// `deal` (as getDealByOrderNo or a correction answers it) as the form shows it.
pub fn dmhub_view(deal: &Json) -> DealView {
    let line = |mut l: Shown| DealLineView {
        line_id: l.text("lineId").unwrap_or_default(),
        product_name: l.text("productName"),
        qty: l.text("qty"),
        price_unit: l.text("priceUnit"),
        price_sub_total: l.text("priceSubTotal"),
        extra: l.0,
    };
    let mut m = Shown::of(Target::Dmhub, "", deal);
    let (main, refunded) = (m.0.remove("lines"), m.0.remove("refundLines"));
    DealView {
        order_no: m.text("orderNo").unwrap_or_default(),
        state: m.text("state"),
        date_order: m.text("dateOrder"),
        amount_total: m.text("amountTotal"),
        amount_paid: m.text("amountPaid"),
        amount_discount: m.text("amountDiscount"),
        customer_id: m.text("customerId"),
        store: m.text("store"),
        contact_name: m.text("contactName"),
        contact_tel: m.text("contactTel"),
        shipping_address: m.text("shippingAddress"),
        remark: m.text("remark"),
        lines: Shown::lines(Target::Dmhub, "lines.", main, line),
        refund_lines: refunded.filter(|v| !v.is_null()).map(|v| Shown::lines(Target::Dmhub, "lines.", Some(v), line)),
        extra: m.0,
    }
}

/// `deal` as the form shows it after a refund whose answer is `refund`: with the refund's
/// lines when the deal does not list them.
pub fn dmhub_refunded_view(deal: &Json, refund: &Json) -> DealView {
    let view = dmhub_view(deal);
    if view.refund_lines.is_some() {
        return view;
    }
    DealView { refund_lines: dmhub_view(refund).refund_lines, ..view }
}

/// A 接口 2030 body as the return form shows it: each line's barcode, quantity and amount
/// as text (money with two decimals), every other key as the body has it (its money
/// written the same way).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "PascalCase")]
pub struct ReturnView {
    pub dtls: Vec<ReturnLineView>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Json>,
}

/// A line of a [`ReturnView`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "PascalCase")]
pub struct ReturnLineView {
    pub bar_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Json>,
}

/// A 2030 order body (a return as [`mall2030_return_lines`] builds it) as the form shows it.
pub fn mall2030_view(body: &Json) -> ReturnView {
    let mut m = Shown::of(Target::Mall2030, "", body);
    let dtls = Shown::lines(Target::Mall2030, "Dtls.", m.0.remove("Dtls"), |mut l| ReturnLineView {
        bar_code: l.text("BarCode").unwrap_or_default(),
        quantity: l.text("Quantity"),
        amount: l.text("Amount"),
        extra: l.0,
    });
    ReturnView { dtls, extra: m.0 }
}

/// The keys of an object with their values as a form shows them, by the declarations of a
/// target's fields: money as text with two decimals, a Long as its digits, the rest as
/// sent. A view takes its typed fields out; what is left is its `extra`.
struct Shown(BTreeMap<String, Json>);

impl Shown {
    /// `object`'s keys, declared as `prefix` + key (`lines.` for a DM Hub line's).
    fn of(target: Target, prefix: &str, object: &Json) -> Shown {
        let def = target.def();
        let Some(m) = object.as_object() else { return Shown(BTreeMap::new()) };
        Shown(
            m.iter()
                .map(|(k, v)| {
                    let kind = def.field(&format!("{prefix}{k}")).map(|d| d.kind);
                    let v = match (kind, v) {
                        (Some(Kind::Money), Json::Number(n)) => n.to_string().parse::<rust_decimal::Decimal>().map_or_else(|_| v.clone(), |d| Json::String(format!("{:.2}", d.round_dp(2)))),
                        (Some(Kind::Long), Json::Number(n)) => Json::String(n.to_string()),
                        _ => v.clone(),
                    };
                    (k.clone(), v)
                })
                .collect(),
        )
    }

    /// Each object of the array `lines` (none when it is not one), as `make` makes it.
    fn lines<T>(target: Target, prefix: &str, lines: Option<Json>, make: impl Fn(Shown) -> T) -> Vec<T> {
        let Some(Json::Array(lines)) = lines else { return Vec::new() };
        lines.iter().map(|l| make(Shown::of(target, prefix, l))).collect()
    }

    /// The value of `key`, taken out, as a form's text: a string as it is, another value
    /// as its JSON; null is none.
    fn text(&mut self, key: &str) -> Option<String> {
        match self.0.remove(key)? {
            Json::Null => None,
            Json::String(s) => Some(s),
            other => Some(other.to_string()),
        }
    }
}

/// Header fields typed by their declarations; the key and templates cannot be set.
fn header_patch(sets: &[(String, String)], tz: chrono_tz::Tz) -> Result<Json, PatchError> {
    let def = Target::Dmhub.def();
    let mut obj = Map::new();
    for (path, text) in sets {
        let decl = def.field(path).filter(|d| !d.is_template() && !def.is_line(path) && d.path != def.key).ok_or_else(|| PatchError::UnknownField(path.clone()))?;
        put(&mut obj, path, typed(path, decl, text, tz)?, true);
    }
    Ok(Json::Object(obj))
}

/// A value the merchant typed, as its field's JSON: empty clears an optional field (null).
fn typed(path: &str, decl: &FieldDef, text: &str, tz: chrono_tz::Tz) -> Result<Json, PatchError> {
    if text.trim().is_empty() && decl.kind != Kind::Text {
        return if decl.required { Err(PatchError::Required(path.to_string())) } else { Ok(Json::Null) };
    }
    if text.trim().is_empty() && decl.required {
        return Err(PatchError::Required(path.to_string()));
    }
    let cell = crate::table::Cell::Text(text.trim().into());
    let v = match decl.kind {
        Kind::Money => value::money(&cell).map(Value::Money),
        Kind::Long => value::long(&cell).map(Value::Int),
        Kind::Int => value::int(&cell).map(Value::Int),
        Kind::DateTime => value::datetime(&cell, tz).map(Value::Time),
        Kind::Text | Kind::Id => Some(Value::Text(text.to_string())),
    };
    v.map(|v| json_of(Target::Dmhub, &v)).ok_or_else(|| PatchError::BadValue { field: path.to_string(), value: text.to_string() })
}

/// A money value kept from the deal, sent with two decimals as every money value is.
fn money_as_sent(kind: Option<Kind>, v: &Json) -> Json {
    match (kind, v) {
        (Some(Kind::Money), Json::Number(n)) => n.to_string().parse::<rust_decimal::Decimal>().map_or_else(|_| v.clone(), |d| json_of(Target::Dmhub, &Value::Money(d.round_dp(2)))),
        _ => v.clone(),
    }
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

/// A 2030 return of an uploaded order whose lines are chosen by barcode (all when none
/// are named): every line with a named barcode goes back. The error names a barcode the
/// order does not have.
pub fn mall2030_return(original: &Json, code: &str, barcodes: &[String], now: DateTime<Utc>) -> Result<Json, String> {
    let dtls = original.get("Dtls").and_then(Json::as_array).map_or(&[][..], Vec::as_slice);
    let barcode = |l: &Json| l.get("BarCode").and_then(Json::as_str).map(str::to_string);
    if let Some(missing) = barcodes.iter().find(|b| !dtls.iter().any(|l| barcode(l).as_ref() == Some(*b))) {
        return Err(missing.clone());
    }
    let picked: Vec<usize> = (0..dtls.len()).filter(|i| barcode(&dtls[*i]).is_some_and(|b| barcodes.contains(&b))).collect();
    mall2030_return_lines(original, code, &picked, now).map_err(|i| i.to_string())
}

/// A 2030 return of an uploaded order: a new `Code`, `OriginalCode` pointing at the sale,
/// the chosen lines (by their place in the sale's `Dtls`, so two lines with one barcode
/// are chosen apart; all when none are chosen) with negative quantities and amounts,
/// positive unit prices, and totals recomputed over those lines. The error is a place the
/// sale has no line at.
pub fn mall2030_return_lines(original: &Json, code: &str, lines: &[usize], now: DateTime<Utc>) -> Result<Json, usize> {
    let dtls = original.get("Dtls").and_then(Json::as_array).map_or(&[][..], Vec::as_slice);
    if let Some(missing) = lines.iter().find(|i| **i >= dtls.len()) {
        return Err(*missing);
    }
    let chosen = dtls.iter().enumerate().filter(|(i, _)| lines.is_empty() || lines.contains(i)).map(|(_, l)| l.clone());
    let dec = |v: Option<&Json>| v.and_then(|v| v.to_string().trim_matches('"').parse::<rust_decimal::Decimal>().ok());
    let neg = |d: rust_decimal::Decimal| -d.abs();
    let mut total_money = rust_decimal::Decimal::ZERO;
    let mut total_qty = 0i64;
    let lines: Vec<Json> = chosen
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
        // A Long customer id is read exactly; the order number is the deal's identity, not a correction.
        assert_eq!(dmhub_patch(&[("customerId".into(), "90840682394599424".into())], chrono_tz::Asia::Shanghai).unwrap().to_string(), r#"{"customerId":90840682394599424}"#);
        assert_eq!(dmhub_patch(&[("orderNo".into(), "2".into())], chrono_tz::Asia::Shanghai), Err("orderNo".into()));
        assert_eq!(dmhub_patch(&[("lines".into(), "[]".into())], chrono_tz::Asia::Shanghai), Err("lines".into()));
    }

    /// A deal as getDealByOrderNo answers it: every field present, nulls included.
    fn stored_deal() -> Json {
        serde_json::from_str(
            r#"{"orderNo": "D1", "amountPaid": 59.000000, "amountTotal": 69.000000, "customerId": 90840682394599424, "couponCode": null, "state": "已付款",
            "lines": [{"lineId": "a", "productName": "啤酒6瓶装", "productId": "1497", "qty": 1, "priceUnit": 69.000000, "priceSubTotal": 69.000000, "couponCode": "C1", "lAttr1": "红", "lNum1": null},
                      {"lineId": "b", "productName": "啤酒12瓶装", "qty": 2, "priceUnit": 10.5, "priceSubTotal": 21.0, "couponCode": null}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_line_edit_sends_every_line_with_its_fields_kept_and_typed() {
        let tz = chrono_tz::Asia::Shanghai;
        let edits = vec![("b".to_string(), vec![("qty".to_string(), "3".to_string()), ("priceUnit".to_string(), "12".to_string())])];
        let body = dmhub_update(&stored_deal(), &[("remark".into(), "改过数量".into()), ("amountPaid".into(), "95.00".into())], &edits, tz).unwrap();
        assert_eq!(
            body.to_string(),
            concat!(
                r#"{"remark":"改过数量","amountPaid":95.00,"lines":["#,
                r#"{"lineId":"a","productName":"啤酒6瓶装","productId":"1497","qty":1,"priceUnit":69.00,"priceSubTotal":69.00,"couponCode":"C1","lAttr1":"红","counponCode":"C1"},"#,
                r#"{"lineId":"b","productName":"啤酒12瓶装","qty":3,"priceUnit":12.00,"priceSubTotal":36.00}]}"#
            )
        );
        // A total the merchant typed is kept; a name alone leaves the amounts alone.
        let typed_total = vec![("b".to_string(), vec![("qty".to_string(), "3".to_string()), ("priceSubTotal".to_string(), "30".to_string())])];
        assert_eq!(dmhub_update(&stored_deal(), &[], &typed_total, tz).unwrap()["lines"][1]["priceSubTotal"].to_string(), "30.00");
        let renamed = vec![("a".to_string(), vec![("productName".to_string(), "啤酒六瓶装".to_string())])];
        let line = &dmhub_update(&stored_deal(), &[], &renamed, tz).unwrap()["lines"][0];
        assert_eq!((line["productName"].as_str(), line["priceSubTotal"].to_string().as_str()), (Some("啤酒六瓶装"), "69.00"));
        // No line edited: no lines in the body, so the server keeps them as they are.
        assert!(dmhub_update(&stored_deal(), &[("remark".into(), "x".into())], &[], tz).unwrap().get("lines").is_none());
    }

    #[test]
    fn a_line_edit_that_cannot_be_sent_says_why() {
        let tz = chrono_tz::Asia::Shanghai;
        let one = |id: &str, k: &str, v: &str| dmhub_update(&stored_deal(), &[], &[(id.to_string(), vec![(k.to_string(), v.to_string())])], tz);
        assert_eq!(one("z", "qty", "1"), Err(PatchError::NoSuchLine("z".into())));
        assert_eq!(one("a", "qty", "两件"), Err(PatchError::BadValue { field: "lines.qty".into(), value: "两件".into() }));
        assert_eq!(one("a", "qty", "1.5"), Err(PatchError::BadValue { field: "lines.qty".into(), value: "1.5".into() }));
        assert_eq!(one("a", "qty", " "), Err(PatchError::Required("lines.qty".into())));
        assert_eq!(one("a", "productName", ""), Err(PatchError::Required("lines.productName".into())));
        assert_eq!(one("a", "lineId", "c"), Err(PatchError::UnknownField("lines.lineId".into())));
        assert_eq!(one("a", "colour", "red"), Err(PatchError::UnknownField("lines.colour".into())));
        assert_eq!(one("a", "priceUnit", "").unwrap()["lines"][0].get("priceUnit"), None, "an optional value emptied is left out");
    }

    #[test]
    fn the_form_shows_money_with_two_decimals_and_ids_as_text() {
        let mut deal = stored_deal();
        deal["remark"] = Json::Null;
        let v = dmhub_view(&deal);
        assert_eq!((v.order_no.as_str(), v.amount_paid.as_deref(), v.amount_total.as_deref()), ("D1", Some("59.00"), Some("69.00")));
        // A Long past 2^53 keeps every digit.
        assert_eq!((v.customer_id.as_deref(), v.state.as_deref()), (Some("90840682394599424"), Some("已付款")));
        assert_eq!(v.lines.len(), 2);
        let b = &v.lines[1];
        assert_eq!((b.line_id.as_str(), b.product_name.as_deref(), b.qty.as_deref()), ("b", Some("啤酒12瓶装"), Some("2")));
        assert_eq!((b.price_unit.as_deref(), b.price_sub_total.as_deref()), (Some("10.50"), Some("21.00")));
        // Null is no value, and no refund is listed by getDealByOrderNo.
        assert_eq!((v.remark.as_deref(), v.refund_lines.as_ref()), (None, None));
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!((json["amountPaid"].as_str(), json["lines"][1]["priceUnit"].as_str()), (Some("59.00"), Some("10.50")));
        assert!(json.get("remark").is_none() && json.get("refundLines").is_none(), "{json}");
    }

    #[test]
    fn keys_the_form_does_not_read_are_kept() {
        let mut deal = stored_deal();
        deal["customerIdStr"] = "90840682394599424".into();
        deal["merchantPoint"] = 12.into();
        deal["lines"][0]["priceSubPaid"] = serde_json::from_str("60.000000").unwrap();
        let v = dmhub_view(&deal);
        assert_eq!(v.extra.get("customerIdStr"), Some(&json!("90840682394599424")));
        assert_eq!(v.extra.get("merchantPoint"), Some(&json!(12)));
        assert_eq!(v.extra.get("couponCode"), Some(&Json::Null), "a key sent as null is passed on as null");
        let a = &v.lines[0].extra;
        assert_eq!((a.get("productId"), a.get("lAttr1"), a.get("priceSubPaid")), (Some(&json!("1497")), Some(&json!("红")), Some(&json!("60.00"))));
        // Flattened beside the typed keys, each once.
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!((json["customerIdStr"].as_str(), json["lines"][0]["lAttr1"].as_str(), json["lines"][0]["lineId"].as_str()), (Some("90840682394599424"), Some("红"), Some("a")));
        assert_eq!(json.as_object().unwrap().len(), v.extra.len() + 6, "{json}");
    }

    #[test]
    fn a_refund_shows_its_lines_beside_the_deal() {
        let refund: Json = serde_json::from_str(r#"{"orderNo": "D1", "refundTotal": 69, "refundLines": [{"lineId": "a", "refundId": 2100032073, "priceSubTotal": 69.000000}]}"#).unwrap();
        let v = dmhub_refunded_view(&stored_deal(), &refund);
        let lines = v.refund_lines.unwrap();
        assert_eq!((lines.len(), lines[0].line_id.as_str(), lines[0].price_sub_total.as_deref()), (1, "a", Some("69.00")));
        assert_eq!(lines[0].extra.get("refundId"), Some(&json!(2100032073)));
        assert_eq!(v.lines.len(), 2, "the deal's own lines stay");
        // A deal that lists its refund is shown as it is.
        let mut listed = stored_deal();
        listed["refundLines"] = json!([]);
        assert_eq!(dmhub_refunded_view(&listed, &refund).refund_lines, Some(vec![]));
    }

    #[test]
    fn a_return_is_shown_with_text_amounts() {
        let body: Json = serde_json::from_str(r#"{"Code": "R1", "TotalQty": -2, "TotalMoney": -20.00, "Dtls": [{"BarCode": "y", "PriceSell": 10.00, "Quantity": -2, "Amount": -20.00}]}"#).unwrap();
        let v = mall2030_view(&body);
        assert_eq!(v.dtls.len(), 1);
        let l = &v.dtls[0];
        assert_eq!((l.bar_code.as_str(), l.quantity.as_deref(), l.amount.as_deref()), ("y", Some("-2"), Some("-20.00")));
        assert_eq!(l.extra.get("PriceSell"), Some(&json!("10.00")));
        assert_eq!((v.extra.get("Code"), v.extra.get("TotalQty"), v.extra.get("TotalMoney")), (Some(&json!("R1")), Some(&json!(-2)), Some(&json!("-20.00"))));
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!((json["Dtls"][0]["BarCode"].as_str(), json["Dtls"][0]["Amount"].as_str(), json["Code"].as_str()), (Some("y"), Some("-20.00"), Some("R1")));
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

    #[test]
    fn two_lines_with_one_barcode_are_returned_apart() {
        let sale = json!({"ShopCode": "S", "Code": "0002", "TotalQty": 3, "TotalMoney": 30.0,
            "Dtls": [{"BarCode": "x", "Quantity": 1, "Amount": 10.0}, {"BarCode": "x", "Quantity": 2, "Amount": 20.0}]});
        let now = Utc::now();
        let r = mall2030_return_lines(&sale, "R", &[1], now).unwrap();
        assert_eq!((r["TotalQty"].clone(), r["Dtls"].as_array().map(Vec::len)), (json!(-2), Some(1)));
        assert_eq!(r["Dtls"][0]["Amount"].to_string(), "-20.00");
        assert_eq!(mall2030_return_lines(&sale, "R", &[], now).unwrap()["TotalQty"], -3);
        assert_eq!(mall2030_return_lines(&sale, "R", &[2], now), Err(2));
        assert_eq!(mall2030_return(&sale, "R", &["x".into()], now).unwrap()["TotalQty"], -3, "by barcode: every line with it");
    }
}
