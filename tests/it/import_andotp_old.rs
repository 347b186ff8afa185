//! `fob import` of andOTP backups made before 0.6.3: AES-256-GCM under SHA-256 of the password, the
//! nonce first, no iteration count and no salt (issue 15: they were refused with a misleading "PBKDF2
//! iterations" message). Fixtures are built here with the crypto crates from that layout.

use crate::support;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use serde_json::json;
use sha2::{Digest, Sha256};
use support::{TestEnv, stderr};

const KEY1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const PASSWORD: &str = "old andötp";

/// An old backup: entries written before andOTP had an `issuer` field name their site in the label.
fn old_backup(nonce: [u8; 12], password: &str) -> Vec<u8> {
    let plain = json!([
        {"secret": KEY1, "label": "GitHub - alice", "digits": 6, "type": "TOTP", "algorithm": "SHA1", "period": 30},
        {"secret": "JBSWY3DPEHPK3PXP", "label": "bob", "digits": 8, "type": "HOTP", "algorithm": "SHA256", "counter": 4},
    ])
    .to_string();
    let key = Sha256::digest(password.as_bytes());
    let sealed = Aes256Gcm::new_from_slice(&key)
        .unwrap()
        .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
        .unwrap();
    [nonce.as_slice(), &sealed].concat()
}

fn assert_imported(env: &TestEnv) {
    let doc = env.decrypt();
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{entries:#?}");
    let alice = entries.iter().find(|e| e["account"] == "alice").unwrap();
    assert_eq!(
        (&alice["issuer"], &alice["secret"]),
        (&json!("GitHub"), &json!(KEY1))
    );
    let bob = entries.iter().find(|e| e["account"] == "bob").unwrap();
    assert_eq!(
        (
            &bob["issuer"],
            &bob["type"],
            &bob["counter"],
            &bob["algorithm"],
            &bob["digits"]
        ),
        (
            &json!(""),
            &json!("hotp"),
            &json!(4),
            &json!("SHA256"),
            &json!(8)
        )
    );
}

#[test]
fn r15_andotp_backup_from_before_0_6_3() {
    // Any nonce: read as an iteration count, its first four bytes are far beyond the cap.
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("otp_accounts.json.aes"),
        old_backup([0xa7; 12], PASSWORD),
    )
    .unwrap();
    let before = env.vault_bytes();
    let out = env
        .fob()
        .args(["import", "otp_accounts.json.aes"])
        .env("FOB_IMPORT_PASSPHRASE", "wrong")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrong password for otp_accounts.json.aes"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.vault_bytes(), before);
    env.fob()
        .args(["import", "otp_accounts.json.aes"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .assert()
        .success();
    assert_imported(&env);
}

#[test]
fn r15_old_backup_whose_nonce_reads_as_a_small_iteration_count() {
    // The first four bytes read as 4096 iterations: the current layout is tried first, then the old one.
    let env = TestEnv::with_vault();
    let mut nonce = [0x5cu8; 12];
    nonce[..4].copy_from_slice(&4096u32.to_be_bytes());
    std::fs::write(env.path("backup.bin"), old_backup(nonce, PASSWORD)).unwrap();
    env.fob()
        .args(["import", "--format", "andotp", "backup.bin"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .assert()
        .success();
    assert_imported(&env);
}
