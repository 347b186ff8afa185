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
    let mut now = moment(args.at.as_deref())?;
    let mut session = Session::open(ctx)?;
    let Some(query) = &args.query else {
        warn_about_the_clock(ctx, args);
        let entries = &session.unlocked.vault.entries;
        if entries.is_empty() && !args.json {
            ctx.talk
                .say("the vault is empty: add entries with `fob add NAME` or `fob import FILE`");
            return Ok(());
        }
        let rows: Vec<Row> = entries.iter().map(|e| Row::at(e, now, args.next)).collect();
        return output::print(&if args.json {
            json(&rows)
        } else {
            table(&rows, output::colour(&std::io::stdout()))
        })
        .map_err(CliError::stdout);
    };
    let matches = session.unlocked.vault.matches(query);
    let index = match matches.exact_first() {
        Ok(index) => index,
        // A person searching sees every match with its code; a script still gets exit 3 and the list.
        Err(fob::vault::QueryError::Ambiguous { .. })
            if !args.json && !args.copy && std::io::stdout().is_terminal() =>
        {
            warn_about_the_clock(ctx, args);
            let entries = &session.unlocked.vault.entries;
            let rows: Vec<Row> = (matches.all().into_iter())
                .map(|i| Row::at(&entries[i], now, args.next))
                .collect();
            return output::print(&table(&rows, output::colour(&std::io::stdout())))
                .map_err(CliError::stdout);
        }
        Err(e) => return Err(e.into()),
    };
    let passed_over = matches.passed_over();
    if !passed_over.is_empty() {
        // The entry named exactly QUERY answers, as people expect; but an import may have planted it
        // under the name someone types, so say so where others match too.
        ctx.talk.warn(format!(
            "this is the code of {}, whose whole name is {query:?}; it also matches {}",
            session.unlocked.vault.entries[index].name,
            passed_over.join(", ")
        ));
    }
    warn_about_the_clock(ctx, args);
    let entry = if matches!(
        session.unlocked.vault.entries[index].otp.kind,
        Kind::Hotp { .. }
    ) {
        advance_hotp(ctx, &mut session, index)?
    } else {
        if let Some(fresh) = args.fresh {
            let period = session.unlocked.vault.entries[index].otp.kind.period();
            if let Some(period) = period.filter(|&p| fresh >= u64::from(p)) {
                return Err(CliError::usage(format!(
                    "--fresh {fresh}: must be below the entry's period of {period} s"
                ))
                .hint("--fresh N waits for the next code when fewer than N seconds are left"));
            }
            now = wait_for_fresh(ctx, &session.unlocked.vault.entries[index], fresh)?;
        }
        Row::at(&session.unlocked.vault.entries[index], now, args.next)
    };
    if args.json {
        return output::print(&json(std::slice::from_ref(&entry))).map_err(CliError::stdout);
    }
    let code = entry.code.as_deref().unwrap_or_default();
    if args.copy {
        crate::clipboard::copy(code, args.clear_after)?;
        let clearing = if args.clear_after > 0 {
            format!("; cleared in {} s if unchanged", args.clear_after)
        } else {
            String::new()
        };
        ctx.talk.say(format!(
            "copied the code of {} to the clipboard{clearing}",
            output::clean(&entry.name)
        ));
    } else {
        let mut text = format!("{code}\n");
        if args.next
            && let Some(next) = &entry.next
        {
            text.push_str(next);
            text.push('\n');
        }
        output::print(&text).map_err(CliError::stdout)?;
    }
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

/// Before codes are shown: an unsynchronised clock makes wrong codes. Never for `--at`; to a person on
/// a terminal at most once a day (scripts see the clock in `fob status`).
fn warn_about_the_clock(ctx: &Context, args: &CodeArgs) {
    if args.at.is_none()
        && !ctx.talk.quiet
        && crate::clock::state() == crate::clock::Sync::Unsynchronised
        && crate::clock::due_on_terminal()
    {
        ctx.talk.warn(crate::clock::WARNING);
    }
}

/// `--fresh SECONDS` (below the period): when fewer than SECONDS are left in the entry's period, waits for
/// the next period to begin, with a countdown on stderr when it is a terminal.
/// Returns the moment to make the code for.
fn wait_for_fresh(ctx: &Context, entry: &Entry, fresh: u64) -> Result<u64, CliError> {
    // The clock is read again here: unlocking may have taken a while.
    let now = moment(None)?;
    let Some(period) = entry.otp.kind.period().map(u64::from) else {
        return Ok(now);
    };
    let left = period - now % period;
    if left >= fresh {
        return Ok(now);
    }
    let next_start = now - now % period + period;
    let countdown = !ctx.talk.quiet && std::io::stderr().is_terminal();
    loop {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| CliError::new("the system clock went before 1970"))?;
        let target = std::time::Duration::from_secs(next_start);
        let Some(wait) = target.checked_sub(since_epoch).filter(|w| !w.is_zero()) else {
            break;
        };
        if countdown {
            eprint!("\rnext code in {} s ", wait.as_secs() + 1);
        }
        // Sleep to the next whole second of the countdown (or to the new period).
        let step = std::time::Duration::from_nanos(u64::from(wait.subsec_nanos()));
        std::thread::sleep(if step.is_zero() {
            std::time::Duration::from_secs(1).min(wait)
        } else {
            step
        });
    }
    if countdown {
        eprint!("\r\x1b[K");
    }
    Ok(moment(None)?.max(next_start))
}

/// Uses an HOTP entry for the live view: its counter moves on and is saved, and its code is returned.
pub fn use_hotp(ctx: &Context, session: &mut Session, index: usize) -> Result<String, CliError> {
    Ok(advance_hotp(ctx, session, index)?.code.unwrap_or_default())
}

/// HOTP: the counter moves on and is saved before the code is shown, so a code is never shown twice
/// even if fob is killed right after.
fn advance_hotp(ctx: &Context, session: &mut Session, index: usize) -> Result<Row, CliError> {
    let id = session.unlocked.vault.entries[index].id.clone();
    let guard = session.take_file_lock(ctx)?;
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
    session.save_state(ctx, &guard)?;
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
            .and_then(|p| otp::totp_at(&entry.otp, now.checked_add(u64::from(p))?))
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

fn table(rows: &[Row], colour: bool) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let with_next = rows.iter().any(|r| r.next.is_some());
    let (names, width) = output::name_column(rows.iter().map(|r| r.name.as_str()));
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
                    output::bold(&pad(code, 8), colour),
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
pub fn moment(at: Option<&str>) -> Result<u64, CliError> {
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
        // The same range as RFC 3339 times (up to the end of year 9999), so `--next` cannot overflow.
        return at
            .parse()
            .ok()
            .filter(|&t| t <= 253_402_300_799)
            .ok_or_else(bad);
    }
    let t: jiff::Timestamp = at.parse().map_err(|_| bad())?;
    u64::try_from(t.as_second()).map_err(|_| bad())
}
