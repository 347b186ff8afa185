//! `fob import FILE...`: add the otpauth URIs in text files, the QR codes in pictures (screenshots,
//! photos, Google Authenticator exports), and the entries of Aegis, 2FAS, andOTP and Bitwarden backups.
//! Every file is read and checked before the vault is touched, so a bad line, an unreadable picture or
//! an entry fob cannot use anywhere means nothing is written (unless --skip-invalid).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use age::secrecy::ExposeSecret;
use fob::formats::{self, Candidate, sqlite};
use fob::import::{self, Collector, Format, Importer, Problem, Report};
use zeroize::Zeroizing;

use crate::cli::{ENV_IMPORT_PASSPHRASE, ImportArgs, ImportFormat};
use crate::error::CliError;
use crate::output::Talk;
use crate::session::{Context, Session};
use crate::unlock::{self, Ask};

/// A list of URIs larger than this is not a list of URIs.
const MAX_TEXT_BYTES: usize = 16 << 20;
/// A picture larger than this is not a screenshot or a phone photo; its pixels are capped separately.
const MAX_INPUT_BYTES: u64 = 64 << 20;

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<(), CliError> {
    let (candidates, inputs) = read_all(args, ctx.talk)?;
    let files: Vec<String> = inputs.iter().map(|i| i.label.clone()).collect();
    if candidates.is_empty() {
        return Err(CliError::new(
            "nothing to import: the input holds no otpauth:// URI or OTP entry",
        ));
    }
    // What kind each entry is, for the listing; taken now because adding consumes the candidates.
    let kinds: HashMap<String, String> = candidates
        .iter()
        .map(|c| (c.name.to_string(), super::add::describe(&c.otp)))
        .collect();
    let (mut session, guard) = Session::open_for_change(ctx)?;
    // Added file by file, so each file's summary counts what that file did (a later file's copy of an
    // entry is its repeat, not the first file's).
    let mut importer = Importer::new(
        &mut session.unlocked.vault,
        args.force,
        jiff::Timestamp::now(),
    );
    let mut report = Report::default();
    let mut per_file: Vec<Report> = vec![Report::default(); inputs.len()];
    for (file, group) in group_by_file(candidates, &files) {
        let part = importer.add(group);
        if let Some(i) = files.iter().position(|f| *f == file) {
            per_file[i].extend(part.clone());
        }
        report.extend(part);
    }
    if args.json {
        crate::output::print(&json(&report, &kinds, args.dry_run)).map_err(CliError::stdout)?;
    }
    if !report.conflicts.is_empty() {
        let one = report.conflicts.len() == 1;
        let mut err = CliError::new(format!(
            "{} {} with a different secret; nothing was imported",
            report.conflicts.len(),
            if one {
                "entry already exists"
            } else {
                "entries already exist"
            }
        ));
        err.details.clone_from(&report.conflicts);
        return Err(err.hint(if one {
            "pass --force to replace its secret (the old vault is kept as a generation)"
        } else {
            "pass --force to replace their secrets (the old vault is kept as a generation)"
        }));
    }
    if report.changed() && !args.dry_run {
        session.save(ctx, &guard, &format!("import from {}", files.join(", ")))?;
    }
    tell(ctx.talk, &report, &kinds, args.dry_run);
    tell_per_file(ctx.talk, &inputs, &per_file);
    Ok(())
}

/// The input a candidate's origin (`FILE line 3`, `FILE entry 2`, `FILE QR code`) names: the longest
/// file label it starts with.
fn source_of(origin: &str, files: &[String]) -> String {
    files
        .iter()
        .filter(|f| origin == f.as_str() || origin.starts_with(&format!("{f} ")))
        .max_by_key(|f| f.len())
        .cloned()
        .unwrap_or_default()
}

/// One line per input: what it was read as and what became of what it held.
fn tell_per_file(talk: Talk, inputs: &[Input], per_file: &[Report]) {
    for (input, r) in inputs.iter().zip(per_file) {
        let held =
            r.added.len() + r.replaced.len() + r.skipped() + r.conflicts.len() + input.refused;
        let replaced = if r.replaced.is_empty() {
            String::new()
        } else {
            format!(", {} replaced", r.replaced.len())
        };
        talk.say(format!(
            "{} ({}): {held} held, {} added{replaced}, {} skipped, {} refused",
            input.label,
            input.format,
            r.added.len(),
            r.skipped(),
            input.refused,
        ));
    }
}

/// Splits candidates into runs from one input each, in order.
fn group_by_file(candidates: Vec<Candidate>, files: &[String]) -> Vec<(String, Vec<Candidate>)> {
    let mut groups: Vec<(String, Vec<Candidate>)> = Vec::new();
    for c in candidates {
        let file = source_of(&c.origin, files);
        match groups.last_mut() {
            Some((f, group)) if *f == file => group.push(c),
            _ => groups.push((file, vec![c])),
        }
    }
    groups
}

fn core_format(format: ImportFormat) -> Format {
    match format {
        ImportFormat::Uris => Format::Uris,
        ImportFormat::Aegis => Format::Aegis,
        ImportFormat::TwoFas => Format::TwoFas,
        ImportFormat::Andotp => Format::AndOtp,
        ImportFormat::Bitwarden => Format::Bitwarden,
        ImportFormat::Freeotp => Format::FreeOtp,
        ImportFormat::FreeotpPlus => Format::FreeOtpPlus,
        ImportFormat::Steam => Format::Steam,
        ImportFormat::Proton => Format::Proton,
        ImportFormat::Ente => Format::Ente,
        ImportFormat::GoogleAuthenticator => Format::GoogleAuthenticator,
        ImportFormat::MicrosoftAuthenticator => Format::MicrosoftAuthenticator,
        ImportFormat::AuthenticatorPro => Format::AuthenticatorPro,
        ImportFormat::Authy => Format::Authy,
        ImportFormat::Duo => Format::Duo,
        ImportFormat::BattleNet => Format::BattleNet,
        ImportFormat::TotpAuthenticator => Format::TotpAuthenticator,
        ImportFormat::AuthenticatorPlus => Format::AuthenticatorPlus,
    }
}

/// One input file: its label in messages, what it was read as, and how many of its entries (or lines,
/// or codes) could not be used and were skipped with `--skip-invalid`.
struct Input {
    label: String,
    format: String,
    refused: usize,
}

/// What an input was read as, for its summary line: `Aegis backup`, `QR picture`.
fn read_as(format: Option<Format>, bytes: &[u8]) -> String {
    match format {
        Some(Format::Uris) | None if import::qr::looks_like_image(bytes) => "QR picture".to_owned(),
        Some(Format::Uris) | None => Format::Uris.name().to_owned(),
        Some(f) => format!("{} backup", f.name()),
    }
}

/// Reads every input; returns what can be imported and the inputs.
fn read_all(args: &ImportArgs, talk: Talk) -> Result<(Vec<Candidate>, Vec<Input>), CliError> {
    let mut collector = Collector::default();
    let mut inputs = Vec::new();
    for file in &args.files {
        let label = label(file);
        let mut input = Input {
            label: label.clone(),
            format: "unread".to_owned(),
            refused: 0,
        };
        match read_input(file).and_then(|bytes| with_wal(file, bytes)) {
            Ok(bytes) if bytes.len() > MAX_TEXT_BYTES && !import::qr::looks_like_image(&bytes) => {
                collector.add_problem(Problem::Unreadable {
                    file: label,
                    reason: format!("too large to import (over {} MiB)", MAX_TEXT_BYTES >> 20),
                });
            }
            Ok(bytes) => {
                let format = args
                    .format
                    .map(core_format)
                    .or_else(|| Format::detect_named(&label, &bytes));
                input.format = read_as(format, &bytes);
                let password = match format {
                    Some(f) if f.is_encrypted(&bytes) => Some(unlock::passphrase(
                        ENV_IMPORT_PASSPHRASE,
                        Ask::Existing(&format!("Password for {label}")),
                    )?),
                    _ => None,
                };
                collector.add_input(
                    &label,
                    &bytes,
                    format,
                    password.as_ref().map(|p| p.expose_secret().as_bytes()),
                );
            }
            Err(reason) => collector.add_problem(Problem::Unreadable {
                file: label,
                reason,
            }),
        }
        inputs.push(input);
    }
    let collected = collector.finish(args.allow_partial);
    for gap in &collected.partial {
        talk.warn(format!("importing what is there: {gap}"));
    }
    if collected.problems.is_empty() {
        return Ok((collected.candidates, inputs));
    }
    // A wrong password is never skipped: the user meant to import that file.
    if let Some(Problem::File { file, .. }) = collected.problems.iter().find(|p| {
        matches!(
            p,
            Problem::File {
                error: formats::Error::WrongPassword,
                ..
            }
        )
    }) {
        return Err(CliError::unlock(format!("wrong password for {file}"))
            .hint("nothing was imported; try again with the password the file was exported with"));
    }
    let problems: Vec<String> = collected.problems.iter().map(ToString::to_string).collect();
    if args.skip_invalid {
        for p in &problems {
            talk.warn(format!("skipped: {p}"));
        }
        let labels: Vec<String> = inputs.iter().map(|i| i.label.clone()).collect();
        for place in collected.problems.iter().filter_map(Problem::place) {
            let file = source_of(place, &labels);
            if let Some(input) = inputs.iter_mut().find(|i| i.label == file) {
                input.refused += 1;
            }
        }
        return Ok((collected.candidates, inputs));
    }
    let problems_count = problems.len();
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
    Err(err.hint(if problems_count == 1 {
        "fix it, or pass --skip-invalid to import the rest"
    } else {
        "fix them, or pass --skip-invalid to import the rest"
    }))
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

/// An SQLite database (an app's own, pulled off a phone) with its write-ahead log, when a `FILE-wal`
/// lies beside it: the accounts added since SQLite's last checkpoint are only there. Both files are
/// only read; the log is replayed in memory ([`sqlite::with_wal`]).
fn with_wal(file: &Path, db: Zeroizing<Vec<u8>>) -> Result<Zeroizing<Vec<u8>>, String> {
    if file == Path::new("-") || !sqlite::is_database(&db) {
        return Ok(db);
    }
    let mut wal_path = file.as_os_str().to_owned();
    wal_path.push("-wal");
    let wal_path = Path::new(&wal_path);
    if !wal_path.exists() {
        return Ok(db);
    }
    let wal = read_input(wal_path).map_err(|e| format!("{}: {e}", wal_path.display()))?;
    sqlite::with_wal(&db, &wal)
        .map_err(|e| format!("{} cannot be replayed: {e}", wal_path.display()))
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
    for (name, other) in &report.shared {
        talk.say(format!("{name} shares its secret with {other}"));
    }
    for name in &report.duplicates {
        talk.say(format!("skipped {name} (already in the vault)"));
    }
    for name in &report.repeated {
        talk.say(format!("skipped {name} (given earlier in this import)"));
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
        report.skipped(),
        if report.skipped() == 1 { "" } else { "s" }
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
        "skipped": report.duplicates.iter().chain(&report.repeated).collect::<Vec<_>>(),
        "shared_secret": report.shared.iter().map(|(n, with)| serde_json::json!({"name": n, "with": with})).collect::<Vec<_>>(),
        "conflicts": report.conflicts,
    });
    format!("{v}\n")
}
