//! What the sandbox remembers — tokens, deals, 2030 orders, rate windows — and the
//! [`Snapshot`] of it that tests read, in-process or from `GET /_sandbox/state`.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Months, Utc};
use orderdock_core::fields::Target;
use orderdock_core::table::Cell;
use orderdock_core::value;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::App;
use crate::faults::{Dice, Fault, Faults};

/// Everything the handlers share.
pub(crate) struct Shared {
    pub apps: Vec<App>,
    pub dice: Dice,
    store: Mutex<Store>,
}

impl Shared {
    pub(crate) fn new(apps: Vec<App>, faults: Faults, seed: u64) -> Shared {
        // Tokens get their own generator so fetching one does not shift the fault sequence.
        let store = Store { faults, token_rng: Some(StdRng::seed_from_u64(!seed)), ..Store::default() };
        Shared { apps, dice: Dice::new(seed), store: Mutex::new(store) }
    }

    /// The store, locked. Handlers never hold it across an `.await`.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        // A handler that panicked mid-update cannot leave worse than a half-applied call,
        // which is what the sandbox imitates anyway.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// This call's fault — the first one scripted for `endpoint` (`"GET /security/accesstoken"`,
    /// `"*"` for any), else a draw — and counts it. `Revoke` only means something on a DM Hub
    /// deals call (`revocable`); elsewhere it is no fault and is not counted.
    pub(crate) fn draw_fault(&self, endpoint: &str, revocable: bool) -> Option<Fault> {
        let mut st = self.store();
        let scripted = st.script.iter().position(|(e, _)| e == endpoint || e == "*").map(|i| st.script.remove(i).1);
        let fault = match scripted {
            Some(f) => Some(f),
            None => self.dice.draw(&st.faults),
        };
        let fault = fault.filter(|f| revocable || *f != Fault::Revoke)?;
        let c = &mut st.counters;
        match fault {
            Fault::Fail => c.injected_failures += 1,
            Fault::Throttle => c.injected_throttles += 1,
            Fault::Drop => c.answers_dropped += 1,
            Fault::Html => c.injected_html += 1,
            Fault::Reset => c.connections_reset += 1,
            Fault::Empty => c.empty_answers += 1,
            Fault::Truncate => c.truncated_answers += 1,
            Fault::Revoke => c.tokens_revoked += 1,
        }
        *c.faults.entry(endpoint.to_string()).or_default().entry(fault.name().to_string()).or_default() += 1;
        Some(fault)
    }

    pub(crate) fn app(&self, app_id: &str) -> Option<&App> {
        self.apps.iter().find(|a| a.app_id == app_id)
    }
}

#[derive(Default)]
pub(crate) struct Store {
    pub faults: Faults,
    /// Faults a test asked for, by endpoint, used before any draw.
    pub script: Vec<(String, Fault)>,
    pub counters: Counters,
    /// DM Hub: the one active token per app id, with its expiry.
    tokens: HashMap<String, (String, Instant)>,
    token_rng: Option<StdRng>,
    /// DM Hub customers by identity (type, value), so that identities resolve to a customerId.
    customers: HashMap<(String, String), i64>,
    pub deals: BTreeMap<String, Deal>,
    pub next_refund_id: u64,
    /// 接口 2030 orders by (ShopCode, Code).
    pub orders: BTreeMap<(String, String), Value>,
    /// 接口 2030 calls per AppSystem.
    pub windows: HashMap<String, RateWindow>,
}

/// The counters a test asserts on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Counters {
    /// Calls per endpoint, keyed by method and route pattern: `"GET /v1/deals/{orderNo}"`.
    pub calls: BTreeMap<String, u64>,
    /// Calls that changed stored data: deal writes and accepted 2030 batches.
    pub applied: u64,
    /// The most 2030 calls of one AppSystem that arrived within one sliding second.
    pub max_calls_per_second: usize,
    /// 2030 calls refused with 407 by the rate limit (injected throttling not included).
    pub rate_limited: u64,
    /// 2030 orders refused with 2102 because their Code was already stored.
    pub duplicates_refused: u64,
    /// 2030 orders stored (each Code of each accepted call; a Code is only ever stored once).
    pub orders_stored: u64,
    /// 2030 calls with an empty `Args` array (answered 307). A client must never send one.
    pub empty_batches: u64,
    /// DM Hub creates of an orderNo that was already stored (the deal is replaced, as DM Hub
    /// does: a re-sent deal after a lost answer lands here, not as a second deal).
    pub deals_replaced: u64,
    /// Injected faults, one counter per kind (see [`crate::faults::Fault`]).
    pub injected_failures: u64,
    pub injected_throttles: u64,
    pub answers_dropped: u64,
    pub injected_html: u64,
    pub connections_reset: u64,
    pub empty_answers: u64,
    pub truncated_answers: u64,
    pub tokens_revoked: u64,
    /// Injected faults by endpoint (as in `calls`), then by [`crate::faults::Fault::name`].
    pub faults: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Counters {
    /// Injected faults of every kind, all endpoints together.
    pub fn faults_injected(&self) -> u64 {
        self.injected_failures + self.injected_throttles + self.answers_dropped + self.injected_html + self.connections_reset + self.empty_answers + self.truncated_answers + self.tokens_revoked
    }

    /// Injected faults of one kind on one endpoint.
    pub fn faults_on(&self, endpoint: &str, fault: Fault) -> u64 {
        self.faults.get(endpoint).and_then(|m| m.get(fault.name())).copied().unwrap_or(0)
    }
}

/// A copy of the server's data and counters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// DM Hub deals by orderNo, as getDealByOrderNo shows them (whatever their date).
    pub deals: BTreeMap<String, Value>,
    /// 接口 2030 orders by ShopCode, then Code, as received.
    pub orders: BTreeMap<String, BTreeMap<String, Value>>,
    pub counters: Counters,
}

impl Snapshot {
    pub fn deal(&self, order_no: &str) -> Option<&Value> {
        self.deals.get(order_no)
    }

    pub fn order(&self, shop_code: &str, code: &str) -> Option<&Value> {
        self.orders.get(shop_code)?.get(code)
    }

    /// Number of 2030 orders stored, all shops together.
    pub fn order_count(&self) -> usize {
        self.orders.values().map(BTreeMap::len).sum()
    }

    /// Calls received by one endpoint, e.g. `calls("POST /api/morder/thirdOrdAdd")`.
    pub fn calls(&self, endpoint: &str) -> u64 {
        self.counters.calls.get(endpoint).copied().unwrap_or(0)
    }
}

/// How a DM Hub token stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenStatus {
    Valid,
    Expired,
    /// Never issued, or replaced by a newer fetch for the same app id.
    Invalid,
}

impl Store {
    pub(crate) fn snapshot(&self) -> Snapshot {
        let mut orders: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
        for ((shop, code), o) in &self.orders {
            orders.entry(shop.clone()).or_default().insert(code.clone(), o.clone());
        }
        Snapshot { deals: self.deals.iter().map(|(k, d)| (k.clone(), d.full())).collect(), orders, counters: self.counters.clone() }
    }

    /// A new token for `app_id`; the one it had stops working (one active token per app id).
    pub(crate) fn issue_token(&mut self, app_id: &str, now: Instant) -> String {
        let token = format!("{:032x}", self.token_rng.get_or_insert_with(|| StdRng::seed_from_u64(0)).random::<u128>());
        let expiry = now + Duration::from_secs(self.faults.token_ttl_secs);
        self.tokens.insert(app_id.to_string(), (token.clone(), expiry));
        token
    }

    /// Another client fetched a token for the app id `token` belongs to: `token` stops
    /// working. False when `token` is not the active token of any app.
    pub(crate) fn revoke(&mut self, token: &str, now: Instant) -> bool {
        let Some(app_id) = self.tokens.iter().find(|(_, (t, _))| t == token).map(|(a, _)| a.clone()) else { return false };
        self.issue_token(&app_id, now);
        true
    }

    pub(crate) fn token_status(&self, token: &str, now: Instant) -> TokenStatus {
        match self.tokens.values().find(|(t, _)| t == token) {
            Some((_, expiry)) if now < *expiry => TokenStatus::Valid,
            Some(_) => TokenStatus::Expired,
            None => TokenStatus::Invalid,
        }
    }

    /// The customerId of a deal's identities: the customer any of them already names,
    /// else a new customer, who from now on owns all of them.
    pub(crate) fn customer_of(&mut self, identities: &[(String, String)]) -> i64 {
        let known = identities.iter().find_map(|i| self.customers.get(i).copied());
        let id = known.unwrap_or_else(|| 90_840_682_394_599_424 + self.customers.len() as i64);
        for i in identities {
            self.customers.entry(i.clone()).or_insert(id);
        }
        id
    }
}

/// What a server that keeps its data ([`crate::Config::save_to`]) writes to its file: the
/// stored data, not tokens, faults or counters (a restarted server starts those afresh).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Saved {
    deals: BTreeMap<String, Deal>,
    customers: Vec<((String, String), i64)>,
    next_refund_id: u64,
    orders: Vec<((String, String), Value)>,
}

impl Store {
    pub(crate) fn saved(&self) -> Saved {
        Saved {
            deals: self.deals.clone(),
            customers: self.customers.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            next_refund_id: self.next_refund_id,
            orders: self.orders.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        }
    }

    pub(crate) fn restore(&mut self, saved: Saved) {
        self.deals = saved.deals;
        self.customers = saved.customers.into_iter().collect();
        self.next_refund_id = saved.next_refund_id;
        self.orders = saved.orders.into_iter().collect();
    }
}

/// A stored DM Hub deal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Deal {
    /// The deal as created and updated; identities already resolved to `customerId`.
    pub model: Map<String, Value>,
    pub cancel_date: Option<String>,
    pub refund: Option<Refund>,
    pub created: String,
    pub updated: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Refund {
    pub id: u64,
    pub line_ids: Vec<String>,
    pub total: Value,
    /// 完全退单 or 部分退单.
    pub state: String,
    pub reason: Value,
    pub date: String,
    pub created: String,
}

impl Deal {
    /// 已付款 until cancelled or refunded; deleting a refund restores the earlier state.
    pub(crate) fn state(&self) -> &str {
        match (&self.refund, &self.cancel_date) {
            (Some(r), _) => &r.state,
            (None, Some(_)) => "已取消",
            (None, None) => "已付款",
        }
    }

    /// Get and list only see deals of the last month (spec: 所有订单查询只返回最近一个月的订单).
    pub(crate) fn visible(&self, now: DateTime<Utc>) -> bool {
        let date = self.model.get("dateOrder").and_then(Value::as_str).and_then(|s| value::datetime(&Cell::Text(s.into()), chrono_tz::UTC));
        date.is_some_and(|d| d.with_timezone(&Utc) >= month_ago(now))
    }

    pub(crate) fn lines(&self) -> &[Value] {
        self.model.get("lines").and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    /// The model as getDealByOrderNo answers it: every declared field present (null when
    /// unset), the coupon under its model spelling, the state and the customer id as text.
    pub(crate) fn full(&self) -> Value {
        let def = Target::Dmhub.def();
        let declared =
            |line: bool| def.fields.iter().filter(move |f| !f.is_template() && def.is_line(f.path) == line && !f.path.starts_with("identities.")).map(|f| f.path.trim_start_matches(def.line_prefix));
        let mut out: Map<String, Value> = declared(false).map(|p| (p.to_string(), Value::Null)).collect();
        for (k, v) in &self.model {
            if k != "lines" {
                out.insert(k.clone(), v.clone());
            }
        }
        model_coupon(&mut out);
        let line_customs = (1..=6).map(|i| format!("lAttr{i}")).chain((1..=4).flat_map(|i| [format!("lNum{i}"), format!("lDate{i}")]));
        let line_nulls: Map<String, Value> = declared(true).map(str::to_string).chain(line_customs).map(|p| (p, Value::Null)).collect();
        let lines = self
            .lines()
            .iter()
            .map(|l| {
                let mut m = line_nulls.clone();
                m.extend(l.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), v.clone())));
                model_coupon(&mut m);
                Value::Object(m)
            })
            .collect();
        out.insert("lines".into(), Value::Array(lines));
        out.insert("state".into(), self.state().into());
        out.insert("dateCreated".into(), self.created.as_str().into());
        out.insert("lastUpdated".into(), self.updated.as_str().into());
        if let Some(c) = &self.cancel_date {
            out.insert("cancelDate".into(), c.as_str().into());
        }
        let customer = out.get("customerId").map(|c| c.to_string()).unwrap_or_default();
        out.insert("customerIdStr".into(), customer.into());
        Value::Object(out)
    }
}

/// The create example spells the coupon `counponCode`; the model says `couponCode`.
fn model_coupon(m: &mut Map<String, Value>) {
    if let Some(v) = m.remove("counponCode")
        && m.get("couponCode").is_none_or(Value::is_null)
    {
        m.insert("couponCode".into(), v);
    }
}

/// The earliest dateOrder a query still sees: the same moment one calendar month earlier
/// (chrono clamps: 31 March → 28/29 February; 29 February → 29 January).
pub(crate) fn month_ago(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(1)).unwrap_or(now)
}

/// The 2030 calls of one AppSystem in the last second.
#[derive(Debug, Default)]
pub(crate) struct RateWindow {
    admitted: VecDeque<Instant>,
    arrived: VecDeque<Instant>,
}

impl RateWindow {
    /// Records a call arriving at `now`. Returns whether it is admitted (fewer than `limit`
    /// calls admitted in the second before it) and how many calls arrived in that second,
    /// itself included. Refused calls do not count against the limit, so a client that
    /// backs off gets through again a second after its last admitted call.
    pub(crate) fn arrive(&mut self, now: Instant, limit: u32) -> (bool, usize) {
        for q in [&mut self.admitted, &mut self.arrived] {
            while q.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1)) {
                q.pop_front();
            }
        }
        self.arrived.push_back(now);
        let admitted = self.admitted.len() < limit as usize;
        if admitted {
            self.admitted.push_back(now);
        }
        (admitted, self.arrived.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_month_back_is_a_calendar_month() {
        assert_eq!(month_ago(utc("2024-02-29T10:00:00Z")), utc("2024-01-29T10:00:00Z"));
        assert_eq!(month_ago(utc("2024-03-31T10:00:00Z")), utc("2024-02-29T10:00:00Z"));
        assert_eq!(month_ago(utc("2023-03-31T10:00:00Z")), utc("2023-02-28T10:00:00Z"));
        assert_eq!(month_ago(utc("2024-01-15T00:00:00Z")), utc("2023-12-15T00:00:00Z"));
    }

    #[test]
    fn the_window_is_inclusive() {
        let deal = |date: &str| Deal { model: serde_json::json!({"dateOrder": date}).as_object().unwrap().clone(), cancel_date: None, refund: None, created: String::new(), updated: String::new() };
        let now = utc("2024-02-29T10:00:00Z");
        assert!(deal("2024-01-29T10:00:00Z").visible(now));
        assert!(!deal("2024-01-29T09:59:59Z").visible(now));
        assert!(deal("2024-01-29T10:00:00").visible(now), "a time without zone is UTC, as the spec says");
    }

    #[test]
    fn the_rate_window_slides() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let mut w = RateWindow::default();
        for i in 0..10 {
            assert_eq!(w.arrive(ms(i * 10), 10), (true, i as usize + 1));
        }
        assert_eq!(w.arrive(ms(500), 10), (false, 11));
        // A second after the first call, its slot is free again; the refused call holds none.
        assert_eq!(w.arrive(ms(1000), 10), (true, 11));
        assert_eq!(w.arrive(ms(1005), 10), (false, 12));
        assert_eq!(w.arrive(ms(1010), 10), (true, 12));
    }

    #[test]
    fn identities_resolve_to_one_customer() {
        let mut s = Store::default();
        let wechat = ("wechat".to_string(), "o1".to_string());
        let mobile = ("mobile".to_string(), "139".to_string());
        let a = s.customer_of(std::slice::from_ref(&wechat));
        assert_eq!(s.customer_of(&[mobile.clone(), wechat]), a);
        assert_eq!(s.customer_of(&[mobile]), a);
        assert_ne!(s.customer_of(&[("mobile".into(), "138".into())]), a);
    }
}
