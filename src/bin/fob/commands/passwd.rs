//! `fob passwd`: seal the vault with a new passphrase or new recipients.

use fob::agent::protocol::{Request, Response};
use fob::trust::Keys;
use fob::vault::Unlocked;
use fob::vault::format::Encryption;
use fob::vault::seal::{self, Sealer};

use crate::agent::client;
use crate::cli::{ENV_NEW_PASSPHRASE, PasswdArgs};
use crate::error::CliError;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &PasswdArgs) -> Result<(), CliError> {
    let mut session = Session::open(ctx)?;
    if args.accept_recipients {
        return crate::trust::accept(ctx, &session.unlocked);
    }
    let sealer = super::sealer_from(&args.lock, ENV_NEW_PASSPHRASE, "New vault passphrase")?;
    if matches!(sealer, Sealer::Recipients(_)) && !args.force {
        check_you_can_open(ctx, &session.unlocked, sealer.clone())?;
    }
    let how = super::describe(&sealer);
    let guard = session.take_file_lock(ctx)?;
    // The user chooses these keys here: trusted for the save, and then the only vault keys trusted.
    let chosen = Keys {
        recipients: match sealer.encryption() {
            Encryption::Recipients { recipients } => recipients,
            Encryption::Passphrase { .. } => Vec::new(),
        },
        backup_recipients: Vec::new(),
    };
    crate::trust::allow(ctx, &chosen)?;
    session.unlocked.sealer = sealer;
    session.save(ctx, &guard, "passwd")?;
    crate::trust::record(ctx, &session.unlocked);
    ctx.talk.say(format!("the vault is now locked with {how}"));
    // An agent holding the old passphrase could no longer open the vault; one holding an identity-locked
    // vault must not outlive the key that unlocked it.
    let place = crate::agent::place::Place::for_vault(ctx.file.path());
    if let Ok(Some(Response::Forgotten)) = client::ask(&place, &Request::Forget, ctx.talk) {
        ctx.talk
            .say("the agent that held the vault under its old key was locked: `fob unlock` again");
    }
    ctx.talk.say(
        "earlier generations still open with the old key: if it leaked, `fob restore --prune-generations` removes them",
    );
    if fob::sync::Repo::of(ctx.file.path()).is_some() {
        ctx.talk.say(
            "every earlier commit of the synced vault still opens with the old key: `fob sync` shares the change, and if the old key leaked, `fob sync --new-history` then starts the remote's history afresh",
        );
    }
    Ok(())
}

/// A vault re-keyed to recipients none of whose identities the user holds is lost: seal a copy with
/// the new keys and open it with --identity before anything is written.
fn check_you_can_open(ctx: &Context, current: &Unlocked, sealer: Sealer) -> Result<(), CliError> {
    let Some(identity) = &ctx.identity else {
        return Err(CliError::new(
            "cannot check that you can open the re-keyed vault: no identity given",
        )
        .hint("pass --identity FILE holding one of the new keys (or --force to skip the check)"));
    };
    let key = seal::read_identity_file(identity, &crate::prompt::plugin_callbacks())?;
    let trial = Unlocked {
        vault: current.vault.clone(),
        sealer,
    };
    if seal::open(&trial.seal()?, &key).is_err() {
        return Err(CliError::new(format!(
            "{} holds none of the new keys: you could not open the vault afterwards; nothing was changed",
            identity.display()
        ))
        .hint("check the --recipient keys, or pass --force if another device holds the key"));
    }
    Ok(())
}
