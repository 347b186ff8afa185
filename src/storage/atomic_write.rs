//! Replacing a file so that a crash at any moment leaves either the old or the new contents, never a mix:
//! write a temp file in the same folder, fsync it, rename it over the target, fsync the folder.

use std::fs::{DirBuilder, File};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;

use super::Error;

/// Creates a folder (and missing parents) readable only by its owner.
pub fn create_private_dir(dir: &Path) -> Result<(), Error> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io("create the folder", dir, e))
}

/// Atomically replaces (or creates) `path` with `bytes`, mode 0600.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    stage(path, bytes)?.commit()
}

/// New contents written and synced beside their target, not yet in place: dropping it removes the
/// temporary file and leaves the target as it was.
pub(super) struct Staged<'a> {
    tmp: tempfile::NamedTempFile,
    path: &'a Path,
}

/// Writes `bytes` into a temporary file beside `path`, so that the step which can run out of space is
/// over before anything else changes.
pub(super) fn stage<'a>(path: &'a Path, bytes: &[u8]) -> Result<Staged<'a>, Error> {
    Ok(Staged {
        tmp: write_temp(path, bytes)?,
        path,
    })
}

impl Staged<'_> {
    /// Renames the staged file over the target and makes the rename durable.
    pub(super) fn commit(self) -> Result<(), Error> {
        self.tmp
            .persist(self.path)
            .map_err(|e| Error::io("replace", self.path, e.error))?;
        sync_dir(self.path)
    }
}

/// Atomically creates `path` with `bytes`, mode 0600; fails if it exists.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let tmp = write_temp(path, bytes)?;
    tmp.persist_noclobber(path)
        .map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => Error::AlreadyExists {
                path: path.to_owned(),
            },
            _ => Error::io("create", path, e.error),
        })?;
    sync_dir(path)
}

fn write_temp(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, Error> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".fob-")
        .suffix(".tmp")
        // remove_orphaned_temps recognises exactly this shape.
        .rand_bytes(6)
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a temporary file in", dir, e))?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io("write", tmp.path(), e))?;
    // persist() does not fsync: without this a power cut after the rename can leave an empty vault.
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("sync", tmp.path(), e))?;
    Ok(tmp)
}

/// Whether `name` is one of [`write_temp`]'s files: `.fob-` and six random characters, then `.tmp`
/// (a backup's `.fob-backup-*` temporary file does not match).
fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(".fob-")
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|random| {
            random.len() == 6 && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Removes the temporary files a process killed in the middle of a save left in `dir`. Call it only
/// while holding the lock that every writer of `dir` holds: then no such file belongs to a live save.
/// Best effort: a file that cannot be removed costs a little space, never a command.
pub(super) fn remove_orphaned_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name().to_str().is_some_and(is_temp_name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes the rename itself durable.
fn sync_dir(path: &Path) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io("sync the folder", dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn replaces_with_private_mode_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/v.age");
        write_new(&path, b"one").unwrap();
        assert!(matches!(
            write_new(&path, b"two"),
            Err(Error::AlreadyExists { .. })
        ));
        write_atomically(&path, b"three").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        assert_eq!(
            std::fs::metadata(path.parent().unwrap()).unwrap().mode() & 0o777,
            0o700
        );
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["v.age"]);
    }

    #[test]
    fn orphaned_temp_files_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let keep = [
            "v.age",
            "v.age.lock",
            ".fob-backup-a1B2c3.tmp",
            ".fob-abc.tmp",
            "fob-a1B2c3.tmp",
        ];
        for name in keep.iter().chain(&[".fob-a1B2c3.tmp", ".fob-ZZZZZZ.tmp"]) {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        remove_orphaned_temps(dir.path());
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort_unstable();
        let mut want = keep.map(ToOwned::to_owned).to_vec();
        want.sort_unstable();
        assert_eq!(names, want);
    }
}
