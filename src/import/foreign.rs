//! What the readers of other apps' backup files (Aegis, 2FAS, andOTP, Bitwarden) share: their error
//! types, the result of reading one file, the mapping of loosely typed fields onto an [`Otp`], and the
//! AES-256-GCM and key-derivation calls those apps use. Errors never carry a secret or a password.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::Candidate;
use crate::entry::{
    self, Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, Kind, Name, NameError, Otp, ParamError,
};
use crate::secret::{Secret, SecretError};

/// Why a whole file cannot be read. Safe to print: no secret, no password, no raw input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The password does not open the file.
    #[error("wrong password")]
    WrongPassword,
    /// The file is encrypted and no password was given.
    #[error("the file is encrypted and no password was given")]
    PasswordNeeded,
    /// A format version newer than fob knows.
    #[error("unknown {what} version {version} (fob reads up to {max})")]
    UnknownVersion {
        /// Which version field: `Aegis vault`, `2FAS schema`...
        what: &'static str,
        /// The version the file gives.
        version: u64,
        /// The newest fob reads.
        max: u64,
    },
    /// The password was right but the encrypted data does not authenticate: changed or damaged.
    #[error("the encrypted data is damaged or was changed (authentication failed)")]
    Tampered,
    /// Not JSON at all, or not the JSON of this format.
    #[error("not a valid {format} file (JSON error at line {line}, column {column})")]
    Json {
        /// The format expected.
        format: &'static str,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// JSON of the right shape with a value that makes no sense.
    #[error("{0}")]
    Malformed(String),
    /// Key-derivation parameters that would take hours or gigabytes: refused before any work.
    #[error("{0}")]
    TooCostly(String),
    /// The whole file is of a kind fob cannot read (an encrypted Bitwarden export, say).
    #[error("{0}")]
    Unsupported(String),
}

impl Error {
    pub(crate) fn json(format: &'static str, e: &serde_json::Error) -> Self {
        // serde_json's own message may quote the input (a secret); only its position is kept.
        Self::Json {
            format,
            line: e.line(),
            column: e.column(),
        }
    }
}

/// Why one entry of a file cannot become a vault entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EntryError {
    /// A kind of entry fob has no generator for (mOTP, Yandex...).
    #[error("unsupported: {name} entries {why}")]
    Unsupported {
        /// The type as the file names it.
        name: String,
        /// Why fob cannot use it.
        why: &'static str,
    },
    /// No secret, or one that is not base32.
    #[error("{0}")]
    Secret(#[from] SecretError),
    /// A hash fob does not support.
    #[error("unsupported algorithm {0} (fob supports SHA1, SHA256 and SHA512)")]
    Algorithm(String),
    /// Digits or period out of range.
    #[error("{0}")]
    Param(#[from] ParamError),
    /// No usable name.
    #[error("{0}")]
    Name(#[from] NameError),
    /// A field of the wrong type or missing.
    #[error("{0}")]
    Field(String),
    /// An otpauth URI inside the entry that cannot be used.
    #[error("{0}")]
    Uri(#[from] super::otpauth::UriError),
}

/// One entry that could not be read, by position and display name (never by secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {error}")]
pub struct EntryProblem {
    /// `entry 3 (GitHub:alice)`.
    pub place: String,
    /// Why.
    pub error: EntryError,
}

/// What one file gave.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Entries that can be imported; their `origin` is `entry N`.
    pub candidates: Vec<Candidate>,
    /// Entries that cannot, each by place.
    pub problems: Vec<EntryProblem>,
}

impl Parsed {
    pub(crate) fn push(
        &mut self,
        index: usize,
        label: &str,
        result: Result<Candidate, EntryError>,
    ) {
        match result {
            Ok(c) => self.candidates.push(c),
            Err(error) => self.problems.push(EntryProblem {
                place: place(index, label),
                error,
            }),
        }
    }
}

/// `entry 3 (GitHub:alice)`, 1-based, the label shortened and flattened to one line.
pub(crate) fn place(index: usize, label: &str) -> String {
    let flat: String = label
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(60)
        .collect();
    let flat = flat.trim();
    if flat.is_empty() {
        format!("entry {}", index + 1)
    } else {
        format!("entry {} ({flat})", index + 1)
    }
}

/// A display label from issuer and account as a file gives them, for messages.
pub(crate) fn label(issuer: &str, account: &str) -> String {
    match (issuer.trim().is_empty(), account.trim().is_empty()) {
        (true, _) => account.trim().to_owned(),
        (false, true) => issuer.trim().to_owned(),
        (false, false) => format!("{}:{}", issuer.trim(), account.trim()),
    }
}

/// The fields of one foreign entry, loosely typed as the apps write them.
#[derive(Debug, Default)]
pub(crate) struct Fields<'a> {
    pub kind: &'a str,
    pub secret: Option<&'a str>,
    pub algorithm: Option<&'a str>,
    pub digits: Option<u64>,
    pub period: Option<u64>,
    pub counter: Option<u64>,
}

/// Maps a foreign entry's fields onto a generator. `kind` is compared ignoring case; Steam ignores the
/// algorithm, digits and period the file gives (they are fixed).
pub(crate) fn otp_from(f: &Fields<'_>) -> Result<Otp, EntryError> {
    let kind_name = f.kind.to_ascii_lowercase();
    let unsupported = |why| EntryError::Unsupported {
        name: f.kind.to_owned(),
        why,
    };
    match kind_name.as_str() {
        "totp" | "hotp" | "steam" => {}
        "motp" => {
            return Err(unsupported(
                "are not supported (mOTP needs a PIN and MD5; fob has no mOTP generator)",
            ));
        }
        "yandex" => {
            return Err(unsupported(
                "are not supported (Yandex.Key needs a PIN; fob has no Yandex generator)",
            ));
        }
        _ => return Err(unsupported("are not supported (unknown OTP type)")),
    }
    let secret = Secret::from_base32(f.secret.unwrap_or(""))?;
    if kind_name == "steam" {
        return Ok(Otp::steam(secret));
    }
    let algorithm = match f.algorithm {
        None => Algorithm::Sha1,
        Some(a) if a.trim().is_empty() => Algorithm::Sha1,
        Some(a) => a
            .parse()
            .map_err(|_| EntryError::Algorithm(a.chars().take(16).collect()))?,
    };
    let digits = entry::check_digits(f.digits.unwrap_or(u64::from(DEFAULT_DIGITS)))?;
    let kind = if kind_name == "hotp" {
        Kind::Hotp {
            counter: f.counter.unwrap_or(0),
        }
    } else {
        Kind::Totp {
            period: entry::check_period(f.period.unwrap_or(u64::from(DEFAULT_PERIOD)))?,
        }
    };
    Ok(Otp {
        secret,
        kind,
        algorithm,
        digits,
    })
}

/// A candidate from parts, with `origin` = `entry N`.
pub(crate) fn candidate(
    index: usize,
    issuer: &str,
    account: &str,
    otp: Otp,
    extra: Map<String, Value>,
) -> Result<Candidate, EntryError> {
    Ok(Candidate {
        name: Name::new(issuer, account)?,
        otp,
        origin: format!("entry {}", index + 1),
        extra,
    })
}

/// Reads a JSON value as an unsigned number, also from a string of digits (some apps quote numbers).
pub(crate) fn number(v: Option<&Value>, field: &str) -> Result<Option<u64>, EntryError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| EntryError::Field(format!("{field} is not a whole number"))),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| EntryError::Field(format!("{field} is not a number"))),
        Some(_) => Err(EntryError::Field(format!("{field} is not a number"))),
    }
}

/// Reads a JSON value as a string; `null` and absence are `None`.
pub(crate) fn string<'a>(v: Option<&'a Value>, field: &str) -> Result<Option<&'a str>, EntryError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(EntryError::Field(format!("{field} is not a string"))),
    }
}

/// The `extra` map fob keeps Aegis/andOTP notes and groups in (see docs/vault-format.md).
pub(crate) fn extra_of(note: Option<&str>, tags: Vec<String>) -> Map<String, Value> {
    let mut extra = Map::new();
    if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) {
        extra.insert(NOTE_KEY.to_owned(), Value::String(note.to_owned()));
    }
    if !tags.is_empty() {
        extra.insert(
            TAGS_KEY.to_owned(),
            Value::Array(tags.into_iter().map(Value::String).collect()),
        );
    }
    extra
}

/// The key of an entry's free-text note in [`crate::entry::Entry::extra`].
pub const NOTE_KEY: &str = "note";
/// The key of an entry's list of tag (group) names in [`crate::entry::Entry::extra`].
pub const TAGS_KEY: &str = "tags";

/// The note an entry carries in its extra map, if any.
#[must_use]
pub fn note_of(extra: &Map<String, Value>) -> Option<&str> {
    extra.get(NOTE_KEY).and_then(Value::as_str)
}

/// The tags an entry carries in its extra map.
#[must_use]
pub fn tags_of(extra: &Map<String, Value>) -> Vec<&str> {
    extra
        .get(TAGS_KEY)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// AES-256-GCM decryption of `ciphertext‖tag`; `None` when it does not authenticate.
pub(crate) fn open(key: &[u8; 32], nonce: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if nonce.len() != 12 {
        return None;
    }
    let cipher = Aes256Gcm::new(key.into());
    cipher
        .decrypt(Nonce::from_slice(nonce), sealed)
        .ok()
        .map(Zeroizing::new)
}

/// AES-256-GCM encryption with a 12-byte nonce; returns `ciphertext‖tag`.
pub(crate) fn seal(key: &[u8; 32], nonce: &[u8; 12], plain: &[u8]) -> Vec<u8> {
    Aes256Gcm::new(key.into())
        .encrypt(Nonce::from_slice(nonce), plain)
        .expect("AES-GCM encrypts any message shorter than 64 GiB")
}

/// `N` random bytes from the operating system.
///
/// # Panics
/// When the operating system has no randomness to give.
pub(crate) fn random<const N: usize>() -> Zeroizing<[u8; N]> {
    let mut bytes = Zeroizing::new([0u8; N]);
    getrandom::fill(bytes.as_mut()).expect("the operating system's random source failed");
    bytes
}

/// PBKDF2-HMAC-SHA256 to a 32-byte key.
pub(crate) fn pbkdf2_sha256(password: &[u8], salt: &[u8], rounds: u32) -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, key.as_mut());
    key
}

/// PBKDF2-HMAC-SHA1 to a 32-byte key.
pub(crate) fn pbkdf2_sha1(password: &[u8], salt: &[u8], rounds: u32) -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, rounds, key.as_mut());
    key
}

/// Parses JSON text after a UTF-8 byte-order mark, if any.
pub(crate) fn json<T: serde::de::DeserializeOwned>(
    format: &'static str,
    bytes: &[u8],
) -> Result<T, Error> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| Error::json(format, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_map_onto_generators() {
        let f = Fields {
            kind: "HOTP",
            secret: Some("jbsw y3dp ehpk 3pxp"),
            algorithm: Some("SHA512"),
            digits: Some(8),
            counter: Some(7),
            ..Fields::default()
        };
        let otp = otp_from(&f).unwrap();
        assert_eq!(otp.kind, Kind::Hotp { counter: 7 });
        assert_eq!((otp.algorithm, otp.digits), (Algorithm::Sha512, 8));
        let f = Fields {
            kind: "yandex",
            secret: Some("JBSWY3DPEHPK3PXP"),
            ..Fields::default()
        };
        assert!(matches!(otp_from(&f), Err(EntryError::Unsupported { .. })));
        let f = Fields {
            kind: "totp",
            ..Fields::default()
        };
        assert_eq!(
            otp_from(&f).unwrap_err(),
            EntryError::Secret(SecretError::Empty)
        );
        assert_eq!(place(2, "A\nB"), "entry 3 (A B)");
        assert_eq!(place(0, " "), "entry 1");
    }

    #[test]
    fn gcm_round_trip_and_tamper() {
        let key = [7u8; 32];
        let nonce = [1u8; 12];
        let mut sealed = seal(&key, &nonce, b"hello");
        assert_eq!(open(&key, &nonce, &sealed).unwrap().as_slice(), b"hello");
        sealed[0] ^= 1;
        assert!(open(&key, &nonce, &sealed).is_none());
    }
}
