//! The age keys this user chose, on this machine, for each vault and its backups: remembered outside the
//! vault, so that a vault file cannot vouch for itself.
//!
//! Anyone who has a vault's public key can write a vault file (or a backup) whose document lists one
//! more recipient in `lock.recipients` or `backup_defaults.recipients`; fob would then encrypt the next
//! save, or the next backup, to that key. So fob keeps a small record of its own, in its state folder
//! (not beside the vault), and encrypts only to keys in it until the user accepts new ones. The first
//! time fob meets a vault here (init, a fresh clone, a restore onto a new machine, the first run of a fob
//! that keeps this record) it records what it sees: trust on first use, as ssh does with host keys.
//!
//! The record is `trusted-keys.json`, mode 0600 in a 0700 folder, replaced atomically under its own
//! lock (`trusted-keys.json.lock`):
//!
//! ```json
//! { "format": "fob-trust", "version": 1,
//!   "vaults": { "/home/alice/.local/share/fob/vault.age":
//!               { "recipients": ["age1..."], "backup_recipients": ["age1..."] } } }
//! ```
//!
//! Vaults are keyed by their canonical path; the keys are public keys, which are not secret. A passphrase
//! vault records no `recipients`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::storage::{self, FileLock};
use crate::vault::{Unlocked, format::Encryption};

/// The record's file name in fob's state folder.
pub const FILE_NAME: &str = "trusted-keys.json";
const FORMAT_NAME: &str = "fob-trust";
const VERSION: u32 = 1;

/// The recipients a vault is encrypted to and those its backups go to by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keys {
    /// `age1...` keys the vault is encrypted to (none for a passphrase vault).
    #[serde(default)]
    pub recipients: Vec<String>,
    /// `age1...` keys `fob backup` encrypts to when given none (`backup_defaults.recipients`).
    #[serde(default)]
    pub backup_recipients: Vec<String>,
}

impl Keys {
    /// The keys an opened vault will be sealed to, and those its backup settings name.
    #[must_use]
    pub fn of(unlocked: &Unlocked) -> Self {
        let recipients = match unlocked.sealer.encryption() {
            Encryption::Recipients { recipients } => recipients,
            Encryption::Passphrase { .. } => Vec::new(),
        };
        let backup_recipients = unlocked
            .vault
            .backup_defaults
            .as_ref()
            .map(|d| d.recipients.clone())
            .unwrap_or_default();
        Self {
            recipients: normalised(recipients),
            backup_recipients: normalised(backup_recipients),
        }
    }

    /// The keys of `self` that `trusted` does not hold.
    #[must_use]
    pub fn beyond(&self, trusted: &Keys) -> Keys {
        let new = |mine: &[String], theirs: &[String]| {
            mine.iter()
                .filter(|k| !theirs.contains(k))
                .cloned()
                .collect()
        };
        Keys {
            recipients: new(&self.recipients, &trusted.recipients),
            backup_recipients: new(&self.backup_recipients, &trusted.backup_recipients),
        }
    }

    /// Both lists together, each sorted and without repeats.
    #[must_use]
    pub fn and(&self, other: &Keys) -> Keys {
        let join = |a: &[String], b: &[String]| normalised(a.iter().chain(b).cloned().collect());
        Keys {
            recipients: join(&self.recipients, &other.recipients),
            backup_recipients: join(&self.backup_recipients, &other.backup_recipients),
        }
    }

    /// Whether neither list holds a key.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.recipients.is_empty() && self.backup_recipients.is_empty()
    }
}

/// Sorted, trimmed, without repeats: the record compares keys as text.
fn normalised(keys: Vec<String>) -> Vec<String> {
    let mut keys: Vec<String> = keys.into_iter().map(|k| k.trim().to_owned()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Why fob will not encrypt to what a vault asks for.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The vault or its backup settings name keys this user has not accepted on this machine.
    #[error("refusing to encrypt to age keys not accepted on this machine: {}", describe(.new))]
    NotAccepted {
        /// The keys beyond the record.
        new: Keys,
    },
    /// Met for the first time, the vault is recorded to be encrypted to keys that leave out the identity
    /// that opened it: sealing it so would hand it to those keys alone.
    #[error("your identity ({}) is not among the vault's recipients ({})", .identity.join(", "), .recipients.join(", "))]
    IdentityNotRecipient {
        /// The public keys of the identity file in use.
        identity: Vec<String>,
        /// The recipients the vault's document names.
        recipients: Vec<String>,
    },
    /// The record exists but cannot be read.
    #[error("cannot read the record of trusted keys {path}: {reason}")]
    Unreadable {
        /// The record.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Reading, locking or writing the record failed.
    #[error(transparent)]
    Storage(#[from] storage::Error),
}

fn describe(keys: &Keys) -> String {
    let mut parts: Vec<String> = keys
        .recipients
        .iter()
        .map(|k| format!("vault recipient {k}"))
        .collect();
    parts.extend(
        keys.backup_recipients
            .iter()
            .map(|k| format!("backup recipient {k}")),
    );
    parts.join(", ")
}

#[derive(Serialize, Deserialize)]
struct Document {
    format: String,
    version: u32,
    #[serde(default)]
    vaults: BTreeMap<String, Keys>,
}

/// The record file in a state folder.
#[derive(Debug, Clone)]
pub struct TrustStore {
    file: PathBuf,
}

impl TrustStore {
    /// The record in `folder` (fob's state folder).
    #[must_use]
    pub fn in_folder(folder: &Path) -> Self {
        Self {
            file: folder.join(FILE_NAME),
        }
    }

    /// Where the record is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.file
    }

    /// The keys recorded for the vault at `vault`; `None` if fob has not met it here.
    pub fn recorded(&self, vault: &Path) -> Result<Option<Keys>, Error> {
        Ok(self.load()?.remove(&vault_key(vault)))
    }

    /// Records that exactly `keys` are trusted for `vault`: what the user chose or accepted here.
    pub fn record(&self, vault: &Path, keys: &Keys) -> Result<(), Error> {
        self.update(vault, |_| Ok(Some(keys.clone()))).map(drop)
    }

    /// Adds `keys` to those trusted for `vault`, before a save that will use them (the keys the save
    /// replaces stay trusted until [`TrustStore::record`] after it).
    pub fn allow(&self, vault: &Path, keys: &Keys) -> Result<(), Error> {
        self.update(vault, |old| {
            Ok(Some(old.map_or_else(|| keys.clone(), |old| old.and(keys))))
        })
        .map(drop)
    }

    /// Meets a vault: when nothing is recorded for it, records `seen`, provided that an identity in use
    /// (the public keys of `identity`, empty for a passphrase or a plugin identity) is among its
    /// recipients. Returns what is recorded now.
    pub fn meet(&self, vault: &Path, seen: &Keys, identity: &[String]) -> Result<Keys, Error> {
        // Every open meets its vault: a vault met before costs one read, without the lock.
        if let Some(recorded) = self.recorded(vault)? {
            return Ok(recorded);
        }
        self.update(vault, |old| {
            if old.is_none() {
                check_identity(&seen.recipients, identity)?;
            }
            Ok(Some(old.unwrap_or_else(|| seen.clone())))
        })
        .map(Option::unwrap_or_default)
    }

    /// Before encrypting to `seen`: meets the vault, then refuses any key beyond the record.
    pub fn check(&self, vault: &Path, seen: &Keys, identity: &[String]) -> Result<(), Error> {
        let trusted = self.meet(vault, seen, identity)?;
        let new = seen.beyond(&trusted);
        if new.is_empty() {
            Ok(())
        } else {
            Err(Error::NotAccepted { new })
        }
    }

    /// Changes the record of `vault` under the record's lock; writes only if it changed.
    fn update(
        &self,
        vault: &Path,
        change: impl FnOnce(Option<Keys>) -> Result<Option<Keys>, Error>,
    ) -> Result<Option<Keys>, Error> {
        let folder = self.file.parent().unwrap_or(Path::new("."));
        storage::create_private_dir(folder)?;
        let mut lock_name = self.file.clone().into_os_string();
        lock_name.push(".lock");
        let _guard = FileLock::acquire(Path::new(&lock_name), || {})?;
        let mut vaults = self.load()?;
        let key = vault_key(vault);
        let old = vaults.get(&key).cloned();
        let new = change(old.clone())?;
        if new != old {
            match &new {
                Some(keys) => vaults.insert(key, keys.clone()),
                None => vaults.remove(&key),
            };
            let document = Document {
                format: FORMAT_NAME.to_owned(),
                version: VERSION,
                vaults,
            };
            let mut text = serde_json::to_vec_pretty(&document).expect("serialises");
            text.push(b'\n');
            storage::write_atomically(&self.file, &text)?;
        }
        Ok(new)
    }

    fn load(&self) -> Result<BTreeMap<String, Keys>, Error> {
        let unreadable = |reason: String| Error::Unreadable {
            path: self.file.clone(),
            reason,
        };
        let bytes = match std::fs::read(&self.file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
            Err(e) => return Err(unreadable(e.to_string())),
        };
        let document: Document =
            serde_json::from_slice(&bytes).map_err(|e| unreadable(e.to_string()))?;
        if document.format != FORMAT_NAME || document.version != VERSION {
            return Err(unreadable(format!(
                "not a {FORMAT_NAME} version {VERSION} file"
            )));
        }
        Ok(document.vaults)
    }
}

/// An X25519 identity in use must be among the recipients it seals to. Skipped when there is no such
/// identity (a passphrase, or a plugin identity, whose public key cannot be known without a touch) or no
/// recipients (a passphrase vault).
pub fn check_identity(recipients: &[String], identity: &[String]) -> Result<(), Error> {
    if identity.is_empty()
        || recipients.is_empty()
        || identity.iter().any(|k| recipients.contains(k))
    {
        return Ok(());
    }
    Err(Error::IdentityNotRecipient {
        identity: identity.to_vec(),
        recipients: recipients.to_vec(),
    })
}

/// The record's key for a vault: its canonical path, or for one not yet created, its folder's canonical
/// path and its name.
fn vault_key(vault: &Path) -> String {
    let canonical = std::fs::canonicalize(vault).or_else(|_| {
        let folder = vault.parent().filter(|p| !p.as_os_str().is_empty());
        let folder = std::fs::canonicalize(folder.unwrap_or(Path::new(".")))?;
        Ok::<_, std::io::Error>(folder.join(vault.file_name().unwrap_or_default()))
    });
    canonical
        .or_else(|_| std::path::absolute(vault))
        .unwrap_or_else(|_| vault.to_owned())
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn keys(recipients: &[&str], backup: &[&str]) -> Keys {
        Keys {
            recipients: recipients.iter().map(|&k| k.to_owned()).collect(),
            backup_recipients: backup.iter().map(|&k| k.to_owned()).collect(),
        }
    }

    #[test]
    fn the_first_meeting_records_and_later_keys_need_acceptance() {
        let dir = tempfile::tempdir().unwrap();
        let store = TrustStore::in_folder(&dir.path().join("state"));
        let vault = dir.path().join("vault.age");
        assert_eq!(store.recorded(&vault).unwrap(), None);
        store.check(&vault, &keys(&["a"], &["b"]), &[]).unwrap();
        assert_eq!(store.recorded(&vault).unwrap(), Some(keys(&["a"], &["b"])));
        // Fewer keys are fine; one more is not.
        store.check(&vault, &keys(&["a"], &[]), &[]).unwrap();
        let Err(Error::NotAccepted { new }) =
            store.check(&vault, &keys(&["a", "x"], &["b", "y"]), &[])
        else {
            panic!()
        };
        assert_eq!(new, keys(&["x"], &["y"]));
        store.allow(&vault, &keys(&["x"], &[])).unwrap();
        assert_eq!(
            store.recorded(&vault).unwrap(),
            Some(keys(&["a", "x"], &["b"]))
        );
        store.record(&vault, &keys(&["x"], &[])).unwrap();
        assert!(store.check(&vault, &keys(&["a"], &[]), &[]).is_err());
        let meta = std::fs::metadata(store.path()).unwrap();
        assert_eq!(meta.mode() & 0o777, 0o600);
        assert_eq!(
            std::fs::metadata(store.path().parent().unwrap())
                .unwrap()
                .mode()
                & 0o777,
            0o700
        );
    }

    #[test]
    fn an_identity_left_out_is_not_trusted_at_the_first_meeting() {
        let dir = tempfile::tempdir().unwrap();
        let store = TrustStore::in_folder(dir.path());
        let vault = dir.path().join("vault.age");
        assert!(matches!(
            store.check(&vault, &keys(&["evil"], &[]), &["me".to_owned()]),
            Err(Error::IdentityNotRecipient { .. })
        ));
        assert_eq!(store.recorded(&vault).unwrap(), None);
        store
            .check(&vault, &keys(&["evil", "me"], &[]), &["me".to_owned()])
            .unwrap();
    }

    #[test]
    fn a_damaged_record_is_refused_not_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let store = TrustStore::in_folder(dir.path());
        std::fs::write(store.path(), b"{not json").unwrap();
        let vault = dir.path().join("vault.age");
        assert!(matches!(
            store.check(&vault, &keys(&["a"], &[]), &[]),
            Err(Error::Unreadable { .. })
        ));
    }
}
