//! andOTP backups: the plain JSON array (`otp_accounts.json`) and the encrypted `.json.aes`, in the
//! layout of andOTP 0.6.3 and later and in the one before it.
//!
//! Plain: an array of `{secret, issuer, label, digits, type, algorithm, period | counter, tags}`; type is
//! TOTP, HOTP, STEAM (no period: 30 s) or MOTP (unsupported). Tags are kept in the entry's extra map.
//! Entries written before andOTP had an `issuer` field name the site in the label, `Issuer - account`;
//! without an `issuer` field the label is split there.
//!
//! Encrypted (0.6.3 and later): `[iterations: u32 big-endian][salt: 12][iv: 12][ciphertext‖tag: 16]`,
//! key PBKDF2-HMAC-SHA1(password, salt, iterations, 256 bits), AES-GCM. The iteration count comes from
//! the file and is capped at [`MAX_ITERATIONS`].
//! Encrypted (before 0.6.3): `[iv: 12][ciphertext‖tag: 16]`, key SHA-256(password). The bytes do not
//! say which layout a file has: the current one is tried when the first four bytes are an iteration
//! count within the cap, then the old one (a hash, no work to cap). GCM cannot tell a wrong password
//! from a changed file here (there is no separate check value), so both read as a wrong password.
//!
//! fob writes the plain JSON array only, tags included.

use serde_json::{Value, json};
use sha2::Digest;
use zeroize::Zeroizing;

use super::json::{self, Fields};
use super::{Candidate, EntryError, Error, Parsed, Reader, crypto};
use crate::entry::{Entry, Kind};

/// The most PBKDF2 iterations accepted from a file (andOTP writes 140,000–160,000): a hostile count
/// must not keep fob busy for seconds before it can say the password is wrong (found by fuzzing).
pub const MAX_ITERATIONS: u32 = 1_000_000;
/// Length of the header: iterations, salt, IV.
pub const HEADER_LEN: usize = 4 + SALT_LEN + IV_LEN;
/// Salt length.
pub const SALT_LEN: usize = 12;
/// IV length.
pub const IV_LEN: usize = 12;
/// Length of the header of a backup from before andOTP 0.6.3: the IV alone.
pub const OLD_HEADER_LEN: usize = IV_LEN;

const FORMAT: &str = "andOTP";

/// How `import` finds and reads andOTP backups. The encrypted backup has no header to recognise it by,
/// so binary data in a file whose name ends in `.aes` is taken for one.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |file, bytes, doc| {
        doc.is_some_and(has_shape)
            || (has_aes_extension(file) && std::str::from_utf8(bytes).is_err())
    },
    is_encrypted: |bytes| !looks_plain(bytes),
    read: |bytes, password| {
        if looks_plain(bytes) {
            parse(bytes)
        } else {
            parse_encrypted(bytes, password.ok_or(Error::PasswordNeeded)?)
        }
    },
};

/// A plain backup is a JSON array whose entries have `secret` and `type` (an empty array counts).
fn has_shape(doc: &Value) -> bool {
    doc.as_array().is_some_and(|items| {
        items
            .first()
            .is_none_or(|e| e.get("secret").is_some() && e.get("type").is_some())
    })
}

fn has_aes_extension(file: &str) -> bool {
    std::path::Path::new(file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("aes"))
}

/// Whether the bytes look like a plain andOTP backup: a JSON array whose entries have `secret` and
/// `type` (an empty array counts).
#[must_use]
pub fn looks_plain(bytes: &[u8]) -> bool {
    json::parse::<Value>(FORMAT, bytes).is_ok_and(|doc| has_shape(&doc))
}

/// Reads a plain backup.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let items: Vec<Value> = json::parse(FORMAT, bytes)?;
    let mut out = Parsed::default();
    for (i, e) in items.iter().enumerate() {
        let get = |k| e.get(k).and_then(Value::as_str).unwrap_or("");
        let label = json::label(get("issuer"), get("label"));
        out.push(i, &label, entry(i, e));
    }
    Ok(out)
}

/// Reads an encrypted `.json.aes` backup, of either layout.
pub fn parse_encrypted(bytes: &[u8], password: &[u8]) -> Result<Parsed, Error> {
    if bytes.len() < OLD_HEADER_LEN + 16 {
        return Err(Error::Malformed(
            "too short for an encrypted andOTP backup".into(),
        ));
    }
    let iterations = u32::from_be_bytes(bytes[..4].try_into().expect("4 bytes"));
    if (1..=MAX_ITERATIONS).contains(&iterations) && bytes.len() >= HEADER_LEN + 16 {
        let salt = &bytes[4..4 + SALT_LEN];
        let iv = &bytes[4 + SALT_LEN..HEADER_LEN];
        let key = pbkdf2_sha1(password, salt, iterations);
        if let Some(plain) = crypto::open(&key, iv, &bytes[HEADER_LEN..]) {
            return parse(&plain);
        }
    }
    // Before 0.6.3: the IV first, the key a plain hash of the password.
    let key = Zeroizing::new(<[u8; 32]>::from(sha2::Sha256::digest(password)));
    let plain = crypto::open(&key, &bytes[..IV_LEN], &bytes[OLD_HEADER_LEN..])
        .ok_or(Error::WrongPassword)?;
    parse(&plain)
}

/// PBKDF2-HMAC-SHA1 to a 32-byte key.
fn pbkdf2_sha1(password: &[u8], salt: &[u8], rounds: u32) -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, rounds, key.as_mut());
    key
}

fn entry(i: usize, e: &Value) -> Result<Candidate, EntryError> {
    if !e.is_object() {
        return Err(EntryError::Field("the entry is not an object".into()));
    }
    let otp = json::otp_from(&Fields {
        kind: json::string(e.get("type"), "type")?.unwrap_or("TOTP"),
        secret: json::string(e.get("secret"), "secret")?,
        algorithm: json::string(e.get("algorithm"), "algorithm")?,
        digits: json::number(e.get("digits"), "digits")?,
        period: json::number(e.get("period"), "period")?,
        counter: json::number(e.get("counter"), "counter")?,
    })?;
    let label = json::string(e.get("label"), "label")?.unwrap_or("");
    let (issuer, label) = match json::string(e.get("issuer"), "issuer")? {
        Some(issuer) => (issuer, label),
        None if e.get("issuer").is_none() => label.split_once(" - ").unwrap_or(("", label)),
        None => ("", label),
    };
    let tags = match e.get("tags") {
        Some(Value::Array(t)) => t
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| !t.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    json::candidate(i, issuer, label, otp, json::extra_of(None, tags))
}

// ---------- writing ----------

/// A plain andOTP backup of `entries`.
#[must_use]
pub fn plain(entries: &[&Entry]) -> Zeroizing<Vec<u8>> {
    let list: Vec<Value> = entries
        .iter()
        .map(|e| {
            let mut v = json!({
                "secret": e.otp.secret.base32().as_str(),
                "issuer": e.name.issuer,
                "label": e.name.account,
                "digits": e.otp.digits,
                "type": e.otp.kind.name().to_ascii_uppercase(),
                "algorithm": e.otp.algorithm.as_str(),
                "thumbnail": "Default",
                "last_used": 0,
                "used_frequency": 0,
                "tags": json::tags_of(&e.extra),
            });
            match e.otp.kind {
                Kind::Totp { period } => v["period"] = json!(period),
                Kind::Hotp { counter } => v["counter"] = json!(counter),
                Kind::Steam => {}
            }
            v
        })
        .collect();
    let mut out = Zeroizing::new(serde_json::to_vec_pretty(&list).expect("JSON values serialise"));
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Kind;

    #[test]
    fn plain_backup_with_steam_and_motp() {
        let doc = serde_json::json!([
            {"secret": "JBSWY3DPEHPK3PXP====", "issuer": "Valve", "label": "me", "digits": 5, "type": "STEAM",
             "algorithm": "SHA1", "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "tags": ["games"]},
            {"secret": "JBSWY3DPEHPK3PXP", "issuer": "M", "label": "x", "digits": 6, "type": "MOTP", "algorithm": "MD5"}
        ]);
        let bytes = doc.to_string();
        assert!(looks_plain(bytes.as_bytes()));
        let got = parse(bytes.as_bytes()).unwrap();
        assert_eq!(got.candidates[0].otp.kind, Kind::Steam);
        assert_eq!(
            got.candidates[0].extra["tags"],
            serde_json::json!(["games"])
        );
        assert!(
            got.problems[0]
                .to_string()
                .starts_with("entry 2 (M:x): MOTP")
        );
    }

    #[test]
    fn encrypted_iterations_are_capped() {
        // Beyond the cap no PBKDF2 runs (it would not end): the bytes are tried as an old backup only.
        let mut bytes = vec![0xff, 0xff, 0xff, 0xff];
        bytes.extend([0u8; 60]);
        assert_eq!(
            parse_encrypted(&bytes, b"pw").unwrap_err(),
            Error::WrongPassword
        );
    }
}
