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
//!
//! Written as schema version 4, plain or encrypted; an entry's first tag becomes its 2FAS group.

use data_encoding::BASE64;
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::json::{self, Fields};
use super::{Candidate, EntryError, Error, Parsed, Reader, crypto, otpauth};
use crate::entry::{Entry, EntryId, Kind};

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
fn pbkdf2_sha256(password: &[u8], salt: &[u8], rounds: u32) -> Zeroizing<[u8; 32]> {
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

// ---------- writing ----------

/// The schema version written.
pub const SCHEMA_VERSION: u64 = 4;

/// The text the `reference` blob encrypts so that a reader can tell a wrong password apart. 2FAS's own
/// constant is not reproduced here; readers (fob, Aegis) only check that it decrypts.
pub const REFERENCE: &str = "fob 2FAS backup reference: this text checks the password";

/// A plain 2FAS backup of `entries`.
#[must_use]
pub fn plain(entries: &[&Entry], now_ms: i64) -> Zeroizing<Vec<u8>> {
    let (services, groups) = services(entries, now_ms);
    to_bytes(&document(&services, &groups, now_ms, None))
}

/// A 2FAS backup of `entries` encrypted under `password`.
#[must_use]
pub fn encrypted(entries: &[&Entry], password: &[u8], now_ms: i64) -> Zeroizing<Vec<u8>> {
    let (services, groups) = services(entries, now_ms);
    let plain = Zeroizing::new(serde_json::to_vec(&services).expect("JSON values serialise"));
    let salt = crypto::random::<32>();
    let key = pbkdf2_sha256(password, salt.as_ref(), PBKDF2_ROUNDS);
    let blob = |text: &[u8]| {
        let iv = crypto::random::<12>();
        let sealed = crypto::seal(&key, &iv, text);
        format!(
            "{}:{}:{}",
            BASE64.encode(&sealed),
            BASE64.encode(salt.as_ref()),
            BASE64.encode(iv.as_ref())
        )
    };
    let encrypted = (blob(&plain), blob(REFERENCE.as_bytes()));
    to_bytes(&document(&[], &groups, now_ms, Some(encrypted)))
}

fn document(
    services: &[Value],
    groups: &[Value],
    now_ms: i64,
    encrypted: Option<(String, String)>,
) -> Value {
    let mut doc = json!({
        "services": services,
        "groups": groups,
        "updatedAt": now_ms,
        "schemaVersion": SCHEMA_VERSION,
        "appVersionCode": 0,
        "appVersionName": concat!("fob ", env!("CARGO_PKG_VERSION")),
        "appOrigin": "android",
    });
    if let Some((services, reference)) = encrypted {
        doc["servicesEncrypted"] = Value::String(services);
        doc["reference"] = Value::String(reference);
    }
    doc
}

fn to_bytes(doc: &Value) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(serde_json::to_vec_pretty(doc).expect("JSON values serialise"));
    out.push(b'\n');
    out
}

fn services(entries: &[&Entry], now_ms: i64) -> (Vec<Value>, Vec<Value>) {
    let mut groups: Vec<(String, String)> = Vec::new();
    let services = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let name = if e.name.issuer.is_empty() {
                &e.name.account
            } else {
                &e.name.issuer
            };
            let token_type = match e.otp.kind {
                Kind::Totp { .. } => "TOTP",
                Kind::Hotp { .. } => "HOTP",
                Kind::Steam => "STEAM",
            };
            let mut otp = json!({
                "link": otpauth::format(&e.name, &e.otp).as_str(),
                "label": e.name.to_string(),
                "account": e.name.account,
                "issuer": e.name.issuer,
                "digits": e.otp.digits,
                "algorithm": e.otp.algorithm.as_str(),
                "tokenType": token_type,
                "source": "Link",
            });
            match e.otp.kind {
                Kind::Hotp { counter } => otp["counter"] = json!(counter),
                kind => otp["period"] = json!(kind.period()),
            }
            let mut service = json!({
                "name": name,
                "secret": e.otp.secret.base32().as_str(),
                "updatedAt": now_ms,
                "otp": otp,
                "order": {"position": i},
            });
            if let Some(tag) = json::tags_of(&e.extra).first() {
                let id = if let Some((id, _)) = groups.iter().find(|(_, n)| n == tag) {
                    id.clone()
                } else {
                    let id = EntryId::random().to_string();
                    groups.push((id.clone(), (*tag).to_owned()));
                    id
                };
                service["groupId"] = Value::String(id);
            }
            service
        })
        .collect();
    let groups = groups
        .into_iter()
        .map(|(id, name)| json!({"id": id, "name": name, "isExpanded": true, "updatedAt": now_ms}))
        .collect();
    (services, groups)
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
