//! The one clock of a call: wall time (Unix seconds, for expiries) and the monotonic start the
//! `--timeout` budget counts from. Commands take it as an argument, so tests can move wall
//! time forward without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Clock {
    /// When this call began: `--timeout` bounds everything from here, lock waits included.
    started: Instant,
    /// A test's wall time; None reads the system clock.
    fake_now: Option<AtomicI64>,
}

impl Clock {
    /// The real clock, starting the call now.
    pub fn system() -> Self {
        Self {
            started: Instant::now(),
            fake_now: None,
        }
    }

    /// A clock whose wall time stands at `now` until [`Clock::advance`] moves it.
    pub fn fake(now: i64) -> Self {
        Self {
            started: Instant::now(),
            fake_now: Some(AtomicI64::new(now)),
        }
    }

    /// Moves a fake clock's wall time forward; the system clock moves by itself.
    pub fn advance(&self, by: Duration) {
        if let Some(now) = &self.fake_now {
            let secs = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
            now.fetch_add(secs, Ordering::Relaxed);
        }
    }

    /// Seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        match &self.fake_now {
            Some(now) => now.load(Ordering::Relaxed),
            None => crate::time::now(),
        }
    }

    /// When a budget of `timeout` from the call's start runs out.
    pub fn deadline(&self, timeout: Duration) -> Instant {
        self.started
            .checked_add(timeout)
            .or_else(|| {
                self.started
                    .checked_add(Duration::from_secs(365 * 24 * 3600))
            })
            .unwrap_or(self.started)
    }

    /// What is left of a budget of `timeout` from the call's start.
    pub fn remaining(&self, timeout: Duration) -> Duration {
        timeout.saturating_sub(self.started.elapsed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fake_clock_moves_only_when_told() {
        let clock = Clock::fake(1_000);
        assert_eq!(clock.now(), 1_000);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), 1_090);
    }

    #[test]
    fn the_budget_counts_from_the_start() {
        let clock = Clock::system();
        let timeout = Duration::from_secs(30);
        assert!(clock.remaining(timeout) <= timeout);
        assert!(clock.deadline(timeout) > Instant::now());
        assert!(clock.remaining(Duration::ZERO).is_zero());
    }
}
