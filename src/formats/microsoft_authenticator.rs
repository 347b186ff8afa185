//! Microsoft Authenticator's own database (`PhoneFactor` in the app's data folder,
//! `/data/data/com.azure.authenticator/databases/PhoneFactor`), read with [`super::sqlite`] from a copy
//! pulled off a rooted phone: the app has no export.
//!
//! Table `accounts`: `name` (the issuer), `username` (the account), `oath_secret_key`, and
//! `account_type`: 0 is an ordinary TOTP account (base32 secret, 6 digits), 1 a personal Microsoft
//! account (base64 secret, 8 digits); both SHA1, 30 s. The other types (work or school accounts that
//! only approve sign-ins by notification) carry no code secret: such a row with an empty secret is
//! not an OTP account and is passed over; one with a secret is reported as unsupported.

use data_encoding::{BASE64, BASE64_NOPAD};
use zeroize::Zeroizing;

use super::sqlite;
use super::{Candidate, EntryError, Error, Parsed, Reader, json};
use crate::entry::{Algorithm, DEFAULT_PERIOD, Kind, Otp};
use crate::secret::{Secret, SecretError};

const FORMAT: &str = "Microsoft Authenticator";
const TABLE: &str = "accounts";
const TYPE_TOTP: i64 = 0;
const TYPE_MICROSOFT: i64 = 1;

/// How `import` finds and reads Microsoft Authenticator's database: an SQLite file with an `accounts`
/// table that has an `oath_secret_key` column.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, bytes, _| {
        sqlite::has_columns(bytes, TABLE, &["oath_secret_key", "account_type"])
    },
    is_encrypted: |_| false,
    read: |bytes, _| parse(bytes),
};

/// Reads the database (with its write-ahead log already applied, see [`sqlite::with_wal`]).
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let conn = sqlite::open(FORMAT, bytes)?;
    let mut out = Parsed::default();
    for (i, row) in sqlite::rows(FORMAT, &conn, TABLE)?.iter().enumerate() {
        let issuer = row.text("name").unwrap_or_default();
        let account = row.text("username").unwrap_or_default();
        let secret = Zeroizing::new(row.text("oath_secret_key").unwrap_or_default());
        let kind = row.integer("account_type");
        if !matches!(kind, Some(TYPE_TOTP | TYPE_MICROSOFT)) && secret.trim().is_empty() {
            continue;
        }
        let label = json::label(&issuer, &account);
        out.push(i, &label, entry(i, kind, &secret, &issuer, &account));
    }
    Ok(out)
}

fn entry(
    i: usize,
    kind: Option<i64>,
    secret: &str,
    issuer: &str,
    account: &str,
) -> Result<Candidate, EntryError> {
    let (secret, digits) = match kind {
        Some(TYPE_TOTP) => (Secret::from_base32(secret)?, 6),
        Some(TYPE_MICROSOFT) => (base64_secret(secret)?, 8),
        other => {
            return Err(EntryError::Unsupported {
                name: other.map_or_else(|| "untyped".to_owned(), |t| format!("account type {t}")),
                why: "are not supported (only types 0 and 1 hold a code secret)",
            });
        }
    };
    let otp = Otp {
        secret,
        kind: Kind::Totp {
            period: DEFAULT_PERIOD,
        },
        algorithm: Algorithm::Sha1,
        digits,
    };
    json::candidate(i, issuer, account, otp, serde_json::Map::new())
}

/// A personal Microsoft account's key: base64, padded or not.
fn base64_secret(text: &str) -> Result<Secret, EntryError> {
    let clean: Zeroizing<String> =
        Zeroizing::new(text.chars().filter(|c| !c.is_whitespace()).collect());
    if clean.is_empty() {
        return Err(SecretError::Empty.into());
    }
    let bytes = BASE64
        .decode(clean.as_bytes())
        .or_else(|_| BASE64_NOPAD.decode(clean.as_bytes()))
        .map_err(|_| EntryError::Field("the secret of a Microsoft account is not base64".into()))?;
    Ok(Secret::from_bytes(bytes)?)
}
