//! Reading passphrases from their sources (described, in the order restic and borg users know, in
//! [`passphrase_sources`](crate::passphrase_sources)), then a prompt on the terminal. With no terminal and
//! no source, fob fails at once rather than hang.
//!
//! These variables are read here with `std::env`, never declared to clap, so their values cannot appear in
//! `--help`.

use std::path::PathBuf;
use std::process::Stdio;

use age::secrecy::{ExposeSecret, SecretString};
use fob::unlock_failures::UnlockFailures;
use fob::vault::seal::{self, Key, Sealing};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::prompt;
use fob::child;

/// Whether a passphrase is for opening something or a new one to be set (asked twice).
#[derive(Debug, Clone, Copy)]
pub enum Ask<'a> {
    Existing(&'a str),
    New(&'a str),
}

/// Reads a passphrase from the sources named by `prefix` (e.g. `FOB_PASSPHRASE`).
pub fn passphrase(prefix: &str, ask: Ask<'_>) -> Result<SecretString, CliError> {
    let from_source = match from_command(prefix)? {
        Some(found) => Some(found),
        None => match from_file(prefix)? {
            Some(found) => Some(found),
            None => std::env::var(prefix)
                .ok()
                .map(|v| (prefix.to_owned(), Zeroizing::new(v))),
        },
    };
    let passphrase = match from_source {
        Some((source, value)) if value.is_empty() => {
            return Err(CliError::unlock(format!(
                "{source} gives an empty passphrase"
            )));
        }
        Some((_, value)) => SecretString::from(value.as_str().to_owned()),
        None if prompt::can_ask() => match ask {
            Ask::Existing(p) => prompt::hidden(p)?,
            Ask::New(p) => prompt::new_passphrase(p)?,
        },
        None => {
            return Err(CliError::unlock(
                "no passphrase: not on a terminal, and no passphrase source is set",
            )
            .hint(format!(
                "set {}, or run fob on a terminal",
                crate::passphrase_sources::names(prefix)
            )));
        }
    };
    if passphrase.expose_secret().is_empty() {
        return Err(CliError::unlock("the passphrase is empty"));
    }
    Ok(passphrase)
}

/// Whether one of the passphrase sources named by `prefix` is set, so a passphrase comes without asking.
pub fn source_is_set(prefix: &str) -> bool {
    crate::passphrase_sources::SOURCES
        .iter()
        .any(|source| std::env::var_os(format!("{prefix}{}", source.suffix)).is_some())
}

/// The key for a sealed file: a passphrase, or the identity file given by --identity / `FOB_IDENTITY`.
pub fn key_for(sealing: Sealing, identity: Option<&PathBuf>) -> Result<Key, CliError> {
    match (sealing, identity) {
        (Sealing::Passphrase, _) => passphrase(
            crate::cli::ENV_PASSPHRASE,
            Ask::Existing("Vault passphrase"),
        )
        .map(Key::Passphrase),
        (Sealing::Recipients, Some(path)) => {
            seal::read_identity_file(path, &prompt::plugin_callbacks())
                .map_err(|e| CliError::unlock(e.to_string()))
        }
        (Sealing::Recipients, None) => Err(CliError::unlock(
            "the vault is locked to age recipients and no identity was given",
        )
        .hint(
            "pass --identity FILE or set FOB_IDENTITY to the age identity file (from age-keygen)",
        )),
    }
}

/// The key for a backup file: its own passphrase sources (`FOB_BACKUP_PASSPHRASE...`), or for a
/// recipient-encrypted backup `--backup-identity`, falling back to the vault's `--identity`.
pub fn backup_key(
    sealing: Sealing,
    backup_identity: Option<&PathBuf>,
    vault_identity: Option<&PathBuf>,
) -> Result<Key, CliError> {
    match sealing {
        Sealing::Passphrase => passphrase(
            crate::cli::ENV_BACKUP_PASSPHRASE,
            Ask::Existing("Backup passphrase"),
        )
        .map(Key::Passphrase),
        Sealing::Recipients => match backup_identity.or(vault_identity) {
            Some(path) => seal::read_identity_file(path, &prompt::plugin_callbacks())
                .map_err(|e| CliError::unlock(e.to_string())),
            None => Err(CliError::unlock(
                "the backup is encrypted to age recipients and no identity was given",
            )
            .hint("pass --backup-identity FILE or set FOB_BACKUP_IDENTITY")),
        },
    }
}

fn from_command(prefix: &str) -> Result<Option<(String, Zeroizing<String>)>, CliError> {
    let var = format!("{prefix}_COMMAND");
    let Some(command) = std::env::var_os(&var) else {
        return Ok(None);
    };
    let output = child::command("sh")
        .arg("-c")
        .arg(&command)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| CliError::unlock(format!("cannot run {var}: {e}")))?;
    let stdout = Zeroizing::new(output.stdout);
    if !output.status.success() {
        return Err(CliError::unlock(format!(
            "{var} failed ({})",
            output.status
        )));
    }
    let text = std::str::from_utf8(&stdout)
        .map_err(|_| CliError::unlock(format!("{var} printed something that is not UTF-8")))?;
    Ok(Some((var, first_line(text))))
}

fn from_file(prefix: &str) -> Result<Option<(String, Zeroizing<String>)>, CliError> {
    let var = format!("{prefix}_FILE");
    let Some(path) = std::env::var_os(&var) else {
        return Ok(None);
    };
    let bytes = Zeroizing::new(std::fs::read(&path).map_err(|e| {
        CliError::unlock(format!(
            "cannot read {var} ({}): {e}",
            PathBuf::from(&path).display()
        ))
    })?);
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| CliError::unlock(format!("{var} is not a UTF-8 text file")))?;
    Ok(Some((var, first_line(text))))
}

fn first_line(text: &str) -> Zeroizing<String> {
    Zeroizing::new(text.lines().next().unwrap_or("").to_owned())
}

/// Refuses to try a passphrase while failed unlocks call for a wait.
pub fn check_back_off(failures: &UnlockFailures) -> Result<(), CliError> {
    match failures.wait_seconds(jiff::Timestamp::now()) {
        Some(seconds) => Err(back_off(seconds)),
        None => Ok(()),
    }
}

/// The error for a passphrase not tried because of recent failures.
pub fn back_off(seconds: u64) -> CliError {
    CliError::unlock(format!(
        "too many failed unlocks of this vault: try again in {seconds} s"
    ))
    .hint("`fob status` lists recent failed unlocks")
}
