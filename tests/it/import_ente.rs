//! `fob import` of Ente Auth's encrypted export. The fixtures are sealed here by libsodium itself
//! (through python3's ctypes, as the app seals them: `crypto_pwhash` Argon2id and one
//! `crypto_secretstream_xchacha20poly1305` message), so fob's own secret-stream code is checked
//! against the library Ente uses, not against itself. The layout is in `src/formats/ente.rs`.

use std::io::Write;
use std::process::{Command, Stdio};

use data_encoding::BASE64;
use serde_json::{Value, json};
use support::TestEnv;

use crate::support;

const KEY1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY256: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
const HOTP_KEY: &str = "MFRGGZDFMZTWQ2LK";
const STEAM_KEY: &str = "JBSWY3DPEHPK3PXP";
const PASSWORD: &str = "ente pässword";
/// Small costs keep the tests quick; the app's own (256 MiB × 16) are checked against the cap only.
const MEMORY: u64 = 1 << 20;
const PASSES: u64 = 3;
const TAG_MESSAGE: u8 = 0;
const TAG_FINAL: u8 = 3;

/// Seals `text` as Ente does; reads password, text, costs and tag from stdin, never from argv.
const SEAL: &str = r#"
import base64, ctypes, ctypes.util, json, os, sys
req = json.load(sys.stdin)
path = ctypes.util.find_library("sodium")
if path is None:
    sys.exit(3)
so = ctypes.CDLL(path)
assert so.sodium_init() >= 0
password = req["password"].encode()
salt = os.urandom(16)
key = ctypes.create_string_buffer(32)
assert so.crypto_pwhash(key, ctypes.c_ulonglong(32), password, ctypes.c_ulonglong(len(password)),
                        salt, ctypes.c_ulonglong(req["ops"]), ctypes.c_size_t(req["mem"]),
                        ctypes.c_int(2)) == 0  # crypto_pwhash_ALG_ARGON2ID13
state = ctypes.create_string_buffer(so.crypto_secretstream_xchacha20poly1305_statebytes())
header = ctypes.create_string_buffer(24)
assert so.crypto_secretstream_xchacha20poly1305_init_push(state, header, key) == 0
text = req["text"].encode()
sealed = ctypes.create_string_buffer(len(text) + 17)
assert so.crypto_secretstream_xchacha20poly1305_push(
    state, sealed, None, text, ctypes.c_ulonglong(len(text)), None, ctypes.c_ulonglong(0),
    ctypes.c_ubyte(req["tag"])) == 0
b64 = lambda b: base64.b64encode(b).decode()
print(json.dumps({"version": 1, "kdfParams": {"memLimit": req["mem"], "opsLimit": req["ops"],
                  "salt": b64(salt)}, "encryptedData": b64(sealed.raw),
                  "encryptionNonce": b64(header.raw)}))
"#;

fn uris() -> String {
    format!(
        "otpauth://totp/B%C3%A4nk%20%E2%9C%93:%C3%A5lice?secret={KEY1}&issuer=B%C3%A4nk%20%E2%9C%93&algorithm=SHA1&digits=6&period=30\n\
         otpauth://totp/Example:bob?secret={KEY256}&issuer=Example&algorithm=SHA256&digits=8&period=60\n\
         otpauth://hotp/Counter:erin?secret={HOTP_KEY}&issuer=Counter&algorithm=SHA512&digits=7&counter=5\n\
         otpauth://steam/Steam:frank?secret={STEAM_KEY}&issuer=Steam&algorithm=SHA1&digits=5&period=30"
    )
}

/// Ente's encrypted export of `text`, sealed by libsodium; `None` (the test then says it was skipped,
/// or fails under CI) without python3 or libsodium.
fn sealed_by_libsodium(text: &str, tag: u8) -> Option<String> {
    let child = Command::new("python3")
        .args(["-c", SEAL])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        support::missing("python3, to seal Ente exports with libsodium");
        return None;
    };
    let request =
        json!({"password": PASSWORD, "text": text, "mem": MEMORY, "ops": PASSES, "tag": tag});
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.code() == Some(3) {
        support::missing("libsodium (apt-get install libsodium23), to seal Ente exports");
        return None;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

fn assert_imported(env: &TestEnv) {
    let doc = env.decrypt();
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4, "{entries:#?}");
    let fields = |issuer: &str, account: &str| {
        let e = entries
            .iter()
            .find(|e| e["issuer"] == issuer && e["account"] == account)
            .unwrap_or_else(|| panic!("{issuer}:{account} in {entries:#?}"));
        json!([
            e["type"],
            e["secret"],
            e["algorithm"],
            e["digits"],
            e["period"],
            e["counter"]
        ])
    };
    assert_eq!(
        fields("Bänk ✓", "ålice"),
        json!(["totp", KEY1, "SHA1", 6, 30, null])
    );
    assert_eq!(
        fields("Example", "bob"),
        json!(["totp", KEY256, "SHA256", 8, 60, null])
    );
    // Ente writes otpauth URIs, whose counter is the next one to use.
    assert_eq!(
        fields("Counter", "erin"),
        json!(["hotp", HOTP_KEY, "SHA512", 7, null, 5])
    );
    assert_eq!(
        fields("Steam", "frank"),
        json!(["steam", STEAM_KEY, "SHA1", 5, 30, null])
    );
}

fn refused(env: &TestEnv, file: &str, password: &str, expect: &str, code: i32) {
    support::import_refused(env, file, password, expect, code, &[KEY1, PASSWORD]);
}

#[test]
fn encrypted_export() {
    let Some(export) = sealed_by_libsodium(&uris(), TAG_FINAL) else {
        return;
    };
    let env = TestEnv::with_vault();
    std::fs::write(env.path("ente-auth-codes.txt"), &export).unwrap();
    refused(
        &env,
        "ente-auth-codes.txt",
        "wrong",
        "wrong password for ente-auth-codes.txt",
        4,
    );
    let out = env
        .fob()
        .args(["import", "ente-auth-codes.txt"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", support::stderr(&out));
    assert!(
        support::stderr(&out)
            .contains("ente-auth-codes.txt (Ente Auth backup): 4 held, 4 added, 0 skipped"),
        "{}",
        support::stderr(&out)
    );
    assert_imported(&env);
}

/// Newer libsodium builds end Ente's message with the "message" tag rather than "final" (Ente's CLI
/// accepts both); `--format ente` reads it the same.
#[test]
fn encrypted_export_with_the_message_tag() {
    let Some(export) = sealed_by_libsodium(&uris(), TAG_MESSAGE) else {
        return;
    };
    let env = TestEnv::with_vault();
    std::fs::write(env.path("backup.json"), &export).unwrap();
    env.fob()
        .args(["import", "--format", "ente", "backup.json"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .assert()
        .success();
    assert_imported(&env);
}

#[test]
fn changed_and_damaged_exports_are_named() {
    let Some(export) = sealed_by_libsodium(&uris(), TAG_FINAL) else {
        return;
    };
    let env = TestEnv::with_vault();
    let doc: Value = serde_json::from_str(&export).unwrap();
    let write = |name: &str, edit: &dyn Fn(&mut Value)| {
        let mut d = doc.clone();
        edit(&mut d);
        std::fs::write(env.path(name), d.to_string()).unwrap();
    };
    // The MAC is the only check: changed data reads as a wrong password.
    write("changed.json", &|d| {
        let mut data = BASE64
            .decode(d["encryptedData"].as_str().unwrap().as_bytes())
            .unwrap();
        data[20] ^= 1;
        d["encryptedData"] = json!(BASE64.encode(&data));
    });
    refused(
        &env,
        "changed.json",
        PASSWORD,
        "wrong password for changed.json",
        4,
    );
    write("nonce.json", &|d| {
        d["encryptionNonce"] = json!(BASE64.encode(&[1; 23]));
    });
    refused(
        &env,
        "nonce.json",
        PASSWORD,
        "nonce.json (Ente Auth backup): encryptionNonce is 23 bytes; a secret stream header is 24",
        1,
    );
    write("salt.json", &|d| {
        d["kdfParams"]["salt"] = json!("not base64!");
    });
    refused(
        &env,
        "salt.json",
        PASSWORD,
        "salt.json (Ente Auth backup): salt is missing or not base64",
        1,
    );
    write("future.json", &|d| d["version"] = json!(2));
    refused(
        &env,
        "future.json",
        PASSWORD,
        "unknown Ente Auth export version 2 (fob reads up to 1)",
        1,
    );
}

/// Costs beyond Ente's own (1 GiB, or memory × passes beyond 4 GiB) are refused before any work, so
/// this needs no libsodium: nothing is derived.
#[test]
fn key_derivation_costs_are_capped() {
    let env = TestEnv::with_vault();
    for (name, memory, passes) in [
        ("big.json", 2u64 << 30, 1u64),
        ("long.json", 256 << 20, 17),
        ("endless.json", 8192, u64::from(u32::MAX) * 4),
    ] {
        let doc = json!({"version": 1, "kdfParams": {"memLimit": memory, "opsLimit": passes,
            "salt": BASE64.encode(&[7; 16])}, "encryptedData": BASE64.encode(&[1; 64]),
            "encryptionNonce": BASE64.encode(&[2; 24])});
        std::fs::write(env.path(name), doc.to_string()).unwrap();
        refused(
            &env,
            name,
            PASSWORD,
            &format!("Argon2 memLimit {memory} bytes × opsLimit {passes} is beyond fob's limits"),
            1,
        );
    }
}
