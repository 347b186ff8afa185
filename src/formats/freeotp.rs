//! FreeOTP (Red Hat, `freeotp/freeotp-android`): the `tokens.xml` shared preferences of releases
//! before 2.0 (`/data/data/org.fedorahosted.freeotp/shared_prefs/tokens.xml`, also what their adb
//! backups hold), and FreeOTP 2's encrypted `externalBackup.xml` (below).
//! Each account is a string under its id (`issuer:label`) holding the Gson form of the app's `Token`:
//! `{"issuerInt", "issuerExt", "issuerAlt", "label", "labelAlt", "image", "imageAlt", "type": "TOTP" |
//! "HOTP", "algo", "secret": [signed bytes], "digits", "counter", "period"}`; `tokenOrder` holds the ids
//! in the user's order. FreeOTP+ (a fork) writes the same objects, in its JSON export too, and reads
//! them with `token` from [`super::freeotp_plus`].
//!
//! Names: the shown issuer is `issuerAlt` (the user's rename) or else `issuerExt` (the label's prefix);
//! `issuerInt` (the URI's `issuer=`) is used when both are empty. The account is `labelAlt` or `label`.
//! An account whose `issuerExt` is `Steam` makes Steam codes, as in the app.
//!
//! The oldest FreeOTP releases stored each token as its otpauth URI instead of JSON, with the user's
//! renames in the `issueralt` and `labelalt` parameters; the app still reads those, and so does fob.
//!
//! HOTP: FreeOTP makes a code from `counter` and then increments it (`getHOTP(counter++)` in
//! `Token.generateCodes`), so the stored counter is the next one to use, as in fob.
//!
//! FreeOTP 2 keeps the keys in the Android Keystore, where nothing can read them, and offers a
//! password-protected backup instead: `externalBackup.xml`, despite its name a Java object stream of one
//! `HashMap<String, String>` (read by `java_serial`), the `tokenBackup` shared preferences. Its entries:
//! - `masterKey`: the Gson form of `MasterKey`, `{"mAlgorithm": "PBKDF2withHmacSHA512" (or SHA1 on old
//!   phones), "mIterations": 100000, "mSalt": [32 bytes], "mEncryptedKey": EncryptedKey}`. The key
//!   PBKDF2(password, salt, iterations, salt length) opens the `EncryptedKey`, giving the master key.
//! - `<uuid>`: `{"key": "<EncryptedKey as a JSON string>"}`, the account's OTP key under the master key.
//! - `<uuid>-token`: the account's settings, the token JSON above without `secret`.
//!
//! An `EncryptedKey` is `{"mCipher": "AES/GCM/NoPadding", "mCipherText": [bytes, tag last],
//! "mParameters": [DER GCMParameters: IV and tag length], "mToken": key algorithm}`, the algorithm name
//! (`AES`, `HmacSHA1`...) being the GCM associated data. A wrong password fails the master key's tag;
//! an account key that fails its tag after that means a changed file. The iteration count comes from
//! the file and is capped at [`MAX_ITERATIONS`]. The backup holds no order: accounts come in stream order.

use serde_json::Value;
use zeroize::Zeroizing;

use super::json::{self, Fields};
use super::{
    Candidate, EntryError, Error, Parsed, Reader, android_prefs, crypto, java_serial, otpauth,
};
use crate::entry::Otp;
use crate::secret::{Secret, SecretError};

const FORMAT: &str = "FreeOTP";

/// The most PBKDF2 iterations accepted from a backup (FreeOTP writes 100,000): a hostile count must
/// not keep fob busy before it can say the password is wrong.
pub const MAX_ITERATIONS: u32 = 1_000_000;

/// How `import` finds and reads FreeOTP files: shared-preferences XML naming FreeOTP's fields (other
/// apps keep shared preferences too), or a Java object stream (the encrypted backup).
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, bytes, _| {
        (android_prefs::looks_like(bytes)
            && [&b"tokenOrder"[..], b"issuerExt"]
                .iter()
                .any(|m| bytes.windows(m.len()).any(|w| w == *m)))
            || java_serial::is_stream(bytes)
    },
    is_encrypted: java_serial::is_stream,
    read: |bytes, password| {
        if java_serial::is_stream(bytes) {
            parse_backup(bytes, password.ok_or(Error::PasswordNeeded)?)
        } else {
            parse(bytes)
        }
    },
};

/// Reads a FreeOTP `tokens.xml`.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    parse_prefs(FORMAT, bytes, Counter::Next)
}

/// Reads FreeOTP 2's encrypted `externalBackup.xml`.
pub fn parse_backup(bytes: &[u8], password: &[u8]) -> Result<Parsed, Error> {
    let map = java_serial::string_map(FORMAT, bytes)?;
    let get = |key: &str| map.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let master = get("masterKey")
        .ok_or_else(|| Error::Malformed("not a FreeOTP backup (no masterKey in it)".into()))?;
    let master = master_key(&backup_json(master, "the masterKey")?, password)?;
    let mut out = Parsed::default();
    let accounts = map
        .iter()
        .filter(|(k, _)| k != "masterKey" && !k.ends_with("-token"));
    for (i, (uuid, value)) in accounts.enumerate() {
        let token: Option<Value> =
            get(&format!("{uuid}-token")).and_then(|s| serde_json::from_str(s).ok());
        let label = token.as_ref().map_or_else(String::new, |t| {
            let get = |k| t.get(k).and_then(Value::as_str).unwrap_or("");
            json::label(get("issuerExt"), get("label"))
        });
        match backup_account(i, value, token, &master) {
            Err(BackupError::File(e)) => return Err(e),
            Err(BackupError::Entry(e)) => out.push(i, &label, Err(e)),
            Ok(c) => out.push(i, &label, Ok(c)),
        }
    }
    Ok(out)
}

/// Why an account of a backup cannot be read: the whole file (a changed key) or that account.
enum BackupError {
    File(Error),
    Entry(EntryError),
}

fn backup_json(text: &str, what: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| {
        Error::Malformed(format!(
            "damaged FreeOTP backup: {what} is not JSON (column {})",
            e.column()
        ))
    })
}

/// The master key, from the password.
fn master_key(mk: &Value, password: &[u8]) -> Result<Zeroizing<[u8; 32]>, Error> {
    let damaged = |why: &str| Error::Malformed(format!("damaged FreeOTP backup: {why}"));
    let iterations = mk
        .get("mIterations")
        .and_then(Value::as_u64)
        .ok_or_else(|| damaged("the master key has no iteration count"))?;
    if iterations == 0 {
        return Err(damaged("the iteration count is 0"));
    }
    let iterations = u32::try_from(iterations)
        .ok()
        .filter(|&n| n <= MAX_ITERATIONS)
        .ok_or_else(|| {
            Error::TooCostly(format!(
                "{iterations} PBKDF2 iterations is beyond fob's limit of {MAX_ITERATIONS} (not a FreeOTP backup?)"
            ))
        })?;
    let salt =
        bytes_of(mk.get("mSalt")).ok_or_else(|| damaged("the salt is not a list of bytes"))?;
    if salt.len() != 32 {
        return Err(Error::Unsupported(format!(
            "a FreeOTP backup with a {}-byte salt (fob reads FreeOTP's 32-byte one)",
            salt.len()
        )));
    }
    let mut key = Zeroizing::new([0u8; 32]);
    match mk.get("mAlgorithm").and_then(Value::as_str).unwrap_or("") {
        a if a.eq_ignore_ascii_case("PBKDF2withHmacSHA512") => {
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, &salt, iterations, key.as_mut());
        }
        a if a.eq_ignore_ascii_case("PBKDF2withHmacSHA1") => {
            pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, &salt, iterations, key.as_mut());
        }
        other => {
            return Err(Error::Unsupported(format!(
                "a FreeOTP backup whose key derivation is {:?} (fob reads PBKDF2 with SHA512 or SHA1)",
                other.chars().take(32).collect::<String>()
            )));
        }
    }
    let ek = mk
        .get("mEncryptedKey")
        .ok_or_else(|| damaged("the master key is missing"))?;
    let opened = open_key(ek, &key)
        .map_err(|why| damaged(&format!("the master key {why}")))?
        .ok_or(Error::WrongPassword)?;
    let master: [u8; 32] = opened
        .as_slice()
        .try_into()
        .map_err(|_| damaged("the master key is not 32 bytes"))?;
    Ok(Zeroizing::new(master))
}

fn backup_account(
    i: usize,
    value: &str,
    token: Option<Value>,
    master: &[u8; 32],
) -> Result<Candidate, BackupError> {
    let field = |why: &str| BackupError::Entry(EntryError::Field(why.to_owned()));
    let wrapper: Value =
        serde_json::from_str(value).map_err(|_| field("the account's key record is not JSON"))?;
    let ek: Value = wrapper
        .get("key")
        .and_then(Value::as_str)
        .and_then(|s| serde_json::from_str(s).ok())
        .ok_or_else(|| field("the account's key record has no key"))?;
    let mut token =
        token.ok_or_else(|| field("the account's settings (its -token entry) are missing"))?;
    let secret = open_key(&ek, master)
        .map_err(|why| field(&format!("the account's key {why}")))?
        .ok_or(BackupError::File(Error::Tampered))?;
    let Some(t) = token.as_object_mut() else {
        return Err(field("the account's settings are not an object"));
    };
    t.insert(
        "secret".into(),
        Value::Array(secret.iter().map(|&b| Value::from(b)).collect()),
    );
    // FreeOTP 2 also makes a code from `counter` and then increments it (`Token.getCode`).
    self::token(i, &token, Counter::Next).map_err(BackupError::Entry)
}

/// Opens an `EncryptedKey` with `key`: `Ok(None)` when the tag does not match, `Err` naming what is
/// malformed.
fn open_key(ek: &Value, key: &[u8; 32]) -> Result<Option<Zeroizing<Vec<u8>>>, &'static str> {
    let cipher = ek.get("mCipher").and_then(Value::as_str).unwrap_or("");
    if !cipher.eq_ignore_ascii_case("AES/GCM/NoPadding") {
        return Err("uses a cipher other than AES/GCM");
    }
    let sealed = bytes_of(ek.get("mCipherText")).ok_or("has no ciphertext")?;
    let params = bytes_of(ek.get("mParameters")).ok_or("has no GCM parameters")?;
    let nonce = gcm_nonce(&params).ok_or("has GCM parameters fob cannot use")?;
    let aad = ek.get("mToken").and_then(Value::as_str).unwrap_or("");
    Ok(crypto::open_aad(key, nonce, aad.as_bytes(), &sealed))
}

/// The IV of a DER `GCMParameters ::= SEQUENCE { aes-iv OCTET STRING, aes-tLen INTEGER }`, when it is
/// 12 bytes with a 16-byte tag (what Android writes).
fn gcm_nonce(der: &[u8]) -> Option<&[u8]> {
    let [0x30, len, 0x04, 12, rest @ ..] = der else {
        return None;
    };
    if usize::from(*len) != der.len() - 2 {
        return None;
    }
    let (iv, tag) = rest.split_at_checked(12)?;
    (tag == [0x02, 0x01, 16]).then_some(iv)
}

/// A Gson `byte[]`: a list of numbers from -128 to 255.
fn bytes_of(v: Option<&Value>) -> Option<Zeroizing<Vec<u8>>> {
    v?.as_array()?
        .iter()
        .map(|b| {
            b.as_i64()
                .filter(|b| (-128..=255).contains(b))
                .map(|b| b.to_le_bytes()[0])
        })
        .collect::<Option<Vec<u8>>>()
        .map(Zeroizing::new)
}

/// What a file's HOTP `counter` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counter {
    /// The counter the next code is made from (FreeOTP).
    Next,
    /// The counter of the last code shown (FreeOTP+): fob's is one more.
    LastUsed,
}

/// Reads the tokens of a shared-preferences file in `tokenOrder`, then any not listed there.
pub(crate) fn parse_prefs(
    format: &'static str,
    bytes: &[u8],
    counter: Counter,
) -> Result<Parsed, Error> {
    let strings = android_prefs::strings(format, bytes)?;
    let order: Vec<String> = strings
        .iter()
        .find(|(k, _)| k == "tokenOrder")
        .and_then(|(_, v)| serde_json::from_str(v).ok())
        .unwrap_or_default();
    let is_token = |v: &str| {
        let v = v.trim_start();
        v.starts_with('{')
            || v.get(..10)
                .is_some_and(|p| p.eq_ignore_ascii_case("otpauth://"))
    };
    let mut tokens: Vec<(&str, &str)> = strings
        .iter()
        .filter(|(k, v)| k != "tokenOrder" && is_token(v))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    tokens.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    let mut out = Parsed::default();
    for (i, (key, value)) in tokens.into_iter().enumerate() {
        if !value.trim_start().starts_with('{') {
            out.push(i, key, uri_token(i, value));
            continue;
        }
        let result = serde_json::from_str::<Value>(value)
            .map_err(|e| {
                EntryError::Field(format!("the token is not JSON (column {})", e.column()))
            })
            .and_then(|t| token(i, &t, counter));
        out.push(i, key, result);
    }
    Ok(out)
}

/// A token stored as its URI (the oldest releases), with the renames FreeOTP kept in it.
fn uri_token(i: usize, uri: &str) -> Result<Candidate, EntryError> {
    let parsed = otpauth::parse(uri)?;
    let query = uri.split_once('?').map_or("", |(_, q)| q);
    let param = |key: &str| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let issuer = param("issueralt").unwrap_or(parsed.name.issuer);
    let account = param("labelalt").unwrap_or(parsed.name.account);
    json::candidate(i, &issuer, &account, parsed.otp, serde_json::Map::new())
}

/// One Gson-serialised `Token` object of FreeOTP or FreeOTP+.
pub(crate) fn token(i: usize, t: &Value, counter: Counter) -> Result<Candidate, EntryError> {
    if !t.is_object() {
        return Err(EntryError::Field("the token is not an object".into()));
    }
    let text = |k: &str| -> Result<&str, EntryError> {
        Ok(json::string(t.get(k), k)?.map_or("", str::trim))
    };
    let issuer_ext = text("issuerExt")?;
    let issuer = [
        text("issuerAlt")?,
        issuer_ext,
        text("issuerInt")?,
        text("issuer")?,
    ]
    .into_iter()
    .find(|s| !s.is_empty())
    .unwrap_or("");
    let account = [text("labelAlt")?, text("label")?]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or("");
    let secret = secret(t.get("secret"))?;
    let otp = if issuer_ext == "Steam" {
        Otp::steam(secret)
    } else {
        let stored = json::number(t.get("counter"), "counter")?;
        let base32 = secret.base32();
        json::otp_from(&Fields {
            kind: json::string(t.get("type"), "type")?.unwrap_or("TOTP"),
            secret: Some(&base32),
            algorithm: json::string(t.get("algo"), "algo")?
                .or(json::string(t.get("algorithm"), "algorithm")?),
            digits: json::number(t.get("digits"), "digits")?,
            period: json::number(t.get("period"), "period")?,
            counter: match counter {
                Counter::Next => stored,
                Counter::LastUsed => stored.map(|c| c.saturating_add(1)),
            },
        })?
    };
    let tags: Vec<String> = json::string(t.get("category"), "category")
        .ok()
        .flatten()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .into_iter()
        .collect();
    json::candidate(i, issuer, account, otp, json::extra_of(None, tags))
}

/// The key: Gson writes `byte[]` as an array of signed numbers; a string is read as base32.
fn secret(v: Option<&Value>) -> Result<Secret, EntryError> {
    match v {
        Some(Value::Array(_)) => {
            let bytes = bytes_of(v)
                .ok_or_else(|| EntryError::Field("secret is not a list of bytes".into()))?;
            Ok(Secret::from_bytes(bytes.to_vec())?)
        }
        Some(Value::String(s)) => Ok(Secret::from_base32(s)?),
        None | Some(Value::Null) => Err(SecretError::Empty.into()),
        Some(_) => Err(EntryError::Field("secret is not a list of bytes".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Kind;

    fn prefs(tokens: &[(&str, Value)]) -> String {
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('"', "&quot;")
                .replace('<', "&lt;")
        };
        let order: Vec<&str> = tokens.iter().rev().map(|(k, _)| *k).collect();
        let mut xml =
            String::from("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n");
        xml += &format!(
            "    <string name=\"tokenOrder\">{}</string>\n",
            esc(&serde_json::to_string(&order).unwrap())
        );
        for (k, v) in tokens {
            xml += &format!(
                "    <string name=\"{}\">{}</string>\n",
                esc(k),
                esc(&v.to_string())
            );
        }
        xml + "</map>\n"
    }

    #[test]
    fn tokens_in_order_with_renames_steam_and_hotp() {
        // "Hello!\xde\xad\xbe\xef" = JBSWY3DPEHPK3PXP, with the high bytes as Java's signed bytes.
        let key = serde_json::json!([72, 101, 108, 108, 111, 33, -34, -83, -66, -17]);
        let xml = prefs(&[
            (
                "GitHub:alice",
                serde_json::json!({"issuerExt": "GitHub", "issuerAlt": "GH", "label": "alice",
              "type": "TOTP", "algo": "SHA256", "secret": key, "digits": 8, "period": 60, "counter": 0}),
            ),
            (
                "Steam:gamer",
                serde_json::json!({"issuerExt": "Steam", "label": "gamer", "type": "TOTP",
              "algo": "SHA1", "secret": key, "digits": 5, "period": 30}),
            ),
            (
                "bank",
                serde_json::json!({"issuerExt": "", "issuerInt": "Bank", "label": "bob", "type": "HOTP",
              "algo": "SHA1", "secret": key, "digits": 6, "period": 30, "counter": 7}),
            ),
        ]);
        let got = parse(xml.as_bytes()).unwrap();
        assert!(got.problems.is_empty(), "{:?}", got.problems);
        let names: Vec<String> = got.candidates.iter().map(|c| c.name.to_string()).collect();
        assert_eq!(names, ["Bank:bob", "Steam:gamer", "GH:alice"]);
        assert_eq!(got.candidates[0].otp.kind, Kind::Hotp { counter: 7 });
        assert_eq!(got.candidates[1].otp.kind, Kind::Steam);
        assert_eq!(got.candidates[2].otp.kind, Kind::Totp { period: 60 });
        assert_eq!(got.candidates[2].otp.digits, 8);
        assert_eq!(
            got.candidates[2].otp.secret.base32().as_str(),
            "JBSWY3DPEHPK3PXP"
        );
        let old = prefs(&[(
            "Old:uri",
            Value::String(
                "otpauth://hotp/Old:uri?secret=JBSWY3DPEHPK3PXP&counter=3&labelalt=renamed".into(),
            ),
        )])
        .replace("&quot;otpauth", "otpauth")
        .replace("labelalt=renamed&quot;", "labelalt=renamed");
        let got_old = parse(old.as_bytes()).unwrap();
        assert_eq!(got_old.candidates[0].name.to_string(), "Old:renamed");
        assert_eq!(got_old.candidates[0].otp.kind, Kind::Hotp { counter: 3 });
        let plus = parse_prefs("FreeOTP+", xml.as_bytes(), Counter::LastUsed).unwrap();
        assert_eq!(plus.candidates[0].otp.kind, Kind::Hotp { counter: 8 });

        assert_eq!(
            gcm_nonce(&[[0x30, 17, 4, 12].as_slice(), &[9; 12], &[2, 1, 16]].concat()),
            Some(&[9u8; 12][..])
        );
        assert_eq!(gcm_nonce(&[0x30, 17, 4, 12]), None);
    }
}
