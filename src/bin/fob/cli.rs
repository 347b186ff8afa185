//! The command line, defined once: `--help`, completions and man pages are all generated from these types.
//!
//! Doc comments here are help text for people, not rustdoc: names like FOB_PASSPHRASE stay bare.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Where the vault is, instead of the default.
pub const ENV_VAULT: &str = "FOB_VAULT";
/// An age identity file that unlocks a recipient-locked vault.
pub const ENV_IDENTITY: &str = "FOB_IDENTITY";
/// scrypt work factor for new passphrase vaults.
pub const ENV_WORK_FACTOR: &str = "FOB_WORK_FACTOR";
/// The prefix of the vault passphrase's sources (`crate::passphrase_sources`).
pub const ENV_PASSPHRASE: &str = "FOB_PASSPHRASE";
/// The prefix of the sources of a new passphrase for `fob passwd`.
pub const ENV_NEW_PASSPHRASE: &str = "FOB_NEW_PASSPHRASE";
/// The prefix of the sources of a backup passphrase.
pub const ENV_BACKUP_PASSPHRASE: &str = "FOB_BACKUP_PASSPHRASE";
/// The prefix of the sources of the password of an encrypted file given to `fob import`.
pub const ENV_IMPORT_PASSPHRASE: &str = "FOB_IMPORT_PASSPHRASE";
/// The prefix of the sources of the password for `fob export --format` of an encrypted format.
pub const ENV_EXPORT_PASSPHRASE: &str = "FOB_EXPORT_PASSPHRASE";
/// An age identity file that opens recipient-encrypted backups.
pub const ENV_BACKUP_IDENTITY: &str = "FOB_BACKUP_IDENTITY";
/// Set to 1 to silence the "entries are in no backup" reminder.
pub const ENV_NO_BACKUP_REMINDER: &str = "FOB_NO_BACKUP_REMINDER";
/// Set to 0 to stop fob from keeping the list of entry names that shell completion reads.
pub const ENV_NAME_CACHE: &str = "FOB_NAME_CACHE";
/// Set to 0 to skip the check that the system clock is synchronised.
pub const ENV_CLOCK_CHECK: &str = "FOB_CLOCK_CHECK";

/// Every FOB_* variable but the passphrase sources (`crate::passphrase_sources`) and what it does, for the
/// man pages' ENVIRONMENT section.
pub const ENVIRONMENT_VARIABLES: &[(&str, &str)] = &[
    (
        ENV_VAULT,
        "The vault file, instead of $XDG_DATA_HOME/fob/vault.age (same as --vault).",
    ),
    (
        ENV_IDENTITY,
        "An age identity file that unlocks a vault locked to recipients (same as --identity).",
    ),
    (
        ENV_WORK_FACTOR,
        "scrypt work factor (log2 N) for new passphrases (same as --work-factor).",
    ),
    (
        ENV_BACKUP_IDENTITY,
        "An age identity file that opens backups encrypted to recipients (same as --backup-identity).",
    ),
    (
        ENV_NO_BACKUP_REMINDER,
        "Set to 1 to silence the \"entries are in no backup\" reminder printed after changes.",
    ),
    (
        ENV_NAME_CACHE,
        "Set to 0 to keep no entry-name cache for shell completion (and remove an existing one).",
    ),
    (
        ENV_CLOCK_CHECK,
        "Set to 0 to skip the check that the system clock is synchronised.",
    ),
];

/// A command-line authenticator: TOTP/HOTP secrets in one age-encrypted vault.
///
/// fob keeps one-time-password secrets in a single age-encrypted vault file, prints current codes for
/// people and scripts, and imports the otpauth:// URIs that sites and phone apps give out. The vault is a
/// standard age file holding documented JSON, so `age -d` recovers it without fob.
///
/// Run with no command on a terminal for a live view of every code: type to filter, Up/Down to choose,
/// Enter to copy the code (--print: print it and leave), Esc to leave. Off a terminal it prints the
/// codes table, as `fob code` does.
#[derive(Debug, Parser)]
#[command(
    name = "fob",
    bin_name = "fob",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = crate::error::exit_statuses_help(),
    after_long_help = format!("{}\n\n{}", crate::passphrase_sources::help(), crate::error::exit_statuses_help())
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    /// With no command, on a terminal: Enter prints the chosen code and leaves the live view, instead of
    /// copying it
    #[arg(long)]
    pub print: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

// Options every command takes, before or after its name (`fob --vault V code`, `fob code --vault V`);
// typed after the name, they win. Listed after each command's own options. (A plain comment: a doc
// comment would become the help of each command.)
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The vault file [default: $XDG_DATA_HOME/fob/vault.age]
    #[arg(long, global = true, display_order = 900, env = ENV_VAULT, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub vault: Option<PathBuf>,

    /// An identity file that unlocks a vault locked to recipients: age-keygen's, an age plugin's
    /// (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key
    #[arg(long, short = 'i', global = true, display_order = 901, env = ENV_IDENTITY, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub identity: Option<PathBuf>,

    /// Say nothing on stderr but errors
    #[arg(long, short, global = true, display_order = 902)]
    pub quiet: bool,
}

/// Parses the process's arguments, or prints help, a version or a usage error and exits (status 2).
pub fn parse() -> Cli {
    try_parse()
        .map_err(without_internal_suggestions)
        .unwrap_or_else(|e| e.exit())
}

/// clap suggests hidden commands for a typo too (`fob delete`: "did you mean generate?"); those are
/// fob's own plumbing, never what a person meant.
fn without_internal_suggestions(mut e: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue};
    let Some(ContextValue::Strings(suggested)) = e.get(ContextKind::SuggestedSubcommand) else {
        return e;
    };
    let command = Cli::command();
    let hidden: Vec<&str> = command
        .get_subcommands()
        .filter(|c| c.is_hide_set())
        .flat_map(|c| std::iter::once(c.get_name()).chain(c.get_all_aliases()))
        .collect();
    let kept: Vec<String> = suggested
        .iter()
        .filter(|s| !hidden.contains(&s.as_str()))
        .cloned()
        .collect();
    if kept.is_empty() {
        e.remove(ContextKind::SuggestedSubcommand);
    } else {
        e.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(kept),
        );
    }
    e
}

fn try_parse() -> Result<Cli, clap::Error> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = parse_with(Cli::command(), &args);
    let asked_for_help = |e: &clap::Error| {
        matches!(
            e.kind(),
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
        )
    };
    match &parsed {
        Err(e) if asked_for_help(e) => {}
        _ => return parsed,
    }
    // `fob verify QUERY "$CODE" && deploy` must not exit 0 because CODE was `--help` or `--version`:
    // once verify has a QUERY, those words are a code (refused: not digits), or, after the code, an
    // error. Only when they took the QUERY's place, with no code after, were they a request for help.
    match parse_with(verify_without_help(Cli::command()), &args) {
        Ok(cli) => match &cli.command {
            Some(Command::Verify(verify))
                if verify.code.is_some() || !verify.select.query.starts_with('-') =>
            {
                Ok(cli)
            }
            _ => parsed,
        },
        Err(e) if asked_for_help(&e) => parsed,
        Err(e) => Err(e),
    }
}

/// The command line with `fob verify`'s help and version options taken away and its QUERY, like its
/// CODE, taking words that begin with `-`: parsed with it, `--help` lands in the position it was typed.
fn verify_without_help(command: clap::Command) -> clap::Command {
    command.mut_subcommand("verify", |verify| {
        verify
            .disable_help_flag(true)
            .disable_version_flag(true)
            // `mut_arg` moves an argument to the end: the positions keep QUERY before CODE.
            .mut_arg("query", |query| query.allow_hyphen_values(true).index(1))
            .mut_arg("code", |code| code.index(2))
    })
}

fn parse_with(mut command: clap::Command, args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    let mut matches = command.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut command))
}

/// Each command's help is on its variant. The argument structs flattened into a command have plain
/// comments: a doc comment there would be a second description of the same command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty vault
    ///
    /// Locks it with a passphrase (asked twice on the terminal, or taken from the FOB_PASSPHRASE sources:
    /// see `fob --help`) or, with --recipient, with age public keys so that an identity file unlocks it
    /// without a prompt. Refuses to overwrite an existing vault.
    Init(InitArgs),
    /// Add an entry; the secret is read hidden from the terminal, or from stdin
    ///
    /// NAME is `Issuer:account` or `account`. The base32 secret is never taken from an argument (it would
    /// show in `ps` and shell history): type it at the hidden prompt, or pipe it in. Spaces, lower case and
    /// missing padding are accepted. A whole otpauth:// URI given instead (pasted from a site) brings its own
    /// type, algorithm, digits and period or counter; NAME is kept.
    Add(AddArgs),
    /// Import otpauth:// URIs, QR codes, and Aegis, 2FAS, andOTP or Bitwarden backups
    ///
    /// A text FILE holds one `otpauth://totp/...`, `otpauth://hotp/...` or `otpauth-migration://...` URI a
    /// line; blank lines and `#` comments are skipped. A picture (PNG, JPEG, WebP, GIF or BMP: a screenshot,
    /// a photo of a screen, a Google Authenticator export) is scanned for every QR code in it. A JSON file is
    /// recognised by its shape: an Aegis vault (plain or encrypted), a 2FAS backup (plain or encrypted), an
    /// andOTP backup, a Bitwarden JSON export, a FreeOTP+ JSON export, a Steam .maFile or a Proton
    /// Authenticator export. A Bitwarden CSV export is recognised by its login_totp column, FreeOTP's
    /// tokens.xml by its Android <map> (a FreeOTP+ tokens.xml needs --format freeotp-plus), FreeOTP 2's
    /// encrypted externalBackup.xml by its Java stream header. An encrypted
    /// andOTP backup is recognised by its `.aes` name or with --format andotp. stdin (`-`) may hold any of
    /// them; its content decides.
    ///
    /// Authenticator Pro (Stratum) backups, plain or encrypted, are recognised by their content. An app's
    /// own database pulled off a rooted phone is recognised too: Google Authenticator's `databases`,
    /// Microsoft Authenticator's `PhoneFactor` and Authenticator Pro's `proauth.db3`, and Authy's token
    /// files (`com.authy.storage.tokens.authenticator.xml`; its backup password opens encrypted secrets),
    /// Duo Mobile's `accounts.json`, the Battle.net app's authenticator preferences and TOTP
    /// Authenticator's preferences. A TOTP Authenticator backup has no mark of its own: give --format
    /// totp-authenticator (any password opens one made without a password). The file is only read; its `-wal` file, when
    /// one lies beside it, is read as well, since the accounts added last are often only there. An
    /// Authenticator Plus export (a zip holding Accounts.txt) and Ente Auth's encrypted export are
    /// recognised by their content too.
    ///
    /// The password of an encrypted backup is asked on the terminal or taken from the
    /// FOB_IMPORT_PASSPHRASE sources (see `fob --help`). Entries fob cannot use (mOTP, Yandex) are
    /// reported by name.
    ///
    /// Anything unreadable is reported (by line, or by picture and code) and nothing is written unless
    /// --skip-invalid. A Google Authenticator export split over several QR codes must be given whole in one
    /// command, or a missing part is reported by number (unless --allow-partial). An identical entry (same
    /// issuer, account and secret), in the vault or earlier in the import, is skipped; another name with the
    /// same secret is imported and reported; the same name with another secret is a conflict that needs
    /// --force.
    Import(ImportArgs),
    /// List entries (never their secrets), or those whose name contains QUERY
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Print current codes: one entry's code alone, or a table of all
    ///
    /// With a QUERY matching one entry, prints only its code and a newline, for scripts
    /// (`fob code github | wl-copy`). QUERY matches `Issuer:account` ignoring case, an exact match before a
    /// substring; no match or several exit with status 3. An HOTP entry's counter moves on (and is saved)
    /// before its code is printed; the table shows HOTP counters without using them.
    Code(CodeArgs),
    /// Check a code someone typed against an entry (exit 0 valid, 1 invalid, 5 locked out)
    ///
    /// For scripts that guard an action with a second factor; it exits 0 only when the code matched.
    /// CODE is the one-time code to check, not the secret; `-` or none reads one line from stdin (at most
    /// 64 bytes), after a `Code for QUERY:` prompt on a terminal. Whatever stands in CODE's place is taken
    /// as the code, even `--help`; put `--` before a code from a variable, or pipe it in. A code that is not
    /// made of the entry's characters or is not of its length is refused (exit 1) without being checked
    /// or counted.
    ///
    /// QUERY must match one entry only: an entry named exactly QUERY does not win over others that
    /// contain it (an import could have planted it), so several matches exit 3. Scripts name the entry
    /// with --exact 'Issuer:account' or --id ID.
    ///
    /// A TOTP entry accepts the current code and --window codes each side (default 1); an HOTP entry
    /// accepts the next --window counters (default 10) and moves its counter past the one matched,
    /// resynchronising it. A code accepted once is never accepted again (replayed), nor any earlier TOTP
    /// code (expired).
    ///
    /// Every attempt is saved in the vault before fob exits: after verify_max_failures failures (default 5)
    /// within verify_failure_window seconds (default 600), the entry is locked out for verify_lockout seconds
    /// (default 60), doubling for each further lock-out within a day (at most a day); while locked out, fob
    /// verify exits 5 without checking. These keys and verify_window / verify_hotp_window are read from
    /// config.toml. `fob verify-log` shows the recorded attempts; `fob status` shows failures and
    /// lock-outs.
    Verify(VerifyArgs),
    /// Print an entry's recorded `fob verify` attempts: time and result, oldest first
    VerifyLog(VerifyLogArgs),
    /// Show an entry's settings, or its otpauth URI with --uri, or a QR code of it with --qr
    Show(ShowArgs),
    /// Write entries out as QR code pictures or as another app's backup file
    ///
    /// --format FMT writes one file in another app's format to --out FILE, or to stdout: `uris` (otpauth://
    /// URIs one a line), `aegis`, `aegis-encrypted`, `2fas`, `2fas-encrypted` or `andotp`. The encrypted
    /// formats ask for a password twice, or take it from the FOB_EXPORT_PASSPHRASE sources (see
    /// `fob --help`). The unencrypted ones are never written to a
    /// terminal. --out creates a new file with mode 0600 and refuses to replace one unless --force.
    ///
    /// --qr DIR writes one PNG per entry, each an otpauth:// QR code any authenticator app scans.
    /// --google-migration DIR writes Google Authenticator "Transfer accounts" codes, at most 10 accounts each,
    /// so a phone takes the whole vault in a few scans; Steam entries, periods other than 30 s and 7-digit
    /// codes cannot be expressed in that format and are left out with a warning.
    ///
    /// Files are created new with mode 0600 (an existing file is never replaced: a `-2` suffix is added), and
    /// DIR is created if missing. Delete the pictures once they are scanned.
    Export(ExportArgs),
    /// Write a printable recovery sheet (PDF): every entry's QR code, secret and settings, or a backup key
    ///
    /// The sheet has a title with the date and the entry count, then per entry its name, its otpauth QR
    /// code (any phone app scans it), the secret in groups of four and its settings, with instructions for
    /// re-enrolling. It holds the secrets unencrypted: print it, keep it in a safe, and delete the file.
    /// Names are printed in the standard PDF fonts: characters outside Latin-1 appear as <U+XXXX>.
    ///
    /// --backup-key makes a new age key that lives only on paper: the sheet shows the AGE-SECRET-KEY-1...
    /// text in groups you can type back, its QR code, its public key and how to restore; the public key is
    /// added to the backup recipients, so `fob backup DEST` encrypts to it from then on. The secret key is
    /// written nowhere but the PDF.
    ///
    /// --out FILE creates a new file with mode 0600 (never an existing one); --out - writes to a pipe
    /// (`| lp` prints with no file on disk), never to a terminal.
    Paper(PaperArgs),
    /// Rename an entry
    Rename(RenameArgs),
    /// Remove an entry (asks first)
    ///
    /// The removal is recorded, so a later restore from an older backup does not bring the entry back; the
    /// previous vault is kept as a generation.
    #[command(visible_alias = "remove")]
    Rm(RmArgs),
    /// Re-encrypt the vault with a new passphrase or new recipients
    ///
    /// Without --recipient, asks for the new passphrase twice (or takes it from the FOB_NEW_PASSPHRASE
    /// sources: see `fob --help`). With --recipient, fob first checks that the
    /// identity given by --identity opens the re-keyed vault, so a mistyped key cannot lock you out.
    ///
    /// fob encrypts the vault and its backups only to age keys chosen or accepted on this machine (see
    /// FILES in fob(1)). When the vault lists a key added elsewhere, saves stop and name it;
    /// --accept-recipients trusts the keys the vault lists now.
    Passwd(PasswdArgs),
    /// Write an encrypted backup, verified by reading it back, with a key independent of the vault's
    ///
    /// DEST is a folder (a new `fob-backup-<UTC time>.age` goes in it: a mounted USB stick, say) or a file
    /// path. The backup is encrypted to --recipient keys, or with a backup passphrase asked twice (or taken
    /// from the FOB_BACKUP_PASSPHRASE sources: see `fob --help`). Before fob
    /// says it succeeded, the file is flushed, read back from the device, decrypted (passphrase) or checked
    /// byte for byte and by its header (recipients), and compared with the vault; then it gets its name.
    /// A backup only the vault's own key opens dies with that key, so it is refused unless --same-key.
    /// fob says which recipients the backup is encrypted to; remembered ones must be trusted on this
    /// machine (see fob passwd --accept-recipients).
    Backup(BackupArgs),
    /// Merge a backup (or an earlier generation) into the vault, and say what changed
    ///
    /// Entries match by id (or issuer, account and secret); on both sides the newer edit wins; a removal
    /// newer than an entry removes it; nothing only in the vault is removed. HOTP counters take the higher
    /// and verify state (used codes, lock-outs) is merged, whichever side wins. The current vault is kept as
    /// a generation first. --replace swaps the whole vault instead, after a confirmation, still keeping the
    /// higher counters and the verify state of the vault it replaces; from a generation it also works when
    /// the current vault is damaged. With no vault yet, the backup becomes the vault, locked as `fob init`
    /// would lock it.
    ///
    /// A file holding a time more than a day ahead of this machine's clock, two entries with one id, or
    /// names that differ only by case is refused; a removal dated after this machine's clock does not
    /// remove an entry here. Generations are kept before every add, import, rm, rename, restore and passwd,
    /// not before HOTP codes, verify attempts or backups.
    ///
    /// Backup settings (recipients, destination) remembered in the restored file are shown, and kept only
    /// when you confirm or pass --adopt-backup-defaults: whoever made the file chose them.
    Restore(RestoreArgs),
    /// Show the vault's state: entries, last backup, entries in no backup
    Status(StatusArgs),
    /// Keep the vault in step on several machines through git
    ///
    /// The vault's folder becomes a git repository that tracks only the encrypted vault (`fob sync init`).
    /// `fob sync` commits changes made here, fetches the remote, merges the remote's vault into this one
    /// with fob's own merge (an entry added on either side stays, a removal wins only over older edits, HOTP
    /// counters never go back), commits and pushes, and retries when another machine pushed in between.
    /// Any git remote works: a bare repository on a USB stick, a server over ssh, a private repository on a
    /// forge. Commit messages carry counts and this machine's name, never account names unless --names.
    /// Plain `git pull` in the vault's folder merges through the same merge (see docs/sync.md).
    Sync(SyncArgs),
    /// git's merge driver for the vault (registered by fob sync init)
    #[command(name = "merge-driver", hide = true)]
    MergeDriver(MergeDriverArgs),
    /// git's diff filter for the vault: entry names and settings, never secrets (registered by fob sync init)
    #[command(name = "__textconv", hide = true)]
    Textconv(TextconvArgs),
    /// Unlock the vault once, for the commands that follow
    ///
    /// Asks for the passphrase (or takes it from the FOB_PASSPHRASE sources: see `fob --help`) and hands it
    /// to a background agent for this vault, which checks it against the vault. A vault locked to age
    /// recipients is opened here with --identity / FOB_IDENTITY (a hardware key asks for its PIN or touch
    /// once) and the agent holds the opened vault; fob seals changes to the vault's recipients itself and
    /// hands them to the agent.
    /// Until the agent locks, fob commands get codes and save changes without asking again. The agent locks
    /// itself --timeout after its last use and --lifetime after unlocking, whichever comes first, and on `fob
    /// lock`; these limits are kept only by the agent's own clock. It keeps the passphrase in memory that is
    /// not swapped or dumped, answers only your user, and listens on a socket in $XDG_RUNTIME_DIR/fob (or,
    /// without one, in $XDG_STATE_HOME/fob/agent or ~/.local/state/fob/agent).
    ///
    /// Failed unlocks are counted, and tries made at once take turns, so each counts: after more than 3
    /// within 10 minutes, each further try waits longer (5 s, doubling, at most 10 minutes). `fob status`
    /// lists them.
    Unlock(UnlockArgs),
    /// Lock the vault now: its agent forgets the passphrase (or the opened vault) and exits
    #[command(after_help = "Examples:\n  fob lock")]
    Lock(NoArgs),
    /// The background process that holds an unlocked vault (started by fob unlock)
    #[command(hide = true)]
    Agent(AgentArgs),
    /// Print a shell completion script (for installs by `cargo install`)
    ///
    /// The script completes commands and options, and entry names after `fob code`, `verify`, `verify-log`,
    /// `show`, `rm` and `rename` (bash, zsh, fish) from a cache of names that never holds secrets; see FILES
    /// in fob(1).
    Completions(CompletionsArgs),
    /// Write completions/ and man/ under DIR (the regeneration command: cargo run -- generate --out-dir .)
    #[command(hide = true)]
    Generate(GenerateArgs),
    #[command(name = "__names", hide = true)]
    Names(NoArgs),
}

// For a command that takes only the options every command takes.
#[derive(Debug, Args)]
pub struct NoArgs {}

// How a new vault or a re-keyed one is locked.
#[derive(Debug, Args)]
pub struct LockArgs {
    /// Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age
    /// plugin's age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line
    #[arg(long, short = 'r', value_name = "age1...")]
    pub recipient: Vec<String>,

    /// Encrypt to the public keys in FILE, one a line
    #[arg(long, short = 'R', value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub recipients_file: Option<PathBuf>,

    /// scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests
    /// or slow machines
    #[arg(long, env = ENV_WORK_FACTOR, value_name = "N", default_value_t = fob::vault::seal::DEFAULT_WORK_FACTOR,
          value_parser = clap::value_parser!(u8).range(1..=22), hide_short_help = true)]
    pub work_factor: u8,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob init\n  fob init --recipient age1... --recipient age1...   # unlock with --identity"
)]
pub struct InitArgs {
    #[command(flatten)]
    pub lock: LockArgs,
}

/// The code-generation scheme of a new entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlgorithmArg {
    #[value(name = "SHA1", alias = "sha1")]
    Sha1,
    #[value(name = "SHA256", alias = "sha256")]
    Sha256,
    #[value(name = "SHA512", alias = "sha512")]
    Sha512,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob add GitHub:alice@example.com\n  wl-paste | fob add 'Example Corp:bob' --digits 8 --period 60\n  fob add Bank:me --hotp --counter 3"
)]
pub struct AddArgs {
    /// `Issuer:account` or `account`
    pub name: String,

    /// Time-based codes (the default)
    #[arg(long, conflicts_with_all = ["hotp", "steam"])]
    pub totp: bool,

    /// Counter-based codes (RFC 4226)
    #[arg(long, conflicts_with = "steam")]
    pub hotp: bool,

    /// Steam Guard: five characters from Steam's alphabet, every 30 seconds
    #[arg(long, conflicts_with_all = ["algorithm", "digits", "period", "counter"])]
    pub steam: bool,

    /// Initial HOTP counter
    #[arg(long, requires = "hotp", value_name = "N")]
    pub counter: Option<u64>,

    /// HMAC algorithm
    #[arg(long, value_enum, default_value_t = AlgorithmArg::Sha1)]
    pub algorithm: AlgorithmArg,

    /// Code length
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u8).range(6..=8))]
    pub digits: u8,

    /// Seconds per TOTP code
    #[arg(long, default_value_t = 30, value_name = "SECONDS", conflicts_with = "hotp",
          value_parser = clap::value_parser!(u32).range(1..=86_400))]
    pub period: u32,

    /// Replace the secret of an existing entry with the same name (the old vault is kept as a generation)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob import exported.txt\n  fob import screenshot.png photo.jpg\n  fob import --dry-run google-export-*.png\n  fob import aegis-backup.json\n  fob import --json exported.txt | jq .added\n  fob import --format andotp otp_accounts.json.aes\n  grim -g \"$(slurp)\" - | fob import -"
)]
pub struct ImportArgs {
    /// Text files, pictures or backup files to read; `-` reads stdin
    #[arg(required = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub files: Vec<PathBuf>,

    /// Read every FILE as this format instead of recognising it by its content
    #[arg(long, value_enum, value_name = "NAME")]
    pub format: Option<ImportFormat>,

    /// Import what can be read even when some lines, pictures or codes cannot
    #[arg(long)]
    pub skip_invalid: bool,

    /// Import the parts of a multi-code Google Authenticator export that were given, even with parts missing
    #[arg(long)]
    pub allow_partial: bool,

    /// Replace the secret of entries whose name exists with another secret
    #[arg(long)]
    pub force: bool,

    /// Show what would be imported (names and settings, never secrets); write nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,

    /// Print what was (or, with --dry-run, would be) added, replaced and skipped as JSON
    #[arg(long)]
    pub json: bool,
}

/// The formats `fob import --format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// otpauth:// and otpauth-migration:// URIs, one a line, or QR code pictures
    Uris,
    /// Aegis vault or backup JSON, plain or encrypted
    Aegis,
    /// 2FAS .2fas backup, plain or encrypted
    #[value(name = "2fas")]
    TwoFas,
    /// andOTP backup: plain JSON or encrypted .json.aes
    Andotp,
    /// Bitwarden unencrypted JSON or CSV export
    Bitwarden,
    /// FreeOTP tokens.xml, or FreeOTP 2's encrypted externalBackup.xml
    Freeotp,
    /// FreeOTP+ JSON export or tokens.xml
    #[value(name = "freeotp-plus", alias = "freeotpplus")]
    FreeotpPlus,
    /// Steam Desktop Authenticator or steamguard-cli .maFile
    #[value(alias = "mafile")]
    Steam,
    /// Proton Authenticator JSON export
    Proton,
    /// Ente Auth export: plain text, or the encrypted JSON
    Ente,
    /// Google Authenticator's own database (`databases`, from a rooted phone)
    #[value(alias = "google")]
    GoogleAuthenticator,
    /// Microsoft Authenticator's own database (`PhoneFactor`, from a rooted phone)
    #[value(alias = "microsoft")]
    MicrosoftAuthenticator,
    /// Authenticator Pro (Stratum): plain or encrypted backup, or its database (`proauth.db3`)
    #[value(alias = "stratum")]
    AuthenticatorPro,
    /// Authy's token files (`com.authy.storage.tokens.*.xml`, from a rooted phone)
    Authy,
    /// Duo Mobile's `accounts.json` (from a rooted phone)
    Duo,
    /// The Battle.net app's authenticator preferences (from a rooted phone)
    #[value(name = "battle-net", alias = "battlenet")]
    BattleNet,
    /// TOTP Authenticator: its backup (base64 text) or its preferences XML
    TotpAuthenticator,
    /// Authenticator Plus export: the (encrypted) zip holding Accounts.txt
    #[value(alias = "authplus")]
    AuthenticatorPlus,
}

/// The formats `fob export --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// otpauth:// URIs, one a line (unencrypted)
    Uris,
    /// Aegis vault JSON (unencrypted)
    Aegis,
    /// Aegis vault JSON encrypted with a password
    AegisEncrypted,
    /// 2FAS .2fas backup (unencrypted)
    #[value(name = "2fas")]
    TwoFas,
    /// 2FAS .2fas backup encrypted with a password
    #[value(name = "2fas-encrypted")]
    TwoFasEncrypted,
    /// andOTP JSON backup (unencrypted)
    Andotp,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob list\n  fob ls github\n  fob list --json | jq -r '.[].name'"
)]
pub struct ListArgs {
    /// Only entries whose `Issuer:account` contains this, ignoring case (none: exit 3)
    pub query: Option<String>,

    /// Print a JSON array
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob code\n  fob code github\n  fob code github --fresh 10 --copy\n  fob code github --next\n  fob code --json --at 2026-01-01T00:00:00Z"
)]
pub struct CodeArgs {
    /// Part of an entry's `Issuer:account`
    pub query: Option<String>,

    /// Make codes for this moment: unix seconds or RFC 3339 (2026-01-01T12:00:00Z)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// Also print the following period's code (sites that ask for two at enrolment)
    #[arg(long)]
    pub next: bool,

    /// Print a JSON array (also for one QUERY)
    #[arg(long)]
    pub json: bool,

    /// If fewer than SECONDS remain before the code changes, wait for the next code (with a countdown on a
    /// terminal), so it does not expire while being typed; below the entry's period; not with --at
    #[arg(
        long,
        value_name = "SECONDS",
        requires = "query",
        conflicts_with = "at"
    )]
    pub fresh: Option<u64>,

    /// Put the code on the clipboard (wl-copy or xclip) instead of printing it, and clear it later
    #[arg(long, requires = "query", conflicts_with = "json")]
    pub copy: bool,

    /// With --copy: clear the clipboard after SECONDS if it still holds the code (0: never)
    #[arg(long, value_name = "SECONDS", default_value_t = 20, requires = "copy")]
    pub clear_after: u64,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob verify --exact 'GitHub:alice' -- \"$code\" && run-the-guarded-action\n  printf '%s\\n' \"$code\" | fob verify --exact 'VPN:alice'\n  fob verify github   # asks for the code on a terminal"
)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub select: SelectArgs,

    /// The code to check; `-` or none reads it from stdin
    #[arg(allow_hyphen_values = true)]
    pub code: Option<String>,

    /// TOTP: codes accepted on each side of the current one; HOTP: counters looked ahead
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(0..=100))] // fob::verify::MAX_WINDOW
    pub window: Option<u64>,

    /// Check for this moment instead of now: unix seconds or RFC 3339 (2026-01-01T12:00:00Z)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob verify-log github\n  fob verify-log --exact 'GitHub:alice' --json"
)]
pub struct VerifyLogArgs {
    #[command(flatten)]
    pub select: SelectArgs,

    /// Print a JSON array
    #[arg(long)]
    pub json: bool,
}

// How `fob verify` and `fob verify-log` name their entry: one match without doubt.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Part of an entry's `Issuer:account`
    ///
    /// Without --exact or --id, it must match one entry only: an entry named exactly QUERY does not win
    /// over others that contain it.
    pub query: String,

    /// QUERY is an entry's whole `Issuer:account` (ignoring case), never a part of one
    #[arg(long, conflicts_with = "id")]
    pub exact: bool,

    /// QUERY is an entry's id (see `fob list --json`)
    #[arg(long)]
    pub id: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob show github\n  fob show github --uri\n  fob show github --qr   # scan it with a phone"
)]
pub struct ShowArgs {
    /// Part of an entry's `Issuer:account`
    pub query: String,

    /// Print the otpauth:// URI, secret included
    #[arg(long, conflicts_with = "qr")]
    pub uri: bool,

    /// Draw the otpauth:// URI as a QR code in the terminal (black on white), for a phone to scan
    #[arg(long)]
    pub qr: bool,

    /// Print the secret even when stdout is not a terminal
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob export --format aegis-encrypted --out aegis.json\n  fob export --format uris github > github.txt\n  fob export --qr ~/qr-out\n  fob export --qr ~/qr-out github bank\n  fob export --google-migration ~/to-phone"
)]
pub struct ExportArgs {
    /// Entries to export, each part of an `Issuer:account` matching one entry [default: every entry]
    #[arg(value_name = "QUERY")]
    pub queries: Vec<String>,

    /// With --format: write to FILE (new, mode 0600) instead of stdout
    #[arg(long, short, value_name = "FILE", requires = "format", value_hint = clap::ValueHint::FilePath)]
    pub out: Option<PathBuf>,

    /// With --out: replace FILE if it exists
    #[arg(long, requires = "out")]
    pub force: bool,

    #[command(flatten)]
    pub target: ExportTarget,
}

// What `fob export` writes: exactly one form per run. New forms (other apps' formats, a single output
// file) join this group.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ExportTarget {
    /// Write one file in another app's format (to --out FILE or stdout)
    #[arg(long, value_enum, value_name = "FMT")]
    pub format: Option<ExportFormat>,

    /// Write one otpauth:// QR code PNG per entry into DIR
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub qr: Option<PathBuf>,

    /// Write Google Authenticator migration QR code PNGs (10 accounts each) into DIR
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub google_migration: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob paper --out recovery.pdf\n  fob paper --backup-key --out - | lp"
)]
pub struct PaperArgs {
    /// Entries to print, each part of an `Issuer:account` matching one entry [default: every entry]
    #[arg(value_name = "QUERY", conflicts_with = "backup_key")]
    pub queries: Vec<String>,

    /// The PDF to create (new, mode 0600), or - for stdout when it is a pipe
    #[arg(long, short, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub out: PathBuf,

    /// Paper size
    #[arg(long, value_enum, value_name = "SIZE", default_value = "a4")]
    pub paper: PaperSizeArg,

    /// Make a new backup key that lives only on this sheet, and add it to the backup recipients
    #[arg(long)]
    pub backup_key: bool,
}

/// Paper sizes for `fob paper`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PaperSizeArg {
    /// 210 x 297 mm
    A4,
    /// 8.5 x 11 inches
    Letter,
}

#[derive(Debug, Args)]
#[command(after_help = "Example:\n  fob rename github 'GitHub:alice@work.example'")]
pub struct RenameArgs {
    /// Part of an entry's `Issuer:account`
    pub query: String,
    /// The new `Issuer:account` or `account`
    pub new_name: String,
}

#[derive(Debug, Args)]
#[command(after_help = "Example:\n  fob rm 'Old Site:alice' --yes")]
pub struct RmArgs {
    /// Part of an entry's `Issuer:account`
    pub query: String,

    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob passwd\n  fob passwd --recipient age1... --recipient age1... --identity ~/.config/fob/key.txt\n  fob passwd --accept-recipients   # trust a key added on another machine"
)]
pub struct PasswdArgs {
    #[command(flatten)]
    pub lock: LockArgs,

    /// Re-key to recipients without checking that --identity opens the result
    #[arg(long)]
    pub force: bool,

    /// Trust the age keys the vault (and its backup settings) list now, added on another machine, say;
    /// changes nothing in the vault
    #[arg(long, conflicts_with_all = ["recipient", "recipients_file", "force"])]
    pub accept_recipients: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
#[command(
    after_help = "Examples:\n  fob sync init /media/usb/fob.git    # on the first machine (git init --bare /media/usb/fob.git first)\n  fob sync clone /media/usb/fob.git   # on every other machine\n  fob sync                            # then, on any machine, now and then\n  fob sync --new-history              # after fob passwd because the old passphrase leaked"
)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub action: Option<SyncAction>,

    /// Print what came in and what went out as JSON
    #[arg(long)]
    pub json: bool,

    /// Name the accounts that changed in commit messages (a remote on a forge would publish them)
    #[arg(long)]
    pub names: bool,

    /// Trust the age keys the remote's vault lists (added on another machine), as fob passwd
    /// --accept-recipients does for the vault here
    #[arg(long)]
    pub accept_recipients: bool,

    /// After syncing, start the remote's history afresh with one commit of the vault as it is now (after
    /// `fob passwd` because a passphrase or key leaked: every older commit still opens with it)
    #[arg(long)]
    pub new_history: bool,

    /// With --new-history: do not ask for confirmation
    #[arg(long, short, requires = "new_history")]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum SyncAction {
    /// Make the vault's folder a git repository that syncs the vault, and push it to REMOTE if given
    ///
    /// Writes .gitattributes (the vault merges through fob's merge driver and diffs as entry names) and
    /// .gitignore (only the vault and these two files are shared), registers the driver in the repository's
    /// config and commits the vault. A vault inside a larger repository (dotfiles) gets a repository of
    /// its own: fob never commits into one it did not set up.
    #[command(
        after_help = "Example:\n  git init --bare /media/usb/fob.git && fob sync init /media/usb/fob.git"
    )]
    Init(SyncInitArgs),
    /// Set this machine up from a remote that another machine pushed to
    ///
    /// With no vault here, the remote's vault becomes this machine's (it opens with the same passphrase or
    /// keys as everywhere else). With a vault here already, it is merged into the remote's: nothing is lost,
    /// and the result keeps the remote's passphrase or recipients.
    #[command(after_help = "Example:\n  fob sync clone ssh://nas/srv/git/fob.git")]
    Clone(SyncCloneArgs),
}

#[derive(Debug, Args)]
pub struct SyncInitArgs {
    /// A git remote to push the vault to (path or URL)
    pub remote: Option<String>,
}

#[derive(Debug, Args)]
pub struct SyncCloneArgs {
    /// The git remote another machine pushed the vault to (path or URL)
    pub remote: String,
}

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's vault (%O)
    pub base: PathBuf,
    /// This side's vault, replaced by the merge (%A)
    pub ours: PathBuf,
    /// The other side's vault (%B)
    pub theirs: PathBuf,
}

#[derive(Debug, Args)]
pub struct TextconvArgs {
    /// A vault file
    pub file: PathBuf,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
#[command(
    after_help = "Examples:\n  fob backup /media/usb\n  fob backup --set-default --recipient age1... /media/usb   # then just: fob backup\n  fob backup verify /media/usb/fob-backup-20261123T105700Z.age"
)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub action: Option<BackupAction>,

    /// Folder or file to write [default: the remembered destination]
    #[arg(value_name = "DEST", value_hint = clap::ValueHint::AnyPath)]
    pub dest: Option<PathBuf>,

    #[command(flatten)]
    pub lock: LockArgs,

    /// Allow a backup that only the vault's own key (passphrase or identity) opens
    #[arg(long)]
    pub same_key: bool,

    /// Remember these recipients and DEST for later backups (public keys only, never a passphrase)
    #[arg(long)]
    pub set_default: bool,
}

#[derive(Debug, Subcommand)]
pub enum BackupAction {
    /// Check that a backup decrypts and parses, and compare it with the vault
    ///
    /// Exits 0 only if the backup decrypts and parses. Lists entries only in the backup, only in the
    /// vault, and changed since.
    #[command(
        after_help = "Examples:\n  fob backup verify /media/usb   # the newest backup in the folder\n  fob backup verify /media/usb/fob-backup-20261123T105700Z.age"
    )]
    Verify(BackupVerifyArgs),
}

#[derive(Debug, Args)]
pub struct BackupVerifyArgs {
    /// The backup file, or the folder `fob backup` wrote to (its newest backup is verified)
    #[arg(value_hint = clap::ValueHint::AnyPath)]
    pub file: PathBuf,

    /// List the backups in the folder, newest first, and verify nothing
    #[arg(long)]
    pub list: bool,

    #[command(flatten)]
    pub key: BackupKeyArgs,

    /// Print what was found as JSON
    #[arg(long)]
    pub json: bool,
}

// The key of a recipient-encrypted backup.
#[derive(Debug, Args)]
pub struct BackupKeyArgs {
    /// Identity file that opens a backup encrypted to recipients [default: --identity]
    #[arg(long, env = ENV_BACKUP_IDENTITY, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub backup_identity: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob restore /media/usb --dry-run   # the newest backup in the folder\n  fob restore --list /media/usb\n  fob restore /media/usb/fob-backup-20261123T105700Z.age --dry-run\n  fob restore --list-generations\n  fob restore --generation 1\n  fob restore --prune-generations   # after fob passwd, when the old passphrase leaked"
)]
pub struct RestoreArgs {
    /// The backup file, or the folder `fob backup` wrote to (its newest backup is used)
    #[arg(value_hint = clap::ValueHint::AnyPath, required_unless_present_any = ["list_generations", "generation", "prune_generations"])]
    pub file: Option<PathBuf>,

    /// List the backups in the folder FILE, newest first, and restore nothing
    #[arg(long, requires = "file", conflicts_with_all = ["replace", "dry_run", "json"])]
    pub list: bool,

    /// List the earlier vaults kept beside this one, newest first, with the change each one preceded
    #[arg(long, conflicts_with_all = ["file", "generation", "replace", "dry_run"])]
    pub list_generations: bool,

    /// Remove every earlier vault kept beside this one (asks first)
    ///
    /// They are sealed with the key the vault had then: after `fob passwd` because the old passphrase
    /// or identity leaked, remove them.
    #[arg(long, conflicts_with_all = ["file", "generation", "replace", "dry_run", "list_generations", "json"])]
    pub prune_generations: bool,

    /// Restore from the Nth earlier vault (1 is the newest; see --list-generations)
    #[arg(long, value_name = "N", conflicts_with = "file", value_parser = clap::value_parser!(u32).range(1..))]
    pub generation: Option<u32>,

    /// Show what would change; write nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,

    /// Replace the whole vault with the backup instead of merging (asks first)
    #[arg(long)]
    pub replace: bool,

    /// Do not ask before --replace or --prune-generations
    #[arg(long, short)]
    pub yes: bool,

    /// Keep the backup settings (recipients, destination) the restored file remembers, without asking
    #[arg(long)]
    pub adopt_backup_defaults: bool,

    /// Print what changed as JSON
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub key: BackupKeyArgs,

    /// How to lock a vault that does not exist yet
    #[command(flatten)]
    pub lock: LockArgs,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  fob status\n  fob status --json | jq .not_backed_up")]
pub struct StatusArgs {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob unlock\n  fob unlock --timeout 2h\n  fob code github   # no prompt now\n  fob lock"
)]
pub struct UnlockArgs {
    /// Lock after this long without use, such as 90s, 15m or 2h [default: 15m, or agent_timeout in the
    /// config file]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<std::time::Duration>,

    /// Lock this long after unlocking, however much it is used [default: 8h, or agent_lifetime in the
    /// config file]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub lifetime: Option<std::time::Duration>,
}

// The agent's own arguments, given by `fob unlock`.
#[derive(Debug, Args)]
pub struct AgentArgs {
    /// The socket to listen on
    #[arg(long, value_name = "PATH")]
    pub socket: PathBuf,
}

/// A duration such as `90s`, `15m`, `2h` or `1h30m`: at least a second, at most a week.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let parsed: jiff::SignedDuration = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as 90s, 15m or 2h"))?;
    let duration =
        std::time::Duration::try_from(parsed).map_err(|_| format!("{text:?} is negative"))?;
    if duration < std::time::Duration::from_secs(1) {
        return Err(format!("{text:?} is shorter than a second"));
    }
    if duration > fob::agent::expiry::MAX_LIMIT {
        return Err(format!("{text:?} is longer than a week"));
    }
    Ok(duration)
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  fob completions bash > ~/.local/share/bash-completion/completions/fob\n  fob completions zsh > ~/.zfunc/_fob\n  fob completions fish > ~/.config/fish/completions/fob.fish"
)]
pub struct CompletionsArgs {
    /// The shell to write a script for
    #[arg(value_enum)]
    pub shell: clap_complete::aot::Shell,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The folder that gets completions/ and man/
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out_dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn verify_without_help_is_consistent() {
        verify_without_help(Cli::command()).debug_assert();
    }

    #[test]
    fn durations_read_as_people_write_them() {
        let secs = |t| parse_duration(t).map(|d| d.as_secs());
        assert_eq!(secs("90s"), Ok(90));
        assert_eq!(secs("15m"), Ok(900));
        assert_eq!(secs("2h"), Ok(7200));
        assert_eq!(secs("1h30m"), Ok(5400));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("8d").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("-5m").is_err());
    }
}
