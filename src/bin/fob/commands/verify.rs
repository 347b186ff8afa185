//! `fob verify QUERY [CODE|-]`: checks a typed code against an entry for scripts that guard an action
//! with a second factor. Every attempt (valid, invalid, replayed, locked out) is saved under the lock
//! before fob exits, so failures count even if fob is killed right after.

use std::io::Read;

use fob::verify::{self, Event, Outcome};
use jiff::Timestamp;
use serde_json::json;
use zeroize::Zeroizing;

use crate::cli::VerifyArgs;
use crate::config::Config;
use crate::error::CliError;
use crate::output;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<(), CliError> {
    if args.log {
        return print_log(ctx, args);
    }
    let now = match &args.at {
        Some(at) => {
            let secs = super::code::moment(Some(at))?;
            Timestamp::from_second(i64::try_from(secs).unwrap_or(i64::MAX))
                .map_err(|_| CliError::usage(format!("--at {at:?} is out of range")))?
        }
        None => Timestamp::now(),
    };
    // The code is read before unlocking, so a passphrase prompt never competes with it for stdin.
    let code = match args.code.as_deref() {
        None | Some("-") => read_code()?,
        Some(code) if code.len() > verify::MAX_CODE_LEN => {
            return Err(CliError::usage(
                "the code is too long to be a one-time code",
            ));
        }
        Some(code) => Zeroizing::new(code.to_owned()),
    };
    let policy = Config::load().verify;
    let (mut session, guard) = Session::open_for_change(ctx)?;
    let index = session.unlocked.vault.find(&args.query)?;
    let entry = &mut session.unlocked.vault.entries[index];
    let window = args
        .window
        .unwrap_or_else(|| policy.window_for(entry.otp.kind));
    let outcome = verify::verify(entry, &code, now, window, &policy);
    let name = entry.name.to_string();
    session.save_state(ctx, &guard)?;
    // A verification is not an edit worth a backup reminder; scripts want a quiet stderr.
    ctx.unbacked_after_save.set(None);
    let name = output::clean(&name);
    let lock_note = |until: Option<Timestamp>| {
        until.map_or_else(String::new, |u| {
            format!(
                "; too many failed attempts: locked out until {}",
                u.round(jiff::Unit::Second).unwrap_or(u)
            )
        })
    };
    match outcome {
        Outcome::Valid { .. } => {
            ctx.talk.say(format!("the code is valid for {name}"));
            Ok(())
        }
        Outcome::Invalid { locked_until } => Err(CliError::new(format!(
            "the code is not valid for {name}{}",
            lock_note(locked_until)
        ))),
        Outcome::Replayed { locked_until } => Err(CliError::new(format!(
            "the code for {name} was already used (replayed){}",
            lock_note(locked_until)
        ))),
        Outcome::LockedOut { until, failures } => Err(CliError::locked_out(format!(
            "{name} is locked out until {} after {failures} failed attempts; the code was not checked",
            until.round(jiff::Unit::Second).unwrap_or(until)
        ))),
    }
}

/// One line from stdin: at most [`verify::MAX_CODE_LEN`] bytes, trimmed.
fn read_code() -> Result<Zeroizing<String>, CliError> {
    let mut buf = Zeroizing::new(Vec::with_capacity(verify::MAX_CODE_LEN + 2));
    std::io::stdin()
        .lock()
        .take(verify::MAX_CODE_LEN as u64 + 2)
        .read_to_end(&mut buf)
        .map_err(|e| CliError::new(format!("cannot read the code from stdin: {e}")))?;
    let line = buf.split(|&b| b == b'\n').next().unwrap_or_default();
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

/// `--log`: the recorded attempts, oldest first.
fn print_log(ctx: &Context, args: &VerifyArgs) -> Result<(), CliError> {
    let session = Session::open(ctx)?;
    let vault = &session.unlocked.vault;
    let entry = &vault.entries[vault.find(&args.query)?];
    let events: &[Event] = entry.verify.as_ref().map_or(&[], |v| v.log.as_slice());
    if args.json {
        let list: Vec<_> = events
            .iter()
            .map(|e| {
                let mut v = json!({"time": e.time.to_string(), "result": e.result.as_str()});
                if let Some(u) = e.locked_until {
                    v["locked_until"] = json!(u.to_string());
                }
                v
            })
            .collect();
        return output::print(&format!("{}\n", serde_json::Value::Array(list)));
    }
    let mut text = String::new();
    for e in events {
        text.push_str(&format!(
            "{}  {}",
            e.time.round(jiff::Unit::Second).unwrap_or(e.time),
            e.result.as_str()
        ));
        if let Some(u) = e.locked_until {
            text.push_str(&format!(
                "  locked out until {}",
                u.round(jiff::Unit::Second).unwrap_or(u)
            ));
        }
        text.push('\n');
    }
    if events.is_empty() {
        ctx.talk.say(format!(
            "no verification attempts recorded for {}",
            output::clean(&entry.name.to_string())
        ));
    }
    output::print(&text)
}
