//! One file per subcommand. Each turns its clap arguments into core calls and says what happened.

pub mod add;
pub mod backup;
pub mod code;
pub mod export;
pub mod import;
pub mod init;
pub mod list;
pub mod live;
pub mod lock;
pub mod merge_driver;
pub mod paper;
pub mod passwd;
pub mod rename;
pub mod restore;
pub mod rm;
pub mod show;
pub mod status;
pub mod sync;
pub mod verify;

use fob::vault::seal::{self, Sealer};

use crate::cli::LockArgs;
use crate::error::CliError;
use crate::unlock::{self, Ask};

/// The sealer that `init`, `passwd` and `backup` ask for: recipients when given, else a new passphrase
/// from `passphrase_prefix`'s sources or asked twice with `prompt`.
pub fn sealer_from(
    args: &LockArgs,
    passphrase_prefix: &str,
    prompt: &str,
) -> Result<Sealer, CliError> {
    let mut recipients = args.recipient.clone();
    if let Some(path) = &args.recipients_file {
        recipients.extend(seal::read_recipients_file(path)?);
    }
    if !recipients.is_empty() {
        return Ok(Sealer::Recipients(seal::parse_recipients(
            &recipients,
            &crate::prompt::plugin_callbacks(),
        )?));
    }
    if args.recipients_file.is_some() {
        return Err(CliError::new("the recipients file lists no recipient"));
    }
    let passphrase = unlock::passphrase(passphrase_prefix, Ask::New(prompt))?;
    Ok(Sealer::Passphrase {
        passphrase,
        work_factor: args.work_factor,
    })
}

/// Words for how a vault is locked.
pub fn describe(sealer: &Sealer) -> String {
    match sealer {
        Sealer::Passphrase { work_factor, .. } => {
            format!("a passphrase (scrypt work factor {work_factor})")
        }
        Sealer::Delegated { work_factor } => {
            format!("a passphrase (scrypt work factor {work_factor}), held by fob agent")
        }
        Sealer::Recipients(r) if r.len() == 1 => "1 age recipient".to_owned(),
        Sealer::Recipients(r) => format!("{} age recipients", r.len()),
    }
}
