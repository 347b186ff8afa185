//! When an unlocked agent locks itself: after an idle timeout since its last use, and at the end of an
//! absolute lifetime, whichever comes first. Times are read from the agent's own clock and passed in, as
//! durations since any fixed origin; nothing a client holds can move them.

use std::time::Duration;

/// The default idle timeout.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(15 * 60);
/// The default absolute lifetime.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(8 * 3600);
/// The longest idle timeout or lifetime accepted: a week.
pub const MAX_LIMIT: Duration = Duration::from_secs(7 * 24 * 3600);

/// An agent's two deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiry {
    idle: Duration,
    lifetime: Duration,
    started: Duration,
    last_use: Duration,
}

impl Expiry {
    /// Starts the clocks at `now`. Limits are capped at [`MAX_LIMIT`], and the idle timeout at the lifetime.
    #[must_use]
    pub fn start(now: Duration, idle: Duration, lifetime: Duration) -> Self {
        let lifetime = lifetime.min(MAX_LIMIT);
        Self {
            idle: idle.min(lifetime),
            lifetime,
            started: now,
            last_use: now,
        }
    }

    /// A use at `now` restarts the idle timeout.
    pub fn touch(&mut self, now: Duration) {
        self.last_use = self.last_use.max(now);
    }

    /// The idle timeout.
    #[must_use]
    pub fn idle_timeout(&self) -> Duration {
        self.idle
    }

    /// Until the idle timeout, from `now`.
    #[must_use]
    pub fn idle_left(&self, now: Duration) -> Duration {
        (self.last_use + self.idle).saturating_sub(now)
    }

    /// Until the end of the lifetime, from `now`.
    #[must_use]
    pub fn lifetime_left(&self, now: Duration) -> Duration {
        (self.started + self.lifetime).saturating_sub(now)
    }

    /// Until the agent must lock, from `now`: zero once it must.
    #[must_use]
    pub fn left(&self, now: Duration) -> Duration {
        self.idle_left(now).min(self.lifetime_left(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn s(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn idle_timeout_restarts_on_use() {
        let mut e = Expiry::start(s(100), s(60), s(3600));
        assert_eq!(e.left(s(130)), s(30));
        e.touch(s(150));
        assert_eq!(e.left(s(180)), s(30));
        assert_eq!(e.left(s(210)), Duration::ZERO);
        assert_eq!(e.left(s(1000)), Duration::ZERO);
    }

    #[test]
    fn use_never_extends_the_lifetime() {
        let mut e = Expiry::start(s(0), s(60), s(100));
        for t in (0..=100).step_by(10) {
            e.touch(s(t));
        }
        assert_eq!(e.left(s(100)), Duration::ZERO);
        assert_eq!(e.idle_left(s(100)), s(60));
    }

    #[test]
    fn idle_is_capped_by_lifetime_and_both_by_a_week() {
        let e = Expiry::start(s(0), s(7200), s(3600));
        assert_eq!(e.idle_timeout(), s(3600));
        let e = Expiry::start(s(0), s(u64::MAX / 4), s(u64::MAX / 4));
        assert_eq!(e.lifetime_left(s(0)), MAX_LIMIT);
    }

    #[test]
    fn a_clock_that_goes_back_does_not_extend_anything() {
        let mut e = Expiry::start(s(100), s(60), s(3600));
        e.touch(s(50));
        assert_eq!(e.idle_left(s(100)), s(60));
    }
}
