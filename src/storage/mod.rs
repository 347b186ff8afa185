//! The vault on disk: atomic replacement, the advisory lock around read-modify-write, and the rotating
//! generations kept before each write. Bytes in, bytes out: encryption happens before anything reaches here.

mod atomic_write;
mod error;
mod file_lock;
mod generations;
mod permissions;

pub use atomic_write::{create_private_dir, write_atomically, write_new};
pub use error::Error;
pub use file_lock::FileLock;
pub use generations::{Generation, KEEP_GENERATIONS};
pub use permissions::Exposure;

use std::io::Read;
use std::path::{Path, PathBuf};

/// Refuse to read more than this as a vault: 100,000 entries take about 40 MB.
pub const MAX_VAULT_BYTES: u64 = 256 << 20;

/// The vault file and the files fob keeps beside it (`<vault>.lock`, `<vault>.generations/`).
#[derive(Debug, Clone)]
pub struct VaultFile {
    path: PathBuf,
}

impl VaultFile {
    /// A vault at `path`. A symlinked vault is resolved, so a save replaces the file the link points to
    /// rather than the link.
    #[must_use]
    pub fn new(path: &Path) -> Self {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        Self { path }
    }

    /// Where the vault is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a vault file is there.
    #[must_use]
    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    /// The folder holding the vault.
    #[must_use]
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Reads the encrypted bytes. Refuses absurd sizes before reading them.
    pub fn read(&self) -> Result<Vec<u8>, Error> {
        read_bounded(&self.path).map_err(|e| self.read_error(e))
    }

    /// Whether the file holds exactly `bytes`. It is compared a block at a time, so confirming that a large
    /// vault did not change costs no second copy of it in memory.
    pub fn holds(&self, bytes: &[u8]) -> Result<bool, Error> {
        let read = || -> std::io::Result<bool> {
            let mut file = std::fs::File::open(&self.path)?;
            if file.metadata()?.len() != bytes.len() as u64 {
                return Ok(false);
            }
            let mut block = vec![0; 64 << 10];
            let mut rest = bytes;
            loop {
                let n = file.read(&mut block)?;
                if n == 0 {
                    return Ok(rest.is_empty());
                }
                if n > rest.len() || block[..n] != rest[..n] {
                    return Ok(false);
                }
                rest = &rest[n..];
            }
        };
        read().map_err(|e| self.read_error(e))
    }

    fn read_error(&self, e: std::io::Error) -> Error {
        match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                path: self.path.clone(),
            },
            _ => Error::io("read", &self.path, e),
        }
    }

    /// Checks, as ssh does for keys, who else can reach the vault: a file or folder others can write to is
    /// refused (they could swap the vault for one that leaks what you add), and a file or folder others
    /// can read, or its group can write, is returned as an exposure to warn about.
    pub fn check_permissions(&self) -> Result<Vec<Exposure>, Error> {
        permissions::check(&self.path)
    }

    /// Takes the exclusive lock that every read-modify-write holds. `on_wait` is called once if another
    /// process holds it, so the caller can say why nothing happens. Temporary files that a fob killed
    /// mid-save left beside the vault are removed then: only a lock holder writes them. Every writer
    /// comes here, so this is where a folder others can write to is refused for certain, once it exists.
    pub fn lock(&self, on_wait: impl FnOnce()) -> Result<FileLock, Error> {
        create_private_dir(self.dir())?;
        permissions::check(&self.path)?;
        let guard = FileLock::acquire(&self.lock_path(), on_wait)?;
        atomic_write::remove_orphaned_temps(self.dir());
        Ok(guard)
    }

    /// Replaces the vault with `ciphertext` for a change a person made, after keeping the current file
    /// as a generation labelled `change` ("rm GitHub:alice"). The new file is written first, so a full
    /// disk fails before a generation is kept: failed saves must not push real history out of the
    /// rotation with copies of the current vault.
    pub fn replace(&self, _lock: &FileLock, ciphertext: &[u8], change: &str) -> Result<(), Error> {
        check_size(ciphertext)?;
        self.check_writable()?;
        let staged = atomic_write::stage(&self.path, ciphertext)?;
        if self.exists() {
            generations::keep(&self.path, &self.generations_dir(), change)?;
        }
        staged.commit()
    }

    /// Replaces the vault with `ciphertext` keeping no generation: for saves that only move an HOTP
    /// counter, verify state or backup records, which would otherwise push the undo of a mistake out of
    /// the rotation within minutes of routine use.
    pub fn update(&self, _lock: &FileLock, ciphertext: &[u8]) -> Result<(), Error> {
        check_size(ciphertext)?;
        self.check_writable()?;
        atomic_write::stage(&self.path, ciphertext)?.commit()
    }

    /// A vault its owner may not write (mode 400) is the owner's "do not change": the rename that replaces
    /// it would ignore the mode, so it is refused here.
    fn check_writable(&self) -> Result<(), Error> {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(&self.path) {
            Ok(m) if m.permissions().mode() & 0o200 == 0 => Err(Error::ReadOnly {
                path: self.path.clone(),
                mode: m.permissions().mode() & 0o7777,
            }),
            _ => Ok(()),
        }
    }

    /// Writes a new vault; fails if one exists.
    pub fn create(&self, _lock: &FileLock, ciphertext: &[u8]) -> Result<(), Error> {
        check_size(ciphertext)?;
        write_new(&self.path, ciphertext)
    }

    /// Earlier versions of the vault, newest first.
    pub fn generations(&self) -> Result<Vec<Generation>, Error> {
        generations::list(&self.generations_dir())
    }

    /// Removes every earlier version (after `fob passwd`, when the old key leaked); returns how many.
    pub fn prune_generations(&self, _lock: &FileLock) -> Result<usize, Error> {
        generations::prune(&self.generations_dir())
    }

    /// Where failed unlocks are recorded (see [`crate::unlock_failures`]).
    #[must_use]
    pub fn failures_path(&self) -> PathBuf {
        sibling(&self.path, ".failures")
    }

    fn lock_path(&self) -> PathBuf {
        sibling(&self.path, ".lock")
    }

    fn generations_dir(&self) -> PathBuf {
        sibling(&self.path, ".generations")
    }
}

/// `vault.age` + `.lock` = `vault.age.lock`, in the same folder.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(suffix);
    path.with_file_name(name)
}

/// A vault fob would refuse to read back is never written: it could not be opened again.
fn check_size(ciphertext: &[u8]) -> Result<(), Error> {
    let size = ciphertext.len() as u64;
    if size > MAX_VAULT_BYTES {
        return Err(Error::TooLarge {
            size,
            limit: MAX_VAULT_BYTES,
        });
    }
    Ok(())
}

/// Reads a whole file, refusing one larger than [`MAX_VAULT_BYTES`].
pub fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_VAULT_BYTES {
        return Err(std::io::Error::other(format!(
            "file is {len} bytes, more than the {MAX_VAULT_BYTES} a vault may be"
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_VAULT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Issue 13: a 10^6-entry merge wrote a 376 MB vault that fob then refused to open.
    #[test]
    fn r13_a_vault_too_large_to_read_back_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let file = VaultFile::new(&dir.path().join("v.age"));
        let guard = file.lock(|| {}).unwrap();
        file.create(&guard, b"small").unwrap();
        // Zeroed pages are not touched until written, so this costs no real memory.
        let huge = vec![0u8; usize::try_from(MAX_VAULT_BYTES).unwrap() + 1];
        let err = file.replace(&guard, &huge, "add").unwrap_err();
        assert!(matches!(err, Error::TooLarge { .. }), "{err}");
        assert_eq!(std::fs::read(file.path()).unwrap(), b"small");
        assert!(file.generations().unwrap().is_empty());
        let err = VaultFile::new(&dir.path().join("new.age"))
            .create(&guard, &huge)
            .unwrap_err();
        assert!(matches!(err, Error::TooLarge { .. }), "{err}");
        assert!(!dir.path().join("new.age").exists());
    }
}
