//! Failed passphrase unlocks of a vault: a sliding window with a growing back-off between tries, and the
//! record `fob status` shows so that a user learns someone has been guessing.
//!
//! The record is a small JSON file beside the vault (`<vault>.failures`) holding times only, never a
//! passphrase or anything derived from one:
//!
//! ```json
//! {"format":"fob-unlock-failures","version":1,"failures":["2026-11-23T10:00:00Z"],"last_success":null}
//! ```
//!
//! It slows a person at the keyboard and raises the alarm; it is no barrier against someone who can read
//! the vault file, whose only barrier is the passphrase's scrypt work factor.
//!
//! A try holds the vault's lock from reading this record, through its scrypt, to writing its outcome
//! (the callers do that), so tries made at the same time run one after another and each sees the
//! failures before it: thirty fobs started at once with thirty guesses used to read the record before
//! any had failed, and were all tried.

use std::path::Path;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::storage::Error;
use crate::storage::write_atomically;

/// Failures older than this stop counting towards the back-off.
pub const WINDOW: SignedDuration = SignedDuration::from_mins(10);
/// This many failures in the window cost no wait; each one beyond waits longer.
pub const FREE_FAILURES: usize = 3;
/// The wait after the first failure beyond the free ones; it doubles with each further one.
pub const FIRST_WAIT: SignedDuration = SignedDuration::from_secs(5);
/// The longest wait.
pub const MAX_WAIT: SignedDuration = SignedDuration::from_mins(10);
/// How many failure times the file keeps.
pub const KEEP: usize = 100;

/// The failures recorded for one vault.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnlockFailures {
    /// When unlocks failed, oldest first.
    pub failures: Vec<Timestamp>,
    /// When a passphrase last opened the vault after failed tries: the back-off counts only failures
    /// after it. (A success with no failures before it writes nothing, so unlocking stays read-only.)
    pub last_success: Option<Timestamp>,
}

impl UnlockFailures {
    /// Reads the record; a missing or unreadable file is an empty record (it only ever slows people down,
    /// so a damaged one must not lock them out).
    #[must_use]
    pub fn load(path: &Path) -> Self {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
            .map(|v| Self::from_json(&v))
            .unwrap_or_default()
    }

    fn from_json(v: &Value) -> Self {
        let time = |v: &Value| v.as_str().and_then(|s| s.parse::<Timestamp>().ok());
        let mut failures: Vec<Timestamp> = v["failures"]
            .as_array()
            .map(|a| a.iter().filter_map(time).collect())
            .unwrap_or_default();
        failures.sort_unstable();
        Self {
            failures,
            last_success: time(&v["last_success"]),
        }
    }

    /// Writes the record atomically, mode 0600.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let v = json!({
            "format": "fob-unlock-failures",
            "version": 1,
            "failures": self.failures.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "last_success": self.last_success.map(|t| t.to_string()),
        });
        write_atomically(path, format!("{v}\n").as_bytes())
    }

    /// Adds an unlock's outcome to the record at `path`, re-reading it first. The caller holds the vault's
    /// lock, and has held it since it read the record to check [`Self::wait`].
    pub fn record(path: &Path, now: Timestamp, succeeded: bool) -> Result<(), Error> {
        let mut record = Self::load(path);
        if succeeded {
            if !record.failed_since_success() {
                return Ok(());
            }
            record.record_success(now);
        } else {
            record.record_failure(now);
        }
        record.save(path)
    }

    /// Whether any failure came after the last success: only then is a success worth writing down.
    #[must_use]
    pub fn failed_since_success(&self) -> bool {
        self.failures
            .iter()
            .any(|&t| self.last_success.is_none_or(|s| t > s))
    }

    /// Notes a wrong passphrase at `now`.
    pub fn record_failure(&mut self, now: Timestamp) {
        self.failures.push(now);
        self.failures.sort_unstable();
        let excess = self.failures.len().saturating_sub(KEEP);
        self.failures.drain(..excess);
    }

    /// Notes a right passphrase at `now`: the back-off starts again from nothing.
    pub fn record_success(&mut self, now: Timestamp) {
        self.last_success = Some(now);
    }

    /// Failures since `since` (and since the last success, for the back-off).
    #[must_use]
    pub fn since(&self, since: Timestamp) -> usize {
        self.failures.iter().filter(|&&t| t >= since).count()
    }

    /// The most recent failure.
    #[must_use]
    pub fn last_failure(&self) -> Option<Timestamp> {
        self.failures.last().copied()
    }

    /// How long, from `now`, before another passphrase may be tried; `None` when it may be now.
    #[must_use]
    pub fn wait(&self, now: Timestamp) -> Option<SignedDuration> {
        let counted_from = match self.last_success {
            Some(s) => s.max(now - WINDOW),
            None => now - WINDOW,
        };
        // Failures newer than `now` count too (a clock set back since, or read before another fob's
        // failure): dropping them let guesses past the back-off.
        let counted: Vec<Timestamp> = self
            .failures
            .iter()
            .copied()
            .filter(|&t| t > counted_from)
            .collect();
        let beyond = counted.len().checked_sub(FREE_FAILURES + 1)?;
        let wait = FIRST_WAIT
            .checked_mul(1 << beyond.min(16))
            .map_or(MAX_WAIT, |w| w.min(MAX_WAIT));
        let until = *counted.last()? + wait;
        (until > now).then(|| until.duration_since(now))
    }

    /// [`Self::wait`] in whole seconds, rounded up: "try again in 5 s" must be true at 5 s.
    #[must_use]
    pub fn wait_seconds(&self, now: Timestamp) -> Option<u64> {
        self.wait(now).map(|w| {
            let secs = w.as_secs().unsigned_abs();
            secs + u64::from(w.subsec_nanos() != 0)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + s).unwrap()
    }

    fn failed_at(times: &[i64]) -> UnlockFailures {
        let mut f = UnlockFailures::default();
        for &t in times {
            f.record_failure(at(t));
        }
        f
    }

    #[test]
    fn three_failures_are_free_then_the_wait_doubles() {
        assert_eq!(failed_at(&[0, 1, 2]).wait(at(2)), None);
        assert_eq!(failed_at(&[0, 1]).wait(at(2)), None);
        assert_eq!(
            failed_at(&[0, 1, 2, 3]).wait(at(3)),
            Some(SignedDuration::from_secs(5))
        );
        assert_eq!(
            failed_at(&[0, 1, 2, 3, 4]).wait(at(4)),
            Some(SignedDuration::from_secs(10))
        );
        assert_eq!(
            failed_at(&[0, 1, 2, 3, 4]).wait(at(9)),
            Some(SignedDuration::from_secs(5))
        );
        assert_eq!(failed_at(&[0, 1, 2, 3, 4]).wait(at(14)), None);
        let many: Vec<i64> = (0..30).collect();
        assert_eq!(failed_at(&many).wait(at(29)), Some(MAX_WAIT));
    }

    #[test]
    fn the_window_slides_and_a_success_starts_again() {
        let f = failed_at(&[0, 1, 2, 3, 4]);
        assert_eq!(f.wait(at(601)), None, "the first two have left the window");
        let mut f = failed_at(&[0, 1, 2, 3]);
        f.record_success(at(3));
        assert_eq!(f.wait(at(3)), None);
        assert_eq!(f.since(at(0)), 4, "the record stays for status");
    }

    #[test]
    fn failures_ahead_of_the_clock_count_and_waits_round_up() {
        // Recorded before the clock was set back, or by a fob whose clock ran ahead.
        let f = failed_at(&[0, 1, 2, 30]);
        assert_eq!(f.wait(at(3)), Some(SignedDuration::from_secs(32)));
        let f = failed_at(&[0, 1, 2, 3]);
        let half = at(3) + SignedDuration::from_millis(500);
        assert_eq!(f.wait_seconds(half), Some(5), "4.5 s is said as 5 s");
        assert!(failed_at(&[100; 6]).wait(at(0)).is_some());
    }

    #[test]
    fn concurrent_records_add_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.age.failures");
        UnlockFailures::record(&path, at(1), true).unwrap();
        assert!(
            !path.exists(),
            "a success with nothing before it writes nothing"
        );
        for t in 0..3 {
            UnlockFailures::record(&path, at(t), false).unwrap();
        }
        UnlockFailures::record(&path, at(5), true).unwrap();
        let back = UnlockFailures::load(&path);
        assert_eq!((back.failures.len(), back.last_success), (3, Some(at(5))));
        assert!(!back.failed_since_success());
    }

    #[test]
    fn keeps_times_only_and_a_bounded_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.age.failures");
        let many: Vec<i64> = (0..150).collect();
        let mut f = failed_at(&many);
        f.record_success(at(200));
        f.save(&path).unwrap();
        let back = UnlockFailures::load(&path);
        assert_eq!(back, f);
        assert_eq!(back.failures.len(), KEEP);
        assert_eq!(back.failures[0], at(50));
        std::fs::write(&path, "not json").unwrap();
        assert_eq!(UnlockFailures::load(&path), UnlockFailures::default());
    }
}
