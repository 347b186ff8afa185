//! Rotating copies of earlier vaults, kept before every change a person makes (add, import, rm, rename,
//! restore, passwd) so a bad import or a mistaken `rm` can be undone; saves that only move counters,
//! verify state or backup records keep none, so routine use never pushes the undo out. They are the old
//! files themselves, still encrypted, hard-linked rather than copied where the filesystem allows (the
//! rename that follows leaves the old inode to the generation).
//!
//! Each has a label beside it, `<time>.label` (0600, plain text: "rm GitHub:alice"), saying what change
//! it preceded. Labels may name an account, so they stay out of file names; account names are not secret
//! in fob's model (the completion name cache holds them too), so a private file is enough.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::Error;
use super::atomic_write::{create_private_dir, write_new};

/// How many earlier vaults are kept.
pub const KEEP_GENERATIONS: usize = 5;

/// One kept vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    /// The file.
    pub path: PathBuf,
    /// When it was replaced (from its name).
    pub replaced: Option<Timestamp>,
    /// The change that replaced it ("rm GitHub:alice"); `None` for copies kept by an older fob.
    pub change: Option<String>,
}

/// The longest label kept: enough for any command and name.
const MAX_LABEL: usize = 1024;

/// Keeps the current vault as the newest generation, labelled with the `change` about to replace it,
/// and drops the oldest beyond [`KEEP_GENERATIONS`].
pub(super) fn keep(vault: &Path, dir: &Path, change: &str) -> Result<(), Error> {
    create_private_dir(dir)?;
    let now = Timestamp::now();
    let target = dir.join(file_name(now));
    if std::fs::hard_link(vault, &target).is_err() {
        let bytes = std::fs::read(vault).map_err(|e| Error::io("read", vault, e))?;
        write_new(&target, &bytes)?;
    }
    let mut label = change.to_owned();
    if label.len() > MAX_LABEL {
        let cut = (0..=MAX_LABEL)
            .rev()
            .find(|&i| label.is_char_boundary(i))
            .unwrap_or(0);
        label.truncate(cut);
    }
    write_new(&target.with_extension("label"), label.as_bytes())?;
    for old in list(dir)?.into_iter().skip(KEEP_GENERATIONS) {
        remove(&old.path)?;
    }
    Ok(())
}

/// Removes every generation and its label; returns how many generations there were.
pub(super) fn prune(dir: &Path) -> Result<usize, Error> {
    let all = list(dir)?;
    for g in &all {
        remove(&g.path)?;
    }
    Ok(all.len())
}

fn remove(generation: &Path) -> Result<(), Error> {
    std::fs::remove_file(generation)
        .map_err(|e| Error::io("remove the old generation", generation, e))?;
    let label = generation.with_extension("label");
    match std::fs::remove_file(&label) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::io("remove the label", label, e))
        }
        _ => Ok(()),
    }
}

/// Newest first.
pub(super) fn list(dir: &Path) -> Result<Vec<Generation>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("list", dir, e)),
    };
    let mut found: Vec<Generation> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "age"))
        .map(|path| {
            let replaced = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(parse_name);
            let change = read_label(&path.with_extension("label"));
            Generation {
                path,
                replaced,
                change,
            }
        })
        .collect();
    found.sort_by(|a, b| b.path.cmp(&a.path));
    Ok(found)
}

fn read_label(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(MAX_LABEL as u64)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

/// Names sort by time: `20261123T105700.123456789Z.age`. No colons, so copies survive FAT media.
fn file_name(t: Timestamp) -> String {
    format!("{}.age", t.strftime(NAME_FORMAT))
}

const NAME_FORMAT: &str = "%Y%m%dT%H%M%S.%NZ";

fn parse_name(stem: &str) -> Option<Timestamp> {
    let civil = jiff::civil::DateTime::strptime(NAME_FORMAT, stem).ok()?;
    jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_a_few_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("v.age");
        let gens = dir.path().join("v.age.generations");
        for i in 0..(KEEP_GENERATIONS + 3) {
            std::fs::write(&vault, format!("version {i}")).unwrap();
            keep(&vault, &gens, &format!("change {i}")).unwrap();
            // hard links share the inode: replace the vault like a real save does
            std::fs::remove_file(&vault).unwrap();
        }
        let kept = list(&gens).unwrap();
        assert_eq!(kept.len(), KEEP_GENERATIONS);
        let newest = std::fs::read_to_string(&kept[0].path).unwrap();
        assert_eq!(newest, format!("version {}", KEEP_GENERATIONS + 2));
        assert!(kept[0].replaced.is_some());
        assert!(kept[0].replaced >= kept[1].replaced);
        assert_eq!(
            kept[0].change.as_deref(),
            Some(format!("change {}", KEEP_GENERATIONS + 2).as_str())
        );
        let files = std::fs::read_dir(&gens).unwrap().count();
        assert_eq!(
            files,
            2 * KEEP_GENERATIONS,
            "labels go with their generation"
        );
        assert_eq!(prune(&gens).unwrap(), KEEP_GENERATIONS);
        assert_eq!(std::fs::read_dir(&gens).unwrap().count(), 0);
    }
}
