//! `fob unlock` and `fob lock`: start the vault's agent with the passphrase (or, for a vault locked to
//! recipients, with the document the identity opened), and stop it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use fob::agent::protocol::{Bytes, Request, Response, Status};
use fob::unlock_failures::UnlockFailures;
use fob::vault::Unlocked;
use fob::vault::seal::{self, Sealing};
use jiff::{SignedDuration, Timestamp};
use zeroize::Zeroizing;

use crate::agent::client;
use crate::agent::place::Place;
use crate::cli::{ENV_PASSPHRASE, UnlockArgs};
use crate::error::CliError;
use crate::session::Context;
use crate::unlock::{self, Ask};

pub fn unlock(ctx: &Context, args: &UnlockArgs) -> Result<(), CliError> {
    crate::session::warn_about_exposure(ctx)?;
    let ciphertext = ctx.file.read()?;
    let sealing = seal::sealing_of(&ciphertext)?;
    let place = Place::for_vault(ctx.file.path());
    if let Some(Response::Status(status)) = client::ask(&place, &Request::Status, ctx.talk)? {
        ctx.talk.say(format!(
            "the vault is already unlocked, {}; `fob lock` first to unlock it with other limits",
            until(&status)
        ));
        return Ok(());
    }
    let config = ctx.config();
    let idle = args.timeout.unwrap_or(config.agent_timeout);
    let lifetime = args.lifetime.unwrap_or(config.agent_lifetime);
    let request = match sealing {
        Sealing::Passphrase => {
            unlock::check_back_off(&UnlockFailures::load(&ctx.file.failures_path()))?;
            Request::Unlock {
                passphrase: unlock::passphrase(ENV_PASSPHRASE, Ask::Existing("Vault passphrase"))?,
                idle,
                lifetime,
            }
        }
        // The agent cannot hold a key that lives in a token: the identity opens the vault here (one PIN
        // or touch), and the agent holds the document.
        Sealing::Recipients => {
            let key = unlock::key_for(sealing, ctx.identity.as_ref())?;
            let plaintext = seal::open(&ciphertext, &key)?;
            let opened =
                Unlocked::delegated(&plaintext, sealing, &crate::prompt::plugin_callbacks())?;
            crate::trust::meet(ctx, &opened);
            Request::UnlockDocument {
                ciphertext: Bytes::Owned(Zeroizing::new(ciphertext)),
                plaintext: Bytes::Owned(plaintext),
                idle,
                lifetime,
            }
        }
    };
    start_agent(ctx, &place)?;
    match client::ask(&place, &request, ctx.talk)? {
        Some(Response::Unlocked) => {}
        // The agent exits after these: wait for it, so that a `fob unlock` right after does not meet it
        // still holding its lock and take it for one that serves.
        Some(Response::WrongPassphrase) => {
            wait_for_exit(&place);
            return Err(CliError::unlock(
                "wrong passphrase, or the vault was changed: nothing was unlocked",
            ));
        }
        Some(Response::BackOff(seconds)) => {
            wait_for_exit(&place);
            return Err(unlock::back_off(seconds));
        }
        Some(Response::Refused(reason)) => return Err(CliError::new(reason)),
        _ => {
            return Err(CliError::new(
                "the fob agent stopped before it was unlocked",
            ));
        }
    }
    let Some(Response::Status(status)) = client::ask(&place, &Request::Status, ctx.talk)? else {
        return Err(CliError::new("the fob agent stopped right after unlocking"));
    };
    ctx.talk.say(format!("unlocked {}", until(&status)));
    Ok(())
}

/// `fob lock`: the agent forgets what it holds and exits.
pub fn forget(ctx: &Context) -> Result<(), CliError> {
    let place = Place::for_vault(ctx.file.path());
    match client::ask(&place, &Request::Forget, ctx.talk)? {
        Some(Response::Forgotten) => {
            wait_for_exit(&place);
            ctx.talk.say("locked: the agent forgot what it held");
        }
        _ => ctx.talk.say("no agent holds this vault: it is locked"),
    }
    Ok(())
}

/// Returns once the agent that answered `Locked` has exited: it holds its lock file for its whole life,
/// and a `fob unlock` right after `fob lock` must not find the old agent still there.
fn wait_for_exit(place: &Place) {
    if let Ok(lock) = std::fs::File::open(&place.lock) {
        let _ = lock.lock();
    }
}

/// Starts `fob agent` for this vault in the background and waits until it listens. It gets no
/// environment (no passphrase variable reaches it) and no terminal.
fn start_agent(ctx: &Context, place: &Place) -> Result<(), CliError> {
    place.prepare()?;
    let exe = std::env::current_exe().map_err(|e| {
        CliError::new(format!(
            "cannot find fob's own program to start the agent: {e}"
        ))
    })?;
    let mut child = Command::new(exe)
        .arg("--vault")
        .arg(ctx.file.path())
        .arg("agent")
        .arg("--socket")
        .arg(&place.socket)
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| CliError::new(format!("cannot start the fob agent: {e}")))?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    match line.trim() {
        // Or another `fob unlock` started one a moment ago: use that.
        "ready" | "another fob agent already serves this vault" => Ok(()),
        "" => Err(CliError::new("the fob agent did not start")),
        reason => Err(CliError::new(format!(
            "the fob agent did not start: {reason}"
        ))),
    }
}

/// "until 14:05 (15m without use), 22:00 at the latest".
pub fn until(status: &Status) -> String {
    format!(
        "until {} ({} without use), {} at the latest",
        crate::output::local_time(seconds_from_now(status.idle_left)),
        human(Duration::from_secs(status.idle_timeout)),
        crate::output::local_time(seconds_from_now(status.lifetime_left))
    )
}

/// The time `secs` from now, to the second. The agent's figures are at most a week
/// ([`MAX_LIMIT`](fob::agent::expiry::MAX_LIMIT)); a larger one from a confused agent is shown as a week.
pub fn seconds_from_now(secs: u64) -> Timestamp {
    let secs = secs.min(fob::agent::expiry::MAX_LIMIT.as_secs());
    let t = Timestamp::now() + SignedDuration::from_secs(secs.cast_signed());
    t.round(jiff::Unit::Second).unwrap_or(t)
}

/// 90 s as `1m30s`, 2 h as `2h`.
fn human(d: Duration) -> String {
    let s = d.as_secs();
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::new();
    for (n, unit) in [(h, "h"), (m, "m"), (s, "s")] {
        if n > 0 {
            out.push_str(&format!("{n}{unit}"));
        }
    }
    if out.is_empty() { "0s".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_are_written_as_people_write_them() {
        let h = |s| super::human(std::time::Duration::from_secs(s));
        assert_eq!(h(90), "1m30s");
        assert_eq!(h(7200), "2h");
        assert_eq!(h(900), "15m");
        assert_eq!(h(0), "0s");
    }
}
