//! Other apps' formats, one module per format, each holding both its reader and (when fob writes it)
//! its writer, so that everything fob knows about one app's file sits in one file: [`aegis`],
//! [`twofas`], [`andotp`], [`bitwarden`], [`freeotp`], [`freeotp_plus`], [`steam`], [`proton`], [`ente`],
//! [`google_migration`] (the `otpauth-migration://` payload) and [`otpauth`] (one Key URI, and lists of
//! them), and the apps' own databases pulled off a phone ([`google_authenticator`],
//! [`microsoft_authenticator`], read through [`sqlite`]); [`authenticator_pro`] reads that app's backups
//! and its database both, [`authenticator_plus`] that app's encrypted zip; [`authy`] reads Authy's token files (Android shared preferences, read by
//! `android_prefs`), [`battle_net`] and [`duo`] the files those apps keep on the phone,
//! [`totp_authenticator`] that app's backup and preferences. Readers turn bytes into [`Candidate`]s and name what
//! they cannot use ([`Parsed`]); writers turn entries into bytes. Nothing here touches files, prints or
//! prompts, and nothing here knows about pictures: QR codes are a carrier for any format's text, decoded
//! in `import::qr` and drawn in `export::qr`, which keeps the image crates out of the parsers (and their
//! fuzz targets).
//!
//! What more than one format needs lives beside them: [`json`] reads the loosely typed JSON the apps
//! write and maps its fields onto an [`Otp`]; `crypto` is the AES-256-GCM and randomness they share;
//! `secretstream` opens libsodium's XChaCha20-Poly1305 secret stream (Ente's encrypted export);
//! `android_prefs` reads the shared-preferences XML Android apps keep, and `java_serial` the Java
//! object stream (a map of strings) FreeOTP 2's backup is. A key derivation only one format uses stays
//! in that format's module.
//!
//! `import` decides which format an input is and gathers candidates across inputs; `export` picks the
//! format the user asked for and writes the file. Neither holds format knowledge of its own.
//!
//! # Adding a format
//! 1. Write `src/formats/<app>.rs`: a `//!` header describing the layout (versions, encryption, what is
//!    not read and why), `pub const READER: Reader` (its name, how to recognise it, whether a file is
//!    encrypted, and the reader), and the writer functions if fob writes the format. Take JSON fields
//!    with [`json`]'s helpers and encrypt with `crypto`, so that errors stay free of secrets and costs
//!    taken from the file are capped before any work (see [`aegis`] for scrypt, [`andotp`] for PBKDF2).
//!    Declare it below with `pub mod <app>;`.
//! 2. Reading: add a variant to `import::Format`, its line in `Format::reader`, and its place in
//!    `import::DETECTION_ORDER` (before any format whose shape is looser).
//! 3. Writing: add a variant to `export::Format` and its line in `export::write`.
//! 4. Outside the library: the `--format` value in `src/bin/fob/cli.rs` and its mapping in the
//!    command (then regenerate completions and man pages), a row in docs/formats.md, a fuzz target in
//!    `fuzz/`, fixtures in `tests/import_formats.rs` built with the crypto crates directly (not with
//!    fob's writer), and a line in the round trip of `tests/formats_roundtrip.rs`.

pub mod aegis;
pub mod andotp;
mod android_prefs;
pub mod authenticator_plus;
pub mod authenticator_pro;
pub mod authy;
pub mod battle_net;
pub mod bitwarden;
mod crypto;
pub mod duo;
pub mod ente;
pub mod freeotp;
pub mod freeotp_plus;
pub mod google_authenticator;
pub mod google_migration;
mod java_serial;
pub mod json;
pub mod microsoft_authenticator;
pub mod otpauth;
pub mod proton;
mod secretstream;
pub mod sqlite;
pub mod steam;
pub mod totp_authenticator;
pub mod twofas;

use serde_json::Value;

use crate::entry::{Name, NameError, Otp, ParamError};
use crate::secret::SecretError;

/// How `import` recognises and reads one format; each format module declares one as `READER`.
#[derive(Debug)]
pub struct Reader {
    /// The name used in messages: `Aegis`, `2FAS`.
    pub name: &'static str,
    /// Whether an input is this format, from its name, its bytes and, when the bytes are a JSON object or
    /// array, the parsed document (parsed once for every format tried).
    pub recognise: fn(file: &str, bytes: &[u8], json: Option<&Value>) -> bool,
    /// Whether reading the bytes needs a password.
    pub is_encrypted: fn(bytes: &[u8]) -> bool,
    /// Reads a file.
    pub read: ReadFn,
}

/// A format's reader: a file's bytes, and the password when it is encrypted, to what the file gives.
/// Candidates' `origin` is `entry N` (`line N` for URI lists).
pub type ReadFn = fn(bytes: &[u8], password: Option<&[u8]>) -> Result<Parsed, Error>;

/// One entry read from outside, not yet in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Issuer and account.
    pub name: Name,
    /// The generator.
    pub otp: Otp,
    /// Where it came from, for messages: `line 3`.
    pub origin: String,
    /// Fields for the new entry's extra map: an Aegis note and group names (`note`, `tags`; see
    /// docs/vault-format.md). Empty for URIs and QR codes.
    pub extra: serde_json::Map<String, Value>,
}

/// Why a whole file cannot be read. Safe to print: no secret, no password, no raw input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The password does not open the file.
    #[error("wrong password")]
    WrongPassword,
    /// The file is encrypted and no password was given.
    #[error("the file is encrypted and no password was given")]
    PasswordNeeded,
    /// A format version newer than fob knows.
    #[error("unknown {what} version {version} (fob reads up to {max})")]
    UnknownVersion {
        /// Which version field: `Aegis vault`, `2FAS schema`...
        what: &'static str,
        /// The version the file gives.
        version: u64,
        /// The newest fob reads.
        max: u64,
    },
    /// The password was right but the encrypted data does not authenticate: changed or damaged.
    #[error("the encrypted data is damaged or was changed (authentication failed)")]
    Tampered,
    /// Not JSON at all, or not the JSON of this format.
    #[error("not a valid {format} file (JSON error at line {line}, column {column})")]
    Json {
        /// The format expected.
        format: &'static str,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// JSON of the right shape with a value that makes no sense.
    #[error("{0}")]
    Malformed(String),
    /// Key-derivation parameters that would take hours or gigabytes: refused before any work.
    #[error("{0}")]
    TooCostly(String),
    /// The whole file is of a kind fob cannot read (an encrypted Bitwarden export, say).
    #[error("{0}")]
    Unsupported(String),
}

impl Error {
    pub(crate) fn json(format: &'static str, e: &serde_json::Error) -> Self {
        // serde_json's own message may quote the input (a secret); only its position is kept.
        Self::Json {
            format,
            line: e.line(),
            column: e.column(),
        }
    }
}

/// Why one entry of a file cannot become a vault entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EntryError {
    /// A kind of entry fob has no generator for (mOTP, Yandex...).
    #[error("{name} entries {why}")]
    Unsupported {
        /// The type as the file names it.
        name: String,
        /// Why fob cannot use it.
        why: &'static str,
    },
    /// No secret, or one that is not base32.
    #[error("{0}")]
    Secret(#[from] SecretError),
    /// A hash fob does not support.
    #[error("unsupported algorithm {0} (fob supports SHA1, SHA256 and SHA512)")]
    Algorithm(String),
    /// Digits or period out of range.
    #[error("{0}")]
    Param(#[from] ParamError),
    /// No usable name.
    #[error("{0}")]
    Name(#[from] NameError),
    /// A field of the wrong type or missing.
    #[error("{0}")]
    Field(String),
    /// An otpauth URI inside the entry that cannot be used.
    #[error("{0}")]
    Uri(#[from] otpauth::UriError),
}

/// One entry that could not be read, by position and display name (never by secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {error}")]
pub struct EntryProblem {
    /// `entry 3 (GitHub:alice)`.
    pub place: String,
    /// Why.
    pub error: EntryError,
}

/// What one file gave.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Entries that can be imported; their `origin` is `entry N`.
    pub candidates: Vec<Candidate>,
    /// Entries that cannot, each by place.
    pub problems: Vec<EntryProblem>,
}

impl Parsed {
    pub(crate) fn push(
        &mut self,
        index: usize,
        label: &str,
        result: Result<Candidate, EntryError>,
    ) {
        match result {
            Ok(c) => self.candidates.push(c),
            Err(error) => self.problems.push(EntryProblem {
                place: json::place(index, label),
                error,
            }),
        }
    }
}
