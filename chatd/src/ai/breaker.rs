//! A circuit breaker in front of the AI provider, so that a dead provider
//! costs each conversation a fast `CircuitOpen` instead of a full timeout.
//!
//! Closed: calls go through and consecutive failures are counted. After
//! `threshold` of them it opens for `cooldown`: calls fail at once. Then it
//! is half-open: exactly one call (the probe) goes through; its success
//! closes the breaker, its failure opens it for another cooldown.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What the breaker does with the next call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls go through.
    Closed,
    /// Calls fail fast until the cooldown ends.
    Open,
    /// The cooldown ended: one probe call may go through.
    HalfOpen,
}

#[derive(Debug)]
enum Inner {
    Closed { failures: u32 },
    Open { until: Instant },
    HalfOpen { probing: bool },
}

/// The breaker refused the call.
#[derive(Debug, thiserror::Error)]
#[error("the circuit breaker is open")]
pub struct Open;

/// A consecutive-failure circuit breaker; cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    cooldown: Duration,
    inner: Mutex<Inner>,
}

impl Breaker {
    /// A closed breaker that opens after `threshold` consecutive failures
    /// (0 disables it) and stays open for `cooldown`.
    pub fn new(threshold: u32, cooldown: Duration) -> Self {
        Self {
            threshold,
            cooldown,
            inner: Mutex::new(Inner::Closed { failures: 0 }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The state is a plain value that every writer leaves consistent, so
        // a panic elsewhere while holding the lock does not corrupt it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The current state (an open breaker whose cooldown ended reads as half-open).
    pub fn state(&self) -> BreakerState {
        match *self.lock() {
            Inner::Closed { .. } => BreakerState::Closed,
            Inner::Open { until } if Instant::now() < until => BreakerState::Open,
            Inner::Open { .. } | Inner::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    /// Lets a call through, or refuses it while open or while a probe runs.
    pub fn try_acquire(&self) -> Result<Permit<'_>, Open> {
        let mut g = self.lock();
        let probe = match *g {
            Inner::Closed { .. } => false,
            Inner::Open { until } if Instant::now() < until => return Err(Open),
            Inner::HalfOpen { probing: true } => return Err(Open),
            Inner::Open { .. } | Inner::HalfOpen { probing: false } => {
                *g = Inner::HalfOpen { probing: true };
                true
            }
        };
        Ok(Permit {
            breaker: self,
            probe,
            settled: false,
        })
    }

    fn settle(&self, probe: bool, ok: bool) {
        let mut g = self.lock();
        if ok {
            if !matches!(*g, Inner::Closed { .. }) {
                tracing::info!("AI provider answered again; circuit breaker closed");
            }
            *g = Inner::Closed { failures: 0 };
            return;
        }
        let open = match &mut *g {
            Inner::Closed { failures } => {
                *failures = failures.saturating_add(1);
                self.threshold > 0 && *failures >= self.threshold
            }
            Inner::HalfOpen { .. } => probe,
            // A call that started before the breaker opened adds nothing.
            Inner::Open { .. } => false,
        };
        if open {
            tracing::warn!(
                cooldown_ms = self.cooldown.as_millis() as u64,
                "AI provider keeps failing; circuit breaker open"
            );
            *g = Inner::Open {
                until: Instant::now() + self.cooldown,
            };
        }
    }
}

/// A call the breaker let through; report how it went with
/// [`Permit::success`] or [`Permit::failure`]. Dropping it unreported (a
/// cancelled call) counts as neither, and frees the half-open probe slot.
#[derive(Debug)]
pub struct Permit<'a> {
    breaker: &'a Breaker,
    probe: bool,
    settled: bool,
}

impl Permit<'_> {
    /// The provider answered: the breaker closes and the count restarts.
    pub fn success(mut self) {
        self.settled = true;
        self.breaker.settle(self.probe, true);
    }

    /// The provider failed: one more consecutive failure.
    pub fn failure(mut self) {
        self.settled = true;
        self.breaker.settle(self.probe, false);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if !self.settled && self.probe {
            let mut g = self.breaker.lock();
            if let Inner::HalfOpen { probing: true } = *g {
                *g = Inner::HalfOpen { probing: false };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COOL: Duration = Duration::from_millis(60);

    #[test]
    fn opens_after_consecutive_failures_only() {
        let b = Breaker::new(3, COOL);
        b.try_acquire().unwrap().failure();
        b.try_acquire().unwrap().failure();
        b.try_acquire().unwrap().success();
        b.try_acquire().unwrap().failure();
        b.try_acquire().unwrap().failure();
        assert_eq!(b.state(), BreakerState::Closed);
        b.try_acquire().unwrap().failure();
        assert_eq!(b.state(), BreakerState::Open);
        assert!(b.try_acquire().is_err());
    }

    #[test]
    fn half_open_lets_one_probe_through() {
        let b = Breaker::new(1, COOL);
        b.try_acquire().unwrap().failure();
        assert!(b.try_acquire().is_err());
        std::thread::sleep(COOL + Duration::from_millis(10));
        assert_eq!(b.state(), BreakerState::HalfOpen);
        let probe = b.try_acquire().unwrap();
        assert!(b.try_acquire().is_err(), "a second call while probing");
        probe.failure();
        assert_eq!(b.state(), BreakerState::Open);
        std::thread::sleep(COOL + Duration::from_millis(10));
        b.try_acquire().unwrap().success();
        assert_eq!(b.state(), BreakerState::Closed);
        assert!(b.try_acquire().is_ok());
    }

    #[test]
    fn dropped_probe_frees_the_slot() {
        let b = Breaker::new(1, COOL);
        b.try_acquire().unwrap().failure();
        std::thread::sleep(COOL + Duration::from_millis(10));
        drop(b.try_acquire().unwrap());
        assert!(b.try_acquire().is_ok(), "the next call probes instead");
    }

    #[test]
    fn zero_threshold_never_opens() {
        let b = Breaker::new(0, COOL);
        for _ in 0..10 {
            b.try_acquire().unwrap().failure();
        }
        assert_eq!(b.state(), BreakerState::Closed);
    }
}
