//! `fob init`: create an empty vault.

use fob::vault::Unlocked;

use crate::cli::{ENV_PASSPHRASE, InitArgs};
use crate::error::CliError;
use crate::session::Context;

pub fn run(ctx: &Context, args: &InitArgs) -> Result<(), CliError> {
    if ctx.file.exists() {
        return Err(fob::storage::Error::AlreadyExists {
            path: ctx.file.path().to_owned(),
        }
        .into());
    }
    crate::session::warn_about_exposure(ctx)?;
    let sealer = super::sealer_from(&args.lock, ENV_PASSPHRASE, "New vault passphrase")?;
    let how = super::describe(&sealer);
    let unlocked = Unlocked::new(sealer);
    let ciphertext = unlocked.seal()?;
    let guard = ctx.file.lock(|| ())?;
    ctx.file.create(&guard, &ciphertext)?;
    // The keys chosen here are the ones to trust, whatever an earlier vault at this path had.
    crate::trust::record(ctx, &unlocked);
    ctx.talk.say(format!(
        "created an empty vault at {}, locked with {how}",
        ctx.file.path().display()
    ));
    Ok(())
}
