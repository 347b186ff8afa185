//! Rotating copies of earlier vaults, kept before every write so a bad import or a mistaken `rm` can be
//! undone. They are the old files themselves, still encrypted, hard-linked rather than copied where the
//! filesystem allows (the rename that follows leaves the old inode to the generation).

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::atomic_write::{create_private_dir, write_new};
use crate::vault::Error;

/// How many earlier vaults are kept.
pub const KEEP_GENERATIONS: usize = 5;

/// One kept vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    /// The file.
    pub path: PathBuf,
    /// When it was replaced (from its name).
    pub replaced: Option<Timestamp>,
}

/// Keeps the current vault as the newest generation and drops the oldest beyond [`KEEP_GENERATIONS`].
pub(super) fn keep(vault: &Path, dir: &Path) -> Result<(), Error> {
    create_private_dir(dir)?;
    let now = Timestamp::now();
    let target = dir.join(file_name(now));
    if std::fs::hard_link(vault, &target).is_err() {
        let bytes = std::fs::read(vault).map_err(|e| Error::io("read", vault, e))?;
        write_new(&target, &bytes)?;
    }
    for old in list(dir)?.into_iter().skip(KEEP_GENERATIONS) {
        std::fs::remove_file(&old.path)
            .map_err(|e| Error::io("remove the old generation", &old.path, e))?;
    }
    Ok(())
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
            Generation { path, replaced }
        })
        .collect();
    found.sort_by(|a, b| b.path.cmp(&a.path));
    Ok(found)
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
            keep(&vault, &gens).unwrap();
            // hard links share the inode: replace the vault like a real save does
            std::fs::remove_file(&vault).unwrap();
        }
        let kept = list(&gens).unwrap();
        assert_eq!(kept.len(), KEEP_GENERATIONS);
        let newest = std::fs::read_to_string(&kept[0].path).unwrap();
        assert_eq!(newest, format!("version {}", KEEP_GENERATIONS + 2));
        assert!(kept[0].replaced.is_some());
        assert!(kept[0].replaced >= kept[1].replaced);
    }
}
