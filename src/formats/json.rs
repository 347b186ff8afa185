//! Reading the loosely typed JSON other apps write: strings and numbers that may be missing, null or
//! quoted, and the mapping of an entry's fields onto an [`Otp`], shared by every JSON format's reader.
//! Also the two keys under which imported notes and groups are kept in an entry's extra map, which the
//! writers read back. Errors never carry a secret.

use serde_json::{Map, Value};

use super::{Candidate, EntryError, Error};
use crate::entry::{self, Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, Kind, Name, Otp};
use crate::secret::Secret;

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

/// Parses JSON text after a UTF-8 byte-order mark, if any.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    format: &'static str,
    bytes: &[u8],
) -> Result<T, Error> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| Error::json(format, &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SecretError;

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
}
