//! `fob verify QUERY [CODE|-]`: checks a typed code against an entry for scripts that guard an action
//! with a second factor, and `fob verify-log QUERY`: the attempts it recorded. Every attempt (valid,
//! invalid, replayed, expired, locked out) is saved under the lock before fob exits, so failures count
//! even if fob is killed right after.

use std::io::{BufRead, IsTerminal, Read};

use fob::vault::{QueryError, Vault};
use fob::verify::{self, Outcome};
use fob::verify_state::Event;
use jiff::Timestamp;
use serde_json::json;
use zeroize::Zeroizing;

use crate::cli::{SelectArgs, VerifyArgs, VerifyLogArgs};
use crate::error::CliError;
use crate::output;
use crate::prompt;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<(), CliError> {
    let at = match &args.at {
        Some(at) => {
            let secs = super::code::moment(Some(at))?;
            Some(
                Timestamp::from_second(i64::try_from(secs).unwrap_or(i64::MAX))
                    .map_err(|_| CliError::usage(format!("--at {at:?} is out of range")))?,
            )
        }
        None => None,
    };
    // The code is read before unlocking, so a passphrase prompt never competes with it for stdin.
    let code = match args.code.as_deref() {
        None | Some("-") => read_code(&args.select.query)?,
        Some(code) => Zeroizing::new(code.to_owned()),
    };
    let policy = ctx.config().verify;
    let (mut session, guard) = Session::open_for_change(ctx)?;
    // The clock is read with the lock held: a reading taken before waiting for it would be older than
    // the failures other fob processes recorded meanwhile, and let parallel guesses past the lock-out.
    let now = at.unwrap_or_else(Timestamp::now);
    let index = select(&session.unlocked.vault, &args.select)?;
    let entry = &mut session.unlocked.vault.entries[index];
    let name = output::clean(&entry.name.to_string()).into_owned();
    let window = args
        .window
        .unwrap_or_else(|| policy.window_for(entry.otp.kind));
    let outcome = verify::verify(entry, &code, now, window, &policy).map_err(|e| {
        CliError::new(format!(
            "the code for {name} {e}; it was not checked and does not count as an attempt"
        ))
    })?;
    session.save_state(ctx, &guard)?;
    // A verification is not an edit worth a backup reminder; scripts want a quiet stderr.
    ctx.unbacked_after_save.set(None);
    let lockout_note = |until: Option<Timestamp>| {
        until.map_or_else(String::new, |u| {
            format!(
                "; too many failed attempts: locked out until {}",
                output::local_time(u)
            )
        })
    };
    match outcome {
        Outcome::Valid { .. } => {
            ctx.talk.say(format!("the code is valid for {name}"));
            Ok(())
        }
        Outcome::Invalid { locked_out_until } => Err(CliError::new(format!(
            "the code is not valid for {name}{}",
            lockout_note(locked_out_until)
        ))),
        Outcome::Replayed { locked_out_until } => Err(CliError::new(format!(
            "the code for {name} was already used (replayed){}",
            lockout_note(locked_out_until)
        ))),
        Outcome::Expired { locked_out_until } => Err(CliError::new(format!(
            "the code for {name} has expired: a later code was already accepted{}",
            lockout_note(locked_out_until)
        ))),
        Outcome::LockedOut { until, failures } => Err(CliError::locked_out(format!(
            "{name} is locked out until {} after {failures} failed attempts; the code was not checked",
            output::local_time(until)
        ))),
    }
}

/// The entry `fob verify` and `fob verify-log` mean: by id, by whole name, or by a QUERY that matches
/// one entry only (an exact match does not win here, unlike `fob code`).
fn select(vault: &Vault, select: &SelectArgs) -> Result<usize, CliError> {
    let found = if select.id {
        vault.find_id(&select.query)
    } else if select.exact {
        vault.find_exact(&select.query)
    } else {
        vault.matches(&select.query).only_one()
    };
    found.map_err(|e| {
        let ambiguous = matches!(e, QueryError::Ambiguous { .. });
        let err = CliError::from(e);
        if ambiguous {
            err.hint("name one with --exact 'Issuer:account' or --id ID (see fob list --json)")
        } else {
            err
        }
    })
}

/// One line from stdin, ended by Enter or the end of input: at most [`verify::MAX_CODE_LEN`] bytes,
/// trimmed. A terminal gets a `Code for QUERY:` prompt first.
fn read_code(query: &str) -> Result<Zeroizing<String>, CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        prompt::before_line(&format!("Code for {}: ", output::clean(query)));
    }
    let mut buf = Zeroizing::new(Vec::with_capacity(verify::MAX_CODE_LEN + 2));
    stdin
        .lock()
        .take(verify::MAX_CODE_LEN as u64 + 2)
        .read_until(b'\n', &mut buf)
        .map_err(|e| CliError::new(format!("cannot read the code from stdin: {e}")))?;
    let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.len() > verify::MAX_CODE_LEN {
        return Err(CliError::usage(format!(
            "the code on stdin is longer than {} bytes",
            verify::MAX_CODE_LEN
        )));
    }
    let text = std::str::from_utf8(line)
        .map_err(|_| CliError::usage("the code on stdin is not UTF-8 text"))?
        .trim();
    if text.is_empty() {
        return Err(
            CliError::usage("no code given").hint("pass it as an argument, or one line on stdin")
        );
    }
    Ok(Zeroizing::new(text.to_owned()))
}

/// `fob verify-log`: the recorded attempts, oldest first.
pub fn print_log(ctx: &Context, args: &VerifyLogArgs) -> Result<(), CliError> {
    let session = Session::open(ctx)?;
    let vault = &session.unlocked.vault;
    let entry = &vault.entries[select(vault, &args.select)?];
    let events: &[Event] = entry.verify.as_ref().map_or(&[], |v| v.log.as_slice());
    if args.json {
        let list: Vec<_> = events
            .iter()
            .map(|e| {
                let mut v = json!({"time": output::json_time(e.time), "result": e.result.as_str()});
                if let Some(u) = e.locked_out_until {
                    v["locked_until"] = json!(output::json_time(u));
                }
                v
            })
            .collect();
        return output::print(&format!("{}\n", serde_json::Value::Array(list)))
            .map_err(CliError::stdout);
    }
    let mut text = String::new();
    for e in events {
        text.push_str(&format!(
            "{}  {}",
            output::local_time(e.time),
            e.result.as_str()
        ));
        if let Some(u) = e.locked_out_until {
            text.push_str(&format!("  locked out until {}", output::local_time(u)));
        }
        text.push('\n');
    }
    if events.is_empty() {
        ctx.talk.say(format!(
            "no verification attempts recorded for {}",
            output::clean(&entry.name.to_string())
        ));
    }
    output::print(&text).map_err(CliError::stdout)
}
