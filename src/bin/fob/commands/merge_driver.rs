//! What `git pull` runs in a synced vault's folder (registered by `fob sync init`): the merge driver, which
//! merges the two sides' vaults with fob's own merge, and the diff filter, which shows a vault as its
//! entry names and settings. Neither writes the vault: git hands them files and takes the result.

use fob::vault::Vault;

use crate::cli::{MergeDriverArgs, TextconvArgs};
use crate::error::CliError;
use crate::output;
use crate::session::{self, Context, Session};

/// `fob merge-driver %O %A %B`: merges %B into %A, which git then takes as the merged vault. Unlocks as
/// any command does (agent, identity, passphrase sources, a prompt only on a terminal). A merge it cannot
/// do exits non-zero, and git keeps both sides as they were for the user to resolve.
pub fn run(ctx: &Context, args: &MergeDriverArgs) -> Result<(), CliError> {
    let read = |path: &std::path::Path| {
        fob::storage::read_bounded(path)
            .map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))
    };
    let ours = read(&args.ours)?;
    let theirs = read(&args.theirs)?;
    // git passes an empty file when the two sides share no ancestor.
    let base = read(&args.base)?;
    let mut session = Session::open_ciphertext(ctx, ours)?;
    let Some(their) = session.open_other(ctx, &theirs)? else {
        return Err(CliError::unlock(
            "the other side's vault does not open with this one's passphrase or keys: it was re-locked on another machine",
        )
        .hint("abort this merge (git merge --abort) and run `fob sync`, which asks for the new passphrase"));
    };
    let base = (!base.is_empty()).then_some(base.as_slice());
    let report = super::sync::merge_into(ctx, &mut session, their, false, base)?;
    let sealed = session.sealed(ctx)?;
    fob::storage::write_atomically(&args.ours, &sealed)?;
    ctx.talk.say(format!(
        "fob: merged the vault: {} added, {} updated, {} removed",
        report.added.len() + report.renamed.len(),
        report.updated.len(),
        report.removed.len()
    ));
    Ok(())
}

/// `fob __textconv FILE`: the vault as text for `git diff` and `git log -p`: one line per entry with its
/// settings, never a secret; "(locked)" when neither the agent nor an identity opens it without asking.
pub fn textconv(ctx: &Context, args: &TextconvArgs) -> Result<(), CliError> {
    let bytes = fob::storage::read_bounded(&args.file)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", args.file.display())))?;
    let text = match session::open_without_asking(ctx, &bytes) {
        Some(unlocked) => describe(&unlocked.vault),
        None => "(locked)\n".to_owned(),
    };
    output::print(&text).map_err(CliError::stdout)
}

fn describe(vault: &Vault) -> String {
    let mut lines: Vec<String> = vault
        .entries
        .iter()
        .map(|e| {
            format!(
                "{}  {}\n",
                output::clean(&e.name.to_string()),
                super::add::describe(&e.otp)
            )
        })
        .collect();
    lines.sort();
    let mut text = format!(
        "fob vault: {} entries, {} removed\n",
        vault.entries.len(),
        vault.tombstones.len()
    );
    text.extend(lines);
    text
}
