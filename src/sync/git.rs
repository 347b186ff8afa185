//! Running the `git` found on PATH: fob links no git library. Every call runs in the vault's folder with
//! an environment that carries no passphrase (git, its hooks and its ssh never need one of fob's) and
//! nothing that would point git at another repository.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Why a git command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No `git` on PATH.
    #[error("git is not installed (not found on PATH)")]
    NotInstalled,
    /// git ran and failed.
    #[error("`git {command}` failed: {reason}")]
    Failed {
        /// The git subcommand and its arguments, without paths to secrets (fob passes none).
        command: String,
        /// git's own last line of complaint.
        reason: String,
    },
    /// git could not be started.
    #[error("cannot run git: {0}")]
    Io(#[source] std::io::Error),
}

/// A git work tree: the vault's folder.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
}

impl Git {
    /// git run in `dir`.
    #[must_use]
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
        }
    }

    /// The folder git runs in.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs git and returns its standard output; a non-zero exit is an error naming git's complaint.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Vec<u8>, Error> {
        let output = self.output(args)?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(failure(args, &output))
        }
    }

    /// Like [`Self::run`], as trimmed text.
    pub fn text<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<String, Error> {
        let out = self.run(args)?;
        Ok(String::from_utf8_lossy(&out).trim().to_owned())
    }

    /// Runs git and says whether it exited 0 (for questions git answers with its status).
    pub fn succeeds<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<bool, Error> {
        Ok(self.output(args)?.status.success())
    }

    /// Runs git and returns everything it did, success or not.
    pub fn output<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Output, Error> {
        command("git")
            .current_dir(&self.dir)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Error::NotInstalled,
                _ => Error::Io(e),
            })
    }
}

/// git, as a child that is not fob ([`crate::child`]: no passphrase in its environment), with nothing
/// in its environment that would send it to another repository than the one asked for, and speaking
/// the words fob parses whatever the user's language.
fn command(program: &str) -> Command {
    let mut cmd = crate::child::command(program);
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("LC_ALL", "C");
    cmd
}

fn failure<S: AsRef<OsStr>>(args: &[S], output: &Output) -> Error {
    let command = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Error::failed(command, &String::from_utf8_lossy(&output.stderr))
}

impl Error {
    /// git's failure, worded by its first `fatal:` or `error:` line, else its last line of complaint
    /// (its hints are for git users, not fob's). A failed fetch ends in advice ("Please make sure you
    /// have the correct access rights / and the repository exists."), whose last line alone says nothing.
    pub(crate) fn failed(command: impl Into<String>, stderr: &str) -> Self {
        let lines = || stderr.lines().map(str::trim);
        let reason = lines()
            .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
            .or_else(|| lines().rfind(|l| !l.is_empty() && !l.starts_with("hint:")))
            .unwrap_or("no reason given")
            .to_owned();
        Self::Failed {
            command: command.into(),
            reason,
        }
    }
}
