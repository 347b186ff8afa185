//! What `fob verify` remembers about an entry between runs, stored in the vault beside it: the last
//! accepted step, recent failures, lock-outs and a short log. Step numbers and times only: never a code,
//! not even a wrong one, and never anything derived from the secret.
//!
//! These are plain data, apart from the rules in `verify`, so that an [`crate::entry::Entry`] can hold
//! them without reaching up to the code that decides: `verify` builds on entries, never the reverse.

use jiff::Timestamp;

/// How many events [`VerifyState::log`] keeps per entry.
pub const KEEP_LOG_EVENTS: usize = 50;

/// What `fob verify` remembers about an entry, stored in the vault beside it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerifyState {
    /// The TOTP step (unix time / period) or HOTP counter last accepted; never accepted again, nor any
    /// TOTP step before it.
    pub last_step: Option<u64>,
    /// Failed attempts still inside the failure window.
    pub failures: Vec<Timestamp>,
    /// While in the future, every attempt is refused unchecked.
    pub locked_out_until: Option<Timestamp>,
    /// When lock-outs began, within the last day (each one doubles the next).
    pub lockouts: Vec<Timestamp>,
    /// The last [`KEEP_LOG_EVENTS`] attempts, oldest first.
    pub log: Vec<Event>,
}

/// One recorded attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// When it happened.
    pub time: Timestamp,
    /// How it ended.
    pub result: EventResult,
    /// Set when this failure started a lock-out: until when.
    pub locked_out_until: Option<Timestamp>,
}

/// How an attempt ended, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventResult {
    /// The code was right.
    Valid,
    /// The code was wrong.
    Invalid,
    /// The code was right for a step or counter already used.
    Replayed,
    /// The code was right for a TOTP step before the last one accepted, which was never used itself.
    Expired,
    /// The entry was locked out; the code was not checked.
    LockedOut,
}

impl EventResult {
    /// The name in the vault and in `--log --json`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Invalid => "invalid",
            Self::Replayed => "replayed",
            Self::Expired => "expired",
            Self::LockedOut => "locked_out",
        }
    }

    /// Reads [`Self::as_str`] back.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Valid,
            Self::Invalid,
            Self::Replayed,
            Self::Expired,
            Self::LockedOut,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }

    /// Whether it counts as a failure.
    #[must_use]
    pub fn is_failure(self) -> bool {
        matches!(self, Self::Invalid | Self::Replayed | Self::Expired)
    }
}

impl VerifyState {
    /// Failed attempts recorded in the log since `since`.
    #[must_use]
    pub fn failures_since(&self, since: Timestamp) -> usize {
        self.log
            .iter()
            .filter(|e| e.time >= since && e.result.is_failure())
            .count()
    }

    /// The lock-out in force at `now`, if any.
    #[must_use]
    pub fn lockout_at(&self, now: Timestamp) -> Option<Timestamp> {
        self.locked_out_until.filter(|&u| u > now)
    }
}
