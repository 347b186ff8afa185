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

/// The file in fob's state folder that holds when the clock warning was last shown (unix seconds).
pub const WARNED_FILE: &str = "clock-warned";

/// How often a person is told: a machine whose kernel never reports a synchronised clock (many VMs and
/// containers) would otherwise print the warning on every call, and a warning seen every time is read
/// by nobody.
const WARN_EVERY_SECONDS: u64 = 24 * 60 * 60;

/// Whether to show the warning to a person now: stderr is a terminal, and it was not shown in the last
/// day. Showing it is recorded; a state folder that cannot be written only means it is shown again.
pub fn due_on_terminal() -> bool {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return false;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let Some(folder) = crate::paths::state_dir() else {
        return true;
    };
    let file = folder.join(WARNED_FILE);
    let last: Option<u64> = std::fs::read_to_string(&file)
        .ok()
        .and_then(|text| text.trim().parse().ok());
    if last.is_some_and(|last| now.saturating_sub(last) < WARN_EVERY_SECONDS && last <= now) {
        return false;
    }
    let _ = remember(&folder, &file, now);
    true
}

fn remember(folder: &std::path::Path, file: &std::path::Path, now: u64) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)?;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(file)?
        .write_all(format!("{now}\n").as_bytes())
}

/// The sentence fob prints when the clock is not synchronised.
pub const WARNING: &str =
    "the system clock says it is not synchronised (no NTP?); codes may be rejected if it is off";
