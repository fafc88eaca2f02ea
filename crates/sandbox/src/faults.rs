//! Injected trouble: every fault a real server (or the proxies in front of it) can show —
//! server errors with a JSON or an HTML body, throttling, connections closed before or
//! after the request is applied, empty and cut-off answers, a DM Hub token revoked by a
//! fetch elsewhere — and slow answers.
//!
//! Each API call, the DM Hub token endpoint included, draws at most one fault from a seeded
//! generator, so a test that fixes the seed and sends its calls one after another sees the
//! same faults on every run. A test that wants one exact fault on one endpoint scripts it
//! instead ([`crate::Running::inject`]): scripted faults are used first, in order, by the
//! calls of the endpoint they name, and draw nothing. The limits that are not random (token
//! lifetime, rate limit, refused order numbers) live here too, because they are what a test
//! turns to provoke a remote behaviour.

use std::collections::HashSet;
use std::fmt;
use std::sync::Mutex;

use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// What the sandbox does wrong on purpose, and the limits it enforces.
#[derive(Debug, Clone, PartialEq)]
pub struct Faults {
    /// Share of calls answered with a server error (DM Hub HTTP 500, 2030 `StatusCode` 500);
    /// the request is not applied.
    pub fail_rate: f64,
    /// Share of calls refused as too frequent (DM Hub HTTP 429, 2030 `StatusCode` 407); not applied.
    pub throttle_rate: f64,
    /// Share of calls that are applied and whose answer is then lost: the server closes
    /// the connection without answering.
    pub drop_rate: f64,
    /// Share of calls answered HTTP 502 with an HTML page, as a gateway in front of the
    /// server does; not applied.
    pub html_rate: f64,
    /// Share of calls whose connection is closed before the request is applied.
    pub reset_rate: f64,
    /// Share of calls that are applied and answered HTTP 200 with an empty body.
    pub empty_rate: f64,
    /// Share of calls that are applied and whose answer's JSON is cut off halfway (the HTTP
    /// framing is right: the body is short, not the connection).
    pub truncate_rate: f64,
    /// Share of DM Hub deals calls made just after another client fetched a token for the
    /// same app id, so the call's token is refused (`40001`). Only one token per app id is
    /// active at a time. Drawn on other endpoints too, where it does nothing.
    pub revoke_rate: f64,
    /// Added before every API call is handled.
    pub latency_ms: u64,
    /// Lifetime of a DM Hub access token.
    pub token_ttl_secs: u64,
    /// 接口 2030 calls allowed per AppSystem in any sliding second.
    pub rate_limit: u32,
    /// Order numbers (DM Hub `orderNo`, 2030 `Code`) always refused as a rule failure.
    pub refuse: HashSet<String>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            fail_rate: 0.0,
            throttle_rate: 0.0,
            drop_rate: 0.0,
            html_rate: 0.0,
            reset_rate: 0.0,
            empty_rate: 0.0,
            truncate_rate: 0.0,
            revoke_rate: 0.0,
            latency_ms: 0,
            token_ttl_secs: 7200,
            rate_limit: 10,
            refuse: HashSet::new(),
        }
    }
}

impl Faults {
    /// Rates must be shares (0..=1) whose sum leaves room for a normal answer.
    pub fn check(&self) -> Result<(), String> {
        let rates = self.rates().map(|(_, r)| r);
        if rates.iter().any(|r| !(0.0..=1.0).contains(r)) || rates.iter().sum::<f64>() > 1.0 {
            return Err(format!("fault rates must be between 0 and 1 and add up to at most 1 (got {rates:?})"));
        }
        Ok(())
    }

    /// Every fault with its rate, in the order the draw tests them. Faults added later come
    /// last, so a seed keeps its sequence of the older ones when the new rates are 0.
    fn rates(&self) -> [(Fault, f64); 8] {
        [
            (Fault::Fail, self.fail_rate),
            (Fault::Throttle, self.throttle_rate),
            (Fault::Drop, self.drop_rate),
            (Fault::Html, self.html_rate),
            (Fault::Reset, self.reset_rate),
            (Fault::Empty, self.empty_rate),
            (Fault::Truncate, self.truncate_rate),
            (Fault::Revoke, self.revoke_rate),
        ]
    }
}

/// One injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fault {
    /// A server error with a JSON body: DM Hub HTTP 500 `{"error":…}`, 2030 `StatusCode`
    /// 500. Not applied.
    Fail,
    /// Too many requests: DM Hub HTTP 429, 2030 `StatusCode` 407. Not applied.
    Throttle,
    /// Applied, then the connection is closed without an answer.
    Drop,
    /// HTTP 502 with an HTML page (a gateway). Not applied.
    Html,
    /// The connection is closed before the request is applied.
    Reset,
    /// Applied, answered HTTP 200 with an empty body.
    Empty,
    /// Applied, answered with the JSON cut off halfway.
    Truncate,
    /// DM Hub deals calls: a token is fetched for the caller's app id just before the call
    /// (as another client would), so the caller's token is refused with `40001`.
    Revoke,
}

impl Fault {
    pub const ALL: [Fault; 8] = [Fault::Fail, Fault::Throttle, Fault::Drop, Fault::Html, Fault::Reset, Fault::Empty, Fault::Truncate, Fault::Revoke];

    /// The fault's name in [`crate::Counters::faults`].
    pub fn name(self) -> &'static str {
        match self {
            Fault::Fail => "server_error",
            Fault::Throttle => "throttled",
            Fault::Drop => "dropped_after_applying",
            Fault::Html => "html_502",
            Fault::Reset => "reset_before_applying",
            Fault::Empty => "empty_200",
            Fault::Truncate => "truncated_json",
            Fault::Revoke => "token_revoked",
        }
    }
}

/// The seeded generator behind the draws.
pub(crate) struct Dice(Mutex<StdRng>);

impl Dice {
    pub(crate) fn new(seed: u64) -> Dice {
        Dice(Mutex::new(StdRng::seed_from_u64(seed)))
    }

    /// One draw per call, whatever the rates, so changing one rate does not shift the
    /// sequence of the others.
    pub(crate) fn draw(&self, f: &Faults) -> Option<Fault> {
        let u: f64 = self.0.lock().unwrap_or_else(|e| e.into_inner()).random();
        let mut bound = 0.0;
        for (fault, rate) in f.rates() {
            bound += rate;
            if u < bound {
                return Some(fault);
            }
        }
        None
    }
}

/// Marks a response that must never reach the client: the connection is closed instead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AnswerLost;

impl fmt::Display for AnswerLost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("answer dropped by the sandbox")
    }
}

impl std::error::Error for AnswerLost {}

/// The request has been applied; lose its answer.
pub(crate) fn lose(mut response: Response) -> Response {
    response.extensions_mut().insert(AnswerLost);
    response
}

/// Close the connection without applying the request.
pub(crate) fn reset() -> Response {
    lose(Response::default())
}

/// What a gateway (nginx) answers when the server behind it fails.
pub(crate) fn html_502() -> Response {
    const PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    (StatusCode::BAD_GATEWAY, [(header::CONTENT_TYPE, "text/html")], PAGE).into_response()
}

/// The request has been applied; answer HTTP 200 with nothing in the body.
pub(crate) fn empty(response: Response) -> Response {
    let (mut parts, _) = response.into_parts();
    parts.status = StatusCode::OK;
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::empty())
}

/// The request has been applied; answer with the first half of the body (at least one byte
/// short), correctly framed.
pub(crate) async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    let cut = bytes.slice(..bytes.len() / 2);
    Response::from_parts(parts, Body::from(cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draws(seed: u64, f: &Faults) -> Vec<Option<Fault>> {
        let dice = Dice::new(seed);
        (0..200).map(|_| dice.draw(f)).collect()
    }

    #[test]
    fn the_seed_fixes_the_sequence_and_the_rates_hold_roughly() {
        let f = Faults { fail_rate: 0.2, throttle_rate: 0.2, drop_rate: 0.2, ..Faults::default() };
        let a = draws(7, &f);
        assert_eq!(a, draws(7, &f));
        assert_ne!(a, draws(8, &f));
        for fault in [Fault::Fail, Fault::Throttle, Fault::Drop] {
            let n = a.iter().filter(|d| **d == Some(fault)).count();
            assert!((20..=60).contains(&n), "{fault:?}: {n} of 200");
        }
        assert!(draws(7, &Faults::default()).iter().all(Option::is_none));
    }

    #[test]
    fn every_fault_is_drawn_and_new_rates_keep_old_sequences() {
        let all = Faults { fail_rate: 0.1, throttle_rate: 0.1, drop_rate: 0.1, html_rate: 0.1, reset_rate: 0.1, empty_rate: 0.1, truncate_rate: 0.1, revoke_rate: 0.1, ..Faults::default() };
        let a = draws(3, &all);
        for fault in Fault::ALL {
            assert!(a.contains(&Some(fault)), "{fault:?} never drawn");
        }
        // With the new rates at 0 a seed draws what it drew before they existed.
        let old = Faults { fail_rate: 0.2, throttle_rate: 0.2, drop_rate: 0.2, ..Faults::default() };
        let with_new = draws(7, &old);
        assert!(with_new.iter().flatten().all(|f| matches!(f, Fault::Fail | Fault::Throttle | Fault::Drop)));
    }

    #[test]
    fn rates_are_checked() {
        assert!(Faults::default().check().is_ok());
        assert!(Faults { drop_rate: 1.0, ..Faults::default() }.check().is_ok());
        assert!(Faults { fail_rate: 0.6, drop_rate: 0.6, ..Faults::default() }.check().is_err());
        assert!(Faults { throttle_rate: -0.1, ..Faults::default() }.check().is_err());
        assert!(Faults { html_rate: 0.5, truncate_rate: 0.6, ..Faults::default() }.check().is_err());
    }
}
