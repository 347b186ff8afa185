//! Aegis Authenticator vaults and backups (`aegis-*.json`), plain and password-encrypted.
//!
//! The file is `{"version": 1, "header": {...}, "db": ...}`. Plain: `header.slots` and `header.params`
//! are null and `db` is an object. Encrypted: each password slot holds the 32-byte master key, sealed with
//! AES-256-GCM under `scrypt(password, salt, n, r, p)`; `db` is base64 of the AES-256-GCM ciphertext of
//! the database, its nonce and tag in `header.params`. The scrypt cost comes from the file, so it is
//! capped before any work, per slot ([`MAX_SCRYPT_LOG_N`], [`MAX_SCRYPT_R`], [`MAX_SCRYPT_P`],
//! [`MAX_SCRYPT_MEMORY`]) and for all slots together ([`MAX_SCRYPT_WORK`]).
//!
//! Entries of type totp, hotp and steam are read; motp and yandex are reported as unsupported. An
//! entry's `note` and the names of its groups are kept in the entry's extra map (`note`, `tags`).
//!
//! Written plain, or encrypted with one password slot at Aegis's own scrypt cost, as Aegis itself writes
//! them; the notes and tags in an entry's extra map become the Aegis note and groups.

use data_encoding::{BASE64, HEXLOWER, HEXLOWER_PERMISSIVE};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use super::json::{self, Fields};
use super::{Candidate, EntryError, Error, Parsed, Reader, crypto};
use crate::entry::{Entry, EntryId, Kind};

/// The vault file version fob reads.
pub const FILE_VERSION: u64 = 1;
/// The newest database (content) version fob reads.
pub const MAX_DB_VERSION: u64 = 3;
/// Largest scrypt cost accepted: N = 2^20 (1 GiB of memory with r = 8 would be 2^20 · 128 · 8).
pub const MAX_SCRYPT_LOG_N: u8 = 20;
/// Largest scrypt block size accepted.
pub const MAX_SCRYPT_R: u32 = 32;
/// Largest scrypt parallelism accepted.
pub const MAX_SCRYPT_P: u32 = 16;
/// Largest scrypt memory accepted (128 · r · N bytes): 1 GiB, what Aegis's own N = 2^15, r = 8 needs
/// many times over, and the most a small machine should give a file it has not seen before.
pub const MAX_SCRYPT_MEMORY: u64 = 1 << 30;
/// Password slots tried at most: each costs a full scrypt run.
pub const MAX_PASSWORD_SLOTS: usize = 8;
/// Most scrypt work spent on one file, all its password slots together, counted as n · r · p (scrypt's
/// time grows with that product): what one slot at the per-slot limits costs (128 · r · n ≤
/// [`MAX_SCRYPT_MEMORY`], p ≤ [`MAX_SCRYPT_P`]), 2^27. Capping each slot alone would let every extra
/// slot multiply what a hostile file costs before fob can say the password is wrong (issue 13).
pub const MAX_SCRYPT_WORK: u64 = MAX_SCRYPT_MEMORY / 128 * MAX_SCRYPT_P as u64;

const FORMAT: &str = "Aegis";

#[derive(Deserialize)]
struct File {
    version: u64,
    header: Header,
    db: Value,
}

#[derive(Deserialize)]
struct Header {
    slots: Option<Vec<Slot>>,
    params: Option<KeyParams>,
}

#[derive(Deserialize)]
struct Slot {
    #[serde(rename = "type")]
    kind: u64,
    key: String,
    key_params: KeyParams,
    n: Option<u64>,
    r: Option<u64>,
    p: Option<u64>,
    salt: Option<String>,
}

#[derive(Deserialize)]
struct KeyParams {
    nonce: String,
    tag: String,
}

#[derive(Deserialize)]
struct Db {
    version: u64,
    entries: Vec<Value>,
    #[serde(default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    uuid: String,
    name: String,
}

/// How `import` finds and reads Aegis files.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, _, doc| doc.is_some_and(has_shape),
    is_encrypted,
    read: parse,
};

/// An Aegis vault is a JSON object with `header` and `db`.
fn has_shape(doc: &Value) -> bool {
    doc.as_object()
        .is_some_and(|o| o.contains_key("header") && o.contains_key("db"))
}

/// Whether the bytes are an encrypted Aegis vault (header slots present). Not a full parse.
#[must_use]
pub fn is_encrypted(bytes: &[u8]) -> bool {
    json::parse::<File>(FORMAT, bytes).is_ok_and(|f| f.header.slots.is_some())
}

/// Reads an Aegis vault. `password` is needed only for an encrypted one.
pub fn parse(bytes: &[u8], password: Option<&[u8]>) -> Result<Parsed, Error> {
    let file: File = json::parse(FORMAT, bytes)?;
    if file.version != FILE_VERSION {
        return Err(Error::UnknownVersion {
            what: "Aegis vault",
            version: file.version,
            max: FILE_VERSION,
        });
    }
    let db: Db = match (&file.header.slots, &file.db) {
        (None, Value::Object(_)) => serde_json::from_value(file.db)
            .map_err(|_| Error::Malformed("the Aegis database has no entries list".into()))?,
        (None, _) => {
            return Err(Error::Malformed(
                "the Aegis database is not an object".into(),
            ));
        }
        (Some(slots), db) => {
            let password = password.ok_or(Error::PasswordNeeded)?;
            let params = file.header.params.as_ref().ok_or_else(|| {
                Error::Malformed("an encrypted Aegis vault without header.params".into())
            })?;
            let master = unlock(slots, password)?;
            let sealed = db
                .as_str()
                .and_then(|s| BASE64.decode(s.trim().as_bytes()).ok())
                .ok_or_else(|| Error::Malformed("the encrypted database is not base64".into()))?;
            let nonce = hex(&params.nonce, "header.params.nonce")?;
            let mut sealed = Zeroizing::new(sealed);
            sealed.extend_from_slice(&hex(&params.tag, "header.params.tag")?);
            let plain = crypto::open(&master, &nonce, &sealed).ok_or(Error::Tampered)?;
            json::parse(FORMAT, &plain)?
        }
    };
    if db.version > MAX_DB_VERSION {
        return Err(Error::UnknownVersion {
            what: "Aegis database",
            version: db.version,
            max: MAX_DB_VERSION,
        });
    }
    let mut out = Parsed::default();
    for (i, e) in db.entries.iter().enumerate() {
        let label = entry_label(e);
        out.push(i, &label, entry(i, e, &db.groups));
    }
    Ok(out)
}

fn hex(text: &str, field: &str) -> Result<Vec<u8>, Error> {
    HEXLOWER_PERMISSIVE
        .decode(text.as_bytes())
        .map_err(|_| Error::Malformed(format!("{field} is not hex")))
}

/// Finds the password slot the password opens and returns the master key. Every slot's scrypt cost is
/// read and the total checked against [`MAX_SCRYPT_WORK`] before the first scrypt run.
fn unlock(slots: &[Slot], password: &[u8]) -> Result<Zeroizing<[u8; 32]>, Error> {
    let slots: Vec<&Slot> = slots.iter().filter(|s| s.kind == 1).collect();
    if slots.len() > MAX_PASSWORD_SLOTS {
        return Err(Error::TooCostly(format!(
            "the vault has more than {MAX_PASSWORD_SLOTS} password slots"
        )));
    }
    let mut work = 0u64;
    let mut derivations = Vec::with_capacity(slots.len());
    for slot in slots {
        let (Some(n), Some(r), Some(p), Some(salt)) = (slot.n, slot.r, slot.p, &slot.salt) else {
            return Err(Error::Malformed(
                "a password slot without scrypt parameters".into(),
            ));
        };
        let params = scrypt_params(n, r, p)?;
        work = work.saturating_add(n.saturating_mul(r).saturating_mul(p));
        derivations.push((slot, params, salt));
    }
    if work > MAX_SCRYPT_WORK {
        return Err(Error::TooCostly(format!(
            "the password slots together ask for more scrypt work than fob spends on one file (n × r × p summed over the slots must be at most 2^{})",
            MAX_SCRYPT_WORK.trailing_zeros()
        )));
    }
    if derivations.is_empty() {
        return Err(Error::Unsupported(
            "the vault has no password slot (only biometric slots): export it from Aegis with a password"
                .into(),
        ));
    }
    for (slot, params, salt) in derivations {
        let salt = hex(salt, "slot salt")?;
        let mut key = Zeroizing::new([0u8; 32]);
        scrypt::scrypt(password, &salt, &params, key.as_mut())
            .map_err(|_| Error::Malformed("bad scrypt output length".into()))?;
        let mut sealed = hex(&slot.key, "slot key")?;
        sealed.extend_from_slice(&hex(&slot.key_params.tag, "slot tag")?);
        let nonce = hex(&slot.key_params.nonce, "slot nonce")?;
        if let Some(master) = crypto::open(&key, &nonce, &sealed) {
            let master: [u8; 32] = master
                .as_slice()
                .try_into()
                .map_err(|_| Error::Malformed("the master key is not 32 bytes".into()))?;
            return Ok(Zeroizing::new(master));
        }
    }
    Err(Error::WrongPassword)
}

fn scrypt_params(n: u64, r: u64, p: u64) -> Result<scrypt::Params, Error> {
    if !n.is_power_of_two() || n < 2 {
        return Err(Error::Malformed(format!(
            "scrypt n = {n} is not a power of two"
        )));
    }
    let log_n = n.trailing_zeros() as u8;
    let memory = 128u64.saturating_mul(r).saturating_mul(n);
    if log_n > MAX_SCRYPT_LOG_N
        || r > u64::from(MAX_SCRYPT_R)
        || p > u64::from(MAX_SCRYPT_P)
        || memory > MAX_SCRYPT_MEMORY
    {
        return Err(Error::TooCostly(format!(
            "scrypt parameters n = {n}, r = {r}, p = {p} are beyond fob's limits (n ≤ 2^{MAX_SCRYPT_LOG_N}, r ≤ {MAX_SCRYPT_R}, p ≤ {MAX_SCRYPT_P}, and 128 · n · r ≤ {} MiB of memory)",
            MAX_SCRYPT_MEMORY >> 20
        )));
    }
    scrypt::Params::new(log_n, r as u32, p as u32, 32).map_err(|_| {
        Error::Malformed(format!(
            "invalid scrypt parameters n = {n}, r = {r}, p = {p}"
        ))
    })
}

fn entry_label(e: &Value) -> String {
    let get = |k| e.get(k).and_then(Value::as_str).unwrap_or("");
    json::label(get("issuer"), get("name"))
}

fn entry(i: usize, e: &Value, groups: &[Group]) -> Result<Candidate, EntryError> {
    if !e.is_object() {
        return Err(EntryError::Field("the entry is not an object".into()));
    }
    let kind = json::string(e.get("type"), "type")?.unwrap_or("");
    let empty = Map::new();
    let info = match e.get("info") {
        Some(Value::Object(m)) => m,
        None | Some(Value::Null) => &empty,
        Some(_) => return Err(EntryError::Field("info is not an object".into())),
    };
    let otp = json::otp_from(&Fields {
        kind,
        secret: json::string(info.get("secret"), "secret")?,
        algorithm: json::string(info.get("algo"), "algo")?,
        digits: json::number(info.get("digits"), "digits")?,
        period: json::number(info.get("period"), "period")?,
        counter: json::number(info.get("counter"), "counter")?,
    })?;
    let issuer = json::string(e.get("issuer"), "issuer")?.unwrap_or("");
    let name = json::string(e.get("name"), "name")?.unwrap_or("");
    let note = json::string(e.get("note"), "note")?;
    let mut tags: Vec<String> = Vec::new();
    // Database version 3 lists group uuids; version 2 had one group name.
    if let Some(Value::Array(ids)) = e.get("groups") {
        for id in ids.iter().filter_map(Value::as_str) {
            if let Some(g) = groups.iter().find(|g| g.uuid == id) {
                tags.push(g.name.clone());
            }
        }
    } else if let Some(group) = json::string(e.get("group"), "group")? {
        tags.push(group.to_owned());
    }
    tags.retain(|t| !t.trim().is_empty());
    tags.dedup();
    json::candidate(i, issuer, name, otp, json::extra_of(note, tags))
}

// ---------- writing ----------

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Kind;

    #[test]
    fn reads_a_plain_vault_with_groups_and_unsupported_types() {
        let doc = serde_json::json!({
            "version": 1,
            "header": {"slots": null, "params": null},
            "db": {"version": 3, "groups": [{"uuid": "g1", "name": "Work"}], "entries": [
                {"type": "hotp", "uuid": "u1", "name": "bob", "issuer": "Bank", "note": "n", "groups": ["g1"],
                 "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA256", "digits": 8, "counter": 4}},
                {"type": "yandex", "name": "y", "issuer": "Yandex", "info": {"secret": "JBSWY3DPEHPK3PXP", "pin": "1234"}},
                {"type": "totp", "name": "nosecret", "info": {"algo": "SHA1", "digits": 6, "period": 30}}
            ]}
        });
        let got = parse(doc.to_string().as_bytes(), None).unwrap();
        assert_eq!(got.candidates.len(), 1);
        let c = &got.candidates[0];
        assert_eq!(c.otp.kind, Kind::Hotp { counter: 4 });
        assert_eq!(c.extra["note"], "n");
        assert_eq!(c.extra["tags"], serde_json::json!(["Work"]));
        let msgs: Vec<String> = got.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "entry 2 (Yandex:y): yandex entries are not supported (Yandex.Key needs a PIN; fob has no Yandex generator)",
                "entry 3 (nosecret): the secret is empty"
            ]
        );
    }

    #[test]
    fn one_slot_at_the_per_slot_limits_fits_the_file_budget() {
        assert!(scrypt_params(1 << 20, 8, 16).is_ok());
        assert_eq!(MAX_SCRYPT_WORK, (1 << 20) * 8 * 16);
    }

    #[test]
    fn refuses_costly_scrypt_and_new_versions() {
        assert!(matches!(
            scrypt_params(1 << 24, 8, 1),
            Err(Error::TooCostly(_))
        ));
        assert!(scrypt_params(1 << 15, 8, 1).is_ok());
        let doc = r#"{"version": 2, "header": {"slots": null, "params": null}, "db": {}}"#;
        assert!(matches!(
            parse(doc.as_bytes(), None),
            Err(Error::UnknownVersion { version: 2, .. })
        ));
    }
}
