//! `fob export --qr DIR | --google-migration DIR | --format FMT [--out FILE] [QUERY...]`: entries written
//! out as QR code pictures for other apps and phones, or as one backup file in another app's format.
//! Unencrypted output holds secrets in clear, so the command says so every time, and never writes it to a
//! terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;

use age::secrecy::ExposeSecret;

use fob::entry::Entry;
use fob::export;
use fob::formats::{google_migration, otpauth};

use crate::cli::{ENV_EXPORT_PASSPHRASE, ExportArgs, ExportFormat};
use crate::error::CliError;
use crate::output::Talk;
use crate::session::{Context, Session};
use crate::unlock::{self, Ask};

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<(), CliError> {
    let session = Session::open(ctx)?;
    let vault = &session.unlocked.vault;
    let entries = vault.select(&args.queries)?;
    if entries.is_empty() {
        return Err(CliError::new("the vault is empty: nothing to export"));
    }
    if let Some(format) = args.target.format {
        write_format(ctx, args, format, &entries)?;
    } else if let Some(dir) = &args.target.qr {
        prepare_dir(dir)?;
        for e in &entries {
            let uri = otpauth::format(&e.name, &e.otp);
            let png = export::qr::png(&uri)
                .map_err(|err| CliError::new(format!("cannot draw {}: {err}", e.name)))?;
            let path = write(dir, &export::file_stem(&e.name), &png)?;
            ctx.talk
                .say(format!("wrote {} ({})", path.display(), e.name));
        }
        warn_clear(ctx.talk, entries.len(), dir);
    } else if let Some(dir) = &args.target.google_migration {
        let plan = google_migration::export(&entries);
        for (name, why) in &plan.skipped {
            ctx.talk.warn(format!("left out {name}: {why}"));
        }
        if plan.uris.is_empty() {
            return Err(CliError::new(
                "no entry can be expressed in Google Authenticator's format; nothing was written",
            ));
        }
        prepare_dir(dir)?;
        let parts = plan.uris.len();
        for (i, uri) in plan.uris.iter().enumerate() {
            let png = export::qr::png(uri)
                .map_err(|err| CliError::new(format!("cannot draw part {}: {err}", i + 1)))?;
            let stem = format!("google-migration-{}-of-{parts}", i + 1);
            let path = write(dir, &stem, &png)?;
            ctx.talk.say(format!("wrote {}", path.display()));
        }
        ctx.talk.say(format!(
            "scan {} in Google Authenticator: Transfer accounts > Import accounts",
            if parts == 1 {
                "the code".to_owned()
            } else {
                format!("all {parts} codes")
            }
        ));
        warn_clear(ctx.talk, entries.len() - plan.skipped.len(), dir);
    }
    Ok(())
}

fn core_format(format: ExportFormat) -> export::Format {
    match format {
        ExportFormat::Uris => export::Format::Uris,
        ExportFormat::Aegis => export::Format::Aegis,
        ExportFormat::AegisEncrypted => export::Format::AegisEncrypted,
        ExportFormat::TwoFas => export::Format::TwoFas,
        ExportFormat::TwoFasEncrypted => export::Format::TwoFasEncrypted,
        ExportFormat::Andotp => export::Format::AndOtp,
    }
}

/// `--format FMT`: one file to --out FILE or stdout.
fn write_format(
    ctx: &Context,
    args: &ExportArgs,
    format: ExportFormat,
    entries: &[&Entry],
) -> Result<(), CliError> {
    let format = core_format(format);
    if !format.encrypted() && args.out.is_none() && std::io::stdout().is_terminal() {
        return Err(
            CliError::new("refusing to print unencrypted secrets to the terminal")
                .hint("pass --out FILE, or redirect stdout to a file"),
        );
    }
    if let Some(path) = args.out.as_ref().filter(|p| !args.force && p.exists()) {
        return Err(CliError::new(format!("{} already exists", path.display()))
            .hint("pass --force to replace it, or choose another --out FILE"));
    }
    let password = if format.encrypted() {
        Some(unlock::passphrase(
            ENV_EXPORT_PASSPHRASE,
            Ask::New("Password for the export"),
        )?)
    } else {
        None
    };
    let bytes = export::write(
        format,
        entries,
        password.as_ref().map(|p| p.expose_secret().as_bytes()),
    );
    let target = if let Some(path) = &args.out {
        export::write_private_file(path, &bytes, args.force)
            .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))?;
        path.display().to_string()
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)
            .and_then(|()| out.flush())
            .map_err(|e| CliError::new(format!("cannot write to stdout: {e}")))?;
        "stdout".to_owned()
    };
    let count = entries.len();
    let s = if count == 1 { "" } else { "s" };
    if format.encrypted() {
        ctx.talk.say(format!(
            "wrote {count} entr{} to {target}, encrypted",
            if count == 1 { "y" } else { "ies" }
        ));
    } else {
        ctx.talk.warn(format!(
            "{target} holds {count} secret{s} unencrypted: keep it private and delete it once imported"
        ));
    }
    Ok(())
}

/// Creates DIR (mode 0700 on Unix) when it does not exist yet.
fn prepare_dir(dir: &Path) -> Result<(), CliError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))
}

fn write(dir: &Path, stem: &str, png: &[u8]) -> Result<std::path::PathBuf, CliError> {
    export::write_new_private(dir, stem, "png", png)
        .map_err(|e| CliError::new(format!("cannot write into {}: {e}", dir.display())))
}

fn warn_clear(talk: Talk, count: usize, dir: &Path) {
    talk.warn(format!(
        "the pictures in {} hold {count} secret{} unencrypted: delete them once scanned",
        dir.display(),
        if count == 1 { "" } else { "s" }
    ));
}
