//! `fob import` of Authy's token files (Android shared preferences pulled off a rooted phone), plain and
//! with secrets encrypted under the backup password. Fixtures are written here from the layout in
//! `src/formats/authy.rs`, encrypted with the crypto crates directly.

use crate::support;

use aes_gcm::aes::Aes256;
use cbc::cipher::{BlockEncryptMut, KeyIvInit, block_padding::Pkcs7};
use data_encoding::{BASE64, HEXLOWER};
use serde_json::{Value, json};
use support::TestEnv;

const KEY1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY2: &str = "JBSWY3DPEHPK3PXP";
const PASSWORD: &str = "authy bäckup";
const SALT: &str = "fWmDnN8bqQ5S3k2v";

/// Android's shared-preferences file with one string: the JSON, XML-escaped as Android writes it.
fn prefs(key: &str, tokens: &Value) -> Vec<u8> {
    let escaped = tokens
        .to_string()
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    \
         <long name=\"com.authy.storage.tokens.authenticator.timestamp\" value=\"1700000000000\" />\n    \
         <string name=\"{key}\">{escaped}</string>\n</map>\n"
    )
    .into_bytes()
}

const AUTHENTICATOR_KEY: &str = "com.authy.storage.tokens.authenticator.key";

fn seal(secret: &str, password: &str, salt: &str, rounds: u32) -> String {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), salt.as_bytes(), rounds, &mut key);
    let sealed = cbc::Encryptor::<Aes256>::new_from_slices(&key, &[0u8; 16])
        .unwrap()
        .encrypt_padded_vec_mut::<Pkcs7>(secret.as_bytes());
    BASE64.encode(&sealed)
}

fn tokens(encrypted: bool) -> Value {
    let secret = |s: &str| {
        if encrypted {
            json!({"encryptedSecret": seal(s, PASSWORD, SALT, 1000), "salt": SALT})
        } else {
            json!({"decryptedSecret": s})
        }
    };
    let mut list = vec![
        json!({"name": "alice@example.com", "originalName": "GitHub:alice@example.com", "accountType": "github", "digits": 6}),
        json!({"name": "Example - bob", "accountType": "authenticator", "digits": 8}),
        json!({"name": "carol", "accountType": "dropbox", "digits": 6, "originalIssuer": null}),
    ];
    for (item, s) in list.iter_mut().zip([KEY1, KEY2, KEY1]) {
        item.as_object_mut()
            .unwrap()
            .extend(secret(s).as_object().unwrap().clone());
    }
    Value::Array(list)
}

fn entries(env: &TestEnv) -> Vec<Value> {
    env.decrypt()["entries"].as_array().unwrap().clone()
}

fn assert_accounts(env: &TestEnv) {
    let got = entries(env);
    let find = |issuer: &str, account: &str| {
        got.iter()
            .find(|e| e["issuer"] == issuer && e["account"] == account)
            .unwrap_or_else(|| panic!("{issuer}:{account} in {got:#?}"))
            .clone()
    };
    let alice = find("GitHub", "alice@example.com");
    assert_eq!(
        (
            &alice["type"],
            &alice["secret"],
            &alice["digits"],
            &alice["period"],
            &alice["algorithm"]
        ),
        (
            &json!("totp"),
            &json!(KEY1),
            &json!(6),
            &json!(30),
            &json!("SHA1")
        )
    );
    assert_eq!(find("Example", "bob")["digits"], 8);
    assert_eq!(find("Dropbox", "carol")["secret"], KEY1);
    assert_eq!(got.len(), 3);
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
fn plain_token_file() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("com.authy.storage.tokens.authenticator.xml"),
        prefs(AUTHENTICATOR_KEY, &tokens(false)),
    )
    .unwrap();
    env.fob()
        .args(["import", "com.authy.storage.tokens.authenticator.xml"])
        .assert()
        .success();
    assert_accounts(&env);
}

#[test]
fn encrypted_secrets_need_the_backup_password() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("authy.xml"),
        prefs(AUTHENTICATOR_KEY, &tokens(true)),
    )
    .unwrap();
    import_fails_without_writing(
        &env,
        "authy.xml",
        "wrong",
        "wrong password for authy.xml",
        4,
    );
    env.fob()
        .args(["import", "authy.xml"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .assert()
        .success();
    assert_accounts(&env);
}

#[test]
fn authys_own_tokens() {
    let env = TestEnv::with_vault();
    let seed = HEXLOWER.encode(b"12345678901234567890");
    let list = json!([{"name": "Twitch", "secretSeed": seed, "digits": 7, "accountType": "authy"}]);
    std::fs::write(
        env.path("authy.xml"),
        prefs("com.authy.storage.tokens.authy.key", &list),
    )
    .unwrap();
    env.fob().args(["import", "authy.xml"]).assert().success();
    let got = entries(&env);
    assert_eq!(
        (&got[0]["issuer"], &got[0]["account"], &got[0]["secret"]),
        (&json!("Twitch"), &json!(""), &json!(KEY1))
    );
    assert_eq!(
        (&got[0]["digits"], &got[0]["period"]),
        (&json!(7), &json!(10))
    );
}

#[test]
fn iteration_counts_from_the_file_are_capped() {
    let env = TestEnv::with_vault();
    let list = json!([{"name": "x", "accountType": "y", "digits": 6, "salt": SALT,
        "encryptedSecret": seal(KEY1, PASSWORD, SALT, 1000), "key_derivation_iterations": 4_000_000_000u64}]);
    std::fs::write(env.path("authy.xml"), prefs(AUTHENTICATOR_KEY, &list)).unwrap();
    import_fails_without_writing(
        &env,
        "authy.xml",
        PASSWORD,
        "authy.xml (Authy backup): an entry asks for 4000000000 PBKDF2 iterations (fob accepts 1 to 1000000)",
        1,
    );
    // Many salts, each within the limit, are capped together.
    let many: Vec<Value> = (0..11)
        .map(|i| json!({"name": format!("n{i}"), "accountType": "y", "digits": 6, "salt": format!("salt{i}"),
            "encryptedSecret": seal(KEY1, PASSWORD, "x", 1000), "key_derivation_iterations": 1_000_000}))
        .collect();
    std::fs::write(
        env.path("many.xml"),
        prefs(AUTHENTICATOR_KEY, &Value::Array(many)),
    )
    .unwrap();
    import_fails_without_writing(
        &env,
        "many.xml",
        PASSWORD,
        "11000000 PBKDF2 iterations in all, beyond fob's limit of 10000000",
        1,
    );
}

#[test]
fn a_cut_token_file_is_named() {
    let env = TestEnv::with_vault();
    let bytes = prefs(AUTHENTICATOR_KEY, &tokens(false));
    std::fs::write(env.path("authy.xml"), &bytes[..bytes.len() - 20]).unwrap();
    import_fails_without_writing(
        &env,
        "authy.xml",
        "",
        "authy.xml (Authy backup): damaged Authy file",
        1,
    );
}
