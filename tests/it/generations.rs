//! Undo copies (issue 13): generations keep the vault before changes people make, not before every
//! counter step or verify attempt; each says what change it preceded; they can be pruned; restoring one
//! uses the agent when the vault is unlocked.

use crate::support;

use std::os::unix::fs::PermissionsExt;

use support::{TestEnv, stderr, stdout};

fn list(env: &TestEnv) -> String {
    let out = env
        .fob()
        .args(["restore", "--list-generations"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

fn generation_files(env: &TestEnv) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(env.path("vault/vault.age.generations"))
        .map(|dir| {
            dir.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

// Issue 13: five HOTP codes or verify attempts pushed out the copy from before a mistaken `fob rm`.
#[test]
fn r13_routine_use_keeps_the_undo_of_a_mistake() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add("Bank:me", &["--hotp"]);
    env.fob()
        .args(["rm", "GitHub:alice", "--yes"])
        .assert()
        .success();
    let before = generation_files(&env);
    for i in 0..6 {
        env.fob().args(["code", "bank"]).assert().success();
        if i < 4 {
            env.fob()
                .args(["verify", "bank", "000000"])
                .assert()
                .code(1);
        }
    }
    std::fs::create_dir_all(env.path("usb")).unwrap();
    env.fob()
        .args(["backup", "usb"])
        .env("FOB_BACKUP_PASSPHRASE", "backup pass")
        .assert()
        .success();
    assert_eq!(
        generation_files(&env),
        before,
        "counter steps, verify attempts and backup records keep no generation"
    );

    let listed = list(&env);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 3, "{listed}");
    assert!(lines[0].contains("before rm GitHub:alice"), "{listed}");
    assert!(lines[1].contains("before add Bank:me"), "{listed}");
    assert!(lines[2].contains("before add GitHub:alice"), "{listed}");
    // The label names an account, so it stays out of file names (and is private).
    for name in generation_files(&env) {
        assert!(!name.to_lowercase().contains("github"), "{name}");
    }
    let label = std::fs::read_dir(env.path("vault/vault.age.generations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x != "age"))
        .expect("a label beside the generation");
    assert_eq!(
        std::fs::metadata(&label).unwrap().permissions().mode() & 0o777,
        0o600
    );

    env.fob()
        .args(["restore", "--generation", "1"])
        .assert()
        .success();
    let doc = env.decrypt();
    let names: Vec<_> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["issuer"].as_str().unwrap().to_owned())
        .collect();
    // The merge keeps the removal (it is newer); --replace brings the entry back.
    assert_eq!(names, ["Bank"]);
    env.fob()
        .args(["restore", "--generation", "1", "--replace", "--yes"])
        .assert()
        .success();
    let doc = env.decrypt();
    assert_eq!(doc["entries"].as_array().unwrap().len(), 2, "alice is back");
    assert_eq!(
        doc["entries"][1]["counter"], 6,
        "the counter did not go back"
    );
    assert_eq!(
        doc["entries"][1]["verify"]["failures"]
            .as_array()
            .unwrap()
            .len(),
        4,
        "nor the failed attempts"
    );
}

// Issue 13: after `passwd` (a leaked passphrase), the old copies were removed by deleting a folder by hand.
#[test]
fn r13_prune_removes_every_generation_after_asking() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.fob()
        .arg("passwd")
        .env("FOB_NEW_PASSPHRASE", "a new passphrase")
        .assert()
        .success()
        .stderr(predicates::str::contains("fob restore --prune-generations"));
    assert!(list(&env).contains("before passwd"));

    env.fob()
        .args(["restore", "--prune-generations"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("pass --yes"));
    assert_eq!(generation_files(&env).len(), 4);

    env.fob()
        .args(["restore", "--prune-generations", "--yes"])
        .assert()
        .success()
        .stderr(predicates::str::contains("removed 2 earlier vaults"));
    assert!(generation_files(&env).is_empty());
    assert!(list(&env).is_empty());
}

// Issue 13: `restore --generation` asked for the passphrase although the agent held it.
#[test]
fn r13_restoring_a_generation_uses_the_agent() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add("GitLab:bob", &[]);
    env.fob().arg("unlock").assert().success();
    let mut cmd = env.bare();
    cmd.env("FOB_VAULT", env.vault());
    let out = cmd
        .args(["restore", "--generation", "1", "--replace", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.decrypt()["entries"].as_array().unwrap().len(), 1);
}
