//! One account's OTP settings: who issued it, which account, the secret and how codes are made.

use std::fmt;

use jiff::Timestamp;

/// A stable identifier, kept across renames, edits, backups and restores so that merges can match entries.
/// Random 128 bits written as a UUID (version 4), which other apps' formats accept too.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(String);

impl EntryId {
    /// A fresh random id.
    ///
    /// # Panics
    /// When the operating system has no randomness to give, which leaves nothing safe to do.
    #[must_use]
    pub fn random() -> Self {
        let mut b = [0u8; 16];
        getrandom::fill(&mut b).expect("the operating system's random source failed");
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex = data_encoding::HEXLOWER.encode(&b);
        Self(format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        ))
    }

    /// Wraps an id read from a file. Any non-empty string is accepted so ids from other tools survive.
    #[must_use]
    pub fn from_string(id: String) -> Option<Self> {
        (!id.is_empty()).then_some(Self(id))
    }

    /// The id as written in the vault.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An entry's code settings. They are defined in [`crate::otp`], which makes codes and knows nothing of
/// entries; they are named here too because everything that builds entries (the importers above all)
/// builds these with them.
pub use crate::otp::{
    Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, Kind, MAX_PERIOD, Otp, ParamError, STEAM_DIGITS,
    STEAM_PERIOD, UnknownAlgorithm, check_digits, check_period,
};

/// `Issuer:account` as people write it; either side may be empty, not both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    /// The site or company, e.g. `GitHub`.
    pub issuer: String,
    /// The login at that site, e.g. `alice@example.com`.
    pub account: String,
}

/// A name that cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Both issuer and account are empty.
    #[error("the name is empty")]
    Empty,
    /// Longer than any real issuer or account name.
    #[error("the name is too long ({0} bytes; at most {MAX_NAME_LEN})")]
    TooLong(usize),
}

/// Longest issuer or account accepted, in bytes.
pub const MAX_NAME_LEN: usize = 1024;

impl Name {
    /// Builds a name from its parts, trimming surrounding white space.
    pub fn new(issuer: &str, account: &str) -> Result<Self, NameError> {
        let name = Self {
            issuer: issuer.trim().to_owned(),
            account: account.trim().to_owned(),
        };
        if name.issuer.is_empty() && name.account.is_empty() {
            return Err(NameError::Empty);
        }
        for part in [&name.issuer, &name.account] {
            if part.len() > MAX_NAME_LEN {
                return Err(NameError::TooLong(part.len()));
            }
        }
        Ok(name)
    }

    /// Parses `Issuer:account` (split at the first colon) or a bare `account`.
    pub fn parse(text: &str) -> Result<Self, NameError> {
        match text.split_once(':') {
            Some((issuer, account)) => Self::new(issuer, account),
            None => Self::new("", text),
        }
    }

    /// Two names are the same account when they match ignoring case, as people type them.
    #[must_use]
    pub fn same_as(&self, other: &Self) -> bool {
        self.folded() == other.folded()
    }

    /// The name with case folded: equal for names that are the same account, for use as a map key.
    #[must_use]
    pub fn folded(&self) -> String {
        format!(
            "{}\u{0}{}",
            self.issuer.to_lowercase(),
            self.account.to_lowercase()
        )
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.issuer.is_empty(), self.account.is_empty()) {
            (true, _) => f.write_str(&self.account),
            (false, true) => f.write_str(&self.issuer),
            (false, false) => write!(f, "{}:{}", self.issuer, self.account),
        }
    }
}

/// One account in the vault.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Stable across edits.
    pub id: EntryId,
    /// Issuer and account.
    pub name: Name,
    /// How to make codes.
    pub otp: Otp,
    /// When the entry was first stored.
    pub created: Timestamp,
    /// When it last changed (rename, counter step, new secret); the newer side wins a merge.
    pub modified: Timestamp,
    /// The `modified` time this entry had in the newest verified backup that holds it.
    pub backed_up: Option<Timestamp>,
    /// What `fob verify` remembers: the last accepted step, recent failures, lock-outs. Never a code.
    pub verify: Option<crate::verify_state::VerifyState>,
    /// Fields written by a newer fob, kept as they were.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Entry {
    /// A new entry with a fresh id, created and modified `now`.
    #[must_use]
    pub fn new(name: Name, otp: Otp, now: Timestamp) -> Self {
        Self {
            id: EntryId::random(),
            name,
            otp,
            created: now,
            modified: now,
            backed_up: None,
            verify: None,
            extra: serde_json::Map::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_display() {
        let n = Name::parse("GitHub:alice@example.com").unwrap();
        assert_eq!(
            (n.issuer.as_str(), n.account.as_str()),
            ("GitHub", "alice@example.com")
        );
        assert_eq!(n.to_string(), "GitHub:alice@example.com");
        let n = Name::parse("alice").unwrap();
        assert_eq!(n.issuer, "");
        assert_eq!(n.to_string(), "alice");
        assert_eq!(Name::parse("Example:").unwrap().to_string(), "Example");
        assert_eq!(Name::parse(" : ").unwrap_err(), NameError::Empty);
        assert!(
            Name::parse("A:b")
                .unwrap()
                .same_as(&Name::parse("a:B").unwrap())
        );
    }

    #[test]
    fn ids_look_like_uuids_and_differ() {
        let a = EntryId::random();
        assert_eq!(a.as_str().len(), 36);
        assert_eq!(&a.as_str()[14..15], "4");
        assert_ne!(a, EntryId::random());
    }

    #[test]
    fn parameters_are_checked() {
        assert_eq!(check_digits(6), Ok(6));
        assert_eq!(check_digits(9), Err(ParamError::Digits(9)));
        assert_eq!(check_period(0), Err(ParamError::Period(0)));
        assert_eq!(check_period(60), Ok(60));
        assert_eq!("sha256".parse::<Algorithm>(), Ok(Algorithm::Sha256));
        assert_eq!("SHA-512".parse::<Algorithm>(), Ok(Algorithm::Sha512));
        assert!("MD5".parse::<Algorithm>().is_err());
    }
}
