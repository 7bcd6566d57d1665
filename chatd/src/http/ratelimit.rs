//! Per-IP limits on what anonymous visitors can do: starting conversations,
//! opening sockets and streams, sending over HTTP.

use super::client_ip::ClientIp;
use super::error::ApiError;
use crate::app::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A keyed token bucket per client IP.
pub struct IpLimiter {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    calls: AtomicU64,
}

impl IpLimiter {
    /// `per_minute` requests per IP with bursts of `burst`; 0 turns the limit off.
    pub fn new(per_minute: u32, burst: u32) -> Arc<Self> {
        let limiter = NonZeroU32::new(per_minute).map(|rate| {
            let burst = NonZeroU32::new(burst).unwrap_or(rate);
            RateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst))
        });
        Arc::new(Self {
            limiter,
            calls: AtomicU64::new(0),
        })
    }

    /// Whether `ip` may make one more request now.
    pub fn check(&self, ip: IpAddr) -> bool {
        let Some(l) = &self.limiter else { return true };
        // Forget idle IPs now and then so the table stays as small as the live set.
        if self.calls.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            l.retain_recent();
        }
        l.check_key(&ip).is_ok()
    }
}

/// Extracting this counts one request against the client's IP (see
/// [`ClientIp`]: behind a trusted proxy, the forwarded one), or answers 429.
pub struct PublicRate;

impl FromRequestParts<AppState> for PublicRate {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        match ClientIp::of(parts, st).0 {
            Some(ip) if !st.ip_limiter.check(ip) => {
                crate::metrics::hot().ip_limited.increment(1);
                Err(ApiError::RateLimited(
                    "too many requests from this address; retry in a minute".into(),
                ))
            }
            _ => Ok(Self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_ip_and_can_be_off() {
        let l = IpLimiter::new(60, 3);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        assert!(l.check(a) && l.check(a) && l.check(a));
        assert!(!l.check(a), "the burst is spent");
        assert!(l.check(b), "other IPs are not affected");
        let off = IpLimiter::new(0, 0);
        assert!((0..1000).all(|_| off.check(a)));
    }
}
