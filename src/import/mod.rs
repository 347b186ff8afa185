//! Bringing secrets in from outside: parsers that turn files into candidate entries, and the one rule for
//! adding candidates to a vault (skip exact duplicates, report a name that holds another secret as a
//! conflict). Nothing here prints or prompts; the caller reports what the [`Report`] says.
//!
//! Inputs are text files of URIs, pictures of QR codes, or other apps' backup files (Aegis, 2FAS, andOTP,
//! Bitwarden: see [`Format`]). A [`Collector`] takes each input's bytes, decides which it is, and
//! gathers candidates and [`Problem`]s across all of them, so that a Google Authenticator export split
//! over several images is put back together before anything is written.

pub mod aegis;
pub mod andotp;
pub mod bitwarden;
pub mod foreign;
pub mod migration;
pub mod otpauth;
pub mod qr;
pub mod twofas;

mod collect;

pub use collect::{Collected, Collector, Problem};

use jiff::Timestamp;
use serde_json::Value;

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
    /// Fields for the new entry's extra map: an Aegis note and group names (`note`, `tags`; see
    /// docs/vault-format.md). Empty for URIs and QR codes.
    pub extra: serde_json::Map<String, Value>,
}

/// A kind of input file. Text and pictures are told apart by their bytes; the other formats by the shape
/// of their JSON ([`Format::detect`]), except andOTP's encrypted backup, which is binary and is recognised
/// by a name ending in `.aes` ([`Format::detect_named`]) or when the format is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `otpauth://` and `otpauth-migration://` URIs one a line, or pictures of QR codes.
    Uris,
    /// Aegis vault or backup JSON, plain or encrypted.
    Aegis,
    /// 2FAS `.2fas` backup, plain or encrypted.
    TwoFas,
    /// andOTP backup: plain JSON or encrypted `.json.aes`.
    AndOtp,
    /// Bitwarden unencrypted JSON export.
    Bitwarden,
}

impl Format {
    /// The name used in messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Uris => "otpauth URI list",
            Self::Aegis => "Aegis",
            Self::TwoFas => "2FAS",
            Self::AndOtp => "andOTP",
            Self::Bitwarden => "Bitwarden",
        }
    }

    /// The backup format a JSON document is, by its shape: Aegis has `header` and `db`; 2FAS has
    /// `schemaVersion` and `services` (or `servicesEncrypted`); Bitwarden has `items` (or `encrypted` and
    /// `data`: its encrypted export, which is then refused with a message); andOTP is an array
    /// of objects with `secret` and `type`. `None` for anything else (URI lists, pictures, binary).
    #[must_use]
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
        if !matches!(first, b'{' | b'[') {
            return None;
        }
        match serde_json::from_slice::<Value>(bytes).ok()? {
            Value::Object(o) if o.contains_key("header") && o.contains_key("db") => {
                Some(Self::Aegis)
            }
            Value::Object(o)
                if o.contains_key("schemaVersion")
                    && (o.contains_key("services") || o.contains_key("servicesEncrypted")) =>
            {
                Some(Self::TwoFas)
            }
            // Bitwarden's encrypted export has `encrypted` and `data` instead of `items`.
            Value::Object(o)
                if o.contains_key("items")
                    || (o.contains_key("encrypted") && o.contains_key("data")) =>
            {
                Some(Self::Bitwarden)
            }
            Value::Array(a)
                if a.first()
                    .is_none_or(|e| e.get("secret").is_some() && e.get("type").is_some()) =>
            {
                Some(Self::AndOtp)
            }
            _ => None,
        }
    }

    /// [`Format::detect`], and also an encrypted andOTP backup when `file` ends in `.aes` and the bytes
    /// are not text.
    #[must_use]
    pub fn detect_named(file: &str, bytes: &[u8]) -> Option<Self> {
        Self::detect(bytes).or_else(|| {
            let aes = std::path::Path::new(file)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("aes"));
            (aes && std::str::from_utf8(bytes).is_err()).then_some(Self::AndOtp)
        })
    }

    /// Whether reading `bytes` in this format needs a password.
    #[must_use]
    pub fn is_encrypted(self, bytes: &[u8]) -> bool {
        match self {
            Self::Uris | Self::Bitwarden => false,
            Self::Aegis => aegis::is_encrypted(bytes),
            Self::TwoFas => twofas::is_encrypted(bytes),
            Self::AndOtp => !andotp::looks_plain(bytes),
        }
    }

    /// Reads a backup file of this format (not [`Format::Uris`], which the [`Collector`] reads itself).
    /// Candidates' `origin` is `entry N`.
    pub fn parse(
        self,
        bytes: &[u8],
        password: Option<&[u8]>,
    ) -> Result<foreign::Parsed, foreign::Error> {
        match self {
            Self::Uris => {
                let text = std::str::from_utf8(bytes)
                    .map_err(|_| foreign::Error::Malformed("not UTF-8 text".into()))?;
                let (candidates, bad) = parse_uri_list(text);
                let problems = bad
                    .into_iter()
                    .map(|b| foreign::EntryProblem {
                        place: format!("line {}", b.line),
                        error: foreign::EntryError::Uri(b.error),
                    })
                    .collect();
                Ok(foreign::Parsed {
                    candidates,
                    problems,
                })
            }
            Self::Aegis => aegis::parse(bytes, password),
            Self::TwoFas => twofas::parse(bytes, password),
            Self::AndOtp if andotp::looks_plain(bytes) => andotp::parse(bytes),
            Self::AndOtp => {
                andotp::parse_encrypted(bytes, password.ok_or(foreign::Error::PasswordNeeded)?)
            }
            Self::Bitwarden => bitwarden::parse(bytes),
        }
    }
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
                extra: serde_json::Map::new(),
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
                let mut entry = Entry::new(c.name, c.otp, now);
                entry.extra = c.extra;
                vault.entries.push(entry);
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
