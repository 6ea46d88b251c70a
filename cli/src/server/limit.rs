//! Per-client rate limits (governor's GCRA, keyed by the client's IP address) and how the
//! client's address is found behind a load balancer.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A limit of `per_minute` requests a minute per client, with bursts of up to that many.
pub struct Limit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
    refused: AtomicU64,
}

impl Limit {
    /// A limit; 0 is taken as 1.
    pub fn per_minute(per_minute: u32) -> Limit {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Limit {
            limiter: RateLimiter::keyed(Quota::per_minute(n)),
            clock: DefaultClock::default(),
            refused: AtomicU64::new(0),
        }
    }

    /// `Ok` when the client may go on, else how long it must wait.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.limiter.check_key(&client).map_err(|not_until| {
            self.refused.fetch_add(1, Ordering::Relaxed);
            not_until.wait_time_from(self.clock.now())
        })
    }

    /// How many requests were refused since the last call (a flood is logged as one line a
    /// minute, not one a request).
    pub fn take_refused(&self) -> u64 {
        self.refused.swap(0, Ordering::Relaxed)
    }

    /// Forgets clients whose limit has fully recovered (bounds the memory a flood can use).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// The client's address: from `header` when the server is configured to trust one set by its
/// load balancer (for `X-Forwarded-For`, the last address: the one the balancer appended),
/// else the peer's address.
pub fn client_ip(header: Option<&str>, peer: IpAddr) -> IpAddr {
    header
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_has_its_own_budget() {
        let limit = Limit::per_minute(3);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "::1".parse().unwrap());
        for _ in 0..3 {
            assert!(limit.check(a).is_ok());
        }
        let wait = limit.check(a).unwrap_err();
        assert!(
            wait > Duration::from_secs(1) && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        assert!(limit.check(b).is_ok());
        assert!(limit.check(a).is_err());
        assert_eq!(limit.take_refused(), 2);
        assert_eq!(limit.take_refused(), 0);
    }

    #[test]
    fn the_balancers_address_is_the_last_one() {
        let peer: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(
            client_ip(Some("203.0.113.9, 198.51.100.7"), peer),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_ip(Some("garbage"), peer), peer);
        assert_eq!(client_ip(None, peer), peer);
    }
}
