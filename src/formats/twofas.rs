//! 2FAS Authenticator backups (`.2fas`), schema versions 1 to 4, plain and password-encrypted.
//!
//! Plain: `services[]`, each with `secret` and an `otp` object (`issuer`, `account`, `digits`, `period`,
//! `counter`, `algorithm`, `tokenType`). A missing `algorithm` means SHA1 and a missing `tokenType` TOTP;
//! `groups` is tolerated (a service's `groupId`, when present, becomes a tag).
//!
//! Encrypted: `services` is empty and `servicesEncrypted` is `b64(ciphertext‖tag):b64(salt):b64(iv)`.
//! The key is PBKDF2-HMAC-SHA256 of the password, 10,000 rounds, 256 bits; the cipher AES-GCM.
//! `reference` has the same layout and encrypts a fixed text under the same key, so a password that does
//! not open it is wrong, while a `servicesEncrypted` that does not authenticate after it was opened is
//! damaged or changed.

use data_encoding::BASE64;
use serde::Deserialize;
use serde_json::Value;
use zeroize::Zeroizing;

use super::json::{self, Fields};
use super::{Candidate, EntryError, Error, Parsed, Reader, crypto};

/// The newest schema version fob reads.
pub const MAX_SCHEMA_VERSION: u64 = 4;
/// PBKDF2 rounds of 2FAS encrypted backups.
pub const PBKDF2_ROUNDS: u32 = 10_000;

const FORMAT: &str = "2FAS";

/// How `import` finds and reads 2FAS backups.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, _, doc| doc.is_some_and(has_shape),
    is_encrypted,
    read: parse,
};

/// A 2FAS backup is a JSON object with `schemaVersion` and `services` (or `servicesEncrypted`).
fn has_shape(doc: &Value) -> bool {
    doc.as_object().is_some_and(|o| {
        o.contains_key("schemaVersion")
            && (o.contains_key("services") || o.contains_key("servicesEncrypted"))
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    #[serde(default)]
    services: Vec<Value>,
    #[serde(default)]
    groups: Vec<Value>,
    schema_version: u64,
    services_encrypted: Option<String>,
    reference: Option<String>,
}

/// Whether the bytes are an encrypted 2FAS backup.
#[must_use]
pub fn is_encrypted(bytes: &[u8]) -> bool {
    json::parse::<File>(FORMAT, bytes).is_ok_and(|f| f.services_encrypted.is_some())
}

/// Reads a 2FAS backup. `password` is needed only for an encrypted one.
pub fn parse(bytes: &[u8], password: Option<&[u8]>) -> Result<Parsed, Error> {
    let file: File = json::parse(FORMAT, bytes)?;
    if file.schema_version > MAX_SCHEMA_VERSION || file.schema_version == 0 {
        return Err(Error::UnknownVersion {
            what: "2FAS schema",
            version: file.schema_version,
            max: MAX_SCHEMA_VERSION,
        });
    }
    let decrypted: Vec<Value>;
    let services = match &file.services_encrypted {
        None => &file.services,
        Some(blob) => {
            let password = password.ok_or(Error::PasswordNeeded)?;
            let (sealed, salt, iv) = split(blob, "servicesEncrypted")?;
            let key = pbkdf2_sha256(password, &salt, PBKDF2_ROUNDS);
            let checked = match &file.reference {
                Some(reference) => {
                    let (r_sealed, _, r_iv) = split(reference, "reference")?;
                    crypto::open(&key, &r_iv, &r_sealed).ok_or(Error::WrongPassword)?;
                    true
                }
                None => false,
            };
            let plain = crypto::open(&key, &iv, &sealed).ok_or(if checked {
                Error::Tampered
            } else {
                Error::WrongPassword
            })?;
            decrypted = json::parse(FORMAT, &plain)?;
            &decrypted
        }
    };
    let group_name = |id: &str| -> Option<String> {
        file.groups.iter().find_map(|g| {
            (g.get("id").and_then(Value::as_str) == Some(id))
                .then(|| g.get("name").and_then(Value::as_str).map(str::to_owned))
                .flatten()
        })
    };
    let mut out = Parsed::default();
    for (i, s) in services.iter().enumerate() {
        let label = service_label(s);
        out.push(i, &label, service(i, s, &group_name));
    }
    Ok(out)
}

/// PBKDF2-HMAC-SHA256 to a 32-byte key.
pub(crate) fn pbkdf2_sha256(password: &[u8], salt: &[u8], rounds: u32) -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, key.as_mut());
    key
}

/// Sealed data, salt and IV of one `b64:b64:b64` blob.
type Blob = (Zeroizing<Vec<u8>>, Vec<u8>, Vec<u8>);

/// Splits `b64:b64:b64` into its three parts.
fn split(blob: &str, field: &str) -> Result<Blob, Error> {
    let parts: Vec<&str> = blob.trim().split(':').collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(Error::Malformed(format!(
            "{field} is not three base64 parts separated by colons"
        )));
    };
    let decode = |s: &str| {
        BASE64
            .decode(s.as_bytes())
            .map_err(|_| Error::Malformed(format!("{field} is not base64")))
    };
    Ok((Zeroizing::new(decode(a)?), decode(b)?, decode(c)?))
}

fn otp_field<'a>(s: &'a Value, key: &str) -> Option<&'a Value> {
    s.get("otp").and_then(|o| o.get(key))
}

fn service_label(s: &Value) -> String {
    let get = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_owned();
    let issuer = get(otp_field(s, "issuer"));
    let issuer = if issuer.trim().is_empty() {
        get(s.get("name"))
    } else {
        issuer
    };
    json::label(&issuer, &get(otp_field(s, "account")))
}

fn service(
    i: usize,
    s: &Value,
    group_name: &dyn Fn(&str) -> Option<String>,
) -> Result<Candidate, EntryError> {
    if !s.is_object() {
        return Err(EntryError::Field("the service is not an object".into()));
    }
    let kind = json::string(otp_field(s, "tokenType"), "tokenType")?.unwrap_or("TOTP");
    let otp = json::otp_from(&Fields {
        kind,
        secret: json::string(s.get("secret"), "secret")?,
        algorithm: json::string(otp_field(s, "algorithm"), "algorithm")?,
        digits: json::number(otp_field(s, "digits"), "digits")?,
        period: json::number(otp_field(s, "period"), "period")?,
        counter: json::number(otp_field(s, "counter"), "counter")?,
    })?;
    let account = json::string(otp_field(s, "account"), "account")?.unwrap_or("");
    // The service name stands in for a missing issuer, unless it only repeats the account (what 2FAS
    // and fob write for an entry with no issuer).
    let issuer = json::string(otp_field(s, "issuer"), "issuer")?
        .filter(|i| !i.trim().is_empty())
        .or(json::string(s.get("name"), "name")?.filter(|n| n.trim() != account.trim()))
        .unwrap_or("");
    let tags: Vec<String> = json::string(s.get("groupId"), "groupId")?
        .and_then(group_name)
        .into_iter()
        .collect();
    json::candidate(i, issuer, account, otp, json::extra_of(None, tags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Algorithm, Kind};

    #[test]
    fn missing_algorithm_is_sha1_and_groups_are_tolerated() {
        let doc = serde_json::json!({
            "services": [
                {"name": "GitHub", "secret": "JBSWY3DPEHPK3PXP", "groupId": "g",
                 "otp": {"account": "alice", "digits": 6, "period": 30, "tokenType": "TOTP"}},
                {"name": "Steam", "secret": "JBSWY3DPEHPK3PXP", "otp": {"tokenType": "STEAM", "account": "s"}}
            ],
            "groups": [{"id": "g", "name": "Dev", "isExpanded": true}],
            "schemaVersion": 4
        });
        let got = parse(doc.to_string().as_bytes(), None).unwrap();
        assert!(got.problems.is_empty());
        assert_eq!(got.candidates[0].otp.algorithm, Algorithm::Sha1);
        assert_eq!(got.candidates[0].name.to_string(), "GitHub:alice");
        assert_eq!(got.candidates[0].extra["tags"], serde_json::json!(["Dev"]));
        assert_eq!(got.candidates[1].otp.kind, Kind::Steam);
        let v5 = r#"{"services": [], "schemaVersion": 5}"#;
        assert!(matches!(
            parse(v5.as_bytes(), None),
            Err(Error::UnknownVersion { version: 5, .. })
        ));
    }
}
