//! The `fob` command: parses the command line, dispatches to one command, and turns the outcome into
//! an exit status. Everything about secrets, files and codes lives in the `fob` library.

mod agent;
mod cli;
mod clipboard;
mod clock;
mod commands;
mod config;
mod error;
mod generate;
mod memory;
mod names;
mod output;
mod passphrase_sources;
mod paths;
mod prompt;
mod session;
mod trust;
mod unlock;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use fob::storage::VaultFile;

use crate::cli::{Cli, CodeArgs, Command};
use crate::error::CliError;
use crate::output::Talk;
use crate::session::Context;

#[global_allocator]
static ALLOCATOR: memory::Allocator = memory::Allocator;

fn main() -> ExitCode {
    memory::keep_out_of_core_dumps();
    // A QR decoder that panics on a strange picture is caught and reported as "could not decode"; its
    // panic message would only look like a crash of fob.
    let report_panic = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !fob::import::qr::containing_a_panic() {
            report_panic(info);
        }
    }));
    let cli = cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    // These need no vault, not even a home folder.
    match &cli.command {
        Some(Command::Completions(args)) => {
            return output::print(&String::from_utf8_lossy(&generate::completions(args.shell)))
                .map_err(CliError::stdout);
        }
        Some(Command::Generate(args)) => {
            let written = generate::write_all(&args.out_dir).map_err(|e| {
                CliError::new(format!(
                    "cannot write under {}: {e}",
                    args.out_dir.display()
                ))
            })?;
            Talk {
                quiet: cli.global.quiet,
            }
            .say(format!("wrote {} files", written.len()));
            return Ok(());
        }
        _ => {}
    }
    let path = vault_path(cli.global.vault)?;
    if path.is_dir() {
        return Err(CliError::new(format!(
            "{} is a folder: give a file such as {}",
            path.display(),
            path.join("vault.age").display()
        ))
        .hint("--vault and FOB_VAULT name the vault file itself"));
    }
    let ctx = Context {
        file: VaultFile::new(&path),
        identity: cli.global.identity,
        talk: Talk {
            quiet: cli.global.quiet,
        },
        unbacked_after_save: std::cell::Cell::new(None),
        config: std::cell::OnceCell::new(),
    };
    if cli.command.is_none() {
        no_command(&ctx, cli.print)?;
    } else {
        dispatch(&ctx, cli.command.as_ref())?;
    }
    remind_about_backups(&ctx);
    Ok(())
}

fn dispatch(ctx: &Context, command: Option<&Command>) -> Result<(), CliError> {
    match command {
        Some(Command::Init(args)) => commands::init::run(ctx, args),
        Some(Command::Add(args)) => commands::add::run(ctx, args),
        Some(Command::Import(args)) => commands::import::run(ctx, args),
        Some(Command::List(args)) => commands::list::run(ctx, args),
        Some(Command::Code(args)) => commands::code::run(ctx, args),
        Some(Command::Verify(args)) => commands::verify::run(ctx, args),
        Some(Command::VerifyLog(args)) => commands::verify::print_log(ctx, args),
        Some(Command::Show(args)) => commands::show::run(ctx, args),
        Some(Command::Export(args)) => commands::export::run(ctx, args),
        Some(Command::Paper(args)) => commands::paper::run(ctx, args),
        Some(Command::Rename(args)) => commands::rename::run(ctx, args),
        Some(Command::Rm(args)) => commands::rm::run(ctx, args),
        Some(Command::Passwd(args)) => commands::passwd::run(ctx, args),
        Some(Command::Backup(args)) => commands::backup::run(ctx, args),
        Some(Command::Restore(args)) => commands::restore::run(ctx, args),
        Some(Command::Status(args)) => commands::status::run(ctx, args),
        Some(Command::Sync(args)) => commands::sync::run(ctx, args),
        Some(Command::MergeDriver(args)) => commands::merge_driver::run(ctx, args),
        Some(Command::Textconv(args)) => commands::merge_driver::textconv(ctx, args),
        Some(Command::Unlock(args)) => commands::lock::unlock(ctx, args),
        Some(Command::Lock(_)) => commands::lock::forget(ctx),
        Some(Command::Agent(args)) => agent::server::run(
            &ctx.file,
            &agent::place::Place::from_socket(args.socket.clone()),
        ),
        Some(Command::Names(_)) => names::print(ctx.file.path(), ctx.config()),
        Some(Command::Completions(_) | Command::Generate(_)) | None => {
            unreachable!("handled in run")
        }
    }
}

/// Nobody remembers to back up: after any change, say plainly when entries are in no backup.
fn remind_about_backups(ctx: &Context) {
    let Some(count) = ctx.unbacked_after_save.get().filter(|&n| n > 0) else {
        return;
    };
    let silenced = std::env::var_os(cli::ENV_NO_BACKUP_REMINDER).is_some_and(|v| v == "1")
        || !ctx.config().backup_reminder;
    if !silenced {
        let (noun, verb) = if count == 1 {
            ("entry", "is")
        } else {
            ("entries", "are")
        };
        ctx.talk.say(format!(
            "{count} {noun} {verb} in no backup: run fob backup DEST"
        ));
    }
}

/// `fob` alone: the live view on a terminal, the codes table for scripts, otherwise how to begin.
fn no_command(ctx: &Context, print: bool) -> Result<(), CliError> {
    if !ctx.file.exists() {
        return Err(CliError::usage(format!("no vault at {} yet", ctx.file.path().display()))
            .hint("create one with `fob init`, then `fob add NAME` or `fob import FILE`; `fob --help` lists every command"));
    }
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        return commands::live::run(ctx, print);
    }
    commands::code::run(
        ctx,
        &CodeArgs {
            query: None,
            at: None,
            next: false,
            json: false,
            fresh: None,
            copy: false,
            clear_after: 0,
        },
    )
}

/// --vault / `FOB_VAULT`, else `vault.age` in the user's data folder (XDG on Linux).
fn vault_path(given: Option<PathBuf>) -> Result<PathBuf, CliError> {
    if let Some(path) = given {
        return Ok(path);
    }
    paths::default_vault().ok_or_else(|| {
        CliError::new("cannot find a home folder for the vault")
            .hint("pass --vault PATH or set FOB_VAULT")
    })
}
