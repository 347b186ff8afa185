//! Who else can reach the vault. Modelled on ssh's `StrictModes`: a folder that group or others may write
//! to is refused outright; read access for others is reported so the caller can warn.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::vault::Error;

/// Something others can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// The file or folder.
    pub path: PathBuf,
    /// Its permission bits.
    pub mode: u32,
    /// Whether it is the folder (else the vault file).
    pub is_folder: bool,
}

/// Checks the vault file (if it exists) and its folder.
pub(super) fn check(vault: &Path) -> Result<Vec<Exposure>, Error> {
    let folder = vault
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut exposures = Vec::new();
    let folder_mode = mode(folder)?;
    if let Some(folder_mode) = folder_mode {
        if folder_mode & 0o022 != 0 {
            return Err(Error::UnsafeFolder {
                path: folder.to_owned(),
                mode: folder_mode,
            });
        }
        if folder_mode & 0o004 != 0 {
            exposures.push(Exposure {
                path: folder.to_owned(),
                mode: folder_mode,
                is_folder: true,
            });
        }
    }
    if let Some(file_mode) = mode(vault)?
        && file_mode & 0o044 != 0
    {
        exposures.push(Exposure {
            path: vault.to_owned(),
            mode: file_mode,
            is_folder: false,
        });
    }
    Ok(exposures)
}

fn mode(path: &Path) -> Result<Option<u32>, Error> {
    match std::fs::metadata(path) {
        Ok(m) => Ok(Some(m.permissions().mode() & 0o7777)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("inspect", path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::Permissions;

    #[test]
    fn refuses_a_folder_others_can_write_and_reports_readers() {
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
        for unsafe_mode in [0o777, 0o1777, 0o770] {
            std::fs::set_permissions(&folder, Permissions::from_mode(unsafe_mode)).unwrap();
            assert!(
                matches!(check(&vault), Err(Error::UnsafeFolder { .. })),
                "{unsafe_mode:o}"
            );
        }
    }
}
