//! fob's integration tests, one test binary with a module per area, so that the whole of fob is linked
//! once rather than once per file. Each module drives the real `fob` binary in sandboxes
//! ([`support::TestEnv`]); run one area with `cargo test --test it AREA::`.

mod support;

mod agent;
mod backup;
mod cli;
mod cmd;
mod commands;
mod completion;
mod concurrency;
mod convergence;
mod disk_full;
mod export_formats;
mod formats_roundtrip;
mod generations;
mod import_andotp_old;
mod import_apps;
mod import_authenticator_plus;
mod import_authenticator_pro;
mod import_authy;
mod import_databases;
mod import_ente;
mod import_formats;
mod import_phone_files;
mod import_qr;
mod import_text;
mod limits;
mod paper;
mod plugins;
mod pty;
mod restore;
mod secrets;
mod sync;
mod torture;
mod trust;
mod vault_file;
mod verify;
