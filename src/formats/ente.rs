//! Ente Auth exports. The plain export (Settings → Data → Export codes → Plain text) is one
//! `otpauth://` URI a line, read as a URI list ([`super::otpauth`]). The encrypted export (and the
//! app's automatic encrypted backups) is JSON, from the app's source (`models/export/ente.dart`, the
//! export code under `ui/settings/data/`, and Ente's CLI `pkg/authenticator/decrypt.go`):
//!
//! `{"version": 1, "kdfParams": {"memLimit", "opsLimit", "salt"}, "encryptedData", "encryptionNonce"}`
//!
//! - the key is libsodium's `crypto_pwhash` Argon2id (v1.3): `opsLimit` passes over `memLimit` bytes
//!   (given to the argon2 crate in KiB), one lane, 32 bytes, with the base64 `salt`;
//! - `encryptedData` (base64) is one message of libsodium's XChaCha20-Poly1305 secret stream
//!   (`secretstream`) whose 24-byte header is `encryptionNonce` (base64); its tag is "final"
//!   (or, from newer libsodium builds, "message", as Ente's CLI accepts too);
//! - the text is the plain export: URIs one a line.
//!
//! The app derives its key with libsodium's "sensitive" strength, 1 GiB × 4 passes, trading memory
//! for passes on small phones (256 MiB × 16 first, then halving the memory and doubling the passes),
//! so memory × passes is 4 GiB at most. fob refuses more than that, and more than 1 GiB of memory,
//! before any work. The MAC is the only check: a wrong password and changed data read the same.

use data_encoding::BASE64;
use serde_json::Value;
use zeroize::Zeroizing;

use super::secretstream::{self, HEADER_LEN, TAG_FINAL, TAG_MESSAGE};
use super::{Error, Parsed, Reader, otpauth};

const FORMAT: &str = "Ente Auth";
/// The newest export version fob reads.
const VERSION: u64 = 1;
/// libsodium's `crypto_pwhash_MEMLIMIT_SENSITIVE`: the most memory Ente asks for.
pub const MAX_MEMORY_BYTES: u64 = 1 << 30;
/// Memory × passes of libsodium's sensitive strength, which Ente keeps whatever the memory.
pub const MAX_WORK: u64 = 4 << 30;

/// How `import` recognises an Ente export: the encrypted JSON by its fields. The plain export is a
/// URI list and is read as one without `--format`.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, _, doc| doc.is_some_and(has_shape),
    is_encrypted: |bytes| super::json::parse::<Value>(FORMAT, bytes).is_ok_and(|d| has_shape(&d)),
    read: parse,
};

fn has_shape(doc: &Value) -> bool {
    doc.get("kdfParams").is_some() && doc.get("encryptedData").is_some()
}

/// Reads an Ente export: the encrypted JSON with its password, or a plain export (a URI list).
pub fn parse(bytes: &[u8], password: Option<&[u8]>) -> Result<Parsed, Error> {
    let Ok(doc) = super::json::parse::<Value>(FORMAT, bytes) else {
        return (otpauth::READER.read)(bytes, None);
    };
    if !has_shape(&doc) {
        return Err(Error::Malformed(
            "not an Ente Auth export (JSON, but not Ente's encrypted export)".into(),
        ));
    }
    let plain = decrypt(&doc, password.ok_or(Error::PasswordNeeded)?)?;
    (otpauth::READER.read)(&plain, None)
}

/// The export's text, once the password opens it.
fn decrypt(doc: &Value, password: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let version = number(doc, "version")?;
    if version != VERSION {
        return Err(Error::UnknownVersion {
            what: "Ente Auth export",
            version,
            max: VERSION,
        });
    }
    let kdf = &doc["kdfParams"];
    let memory = number(kdf, "memLimit")?;
    let passes = number(kdf, "opsLimit")?;
    check_cost(memory, passes)?;
    let salt = base64(kdf, "salt")?;
    let header: [u8; HEADER_LEN] =
        base64(doc, "encryptionNonce")?
            .try_into()
            .map_err(|h: Vec<u8>| {
                Error::Malformed(format!(
                    "encryptionNonce is {} bytes; a secret stream header is {HEADER_LEN}",
                    h.len()
                ))
            })?;
    let sealed = base64(doc, "encryptedData")?;
    if sealed.len() < secretstream::OVERHEAD {
        return Err(Error::Malformed(
            "encryptedData is too short to hold an encrypted message".into(),
        ));
    }
    // Both fit in u32 once `check_cost` has passed them; libsodium's memory is in bytes, one lane.
    let key = super::crypto::argon2id(password, &salt, (memory / 1024) as u32, passes as u32, 1)?;
    match secretstream::open_first(&key, &header, &sealed) {
        Some((TAG_FINAL | TAG_MESSAGE, plain)) => Ok(plain),
        Some(_) => Err(Error::Malformed(
            "the encrypted data continues past its first part, which Ente does not write".into(),
        )),
        None => Err(Error::WrongPassword),
    }
}

/// Refuses key-derivation costs beyond what Ente itself asks for, before any work.
fn check_cost(memory: u64, passes: u64) -> Result<(), Error> {
    if memory > MAX_MEMORY_BYTES || memory.saturating_mul(passes) > MAX_WORK {
        return Err(Error::TooCostly(format!(
            "Argon2 memLimit {memory} bytes × opsLimit {passes} is beyond fob's limits (at most \
             {} MiB, and memory × passes at most {} GiB, what Ente writes)",
            MAX_MEMORY_BYTES >> 20,
            MAX_WORK >> 30
        )));
    }
    Ok(())
}

fn number(doc: &Value, field: &str) -> Result<u64, Error> {
    doc.get(field)
        .and_then(Value::as_u64)
        .ok_or_else(|| Error::Malformed(format!("{field} is missing or not a whole number")))
}

fn base64(doc: &Value, field: &str) -> Result<Vec<u8>, Error> {
    doc.get(field)
        .and_then(Value::as_str)
        .and_then(|s| BASE64.decode(s.trim().as_bytes()).ok())
        .ok_or_else(|| Error::Malformed(format!("{field} is missing or not base64")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_exports_are_uri_lists() {
        let plain = parse(
            b"otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\n",
            None,
        )
        .unwrap();
        assert_eq!(plain.candidates[0].name.to_string(), "GitHub:alice");
    }

    #[test]
    fn costs_are_capped_before_any_work() {
        assert!(check_cost(256 << 20, 16).is_ok());
        assert!(check_cost(8192, 524_288).is_ok());
        assert!(matches!(check_cost(2 << 30, 1), Err(Error::TooCostly(_))));
        assert!(matches!(
            check_cost(256 << 20, 17),
            Err(Error::TooCostly(_))
        ));
        assert!(matches!(check_cost(1, u64::MAX), Err(Error::TooCostly(_))));
        let doc = br#"{"version":1,"kdfParams":{"memLimit":1073741824,"opsLimit":5,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="},"encryptedData":"AA==","encryptionNonce":"AA=="}"#;
        assert!(matches!(parse(doc, Some(b"x")), Err(Error::TooCostly(_))));
        let doc = br#"{"version":2,"kdfParams":{},"encryptedData":"","encryptionNonce":""}"#;
        assert!(matches!(
            parse(doc, Some(b"x")),
            Err(Error::UnknownVersion { version: 2, .. })
        ));
    }
}
