//! Backups and restores end to end: a backup written to a folder restores a destroyed vault with the
//! same codes; merges keep what is newer; damaged backups and unwritable destinations fail cleanly.

use crate::support;

use predicates::prelude::*;
use predicates::str::{contains, diff};
use support::{PASSPHRASE, RFC_SECRET, TestEnv, decrypt_with_passphrase};

const BACKUP_PASS: &str = "a different backup passphrase";

/// The files in `dir`, oldest first.
fn backup_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort_by_key(|f| std::fs::metadata(f).unwrap().modified().unwrap());
    files
}

impl TestEnv {
    fn backup_to(&self, dest: &str) -> std::path::PathBuf {
        std::fs::create_dir_all(self.path(dest)).unwrap();
        self.fob()
            .args(["backup", dest])
            .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
            .assert()
            .success()
            .stderr(contains(
                "verified: read back, decrypted and compared with the vault",
            ));
        backup_files(&self.path(dest)).pop().unwrap()
    }
}

#[test]
fn back_up_destroy_restore_same_codes() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add("Bank:me", &["--hotp", "--counter", "4"]);
    let before = env
        .fob()
        .args(["code", "--json", "--at", "1700000000"])
        .output()
        .unwrap()
        .stdout;
    let file = env.backup_to("usb");
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("fob-backup-") && name.ends_with("Z.age") && !name.contains(':'),
        "{name}"
    );
    assert_eq!(
        backup_files(&env.path("usb")).len(),
        1,
        "no temporary file is left"
    );

    // The backup is a standard age file with the vault's document, opened by the age library alone.
    let doc = decrypt_with_passphrase(&file, BACKUP_PASS);
    assert_eq!(doc["format"], "fob-vault");
    assert_eq!(doc["entries"][0]["secret"], RFC_SECRET);

    std::fs::remove_dir_all(env.path("vault")).unwrap();
    env.fob()
        .args(["restore"])
        .arg(&file)
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success()
        .stderr(contains("created a vault").and(contains("2 added")));
    let after = env
        .fob()
        .args(["code", "--json", "--at", "1700000000"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(after, before);
    env.fob()
        .args(["code", "bank"])
        .assert()
        .stdout(diff("338314\n"));
}

#[test]
fn the_vault_records_backups_and_reminds_about_the_rest() {
    let env = TestEnv::with_vault();
    env.fob()
        .args(["add", "a"])
        .write_stdin(RFC_SECRET)
        .assert()
        .stderr(contains("1 entry is in no backup: run fob backup DEST"));
    env.backup_to("usb");
    env.fob()
        .args(["add", "b"])
        .write_stdin(RFC_SECRET)
        .assert()
        .stderr(contains("1 entry is in no backup"));
    env.fob()
        .args(["add", "c"])
        .write_stdin(RFC_SECRET)
        .env("FOB_NO_BACKUP_REMINDER", "1")
        .assert()
        .stderr(contains("in no backup").not());
    std::fs::create_dir_all(env.path("home/.config/fob")).unwrap();
    std::fs::write(
        env.path("home/.config/fob/config.toml"),
        "backup_reminder = false\n",
    )
    .unwrap();
    env.fob()
        .args(["add", "d"])
        .write_stdin(RFC_SECRET)
        .assert()
        .stderr(contains("in no backup").not());

    let status: serde_json::Value = serde_json::from_slice(
        &env.fob()
            .args(["status", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(status["entries"], 4);
    assert_eq!(status["not_backed_up"], serde_json::json!(["b", "c", "d"]));
    assert_eq!(status["last_backup"]["entries"], 1);
    assert!(
        status["last_backup"]["place"]
            .as_str()
            .unwrap()
            .contains("/usb/fob-backup-")
    );
    let human = env.fob().arg("status").output().unwrap();
    assert!(String::from_utf8_lossy(&human.stdout).contains("in no backup: 3\n  b\n  c\n  d\n"));
}

#[test]
fn backups_keyed_like_the_vault_are_refused_unless_same_key() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    std::fs::create_dir_all(env.path("usb")).unwrap();
    env.fob()
        .args(["backup", "usb"])
        .env("FOB_BACKUP_PASSPHRASE", PASSPHRASE)
        .assert()
        .code(1)
        .stderr(contains("only the vault's own key opens").and(contains("lost with the vault")));
    assert!(backup_files(&env.path("usb")).is_empty());
    env.fob()
        .args(["backup", "usb", "--same-key"])
        .env("FOB_BACKUP_PASSPHRASE", PASSPHRASE)
        .assert()
        .success();
}

#[test]
fn recipient_backups_remembered_and_opened_by_age() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let key = age::x25519::Identity::generate();
    let key_file = env.path("paper-key.txt");
    std::fs::write(
        &key_file,
        age::secrecy::ExposeSecret::expose_secret(&key.to_string()),
    )
    .unwrap();
    std::fs::create_dir_all(env.path("usb")).unwrap();
    env.fob()
        .args([
            "backup",
            "--set-default",
            "--recipient",
            &key.to_public().to_string(),
            "usb",
        ])
        .assert()
        .success()
        .stderr(contains("addressed to every recipient").and(contains("remembered")));
    env.add("b", &[]);
    // No DEST, no key on the command line: the remembered ones are used, and nothing is asked.
    env.fob().arg("backup").assert().success();
    let files = backup_files(&env.path("usb"));
    assert!(!files.is_empty());
    let newest = files.last().unwrap();
    let plain = age::decrypt(&key, &std::fs::read(newest).unwrap()).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(doc["entries"].as_array().unwrap().len(), 2);
    env.fob()
        .args(["backup", "verify"])
        .arg(newest)
        .arg("--backup-identity")
        .arg(&key_file)
        .assert()
        .success()
        .stdout(contains("decrypts and parses; 2 entries"));
    match std::process::Command::new("age").arg("--version").output() {
        Ok(_) => {
            let out = std::process::Command::new("age")
                .arg("-d")
                .arg("-i")
                .arg(&key_file)
                .arg(newest)
                .output()
                .unwrap();
            assert!(out.status.success());
            assert_eq!(
                serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["format"],
                "fob-vault"
            );
        }
        Err(_) => {
            support::missing("the age CLI (apt-get install age)");
        }
    }
}

/// The "other machine": restores `backup` into a second vault, changes it there and backs it up.
fn changed_elsewhere(backup: &std::path::Path) -> (TestEnv, std::path::PathBuf) {
    let other = TestEnv::new();
    other
        .fob()
        .arg("restore")
        .arg(backup)
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success();
    other
        .fob()
        .args(["rename", "edited-there", "Site:edited-there"])
        .assert()
        .success();
    other
        .fob()
        .args(["rm", "removed-there", "--yes"])
        .assert()
        .success();
    other
        .fob()
        .args(["add", "added-there"])
        .write_stdin("JBSWY3DPEHPK3PXP")
        .assert()
        .success();
    std::fs::create_dir_all(other.path("usb")).unwrap();
    other
        .fob()
        .args(["backup", "usb"])
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success();
    let theirs = backup_files(&other.path("usb")).pop().unwrap();
    (other, theirs)
}

#[test]
fn restore_merges_newer_edits_removals_and_additions() {
    let env = TestEnv::with_vault();
    for name in [
        "edited-here",
        "edited-there",
        "removed-there",
        "removed-here",
        "untouched",
    ] {
        env.add(name, &[]);
    }
    let old = env.backup_to("old");
    let (_elsewhere, theirs) = changed_elsewhere(&old);
    // Meanwhile, here.
    env.fob()
        .args(["rename", "edited-here", "Mine:edited-here"])
        .assert()
        .success();
    env.fob()
        .args(["rm", "removed-here", "--yes"])
        .assert()
        .success();
    env.add("added-here", &[]);

    let before = env.vault_bytes();
    let dry = env
        .fob()
        .arg("restore")
        .arg(&theirs)
        .args(["--dry-run", "--json"])
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .output()
        .unwrap();
    assert!(dry.status.success());
    assert_eq!(env.vault_bytes(), before, "a dry run writes nothing");
    let report: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(
        report["report"]["added"],
        serde_json::json!(["added-there"])
    );
    assert_eq!(
        report["report"]["updated"],
        serde_json::json!(["Site:edited-there"])
    );
    assert_eq!(
        report["report"]["removed"],
        serde_json::json!(["removed-there"])
    );
    assert_eq!(
        report["report"]["still_removed"],
        serde_json::json!(["removed-here"])
    );
    assert_eq!(report["report"]["unchanged"], 2);

    env.fob()
        .arg("restore")
        .arg(&theirs)
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success()
        .stderr(contains("1 added, 1 updated, 1 removed, 2 unchanged"));
    let names: Vec<String> = env.decrypt()["entries"]
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
    assert_eq!(
        names,
        [
            "Mine:edited-here",
            "Site:edited-there",
            ":untouched",
            ":added-here",
            ":added-there"
        ]
        .map(ToOwned::to_owned)
    );
    // The vault before the restore is kept.
    let generations = env
        .fob()
        .args(["restore", "--list-generations"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&generations.stdout).starts_with(" 1  "));
    env.fob()
        .args(["restore", "--generation", "1", "--replace", "--yes"])
        .assert()
        .success();
    assert_eq!(env.decrypt()["entries"].as_array().unwrap().len(), 5);
}

#[test]
fn damaged_backups_are_reported_and_change_nothing() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let file = env.backup_to("usb");
    let bytes = std::fs::read(&file).unwrap();
    let before = env.vault_bytes();
    std::fs::write(env.path("cut.age"), &bytes[..bytes.len() - 30]).unwrap();
    std::fs::write(env.path("junk.age"), b"not a backup").unwrap();
    for (name, message) in [("cut.age", "truncated"), ("junk.age", "not an age file")] {
        for args in [&["restore"][..], &["backup", "verify"]] {
            env.fob()
                .args(args)
                .arg(name)
                .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
                .assert()
                .code(1)
                .stderr(contains(message).and(contains(name)));
        }
    }
    env.fob()
        .arg("restore")
        .arg(&file)
        .env("FOB_BACKUP_PASSPHRASE", "wrong")
        .assert()
        .code(4)
        .stderr(contains("wrong passphrase"));
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn a_destination_that_cannot_be_written_leaves_no_backup_behind() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let before = env.vault_bytes();
    env.fob()
        .args(["backup", "no-such-stick"])
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .code(1)
        .stderr(contains("does not exist (is the drive mounted?)"));
    // /proc refuses new files even to root: a folder fob cannot write.
    env.fob()
        .args(["backup", "/proc/self"])
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .code(1)
        .stderr(contains("cannot create a file in /proc/self"));
    assert_eq!(env.vault_bytes(), before, "a failed backup records nothing");
}

/// Unmounts the test's tmpfs however the test ends.
struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_destination_fails_cleanly() {
    let env = TestEnv::with_vault();
    for i in 0..40 {
        env.add(&format!("site{i}"), &[]);
    }
    let stick = env.path("stick");
    std::fs::create_dir_all(&stick).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8k", "tmpfs"])
        .arg(&stick)
        .output();
    if !mounted.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!(
            "skipped: cannot mount a small tmpfs here (needs root); the /proc test covers unwritable folders"
        );
        return;
    }
    let _unmount = Mount(stick.clone());
    let filler = std::fs::write(stick.join("filler"), vec![0u8; 16 << 10]);
    assert!(filler.is_err(), "the tmpfs is full");
    let before = env.vault_bytes();
    env.fob()
        .args(["backup"])
        .arg(&stick)
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .code(1)
        .stderr(contains("No space left on device"));
    let names: Vec<String> = std::fs::read_dir(&stick)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["filler"], "no partial backup is left");
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn replacing_with_a_generation_undoes_a_forced_import() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let other = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\n";
    env.fob()
        .args(["import", "-", "--force"])
        .write_stdin(other)
        .assert()
        .success();
    assert_eq!(env.decrypt()["entries"][0]["secret"], "JBSWY3DPEHPK3PXP");
    env.fob()
        .args(["restore", "--generation", "1", "--replace", "--yes"])
        .assert()
        .success()
        .stderr(contains("1 updated"));
    assert_eq!(
        env.decrypt()["entries"][0]["secret"],
        RFC_SECRET,
        "the secret before the import is back"
    );
}

// issue 17: the folder `fob backup DIR` wrote to is what people give back to restore and verify.
#[test]
fn r17_restore_and_verify_take_the_folder_and_use_its_newest_backup() {
    let env = TestEnv::with_vault();
    env.add("Old:one", &[]);
    let older = env.backup_to("usb");
    env.add("New:two", &[]);
    let newer = env.backup_to("usb");
    assert_ne!(older, newer);
    let newer_name = newer.file_name().unwrap().to_string_lossy().into_owned();
    let older_name = older.file_name().unwrap().to_string_lossy().into_owned();
    env.fob()
        .args(["backup", "verify", "usb"])
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success()
        .stderr(contains(format!(
            "using the newest backup in usb: {newer_name}"
        )))
        .stdout(contains("decrypts and parses; 2 entries"));
    let listed = env
        .fob()
        .args(["restore", "--list", "usb"])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", support::stderr(&listed));
    let listed = support::stdout(&listed);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(
        lines[0].contains(&newer_name) && lines[1].contains(&older_name),
        "newest first: {listed}"
    );
    env.fob()
        .args(["backup", "verify", "--list", "usb"])
        .assert()
        .success()
        .stdout(contains(&newer_name).and(contains(&older_name)));

    let other = TestEnv::new();
    other
        .fob()
        .args(["restore"])
        .arg(env.path("usb"))
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success()
        .stderr(contains("using the newest backup in").and(contains(&newer_name)));
    assert_eq!(other.decrypt()["entries"].as_array().unwrap().len(), 2);

    let empty = env.path("empty");
    std::fs::create_dir_all(&empty).unwrap();
    env.fob()
        .args(["restore"])
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(contains("no fob backup (fob-backup-*.age) in"));
}

// issue 17: a vault restored from a verified backup knows its entries are in that backup.
#[test]
fn r17_a_vault_restored_from_a_backup_knows_its_entries_are_in_it() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    env.add("b", &[]);
    let file = env.backup_to("usb");
    let other = TestEnv::new();
    other
        .fob()
        .arg("restore")
        .arg(&file)
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success();
    let status = other.fob().args(["status", "--json"]).output().unwrap();
    assert!(status.status.success(), "{}", support::stderr(&status));
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["not_backed_up"], serde_json::json!([]), "{status:#}");
    other
        .fob()
        .arg("status")
        .assert()
        .success()
        .stdout(contains("in no backup").not());
    // Merged into a vault that has entries of its own: only those stay in no backup.
    let third = TestEnv::with_vault();
    third.add("mine", &[]);
    third
        .fob()
        .arg("restore")
        .arg(&file)
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success();
    let status = third.fob().args(["status", "--json"]).output().unwrap();
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(
        status["not_backed_up"],
        serde_json::json!(["mine"]),
        "{status:#}"
    );
}

// issue 17: a file DEST that is not an .age file is named as such, not as an unmounted drive.
#[test]
fn r17_a_backup_file_must_end_in_age() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    std::fs::create_dir_all(env.path("usb")).unwrap();
    let before = env.vault_bytes();
    env.fob()
        .args(["backup", "usb/other.txt"])
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .code(1)
        .stderr(contains("must end in .age").and(contains("mounted").not()));
    assert_eq!(env.vault_bytes(), before);
    assert_eq!(std::fs::read_dir(env.path("usb")).unwrap().count(), 0);
}

// issue 17: a recipient backup tried with the vault's identity says to pass --backup-identity; one entry
// is "1 entry".
#[test]
fn r17_backup_verify_without_its_key_names_backup_identity() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let key = age::x25519::Identity::generate();
    let other_key = age::x25519::Identity::generate();
    let other_file = env.path("vault-key.txt");
    std::fs::write(
        &other_file,
        age::secrecy::ExposeSecret::expose_secret(&other_key.to_string()),
    )
    .unwrap();
    let key_file = env.path("paper-key.txt");
    std::fs::write(
        &key_file,
        age::secrecy::ExposeSecret::expose_secret(&key.to_string()),
    )
    .unwrap();
    std::fs::create_dir_all(env.path("usb")).unwrap();
    env.fob()
        .args(["backup", "--recipient", &key.to_public().to_string(), "usb"])
        .assert()
        .success();
    let file = backup_files(&env.path("usb")).pop().unwrap();
    env.fob()
        .args(["backup", "verify", "-i"])
        .arg(&other_file)
        .arg(&file)
        .assert()
        .code(4)
        .stderr(contains("--backup-identity"));
    env.fob()
        .args(["backup", "verify", "--backup-identity"])
        .arg(&key_file)
        .arg(&file)
        .assert()
        .success()
        .stdout(contains("decrypts and parses; 1 entry\n"));
}
