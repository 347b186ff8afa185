//! `fob restore`: merge a backup or an earlier generation into the vault (or replace it), saying what
//! changed; with no vault yet, the backup becomes the vault.

use fob::merge::{self, Report};
use fob::vault::{BackupDefaults, Unlocked, seal};
use serde_json::json;

use crate::cli::{ENV_PASSPHRASE, RestoreArgs};
use crate::error::CliError;
use crate::output;
use crate::prompt;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &RestoreArgs) -> Result<(), CliError> {
    if args.list_generations {
        return list_generations(ctx);
    }
    let (label, source) = read_source(ctx, args)?;
    if !ctx.file.exists() {
        return create_from(ctx, args, &label, source);
    }
    let mut session = Session::open(ctx)?;
    let guard = session.lock(ctx)?;
    let vault = &mut session.unlocked.vault;
    let mut replaced = false;
    let report = if args.replace {
        if !args.yes && !args.dry_run {
            if !prompt::can_ask() {
                return Err(CliError::new(
                    "refusing to replace the vault without confirmation (not on a terminal)",
                )
                .hint("pass --yes to replace it without asking"));
            }
            let question = format!(
                "Replace all {} entries of the vault with the {} of {label}?",
                vault.entries.len(),
                source.vault.entries.len()
            );
            if !prompt::confirm(&question)? {
                return Err(CliError::new("not replaced"));
            }
        }
        let report = replacement_report(vault, &source.vault);
        let mut incoming = source.vault;
        incoming.backup_defaults = backup_defaults_to_keep(
            ctx,
            args,
            &label,
            vault.backup_defaults.clone(),
            incoming.backup_defaults,
        )?;
        // Decided by content, not by the report: an undo of `import --force` keeps every id and name.
        replaced = *vault != incoming;
        *vault = incoming;
        report
    } else {
        merge::merge(vault, &source.vault)
    };
    if (replaced || report.changed()) && !args.dry_run {
        session.save(ctx, &guard)?;
    }
    tell(ctx, args, &label, &report)
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

/// The backup or generation to restore from, opened.
fn read_source(ctx: &Context, args: &RestoreArgs) -> Result<(String, Unlocked), CliError> {
    if let Some(n) = args.generation {
        let generations = ctx.file.generations()?;
        let generation = generations.get(n as usize - 1).ok_or_else(|| {
            CliError::new(format!(
                "there is no generation {n} ({} kept)",
                generations.len()
            ))
            .hint("fob restore --list-generations lists them")
        })?;
        let bytes = fob::storage::read_bounded(&generation.path).map_err(|e| {
            CliError::new(format!("cannot read {}: {e}", generation.path.display()))
        })?;
        // Generations are sealed with the vault's key as it was then.
        let key = crate::unlock::key_for(seal::sealing_of(&bytes)?, ctx.identity.as_ref())?;
        return Ok((format!("generation {n}"), Unlocked::open(&bytes, &key)?));
    }
    let file = args
        .file
        .as_ref()
        .expect("clap requires FILE without --generation");
    Ok((
        file.display().to_string(),
        super::backup::open_backup(ctx, file, &args.key)?,
    ))
}

fn create_from(
    ctx: &Context,
    args: &RestoreArgs,
    label: &str,
    source: Unlocked,
) -> Result<(), CliError> {
    let report = Report {
        added: source
            .vault
            .entries
            .iter()
            .map(|e| e.name.to_string())
            .collect(),
        ..Report::default()
    };
    crate::session::warn_about_exposure(ctx)?;
    let mut vault = source.vault;
    vault.backup_defaults =
        backup_defaults_to_keep(ctx, args, label, None, vault.backup_defaults.take())?;
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
        return output::print(&format!("{v}\n"));
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
        ctx.talk
            .say(format!("{add} {n} (the name holds another secret here)"));
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
        report.added.len() + report.renamed.len(),
        report.updated.len(),
        report.removed.len(),
        report.unchanged
    ));
    Ok(())
}

fn list_generations(ctx: &Context) -> Result<(), CliError> {
    let generations = ctx.file.generations()?;
    if generations.is_empty() {
        ctx.talk
            .say("no earlier vaults are kept yet (one is kept before every change)");
        return Ok(());
    }
    let mut text = String::new();
    for (i, g) in generations.iter().enumerate() {
        let size = std::fs::metadata(&g.path).map_or(0, |m| m.len());
        let when = g
            .replaced
            .map_or_else(|| "unknown time".to_owned(), |t| t.to_string());
        text.push_str(&format!(
            "{:>2}  {when}  {size:>8} bytes  {}\n",
            i + 1,
            g.path.display()
        ));
    }
    output::print(&text)
}
