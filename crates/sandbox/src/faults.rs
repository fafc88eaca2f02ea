//! Injected trouble: server errors, throttling, lost answers and slow answers.
//!
//! Each API call draws at most one fault from a seeded generator, so a test that fixes the
//! seed and sends its calls one after another sees the same faults on every run. The
//! limits that are not random (token lifetime, rate limit, refused order numbers) live here
//! too, because they are what a test turns to provoke a remote behaviour.

use std::collections::HashSet;
use std::fmt;
use std::sync::Mutex;

use axum::response::Response;
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
        Faults { fail_rate: 0.0, throttle_rate: 0.0, drop_rate: 0.0, latency_ms: 0, token_ttl_secs: 7200, rate_limit: 10, refuse: HashSet::new() }
    }
}

impl Faults {
    /// Rates must be shares (0..=1) whose sum leaves room for a normal answer.
    pub fn check(&self) -> Result<(), String> {
        let rates = [self.fail_rate, self.throttle_rate, self.drop_rate];
        if rates.iter().any(|r| !(0.0..=1.0).contains(r)) || rates.iter().sum::<f64>() > 1.0 {
            return Err(format!("fault rates must be between 0 and 1 and add up to at most 1 (got {rates:?})"));
        }
        Ok(())
    }
}

/// The fault drawn for one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    Fail,
    Throttle,
    Drop,
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
        if u < f.fail_rate {
            Some(Fault::Fail)
        } else if u < f.fail_rate + f.throttle_rate {
            Some(Fault::Throttle)
        } else if u < f.fail_rate + f.throttle_rate + f.drop_rate {
            Some(Fault::Drop)
        } else {
            None
        }
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
    fn rates_are_checked() {
        assert!(Faults::default().check().is_ok());
        assert!(Faults { drop_rate: 1.0, ..Faults::default() }.check().is_ok());
        assert!(Faults { fail_rate: 0.6, drop_rate: 0.6, ..Faults::default() }.check().is_err());
        assert!(Faults { throttle_rate: -0.1, ..Faults::default() }.check().is_err());
    }
}
