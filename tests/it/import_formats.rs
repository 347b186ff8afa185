//! `fob import` of Aegis, 2FAS, andOTP and Bitwarden files. The fixtures are built here from the formats'
//! documented layouts (`docs/formats.md`), encrypted with the `RustCrypto` crates
//! directly rather than with fob's writers.

use crate::support;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use data_encoding::{BASE64, HEXLOWER};
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::{Value, json};
use support::{TestEnv, stderr};

/// RFC 6238's keys for SHA1, SHA256 and SHA512, in base32.
const KEY1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY256: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
const KEY512: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";
const PASSWORD: &str = "import pässword";

/// One account as every format's fixture describes it.
#[allow(clippy::struct_field_names)]
struct Account {
    issuer: &'static str,
    account: &'static str,
    kind: &'static str,
    algo: &'static str,
    digits: u32,
    period: u32,
    counter: u64,
    secret: &'static str,
}

/// HOTP, SHA256/512, 7 and 8 digits, a 60-second period, Steam, unicode issuers.
const ACCOUNTS: [Account; 6] = [
    Account {
        issuer: "Bänk ✓",
        account: "ålice",
        kind: "totp",
        algo: "SHA1",
        digits: 6,
        period: 30,
        counter: 0,
        secret: KEY1,
    },
    Account {
        issuer: "Example",
        account: "bob",
        kind: "totp",
        algo: "SHA256",
        digits: 8,
        period: 30,
        counter: 0,
        secret: KEY256,
    },
    Account {
        issuer: "日本",
        account: "carol",
        kind: "totp",
        algo: "SHA512",
        digits: 8,
        period: 30,
        counter: 0,
        secret: KEY512,
    },
    Account {
        issuer: "Seven",
        account: "dave",
        kind: "totp",
        algo: "SHA1",
        digits: 7,
        period: 60,
        counter: 0,
        secret: KEY1,
    },
    Account {
        issuer: "Counter",
        account: "erin",
        kind: "hotp",
        algo: "SHA1",
        digits: 6,
        period: 30,
        counter: 5,
        secret: KEY1,
    },
    Account {
        issuer: "Steam",
        account: "frank",
        kind: "steam",
        algo: "SHA1",
        digits: 5,
        period: 30,
        counter: 0,
        secret: KEY1,
    },
];

/// Codes at t = 59 from the RFC 6238 table, and the one for a 60 s period (RFC 4226 counter 0, 7 digits).
const CODES_AT_59: [(&str, &str); 4] = [
    ("Bänk ✓:ålice", "287082"),
    ("Example:bob", "46119246"),
    ("日本:carol", "90693936"),
    ("Seven:dave", "4755224"),
];

fn gcm(key: &[u8], nonce: &[u8], plain: &[u8]) -> Vec<u8> {
    Aes256Gcm::new_from_slice(key)
        .unwrap()
        .encrypt(Nonce::from_slice(nonce), plain)
        .unwrap()
}

// ---------- Aegis ----------

fn aegis_db(accounts: &[Account]) -> Value {
    let entries: Vec<Value> = accounts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut info = json!({"secret": a.secret, "algo": a.algo, "digits": a.digits});
            if a.kind == "hotp" {
                info["counter"] = json!(a.counter);
            } else {
                info["period"] = json!(a.period);
            }
            json!({
                "type": a.kind, "uuid": format!("00000000-0000-4000-8000-00000000000{i}"),
                "name": a.account, "issuer": a.issuer, "note": if i == 0 { "recovery codes in the safe" } else { "" },
                "favorite": false, "icon": null, "info": info,
                "groups": if i == 0 { vec!["g-work"] } else { vec![] },
            })
        })
        .collect();
    json!({"version": 3, "entries": entries, "groups": [{"uuid": "g-work", "name": "Wörk"}]})
}

fn aegis_plain(db: &Value) -> Vec<u8> {
    json!({"version": 1, "header": {"slots": null, "params": null}, "db": db})
        .to_string()
        .into_bytes()
}

/// An encrypted Aegis vault as `decrypt.py` reads it, with a cheap scrypt cost (the file carries its own).
fn aegis_encrypted(db: &Value, password: &str) -> Vec<u8> {
    let master = [0x42u8; 32];
    let salt = [0x17u8; 32];
    let (log_n, r, p) = (10u8, 8u32, 1u32);
    let mut slot_key = [0u8; 32];
    scrypt::scrypt(
        password.as_bytes(),
        &salt,
        &scrypt::Params::new(log_n, r, p, 32).unwrap(),
        &mut slot_key,
    )
    .unwrap();
    let decoy_nonce = [1u8; 12];
    let slot_nonce = [2u8; 12];
    let db_nonce = [3u8; 12];
    let wrapped = gcm(&slot_key, &slot_nonce, &master);
    let sealed = gcm(&master, &db_nonce, db.to_string().as_bytes());
    let (ct, tag) = sealed.split_at(sealed.len() - 16);
    let (wk, wt) = wrapped.split_at(32);
    // A biometric slot first (type 2), which a reader must pass over.
    let decoy = gcm(&[9u8; 32], &decoy_nonce, &master);
    json!({
        "version": 1,
        "header": {
            "slots": [
                {"type": 2, "uuid": "b", "key": HEXLOWER.encode(&decoy[..32]),
                 "key_params": {"nonce": HEXLOWER.encode(&decoy_nonce), "tag": HEXLOWER.encode(&decoy[32..])}},
                {"type": 1, "uuid": "p", "key": HEXLOWER.encode(wk),
                 "key_params": {"nonce": HEXLOWER.encode(&slot_nonce), "tag": HEXLOWER.encode(wt)},
                 "n": 1u32 << log_n, "r": r, "p": p, "salt": HEXLOWER.encode(&salt), "repaired": true, "is_backup": false}
            ],
            "params": {"nonce": HEXLOWER.encode(&db_nonce), "tag": HEXLOWER.encode(tag)}
        },
        "db": BASE64.encode(ct),
    })
    .to_string()
    .into_bytes()
}

// ---------- 2FAS ----------

fn twofas_services(accounts: &[Account]) -> Vec<Value> {
    accounts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut otp = json!({
                "label": format!("{}:{}", a.issuer, a.account), "account": a.account, "issuer": a.issuer,
                "digits": a.digits, "tokenType": a.kind.to_uppercase(), "source": "Link",
            });
            // The first service has no algorithm: SHA1 (stratumauth#901).
            if i != 0 {
                otp["algorithm"] = json!(a.algo);
            }
            if a.kind == "hotp" {
                otp["counter"] = json!(a.counter);
            } else {
                otp["period"] = json!(a.period);
            }
            json!({"name": a.issuer, "secret": a.secret, "updatedAt": 1_700_000_000_000u64, "otp": otp,
                   "order": {"position": i}, "icon": {"selected": "Label"}})
        })
        .collect()
}

fn twofas_doc(services: &[Value], version: u32) -> Value {
    json!({
        "services": services, "groups": [{"id": "g", "name": "Unused", "isExpanded": true}],
        "updatedAt": 1_700_000_000_000u64, "schemaVersion": version,
        "appVersionCode": 5_000_000, "appVersionName": "5.0.0", "appOrigin": "android"
    })
}

fn twofas_blob(key: &[u8], salt: &[u8], iv: &[u8], plain: &[u8]) -> String {
    format!(
        "{}:{}:{}",
        BASE64.encode(&gcm(key, iv, plain)),
        BASE64.encode(salt),
        BASE64.encode(iv)
    )
}

fn twofas_encrypted(services: &[Value], password: &str) -> Value {
    let salt = [0x33u8; 32];
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), &salt, 10_000, &mut key);
    let mut doc = twofas_doc(&[], 4);
    doc["servicesEncrypted"] = json!(twofas_blob(
        &key,
        &salt,
        &[5u8; 12],
        serde_json::to_string(services).unwrap().as_bytes()
    ));
    doc["reference"] = json!(twofas_blob(&key, &salt, &[6u8; 12], b"reference text"));
    doc
}

// ---------- andOTP ----------

fn andotp_plain(accounts: &[Account]) -> Vec<u8> {
    let list: Vec<Value> = accounts
        .iter()
        .map(|a| {
            let mut v = json!({
                "secret": format!("{}====", a.secret), "issuer": a.issuer, "label": a.account,
                "digits": a.digits, "type": a.kind.to_uppercase(), "algorithm": a.algo,
                "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "tags": ["phone"],
            });
            match a.kind {
                "hotp" => v["counter"] = json!(a.counter),
                "totp" => v["period"] = json!(a.period),
                _ => {} // andOTP writes no period for Steam
            }
            v
        })
        .collect();
    serde_json::to_vec(&list).unwrap()
}

fn andotp_encrypted(plain: &[u8], password: &str) -> Vec<u8> {
    let iterations: u32 = 1_000;
    let salt = [7u8; 12];
    let iv = [8u8; 12];
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password.as_bytes(), &salt, iterations, &mut key);
    let mut out = iterations.to_be_bytes().to_vec();
    out.extend(salt);
    out.extend(iv);
    out.extend(gcm(&key, &iv, plain));
    out
}

// ---------- checks ----------

/// The imported vault holds the six accounts with the right settings and codes.
fn assert_all_accounts(env: &TestEnv) {
    let doc = env.decrypt();
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), ACCOUNTS.len(), "{entries:#?}");
    for a in &ACCOUNTS {
        let e = entries
            .iter()
            .find(|e| e["issuer"] == a.issuer && e["account"] == a.account)
            .unwrap_or_else(|| panic!("{}:{} imported", a.issuer, a.account));
        assert_eq!(e["type"], a.kind);
        assert_eq!(e["secret"], a.secret);
        assert_eq!(e["digits"], a.digits);
        assert_eq!(e["algorithm"], a.algo);
        match a.kind {
            "hotp" => assert_eq!(e["counter"], a.counter),
            _ => assert_eq!(e["period"], a.period),
        }
    }
    let out = env
        .fob()
        .args(["code", "--json", "--at", "59"])
        .output()
        .unwrap();
    let codes: Value = serde_json::from_slice(&out.stdout).unwrap();
    for (name, code) in CODES_AT_59 {
        let got = codes
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap();
        assert_eq!(got["code"], code, "{name}");
    }
}

fn import_fails_without_writing(env: &TestEnv, args: &[&str], pass: Option<&str>, expect: &str) {
    let before = env.vault_bytes();
    let mut cmd = env.fob();
    cmd.arg("import").args(args);
    if let Some(p) = pass {
        cmd.env("FOB_IMPORT_PASSPHRASE", p);
    }
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains(expect), "{err}");
    for a in &ACCOUNTS {
        assert!(!err.contains(a.secret), "no secret in errors: {err}");
    }
    assert!(!err.contains(PASSWORD));
    assert_eq!(env.vault_bytes(), before, "the vault is unchanged");
}

// ---------- tests ----------

#[test]
fn aegis_plain_keeps_every_kind_notes_and_groups() {
    let env = TestEnv::with_vault();
    std::fs::write(env.path("aegis.json"), aegis_plain(&aegis_db(&ACCOUNTS))).unwrap();
    env.fob()
        .args(["import", "aegis.json"])
        .assert()
        .success()
        .stderr(contains("added Bänk ✓:ålice").and(contains("6 added")));
    assert_all_accounts(&env);
    let first = &env.decrypt()["entries"][0];
    assert_eq!(first["note"], "recovery codes in the safe");
    assert_eq!(first["tags"], json!(["Wörk"]));
    env.fob()
        .args(["import", "aegis.json"])
        .assert()
        .success()
        .stderr(contains("6 duplicates skipped"));
}

#[test]
fn aegis_encrypted_with_the_password_from_each_source() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("aegis.json"),
        aegis_encrypted(&aegis_db(&ACCOUNTS), PASSWORD),
    )
    .unwrap();
    std::fs::write(env.path("pw.txt"), format!("{PASSWORD}\n")).unwrap();
    env.fob()
        .args(["import", "--dry-run", "aegis.json"])
        .env("FOB_IMPORT_PASSPHRASE_FILE", "pw.txt")
        .assert()
        .success()
        .stderr(contains("would add"));
    env.fob()
        .args(["import", "aegis.json"])
        .env("FOB_IMPORT_PASSPHRASE_COMMAND", "cat pw.txt")
        .assert()
        .success();
    assert_all_accounts(&env);
}

#[test]
fn aegis_wrong_password_tampering_and_new_versions_write_nothing() {
    let env = TestEnv::with_vault();
    let good = aegis_encrypted(&aegis_db(&ACCOUNTS), PASSWORD);
    std::fs::write(env.path("aegis.json"), &good).unwrap();
    import_fails_without_writing(
        &env,
        &["aegis.json"],
        Some("not it"),
        "wrong password for aegis.json",
    );
    let out = env
        .fob()
        .args(["import", "--skip-invalid", "aegis.json"])
        .env("FOB_IMPORT_PASSPHRASE", "not it")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    // No password source and no terminal: refused at once.
    import_fails_without_writing(&env, &["aegis.json"], None, "no passphrase");

    let mut doc: Value = serde_json::from_slice(&good).unwrap();
    let mut ct = BASE64
        .decode(doc["db"].as_str().unwrap().as_bytes())
        .unwrap();
    ct[3] ^= 0x20;
    doc["db"] = json!(BASE64.encode(&ct));
    std::fs::write(env.path("tampered.json"), doc.to_string()).unwrap();
    import_fails_without_writing(
        &env,
        &["tampered.json"],
        Some(PASSWORD),
        "tampered.json (Aegis backup): the encrypted data is damaged or was changed",
    );

    let mut v2: Value = serde_json::from_slice(&aegis_plain(&aegis_db(&ACCOUNTS))).unwrap();
    v2["db"]["version"] = json!(4);
    std::fs::write(env.path("v4.json"), v2.to_string()).unwrap();
    import_fails_without_writing(
        &env,
        &["v4.json"],
        None,
        "unknown Aegis database version 4 (fob reads up to 3)",
    );

    let mut costly: Value = serde_json::from_slice(&good).unwrap();
    costly["header"]["slots"][1]["n"] = json!(1u64 << 30);
    std::fs::write(env.path("costly.json"), costly.to_string()).unwrap();
    import_fails_without_writing(
        &env,
        &["costly.json"],
        Some(PASSWORD),
        "beyond fob's limits",
    );
}

/// Issue 13: an Aegis file's scrypt cost is capped for the whole file, not per password slot. Eight slots,
/// each at the per-slot limit (n = 2^20, r = 8: 1 GiB; p = 16), would cost eight times what one slot may;
/// the file is refused before any scrypt work (the unfixed reader ran into the 60 s test timeout).
#[test]
fn r13_aegis_password_slots_share_one_scrypt_budget() {
    let env = TestEnv::with_vault();
    let mut doc: Value =
        serde_json::from_slice(&aegis_encrypted(&aegis_db(&ACCOUNTS), PASSWORD)).unwrap();
    let mut slot = doc["header"]["slots"][1].clone();
    slot["n"] = json!(1u64 << 20);
    slot["r"] = json!(8);
    slot["p"] = json!(16);
    doc["header"]["slots"] = Value::Array(vec![slot; 8]);
    std::fs::write(env.path("slots.json"), doc.to_string()).unwrap();
    let before = env.vault_bytes();
    let out = env
        .fob()
        .args(["import", "slots.json"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).lines().next().unwrap(),
        "fob: slots.json (Aegis backup): the password slots together ask for more scrypt work than fob \
         spends on one file (n × r × p summed over the slots must be at most 2^27); nothing was imported"
    );
    assert_eq!(env.vault_bytes(), before, "the vault is unchanged");
}

#[test]
fn aegis_unsupported_entries_are_named_and_need_skip_invalid() {
    let env = TestEnv::with_vault();
    let mut db = aegis_db(&ACCOUNTS[..2]);
    let entries = db["entries"].as_array_mut().unwrap();
    entries.push(json!({"type": "motp", "name": "m", "issuer": "Motp Co", "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "MD5", "digits": 6, "period": 10, "pin": "1234"}}));
    entries.push(json!({"type": "yandex", "name": "y", "issuer": "Yandex", "info": {"secret": "JBSWY3DPEHPK3PXP", "algo": "SHA256", "digits": 8, "period": 30, "pin": "1234"}}));
    entries.push(json!({"type": "totp", "name": "nosecret", "issuer": "Empty", "info": {"algo": "SHA1", "digits": 6, "period": 30}}));
    std::fs::write(env.path("aegis.json"), aegis_plain(&db)).unwrap();
    let before = env.vault_bytes();
    let out = env.fob().args(["import", "aegis.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("3 problems in the input; nothing was imported"),
        "{err}"
    );
    assert!(
        err.contains("aegis.json: entry 3 (Motp Co:m): motp entries are not supported"),
        "{err}"
    );
    assert!(
        err.contains("aegis.json: entry 4 (Yandex:y): yandex entries"),
        "{err}"
    );
    assert!(
        err.contains("aegis.json: entry 5 (Empty:nosecret): the secret is empty"),
        "{err}"
    );
    assert!(!err.contains("JBSWY3DP"));
    assert_eq!(env.vault_bytes(), before);
    env.fob()
        .args(["import", "--skip-invalid", "aegis.json"])
        .assert()
        .success()
        .stderr(contains("skipped: aegis.json: entry 4 (Yandex:y)").and(contains("2 added")));
}

#[test]
fn twofas_plain_and_encrypted() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("plain.2fas"),
        twofas_doc(&twofas_services(&ACCOUNTS), 4).to_string(),
    )
    .unwrap();
    env.fob().args(["import", "plain.2fas"]).assert().success();
    assert_all_accounts(&env);

    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("backup.2fas"),
        twofas_encrypted(&twofas_services(&ACCOUNTS), PASSWORD).to_string(),
    )
    .unwrap();
    env.fob()
        .args(["import", "backup.2fas"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .assert()
        .success();
    assert_all_accounts(&env);
}

#[test]
fn twofas_wrong_password_tampering_and_unknown_schema() {
    let env = TestEnv::with_vault();
    let doc = twofas_encrypted(&twofas_services(&ACCOUNTS), PASSWORD);
    std::fs::write(env.path("backup.2fas"), doc.to_string()).unwrap();
    import_fails_without_writing(
        &env,
        &["backup.2fas"],
        Some("wrong"),
        "wrong password for backup.2fas",
    );
    let mut tampered = doc.clone();
    let blob = tampered["servicesEncrypted"].as_str().unwrap().to_owned();
    let mut parts: Vec<String> = blob.split(':').map(str::to_owned).collect();
    let mut ct = BASE64.decode(parts[0].as_bytes()).unwrap();
    ct[0] ^= 1;
    parts[0] = BASE64.encode(&ct);
    tampered["servicesEncrypted"] = json!(parts.join(":"));
    std::fs::write(env.path("tampered.2fas"), tampered.to_string()).unwrap();
    import_fails_without_writing(
        &env,
        &["tampered.2fas"],
        Some(PASSWORD),
        "the encrypted data is damaged or was changed",
    );
    std::fs::write(
        env.path("v5.2fas"),
        twofas_doc(&twofas_services(&ACCOUNTS), 5).to_string(),
    )
    .unwrap();
    import_fails_without_writing(
        &env,
        &["v5.2fas"],
        None,
        "v5.2fas (2FAS backup): unknown 2FAS schema version 5 (fob reads up to 4)",
    );
}

#[test]
fn andotp_plain_and_encrypted() {
    let env = TestEnv::with_vault();
    std::fs::write(env.path("otp_accounts.json"), andotp_plain(&ACCOUNTS)).unwrap();
    env.fob()
        .args(["import", "otp_accounts.json"])
        .assert()
        .success();
    assert_all_accounts(&env);
    assert_eq!(env.decrypt()["entries"][0]["tags"], json!(["phone"]));

    let env = TestEnv::with_vault();
    let sealed = andotp_encrypted(&andotp_plain(&ACCOUNTS), PASSWORD);
    std::fs::write(env.path("otp_accounts.json.aes"), &sealed).unwrap();
    import_fails_without_writing(
        &env,
        &["otp_accounts.json.aes"],
        Some("wrong"),
        "wrong password for otp_accounts.json.aes",
    );
    // Without the .aes name the bytes say nothing: --format andotp is needed.
    std::fs::write(env.path("renamed.bin"), &sealed).unwrap();
    import_fails_without_writing(&env, &["renamed.bin"], Some(PASSWORD), "neither an image");
    env.fob()
        .args(["import", "--format", "andotp", "renamed.bin"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .assert()
        .success();
    assert_all_accounts(&env);
}

#[test]
fn andotp_entry_without_a_secret_is_named() {
    let env = TestEnv::with_vault();
    let mut list: Vec<Value> = serde_json::from_slice(&andotp_plain(&ACCOUNTS[..1])).unwrap();
    list.push(json!({"issuer": "Nobody", "label": "x", "digits": 6, "type": "TOTP", "algorithm": "SHA1", "period": 30, "secret": ""}));
    std::fs::write(env.path("a.json"), serde_json::to_vec(&list).unwrap()).unwrap();
    import_fails_without_writing(
        &env,
        &["a.json"],
        None,
        "a.json: entry 2 (Nobody:x): the secret is empty; nothing was imported",
    );
}

#[test]
fn bitwarden_items_with_totp() {
    let env = TestEnv::with_vault();
    let doc = json!({
        "encrypted": false,
        "folders": [{"id": "f1", "name": "Banks"}],
        "items": [
            {"id": "1", "type": 1, "name": "Bänk ✓", "folderId": "f1", "notes": "call first",
             "login": {"username": "ålice", "password": "hunter2", "totp": KEY1}},
            {"id": "2", "type": 1, "name": "Only a password", "login": {"username": "x", "password": "y", "totp": null}},
            {"id": "3", "type": 2, "name": "A secure note"},
            {"id": "4", "type": 1, "name": "Example", "login": {"username": "bob",
             "totp": format!("otpauth://totp/Example:bob?secret={KEY256}&algorithm=SHA256&digits=8")}},
            {"id": "5", "type": 1, "name": "Steam", "login": {"username": "frank", "totp": format!("steam://{KEY1}")}}
        ]
    });
    std::fs::write(env.path("bitwarden.json"), doc.to_string()).unwrap();
    env.fob()
        .args(["import", "bitwarden.json"])
        .assert()
        .success()
        .stderr(contains("3 added"));
    let v = env.decrypt();
    assert_eq!(v["entries"][0]["note"], "call first");
    assert_eq!(v["entries"][0]["tags"], json!(["Banks"]));
    assert_eq!(v["entries"][2]["type"], "steam");
    env.fob()
        .args(["code", "bänk", "--at", "59"])
        .assert()
        .stdout("287082\n");
    env.fob()
        .args(["code", "example", "--at", "59"])
        .assert()
        .stdout("46119246\n");
}

#[test]
fn mixed_inputs_in_one_command_are_reported_per_file() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("aegis.json"),
        aegis_plain(&aegis_db(&ACCOUNTS[..2])),
    )
    .unwrap();
    std::fs::write(
        env.path("b.2fas"),
        twofas_doc(&twofas_services(&ACCOUNTS[1..4]), 4).to_string(),
    )
    .unwrap();
    std::fs::write(
        env.path("list.txt"),
        format!("otpauth://totp/Plain:zed?secret={KEY1}\n"),
    )
    .unwrap();
    env.fob()
        .args(["import", "aegis.json", "b.2fas", "list.txt"])
        .assert()
        .success()
        .stderr(
            contains("aegis.json (Aegis backup): 2 held, 2 added, 0 skipped, 0 refused")
                .and(contains(
                    "b.2fas (2FAS backup): 3 held, 2 added, 1 skipped, 0 refused",
                ))
                .and(contains(
                    "skipped Example:bob (given earlier in this import)",
                ))
                .and(contains("Plain:zed shares its secret with Bänk ✓:ålice"))
                .and(contains(
                    "list.txt (otpauth URI list): 1 held, 1 added, 0 skipped, 0 refused",
                )),
        );
    assert_eq!(env.decrypt()["entries"].as_array().unwrap().len(), 5);
}
