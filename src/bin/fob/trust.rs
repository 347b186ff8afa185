//! Where fob's record of trusted keys ([`fob::trust`]) lives, and the calls commands make on it: when a
//! vault is opened (the first meeting is recorded), before anything is encrypted (only keys this user
//! chose or accepted here), and when the user chooses keys (init, passwd, backup --set-default, restore).

use std::path::{Path, PathBuf};

use fob::trust::{Keys, TrustStore};
use fob::vault::Unlocked;
use fob::vault::seal;

use crate::error::CliError;
use crate::session::Context;

/// fob's state folder: `$XDG_STATE_HOME/fob`, else `~/.local/state/fob`.
pub fn state_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "fob")
        .and_then(|d| d.state_dir().map(Path::to_owned))
        .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().join(".local/state/fob")))
}

/// The record in fob's state folder.
pub fn store() -> Result<TrustStore, CliError> {
    state_folder()
        .map(|folder| TrustStore::in_folder(&folder))
        .ok_or_else(|| {
            CliError::new("cannot find a home folder for fob's record of trusted keys")
                .hint("set HOME or XDG_STATE_HOME")
        })
}

/// The public keys of the identity file in use (none for a passphrase).
fn identity(ctx: &Context) -> Vec<String> {
    ctx.identity
        .as_deref()
        .map(seal::identity_file_recipients)
        .unwrap_or_default()
}

/// Records the keys of a vault opened here for the first time. Best effort: reading needs no record,
/// and the check before any encryption meets the vault again and reports what stops it.
pub fn meet(ctx: &Context, unlocked: &Unlocked) {
    if let Ok(store) = store() {
        let _ = store.meet(ctx.file.path(), &Keys::of(unlocked), &identity(ctx));
    }
}

/// Before encrypting the vault (or a backup to its remembered recipients): every key must be one this
/// user chose or accepted on this machine.
pub fn check(ctx: &Context, unlocked: &Unlocked) -> Result<(), CliError> {
    Ok(store()?.check(ctx.file.path(), &Keys::of(unlocked), &identity(ctx))?)
}

/// Trusts `keys` as well, before a save that seals to keys the user has just chosen.
pub fn allow(ctx: &Context, keys: &Keys) -> Result<(), CliError> {
    Ok(store()?.allow(ctx.file.path(), keys)?)
}

/// Trusts exactly the keys of `unlocked`, as just saved or created: the keys it replaced are no longer
/// trusted. The vault is written by then, so a failure here is a warning: the keys the user chose stay
/// trusted (see [`allow`]), and a new vault is met afresh next time.
pub fn record(ctx: &Context, unlocked: &Unlocked) {
    let recorded =
        store().and_then(|store| Ok(store.record(ctx.file.path(), &Keys::of(unlocked))?));
    if let Err(e) = recorded {
        ctx.talk
            .warn(format!("cannot record the vault's keys: {}", e.message));
    }
}

/// `fob passwd --accept-recipients`: trusts the keys the vault lists now, and says which are new.
pub fn accept(ctx: &Context, unlocked: &Unlocked) -> Result<(), CliError> {
    let seen = Keys::of(unlocked);
    fob::trust::check_identity(&seen.recipients, &identity(ctx))?;
    let store = store()?;
    let before = store.recorded(ctx.file.path())?.unwrap_or_default();
    store.record(ctx.file.path(), &seen)?;
    let new = seen.beyond(&before);
    if new.is_empty() {
        ctx.talk
            .say("nothing new to accept: the vault lists only keys already trusted here");
    }
    for key in &new.recipients {
        ctx.talk.say(format!("accepted vault recipient {key}"));
    }
    for key in &new.backup_recipients {
        ctx.talk.say(format!("accepted backup recipient {key}"));
    }
    Ok(())
}
