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
//! Every attempt is counted as a failure before its passphrase is tried ([`UnlockFailures::reserve`],
//! under the vault's lock, with the time read under it), and taken back only when the passphrase was
//! right: thirty fobs started at once with thirty guesses see each other's attempts, where checking first
//! and recording after the scrypt let every one of them through.

use std::path::Path;

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::storage::{LockGuard, write_atomically};
use crate::vault::Error;

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

    /// Counts an unlock attempt before its passphrase is tried: reads the record and the clock under the
    /// vault's lock (`_lock`) and either refuses, saying how many seconds to wait, or writes the attempt
    /// down as a failure at once, so that attempts made at the same time see each other. The attempt stays
    /// a failure unless [`Attempt::succeeded`] takes it back: a fob killed during its scrypt counts too.
    pub fn reserve(path: &Path, _lock: &LockGuard) -> Result<Reservation, Error> {
        let mut record = Self::load(path);
        let now = Timestamp::now();
        if let Some(seconds) = record.wait_seconds(now) {
            return Ok(Reservation::Wait(seconds));
        }
        record.record_failure(now);
        record.save(path)?;
        Ok(Reservation::Granted(Attempt { at: now }))
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
        // Failures newer than `now` count too: another fob's attempt recorded a moment ago, or a clock set
        // back since. Dropping them let parallel guesses past the back-off.
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

/// The answer of [`UnlockFailures::reserve`].
#[derive(Debug)]
#[must_use]
pub enum Reservation {
    /// The passphrase may be tried; the attempt is already counted as a failure.
    Granted(Attempt),
    /// Too many recent failures: try again in this many seconds (rounded up).
    Wait(u64),
}

/// An unlock attempt written down as a failure before its passphrase was tried. Dropping it leaves it
/// a failure.
#[derive(Debug)]
pub struct Attempt {
    at: Timestamp,
}

impl Attempt {
    /// The passphrase was right: takes the attempt back, and notes the success when failures came before
    /// it, so that the back-off starts again. A record left with nothing in it is removed: a vault that
    /// has only ever been opened rightly keeps no failures file. The caller holds the vault's lock.
    pub fn succeeded(self, path: &Path, _lock: &LockGuard) -> Result<(), Error> {
        let mut record = UnlockFailures::load(path);
        if let Some(i) = record.failures.iter().position(|&t| t == self.at) {
            record.failures.remove(i);
        }
        if record.failed_since_success() {
            record.record_success(Timestamp::now());
        }
        if record == UnlockFailures::default() {
            return match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(Error::io("remove", path, e))
                }
                _ => Ok(()),
            };
        }
        record.save(path)
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
        // Recorded by another fob a moment after this one read its clock, or before the clock went back.
        let f = failed_at(&[0, 1, 2, 30]);
        assert_eq!(f.wait(at(3)), Some(SignedDuration::from_secs(32)));
        let f = failed_at(&[0, 1, 2, 3]);
        let half = at(3) + SignedDuration::from_millis(500);
        assert_eq!(f.wait_seconds(half), Some(5), "4.5 s is said as 5 s");
        assert!(failed_at(&[100; 6]).wait(at(0)).is_some());
    }

    fn reserve(path: &Path, lock: &LockGuard) -> Attempt {
        match UnlockFailures::reserve(path, lock).unwrap() {
            Reservation::Granted(attempt) => attempt,
            Reservation::Wait(s) => panic!("told to wait {s} s"),
        }
    }

    #[test]
    fn attempts_count_before_they_are_tried() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.age.failures");
        let lock = LockGuard::acquire(&dir.path().join("vault.age.lock"), || {}).unwrap();
        reserve(&path, &lock).succeeded(&path, &lock).unwrap();
        assert!(
            !path.exists(),
            "a success with nothing before it leaves no record"
        );
        // Four attempts under way at once, none finished: the fifth is refused.
        let running: Vec<Attempt> = (0..4).map(|_| reserve(&path, &lock)).collect();
        assert!(matches!(
            UnlockFailures::reserve(&path, &lock).unwrap(),
            Reservation::Wait(5)
        ));
        // Three were wrong (dropped), one was right: it is taken back and the back-off starts again.
        let mut running = running.into_iter();
        running.next().unwrap().succeeded(&path, &lock).unwrap();
        let back = UnlockFailures::load(&path);
        assert_eq!(back.failures.len(), 3);
        assert!(back.last_success.is_some() && !back.failed_since_success());
        reserve(&path, &lock).succeeded(&path, &lock).unwrap();
        assert_eq!(UnlockFailures::load(&path).failures.len(), 3);
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
