//! Writing 2FAS `.2fas` backups (schema version 4), plain or encrypted, in the layout
//! [`crate::formats::twofas`] reads. Tags become 2FAS groups.

use data_encoding::BASE64;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::entry::{Entry, EntryId, Kind};
use crate::formats::twofas::PBKDF2_ROUNDS;
use crate::formats::{crypto, json};

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
    let key = crate::formats::twofas::pbkdf2_sha256(password, salt.as_ref(), PBKDF2_ROUNDS);
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
                "link": crate::formats::otpauth::format(&e.name, &e.otp).as_str(),
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
