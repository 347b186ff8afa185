//! `fob status`: what a user should know about the vault, above all which entries no backup holds.

use fob::vault::BackupState;
use fob::vault::seal::{self, Sealer, Sealing};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use fob::agent::protocol::{Request, Response, Status};
use fob::unlock_failures::UnlockFailures;

use crate::agent::client;
use crate::agent::place::Place;
use crate::cli::StatusArgs;
use crate::error::CliError;
use crate::output;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &StatusArgs) -> Result<(), CliError> {
    // Status is what people run when something seems wrong, often before unlocking: without a key at hand
    // (agent, passphrase source, identity) it shows what the file itself tells, and asks for nothing.
    let sealing = seal::sealing_of(&ctx.file.read()?)?;
    let unlocking = Unlocking::of(ctx, sealing == Sealing::Passphrase)?;
    if !key_at_hand(ctx, sealing, &unlocking) {
        return locked(ctx, args, sealing, &unlocking);
    }
    let session = Session::open(ctx)?;
    let vault = &session.unlocked.vault;
    let lock = super::describe(&session.unlocked.sealer);
    let states = vault.backup_states();
    let names = |wanted| -> Vec<String> {
        vault
            .entries
            .iter()
            .zip(&states)
            .filter(|(_, s)| **s == wanted)
            .map(|(e, _)| e.name.to_string())
            .collect()
    };
    let not_backed_up = names(BackupState::InNone);
    let changed = names(BackupState::ChangedSince);
    let last = vault.backups.last();
    let generations = ctx.file.generations()?.len();
    let clock = crate::clock::state();
    let verification = verification(vault);
    let sync = SyncState::of(ctx);
    if args.json {
        let v = json!({
            "vault": ctx.file.path().display().to_string(),
            "unlocked": true,
            "lock": match &session.unlocked.sealer { Sealer::Passphrase { .. } | Sealer::Delegated { .. } => "passphrase", Sealer::Recipients(_) => "recipients" },
            "agent": unlocking.agent_json(),
            "failed_unlocks_last_24h": unlocking.failed_last_day,
            "last_failed_unlock": unlocking.last_failure.map(output::json_time),
            "entries": vault.entries.len(),
            "last_backup": last.map(|b| json!({"time": output::json_time(b.time), "place": b.place, "entries": b.entries})),
            "not_backed_up": not_backed_up,
            "changed_since_backup": changed,
            "generations": generations,
            "sync": sync.json(),
            "conflict_copies": sync.conflict_copies.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "verify": verification.iter().map(|v| json!({
                "name": v.name,
                "failures_last_24h": v.failures,
                "locked_until": v.locked_out_until.map(output::json_time),
            })).collect::<Vec<_>>(),
            "clock_synchronised": clock_json(clock),
        });
        return output::print(&format!("{v}\n")).map_err(CliError::stdout);
    }
    let mut text = format!(
        "vault:        {}\nlocked with:  {lock}\nentries:      {}\n",
        ctx.file.path().display(),
        vault.entries.len()
    );
    text.push_str(&unlocking.text());
    match last {
        Some(b) => text.push_str(&format!(
            "last backup:  {} to {} ({}, verified)\n",
            output::local_time(b.time),
            output::clean(&b.place),
            output::entries(b.entries)
        )),
        None => text.push_str("last backup:  never\n"),
    }
    for (label, list) in [
        ("in no backup", &not_backed_up),
        ("changed since their last backup", &changed),
    ] {
        if !list.is_empty() {
            text.push_str(&format!("{label}: {}\n", list.len()));
            for n in list {
                text.push_str(&format!("  {}\n", output::clean(n)));
            }
        }
    }
    if !verification.is_empty() {
        text.push_str("failed verifications in the last 24 h (fob verify-log QUERY):\n");
        for v in &verification {
            text.push_str(&format!("  {}: {}", output::clean(&v.name), v.failures));
            if let Some(until) = v.locked_out_until {
                text.push_str(&format!(", locked out until {}", output::local_time(until)));
            }
            text.push('\n');
        }
    }
    text.push_str(&format!(
        "generations:  {generations} earlier vaults kept (fob restore --list-generations)\n"
    ));
    text.push_str(&sync.text());
    text.push_str(clock_text(clock));
    output::print(&text).map_err(CliError::stdout)
}

/// Whether the vault opens without asking anyone: by the agent, a passphrase source, or an identity.
fn key_at_hand(ctx: &Context, sealing: Sealing, unlocking: &Unlocking) -> bool {
    match sealing {
        Sealing::Passphrase => {
            matches!(unlocking.agent, Agent::Holds(_))
                || crate::unlock::source_is_set(crate::cli::ENV_PASSPHRASE)
        }
        Sealing::Recipients => matches!(unlocking.agent, Agent::Holds(_)) || ctx.identity.is_some(),
    }
}

/// The status of a vault no key at hand opens: the file, how it is locked, the agent, failed unlocks,
/// generations, sync and the clock; entries and backups are inside the encryption.
fn locked(
    ctx: &Context,
    args: &StatusArgs,
    sealing: Sealing,
    unlocking: &Unlocking,
) -> Result<(), CliError> {
    let generations = ctx.file.generations()?.len();
    let clock = crate::clock::state();
    let sync = SyncState::of(ctx);
    let (lock, how) = match sealing {
        Sealing::Passphrase => (
            "passphrase",
            "fob unlock, or a passphrase source such as FOB_PASSPHRASE_COMMAND",
        ),
        Sealing::Recipients => ("recipients", "--identity FILE or FOB_IDENTITY"),
    };
    if args.json {
        let v = json!({
            "vault": ctx.file.path().display().to_string(),
            "unlocked": false,
            "lock": lock,
            "agent": unlocking.agent_json(),
            "failed_unlocks_last_24h": unlocking.failed_last_day,
            "last_failed_unlock": unlocking.last_failure.map(output::json_time),
            "entries": Value::Null,
            "generations": generations,
            "sync": sync.json(),
            "conflict_copies": sync.conflict_copies.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "clock_synchronised": clock_json(clock),
        });
        return output::print(&format!("{v}\n")).map_err(CliError::stdout);
    }
    let mut text = format!(
        "vault:        {}\nlocked with:  {}\n",
        ctx.file.path().display(),
        match sealing {
            Sealing::Passphrase => "a passphrase",
            Sealing::Recipients => "age recipients",
        }
    );
    text.push_str(&unlocking.text());
    text.push_str(&format!(
        "entries and backups: shown once unlocked ({how})\n"
    ));
    text.push_str(&format!(
        "generations:  {generations} earlier vaults kept (fob restore --list-generations)\n"
    ));
    text.push_str(&sync.text());
    text.push_str(clock_text(clock));
    output::print(&text).map_err(CliError::stdout)
}

fn clock_json(clock: crate::clock::Sync) -> Option<bool> {
    match clock {
        crate::clock::Sync::Synchronised => Some(true),
        crate::clock::Sync::Unsynchronised => Some(false),
        crate::clock::Sync::Unknown => None,
    }
}

fn clock_text(clock: crate::clock::Sync) -> &'static str {
    match clock {
        crate::clock::Sync::Synchronised => "clock:        synchronised\n",
        crate::clock::Sync::Unsynchronised => {
            "clock:        NOT synchronised (the kernel says so): codes may be off\n"
        }
        crate::clock::Sync::Unknown => "clock:        not checked\n",
    }
}

/// Whether an agent holds the vault: a passphrase vault's passphrase, or the document of one locked to
/// recipients.
enum Agent {
    /// A vault locked to recipients and no agent: its identity opens it.
    NotNeeded,
    NotRunning,
    Holds(Status),
}

/// Whether an agent holds the passphrase, and recent failed unlocks.
struct Unlocking {
    agent: Agent,
    failed_last_day: usize,
    last_failure: Option<Timestamp>,
}

impl Unlocking {
    fn of(ctx: &Context, passphrase: bool) -> Result<Self, CliError> {
        let place = Place::for_vault(ctx.file.path());
        let agent = match client::ask(&place, &Request::Status, ctx.talk)? {
            Some(Response::Status(s)) => Agent::Holds(s),
            _ if passphrase => Agent::NotRunning,
            _ => Agent::NotNeeded,
        };
        let failures = UnlockFailures::load(&ctx.file.failures_path());
        Ok(Self {
            agent,
            failed_last_day: failures.since(Timestamp::now() - SignedDuration::from_hours(24)),
            last_failure: failures.last_failure(),
        })
    }

    fn agent_json(&self) -> Value {
        let at = |secs| output::json_time(super::lock::seconds_from_now(secs));
        match &self.agent {
            Agent::Holds(a) => json!({
                "pid": a.pid,
                "idle_timeout": a.idle_timeout,
                "idle_until": at(a.idle_left),
                "lifetime_until": at(a.lifetime_left),
                "memory_locked": a.memory_locked,
            }),
            Agent::NotRunning | Agent::NotNeeded => Value::Null,
        }
    }

    fn text(&self) -> String {
        let mut text = match &self.agent {
            Agent::Holds(a) => {
                let mut t = format!(
                    "unlocked:     by fob agent (pid {}), {}\n",
                    a.pid,
                    super::lock::until(a)
                );
                if !a.memory_locked {
                    t.push_str("              its memory could not be locked against swapping (ulimit -l)\n");
                }
                t
            }
            Agent::NotRunning => {
                "unlocked:     no (fob unlock keeps it unlocked for a while)\n".to_owned()
            }
            Agent::NotNeeded => String::new(),
        };
        if let (n @ 1.., Some(last)) = (self.failed_last_day, self.last_failure) {
            text.push_str(&format!(
                "failed unlocks: {n} in the last 24 h, the last at {}\n",
                output::local_time(last)
            ));
        }
        text
    }
}

/// An entry with recent failed verifications or a lock-out in force.
struct Verification {
    name: String,
    failures: usize,
    locked_out_until: Option<jiff::Timestamp>,
}

fn verification(vault: &fob::vault::Vault) -> Vec<Verification> {
    let now = jiff::Timestamp::now();
    let day_ago = now - jiff::SignedDuration::from_hours(24);
    vault
        .entries
        .iter()
        .filter_map(|e| {
            let state = e.verify.as_ref()?;
            let v = Verification {
                name: e.name.to_string(),
                failures: state.failures_since(day_ago),
                locked_out_until: state.lockout_at(now),
            };
            (v.failures > 0 || v.locked_out_until.is_some()).then_some(v)
        })
        .collect()
}

/// Where the vault stands against its git remote, and copies that file-sync tools left beside it.
struct SyncState {
    repo: Option<fob::sync::Repo>,
    remote: Option<String>,
    distance: Option<fob::sync::Distance>,
    last_fetch: Option<Timestamp>,
    conflict_copies: Vec<std::path::PathBuf>,
}

impl SyncState {
    /// Read from git without touching the network: ahead and behind are as of the last fetch.
    fn of(ctx: &Context) -> Self {
        let repo = fob::sync::Repo::of(ctx.file.path());
        let remote = repo.as_ref().and_then(|r| r.remote_url().ok().flatten());
        let distance = repo
            .as_ref()
            .and_then(|r| r.state().ok())
            .and_then(|s| s.distance);
        let last_fetch = repo
            .as_ref()
            .and_then(fob::sync::Repo::last_fetch)
            .and_then(|t| Timestamp::try_from(t).ok());
        Self {
            repo,
            remote,
            distance,
            last_fetch,
            conflict_copies: fob::sync::conflict_copies(ctx.file.path()),
        }
    }

    fn json(&self) -> Value {
        if self.repo.is_none() {
            return Value::Null;
        }
        json!({
            "remote": self.remote,
            "ahead": self.distance.map(|d| d.ahead),
            "behind": self.distance.map(|d| d.behind),
            "last_fetch": self.last_fetch.map(output::json_time),
        })
    }

    fn text(&self) -> String {
        let mut text = match (&self.repo, &self.remote) {
            (None, _) => String::new(),
            (Some(_), None) => {
                "sync:         a git repository with no remote (fob sync init REMOTE)\n".to_owned()
            }
            (Some(_), Some(remote)) => {
                let mut t = format!("sync:         with {}", output::clean(remote));
                if let Some(d) = self.distance {
                    t.push_str(&format!(", {} ahead, {} behind", d.ahead, d.behind));
                }
                match self.last_fetch {
                    Some(when) => {
                        t.push_str(&format!(" (last fetched {})\n", output::local_time(when)));
                    }
                    None => t.push_str(" (never fetched: run fob sync)\n"),
                }
                t
            }
        };
        if !self.conflict_copies.is_empty() {
            text.push_str(&format!(
                "conflict copies left by a file-sync tool: {} (merge each with fob restore FILE, then remove it)\n",
                self.conflict_copies.len()
            ));
            for path in &self.conflict_copies {
                text.push_str(&format!(
                    "  {}\n",
                    output::clean(&path.display().to_string())
                ));
            }
        }
        text
    }
}
