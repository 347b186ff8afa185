//! One vault on several machines, kept in step through git. The vault's folder is a git repository that
//! tracks only the encrypted vault and git's bookkeeping files; fob commits, fetches, merges the other
//! side's vault with [`crate::merge`] (never git's text merge) and pushes. This module knows git's side:
//! the repository's layout and the plumbing calls; decrypting and merging are the caller's.
//!
//! See `docs/sync.md` for the layout, the merge driver and the rules.

pub mod git;

use std::path::{Path, PathBuf};

pub use git::{Error, Git};

/// The branch fob creates (an existing repository keeps its own).
pub const DEFAULT_BRANCH: &str = "main";
/// The remote fob adds and syncs with.
pub const REMOTE: &str = "origin";
/// The name of fob's merge driver and diff filter in `.gitattributes` and the repository's config.
pub const DRIVER: &str = "fob";

/// The vault's folder as a git repository.
#[derive(Debug, Clone)]
pub struct Repo {
    git: Git,
    vault_name: String,
}

/// How far this machine and the remote are apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Distance {
    /// Commits here that the remote lacks.
    pub ahead: usize,
    /// Commits on the remote that are not here.
    pub behind: usize,
}

/// The repository as `git status` sees it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    /// Commits ahead and behind the remote's branch as last fetched; `None` without one.
    pub distance: Option<Distance>,
    /// Whether a tracked file (the vault) changed since the last commit.
    pub changed: bool,
}

/// How the other side's history relates to ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// The other side has nothing we lack.
    UpToDate,
    /// Ours is behind: take theirs as it is.
    Behind,
    /// Both sides have commits the other lacks: merge, with this common ancestor (if any).
    Diverged {
        /// The merge base, if the histories share one.
        base: Option<String>,
    },
}

/// What a push did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// The remote now has our commit.
    Done,
    /// Someone pushed in between: fetch, merge, try again.
    Rejected,
}

impl Repo {
    /// The repository holding the vault at `vault`, if its folder is the root of one. A vault inside a
    /// larger repository (a dotfiles repository) is not synced through that repository: fob never
    /// commits into a repository it did not set up around the vault.
    #[must_use]
    pub fn of(vault: &Path) -> Option<Self> {
        let dir = vault.parent()?;
        dir.join(".git").exists().then(|| Self::at(vault))
    }

    fn at(vault: &Path) -> Self {
        let dir = vault
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Self {
            git: Git::new(dir),
            vault_name: vault
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// Makes the vault's folder a repository (`git init`), unless it already is one, and writes fob's
    /// attributes and ignore files. The caller registers the driver and commits.
    pub fn init(vault: &Path) -> Result<Self, Error> {
        let repo = Self::at(vault);
        if !repo.git.dir().join(".git").exists() {
            repo.git
                .run(&["init", "-q", &format!("--initial-branch={DEFAULT_BRANCH}")])?;
        }
        Ok(repo)
    }

    /// The git runner for this repository.
    #[must_use]
    pub fn git(&self) -> &Git {
        &self.git
    }

    /// The vault's file name inside the repository.
    #[must_use]
    pub fn vault_name(&self) -> &str {
        &self.vault_name
    }

    /// The folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        self.git.dir()
    }

    /// `.gitattributes`: the vault goes through fob's merge driver and diff filter, and is never treated
    /// as text (no line-ending conversion of ciphertext).
    #[must_use]
    pub fn attributes(&self) -> String {
        format!(
            "# Written by fob sync: the vault merges with fob's own merge and diffs as entry names.\n/{} -text merge={DRIVER} diff={DRIVER}\n",
            glob_escape(&self.vault_name)
        )
    }

    /// `.gitignore`: everything but the vault and these two files, so the lock, generations, failure
    /// record and temporary files (and anything else put in the folder) stay on this machine.
    #[must_use]
    pub fn ignore(&self) -> String {
        format!(
            "# Written by fob sync: only the encrypted vault is shared.\n/*\n!/.gitattributes\n!/.gitignore\n!/{}\n",
            glob_escape(&self.vault_name)
        )
    }

    /// The files fob keeps tracked.
    #[must_use]
    pub fn tracked_files(&self) -> [&str; 3] {
        [".gitattributes", ".gitignore", &self.vault_name]
    }

    /// Registers fob's merge driver and diff filter in the repository's own config, with `program` (this
    /// fob) given the vault's path so the driver finds the right agent and identity.
    pub fn register_driver(&self, program: &Path, vault: &Path) -> Result<(), Error> {
        let fob = format!(
            "{} --vault {}",
            shell_quote(&program.to_string_lossy()),
            shell_quote(&vault.to_string_lossy())
        );
        for (key, value) in [
            (format!("merge.{DRIVER}.name"), "fob vault merge".to_owned()),
            (
                format!("merge.{DRIVER}.driver"),
                format!("{fob} merge-driver %O %A %B"),
            ),
            (
                format!("diff.{DRIVER}.textconv"),
                format!("{fob} __textconv"),
            ),
        ] {
            self.git.run(&["config", key.as_str(), value.as_str()])?;
        }
        Ok(())
    }

    /// Gives the repository a committer name when git has none configured (a fresh machine, a test):
    /// "fob on HOST", so commits say which machine made them.
    pub fn ensure_identity(&self, machine: &str) -> Result<(), Error> {
        if self.git.succeeds(&["config", "user.email"])? {
            return Ok(());
        }
        self.git
            .run(&["config", "user.name", &format!("fob on {machine}")])?;
        self.git.run(&["config", "user.email", "fob@localhost"])?;
        Ok(())
    }

    /// Installs hooks that put the vault's mode back to 0600 after a plain `git pull` or `git checkout`
    /// wrote it (git writes files as the umask says). An existing hook of the user's is left alone.
    pub fn install_mode_hooks(&self) -> std::io::Result<()> {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let hooks = self.dir().join(".git/hooks");
        std::fs::create_dir_all(&hooks)?;
        let script = format!(
            "#!/bin/sh\n# Written by fob sync: git keeps no file modes; the vault stays private.\nchmod 600 {} 2>/dev/null\nexit 0\n",
            shell_quote(&self.vault_name)
        );
        for name in ["post-merge", "post-checkout", "post-rewrite"] {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o700)
                .open(hooks.join(name))
            {
                Ok(mut file) => file.write_all(script.as_bytes())?,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Stages fob's files and commits them if anything changed; returns whether it committed.
    pub fn commit(&self, message: &str) -> Result<bool, Error> {
        let mut add = vec!["add", "--"];
        add.extend(self.tracked_files());
        self.git.run(&add)?;
        if self
            .git
            .succeeds(&["diff", "--cached", "--quiet", "--no-textconv"])?
        {
            return Ok(false);
        }
        self.git
            .run(&["commit", "-q", "--no-verify", "-m", message])?;
        Ok(true)
    }

    /// Whether the repository has a commit yet.
    pub fn has_commits(&self) -> Result<bool, Error> {
        self.git
            .succeeds(&["rev-parse", "--verify", "-q", "HEAD^{commit}"])
    }

    /// The current branch.
    pub fn branch(&self) -> Result<String, Error> {
        self.git.text(&["symbolic-ref", "--short", "HEAD"])
    }

    /// The remote's address, if one is set.
    pub fn remote_url(&self) -> Result<Option<String>, Error> {
        let out = self.git.output(&["remote", "get-url", REMOTE])?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned()))
    }

    /// Adds (or changes) the remote, and makes it the current branch's upstream, so `git status` (and a
    /// plain `git pull`) compare with it.
    pub fn set_remote(&self, url: &str) -> Result<(), Error> {
        if self.remote_url()?.is_some() {
            self.git.run(&["remote", "set-url", REMOTE, url])?;
        } else {
            self.git.run(&["remote", "add", REMOTE, url])?;
        }
        let branch = self.branch()?;
        self.git
            .run(&["config", &format!("branch.{branch}.remote"), REMOTE])?;
        self.git.run(&[
            "config",
            &format!("branch.{branch}.merge"),
            &format!("refs/heads/{branch}"),
        ])?;
        Ok(())
    }

    /// The remote-tracking ref of the current branch (`refs/remotes/origin/main`).
    pub fn upstream(&self) -> Result<String, Error> {
        Ok(format!("refs/remotes/{REMOTE}/{}", self.branch()?))
    }

    /// Fetches from the remote; returns its address (as git names it), or `None` when no remote is set.
    pub fn fetch(&self) -> Result<Option<String>, Error> {
        let out = self.git.output(&["fetch", "-v", REMOTE])?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            return match self.remote_url()? {
                None => Ok(None),
                Some(_) => Err(Error::failed("fetch", &stderr)),
            };
        }
        match stderr.lines().find_map(|l| l.strip_prefix("From ")) {
            Some(url) => Ok(Some(url.trim().to_owned())),
            None => self.remote_url(),
        }
    }

    /// The remote's commit of the current branch as last fetched, or `None` when the remote has none yet
    /// (a new, empty remote).
    pub fn fetched(&self) -> Result<Option<String>, Error> {
        self.resolve(&self.upstream()?)
    }

    /// The branch, its distance from the remote's as last fetched, and whether fob's tracked files
    /// changed since the last commit: one `git status`, so that a sync with nothing to do costs what
    /// `git fetch && git status` costs.
    pub fn state(&self) -> Result<State, Error> {
        let out = self.git.text(&[
            "status",
            "--porcelain=v2",
            "--branch",
            "--untracked-files=no",
            "--ignore-submodules",
        ])?;
        let mut state = State::default();
        for line in out.lines() {
            if let Some(ab) = line.strip_prefix("# branch.ab ") {
                let mut counts = ab
                    .split_whitespace()
                    .map(|n| n.trim_start_matches(['+', '-']).parse().unwrap_or(0));
                state.distance = Some(Distance {
                    ahead: counts.next().unwrap_or(0),
                    behind: counts.next().unwrap_or(0),
                });
            } else if !line.starts_with('#') {
                state.changed = true;
            }
        }
        Ok(state)
    }

    /// The commit a ref names, if it exists.
    pub fn resolve(&self, name: &str) -> Result<Option<String>, Error> {
        let spec = format!("{name}^{{commit}}");
        let out = self
            .git
            .output(&["rev-parse", "--verify", "-q", spec.as_str()])?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned()))
    }

    /// How `theirs` relates to `HEAD`.
    pub fn relation(&self, theirs: &str) -> Result<Relation, Error> {
        if self
            .git
            .succeeds(&["merge-base", "--is-ancestor", theirs, "HEAD"])?
        {
            return Ok(Relation::UpToDate);
        }
        if self
            .git
            .succeeds(&["merge-base", "--is-ancestor", "HEAD", theirs])?
        {
            return Ok(Relation::Behind);
        }
        let out = self.git.output(&["merge-base", "HEAD", theirs])?;
        let base = out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned());
        Ok(Relation::Diverged { base })
    }

    /// The vault file as committed in `commit`, if it is there.
    pub fn vault_at(&self, commit: &str) -> Result<Option<Vec<u8>>, Error> {
        let spec = format!("{commit}:{}", self.vault_name);
        let out = self.git.output(&["cat-file", "blob", spec.as_str()])?;
        Ok(out.status.success().then_some(out.stdout))
    }

    /// Whether the vault file differs from the last commit (a change made here, not yet committed).
    pub fn vault_changed(&self) -> Result<bool, Error> {
        let status = self
            .git
            .run(&["status", "--porcelain", "--", &self.vault_name])?;
        Ok(!status.is_empty())
    }

    /// After the vault file was made equal to `theirs`' (a fast-forward done by fob's atomic write):
    /// moves the branch there too. The work tree is not touched.
    pub fn fast_forward(&self, theirs: &str) -> Result<(), Error> {
        self.git.run(&["reset", "-q", theirs, "--"])?;
        Ok(())
    }

    /// Records the merged vault (already written in the work tree) as a merge of `HEAD` and `theirs`, or,
    /// when the two histories share nothing (the remote's was started afresh), as a commit on top of
    /// `theirs` alone, so an old history is never joined back in. Built with plumbing, so no half-done
    /// `git merge` state is ever left for a killed fob to leave behind.
    pub fn commit_merge(&self, theirs: &str, related: bool, message: &str) -> Result<(), Error> {
        let mut add = vec!["add", "--"];
        add.extend(self.tracked_files());
        self.git.run(&add)?;
        let tree = self.git.text(&["write-tree"])?;
        let mut args = vec!["commit-tree", tree.as_str(), "-p", theirs];
        if related {
            args.extend(["-p", "HEAD"]);
        }
        args.extend(["-m", message]);
        let commit = self.git.text(&args)?;
        self.git.run(&[
            "update-ref",
            "-m",
            "fob sync: merge",
            "HEAD",
            commit.as_str(),
        ])?;
        Ok(())
    }

    /// Replaces the branch's history, here and on the remote, with one commit of what `HEAD` holds now.
    /// The push is forced only over the remote commit this machine last fetched (`--force-with-lease`), so
    /// a vault another machine pushed since is never thrown away. Old commits are pruned here; the remote
    /// keeps them until it collects garbage.
    pub fn restart_history(&self, message: &str, last_fetched: &str) -> Result<Pushed, Error> {
        let tree = self.git.text(&["rev-parse", "HEAD^{tree}"])?;
        let commit = self
            .git
            .text(&["commit-tree", tree.as_str(), "-m", message])?;
        let branch = self.branch()?;
        let lease = format!("--force-with-lease=refs/heads/{branch}:{last_fetched}");
        let refspec = format!("{commit}:refs/heads/{branch}");
        let out = self
            .git
            .output(&["push", "-q", lease.as_str(), REMOTE, refspec.as_str()])?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            if stderr.contains("stale info") || stderr.contains("[rejected]") {
                return Ok(Pushed::Rejected);
            }
            return Err(Error::failed("push", &stderr));
        }
        self.git.run(&[
            "update-ref",
            "-m",
            "fob sync: new history",
            "HEAD",
            commit.as_str(),
        ])?;
        self.git.run(&["update-ref", &self.upstream()?, "HEAD"])?;
        self.git
            .run(&["reflog", "expire", "--expire=now", "--all"])?;
        self.git.run(&["gc", "-q", "--prune=now"])?;
        Ok(Pushed::Done)
    }

    /// Pushes the current branch.
    pub fn push(&self) -> Result<Pushed, Error> {
        let branch = self.branch()?;
        let refspec = format!("HEAD:refs/heads/{branch}");
        let out = self.git.output(&["push", "-q", REMOTE, refspec.as_str()])?;
        if out.status.success() {
            // Keep the remote-tracking ref in step, as a plain `git push` with an upstream would.
            self.git.run(&["update-ref", &self.upstream()?, "HEAD"])?;
            return Ok(Pushed::Done);
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("[rejected]")
            || stderr.contains("fetch first")
            || stderr.contains("non-fast-forward")
        {
            return Ok(Pushed::Rejected);
        }
        Err(Error::failed("push", &stderr))
    }

    /// When this machine last fetched from the remote (the time of `FETCH_HEAD`).
    #[must_use]
    pub fn last_fetch(&self) -> Option<std::time::SystemTime> {
        std::fs::metadata(self.dir().join(".git/FETCH_HEAD"))
            .and_then(|m| m.modified())
            .ok()
    }
}

/// Copies that file-sync tools (Syncthing, Dropbox, Nextcloud, ...) leave beside a file both sides changed:
/// `vault.sync-conflict-20261130-101010-ABCDEFG.age`, `vault (conflicted copy 2026-11-30).age`,
/// `vault (Bob's conflicted copy).age`, `vault_conflict-20261130.age`. Each still holds entries the vault
/// may lack, and `fob restore FILE` merges them.
#[must_use]
pub fn conflict_copies(vault: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(stem), Some(ext)) = (
        vault.parent(),
        vault.file_stem().and_then(|s| s.to_str()),
        vault.extension().and_then(|s| s.to_str()),
    ) else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(list) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = list
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|name| is_conflict_copy(name, stem, ext))
        })
        .collect();
    found.sort();
    found
}

fn is_conflict_copy(name: &str, stem: &str, ext: &str) -> bool {
    let Some(middle) = name
        .strip_prefix(stem)
        .and_then(|rest| rest.strip_suffix(ext))
        .and_then(|rest| rest.strip_suffix('.'))
    else {
        return false;
    };
    let lower = middle.to_lowercase();
    lower.starts_with(".sync-conflict-")
        || (lower.starts_with(" (") && lower.contains("conflict"))
        || lower.starts_with("_conflict")
        || lower.starts_with("-conflict")
}

/// Puts the modes fob keeps back after git touched the folder (git records no modes and writes files as
/// the umask says): the vault 0600, its folder 0700.
pub fn restore_modes(vault: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if vault.exists() {
        std::fs::set_permissions(vault, std::fs::Permissions::from_mode(0o600))?;
    }
    if let Some(dir) = vault.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// The name of this machine, for commit messages: the kernel's host name.
#[must_use]
pub fn machine_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown host".to_owned())
}

/// A file name as a literal gitattributes/gitignore pattern.
fn glob_escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\' | '!' | '#' | ' ') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Single-quotes a word for the shell git runs drivers with.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_conflict_copies_of_file_sync_tools() {
        for name in [
            "vault.sync-conflict-20261130-101010-ABCDEFG.age",
            "vault (conflicted copy 2026-11-30).age",
            "vault (Bob's conflicted copy 2026-11-30).age",
            "vault_conflict-20261130.age",
        ] {
            assert!(is_conflict_copy(name, "vault", "age"), "{name}");
        }
        for name in [
            "vault.age",
            "vault.age.lock",
            "vaults.age",
            "other.sync-conflict-1.age",
        ] {
            assert!(!is_conflict_copy(name, "vault", "age"), "{name}");
        }
    }

    #[test]
    fn quotes_survive_the_shell() {
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
        assert_eq!(glob_escape("my vault[1].age"), r"my\ vault\[1\].age");
    }
}
