//! The one place that turns failures into words and exit codes. Every message is one line naming the
//! problem, optionally followed by what to do; none contains a secret.

use std::process::ExitCode;

use fob::storage;
use fob::vault::{self, NameTaken, QueryError};

/// fob's documented exit statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: only for a closed stdout pipe, which is the reader's choice, not a failure.
    BrokenPipe = 0,
    /// 1: anything that went wrong at run time.
    Error = 1,
    /// 2: the command line itself was wrong (clap uses 2 too).
    Usage = 2,
    /// 3: a query matched no entry, or several.
    NoMatch = 3,
    /// 4: the vault could not be unlocked.
    Unlock = 4,
    /// 5: `fob verify` refused to check: the entry is locked out.
    LockedOut = 5,
}

/// Every exit status a user can meet and what it means: the one source of the table in `--help`, the man
/// pages' EXIT STATUS and docs/cli.md (written by `fob generate`).
pub const EXIT_STATUSES: &[(u8, &str)] = &[
    (0, "success"),
    (
        Exit::Error as u8,
        "error: bad input, a damaged or unreadable file, I/O, no clipboard, a code fob verify rejects",
    ),
    (
        Exit::Usage as u8,
        "usage error: unknown command or flag, bad flag value",
    ),
    (
        Exit::NoMatch as u8,
        "no entry matches the query, or more than one does",
    ),
    (
        Exit::Unlock as u8,
        "the vault could not be unlocked: wrong passphrase or identity, or none given",
    ),
    (
        Exit::LockedOut as u8,
        "fob verify: the entry is locked out after too many failed attempts",
    ),
];

/// The exit statuses as `--help` shows them.
pub fn exit_statuses_help() -> String {
    let mut text = String::from("Exit status:");
    for (code, meaning) in EXIT_STATUSES {
        text.push_str(&format!("\n  {code}  {meaning}"));
    }
    text
}

/// A failure ready to print.
#[derive(Debug)]
pub struct CliError {
    /// The problem, one line.
    pub message: String,
    /// Further lines: what to do, or the candidates of an ambiguous query.
    pub details: Vec<String>,
    /// The exit status.
    pub exit: Exit,
    /// The vault file itself is damaged (see `vault::Error::is_damage`): `restore --generation N
    /// --replace` goes on without it.
    pub damaged_vault: bool,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            details: Vec::new(),
            exit: Exit::Error,
            damaged_vault: false,
        }
    }

    pub fn unlock(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::Unlock,
            ..Self::new(message)
        }
    }

    /// stdout was closed by its reader: stop quietly, successfully (as ripgrep and bat do).
    pub fn broken_pipe() -> Self {
        Self {
            exit: Exit::BrokenPipe,
            ..Self::new("")
        }
    }

    /// Writing to stdout failed: quietly successful when its reader closed it (see `broken_pipe`).
    #[allow(clippy::needless_pass_by_value)] // by value, to be `.map_err(CliError::stdout)`
    pub fn stdout(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Self::broken_pipe()
        } else {
            Self::new(format!("cannot write to stdout: {e}"))
        }
    }

    pub fn locked_out(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::LockedOut,
            ..Self::new(message)
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::Usage,
            ..Self::new(message)
        }
    }

    /// A name given for an entry that fob refuses: quoted, but a long one only by its start and length,
    /// so the line stays one that names the problem.
    pub fn bad_name(given: &str, problem: impl std::fmt::Display) -> Self {
        const SHOWN: usize = 40;
        let length = given.chars().count();
        let quoted = if length > SHOWN {
            let start: String = given.chars().take(SHOWN).collect();
            format!("{start:?}... ({length} characters)")
        } else {
            format!("{given:?}")
        };
        Self::usage(format!("bad name {quoted}: {problem}"))
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.details.push(hint.into());
        self
    }

    /// Prints the error to stderr, `fob: ` first, as ripgrep and fd do.
    pub fn report(&self) -> ExitCode {
        if self.exit == Exit::BrokenPipe {
            return ExitCode::SUCCESS;
        }
        crate::output::talk_line(&format!("fob: {}", crate::output::clean(&self.message)));
        for line in &self.details {
            crate::output::talk_line(&format!("  {}", crate::output::clean(line)));
        }
        ExitCode::from(self.exit as u8)
    }
}

impl From<storage::Error> for CliError {
    fn from(e: storage::Error) -> Self {
        let hint = match &e {
            storage::Error::NotFound { .. } => {
                Some("run `fob init` to create one, or point --vault / FOB_VAULT at yours".to_owned())
            }
            storage::Error::UnsafeFolder { .. } => Some(
                "move the vault to a folder only you can write to, or chmod 700 the folder".to_owned(),
            ),
            storage::Error::UnsafeFile { path, .. } => Some(format!(
                "chmod 600 {} if you trust what it holds now",
                path.display()
            )),
            storage::Error::ForeignOwner { .. } => Some(
                "keep the vault in a folder you own (the default is ~/.local/share/fob)".to_owned(),
            ),
            storage::Error::LinkedLockFile { .. } => Some(
                "someone who can write to the vault's folder may have planted it: remove it, and fob makes a new one"
                    .to_owned(),
            ),
            storage::Error::ReadOnly { path, .. } => {
                Some(format!("chmod 600 {} to let fob change it", path.display()))
            }
            storage::Error::AlreadyExists { .. } => {
                Some("to change how it is locked, use `fob passwd`".to_owned())
            }
            _ => None,
        };
        let err = Self::new(e.to_string());
        match hint {
            Some(h) => err.hint(h),
            None => err,
        }
    }
}

impl From<vault::Error> for CliError {
    fn from(e: vault::Error) -> Self {
        let e = match e {
            vault::Error::Storage(e) => return e.into(),
            other => other,
        };
        let hint = match &e {
            vault::Error::NobodyToAsk { .. } => {
                Some("run fob on a terminal, or use a key that needs no passphrase".to_owned())
            }
            vault::Error::Plugin { .. } => Some(
                "check that the key is plugged in; a plugin that asks for a PIN or a touch needs fob on a terminal"
                    .to_owned(),
            ),
            vault::Error::Truncated | vault::Error::Damaged | vault::Error::BadJson { .. } => Some(
                "the file was left as it is; `fob restore --generation 1 --replace` puts back the vault before the last change"
                    .to_owned(),
            ),
            _ => None,
        };
        let mut err = Self {
            exit: if e.is_unlock_failure() {
                Exit::Unlock
            } else {
                Exit::Error
            },
            damaged_vault: e.is_damage(),
            ..Self::new(e.to_string())
        };
        if let Some(h) = hint {
            err = err.hint(h);
        }
        err
    }
}

impl From<fob::trust::Error> for CliError {
    fn from(e: fob::trust::Error) -> Self {
        use fob::trust::Error;
        let hint = match &e {
            Error::NotAccepted { .. } => {
                "if you added them (on another machine, say), run `fob passwd --accept-recipients`; if not, someone else changed the vault: nothing was written"
            }
            Error::IdentityNotRecipient { .. } => {
                "someone may have rewritten the vault: nothing was written (`fob restore --list-generations` shows earlier copies)"
            }
            Error::Unreadable { .. } => {
                "repair or remove it; without it, fob trusts the keys each vault lists the next time it meets it"
            }
            _ => "",
        };
        let mut err = match e {
            Error::Storage(v) => return v.into(),
            other => Self::new(other.to_string()),
        };
        if !hint.is_empty() {
            err = err.hint(hint);
        }
        err
    }
}

impl From<QueryError> for CliError {
    fn from(e: QueryError) -> Self {
        let mut err = Self {
            exit: Exit::NoMatch,
            ..Self::new(e.to_string())
        };
        if let QueryError::Ambiguous { candidates, .. } = e {
            err.details = candidates;
        }
        err
    }
}

impl From<fob::merge::Refused> for CliError {
    fn from(e: fob::merge::Refused) -> Self {
        Self::new(e.to_string()).hint("nothing was restored; the vault is unchanged")
    }
}

impl From<NameTaken> for CliError {
    fn from(e: NameTaken) -> Self {
        Self::new(e.to_string())
    }
}

impl From<fob::sync::Error> for CliError {
    fn from(e: fob::sync::Error) -> Self {
        let hint = match &e {
            fob::sync::Error::NotInstalled => Some(
                "install git (Debian and Ubuntu: apt install git; Fedora: dnf install git; macOS: xcode-select --install)",
            ),
            fob::sync::Error::Failed { command, .. }
                if command.starts_with("fetch") || command.starts_with("push") =>
            {
                Some("nothing here was changed: check that the remote is reachable and try again")
            }
            _ => None,
        };
        let err = Self::new(e.to_string());
        match hint {
            Some(h) => err.hint(h),
            None => err,
        }
    }
}
