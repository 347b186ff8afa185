//! The only code that talks to a terminal: hidden passphrase and secret prompts and yes/no questions,
//! through dialoguer (which reads /dev/tty and draws on stderr).
//!
//! dialoguer turns echo off while a passphrase is typed and does not handle Ctrl-C, so a SIGINT there
//! would leave the shell without echo. A watcher thread restores the saved terminal settings and then
//! lets the signal end the process as it normally would.

use std::io::IsTerminal;
use std::sync::{Mutex, Once};

use age::secrecy::{ExposeSecret, SecretString};
use fob::vault::seal;
use zeroize::Zeroizing;

use crate::error::CliError;

/// Whether a person can be asked: dialoguer draws on stderr and fails at once without a terminal there.
pub fn can_ask() -> bool {
    std::io::stderr().is_terminal()
}

/// Asks for a hidden value once.
pub fn hidden(prompt: &str) -> Result<SecretString, CliError> {
    with_sane_terminal(|| dialoguer::Password::new().with_prompt(prompt).interact())
}

/// Asks for a new passphrase twice, until the two agree. An empty one is refused with the reason, and a
/// mismatch is told as a plain line (not dialoguer's `error:`): the person only has to type again.
pub fn new_passphrase(prompt: &str) -> Result<SecretString, CliError> {
    let ask = |prompt: &str| {
        with_sane_terminal(|| {
            dialoguer::Password::new()
                .with_prompt(prompt)
                .allow_empty_password(true)
                .interact()
        })
    };
    loop {
        let first = ask(prompt)?;
        if first.expose_secret().is_empty() {
            crate::output::talk_line(
                "an empty passphrase is refused: anyone who has the file could open it",
            );
            continue;
        }
        let second = ask("Repeat it")?;
        if same(first.expose_secret(), second.expose_secret()) {
            return Ok(first);
        }
        crate::output::talk_line("they differ, try again");
    }
}

/// Compares two passphrases in time that depends on their length only, as rage does.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Shows the prompt for a line the caller reads from stdin, which is the terminal: the terminal's own line
/// editing ends it on Enter. For a one-time code, which is typed in view: it is worthless once checked.
pub fn before_line(prompt: &str) {
    eprint!("{prompt}");
}

/// Asks yes or no; anything but yes is no.
pub fn confirm(question: &str) -> Result<bool, CliError> {
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(|e| prompt_error(&e))
}

/// The person at the terminal, as the age plugins of hardware keys (and passphrase-protected SSH keys)
/// reach them: messages ("touch your key") on stderr, PINs hidden. With no terminal nothing is asked:
/// the plugin is told so and fails at once, which fob reports as an unlock failure.
struct Terminal;

impl seal::Prompter for Terminal {
    fn message(&self, message: &str) {
        crate::output::talk_line(&crate::output::clean(message));
    }

    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Option<bool> {
        if !can_ask() {
            return None;
        }
        let choices = format!("{} = {yes}, {} = {}", "y", "n", no.unwrap_or("no"));
        let question = format!("{} ({choices})", crate::output::clean(message));
        confirm(&question).ok()
    }

    fn public(&self, description: &str) -> Option<String> {
        if !can_ask() {
            return None;
        }
        dialoguer::Input::<String>::new()
            .with_prompt(crate::output::clean(description))
            .interact_text()
            .ok()
    }

    fn secret(&self, description: &str) -> Option<SecretString> {
        if !can_ask() {
            return None;
        }
        hidden(&crate::output::clean(description)).ok()
    }
}

/// The callbacks through which age plugins and SSH keys ask the person at the terminal.
pub fn plugin_callbacks() -> seal::Callbacks {
    seal::Callbacks::new(Terminal)
}

fn with_sane_terminal(
    ask: impl FnOnce() -> dialoguer::Result<String>,
) -> Result<SecretString, CliError> {
    watch_interrupts();
    *SAVED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = saved_terminal();
    let answer = ask().map(Zeroizing::new);
    *SAVED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    let answer = answer.map_err(|e| prompt_error(&e))?;
    Ok(SecretString::from(answer.as_str().to_owned()))
}

fn prompt_error(e: &dialoguer::Error) -> CliError {
    let dialoguer::Error::IO(io) = e;
    if io.kind() == std::io::ErrorKind::Interrupted {
        CliError::new("interrupted; nothing was changed")
    } else {
        CliError::new(format!("cannot ask on the terminal: {io}"))
    }
}

/// The terminal settings from before a hidden prompt, while one is open.
static SAVED: Mutex<Option<rustix::termios::Termios>> = Mutex::new(None);

fn saved_terminal() -> Option<rustix::termios::Termios> {
    let tty = std::fs::File::open("/dev/tty").ok()?;
    rustix::termios::tcgetattr(&tty).ok()
}

fn watch_interrupts() {
    static START: Once = Once::new();
    START.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let saved = SAVED
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take();
                if let (Some(termios), Ok(tty)) = (
                    saved,
                    std::fs::OpenOptions::new().write(true).open("/dev/tty"),
                ) {
                    let _ = rustix::termios::tcsetattr(
                        &tty,
                        rustix::termios::OptionalActions::Now,
                        &termios,
                    );
                    eprintln!();
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    });
}
