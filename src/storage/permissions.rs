//! Who else can reach the vault. Modelled on ssh's `StrictModes`: a vault file or folder that others may
//! write to, or that belongs to another user (who can change its mode at will), is refused outright (they
//! could swap the vault for one that leaks what you add); write access for the group (common under umask
//! 002) and read access for others are reported so the caller can warn.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::Error;

/// Something others can read, or its group can write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// The file or folder.
    pub path: PathBuf,
    /// Its permission bits.
    pub mode: u32,
    /// Whether it is the folder (else the vault file).
    pub is_folder: bool,
    /// Whether its group can write it (else others can read it).
    pub group_writable: bool,
}

/// Checks the vault file (if it exists) and its folder (if it exists).
pub(super) fn check(vault: &Path) -> Result<Vec<Exposure>, Error> {
    let folder = vault
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut exposures = Vec::new();
    let me = rustix::process::geteuid().as_raw();
    for (path, is_folder) in [(folder, true), (vault, false)] {
        let Some((mode, owner)) = mode_and_owner(path)? else {
            continue;
        };
        if owner != me && owner != 0 {
            return Err(Error::ForeignOwner {
                path: path.to_owned(),
                uid: owner,
            });
        }
        if mode & 0o002 != 0 {
            return Err(if is_folder {
                Error::UnsafeFolder {
                    path: path.to_owned(),
                    mode,
                }
            } else {
                Error::UnsafeFile {
                    path: path.to_owned(),
                    mode,
                }
            });
        }
        let mut exposure = |group_writable| {
            exposures.push(Exposure {
                path: path.to_owned(),
                mode,
                is_folder,
                group_writable,
            });
        };
        // One warning each: the chmod that fixes group writing fixes reading too.
        if mode & 0o020 != 0 {
            exposure(true);
        } else if mode & 0o004 != 0 || (!is_folder && mode & 0o040 != 0) {
            exposure(false);
        }
    }
    Ok(exposures)
}

fn mode_and_owner(path: &Path) -> Result<Option<(u32, u32)>, Error> {
    match std::fs::metadata(path) {
        Ok(m) => Ok(Some((m.permissions().mode() & 0o7777, m.uid()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("inspect", path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::Permissions;

    #[test]
    fn refuses_what_others_can_write_and_reports_readers_and_group_writers() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("v");
        std::fs::create_dir(&folder).unwrap();
        let vault = folder.join("vault.age");
        std::fs::write(&vault, b"x").unwrap();
        std::fs::set_permissions(&vault, Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(&folder, Permissions::from_mode(0o700)).unwrap();
        assert_eq!(check(&vault).unwrap(), []);
        std::fs::set_permissions(&vault, Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&folder, Permissions::from_mode(0o755)).unwrap();
        let found = check(&vault).unwrap();
        assert_eq!(found.len(), 2);
        assert!(found[0].is_folder && !found[1].is_folder);
        assert!(!found[0].group_writable && !found[1].group_writable);
        std::fs::set_permissions(&folder, Permissions::from_mode(0o770)).unwrap();
        std::fs::set_permissions(&vault, Permissions::from_mode(0o660)).unwrap();
        let found = check(&vault).unwrap();
        assert!(found.iter().any(|e| e.is_folder && e.group_writable));
        assert!(found.iter().any(|e| !e.is_folder && e.group_writable));
        for unsafe_mode in [0o777, 0o1777, 0o702] {
            std::fs::set_permissions(&folder, Permissions::from_mode(unsafe_mode)).unwrap();
            assert!(
                matches!(check(&vault), Err(Error::UnsafeFolder { .. })),
                "{unsafe_mode:o}"
            );
        }
        std::fs::set_permissions(&folder, Permissions::from_mode(0o700)).unwrap();
        std::fs::set_permissions(&vault, Permissions::from_mode(0o666)).unwrap();
        assert!(matches!(check(&vault), Err(Error::UnsafeFile { .. })));
        std::fs::set_permissions(&vault, Permissions::from_mode(0o600)).unwrap();
        // Only root can give a file away; as another user the rule is the same.
        if rustix::process::geteuid().is_root() {
            std::os::unix::fs::chown(&folder, Some(65534), None).unwrap();
            assert!(matches!(
                check(&vault),
                Err(Error::ForeignOwner { uid: 65534, .. })
            ));
        }
    }
}
