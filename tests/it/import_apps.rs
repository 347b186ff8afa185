//! `fob import` of the files people bring from Bitwarden (CSV), FreeOTP, FreeOTP+, Steam authenticators,
//! Proton Authenticator and Ente Auth. The fixtures are built here from each app's documented or
//! source-read layout (see the module headers under src/formats/), not copied from any project.

use crate::support;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use data_encoding::BASE64;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::{Value, json};
use support::{TestEnv, stderr};

/// RFC 6238's SHA1 key, in base32 and as bytes.
const KEY1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY1_BYTES: &[u8] = b"12345678901234567890";
/// RFC 6238's SHA1 code at t = 59 (6 digits) and RFC 4226's HOTP codes for counters 0..3.
const TOTP_AT_59: &str = "287082";
const HOTP: [&str; 4] = ["755224", "287082", "359152", "969429"];

fn entries(env: &TestEnv) -> Vec<Value> {
    env.decrypt()["entries"].as_array().unwrap().clone()
}

fn find<'a>(entries: &'a [Value], issuer: &str, account: &str) -> &'a Value {
    entries
        .iter()
        .find(|e| e["issuer"] == issuer && e["account"] == account)
        .unwrap_or_else(|| panic!("{issuer}:{account} imported: {entries:#?}"))
}

fn code(env: &TestEnv, name: &str) -> String {
    let out = env
        .fob()
        .args(["code", name, "--at", "59"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Runs an import that must fail with `expect` in its message and leave the vault as it was.
fn import_fails_without_writing(env: &TestEnv, args: &[&str], expect: &str) {
    let before = env.vault_bytes();
    let out = env.fob().arg("import").args(args).output().unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains(expect), "{err}");
    assert!(!err.contains(KEY1), "no secret in errors: {err}");
    assert_eq!(env.vault_bytes(), before, "the vault is unchanged");
}

/// Java's signed bytes, as Gson writes a `byte[]`.
fn java_bytes(bytes: &[u8]) -> Value {
    bytes
        .iter()
        .map(|&b| i64::from(i8::from_le_bytes([b])))
        .collect()
}

/// Android's shared-preferences XML of string values, escaped as `XmlUtils` escapes them.
fn shared_prefs(strings: &[(String, String)]) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut xml = String::from("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n");
    for (k, v) in strings {
        xml += &format!("    <string name=\"{}\">{}</string>\n", esc(k), esc(v));
    }
    xml += "    <boolean name=\"migrated\" value=\"false\" />\n</map>\n";
    xml
}

/// FreeOTP's tokens: a renamed TOTP, an HOTP whose stored counter is 2, a Steam token, and one whose
/// issuer exists only as the URI's `issuer=`.
fn freeotp_tokens() -> Vec<(String, Value)> {
    let key = java_bytes(KEY1_BYTES);
    // 0xff and 0x80 check the signed-byte conversion.
    let high = java_bytes(&[0xff, 0x80, 0x01, 0x7f, 0x00]);
    vec![
        (
            "Bänk:ålice".into(),
            json!({"issuerInt": "Bänk", "issuerExt": "Bänk", "issuerAlt": "My Bänk",
            "label": "ålice", "labelAlt": null, "image": null, "imageAlt": null, "type": "TOTP",
            "algo": "SHA1", "secret": key, "digits": 6, "counter": 0, "period": 30}),
        ),
        (
            "Counter:erin".into(),
            json!({"issuerInt": "Counter", "issuerExt": "Counter", "label": "erin",
            "type": "HOTP", "algo": "SHA1", "secret": key, "digits": 6, "counter": 2, "period": 30}),
        ),
        (
            "Steam:frank".into(),
            json!({"issuerExt": "Steam", "label": "frank", "type": "TOTP",
            "algo": "SHA1", "secret": key, "digits": 5, "counter": 0, "period": 30}),
        ),
        (
            "Only:param".into(),
            json!({"issuerInt": "Only", "issuerExt": "", "label": "param",
            "type": "TOTP", "algo": "SHA512", "secret": high, "digits": 8, "counter": 0, "period": 60}),
        ),
    ]
}

fn freeotp_xml(tokens: &[(String, Value)]) -> String {
    // The user moved the last token first.
    let mut order: Vec<&str> = tokens.iter().map(|(k, _)| k.as_str()).collect();
    order.rotate_right(1);
    let mut strings = vec![(
        "tokenOrder".to_owned(),
        serde_json::to_string(&order).unwrap(),
    )];
    strings.extend(tokens.iter().map(|(k, v)| (k.clone(), v.to_string())));
    shared_prefs(&strings)
}

#[test]
fn bitwarden_csv_export() {
    let env = TestEnv::with_vault();
    let csv = format!(
        "\u{feff}folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n\
         Banks,1,login,Bänk ✓,\"call first, then\nwrite\",,0,https://bank.example,ålice,hunter2,{KEY1}\n\
         ,,login,Only a password,,,0,https://x.example,x,y,\n\
         ,,note,A secure note,text,,0,,,,\n\
         ,,login,Example,,,0,,bob,pw,\"otpauth://totp/Example:bob?secret={KEY1}&digits=8&algorithm=SHA256\"\n\
         ,,login,Steam,,,0,,frank,pw,steam://{KEY1}\n"
    );
    std::fs::write(env.path("bitwarden_export.csv"), csv).unwrap();
    env.fob()
        .args(["import", "bitwarden_export.csv"])
        .assert()
        .success()
        .stderr(contains("3 added"));
    let e = entries(&env);
    assert_eq!(e.len(), 3);
    let bank = find(&e, "Bänk ✓", "ålice");
    assert_eq!(bank["note"], "call first, then\nwrite");
    assert_eq!(bank["tags"], json!(["Banks"]));
    assert_eq!(find(&e, "Example", "bob")["digits"], 8);
    assert_eq!(find(&e, "Example", "bob")["algorithm"], "SHA256");
    assert_eq!(find(&e, "Steam", "frank")["type"], "steam");
    assert_eq!(code(&env, "bänk"), TOTP_AT_59);
}

#[test]
fn bitwarden_csv_with_a_bad_secret_names_the_row() {
    let env = TestEnv::with_vault();
    let csv = format!(
        "collections,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n\
         Team,login,VPN,,,0,,carol,pw,{KEY1}\n\
         Team,login,Broken,,,0,,dan,pw,not base32!\n"
    );
    std::fs::write(env.path("org.csv"), csv).unwrap();
    import_fails_without_writing(
        &env,
        &["org.csv"],
        "org.csv: entry 2 (Broken:dan): character 11 of the secret, '!', is not base32",
    );
    env.fob()
        .args(["import", "--skip-invalid", "org.csv"])
        .assert()
        .success();
    assert_eq!(
        find(&entries(&env), "VPN", "carol")["tags"],
        json!(["Team"])
    );
}

#[test]
fn freeotp_tokens_xml() {
    let env = TestEnv::with_vault();
    std::fs::write(env.path("tokens.xml"), freeotp_xml(&freeotp_tokens())).unwrap();
    env.fob()
        .args(["import", "tokens.xml"])
        .assert()
        .success()
        .stderr(contains("4 added"));
    let e = entries(&env);
    let names: Vec<String> = e
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
        ["Only:param", "My Bänk:ålice", "Counter:erin", "Steam:frank"],
        "tokenOrder decides the order"
    );
    assert_eq!(find(&e, "My Bänk", "ålice")["secret"], KEY1);
    // FreeOTP stores the counter its next code uses.
    assert_eq!(find(&e, "Counter", "erin")["counter"], 2);
    assert_eq!(find(&e, "Steam", "frank")["type"], "steam");
    let only = find(&e, "Only", "param");
    assert_eq!(only["secret"], "76AAC7YA");
    assert_eq!(
        (only["period"].as_u64(), only["digits"].as_u64()),
        (Some(60), Some(8))
    );
    assert_eq!(code(&env, "my bänk"), TOTP_AT_59);
    env.fob()
        .args(["code", "counter"])
        .assert()
        .success()
        .stdout(format!("{}\n", HOTP[2]));
}

#[test]
fn freeotp_plus_json_export_and_tokens_xml() {
    let env = TestEnv::with_vault();
    let tokens = freeotp_tokens();
    let mut list: Vec<Value> = tokens.iter().map(|(_, v)| v.clone()).collect();
    list[0]["category"] = json!("Money");
    let doc = json!({
        "tokenOrder": tokens.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        "tokens": list,
    });
    std::fs::write(env.path("freeotp-backup.json"), doc.to_string()).unwrap();
    env.fob()
        .args(["import", "freeotp-backup.json"])
        .assert()
        .success()
        .stderr(contains("4 added"));
    let e = entries(&env);
    assert_eq!(find(&e, "My Bänk", "ålice")["tags"], json!(["Money"]));
    // FreeOTP+ stores the counter of the last code shown: the next one is 3.
    assert_eq!(find(&e, "Counter", "erin")["counter"], 3);
    env.fob()
        .args(["code", "counter"])
        .assert()
        .stdout(format!("{}\n", HOTP[3]));

    // Its older tokens.xml holds the same objects; only --format tells it from FreeOTP's.
    let env = TestEnv::with_vault();
    std::fs::write(env.path("tokens.xml"), freeotp_xml(&tokens)).unwrap();
    env.fob()
        .args(["import", "--format", "freeotp-plus", "tokens.xml"])
        .assert()
        .success();
    assert_eq!(find(&entries(&env), "Counter", "erin")["counter"], 3);
}

#[test]
fn freeotp_damaged_files_are_named() {
    let env = TestEnv::with_vault();
    let xml = freeotp_xml(&freeotp_tokens());
    let cut = xml.find("</string>").unwrap() + 40;
    std::fs::write(env.path("tokens.xml"), &xml[..cut]).unwrap();
    import_fails_without_writing(
        &env,
        &["tokens.xml"],
        "tokens.xml (FreeOTP backup): damaged FreeOTP file: it ends before </map> (cut short?)",
    );
    let mut token = freeotp_tokens()[0].1.clone();
    token["secret"] = json!([1, 2, 999]);
    std::fs::write(
        env.path("bad.xml"),
        shared_prefs(&[("x:y".into(), token.to_string())]),
    )
    .unwrap();
    import_fails_without_writing(
        &env,
        &["bad.xml"],
        "bad.xml: entry 1 (x:y): secret is not a list of bytes",
    );
}

// ---------- FreeOTP 2's externalBackup.xml ----------

const BACKUP_PASSWORD: &str = "fr€e otp";

/// `java.io.ObjectOutputStream.writeObject` of a `HashMap<String, String>`, byte by byte as the
/// serialisation spec lays it out (all text here is in the BMP and has no NUL, where modified UTF-8 is
/// plain UTF-8).
fn java_hashmap(entries: &[(String, String)]) -> Vec<u8> {
    fn utf(out: &mut Vec<u8>, s: &str) {
        out.extend(u16::try_from(s.len()).unwrap().to_be_bytes());
        out.extend(s.as_bytes());
    }
    let mut b = vec![0xac, 0xed, 0x00, 0x05, 0x73, 0x72];
    utf(&mut b, "java.util.HashMap");
    b.extend(0x0507_dac1_c316_60d1_u64.to_be_bytes());
    b.push(0x03);
    b.extend(2u16.to_be_bytes());
    b.push(b'F');
    utf(&mut b, "loadFactor");
    b.push(b'I');
    utf(&mut b, "threshold");
    b.extend([0x78, 0x70]);
    b.extend(0.75f32.to_be_bytes());
    b.extend(12u32.to_be_bytes());
    b.extend([0x77, 0x08]);
    b.extend(16u32.to_be_bytes());
    b.extend(u32::try_from(entries.len()).unwrap().to_be_bytes());
    for (k, v) in entries {
        b.push(0x74);
        utf(&mut b, k);
        b.push(0x74);
        utf(&mut b, v);
    }
    b.push(0x78);
    b
}

/// FreeOTP 2's `EncryptedKey`: AES-GCM with the key's algorithm name as associated data.
fn encrypted_key(key: &[u8], plain: &[u8], algorithm: &str, iv: [u8; 12]) -> Value {
    let sealed = Aes256Gcm::new_from_slice(key)
        .unwrap()
        .encrypt(
            Nonce::from_slice(&iv),
            Payload {
                msg: plain,
                aad: algorithm.as_bytes(),
            },
        )
        .unwrap();
    let params: Vec<u8> = [&[0x30, 17, 0x04, 12][..], &iv, &[0x02, 0x01, 16]].concat();
    json!({"mCipher": "AES/GCM/NoPadding", "mCipherText": java_bytes(&sealed),
           "mParameters": java_bytes(&params), "mToken": algorithm})
}

/// A FreeOTP 2 backup of two accounts (a TOTP without digits or period, an HOTP at counter 2), with
/// `tamper` flipping a bit of the second account's key and `claimed` an iteration count written in
/// place of the one used.
fn freeotp2_backup(password: &str, iterations: u32, tamper: bool, claimed: Option<u64>) -> Vec<u8> {
    let salt = [3u8; 32];
    let mut pwd_key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password.as_bytes(), &salt, iterations, &mut pwd_key);
    let master = [9u8; 32];
    let master_key = json!({"mAlgorithm": "PBKDF2withHmacSHA512",
        "mIterations": claimed.unwrap_or(u64::from(iterations)),
        "mSalt": java_bytes(&salt), "mEncryptedKey": encrypted_key(&pwd_key, &master, "AES", [1; 12])});
    let mut second = encrypted_key(&master, KEY1_BYTES, "HmacSHA1", [2; 12]);
    if tamper {
        second["mCipherText"][0] = json!(second["mCipherText"][0].as_i64().unwrap() ^ 1);
    }
    let entries = vec![
        ("masterKey".to_owned(), master_key.to_string()),
        (
            "6f2b7c1e-0000-4000-8000-000000000001".to_owned(),
            json!({"key": encrypted_key(&master, KEY1_BYTES, "HmacSHA1", [4; 12]).to_string()})
                .to_string(),
        ),
        (
            "6f2b7c1e-0000-4000-8000-000000000001-token".to_owned(),
            json!({"algo": "SHA1", "issuerExt": "Bänk", "issuerInt": "Bänk", "label": "ålice",
                   "type": "TOTP", "lock": false})
            .to_string(),
        ),
        (
            "6f2b7c1e-0000-4000-8000-000000000002".to_owned(),
            json!({"key": second.to_string()}).to_string(),
        ),
        (
            "6f2b7c1e-0000-4000-8000-000000000002-token".to_owned(),
            json!({"algo": "SHA1", "issuerExt": "Counter", "label": "erin", "type": "HOTP",
                   "digits": 6, "counter": 2, "lastUsed": 1_700_000_000_000_u64})
            .to_string(),
        ),
    ];
    java_hashmap(&entries)
}

#[test]
fn freeotp_2_encrypted_backup() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("externalBackup.xml"),
        freeotp2_backup(BACKUP_PASSWORD, 1_000, false, None),
    )
    .unwrap();
    env.fob()
        .args(["import", "externalBackup.xml"])
        .env("FOB_IMPORT_PASSPHRASE", BACKUP_PASSWORD)
        .assert()
        .success()
        .stderr(contains("2 added"));
    let e = entries(&env);
    assert_eq!(find(&e, "Bänk", "ålice")["secret"], KEY1);
    assert_eq!(find(&e, "Bänk", "ålice")["digits"], 6);
    // FreeOTP 2 makes a code from `counter`, then increments it: 2 is the next one.
    assert_eq!(find(&e, "Counter", "erin")["counter"], 2);
    assert_eq!(code(&env, "bänk"), TOTP_AT_59);
    env.fob()
        .args(["code", "counter"])
        .assert()
        .stdout(format!("{}\n", HOTP[2]));
}

#[test]
fn freeotp_2_wrong_password_changed_and_costly_backups_write_nothing() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("externalBackup.xml"),
        freeotp2_backup(BACKUP_PASSWORD, 1_000, false, None),
    )
    .unwrap();
    let before = env.vault_bytes();
    env.fob()
        .args(["import", "externalBackup.xml"])
        .env("FOB_IMPORT_PASSPHRASE", "not it")
        .assert()
        .code(4)
        .stderr(contains("wrong password for externalBackup.xml"));
    env.fob()
        .args(["import", "--skip-invalid", "externalBackup.xml"])
        .env("FOB_IMPORT_PASSPHRASE", "not it")
        .assert()
        .code(4);
    assert_eq!(env.vault_bytes(), before);

    std::fs::write(
        env.path("changed.xml"),
        freeotp2_backup(BACKUP_PASSWORD, 1_000, true, None),
    )
    .unwrap();
    let out = env
        .fob()
        .args(["import", "changed.xml"])
        .env("FOB_IMPORT_PASSPHRASE", BACKUP_PASSWORD)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out)
            .contains("changed.xml (FreeOTP backup): the encrypted data is damaged or was changed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.vault_bytes(), before);

    // A hostile iteration count is refused before any work, whatever the password.
    let big = freeotp2_backup(BACKUP_PASSWORD, 1_000, false, Some(4_000_000_000));
    std::fs::write(env.path("costly.xml"), big).unwrap();
    let out = env
        .fob()
        .args(["import", "costly.xml"])
        .env("FOB_IMPORT_PASSPHRASE", BACKUP_PASSWORD)
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("4000000000 PBKDF2 iterations is beyond fob's limit"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.vault_bytes(), before);

    // Cut short: named as damaged.
    let whole = freeotp2_backup(BACKUP_PASSWORD, 1_000, false, None);
    std::fs::write(env.path("short.xml"), &whole[..whole.len() / 2]).unwrap();
    let out = env
        .fob()
        .args(["import", "short.xml"])
        .env("FOB_IMPORT_PASSPHRASE", BACKUP_PASSWORD)
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains(
            "short.xml (FreeOTP backup): damaged FreeOTP file: it ends early (cut short?)"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn steam_mafiles_old_and_new_layouts() {
    let env = TestEnv::with_vault();
    let secret = BASE64.encode(KEY1_BYTES);
    // Steam Desktop Authenticator (and steamguard-cli before 0.9): the session nested under Session.
    let sda = json!({
        "shared_secret": secret, "serial_number": "1234567890", "revocation_code": "R12345",
        "uri": format!("otpauth://totp/Steam:old_gamer?secret={KEY1}&issuer=Steam"),
        "server_time": 1_700_000_000, "account_name": "old_gamer", "token_gid": "abc",
        "identity_secret": BASE64.encode(b"not an otp key"), "secret_1": "x", "status": 1,
        "device_id": "android:0000", "fully_enrolled": true,
        "Session": {"SessionID": "s", "SteamLogin": "l", "SteamID": 76_561_198_000_000_000_u64}
    });
    // steamguard-cli's current layout: flat, with steam_id and tokens.
    let cli = json!({
        "account_name": "new_gamer", "steam_id": 76_561_198_000_000_001_u64, "serial_number": "1",
        "revocation_code": "R54321", "shared_secret": secret, "token_gid": "def",
        "identity_secret": BASE64.encode(b"not an otp key"), "uri": "", "device_id": "android:1",
        "secret_1": "y", "tokens": {"access_token": "a", "refresh_token": "r"}
    });
    std::fs::write(env.path("old_gamer.maFile"), sda.to_string()).unwrap();
    std::fs::write(env.path("new_gamer.maFile"), cli.to_string()).unwrap();
    env.fob()
        .args(["import", "old_gamer.maFile", "new_gamer.maFile"])
        .assert()
        .success()
        .stderr(
            contains("old_gamer.maFile (Steam backup): 1 held, 1 added")
                .and(contains("new_gamer.maFile (Steam backup): 1 held, 1 added")),
        );
    let e = entries(&env);
    for account in ["old_gamer", "new_gamer"] {
        let s = find(&e, "Steam", account);
        assert_eq!(s["type"], "steam");
        assert_eq!(s["secret"], KEY1);
    }
    let text = env.decrypt().to_string();
    assert!(!text.contains("R12345"), "the revocation code is not kept");

    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("broken.maFile"),
        json!({"account_name": "x", "shared_secret": "*not base64*"}).to_string(),
    )
    .unwrap();
    import_fails_without_writing(
        &env,
        &["broken.maFile"],
        "broken.maFile: entry 1 (Steam:x): shared_secret is not base64",
    );
    // The manifest beside the maFiles holds no keys: named, so `fob import maFiles/*` says what to drop.
    std::fs::write(
        env.path("manifest.json"),
        json!({"encrypted": false, "first_run": false, "entries": [
            {"filename": "gamer.maFile", "steam_id": 76_561_198_000_000_000_u64, "account_name": "gamer"}
        ]})
        .to_string(),
    )
    .unwrap();
    import_fails_without_writing(
        &env,
        &["manifest.json"],
        "manifest.json (Steam backup): steamguard-cli's manifest.json, which lists the accounts but holds no keys",
    );
    // steamguard-cli's encrypted maFiles are base64 of AES ciphertext: named, not read as URIs.
    std::fs::write(env.path("locked.maFile"), BASE64.encode(&[5u8; 96])).unwrap();
    import_fails_without_writing(
        &env,
        &["locked.maFile"],
        "locked.maFile (Steam backup): an encrypted steamguard-cli maFile: run `steamguard decrypt`",
    );
}

#[test]
fn proton_authenticator_export() {
    let env = TestEnv::with_vault();
    let doc = json!({"version": 1, "entries": [
        {"id": "01", "content": {"uri": format!("otpauth://totp/B%C3%A4nk:%C3%A5lice?secret={KEY1}&issuer=B%C3%A4nk&algorithm=SHA1&digits=6&period=30"),
          "entry_type": "Totp", "name": "Bänk"}, "note": "the joint account"},
        {"id": "02", "content": {"uri": format!("otpauth://totp/bob?secret={KEY1}&digits=8&period=60"),
          "entry_type": "Totp", "name": "bob"}, "note": null},
        {"id": "03", "content": {"uri": format!("steam://{KEY1}"), "entry_type": "Steam", "name": "frank"},
          "note": null}
    ]});
    std::fs::write(env.path("proton.json"), doc.to_string()).unwrap();
    env.fob()
        .args(["import", "proton.json"])
        .assert()
        .success()
        .stderr(contains("3 added"));
    let e = entries(&env);
    assert_eq!(find(&e, "Bänk", "ålice")["note"], "the joint account");
    let bob = find(&e, "", "bob");
    assert_eq!(
        (bob["digits"].as_u64(), bob["period"].as_u64()),
        (Some(8), Some(60))
    );
    assert_eq!(find(&e, "Steam", "frank")["type"], "steam");
    assert_eq!(code(&env, "bänk"), TOTP_AT_59);

    std::fs::write(
        env.path("future.json"),
        json!({"version": 2, "entries": []}).to_string(),
    )
    .unwrap();
    import_fails_without_writing(
        &env,
        &["future.json"],
        "unknown Proton Authenticator export version 2 (fob reads up to 1)",
    );
}

#[test]
fn ente_plain_export() {
    let env = TestEnv::with_vault();
    // Ente's plain export: one URI a line, HOTP counters and Steam as Ente writes them.
    let plain = format!(
        "otpauth://totp/B%C3%A4nk:%C3%A5lice?secret={KEY1}&issuer=B%C3%A4nk&algorithm=SHA1&digits=6&period=30\n\
         otpauth://hotp/Counter:erin?secret={KEY1}&issuer=Counter&algorithm=SHA1&digits=6&counter=1\n\
         otpauth://steam/Steam:frank?secret={KEY1}&issuer=Steam&algorithm=SHA1&digits=5&period=30\n"
    );
    std::fs::write(env.path("ente-auth-codes.txt"), &plain).unwrap();
    env.fob()
        .args(["import", "ente-auth-codes.txt"])
        .assert()
        .success()
        .stderr(contains("3 added"));
    let e = entries(&env);
    assert_eq!(find(&e, "Counter", "erin")["counter"], 1);
    assert_eq!(find(&e, "Steam", "frank")["type"], "steam");
    assert_eq!(code(&env, "bänk"), TOTP_AT_59);
    let env = TestEnv::with_vault();
    std::fs::write(env.path("ente-auth-codes.txt"), &plain).unwrap();
    env.fob()
        .args(["import", "--format", "ente", "ente-auth-codes.txt"])
        .assert()
        .success()
        .stderr(contains("3 added"));
}
