//! Back-off with jitter, and the sliding-window rate limiter 2030 needs.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// Exponential back-off: `base × 2^(attempt-1)`, capped at `max`, scaled by a random factor
/// in [0.5, 1) so that clients that failed together do not retry together.
pub fn backoff(attempt: u32, base: Duration, max: Duration) -> Duration {
    let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    exp.min(max).mul_f64(0.5 + rand::random::<f64>() * 0.5)
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
