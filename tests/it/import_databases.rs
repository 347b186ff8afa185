//! `fob import` of the apps' own SQLite databases, as pulled off a rooted phone: Google Authenticator's
//! `databases` and Microsoft Authenticator's `PhoneFactor`. The fixtures are made here with SQLite
//! (rusqlite) from the tables the apps declare (see the modules' headers in src/formats/), in WAL mode
//! with recent rows still in the `-wal` file, as on a phone whose app was running.

use crate::support;

use std::collections::BTreeMap;
use std::path::Path;

use data_encoding::{BASE32_NOPAD, BASE64};
use rusqlite::Connection;
use serde_json::Value;
use support::{TestEnv, stderr};

/// RFC 6238's SHA1 key, base32.
const KEY1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY2: &str = "JBSWY3DPEHPK3PXP";

const GOOGLE_SCHEMA: &str = "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, \
    secret TEXT NOT NULL, counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, \
    issuer TEXT DEFAULT NULL, original_name TEXT DEFAULT NULL);";
const MICROSOFT_SCHEMA: &str = "CREATE TABLE accounts (_id INTEGER PRIMARY KEY AUTOINCREMENT, \
    name TEXT, username TEXT, oath_secret_key TEXT, account_type INTEGER, cid TEXT, \
    is_totp_code_shown INTEGER DEFAULT 0);";

/// Makes `name` in `dir` in WAL mode: `schema` and `early` checkpointed into the main file, `late`
/// left in `name-wal`. The files are copied while the connection is open (closing it would fold the log
/// into the main file), as a copy taken off a phone with the app running would be.
fn database_with_wal(dir: &Path, name: &str, schema: &str, early: &str, late: &str) {
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join(name);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; {schema} {early} \
         PRAGMA wal_checkpoint(TRUNCATE); {late}"
    ))
    .unwrap();
    std::fs::copy(&path, dir.join(name)).unwrap();
    let wal = work.path().join(format!("{name}-wal"));
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "rows left in the log"
    );
    std::fs::copy(&wal, dir.join(format!("{name}-wal"))).unwrap();
    drop(conn);
}

/// Every file in the sandbox's folder with its bytes: importing must leave it as it was.
fn folder(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn entries(env: &TestEnv) -> Vec<Value> {
    env.decrypt()["entries"].as_array().unwrap().clone()
}

fn find<'a>(entries: &'a [Value], issuer: &str, account: &str) -> &'a Value {
    entries
        .iter()
        .find(|e| e["issuer"] == issuer && e["account"] == account)
        .unwrap_or_else(|| panic!("{issuer}:{account} imported: {entries:#?}"))
}

fn import_fails_without_writing(env: &TestEnv, args: &[&str], expect: &str) {
    let before = env.vault_bytes();
    let out = env.fob().arg("import").args(args).output().unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains(expect), "{err}");
    assert!(
        !err.contains(KEY1) && !err.contains(KEY2),
        "no secret: {err}"
    );
    assert_eq!(env.vault_bytes(), before, "the vault is unchanged");
}

fn google(env: &TestEnv) {
    database_with_wal(
        env.dir.path(),
        "databases",
        GOOGLE_SCHEMA,
        &format!(
            "INSERT INTO accounts (email, secret, counter, type, issuer) VALUES \
               ('alice@example.com', '{KEY1}', 0, 0, 'Example'), \
               ('GitHub:bob', '{}', 0, 0, NULL), \
               ('carol', '{KEY2}', 4, 1, ''); ",
            KEY1.to_lowercase()
        ),
        &format!(
            "INSERT INTO accounts (email, secret, counter, type, issuer) VALUES \
               ('dave@new.example', '{KEY2}', 0, 0, 'Added Last');"
        ),
    );
}

#[test]
fn google_authenticator_database_and_its_wal() {
    let env = TestEnv::with_vault();
    google(&env);
    let before = folder(env.dir.path());
    env.fob().args(["import", "databases"]).assert().success();
    let got = entries(&env);
    assert_eq!(got.len(), 4, "{got:#?}");
    let alice = find(&got, "Example", "alice@example.com");
    assert_eq!(
        (
            &alice["type"],
            &alice["secret"],
            &alice["digits"],
            &alice["period"],
            &alice["algorithm"]
        ),
        (
            &Value::from("totp"),
            &Value::from(KEY1),
            &Value::from(6),
            &Value::from(30),
            &Value::from("SHA1")
        )
    );
    // Older versions kept the issuer in the name.
    assert_eq!(find(&got, "GitHub", "bob")["secret"], KEY1);
    // The app stores the last counter used; the next code is made from the one after it.
    let carol = find(&got, "", "carol");
    assert_eq!(
        (&carol["type"], &carol["counter"]),
        (&Value::from("hotp"), &Value::from(5))
    );
    // Only in the -wal file.
    assert_eq!(find(&got, "Added Last", "dave@new.example")["secret"], KEY2);
    // Read, never written: no -shm or journal beside it, the database and its log unchanged.
    let mut after = folder(env.dir.path());
    after.retain(|name, _| before.contains_key(name));
    assert_eq!(folder(env.dir.path()).len(), before.len());
    assert_eq!(after, before);
}

#[test]
fn google_authenticator_database_without_its_wal_gives_what_the_main_file_holds() {
    let env = TestEnv::with_vault();
    google(&env);
    std::fs::remove_file(env.path("databases-wal")).unwrap();
    env.fob()
        .args(["import", "--format", "google-authenticator", "databases"])
        .assert()
        .success();
    assert_eq!(entries(&env).len(), 3);
}

#[test]
fn a_log_that_is_not_a_log_is_named() {
    let env = TestEnv::with_vault();
    google(&env);
    std::fs::write(
        env.path("databases-wal"),
        b"not a write-ahead log at all, just text",
    )
    .unwrap();
    import_fails_without_writing(
        &env,
        &["databases"],
        "cannot read databases: databases-wal cannot be replayed: not an SQLite write-ahead log",
    );
}

#[test]
fn microsoft_authenticator_database() {
    let env = TestEnv::with_vault();
    let msa_key = [0x5au8; 32];
    database_with_wal(
        env.dir.path(),
        "PhoneFactor",
        MICROSOFT_SCHEMA,
        &format!(
            "INSERT INTO accounts (name, username, oath_secret_key, account_type) VALUES \
               ('GitHub', 'alice', '{KEY1}', 0), \
               ('Microsoft', 'bob@outlook.com', '{}', 1), \
               ('Contoso', 'carol@contoso.com', '', 2);",
            BASE64.encode(&msa_key)
        ),
        &format!(
            "INSERT INTO accounts (name, username, oath_secret_key, account_type) VALUES \
               ('Added Last', 'dave', '{KEY2}', 0);"
        ),
    );
    env.fob().args(["import", "PhoneFactor"]).assert().success();
    let got = entries(&env);
    // The work account that only approves sign-ins has no code secret: nothing to import.
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(find(&got, "GitHub", "alice")["digits"], 6);
    let msa = find(&got, "Microsoft", "bob@outlook.com");
    assert_eq!(msa["secret"], BASE32_NOPAD.encode(&msa_key));
    assert_eq!(
        (&msa["digits"], &msa["period"]),
        (&Value::from(8), &Value::from(30))
    );
    assert_eq!(find(&got, "Added Last", "dave")["secret"], KEY2);
}

#[test]
fn damaged_databases_are_named() {
    let env = TestEnv::with_vault();
    google(&env);
    let bytes = std::fs::read(env.path("databases")).unwrap();
    // The header and then nothing: SQLite's own word for it.
    std::fs::write(env.path("cut"), &bytes[..100]).unwrap();
    import_fails_without_writing(
        &env,
        &["--format", "google-authenticator", "cut"],
        "cut (Google Authenticator backup): the database is damaged",
    );
    std::fs::write(env.path("notes.txt"), "hello\n").unwrap();
    import_fails_without_writing(
        &env,
        &["--format", "microsoft-authenticator", "notes.txt"],
        "not a Microsoft Authenticator database (not an SQLite file)",
    );
}

#[test]
fn a_view_in_place_of_the_table_is_not_run() {
    // A view can hold a query that never ends; only plain tables are read.
    let env = TestEnv::with_vault();
    let conn = Connection::open(env.path("databases")).unwrap();
    conn.execute_batch(
        "CREATE VIEW accounts AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) \
         SELECT x AS email, x AS secret, 0 AS type FROM n;",
    )
    .unwrap();
    drop(conn);
    import_fails_without_writing(
        &env,
        &["--format", "google-authenticator", "databases"],
        "not a Google Authenticator database (no accounts table)",
    );
}
