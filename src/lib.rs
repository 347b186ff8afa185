//! fob keeps TOTP/HOTP secrets in one age-encrypted vault file.
//!
//! The vault is a standard [age](https://age-encryption.org) file holding a documented JSON document
//! (`docs/vault-format.md`): with fob gone, `age -d vault.age | jq` still recovers every secret.
//!
//! This library is fob's core: the vault format and its encryption, code generation, parsers of outside
//! data and the file handling. It does no terminal input or output; the `fob` binary owns prompts,
//! printing and exit codes.
//!
//! Dependencies run one way: [`secret`] <- [`otp`] <- [`entry`] <- [`vault`], with [`verify`] working on
//! entries and the state it keeps for them in [`verify_state`], which entries hold without knowing
//! `verify`. [`storage`] moves bytes and fails with its own error, which `vault::Error` carries.
//!
//! People say "lock" for four different things; the code names each differently:
//! - the encryption a vault is sealed with: [`vault::format::Encryption`] (the document's `lock` field);
//! - the advisory lock on `<vault>.lock` held across a read-modify-write: [`storage::FileLock`];
//! - the agent forgetting what it holds (`fob lock`): [`agent::protocol::Request::Forget`];
//! - `fob verify` refusing attempts after too many failures: a lock-out
//!   ([`verify_state::VerifyState::locked_out_until`]).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod agent;
pub mod backup;
pub mod child;
pub mod entry;
pub mod export;
pub mod formats;
pub mod import;
pub mod merge;
pub mod otp;
pub mod secret;
pub mod storage;
pub mod sync;
pub mod trust;
pub mod unlock_failures;
pub mod vault;
pub mod verify;
pub mod verify_state;
