//! A sandbox per test: its own folder, HOME and XDG folders, no FOB_* variables from the outside, and a
//! small scrypt work factor so unlocking costs milliseconds.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The RFC 6238 SHA1 test key "12345678901234567890" in base32.
pub const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
pub const PASSPHRASE: &str = "correct horse battery staple";

/// Says that a check was skipped because `program` is missing. Under CI (`CI` set), where `.ci/run`
/// installs every such program, it fails instead: a check that silently never runs protects nothing.
pub fn missing(program: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{program} is not installed, and CI runs every check (.ci/run installs it)"
    );
    eprintln!("skipped: {program} is not installed");
}

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// A sandbox with a passphrase vault already made.
    pub fn with_vault() -> Self {
        let env = Self::new();
        env.fob().arg("init").assert().success();
        env
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn vault(&self) -> PathBuf {
        self.path("vault/vault.age")
    }

    pub fn vault_bytes(&self) -> Vec<u8> {
        std::fs::read(self.vault()).expect("the vault exists")
    }

    /// `fob` with the sandbox's vault and passphrase.
    pub fn fob(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("FOB_VAULT", self.vault())
            .env("FOB_PASSPHRASE", PASSPHRASE);
        cmd
    }

    /// `fob` with the sandbox's vault and no passphrase source: only the agent (or a prompt) opens it.
    pub fn without_passphrase(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("FOB_VAULT", self.vault());
        cmd
    }

    /// `fob` with nothing set but HOME and the work factor.
    pub fn bare(&self) -> Command {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("fob");
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("FOB_") {
                cmd.env_remove(&key);
            }
        }
        let home = self.path("home");
        cmd.env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            // fob's record of trusted keys (src/trust.rs) lives here.
            .env("XDG_STATE_HOME", home.join(".local/state"))
            .env("XDG_RUNTIME_DIR", self.path("run"))
            .env("FOB_WORK_FACTOR", "4")
            // This VM's clock reports itself unsynchronised; exact-stderr tests must not see that warning.
            .env("FOB_CLOCK_CHECK", "0")
            // Times for people are local: pin the zone so expected output does not depend on the machine.
            .env("TZ", "UTC")
            .env_remove("NO_COLOR")
            .current_dir(self.dir.path())
            .timeout(std::time::Duration::from_secs(60));
        cmd
    }

    /// Adds a TOTP entry with the RFC key and the given extra flags.
    pub fn add(&self, name: &str, flags: &[&str]) {
        self.fob()
            .arg("add")
            .arg(name)
            .args(flags)
            .write_stdin(RFC_SECRET)
            .assert()
            .success();
    }

    /// The decrypted vault document, opened with the age library directly (not with fob).
    pub fn decrypt(&self) -> serde_json::Value {
        decrypt_with_passphrase(&self.vault(), PASSPHRASE)
    }
}

/// An agent a test started (`fob unlock`) must not outlive it.
impl Drop for TestEnv {
    fn drop(&mut self) {
        if self.path("run/fob").exists() {
            let _ = self.without_passphrase().arg("lock").output();
        }
    }
}

pub fn decrypt_with_passphrase(path: &Path, passphrase: &str) -> serde_json::Value {
    let bytes = std::fs::read(path).expect("the file exists");
    let identity =
        age::scrypt::Identity::new(age::secrecy::SecretString::from(passphrase.to_owned()));
    let plain = age::decrypt(&identity, &bytes).expect("stock age decrypts fob's file");
    serde_json::from_slice(&plain).expect("the plaintext is JSON")
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 output")
}

/// Waits until the seconds left in the current `period` are within `left`, and returns the unix time
/// then: `fob code --fresh` depends on where in its period it starts, so a test of its waiting picks
/// that moment on the clock (at most one period) rather than hoping for it.
pub fn when_seconds_left(period: u64, left: std::ops::RangeInclusive<u64>) -> u64 {
    loop {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        if left.contains(&(period - now % period)) {
            return now;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Runs `fob import FILE` with `password` as the import passphrase: it must exit with `code` and a message
/// holding `expect`, name none of `secrets`, and leave the vault byte for byte as it was.
pub fn import_refused(
    env: &TestEnv,
    file: &str,
    password: &str,
    expect: &str,
    code: i32,
    secrets: &[&str],
) {
    let before = env.vault_bytes();
    let out = env
        .fob()
        .args(["import", file])
        .env("FOB_IMPORT_PASSPHRASE", password)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(expect), "{err}");
    for secret in secrets {
        assert!(!err.contains(secret), "{err}");
    }
    assert_eq!(env.vault_bytes(), before, "the vault is unchanged");
}
