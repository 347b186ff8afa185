//! Proton Authenticator's JSON export (Settings → Export): `{"version": 1, "entries": [{"id",
//! "content": {"uri", "entry_type", "name"}, "note"}]}`, unencrypted. `entry_type` is `Totp` (the `uri`
//! is an `otpauth://totp/...` Key URI) or `Steam` (the `uri` is `steam://SECRET`, and the entry's name
//! is in `content.name`). The note is kept in the entry's extra map.
//!
//! Read from Proton's own importer and exporter (`ProtonMail/proton-authenticator`, the Rust core's
//! `ExportedAuthenticatorEntry`).

use serde_json::Value;

use super::{Candidate, EntryError, Error, Parsed, Reader, json, otpauth};

const FORMAT: &str = "Proton Authenticator";

/// The newest export version fob knows.
pub const MAX_VERSION: u64 = 1;

/// How `import` finds and reads Proton exports: an object with `version` and `entries` whose entries
/// hold a `content` object.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, _, doc| doc.is_some_and(has_shape),
    is_encrypted: |_| false,
    read: |bytes, _| parse(bytes),
};

fn has_shape(doc: &Value) -> bool {
    doc.get("version").is_some()
        && doc
            .get("entries")
            .and_then(Value::as_array)
            .is_some_and(|e| e.first().is_none_or(|e| e.get("content").is_some()))
}

/// Reads a Proton Authenticator export. Candidates' `origin` is `entry N`.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let doc: Value = json::parse(FORMAT, bytes)?;
    // Proton writes the version as a number; a quoted one is read too.
    let version = json::number(doc.get("version"), "version")
        .map_err(|e| Error::Malformed(e.to_string()))?
        .unwrap_or(MAX_VERSION);
    if version > MAX_VERSION {
        return Err(Error::UnknownVersion {
            what: "Proton Authenticator export",
            version,
            max: MAX_VERSION,
        });
    }
    let Some(entries) = doc.get("entries").and_then(Value::as_array) else {
        return Err(Error::Malformed(
            "not a Proton Authenticator export (no entries list)".into(),
        ));
    };
    let mut out = Parsed::default();
    for (i, e) in entries.iter().enumerate() {
        let name = e
            .get("content")
            .and_then(|c| c.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("");
        out.push(i, name, entry(i, e, name));
    }
    Ok(out)
}

fn entry(i: usize, e: &Value, name: &str) -> Result<Candidate, EntryError> {
    let content = e
        .get("content")
        .filter(|c| c.is_object())
        .ok_or_else(|| EntryError::Field("no content".into()))?;
    let uri = json::string(content.get("uri"), "uri")?.unwrap_or("");
    let kind = json::string(content.get("entry_type"), "entry_type")?.unwrap_or("Totp");
    let parsed = otpauth::parse(uri)?;
    let steam = kind.eq_ignore_ascii_case("steam");
    if !steam && !kind.eq_ignore_ascii_case("totp") {
        return Err(EntryError::Unsupported {
            name: kind.chars().take(16).collect(),
            why: "are not supported (unknown entry type)",
        });
    }
    // A steam:// URI carries no name; Proton keeps it in content.name.
    let (issuer, account) = if uri
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("steam://")
    {
        ("Steam".to_owned(), name.trim().to_owned())
    } else {
        (parsed.name.issuer, parsed.name.account)
    };
    let note = json::string(e.get("note"), "note")?;
    json::candidate(
        i,
        &issuer,
        &account,
        parsed.otp,
        json::extra_of(note, Vec::new()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Kind;

    #[test]
    fn totp_and_steam_entries() {
        let doc = serde_json::json!({"version": 1, "entries": [
            {"id": "a", "content": {"uri": "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
              "entry_type": "Totp", "name": "GitHub"}, "note": "work"},
            {"id": "b", "content": {"uri": "steam://JBSWY3DPEHPK3PXP", "entry_type": "Steam", "name": "gamer"}, "note": null},
            {"id": "c", "content": {"uri": "https://example.com", "entry_type": "Totp", "name": "Bad"}}
        ]});
        assert!(has_shape(&doc));
        let got = parse(doc.to_string().as_bytes()).unwrap();
        let names: Vec<String> = got.candidates.iter().map(|c| c.name.to_string()).collect();
        assert_eq!(names, ["GitHub:alice", "Steam:gamer"]);
        assert_eq!(got.candidates[0].extra["note"], "work");
        assert_eq!(got.candidates[1].otp.kind, Kind::Steam);
        assert_eq!(
            got.problems[0].to_string(),
            "entry 3 (Bad): not an otpauth:// URI"
        );
        assert!(matches!(
            parse(br#"{"version": 2, "entries": []}"#),
            Err(Error::UnknownVersion { version: 2, .. })
        ));
    }
}
