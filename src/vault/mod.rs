//! The vault: entries, tombstones and preserved unknown fields, with the edits fob makes to them as pure
//! data operations (no files, no terminal). [`format`](mod@format) reads and writes it as JSON, [`seal`] encrypts it.

mod error;
pub mod format;
mod query;
pub mod seal;

pub use error::Error;
pub use query::Matches;

use jiff::Timestamp;
use serde_json::{Map, Value};

use crate::entry::{Entry, EntryId, Name};
use seal::{Key, Sealer};

/// A decrypted vault together with how to seal it again.
pub struct Unlocked {
    /// The contents.
    pub vault: Vault,
    /// How the file was (and will be) encrypted.
    pub sealer: Sealer,
}

impl Unlocked {
    /// Decrypts and parses a vault (or backup) file.
    pub fn open(ciphertext: &[u8], key: &Key) -> Result<Self, Error> {
        let plaintext = seal::open(ciphertext, key)?;
        let (vault, encryption) = format::parse(&plaintext)?;
        let sealer = Sealer::for_opened(key, &encryption)?;
        Ok(Self { vault, sealer })
    }

    /// Parses a document that another process (fob's agent) decrypted from a file sealed as `sealing`
    /// says: a passphrase vault is sealed again by that process, one locked to recipients here, to the
    /// public keys its document lists (through `callbacks` for plugin recipients).
    pub fn delegated(
        plaintext: &[u8],
        sealing: seal::Sealing,
        callbacks: &seal::Callbacks,
    ) -> Result<Self, Error> {
        let (vault, encryption) = format::parse(plaintext)?;
        Ok(Self {
            vault,
            sealer: Sealer::delegated(&encryption, sealing, callbacks)?,
        })
    }

    /// The document as it would be sealed, for a sealer in another process.
    #[must_use]
    pub fn document(&self) -> zeroize::Zeroizing<Vec<u8>> {
        format::to_json(&self.vault, &self.sealer.encryption())
    }

    /// A new vault, empty, to be sealed by `sealer`.
    #[must_use]
    pub fn new(sealer: Sealer) -> Self {
        Self {
            vault: Vault::default(),
            sealer,
        }
    }

    /// Serialises and encrypts the vault.
    pub fn seal(&self) -> Result<Vec<u8>, Error> {
        self.sealer.seal(&self.document())
    }
}

/// A record that an entry was removed on purpose, so a later merge does not bring it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Tombstone {
    /// The removed entry's id.
    pub id: EntryId,
    /// When it was removed.
    pub deleted: Timestamp,
    /// Fields written by a newer fob.
    pub extra: Map<String, Value>,
}

/// The decrypted contents of a vault file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Vault {
    /// Accounts, in the order they were added.
    pub entries: Vec<Entry>,
    /// Removed entries.
    pub tombstones: Vec<Tombstone>,
    /// The most recent verified backups, oldest first.
    pub backups: Vec<BackupRecord>,
    /// How `fob backup` encrypts and where it writes when not told.
    pub backup_defaults: Option<BackupDefaults>,
    /// Top-level fields written by a newer fob.
    pub extra: Map<String, Value>,
}

/// A backup fob wrote and verified. Which entries it held is marked on the entries themselves
/// ([`Entry::backed_up`]), so the record stays small however large the vault.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupRecord {
    /// When it was verified.
    pub time: Timestamp,
    /// Where it was written.
    pub place: String,
    /// How many entries it holds.
    pub entries: usize,
    /// SHA-256 of the backup's decrypted document, hex.
    pub sha256: String,
}

/// Remembered backup settings: public keys and a folder, never a passphrase.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BackupDefaults {
    /// `age1...` keys to encrypt backups to.
    pub recipients: Vec<String>,
    /// The folder or file backups go to.
    pub destination: Option<String>,
}

/// How many backup records the vault keeps.
pub const KEEP_BACKUP_RECORDS: usize = 20;

/// Where an entry stands against the recorded backups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupState {
    /// In a backup, as it is now.
    Backed,
    /// In a backup, but edited since.
    ChangedSince,
    /// In no backup at all.
    InNone,
}

/// Why a query did not pick exactly one entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing matched.
    #[error("no entry matches {query:?}")]
    NoMatch {
        /// What was asked for.
        query: String,
    },
    /// More than one entry matched equally well.
    #[error("{query:?} matches {} entries", candidates.len())]
    Ambiguous {
        /// What was asked for.
        query: String,
        /// The display names of every match.
        candidates: Vec<String>,
    },
}

/// An entry with the same issuer and account is already stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an entry named {name:?} already exists")]
pub struct NameTaken {
    /// The name both share.
    pub name: String,
}

impl Vault {
    /// Finds the one entry a query means: the display name `Issuer:account`, compared case-insensitively;
    /// an exact match wins over substring matches.
    pub fn find(&self, query: &str) -> Result<usize, QueryError> {
        self.matches(query).exact_first()
    }

    /// Every entry's position by folded name ([`Name::folded`]), for bulk operations that would otherwise
    /// search the vault once per incoming entry.
    #[must_use]
    pub fn name_index(&self) -> std::collections::HashMap<String, usize> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.folded(), i))
            .collect()
    }

    /// The entry already stored under this issuer and account, if any.
    #[must_use]
    pub fn position_of_name(&self, name: &Name) -> Option<usize> {
        self.entries.iter().position(|e| e.name.same_as(name))
    }

    /// Stores a new entry; refuses a name that is taken.
    pub fn add(&mut self, entry: Entry) -> Result<(), NameTaken> {
        if self.position_of_name(&entry.name).is_some() {
            return Err(NameTaken {
                name: entry.name.to_string(),
            });
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Replaces the OTP settings of the entry at `index` (re-enrolment), keeping its id so merges see an
    /// edit rather than a new account.
    pub fn replace_otp(&mut self, index: usize, otp: crate::entry::Otp, now: Timestamp) {
        let entry = &mut self.entries[index];
        entry.otp = otp;
        entry.modified = now;
        // A step or counter of the old secret means nothing for the new one.
        if let Some(state) = &mut entry.verify {
            state.last_step = None;
        }
    }

    /// Removes the entry at `index` and leaves a tombstone.
    pub fn remove(&mut self, index: usize, now: Timestamp) -> Entry {
        let entry = self.entries.remove(index);
        self.tombstones.push(Tombstone {
            id: entry.id.clone(),
            deleted: now,
            extra: Map::new(),
        });
        entry
    }

    /// Gives the entry at `index` a new name, unless another entry has it.
    pub fn rename(&mut self, index: usize, name: Name, now: Timestamp) -> Result<(), NameTaken> {
        if let Some(other) = self.position_of_name(&name)
            && other != index
        {
            return Err(NameTaken {
                name: name.to_string(),
            });
        }
        let entry = &mut self.entries[index];
        entry.name = name;
        entry.modified = now;
        Ok(())
    }

    /// Notes a verified backup holding every current entry, keeping the last [`KEEP_BACKUP_RECORDS`].
    pub fn record_backup(&mut self, record: BackupRecord) {
        for entry in &mut self.entries {
            entry.backed_up = Some(entry.modified);
        }
        self.backups.push(record);
        let excess = self.backups.len().saturating_sub(KEEP_BACKUP_RECORDS);
        self.backups.drain(..excess);
    }

    /// Records a backup this vault was restored from, once it decrypted: the entries still as they are in
    /// it (same id, not changed since) are in that backup, as if this vault had written it.
    pub fn record_restored_backup(&mut self, backup: &Vault, record: BackupRecord) {
        for entry in &mut self.entries {
            if backup
                .entries
                .iter()
                .any(|b| b.id == entry.id && b.modified >= entry.modified)
            {
                entry.backed_up = entry.backed_up.max(Some(entry.modified));
            }
        }
        self.backups.push(record);
        let excess = self.backups.len().saturating_sub(KEEP_BACKUP_RECORDS);
        self.backups.drain(..excess);
    }

    /// Where each entry stands against the recorded backups, in entry order. An HOTP counter step counts
    /// as a change too, since a backup with an older counter would only resynchronise.
    #[must_use]
    pub fn backup_states(&self) -> Vec<BackupState> {
        self.entries
            .iter()
            .map(|e| match e.backed_up {
                None => BackupState::InNone,
                Some(m) if m >= e.modified => BackupState::Backed,
                Some(_) => BackupState::ChangedSince,
            })
            .collect()
    }

    /// Entries in no backup at all.
    #[must_use]
    pub fn not_backed_up(&self) -> Vec<&Entry> {
        self.entries
            .iter()
            .zip(self.backup_states())
            .filter(|(_, state)| *state == BackupState::InNone)
            .map(|(e, _)| e)
            .collect()
    }

    /// Moves an HOTP entry's counter on by one and returns the counter the code must be made from.
    /// `None` for time-based entries.
    pub fn advance_counter(&mut self, index: usize, now: Timestamp) -> Option<u64> {
        let entry = &mut self.entries[index];
        match &mut entry.otp.kind {
            crate::entry::Kind::Hotp { counter } => {
                let used = *counter;
                *counter = counter.checked_add(1)?;
                entry.modified = now;
                Some(used)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::entry::{Algorithm, Kind, Otp};
    use crate::secret::Secret;

    /// A vault of TOTP entries with these names (also for the query tests).
    pub(crate) fn vault(names: &[&str]) -> Vault {
        let mut v = Vault::default();
        for n in names {
            let otp = Otp {
                secret: Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap(),
                kind: Kind::Totp { period: 30 },
                algorithm: Algorithm::Sha1,
                digits: 6,
            };
            v.add(Entry::new(
                Name::parse(n).unwrap(),
                otp,
                Timestamp::UNIX_EPOCH,
            ))
            .unwrap();
        }
        v
    }

    #[test]
    fn exact_match_beats_substring() {
        let v = vault(&["GitHub:alice", "GitHub:alice-work", "GitLab:bob"]);
        assert_eq!(v.find("github:ALICE"), Ok(0));
        assert_eq!(v.find("lab"), Ok(2));
        let Err(QueryError::Ambiguous { candidates, .. }) = v.find("git") else {
            panic!()
        };
        assert_eq!(
            candidates,
            ["GitHub:alice", "GitHub:alice-work", "GitLab:bob"]
        );
        assert!(matches!(v.find("nothing"), Err(QueryError::NoMatch { .. })));
    }

    #[test]
    fn names_are_unique_ignoring_case() {
        let mut v = vault(&["GitHub:alice", "GitLab:bob"]);
        let dup = v.entries[0].clone();
        let mut renamed = dup.clone();
        renamed.name = Name::parse("github:ALICE").unwrap();
        assert!(v.add(renamed).is_err());
        assert!(
            v.rename(
                1,
                Name::parse("GITHUB:alice").unwrap(),
                Timestamp::UNIX_EPOCH
            )
            .is_err()
        );
        assert!(
            v.rename(
                0,
                Name::parse("GitHub:Alice").unwrap(),
                Timestamp::UNIX_EPOCH
            )
            .is_ok()
        );
    }

    #[test]
    fn removal_leaves_a_tombstone() {
        let mut v = vault(&["a", "b"]);
        let id = v.entries[0].id.clone();
        let now = Timestamp::from_second(1_000).unwrap();
        v.remove(0, now);
        assert_eq!(v.entries.len(), 1);
        assert_eq!(v.tombstones[0].id, id);
        assert_eq!(v.tombstones[0].deleted, now);
    }

    #[test]
    fn backup_states_follow_edits() {
        let mut v = vault(&["a", "b"]);
        assert_eq!(v.not_backed_up().len(), 2);
        let record = BackupRecord {
            time: Timestamp::UNIX_EPOCH,
            place: "usb".into(),
            entries: 2,
            sha256: String::new(),
        };
        v.record_backup(record);
        assert_eq!(
            v.backup_states(),
            [BackupState::Backed, BackupState::Backed]
        );
        v.rename(
            1,
            Name::parse("c").unwrap(),
            Timestamp::from_second(9).unwrap(),
        )
        .unwrap();
        v.add(Entry::new(
            Name::parse("d").unwrap(),
            v.entries[0].otp.clone(),
            Timestamp::UNIX_EPOCH,
        ))
        .unwrap();
        assert_eq!(
            v.backup_states(),
            [
                BackupState::Backed,
                BackupState::ChangedSince,
                BackupState::InNone
            ]
        );
    }

    #[test]
    fn hotp_counter_advances_and_records_the_edit() {
        let mut v = vault(&["a"]);
        v.entries[0].otp.kind = Kind::Hotp { counter: 7 };
        let now = Timestamp::from_second(5).unwrap();
        assert_eq!(v.advance_counter(0, now), Some(7));
        assert_eq!(v.entries[0].otp.kind, Kind::Hotp { counter: 8 });
        assert_eq!(v.entries[0].modified, now);
    }
}
