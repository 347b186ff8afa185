//! FreeOTP+ (`helloworld1/FreeOTPPlus`): its JSON export (Settings → Export → JSON,
//! `freeotp-backup.json`) and the `tokens.xml` shared preferences it kept before moving to a database.
//!
//! The export is `{"tokens": [Token...], "tokenOrder": ["issuer:label", ...]}`, each token the Gson form
//! of FreeOTP's `Token` (see [`super::freeotp`] for its fields and how names are chosen), with FreeOTP+'s
//! `category` kept as a tag. The app's own import drops tokens missing from `tokenOrder`; fob imports
//! every token, in the file's order.
//!
//! HOTP: FreeOTP+ stores the counter of the last code shown (its URI parser stores `counter - 1` and its
//! URI writer adds 1 back, `OtpTokenFactory`), so fob's next counter is the stored one plus 1. A
//! `tokens.xml` cannot be told from FreeOTP's by its bytes; detection reads it as FreeOTP, and
//! `--format freeotp-plus` reads it with FreeOTP+'s counter.

use serde_json::Value;

use super::freeotp::{self, Counter};
use super::{Error, Parsed, Reader, android_prefs, json};

const FORMAT: &str = "FreeOTP+";

/// How `import` finds and reads FreeOTP+ files: a JSON object with `tokens` and `tokenOrder`
/// (shared-preferences XML only when the format is given).
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, _, doc| doc.is_some_and(has_shape),
    is_encrypted: |_| false,
    read: |bytes, _| {
        if android_prefs::looks_like(bytes) {
            freeotp::parse_prefs(FORMAT, bytes, Counter::LastUsed)
        } else {
            parse(bytes)
        }
    },
};

fn has_shape(doc: &Value) -> bool {
    doc.get("tokens").is_some_and(Value::is_array) && doc.get("tokenOrder").is_some()
}

/// Reads a FreeOTP+ JSON export. Candidates' `origin` is `entry N`.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let doc: Value = json::parse(FORMAT, bytes)?;
    let Some(tokens) = doc.get("tokens").and_then(Value::as_array) else {
        return Err(Error::Malformed(
            "not a FreeOTP+ export (no tokens list)".into(),
        ));
    };
    let mut out = Parsed::default();
    for (i, t) in tokens.iter().enumerate() {
        let get = |k| t.get(k).and_then(Value::as_str).unwrap_or("");
        let label = json::label(get("issuerExt"), get("label"));
        out.push(i, &label, freeotp::token(i, t, Counter::LastUsed));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Kind;

    #[test]
    fn export_with_category_and_hotp_counter() {
        let key = serde_json::json!([72, 101, 108, 108, 111, 33, -34, -83, -66, -17]);
        let doc = serde_json::json!({"tokenOrder": ["GitHub:alice"], "tokens": [
            {"issuerExt": "GitHub", "issuerInt": "GitHub", "label": "alice", "type": "TOTP", "algo": "SHA1",
             "secret": key, "digits": 6, "period": 30, "counter": 0, "category": "Work"},
            {"issuerExt": "Bank", "label": "bob", "type": "HOTP", "algo": "SHA512", "secret": key,
             "digits": 8, "period": 30, "counter": 4},
            {"issuerExt": "Broken", "label": "x", "type": "TOTP", "secret": [1, 2, 300]}
        ]});
        assert!(has_shape(&doc));
        let got = parse(doc.to_string().as_bytes()).unwrap();
        assert_eq!(got.candidates.len(), 2);
        assert_eq!(got.candidates[0].extra["tags"], serde_json::json!(["Work"]));
        assert_eq!(got.candidates[1].otp.kind, Kind::Hotp { counter: 5 });
        assert_eq!(
            got.problems[0].to_string(),
            "entry 3 (Broken:x): secret is not a list of bytes"
        );
    }
}
