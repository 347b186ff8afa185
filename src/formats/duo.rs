//! Duo Mobile's account list (`/data/data/com.duosecurity.duomobile/files/duokit/accounts.json`, from
//! a rooted phone; Duo has no export). Layout as Aegis's importer reads it (facts only): a JSON array of
//! accounts, each with `name` and `otpGenerator: {otpSecret (base32), counter?}`. An account with a
//! counter is HOTP, one without is TOTP; both SHA1, 6 digits, 30 s. Duo is not open source, so its
//! counter convention cannot be read from its code: the stored `counter` is taken as the next one to
//! use, as Aegis takes it (a server's look-ahead window absorbs one step either way). The name is the
//! account; Duo keeps no issuer apart from it.

use serde_json::Value;
use zeroize::Zeroizing;

use super::json::{self, Fields};
use super::{Candidate, EntryError, Error, Parsed, Reader};

const FORMAT: &str = "Duo";

/// How `import` finds and reads Duo's account list: a JSON array whose first element has
/// `otpGenerator`.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, _, doc| {
        doc.and_then(Value::as_array)
            .and_then(|items| items.first())
            .is_some_and(|e| e.get("otpGenerator").is_some())
    },
    is_encrypted: |_| false,
    read: |bytes, _| parse(bytes),
};

/// Reads the account list.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let items: Vec<Value> = json::parse(FORMAT, bytes)?;
    let mut out = Parsed::default();
    for (i, e) in items.iter().enumerate() {
        let name = e.get("name").and_then(Value::as_str).unwrap_or("");
        out.push(i, name, entry(i, e));
    }
    Ok(out)
}

fn entry(i: usize, e: &Value) -> Result<Candidate, EntryError> {
    let generator = e
        .get("otpGenerator")
        .filter(|g| g.is_object())
        .ok_or_else(|| EntryError::Field("otpGenerator is missing".into()))?;
    let secret = Zeroizing::new(
        json::string(generator.get("otpSecret"), "otpSecret")?
            .unwrap_or("")
            .to_owned(),
    );
    let counter = json::number(generator.get("counter"), "counter")?;
    let otp = json::otp_from(&Fields {
        kind: if counter.is_some() { "hotp" } else { "totp" },
        secret: Some(&secret),
        counter,
        ..Fields::default()
    })?;
    let name = json::string(e.get("name"), "name")?.unwrap_or("");
    json::candidate(i, "", name, otp, serde_json::Map::new())
}
