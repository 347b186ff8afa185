//! Hardware keys through age plugins (issue 16), tested with real plugin programs: the age-plugin crate's
//! `age-plugin-unencrypted` example (built by .ci/run into target/test-tools/bin, or found through
//! `FOB_TEST_PLUGIN_DIR`), and tests/plugin/age-plugin-fobpin, which asks for a PIN through fob's prompts.
//! Also SSH keys (ssh-keygen's) as recipients and identities.

use crate::support;

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use predicates::str::contains;
use support::{RFC_SECRET, TestEnv};

/// The folder holding `age-plugin-unencrypted`; `None` (the test skips) when it is not built, except on
/// CI, where a missing plugin fails the test.
fn plugin_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("FOB_TEST_PLUGIN_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-tools/bin"),
        PathBuf::from,
    );
    if dir.join("age-plugin-unencrypted").exists() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "age-plugin-unencrypted is not in {}: .ci/run builds it",
        dir.display()
    );
    eprintln!(
        "skipped: age-plugin-unencrypted is not built (cargo install age-plugin --example age-plugin-unencrypted --root target/test-tools)"
    );
    None
}

fn fobpin_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/plugin")
}

/// PATH with the plugin folders first.
fn path_with(dirs: &[&Path]) -> std::ffi::OsString {
    let system = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(
        dirs.iter()
            .map(|d| d.to_path_buf())
            .chain(std::env::split_paths(&system)),
    )
    .unwrap()
}

/// PATH without any folder holding an age plugin.
fn path_without_plugins() -> std::ffi::OsString {
    let system = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(
        std::env::split_paths(&system).filter(|d| !d.join("age-plugin-unencrypted").exists()),
    )
    .unwrap()
}

/// Runs a plugin with no arguments, as its users do to make a key: (identity file text, recipient).
fn new_plugin_key(plugin: &Path) -> (String, String) {
    let out = std::process::Command::new(plugin).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let recipient = text
        .lines()
        .find_map(|l| l.strip_prefix("# recipient: "))
        .expect("the plugin prints its recipient")
        .trim()
        .to_owned();
    (format!("{}\n", text.trim_end()), recipient)
}

struct PluginVault {
    env: TestEnv,
    identity: PathBuf,
    recipient: String,
    path: std::ffi::OsString,
}

impl PluginVault {
    /// A vault locked to a plugin recipient, with one entry.
    fn new(plugin_dir: &Path, plugin: &str) -> Self {
        let env = TestEnv::new();
        let (identity_text, recipient) = new_plugin_key(&plugin_dir.join(plugin));
        let identity = env.path("plugin-identity.txt");
        std::fs::write(&identity, identity_text).unwrap();
        let path = path_with(&[plugin_dir]);
        let vault = Self {
            env,
            identity,
            recipient,
            path,
        };
        vault
            .fob()
            .args(["init", "--recipient", &vault.recipient])
            .assert()
            .success();
        vault
            .fob()
            .args(["add", "GitHub:alice"])
            .write_stdin(RFC_SECRET)
            .assert()
            .success();
        vault
    }

    fn fob(&self) -> assert_cmd::Command {
        let mut cmd = self.env.bare();
        cmd.env("FOB_VAULT", self.env.vault())
            .env("FOB_IDENTITY", &self.identity)
            .env("PATH", &self.path);
        cmd
    }
}

#[test]
fn a_plugin_recipient_locks_the_vault_and_its_identity_opens_it() {
    let Some(dir) = plugin_dir() else { return };
    let v = PluginVault::new(&dir, "age-plugin-unencrypted");
    v.fob()
        .args(["code", "GitHub:alice"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^\d{6}\n$").unwrap());
    // The vault records the plugin recipient as its text, and the header is the plugin's stanza.
    let bytes = v.env.vault_bytes();
    let header = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    assert!(header.contains("-> unencrypted"), "{header}");
    // Stock age with the same plugin opens it.
    if let Ok(out) = std::process::Command::new("age")
        .args(["-d", "-i"])
        .arg(&v.identity)
        .arg(v.env.vault())
        .env("PATH", &v.path)
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["lock"]["recipients"][0], v.recipient.as_str());
        assert_eq!(doc["entries"][0]["secret"], RFC_SECRET);
    } else {
        assert!(std::env::var_os("CI").is_none(), "the age CLI is missing");
    }
}

#[test]
fn a_missing_plugin_is_named_exit_4_and_nothing_is_written() {
    let Some(dir) = plugin_dir() else { return };
    let v = PluginVault::new(&dir, "age-plugin-unencrypted");
    let before = v.env.vault_bytes();
    for args in [
        &["code", "GitHub:alice"][..],
        &["add", "Other:bob"][..],
        &["backup", "--recipient", &v.recipient, "backups"][..],
    ] {
        v.fob()
            .env("PATH", path_without_plugins())
            .args(args)
            .write_stdin(RFC_SECRET)
            .assert()
            .code(4)
            .stderr(contains(
                "fob: age-plugin-unencrypted not found on PATH: install it",
            ));
    }
    assert_eq!(v.env.vault_bytes(), before, "the vault is unchanged");
    // init to a plugin whose program is missing: nothing is created.
    let fresh = TestEnv::new();
    fresh
        .without_passphrase()
        .env("PATH", path_without_plugins())
        .args(["init", "--recipient", &v.recipient])
        .assert()
        .code(4)
        .stderr(contains(
            "fob: age-plugin-unencrypted not found on PATH: install it",
        ));
    assert!(!fresh.vault().exists(), "no vault was written");
}

#[test]
fn backups_to_a_plugin_recipient_are_verified_and_open_with_age() {
    let Some(dir) = plugin_dir() else { return };
    let v = PluginVault::new(&dir, "age-plugin-unencrypted");
    // This plugin has one recipient for every key it makes: the backup's is the vault's.
    let (backup_identity, backup_recipient) = new_plugin_key(&dir.join("age-plugin-unencrypted"));
    let backup_identity_path = v.env.path("backup-identity.txt");
    std::fs::write(&backup_identity_path, backup_identity).unwrap();
    std::fs::create_dir(v.env.path("usb")).unwrap();
    v.fob()
        .args([
            "backup",
            "--same-key",
            "--recipient",
            &backup_recipient,
            "usb",
        ])
        .assert()
        .success()
        .stderr(contains("addressed to every recipient"));
    let backup = std::fs::read_dir(v.env.path("usb"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    v.fob()
        .args(["restore", "--dry-run"])
        .arg(&backup)
        .arg("--backup-identity")
        .arg(&backup_identity_path)
        .assert()
        .success()
        .stderr(contains("1 unchanged"));
    if let Ok(out) = std::process::Command::new("age")
        .args(["-d", "-i"])
        .arg(&backup_identity_path)
        .arg(&backup)
        .env("PATH", &v.path)
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A vault locked to the PIN plugin's key and an X25519 key: the X25519 key (`FOB_IDENTITY` as made)
/// adds the entry without a PIN; the tests then set `FOB_IDENTITY` to the plugin identity.
fn pin_vault() -> PluginVault {
    let env = TestEnv::new();
    let (identity_text, recipient) = new_plugin_key(&fobpin_dir().join("age-plugin-fobpin"));
    let identity = env.path("plugin-identity.txt");
    std::fs::write(&identity, identity_text).unwrap();
    let x25519 = age::x25519::Identity::generate();
    let x25519_file = env.path("x25519-identity.txt");
    std::fs::write(
        &x25519_file,
        age::secrecy::ExposeSecret::expose_secret(&x25519.to_string()),
    )
    .unwrap();
    let v = PluginVault {
        env,
        identity,
        recipient,
        path: path_with(&[&fobpin_dir()]),
    };
    v.fob()
        .args(["init", "--recipient", &v.recipient, "--recipient"])
        .arg(x25519.to_public().to_string())
        .assert()
        .success();
    v.fob()
        .env("FOB_IDENTITY", &x25519_file)
        .args(["add", "GitHub:alice"])
        .write_stdin(RFC_SECRET)
        .assert()
        .success();
    v
}

#[test]
fn the_pin_plugin_asks_on_the_terminal_and_no_terminal_fails_at_once() {
    let v = pin_vault();
    let before = v.env.vault_bytes();
    // No terminal: nobody can type the PIN, so fob stops at once with exit 4 (the support timeout is
    // the "never hangs" check).
    v.fob()
        .args(["code", "GitHub:alice"])
        .assert()
        .code(4)
        .stdout("")
        .stderr(contains("fob: the age plugin failed: ").and(contains("no PIN was given")));
    // The plugin's message reached stderr.
    v.fob()
        .args(["code", "GitHub:alice"])
        .assert()
        .code(4)
        .stderr(contains("fobpin: the test key wants its PIN"));
    assert_eq!(v.env.vault_bytes(), before);
}

#[test]
fn the_pin_plugin_asks_through_fobs_prompt_on_a_pty() {
    let v = pin_vault();
    let steps = serde_json::json!([
        ["expect", "fobpin: the test key wants its PIN"],
        ["expect", "fobpin PIN"],
        ["hidden"],
        ["send", "1234\r"],
        ["expect", "\n"]
    ]);
    let Some(r) = drive(
        &v.env,
        &steps,
        &["code", "GitHub:alice"],
        &[
            ("FOB_IDENTITY", v.identity.to_str().unwrap()),
            ("PATH", v.path.to_str().unwrap()),
        ],
    ) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    let output = r["output"].as_str().unwrap();
    assert!(!output.contains("1234"), "the PIN is not echoed: {output}");
    assert!(
        regex_like_code(output),
        "a code is printed after the PIN: {output}"
    );
}

#[test]
fn one_pin_at_unlock_serves_every_command_until_lock() {
    let v = pin_vault();
    let plugin = [
        ("FOB_IDENTITY", v.identity.to_str().unwrap()),
        ("PATH", v.path.to_str().unwrap()),
    ];
    let steps = serde_json::json!([
        ["expect", "fobpin PIN"],
        ["hidden"],
        ["send", "1234\r"],
        ["expect", "unlocked until"]
    ]);
    let Some(r) = drive(&v.env, &steps, &["unlock"], &plugin) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    // No terminal, so no PIN can be typed: the agent answers, and a change is sealed to the plugin
    // recipient (which needs no PIN) and handed to the agent.
    let agent = |args: &[&str]| {
        let mut cmd = v.fob();
        cmd.args(args);
        cmd
    };
    agent(&["code", "GitHub:alice", "--at", "59"])
        .assert()
        .success()
        .stdout("287082\n");
    agent(&["add", "Other:bob"])
        .write_stdin(RFC_SECRET)
        .assert()
        .success();
    agent(&["code", "Other:bob", "--at", "59"])
        .assert()
        .success()
        .stdout("287082\n");
    agent(&["lock"]).assert().success();
    agent(&["code", "GitHub:alice"])
        .assert()
        .code(4)
        .stderr(contains("no PIN was given"));
}

/// Whether six digits in a row appear (the code) in what the terminal showed.
fn regex_like_code(output: &str) -> bool {
    output
        .as_bytes()
        .windows(6)
        .any(|w| w.iter().all(u8::is_ascii_digit))
}

/// A new OpenSSH key pair made by ssh-keygen: (private key file, public key line).
fn ssh_key(env: &TestEnv, kind: &str, passphrase: &str) -> (PathBuf, String) {
    let key = env.path(&format!("id_{kind}"));
    let mut cmd = std::process::Command::new("ssh-keygen");
    cmd.args([
        "-q",
        "-t",
        kind,
        "-N",
        passphrase,
        "-C",
        "alice@laptop",
        "-f",
    ])
    .arg(&key);
    if kind == "rsa" {
        cmd.args(["-b", "2048"]);
    }
    let status = cmd
        .status()
        .expect("ssh-keygen runs (apt-get install openssh-client)");
    assert!(status.success());
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    (key, public.trim().to_owned())
}

#[test]
fn ssh_keys_lock_the_vault_and_open_it_with_fob_and_age() {
    let env = TestEnv::new();
    let (ed25519, ed25519_pub) = ssh_key(&env, "ed25519", "");
    let (rsa, rsa_pub) = ssh_key(&env, "rsa", "");
    // One on the command line, one from a recipients file.
    std::fs::write(env.path("recipients.txt"), format!("# rsa\n{rsa_pub}\n")).unwrap();
    let fob = |identity: &Path| {
        let mut cmd = env.bare();
        cmd.env("FOB_VAULT", env.vault())
            .env("FOB_IDENTITY", identity);
        cmd
    };
    fob(&ed25519)
        .args(["init", "--recipient", &ed25519_pub, "--recipients-file"])
        .arg(env.path("recipients.txt"))
        .assert()
        .success();
    fob(&ed25519)
        .args(["add", "GitHub:alice"])
        .write_stdin(RFC_SECRET)
        .assert()
        .success();
    for identity in [&ed25519, &rsa] {
        fob(identity)
            .args(["code", "GitHub:alice"])
            .assert()
            .success()
            .stdout(predicate::str::is_match(r"^\d{6}\n$").unwrap());
    }
    let header = env.vault_bytes();
    let header = String::from_utf8_lossy(&header[..300]);
    assert!(header.contains("-> ssh-ed25519 ") && header.contains("-> ssh-rsa "));
    if let Ok(out) = std::process::Command::new("age")
        .args(["-d", "-i"])
        .arg(&rsa)
        .arg(env.vault())
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_passphrase_protected_ssh_key_asks_on_the_terminal_and_fails_without_one() {
    let env = TestEnv::new();
    let (key, public) = ssh_key(&env, "ed25519", "ssh secret");
    env.without_passphrase()
        .args(["init", "--recipient", &public])
        .assert()
        .success();
    let before = env.vault_bytes();
    env.without_passphrase()
        .env("FOB_IDENTITY", &key)
        .arg("list")
        .assert()
        .code(4)
        .stderr(contains("OpenSSH key").and(contains(": no terminal to ask on")));
    assert_eq!(env.vault_bytes(), before);
    let steps = serde_json::json!([
        ["expect", "OpenSSH key"],
        ["hidden"],
        ["send", "ssh secret\r"],
        ["expect", "the vault is empty"]
    ]);
    let Some(r) = drive(
        &env,
        &steps,
        &["list"],
        &[("FOB_IDENTITY", key.to_str().unwrap())],
    ) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    assert!(!r["output"].as_str().unwrap().contains("ssh secret"));
}

/// Runs fob on a pty through the pty tests' driver, with the sandbox's state and runtime folders (where
/// the trust record and the agent live) besides `vars`.
fn drive(
    env: &TestEnv,
    steps: &serde_json::Value,
    args: &[&str],
    vars: &[(&str, &str)],
) -> Option<serde_json::Value> {
    let state = env.path("home/.local/state");
    let run = env.path("run");
    let mut all = vec![
        ("FOB_CLOCK_CHECK", "0"),
        ("XDG_STATE_HOME", state.to_str().unwrap()),
        ("XDG_RUNTIME_DIR", run.to_str().unwrap()),
    ];
    all.extend_from_slice(vars);
    crate::pty::drive(env, steps, args, &all)
}
