//! `fob import` of files other apps keep on the phone, pulled off a rooted one: Duo Mobile's
//! `accounts.json` and the Battle.net app's authenticator preferences. Fixtures are written here from
//! the layouts in `src/formats/duo.rs` and `src/formats/battle_net.rs`.

use crate::support;

use data_encoding::HEXLOWER;
use serde_json::{Value, json};
use support::{TestEnv, stderr};

const KEY1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY2: &str = "JBSWY3DPEHPK3PXP";
/// The Battle.net app's fixed mask, as published by the importers that read it.
const MASK: &str = "398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a";

fn entries(env: &TestEnv) -> Vec<Value> {
    env.decrypt()["entries"].as_array().unwrap().clone()
}

#[test]
fn duo_accounts() {
    let env = TestEnv::with_vault();
    let doc = json!([
        {"name": "GitHub", "akey": "x", "otpGenerator": {"otpSecret": KEY1}, "logoUri": "x"},
        {"name": "Work VPN", "otpGenerator": {"otpSecret": KEY2, "counter": 7}},
    ]);
    std::fs::write(env.path("accounts.json"), doc.to_string()).unwrap();
    env.fob()
        .args(["import", "accounts.json"])
        .assert()
        .success();
    let got = entries(&env);
    assert_eq!(got.len(), 2);
    assert_eq!(
        (
            &got[0]["issuer"],
            &got[0]["account"],
            &got[0]["type"],
            &got[0]["secret"],
            &got[0]["period"]
        ),
        (
            &json!(""),
            &json!("GitHub"),
            &json!("totp"),
            &json!(KEY1),
            &json!(30)
        )
    );
    assert_eq!(
        (&got[1]["account"], &got[1]["type"], &got[1]["counter"]),
        (&json!("Work VPN"), &json!("hotp"), &json!(7))
    );
}

fn mask(text: &str) -> String {
    let mask = HEXLOWER.decode(MASK.as_bytes()).unwrap();
    let masked: Vec<u8> = text.bytes().zip(mask).map(|(b, m)| b ^ m).collect();
    HEXLOWER.encode(&masked)
}

fn battle_net_prefs(secret: &str, serial: &str) -> String {
    format!(
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    \
         <string name=\"com.blizzard.messenger.AUTHENTICATOR_SERIAL\">{serial}</string>\n    \
         <string name=\"com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET\">{secret}</string>\n    \
         <boolean name=\"com.blizzard.messenger.HAS_AUTHENTICATOR\" value=\"true\" />\n</map>\n"
    )
}

#[test]
fn battle_net_authenticator() {
    let env = TestEnv::with_vault();
    let secret_hex = HEXLOWER.encode(b"12345678901234567890");
    std::fs::write(
        env.path("com.blizzard.messenger.authenticator_preferences.xml"),
        battle_net_prefs(&mask(&secret_hex), &mask("US-1234-5678-9012")),
    )
    .unwrap();
    env.fob()
        .args([
            "import",
            "com.blizzard.messenger.authenticator_preferences.xml",
        ])
        .assert()
        .success();
    let got = entries(&env);
    assert_eq!(
        (&got[0]["issuer"], &got[0]["account"], &got[0]["secret"]),
        (
            &json!("Battle.net"),
            &json!("US-1234-5678-9012"),
            &json!(KEY1)
        )
    );
    assert_eq!(
        (&got[0]["digits"], &got[0]["period"], &got[0]["algorithm"]),
        (&json!(8), &json!(30), &json!("SHA1"))
    );
}

#[test]
fn a_battle_net_secret_that_does_not_unmask_is_named() {
    let env = TestEnv::with_vault();
    let too_long = "ab".repeat(80);
    std::fs::write(env.path("bnet.xml"), battle_net_prefs(&too_long, "")).unwrap();
    let before = env.vault_bytes();
    let out = env.fob().args(["import", "bnet.xml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(
            "bnet.xml: entry 1: a masked value is longer than the mask (80 bytes; at most 57)"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.vault_bytes(), before);
}

// ---------- TOTP Authenticator ----------

/// The app's list: a JSON array of strings, each a JSON object, with the key in base 16, 32 or 64.
fn totp_authenticator_list() -> String {
    let items: Vec<String> = [
        json!({"issuer": "GitHub", "name": "alice", "key": KEY1, "base": 32}),
        json!({"issuer": "Example", "name": "bob", "key": HEXLOWER.encode(b"12345678901234567890"), "base": 16}),
        json!({"issuer": "", "name": "carol", "key": data_encoding::BASE64.encode(b"12345678901234567890"), "base": 64}),
    ]
    .iter()
    .map(Value::to_string)
    .collect();
    serde_json::to_string(&items).unwrap()
}

fn assert_totp_authenticator(env: &TestEnv) {
    let got = entries(env);
    let names: Vec<(String, String)> = got
        .iter()
        .map(|e| {
            (
                e["issuer"].as_str().unwrap().to_owned(),
                e["account"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("GitHub".into(), "alice".into()),
            ("Example".into(), "bob".into()),
            (String::new(), "carol".into())
        ]
    );
    for e in &got {
        assert_eq!(
            (&e["secret"], &e["digits"], &e["period"]),
            (&json!(KEY1), &json!(6), &json!(30))
        );
    }
}

fn totp_authenticator_backup(password: &str) -> String {
    use aes_gcm::aes::Aes256;
    use cbc::cipher::{BlockEncryptMut, KeyIvInit, block_padding::Pkcs7};
    use sha2::Digest;
    let mut doc = serde_json::Map::new();
    doc.insert(totp_authenticator_list(), json!("1700000000000"));
    let key = sha2::Sha256::digest(password.as_bytes());
    let sealed = cbc::Encryptor::<Aes256>::new_from_slices(&key, &[0u8; 16])
        .unwrap()
        .encrypt_padded_vec_mut::<Pkcs7>(Value::Object(doc).to_string().as_bytes());
    data_encoding::BASE64.encode(&sealed)
}

#[test]
fn totp_authenticator_preferences() {
    let env = TestEnv::with_vault();
    let escaped = totp_authenticator_list()
        .replace('&', "&amp;")
        .replace('"', "&quot;");
    std::fs::write(
        env.path("TOTP_Authenticator_Preferences.xml"),
        format!("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    <string name=\"STATIC_TOTP_CODES_LIST\">{escaped}</string>\n</map>\n"),
    )
    .unwrap();
    env.fob()
        .args(["import", "TOTP_Authenticator_Preferences.xml"])
        .assert()
        .success();
    assert_totp_authenticator(&env);
}

#[test]
fn totp_authenticator_backup_with_and_without_a_password() {
    let env = TestEnv::with_vault();
    std::fs::write(env.path("backup.txt"), totp_authenticator_backup("s3cret")).unwrap();
    let before = env.vault_bytes();
    let out = env
        .fob()
        .args(["import", "--format", "totp-authenticator", "backup.txt"])
        .env("FOB_IMPORT_PASSPHRASE", "wrong")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrong password for backup.txt"));
    assert_eq!(env.vault_bytes(), before);
    env.fob()
        .args(["import", "--format", "totp-authenticator", "backup.txt"])
        .env("FOB_IMPORT_PASSPHRASE", "s3cret")
        .assert()
        .success();
    assert_totp_authenticator(&env);

    // Made without a password: the app's built-in one opens it, whatever is typed.
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("backup.txt"),
        totp_authenticator_backup("TotpAuthenticator"),
    )
    .unwrap();
    env.fob()
        .args(["import", "--format", "totp-authenticator", "backup.txt"])
        .env("FOB_IMPORT_PASSPHRASE", "anything")
        .assert()
        .success();
    assert_totp_authenticator(&env);
}
