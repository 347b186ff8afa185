//! `fob passwd`: seal the vault with a new passphrase or new recipients.

use crate::cli::{ENV_NEW_PASSPHRASE, PasswdArgs};
use crate::error::CliError;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &PasswdArgs) -> Result<(), CliError> {
    let mut session = Session::open(ctx)?;
    let sealer = super::sealer_from(&args.lock, ENV_NEW_PASSPHRASE, "New vault passphrase")?;
    let how = super::describe(&sealer);
    let guard = session.lock(ctx)?;
    session.unlocked.sealer = sealer;
    session.save(ctx, &guard)?;
    ctx.talk.say(format!("the vault is now locked with {how}"));
    ctx.talk.say(format!(
        "earlier generations in {}.generations still open with the old key: delete them if it leaked",
        ctx.file.path().display()
    ));
    Ok(())
}
