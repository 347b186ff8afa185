//! Whether the system clock says it is synchronised: time-based codes are only as right as the clock.
//! The one unsafe call of fob is here (neither rustix nor nix wraps `adjtimex`).
#![allow(unsafe_code)]

use crate::cli::ENV_CLOCK_CHECK;

/// What the kernel says about the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    Synchronised,
    Unsynchronised,
    /// Not Linux, the call failed, or the check is turned off.
    Unknown,
}

/// Asks the kernel (Linux `adjtimex`, read-only) unless `FOB_CLOCK_CHECK=0`.
pub fn state() -> Sync {
    if std::env::var_os(ENV_CLOCK_CHECK).is_some_and(|v| v == "0") {
        return Sync::Unknown;
    }
    query()
}

#[cfg(target_os = "linux")]
fn query() -> Sync {
    // SAFETY: adjtimex reads and writes only the `timex` struct it is given, which is a valid, zeroed,
    // exclusively borrowed local; `modes == 0` makes the call read-only (no privilege needed).
    let (ret, status) = unsafe {
        let mut tx: libc::timex = std::mem::zeroed();
        (libc::adjtimex(&raw mut tx), tx.status)
    };
    if ret < 0 {
        Sync::Unknown
    } else if ret == libc::TIME_ERROR || status & libc::STA_UNSYNC != 0 {
        Sync::Unsynchronised
    } else {
        Sync::Synchronised
    }
}

#[cfg(not(target_os = "linux"))]
fn query() -> Sync {
    Sync::Unknown
}

/// The sentence fob prints when the clock is not synchronised.
pub const WARNING: &str =
    "the system clock says it is not synchronised (no NTP?); codes may be rejected if it is off";
