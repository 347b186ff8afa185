//! `fob restore` against hostile or stale files (issue 13): a merge keeps the replay guard and lock-out,
//! `--replace` never re-opens used codes, and impossible history (times far ahead, duplicate ids or names)
//! is refused with the vault unchanged. Codes are checked with `--at`, so nothing sleeps.

use crate::support;

use predicates::str::contains;
use support::{TestEnv, decrypt_with_passphrase, stderr, stdout};

const BACKUP_PASS: &str = "a different backup passphrase";
/// RFC 6238's SHA1 code at t = 59, cut to 6 digits.
const CODE_AT_59: &str = "287082";

/// Writes a verified backup of the vault into `dir` and returns its path.
fn backup(env: &TestEnv, dir: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(env.path(dir)).unwrap();
    env.fob()
        .args(["backup", dir])
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .assert()
        .success();
    std::fs::read_dir(env.path(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .max()
        .unwrap()
}

fn restore(env: &TestEnv, file: &std::path::Path, flags: &[&str]) -> std::process::Output {
    env.fob()
        .arg("restore")
        .arg(file)
        .args(flags)
        .env("FOB_BACKUP_PASSPHRASE", BACKUP_PASS)
        .output()
        .unwrap()
}

/// A backup file holding `doc`, sealed with the backup passphrase as fob's own are: a forged backup.
fn forge(env: &TestEnv, name: &str, doc: &serde_json::Value) -> std::path::PathBuf {
    let mut r =
        age::scrypt::Recipient::new(age::secrecy::SecretString::from(BACKUP_PASS.to_owned()));
    r.set_work_factor(4);
    let path = env.path(name);
    std::fs::write(&path, age::encrypt(&r, doc.to_string().as_bytes()).unwrap()).unwrap();
    path
}

/// Sets a time field of a backup document.
type Forgery = fn(&mut serde_json::Value, &str);

fn verify(env: &TestEnv, query: &str, code: &str, at: u64) -> std::process::Output {
    env.fob()
        .args(["verify", query, code, "--at", &at.to_string()])
        .output()
        .unwrap()
}

fn rfc3339(t: jiff::Timestamp) -> String {
    t.to_string()
}

// Issue 13: restoring a backup in which the entry was only renamed later replaced the whole entry, and
// with it the replay guard and the lock-out.
#[test]
fn r13_a_merge_keeps_the_replay_guard_and_the_lock_out() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add("GitLab:bob", &[]);
    let old = backup(&env, "old");
    // Elsewhere, both entries are renamed (a newer edit of their own fields) and backed up.
    let other = TestEnv::new();
    assert!(restore(&other, &old, &[]).status.success());
    for (query, name) in [
        ("github", "GitHub:alice-home"),
        ("gitlab", "GitLab:bob-home"),
    ] {
        other.fob().args(["rename", query, name]).assert().success();
    }
    let renamed = backup(&other, "usb");

    // Here, a code is accepted for one entry and the other is locked out by guesses.
    assert_eq!(
        verify(&env, "github", CODE_AT_59, 59).status.code(),
        Some(0)
    );
    for at in 1000..1005 {
        assert_eq!(verify(&env, "gitlab", "000000", at).status.code(), Some(1));
    }

    let out = restore(&env, &renamed, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("updated GitHub:alice-home"));
    let doc = env.decrypt();
    assert_eq!(
        doc["entries"][0]["account"], "alice-home",
        "the newer rename wins"
    );
    assert_eq!(
        doc["entries"][0]["verify"]["last_step"], 1,
        "the replay guard is kept"
    );

    let out = verify(&env, "github", CODE_AT_59, 60);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a used code is not accepted again"
    );
    assert!(stderr(&out).contains("already used"), "{}", stderr(&out));
    let right_at_1010 = env
        .fob()
        .args(["code", "gitlab", "--at", "1010"])
        .output()
        .unwrap();
    let out = verify(&env, "gitlab", stdout(&right_at_1010).trim(), 1010);
    assert_eq!(
        out.status.code(),
        Some(5),
        "the lock-out holds: {}",
        stderr(&out)
    );
}

// Issue 13: `restore --replace` from an old copy re-opened used HOTP codes and the replay guard.
#[test]
fn r13_replace_keeps_the_higher_counter_and_the_verify_state() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add("Bank:me", &["--hotp", "--counter", "0"]);
    let old = backup(&env, "old");
    let mut shown = Vec::new();
    for _ in 0..3 {
        let out = env.fob().args(["code", "bank"]).output().unwrap();
        shown.push(stdout(&out).trim().to_owned());
    }
    assert_eq!(
        verify(&env, "github", CODE_AT_59, 59).status.code(),
        Some(0)
    );

    let out = restore(&env, &old, &["--replace", "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = env.decrypt();
    assert_eq!(
        doc["entries"][1]["counter"], 3,
        "the counter does not go back"
    );
    let next = env.fob().args(["code", "bank"]).output().unwrap();
    assert!(
        !shown.contains(&stdout(&next).trim().to_owned()),
        "no code is shown twice"
    );
    let out = verify(&env, "github", CODE_AT_59, 60);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("already used"), "{}", stderr(&out));
}

// Issue 13: a backup with removals dated 2999 removed every entry, and then even the real backup could
// not bring them back.
#[test]
fn r13_times_far_ahead_are_refused_naming_the_field() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add("GitLab:bob", &[]);
    let real = backup(&env, "usb");
    let doc = decrypt_with_passphrase(&real, BACKUP_PASS);
    let before = env.vault_bytes();

    let mut removals = doc.clone();
    let ids: Vec<_> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| serde_json::json!({"id": e["id"], "deleted": "2999-01-01T00:00:00Z"}))
        .collect();
    removals["entries"] = serde_json::json!([]);
    removals["tombstones"] = serde_json::Value::Array(ids);
    let forged = forge(&env, "removals.age", &removals);
    for flags in [&[][..], &["--replace", "--yes"], &["--dry-run"]] {
        let out = restore(&env, &forged, flags);
        assert_eq!(out.status.code(), Some(1), "{flags:?}");
        let err = stderr(&out);
        assert!(
            err.contains("fob: ")
                && err.contains("removals.age")
                && err.contains("tombstone")
                && err.contains("deleted 2999-01-01T00:00:00Z")
                && err.contains("more than a day ahead of this machine's clock"),
            "{err}"
        );
        assert_eq!(env.vault_bytes(), before, "the vault is unchanged");
    }

    // Every field holding a time is checked.
    let far = "2999-01-01T00:00:00Z";
    let fields: [(&str, Forgery); 4] = [
        ("modified", |d, t| d["entries"][0]["modified"] = t.into()),
        ("created", |d, t| d["entries"][1]["created"] = t.into()),
        ("locked_until", |d, t| {
            d["entries"][0]["verify"] = serde_json::json!({"locked_until": t});
        }),
        ("backup", |d, t| {
            d["backups"] =
                serde_json::json!([{"time": t, "place": "/usb", "entries": 2, "sha256": ""}]);
        }),
    ];
    for (field, set) in fields {
        let mut bad = doc.clone();
        set(&mut bad, far);
        let out = restore(&env, &forge(&env, "bad.age", &bad), &[]);
        assert_eq!(out.status.code(), Some(1), "{field}");
        assert!(stderr(&out).contains(field), "{field}: {}", stderr(&out));
        assert_eq!(env.vault_bytes(), before);
    }

    // Clocks that differ by less than a day are ordinary: an edit an hour ahead is taken as it is, but a
    // removal dated after this machine's clock does not remove a local entry.
    let ahead = rfc3339(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1));
    let mut skewed = doc.clone();
    skewed["entries"][0]["account"] = "alice-renamed".into();
    skewed["entries"][0]["modified"] = ahead.clone().into();
    skewed["entries"].as_array_mut().unwrap().remove(1);
    skewed["tombstones"] = serde_json::json!([{"id": doc["entries"][1]["id"], "deleted": ahead}]);
    let out = restore(&env, &forge(&env, "skewed.age", &skewed), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<_> = env.decrypt()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["account"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["alice-renamed", "bob"]);
    let out = restore(&env, &real, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.decrypt()["entries"].as_array().unwrap().len(), 2);
}

// Issue 13: a file with two entries of one id, or names that differ only by case, is refused.
#[test]
fn r13_duplicate_ids_and_names_are_refused() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let real = backup(&env, "usb");
    let doc = decrypt_with_passphrase(&real, BACKUP_PASS);
    let before = env.vault_bytes();

    let mut same_id = doc.clone();
    let mut twin = doc["entries"][0].clone();
    twin["account"] = "someone-else".into();
    same_id["entries"].as_array_mut().unwrap().push(twin);
    let out = restore(&env, &forge(&env, "ids.age", &same_id), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("two entries share the id"),
        "{}",
        stderr(&out)
    );

    let mut same_name = doc.clone();
    let mut twin = doc["entries"][0].clone();
    twin["id"] = "another-id".into();
    twin["issuer"] = "GITHUB".into();
    twin["secret"] = "JBSWY3DPEHPK3PXP".into();
    same_name["entries"].as_array_mut().unwrap().push(twin);
    for flags in [&[][..], &["--replace", "--yes"]] {
        let out = restore(&env, &forge(&env, "names.age", &same_name), flags);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("named GitHub:alice and GITHUB:alice, which differ only by case"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(env.vault_bytes(), before);
}

// Issue 13: `restore --generation N --replace` had to open the current vault first, so a broken vault
// could not be put back from its own undo copies.
#[test]
fn r13_a_broken_vault_is_replaced_from_a_generation() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add("GitLab:bob", &[]);
    let bytes = env.vault_bytes();
    std::fs::write(env.vault(), &bytes[..bytes.len() - 40]).unwrap();
    env.fob()
        .args(["code", "github"])
        .assert()
        .code(1)
        .stderr(contains("fob restore --generation 1 --replace"));

    let out = env
        .fob()
        .args(["restore", "--generation", "1", "--replace", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = env.decrypt();
    assert_eq!(
        doc["entries"].as_array().unwrap().len(),
        1,
        "the vault before bob"
    );
    // The broken file is kept too: nothing is lost by the restore.
    let listed = env
        .fob()
        .args(["restore", "--list-generations"])
        .output()
        .unwrap();
    assert!(
        stdout(&listed).contains("before restore from generation 1"),
        "{}",
        stdout(&listed)
    );
}
