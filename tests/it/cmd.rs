//! The CLI snapshot cases in tests/cmd/: one case per message a user can meet, with its exact wording,
//! its exit status and, where a vault is involved, the vault's bytes afterwards, so that every change of
//! wording shows up in review. `TRYCMD=overwrite cargo test --test it cmd::` rewrites the snapshots from
//! what fob prints now; read the diff before committing it.
//!
//! A case is a `tests/cmd/<command>/<case>.toml`: arguments, environment, stdin, exit status, stdout and
//! stderr. Every case copies one of the fixtures in tests/cmd/fixtures/ into a sandbox of its own
//! (`fs.base`, `fs.sandbox = true`) and runs there, with `home` in it as HOME; a fixture may bring a home
//! with a config file or a record of trusted keys. A `<case>.out/` folder pins files of the sandbox
//! afterwards, for refusals that must leave the vault byte-for-byte unchanged. Most cases pass `--quiet`:
//! trycmd makes each sandbox folder 0755, and fob's warning about a vault folder others can read would
//! otherwise come before every message (errors and their hints are printed with --quiet too). The cases
//! that pin warnings run without it and match those lines with `...`, since their wording depends on
//! the umask of the checkout.
//!
//! Messages that no case here reaches from the command line, because they need a special environment.
//! Other tests in this binary reach these:
//! - file modes and owners git cannot carry: a vault others can write to (`vault_file.rs`), a read-only
//!   vault and a folder of another user (`trust.rs`);
//! - a full disk part-way through a save (`disk_full.rs`);
//! - the record of trusted keys refusing keys added elsewhere ("refusing to encrypt to age keys not
//!   accepted on this machine"): the record names the vault by its full path, which a sandbox only has
//!   while it runs (`trust.rs`);
//! - a remote re-locked with another passphrase on another machine (`sync.rs`, `pty.rs`);
//! - age plugins that run and fail (`plugins.rs`);
//! - questions and refusals on a terminal: "not removed", "not replaced", printing secrets or a PDF to a
//!   terminal, `fob show --qr`'s terminal size (`pty.rs`);
//! - a running agent: one of another protocol version, an agent folder others can enter (whose mode here
//!   would follow the umask, and where it is private `fob unlock` would start a real agent), the
//!   back-off after failed unlocks, whose "try again in N s" counts from the present time (`agent.rs`).
//!
//! And no test reaches these: "cannot encrypt the vault", "the backup failed verification", a vault
//! grown past the size fob reads back, races with another fob ("... was removed by another fob
//! meanwhile", `fob sync`'s "other machines pushed N times ..." and "another machine pushed in between
//! ..."), a remote re-keyed to other recipients, "another fob agent already serves this vault", an
//! agent that stops early, "interrupted; nothing was changed", no home folder at all, a system clock
//! before 1970, a clipboard tool that fails, stdin that is not text or is over 64 KiB, stdout failing
//! with something other than a closed pipe, and a shell that cannot be started for
//! `FOB_PASSPHRASE_COMMAND`.

use std::path::Path;

#[test]
fn cmd() {
    // Outside a sandbox a case would run in the source tree, with HOME=home in it.
    for dir in std::fs::read_dir("tests/cmd").expect("tests/cmd exists") {
        for case in std::fs::read_dir(dir.expect("a folder entry").path()).expect("a folder") {
            let case = case.expect("a folder entry").path();
            if case.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&case).expect("the case is readable");
                assert!(
                    text.contains("\nfs.sandbox = true\n"),
                    "{} must run in a sandbox (fs.sandbox = true)",
                    case.display()
                );
            }
        }
    }
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
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("fob", Path::new(env!("CARGO_BIN_EXE_fob")))
        // Every case runs in a sandbox of its own (`fs.sandbox = true`), and `home` in it is its home: its
        // config file, record of trusted keys and agent folder are its own, and a fixture can bring them.
        // The XDG variables are emptied, which the XDG spec reads as unset (relative values would be
        // ignored, too), so that the folders follow HOME.
        .env("HOME", "home")
        .env("XDG_DATA_HOME", "")
        .env("XDG_CONFIG_HOME", "")
        .env("XDG_STATE_HOME", "")
        .env("XDG_CACHE_HOME", "")
        .env("XDG_RUNTIME_DIR", "")
        .env("FOB_WORK_FACTOR", "4")
        // This machine's clock may call itself unsynchronised; the cases must not see that warning.
        .env("FOB_CLOCK_CHECK", "0")
        .env("FOB_NO_BACKUP_REMINDER", "1")
        .env("TZ", "UTC");
    cases.case("tests/cmd/*/*.toml");
    cases.run();
}
