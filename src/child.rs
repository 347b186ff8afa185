//! Programs fob runs that are not fob itself: clipboard tools, the shell that clears the clipboard
//! later, a `*_PASSPHRASE_COMMAND`, and (for sync) git. Every one starts here, so none inherits a
//! `FOB_*PASSPHRASE*` variable: those are meant for fob, and a clipboard tool, a password manager's
//! helper or a git hook that inherited one could log it or hand it on to its own children.

use std::ffi::OsStr;
use std::process::Command;

/// `program`, to be run with fob's environment minus every `FOB_*PASSPHRASE*` variable.
#[must_use]
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::new(program);
    for (name, _) in std::env::vars_os() {
        if holds_a_passphrase(&name) {
            cmd.env_remove(&name);
        }
    }
    cmd
}

/// `FOB_PASSPHRASE`, `FOB_BACKUP_PASSPHRASE_FILE`, `FOB_NEW_PASSPHRASE_COMMAND`, ...: a source of some
/// passphrase, whatever prefix a future command adds.
fn holds_a_passphrase(name: &OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.starts_with(b"FOB_")
        && name
            .windows(b"PASSPHRASE".len())
            .any(|w| w == b"PASSPHRASE")
}

#[cfg(test)]
mod tests {
    use super::holds_a_passphrase;
    use std::ffi::OsStr;

    #[test]
    fn every_passphrase_source_is_held_back_and_nothing_else() {
        for name in [
            "FOB_PASSPHRASE",
            "FOB_PASSPHRASE_FILE",
            "FOB_BACKUP_PASSPHRASE_COMMAND",
            "FOB_NEW_PASSPHRASE",
            "FOB_SYNC_PASSPHRASE",
        ] {
            assert!(holds_a_passphrase(OsStr::new(name)), "{name}");
        }
        for name in [
            "FOB_VAULT",
            "PATH",
            "PASSPHRASE",
            "MY_FOB_PASSPHRASE",
            "DISPLAY",
        ] {
            assert!(!holds_a_passphrase(OsStr::new(name)), "{name}");
        }
    }
}
