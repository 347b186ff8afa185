//! The one rule for bringing another copy of a vault (a backup, a generation) into this one without
//! losing anything newer: entries match by id, or by issuer + account + secret for copies made elsewhere;
//! on both sides the newer `modified` wins; a tombstone newer than an entry removes it; nothing present
//! only here is removed.

use std::collections::HashMap;

use crate::entry::{Entry, EntryId, Kind, Name};
use crate::vault::{Tombstone, Vault};

/// What a merge changed (or, for a dry run, would change), by display name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Entries only in the other copy, now added.
    pub added: Vec<String>,
    /// Entries newer in the other copy, now updated.
    pub updated: Vec<String>,
    /// Entries removed by a newer tombstone in the other copy.
    pub removed: Vec<String>,
    /// Entries the same on both sides, or newer here.
    pub unchanged: usize,
    /// Entries whose name is taken here by another secret: added under a new name, nothing lost.
    pub renamed: Vec<String>,
    /// Entries in the other copy that were removed here after it was made: not brought back.
    pub still_removed: Vec<String>,
}

impl Report {
    /// Whether the vault changed.
    #[must_use]
    pub fn changed(&self) -> bool {
        !(self.added.is_empty()
            && self.updated.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty())
    }
}

/// Merges `other` into `vault`. Lookups go through maps built once, so restoring a large backup into a
/// large vault stays linear.
pub fn merge(vault: &mut Vault, other: &Vault) -> Report {
    let mut report = Report::default();
    let deleted_here: HashMap<EntryId, jiff::Timestamp> = vault
        .tombstones
        .iter()
        .map(|t| (t.id.clone(), t.deleted))
        .collect();
    let mut by_id: HashMap<EntryId, usize> = vault
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    let mut by_name = vault.name_index();

    for theirs in &other.entries {
        let matched = by_id.get(&theirs.id).copied().or_else(|| {
            by_name
                .get(&theirs.name.folded())
                .copied()
                .filter(|&i| vault.entries[i].otp.secret == theirs.otp.secret)
        });
        match matched {
            Some(i) if theirs.modified > vault.entries[i].modified => {
                let mine = &vault.entries[i];
                let mut updated = Entry {
                    id: mine.id.clone(),
                    ..theirs.clone()
                };
                keep_the_higher_counter(mine, &mut updated);
                by_name.remove(&mine.name.folded());
                if by_name
                    .get(&updated.name.folded())
                    .is_some_and(|&other| other != i)
                {
                    let renamed = free_name(&updated.name, &by_name);
                    report
                        .renamed
                        .push(format!("{} as {}", updated.name, renamed));
                    updated.name = renamed;
                } else {
                    report.updated.push(updated.name.to_string());
                }
                by_name.insert(updated.name.folded(), i);
                vault.entries[i] = updated;
            }
            Some(_) => report.unchanged += 1,
            None if deleted_here
                .get(&theirs.id)
                .is_some_and(|d| *d >= theirs.modified) =>
            {
                report.still_removed.push(theirs.name.to_string());
            }
            None => {
                let mut entry = theirs.clone();
                if by_name.contains_key(&entry.name.folded()) {
                    let renamed = free_name(&entry.name, &by_name);
                    report
                        .renamed
                        .push(format!("{} as {}", entry.name, renamed));
                    entry.name = renamed;
                } else {
                    report.added.push(entry.name.to_string());
                }
                by_id.insert(entry.id.clone(), vault.entries.len());
                by_name.insert(entry.name.folded(), vault.entries.len());
                vault.entries.push(entry);
            }
        }
    }

    let their_removals: HashMap<&EntryId, jiff::Timestamp> = other
        .tombstones
        .iter()
        .map(|t| (&t.id, t.deleted))
        .collect();
    vault.entries.retain(|e| match their_removals.get(&e.id) {
        Some(deleted) if e.modified <= *deleted => {
            report.removed.push(e.name.to_string());
            false
        }
        _ => true,
    });
    record_tombstones(vault, &other.tombstones);
    report
}

/// An HOTP counter only ever moves forward: a newer edit elsewhere (a rename) may carry an older
/// counter, and going back would show codes that were already used.
fn keep_the_higher_counter(mine: &Entry, updated: &mut Entry) {
    if let (Kind::Hotp { counter: here }, Kind::Hotp { counter: there }) =
        (mine.otp.kind, &mut updated.otp.kind)
        && mine.otp.secret == updated.otp.secret
    {
        *there = (*there).max(here);
    }
}

/// Two entries may not share a name (queries would become ambiguous), and neither may be lost: an
/// incoming entry whose name is taken gets a suffix the user can rename.
fn free_name(name: &Name, taken: &HashMap<String, usize>) -> Name {
    (1..=u32::MAX)
        .map(|n| {
            let suffix = if n == 1 {
                " (restored)".to_owned()
            } else {
                format!(" (restored {n})")
            };
            Name {
                issuer: name.issuer.clone(),
                account: format!("{}{suffix}", name.account),
            }
        })
        .find(|candidate| !taken.contains_key(&candidate.folded()))
        .expect("some suffix is free")
}

/// Adds the other copy's removals to ours, keeping the later time for an id both record.
fn record_tombstones(vault: &mut Vault, theirs: &[Tombstone]) {
    let mut index: HashMap<EntryId, usize> = vault
        .tombstones
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();
    for tomb in theirs {
        match index.get(&tomb.id) {
            Some(&i) if vault.tombstones[i].deleted < tomb.deleted => {
                vault.tombstones[i].deleted = tomb.deleted;
            }
            Some(_) => {}
            None => {
                index.insert(tomb.id.clone(), vault.tombstones.len());
                vault.tombstones.push(tomb.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Algorithm, Kind, Otp};
    use crate::secret::Secret;
    use jiff::Timestamp;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap()
    }

    fn entry(name: &str, secret: &str, modified: i64) -> Entry {
        let otp = Otp {
            secret: Secret::from_base32(secret).unwrap(),
            kind: Kind::Totp { period: 30 },
            algorithm: Algorithm::Sha1,
            digits: 6,
        };
        let mut e = Entry::new(Name::parse(name).unwrap(), otp, t(modified));
        e.created = t(0);
        e
    }

    #[test]
    fn newer_side_wins_and_nothing_only_here_is_removed() {
        let mut here = Vault::default();
        let mut there = Vault::default();
        let shared_old = entry("A:shared", "JBSWY3DPEHPK3PXP", 10);
        let mut shared_new = shared_old.clone();
        shared_new.name = Name::parse("A:renamed-there").unwrap();
        shared_new.modified = t(20);
        here.entries.push(shared_old);
        there.entries.push(shared_new);
        let newer_here = entry("B:mine", "GEZDGNBVGY3TQOJQ", 30);
        let mut older_there = newer_here.clone();
        older_there.modified = t(5);
        older_there.name = Name::parse("B:old-name").unwrap();
        here.entries.push(newer_here);
        there.entries.push(older_there);
        here.entries.push(entry("C:only-here", "GEZDGNBV", 1));
        there.entries.push(entry("D:only-there", "MZXW6YTB", 1));

        let report = merge(&mut here, &there);
        assert_eq!(report.updated, ["A:renamed-there"]);
        assert_eq!(report.added, ["D:only-there"]);
        assert_eq!(report.unchanged, 1);
        let names: Vec<String> = here.entries.iter().map(|e| e.name.to_string()).collect();
        assert_eq!(
            names,
            ["A:renamed-there", "B:mine", "C:only-here", "D:only-there"]
        );
    }

    #[test]
    fn tombstones_remove_only_older_entries_and_block_resurrection() {
        let mut here = Vault::default();
        let doomed = entry("gone", "JBSWY3DPEHPK3PXP", 10);
        let edited_after = entry("kept", "GEZDGNBVGY3TQOJQ", 50);
        here.entries.push(doomed.clone());
        here.entries.push(edited_after.clone());
        let mut there = Vault::default();
        for (id, when) in [(&doomed.id, 20), (&edited_after.id, 40)] {
            there.tombstones.push(Tombstone {
                id: id.clone(),
                deleted: t(when),
                extra: serde_json::Map::new(),
            });
        }
        let report = merge(&mut here, &there);
        assert_eq!(report.removed, ["gone"]);
        assert_eq!(here.entries.len(), 1);
        assert_eq!(here.tombstones.len(), 2);

        // Restoring an old backup that still holds the removed entry does not bring it back.
        let mut old_backup = Vault::default();
        old_backup.entries.push(doomed);
        let report = merge(&mut here, &old_backup);
        assert!(!report.changed());
        assert_eq!(report.still_removed, ["gone"]);
        assert_eq!(here.entries.len(), 1);
    }

    #[test]
    fn a_newer_rename_elsewhere_keeps_the_higher_hotp_counter_and_names_unique() {
        let mut here = Vault::default();
        let mut bank = entry("Bank:me", "JBSWY3DPEHPK3PXP", 10);
        bank.otp.kind = Kind::Hotp { counter: 50 };
        here.entries.push(bank.clone());
        here.entries
            .push(entry("Bank:work", "GEZDGNBVGY3TQOJQ", 10));
        let mut there = Vault::default();
        let mut renamed = bank;
        renamed.otp.kind = Kind::Hotp { counter: 10 };
        renamed.name = Name::parse("bank:WORK").unwrap();
        renamed.modified = t(20);
        there.entries.push(renamed);
        let report = merge(&mut here, &there);
        assert_eq!(here.entries[0].otp.kind, Kind::Hotp { counter: 50 });
        assert_eq!(report.renamed, ["bank:WORK as bank:WORK (restored)"]);
        assert!(
            here.find("bank:work").is_ok(),
            "the two entries are told apart"
        );
    }

    #[test]
    fn same_account_from_elsewhere_matches_by_name_and_secret() {
        let mut here = Vault::default();
        here.entries
            .push(entry("GitHub:alice", "JBSWY3DPEHPK3PXP", 10));
        let mut there = Vault::default();
        there
            .entries
            .push(entry("github:ALICE", "JBSWY3DPEHPK3PXP", 5));
        there
            .entries
            .push(entry("GitHub:alice", "GEZDGNBVGY3TQOJQ", 5));
        let report = merge(&mut here, &there);
        assert_eq!(report.unchanged, 1);
        assert_eq!(report.renamed, ["GitHub:alice as GitHub:alice (restored)"]);
        assert_eq!(here.entries.len(), 2);
    }
}
