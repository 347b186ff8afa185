//! `fob sync` with real git and local bare repositories (no network): several machines are sandboxes that
//! share one remote.

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::{TestEnv, stderr, stdout};

const SECRETS: [&str; 4] = [
    "JBSWY3DPEHPK3PXP",
    "GEZDGNBVGY3TQOJQ",
    "MZXW6YTBMZXW6YTB",
    "KRSXG5DJNZTQAAAA",
];

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git is installed (CI installs it)");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A bare repository standing in for a USB stick or a server.
fn remote(env: &TestEnv) -> PathBuf {
    let path = env.path("remote.git");
    git(env.dir.path(), &["init", "-q", "--bare", "remote.git"]);
    path
}

fn add(env: &TestEnv, name: &str, secret: &str) {
    env.fob()
        .args(["add", "-q", name])
        .write_stdin(secret)
        .assert()
        .success();
}

fn names(env: &TestEnv) -> Vec<String> {
    let doc = env.decrypt();
    let mut names: Vec<String> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["issuer"].as_str().unwrap(),
                e["account"].as_str().unwrap()
            )
        })
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A first machine with a vault of `entries`, synced to a new bare remote.
fn first_machine(entries: &[(&str, &str)]) -> (TestEnv, PathBuf) {
    let env = TestEnv::with_vault();
    for (name, secret) in entries {
        add(&env, name, secret);
    }
    let remote = remote(&env);
    env.fob()
        .args(["sync", "init"])
        .arg(&remote)
        .assert()
        .success();
    (env, remote)
}

fn clone(remote: &Path) -> TestEnv {
    let env = TestEnv::new();
    env.fob()
        .args(["sync", "clone"])
        .arg(remote)
        .assert()
        .success();
    env
}

#[test]
fn two_machines_that_changed_offline_lose_nothing_and_a_third_gets_the_same() {
    let (laptop, remote) = first_machine(&[("GitHub:alice", SECRETS[0]), ("Old:one", SECRETS[1])]);
    let desktop = clone(&remote);
    assert_eq!(names(&desktop), ["GitHub:alice", "Old:one"]);

    // Both change while offline: an add on each, a removal on one, a rename on the other.
    add(&laptop, "Bank:me", SECRETS[2]);
    laptop
        .fob()
        .args(["rm", "-y", "Old:one"])
        .assert()
        .success();
    add(&desktop, "Mail:me", SECRETS[3]);
    desktop
        .fob()
        .args(["rename", "GitHub:alice", "GitHub:alice@work"])
        .assert()
        .success();

    laptop.fob().arg("sync").assert().success();
    let out = desktop.fob().args(["sync", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["in_step"], true);
    assert_eq!(report["came_in"]["added"], serde_json::json!(["Bank:me"]));
    assert_eq!(report["came_in"]["removed"], serde_json::json!(["Old:one"]));
    assert_eq!(report["went_out"]["added"], serde_json::json!(["Mail:me"]));
    laptop.fob().arg("sync").assert().success();

    let expected = ["Bank:me", "GitHub:alice@work", "Mail:me"];
    assert_eq!(names(&laptop), expected);
    assert_eq!(names(&desktop), expected);
    let third = clone(&remote);
    assert_eq!(names(&third), expected);
    let code = |env: &TestEnv| {
        stdout(
            &env.fob()
                .args(["code", "Bank:me", "--at", "1700000000"])
                .output()
                .unwrap(),
        )
    };
    assert_eq!(code(&third), code(&laptop));
}

#[test]
fn only_ciphertext_and_bookkeeping_reach_git_and_no_name_is_in_history() {
    let (laptop, remote) = first_machine(&[("SecretBank:alice", SECRETS[0])]);
    add(&laptop, "HiddenMail:bob", SECRETS[1]);
    laptop.fob().arg("sync").assert().success();
    let dir = laptop.path("vault");
    let mut tracked: Vec<String> = git(&dir, &["ls-files"])
        .lines()
        .map(str::to_owned)
        .collect();
    tracked.sort();
    assert_eq!(tracked, [".gitattributes", ".gitignore", "vault.age"]);
    // Every commit, message and patch, with fob's diff filter applied as plain `git log -p` would.
    let history = git(&dir, &["log", "-p", "--all", "--format=%an %s %b"]);
    let remote_history = git(&remote, &["log", "--all", "--format=%an %s %b"]);
    for text in [&history, &remote_history] {
        for secret_or_name in [
            "SecretBank",
            "HiddenMail",
            "alice",
            "bob",
            SECRETS[0],
            SECRETS[1],
        ] {
            assert!(
                !text.contains(secret_or_name),
                "{secret_or_name} in git history:\n{text}"
            );
        }
    }
    assert!(history.contains("1 added"), "counts are there: {history}");

    // Names only when asked for.
    add(&laptop, "Named:carol", SECRETS[2]);
    laptop.fob().args(["sync", "--names"]).assert().success();
    assert!(git(&dir, &["log", "-1", "--format=%B"]).contains("Named:carol"));
}

#[test]
fn plain_git_pull_merges_through_fobs_driver_and_the_diff_shows_names_only_when_unlocked() {
    let (laptop, remote) = first_machine(&[("GitHub:alice", SECRETS[0])]);
    let desktop = clone(&remote);
    add(&laptop, "Bank:me", SECRETS[1]);
    laptop.fob().arg("sync").assert().success();
    add(&desktop, "Mail:me", SECRETS[2]);
    let dir = desktop.path("vault");
    git(&dir, &["commit", "-q", "-am", "by hand"]);
    let pull = Command::new("git")
        .current_dir(&dir)
        .args(["-c", "pull.rebase=false", "pull", "-q", "origin", "main"])
        .env("HOME", desktop.path("home"))
        .env("FOB_PASSPHRASE", support::PASSPHRASE)
        .env("FOB_WORK_FACTOR", "4")
        .output()
        .unwrap();
    assert!(
        pull.status.success(),
        "{}",
        String::from_utf8_lossy(&pull.stderr)
    );
    assert_eq!(names(&desktop), ["Bank:me", "GitHub:alice", "Mail:me"]);
    assert_eq!(mode(&desktop.vault()), 0o600, "the hook put the mode back");
    // The diff filter never prompts: with no agent, a passphrase vault's versions all read "(locked)".
    let diff = git(&dir, &["log", "-p", "--all"]);
    assert!(!diff.contains("Mail:me"), "{diff}");
}

#[test]
fn git_diff_shows_entry_names_and_settings_never_secrets_when_an_identity_opens_the_vault() {
    use age::secrecy::ExposeSecret;
    let env = TestEnv::new();
    let identity = age::x25519::Identity::generate();
    let key = env.path("key.txt");
    std::fs::write(&key, format!("{}\n", identity.to_string().expose_secret())).unwrap();
    let fob = || {
        let mut cmd = env.bare();
        cmd.env("FOB_VAULT", env.vault()).env("FOB_IDENTITY", &key);
        cmd
    };
    fob()
        .args(["init", "--recipient", &identity.to_public().to_string()])
        .assert()
        .success();
    fob().args(["sync", "init"]).assert().success();
    fob()
        .args(["add", "-q", "Bank:me"])
        .write_stdin(SECRETS[0])
        .assert()
        .success();
    let dir = env.path("vault");
    let with_identity = Command::new("git")
        .current_dir(&dir)
        .args(["diff"])
        .env("HOME", env.path("home"))
        .env("FOB_IDENTITY", &key)
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&with_identity.stdout);
    assert!(
        diff.contains("+Bank:me  totp, SHA1, 6 digits, every 30 s"),
        "{diff}"
    );
    assert!(!diff.contains(SECRETS[0]));
    let without = Command::new("git")
        .current_dir(&dir)
        .args(["diff"])
        .env("HOME", env.path("home"))
        .env_remove("FOB_IDENTITY")
        .output()
        .unwrap();
    assert!(without.status.success());
    assert!(!String::from_utf8_lossy(&without.stdout).contains("Bank:me"));
}

#[test]
fn a_merge_the_driver_cannot_do_fails_the_merge_and_keeps_both_sides() {
    let (laptop, remote) = first_machine(&[("GitHub:alice", SECRETS[0])]);
    let desktop = clone(&remote);
    add(&laptop, "Bank:me", SECRETS[1]);
    laptop.fob().arg("sync").assert().success();
    add(&desktop, "Mail:me", SECRETS[2]);
    let dir = desktop.path("vault");
    git(&dir, &["commit", "-q", "-am", "by hand"]);
    let before = desktop.vault_bytes();
    // No passphrase source and no terminal: the driver cannot unlock.
    let pull = Command::new("git")
        .current_dir(&dir)
        .args(["-c", "pull.rebase=false", "pull", "-q", "origin", "main"])
        .env("HOME", desktop.path("home"))
        .env_remove("FOB_PASSPHRASE")
        .output()
        .unwrap();
    assert!(!pull.status.success());
    assert!(String::from_utf8_lossy(&pull.stderr).contains("fob: no passphrase"));
    git(&dir, &["merge", "--abort"]);
    assert_eq!(desktop.vault_bytes(), before);
    // fob sync then does the merge in-process.
    desktop.fob().arg("sync").assert().success();
    assert_eq!(names(&desktop), ["Bank:me", "GitHub:alice", "Mail:me"]);
}

#[test]
fn sync_puts_modes_back_and_with_nothing_to_do_needs_no_passphrase() {
    let (laptop, _remote) = first_machine(&[("GitHub:alice", SECRETS[0])]);
    let dir = laptop.path("vault");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(laptop.vault(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = laptop
        .fob()
        .env_remove("FOB_PASSPHRASE")
        .arg("sync")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("in step with"), "{}", stderr(&out));
    assert_eq!(mode(&laptop.vault()), 0o600);
    assert_eq!(mode(&dir), 0o700);
}

#[test]
fn an_unreachable_remote_leaves_the_vault_intact_and_the_next_sync_repairs() {
    let (laptop, remote) = first_machine(&[("GitHub:alice", SECRETS[0])]);
    add(&laptop, "Bank:me", SECRETS[1]);
    let moved = laptop.path("elsewhere.git");
    std::fs::rename(&remote, &moved).unwrap();
    let before = laptop.vault_bytes();
    let out = laptop.fob().arg("sync").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("fob: `git fetch"), "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing here was changed"));
    assert_eq!(laptop.vault_bytes(), before);
    std::fs::rename(&moved, &remote).unwrap();
    laptop.fob().arg("sync").assert().success();
    let third = clone(&remote);
    assert_eq!(names(&third), ["Bank:me", "GitHub:alice"]);
}

#[test]
fn a_sync_killed_after_committing_but_before_pushing_is_finished_by_the_next() {
    let (laptop, remote) = first_machine(&[("GitHub:alice", SECRETS[0])]);
    add(&laptop, "Bank:me", SECRETS[1]);
    // What a kill between fob's commit and its push leaves: committed here, not on the remote.
    git(
        &laptop.path("vault"),
        &["commit", "-q", "-am", "interrupted"],
    );
    let out = laptop.fob().arg("status").output().unwrap();
    assert!(
        stdout(&out).contains("1 ahead, 0 behind"),
        "{}",
        stdout(&out)
    );
    laptop.fob().arg("sync").assert().success();
    assert_eq!(names(&clone(&remote)), ["Bank:me", "GitHub:alice"]);
}

#[test]
fn clone_onto_a_machine_with_a_vault_merges_it_and_takes_the_remotes_passphrase() {
    let (laptop, remote) = first_machine(&[("GitHub:alice", SECRETS[0])]);
    let desktop = TestEnv::with_vault();
    add(&desktop, "Local:only", SECRETS[1]);
    desktop
        .fob()
        .args(["sync", "clone"])
        .arg(&remote)
        .assert()
        .success();
    assert_eq!(names(&desktop), ["GitHub:alice", "Local:only"]);
    laptop.fob().arg("sync").assert().success();
    assert_eq!(names(&laptop), ["GitHub:alice", "Local:only"]);
}

#[test]
fn init_inside_a_dotfiles_repository_never_commits_into_it() {
    let env = TestEnv::new();
    let outer = env.path("home");
    std::fs::create_dir_all(&outer).unwrap();
    git(&outer, &["init", "-q"]);
    let vault = outer.join(".local/share/fob/vault.age");
    env.fob()
        .env("FOB_VAULT", &vault)
        .arg("init")
        .assert()
        .success();
    env.fob()
        .env("FOB_VAULT", &vault)
        .args(["sync", "init"])
        .assert()
        .success();
    assert!(vault.parent().unwrap().join(".git").is_dir());
    let out = Command::new("git")
        .current_dir(&outer)
        .args(["rev-parse", "--verify", "-q", "HEAD"])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the dotfiles repository got no commit"
    );
}

#[test]
fn status_names_conflict_copies_left_by_file_sync_tools() {
    let env = TestEnv::with_vault();
    let copy = env.path("vault/vault.sync-conflict-20261130-101010-ABCDEFG.age");
    std::fs::copy(env.vault(), &copy).unwrap();
    let out = env.fob().arg("status").output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("conflict copies left by a file-sync tool: 1"),
        "{text}"
    );
    assert!(text.contains("vault.sync-conflict-20261130-101010-ABCDEFG.age"));
    assert!(text.contains("fob restore FILE"));
}

#[test]
fn sync_without_a_repository_says_how_to_set_one_up() {
    let env = TestEnv::with_vault();
    let out = env.fob().arg("sync").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not synced"));
    assert!(stderr(&out).contains("fob sync init"));
}

#[test]
fn a_passphrase_changed_on_another_machine_stops_a_sync_without_a_terminal() {
    let (laptop, remote) = first_machine(&[("GitHub:alice", SECRETS[0])]);
    let desktop = clone(&remote);
    laptop
        .fob()
        .arg("passwd")
        .env("FOB_NEW_PASSPHRASE", "a new passphrase")
        .assert()
        .success();
    laptop
        .fob()
        .env("FOB_PASSPHRASE", "a new passphrase")
        .arg("sync")
        .assert()
        .success();
    add(&desktop, "Bank:me", SECRETS[1]);
    let before = desktop.vault_bytes();
    let out = desktop.fob().arg("sync").output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("re-locked with another passphrase on another machine"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("on a terminal"));
    assert_eq!(desktop.vault_bytes(), before);
}

/// A machine with a vault locked to `recipient`.
fn identity_machine(recipient: &str) -> TestEnv {
    let env = TestEnv::new();
    env.without_passphrase()
        .args(["init", "--recipient", recipient])
        .assert()
        .success();
    env
}

fn with_identity(env: &TestEnv, key: &Path) -> assert_cmd::Command {
    let mut cmd = env.bare();
    cmd.env("FOB_VAULT", env.vault()).env("FOB_IDENTITY", key);
    cmd
}

fn write_identity(env: &TestEnv, name: &str) -> (PathBuf, String) {
    use age::secrecy::ExposeSecret;
    let identity = age::x25519::Identity::generate();
    let path = env.path(name);
    std::fs::write(&path, format!("{}\n", identity.to_string().expose_secret())).unwrap();
    (path, identity.to_public().to_string())
}

#[test]
fn a_key_added_on_another_machine_is_taken_only_when_accepted() {
    let keys = TestEnv::new();
    let (key, public) = write_identity(&keys, "key.txt");
    let laptop_env = identity_machine(&public);
    let remote = remote(&laptop_env);
    with_identity(&laptop_env, &key)
        .args(["sync", "init"])
        .arg(&remote)
        .assert()
        .success();
    let desktop = TestEnv::new();
    with_identity(&desktop, &key)
        .args(["sync", "clone"])
        .arg(&remote)
        .assert()
        .success();
    // The laptop adds a second device's key and shares the change.
    let (phone_file, phone) = write_identity(&keys, "phone.txt");
    with_identity(&laptop_env, &key)
        .args(["passwd", "--recipient", &public, "--recipient", &phone])
        .assert()
        .success();
    with_identity(&laptop_env, &key)
        .arg("sync")
        .assert()
        .success();
    with_identity(&desktop, &key)
        .args(["add", "-q", "Bank:me"])
        .write_stdin(SECRETS[1])
        .assert()
        .success();
    let before = desktop.vault_bytes();
    let out = with_identity(&desktop, &key).arg("sync").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&phone), "{}", stderr(&out));
    assert!(stderr(&out).contains("fob sync --accept-recipients"));
    assert_eq!(desktop.vault_bytes(), before);

    with_identity(&desktop, &key)
        .args(["sync", "--accept-recipients"])
        .assert()
        .success();
    let header = std::fs::read(desktop.vault()).unwrap();
    let recipients = age::Decryptor::new(&header[..]).unwrap();
    assert!(!recipients.is_scrypt());
    let phone_key: age::x25519::Identity = std::fs::read_to_string(&phone_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        age::decrypt(&phone_key, &header).is_ok(),
        "the merged vault is encrypted to the accepted key too"
    );
}

#[test]
fn new_history_leaves_one_commit_and_other_machines_do_not_bring_the_old_one_back() {
    let (laptop, remote) = first_machine(&[("GitHub:alice", SECRETS[0])]);
    let desktop = clone(&remote);
    for (i, name) in ["A:one", "B:two", "C:three"].iter().enumerate() {
        add(&laptop, name, SECRETS[i + 1]);
        laptop.fob().arg("sync").assert().success();
    }
    desktop.fob().arg("sync").assert().success();
    add(&desktop, "D:four", SECRETS[0]);
    let out = laptop
        .fob()
        .args(["sync", "--new-history"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "asks first: {}", stderr(&out));
    assert!(stderr(&out).contains("--yes"));
    laptop
        .fob()
        .args(["sync", "--new-history", "--yes"])
        .assert()
        .success();
    let count = |dir: &Path| {
        git(dir, &["rev-list", "--count", "refs/heads/main"])
            .trim()
            .to_owned()
    };
    assert_eq!(count(&remote), "1");
    assert_eq!(count(&laptop.path("vault")), "1");
    desktop.fob().arg("sync").assert().success();
    assert_eq!(
        count(&remote),
        "2",
        "the desktop's change on top, its old history left out"
    );
    laptop.fob().arg("sync").assert().success();
    assert_eq!(
        names(&laptop),
        ["A:one", "B:two", "C:three", "D:four", "GitHub:alice"]
    );
}

#[test]
fn backup_settings_changed_on_another_machine_come_over_once_their_keys_are_accepted() {
    let (laptop, remote) = first_machine(&[("GitHub:alice", SECRETS[0])]);
    let desktop = clone(&remote);
    let (_, usb_key) = write_identity(&laptop, "usb-key.txt");
    std::fs::create_dir(laptop.path("usb")).unwrap();
    laptop
        .fob()
        .args(["backup", "--set-default", "--recipient", &usb_key])
        .arg(laptop.path("usb"))
        .assert()
        .success();
    laptop.fob().arg("sync").assert().success();
    add(&desktop, "Bank:me", SECRETS[1]);
    let out = desktop.fob().arg("sync").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&usb_key), "{}", stderr(&out));
    desktop
        .fob()
        .args(["sync", "--accept-recipients"])
        .assert()
        .success();
    let defaults = &desktop.decrypt()["backup_defaults"];
    assert_eq!(defaults["recipients"], serde_json::json!([usb_key]));
    // The desktop's own later change does not undo the laptop's settings.
    add(&desktop, "Mail:me", SECRETS[2]);
    desktop.fob().arg("sync").assert().success();
    laptop.fob().arg("sync").assert().success();
    assert_eq!(
        laptop.decrypt()["backup_defaults"]["recipients"],
        serde_json::json!([usb_key])
    );
}
