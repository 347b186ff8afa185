//! `fob rm QUERY`: remove an entry after asking, leaving a tombstone.

use crate::cli::RmArgs;
use crate::error::CliError;
use crate::prompt;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &RmArgs) -> Result<(), CliError> {
    if !args.yes && !prompt::can_ask() {
        return Err(CliError::new(
            "refusing to remove an entry without confirmation (not on a terminal)",
        )
        .hint("pass --yes to remove it without asking"));
    }
    let (mut session, guard) = Session::open_for_change(ctx)?;
    let vault = &mut session.unlocked.vault;
    let index = vault.find(&args.query)?;
    let name = vault.entries[index].name.to_string();
    if !args.yes
        && !prompt::confirm(&format!(
            "Remove {}? Its codes will be gone from fob",
            crate::output::clean(&name)
        ))?
    {
        return Err(CliError::new("not removed"));
    }
    vault.remove(index, jiff::Timestamp::now());
    session.save(ctx, &guard)?;
    ctx.talk.say(format!(
        "removed {name} (the previous vault is kept as a generation)"
    ));
    Ok(())
}
