//! `fob show QUERY [--uri | --qr]`: one entry's settings, or its otpauth URI (secret included) as text or
//! as a QR code drawn in the terminal, for re-enrolling a phone.

use std::io::IsTerminal;

use fob::entry::Kind;
use fob::formats::otpauth;

use crate::cli::ShowArgs;
use crate::error::CliError;
use crate::output;
use crate::session::{Context, Session};

pub fn run(ctx: &Context, args: &ShowArgs) -> Result<(), CliError> {
    if (args.uri || args.qr) && !args.force && !std::io::stdout().is_terminal() {
        return Err(
            CliError::new("refusing to write a secret to a pipe or file")
                .hint("pass --force if that is what you want (the URI holds the secret in clear)"),
        );
    }
    let session = Session::open(ctx)?;
    let vault = &session.unlocked.vault;
    let entry = &vault.entries[vault.find(&args.query)?];
    if args.uri {
        let uri = otpauth::format(&entry.name, &entry.otp);
        return output::print(&format!("{}\n", uri.as_str())).map_err(CliError::stdout);
    }
    if args.qr {
        let uri = otpauth::format_short(&entry.name, &entry.otp);
        let cannot = |e: fob::export::qr::RenderError| {
            CliError::new(format!("cannot draw {}: {e}", entry.name))
        };
        let (columns, lines) = fob::export::qr::terminal_size(&uri).map_err(cannot)?;
        // A code cut by the edge of the window does not scan: say what it needs instead.
        if let Ok((have_columns, have_lines)) = crossterm::terminal::size()
            && have_columns > 0
            && (columns > usize::from(have_columns) || lines > usize::from(have_lines))
        {
            return Err(CliError::new(format!(
                "the QR code of {} needs a terminal of at least {columns} x {lines} (columns x lines); this one is {have_columns} x {have_lines}",
                output::clean(&entry.name.to_string())
            ))
            .hint("enlarge the window or make its font smaller, or write a PNG with fob export --qr DIR QUERY"));
        }
        let drawing = fob::export::qr::terminal(&uri).map_err(cannot)?;
        return output::print(&drawing).map_err(CliError::stdout);
    }
    let mut text = format!(
        "name:       {}\nissuer:     {}\naccount:    {}\ntype:       {}\nalgorithm:  {}\ndigits:     {}\n",
        output::clean(&entry.name.to_string()),
        output::clean(&entry.name.issuer),
        output::clean(&entry.name.account),
        entry.otp.kind.name(),
        entry.otp.algorithm,
        entry.otp.digits,
    );
    match entry.otp.kind {
        Kind::Hotp { counter } => text.push_str(&format!("counter:    {counter}\n")),
        kind => text.push_str(&format!(
            "period:     {} s\n",
            kind.period().unwrap_or_default()
        )),
    }
    text.push_str(&format!(
        "secret:     {} bits (fob show --uri reveals it)\nid:         {}\ncreated:    {}\nmodified:   {}\n",
        entry.otp.secret.bits(),
        entry.id,
        entry.created,
        entry.modified
    ));
    output::print(&text).map_err(CliError::stdout)
}
