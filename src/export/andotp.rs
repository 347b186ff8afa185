//! Writing andOTP plain JSON backups, in the layout [`crate::formats::andotp`] reads. Tags are kept.

use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::entry::{Entry, Kind};
use crate::formats::json;

/// A plain andOTP backup of `entries`.
#[must_use]
pub fn plain(entries: &[&Entry]) -> Zeroizing<Vec<u8>> {
    let list: Vec<Value> = entries
        .iter()
        .map(|e| {
            let mut v = json!({
                "secret": e.otp.secret.base32().as_str(),
                "issuer": e.name.issuer,
                "label": e.name.account,
                "digits": e.otp.digits,
                "type": e.otp.kind.name().to_ascii_uppercase(),
                "algorithm": e.otp.algorithm.as_str(),
                "thumbnail": "Default",
                "last_used": 0,
                "used_frequency": 0,
                "tags": json::tags_of(&e.extra),
            });
            match e.otp.kind {
                Kind::Totp { period } => v["period"] = json!(period),
                Kind::Hotp { counter } => v["counter"] = json!(counter),
                Kind::Steam => {}
            }
            v
        })
        .collect();
    let mut out = Zeroizing::new(serde_json::to_vec_pretty(&list).expect("JSON values serialise"));
    out.push(b'\n');
    out
}
