//! Writing Aegis vault files: plain (`slots` and `params` null, `db` an object) or encrypted with one
//! password slot, as Aegis itself writes them (see [`crate::formats::aegis`] for the layout). Notes and
//! tags kept in an entry's extra map become the Aegis note and groups.

use data_encoding::{BASE64, HEXLOWER};
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::entry::{Entry, EntryId, Kind};
use crate::formats::{crypto, json};

/// Aegis's own scrypt cost: N = 2^15, r = 8, p = 1.
pub const SCRYPT_LOG_N: u8 = 15;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;

/// A plain Aegis vault of `entries`: JSON holding the secrets in clear.
#[must_use]
pub fn plain(entries: &[&Entry]) -> Zeroizing<Vec<u8>> {
    let doc = json!({
        "version": 1,
        "header": {"slots": null, "params": null},
        "db": database(entries),
    });
    to_bytes(&doc)
}

/// An Aegis vault of `entries` encrypted under `password` with Aegis's default scrypt cost.
#[must_use]
pub fn encrypted(entries: &[&Entry], password: &[u8]) -> Zeroizing<Vec<u8>> {
    encrypted_with_cost(entries, password, SCRYPT_LOG_N)
}

/// [`encrypted`] with scrypt N = 2^`log_n` (tests use a small cost).
///
/// # Panics
/// When `log_n` is not a valid scrypt cost or the operating system has no randomness.
#[must_use]
pub fn encrypted_with_cost(entries: &[&Entry], password: &[u8], log_n: u8) -> Zeroizing<Vec<u8>> {
    let master = crypto::random::<32>();
    let salt = crypto::random::<32>();
    let params = scrypt::Params::new(log_n, SCRYPT_R, SCRYPT_P, 32).expect("valid scrypt cost");
    let mut slot_key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(password, salt.as_ref(), &params, slot_key.as_mut())
        .expect("32 bytes is a valid scrypt output length");
    let slot_nonce = crypto::random::<12>();
    let wrapped = Zeroizing::new(crypto::seal(&slot_key, &slot_nonce, master.as_ref()));
    let (wrapped_key, wrapped_tag) = wrapped.split_at(wrapped.len() - 16);

    let plain_db = to_bytes(&database(entries));
    let db_nonce = crypto::random::<12>();
    let sealed = crypto::seal(&master, &db_nonce, &plain_db);
    let (ciphertext, tag) = sealed.split_at(sealed.len() - 16);
    let doc = json!({
        "version": 1,
        "header": {
            "slots": [{
                "type": 1,
                "uuid": EntryId::random().as_str(),
                "key": HEXLOWER.encode(wrapped_key),
                "key_params": {"nonce": HEXLOWER.encode(slot_nonce.as_ref()), "tag": HEXLOWER.encode(wrapped_tag)},
                "n": 1u64 << log_n,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
                "salt": HEXLOWER.encode(salt.as_ref()),
                "repaired": true,
                "is_backup": false,
            }],
            "params": {"nonce": HEXLOWER.encode(db_nonce.as_ref()), "tag": HEXLOWER.encode(tag)},
        },
        "db": BASE64.encode(ciphertext),
    });
    to_bytes(&doc)
}

fn to_bytes(doc: &Value) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(serde_json::to_vec_pretty(doc).expect("JSON values serialise"));
    out.push(b'\n');
    out
}

/// The database object: `{"version": 3, "entries": [...], "groups": [...]}`.
fn database(entries: &[&Entry]) -> Value {
    let mut groups: Vec<(String, String)> = Vec::new();
    let list: Vec<Value> = entries
        .iter()
        .map(|e| {
            let mut ids = Vec::new();
            for tag in json::tags_of(&e.extra) {
                let id = if let Some((id, _)) = groups.iter().find(|(_, name)| name == tag) {
                    id.clone()
                } else {
                    let id = EntryId::random().to_string();
                    groups.push((id.clone(), tag.to_owned()));
                    id
                };
                ids.push(Value::String(id));
            }
            let mut info = json!({
                "secret": e.otp.secret.base32().as_str(),
                "algo": e.otp.algorithm.as_str(),
                "digits": e.otp.digits,
            });
            match e.otp.kind {
                Kind::Hotp { counter } => info["counter"] = json!(counter),
                kind => info["period"] = json!(kind.period()),
            }
            json!({
                "type": e.otp.kind.name(),
                "uuid": e.id.as_str(),
                "name": e.name.account,
                "issuer": e.name.issuer,
                "note": json::note_of(&e.extra).unwrap_or(""),
                "favorite": false,
                "icon": null,
                "info": info,
                "groups": ids,
            })
        })
        .collect();
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(uuid, name)| json!({"uuid": uuid, "name": name}))
        .collect();
    json!({"version": 3, "entries": list, "groups": groups})
}
