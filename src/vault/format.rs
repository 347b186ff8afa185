//! The `fob-vault` version 1 JSON document: what `age -d vault.age` prints. Documented field by field in
//! `docs/vault-format.md`; this module is the one place that reads and writes it.
//!
//! Fields a newer fob adds, at the top level or inside entries, are kept as they were read and written back.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::entry::{self, Algorithm, Entry, EntryId, Kind, Name, Otp, STEAM_DIGITS, STEAM_PERIOD};
use crate::secret::Secret;
use crate::vault::{BackupDefaults, BackupRecord, Error, Tombstone, Vault};
use crate::verify_state::{Event, EventResult, VerifyState};

/// The `format` value that marks a fob vault (backups carry the same document).
pub const FORMAT_NAME: &str = "fob-vault";
/// The version this fob reads and writes.
pub const VERSION: u32 = 1;

/// How the file is encrypted (the document's `lock` field), recorded inside it so a write can seal it the
/// same way again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Encryption {
    /// age scrypt passphrase with this work factor (log2 of N).
    Passphrase {
        /// scrypt log2(N).
        work_factor: u8,
    },
    /// age X25519 recipients, `age1...` strings.
    Recipients {
        /// Public keys the vault is encrypted to.
        recipients: Vec<String>,
    },
}

/// `E` is what holds the entries: records when reading, [`EntryList`] when writing.
#[derive(Serialize, Deserialize)]
struct Document<E = Vec<EntryRecord>> {
    format: String,
    version: u32,
    #[serde(rename = "lock")]
    encryption: Encryption,
    entries: E,
    #[serde(default)]
    tombstones: Vec<TombstoneRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    backups: Vec<BackupRecordJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    backup_defaults: Option<BackupDefaultsJson>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
struct BackupRecordJson {
    time: String,
    place: String,
    entries: usize,
    sha256: String,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
struct BackupDefaultsJson {
    #[serde(default)]
    recipients: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    destination: Option<String>,
}

/// One entry as written. Serialised by hand rather than with `#[serde(flatten)]`: flatten buffers every
/// entry through serde's generic content tree, which made reading a 10,000-entry vault three times slower.
#[derive(Default)]
struct EntryRecord {
    id: String,
    issuer: String,
    account: String,
    secret: Option<SecretText>,
    kind: String,
    algorithm: String,
    digits: u64,
    period: Option<u64>,
    counter: Option<u64>,
    created: String,
    modified: String,
    backed_up: Option<String>,
    verify: Option<VerifyJson>,
    extra: Map<String, Value>,
}

/// `fob verify`'s state on an entry: step numbers and times, never a code.
#[derive(Default, Serialize, Deserialize)]
struct VerifyJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_step: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    failures: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    locked_until: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    lockouts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    log: Vec<VerifyEventJson>,
}

#[derive(Serialize, Deserialize)]
struct VerifyEventJson {
    time: String,
    result: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    locked_until: Option<String>,
}

impl Serialize for EntryRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("issuer", &self.issuer)?;
        map.serialize_entry("account", &self.account)?;
        map.serialize_entry("secret", &self.secret)?;
        map.serialize_entry("type", &self.kind)?;
        map.serialize_entry("algorithm", &self.algorithm)?;
        map.serialize_entry("digits", &self.digits)?;
        if let Some(period) = self.period {
            map.serialize_entry("period", &period)?;
        }
        if let Some(counter) = self.counter {
            map.serialize_entry("counter", &counter)?;
        }
        map.serialize_entry("created", &self.created)?;
        map.serialize_entry("modified", &self.modified)?;
        if let Some(backed_up) = &self.backed_up {
            map.serialize_entry("backed_up", backed_up)?;
        }
        if let Some(verify) = &self.verify {
            map.serialize_entry("verify", verify)?;
        }
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// The entries of a vault being written, each turned into its record only as it is serialised: a save
/// of a 10,000-entry vault then never holds a second copy of every entry (and of every secret).
struct EntryList<'a>(&'a [Entry]);

impl Serialize for EntryList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(entry_record))
    }
}

impl<'de> Deserialize<'de> for EntryRecord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> serde::de::Visitor<'de> for EntryVisitor {
    type Value = EntryRecord;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an entry object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<EntryRecord, A::Error> {
        use serde::de::Error as _;
        let mut r = EntryRecord::default();
        let mut seen = [false; 7];
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "id" => (r.id, seen[0]) = (map.next_value()?, true),
                "issuer" => (r.issuer, seen[1]) = (map.next_value()?, true),
                "account" => (r.account, seen[2]) = (map.next_value()?, true),
                "secret" => r.secret = Some(map.next_value()?),
                "type" => (r.kind, seen[3]) = (map.next_value()?, true),
                "algorithm" => (r.algorithm, seen[4]) = (map.next_value()?, true),
                "digits" => r.digits = map.next_value()?,
                "period" => r.period = map.next_value()?,
                "counter" => r.counter = map.next_value()?,
                "created" => (r.created, seen[5]) = (map.next_value()?, true),
                "modified" => (r.modified, seen[6]) = (map.next_value()?, true),
                "backed_up" => r.backed_up = map.next_value()?,
                "verify" => r.verify = map.next_value()?,
                _ => {
                    r.extra.insert(key.into_owned(), map.next_value()?);
                }
            }
        }
        let names = [
            "id",
            "issuer",
            "account",
            "type",
            "algorithm",
            "created",
            "modified",
        ];
        if let Some(missing) = seen.iter().position(|s| !s) {
            return Err(A::Error::missing_field(names[missing]));
        }
        if r.secret.is_none() {
            return Err(A::Error::missing_field("secret"));
        }
        Ok(r)
    }
}

#[derive(Serialize, Deserialize)]
struct TombstoneRecord {
    id: String,
    deleted: String,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// The base32 secret in transit through serde: wiped when dropped.
struct SecretText(Zeroizing<String>);

impl Serialize for SecretText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Self(Zeroizing::new(s)))
    }
}

/// Reads a decrypted vault (or backup) document.
pub fn parse(json: &[u8]) -> Result<(Vault, Encryption), Error> {
    let doc: Document = match serde_json::from_slice(json) {
        Ok(doc) => doc,
        // Only on failure is the header read on its own, so a newer or foreign document is refused by
        // name rather than by the field that did not fit.
        Err(e) => {
            let header: Header = serde_json::from_slice(json).map_err(|_| json_error(&e))?;
            check_header(&header)?;
            return Err(json_error(&e));
        }
    };
    check_header(&Header {
        format: Some(Value::from(doc.format.as_str())),
        version: Some(Value::from(doc.version)),
    })?;
    let entries = doc
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            entry_from(r).map_err(|reason| Error::InvalidEntry {
                index: i + 1,
                reason,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let tombstones = doc
        .tombstones
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            tombstone_from(t).map_err(|reason| Error::InvalidEntry {
                index: i + 1,
                reason,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let backups = doc
        .backups
        .into_iter()
        .map(backup_record_from)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|reason| Error::InvalidBackupRecord { reason })?;
    let backup_defaults = doc.backup_defaults.map(|d| BackupDefaults {
        recipients: d.recipients,
        destination: d.destination,
    });
    let vault = Vault {
        entries,
        tombstones,
        backups,
        backup_defaults,
        extra: doc.extra,
    };
    Ok((vault, doc.encryption))
}

/// Writes the document as compact JSON (`age -d vault.age | jq` shows it readably): a 10,000-entry vault
/// is a third smaller than pretty-printed, which is a third less to encrypt, write and fsync.
pub fn to_json(vault: &Vault, encryption: &Encryption) -> Zeroizing<Vec<u8>> {
    let doc = Document {
        format: FORMAT_NAME.to_owned(),
        version: VERSION,
        encryption: encryption.clone(),
        entries: EntryList(&vault.entries),
        tombstones: vault
            .tombstones
            .iter()
            .map(|t| TombstoneRecord {
                id: t.id.to_string(),
                deleted: t.deleted.to_string(),
                extra: t.extra.clone(),
            })
            .collect(),
        backups: vault.backups.iter().map(backup_record_json).collect(),
        backup_defaults: vault.backup_defaults.as_ref().map(|d| BackupDefaultsJson {
            recipients: d.recipients.clone(),
            destination: d.destination.clone(),
        }),
        extra: vault.extra.clone(),
    };
    let mut out = Zeroizing::new(Vec::with_capacity(256 + vault.entries.len() * 320));
    serde_json::to_writer(&mut *out, &doc).expect("serialising to memory cannot fail");
    out.push(b'\n');
    out
}

/// Just the fields that say what the document is; everything else is skipped unread.
#[derive(Deserialize)]
struct Header {
    format: Option<Value>,
    version: Option<Value>,
}

/// The format name and version are checked before anything else so a newer file is refused by name,
/// not with a confusing field error.
fn check_header(header: &Header) -> Result<(), Error> {
    if header.format.as_ref().and_then(Value::as_str) != Some(FORMAT_NAME) {
        return Err(Error::NotAFobVault);
    }
    match header.version.as_ref().and_then(Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => Ok(()),
        Some(v) => Err(Error::UnsupportedVersion { found: v }),
        None => Err(Error::NotAFobVault),
    }
}

/// `serde_json`'s messages can quote input (a secret); only its position and category are kept.
fn json_error(e: &serde_json::Error) -> Error {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Io | Category::Syntax => "not valid JSON",
        Category::Eof => "JSON ends too early",
        Category::Data => "a field has the wrong type or is missing",
    };
    Error::BadJson {
        what,
        line: e.line(),
        column: e.column(),
    }
}

fn entry_record(e: &Entry) -> EntryRecord {
    let (period, counter) = match e.otp.kind {
        Kind::Totp { period } => (Some(u64::from(period)), None),
        Kind::Steam => (Some(u64::from(STEAM_PERIOD)), None),
        Kind::Hotp { counter } => (None, Some(counter)),
    };
    EntryRecord {
        id: e.id.to_string(),
        issuer: e.name.issuer.clone(),
        account: e.name.account.clone(),
        secret: Some(SecretText(e.otp.secret.base32())),
        kind: e.otp.kind.name().to_owned(),
        algorithm: e.otp.algorithm.as_str().to_owned(),
        digits: u64::from(e.otp.digits),
        period,
        counter,
        created: e.created.to_string(),
        modified: e.modified.to_string(),
        backed_up: e.backed_up.map(|t| t.to_string()),
        verify: e.verify.as_ref().map(verify_json),
        extra: e.extra.clone(),
    }
}

fn entry_from(r: EntryRecord) -> Result<Entry, String> {
    let id = EntryId::from_string(r.id).ok_or("empty id")?;
    let name = Name::new(&r.issuer, &r.account).map_err(|e| e.to_string())?;
    let text = r.secret.as_ref().map_or("", |s| s.0.as_str());
    let secret = Secret::from_base32(text).map_err(|e| e.to_string())?;
    let algorithm = r
        .algorithm
        .parse::<Algorithm>()
        .map_err(|e| e.to_string())?;
    let otp = match r.kind.as_str() {
        "steam" => {
            if r.digits != u64::from(STEAM_DIGITS) {
                return Err(format!(
                    "a steam entry has {STEAM_DIGITS} digits, not {}",
                    r.digits
                ));
            }
            Otp::steam(secret)
        }
        "totp" | "hotp" => {
            let digits = entry::check_digits(r.digits).map_err(|e| e.to_string())?;
            let kind = if r.kind == "totp" {
                let period = r.period.ok_or("a totp entry needs a period")?;
                Kind::Totp {
                    period: entry::check_period(period).map_err(|e| e.to_string())?,
                }
            } else {
                Kind::Hotp {
                    counter: r.counter.ok_or("an hotp entry needs a counter")?,
                }
            };
            Otp {
                secret,
                kind,
                algorithm,
                digits,
            }
        }
        _ => return Err("unknown type (expected totp, hotp or steam)".to_owned()),
    };
    Ok(Entry {
        id,
        name,
        otp,
        created: time(&r.created, "created")?,
        modified: time(&r.modified, "modified")?,
        backed_up: r
            .backed_up
            .as_deref()
            .map(|t| time(t, "backed_up"))
            .transpose()?,
        verify: r.verify.as_ref().map(verify_from).transpose()?,
        extra: r.extra,
    })
}

fn verify_json(v: &VerifyState) -> VerifyJson {
    let times = |ts: &[jiff::Timestamp]| ts.iter().map(ToString::to_string).collect();
    VerifyJson {
        last_step: v.last_step,
        failures: times(&v.failures),
        locked_until: v.locked_out_until.map(|t| t.to_string()),
        lockouts: times(&v.lockouts),
        log: v
            .log
            .iter()
            .map(|e| VerifyEventJson {
                time: e.time.to_string(),
                result: e.result.as_str().to_owned(),
                locked_until: e.locked_out_until.map(|t| t.to_string()),
            })
            .collect(),
    }
}

fn verify_from(v: &VerifyJson) -> Result<VerifyState, String> {
    let times = |ts: &[String], field| {
        ts.iter()
            .map(|t| time(t, field))
            .collect::<Result<Vec<_>, _>>()
    };
    let log = v
        .log
        .iter()
        .map(|e| {
            Ok(Event {
                time: time(&e.time, "verify.log time")?,
                result: EventResult::parse(&e.result).ok_or("verify.log has an unknown result")?,
                locked_out_until: e
                    .locked_until
                    .as_deref()
                    .map(|t| time(t, "verify.log locked_until"))
                    .transpose()?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(VerifyState {
        last_step: v.last_step,
        failures: times(&v.failures, "verify.failures")?,
        locked_out_until: v
            .locked_until
            .as_deref()
            .map(|t| time(t, "verify.locked_until"))
            .transpose()?,
        lockouts: times(&v.lockouts, "verify.lockouts")?,
        log,
    })
}

fn tombstone_from(t: TombstoneRecord) -> Result<Tombstone, String> {
    Ok(Tombstone {
        id: EntryId::from_string(t.id).ok_or("a tombstone has an empty id")?,
        deleted: time(&t.deleted, "deleted")?,
        extra: t.extra,
    })
}

fn backup_record_json(b: &BackupRecord) -> BackupRecordJson {
    BackupRecordJson {
        time: b.time.to_string(),
        place: b.place.clone(),
        entries: b.entries,
        sha256: b.sha256.clone(),
        extra: Map::new(),
    }
}

fn backup_record_from(b: BackupRecordJson) -> Result<BackupRecord, String> {
    Ok(BackupRecord {
        time: time(&b.time, "backup time")?,
        place: b.place,
        entries: b.entries,
        sha256: b.sha256,
    })
}

fn time(text: &str, field: &str) -> Result<jiff::Timestamp, String> {
    text.parse()
        .map_err(|_| format!("{field} is not an RFC 3339 time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{
      "format": "fob-vault", "version": 1,
      "lock": {"type": "passphrase", "work_factor": 18},
      "entries": [{
        "id": "0b6c1c7e-2f7d-4b53-9a38-1f1d2b7f5a10", "issuer": "GitHub", "account": "alice",
        "secret": "JBSWY3DPEHPK3PXP", "type": "totp", "algorithm": "SHA1", "digits": 6, "period": 30,
        "created": "2026-01-01T00:00:00Z", "modified": "2026-01-02T00:00:00Z",
        "icon": "future-field",
        "verify": {"last_step": 1, "failures": ["2026-01-02T00:00:01Z"],
          "log": [{"time": "2026-01-02T00:00:01Z", "result": "invalid"}]}
      }],
      "tombstones": [{"id": "gone", "deleted": "2026-01-03T00:00:00Z"}],
      "sync": {"peer": "laptop"}
    }"#;

    #[test]
    fn round_trip_keeps_unknown_fields() {
        let (vault, encryption) = parse(DOC.as_bytes()).unwrap();
        assert_eq!(encryption, Encryption::Passphrase { work_factor: 18 });
        assert_eq!(vault.entries[0].name.to_string(), "GitHub:alice");
        let out = to_json(&vault, &encryption);
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["sync"]["peer"], "laptop");
        assert_eq!(v["entries"][0]["icon"], "future-field");
        assert_eq!(v["entries"][0]["secret"], "JBSWY3DPEHPK3PXP");
        assert_eq!(v["tombstones"][0]["id"], "gone");
        assert_eq!(v["entries"][0]["verify"]["last_step"], 1);
        assert_eq!(v["entries"][0]["verify"]["log"][0]["result"], "invalid");
        assert!(v["entries"][0]["verify"].get("lockouts").is_none());
        let (again, _) = parse(&out).unwrap();
        assert_eq!(again, vault);
    }

    #[test]
    fn refuses_other_documents_by_name() {
        assert!(matches!(
            parse(b"{\"format\":\"x\"}"),
            Err(Error::NotAFobVault)
        ));
        let newer = DOC.replace("\"version\": 1", "\"version\": 2");
        assert!(matches!(
            parse(newer.as_bytes()),
            Err(Error::UnsupportedVersion { found: 2 })
        ));
        assert!(matches!(
            parse(b"{\"format\": "),
            Err(Error::BadJson { .. })
        ));
    }

    #[test]
    fn errors_never_quote_the_secret() {
        let bad = DOC.replace("\"digits\": 6", "\"digits\": \"JBSWY3DPEHPK3PXP\"");
        let err = parse(bad.as_bytes()).unwrap_err();
        assert!(!err.to_string().contains("JBSW"), "{err}");
        let bad = DOC.replace("\"digits\": 6", "\"digits\": 12");
        let err = parse(bad.as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "entry 1 in the vault is invalid: 12 digits is not supported (use 6, 7 or 8)"
        );
    }
}
