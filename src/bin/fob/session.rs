//! Opening the vault for a command, and the locked read-modify-write every change goes through:
//! unlock (through the agent, or perhaps prompting) before taking the lock, then re-read under the lock
//! and save atomically.

use std::cell::Cell;
use std::path::PathBuf;

use fob::agent::protocol::{Bytes, Request, Response};
use fob::storage::{LockGuard, VaultFile};
use fob::unlock_failures::UnlockFailures;
use fob::vault::Unlocked;
use fob::vault::seal::{self, Key, Sealer, Sealing};

use crate::agent::client;
use crate::agent::place::Place;
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

/// An unlocked vault and what opened it.
pub struct Session {
    opener: Opener,
    ciphertext: Vec<u8>,
    pub unlocked: Unlocked,
}

/// What opens the vault (and seals it again).
enum Opener {
    /// A passphrase or identities this process holds.
    Key(Key),
    /// The agent that holds the passphrase (after `fob unlock`).
    Agent(Place),
}

impl Session {
    /// Reads and unlocks the vault: through the agent when one holds its passphrase, else with a
    /// passphrase or identity. No lock is taken: reads see a whole file because saves rename.
    pub fn open(ctx: &Context) -> Result<Self, CliError> {
        warn_about_exposure(ctx)?;
        let ciphertext = ctx.file.read()?;
        let sealing = seal::sealing_of(&ciphertext)?;
        if sealing == Sealing::Passphrase
            && let Some((place, unlocked)) = open_by_agent(ctx, &ciphertext)?
        {
            remember_names(ctx, &unlocked);
            return Ok(Self {
                opener: Opener::Agent(place),
                ciphertext,
                unlocked,
            });
        }
        let (key, unlocked) = open_with_key(ctx, sealing, &ciphertext, None)?;
        remember_names(ctx, &unlocked);
        Ok(Self {
            opener: Opener::Key(key),
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
        if !ctx.file.holds(&self.ciphertext)? {
            let current = ctx.file.read()?;
            self.unlocked = match &self.opener {
                Opener::Key(key) => Unlocked::open(&current, key)?,
                Opener::Agent(place) => {
                    if let Some(unlocked) = agent_open(ctx, place, &current)? {
                        unlocked
                    } else {
                        let sealing = seal::sealing_of(&current)?;
                        let (key, unlocked) = open_with_key(ctx, sealing, &current, Some(&guard))?;
                        self.opener = Opener::Key(key);
                        unlocked
                    }
                }
            };
            self.ciphertext = current;
        }
        Ok(guard)
    }

    /// Seals and saves the vault; the previous file becomes a generation.
    pub fn save(&mut self, ctx: &Context, guard: &LockGuard) -> Result<(), CliError> {
        let ciphertext = self.seal(ctx, guard)?;
        ctx.file.replace(guard, &ciphertext)?;
        self.ciphertext = ciphertext;
        remember_names(ctx, &self.unlocked);
        ctx.unbacked_after_save
            .set(Some(self.unlocked.vault.not_backed_up().len()));
        Ok(())
    }

    /// Whether `key` opens the vault as it was read (for `fob backup`'s same-key check when the agent
    /// holds the passphrase).
    pub fn opens_with(&self, key: &Key) -> bool {
        seal::open(&self.ciphertext, key).is_ok()
    }

    /// Encrypts the vault: here, or by the agent that holds the passphrase. An agent that has gone
    /// (expired, locked) is replaced by the usual unlock, checked against the file before sealing with it,
    /// so a mistyped passphrase never locks the vault. That unlock may prompt with the lock held: rare (the
    /// agent ended mid-command), and releasing the lock would mean merging again.
    fn seal(&mut self, ctx: &Context, guard: &LockGuard) -> Result<Vec<u8>, CliError> {
        let Sealer::Delegated { work_factor } = self.unlocked.sealer else {
            return Ok(self.unlocked.seal()?);
        };
        if let Opener::Agent(place) = &self.opener {
            let request = Request::Seal {
                work_factor,
                plaintext: Bytes::Owned(self.unlocked.document()),
            };
            match client::ask(place, &request, ctx.talk)? {
                Some(Response::Sealed(ciphertext)) => return Ok(ciphertext.into_ciphertext()),
                Some(Response::Refused(reason)) => ctx.talk.warn(format!("fob agent: {reason}")),
                _ => {}
            }
        }
        let (key, opened) = open_with_key(ctx, Sealing::Passphrase, &self.ciphertext, Some(guard))?;
        self.unlocked.sealer = opened.sealer;
        self.opener = Opener::Key(key);
        Ok(self.unlocked.seal()?)
    }
}

fn warn_about_exposure(ctx: &Context) -> Result<(), CliError> {
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
    Ok(())
}

/// The vault opened by its agent, if one holds the passphrase.
fn open_by_agent(ctx: &Context, ciphertext: &[u8]) -> Result<Option<(Place, Unlocked)>, CliError> {
    let place = Place::for_vault(ctx.file.path());
    Ok(agent_open(ctx, &place, ciphertext)?.map(|unlocked| (place, unlocked)))
}

fn agent_open(
    ctx: &Context,
    place: &Place,
    ciphertext: &[u8],
) -> Result<Option<Unlocked>, CliError> {
    let request = Request::Open {
        ciphertext: Bytes::Borrowed(ciphertext),
    };
    match client::ask(place, &request, ctx.talk)? {
        Some(Response::Opened(plaintext)) => Ok(Some(Unlocked::delegated(&plaintext)?)),
        Some(Response::Refused(reason)) => {
            ctx.talk.warn(format!("fob agent: {reason}"));
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// Unlocks with a passphrase or identity, under the back-off of failed passphrase unlocks, and records
/// the outcome so that `fob status` can tell of guessing. A passphrase try holds the vault's lock from
/// reading the failure record (and the clock), through its scrypt, to recording the outcome: tries made
/// at the same time then run one after another, each seeing the failures before it. `held` is the vault's
/// lock when the caller already holds it (taking it again would wait on ourselves).
fn open_with_key(
    ctx: &Context,
    sealing: Sealing,
    ciphertext: &[u8],
    held: Option<&LockGuard>,
) -> Result<(Key, Unlocked), CliError> {
    if sealing == Sealing::Recipients {
        let key = unlock::key_for(sealing, ctx.identity.as_ref())?;
        let unlocked = Unlocked::open(ciphertext, &key)?;
        return Ok((key, unlocked));
    }
    let path = ctx.file.failures_path();
    // A first look without the lock, so that nobody is asked for a passphrase that will not be tried.
    unlock::check_back_off(&UnlockFailures::load(&path))?;
    let key = unlock::key_for(sealing, ctx.identity.as_ref())?;
    // Without the lock (read-only media) the vault still opens, only the try goes unrecorded.
    let own = held.is_none().then(|| {
        ctx.file.lock(|| {
            ctx.talk
                .say("waiting for another fob to finish with the vault...");
        })
    });
    let locked = match &own {
        Some(Err(e)) => Err(e.to_string()),
        _ => Ok(()),
    };
    let failures = UnlockFailures::load(&path);
    unlock::check_back_off(&failures)?;
    let unlocked = Unlocked::open(ciphertext, &key);
    let outcome = match &unlocked {
        Err(e) if e.is_unlock_failure() => Some(false),
        Ok(_) if failures.failed_since_success() => Some(true),
        _ => None,
    };
    if let Some(succeeded) = outcome {
        let recorded = locked.and_then(|()| {
            UnlockFailures::record(&path, jiff::Timestamp::now(), succeeded)
                .map_err(|e| e.to_string())
        });
        // A read-only folder must not turn a wrong passphrase into another error.
        if let Err(e) = recorded {
            ctx.talk.warn(format!("cannot record the unlock: {e}"));
        }
    }
    drop(own);
    Ok((key, unlocked?))
}

/// Keeps the secret-free name list that shell completion reads (see `names.rs`).
fn remember_names(ctx: &Context, unlocked: &Unlocked) {
    crate::names::store(
        ctx.file.path(),
        unlocked.vault.entries.iter().map(|e| &e.name),
    );
}
