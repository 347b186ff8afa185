//! Opening the vault for a command, and the locked read-modify-write every change goes through:
//! unlock (through the agent, or perhaps prompting) before taking the lock, then re-read under the lock
//! and save atomically.

use std::cell::{Cell, OnceCell};
use std::path::PathBuf;

use fob::agent::protocol::{Bytes, Request, Response};
use fob::storage::{FileLock, VaultFile};
use fob::unlock_failures::UnlockFailures;
use fob::vault::Unlocked;
use fob::vault::seal::{self, Key, Sealer, Sealing};
use zeroize::Zeroizing;

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
    /// The config file, read once when first needed (see [`Context::config`]).
    pub config: std::cell::OnceCell<crate::config::Config>,
}

/// An unlocked vault and what opened it.
pub struct Session {
    opener: Opener,
    ciphertext: Vec<u8>,
    pub unlocked: Unlocked,
    /// The agent holding this identity-locked vault's document (after `fob unlock`), told of every
    /// version of the vault this process opens with the identity or saves, so that the next command
    /// needs no PIN or touch.
    document_agent: Option<Place>,
    /// The identity, once read because the document agent did not hold a file (another version in a
    /// sync): read once, so a hardware key asks once per command.
    identity_key: OnceCell<Key>,
}

/// What opens the vault (and seals it again).
enum Opener {
    /// A passphrase or identities this process holds.
    Key(Key),
    /// The agent that holds the passphrase, or the document of a vault locked to recipients (after
    /// `fob unlock`).
    Agent(Place),
}

/// A vault document as sealed here, kept to hand to the agent.
type Document = Zeroizing<Vec<u8>>;

/// What the agent said about a file.
enum FromAgent {
    /// It opened it (or held it).
    Opened(Unlocked),
    /// It holds an identity-locked vault's document, not this file: open it with the identity.
    NotHeld,
    /// No agent, or none that opens it.
    Nothing,
}

impl Session {
    /// Reads and unlocks the vault: through the agent when one holds its passphrase, else with a
    /// passphrase or identity. No lock is taken: reads see a whole file because saves rename.
    pub fn open(ctx: &Context) -> Result<Self, CliError> {
        warn_about_exposure(ctx)?;
        Self::open_ciphertext(ctx, ctx.file.read()?)
    }

    /// Unlocks a copy of this vault that is not (or not yet) the file on disk, such as the version git
    /// hands its merge driver, the way [`Self::open`] would unlock the vault itself.
    pub fn open_ciphertext(ctx: &Context, ciphertext: Vec<u8>) -> Result<Self, CliError> {
        let sealing = seal::sealing_of(&ciphertext)?;
        let place = Place::for_vault(ctx.file.path());
        let session = match agent_open(ctx, &place, &ciphertext)? {
            FromAgent::Opened(unlocked) => Self {
                document_agent: matches!(unlocked.sealer, Sealer::Recipients(_))
                    .then(|| place.clone()),
                opener: Opener::Agent(place),
                ciphertext,
                unlocked,
                identity_key: OnceCell::new(),
            },
            found => {
                let (key, unlocked) = open_with_key(ctx, sealing, &ciphertext, None)?;
                let session = Self {
                    opener: Opener::Key(key),
                    ciphertext,
                    unlocked,
                    // Only an agent holding an identity-locked vault's document answers NotHeld.
                    document_agent: matches!(found, FromAgent::NotHeld).then_some(place),
                    identity_key: OnceCell::new(),
                };
                session.tell_document_agent(ctx, None);
                session
            }
        };
        remember_names(ctx, &session.unlocked);
        crate::trust::meet(ctx, &session.unlocked);
        Ok(session)
    }

    /// Opens the vault for a change: unlocks first (a prompt must not hold the lock), then locks and
    /// re-reads, so a change another fob saved in between is not lost.
    pub fn open_for_change(ctx: &Context) -> Result<(Self, FileLock), CliError> {
        let mut session = Self::open(ctx)?;
        let guard = session.take_file_lock(ctx)?;
        Ok((session, guard))
    }

    /// Takes the lock and makes sure the vault in memory is the one on disk.
    pub fn take_file_lock(&mut self, ctx: &Context) -> Result<FileLock, CliError> {
        let guard = ctx.file.lock(|| {
            ctx.talk
                .say("waiting for another fob to finish with the vault...");
        })?;
        if !ctx.file.holds(&self.ciphertext)? {
            let current = ctx.file.read()?;
            let (unlocked, by_agent) = match &self.opener {
                Opener::Key(key) => (Unlocked::open(&current, key)?, false),
                Opener::Agent(place) => {
                    if let FromAgent::Opened(unlocked) = agent_open(ctx, place, &current)? {
                        (unlocked, true)
                    } else {
                        let sealing = seal::sealing_of(&current)?;
                        let (key, unlocked) = open_with_key(ctx, sealing, &current, Some(&guard))?;
                        self.opener = Opener::Key(key);
                        (unlocked, false)
                    }
                }
            };
            self.unlocked = unlocked;
            self.ciphertext = current;
            if !by_agent {
                self.tell_document_agent(ctx, None);
            }
        }
        Ok(guard)
    }

    /// Seals and saves a change a person made; the previous file becomes a generation labelled
    /// `change`, as `fob restore --list-generations` shows it ("before rm GitHub:alice").
    pub fn save(&mut self, ctx: &Context, guard: &FileLock, change: &str) -> Result<(), CliError> {
        self.write(ctx, guard, Some(change))
    }

    /// Seals and saves what routine use moves on (an HOTP counter, verify state, a backup record),
    /// keeping no generation: five codes must not push out the undo of a mistaken `fob rm`.
    pub fn save_state(&mut self, ctx: &Context, guard: &FileLock) -> Result<(), CliError> {
        self.write(ctx, guard, None)
    }

    fn write(
        &mut self,
        ctx: &Context,
        guard: &FileLock,
        change: Option<&str>,
    ) -> Result<(), CliError> {
        let (ciphertext, document) = self.seal(ctx, Some(guard))?;
        match change {
            Some(change) => ctx.file.replace(guard, &ciphertext, change)?,
            None => ctx.file.update(guard, &ciphertext)?,
        }
        self.ciphertext = ciphertext;
        self.tell_document_agent(ctx, document);
        remember_names(ctx, &self.unlocked);
        ctx.unbacked_after_save
            .set(Some(self.unlocked.vault.not_backed_up().len()));
        Ok(())
    }

    /// Opens another copy of the vault (the other side of a sync) with what opened this one: the same
    /// passphrase or identities, or the agent. `None` when that does not open it (it was re-locked
    /// elsewhere).
    pub fn open_other(
        &self,
        ctx: &Context,
        ciphertext: &[u8],
    ) -> Result<Option<Unlocked>, CliError> {
        match &self.opener {
            Opener::Key(key) => match Unlocked::open(ciphertext, key) {
                Ok(unlocked) => Ok(Some(unlocked)),
                Err(e) if e.is_unlock_failure() => Ok(None),
                Err(e) => Err(e.into()),
            },
            Opener::Agent(place) => match agent_open(ctx, place, ciphertext)? {
                FromAgent::Opened(unlocked) => Ok(Some(unlocked)),
                FromAgent::NotHeld => self.open_with_identity(ctx, ciphertext),
                FromAgent::Nothing => Ok(None),
            },
        }
    }

    /// Opens a file the document agent does not hold with the identity, read once per command.
    fn open_with_identity(
        &self,
        ctx: &Context,
        ciphertext: &[u8],
    ) -> Result<Option<Unlocked>, CliError> {
        if self.identity_key.get().is_none() {
            let key = unlock::key_for(Sealing::Recipients, ctx.identity.as_ref())?;
            let _ = self.identity_key.set(key);
        }
        let key = self.identity_key.get().expect("set above");
        match Unlocked::open(ciphertext, key) {
            Ok(unlocked) => Ok(Some(unlocked)),
            Err(e) if e.is_unlock_failure() => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Hands the agent that holds this identity-locked vault's document the vault as this process now
    /// has it (`document` when already serialised), so the next command is answered without the
    /// identity. Best effort: an agent that does not take it costs a PIN or touch later, nothing else.
    fn tell_document_agent(&self, ctx: &Context, document: Option<Document>) {
        let Some(place) = &self.document_agent else {
            return;
        };
        // Sealed to recipients, as the file's header says when it was opened and as every save seals it.
        if !matches!(self.unlocked.sealer, Sealer::Recipients(_)) {
            return;
        }
        let request = Request::Remember {
            ciphertext: Bytes::Borrowed(&self.ciphertext),
            plaintext: Bytes::Owned(document.unwrap_or_else(|| self.unlocked.document())),
        };
        let _ = client::ask(place, &request, ctx.talk);
    }

    /// Takes `ciphertext`, already written as the vault by the caller under the lock, as the vault this
    /// session holds (a sync that fast-forwarded to the remote's).
    pub fn adopt(&mut self, ciphertext: Vec<u8>, unlocked: Unlocked) {
        self.ciphertext = ciphertext;
        self.unlocked = unlocked;
    }

    /// The vault sealed as a save would seal it, without writing it anywhere (for git's merge driver,
    /// which hands the result back to git).
    pub fn sealed(&mut self, ctx: &Context) -> Result<Vec<u8>, CliError> {
        Ok(self.seal(ctx, None)?.0)
    }

    /// Opens another file sealed like the vault (a generation) with what opened the vault: the agent, or
    /// the key in hand. A generation from before `fob passwd` needs the key it had, which is asked for.
    pub fn open_copy(&self, ctx: &Context, ciphertext: &[u8]) -> Result<Unlocked, CliError> {
        match self.open_other(ctx, ciphertext)? {
            Some(unlocked) => Ok(unlocked),
            None => open_copy_with_key(ctx, ciphertext),
        }
    }

    /// Whether `key` opens the vault as it was read (for `fob backup`'s same-key check when the agent
    /// holds the passphrase).
    pub fn opens_with(&self, key: &Key) -> bool {
        seal::open(&self.ciphertext, key).is_ok()
    }

    /// Encrypts the vault: here, or by the agent that holds the passphrase; with the document when it
    /// was sealed here. An agent that has gone (expired, locked) is replaced by the usual unlock, checked
    /// against the file before sealing with it, so a mistyped passphrase never locks the vault. That
    /// unlock may prompt with the lock held: rare (the agent ended mid-command), and releasing the lock
    /// would mean merging again.
    fn seal(
        &mut self,
        ctx: &Context,
        guard: Option<&FileLock>,
    ) -> Result<(Vec<u8>, Option<Document>), CliError> {
        crate::trust::check(ctx, &self.unlocked)?;
        let Sealer::Delegated { work_factor } = self.unlocked.sealer else {
            let document = self.unlocked.document();
            return Ok((self.unlocked.sealer.seal(&document)?, Some(document)));
        };
        if let Opener::Agent(place) = &self.opener {
            let request = Request::Seal {
                work_factor,
                plaintext: Bytes::Owned(self.unlocked.document()),
            };
            match client::ask(place, &request, ctx.talk)? {
                Some(Response::Sealed(ciphertext)) => {
                    return Ok((ciphertext.into_ciphertext(), None));
                }
                Some(Response::Refused(reason)) => ctx.talk.warn(format!("fob agent: {reason}")),
                _ => {}
            }
        }
        let (key, opened) = open_with_key(ctx, Sealing::Passphrase, &self.ciphertext, guard)?;
        self.unlocked.sealer = opened.sealer;
        self.opener = Opener::Key(key);
        Ok((self.unlocked.seal()?, None))
    }
}

/// Opens a file sealed like the vault when no session could be opened (the vault is damaged): through
/// the agent if one holds a passphrase that opens it, else with a passphrase or identity.
pub fn open_copy_without_vault(ctx: &Context, ciphertext: &[u8]) -> Result<Unlocked, CliError> {
    let place = Place::for_vault(ctx.file.path());
    if let FromAgent::Opened(unlocked) = agent_open(ctx, &place, ciphertext)? {
        return Ok(unlocked);
    }
    open_copy_with_key(ctx, ciphertext)
}

fn open_copy_with_key(ctx: &Context, ciphertext: &[u8]) -> Result<Unlocked, CliError> {
    let key = unlock::key_for(seal::sealing_of(ciphertext)?, ctx.identity.as_ref())?;
    Ok(Unlocked::open(ciphertext, &key)?)
}

/// Refuses a vault file or folder others can write to, and warns about one others can read or its group
/// can write. Every command that opens or creates a vault calls it first.
pub fn warn_about_exposure(ctx: &Context) -> Result<(), CliError> {
    for exposure in ctx.file.check_permissions()? {
        let what = if exposure.is_folder {
            "the vault's folder"
        } else {
            "the vault"
        };
        let how = if exposure.group_writable {
            "can be written by its group"
        } else {
            "can be read by other users"
        };
        let fix = if exposure.is_folder { 700 } else { 600 };
        ctx.talk.warn(format!(
            "{what} {} {how} (mode {:o}): chmod {fix} it",
            exposure.path.display(),
            exposure.mode
        ));
    }
    Ok(())
}

/// Opens a vault without ever asking: through the agent, else with --identity / `FOB_IDENTITY` for one
/// locked to recipients; `None` when neither opens it (git's diff filter must never prompt).
pub fn open_without_asking(ctx: &Context, ciphertext: &[u8]) -> Option<Unlocked> {
    let place = Place::for_vault(ctx.file.path());
    if let Ok(FromAgent::Opened(unlocked)) = agent_open(ctx, &place, ciphertext) {
        return Some(unlocked);
    }
    match seal::sealing_of(ciphertext).ok()? {
        Sealing::Passphrase => None,
        Sealing::Recipients => {
            // Nobody is asked: a plugin that needs a PIN or touch fails, and the vault stays closed.
            let key =
                seal::read_identity_file(ctx.identity.as_ref()?, &seal::Callbacks::none()).ok()?;
            Unlocked::open(ciphertext, &key).ok()
        }
    }
}

/// Asks the vault's agent to open a file: it decrypts it with the passphrase it holds, or answers from
/// the identity-locked vault's document it holds.
fn agent_open(ctx: &Context, place: &Place, ciphertext: &[u8]) -> Result<FromAgent, CliError> {
    let request = Request::Open {
        ciphertext: Bytes::Borrowed(ciphertext),
    };
    match client::ask(place, &request, ctx.talk)? {
        Some(Response::Opened(plaintext)) => {
            let sealing = seal::sealing_of(ciphertext)?;
            let callbacks = crate::prompt::plugin_callbacks();
            Ok(FromAgent::Opened(Unlocked::delegated(
                &plaintext, sealing, &callbacks,
            )?))
        }
        Some(Response::NotHeld) => Ok(FromAgent::NotHeld),
        Some(Response::Refused(reason)) => {
            ctx.talk.warn(format!("fob agent: {reason}"));
            Ok(FromAgent::Nothing)
        }
        _ => Ok(FromAgent::Nothing),
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
    held: Option<&FileLock>,
) -> Result<(Key, Unlocked), CliError> {
    if sealing == Sealing::Recipients {
        let key = unlock::key_for(sealing, ctx.identity.as_ref())?;
        let unlocked = Unlocked::open(ciphertext, &key)?;
        return Ok((key, unlocked));
    }
    // A person at the prompt who mistypes is asked again, as sudo and ssh do: up to three tries, each
    // one recorded and checked against the back-off like any other failure. A passphrase source is tried
    // once: asking it again would give the same answer.
    let tries = if unlock::source_is_set(crate::cli::ENV_PASSPHRASE) || !crate::prompt::can_ask() {
        1
    } else {
        PROMPT_TRIES
    };
    let mut attempt = 1;
    loop {
        let (key, unlocked) = try_passphrase(ctx, sealing, ciphertext, held)?;
        match unlocked {
            Ok(unlocked) => return Ok((key, unlocked)),
            Err(e) if e.is_unlock_failure() && attempt < tries => {
                crate::output::talk_line("that passphrase does not open the vault; try again");
                attempt += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// How many times the terminal prompt asks for the vault's passphrase before fob gives up.
const PROMPT_TRIES: u32 = 3;

/// One passphrase try: under the back-off, holding the vault's lock from reading the failure record
/// through the scrypt to recording the outcome, so tries made at once each count. `held` is the vault's
/// lock when the caller already holds it (taking it again would wait on ourselves).
fn try_passphrase(
    ctx: &Context,
    sealing: Sealing,
    ciphertext: &[u8],
    held: Option<&FileLock>,
) -> Result<(Key, Result<Unlocked, fob::vault::Error>), CliError> {
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
    Ok((key, unlocked))
}

/// Keeps the secret-free name list that shell completion reads (see `names.rs`).
fn remember_names(ctx: &Context, unlocked: &Unlocked) {
    crate::names::store(
        ctx.file.path(),
        ctx.config(),
        unlocked.vault.entries.iter().map(|e| &e.name),
    );
}
