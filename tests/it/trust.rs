//! Issue 13, "the vault opens only for keys its owner chose": the attacks of another local user (modes,
//! files planted in a folder others can write) and of a file from outside (a vault or backup re-encrypted
//! with extra recipients), each driven through the real binary.

use crate::support;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;
use predicates::prelude::*;
use predicates::str::contains;
use support::{PASSPHRASE, RFC_SECRET, TestEnv};

const BACKUP_PASS: &str = "a different backup passphrase";

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().mode() & 0o7777
}

/// A vault locked to the user's own age key, as `fob init --recipient` makes it.
struct KeyVault {
    env: TestEnv,
    me: age::x25519::Identity,
    key_file: PathBuf,
}

impl KeyVault {
    fn new() -> Self {
        let env = TestEnv::new();
        let me = age::x25519::Identity::generate();
        let key_file = env.path("me.txt");
        std::fs::write(&key_file, me.to_string().expose_secret()).unwrap();
        let vault = Self { env, me, key_file };
        vault
            .fob()
            .args(["init", "--recipient", &vault.me.to_public().to_string()])
            .assert()
            .success();
        vault
            .fob()
            .args(["add", "a"])
            .write_stdin(RFC_SECRET)
            .assert()
            .success();
        vault
    }

    fn fob(&self) -> assert_cmd::Command {
        let mut cmd = self.env.bare();
        cmd.env("FOB_VAULT", self.env.vault())
            .env("FOB_IDENTITY", &self.key_file);
        cmd
    }

    /// The vault's document, decrypted with the age library.
    fn document(&self) -> serde_json::Value {
        let plain = age::decrypt(&self.me, &self.env.vault_bytes()).unwrap();
        serde_json::from_slice(&plain).unwrap()
    }

    /// What someone holding only public keys can write: `doc` encrypted to `to`.
    fn plant(&self, doc: &serde_json::Value, to: &[&age::x25519::Recipient]) -> Vec<u8> {
        let bytes = encrypt_to(doc, to);
        std::fs::write(self.env.vault(), &bytes).unwrap();
        bytes
    }
}

fn encrypt_to(doc: &serde_json::Value, to: &[&age::x25519::Recipient]) -> Vec<u8> {
    let encryptor =
        age::Encryptor::with_recipients(to.iter().map(|r| *r as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).unwrap();
    std::io::Write::write_all(&mut writer, doc.to_string().as_bytes()).unwrap();
    writer.finish().unwrap();
    out
}

fn encrypt_with_passphrase(doc: &serde_json::Value, passphrase: &str) -> Vec<u8> {
    let mut r =
        age::scrypt::Recipient::new(age::secrecy::SecretString::from(passphrase.to_owned()));
    r.set_work_factor(4);
    age::encrypt(&r, doc.to_string().as_bytes()).unwrap()
}

fn trust_file(env: &TestEnv) -> PathBuf {
    env.path("home/.local/state/fob/trusted-keys.json")
}

// --- Another local user: modes and planted files ---

#[test]
fn r13_a_vault_file_others_can_write_is_refused_and_group_write_is_warned_about() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let before = env.vault_bytes();
    chmod(&env.vault(), 0o666);
    for args in [&["code", "a"][..], &["add", "b"], &["unlock"]] {
        env.fob()
            .args(args)
            .write_stdin(RFC_SECRET)
            .assert()
            .code(1)
            .stderr(contains("writable by other users (mode 666)"));
        assert_eq!(env.vault_bytes(), before, "{args:?}");
    }
    chmod(&env.vault(), 0o660);
    env.fob()
        .args(["code", "a", "--at", "59"])
        .assert()
        .success()
        .stdout("287082\n")
        .stderr(contains(
            "can be written by its group (mode 660): chmod 600",
        ));
}

#[test]
fn r13_a_group_writable_folder_is_warned_about_and_one_others_can_write_is_refused() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let folder = env.path("vault");
    chmod(&folder, 0o770);
    env.fob()
        .args(["code", "a", "--at", "59"])
        .assert()
        .success()
        .stdout("287082\n")
        .stderr(contains(
            "can be written by its group (mode 770): chmod 700",
        ));
    let before = env.vault_bytes();
    for unsafe_mode in [0o777, 0o1777, 0o703] {
        chmod(&folder, unsafe_mode);
        for args in [&["code", "a"][..], &["add", "b"], &["unlock"]] {
            env.fob()
                .args(args)
                .write_stdin(RFC_SECRET)
                .assert()
                .code(1)
                .stderr(contains(format!(
                    "writable by other users (mode {unsafe_mode:o})"
                )));
        }
        assert_eq!(env.vault_bytes(), before);
    }
}

#[test]
fn r13_a_folder_another_user_owns_is_refused() {
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: needs root to give a folder to another user");
        return;
    }
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let before = env.vault_bytes();
    // Its owner can change its mode, or swap the vault, whenever they like: 0700 does not help.
    std::os::unix::fs::chown(env.path("vault"), Some(65534), None).unwrap();
    for args in [&["code", "a"][..], &["add", "b"], &["unlock"]] {
        env.fob()
            .args(args)
            .write_stdin(RFC_SECRET)
            .assert()
            .code(1)
            .stderr(contains("belongs to another user (uid 65534)"));
    }
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn r13_init_in_a_folder_others_can_write_follows_no_planted_lock() {
    let env = TestEnv::new();
    let folder = env.path("vault");
    std::fs::create_dir(&folder).unwrap();
    chmod(&folder, 0o1777);
    // Another user's link where fob will look for its lock file.
    let target = env.path("elsewhere/planted");
    std::fs::create_dir(env.path("elsewhere")).unwrap();
    std::os::unix::fs::symlink(&target, folder.join("vault.age.lock")).unwrap();
    env.fob()
        .arg("init")
        .assert()
        .code(1)
        .stderr(contains("writable by other users (mode 1777)"));
    assert!(
        !target.exists(),
        "fob created a file where the link pointed"
    );
    assert!(!env.vault().exists());
}

#[test]
fn r13_the_lock_file_is_never_followed_through_a_symlink() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let before = env.vault_bytes();
    let lock = env.path("vault/vault.age.lock");
    std::fs::remove_file(&lock).unwrap();
    let target = env.path("planted");
    std::os::unix::fs::symlink(&target, &lock).unwrap();
    env.fob()
        .args(["add", "b"])
        .write_stdin(RFC_SECRET)
        .assert()
        .code(1)
        .stderr(contains("lock file").and(contains("symbolic link")));
    assert!(
        !target.exists(),
        "fob created a file where the link pointed"
    );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn r13_restore_into_a_new_vault_checks_its_folder() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    std::fs::create_dir(env.path("usb")).unwrap();
    env.fob()
        .args(["backup", "usb"])
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success();
    let backup = std::fs::read_dir(env.path("usb"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let shared = env.path("shared");
    std::fs::create_dir(&shared).unwrap();
    chmod(&shared, 0o777);
    env.fob()
        .env("FOB_VAULT", shared.join("vault.age"))
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .arg("restore")
        .arg(&backup)
        .assert()
        .code(1)
        .stderr(contains("writable by other users (mode 777)"));
    assert!(!shared.join("vault.age").exists());
}

#[test]
fn r13_a_read_only_vault_is_not_replaced() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let before = env.vault_bytes();
    chmod(&env.vault(), 0o400);
    env.fob()
        .args(["add", "b"])
        .write_stdin(RFC_SECRET)
        .assert()
        .code(1)
        .stderr(contains("read-only (mode 400)").and(contains(format!(
            "chmod 600 {}",
            std::fs::canonicalize(env.vault()).unwrap().display()
        ))));
    assert_eq!(env.vault_bytes(), before);
    assert_eq!(mode(&env.vault()), 0o400);
    // Reading it is fine.
    env.fob()
        .args(["code", "a", "--at", "59"])
        .assert()
        .success()
        .stdout("287082\n");
}

// --- A file from outside: recipients nobody chose here ---

#[test]
fn r13_a_recipient_planted_in_the_vault_is_never_encrypted_to() {
    let v = KeyVault::new();
    let attacker = age::x25519::Identity::generate();
    let mut doc = v.document();
    doc["lock"]["recipients"]
        .as_array_mut()
        .unwrap()
        .push(attacker.to_public().to_string().into());
    let planted = v.plant(&doc, &[&v.me.to_public(), &attacker.to_public()]);
    // Reading still works; saving stops and names the key.
    v.fob()
        .args(["code", "a", "--at", "59"])
        .assert()
        .success()
        .stdout("287082\n");
    v.fob()
        .args(["add", "b"])
        .write_stdin(RFC_SECRET)
        .assert()
        .code(1)
        .stderr(format!(
            "fob: refusing to encrypt to age keys not accepted on this machine: vault recipient {}\n  \
             if you added them (on another machine, say), run `fob passwd --accept-recipients`; if not, \
             someone else changed the vault: nothing was written\n",
            attacker.to_public()
        ));
    assert_eq!(v.env.vault_bytes(), planted);
    // The user accepts the key (added on another of their machines, say): saves go on.
    v.fob()
        .args(["passwd", "--accept-recipients"])
        .assert()
        .success()
        .stderr(format!(
            "accepted vault recipient {}\n",
            attacker.to_public()
        ));
    assert_eq!(
        v.env.vault_bytes(),
        planted,
        "accepting changes the record only"
    );
    v.fob()
        .args(["add", "b"])
        .write_stdin(RFC_SECRET)
        .assert()
        .success();
}

#[test]
fn r13_the_first_meeting_trusts_and_records_what_it_sees() {
    let v = KeyVault::new();
    let laptop = age::x25519::Identity::generate();
    let record = trust_file(&v.env);
    assert_eq!(mode(&record), 0o600);
    assert_eq!(mode(record.parent().unwrap()), 0o700);
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(text.contains(&v.me.to_public().to_string()), "{text}");
    // A fresh clone on this machine: nothing recorded yet for the vault.
    std::fs::remove_file(&record).unwrap();
    let mut doc = v.document();
    doc["lock"]["recipients"]
        .as_array_mut()
        .unwrap()
        .push(laptop.to_public().to_string().into());
    v.plant(&doc, &[&v.me.to_public(), &laptop.to_public()]);
    v.fob()
        .args(["add", "b"])
        .write_stdin(RFC_SECRET)
        .assert()
        .success();
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(text.contains(&laptop.to_public().to_string()), "{text}");
    // Both still open it.
    for id in [&v.me, &laptop] {
        age::decrypt(id, &v.env.vault_bytes()).unwrap();
    }
}

#[test]
fn r13_an_identity_in_use_must_be_among_the_recipients() {
    let v = KeyVault::new();
    let attacker = age::x25519::Identity::generate();
    // Nothing recorded yet: the first meeting (a fresh clone, or the first run of this fob).
    let _ = std::fs::remove_file(trust_file(&v.env));
    // Opens with my key, but says the vault is locked to the attacker's alone.
    let mut doc = v.document();
    doc["lock"]["recipients"] = serde_json::json!([attacker.to_public().to_string()]);
    let planted = v.plant(&doc, &[&v.me.to_public()]);
    v.fob()
        .args(["add", "b"])
        .write_stdin(RFC_SECRET)
        .assert()
        .code(1)
        .stderr(
            contains("is not among the vault's recipients")
                .and(contains(v.me.to_public().to_string())),
        );
    assert_eq!(v.env.vault_bytes(), planted);
}

#[test]
fn r13_planted_backup_recipients_are_not_used_until_accepted() {
    let v = KeyVault::new();
    let attacker = age::x25519::Identity::generate();
    std::fs::create_dir(v.env.path("usb")).unwrap();
    let mut doc = v.document();
    doc["backup_defaults"] = serde_json::json!({
        "recipients": [attacker.to_public().to_string()],
        "destination": v.env.path("usb").display().to_string(),
    });
    v.plant(&doc, &[&v.me.to_public()]);
    v.fob().arg("backup").assert().code(1).stderr(
        contains("not accepted on this machine").and(contains(attacker.to_public().to_string())),
    );
    assert_eq!(std::fs::read_dir(v.env.path("usb")).unwrap().count(), 0);
    v.fob()
        .args(["passwd", "--accept-recipients"])
        .assert()
        .success();
    v.fob()
        .arg("backup")
        .assert()
        .success()
        .stderr(contains(format!("encrypted to {}", attacker.to_public())));
}

#[test]
fn r13_backup_says_whom_it_encrypts_to() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let paper = age::x25519::Identity::generate().to_public().to_string();
    std::fs::create_dir(env.path("usb")).unwrap();
    env.fob()
        .args(["backup", "usb", "--recipient", &paper])
        .assert()
        .success()
        .stderr(contains(format!("encrypted to {paper}")));
    env.fob()
        .args(["backup", "usb"])
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success()
        .stderr(contains("encrypted with the backup passphrase"));
}

/// A backup as it might arrive: the user's entries, with backup settings someone else chose.
fn backup_with_defaults(env: &TestEnv, attacker: &str) -> PathBuf {
    let mut doc = env.decrypt();
    doc["backup_defaults"] = serde_json::json!({
        "recipients": [attacker],
        "destination": "/somewhere/else",
    });
    let file = env.path("found-backup.age");
    std::fs::write(&file, encrypt_with_passphrase(&doc, BACKUP_PASS)).unwrap();
    file
}

#[test]
fn r13_restore_adopts_backup_defaults_only_when_told() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let attacker = age::x25519::Identity::generate().to_public().to_string();
    let file = backup_with_defaults(&env, &attacker);
    env.fob()
        .args(["restore", "--replace", "--yes"])
        .arg(&file)
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success()
        .stderr(
            contains(&attacker)
                .and(contains("/somewhere/else"))
                .and(contains("not kept"))
                .and(contains("--adopt-backup-defaults")),
        );
    assert!(env.decrypt().get("backup_defaults").is_none());
    // Into a new vault, likewise.
    let other = env.path("new/vault.age");
    env.fob()
        .env("FOB_VAULT", &other)
        .arg("restore")
        .arg(&file)
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success()
        .stderr(contains("not kept"));
    assert!(
        support::decrypt_with_passphrase(&other, PASSPHRASE)
            .get("backup_defaults")
            .is_none()
    );
    // Told to, it keeps them, and they are trusted: a backup goes to them.
    env.fob()
        .args(["restore", "--replace", "--yes", "--adopt-backup-defaults"])
        .arg(&file)
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success()
        .stderr(contains("kept"));
    assert_eq!(
        env.decrypt()["backup_defaults"]["recipients"][0],
        attacker.as_str()
    );
    env.add("b", &[]);
}
