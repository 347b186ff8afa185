//! `fob code [QUERY]`: one entry's code alone (for scripts), or a table of every entry.

use std::io::IsTerminal;

use fob::entry::{Entry, Kind};
use fob::otp;
use serde::Serialize;

use crate::cli::CodeArgs;
use crate::error::CliError;
use crate::output::{self, pad};
use crate::session::{Context, Session};

/// Below this many seconds left, a person is told the code is about to change.
const EXPIRY_WARNING_SECONDS: u64 = 5;

pub fn run(ctx: &Context, args: &CodeArgs) -> Result<(), CliError> {
    let now = moment(args.at.as_deref())?;
    let mut session = Session::open(ctx)?;
    let Some(query) = &args.query else {
        let entries = &session.unlocked.vault.entries;
        let rows: Vec<Row> = entries.iter().map(|e| Row::at(e, now, args.next)).collect();
        return output::print(&if args.json { json(&rows) } else { table(&rows) });
    };
    let index = session.unlocked.vault.find(query)?;
    let entry = if matches!(
        session.unlocked.vault.entries[index].otp.kind,
        Kind::Hotp { .. }
    ) {
        advance_hotp(ctx, &mut session, index)?
    } else {
        Row::at(&session.unlocked.vault.entries[index], now, args.next)
    };
    if args.json {
        return output::print(&json(std::slice::from_ref(&entry)));
    }
    let mut text = format!("{}\n", entry.code.as_deref().unwrap_or_default());
    if args.next
        && let Some(next) = &entry.next
    {
        text.push_str(next);
        text.push('\n');
    }
    output::print(&text)?;
    if args.at.is_none()
        && std::io::stderr().is_terminal()
        && entry.remaining.is_some_and(|r| r <= EXPIRY_WARNING_SECONDS)
    {
        ctx.talk.say(format!(
            "(this code changes in {} s)",
            entry.remaining.unwrap_or_default()
        ));
    }
    Ok(())
}

/// HOTP: the counter moves on and is saved before the code is shown, so a code is never shown twice
/// even if fob is killed right after.
fn advance_hotp(ctx: &Context, session: &mut Session, index: usize) -> Result<Row, CliError> {
    let id = session.unlocked.vault.entries[index].id.clone();
    let guard = session.lock(ctx)?;
    let vault = &mut session.unlocked.vault;
    let index = vault
        .entries
        .iter()
        .position(|e| e.id == id)
        .ok_or_else(|| CliError::new("the entry was removed by another fob meanwhile"))?;
    let counter = vault
        .advance_counter(index, jiff::Timestamp::now())
        .ok_or_else(|| CliError::new("the HOTP counter is at its maximum"))?;
    let entry = &vault.entries[index];
    let code = otp::hotp(&entry.otp, counter);
    let row = Row {
        counter: Some(counter),
        code: Some(code.to_string()),
        ..Row::at(entry, 0, false)
    };
    session.save(ctx, &guard)?;
    Ok(row)
}

/// What is shown for one entry; also its `--json` object (documented in the README: keep it stable).
#[derive(Serialize)]
struct Row {
    name: String,
    issuer: String,
    account: String,
    #[serde(rename = "type")]
    kind: &'static str,
    code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remaining: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    counter: Option<u64>,
}

impl Row {
    /// A time-based entry's codes at `now`; an HOTP entry's counter, without using it.
    fn at(entry: &Entry, now: u64, with_next: bool) -> Self {
        let period = entry.otp.kind.period();
        let code = otp::totp_at(&entry.otp, now).map(|c| c.to_string());
        let next = period
            .filter(|_| with_next)
            .and_then(|p| otp::totp_at(&entry.otp, now + u64::from(p)))
            .map(|c| c.to_string());
        let counter = match entry.otp.kind {
            Kind::Hotp { counter } => Some(counter),
            _ => None,
        };
        Self {
            name: entry.name.to_string(),
            issuer: entry.name.issuer.clone(),
            account: entry.name.account.clone(),
            kind: entry.otp.kind.name(),
            code,
            next,
            period,
            remaining: otp::seconds_left(&entry.otp, now),
            counter,
        }
    }
}

fn json(rows: &[Row]) -> String {
    let mut out = serde_json::to_string(rows).expect("rows serialise");
    out.push('\n');
    out
}

fn table(rows: &[Row]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let with_next = rows.iter().any(|r| r.next.is_some());
    let names: Vec<String> = rows
        .iter()
        .map(|r| output::clean(&r.name).into_owned())
        .collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let header = format!(
        "{}  {}  {}{}",
        pad("NAME", width),
        pad("CODE", 8),
        pad("LEFT", 5),
        if with_next { "  NEXT" } else { "" }
    );
    let mut out = format!("{}\n", header.trim_end());
    for (row, name) in rows.iter().zip(&names) {
        let line = match (&row.code, row.counter) {
            (Some(code), _) => {
                let left = format!("{}s", row.remaining.unwrap_or_default());
                let next = if with_next {
                    format!("  {}", row.next.as_deref().unwrap_or_default())
                } else {
                    String::new()
                };
                format!(
                    "{}  {}  {}{next}",
                    pad(name, width),
                    pad(code, 8),
                    pad(&left, 5)
                )
            }
            (None, counter) => format!(
                "{}  {}  hotp, counter {} (fob code to use it)",
                pad(name, width),
                pad("-", 8),
                counter.unwrap_or_default()
            ),
        };
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `--at` as unix seconds or RFC 3339; the system clock otherwise.
fn moment(at: Option<&str>) -> Result<u64, CliError> {
    let Some(at) = at else {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| {
                CliError::new("the system clock is set before 1970; codes would be wrong")
            })?;
        return Ok(now.as_secs());
    };
    let bad = || {
        CliError::usage(format!(
            "--at {at:?}: expected unix seconds or an RFC 3339 time (2026-01-01T12:00:00Z)"
        ))
    };
    if at.bytes().all(|b| b.is_ascii_digit()) {
        return at.parse().map_err(|_| bad());
    }
    let t: jiff::Timestamp = at.parse().map_err(|_| bad())?;
    u64::try_from(t.as_second()).map_err(|_| bad())
}
