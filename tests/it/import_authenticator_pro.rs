//! `fob import` of Authenticator Pro (Stratum): the plain JSON backup, the encrypted backups (current
//! Argon2id + AES-GCM, legacy PBKDF2 + AES-CBC) and the app's own database. Fixtures are built here from
//! the layouts in the app's source (see `src/formats/authenticator_pro.rs`), encrypted with the crypto
//! crates directly.

use crate::support;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::aes::Aes256;
use aes_gcm::{Aes256Gcm, Nonce};
use cbc::cipher::{BlockEncryptMut, KeyIvInit, block_padding::Pkcs7};
use serde_json::{Value, json};
use support::TestEnv;

const KEY1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY256: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
const KEY512: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";
const STEAM_KEY: &str = "JBSWY3DPEHPK3PXP";
/// The app keys authenticators by secret: no two share one.
const HOTP_KEY: &str = "MFRGGZDFMZTWQ2LK";
const PASSWORD: &str = "stratum pässword";

/// Type, Issuer, Username, Secret, Algorithm, Digits, Period, Counter, as the app writes them.
type Authenticator = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    i64,
    u32,
    u32,
    u64,
);

const AUTHENTICATORS: [Authenticator; 5] = [
    (2, "Bänk ✓", "ålice", KEY1, 0, 6, 30, 0),
    (2, "Example", "bob", KEY256, 1, 8, 60, 0),
    (2, "日本", "", KEY512, 2, 8, 30, 0),
    (1, "Counter", "erin", HOTP_KEY, 0, 6, 30, 5),
    (4, "Steam", "frank", STEAM_KEY, 0, 5, 30, 0),
];

fn backup_json() -> Vec<u8> {
    let authenticators: Vec<Value> = AUTHENTICATORS
        .iter()
        .map(|(t, issuer, user, secret, algo, digits, period, counter)| {
            json!({
                "Type": t, "Icon": "default", "Issuer": issuer,
                "Username": if user.is_empty() { Value::Null } else { json!(user) },
                "Secret": secret, "Pin": null, "Algorithm": algo, "Digits": digits, "Period": period,
                "Counter": counter, "CopyCount": 3, "Ranking": 0,
            })
        })
        .collect();
    json!({
        "Authenticators": authenticators,
        "Categories": [{"Id": "c0ffee00", "Name": "Wörk", "Ranking": 0}],
        "AuthenticatorCategories": [{"CategoryId": "c0ffee00", "AuthenticatorSecret": KEY256, "Ranking": 0}],
        "CustomIcons": [],
    })
    .to_string()
    .into_bytes()
}

fn strong(plain: &[u8], password: &str) -> Vec<u8> {
    let salt = [0x21u8; 16];
    let iv = [0x42u8; 12];
    let params = argon2::Params::new(65_536, 3, 4, Some(32)).unwrap();
    let mut key = [0u8; 32];
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(password.as_bytes(), &salt, &mut key)
        .unwrap();
    let sealed = Aes256Gcm::new_from_slice(&key)
        .unwrap()
        .encrypt(Nonce::from_slice(&iv), plain)
        .unwrap();
    [b"AUTHENTICATORPRO".as_slice(), &salt, &iv, &sealed].concat()
}

fn legacy(plain: &[u8], password: &str) -> Vec<u8> {
    let salt = [0x33u8; 20];
    let iv = [0x44u8; 16];
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), &salt, 64_000, &mut key);
    let sealed = cbc::Encryptor::<Aes256>::new_from_slices(&key, &iv)
        .unwrap()
        .encrypt_padded_vec_mut::<Pkcs7>(plain);
    [b"AuthenticatorPro".as_slice(), &salt, &iv, &sealed].concat()
}

fn assert_imported(env: &TestEnv) {
    let doc = env.decrypt();
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), AUTHENTICATORS.len(), "{entries:#?}");
    let find = |issuer: &str, account: &str| {
        entries
            .iter()
            .find(|e| e["issuer"] == issuer && e["account"] == account)
            .unwrap_or_else(|| panic!("{issuer}:{account} in {entries:#?}"))
            .clone()
    };
    let alice = find("Bänk ✓", "ålice");
    assert_eq!(
        (
            &alice["type"],
            &alice["secret"],
            &alice["algorithm"],
            &alice["digits"],
            &alice["period"]
        ),
        (
            &json!("totp"),
            &json!(KEY1),
            &json!("SHA1"),
            &json!(6),
            &json!(30)
        )
    );
    let bob = find("Example", "bob");
    assert_eq!(
        (
            &bob["algorithm"],
            &bob["digits"],
            &bob["period"],
            &bob["tags"]
        ),
        (&json!("SHA256"), &json!(8), &json!(60), &json!(["Wörk"]))
    );
    // A name without a username: the issuer alone.
    assert_eq!(find("日本", "")["algorithm"], "SHA512");
    let erin = find("Counter", "erin");
    assert_eq!(
        (&erin["type"], &erin["counter"]),
        (&json!("hotp"), &json!(5))
    );
    let frank = find("Steam", "frank");
    assert_eq!(
        (&frank["type"], &frank["secret"]),
        (&json!("steam"), &json!(STEAM_KEY))
    );
}

fn import_fails_without_writing(
    env: &TestEnv,
    file: &str,
    password: &str,
    expect: &str,
    code: i32,
) {
    support::import_refused(env, file, password, expect, code, &[KEY1, PASSWORD]);
}

#[test]
fn plain_backup() {
    let env = TestEnv::with_vault();
    std::fs::write(env.path("backup.json"), backup_json()).unwrap();
    env.fob().args(["import", "backup.json"]).assert().success();
    assert_imported(&env);
}

#[test]
fn encrypted_backup_current_format() {
    let env = TestEnv::with_vault();
    std::fs::write(env.path("backup.authpro"), strong(&backup_json(), PASSWORD)).unwrap();
    import_fails_without_writing(
        &env,
        "backup.authpro",
        "wrong",
        "wrong password for backup.authpro",
        4,
    );
    env.fob()
        .args(["import", "backup.authpro"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .assert()
        .success();
    assert_imported(&env);
}

#[test]
fn encrypted_backup_legacy_format() {
    let env = TestEnv::with_vault();
    let sealed = legacy(&backup_json(), PASSWORD);
    std::fs::write(env.path("old.authpro"), &sealed).unwrap();
    import_fails_without_writing(
        &env,
        "old.authpro",
        "wrong",
        "wrong password for old.authpro",
        4,
    );
    // Cut inside a block: named, not taken for a wrong password.
    std::fs::write(env.path("cut.authpro"), &sealed[..sealed.len() - 5]).unwrap();
    import_fails_without_writing(
        &env,
        "cut.authpro",
        PASSWORD,
        "cut.authpro (Authenticator Pro backup): not a whole number of AES blocks",
        1,
    );
    env.fob()
        .args(["import", "old.authpro"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .assert()
        .success();
    assert_imported(&env);
}

#[test]
fn the_apps_own_database() {
    let env = TestEnv::with_vault();
    let conn = rusqlite::Connection::open(env.path("proauth.db3")).unwrap();
    conn.execute_batch(
        "CREATE TABLE authenticator (type integer, icon varchar, issuer varchar(32), username varchar(40), \
           secret varchar primary key not null, pin varchar, algorithm integer, digits integer, period integer, \
           counter bigint, copyCount integer, ranking integer);
         CREATE TABLE category (id varchar(8) primary key not null, name varchar(32), ranking integer);
         CREATE TABLE authenticatorcategory (categoryId varchar, authenticatorSecret varchar, ranking integer);",
    )
    .unwrap();
    for (t, issuer, user, secret, algo, digits, period, counter) in AUTHENTICATORS {
        conn.execute(
            "INSERT INTO authenticator VALUES (?1, 'x', ?2, ?3, ?4, NULL, ?5, ?6, ?7, ?8, 0, 0)",
            rusqlite::params![
                t,
                issuer,
                (!user.is_empty()).then_some(user),
                secret,
                algo,
                digits,
                period,
                counter.cast_signed()
            ],
        )
        .unwrap();
    }
    conn.execute_batch(&format!(
        "INSERT INTO category VALUES ('c0ffee00', 'Wörk', 0); \
         INSERT INTO authenticatorcategory VALUES ('c0ffee00', '{KEY256}', 0);"
    ))
    .unwrap();
    drop(conn);
    env.fob().args(["import", "proauth.db3"]).assert().success();
    assert_imported(&env);
}

#[test]
fn mobile_otp_is_named() {
    let env = TestEnv::with_vault();
    let doc = json!({"Authenticators": [
        {"Type": 3, "Issuer": "Old", "Username": "x", "Secret": "abcdef0123456789", "Pin": "1234",
         "Algorithm": 0, "Digits": 6, "Period": 10, "Counter": 0}
    ]});
    std::fs::write(env.path("m.json"), doc.to_string()).unwrap();
    import_fails_without_writing(
        &env,
        "m.json",
        "",
        "m.json: entry 1 (Old:x): motp entries are not supported",
        1,
    );
}
