//! Backups that are proven restorable. A backup is the vault's own document in a standard age file,
//! sealed with a key independent of the vault's, written under a temporary name, flushed, read back from
//! the device (the page cache is dropped first), checked, and only then given its final name.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use sha2::{Digest, Sha256};

use crate::vault::seal::{self, Key, Sealer};
use crate::vault::{self, BackupRecord, Unlocked, Vault, format};

/// What can go wrong writing or checking a backup.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The destination folder is not there (an unmounted stick, a typo); fob does not create it.
    #[error("{path} does not exist (is the drive mounted?)")]
    NoDestination {
        /// The missing folder.
        path: PathBuf,
    },
    /// A file DEST with another extension: backups are age files, and a typo should not pass for one.
    #[error("{path}: a backup file must end in .age (or give a folder, for a dated name in it)")]
    NotAgeFile {
        /// The file asked for.
        path: PathBuf,
    },
    /// The backup file name is taken.
    #[error("{path} already exists")]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// Writing or reading the file failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What fob was doing.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// What was read back is not what was written, or does not decrypt to the vault's contents.
    #[error("the backup failed verification: {0}")]
    Verification(String),
    /// Encryption, decryption or parsing failed.
    #[error(transparent)]
    Vault(#[from] vault::Error),
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_owned();
    move |source| Error::Io {
        action,
        path,
        source,
    }
}

/// `DEST` as a folder (a new file named by the time goes in it) or as a new `.age` file. Anything else
/// that does not exist is taken for a folder that is missing, most likely a drive that is not mounted:
/// fob does not create it, or a backup would land on the internal disk instead of the stick.
pub fn resolve_destination(dest: &Path, now: Timestamp) -> Result<PathBuf, Error> {
    if dest.is_dir() {
        return Ok(free_name(dest, now));
    }
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let is_file_name = dest.extension().is_some_and(|x| x == "age");
    if !is_file_name && dest.extension().is_some() {
        return Err(Error::NotAgeFile {
            path: dest.to_owned(),
        });
    }
    if !is_file_name {
        return Err(Error::NoDestination {
            path: dest.to_owned(),
        });
    }
    if !parent.is_dir() {
        return Err(Error::NoDestination {
            path: parent.to_owned(),
        });
    }
    Ok(dest.to_owned())
}

/// A dated name in `dir` that is not taken yet (two backups in one second get `-2`, `-3`).
fn free_name(dir: &Path, now: Timestamp) -> PathBuf {
    let first = dir.join(file_name(now));
    if !first.exists() {
        return first;
    }
    let stem = file_name(now).replace(".age", "");
    (2..=u32::MAX)
        .map(|n| dir.join(format!("{stem}-{n}.age")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// The backups `fob backup DIR` wrote in `dir` (named by [`file_name`], `-2`, `-3` for a second one in
/// the same second), newest first.
pub fn backups_in(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut found: Vec<(String, u32, PathBuf)> = std::fs::read_dir(dir)
        .map_err(io("read the folder", dir))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let stem = name.strip_prefix("fob-backup-")?.strip_suffix(".age")?;
            let (time, n) = match stem.split_once('-') {
                Some((time, n)) => (time, n.parse().ok()?),
                None => (stem, 1),
            };
            Some((time.to_owned(), n, e.path()))
        })
        .collect();
    found.sort_by(|a, b| (&b.0, b.1).cmp(&(&a.0, a.1)));
    Ok(found.into_iter().map(|(_, _, path)| path).collect())
}

/// The record of a backup at `path` that was just read and decrypted to `backup` (by a restore).
#[must_use]
pub fn record_of_read(path: &Path, backup: &Unlocked, time: Timestamp) -> BackupRecord {
    let plaintext = format::to_json(&backup.vault, &backup.sealer.encryption());
    BackupRecord {
        time,
        place: std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_owned())
            .display()
            .to_string(),
        entries: backup.vault.entries.len(),
        sha256: hex(&Sha256::digest(&*plaintext)),
    }
}

/// `fob-backup-20261123T105700Z.age`: sorts by time, no colons (FAT sticks refuse them).
#[must_use]
pub fn file_name(now: Timestamp) -> String {
    format!("fob-backup-{}.age", now.strftime("%Y%m%dT%H%M%SZ"))
}

/// A backup that was written and verified.
#[derive(Debug, Clone)]
pub struct Written {
    /// Where it is.
    pub path: PathBuf,
    /// How many entries it holds.
    pub entries: usize,
    /// SHA-256 of its decrypted document.
    pub sha256: String,
    /// Whether the check decrypted it (passphrase) or, for recipients, checked its bytes and header.
    pub decrypted: bool,
}

impl Written {
    /// The record the vault keeps of it.
    #[must_use]
    pub fn record(&self, time: Timestamp) -> BackupRecord {
        BackupRecord {
            time,
            place: std::fs::canonicalize(&self.path)
                .unwrap_or_else(|_| self.path.clone())
                .display()
                .to_string(),
            entries: self.entries,
            sha256: self.sha256.clone(),
        }
    }
}

/// Writes `vault` to `path` sealed by `sealer`, and verifies it before it gets its name.
pub fn write_verified(vault: &Vault, sealer: &Sealer, path: &Path) -> Result<Written, Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if path.exists() {
        return Err(Error::Exists {
            path: path.to_owned(),
        });
    }
    let plaintext = format::to_json(vault, &sealer.encryption());
    let sha256 = hex(&Sha256::digest(&*plaintext));
    let ciphertext = sealer.seal(&plaintext)?;

    let mut tmp = tempfile::Builder::new()
        .prefix(".fob-backup-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io("create a file in", dir))?;
    tmp.write_all(&ciphertext)
        .map_err(io("write", tmp.path()))?;
    tmp.as_file().sync_all().map_err(io("sync", tmp.path()))?;
    let read_back = read_from_device(tmp.path())?;
    if read_back != ciphertext {
        return Err(Error::Verification(
            "the bytes read back differ from those written".to_owned(),
        ));
    }
    let decrypted = match sealer {
        Sealer::Passphrase { passphrase, .. } => {
            let key = Key::Passphrase(passphrase.clone());
            let plain = seal::open(&read_back, &key)?;
            let (copy, _) = format::parse(&plain)?;
            if copy.entries.len() != vault.entries.len() || hex(&Sha256::digest(&*plain)) != sha256
            {
                return Err(Error::Verification(
                    "its contents differ from the vault".to_owned(),
                ));
            }
            true
        }
        Sealer::Recipients(recipients) => {
            // One stanza per X25519 or SSH recipient; a plugin writes at least one per recipient.
            let stanzas = recipient_stanzas(&read_back)?;
            if stanzas < recipients.len() {
                return Err(Error::Verification(format!(
                    "it is addressed to {stanzas} keys, not {}",
                    recipients.len()
                )));
            }
            false
        }
        Sealer::Delegated { .. } => unreachable!("a delegated sealer refuses to seal, above"),
    };
    tmp.persist_noclobber(path)
        .map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Exists {
                path: path.to_owned(),
            },
            _ => Error::Io {
                action: "name",
                path: path.to_owned(),
                source: e.error,
            },
        })?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io("sync the folder", dir))?;
    Ok(Written {
        path: path.to_owned(),
        entries: vault.entries.len(),
        sha256,
        decrypted,
    })
}

/// Reads a file after asking the kernel to drop its cached pages, so the bytes come from the device
/// rather than from memory that never reached it.
fn read_from_device(path: &Path) -> Result<Vec<u8>, Error> {
    let mut file = File::open(path).map_err(io("read back", path))?;
    // Advice only: where the filesystem ignores it the check still compares what the kernel returns.
    let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::DontNeed);
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(io("read back", path))?;
    Ok(bytes)
}

/// Counts the recipient stanzas in an age header: a backup to N recipients has at least N.
fn recipient_stanzas(ciphertext: &[u8]) -> Result<usize, Error> {
    if seal::sealing_of(ciphertext)? != seal::Sealing::Recipients {
        return Err(Error::Verification(
            "it is not addressed to recipients".to_owned(),
        ));
    }
    let header_end = ciphertext
        .windows(4)
        .position(|w| w == b"\n---")
        .unwrap_or(ciphertext.len());
    Ok(ciphertext[..header_end]
        .split(|&b| b == b'\n')
        .filter_map(|l| l.strip_prefix(b"-> "))
        // age adds a random "...-grease" stanza to keep parsers honest; it is addressed to nobody.
        .filter(|l| {
            let tag = l.split(|&b| b == b' ').next().unwrap_or_default();
            !tag.ends_with(b"-grease")
        })
        .count())
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

/// How a backup compares with the vault, by display name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Comparison {
    /// In the backup, not in the vault.
    pub only_in_backup: Vec<String>,
    /// In the vault, not in the backup.
    pub only_in_vault: Vec<String>,
    /// In both, different.
    pub changed: Vec<String>,
    /// In both, the same.
    pub same: usize,
}

/// Compares a backup's entries with the vault's, matching by id (through maps: linear in both sizes).
#[must_use]
pub fn compare(backup: &Vault, vault: &Vault) -> Comparison {
    let in_vault: std::collections::HashMap<_, _> =
        vault.entries.iter().map(|e| (&e.id, e)).collect();
    let in_backup: std::collections::HashSet<_> = backup.entries.iter().map(|e| &e.id).collect();
    let mut c = Comparison::default();
    for b in &backup.entries {
        match in_vault.get(&b.id) {
            None => c.only_in_backup.push(b.name.to_string()),
            Some(v) if v.name == b.name && v.otp == b.otp => c.same += 1,
            Some(v) => c.changed.push(v.name.to_string()),
        }
    }
    c.only_in_vault = vault
        .entries
        .iter()
        .filter(|v| !in_backup.contains(&v.id))
        .map(|v| v.name.to_string())
        .collect();
    c
}

/// Reads a backup (or any fob vault file) with `key`.
pub fn open(path: &Path, key: &Key) -> Result<Unlocked, Error> {
    let bytes = crate::storage::read_bounded(path).map_err(io("read", path))?;
    Ok(Unlocked::open(&bytes, key)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use age::secrecy::SecretString;

    #[test]
    fn backups_in_a_folder_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "fob-backup-20261123T105700Z.age",
            "fob-backup-20261123T105700Z-2.age",
            "fob-backup-20261124T090000Z.age",
            "fob-backup-20261122T090000Z.age",
            "other.age",
            "fob-backup-x-y.age",
        ] {
            std::fs::write(dir.path().join(name), b"").unwrap();
        }
        let names: Vec<String> = backups_in(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "fob-backup-20261124T090000Z.age",
                "fob-backup-20261123T105700Z-2.age",
                "fob-backup-20261123T105700Z.age",
                "fob-backup-20261122T090000Z.age",
            ]
        );
    }

    #[test]
    fn names_sort_by_time_and_avoid_colons() {
        let t: Timestamp = "2026-11-23T10:57:00Z".parse().unwrap();
        assert_eq!(file_name(t), "fob-backup-20261123T105700Z.age");
    }

    #[test]
    fn a_passphrase_backup_is_verified_and_decrypts() {
        let dir = tempfile::tempdir().unwrap();
        let sealer = Sealer::Passphrase {
            passphrase: SecretString::from("backup pass".to_owned()),
            work_factor: 2,
        };
        let path = dir.path().join("b.age");
        let written = write_verified(&Vault::default(), &sealer, &path).unwrap();
        assert!(written.decrypted);
        let opened = open(
            &path,
            &Key::Passphrase(SecretString::from("backup pass".to_owned())),
        )
        .unwrap();
        assert!(opened.vault.entries.is_empty());
        assert!(matches!(
            write_verified(&Vault::default(), &sealer, &path),
            Err(Error::Exists { .. })
        ));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["b.age"], "no temporary file is left behind");
    }

    #[test]
    fn a_recipient_backup_is_checked_by_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let keys = [
            age::x25519::Identity::generate(),
            age::x25519::Identity::generate(),
        ];
        let sealer = Sealer::Recipients(keys.iter().map(|k| k.to_public().into()).collect());
        let written =
            write_verified(&Vault::default(), &sealer, &dir.path().join("r.age")).unwrap();
        assert!(!written.decrypted);
        assert_eq!(
            recipient_stanzas(&std::fs::read(&written.path).unwrap()).unwrap(),
            2
        );
    }

    #[test]
    fn missing_destinations_are_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let now = Timestamp::UNIX_EPOCH;
        assert_eq!(
            resolve_destination(dir.path(), now).unwrap(),
            dir.path().join(file_name(now))
        );
        for missing in ["usb/b.age", "usb/", "usb"] {
            let got = resolve_destination(&dir.path().join(missing), now);
            assert!(matches!(got, Err(Error::NoDestination { .. })), "{missing}");
        }
        assert_eq!(
            resolve_destination(&dir.path().join("b.age"), now).unwrap(),
            dir.path().join("b.age")
        );
        std::fs::write(dir.path().join(file_name(now)), "taken").unwrap();
        let second = resolve_destination(dir.path(), now).unwrap();
        assert_eq!(
            second.file_name().unwrap(),
            "fob-backup-19700101T000000Z-2.age"
        );
    }
}
