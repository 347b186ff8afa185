//! The advisory file lock ([`FileLock`]) held across every read-modify-write of the vault; not to be
//! confused with the vault's encryption, the agent's `fob lock` or a verify lock-out.
//!
//! It locks a separate `<vault>.lock` file, never the vault: a save renames a new inode over the vault, so a
//! lock on the old inode would exclude nobody. `flock` locks die with their process, so a killed fob never
//! leaves the vault wedged. The lock file is opened without following a symbolic link: one planted in
//! the vault's folder would make fob create or lock a file of the planter's choosing.

use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::Error;

/// Holds the file lock until dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Blocks until the lock is free; calls `on_wait` first when someone else has it.
    pub fn acquire(path: &Path, on_wait: impl FnOnce()) -> Result<Self, Error> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path)
            .map_err(|e| {
                if e.raw_os_error() == Some(libc::ELOOP) {
                    Error::LinkedLockFile {
                        path: path.to_owned(),
                    }
                } else {
                    Error::io("open the lock file", path, e)
                }
            })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                on_wait();
                file.lock().map_err(|e| Error::io("lock", path, e))?;
            }
            Err(TryLockError::Error(e)) => return Err(Error::io("lock", path, e)),
        }
        Ok(Self { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_and_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.lock");
        let first = FileLock::acquire(&path, || panic!("nobody holds it yet")).unwrap();
        let other = File::open(&path).unwrap();
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(first);
        let mut waited = false;
        let _second = FileLock::acquire(&path, || waited = true).unwrap();
        assert!(!waited);
    }

    #[test]
    fn a_symlinked_lock_file_is_refused_and_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.lock");
        let target = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        assert!(matches!(
            FileLock::acquire(&path, || {}),
            Err(Error::LinkedLockFile { .. })
        ));
        assert!(!target.exists());
    }
}
