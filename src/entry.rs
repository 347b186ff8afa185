//! One account's OTP settings: who issued it, which account, the secret and how codes are made.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;

use crate::secret::Secret;

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

/// The HMAC hash. Steam entries use SHA1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// HMAC-SHA1, what nearly every site uses.
    #[default]
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

impl Algorithm {
    /// The name used in otpauth URIs and in the vault.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An algorithm name fob does not support (MD5, for instance).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported algorithm (use SHA1, SHA256 or SHA512)")]
pub struct UnknownAlgorithm;

impl FromStr for Algorithm {
    type Err = UnknownAlgorithm;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().replace('-', "").as_str() {
            "SHA1" => Ok(Self::Sha1),
            "SHA256" => Ok(Self::Sha256),
            "SHA512" => Ok(Self::Sha512),
            _ => Err(UnknownAlgorithm),
        }
    }
}

/// How codes advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Time-based (RFC 6238): a new code every `period` seconds.
    Totp {
        /// Seconds per code, at least 1.
        period: u32,
    },
    /// Counter-based (RFC 4226): `counter` is the next counter value to use.
    Hotp {
        /// The counter the next code is made from.
        counter: u64,
    },
    /// Steam Guard: TOTP with SHA1, 30 seconds and five characters from Steam's alphabet.
    Steam,
}

impl Kind {
    /// The `type` name in the vault and in otpauth URIs.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Totp { .. } => "totp",
            Self::Hotp { .. } => "hotp",
            Self::Steam => "steam",
        }
    }

    /// Seconds per code for the time-based kinds.
    #[must_use]
    pub fn period(self) -> Option<u32> {
        match self {
            Self::Totp { period } => Some(period),
            Self::Steam => Some(STEAM_PERIOD),
            Self::Hotp { .. } => None,
        }
    }
}

/// Steam Guard's fixed period.
pub const STEAM_PERIOD: u32 = 30;
/// Steam Guard's fixed code length.
pub const STEAM_DIGITS: u8 = 5;
/// The default period of otpauth URIs and phone apps.
pub const DEFAULT_PERIOD: u32 = 30;
/// The default code length.
pub const DEFAULT_DIGITS: u8 = 6;

/// A parameter that cannot make a working code generator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    /// RFC 4226 codes have 6 to 8 digits.
    #[error("{0} digits is not supported (use 6, 7 or 8)")]
    Digits(u64),
    /// A period of zero would divide by zero.
    #[error("a period of {0} seconds is not supported (use 1 to 86400)")]
    Period(u64),
}

/// The longest period accepted: a day. Longer is surely a typo.
pub const MAX_PERIOD: u32 = 86_400;

/// Checks a code length for TOTP/HOTP.
pub fn check_digits(digits: u64) -> Result<u8, ParamError> {
    match digits {
        6..=8 => Ok(u8::try_from(digits).expect("6..=8 fits in u8")),
        _ => Err(ParamError::Digits(digits)),
    }
}

/// Checks a TOTP period.
pub fn check_period(period: u64) -> Result<u32, ParamError> {
    match u32::try_from(period) {
        Ok(p @ 1..=MAX_PERIOD) => Ok(p),
        _ => Err(ParamError::Period(period)),
    }
}

/// Everything needed to make codes. Invariants (checked by the constructors that build it): digits 6–8 for
/// TOTP/HOTP and 5 for Steam; period 1..=86400; algorithm SHA1 for Steam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Otp {
    /// The shared key.
    pub secret: Secret,
    /// Time, counter or Steam.
    pub kind: Kind,
    /// The HMAC hash.
    pub algorithm: Algorithm,
    /// Code length.
    pub digits: u8,
}

impl Otp {
    /// A Steam Guard generator for `secret`.
    #[must_use]
    pub fn steam(secret: Secret) -> Self {
        Self {
            secret,
            kind: Kind::Steam,
            algorithm: Algorithm::Sha1,
            digits: STEAM_DIGITS,
        }
    }
}

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
    pub verify: Option<crate::verify::VerifyState>,
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
