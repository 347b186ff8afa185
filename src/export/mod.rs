//! Taking secrets out of the vault in forms other apps read: QR codes of otpauth URIs, Google
//! Authenticator migration codes, and backup files of other apps ([`Format`]: otpauth URI lists, Aegis,
//! 2FAS, andOTP, each written by its module in [`crate::formats`]). Most of these hold secrets in clear,
//! so files are created new (never over an existing file unless asked) and readable by their owner only.
//! Drawing QR codes is here too ([`qr`]): a picture carries a format's text, it is not a format.

pub mod paper;
pub mod qr;

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::entry::{Entry, Name};
use crate::formats::{aegis, andotp, otpauth, twofas};

/// Longest file stem written, in bytes: well inside every filesystem's name limit, with room for a
/// `-2` suffix and an extension.
const MAX_STEM: usize = 100;

/// A file stem for an entry: its name as it is, Unicode and spaces included, so people find their files;
/// only what a Unix file name cannot hold or would hide is replaced with `_` (`/`, NUL, leading dots).
/// `Issuer_account`, at most `MAX_STEM` bytes, never empty.
#[must_use]
pub fn file_stem(name: &Name) -> String {
    let joined = match (name.issuer.is_empty(), name.account.is_empty()) {
        (true, _) => name.account.clone(),
        (false, true) => name.issuer.clone(),
        (false, false) => format!("{}_{}", name.issuer, name.account),
    };
    safe_stem(&joined)
}

fn safe_stem(text: &str) -> String {
    let mut stem = String::with_capacity(text.len());
    let mut leading = true;
    for c in text.chars() {
        leading &= c == '.';
        let c = if leading || matches!(c, '/' | '\0') {
            '_'
        } else {
            c
        };
        if stem.len() + c.len_utf8() > MAX_STEM {
            break;
        }
        stem.push(c);
    }
    if stem.is_empty() {
        "entry".to_owned()
    } else {
        stem
    }
}

/// Writes `bytes` to a new file `dir/stem.ext`, or `dir/stem-2.ext`, `-3`... when that name is taken:
/// an existing file is never replaced. The file is created with mode 0600 on Unix, because it holds a
/// secret; `image::save` would use the umask (usually 0644). Returns the path written.
pub fn write_new_private(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    for n in 1..=1000 {
        let file_name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(file_name);
        match create_new_private(&path) {
            Ok(mut file) => {
                file.write_all(bytes)?;
                file.sync_all()?;
                return Ok(path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("every name from {stem}.{ext} to {stem}-1000.{ext} is taken"),
    ))
}

fn create_new_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// A file format `fob export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One `otpauth://` URI a line (Aegis "Text file", most apps' plain import).
    Uris,
    /// Aegis vault JSON, unencrypted.
    Aegis,
    /// Aegis vault JSON, encrypted with a password.
    AegisEncrypted,
    /// 2FAS `.2fas` backup, unencrypted.
    TwoFas,
    /// 2FAS `.2fas` backup, encrypted with a password.
    TwoFasEncrypted,
    /// andOTP plain JSON backup.
    AndOtp,
}

impl Format {
    /// Whether the format is encrypted with a password (and so needs one to write).
    #[must_use]
    pub fn encrypted(self) -> bool {
        matches!(self, Self::AegisEncrypted | Self::TwoFasEncrypted)
    }
}

/// The contents of an export of `entries` in `format`. `password` is used by the encrypted formats only,
/// and must be given for them.
///
/// # Panics
/// When an encrypted format is asked for without a password, or the system has no randomness.
#[must_use]
pub fn write(format: Format, entries: &[&Entry], password: Option<&[u8]>) -> Zeroizing<Vec<u8>> {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let password = || password.expect("encrypted formats need a password");
    match format {
        Format::Uris => otpauth::uri_list(entries),
        Format::Aegis => aegis::plain(entries),
        Format::AegisEncrypted => aegis::encrypted(entries, password()),
        Format::TwoFas => twofas::plain(entries, now_ms),
        Format::TwoFasEncrypted => twofas::encrypted(entries, password(), now_ms),
        Format::AndOtp => andotp::plain(entries),
    }
}

/// Writes `bytes` to `path` as a new file with mode 0600. An existing file is an error
/// ([`io::ErrorKind::AlreadyExists`]) unless `replace`, which swaps a new private file in by rename.
pub fn write_private_file(path: &Path, bytes: &[u8], replace: bool) -> io::Result<()> {
    if replace {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // tempfile creates the file with mode 0600.
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(bytes)?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        return Ok(());
    }
    let mut file = create_new_private(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(issuer: &str, account: &str) -> String {
        file_stem(&Name::new(issuer, account).unwrap())
    }

    #[test]
    fn file_names_keep_the_name_and_replace_only_what_unix_cannot_hold() {
        assert_eq!(
            stem("GitHub", "alice@example.com"),
            "GitHub_alice@example.com"
        );
        assert_eq!(stem("", "bob"), "bob");
        assert_eq!(stem("../../etc", "passwd"), "___.._etc_passwd");
        assert_eq!(stem("A/B\\C:D*E", ""), "A_B\\C:D*E");
        assert_eq!(stem("Ünïcødé Bank", "me"), "Ünïcødé Bank_me");
        assert_eq!(stem("日本", ""), "日本");
        assert_eq!(stem("...", ""), "___");
        assert_eq!(stem("a\0b", ""), "a_b");
        let long = safe_stem(&"日".repeat(500));
        assert!(long.len() <= MAX_STEM && long.chars().all(|c| c == '日'));
    }

    #[test]
    fn files_are_new_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let a = write_new_private(dir.path(), "x", "png", b"one").unwrap();
        let b = write_new_private(dir.path(), "x", "png", b"two").unwrap();
        assert_eq!(a.file_name().unwrap(), "x.png");
        assert_eq!(b.file_name().unwrap(), "x-2.png");
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&b).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
