//! Back-off with jitter, a one-off call tried again on faults, and the sliding-window rate
//! limiter 2030 needs.

use std::collections::VecDeque;
use std::future::Future;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::error::RemoteError;

/// Exponential back-off: `base × 2^(attempt-1)`, capped at `max`, scaled by a random factor
/// in [0.5, 1) so that clients that failed together do not retry together.
pub fn backoff(attempt: u32, base: Duration, max: Duration) -> Duration {
    let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    exp.min(max).mul_f64(0.5 + rand::random::<f64>() * 0.5)
}

/// Attempts of a one-off call ([`retrying`]), the first included.
const ATTEMPTS: u32 = 4;

/// Run a one-off call (a DM Hub correction, not an upload: the engine has its own schedule)
/// until it succeeds, fails for good, or has been tried [`ATTEMPTS`] times, with [`backoff`]
/// between tries. `repeatable`: the action may be sent again after an answer that was never
/// read. A token refused again after its refresh is not tried again.
pub async fn retrying<T, F: Future<Output = Result<T, RemoteError>>>(repeatable: bool, call: impl Fn() -> F) -> Result<T, RemoteError> {
    let mut attempt = 1;
    loop {
        match call().await {
            Err(e) if attempt < ATTEMPTS && again(&e, repeatable) => {
                tokio::time::sleep(backoff(attempt, Duration::from_millis(250), Duration::from_secs(2))).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn again(e: &RemoteError, repeatable: bool) -> bool {
    match e {
        RemoteError::TokenRefused { .. } => false,
        e if e.is_uncertain() => repeatable,
        e => e.is_retryable(),
    }
}

/// At most `limit` calls in any one-second window, counted at the moment each call starts.
pub struct RateLimiter {
    limit: usize,
    window: Duration,
    starts: Mutex<VecDeque<Instant>>,
}

impl RateLimiter {
    /// `margin` widens the window a little, since the server counts arrivals, not departures.
    pub fn new(limit: u32, margin: Duration) -> RateLimiter {
        RateLimiter { limit: limit.max(1) as usize, window: Duration::from_secs(1) + margin, starts: Mutex::new(VecDeque::new()) }
    }

    /// Wait until one more call fits in the window, and count it.
    pub async fn acquire(&self) {
        let mut starts = self.starts.lock().await;
        if starts.len() >= self.limit
            && let Some(&oldest) = starts.front()
        {
            tokio::time::sleep_until(oldest + self.window).await;
            starts.pop_front();
        }
        starts.push_back(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(2);
        for attempt in 1..20 {
            let d = backoff(attempt, base, max);
            let full = base.saturating_mul(1 << (attempt - 1).min(16)).min(max);
            assert!(d >= full / 2 && d <= full, "{attempt}: {d:?}");
        }
    }

    /// Calls of `retrying(repeatable, …)` until it answers, when every call fails with `error`.
    async fn calls_until_given_up(repeatable: bool, error: fn() -> RemoteError) -> u32 {
        let calls = std::sync::atomic::AtomicU32::new(0);
        let answer: Result<(), _> = retrying(repeatable, || {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            async { Err(error()) }
        })
        .await;
        assert!(answer.is_err());
        calls.into_inner()
    }

    #[tokio::test(start_paused = true)]
    async fn one_off_calls_are_tried_again_only_where_it_is_safe() {
        let lost = || RemoteError::Unreadable("empty answer".into());
        assert_eq!(calls_until_given_up(false, || RemoteError::Throttled).await, ATTEMPTS, "not applied: always again");
        assert_eq!(calls_until_given_up(true, lost).await, ATTEMPTS, "repeatable: again after a lost answer");
        assert_eq!(calls_until_given_up(false, lost).await, 1, "a delete is not sent twice");
        assert_eq!(calls_until_given_up(true, || RemoteError::TokenRefused { code: "401".into(), message: String::new() }).await, 1);
        assert_eq!(calls_until_given_up(true, || RemoteError::Refused { code: "400".into(), message: String::new() }).await, 1);
        let calls = std::sync::atomic::AtomicU32::new(0);
        let answer = retrying(false, || {
            let n = calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            async move { if n < 2 { Err(RemoteError::Server("502".into())) } else { Ok(n) } }
        })
        .await;
        assert_eq!(answer.unwrap(), 2, "the third call's answer");
    }

    #[tokio::test(start_paused = true)]
    async fn limiter_never_allows_more_than_the_limit_per_window() {
        let limiter = RateLimiter::new(10, Duration::ZERO);
        let t0 = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..35 {
            limiter.acquire().await;
            starts.push(Instant::now() - t0);
        }
        for (i, s) in starts.iter().enumerate() {
            let in_window = starts[i..].iter().take_while(|t| **t < *s + Duration::from_secs(1)).count();
            assert!(in_window <= 10, "{in_window} calls within a second after {s:?}");
        }
        assert!(starts[34] >= Duration::from_secs(3));
    }
}
