//! Steam Guard's `.maFile`: one JSON object per Steam account, written by Steam Desktop Authenticator
//! (SDA) and by steamguard-cli (`maFiles/<account>.maFile`). Both keep the TOTP key as `shared_secret`,
//! standard base64 of the raw key, and the login as `account_name`.
//!
//! Two layouts are read. SDA's (and steamguard-cli's before 0.9) nests the session under `Session`
//! (`{"shared_secret", "account_name", "serial_number", "revocation_code", "uri", "identity_secret",
//! "device_id", "Session": {"SteamID", ...}, ...}`); steamguard-cli's current one is flat with
//! `steam_id` and `tokens`. Only `shared_secret` and `account_name` make the entry; the other secrets
//! (`identity_secret` for trade confirmations, `revocation_code`) are not OTP keys and are not kept.
//! steamguard-cli can encrypt its maFiles (a base64 blob, not JSON, with the key settings in
//! `manifest.json`): those are not read, but recognised by their `.maFile` name and refused with the
//! advice to run `steamguard decrypt` first.
//!
//! The entry is named `Steam:<account_name>` and makes Steam's five-character codes.

use data_encoding::BASE64;
use serde_json::Value;

use super::{EntryError, Error, Parsed, Reader, json};
use crate::entry::Otp;
use crate::secret::{Secret, SecretError};

const FORMAT: &str = "Steam";

/// How `import` finds and reads maFiles: a JSON object with `shared_secret` beside `account_name`,
/// `serial_number` or `revocation_code`, or any file named `*.maFile` (so that an encrypted one is
/// named as such rather than read as a list of URIs).
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |file, _, doc| {
        doc.is_some_and(|d| has_shape(d) || is_manifest(d))
            || std::path::Path::new(file)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("mafile"))
    },
    is_encrypted: |_| false,
    read: |bytes, _| parse(bytes),
};

fn has_shape(doc: &Value) -> bool {
    doc.as_object().is_some_and(|o| {
        o.contains_key("shared_secret")
            && ["account_name", "serial_number", "revocation_code"]
                .iter()
                .any(|k| o.contains_key(*k))
    })
}

/// steamguard-cli's `maFiles/manifest.json`: `{"entries": [{"filename": "NAME.maFile", ...}], ...}`.
fn is_manifest(doc: &Value) -> bool {
    doc.get("entries")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
        .and_then(|e| e.get("filename"))
        .and_then(Value::as_str)
        .is_some_and(|f| f.to_ascii_lowercase().ends_with(".mafile"))
}

/// Reads one maFile: one entry, `entry 1`.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let text = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .trim_ascii();
    if !text.is_empty() && !text.starts_with(b"{") && BASE64.decode(text).is_ok() {
        return Err(Error::Unsupported(
            "an encrypted steamguard-cli maFile: run `steamguard decrypt` and import the maFile again"
                .into(),
        ));
    }
    let doc: Value = json::parse(FORMAT, bytes)?;
    if is_manifest(&doc) && !has_shape(&doc) {
        return Err(Error::Unsupported(
            "steamguard-cli's manifest.json, which lists the accounts but holds no keys: import the \
             .maFile files beside it"
                .into(),
        ));
    }
    if !doc.is_object() {
        return Err(Error::Malformed(
            "not a Steam maFile (expected one JSON object)".into(),
        ));
    }
    let account = json::string(doc.get("account_name"), "account_name")
        .ok()
        .flatten()
        .unwrap_or("");
    let mut out = Parsed::default();
    out.push(0, &json::label(FORMAT, account), entry(&doc, account));
    Ok(out)
}

fn entry(doc: &Value, account: &str) -> Result<super::Candidate, EntryError> {
    let encoded = json::string(doc.get("shared_secret"), "shared_secret")?.unwrap_or("");
    if encoded.trim().is_empty() {
        return Err(SecretError::Empty.into());
    }
    let key = zeroize::Zeroizing::new(
        BASE64
            .decode(encoded.trim().as_bytes())
            .map_err(|_| EntryError::Field("shared_secret is not base64".into()))?,
    );
    let secret = Secret::from_bytes(key.to_vec())?;
    json::candidate(
        0,
        FORMAT,
        account,
        Otp::steam(secret),
        serde_json::Map::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Kind;

    #[test]
    fn both_layouts_give_a_steam_entry() {
        // "Hello!\xde\xad\xbe\xef" in base64; JBSWY3DPEHPK3PXP in base32.
        let old = br#"{"shared_secret":"SGVsbG8h3q2+7w==","serial_number":"1","revocation_code":"R1","account_name":"gamer","Session":{"SteamID":7}}"#;
        let new = br#"{"account_name":"gamer","steam_id":7,"shared_secret":"SGVsbG8h3q2+7w==","tokens":null}"#;
        for bytes in [&old[..], &new[..]] {
            let doc: Value = serde_json::from_slice(bytes).unwrap();
            assert!(has_shape(&doc));
            let got = parse(bytes).unwrap();
            let c = &got.candidates[0];
            assert_eq!(c.name.to_string(), "Steam:gamer");
            assert_eq!(c.otp.kind, Kind::Steam);
            assert_eq!(c.otp.secret.base32().as_str(), "JBSWY3DPEHPK3PXP");
        }
        let manifest =
            br#"{"encrypted":false,"entries":[{"filename":"gamer.maFile","steam_id":7}]}"#;
        assert!(is_manifest(&serde_json::from_slice(manifest).unwrap()));
        assert!(matches!(parse(manifest), Err(Error::Unsupported(_))));
        assert!(matches!(
            parse(b"c2VjcmV0IHN0dWZmIGVuY3J5cHRlZA=="),
            Err(Error::Unsupported(_))
        ));
        let bad = parse(br#"{"shared_secret":"not base64!","account_name":"x"}"#).unwrap();
        assert_eq!(
            bad.problems[0].to_string(),
            "entry 1 (Steam:x): shared_secret is not base64"
        );
    }
}
