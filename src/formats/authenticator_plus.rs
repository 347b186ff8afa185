//! Authenticator Plus (Mufri, `com.mufri.authenticatorplus`): the zip its *Export* writes. The app is
//! closed source and no longer sold; the layout is what other importers read (Aegis's
//! `AuthenticatorPlusImporter`, since 2020) and what users report of their files: a zip encrypted
//! with the export password, holding `Accounts.txt` (one `otpauth://` URI a line, read as a URI list,
//! [`super::otpauth`]) and an HTML page of the same accounts, which is not read. Users report that
//! Windows' and macOS's own unzippers cannot open the file, as they cannot WinZip AES; zips made with
//! ZipCrypto (`zip -e`, as Aegis's own test file is) read the same way.
//!
//! HOTP: the URIs' `counter=` is taken as the next counter to use, as for every URI list (Aegis reads
//! these files so too). The app's database backup (`authplus.db`) is SQLCipher, which fob does not
//! open: export the zip from the app instead.
//!
//! Costs are bounded before any work: the zip's directory is no larger than the input (which `fob
//! import` caps), at most [`MAX_MEMBERS`] members are looked at, and `Accounts.txt` is inflated to at
//! most [`MAX_ACCOUNTS_BYTES`], whatever its header claims, so a zip bomb stops there. WinZip AES
//! derives its key with a fixed 1,000 rounds of PBKDF2, so nothing in the file raises that cost.

use std::io::{Cursor, Read};

use zeroize::Zeroizing;
use zip::ZipArchive;
use zip::result::ZipError;

use super::{Error, Parsed, Reader, otpauth};

const FORMAT: &str = "Authenticator Plus";
/// A zip's first local file header.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The member that holds the accounts.
const ACCOUNTS: &str = "Accounts.txt";
/// Members looked at: an export holds two.
pub const MAX_MEMBERS: usize = 256;
/// The most `Accounts.txt` is inflated to: some 20,000 URIs.
pub const MAX_ACCOUNTS_BYTES: u64 = 4 << 20;

/// How `import` recognises an Authenticator Plus export: a zip with an `Accounts.txt` member, or one
/// cut short (its directory, at the end, lost) whose bytes still name that member, so that the
/// message says what is wrong with it.
pub const READER: Reader = Reader {
    name: FORMAT,
    recognise: |_, bytes, _| {
        find_accounts(bytes).is_ok()
            || (bytes.starts_with(ZIP_MAGIC)
                && bytes
                    .windows(ACCOUNTS.len())
                    .any(|w| w == ACCOUNTS.as_bytes()))
    },
    is_encrypted: |bytes| find_accounts(bytes).is_ok_and(|(_, _, encrypted)| encrypted),
    read: parse,
};

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// The archive and the index of its `Accounts.txt` (in any folder), and whether it is encrypted.
fn find_accounts(bytes: &[u8]) -> Result<(Archive<'_>, usize, bool), Error> {
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(Error::Malformed(
            "not a zip file: not an Authenticator Plus export".into(),
        ));
    }
    let zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::Malformed(format!("not a readable zip file ({})", zip_reason(&e))))?;
    if zip.len() > MAX_MEMBERS {
        return Err(Error::Malformed(format!(
            "the zip holds {} files; an Authenticator Plus export holds two (fob looks at no more \
             than {MAX_MEMBERS})",
            zip.len()
        )));
    }
    let found = (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .and_then(Result::ok)
            .is_some_and(|name| is_accounts(&name))
    });
    let Some(index) = found else {
        return Err(Error::Malformed(format!(
            "no {ACCOUNTS} in the zip: not an Authenticator Plus export"
        )));
    };
    let encrypted = zip
        .by_index_data(index)
        .map_err(|e| Error::Malformed(format!("{ACCOUNTS}: {}", zip_reason(&e))))?
        .encrypted();
    Ok((zip, index, encrypted))
}

fn is_accounts(name: &str) -> bool {
    name.rsplit(['/', '\\'])
        .next()
        .is_some_and(|base| base.eq_ignore_ascii_case(ACCOUNTS))
}

/// Reads an export; `password` opens an encrypted one.
pub fn parse(bytes: &[u8], password: Option<&[u8]>) -> Result<Parsed, Error> {
    let (mut zip, index, encrypted) = find_accounts(bytes)?;
    let member = match (encrypted, password) {
        (true, None) => return Err(Error::PasswordNeeded),
        (true, Some(password)) => zip.by_index_decrypt(index, password),
        (false, _) => zip.by_index(index),
    };
    let member = member.map_err(|e| match e {
        ZipError::InvalidPassword => Error::WrongPassword,
        e => Error::Malformed(format!("{ACCOUNTS}: {}", zip_reason(&e))),
    })?;
    // Room for the size the header gives (up to the cap) up front, so that no growing leaves copies of
    // the secrets behind in freed memory when the header is honest.
    let mut text = Zeroizing::new(Vec::with_capacity(
        member.size().min(MAX_ACCOUNTS_BYTES) as usize + 1,
    ));
    // Inflating is where a wrong ZipCrypto password that passed its one-byte check, a changed AES
    // member (its HMAC is checked at the end) or damage shows: none can be told apart here.
    member
        .take(MAX_ACCOUNTS_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(|_| {
            if encrypted {
                Error::Tampered
            } else {
                Error::Malformed(format!("{ACCOUNTS} is damaged (it does not inflate)"))
            }
        })?;
    if text.len() as u64 > MAX_ACCOUNTS_BYTES {
        return Err(Error::Malformed(format!(
            "{ACCOUNTS} inflates to over {} MiB: not an Authenticator Plus export",
            MAX_ACCOUNTS_BYTES >> 20
        )));
    }
    (otpauth::READER.read)(&text, None)
}

/// The zip crate's reason, without anything from the file (its messages name no content).
fn zip_reason(e: &ZipError) -> String {
    match e {
        ZipError::Io(_) | ZipError::InvalidArchive(_) => "cut short or damaged".into(),
        ZipError::CompressionMethodNotSupported(m) => {
            format!("compression method {m}, which fob does not inflate")
        }
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_member_is_found_in_any_folder() {
        assert!(is_accounts("Accounts.txt"));
        assert!(is_accounts("backup/accounts.TXT"));
        assert!(!is_accounts("Accounts.html"));
        assert!(!is_accounts("Accounts.txt/x"));
    }

    #[test]
    fn other_bytes_are_not_recognised() {
        assert!(!(READER.recognise)("a.zip", b"PK\x03\x04 not really", None));
        assert!(!(READER.recognise)(
            "a.txt",
            b"otpauth://totp/a?secret=AA",
            None
        ));
    }
}
