//! `fob import` of Authenticator Plus's export: a zip encrypted with the export password (WinZip AES,
//! or ZipCrypto as `zip -e` writes), holding `Accounts.txt` (otpauth URIs) beside an HTML page. The
//! zips are written here with the zip crate's own writer from that layout (see
//! `src/formats/authenticator_plus.rs`), not with fob.

use std::io::Write;

use serde_json::json;
use support::TestEnv;
use zip::unstable::write::FileOptionsExt;
use zip::write::SimpleFileOptions;
use zip::{AesMode, CompressionMethod, ZipWriter};

use crate::support;

const KEY1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY256: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
const HOTP_KEY: &str = "MFRGGZDFMZTWQ2LK";
const STEAM_KEY: &str = "JBSWY3DPEHPK3PXP";
const BARE_KEY: &str = "KRUGKIDROVUWG2ZA";
const PASSWORD: &str = "plus pässword";

fn accounts() -> String {
    format!(
        "otpauth://totp/B%C3%A4nk%20%E2%9C%93:%C3%A5lice?secret={KEY1}&issuer=B%C3%A4nk%20%E2%9C%93&algorithm=SHA1&digits=6&period=30\n\
         otpauth://totp/Example:bob?secret={KEY256}&issuer=Example&algorithm=SHA256&digits=8&period=60\n\
         otpauth://hotp/Counter:erin?secret={HOTP_KEY}&issuer=Counter&algorithm=SHA512&digits=7&counter=5\n\
         otpauth://steam/Steam:frank?secret={STEAM_KEY}&issuer=Steam&digits=5\n\
         otpauth://totp/bare?secret={BARE_KEY}\n"
    )
}

#[derive(Clone, Copy)]
enum Cipher {
    Aes,
    ZipCrypto,
    None,
}

/// The export as the app lays it out: `Accounts.txt` under `name`, and the HTML page beside it.
fn export(cipher: Cipher, name: &str, text: &[u8]) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let plain = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let options = match cipher {
        Cipher::Aes => plain.with_aes_encryption(AesMode::Aes256, PASSWORD),
        Cipher::ZipCrypto => plain
            .with_deprecated_encryption(PASSWORD.as_bytes())
            .unwrap(),
        Cipher::None => plain,
    };
    zip.start_file("Accounts.html", options).unwrap();
    zip.write_all(b"<html><body><table><tr><td>GitHub</td></tr></table></body></html>")
        .unwrap();
    zip.start_file(name, options).unwrap();
    zip.write_all(text).unwrap();
    zip.finish().unwrap().into_inner()
}

fn assert_imported(env: &TestEnv) {
    let doc = env.decrypt();
    let entries = doc["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 5, "{entries:#?}");
    let find = |issuer: &str, account: &str| {
        entries
            .iter()
            .find(|e| e["issuer"] == issuer && e["account"] == account)
            .unwrap_or_else(|| panic!("{issuer}:{account} in {entries:#?}"))
            .clone()
    };
    let fields = |e: &serde_json::Value| {
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
        fields(&find("Bänk ✓", "ålice")),
        json!(["totp", KEY1, "SHA1", 6, 30, null])
    );
    assert_eq!(
        fields(&find("Example", "bob")),
        json!(["totp", KEY256, "SHA256", 8, 60, null])
    );
    // The URI's counter is the next one to use.
    assert_eq!(
        fields(&find("Counter", "erin")),
        json!(["hotp", HOTP_KEY, "SHA512", 7, null, 5])
    );
    assert_eq!(
        fields(&find("Steam", "frank")),
        json!(["steam", STEAM_KEY, "SHA1", 5, 30, null])
    );
    // A label without an issuer keeps an empty issuer.
    assert_eq!(
        fields(&find("", "bare")),
        json!(["totp", BARE_KEY, "SHA1", 6, 30, null])
    );
}

fn refused(env: &TestEnv, file: &str, password: &str, expect: &str, code: i32) {
    support::import_refused(env, file, password, expect, code, &[KEY1, PASSWORD]);
}

#[test]
fn aes_export() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("authplus.zip"),
        export(Cipher::Aes, "Accounts.txt", accounts().as_bytes()),
    )
    .unwrap();
    refused(
        &env,
        "authplus.zip",
        "wrong",
        "wrong password for authplus.zip",
        4,
    );
    let out = env
        .fob()
        .args(["import", "authplus.zip"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", support::stderr(&out));
    assert!(
        support::stderr(&out).contains("authplus.zip (Authenticator Plus backup): 5 held, 5 added"),
        "{}",
        support::stderr(&out)
    );
    assert_imported(&env);
}

#[test]
fn zipcrypto_export_in_a_folder() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("export.bin"),
        export(
            Cipher::ZipCrypto,
            "backup/Accounts.txt",
            accounts().as_bytes(),
        ),
    )
    .unwrap();
    env.fob()
        .args(["import", "export.bin"])
        .env("FOB_IMPORT_PASSPHRASE", PASSWORD)
        .assert()
        .success();
    assert_imported(&env);
}

/// An unencrypted zip of the same layout (someone unzipped and zipped again) needs no password.
#[test]
fn unencrypted_zip_with_the_format_named() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("a.zip"),
        export(Cipher::None, "Accounts.txt", accounts().as_bytes()),
    )
    .unwrap();
    env.fob()
        .args(["import", "--format", "authenticator-plus", "a.zip"])
        .assert()
        .success();
    assert_imported(&env);
}

#[test]
fn changed_and_damaged_exports_are_named() {
    let env = TestEnv::with_vault();
    let zip = export(Cipher::Aes, "Accounts.txt", accounts().as_bytes());
    // A byte of Accounts.txt's encrypted data changed, past the salt (16 bytes) and the password check
    // (2): the password opens it, AES's HMAC then fails.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip)).unwrap();
    let index = archive.index_for_name("Accounts.txt").unwrap();
    let data = archive.by_index_raw(index).unwrap().data_start().unwrap();
    let mut changed = zip.clone();
    changed[usize::try_from(data).unwrap() + 20] ^= 1;
    std::fs::write(env.path("changed.zip"), changed).unwrap();
    refused(
        &env,
        "changed.zip",
        PASSWORD,
        "changed.zip (Authenticator Plus backup): the encrypted data is damaged or was changed",
        1,
    );
    std::fs::write(env.path("cut.zip"), &zip[..zip.len() - 30]).unwrap();
    refused(
        &env,
        "cut.zip",
        PASSWORD,
        "cut.zip (Authenticator Plus backup): not a readable zip file (cut short or damaged)",
        1,
    );
    // A zip without Accounts.txt is no Authenticator Plus export; named when the format is given.
    std::fs::write(
        env.path("other.zip"),
        export(Cipher::None, "notes.txt", b"hello"),
    )
    .unwrap();
    let before = env.vault_bytes();
    let out = env
        .fob()
        .args(["import", "--format", "authenticator-plus", "other.zip"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        support::stderr(&out).contains("no Accounts.txt in the zip"),
        "{}",
        support::stderr(&out)
    );
    assert_eq!(env.vault_bytes(), before);
}

/// A member that inflates far beyond any list of accounts stops at the cap, not at the memory's end.
#[test]
fn a_zip_bomb_stops_at_the_cap() {
    let env = TestEnv::with_vault();
    let bomb = vec![b'\n'; 64 << 20];
    std::fs::write(
        env.path("bomb.zip"),
        export(Cipher::Aes, "Accounts.txt", &bomb),
    )
    .unwrap();
    assert!(std::fs::metadata(env.path("bomb.zip")).unwrap().len() < 1 << 20);
    refused(
        &env,
        "bomb.zip",
        PASSWORD,
        "bomb.zip (Authenticator Plus backup): Accounts.txt inflates to over 4 MiB",
        1,
    );
}
