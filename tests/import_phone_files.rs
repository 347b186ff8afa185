//! `fob import` of files other apps keep on the phone, pulled off a rooted one: Duo Mobile's
//! `accounts.json` and the Battle.net app's authenticator preferences. Fixtures are written here from
//! the layouts in `src/formats/duo.rs` and `src/formats/battle_net.rs`.

mod support;

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
