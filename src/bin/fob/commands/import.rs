//! `fob import FILE...`: add the otpauth URIs in text files. Every file is read and checked before the
//! vault is touched, so a bad line anywhere means nothing is written (unless --skip-invalid).

use std::io::Read;
use std::path::{Path, PathBuf};

use fob::import::{self, Candidate, Report};
use zeroize::Zeroizing;

use crate::cli::ImportArgs;
use crate::error::CliError;
use crate::output::Talk;
use crate::session::{Context, Session};

/// A list of URIs larger than this is not a list of URIs.
const MAX_IMPORT_BYTES: u64 = 16 << 20;

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<(), CliError> {
    let candidates = read_all(&args.files, args.skip_invalid, ctx.talk)?;
    if candidates.is_empty() {
        return Err(CliError::new(
            "nothing to import: the input holds no otpauth:// URI",
        ));
    }
    let (mut session, guard) = Session::open_for_change(ctx)?;
    let report = import::add_candidates(
        &mut session.unlocked.vault,
        candidates,
        args.force,
        jiff::Timestamp::now(),
    );
    if !report.conflicts.is_empty() {
        let mut err = CliError::new(format!(
            "{} entr{} already exist with a different secret; nothing was imported",
            report.conflicts.len(),
            if report.conflicts.len() == 1 {
                "y"
            } else {
                "ies"
            }
        ));
        err.details.clone_from(&report.conflicts);
        return Err(err.hint(
            "pass --force to replace their secrets (the old vault is kept as a generation)",
        ));
    }
    if report.changed() && !args.dry_run {
        session.save(ctx, &guard)?;
    }
    tell(ctx.talk, &report, args.dry_run);
    Ok(())
}

fn read_all(files: &[PathBuf], skip_invalid: bool, talk: Talk) -> Result<Vec<Candidate>, CliError> {
    let mut candidates = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        let label = label(file);
        let text = match read_text(file) {
            Ok(text) => text,
            Err(reason) => {
                problems.push(format!("{label}: {reason}"));
                continue;
            }
        };
        let (good, bad) = import::parse_uri_list(&text);
        problems.extend(bad.iter().map(|e| format!("{label}: {e}")));
        candidates.extend(good);
    }
    if problems.is_empty() {
        return Ok(candidates);
    }
    if skip_invalid {
        for p in &problems {
            talk.warn(format!("skipped {p}"));
        }
        return Ok(candidates);
    }
    let mut err = CliError::new(format!(
        "{} problem{} in the input; nothing was imported",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ));
    err.details = problems;
    Err(err.hint("fix them, or pass --skip-invalid to import the rest"))
}

fn label(file: &Path) -> String {
    if file == Path::new("-") {
        "stdin".to_owned()
    } else {
        file.display().to_string()
    }
}

fn read_text(file: &Path) -> Result<Zeroizing<String>, String> {
    let mut bytes = Zeroizing::new(Vec::new());
    let result = if file == Path::new("-") {
        std::io::stdin()
            .take(MAX_IMPORT_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes))
    };
    result.map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(format!(
            "too large to import (over {} MiB)",
            MAX_IMPORT_BYTES >> 20
        ));
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Zeroizing::new(text.to_owned())),
        Err(_) => Err("not a text file of otpauth:// URIs".to_owned()),
    }
}

fn tell(talk: Talk, report: &Report, dry_run: bool) {
    let (add, replace) = if dry_run {
        ("would add", "would replace")
    } else {
        ("added", "replaced")
    };
    for name in &report.added {
        talk.say(format!("{add} {name}"));
    }
    for name in &report.replaced {
        talk.say(format!("{replace} the secret of {name}"));
    }
    for name in &report.duplicates {
        talk.say(format!("skipped {name} (already in the vault)"));
    }
    talk.say(format!(
        "{}: {} added, {} replaced, {} duplicate{} skipped",
        if dry_run {
            "dry run, nothing written"
        } else {
            "import done"
        },
        report.added.len(),
        report.replaced.len(),
        report.duplicates.len(),
        if report.duplicates.len() == 1 {
            ""
        } else {
            "s"
        }
    ));
}
