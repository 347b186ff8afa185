//! The CLI snapshot cases in tests/cmd/: one case per message a user can meet, with its exact wording,
//! its exit status and, where a vault is involved, the vault's bytes afterwards, so that every change of
//! wording shows up in review. `TRYCMD=overwrite cargo test --test it cmd::` rewrites the snapshots from
//! what fob prints now; read the diff before committing it.
//!
//! A case is a `tests/cmd/<command>/<case>.toml` (one run) or `.trycmd` (several). Cases that need a vault
//! take a copy of one of the fixtures in tests/cmd/fixtures/ as their sandbox (`fs.base`,
//! `fs.sandbox = true`) and name it with `FOB_VAULT = "vault.age"`; a `<case>.out/` folder pins the
//! sandbox's files afterwards, for the cases where the vault must come out byte-for-byte unchanged.
//! Those cases pass `--quiet`: trycmd makes each sandbox folder 0755, and fob's warning about a vault
//! folder others can read would otherwise precede every message (errors and their hints are printed
//! with --quiet too).
//!
//! Messages that no case here can reach from the command line, because they need a special environment,
//! are covered (where at all) by the hand-written tests in this binary:
//! - a full disk or another I/O failure part-way through a save, or of the lock, the generations or a
//!   backup ("cannot write ...", "cannot create ...", "cannot encrypt the vault"): disk_full.rs;
//! - another fob changing the vault between the read and the lock ("... was removed by another fob
//!   meanwhile"), or other machines pushing during `fob sync` ("other machines pushed N times ...",
//!   "another machine pushed in between ..."): races, see concurrency.rs and sync.rs;
//! - age plugins (a key that is not plugged in, a plugin that asks for a PIN): plugins.rs;
//! - questions on a terminal ("not removed", "not replaced", "interrupted; nothing was changed", the
//!   live view's "no entry chosen", `fob show`'s terminal size): pty.rs;
//! - the agent (another agent already serving the vault, an agent of another protocol version, a stale
//!   socket, an agent folder others can reach): agent.rs;
//! - a system clock before 1970, an HOTP counter at its maximum, no home folder at all (every path
//!   then comes from the environment this runner sets), stdout failing with something other than a
//!   closed pipe;
//! - the config file's warnings: the config folder is shared by all cases here (cli.rs covers them);
//! - sync through a remote (fetch or push failing, a remote re-keyed on another machine): sync.rs.

use std::path::Path;

#[test]
fn cmd() {
    // The cases set every FOB_* variable they use: one from the shell running the tests would change
    // what they print.
    let outside: Vec<String> = std::env::vars()
        .map(|(key, _)| key)
        .filter(|key| key.starts_with("FOB_"))
        .collect();
    assert!(
        outside.is_empty(),
        "unset {outside:?}: the snapshot cases must not see them"
    );
    // One home for all cases, with nothing in it: no config file, no record of trusted keys, no agent.
    let home = tempfile::tempdir().expect("a temporary folder");
    let home_path = home.path().to_str().expect("a UTF-8 temporary path").to_owned();
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("fob", Path::new(env!("CARGO_BIN_EXE_fob")))
        .env("HOME", &home_path)
        .env("XDG_DATA_HOME", format!("{home_path}/.local/share"))
        .env("XDG_CONFIG_HOME", format!("{home_path}/.config"))
        .env("XDG_STATE_HOME", format!("{home_path}/.local/state"))
        .env("XDG_CACHE_HOME", format!("{home_path}/.cache"))
        .env("XDG_RUNTIME_DIR", format!("{home_path}/run"))
        .env("FOB_WORK_FACTOR", "4")
        // This machine's clock may call itself unsynchronised; the cases must not see that warning.
        .env("FOB_CLOCK_CHECK", "0")
        .env("FOB_NO_BACKUP_REMINDER", "1")
        .env("TZ", "UTC")
        .insert_var("[HOME]", home_path.clone())
        .expect("a valid variable name");
    cases.case("tests/cmd/*/*.toml").case("tests/cmd/*/*.trycmd");
    cases.run();
}
