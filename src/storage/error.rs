//! What can go wrong with the vault's files on disk: finding, locking, checking who can reach them,
//! replacing and rotating them. None of these knows what the bytes mean; decryption and parsing fail
//! with `vault::Error`, which carries these through unchanged.

use std::io;
use std::path::PathBuf;

/// Errors of the vault file, its lock file and its generations.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// There is no vault at the path.
    #[error("no vault at {path}")]
    NotFound {
        /// Where fob looked.
        path: PathBuf,
    },
    /// `init` found a vault already there.
    #[error("a vault already exists at {path}")]
    AlreadyExists {
        /// The existing file.
        path: PathBuf,
    },
    /// A file operation failed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What fob was doing ("read", "write", "lock", ...).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The vault's folder can be written by other users, who could replace the vault.
    #[error(
        "refusing to use the vault: its folder {path} is writable by other users (mode {mode:o}), who could replace the vault"
    )]
    UnsafeFolder {
        /// The folder.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The vault file can be written by other users, who could replace what it holds.
    #[error(
        "refusing to use the vault: {path} is writable by other users (mode {mode:o}), who could replace what it holds"
    )]
    UnsafeFile {
        /// The vault file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The vault file or its folder belongs to another user, who can change it (and its mode) at will.
    #[error(
        "refusing to use the vault: {path} belongs to another user (uid {uid}), who could replace the vault"
    )]
    ForeignOwner {
        /// The file or folder.
        path: PathBuf,
        /// Its owner.
        uid: u32,
    },
    /// The lock file beside the vault is a symbolic link: fob would lock (or create) whatever it points to.
    #[error("refusing to use the lock file {path}: it is a symbolic link")]
    LinkedLockFile {
        /// The lock file.
        path: PathBuf,
    },
    /// The vault file has no write permission for its owner: the user's way of saying "do not change".
    #[error("the vault {path} is read-only (mode {mode:o}): fob does not replace it")]
    ReadOnly {
        /// The vault file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A save would write a vault larger than fob reads back ([`super::MAX_VAULT_BYTES`]): it could never
    /// be opened again.
    #[error(
        "the vault would be {size} bytes, more than the {limit} fob reads back; nothing was written"
    )]
    TooLarge {
        /// The sealed size.
        size: u64,
        /// The most fob reads.
        limit: u64,
    },
}

impl Error {
    /// Shorthand for an I/O failure on a path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
