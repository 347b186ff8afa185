//! The one rule for bringing another copy of a vault (a backup, a generation, later a synced copy) into
//! this one without losing anything newer: entries match by id, or by issuer + account + secret for
//! copies made elsewhere; on both sides the newer `modified` wins the entry's own fields (ties broken the
//! same way on every machine); a tombstone newer than an entry removes it; nothing present only here is
//! removed. What guards codes is never taken from one side alone: the higher HOTP counter and both sides'
//! verify state (replay guard, lock-out, failures, log) are kept whichever side wins.
//!
//! The other copy is checked first ([`check`]): a file from outside may be forged, and a time far ahead
//! or a duplicate would otherwise win every later merge or make queries ambiguous.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};

use crate::entry::{Entry, EntryId, Kind, Name};
use crate::vault::{Tombstone, Vault};
use crate::verify::Policy;
use crate::verify_state::{KEEP_LOG_EVENTS, VerifyState};

/// How far ahead of this machine's clock a time in another copy may be. Machines' clocks differ by
/// seconds, minutes, perhaps an hour; a time further ahead is a forgery or a broken clock, and taken as it
/// is it would win every merge until then (a removal dated 2999 removes the entry for good).
pub const CLOCK_TOLERANCE: SignedDuration = SignedDuration::from_hours(24);

/// Why another copy is not merged. Names and ids come from the file; the CLI cleans them for the terminal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// A time more than [`CLOCK_TOLERANCE`] ahead of this machine's clock.
    #[error("{what}: {field} {time} is more than a day ahead of this machine's clock")]
    FromTheFuture {
        /// Which record holds it ("entry GitHub:alice", "tombstone `<id>`", "backup record").
        what: String,
        /// The field.
        field: &'static str,
        /// The time found.
        time: Timestamp,
    },
    /// Two entries with one id: a merge could not tell which one an edit is of.
    #[error("two entries share the id {id}")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// Two names that queries could not tell apart.
    #[error("two entries are named {first} and {second}, which differ only by case")]
    DuplicateName {
        /// The first entry's name.
        first: String,
        /// The second's.
        second: String,
    },
}

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
    /// Entries renamed because two entries (one from each side) had one name: "old as new"; the one
    /// created first keeps the name, nothing is lost.
    pub renamed: Vec<String>,
    /// Entries in the other copy that were removed here after it was made: not brought back.
    pub still_removed: Vec<String>,
    /// Entries newer here that took the other copy's higher HOTP counter or its verify state.
    pub state_merged: Vec<String>,
    /// Entries here that the other copy removes at a time after this machine's clock: kept.
    pub removal_ahead: Vec<String>,
}

impl Report {
    /// Whether the vault changed.
    #[must_use]
    pub fn changed(&self) -> bool {
        !(self.added.is_empty()
            && self.updated.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.state_merged.is_empty())
    }
}

/// Refuses a copy that no honest fob writes: a time more than [`CLOCK_TOLERANCE`] ahead of `now` (in
/// entries, their verify state, tombstones or backup records), two entries with one id, or two names that
/// differ only by case. A lock-out may legitimately end up to the longest lock-out after its start.
pub fn check(other: &Vault, now: Timestamp) -> Result<(), Refused> {
    let limit = now.checked_add(CLOCK_TOLERANCE).unwrap_or(Timestamp::MAX);
    let longest_lockout = i64::try_from(Policy::default().max_lockout).unwrap_or(i64::MAX);
    let lockout_limit = limit
        .checked_add(SignedDuration::from_secs(longest_lockout))
        .unwrap_or(Timestamp::MAX);
    let ahead =
        |what: &dyn Fn() -> String, field: &'static str, time: Timestamp, limit: Timestamp| {
            if time > limit {
                Err(Refused::FromTheFuture {
                    what: what(),
                    field,
                    time,
                })
            } else {
                Ok(())
            }
        };
    let mut ids = HashSet::new();
    let mut names: HashMap<String, &Name> = HashMap::new();
    for e in &other.entries {
        let what = || format!("entry {}", e.name);
        ahead(&what, "created", e.created, limit)?;
        ahead(&what, "modified", e.modified, limit)?;
        if let Some(t) = e.backed_up {
            ahead(&what, "backed_up", t, limit)?;
        }
        if let Some(v) = &e.verify {
            for &t in &v.failures {
                ahead(&what, "verify.failures", t, limit)?;
            }
            for &t in &v.lockouts {
                ahead(&what, "verify.lockouts", t, limit)?;
            }
            for event in &v.log {
                ahead(&what, "verify.log time", event.time, limit)?;
                if let Some(t) = event.locked_out_until {
                    ahead(&what, "verify.log locked_until", t, lockout_limit)?;
                }
            }
            if let Some(t) = v.locked_out_until {
                ahead(&what, "verify.locked_until", t, lockout_limit)?;
            }
        }
        if !ids.insert(&e.id) {
            return Err(Refused::DuplicateId {
                id: e.id.to_string(),
            });
        }
        if let Some(first) = names.insert(e.name.folded(), &e.name) {
            return Err(Refused::DuplicateName {
                first: first.to_string(),
                second: e.name.to_string(),
            });
        }
    }
    for t in &other.tombstones {
        ahead(
            &|| format!("tombstone {}", t.id),
            "deleted",
            t.deleted,
            limit,
        )?;
    }
    for b in &other.backups {
        ahead(
            &|| "a backup record".to_owned(),
            "backup time",
            b.time,
            limit,
        )?;
    }
    Ok(())
}

/// Merges `other` into `vault` at `now` (this machine's clock), after [`check`]ing it. Lookups go through
/// maps built once, so restoring a large backup into a large vault stays linear.
pub fn merge(vault: &mut Vault, other: &Vault, now: Timestamp) -> Result<Report, Refused> {
    check(other, now)?;
    let mut report = Report::default();
    // A removal here dated after this clock can only come from a forgery an older fob took: it does not
    // keep an entry out.
    let deleted_here: HashMap<EntryId, Timestamp> = vault
        .tombstones
        .iter()
        .filter(|t| t.deleted <= now)
        .map(|t| (t.id.clone(), t.deleted))
        .collect();
    let mut by_id: HashMap<EntryId, usize> = vault
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    let mut added = Vec::new();
    for theirs in &other.entries {
        match by_id.get(&theirs.id).copied() {
            Some(i) => {
                // One account, one creation: the earlier, whichever side wins the rest.
                let created = vault.entries[i].created.min(theirs.created);
                vault.entries[i].created = created;
                if wins(theirs, &vault.entries[i]) {
                    let mine = &vault.entries[i];
                    let mut updated = Entry {
                        id: mine.id.clone(),
                        created: mine.created,
                        ..theirs.clone()
                    };
                    carry_state(&mut updated, mine);
                    report.updated.push(updated.name.to_string());
                    vault.entries[i] = updated;
                } else if carry_state(&mut vault.entries[i], theirs) {
                    report.state_merged.push(vault.entries[i].name.to_string());
                } else {
                    report.unchanged += 1;
                }
            }
            None if deleted_here
                .get(&theirs.id)
                .is_some_and(|d| *d >= theirs.modified) =>
            {
                report.still_removed.push(theirs.name.to_string());
            }
            None => {
                added.push(theirs.id.clone());
                by_id.insert(theirs.id.clone(), vault.entries.len());
                vault.entries.push(theirs.clone());
            }
        }
    }

    // Removals are recorded as they come (at most a day ahead: `check` refused more), so every machine
    // ends up holding the same ones. One dated after this machine's clock removes nothing yet: a clock
    // that is behind must not let a removal beat an entry here, and the first merge after the clock
    // passes it applies it.
    record_tombstones(vault, &other.tombstones);
    let removals: HashMap<&EntryId, Timestamp> = vault
        .tombstones
        .iter()
        .map(|t| (&t.id, t.deleted))
        .collect();
    vault.entries.retain(|e| match removals.get(&e.id) {
        Some(&deleted) if e.modified <= deleted && deleted > now => {
            report.removal_ahead.push(e.name.to_string());
            true
        }
        Some(&deleted) if e.modified <= deleted => {
            report.removed.push(e.name.to_string());
            false
        }
        _ => true,
    });
    // An incoming entry that turned out to be an account already here (same name and secret under
    // another id) is not new.
    let unified: HashSet<EntryId> = unify_duplicates(vault).into_iter().collect();
    for id in added {
        if unified.contains(&id) {
            report.unchanged += 1;
        } else if let Some(e) = vault.entries.iter().find(|e| e.id == id) {
            report.added.push(e.name.to_string());
        }
    }
    report.renamed = settle_names(vault);
    Ok(report)
}

/// Replaces `vault` with `other` (`restore --replace`), after [`check`]ing it, keeping what must never
/// go back for every entry the two share: the higher HOTP counter and both sides' verify state, so an
/// old copy never re-opens used codes or lifts a lock-out. Returns whether the vault changed.
pub fn replace(vault: &mut Vault, mut other: Vault, now: Timestamp) -> Result<bool, Refused> {
    check(&other, now)?;
    let by_id: HashMap<&EntryId, usize> = vault
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.id, i))
        .collect();
    let by_name = vault.name_index();
    for entry in &mut other.entries {
        let matched = by_id.get(&entry.id).copied().or_else(|| {
            by_name
                .get(&entry.name.folded())
                .copied()
                .filter(|&i| vault.entries[i].otp.secret == entry.otp.secret)
        });
        if let Some(i) = matched {
            carry_state(entry, &vault.entries[i]);
        }
    }
    let changed = *vault != other;
    *vault = other;
    Ok(changed)
}

/// The same account added on two machines (or in another vault a backup came from) has two ids: entries
/// with one name (ignoring case) and one secret become one, with the smallest id, the earliest creation,
/// the newest edit's fields and every copy's counter and verify state; the other ids are recorded as
/// removed, dated by the data (the newest edit), so a machine still holding one drops it too and none
/// sees the removal as ahead of its clock. A function of the entries alone, so every machine does the
/// same. Returns every id involved.
fn unify_duplicates(vault: &mut Vault) -> Vec<EntryId> {
    let mut groups: HashMap<(String, Vec<u8>), Vec<usize>> = HashMap::new();
    for (i, e) in vault.entries.iter().enumerate() {
        groups
            .entry((e.name.folded(), e.otp.secret.bytes().to_vec()))
            .or_default()
            .push(i);
    }
    let mut dropped = HashSet::new();
    let mut involved = Vec::new();
    let mut removals = Vec::new();
    for group in groups.into_values().filter(|g| g.len() > 1) {
        let entries = &vault.entries;
        let keep = *group
            .iter()
            .min_by(|&&a, &&b| entries[a].id.cmp(&entries[b].id))
            .expect("a group has entries");
        let newest = *group
            .iter()
            .max_by(|&&a, &&b| edit_order(&entries[a], &entries[b]))
            .expect("a group has entries");
        let mut one = Entry {
            id: entries[keep].id.clone(),
            created: group
                .iter()
                .map(|&i| entries[i].created)
                .min()
                .expect("not empty"),
            ..entries[newest].clone()
        };
        for &i in group.iter().filter(|&&i| i != newest) {
            carry_state(&mut one, &entries[i]);
        }
        for &i in group.iter().filter(|&&i| i != keep) {
            dropped.insert(i);
            removals.push(Tombstone {
                id: entries[i].id.clone(),
                deleted: one.modified,
                extra: serde_json::Map::new(),
            });
        }
        involved.extend(group.iter().map(|&i| entries[i].id.clone()));
        vault.entries[keep] = one;
    }
    let mut index = 0;
    vault.entries.retain(|_| {
        index += 1;
        !dropped.contains(&(index - 1))
    });
    record_tombstones(vault, &removals);
    involved
}

/// Which of two versions of an entry is the newer edit: the later `modified`, and on a tie the greater
/// of a few fields, so that every machine merging the same copies picks the same one.
fn edit_order(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    let tie_key = |e: &Entry| {
        (
            e.name.to_string(),
            e.otp.secret.bytes().to_vec(),
            e.otp.kind.name(),
            e.otp.kind.period(),
            e.otp.algorithm.as_str(),
            e.otp.digits,
        )
    };
    a.modified
        .cmp(&b.modified)
        .then_with(|| tie_key(a).cmp(&tie_key(b)))
}

/// Whether `theirs` wins the entry's own fields over `mine`: the newer edit ([`edit_order`]).
fn wins(theirs: &Entry, mine: &Entry) -> bool {
    edit_order(theirs, mine) == std::cmp::Ordering::Greater
}

/// Brings `other`'s code-guarding state into `kept` (the entry whose own fields stay): an HOTP counter
/// only moves forward (going back would show codes already used), and the verify state is merged field
/// by field. A counter or step of another secret means nothing for this one and is not taken. Returns
/// whether `kept` changed.
fn carry_state(kept: &mut Entry, other: &Entry) -> bool {
    let same_secret = kept.otp.secret == other.otp.secret;
    let mut changed = false;
    if let (Kind::Hotp { counter: here }, Kind::Hotp { counter: there }) =
        (&mut kept.otp.kind, other.otp.kind)
        && same_secret
        && there > *here
    {
        *here = there;
        changed = true;
    }
    let merged = verify_state(kept.verify.as_ref(), other.verify.as_ref(), same_secret);
    if merged != kept.verify {
        kept.verify = merged;
        changed = true;
    }
    changed
}

/// Two copies' verify state as one, the same whichever side is `kept`: the highest accepted step or
/// counter, the latest lock-out, and the union of failures, lock-out starts and log (the log cut to its
/// last [`KEEP_LOG_EVENTS`]). `other`'s `last_step` counts only when it is of the same secret.
#[must_use]
pub fn verify_state(
    kept: Option<&VerifyState>,
    other: Option<&VerifyState>,
    same_secret: bool,
) -> Option<VerifyState> {
    let (kept, other) = match (kept, other) {
        (None, None) => return None,
        (Some(k), None) => return Some(k.clone()),
        (None, Some(o)) => {
            return Some(VerifyState {
                last_step: o.last_step.filter(|_| same_secret),
                ..o.clone()
            });
        }
        (Some(k), Some(o)) => (k, o),
    };
    let union = |a: &[Timestamp], b: &[Timestamp]| {
        let mut all: Vec<Timestamp> = a.iter().chain(b).copied().collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let mut log: Vec<_> = kept.log.iter().chain(&other.log).copied().collect();
    log.sort_by_key(|e| (e.time, e.result.as_str(), e.locked_out_until));
    log.dedup();
    let excess = log.len().saturating_sub(KEEP_LOG_EVENTS);
    log.drain(..excess);
    Some(VerifyState {
        last_step: if same_secret {
            kept.last_step.max(other.last_step)
        } else {
            kept.last_step
        },
        failures: union(&kept.failures, &other.failures),
        locked_out_until: kept.locked_out_until.max(other.locked_out_until),
        lockouts: union(&kept.lockouts, &other.lockouts),
        log,
    })
}

/// Two entries may not share a name (queries would become ambiguous), and neither may be lost: among
/// entries whose names differ only by case, the one created first (then the smaller id) keeps its name
/// and each other one gets the first free " (2)", " (3)"... suffix. Decided by the entries alone, not by
/// which side they came from, so every machine that merges the same copies names them alike. Returns
/// "old as new" for each entry renamed.
fn settle_names(vault: &mut Vault) -> Vec<String> {
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in vault.entries.iter().enumerate() {
        groups.entry(e.name.folded()).or_default().push(i);
    }
    let mut taken: HashSet<String> = groups.keys().cloned().collect();
    let mut clashes: Vec<(String, Vec<usize>)> =
        groups.into_iter().filter(|(_, g)| g.len() > 1).collect();
    clashes.sort_by(|a, b| a.0.cmp(&b.0));
    let mut renamed = Vec::new();
    for (_, mut group) in clashes {
        group.sort_by(|&a, &b| {
            let (a, b) = (&vault.entries[a], &vault.entries[b]);
            (a.created, &a.id).cmp(&(b.created, &b.id))
        });
        for &i in &group[1..] {
            let old = vault.entries[i].name.clone();
            let new = (2..=u32::MAX)
                .map(|n| Name {
                    issuer: old.issuer.clone(),
                    account: format!("{} ({n})", old.account),
                })
                .find(|candidate| !taken.contains(&candidate.folded()))
                .expect("some suffix is free");
            taken.insert(new.folded());
            renamed.push(format!("{old} as {new}"));
            vault.entries[i].name = new;
        }
    }
    renamed
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

    const NOW: Timestamp = Timestamp::constant(1_000_000, 0);

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

        let report = merge(&mut here, &there, NOW).unwrap();
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
        let report = merge(&mut here, &there, NOW).unwrap();
        assert_eq!(report.removed, ["gone"]);
        assert_eq!(here.entries.len(), 1);
        assert_eq!(here.tombstones.len(), 2);

        // Restoring an old backup that still holds the removed entry does not bring it back.
        let mut old_backup = Vault::default();
        old_backup.entries.push(doomed);
        let report = merge(&mut here, &old_backup, NOW).unwrap();
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
        let mut work = entry("Bank:work", "GEZDGNBVGY3TQOJQ", 10);
        work.created = t(1);
        here.entries.push(work);
        let mut there = Vault::default();
        let mut renamed = bank;
        renamed.otp.kind = Kind::Hotp { counter: 10 };
        renamed.name = Name::parse("bank:WORK").unwrap();
        renamed.modified = t(20);
        there.entries.push(renamed);
        let report = merge(&mut here, &there, NOW).unwrap();
        assert_eq!(here.entries[0].otp.kind, Kind::Hotp { counter: 50 });
        // The entry created first keeps the name, whichever side it came from.
        assert_eq!(report.renamed, ["Bank:work as Bank:work (2)"]);
        assert_eq!(here.entries[0].name.to_string(), "bank:WORK");
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
        let report = merge(&mut here, &there, NOW).unwrap();
        assert_eq!(report.unchanged, 1);
        let mut there = Vault::default();
        let mut other_secret = entry("GitHub:alice", "GEZDGNBVGY3TQOJQ", 5);
        other_secret.created = t(1);
        there.entries.push(other_secret);
        let report = merge(&mut here, &there, NOW).unwrap();
        assert_eq!(report.renamed, ["GitHub:alice as GitHub:alice (2)"]);
        assert_eq!(here.entries.len(), 2);
    }

    fn state(last_step: u64, failures: &[i64], locked_out_until: Option<i64>) -> VerifyState {
        VerifyState {
            last_step: Some(last_step),
            failures: failures.iter().map(|&s| t(s)).collect(),
            locked_out_until: locked_out_until.map(t),
            lockouts: locked_out_until.map(|u| t(u - 60)).into_iter().collect(),
            log: Vec::new(),
        }
    }

    // Issue 13: an entry renamed in a backup replaced the whole entry here, and with it the replay guard.
    #[test]
    fn r13_verify_state_is_merged_field_by_field_whichever_side_wins() {
        let mut mine = entry("GitHub:alice", "JBSWY3DPEHPK3PXP", 10);
        mine.verify = Some(state(7, &[100, 101], Some(2_000)));
        let mut theirs = mine.clone();
        theirs.name = Name::parse("GitHub:alice-renamed").unwrap();
        theirs.modified = t(20);
        theirs.verify = Some(state(5, &[101, 102], None));
        let expected = VerifyState {
            last_step: Some(7),
            failures: vec![t(100), t(101), t(102)],
            locked_out_until: Some(t(2_000)),
            lockouts: vec![t(1_940)],
            log: Vec::new(),
        };
        // Theirs wins the name; the guard and lock-out from here stay.
        let mut here = Vault::default();
        here.entries.push(mine.clone());
        let mut there = Vault::default();
        there.entries.push(theirs.clone());
        let report = merge(&mut here, &there, NOW).unwrap();
        assert_eq!(report.updated, ["GitHub:alice-renamed"]);
        assert_eq!(here.entries[0].verify.as_ref(), Some(&expected));
        // The other way round: the name here wins, their state comes in.
        let mut here = Vault::default();
        here.entries.push(theirs);
        let mut there = Vault::default();
        there.entries.push(mine);
        let report = merge(&mut here, &there, NOW).unwrap();
        assert_eq!(report.state_merged, ["GitHub:alice-renamed"]);
        assert!(report.changed());
        assert_eq!(here.entries[0].verify.as_ref(), Some(&expected));
        // Merging again changes nothing.
        assert!(!merge(&mut here, &there, NOW).unwrap().changed());
    }

    #[test]
    fn a_step_of_another_secret_is_not_taken() {
        let mine = Some(state(7, &[], None));
        let theirs = Some(state(9, &[], None));
        let merged = verify_state(mine.as_ref(), theirs.as_ref(), false).unwrap();
        assert_eq!(merged.last_step, Some(7));
        let merged = verify_state(None, theirs.as_ref(), false).unwrap();
        assert_eq!(merged.last_step, None);
    }

    #[test]
    fn ties_resolve_the_same_on_both_sides() {
        let a = entry("A:one", "JBSWY3DPEHPK3PXP", 10);
        let mut b = a.clone();
        b.name = Name::parse("A:two").unwrap();
        let merged = |x: &Entry, y: &Entry| {
            let mut here = Vault::default();
            here.entries.push(x.clone());
            let mut there = Vault::default();
            there.entries.push(y.clone());
            merge(&mut here, &there, NOW).unwrap();
            here.entries[0].name.to_string()
        };
        assert_eq!(merged(&a, &b), "A:two");
        assert_eq!(merged(&b, &a), "A:two");
    }

    // Issue 13: removals dated 2999 removed every entry and kept the real backup from bringing them back.
    #[test]
    fn r13_impossible_history_is_refused_and_a_removal_ahead_never_wins() {
        let mut here = Vault::default();
        let kept = entry("GitHub:alice", "JBSWY3DPEHPK3PXP", 10);
        here.entries.push(kept.clone());
        let before = here.clone();
        let tomb = |deleted| Tombstone {
            id: kept.id.clone(),
            deleted,
            extra: serde_json::Map::new(),
        };
        let mut forged = Vault::default();
        forged.tombstones.push(tomb(t(2_000_000)));
        let err = merge(&mut here, &forged, NOW).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "tombstone {}: deleted 1970-01-24T03:33:20Z is more than a day ahead of this machine's clock",
                kept.id
            )
        );
        assert_eq!(here, before);

        // An hour ahead is an ordinary clock difference: recorded, so that every machine holds it, but it
        // removes the entry here only once this clock has passed it.
        let mut skewed = Vault::default();
        let ahead = NOW + SignedDuration::from_hours(1);
        skewed.tombstones.push(tomb(ahead));
        let mut pending = here.clone();
        let report = merge(&mut pending, &skewed, NOW).unwrap();
        assert_eq!(report.removal_ahead, ["GitHub:alice"]);
        assert!(!report.changed());
        assert_eq!(pending.entries, before.entries);
        assert_eq!(pending.tombstones, skewed.tombstones);
        let later = ahead + SignedDuration::from_secs(1);
        let report = merge(&mut pending, &Vault::default(), later).unwrap();
        assert_eq!(report.removed, ["GitHub:alice"]);

        // A removal recorded far ahead by an older fob no longer keeps the real entry out.
        let mut damaged = Vault::default();
        damaged.tombstones.push(tomb(t(2_000_000)));
        let mut real = Vault::default();
        real.entries.push(kept.clone());
        let report = merge(&mut damaged, &real, NOW).unwrap();
        assert_eq!(report.added, ["GitHub:alice"]);

        let mut twins = Vault::default();
        twins.entries.push(kept.clone());
        let mut twin = entry("github:ALICE", "GEZDGNBVGY3TQOJQ", 10);
        twins.entries.push(twin.clone());
        assert!(matches!(
            merge(&mut here, &twins, NOW),
            Err(Refused::DuplicateName { .. })
        ));
        twin.id = kept.id.clone();
        twin.name = Name::parse("other").unwrap();
        twins.entries[1] = twin;
        assert!(matches!(
            replace(&mut here, twins, NOW),
            Err(Refused::DuplicateId { .. })
        ));
        assert_eq!(here, before);
    }

    #[test]
    fn a_lock_out_may_end_up_to_a_day_after_it_began() {
        let mut v = Vault::default();
        let mut e = entry("a", "JBSWY3DPEHPK3PXP", 10);
        let locked_out_until = |s| VerifyState {
            locked_out_until: Some(t(s)),
            ..VerifyState::default()
        };
        e.verify = Some(locked_out_until(NOW.as_second() + 86_400 * 2));
        v.entries.push(e);
        assert!(check(&v, NOW).is_ok());
        v.entries[0].verify = Some(locked_out_until(NOW.as_second() + 86_400 * 2 + 1));
        assert!(matches!(
            check(&v, NOW),
            Err(Refused::FromTheFuture {
                field: "verify.locked_until",
                ..
            })
        ));
    }

    // Issue 13: `restore --replace` from an old copy re-opened used HOTP codes.
    #[test]
    fn r13_replace_keeps_the_higher_counter_and_verify_state() {
        let mut here = Vault::default();
        let mut bank = entry("Bank:me", "JBSWY3DPEHPK3PXP", 50);
        bank.otp.kind = Kind::Hotp { counter: 9 };
        bank.verify = Some(state(8, &[40], None));
        here.entries.push(bank.clone());
        let mut old = Vault::default();
        let mut old_bank = bank.clone();
        old_bank.otp.kind = Kind::Hotp { counter: 2 };
        old_bank.verify = None;
        old_bank.modified = t(10);
        old.entries.push(old_bank);
        old.entries
            .push(entry("Gone:later", "GEZDGNBVGY3TQOJQ", 10));
        assert!(replace(&mut here, old, NOW).unwrap());
        assert_eq!(here.entries.len(), 2);
        assert_eq!(here.entries[0].otp.kind, Kind::Hotp { counter: 9 });
        assert_eq!(here.entries[0].verify, bank.verify);
        assert_eq!(here.entries[0].modified, t(10), "the old copy's own fields");
    }
}
