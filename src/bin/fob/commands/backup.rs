//! `fob backup [DEST]` and `fob backup verify FILE`.

use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;
use fob::backup::{self, Comparison};
use fob::trust::Keys;
use fob::vault::seal::{self, Key, Sealer};
use fob::vault::{BackupDefaults, Unlocked};
use serde::Serialize;

use crate::cli::{BackupAction, BackupArgs, BackupVerifyArgs, ENV_BACKUP_PASSPHRASE};
use crate::error::CliError;
use crate::output;
use crate::session::{Context, Session};
use crate::unlock;

pub fn run(ctx: &Context, args: &BackupArgs) -> Result<(), CliError> {
    match &args.action {
        Some(BackupAction::Verify(verify_args)) => verify(ctx, verify_args),
        None => write(ctx, args),
    }
}

fn write(ctx: &Context, args: &BackupArgs) -> Result<(), CliError> {
    let mut session = Session::open(ctx)?;
    // Remembered recipients may have arrived in a synced or restored vault: use them only if trusted.
    crate::trust::check(ctx, &session.unlocked)?;
    let defaults = session
        .unlocked
        .vault
        .backup_defaults
        .clone()
        .unwrap_or_default();
    let explicit_recipients =
        !args.lock.recipient.is_empty() || args.lock.recipients_file.is_some();
    let sealer = if explicit_recipients || defaults.recipients.is_empty() {
        super::sealer_from(&args.lock, ENV_BACKUP_PASSPHRASE, "New backup passphrase")?
    } else {
        Sealer::Recipients(seal::parse_recipients(
            &defaults.recipients,
            &crate::prompt::plugin_callbacks(),
        )?)
    };
    if !args.same_key && same_key_as_vault(&sealer, &session) {
        return Err(CliError::new("refusing a backup that only the vault's own key opens")
            .hint("if that key is lost or forgotten, the backup is lost with the vault: use another passphrase or --recipient, or pass --same-key"));
    }
    let dest = args
        .dest
        .clone()
        .or_else(|| defaults.destination.as_ref().map(PathBuf::from))
        .ok_or_else(|| {
            CliError::usage("no destination given and none remembered")
                .hint("run fob backup DEST (a folder, such as a mounted USB stick, or a file)")
        })?;

    let guard = session.take_file_lock(ctx)?;
    let now = jiff::Timestamp::now();
    let path = backup::resolve_destination(&dest, now).map_err(backup_error)?;
    let written =
        backup::write_verified(&session.unlocked.vault, &sealer, &path).map_err(backup_error)?;
    let vault = &mut session.unlocked.vault;
    vault.record_backup(written.record(now));
    let recipients: Vec<String> = match &sealer {
        Sealer::Recipients(r) => r.iter().map(ToString::to_string).collect(),
        Sealer::Passphrase { .. } | Sealer::Delegated { .. } => Vec::new(),
    };
    if args.set_default {
        // Chosen here: trusted for this save, and then the only backup keys trusted.
        crate::trust::allow(
            ctx,
            &Keys {
                recipients: Vec::new(),
                backup_recipients: recipients.clone(),
            },
        )?;
        vault.backup_defaults = Some(BackupDefaults {
            recipients: recipients.clone(),
            destination: args
                .dest
                .as_ref()
                .map(|d| d.display().to_string())
                .or(defaults.destination),
        });
    }
    // A backup record (or remembered defaults, set again as easily) is not an edit anyone undoes.
    session.save_state(ctx, &guard)?;
    if args.set_default {
        crate::trust::record(ctx, &session.unlocked);
    }
    let how = if written.decrypted {
        "verified: read back, decrypted and compared with the vault"
    } else {
        "verified: read back byte for byte, addressed to every recipient"
    };
    ctx.talk.say(format!(
        "backup written to {}: {}, {how}",
        written.path.display(),
        output::entries(written.entries)
    ));
    if recipients.is_empty() {
        ctx.talk.say("encrypted with the backup passphrase");
    } else {
        ctx.talk
            .say(format!("encrypted to {}", recipients.join(", ")));
    }
    if args.set_default {
        ctx.talk.say("remembered for later backups: run fob backup");
    }
    Ok(())
}

/// A backup sealed exactly as the vault is would be lost with the vault's key.
fn same_key_as_vault(backup: &Sealer, session: &Session) -> bool {
    match (backup, &session.unlocked.sealer) {
        // The agent keeps the vault's passphrase to itself: try the backup's on the vault file.
        (Sealer::Passphrase { passphrase, .. }, Sealer::Delegated { .. }) => {
            session.opens_with(&Key::Passphrase(passphrase.clone()))
        }
        (Sealer::Passphrase { passphrase: b, .. }, Sealer::Passphrase { passphrase: v, .. }) => {
            b.expose_secret() == v.expose_secret()
        }
        (Sealer::Recipients(b), Sealer::Recipients(v)) => {
            let vault_keys: Vec<String> = v.iter().map(ToString::to_string).collect();
            b.iter().all(|r| vault_keys.contains(&r.to_string()))
        }
        _ => false,
    }
}

pub fn backup_error(e: backup::Error) -> CliError {
    match e {
        backup::Error::Vault(v) => v.into(),
        other => CliError::new(other.to_string()),
    }
}

/// Opens a backup file with its own key sources.
pub fn open_backup(
    ctx: &Context,
    file: &std::path::Path,
    key: &crate::cli::BackupKeyArgs,
) -> Result<Unlocked, CliError> {
    let bytes = fob::storage::read_bounded(file)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", file.display())))?;
    let sealing = seal::sealing_of(&bytes).map_err(|e| {
        CliError::new(format!(
            "{}: {}",
            file.display(),
            e.to_string().replace("the vault", "the backup")
        ))
    })?;
    // Without --backup-identity, the vault's identity is tried: when it does not open the backup, say
    // which option takes the backup's own.
    let with_vault_identity = sealing == seal::Sealing::Recipients && key.backup_identity.is_none();
    let key = unlock::backup_key(sealing, key.backup_identity.as_ref(), ctx.identity.as_ref())?;
    Unlocked::open(&bytes, &key).map_err(|e| {
        let mut err = CliError::from(e);
        err.message = format!(
            "{}: {}",
            file.display(),
            err.message.replace("the vault", "the backup")
        );
        if with_vault_identity && err.exit == crate::error::Exit::Unlock {
            err.details = vec![
                "the vault's identity (--identity) was tried: pass the backup's with --backup-identity FILE or FOB_BACKUP_IDENTITY"
                    .to_owned(),
            ];
        }
        err
    })
}

/// FILE as given; for a folder, the newest backup `fob backup` wrote in it (and which one, on stderr).
pub fn backup_file(ctx: &Context, given: &Path) -> Result<PathBuf, CliError> {
    if !given.is_dir() {
        return Ok(given.to_owned());
    }
    let newest = backup::backups_in(given)
        .map_err(backup_error)?
        .into_iter()
        .next()
        .ok_or_else(|| no_backups_in(given))?;
    ctx.talk.say(format!(
        "using the newest backup in {}: {}",
        given.display(),
        newest.file_name().unwrap_or_default().to_string_lossy()
    ));
    Ok(newest)
}

fn no_backups_in(dir: &Path) -> CliError {
    CliError::new(format!(
        "no fob backup (fob-backup-*.age) in {}",
        dir.display()
    ))
    .hint("give the backup file itself, or the folder fob backup wrote to")
}

/// `--list`: the backups in a folder, newest first, one path a line.
pub fn list_backups(dir: &Path) -> Result<(), CliError> {
    if !dir.is_dir() {
        return Err(CliError::usage(format!(
            "--list takes the folder backups were written to, and {} is not a folder",
            dir.display()
        )));
    }
    let files = backup::backups_in(dir).map_err(backup_error)?;
    if files.is_empty() {
        return Err(no_backups_in(dir));
    }
    let mut text = String::new();
    for f in files {
        text.push_str(&format!("{}\n", output::clean(&f.display().to_string())));
    }
    output::print(&text).map_err(CliError::stdout)
}

#[derive(Serialize)]
struct VerifyReport<'a> {
    file: String,
    entries: usize,
    compared_with_vault: bool,
    #[serde(flatten)]
    comparison: &'a Comparison,
}

fn verify(ctx: &Context, args: &BackupVerifyArgs) -> Result<(), CliError> {
    if args.list {
        return list_backups(&args.file);
    }
    let file = backup_file(ctx, &args.file)?;
    let backup = open_backup(ctx, &file, &args.key)?;
    let comparison = if ctx.file.exists() {
        let session = Session::open(ctx)?;
        Some(backup::compare(&backup.vault, &session.unlocked.vault))
    } else {
        None
    };
    let empty = Comparison::default();
    if args.json {
        let report = VerifyReport {
            file: file.display().to_string(),
            entries: backup.vault.entries.len(),
            compared_with_vault: comparison.is_some(),
            comparison: comparison.as_ref().unwrap_or(&empty),
        };
        return output::print(&format!(
            "{}\n",
            serde_json::to_string(&report).expect("serialises")
        ))
        .map_err(CliError::stdout);
    }
    let mut text = format!(
        "{}: decrypts and parses; {}\n",
        output::clean(&file.display().to_string()),
        output::entries(backup.vault.entries.len())
    );
    match &comparison {
        None => text.push_str("no vault here to compare with\n"),
        Some(c) => {
            text.push_str(&format!("{} the same as in the vault\n", c.same));
            for (label, names) in [
                ("only in the backup", &c.only_in_backup),
                ("only in the vault", &c.only_in_vault),
                ("changed since the backup", &c.changed),
            ] {
                if !names.is_empty() {
                    text.push_str(&format!("{label}: {}\n", names.len()));
                    for n in names {
                        text.push_str(&format!("  {}\n", output::clean(n)));
                    }
                }
            }
        }
    }
    output::print(&text).map_err(CliError::stdout)
}
