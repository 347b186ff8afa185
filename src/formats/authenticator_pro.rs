//! Authenticator Pro (now Stratum, `me.jmh.authenticatorpro`): its plain JSON backup, its encrypted
//! backups in the current and the legacy format, and its own SQLite database (`files/proauth.db3` in the
//! app's data folder). Layouts from the app's source (`Stratum.Core/src/Backup/Backup.cs`,
//! `Backup/Encryption/{Strong,Legacy}BackupEncryption.cs`, `Entity/*.cs`).
//!
//! Plain backup: `{"Authenticators": [...], "Categories": [...], "AuthenticatorCategories": [...],
//! "CustomIcons": [...]}`. An authenticator has `Type` (1 HOTP, 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex),
//! `Issuer`, `Username`, `Secret` (base32), `Algorithm` (0 SHA1, 1 SHA256, 2 SHA512), `Digits`, `Period`,
//! `Counter`, `Pin`. Categories (`Id`, `Name`) are linked to authenticators by secret
//! (`CategoryId`, `AuthenticatorSecret`); their names are kept as tags. The database holds the same
//! fields in tables `authenticator` (lower-case columns), `category` and `authenticatorcategory`.
//!
//! HOTP: the app shows the code of `Counter` and steps the counter before showing the next one; its
//! own otpauth export writes `counter=Counter`, and so fob takes `Counter` as the next counter to use.
//!
//! Encrypted, current (`AUTHENTICATORPRO`, 16 bytes): salt (16), IV (12), AES-256-GCM ciphertext‖tag;
//! key Argon2id(password, salt, 3 passes, 64 MiB, 4 lanes). The costs are the app's constants, not read
//! from the file, so a file cannot raise them.
//! Encrypted, legacy (`AuthenticatorPro`, 16 bytes): salt (20), IV (16), AES-256-CBC with PKCS#7
//! padding; key PBKDF2-HMAC-SHA1(password, salt, 64,000 rounds). CBC has no check value: a wrong
//! password shows as bad padding or as text that is not the backup's JSON, and a changed file reads the
//! same way, so both are reported as a wrong password.
//!
//! A database the app encrypted with its own password (SQLCipher) is not an SQLite file to fob: it is
//! refused as such; export a backup from the app instead.

use aes_gcm::aes::Aes256;
use cbc::cipher::{BlockDecryptMut, KeyIvInit, block_padding::Pkcs7};
use serde_json::Value;
use zeroize::Zeroizing;

use super::json::{self, Fields};
use super::sqlite::{self, Row};
use super::{Candidate, EntryError, Error, Parsed, Reader, crypto};

const FORMAT: &str = "Authenticator Pro";
/// The first 16 bytes of a backup in the current encrypted format.
pub const STRONG_HEADER: &[u8; 16] = b"AUTHENTICATORPRO";
/// The first 16 bytes of a backup in the legacy encrypted format.
pub const LEGACY_HEADER: &[u8; 16] = b"AuthenticatorPro";
const STRONG_SALT_LEN: usize = 16;
const STRONG_IV_LEN: usize = 12;
const LEGACY_SALT_LEN: usize = 20;
const LEGACY_IV_LEN: usize = 16;
const LEGACY_ITERATIONS: u32 = 64_000;
const ARGON2_MEMORY_KIB: u32 = 65_536;
const ARGON2_PASSES: u32 = 3;
const ARGON2_LANES: u32 = 4;
const TABLE: &str = "authenticator";

/// How `import` finds and reads Authenticator Pro files: either encrypted header, JSON with an
/// `Authenticators` array, or an SQLite database with an `authenticator` table.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, bytes, doc| {
        is_encrypted(bytes)
            || doc.is_some_and(has_shape)
            || sqlite::has_columns(bytes, TABLE, &["secret", "issuer", "type"])
    },
    is_encrypted,
    read: |bytes, password| {
        if is_encrypted(bytes) {
            parse_encrypted(bytes, password.ok_or(Error::PasswordNeeded)?)
        } else if sqlite::is_database(bytes) {
            parse_database(bytes)
        } else {
            parse(bytes)
        }
    },
};

fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(STRONG_HEADER) || bytes.starts_with(LEGACY_HEADER)
}

fn has_shape(doc: &Value) -> bool {
    doc.get("Authenticators").is_some_and(Value::is_array)
}

/// Reads a plain JSON backup.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let doc: Value = json::parse(FORMAT, bytes)?;
    let Some(items) = doc.get("Authenticators").and_then(Value::as_array) else {
        return Err(Error::Malformed(
            "no Authenticators list: not an Authenticator Pro backup".into(),
        ));
    };
    let names: Vec<(&str, &str)> = list(&doc, "Categories")
        .filter_map(|c| Some((c.get("Id")?.as_str()?, c.get("Name")?.as_str()?)))
        .collect();
    let links: Vec<(&str, &str)> = list(&doc, "AuthenticatorCategories")
        .filter_map(|l| {
            Some((
                l.get("AuthenticatorSecret")?.as_str()?,
                l.get("CategoryId")?.as_str()?,
            ))
        })
        .collect();
    let mut out = Parsed::default();
    for (i, e) in items.iter().enumerate() {
        let get = |k| e.get(k).and_then(Value::as_str).unwrap_or("");
        let label = json::label(get("Issuer"), get("Username"));
        let result = if e.is_object() {
            json_raw(e).and_then(|raw| {
                let tags = tags_for(&raw.secret, &names, &links);
                candidate(i, &raw, tags)
            })
        } else {
            Err(EntryError::Field("the entry is not an object".into()))
        };
        out.push(i, &label, result);
    }
    Ok(out)
}

fn list<'a>(doc: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    doc.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// Category names linked to an authenticator's secret, in the order the categories are listed.
fn tags_for(secret: &str, names: &[(&str, &str)], links: &[(&str, &str)]) -> Vec<String> {
    names
        .iter()
        .filter(|(id, _)| links.iter().any(|(s, c)| *s == secret && c == id))
        .map(|(_, name)| name.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

/// One authenticator's fields, from JSON or from a database row.
struct Raw {
    kind: i64,
    issuer: String,
    username: String,
    secret: Zeroizing<String>,
    algorithm: i64,
    digits: Option<u64>,
    period: Option<u64>,
    counter: Option<u64>,
}

fn json_raw(e: &Value) -> Result<Raw, EntryError> {
    let int = |k: &str| -> Result<Option<i64>, EntryError> {
        match e.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| EntryError::Field(format!("{k} is not a whole number"))),
        }
    };
    Ok(Raw {
        kind: int("Type")?.unwrap_or(2),
        issuer: json::string(e.get("Issuer"), "Issuer")?
            .unwrap_or("")
            .to_owned(),
        username: json::string(e.get("Username"), "Username")?
            .unwrap_or("")
            .to_owned(),
        secret: Zeroizing::new(
            json::string(e.get("Secret"), "Secret")?
                .unwrap_or("")
                .to_owned(),
        ),
        algorithm: int("Algorithm")?.unwrap_or(0),
        digits: json::number(e.get("Digits"), "Digits")?,
        period: json::number(e.get("Period"), "Period")?,
        counter: json::number(e.get("Counter"), "Counter")?,
    })
}

fn row_raw(row: &Row) -> Result<Raw, EntryError> {
    let unsigned = |k: &str| -> Result<Option<u64>, EntryError> {
        row.integer(k)
            .map(|n| u64::try_from(n).map_err(|_| EntryError::Field(format!("{k} is negative"))))
            .transpose()
    };
    Ok(Raw {
        kind: row.integer("type").unwrap_or(2),
        issuer: row.text("issuer").unwrap_or_default(),
        username: row.text("username").unwrap_or_default(),
        secret: Zeroizing::new(row.text("secret").unwrap_or_default()),
        algorithm: row.integer("algorithm").unwrap_or(0),
        digits: unsigned("digits")?,
        period: unsigned("period")?,
        counter: unsigned("counter")?,
    })
}

fn candidate(i: usize, raw: &Raw, tags: Vec<String>) -> Result<Candidate, EntryError> {
    let kind = match raw.kind {
        1 => "hotp",
        2 => "totp",
        3 => "motp",
        4 => "steam",
        5 => "yandex",
        _ => "unknown",
    };
    let algorithm = match raw.algorithm {
        0 => "SHA1".to_owned(),
        1 => "SHA256".to_owned(),
        2 => "SHA512".to_owned(),
        other => format!("number {other}"),
    };
    let otp = json::otp_from(&Fields {
        kind,
        secret: Some(&raw.secret),
        algorithm: Some(&algorithm),
        digits: raw.digits,
        period: raw.period,
        counter: raw.counter,
    })?;
    json::candidate(
        i,
        &raw.issuer,
        &raw.username,
        otp,
        json::extra_of(None, tags),
    )
}

/// Reads an encrypted backup, current or legacy format (told apart by the header's case).
pub fn parse_encrypted(bytes: &[u8], password: &[u8]) -> Result<Parsed, Error> {
    if bytes.starts_with(STRONG_HEADER) {
        let body = &bytes[STRONG_HEADER.len()..];
        if body.len() < STRONG_SALT_LEN + STRONG_IV_LEN + 16 {
            return Err(Error::Malformed(
                "too short for an encrypted Authenticator Pro backup".into(),
            ));
        }
        let (salt, rest) = body.split_at(STRONG_SALT_LEN);
        let (iv, sealed) = rest.split_at(STRONG_IV_LEN);
        let key = super::crypto::argon2id(
            password,
            salt,
            ARGON2_MEMORY_KIB,
            ARGON2_PASSES,
            ARGON2_LANES,
        )?;
        let plain = crypto::open(&key, iv, sealed).ok_or(Error::WrongPassword)?;
        parse(&plain)
    } else if bytes.starts_with(LEGACY_HEADER) {
        let body = &bytes[LEGACY_HEADER.len()..];
        if body.len() < LEGACY_SALT_LEN + LEGACY_IV_LEN + 16
            || !(body.len() - LEGACY_SALT_LEN).is_multiple_of(16)
        {
            return Err(Error::Malformed(
                "not a whole number of AES blocks: the legacy Authenticator Pro backup is cut short"
                    .into(),
            ));
        }
        let (salt, rest) = body.split_at(LEGACY_SALT_LEN);
        let (iv, sealed) = rest.split_at(LEGACY_IV_LEN);
        let mut key = Zeroizing::new([0u8; 32]);
        pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, LEGACY_ITERATIONS, key.as_mut());
        let mut buffer = Zeroizing::new(sealed.to_vec());
        let plain = cbc::Decryptor::<Aes256>::new_from_slices(key.as_slice(), iv)
            .expect("a 32-byte key and a 16-byte IV")
            .decrypt_padded_mut::<Pkcs7>(&mut buffer)
            .map_err(|_| Error::WrongPassword)?;
        // No check value: text that is not the backup's JSON means the key was wrong.
        match serde_json::from_slice::<Value>(plain) {
            Ok(doc) if has_shape(&doc) => parse(plain),
            _ => Err(Error::WrongPassword),
        }
    } else {
        Err(Error::Malformed(
            "no Authenticator Pro header: not an encrypted Authenticator Pro backup".into(),
        ))
    }
}

/// Reads the app's own database (`proauth.db3`, its write-ahead log already applied, see
/// [`sqlite::with_wal`]).
pub fn parse_database(bytes: &[u8]) -> Result<Parsed, Error> {
    let conn = sqlite::open(FORMAT, bytes)?;
    let rows = sqlite::rows(FORMAT, &conn, TABLE)?;
    // Categories are optional: a database without the tables gives no tags.
    let categories: Vec<(String, String)> = sqlite::rows(FORMAT, &conn, "category")
        .unwrap_or_default()
        .iter()
        .filter_map(|r| Some((r.text("id")?, r.text("name")?)))
        .collect();
    let links: Vec<(Zeroizing<String>, String)> =
        sqlite::rows(FORMAT, &conn, "authenticatorcategory")
            .unwrap_or_default()
            .iter()
            .filter_map(|r| {
                Some((
                    Zeroizing::new(r.text("authenticatorSecret")?),
                    r.text("categoryId")?,
                ))
            })
            .collect();
    let names: Vec<(&str, &str)> = categories
        .iter()
        .map(|(i, n)| (i.as_str(), n.as_str()))
        .collect();
    let links: Vec<(&str, &str)> = links
        .iter()
        .map(|(s, c)| (s.as_str(), c.as_str()))
        .collect();
    let mut out = Parsed::default();
    for (i, row) in rows.iter().enumerate() {
        let label = json::label(
            &row.text("issuer").unwrap_or_default(),
            &row.text("username").unwrap_or_default(),
        );
        let result = row_raw(row).and_then(|raw| {
            let tags = tags_for(&raw.secret, &names, &links);
            candidate(i, &raw, tags)
        });
        out.push(i, &label, result);
    }
    Ok(out)
}
