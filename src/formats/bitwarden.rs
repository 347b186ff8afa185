//! Bitwarden (and Vaultwarden) unencrypted JSON exports: `{"encrypted": false, "folders": [...],
//! "items": [...]}`. An item whose `login.totp` is set becomes an entry: an `otpauth://` URI, a
//! `steam://SECRET` link, or a bare base32 secret (TOTP, SHA1, 6 digits, 30 s, as Bitwarden reads it).
//! Items without `login.totp` are passwords, not OTP entries, and are passed over.
//!
//! Bitwarden's encrypted exports are refused with a message: export "JSON" (not "JSON (Encrypted)").
//!
//! The CSV export (personal vault: `folder,favorite,type,name,notes,fields,reprompt,login_uri,
//! login_username,login_password,login_totp`; an organisation's has `collections` in place of
//! `folder` and `favorite`) is recognised by a header row naming `login_totp`, and read the same way:
//! `name`, `login_username` and `login_totp` make the entry, `notes` and the folder are kept. Columns
//! are found by their header, not their position.

use serde::Deserialize;
use serde_json::Value;

use super::{Candidate, EntryError, Error, Parsed, Reader, json, otpauth};
use crate::entry::Otp;
use crate::secret::Secret;

const FORMAT: &str = "Bitwarden";

/// How `import` finds and reads Bitwarden exports. They are never encrypted as far as fob is concerned:
/// an encrypted export is recognised only to be refused with a message.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, bytes, doc| doc.is_some_and(has_shape) || is_csv(bytes),
    is_encrypted: |_| false,
    read: |bytes, _| {
        if is_csv(bytes) {
            parse_csv(bytes)
        } else {
            parse(bytes)
        }
    },
};

/// Whether the bytes start with a Bitwarden CSV header: a first line naming `login_totp`.
fn is_csv(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(b"");
    first
        .split(|&b| b == b',')
        .any(|f| f.trim_ascii() == b"login_totp")
}

/// A Bitwarden export is a JSON object with `items`, or with `encrypted` and `data` (its encrypted
/// export).
fn has_shape(doc: &Value) -> bool {
    doc.as_object().is_some_and(|o| {
        o.contains_key("items") || (o.contains_key("encrypted") && o.contains_key("data"))
    })
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    encrypted: bool,
    #[serde(default)]
    folders: Vec<Value>,
    #[serde(default)]
    items: Vec<Value>,
}

/// Reads a Bitwarden export. Candidates' `origin` is `entry N` for the Nth item (1-based, all items).
pub fn parse(bytes: &[u8]) -> Result<Parsed, Error> {
    let file: File = json::parse(FORMAT, bytes)?;
    if file.encrypted {
        return Err(Error::Unsupported(
            "an encrypted Bitwarden export: export again as \"JSON\", not \"JSON (Encrypted)\""
                .into(),
        ));
    }
    let folder = |id: &str| -> Option<String> {
        file.folders.iter().find_map(|f| {
            (f.get("id").and_then(Value::as_str) == Some(id))
                .then(|| f.get("name").and_then(Value::as_str).map(str::to_owned))
                .flatten()
        })
    };
    let mut out = Parsed::default();
    for (i, item) in file.items.iter().enumerate() {
        let Some(totp) = item
            .get("login")
            .and_then(|l| l.get("totp"))
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
        else {
            continue;
        };
        let name = item.get("name").and_then(Value::as_str).unwrap_or("");
        let user = item
            .get("login")
            .and_then(|l| l.get("username"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let label = json::label(name, user);
        let note = item.get("notes").and_then(Value::as_str);
        let tags: Vec<String> = item
            .get("folderId")
            .and_then(Value::as_str)
            .and_then(folder)
            .into_iter()
            .collect();
        let login = Login {
            totp,
            name,
            user,
            note,
        };
        out.push(i, &label, entry(i, &login, tags));
    }
    Ok(out)
}

/// Reads a Bitwarden CSV export. Candidates' `origin` is `entry N` for the Nth row after the header.
pub fn parse_csv(bytes: &[u8]) -> Result<Parsed, Error> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let csv_error = |e: &csv::Error| {
        // csv's own message can quote the field (a secret); only the position is kept.
        let line = e.position().map_or(0, csv::Position::line);
        Error::Malformed(format!("not a valid Bitwarden CSV export (line {line})"))
    };
    let header = reader.headers().map_err(|e| csv_error(&e))?.clone();
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let Some(totp_at) = column("login_totp") else {
        return Err(Error::Malformed(
            "not a Bitwarden CSV export (no login_totp column)".into(),
        ));
    };
    let (name_at, user_at, notes_at) = (column("name"), column("login_username"), column("notes"));
    let folder_at = column("folder").or_else(|| column("collections"));
    let mut out = Parsed::default();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| csv_error(&e))?;
        let field = |at: Option<usize>| at.and_then(|a| row.get(a)).unwrap_or("");
        let totp = field(Some(totp_at));
        if totp.trim().is_empty() {
            continue;
        }
        let (name, user) = (field(name_at), field(user_at));
        let note = Some(field(notes_at)).filter(|n| !n.trim().is_empty());
        let tags: Vec<String> = Some(field(folder_at).trim())
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .into_iter()
            .collect();
        let login = Login {
            totp,
            name,
            user,
            note,
        };
        out.push(i, &json::label(name, user), entry(i, &login, tags));
    }
    Ok(out)
}

/// The fields of one login that make an entry, whichever export they come from.
struct Login<'a> {
    totp: &'a str,
    name: &'a str,
    user: &'a str,
    note: Option<&'a str>,
}

fn entry(i: usize, login: &Login<'_>, tags: Vec<String>) -> Result<Candidate, EntryError> {
    let Login {
        totp,
        name,
        user,
        note,
    } = *login;
    let totp = totp.trim();
    let lower = totp.get(..10).unwrap_or("").to_ascii_lowercase();
    let (mut issuer, mut account, otp): (String, String, Otp) =
        if lower.starts_with("otpauth:/") || lower.starts_with("steam://") {
            let parsed = otpauth::parse(totp)?;
            let is_steam = lower.starts_with("steam://");
            if is_steam {
                (name.to_owned(), user.to_owned(), parsed.otp)
            } else {
                (parsed.name.issuer, parsed.name.account, parsed.otp)
            }
        } else {
            let otp = Otp {
                secret: Secret::from_base32(totp)?,
                kind: crate::entry::Kind::Totp {
                    period: crate::entry::DEFAULT_PERIOD,
                },
                algorithm: crate::entry::Algorithm::Sha1,
                digits: crate::entry::DEFAULT_DIGITS,
            };
            (name.to_owned(), user.to_owned(), otp)
        };
    // A URI without an issuer takes the item's name; one without an account, the login's username.
    if issuer.trim().is_empty() {
        name.clone_into(&mut issuer);
    }
    if account.trim().is_empty() {
        user.clone_into(&mut account);
    }
    json::candidate(i, &issuer, &account, otp, json::extra_of(note, tags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Kind;

    #[test]
    fn items_with_totp_become_entries() {
        let doc = serde_json::json!({
            "encrypted": false,
            "folders": [{"id": "f", "name": "Money"}],
            "items": [
                {"type": 1, "name": "GitHub", "login": {"username": "alice", "totp": "JBSW Y3DP EHPK 3PXP"}},
                {"type": 1, "name": "No OTP", "login": {"username": "x", "totp": null}},
                {"type": 1, "name": "Bank", "folderId": "f", "login": {"username": "bob",
                  "totp": "otpauth://totp/Bank:bob?secret=JBSWY3DPEHPK3PXP&digits=8&algorithm=SHA512&period=60"}},
                {"type": 1, "name": "Steam", "login": {"username": "gamer", "totp": "steam://JBSWY3DPEHPK3PXP"}},
                {"type": 1, "name": "Broken", "login": {"totp": "not base32!"}}
            ]
        });
        let got = parse(doc.to_string().as_bytes()).unwrap();
        let names: Vec<String> = got.candidates.iter().map(|c| c.name.to_string()).collect();
        assert_eq!(names, ["GitHub:alice", "Bank:bob", "Steam:gamer"]);
        assert_eq!(got.candidates[1].otp.digits, 8);
        assert_eq!(
            got.candidates[1].extra["tags"],
            serde_json::json!(["Money"])
        );
        assert_eq!(got.candidates[2].otp.kind, Kind::Steam);
        assert_eq!(got.problems.len(), 1);
        assert!(got.problems[0].place.starts_with("entry 5 (Broken)"));
        assert!(matches!(
            parse(br#"{"encrypted": true, "items": []}"#),
            Err(Error::Unsupported(_))
        ));
    }

    #[test]
    fn csv_rows_with_totp_become_entries() {
        let csv = "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n\
            Money,,login,Bank,\"two, lines\nof notes\",,0,https://bank,bob,pw,\"otpauth://totp/Bank:bob?secret=JBSWY3DPEHPK3PXP&digits=8\"\n\
            ,,login,No OTP,,,0,,x,y,\n\
            ,,login,GitHub,,,0,,alice,pw,JBSW Y3DP EHPK 3PXP\n\
            ,,login,Steam,,,0,,gamer,pw,steam://JBSWY3DPEHPK3PXP\n";
        assert!(is_csv(csv.as_bytes()));
        let got = parse_csv(csv.as_bytes()).unwrap();
        let names: Vec<String> = got.candidates.iter().map(|c| c.name.to_string()).collect();
        assert_eq!(names, ["Bank:bob", "GitHub:alice", "Steam:gamer"]);
        assert_eq!(got.candidates[0].otp.digits, 8);
        assert_eq!(got.candidates[0].extra["note"], "two, lines\nof notes");
        assert_eq!(
            got.candidates[0].extra["tags"],
            serde_json::json!(["Money"])
        );
        assert!(!got.candidates[1].extra.contains_key("tags"));
        assert_eq!(got.candidates[2].otp.kind, Kind::Steam);
        let org = "collections,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n\
            Team,login,VPN,,,0,,carol,pw,JBSWY3DPEHPK3PXP\n";
        let got = parse_csv(org.as_bytes()).unwrap();
        assert_eq!(got.candidates[0].name.to_string(), "VPN:carol");
        assert_eq!(got.candidates[0].extra["tags"], serde_json::json!(["Team"]));
    }
}
