//! The entry-name cache that shell completion reads through `fob __names`, so completing
//! `fob code <TAB>` never unlocks the vault.
//!
//! It holds `Issuer:account` names only, one a line: no secret, no setting, no counter. It lives in
//! `$XDG_CACHE_HOME/fob/names/<hash of the vault's path>` with mode 0600, and is rewritten (only when
//! the names changed) whenever fob opens or saves that vault. `FOB_NAME_CACHE=0` or
//! `name_cache = false` in the config turns it off and removes an existing one.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use fob::entry::Name;
use sha2::{Digest, Sha256};

use crate::cli::ENV_NAME_CACHE;
use crate::config::Config;

/// Whether the user allows the cache.
pub fn enabled(config: &Config) -> bool {
    std::env::var_os(ENV_NAME_CACHE).is_none_or(|v| v != "0") && config.name_cache
}

/// The cache file of the vault at `vault`.
pub fn path(vault: &Path) -> Option<PathBuf> {
    let full = std::fs::canonicalize(vault)
        .or_else(|_| std::path::absolute(vault))
        .ok()?;
    let digest = Sha256::digest(full.as_os_str().as_encoded_bytes());
    let hex = data_encoding::HEXLOWER.encode(&digest[..8]);
    crate::paths::name_cache_dir().map(|d| d.join(hex))
}

/// Records `names` for the vault at `vault`, or removes the cache when it is turned off. Best effort:
/// a cache that cannot be written only costs completion, never a command.
pub fn store<'a>(vault: &Path, config: &Config, names: impl Iterator<Item = &'a Name>) {
    let Some(path) = path(vault) else { return };
    if !enabled(config) {
        let _ = std::fs::remove_file(&path);
        return;
    }
    let mut text = String::new();
    // One buffer for every name's text: a 10,000-entry vault is stored on every open and save.
    let mut name_text = String::new();
    for name in names {
        name_text.clear();
        let _ = write!(name_text, "{name}");
        text.push_str(&crate::output::clean(&name_text));
        text.push('\n');
    }
    if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
        return;
    }
    let _ = write(&path, text.as_bytes());
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    let dir = path.parent().expect("the cache file is in a folder");
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    // tempfile creates files with mode 0600.
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(bytes)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `fob __names`: prints the cached names of the vault at `vault`; nothing when there is no cache.
pub fn print(vault: &Path, config: &Config) -> Result<(), crate::error::CliError> {
    if !enabled(config) {
        return Ok(());
    }
    let text = path(vault)
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    crate::output::print(&text).map_err(crate::error::CliError::stdout)
}
