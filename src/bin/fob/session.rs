//! Opening the vault for a command, and the locked read-modify-write every change goes through:
//! unlock (perhaps prompting) before taking the lock, then re-read under the lock and save atomically.

use std::cell::Cell;
use std::path::PathBuf;

use fob::storage::{LockGuard, VaultFile};
use fob::vault::Unlocked;
use fob::vault::seal::{self, Key};

use crate::error::CliError;
use crate::output::Talk;
use crate::unlock;

/// What every command needs to reach the vault.
pub struct Context {
    pub file: VaultFile,
    pub identity: Option<PathBuf>,
    pub talk: Talk,
    /// Set by a save: how many entries are in no backup, for the reminder fob prints last.
    pub unbacked_after_save: Cell<Option<usize>>,
}

/// An unlocked vault and the key that opened it.
pub struct Session {
    key: Key,
    ciphertext: Vec<u8>,
    pub unlocked: Unlocked,
}

impl Session {
    /// Reads and unlocks the vault. No lock is taken: reads see a whole file because saves rename.
    pub fn open(ctx: &Context) -> Result<Self, CliError> {
        for exposure in ctx.file.check_permissions()? {
            let what = if exposure.is_folder {
                "the vault's folder"
            } else {
                "the vault"
            };
            let fix = if exposure.is_folder { 700 } else { 600 };
            ctx.talk.warn(format!(
                "{what} {} can be read by other users (mode {:o}): chmod {fix} it",
                exposure.path.display(),
                exposure.mode
            ));
        }
        let ciphertext = ctx.file.read()?;
        let key = unlock::key_for(seal::sealing_of(&ciphertext)?, ctx.identity.as_ref())?;
        let unlocked = Unlocked::open(&ciphertext, &key)?;
        remember_names(ctx, &unlocked);
        Ok(Self {
            key,
            ciphertext,
            unlocked,
        })
    }

    /// Opens the vault for a change: unlocks first (a prompt must not hold the lock), then locks and
    /// re-reads, so a change another fob saved in between is not lost.
    pub fn open_for_change(ctx: &Context) -> Result<(Self, LockGuard), CliError> {
        let mut session = Self::open(ctx)?;
        let guard = session.lock(ctx)?;
        Ok((session, guard))
    }

    /// Takes the lock and makes sure the vault in memory is the one on disk.
    pub fn lock(&mut self, ctx: &Context) -> Result<LockGuard, CliError> {
        let guard = ctx.file.lock(|| {
            ctx.talk
                .say("waiting for another fob to finish with the vault...");
        })?;
        let current = ctx.file.read()?;
        if current != self.ciphertext {
            self.unlocked = Unlocked::open(&current, &self.key)?;
            self.ciphertext = current;
        }
        Ok(guard)
    }

    /// Seals and saves the vault; the previous file becomes a generation.
    pub fn save(&mut self, ctx: &Context, guard: &LockGuard) -> Result<(), CliError> {
        let ciphertext = self.unlocked.seal()?;
        ctx.file.replace(guard, &ciphertext)?;
        self.ciphertext = ciphertext;
        remember_names(ctx, &self.unlocked);
        ctx.unbacked_after_save
            .set(Some(self.unlocked.vault.not_backed_up().len()));
        Ok(())
    }
}

/// Keeps the secret-free name list that shell completion reads (see `names.rs`).
fn remember_names(ctx: &Context, unlocked: &Unlocked) {
    let names: Vec<String> = unlocked
        .vault
        .entries
        .iter()
        .map(|e| e.name.to_string())
        .collect();
    crate::names::store(ctx.file.path(), names.iter().map(String::as_str));
}
