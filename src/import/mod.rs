//! Bringing secrets in from outside: parsers that turn files into candidate entries, and the one rule for
//! adding candidates to a vault (skip exact duplicates, report a name that holds another secret as a
//! conflict). Nothing here prints or prompts; the caller reports what the [`Report`] says.
//!
//! Inputs are text files of URIs or pictures of QR codes. A [`Collector`] takes each input's bytes,
//! decides which it is, and gathers candidates and [`Problem`]s across all of them, so that a
//! Google Authenticator export split over several images is put back together before anything is
//! written.

pub mod migration;
pub mod otpauth;
pub mod qr;

mod collect;

pub use collect::{Collected, Collector, Problem};

use jiff::Timestamp;

use crate::entry::{Entry, Name, Otp};
use crate::vault::Vault;

/// One entry read from outside, not yet in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Issuer and account.
    pub name: Name,
    /// The generator.
    pub otp: Otp,
    /// Where it came from, for messages: `line 3`.
    pub origin: String,
}

/// A line that could not be read, by number, with the reason (never the line: it holds a secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {error}")]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// Why.
    pub error: otpauth::UriError,
}

/// Reads text with one otpauth URI a line; blank lines and `#` comments are skipped.
/// Returns what parsed and what did not, so the caller can refuse the whole file or skip the bad lines.
#[must_use]
pub fn parse_uri_list(text: &str) -> (Vec<Candidate>, Vec<LineError>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match otpauth::parse(line) {
            Ok(p) => good.push(Candidate {
                name: p.name,
                otp: p.otp,
                origin: format!("line {}", i + 1),
            }),
            Err(error) => bad.push(LineError { line: i + 1, error }),
        }
    }
    (good, bad)
}

/// What adding candidates did (or, for a dry run, would do), by display name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// New entries.
    pub added: Vec<String>,
    /// Already in the vault with the same secret: skipped.
    pub duplicates: Vec<String>,
    /// The name exists with another secret and `force` was not given: not changed.
    pub conflicts: Vec<String>,
    /// The name existed with another secret and `force` replaced it.
    pub replaced: Vec<String>,
}

impl Report {
    /// Whether the vault changed.
    #[must_use]
    pub fn changed(&self) -> bool {
        !self.added.is_empty() || !self.replaced.is_empty()
    }
}

/// Adds candidates to `vault`. An entry with the same issuer, account and secret is a duplicate and skipped;
/// the same name with another secret is a conflict, replaced only when `force` (re-enrolment), keeping the
/// entry's id so backups and merges see an edit.
pub fn add_candidates(
    vault: &mut Vault,
    candidates: Vec<Candidate>,
    force: bool,
    now: Timestamp,
) -> Report {
    let mut report = Report::default();
    let mut by_name = vault.name_index();
    for c in candidates {
        let display = c.name.to_string();
        match by_name.get(&c.name.folded()).copied() {
            Some(i) if vault.entries[i].otp.secret == c.otp.secret => {
                report.duplicates.push(display);
            }
            Some(i) if force => {
                vault.replace_otp(i, c.otp, now);
                report.replaced.push(display);
            }
            Some(_) => report.conflicts.push(display),
            None => {
                by_name.insert(c.name.folded(), vault.entries.len());
                vault.entries.push(Entry::new(c.name, c.otp, now));
                report.added.push(display);
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "\u{feff}# exported\n\
        otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\n\
        \n\
        otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5\n\
        otpauth://totp/Bad?secret=!!\n";

    #[test]
    fn reports_bad_lines_by_number() {
        let (good, bad) = parse_uri_list(LIST);
        assert_eq!(good.len(), 2);
        assert_eq!(good[1].origin, "line 4");
        assert_eq!(bad.len(), 1);
        assert_eq!(
            bad[0].to_string(),
            "line 5: the secret is not base32 (only letters A-Z and digits 2-7 are allowed)"
        );
    }

    #[test]
    fn duplicates_skip_and_conflicts_need_force() {
        let (good, _) = parse_uri_list(LIST);
        let mut vault = Vault::default();
        let now = Timestamp::UNIX_EPOCH;
        let r = add_candidates(&mut vault, good.clone(), false, now);
        assert_eq!(r.added, ["GitHub:alice", "Bank:bob"]);
        let r = add_candidates(&mut vault, good, false, now);
        assert_eq!(r.duplicates, ["GitHub:alice", "Bank:bob"]);
        assert!(!r.changed());

        let (other, _) = parse_uri_list("otpauth://totp/github:ALICE?secret=GEZDGNBVGY3TQOJQ");
        let r = add_candidates(&mut vault, other.clone(), false, now);
        assert_eq!(r.conflicts, ["github:ALICE"]);
        let id = vault.entries[0].id.clone();
        let r = add_candidates(&mut vault, other, true, Timestamp::from_second(9).unwrap());
        assert_eq!(r.replaced, ["github:ALICE"]);
        assert_eq!(vault.entries[0].id, id);
        assert_eq!(
            vault.entries[0].otp.secret.base32().as_str(),
            "GEZDGNBVGY3TQOJQ"
        );
        assert_eq!(vault.entries.len(), 2);
    }
}
