//! fob keeps TOTP/HOTP secrets in one age-encrypted vault file.
//!
//! The vault is a standard [age](https://age-encryption.org) file holding a documented JSON document
//! (`docs/vault-format.md`): with fob gone, `age -d vault.age | jq` still recovers every secret.
//!
//! This library is fob's core: the vault format and its encryption, code generation, parsers of outside
//! data and the file handling. It does no terminal input or output; the `fob` binary owns prompts,
//! printing and exit codes.

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
