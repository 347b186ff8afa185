//! Where a vault's agent listens: `agent-<hash of the vault path>.sock` in a folder only the user can
//! enter: `$XDG_RUNTIME_DIR/fob` (a tmpfs that the login manager empties at logout) or, without one,
//! `fob/agent` in the user's state folder (`$XDG_STATE_HOME`, else `~/.local/state`). Never a shared
//! folder of a guessable name such as `/tmp/fob-<uid>`: another user could make it first and so stop
//! `fob unlock`. Beside the socket, `agent-<hash>.lock` is held by the running agent for its whole life:
//! whoever can take it knows any socket there is stale.

use std::fs::DirBuilder;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::CliError;

/// The agent's socket and lock file for one vault.
#[derive(Debug, Clone)]
pub struct Place {
    pub socket: PathBuf,
    pub lock: PathBuf,
}

impl Place {
    /// The place for the vault at `vault` (already made absolute by `VaultFile`).
    pub fn for_vault(vault: &Path) -> Self {
        let hash = Sha256::digest(vault.as_os_str().as_encoded_bytes());
        let name = data_encoding::HEXLOWER.encode(&hash[..8]);
        let dir = folder().unwrap_or_else(|| beside(vault));
        Self {
            socket: dir.join(format!("agent-{name}.sock")),
            lock: dir.join(format!("agent-{name}.lock")),
        }
    }

    /// A place named by its socket (as the agent is told it), the lock file beside it.
    pub fn from_socket(socket: PathBuf) -> Self {
        Self {
            lock: socket.with_extension("lock"),
            socket,
        }
    }

    pub fn dir(&self) -> &Path {
        self.socket.parent().unwrap_or(Path::new("/"))
    }

    /// Creates the folder if needed and checks that only this user can enter it.
    pub fn prepare(&self) -> Result<(), CliError> {
        let dir = self.dir();
        if !dir.exists() {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| {
                    CliError::new(format!(
                        "cannot create the agent folder {}: {e}",
                        dir.display()
                    ))
                })?;
        }
        self.check()
    }

    /// Refuses a folder that is a symlink, belongs to someone else, or lets others in: whoever can put a
    /// socket there could pose as the agent and be handed the passphrase.
    pub fn check(&self) -> Result<(), CliError> {
        let dir = self.dir();
        let meta = std::fs::symlink_metadata(dir).map_err(|e| {
            CliError::new(format!(
                "cannot read the agent folder {}: {e}",
                dir.display()
            ))
        })?;
        let me = rustix::process::getuid().as_raw();
        if !meta.is_dir() {
            return Err(CliError::new(format!(
                "the agent folder {} is not a folder",
                dir.display()
            ))
            .hint("remove it; fob makes the folder itself"));
        }
        let problem = if meta.uid() != me {
            Some(format!("belongs to uid {}", meta.uid()))
        } else if meta.mode() & 0o077 != 0 {
            Some(format!(
                "can be entered by others (mode {:o})",
                meta.mode() & 0o777
            ))
        } else {
            None
        };
        match problem {
            None => Ok(()),
            Some(p) => Err(
                CliError::new(format!("the agent folder {} {p}", dir.display())).hint(
                    "remove it or chmod 700 it; fob keeps no agent where others can reach it",
                ),
            ),
        }
    }
}

/// The agent folder: in the runtime folder, else in the state folder (from `$XDG_STATE_HOME`, `$HOME` or
/// the user database); `None` when the user has neither.
fn folder() -> Option<PathBuf> {
    match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
        Some(run) if run.is_absolute() => Some(run.join("fob")),
        _ => crate::paths::state_dir().map(|state| state.join("agent")),
    }
}

/// For a user with no home folder at all: `<vault>.agent/` beside the vault, in a folder that only
/// someone who could already replace the vault can write to.
fn beside(vault: &Path) -> PathBuf {
    let mut name = vault.file_name().unwrap_or_default().to_owned();
    name.push(".agent");
    vault.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn one_socket_per_vault_path() {
        let a = Place::for_vault(Path::new("/home/a/vault.age"));
        let b = Place::for_vault(Path::new("/home/b/vault.age"));
        assert_ne!(a.socket, b.socket);
        assert_eq!(a.socket.parent(), a.lock.parent());
        assert_eq!(Place::from_socket(a.socket.clone()).lock, a.lock);
    }

    #[test]
    fn a_folder_others_can_enter_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place::from_socket(dir.path().join("fob/agent-x.sock"));
        place.prepare().unwrap();
        let mode = std::fs::metadata(place.dir()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        std::fs::set_permissions(place.dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let err = place.check().unwrap_err();
        assert!(
            err.message.contains("can be entered by others"),
            "{}",
            err.message
        );
    }
}
