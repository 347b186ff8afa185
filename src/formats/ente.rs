//! Ente Auth exports. The plain export (Settings → Data → Export codes → Plain text) is one
//! `otpauth://` URI a line, read as a URI list ([`super::otpauth`]). The encrypted export is JSON,
//! `{"version": 1, "kdfParams": {"memLimit", "opsLimit", "salt"}, "encryptedData",
//! "encryptionNonce"}`: an Argon2id key and libsodium's XChaCha20-Poly1305 secret stream. fob does not
//! decrypt it yet; this reader recognises it so the message says what to do instead of calling it
//! unknown JSON.

use serde_json::Value;

use super::{Error, Parsed, Reader, otpauth};

const FORMAT: &str = "Ente Auth";

/// How `import` recognises an encrypted Ente export (to refuse it with a message).
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, _, doc| doc.is_some_and(has_shape),
    is_encrypted: |_| false,
    read: |bytes, _| parse(bytes),
};

fn has_shape(doc: &Value) -> bool {
    doc.get("kdfParams").is_some() && doc.get("encryptedData").is_some()
}

/// Reads a plain Ente export (a URI list); refuses an encrypted one with what to do.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let Ok(doc) = super::json::parse::<Value>(FORMAT, bytes) else {
        return (otpauth::READER.read)(bytes, None);
    };
    if has_shape(&doc) {
        return Err(Error::Unsupported(
            "an encrypted Ente Auth export, which fob does not decrypt yet: export again as \
             \"Plain text\" and import that file"
                .into(),
        ));
    }
    Err(Error::Malformed(
        "not an Ente Auth export (JSON, but not Ente's encrypted export)".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encrypted_export_is_refused_with_advice() {
        let doc = br#"{"version":1,"kdfParams":{"memLimit":1,"opsLimit":1,"salt":"AA=="},"encryptedData":"AA==","encryptionNonce":"AA=="}"#;
        assert!(matches!(parse(doc), Err(Error::Unsupported(_))));
        let plain = parse(b"otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\n").unwrap();
        assert_eq!(plain.candidates[0].name.to_string(), "GitHub:alice");
    }
}
