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
    // Ask before taking the lock: another fob (an HOTP code, say) must not wait on a person.
    let mut session = Session::open(ctx)?;
    let found = &session.unlocked.vault.entries[session.unlocked.vault.find(&args.query)?];
    let (id, name) = (found.id.clone(), found.name.to_string());
    if !args.yes
        && !prompt::confirm(&format!(
            "Remove {}? Its codes will be gone from fob",
            crate::output::clean(&name)
        ))?
    {
        return Err(CliError::new("not removed"));
    }
    let guard = session.take_file_lock(ctx)?;
    let vault = &mut session.unlocked.vault;
    let index = vault
        .entries
        .iter()
        .position(|e| e.id == id)
        .ok_or_else(|| CliError::new(format!("{name} was removed by another fob meanwhile")))?;
    vault.remove(index, jiff::Timestamp::now());
    session.save(ctx, &guard, &format!("rm {name}"))?;
    ctx.talk.say(format!(
        "removed {name} (the previous vault is kept as a generation)"
    ));
    Ok(())
}
