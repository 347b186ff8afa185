//! `fob sync`, `fob sync init [REMOTE]` and `fob sync clone REMOTE`: one vault on several machines through
//! git. The other side's vault is merged in this process, with the vault it already holds unlocked, so
//! nothing secret passes through git or its environment: git only ever moves ciphertext.

use fob::merge;
use fob::storage::FileLock;
use fob::sync::{self, Pushed, Relation, Repo};
use fob::vault::seal::{self, Key, Sealing};
use fob::vault::{Unlocked, Vault};
use serde_json::json;

use crate::cli::{SyncAction, SyncArgs, SyncCloneArgs, SyncInitArgs};
use crate::error::CliError;
use crate::output;
use crate::prompt;
use crate::session::{Context, Session};

/// How often a sync tries again when another machine pushed between its fetch and its push.
const PUSH_TRIES: usize = 5;

pub fn run(ctx: &Context, args: &SyncArgs) -> Result<(), CliError> {
    match &args.action {
        Some(SyncAction::Init(init_args)) => init(ctx, args, init_args),
        Some(SyncAction::Clone(clone_args)) => clone(ctx, args, clone_args),
        None => {
            let repo = Repo::of(ctx.file.path()).ok_or_else(|| {
                CliError::new(format!(
                    "the vault's folder {} is not synced",
                    ctx.file.dir().display()
                ))
                .hint("set it up with `fob sync init [REMOTE]`, or on a machine with no vault `fob sync clone REMOTE`")
            })?;
            let outcome = sync_repo(ctx, args, &repo, None)?;
            tell(ctx, args, &outcome)?;
            if args.new_history {
                new_history(ctx, args, &repo)?;
            }
            Ok(())
        }
    }
}

/// `--new-history`: the remote's history replaced by one commit of the vault as it is now (synced just
/// before), so that old commits, which open with an old passphrase or key, leave the remote.
fn new_history(ctx: &Context, args: &SyncArgs, repo: &Repo) -> Result<(), CliError> {
    let last_fetched = repo.resolve(&repo.upstream()?)?.ok_or_else(|| {
        CliError::new("the remote holds no history to start afresh")
            .hint("`fob sync init REMOTE` sets a remote up")
    })?;
    if !args.yes {
        if !prompt::can_ask() {
            return Err(CliError::new(
                "refusing to rewrite the remote's history without confirmation (not on a terminal)",
            )
            .hint("pass --yes to do it without asking"));
        }
        if !prompt::confirm(
            "Replace the remote's history with one commit of the vault as it is now? Every other machine takes it at its next fob sync",
        )? {
            return Err(CliError::new("the history was left as it was"));
        }
    }
    let message = format!(
        "fob on {}: history started afresh (older commits held the vault under an earlier passphrase or key)",
        sync::machine_name()
    );
    if repo.restart_history(&message, &last_fetched)? == Pushed::Rejected {
        return Err(CliError::new(
            "another machine pushed in between: the history was left as it was",
        )
        .hint("run `fob sync --new-history` again"));
    }
    ctx.talk.say(
        "the remote's history now starts at the vault as it is: its older commits are gone from this machine, and from the remote once it collects garbage (a bare repository: git gc --prune=now; a forge: delete and re-create the repository, then fob sync init REMOTE)",
    );
    Ok(())
}

/// What a sync moved, by entry name.
#[derive(Debug, Default, serde::Serialize)]
struct Changes {
    added: Vec<String>,
    changed: Vec<String>,
    removed: Vec<String>,
}

impl Changes {
    fn between(old: &Vault, new: &Vault) -> Self {
        let c = fob::backup::compare(old, new);
        Self {
            added: c.only_in_vault,
            changed: c.changed,
            removed: c.only_in_backup,
        }
    }

    fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// "2 added, 1 changed, 0 removed", and the names when asked for.
    fn summary(&self, names: bool) -> String {
        let mut text = format!(
            "{} added, {} changed, {} removed",
            self.added.len(),
            self.changed.len(),
            self.removed.len()
        );
        if names && !self.is_empty() {
            for (verb, list) in [
                ("added", &self.added),
                ("changed", &self.changed),
                ("removed", &self.removed),
            ] {
                for name in list {
                    text.push_str(&format!("\n{verb}: {name}"));
                }
            }
        }
        text
    }
}

/// What one `fob sync` did.
#[derive(Debug, Default)]
struct Outcome {
    remote: Option<String>,
    came_in: Changes,
    went_out: Changes,
    /// Whether the remote holds this machine's vault afterwards.
    in_step: bool,
    entries: Option<usize>,
}

/// Commits what changed here, fetches, merges and pushes until the remote takes the result. `open` is
/// the vault when the caller has it unlocked and locked already.
fn sync_repo(
    ctx: &Context,
    args: &SyncArgs,
    repo: &Repo,
    open: Option<(Session, FileLock)>,
) -> Result<Outcome, CliError> {
    let remote = repo.fetch()?;
    // Nothing changed on either side: answer without unlocking, as fast as git itself.
    let state = repo.state()?;
    let in_step = state.distance
        == Some(sync::Distance {
            ahead: 0,
            behind: 0,
        });
    if open.is_none() && !state.changed && (remote.is_none() || in_step) {
        restore_modes(ctx);
        return Ok(Outcome {
            in_step: remote.is_some(),
            remote,
            ..Outcome::default()
        });
    }
    let mut fetched = match remote {
        Some(_) => repo.fetched()?,
        None => None,
    };
    let (mut session, guard) = match open {
        Some(open) => open,
        None => Session::open_for_change(ctx)?,
    };
    let before = session.unlocked.vault.clone();
    let machine = sync::machine_name();
    // The remote's vault before this sync, to say what went out: empty for a new remote, unknown
    // (nothing reported) for one under a key this machine has just changed.
    let mut theirs_before: Option<Vault> = fetched.is_none().then(Vault::default);
    let mut in_step = false;
    for attempt in 0..PUSH_TRIES {
        if attempt > 0 {
            repo.fetch()?;
            fetched = repo.fetched()?;
        }
        commit_local(ctx, args, repo, &session, &machine)?;
        if let Some(theirs) = &fetched {
            let seen = bring_in(ctx, args, repo, &mut session, &guard, theirs, &machine)?;
            if theirs_before.is_none() || seen.is_some() {
                theirs_before = seen;
            }
        }
        if remote.is_none() {
            break;
        }
        if repo.push()? == Pushed::Done {
            in_step = true;
            break;
        }
    }
    restore_modes(ctx);
    if remote.is_some() && !in_step {
        return Err(CliError::new(format!(
            "other machines pushed {PUSH_TRIES} times while this one merged: the remote did not take the merge"
        ))
        .hint("this machine's vault holds the merge and is committed; run `fob sync` again"));
    }
    let after = &session.unlocked.vault;
    Ok(Outcome {
        remote,
        came_in: Changes::between(&before, after),
        went_out: theirs_before
            .map(|theirs| Changes::between(&theirs, after))
            .unwrap_or_default(),
        in_step,
        entries: Some(after.entries.len()),
    })
}

/// The remote's vault may list age keys added on another machine: they are trusted only when the user
/// says so (--accept-recipients), as for any vault this machine seals.
fn accept_keys(ctx: &Context, args: &SyncArgs, theirs: &Unlocked) -> Result<(), CliError> {
    if args.accept_recipients {
        return crate::trust::allow(ctx, &fob::trust::Keys::of(theirs));
    }
    crate::trust::check(ctx, theirs).map_err(|mut e| {
        e.details = vec![
            "if they were added on another machine, run `fob sync --accept-recipients`; if not, someone else changed the remote's vault: nothing was written here".to_owned(),
        ];
        e
    })
}

/// Brings the remote's commit `theirs` into this machine's vault and branch: nothing to do when it is
/// ours already, a fast-forward when only the remote changed, else fob's merge and a merge commit.
/// Returns the remote's vault, to say what went out (`None` when it was not opened: a vault this
/// machine just re-locked).
fn bring_in(
    ctx: &Context,
    args: &SyncArgs,
    repo: &Repo,
    session: &mut Session,
    guard: &FileLock,
    theirs: &str,
    machine: &str,
) -> Result<Option<Vault>, CliError> {
    let bytes = repo.vault_at(theirs)?.ok_or_else(|| {
        CliError::new(format!(
            "the remote's commit {theirs:.12} holds no {}",
            repo.vault_name()
        ))
    })?;
    match repo.relation(theirs)? {
        // Opened only for saying what went out: a remote vault still under the key this machine just
        // changed is not asked for.
        Relation::UpToDate => Ok(session.open_other(ctx, &bytes)?.map(|u| u.vault)),
        Relation::Behind => {
            let (their, _) = open_theirs(ctx, session, &bytes)?;
            // Taken as it is, but held to the rules a merge holds every other copy to.
            merge::check(&their.vault, jiff::Timestamp::now())?;
            accept_keys(ctx, args, &their)?;
            let seen = their.vault.clone();
            ctx.file
                .replace(guard, &bytes, "sync (took the remote's vault)")?;
            repo.fast_forward(theirs)?;
            session.adopt(bytes, their);
            Ok(Some(seen))
        }
        Relation::Diverged { base: base_commit } => {
            let (their, relocked) = open_theirs(ctx, session, &bytes)?;
            accept_keys(ctx, args, &their)?;
            let seen = their.vault.clone();
            let base = base_commit
                .as_ref()
                .map(|b| repo.vault_at(b))
                .transpose()?
                .flatten();
            let merged_from = session.unlocked.vault.clone();
            merge_into(ctx, session, their, relocked, base.as_deref())?;
            session.save(ctx, guard, "sync (merged the remote's vault)")?;
            let came = Changes::between(&merged_from, &session.unlocked.vault);
            let message = format!(
                "fob on {machine}: merged the remote's vault, {}",
                came.summary(args.names)
            );
            repo.commit_merge(theirs, base_commit.is_some(), &message)?;
            Ok(Some(seen))
        }
    }
}

/// Commits the vault if it changed here since the last commit, with counts (names with --names) from a
/// comparison with the committed vault.
fn commit_local(
    ctx: &Context,
    args: &SyncArgs,
    repo: &Repo,
    session: &Session,
    machine: &str,
) -> Result<(), CliError> {
    if !repo.vault_changed()? {
        return Ok(());
    }
    let committed = repo.vault_at("HEAD")?;
    let what = match committed {
        None => format!(
            "the vault, {} entries",
            session.unlocked.vault.entries.len()
        ),
        Some(bytes) => match session.open_other(ctx, &bytes)? {
            Some(old) => Changes::between(&old.vault, &session.unlocked.vault).summary(args.names),
            None => "re-locked the vault".to_owned(),
        },
    };
    repo.commit(&format!("fob on {machine}: {what}"))?;
    Ok(())
}

/// Opens the remote's vault with what opened this one, or, when it was re-locked on another machine,
/// with its new passphrase asked on the terminal. The flag says whether it was re-locked.
fn open_theirs(
    ctx: &Context,
    session: &Session,
    bytes: &[u8],
) -> Result<(Unlocked, bool), CliError> {
    if let Some(unlocked) = session.open_other(ctx, bytes)? {
        return Ok((unlocked, false));
    }
    if seal::sealing_of(bytes)? == Sealing::Recipients {
        return Err(CliError::unlock(
            "the remote's vault is not encrypted to this machine's identity: it was re-keyed on another machine",
        )
        .hint("on a machine that opens it, add this machine's public key with `fob passwd --recipient`"));
    }
    if !prompt::can_ask() {
        return Err(CliError::unlock(
            "the remote's vault was re-locked with another passphrase on another machine",
        )
        .hint("run `fob sync` on a terminal to type the new passphrase"));
    }
    ctx.talk
        .say("the remote's vault was re-locked with another passphrase on another machine");
    let passphrase = prompt::hidden("New vault passphrase (as set on the other machine)")?;
    Ok((Unlocked::open(bytes, &Key::Passphrase(passphrase))?, true))
}

/// Merges the other side's vault into the session's with the one merge rule. Neither the lock
/// (passphrase or recipients) nor the backup settings are merged: for each, the side that changed it since
/// the common ancestor wins, and when both did, or there is no ancestor, the remote's, which was pushed
/// first. A passphrase changed elsewhere always wins: it is why the remote did not open with this
/// machine's. Keys that arrive this way are still used only once accepted here (the save checks them).
pub fn merge_into(
    ctx: &Context,
    session: &mut Session,
    theirs: Unlocked,
    relocked: bool,
    base: Option<&[u8]>,
) -> Result<merge::Report, CliError> {
    let report = merge::merge(
        &mut session.unlocked.vault,
        &theirs.vault,
        jiff::Timestamp::now(),
    )?;
    let ours = &session.unlocked;
    let lock_differs = ours.sealer.encryption() != theirs.sealer.encryption();
    let defaults_differ = ours.vault.backup_defaults != theirs.vault.backup_defaults;
    // The ancestor is opened only when it can decide something.
    let base = match base {
        Some(bytes) if lock_differs || defaults_differ => session.open_other(ctx, bytes)?,
        _ => None,
    };
    // Unchanged on their side only if the ancestor had it as they have it.
    let they_changed_lock = base
        .as_ref()
        .is_none_or(|b| b.sealer.encryption() != theirs.sealer.encryption());
    let they_changed_defaults = base
        .as_ref()
        .is_none_or(|b| b.vault.backup_defaults != theirs.vault.backup_defaults);
    if defaults_differ && they_changed_defaults {
        session.unlocked.vault.backup_defaults = theirs.vault.backup_defaults;
    }
    if relocked || (lock_differs && they_changed_lock) {
        session.unlocked.sealer = theirs.sealer;
    }
    Ok(report)
}

fn init(ctx: &Context, args: &SyncArgs, init: &SyncInitArgs) -> Result<(), CliError> {
    if !ctx.file.exists() {
        return Err(CliError::new(format!(
            "there is no vault at {} to sync",
            ctx.file.path().display()
        ))
        .hint("create one with `fob init`, or set this machine up from a remote with `fob sync clone REMOTE`"));
    }
    let repo = Repo::init(ctx.file.path())?;
    set_up(ctx, &repo)?;
    let machine = sync::machine_name();
    repo.commit(&format!("fob on {machine}: share the vault"))?;
    restore_modes(ctx);
    ctx.talk.say(format!(
        "{} is a git repository now; it shares only {}",
        ctx.file.dir().display(),
        repo.vault_name()
    ));
    let Some(remote) = &init.remote else {
        ctx.talk
            .say("add a remote with `fob sync init REMOTE`, then run `fob sync` on each machine");
        return Ok(());
    };
    repo.set_remote(remote)?;
    let outcome = sync_repo(ctx, args, &repo, None)?;
    tell(ctx, args, &outcome)
}

fn clone(ctx: &Context, args: &SyncArgs, clone: &SyncCloneArgs) -> Result<(), CliError> {
    if Repo::of(ctx.file.path()).is_some() {
        return Err(CliError::new(format!(
            "{} is a git repository already",
            ctx.file.dir().display()
        ))
        .hint("run `fob sync` to sync it"));
    }
    fob::storage::create_private_dir(ctx.file.dir())?;
    let repo = Repo::init(ctx.file.path())?;
    repo.set_remote(&clone.remote)?;
    repo.fetch()?;
    let Some(theirs) = repo.fetched()? else {
        return Err(
            CliError::new(format!("{} holds no vault yet", clone.remote))
                .hint("on the machine with the vault, run `fob sync init REMOTE` first"),
        );
    };
    let bytes = repo
        .vault_at(&theirs)?
        .ok_or_else(|| CliError::new(format!("{} holds no {}", clone.remote, repo.vault_name())))?;
    if !ctx.file.exists() {
        // It must open before anything is written: a vault nobody can decrypt is no vault.
        let opened = Session::open_ciphertext(ctx, bytes.clone())?;
        let guard = ctx.file.lock(|| {})?;
        ctx.file.create(&guard, &bytes)?;
        repo.fast_forward(&theirs)?;
        set_up_from(ctx, &repo, &theirs)?;
        restore_modes(ctx);
        let count = opened.unlocked.vault.entries.len();
        ctx.talk.say(format!(
            "set up {} from {}: {count} {}",
            ctx.file.path().display(),
            clone.remote,
            if count == 1 { "entry" } else { "entries" }
        ));
        return Ok(());
    }
    // A vault here already: merge it into the remote's, which keeps its own lock.
    let (mut session, guard) = Session::open_for_change(ctx)?;
    let (mut remote_vault, _) = open_theirs(ctx, &session, &bytes)?;
    let local = std::mem::take(&mut session.unlocked.vault);
    merge::merge(&mut remote_vault.vault, &local, jiff::Timestamp::now())?;
    session.unlocked = remote_vault;
    session.save(ctx, &guard, "sync clone (merged into the remote's vault)")?;
    repo.fast_forward(&theirs)?;
    set_up_from(ctx, &repo, &theirs)?;
    ctx.talk.say(format!(
        "merged the vault that was here into the one from {}; it now opens as that one does",
        clone.remote
    ));
    let outcome = sync_repo(ctx, args, &repo, Some((session, guard)))?;
    tell(ctx, args, &outcome)
}

/// Writes fob's attribute and ignore files and registers the merge driver.
fn set_up(ctx: &Context, repo: &Repo) -> Result<(), CliError> {
    for (name, text) in [
        (".gitattributes", repo.attributes()),
        (".gitignore", repo.ignore()),
    ] {
        fob::storage::write_atomically(&repo.dir().join(name), text.as_bytes())?;
    }
    let program = std::env::current_exe()
        .map_err(|e| CliError::new(format!("cannot tell where this fob is: {e}")))?;
    repo.register_driver(&program, ctx.file.path())?;
    repo.ensure_identity(&sync::machine_name())?;
    repo.install_mode_hooks().map_err(|e| {
        CliError::new(format!(
            "cannot write git hooks in {}: {e}",
            repo.dir().display()
        ))
    })?;
    Ok(())
}

/// After taking the remote's commit: its attribute and ignore files into the folder, the driver registered.
fn set_up_from(ctx: &Context, repo: &Repo, theirs: &str) -> Result<(), CliError> {
    repo.git()
        .run(&["checkout", theirs, "--", ".gitattributes", ".gitignore"])?;
    set_up(ctx, repo)
}

fn restore_modes(ctx: &Context) {
    if let Err(e) = sync::restore_modes(ctx.file.path()) {
        ctx.talk.warn(format!(
            "cannot set the vault's modes back to 0600/0700: {e}"
        ));
    }
}

fn tell(ctx: &Context, args: &SyncArgs, outcome: &Outcome) -> Result<(), CliError> {
    if args.json {
        let v = json!({
            "remote": outcome.remote,
            "in_step": outcome.in_step,
            "entries": outcome.entries,
            "came_in": outcome.came_in,
            "went_out": outcome.went_out,
        });
        return output::print(&format!("{v}\n")).map_err(CliError::stdout);
    }
    let Some(remote) = &outcome.remote else {
        ctx.talk.say(
            "no remote is set: changes are committed here only (`fob sync init REMOTE` adds one)",
        );
        return Ok(());
    };
    if outcome.came_in.is_empty() && outcome.went_out.is_empty() {
        ctx.talk.say(format!("in step with {remote}"));
        return Ok(());
    }
    for (direction, changes) in [("from", &outcome.came_in), ("to", &outcome.went_out)] {
        for (verb, list) in [
            ("added", &changes.added),
            ("changed", &changes.changed),
            ("removed", &changes.removed),
        ] {
            for name in list {
                ctx.talk
                    .say(format!("{verb} {name} ({direction} {remote})"));
            }
        }
    }
    ctx.talk.say(format!(
        "synced with {remote}: in {}; out {}",
        outcome.came_in.summary(false),
        outcome.went_out.summary(false)
    ));
    Ok(())
}
