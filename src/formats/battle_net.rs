//! The Battle.net app's authenticator
//! (`/data/data/com.blizzard.messenger/shared_prefs/com.blizzard.messenger.authenticator_preferences.xml`,
//! from a rooted phone). Layout as Aegis's importer reads it (facts only): Android shared preferences
//! with the device secret under `com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET` and the serial
//! under `….AUTHENTICATOR_SERIAL`, each masked: hex whose bytes, each combined by XOR with the byte
//! at the same place in the app's fixed [`MASK`], give text; for the secret that text is the key in
//! hex. The entry is TOTP, SHA1, 8 digits, 30 s, named `Battle.net:SERIAL`.

use data_encoding::HEXLOWER_PERMISSIVE;
use zeroize::Zeroizing;

use super::{Candidate, EntryError, Error, Parsed, Reader, android_prefs, json};
use crate::entry::{Algorithm, DEFAULT_PERIOD, Kind, Otp};
use crate::secret::Secret;

const FORMAT: &str = "Battle.net";
const SECRET_KEY: &str = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET";
const SERIAL_KEY: &str = "com.blizzard.messenger.AUTHENTICATOR_SERIAL";
/// The app's fixed mask (hex), the same on every phone.
pub const MASK: &str = "398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a";

/// How `import` finds and reads the Battle.net authenticator: shared preferences holding its device
/// secret.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, bytes, _| {
        android_prefs::looks_like(bytes)
            && bytes
                .windows(SECRET_KEY.len())
                .any(|w| w == SECRET_KEY.as_bytes())
    },
    is_encrypted: |_| false,
    read: |bytes, _| parse(bytes),
};

/// Reads the preferences file: one entry.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let strings = android_prefs::strings(FORMAT, bytes)?;
    let find = |key| strings.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let masked = find(SECRET_KEY).ok_or_else(|| {
        Error::Malformed(format!(
            "no {SECRET_KEY}: not a Battle.net authenticator file"
        ))
    })?;
    let serial = find(SERIAL_KEY).map_or(Ok(Zeroizing::new(String::new())), |s| unmask(s));
    let mut out = Parsed::default();
    let label = serial.as_ref().map_or(String::new(), |s| s.to_string());
    out.push(0, &label, entry(masked, serial));
    Ok(out)
}

fn entry(
    masked: &str,
    serial: Result<Zeroizing<String>, EntryError>,
) -> Result<Candidate, EntryError> {
    let serial = serial?;
    let hex = unmask(masked)?;
    let bytes = HEXLOWER_PERMISSIVE
        .decode(hex.trim().as_bytes())
        .map_err(|_| EntryError::Field("the unmasked device secret is not hex".into()))?;
    let otp = Otp {
        secret: Secret::from_bytes(bytes)?,
        kind: Kind::Totp {
            period: DEFAULT_PERIOD,
        },
        algorithm: Algorithm::Sha1,
        digits: 8,
    };
    json::candidate(0, "Battle.net", &serial, otp, serde_json::Map::new())
}

/// Hex, each byte XOR the byte of [`MASK`] at its place, read as text.
fn unmask(masked: &str) -> Result<Zeroizing<String>, EntryError> {
    let mask = HEXLOWER_PERMISSIVE
        .decode(MASK.as_bytes())
        .expect("the mask is hex");
    let bytes = Zeroizing::new(
        HEXLOWER_PERMISSIVE
            .decode(masked.trim().as_bytes())
            .map_err(|_| EntryError::Field("a masked value is not hex".into()))?,
    );
    if bytes.len() > mask.len() {
        return Err(EntryError::Field(format!(
            "a masked value is longer than the mask ({} bytes; at most {})",
            bytes.len(),
            mask.len()
        )));
    }
    let text: Vec<u8> = bytes.iter().zip(&mask).map(|(b, m)| b ^ m).collect();
    String::from_utf8(text)
        .map(Zeroizing::new)
        .map_err(|_| EntryError::Field("a masked value does not unmask to text".into()))
}
