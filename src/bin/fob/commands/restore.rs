//! `fob restore`: merge a backup or an earlier generation into the vault (or replace it), saying what
//! changed; with no vault yet, the backup becomes the vault. Also lists and prunes the generations.

use std::path::Path;

use fob::merge::{self, Report};
use fob::vault::{BackupDefaults, Unlocked};
use jiff::Timestamp;
use serde_json::json;

use crate::cli::{ENV_PASSPHRASE, RestoreArgs};
use crate::error::CliError;
use crate::output;
use crate::prompt;
use crate::session::{self, Context, Session};

pub fn run(ctx: &Context, args: &RestoreArgs) -> Result<(), CliError> {
    if args.list_generations {
        return list_generations(ctx);
    }
    if args.prune_generations {
        return prune_generations(ctx, args);
    }
    if let Some(n) = args.generation {
        return restore_generation(ctx, args, n);
    }
    let given = args
        .file
        .as_ref()
        .expect("clap requires FILE without --generation");
    if args.list {
        return super::backup::list_backups(given);
    }
    let file = super::backup::backup_file(ctx, given)?;
    let label = file.display().to_string();
    let source = super::backup::open_backup(ctx, &file, &args.key)?;
    if !ctx.file.exists() {
        return create_from(ctx, args, &label, source, Some(&file));
    }
    let mut session = Session::open(ctx)?;
    restore_into(ctx, args, &label, &mut session, source, Some(&file))
}

/// Generations are sealed with the vault's key as it was then: opened with what opens the vault (the
/// agent, or the key in hand), asking only for a key that changed since.
fn restore_generation(ctx: &Context, args: &RestoreArgs, n: u32) -> Result<(), CliError> {
    let label = format!("generation {n}");
    let bytes = read_generation(ctx, n)?;
    if !ctx.file.exists() {
        let source = session::open_copy_without_vault(ctx, &bytes)?;
        return create_from(ctx, args, &label, source, None);
    }
    let mut session = match Session::open(ctx) {
        Ok(session) => session,
        Err(e) if e.damaged_vault && args.replace => {
            return replace_damaged(ctx, args, &label, &bytes, &e);
        }
        Err(e) => return Err(e),
    };
    let source = session.open_copy(ctx, &bytes)?;
    restore_into(ctx, args, &label, &mut session, source, None)
}

/// Merges `source` into the open vault, or replaces the vault with it (keeping the higher HOTP
/// counters and the verify state of what it replaces), and saves as a change that keeps a generation.
/// `from_backup`: the backup file `source` was read from, which then holds the entries it gave.
fn restore_into(
    ctx: &Context,
    args: &RestoreArgs,
    label: &str,
    session: &mut Session,
    source: Unlocked,
    from_backup: Option<&Path>,
) -> Result<(), CliError> {
    let now = Timestamp::now();
    let backup_read = from_backup.map(|path| {
        (
            fob::backup::record_of_read(path, &source, now),
            source.vault.clone(),
        )
    });
    // Checked here too (merge and replace check again) so a forged file is refused before anyone is
    // asked to confirm replacing the vault with it.
    merge::check(&source.vault, now).map_err(|e| refused(label, e))?;
    let guard = session.take_file_lock(ctx)?;
    let vault = &mut session.unlocked.vault;
    let (report, changed) = if args.replace {
        if !args.yes && !args.dry_run {
            if !prompt::can_ask() {
                return Err(CliError::new(
                    "refusing to replace the vault without confirmation (not on a terminal)",
                )
                .hint("pass --yes to replace it without asking"));
            }
            let question = format!(
                "Replace the vault's {} with the {} of {label}? {}",
                output::entries(vault.entries.len()),
                output::entries(source.vault.entries.len()),
                dropped(&replacement_report(vault, &source.vault).removed)
            );
            if !prompt::confirm(&question)? {
                return Err(CliError::new("not replaced"));
            }
        }
        let report = replacement_report(vault, &source.vault);
        // Decided by content, not by the report: an undo of `import --force` keeps every id and name.
        let mut incoming = source.vault;
        incoming.backup_defaults = backup_defaults_to_keep(
            ctx,
            args,
            label,
            vault.backup_defaults.clone(),
            incoming.backup_defaults,
        )?;
        let changed = merge::replace(vault, incoming, now).map_err(|e| refused(label, e))?;
        (report, changed)
    } else {
        let report = merge::merge(vault, &source.vault, now).map_err(|e| refused(label, e))?;
        let changed = report.changed();
        (report, changed)
    };
    // A verified backup also tells which entries are safe in it, so `fob status` does not count them.
    let changed = match backup_read {
        Some((record, backup)) if !args.dry_run => {
            vault.record_restored_backup(&backup, record);
            true
        }
        _ => changed,
    };
    if changed && !args.dry_run {
        session.save(ctx, &guard, &format!("restore from {label}"))?;
    }
    tell(ctx, args, label, &report)
}

/// The current vault cannot be opened, so nothing of it can be kept: the generation's file goes back as
/// it is (sealed with the key it had then), and the damaged file becomes a generation itself.
fn replace_damaged(
    ctx: &Context,
    args: &RestoreArgs,
    label: &str,
    bytes: &[u8],
    damage: &CliError,
) -> Result<(), CliError> {
    let source = session::open_copy_without_vault(ctx, bytes)?;
    merge::check(&source.vault, Timestamp::now()).map_err(|e| refused(label, e))?;
    ctx.talk.warn(format!(
        "the vault cannot be opened ({}): replacing it with {label} as it was",
        damage.message
    ));
    if !args.yes && !args.dry_run {
        if !prompt::can_ask() {
            return Err(CliError::new(
                "refusing to replace the vault without confirmation (not on a terminal)",
            )
            .hint("pass --yes to replace it without asking"));
        }
        if !prompt::confirm(&format!(
            "Replace the damaged vault with the {} entries of {label}?",
            source.vault.entries.len()
        ))? {
            return Err(CliError::new("not replaced"));
        }
    }
    if !args.dry_run {
        let guard = ctx.file.lock(|| {
            ctx.talk
                .say("waiting for another fob to finish with the vault...");
        })?;
        ctx.file
            .replace(&guard, bytes, &format!("restore from {label}"))?;
        ctx.talk.say(format!(
            "the damaged vault is kept as generation 1; the vault is locked as {label} was"
        ));
    }
    let report = everything_added(&source.vault);
    tell(ctx, args, label, &report)
}

fn read_generation(ctx: &Context, n: u32) -> Result<Vec<u8>, CliError> {
    let generations = ctx.file.generations()?;
    let generation = generations.get(n as usize - 1).ok_or_else(|| {
        CliError::new(format!(
            "there is no generation {n} ({} kept)",
            generations.len()
        ))
        .hint("fob restore --list-generations lists them")
    })?;
    fob::storage::read_bounded(&generation.path)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", generation.path.display())))
}

/// A file refused by the merge rule, named with where it came from.
fn refused(label: &str, e: merge::Refused) -> CliError {
    let mut err = CliError::from(e);
    err.message = format!("{label}: {}", err.message);
    err
}

/// The backup settings to keep when a restored file brings its own: they are shown, and adopted only
/// when the user confirms or passed --adopt-backup-defaults, since whoever made the file chose them.
fn backup_defaults_to_keep(
    ctx: &Context,
    args: &RestoreArgs,
    label: &str,
    current: Option<BackupDefaults>,
    incoming: Option<BackupDefaults>,
) -> Result<Option<BackupDefaults>, CliError> {
    let Some(incoming) = incoming.filter(|d| Some(d) != current.as_ref()) else {
        return Ok(current);
    };
    let recipients = if incoming.recipients.is_empty() {
        "no recipients (a backup passphrase)".to_owned()
    } else {
        format!("recipients {}", incoming.recipients.join(", "))
    };
    let destination = incoming.destination.as_deref().map_or_else(
        || "no destination".to_owned(),
        |d| format!("destination {d}"),
    );
    ctx.talk.say(format!(
        "{label} remembers backup settings: {recipients}; {destination}"
    ));
    let keep = args.adopt_backup_defaults
        || (!args.yes
            && !args.dry_run
            && prompt::can_ask()
            && prompt::confirm("Keep these backup settings for later backups?")?);
    if keep {
        if !args.dry_run {
            // Confirmed here: their keys are trusted from now on.
            crate::trust::allow(
                ctx,
                &fob::trust::Keys {
                    recipients: Vec::new(),
                    backup_recipients: incoming.recipients.clone(),
                },
            )?;
        }
        ctx.talk.say("kept them for later backups");
        Ok(Some(incoming))
    } else {
        ctx.talk.say(
            "not kept: backups go where they went before (pass --adopt-backup-defaults to keep them)",
        );
        Ok(current)
    }
}

/// What `--replace` drops, for its question: entries only in the vault, named.
fn dropped(names: &[String]) -> String {
    const SHOWN: usize = 10;
    if names.is_empty() {
        return "No entry is dropped.".to_owned();
    }
    let mut list: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|n| output::clean(n).into_owned())
        .collect();
    if names.len() > SHOWN {
        list.push(format!("and {} more", names.len() - SHOWN));
    }
    format!(
        "It drops {}: {}.",
        output::entries(names.len()),
        list.join(", ")
    )
}

fn create_from(
    ctx: &Context,
    args: &RestoreArgs,
    label: &str,
    source: Unlocked,
    from_backup: Option<&Path>,
) -> Result<(), CliError> {
    let backup_read = from_backup.map(|path| {
        (
            fob::backup::record_of_read(path, &source, Timestamp::now()),
            source.vault.clone(),
        )
    });
    let report = everything_added(&source.vault);
    merge::check(&source.vault, Timestamp::now()).map_err(|e| refused(label, e))?;
    crate::session::warn_about_exposure(ctx)?;
    let mut vault = source.vault;
    vault.backup_defaults =
        backup_defaults_to_keep(ctx, args, label, None, vault.backup_defaults.take())?;
    if let Some((record, backup)) = backup_read {
        vault.record_restored_backup(&backup, record);
    }
    if !args.dry_run {
        let sealer = super::sealer_from(&args.lock, ENV_PASSPHRASE, "New vault passphrase")?;
        let how = super::describe(&sealer);
        let restored = Unlocked { vault, sealer };
        let guard = ctx.file.lock(|| ())?;
        ctx.file.create(&guard, &restored.seal()?)?;
        // A vault new here: the keys chosen and confirmed now are the ones to trust.
        crate::trust::record(ctx, &restored);
        ctx.talk.say(format!(
            "created a vault at {}, locked with {how}",
            ctx.file.path().display()
        ));
    }
    tell(ctx, args, label, &report)
}

/// What replacing the vault with `backup` changes, entry by entry.
fn replacement_report(vault: &fob::vault::Vault, backup: &fob::vault::Vault) -> Report {
    let c = fob::backup::compare(backup, vault);
    Report {
        added: c.only_in_backup,
        updated: c.changed,
        removed: c.only_in_vault,
        unchanged: c.same,
        ..Report::default()
    }
}

fn tell(ctx: &Context, args: &RestoreArgs, label: &str, report: &Report) -> Result<(), CliError> {
    if args.json {
        let v = json!({ "source": label, "dry_run": args.dry_run, "replace": args.replace, "report": report });
        return output::print(&format!("{v}\n")).map_err(CliError::stdout);
    }
    let (add, update, remove) = if args.dry_run {
        ("would add", "would update", "would remove")
    } else {
        ("added", "updated", "removed")
    };
    for n in &report.added {
        ctx.talk.say(format!("{add} {n}"));
    }
    for n in &report.updated {
        ctx.talk.say(format!("{update} {n} (newer in {label})"));
    }
    for n in &report.removed {
        ctx.talk.say(format!("{remove} {n}"));
    }
    for n in &report.renamed {
        ctx.talk.say(format!(
            "renamed {n}: two entries had that name (the older one keeps it)"
        ));
    }
    for n in &report.state_merged {
        ctx.talk.say(format!(
            "{update} the HOTP counter or verify state of {n} (the rest is newer here)"
        ));
    }
    for n in &report.removal_ahead {
        ctx.talk.say(format!(
            "kept {n}: {label} removes it at a time after this machine's clock"
        ));
    }
    for n in &report.still_removed {
        ctx.talk.say(format!(
            "kept {n} removed: it was removed here after {label} was made (an earlier generation still has it)"
        ));
    }
    ctx.talk.say(format!(
        "{} from {label}: {} added, {} updated, {} removed, {} unchanged",
        if args.dry_run {
            "dry run, nothing written"
        } else {
            "restored"
        },
        report.added.len(),
        report.updated.len() + report.state_merged.len(),
        report.removed.len(),
        report.unchanged
    ));
    Ok(())
}

fn list_generations(ctx: &Context) -> Result<(), CliError> {
    let generations = ctx.file.generations()?;
    if generations.is_empty() {
        ctx.talk.say(
            "no earlier vaults are kept yet (one is kept before every add, import, rm, rename, restore and passwd)",
        );
        return Ok(());
    }
    let mut text = String::new();
    for (i, g) in generations.iter().enumerate() {
        let size = std::fs::metadata(&g.path).map_or(0, |m| m.len());
        let when = g
            .replaced
            .map_or_else(|| "unknown time".to_owned(), output::local_time);
        let before = g.change.as_deref().map_or_else(
            || "before an unrecorded change".to_owned(),
            |c| format!("before {}", output::clean(c)),
        );
        text.push_str(&format!(
            "{:>2}  {when}  {before}  {size} bytes  {}\n",
            i + 1,
            g.path.display()
        ));
    }
    output::print(&text).map_err(CliError::stdout)
}

/// Removes every generation: after `fob passwd` because the old key leaked, they are what still opens
/// with it.
fn prune_generations(ctx: &Context, args: &RestoreArgs) -> Result<(), CliError> {
    let kept = ctx.file.generations()?.len();
    if kept == 0 {
        ctx.talk
            .say("no earlier vaults are kept: nothing to remove");
        return Ok(());
    }
    if !args.yes {
        if !prompt::can_ask() {
            return Err(CliError::new(
                "refusing to remove the earlier vaults without confirmation (not on a terminal)",
            )
            .hint("pass --yes to remove them without asking"));
        }
        if !prompt::confirm(&format!(
            "Remove all {kept} earlier vaults? They cannot be restored afterwards"
        ))? {
            return Err(CliError::new("not removed"));
        }
    }
    let guard = ctx.file.lock(|| {
        ctx.talk
            .say("waiting for another fob to finish with the vault...");
    })?;
    let removed = ctx.file.prune_generations(&guard)?;
    ctx.talk.say(format!(
        "removed {removed} earlier vault{}",
        if removed == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// The report of a restore that writes the source as it is: every entry in it is added.
fn everything_added(vault: &fob::vault::Vault) -> Report {
    Report {
        added: vault.entries.iter().map(|e| e.name.to_string()).collect(),
        ..Report::default()
    }
}
