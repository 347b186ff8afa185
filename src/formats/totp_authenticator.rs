//! TOTP Authenticator (`com.authenticator.authservice2`): its backup file and its own preferences
//! (`/data/data/com.authenticator.authservice2/shared_prefs/TOTP_Authenticator_Preferences.xml`, from a
//! rooted phone). Layout as Aegis's importer reads it (facts only).
//!
//! Preferences: Android shared preferences with `STATIC_TOTP_CODES_LIST`, a JSON array of strings, each
//! a JSON object `{name, issuer, key, base}`: the secret `key` in base 16, 32 or 64 as `base` says.
//! Every entry is TOTP, SHA1, 6 digits, 30 s.
//!
//! Backup: base64 text of AES-256-CBC (zero IV, PKCS#7 padding) under SHA-256 of the password; the
//! plaintext is a JSON object whose first key *name* is the same array of strings. A backup made
//! without a password uses the app's built-in one, [`BUILT_IN_PASSWORD`]; fob tries the password given
//! first, then that one, so any password opens such a file. The text has no mark of its own: read it
//! with `--format totp-authenticator`. With no check value, bad padding or text that is not the list
//! is a wrong password.

use aes_gcm::aes::Aes256;
use cbc::cipher::{BlockDecryptMut, KeyIvInit, block_padding::Pkcs7};
use data_encoding::{BASE64, HEXLOWER_PERMISSIVE};
use serde_json::Value;
use sha2::Digest;
use zeroize::Zeroizing;

use super::{Candidate, EntryError, Error, Parsed, Reader, android_prefs, json};
use crate::entry::{Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, Kind, Otp};
use crate::secret::Secret;

const FORMAT: &str = "TOTP Authenticator";
const PREF_KEY: &str = "STATIC_TOTP_CODES_LIST";
/// The password the app encrypts a backup with when the user sets none.
pub const BUILT_IN_PASSWORD: &[u8] = b"TotpAuthenticator";

/// How `import` finds and reads TOTP Authenticator files: its preferences are recognised by their key;
/// a backup (base64 text) only with `--format`.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, bytes, _| {
        android_prefs::looks_like(bytes)
            && bytes
                .windows(PREF_KEY.len())
                .any(|w| w == PREF_KEY.as_bytes())
    },
    is_encrypted: |bytes| !android_prefs::looks_like(bytes),
    read: |bytes, password| {
        if android_prefs::looks_like(bytes) {
            parse_preferences(bytes)
        } else {
            parse_backup(bytes, password.unwrap_or(BUILT_IN_PASSWORD))
        }
    },
};

/// Reads the app's preferences file.
pub fn parse_preferences(bytes: &[u8]) -> Result<Parsed, Error> {
    let list = android_prefs::strings(FORMAT, bytes)?
        .into_iter()
        .find(|(k, _)| k == PREF_KEY)
        .map(|(_, v)| Zeroizing::new(v))
        .ok_or_else(|| {
            Error::Malformed(format!(
                "no {PREF_KEY}: not TOTP Authenticator's preferences"
            ))
        })?;
    let items: Vec<Value> = json::parse(FORMAT, list.as_bytes())?;
    Ok(entries(&items))
}

/// Reads a backup: base64 text, encrypted with `password` or, failing that, the built-in one.
pub fn parse_backup(bytes: &[u8], password: &[u8]) -> Result<Parsed, Error> {
    let text: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let sealed = Zeroizing::new(BASE64.decode(&text).map_err(|_| {
        Error::Malformed("not a TOTP Authenticator backup (not base64 text)".into())
    })?);
    if sealed.is_empty() || !sealed.len().is_multiple_of(16) {
        return Err(Error::Malformed(
            "not a whole number of AES blocks: the TOTP Authenticator backup is cut short".into(),
        ));
    }
    let items = open(&sealed, password)
        .or_else(|| open(&sealed, BUILT_IN_PASSWORD))
        .ok_or(Error::WrongPassword)?;
    Ok(entries(&items))
}

/// The list inside a backup, when `password` opens it.
fn open(sealed: &[u8], password: &[u8]) -> Option<Vec<Value>> {
    let key = Zeroizing::new(<[u8; 32]>::from(sha2::Sha256::digest(password)));
    let mut buffer = Zeroizing::new(sealed.to_vec());
    let plain = cbc::Decryptor::<Aes256>::new_from_slices(key.as_slice(), &[0u8; 16])
        .expect("a 32-byte key and a 16-byte IV")
        .decrypt_padded_mut::<Pkcs7>(&mut buffer)
        .ok()?;
    let doc: serde_json::Map<String, Value> = serde_json::from_slice(plain).ok()?;
    // The list is the first key's name, not its value.
    doc.keys()
        .find_map(|k| serde_json::from_str::<Vec<Value>>(k).ok())
}

/// Each item is a string holding a JSON object.
fn entries(items: &[Value]) -> Parsed {
    let mut out = Parsed::default();
    for (i, item) in items.iter().enumerate() {
        let obj = item
            .as_str()
            .and_then(|s| serde_json::from_str::<Value>(s).ok())
            .filter(Value::is_object);
        let Some(obj) = obj else {
            out.push(
                i,
                "",
                Err(EntryError::Field(
                    "the entry is not a JSON object in a string".into(),
                )),
            );
            continue;
        };
        let get = |k| obj.get(k).and_then(Value::as_str).unwrap_or("");
        let label = json::label(get("issuer"), get("name"));
        out.push(i, &label, entry(i, &obj));
    }
    out
}

fn entry(i: usize, e: &Value) -> Result<Candidate, EntryError> {
    let key = Zeroizing::new(json::string(e.get("key"), "key")?.unwrap_or("").to_owned());
    let secret = match json::number(e.get("base"), "base")? {
        Some(16) => Secret::from_bytes(
            HEXLOWER_PERMISSIVE
                .decode(key.trim().as_bytes())
                .map_err(|_| EntryError::Field("the key is not hex (base 16)".into()))?,
        )?,
        Some(32) | None => Secret::from_base32(&key)?,
        Some(64) => Secret::from_bytes(
            BASE64
                .decode(key.trim().as_bytes())
                .map_err(|_| EntryError::Field("the key is not base64".into()))?,
        )?,
        Some(other) => {
            return Err(EntryError::Field(format!(
                "the key is in base {other} (fob reads 16, 32 and 64)"
            )));
        }
    };
    let otp = Otp {
        secret,
        kind: Kind::Totp {
            period: DEFAULT_PERIOD,
        },
        algorithm: Algorithm::Sha1,
        digits: DEFAULT_DIGITS,
    };
    let issuer = json::string(e.get("issuer"), "issuer")?.unwrap_or("");
    let name = json::string(e.get("name"), "name")?.unwrap_or("");
    json::candidate(i, issuer, name, otp, serde_json::Map::new())
}
