//! `fob add NAME`: store a secret read hidden from the terminal or from stdin.

use std::io::{IsTerminal, Read};

use age::secrecy::ExposeSecret;
use fob::entry::{Algorithm, Entry, Kind, Name, Otp};
use fob::secret::Secret;
use zeroize::Zeroizing;

use crate::cli::{AddArgs, AlgorithmArg};
use crate::error::CliError;
use crate::prompt;
use crate::session::{Context, Session};

/// Enough for any real secret, or a pasted otpauth URI line; more is a mistake.
const MAX_STDIN_SECRET: u64 = 64 * 1024;

pub fn run(ctx: &Context, args: &AddArgs) -> Result<(), CliError> {
    let name = Name::parse(&args.name).map_err(|e| CliError::bad_name(&args.name, e))?;
    let otp = read_otp(args, &name)?;
    let description = describe(&otp);

    let (mut session, guard) = Session::open_for_change(ctx)?;
    let now = jiff::Timestamp::now();
    let vault = &mut session.unlocked.vault;
    let (verb, change) = match vault.position_of_name(&name) {
        Some(i) if args.force => {
            vault.replace_otp(i, otp, now);
            ("replaced the secret of", "add --force")
        }
        Some(_) => {
            return Err(CliError::new(format!(
                "an entry named {:?} already exists",
                name.to_string()
            ))
            .hint("pass --force to replace its secret (the old vault is kept as a generation)"));
        }
        None => {
            vault.add(Entry::new(name.clone(), otp, now))?;
            ("added", "add")
        }
    };
    session.save(ctx, &guard, &format!("{change} {name}"))?;
    ctx.talk.say(format!("{verb} {name} ({description})"));
    Ok(())
}

/// The secret as typed or piped, with the flags' settings; or, when it is a whole otpauth:// URI (pasted
/// from a site, as `pass otp insert` takes it), the URI's secret and settings under NAME.
fn read_otp(args: &AddArgs, name: &Name) -> Result<Otp, CliError> {
    let text = read_secret_text(name)?;
    let is_uri = ["otpauth://", "steam://"].iter().any(|prefix| {
        text.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    });
    if is_uri {
        // The error names what is wrong, never the URI: it holds the secret.
        let parsed = fob::formats::otpauth::parse(&text)
            .map_err(|e| CliError::new(format!("bad otpauth URI: {e}")))?;
        return Ok(parsed.otp);
    }
    let secret =
        Secret::from_base32(&text).map_err(|e| CliError::new(format!("bad secret: {e}")))?;
    Ok(otp_from(args, secret))
}

fn read_secret_text(name: &Name) -> Result<Zeroizing<String>, CliError> {
    let text = if std::io::stdin().is_terminal() {
        let typed = prompt::hidden(&format!("Secret for {name} (base32)"))?;
        Zeroizing::new(typed.expose_secret().to_owned())
    } else {
        let mut buf = Zeroizing::new(Vec::new());
        std::io::stdin()
            .take(MAX_STDIN_SECRET + 1)
            .read_to_end(&mut buf)
            .map_err(|e| CliError::new(format!("cannot read the secret from stdin: {e}")))?;
        if buf.len() as u64 > MAX_STDIN_SECRET {
            return Err(CliError::new(
                "stdin holds more than a secret (over 64 KiB)",
            ));
        }
        let text = std::str::from_utf8(&buf)
            .map_err(|_| CliError::new("the secret on stdin is not text"))?;
        Zeroizing::new(text.trim().to_owned())
    };
    Ok(text)
}

fn otp_from(args: &AddArgs, secret: Secret) -> Otp {
    if args.steam {
        return Otp::steam(secret);
    }
    let kind = if args.hotp {
        Kind::Hotp {
            counter: args.counter.unwrap_or(0),
        }
    } else {
        Kind::Totp {
            period: args.period,
        }
    };
    let algorithm = match args.algorithm {
        AlgorithmArg::Sha1 => Algorithm::Sha1,
        AlgorithmArg::Sha256 => Algorithm::Sha256,
        AlgorithmArg::Sha512 => Algorithm::Sha512,
    };
    Otp {
        secret,
        kind,
        algorithm,
        digits: args.digits,
    }
}

/// `totp, SHA1, 6 digits, every 30 s`: what was stored, so a wrong flag is noticed now.
pub fn describe(otp: &Otp) -> String {
    match otp.kind {
        Kind::Steam => "Steam Guard".to_owned(),
        Kind::Totp { period } => format!(
            "totp, {}, {} digits, every {period} s",
            otp.algorithm, otp.digits
        ),
        Kind::Hotp { counter } => format!(
            "hotp, {}, {} digits, counter {counter}",
            otp.algorithm, otp.digits
        ),
    }
}
