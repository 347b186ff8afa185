//! `fob import FILE...`: add the otpauth URIs in text files and the QR codes in pictures (screenshots,
//! photos, Google Authenticator exports). Every file is read and checked before the vault is touched, so
//! a bad line or an unreadable picture anywhere means nothing is written (unless --skip-invalid).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use fob::import::{self, Candidate, Collector, Problem, Report};
use zeroize::Zeroizing;

use crate::cli::ImportArgs;
use crate::error::CliError;
use crate::output::Talk;
use crate::session::{Context, Session};

/// A list of URIs larger than this is not a list of URIs.
const MAX_TEXT_BYTES: usize = 16 << 20;
/// A picture larger than this is not a screenshot or a phone photo; its pixels are capped separately.
const MAX_INPUT_BYTES: u64 = 64 << 20;

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<(), CliError> {
    let candidates = read_all(args, ctx.talk)?;
    if candidates.is_empty() {
        return Err(CliError::new(
            "nothing to import: the input holds no otpauth:// URI",
        ));
    }
    // What kind each entry is, for the listing; taken now because adding consumes the candidates.
    let kinds: HashMap<String, String> = candidates
        .iter()
        .map(|c| (c.name.to_string(), super::add::describe(&c.otp)))
        .collect();
    let (mut session, guard) = Session::open_for_change(ctx)?;
    let report = import::add_candidates(
        &mut session.unlocked.vault,
        candidates,
        args.force,
        jiff::Timestamp::now(),
    );
    if args.json {
        crate::output::print(&json(&report, &kinds, args.dry_run))?;
    }
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
    tell(ctx.talk, &report, &kinds, args.dry_run);
    Ok(())
}

fn read_all(args: &ImportArgs, talk: Talk) -> Result<Vec<Candidate>, CliError> {
    let mut collector = Collector::default();
    for file in &args.files {
        let label = label(file);
        match read_input(file) {
            Ok(bytes) if bytes.len() > MAX_TEXT_BYTES && !import::qr::looks_like_image(&bytes) => {
                collector.add_problem(Problem::Unreadable {
                    file: label,
                    reason: format!("too large to import (over {} MiB)", MAX_TEXT_BYTES >> 20),
                });
            }
            Ok(bytes) => collector.add_bytes(&label, &bytes),
            Err(reason) => collector.add_problem(Problem::Unreadable {
                file: label,
                reason,
            }),
        }
    }
    let collected = collector.finish(args.allow_partial);
    for gap in &collected.partial {
        talk.warn(format!("importing what is there: {gap}"));
    }
    if collected.problems.is_empty() {
        return Ok(collected.candidates);
    }
    let problems: Vec<String> = collected.problems.iter().map(ToString::to_string).collect();
    if args.skip_invalid {
        for p in &problems {
            talk.warn(format!("skipped: {p}"));
        }
        return Ok(collected.candidates);
    }
    let mut err = if let [only] = problems.as_slice() {
        CliError::new(format!("{only}; nothing was imported"))
    } else {
        let mut err = CliError::new(format!(
            "{} problems in the input; nothing was imported",
            problems.len()
        ));
        err.details = problems;
        err
    };
    if collected
        .problems
        .iter()
        .any(|p| matches!(p, Problem::Incomplete(_)))
    {
        err = err.hint("give every part of the export in one command, or pass --allow-partial to import the parts given");
    }
    Err(err.hint("fix them, or pass --skip-invalid to import the rest"))
}

fn label(file: &Path) -> String {
    if file == Path::new("-") {
        "stdin".to_owned()
    } else {
        file.display().to_string()
    }
}

fn read_input(file: &Path) -> Result<Zeroizing<Vec<u8>>, String> {
    let mut bytes = Zeroizing::new(Vec::new());
    let result = if file == Path::new("-") {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
    };
    result.map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "too large to import (over {} MiB)",
            MAX_INPUT_BYTES >> 20
        ));
    }
    Ok(bytes)
}

fn tell(talk: Talk, report: &Report, kinds: &HashMap<String, String>, dry_run: bool) {
    let (add, replace) = if dry_run {
        ("would add", "would replace")
    } else {
        ("added", "replaced")
    };
    for name in &report.added {
        // What kind of entry, never its secret: enough to check a dry run before writing.
        let what = kinds
            .get(name)
            .map(|kind| format!(" ({kind})"))
            .unwrap_or_default();
        talk.say(format!("{add} {name}{what}"));
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

/// `--json`: what was done, or with --dry-run what would be (documented in docs/cli.md: keep it stable).
/// `written` says whether the vault was saved; conflicts mean nothing was.
fn json(report: &Report, kinds: &HashMap<String, String>, dry_run: bool) -> String {
    let kind = |name: &String| kinds.get(name).map_or("", String::as_str);
    let v = serde_json::json!({
        "dry_run": dry_run,
        "written": !dry_run && report.conflicts.is_empty() && report.changed(),
        "added": report.added.iter().map(|n| serde_json::json!({"name": n, "settings": kind(n)})).collect::<Vec<_>>(),
        "replaced": report.replaced,
        "skipped": report.duplicates,
        "conflicts": report.conflicts,
    });
    format!("{v}\n")
}
