//! `fob rename QUERY NEW`: a new name, same id and secret.

use fob::entry::Name;

use crate::cli::RenameArgs;
use crate::error::CliError;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &RenameArgs) -> Result<(), CliError> {
    let name = Name::parse(&args.new_name).map_err(|e| CliError::bad_name(&args.new_name, e))?;
    let (mut session, guard) = Session::open_for_change(ctx)?;
    let vault = &mut session.unlocked.vault;
    let index = vault.find(&args.query)?;
    let old = vault.entries[index].name.to_string();
    vault.rename(index, name.clone(), jiff::Timestamp::now())?;
    session.save(ctx, &guard, &format!("rename {old} to {name}"))?;
    ctx.talk.say(format!("renamed {old} to {name}"));
    Ok(())
}
