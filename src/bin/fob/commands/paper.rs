//! `fob paper --out FILE [QUERY...]` and `fob paper --backup-key --out FILE`: recovery sheets to print.
//! The PDF holds secrets in clear (the entries, or a key that opens every backup), so it goes only to a
//! new 0600 file or a pipe (a printer), never to a terminal, and the command says so.

use std::io::{IsTerminal, Write};
use std::path::Path;

use age::secrecy::ExposeSecret;
use fob::export::{self, paper};
use fob::trust::Keys;
use fob::vault::BackupDefaults;

use crate::cli::{PaperArgs, PaperSizeArg};
use crate::error::CliError;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &PaperArgs) -> Result<(), CliError> {
    check_target(&args.out)?;
    let size = match args.paper {
        PaperSizeArg::A4 => paper::PaperSize::A4,
        PaperSizeArg::Letter => paper::PaperSize::Letter,
    };
    let date = jiff::Zoned::now().date().to_string();
    if args.backup_key {
        return backup_key(ctx, args, size, &date);
    }
    let session = Session::open(ctx)?;
    let vault = &session.unlocked.vault;
    let entries = vault.select(&args.queries)?;
    if entries.is_empty() {
        return Err(CliError::new("the vault is empty: nothing to print"));
    }
    let sheet =
        paper::entries_sheet(&entries, size, &date).map_err(|e| CliError::new(e.to_string()))?;
    let target = write(&args.out, &sheet.pdf)?;
    if sheet.escaped_names > 0 {
        ctx.talk.warn(format!(
            "{} name{} printed with <U+XXXX> for characters the PDF's standard fonts lack",
            sheet.escaped_names,
            if sheet.escaped_names == 1 {
                " is"
            } else {
                "s are"
            }
        ));
    }
    let count = entries.len();
    ctx.talk.warn(format!(
        "{target} holds {count} secret{} unencrypted: print it, keep the sheet in a safe, and delete the file",
        if count == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// A new X25519 key printed on a sheet, its public key added to the backup recipients. The PDF is
/// written before the vault changes: a failed write leaves the backups as they were.
fn backup_key(
    ctx: &Context,
    args: &PaperArgs,
    size: paper::PaperSize,
    date: &str,
) -> Result<(), CliError> {
    let mut session = Session::open(ctx)?;
    crate::trust::check(ctx, &session.unlocked)?;
    let key = age::x25519::Identity::generate();
    let public = key.to_public().to_string();
    let sheet = paper::backup_key_sheet(key.to_string().expose_secret(), &public, size, date);
    drop(key);
    let guard = session.take_file_lock(ctx)?;
    let target = write(&args.out, &sheet.pdf)?;
    let vault = &mut session.unlocked.vault;
    let mut defaults: BackupDefaults = vault.backup_defaults.clone().unwrap_or_default();
    defaults.recipients.push(public.clone());
    // Chosen here: trusted for this save, as `fob backup --set-default` does.
    crate::trust::allow(
        ctx,
        &Keys {
            recipients: Vec::new(),
            backup_recipients: defaults.recipients.clone(),
        },
    )?;
    vault.backup_defaults = Some(defaults);
    session.save(ctx, &guard, "paper --backup-key")?;
    crate::trust::record(ctx, &session.unlocked);
    ctx.talk.say(format!(
        "backups are now encrypted to the paper key {public} too: run fob backup DEST"
    ));
    ctx.talk.warn(format!(
        "{target} holds the secret key: print it, keep the sheet in a safe, and delete the file"
    ));
    Ok(())
}

/// `-` must be a pipe; a file must not exist yet. Checked before anything is unlocked or made.
fn check_target(out: &Path) -> Result<(), CliError> {
    if out == Path::new("-") {
        if std::io::stdout().is_terminal() {
            return Err(
                CliError::new("refusing to print a PDF of secrets to the terminal")
                    .hint("pipe it to a printer (fob paper --out - | lp) or pass --out FILE"),
            );
        }
    } else if out.symlink_metadata().is_ok() {
        return Err(CliError::new(format!("{} already exists", out.display()))
            .hint("choose another --out FILE: fob never replaces a file with secrets in it"));
    }
    Ok(())
}

fn write(out: &Path, pdf: &[u8]) -> Result<String, CliError> {
    if out == Path::new("-") {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(pdf)
            .and_then(|()| stdout.flush())
            .map_err(|e| CliError::new(format!("cannot write to stdout: {e}")))?;
        return Ok("the PDF on stdout".to_owned());
    }
    export::write_private_file(out, pdf, false)
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", out.display())))?;
    Ok(out.display().to_string())
}
