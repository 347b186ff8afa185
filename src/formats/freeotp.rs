//! FreeOTP (Red Hat, `freeotp/freeotp-android`) before 2.0: the app's `tokens.xml` shared preferences
//! (`/data/data/org.fedorahosted.freeotp/shared_prefs/tokens.xml`, also what its 1.x backups hold).
//! Each account is a string under its id (`issuer:label`) holding the Gson form of the app's `Token`:
//! `{"issuerInt", "issuerExt", "issuerAlt", "label", "labelAlt", "image", "imageAlt", "type": "TOTP" |
//! "HOTP", "algo", "secret": [signed bytes], "digits", "counter", "period"}`; `tokenOrder` holds the ids
//! in the user's order. FreeOTP+ (a fork) writes the same objects, in its JSON export too, and reads
//! them with [`token`] from [`super::freeotp_plus`].
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
//! FreeOTP 2's encrypted `externalBackup.xml` (a Java-serialised map with a password-wrapped master
//! key) is recognised by its stream header and refused with a message: fob does not read it yet.

use serde_json::Value;

use super::json::{self, Fields};
use super::{Candidate, EntryError, Error, Parsed, Reader, android_prefs, otpauth};
use crate::entry::Otp;
use crate::secret::{Secret, SecretError};

const FORMAT: &str = "FreeOTP";

/// The first bytes of a Java object stream (`ObjectOutputStream`): FreeOTP 2's `externalBackup.xml`.
const JAVA_STREAM_MAGIC: [u8; 4] = [0xac, 0xed, 0x00, 0x05];

/// How `import` finds and reads FreeOTP files: shared-preferences XML, or a Java object stream.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, bytes, _| {
        android_prefs::looks_like(bytes) || bytes.starts_with(&JAVA_STREAM_MAGIC)
    },
    is_encrypted: |_| false,
    read: |bytes, _| parse(bytes),
};

/// Reads a FreeOTP `tokens.xml`.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    if bytes.starts_with(&JAVA_STREAM_MAGIC) {
        return Err(Error::Unsupported(
            "a FreeOTP 2 backup (externalBackup.xml), which fob does not read yet: export the \
             accounts from FreeOTP as QR codes or otpauth:// URIs instead"
                .into(),
        ));
    }
    parse_prefs(FORMAT, bytes, Counter::Next)
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
        Some(Value::Array(items)) => {
            let bytes = items
                .iter()
                .map(|b| {
                    b.as_i64()
                        .filter(|b| (-128..=255).contains(b))
                        .map(|b| b.to_le_bytes()[0])
                })
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(|| EntryError::Field("secret is not a list of bytes".into()))?;
            Ok(Secret::from_bytes(bytes)?)
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

        let mut v2 = JAVA_STREAM_MAGIC.to_vec();
        v2.extend(b"sr\x00\x11java.util.HashMap");
        assert!(matches!(parse(&v2), Err(Error::Unsupported(_))));
    }
}
