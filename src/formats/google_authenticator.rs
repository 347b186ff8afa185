//! Google Authenticator's own database (`databases` in the app's data folder,
//! `/data/data/com.google.android.apps.authenticator2/databases/databases`), for people whose phone
//! can no longer export: read with [`super::sqlite`] from a copy pulled off a rooted phone.
//!
//! Table `accounts`: `email` (the account, sometimes `Issuer:account` as the app's older versions
//! stored it), `secret` (base32), `type` (0 TOTP, 1 HOTP), `counter`, `issuer` (may be NULL or
//! empty). Every entry is SHA1, 6 digits, 30 s: the app has no other settings.
//!
//! HOTP: the app adds one to `counter` *before* it makes a code, so the stored value is the last
//! counter used (google-authenticator-android `OtpProvider.getNextCode`, `AccountDb.incrementCounter`).
//! fob's counter is the next one to use: the stored value plus one.

use super::sqlite::{self, Row};
use super::{Candidate, EntryError, Error, Parsed, Reader, json};
use crate::entry::Algorithm;
use crate::entry::{DEFAULT_DIGITS, DEFAULT_PERIOD, Kind, Otp};
use crate::secret::Secret;

const FORMAT: &str = "Google Authenticator";
const TABLE: &str = "accounts";

/// How `import` finds and reads Google Authenticator's database: an SQLite file with an `accounts`
/// table that has `email` and `secret` columns.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, bytes, _| sqlite::has_columns(bytes, TABLE, &["email", "secret"]),
    is_encrypted: |_| false,
    read: |bytes, _| parse(bytes),
};

/// Reads the database (with its write-ahead log already applied, see [`sqlite::with_wal`]).
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let conn = sqlite::open(FORMAT, bytes)?;
    let mut out = Parsed::default();
    for (i, row) in sqlite::rows(FORMAT, &conn, TABLE)?.iter().enumerate() {
        let (issuer, account) = name_of(row);
        let label = json::label(&issuer, &account);
        out.push(i, &label, entry(i, row, &issuer, &account));
    }
    Ok(out)
}

/// Issuer and account: the `issuer` column when it has one, else the part of `email` before a colon.
fn name_of(row: &Row) -> (String, String) {
    let email = row.text("email").unwrap_or_default();
    let issuer = row.text("issuer").unwrap_or_default();
    match email.split_once(':') {
        Some((prefix, account)) => {
            let issuer = if issuer.trim().is_empty() {
                prefix.to_owned()
            } else {
                issuer
            };
            (issuer, account.to_owned())
        }
        None => (issuer, email),
    }
}

fn entry(i: usize, row: &Row, issuer: &str, account: &str) -> Result<Candidate, EntryError> {
    let secret = Secret::from_base32(&zeroize::Zeroizing::new(
        row.text("secret").unwrap_or_default(),
    ))?;
    let kind = match row.integer("type") {
        Some(0) | None => Kind::Totp {
            period: DEFAULT_PERIOD,
        },
        Some(1) => {
            let stored = row.integer("counter").unwrap_or(0);
            let last = u64::try_from(stored)
                .map_err(|_| EntryError::Field("counter is negative".into()))?;
            Kind::Hotp {
                counter: last.saturating_add(1),
            }
        }
        Some(other) => {
            return Err(EntryError::Unsupported {
                name: format!("type {other}"),
                why: "are not an OTP type Google Authenticator has (0 TOTP, 1 HOTP)",
            });
        }
    };
    let otp = Otp {
        secret,
        kind,
        algorithm: Algorithm::Sha1,
        digits: DEFAULT_DIGITS,
    };
    json::candidate(i, issuer, account, otp, serde_json::Map::new())
}
