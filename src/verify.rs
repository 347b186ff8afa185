//! Checking a code someone typed against an entry (`fob verify`): the TOTP window, the HOTP look-ahead
//! that resynchronises the counter, the replay guard and the brute-force lock-out. Pure logic on an
//! [`Entry`] and a time passed in; no files, no clock, no terminal.
//!
//! The state it keeps per entry lives in [`crate::verify_state`], below entries, which hold it.

use jiff::{SignedDuration, Timestamp};
use subtle::ConstantTimeEq;

use crate::entry::{Entry, Kind, Otp};
use crate::otp;
use crate::verify_state::{Event, EventResult, KEEP_LOG_EVENTS, VerifyState};

/// The widest window accepted: wider would let guesses match too easily.
pub const MAX_WINDOW: u64 = 100;

/// The longest line read as a code from stdin, in bytes (codes are 5 to 8 characters; spaces allowed).
pub const MAX_CODE_LEN: usize = 64;

/// The brute-force and window settings. `Default` is what fob uses when nothing is configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// TOTP: steps accepted on each side of the current one.
    pub totp_window: u64,
    /// HOTP: counters looked ahead of the stored one.
    pub hotp_window: u64,
    /// This many failures within `failure_window` lock the entry out.
    pub max_failures: u32,
    /// How far back failures count, in seconds.
    pub failure_window: u64,
    /// The first lock-out, in seconds; each further one within a day doubles it.
    pub lockout: u64,
    /// The longest lock-out, in seconds.
    pub max_lockout: u64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            totp_window: 1,
            hotp_window: 10,
            max_failures: 5,
            failure_window: 600,
            lockout: 60,
            max_lockout: DAY,
        }
    }
}

impl Policy {
    /// The window for this entry's kind.
    #[must_use]
    pub fn window_for(&self, kind: Kind) -> u64 {
        match kind {
            Kind::Hotp { .. } => self.hotp_window,
            Kind::Totp { .. } | Kind::Steam => self.totp_window,
        }
    }
}

/// Seconds in a day: lock-outs within this long of each other grow.
const DAY: u64 = 86_400;

/// The verdict on one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted: the TOTP step or HOTP counter it matched.
    Valid {
        /// The step or counter.
        step: u64,
    },
    /// Wrong code. `locked_out_until` is set when this failure locked the entry out.
    Invalid {
        /// The lock-out this failure started, if any.
        locked_out_until: Option<Timestamp>,
    },
    /// Right code, but for a step or counter already used. Counts as a failure.
    Replayed {
        /// The lock-out this failure started, if any.
        locked_out_until: Option<Timestamp>,
    },
    /// Right code, but for a TOTP step before the last one accepted: never used, yet no longer accepted.
    /// Counts as a failure.
    Expired {
        /// The lock-out this failure started, if any.
        locked_out_until: Option<Timestamp>,
    },
    /// Refused without checking.
    LockedOut {
        /// When attempts are checked again.
        until: Timestamp,
        /// How many failures led to the lock-out.
        failures: u32,
    },
}

/// Why a typed code cannot be one of an entry's codes. Such a code is refused before anything is checked
/// or recorded: a typo, or an option that slipped into a script's CODE, is not a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// A character outside the entry's alphabet.
    #[error("is not made of {alphabet}")]
    Alphabet {
        /// The alphabet, in words.
        alphabet: &'static str,
    },
    /// Too short or too long.
    #[error("is {len} characters long where its codes have {expected}")]
    Length {
        /// Characters typed (spaces left out).
        len: usize,
        /// The entry's code length.
        expected: usize,
    },
}

/// Whether `code` has the form of `otp`'s codes: its alphabet (digits, or Steam Guard's characters) and
/// its length, once spaces are dropped and letters upper-cased.
pub fn check_form(otp: &Otp, code: &str) -> Result<(), FormError> {
    let typed = normalise(code);
    let (alphabet, in_alphabet): (_, fn(char) -> bool) = match otp.kind {
        Kind::Steam => (
            "Steam Guard's characters (2-9 and BCDFGHJKMNPQRTVWXY)",
            |c| otp::STEAM_ALPHABET.contains(c),
        ),
        Kind::Totp { .. } | Kind::Hotp { .. } => ("digits", |c| c.is_ascii_digit()),
    };
    if !typed.chars().all(in_alphabet) {
        return Err(FormError::Alphabet { alphabet });
    }
    let expected = usize::from(match otp.kind {
        Kind::Steam => crate::entry::STEAM_DIGITS,
        Kind::Totp { .. } | Kind::Hotp { .. } => otp.digits,
    });
    let len = typed.chars().count();
    if len != expected {
        return Err(FormError::Length { len, expected });
    }
    Ok(())
}

/// Checks `code` against `entry` at `now`, with `window` steps (TOTP: each side) or counters (HOTP:
/// ahead), and records the attempt in `entry.verify`. On success an HOTP counter moves past the matched
/// one (resynchronising it) and `entry.modified` is set; otherwise only the verification state changes.
/// A code not of the entry's form ([`check_form`]) is refused with nothing recorded.
///
/// `now` must be read while the vault's lock is held: an earlier reading would be older than the
/// failures other processes recorded while this one waited.
pub fn verify(
    entry: &mut Entry,
    code: &str,
    now: Timestamp,
    window: u64,
    policy: &Policy,
) -> Result<Outcome, FormError> {
    check_form(&entry.otp, code)?;
    let mut state = entry.verify.take().unwrap_or_default();
    let outcome = decide(entry, &mut state, code, now, window, policy);
    let (result, locked_out_until) = match outcome {
        Outcome::Valid { .. } => (EventResult::Valid, None),
        Outcome::Invalid { locked_out_until } => (EventResult::Invalid, locked_out_until),
        Outcome::Replayed { locked_out_until } => (EventResult::Replayed, locked_out_until),
        Outcome::Expired { locked_out_until } => (EventResult::Expired, locked_out_until),
        Outcome::LockedOut { .. } => (EventResult::LockedOut, None),
    };
    state.log.push(Event {
        time: now,
        result,
        locked_out_until,
    });
    let excess = state.log.len().saturating_sub(KEEP_LOG_EVENTS);
    state.log.drain(..excess);
    if let (Outcome::Valid { step }, Kind::Hotp { counter }) = (outcome, &mut entry.otp.kind) {
        *counter = step.saturating_add(1);
        entry.modified = now;
    }
    entry.verify = Some(state);
    Ok(outcome)
}

fn decide(
    entry: &Entry,
    state: &mut VerifyState,
    code: &str,
    now: Timestamp,
    window: u64,
    policy: &Policy,
) -> Outcome {
    if let Some(until) = state.locked_out_until {
        if until > now {
            return Outcome::LockedOut {
                until,
                failures: policy.max_failures,
            };
        }
        state.locked_out_until = None;
    }
    let since = now - seconds(policy.failure_window);
    // Failures newer than `now` stay: another process (or a clock that was ahead) recorded them, and
    // dropping them would hand out fresh guesses.
    state.failures.retain(|&t| t > since);
    let typed = normalise(code);
    let matched = match entry.otp.kind {
        Kind::Hotp { counter } => check_hotp(entry, &typed, counter, window, state.last_step),
        Kind::Totp { .. } | Kind::Steam => check_totp(entry, &typed, now, window, state.last_step),
    };
    let failed = match matched {
        Match::Fresh(step) => {
            state.last_step = Some(step);
            state.failures.clear();
            return Outcome::Valid { step };
        }
        failed => failed,
    };
    state.failures.push(now);
    let failures = u32::try_from(state.failures.len()).unwrap_or(u32::MAX);
    let locked_out_until = (failures >= policy.max_failures).then(|| {
        let day_ago = now - seconds(DAY);
        state.lockouts.retain(|&t| t > day_ago);
        let doublings = u32::try_from(state.lockouts.len()).unwrap_or(u32::MAX);
        let length = policy
            .lockout
            .checked_shl(doublings.min(63))
            .filter(|l| l >> doublings.min(63) == policy.lockout)
            .unwrap_or(u64::MAX)
            .min(policy.max_lockout);
        state.lockouts.push(now);
        state.failures.clear();
        let until = now + seconds(length);
        state.locked_out_until = Some(until);
        until
    });
    match failed {
        Match::Used => Outcome::Replayed { locked_out_until },
        Match::Superseded => Outcome::Expired { locked_out_until },
        Match::Fresh(_) | Match::None => Outcome::Invalid { locked_out_until },
    }
}

/// Seconds as a duration, saturating far beyond any real policy.
fn seconds(s: u64) -> SignedDuration {
    SignedDuration::from_secs(i64::try_from(s.min(100 * 365 * DAY)).unwrap_or(i64::MAX))
}

enum Match {
    /// A step or counter not used before.
    Fresh(u64),
    /// The step or counter used last, or (HOTP) a counter behind the stored one.
    Used,
    /// Only TOTP steps before the last one used, never used themselves.
    Superseded,
    None,
}

/// Spaces are dropped (people type `123 456`) and letters upper-cased (Steam's alphabet is upper case).
fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn check_totp(entry: &Entry, typed: &str, now: Timestamp, window: u64, last: Option<u64>) -> Match {
    let period = u64::from(entry.otp.kind.period().unwrap_or(30));
    let Ok(t) = u64::try_from(now.as_second()) else {
        return Match::None;
    };
    let current = t / period;
    let first = current.saturating_sub(window);
    let last_candidate = current.saturating_add(window);
    let (mut fresh, mut used, mut superseded) = (None, false, false);
    // Every candidate is computed and compared, with no early exit, so timing says nothing about which
    // step (if any) matched.
    for step in first..=last_candidate {
        let code = otp::totp_at(&entry.otp, step.saturating_mul(period)).unwrap_or_default();
        let equal = bool::from(code.as_bytes().ct_eq(typed.as_bytes()));
        if equal {
            match last {
                Some(l) if step == l => used = true,
                Some(l) if step < l => superseded = true,
                _ => {
                    if fresh.is_none() {
                        fresh = Some(step);
                    }
                }
            }
        }
    }
    match (fresh, used, superseded) {
        (Some(step), _, _) => Match::Fresh(step),
        (None, true, _) => Match::Used,
        (None, false, true) => Match::Superseded,
        (None, false, false) => Match::None,
    }
}

fn check_hotp(entry: &Entry, typed: &str, counter: u64, window: u64, last: Option<u64>) -> Match {
    // Counters behind the stored one were used (by `fob code` or an earlier verify): a match there is a
    // replay. Look back as far as ahead, and always at the last accepted counter.
    let behind = counter.saturating_sub(window.max(1))..counter;
    let (mut fresh, mut used) = (None, false);
    for c in behind.chain(counter..=counter.saturating_add(window)) {
        let equal = bool::from(otp::hotp(&entry.otp, c).as_bytes().ct_eq(typed.as_bytes()));
        if equal {
            if c < counter || last.is_some_and(|l| c <= l) {
                used = true;
            } else if fresh.is_none() {
                fresh = Some(c);
            }
        }
    }
    match (fresh, used) {
        (Some(step), _) => Match::Fresh(step),
        (None, true) => Match::Used,
        (None, false) => Match::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Algorithm, Name, Otp};
    use crate::secret::Secret;

    fn entry(kind: Kind) -> Entry {
        let otp = Otp {
            secret: Secret::from_bytes(b"12345678901234567890".to_vec()).unwrap(),
            kind,
            algorithm: Algorithm::Sha1,
            digits: 6,
        };
        Entry::new(Name::parse("t").unwrap(), otp, Timestamp::UNIX_EPOCH)
    }

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap()
    }

    /// [`super::verify`] for a code of the right form.
    fn verify(e: &mut Entry, code: &str, now: Timestamp, window: u64, p: &Policy) -> Outcome {
        super::verify(e, code, now, window, p).unwrap()
    }

    const TOTP: Kind = Kind::Totp { period: 30 };

    #[test]
    fn totp_window_and_replay() {
        let p = Policy::default();
        let mut e = entry(TOTP);
        assert_eq!(
            verify(&mut e, "287 082", at(89), 1, &p),
            Outcome::Valid { step: 1 }
        );
        assert_eq!(
            verify(&mut e, "287082", at(59), 1, &p),
            Outcome::Replayed {
                locked_out_until: None
            }
        );
        let mut e = entry(TOTP);
        assert_eq!(
            verify(&mut e, "287082", at(119), 1, &p),
            Outcome::Invalid {
                locked_out_until: None
            }
        );
        assert_eq!(
            verify(&mut e, "287082", at(119), 2, &p),
            Outcome::Valid { step: 1 }
        );
    }

    #[test]
    fn hotp_resynchronises() {
        let p = Policy::default();
        let mut e = entry(Kind::Hotp { counter: 0 });
        assert_eq!(
            verify(&mut e, "338314", at(1), 3, &p),
            Outcome::Invalid {
                locked_out_until: None
            }
        );
        assert_eq!(
            verify(&mut e, "338314", at(2), 4, &p),
            Outcome::Valid { step: 4 }
        );
        assert_eq!(e.otp.kind, Kind::Hotp { counter: 5 });
        assert_eq!(e.modified, at(2));
        assert_eq!(
            verify(&mut e, "969429", at(3), 4, &p),
            Outcome::Replayed {
                locked_out_until: None
            }
        );
        assert_eq!(
            verify(&mut e, "338314", at(4), 4, &p),
            Outcome::Replayed {
                locked_out_until: None
            }
        );
    }

    #[test]
    fn lockout_grows_and_expires() {
        let p = Policy::default();
        let mut e = entry(TOTP);
        for i in 0..4 {
            assert_eq!(
                verify(&mut e, "000000", at(1000 + i), 1, &p),
                Outcome::Invalid {
                    locked_out_until: None
                }
            );
        }
        assert_eq!(
            verify(&mut e, "000000", at(1004), 1, &p),
            Outcome::Invalid {
                locked_out_until: Some(at(1064))
            }
        );
        let right = otp::totp_at(&e.otp, 1010).unwrap();
        assert!(matches!(
            verify(&mut e, &right, at(1010), 1, &p),
            Outcome::LockedOut { until, .. } if until == at(1064)
        ));
        for i in 0..5 {
            verify(&mut e, "000000", at(1064 + i), 1, &p);
        }
        assert_eq!(
            e.verify.as_ref().unwrap().locked_out_until,
            Some(at(1068 + 120))
        );
        let right = otp::totp_at(&e.otp, 1200).unwrap();
        assert!(matches!(
            verify(&mut e, &right, at(1200), 1, &p),
            Outcome::Valid { .. }
        ));
        let state = e.verify.as_ref().unwrap();
        assert!(state.failures.is_empty());
        assert_eq!(state.log.len(), 12);
        assert_eq!(state.failures_since(at(0)), 10);
    }

    #[test]
    fn old_failures_fall_out_of_the_window() {
        let p = Policy::default();
        let mut e = entry(TOTP);
        for i in 0..4 {
            verify(&mut e, "000000", at(1000 + i), 1, &p);
        }
        assert_eq!(
            verify(&mut e, "000000", at(1000 + 601), 1, &p),
            Outcome::Invalid {
                locked_out_until: None
            }
        );
        // 1000 and 1001 are 600 s or more before 1601: only 1002, 1003 and 1601 still count.
        assert_eq!(e.verify.as_ref().unwrap().failures.len(), 3);
    }

    #[test]
    fn log_is_bounded_and_lockout_capped() {
        let p = Policy {
            max_failures: 1,
            lockout: 40_000,
            ..Policy::default()
        };
        let mut e = entry(TOTP);
        let mut t = 0;
        for _ in 0..60 {
            t += 1;
            if let Outcome::Invalid {
                locked_out_until: Some(u),
            } = verify(&mut e, "000000", at(t), 1, &p)
            {
                assert!(u.duration_since(at(t)) <= SignedDuration::from_secs(86_400));
                t = u.as_second();
            }
        }
        assert_eq!(e.verify.as_ref().unwrap().log.len(), KEEP_LOG_EVENTS);
    }

    #[test]
    fn failures_recorded_after_now_still_count() {
        // Another process recorded four failures at 1000..1003 while this one, whose clock says 999,
        // waited: they must still count towards the lock-out.
        let p = Policy::default();
        let mut e = entry(TOTP);
        for i in 0..4 {
            verify(&mut e, "000000", at(1000 + i), 1, &p);
        }
        assert_eq!(
            verify(&mut e, "000000", at(999), 1, &p),
            Outcome::Invalid {
                locked_out_until: Some(at(1059))
            }
        );
    }

    #[test]
    fn a_step_before_the_last_accepted_is_expired_not_replayed() {
        let p = Policy::default();
        let mut e = entry(TOTP);
        let step_2 = otp::totp_at(&e.otp, 60).unwrap();
        assert_eq!(
            verify(&mut e, &step_2, at(61), 1, &p),
            Outcome::Valid { step: 2 }
        );
        assert_eq!(
            verify(&mut e, "287082", at(62), 1, &p),
            Outcome::Expired {
                locked_out_until: None
            }
        );
        assert_eq!(
            verify(&mut e, &step_2, at(63), 1, &p),
            Outcome::Replayed {
                locked_out_until: None
            }
        );
        let log: Vec<_> = e.verify.unwrap().log.iter().map(|l| l.result).collect();
        assert_eq!(
            log,
            [
                EventResult::Valid,
                EventResult::Expired,
                EventResult::Replayed
            ]
        );
    }

    #[test]
    fn codes_of_another_form_are_refused_unrecorded() {
        let p = Policy::default();
        let mut e = entry(TOTP);
        let digits = FormError::Alphabet { alphabet: "digits" };
        for (code, why) in [
            (
                "28708",
                FormError::Length {
                    len: 5,
                    expected: 6,
                },
            ),
            (
                "2870822",
                FormError::Length {
                    len: 7,
                    expected: 6,
                },
            ),
            (
                "",
                FormError::Length {
                    len: 0,
                    expected: 6,
                },
            ),
            ("--help", digits),
            ("28708x", digits),
            ("\u{ff12}87082", digits),
        ] {
            assert_eq!(
                super::verify(&mut e, code, at(59), 1, &p),
                Err(why),
                "{code}"
            );
        }
        assert_eq!(e.verify, None, "nothing recorded");
        assert_eq!(
            verify(&mut e, " 287 082\t", at(59), 1, &p),
            Outcome::Valid { step: 1 }
        );
        let steam = entry(Kind::Steam);
        assert!(matches!(check_form(&steam.otp, "bcd2f"), Ok(())));
        assert!(matches!(
            check_form(&steam.otp, "ABCDE"),
            Err(FormError::Alphabet { .. })
        ));
        assert!(matches!(
            check_form(&steam.otp, "123456"),
            Err(FormError::Alphabet { .. })
        ));
    }
}
