//! `fob export --qr DIR | --google-migration DIR [QUERY...]`: entries written out as QR code pictures for
//! other apps and phones. The pictures hold secrets in clear, so the command says so every time.

use std::path::Path;

use fob::entry::Entry;
use fob::export;
use fob::import::otpauth;

use crate::cli::ExportArgs;
use crate::error::CliError;
use crate::output::Talk;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<(), CliError> {
    let session = Session::open(ctx)?;
    let vault = &session.unlocked.vault;
    let entries: Vec<&Entry> = if args.queries.is_empty() {
        vault.entries.iter().collect()
    } else {
        let mut picked: Vec<usize> = Vec::new();
        for q in &args.queries {
            let i = vault.find(q)?;
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        picked.into_iter().map(|i| &vault.entries[i]).collect()
    };
    if entries.is_empty() {
        return Err(CliError::new("the vault is empty: nothing to export"));
    }
    if let Some(dir) = &args.target.qr {
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
        let plan = export::google_migration(&entries);
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
