//! What can go wrong opening, decrypting, reading or saving a vault. Each cause a user must tell apart has
//! its own variant; none carries a secret or a line of the decrypted document.

use std::path::PathBuf;

/// Errors of the vault file and its document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file does not start with an age header.
    #[error("the vault is not an age file")]
    NotAgeFile,
    /// The age header or payload ends early.
    #[error("the vault file is truncated")]
    Truncated,
    /// The payload fails authentication: bytes were changed or appended.
    #[error("the vault file is damaged or truncated (its contents fail authentication)")]
    Damaged,
    /// An age format version fob does not know.
    #[error("the vault uses an age format this fob does not know")]
    UnknownAgeFormat,
    /// The passphrase does not open the file.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// None of the given identities is a recipient of the file.
    #[error("none of the identities can decrypt the vault")]
    NoMatchingIdentity,
    /// The file is passphrase-encrypted but an identity was given, or the reverse.
    #[error("the vault is locked with {encrypted_with}, not {given}")]
    WrongKeyKind {
        /// How the file is encrypted.
        encrypted_with: &'static str,
        /// What was offered.
        given: &'static str,
    },
    /// The scrypt work factor in the file is above what fob will run.
    #[error("the vault's scrypt work factor {required} is above the limit of {limit}")]
    ExcessiveWork {
        /// The file's work factor.
        required: u8,
        /// The most fob accepts.
        limit: u8,
    },
    /// The decrypted bytes are not JSON of the expected shape.
    #[error("the vault's contents are damaged: {what} (line {line}, column {column})")]
    BadJson {
        /// Syntax, truncation or a wrong field type.
        what: &'static str,
        /// 1-based line in the decrypted document.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Valid JSON, but not a fob vault document.
    #[error("the file decrypts, but is not a fob vault (no \"format\": \"fob-vault\")")]
    NotAFobVault,
    /// A vault written by a newer fob.
    #[error("the vault is format version {found}; this fob reads version 1 (upgrade fob)")]
    UnsupportedVersion {
        /// The version in the file.
        found: u64,
    },
    /// An entry whose fields cannot make codes.
    #[error("entry {index} in the vault is invalid: {reason}")]
    InvalidEntry {
        /// 1-based position in `entries`.
        index: usize,
        /// What is wrong with it (never its secret).
        reason: String,
    },
    /// The vault's record of backups cannot be read.
    #[error("the vault's backup records are invalid: {reason}")]
    InvalidBackupRecord {
        /// What is wrong.
        reason: String,
    },
    /// A recipient string in the vault or on the command line is not a public key age can encrypt to.
    #[error(
        "{recipient:?} is not an age recipient (age1..., age1<plugin>1... or ssh-ed25519/ssh-rsa)"
    )]
    BadRecipient {
        /// The offending public key text (public, safe to print).
        recipient: String,
    },
    /// An identity file could not be read or holds no usable identity.
    #[error("cannot use identity file {path}: {reason}")]
    Identity {
        /// The identity file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The program of the age plugin a recipient or identity names is not on PATH.
    #[error("{binary} not found on PATH: install it, or put its folder on PATH")]
    MissingPlugin {
        /// The program's name (`age-plugin-yubikey`).
        binary: String,
    },
    /// An age plugin failed: a wrong PIN, no key plugged in, nobody at the terminal to ask.
    #[error("the age plugin failed: {message}")]
    Plugin {
        /// The plugin's own words.
        message: String,
    },
    /// A key needed a person (an SSH key's passphrase, a plugin's PIN) and nobody could be asked.
    #[error("{request:?}: no terminal to ask on")]
    NobodyToAsk {
        /// What was asked.
        request: String,
    },
    /// The vault's files on disk: not there, unsafe permissions, a failed lock or write.
    #[error(transparent)]
    Storage(#[from] crate::storage::Error),
    /// age refused to encrypt.
    #[error("cannot encrypt the vault: {0}")]
    Encrypt(String),
}

impl Error {
    /// True for a vault file that is there and readable but damaged: not age, cut short, failing
    /// authentication, or decrypting to something that is not a valid vault. Only a copy can replace it.
    #[must_use]
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            Self::NotAgeFile
                | Self::Truncated
                | Self::Damaged
                | Self::BadJson { .. }
                | Self::NotAFobVault
                | Self::InvalidEntry { .. }
                | Self::InvalidBackupRecord { .. }
        )
    }

    /// True for the failures that mean "the key is wrong", which scripts tell apart by exit code.
    #[must_use]
    pub fn is_unlock_failure(&self) -> bool {
        matches!(
            self,
            Self::WrongPassphrase
                | Self::NoMatchingIdentity
                | Self::WrongKeyKind { .. }
                | Self::MissingPlugin { .. }
                | Self::Plugin { .. }
                | Self::NobodyToAsk { .. }
        )
    }
}
