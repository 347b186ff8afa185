//! `fob backup [DEST]` and `fob backup verify FILE`.

use std::path::PathBuf;

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

    let guard = session.lock(ctx)?;
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
        "backup written to {}: {} entr{}, {how}",
        written.path.display(),
        written.entries,
        if written.entries == 1 { "y" } else { "ies" }
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
    let sealing =
        seal::sealing_of(&bytes).map_err(|e| CliError::new(format!("{}: {e}", file.display())))?;
    let key = unlock::backup_key(sealing, key.backup_identity.as_ref(), ctx.identity.as_ref())?;
    Unlocked::open(&bytes, &key).map_err(|e| {
        let mut err = CliError::from(e);
        err.message = format!(
            "{}: {}",
            file.display(),
            err.message.replace("the vault", "the backup")
        );
        err
    })
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
    let backup = open_backup(ctx, &args.file, &args.key)?;
    let comparison = if ctx.file.exists() {
        let session = Session::open(ctx)?;
        Some(backup::compare(&backup.vault, &session.unlocked.vault))
    } else {
        None
    };
    let empty = Comparison::default();
    if args.json {
        let report = VerifyReport {
            file: args.file.display().to_string(),
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
        "{}: decrypts and parses; {} entries\n",
        output::clean(&args.file.display().to_string()),
        backup.vault.entries.len()
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
