//! Authy's own token store, as pulled off a rooted phone: the shared-preferences files
//! `/data/data/com.authy.authy/shared_prefs/com.authy.storage.tokens.authenticator.xml` (the accounts
//! people add) and `…tokens.authy.xml` (Authy's own tokens for sites that use Authy directly). Authy has
//! no export, so this is the way out. Layout as Aegis's importer reads it (facts only).
//!
//! Each file holds one `<string>` under `com.authy.storage.tokens.authenticator.key` (or `….authy.key`)
//! whose text is a JSON array. An account has `name`, `originalName`, `originalIssuer`, `accountType`,
//! `digits`, and its secret either as `decryptedSecret` (base32) or, when the user set a backup
//! password, as `encryptedSecret` (base64) with `salt` (a string, used as its UTF-8 bytes): the key is
//! PBKDF2-HMAC-SHA1(password, salt, 1000 rounds, or the entry's `key_derivation_iterations`), 256 bits;
//! AES-256-CBC with a zero IV and PKCS#7 padding gives the base32 secret. Every account is SHA1, 30 s.
//! Authy's own tokens have `secretSeed` (hex), SHA1, the `digits` given (7) and a 10-second period;
//! their name is the issuer.
//!
//! Names: the issuer is `originalIssuer`, else what precedes `:` in `originalName`, else what precedes
//! ` - ` in `name`, else `accountType` with a capital; the account is `name` without that issuer.
//!
//! The iteration count comes from the file: each is capped at [`MAX_ITERATIONS`], and all derivations
//! of one file together at [`MAX_TOTAL_ITERATIONS`] (entries that share a salt and a count share one
//! derivation), checked before the first one runs. CBC has no check value: bad padding or a result
//! that is not base32 is taken for a wrong password.

use aes_gcm::aes::Aes256;
use cbc::cipher::{BlockDecryptMut, KeyIvInit, block_padding::Pkcs7};
use data_encoding::{BASE64, HEXLOWER_PERMISSIVE};
use serde_json::Value;
use zeroize::Zeroizing;

use super::json::{self, Fields};
use super::{Candidate, EntryError, Error, Parsed, Reader, android_prefs};
use crate::entry::{Algorithm, Kind, Otp};
use crate::secret::Secret;

const FORMAT: &str = "Authy";
const KEYS: [&str; 2] = [
    "com.authy.storage.tokens.authenticator.key",
    "com.authy.storage.tokens.authy.key",
];
const DEFAULT_ITERATIONS: u64 = 1000;
/// The most PBKDF2 rounds one entry may ask for (Authy uses 1000, newer tokens 100,000).
pub const MAX_ITERATIONS: u64 = 1_000_000;
/// The most PBKDF2 rounds all the derivations of one file may take together.
pub const MAX_TOTAL_ITERATIONS: u64 = 10_000_000;
const AUTHY_PERIOD: u32 = 10;

/// How `import` finds and reads Authy's token files: shared preferences holding one of Authy's keys.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, bytes, _| {
        android_prefs::looks_like(bytes)
            && KEYS
                .iter()
                .any(|k| bytes.windows(k.len()).any(|w| w == k.as_bytes()))
    },
    is_encrypted: |bytes| {
        tokens(bytes).is_ok_and(|items| {
            items
                .iter()
                .any(|e| e.get("encryptedSecret").is_some_and(|s| !s.is_null()))
        })
    },
    read: |bytes, password| parse(bytes, password),
};

/// The JSON array of tokens under Authy's keys (both, when one file somehow holds both).
fn tokens(bytes: &[u8]) -> Result<Vec<Value>, Error> {
    let mut out = Vec::new();
    let mut found = false;
    for (key, value) in android_prefs::strings(FORMAT, bytes)? {
        if KEYS.contains(&key.as_str()) {
            found = true;
            let items: Vec<Value> = json::parse(FORMAT, value.as_bytes())?;
            out.extend(items);
        }
    }
    if !found {
        return Err(Error::Malformed(format!(
            "no Authy tokens in it (no {} or {})",
            KEYS[0], KEYS[1]
        )));
    }
    Ok(out)
}

/// Reads an Authy token file; `password` is the Authy backup password, needed when any secret is
/// encrypted.
pub fn parse(bytes: &[u8], password: Option<&[u8]>) -> Result<Parsed, Error> {
    let items = tokens(bytes)?;
    let keys = derive_keys(&items, password)?;
    let mut out = Parsed::default();
    for (i, e) in items.iter().enumerate() {
        let get = |k| e.get(k).and_then(Value::as_str).unwrap_or("");
        let label = if get("name").is_empty() {
            get("originalName").to_owned()
        } else {
            get("name").to_owned()
        };
        let result = if e.is_object() {
            entry(i, e, &keys)
        } else {
            Err(EntryError::Field("the entry is not an object".into()).into())
        };
        match result {
            Err(Problem::WrongPassword) => return Err(Error::WrongPassword),
            Err(Problem::Entry(error)) => out.push(i, &label, Err(error)),
            Ok(c) => out.push(i, &label, Ok(c)),
        }
    }
    Ok(out)
}

/// A derived key per (salt, rounds) the file's encrypted entries use.
type Keys = Vec<((Vec<u8>, u32), Zeroizing<[u8; 32]>)>;

fn derive_keys(items: &[Value], password: Option<&[u8]>) -> Result<Keys, Error> {
    let mut wanted: Vec<(Vec<u8>, u32)> = Vec::new();
    for e in items {
        if e.get("encryptedSecret").is_none_or(Value::is_null) {
            continue;
        }
        let salt = e.get("salt").and_then(Value::as_str).unwrap_or("");
        let rounds = json::number(
            e.get("key_derivation_iterations"),
            "key_derivation_iterations",
        )
        .ok()
        .flatten()
        .unwrap_or(DEFAULT_ITERATIONS);
        if rounds == 0 || rounds > MAX_ITERATIONS {
            return Err(Error::TooCostly(format!(
                "an entry asks for {rounds} PBKDF2 iterations (fob accepts 1 to {MAX_ITERATIONS})"
            )));
        }
        let id = (
            salt.as_bytes().to_vec(),
            u32::try_from(rounds).expect("capped"),
        );
        if !wanted.contains(&id) {
            wanted.push(id);
        }
    }
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let total: u64 = wanted.iter().map(|(_, r)| u64::from(*r)).sum();
    if total > MAX_TOTAL_ITERATIONS {
        return Err(Error::TooCostly(format!(
            "its entries ask for {total} PBKDF2 iterations in all, beyond fob's limit of {MAX_TOTAL_ITERATIONS}"
        )));
    }
    let password = password.ok_or(Error::PasswordNeeded)?;
    Ok(wanted
        .into_iter()
        .map(|(salt, rounds)| {
            let mut key = Zeroizing::new([0u8; 32]);
            pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, &salt, rounds, key.as_mut());
            ((salt, rounds), key)
        })
        .collect())
}

enum Problem {
    WrongPassword,
    Entry(EntryError),
}

impl From<EntryError> for Problem {
    fn from(e: EntryError) -> Self {
        Self::Entry(e)
    }
}

fn entry(i: usize, e: &Value, keys: &Keys) -> Result<Candidate, Problem> {
    let text = |k: &str| json::string(e.get(k), k).map(|s| s.unwrap_or("").to_owned());
    let digits = json::number(e.get("digits"), "digits")?;
    let name = text("name")?;
    if let Some(seed) = json::string(e.get("secretSeed"), "secretSeed")? {
        // One of Authy's own tokens: hex seed, 10-second codes, named by its site.
        let bytes = HEXLOWER_PERMISSIVE
            .decode(seed.trim().as_bytes())
            .map_err(|_| EntryError::Field("secretSeed is not hex".into()))?;
        let secret = Secret::from_bytes(bytes).map_err(EntryError::from)?;
        let otp = Otp {
            secret,
            kind: Kind::Totp {
                period: AUTHY_PERIOD,
            },
            algorithm: Algorithm::Sha1,
            digits: crate::entry::check_digits(digits.unwrap_or(7)).map_err(EntryError::from)?,
        };
        return Ok(json::candidate(i, &name, "", otp, serde_json::Map::new())?);
    }
    let secret: Zeroizing<String> = match json::string(e.get("encryptedSecret"), "encryptedSecret")?
    {
        Some(sealed) => decrypt(e, sealed, keys)?,
        None => Zeroizing::new(text("decryptedSecret")?),
    };
    let otp = json::otp_from(&Fields {
        kind: "totp",
        secret: Some(&secret),
        algorithm: None,
        digits,
        period: None,
        counter: None,
    })?;
    let (issuer, account) = name_of(
        &name,
        &text("originalName")?,
        json::string(e.get("originalIssuer"), "originalIssuer")?,
        &text("accountType")?,
    );
    Ok(json::candidate(
        i,
        &issuer,
        &account,
        otp,
        serde_json::Map::new(),
    )?)
}

fn decrypt(e: &Value, sealed: &str, keys: &Keys) -> Result<Zeroizing<String>, Problem> {
    let salt = e.get("salt").and_then(Value::as_str).unwrap_or("");
    let rounds = json::number(
        e.get("key_derivation_iterations"),
        "key_derivation_iterations",
    )?
    .unwrap_or(DEFAULT_ITERATIONS);
    let key = keys
        .iter()
        .find(|((s, r), _)| s == salt.as_bytes() && u64::from(*r) == rounds)
        .map(|(_, k)| k)
        .expect("a key was derived for every encrypted entry");
    let mut buffer = Zeroizing::new(
        BASE64
            .decode(sealed.trim().as_bytes())
            .map_err(|_| EntryError::Field("encryptedSecret is not base64".into()))?,
    );
    if buffer.is_empty() || !buffer.len().is_multiple_of(16) {
        return Err(EntryError::Field(
            "encryptedSecret is not a whole number of AES blocks (damaged)".into(),
        )
        .into());
    }
    let plain = cbc::Decryptor::<Aes256>::new_from_slices(key.as_slice(), &[0u8; 16])
        .expect("a 32-byte key and a 16-byte IV")
        .decrypt_padded_mut::<Pkcs7>(&mut buffer)
        .map_err(|_| Problem::WrongPassword)?;
    let text = std::str::from_utf8(plain).map_err(|_| Problem::WrongPassword)?;
    // No check value: a wrong key gives bytes that are not a base32 secret.
    if Secret::from_base32(text).is_err() {
        return Err(Problem::WrongPassword);
    }
    Ok(Zeroizing::new(text.to_owned()))
}

/// Issuer and account from Authy's name fields, as the module header says.
fn name_of(
    name: &str,
    original_name: &str,
    original_issuer: Option<&str>,
    kind: &str,
) -> (String, String) {
    let (issuer, separator) = if let Some(issuer) = original_issuer.filter(|s| !s.trim().is_empty())
    {
        (issuer.to_owned(), "")
    } else if let Some((issuer, _)) = original_name.split_once(':') {
        (issuer.to_owned(), ":")
    } else if let Some((issuer, _)) = name.split_once(" - ") {
        (issuer.to_owned(), " - ")
    } else {
        let mut chars = kind.chars();
        let capital = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        (capital, "")
    };
    let mut account = if issuer.is_empty() {
        name.to_owned()
    } else {
        name.replace(&format!("{issuer}{separator}"), "")
    };
    if let Some(rest) = account.strip_prefix(": ") {
        account = rest.to_owned();
    }
    (issuer, account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_authys_fields() {
        assert_eq!(
            name_of(
                "alice@example.com",
                "GitHub:alice@example.com",
                None,
                "github"
            ),
            ("GitHub".into(), "alice@example.com".into())
        );
        assert_eq!(
            name_of("Example - bob", "", None, "authenticator"),
            ("Example".into(), "bob".into())
        );
        assert_eq!(
            name_of("carol", "", None, "dropbox"),
            ("Dropbox".into(), "carol".into())
        );
        assert_eq!(
            name_of("Bänk: dave", "", Some("Bänk"), "x"),
            ("Bänk".into(), "dave".into())
        );
    }
}
