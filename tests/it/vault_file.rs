//! The vault file itself: modes, damage detection that never overwrites, generations, the lock, unknown
//! fields, and the identity (recipient) mode read back by stock age.

use crate::support;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::process::Stdio;

use predicates::prelude::*;
use predicates::str::{contains, diff};
use support::{PASSPHRASE, RFC_SECRET, TestEnv, decrypt_with_passphrase};

#[test]
fn files_are_private_and_the_default_path_is_xdg() {
    let env = TestEnv::new();
    env.bare()
        .env("FOB_PASSPHRASE", PASSPHRASE)
        .arg("init")
        .assert()
        .success();
    let default = env.path("home/.local/share/fob/vault.age");
    assert!(default.exists(), "vault at the XDG data folder");
    assert_eq!(std::fs::metadata(&default).unwrap().mode() & 0o777, 0o600);
    assert_eq!(
        std::fs::metadata(default.parent().unwrap()).unwrap().mode() & 0o777,
        0o700
    );
    env.bare()
        .env("FOB_PASSPHRASE", PASSPHRASE)
        .args(["add", "a"])
        .write_stdin(RFC_SECRET)
        .assert()
        .success();
    let gens = env.path("home/.local/share/fob/vault.age.generations");
    assert_eq!(std::fs::metadata(&gens).unwrap().mode() & 0o777, 0o700);
    for g in std::fs::read_dir(&gens).unwrap() {
        assert_eq!(g.unwrap().metadata().unwrap().mode() & 0o777, 0o600);
    }
}

#[test]
fn a_damaged_vault_is_named_and_never_written_over() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let good = env.vault_bytes();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("truncated", good[..good.len() - 20].to_vec(), "truncated"),
        (
            "not age",
            b"{\"format\": \"fob-vault\"}".to_vec(),
            "the vault is not an age file",
        ),
        ("empty", Vec::new(), "the vault file is truncated"),
        (
            "header cut",
            good[..30].to_vec(),
            "the vault file is truncated",
        ),
        (
            "flipped",
            {
                let mut b = good.clone();
                let n = b.len() - 1;
                b[n] ^= 0x55;
                b
            },
            "the vault file is damaged",
        ),
    ];
    for (what, bytes, message) in cases {
        std::fs::write(env.vault(), &bytes).unwrap();
        for args in [&["add", "b"][..], &["code"], &["rm", "a", "--yes"]] {
            env.fob()
                .args(args)
                .write_stdin(RFC_SECRET)
                .assert()
                .code(1)
                .stderr(contains(message));
            assert_eq!(
                env.vault_bytes(),
                bytes,
                "{what}: {args:?} left the file as it was"
            );
        }
    }
}

#[test]
fn bad_json_and_newer_versions_are_refused_by_name() {
    let env = TestEnv::with_vault();
    let seal = |json: &str| {
        let r =
            age::scrypt::Recipient::new(age::secrecy::SecretString::from(PASSPHRASE.to_owned()));
        let mut r = r;
        r.set_work_factor(4);
        age::encrypt(&r, json.as_bytes()).unwrap()
    };
    for (json, message) in [
        (
            "{\"format\": \"fob-vault\", \"version\": 1, \"lock\"",
            "the vault's contents are damaged: JSON ends too early (line 1",
        ),
        ("[1, 2]", "not a fob vault"),
        (
            "{\"format\": \"fob-vault\", \"version\": 2, \"entries\": []}",
            "format version 2; this fob reads version 1",
        ),
    ] {
        let bytes = seal(json);
        std::fs::write(env.vault(), &bytes).unwrap();
        env.fob()
            .args(["add", "b"])
            .write_stdin(RFC_SECRET)
            .assert()
            .code(1)
            .stderr(contains(message));
        assert_eq!(env.vault_bytes(), bytes);
    }
}

#[test]
fn wrong_passphrase_exits_4_and_changes_nothing() {
    let env = TestEnv::with_vault();
    let before = env.vault_bytes();
    env.fob()
        .args(["add", "x"])
        .env("FOB_PASSPHRASE", "nope")
        .write_stdin(RFC_SECRET)
        .assert()
        .code(4)
        .stderr(diff("fob: wrong passphrase\n"));
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn unknown_fields_from_a_newer_fob_survive_a_write() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let mut doc = env.decrypt();
    doc["sync"] = serde_json::json!({"peer": "laptop"});
    doc["entries"][0]["icon"] = serde_json::json!("future");
    let mut r =
        age::scrypt::Recipient::new(age::secrecy::SecretString::from(PASSPHRASE.to_owned()));
    r.set_work_factor(4);
    std::fs::write(
        env.vault(),
        age::encrypt(&r, doc.to_string().as_bytes()).unwrap(),
    )
    .unwrap();
    env.add("b", &[]);
    let after = env.decrypt();
    assert_eq!(after["sync"]["peer"], "laptop");
    assert_eq!(after["entries"][0]["icon"], "future");
    assert_eq!(after["entries"].as_array().unwrap().len(), 2);
}

#[test]
fn every_change_keeps_the_previous_vault_as_a_generation() {
    let env = TestEnv::with_vault();
    let empty = env.vault_bytes();
    env.add("a", &[]);
    let gens = env.path("vault/vault.age.generations");
    let vaults = || -> Vec<_> {
        std::fs::read_dir(&gens)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "age"))
            .collect()
    };
    let mut files = vaults();
    assert_eq!(files.len(), 1);
    assert_eq!(
        std::fs::read(files.pop().unwrap()).unwrap(),
        empty,
        "the generation is the old file, still encrypted"
    );
    for i in 0..8 {
        env.add(&format!("n{i}"), &[]);
    }
    assert_eq!(vaults().len(), fob::storage::KEEP_GENERATIONS);
}

/// Holds the vault's lock and starts `fob add NAME`, returning once fob has said it is waiting for the
/// lock: the child, its stderr (kept open so its later lines can be written), and the lock to drop.
fn add_blocked_by_the_lock(
    env: &TestEnv,
    name: &str,
) -> (std::process::Child, impl BufRead, std::fs::File) {
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(env.path("vault/vault.age.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("fob"))
        .args(["add", name])
        .env("FOB_VAULT", env.vault())
        .env("FOB_PASSPHRASE", PASSPHRASE)
        .env("FOB_WORK_FACTOR", "4")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), RFC_SECRET.as_bytes()).unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(
        line,
        "waiting for another fob to finish with the vault...\n"
    );
    (child, stderr, lock)
}

#[test]
fn a_writer_waits_for_the_lock_and_says_so() {
    let env = TestEnv::with_vault();
    let (mut child, _stderr, lock) = add_blocked_by_the_lock(&env, "waiting");
    assert!(
        child.try_wait().unwrap().is_none(),
        "fob waits while the lock is held"
    );
    drop(lock);
    assert!(child.wait().unwrap().success());
    assert_eq!(env.decrypt()["entries"][0]["account"], "waiting");
}

#[test]
fn a_lock_left_by_a_killed_process_does_not_wedge_fob() {
    let env = TestEnv::with_vault();
    let mut holder = std::process::Command::new("python3")
        .arg("-c")
        .arg("import fcntl,sys; f=open(sys.argv[1],'w'); fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); sys.stdin.read()")
        .arg(env.path("vault/vault.age.lock"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut out = BufReader::new(holder.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert_eq!(line, "locked\n");
    holder.kill().unwrap();
    holder.wait().unwrap();
    env.add("after-kill", &[]);
    assert_eq!(env.decrypt()["entries"][0]["account"], "after-kill");
}

#[test]
fn identity_mode_round_trips_through_stock_age() {
    let env = TestEnv::new();
    let one = age::x25519::Identity::generate();
    let two = age::x25519::Identity::generate();
    let key_file = env.path("one.txt");
    std::fs::write(
        &key_file,
        format!(
            "# created: test\n# public key: {}\n{}\n",
            one.to_public(),
            age::secrecy::ExposeSecret::expose_secret(&one.to_string())
        ),
    )
    .unwrap();
    std::fs::write(
        env.path("recipients.txt"),
        format!("# laptop\n{}\n", two.to_public()),
    )
    .unwrap();
    env.without_passphrase()
        .args([
            "init",
            "--recipient",
            &one.to_public().to_string(),
            "--recipients-file",
        ])
        .arg(env.path("recipients.txt"))
        .assert()
        .success()
        .stderr(contains("locked with 2 age recipients"));
    let fob = || {
        let mut c = env.bare();
        c.env("FOB_VAULT", env.vault())
            .env("FOB_IDENTITY", &key_file);
        c
    };
    fob()
        .args(["add", "a"])
        .write_stdin(RFC_SECRET)
        .assert()
        .success();
    fob()
        .args(["code", "a", "--at", "59"])
        .assert()
        .stdout(diff("287082\n"));
    env.without_passphrase()
        .arg("code")
        .assert()
        .code(4)
        .stderr(contains("--identity"));
    let stranger = env.path("stranger.txt");
    std::fs::write(
        &stranger,
        age::secrecy::ExposeSecret::expose_secret(&age::x25519::Identity::generate().to_string()),
    )
    .unwrap();
    env.without_passphrase()
        .env("FOB_IDENTITY", &stranger)
        .arg("code")
        .assert()
        .code(4)
        .stderr(contains("none of the identities"));
    env.without_passphrase()
        .env("FOB_PASSPHRASE", "x")
        .arg("code")
        .assert()
        .code(4);

    // Either device's key opens it with the age library alone.
    let bytes = env.vault_bytes();
    for id in [&one, &two] {
        let plain = age::decrypt(id, &bytes).unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        assert_eq!(doc["entries"][0]["secret"], RFC_SECRET);
        assert_eq!(doc["lock"]["recipients"].as_array().unwrap().len(), 2);
    }
    // And with the age command line, where installed.
    match std::process::Command::new("age").arg("--version").output() {
        Ok(_) => {
            let out = std::process::Command::new("age")
                .arg("-d")
                .arg("-i")
                .arg(&key_file)
                .arg(env.vault())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(doc["entries"][0]["secret"], RFC_SECRET);
        }
        Err(_) => {
            support::missing("the age CLI (apt-get install age)");
        }
    }
}

#[test]
fn a_passphrase_vault_opens_with_the_age_library() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &["--hotp", "--counter", "7"]);
    let doc = decrypt_with_passphrase(&env.vault(), PASSPHRASE);
    let e = &doc["entries"][0];
    assert_eq!(
        (
            e["issuer"].as_str(),
            e["type"].as_str(),
            e["counter"].as_u64()
        ),
        (Some("GitHub"), Some("hotp"), Some(7))
    );
    assert!(e.get("period").is_none());
}

#[test]
fn a_symlinked_vault_stays_a_symlink() {
    let env = TestEnv::with_vault();
    let link = env.path("link.age");
    std::os::unix::fs::symlink(env.vault(), &link).unwrap();
    env.bare()
        .env("FOB_VAULT", &link)
        .env("FOB_PASSPHRASE", PASSPHRASE)
        .args(["add", "via-link"])
        .write_stdin(RFC_SECRET)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(env.decrypt()["entries"][0]["account"], "via-link");
}

#[test]
fn others_reading_is_warned_about_and_others_writing_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let folder = env.path("vault");
    std::fs::set_permissions(env.vault(), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    env.fob()
        .args(["code", "a", "--at", "59"])
        .assert()
        .success()
        .stdout(diff("287082\n"))
        .stderr(
            contains("can be read by other users (mode 755): chmod 700")
                .and(contains("(mode 644): chmod 600")),
        );
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o777)).unwrap();
    let before = env.vault_bytes();
    env.fob()
        .args(["add", "b"])
        .write_stdin(RFC_SECRET)
        .assert()
        .code(1)
        .stderr(
            contains("refusing to use the vault")
                .and(contains("writable by other users (mode 777)")),
        );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn a_running_fob_dumps_no_core() {
    let env = TestEnv::with_vault();
    // Held at the lock, fob is past start-up: its limits are those it set for itself.
    let (mut child, _stderr, lock) = add_blocked_by_the_lock(&env, "held");
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    drop(lock);
    assert!(child.wait().unwrap().success());
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert_eq!(
        core.split_whitespace().collect::<Vec<_>>()[4..6],
        ["0", "0"],
        "{core}"
    );
}
