//! `fob export --format`: every format read back into an empty vault gives the same entries and codes;
//! the encrypted Aegis and 2FAS files are also opened by an independent Python decoder.

use crate::support;

use std::process::Command;

use predicates::prelude::*;
use predicates::str::contains;
use serde_json::{Value, json};
use support::{TestEnv, stderr};

const KEY1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const KEY256: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
const KEY512: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";
const EXPORT_PASSWORD: &str = "export pässword";

/// A vault with HOTP, SHA256/512, 7/8 digits, a 60 s period, Steam, unicode issuers, a note and tags.
fn source_vault() -> TestEnv {
    let env = TestEnv::with_vault();
    let aegis = json!({
        "version": 1, "header": {"slots": null, "params": null},
        "db": {"version": 3, "groups": [{"uuid": "g", "name": "Wörk"}], "entries": [
            {"type": "totp", "name": "ålice", "issuer": "Bänk ✓", "note": "a note", "groups": ["g"],
             "info": {"secret": KEY1, "algo": "SHA1", "digits": 6, "period": 30}},
            {"type": "totp", "name": "bob", "issuer": "Example", "info": {"secret": KEY256, "algo": "SHA256", "digits": 8, "period": 30}},
            {"type": "totp", "name": "carol", "issuer": "日本", "info": {"secret": KEY512, "algo": "SHA512", "digits": 8, "period": 30}},
            {"type": "totp", "name": "dave", "issuer": "Seven", "info": {"secret": KEY1, "algo": "SHA1", "digits": 7, "period": 60}},
            {"type": "hotp", "name": "erin", "issuer": "Counter", "info": {"secret": KEY1, "algo": "SHA512", "digits": 8, "counter": 41}},
            {"type": "steam", "name": "frank", "issuer": "Steam", "info": {"secret": KEY1, "algo": "SHA1", "digits": 5, "period": 30}},
            {"type": "totp", "name": "only-account", "issuer": "", "info": {"secret": KEY1, "algo": "SHA1", "digits": 6, "period": 30}}
        ]}
    });
    std::fs::write(env.path("seed.json"), aegis.to_string()).unwrap();
    env.fob().args(["import", "seed.json"]).assert().success();
    env
}

/// The entries without what differs between vaults (ids, times), and what fob keeps that a format may not.
fn snapshot(env: &TestEnv, keep_extra: &[&str]) -> Vec<Value> {
    let doc = env.decrypt();
    doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut e = e.as_object().unwrap().clone();
            for k in ["id", "created", "modified", "backed_up"] {
                e.remove(k);
            }
            for k in ["note", "tags"] {
                if !keep_extra.contains(&k) {
                    e.remove(k);
                }
            }
            Value::Object(e)
        })
        .collect()
}

fn codes(env: &TestEnv) -> String {
    let out = env
        .fob()
        .args(["code", "--json", "--at", "1234567890"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_format_round_trips_into_an_empty_vault() {
    let src = source_vault();
    let expected_codes = codes(&src);
    // RFC 6238 at 1234567890: SHA1 (6 digits), SHA256 and SHA512 (8 digits).
    for code in ["\"005924\"", "\"91819424\"", "\"93441116\""] {
        assert!(expected_codes.contains(code), "{code} in {expected_codes}");
    }
    for (format, file, keep) in [
        ("uris", "out.txt", &[][..]),
        ("aegis", "out-aegis.json", &["note", "tags"][..]),
        (
            "aegis-encrypted",
            "out-aegis-enc.json",
            &["note", "tags"][..],
        ),
        ("2fas", "out.2fas", &["tags"][..]),
        ("2fas-encrypted", "out-enc.2fas", &["tags"][..]),
        ("andotp", "out-andotp.json", &["tags"][..]),
    ] {
        let out = src
            .fob()
            .args(["export", "--format", format, "--out"])
            .arg(src.path(file))
            .env("FOB_EXPORT_PASSPHRASE", EXPORT_PASSWORD)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        let err = stderr(&out);
        if format.ends_with("encrypted") {
            assert!(!err.contains("unencrypted"), "{err}");
        } else {
            assert!(err.contains("unencrypted"), "{format}: {err}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(src.path(file))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{format}");
        }
        let dst = TestEnv::with_vault();
        dst.fob()
            .arg("import")
            .arg(src.path(file))
            .env("FOB_IMPORT_PASSPHRASE", EXPORT_PASSWORD)
            .assert()
            .success();
        let mut want = snapshot(&src, keep);
        // andOTP and 2FAS have no note; 2FAS keeps one group per entry.
        if !keep.contains(&"note") {
            for e in &mut want {
                e.as_object_mut().unwrap().remove("note");
            }
        }
        assert_eq!(snapshot(&dst, keep), want, "{format}");
        assert_eq!(codes(&dst), expected_codes, "{format}");
    }
}

#[test]
fn out_files_are_new_unless_force_and_stdout_works_in_pipes() {
    let env = source_vault();
    std::fs::write(env.path("taken.json"), "old").unwrap();
    env.fob()
        .args(["export", "--format", "aegis", "--out", "taken.json"])
        .assert()
        .code(1)
        .stderr(contains("taken.json already exists").and(contains("--force")));
    assert_eq!(std::fs::read(env.path("taken.json")).unwrap(), b"old");
    env.fob()
        .args([
            "export",
            "--format",
            "aegis",
            "--out",
            "taken.json",
            "--force",
        ])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(env.path("taken.json"))
            .unwrap()
            .contains("\"header\"")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.path("taken.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // stdout is a pipe here: allowed, with the warning on stderr.
    env.fob()
        .args(["export", "--format", "uris", "steam"])
        .assert()
        .success()
        .stdout(
            contains("otpauth://")
                .and(contains(KEY1))
                .and(contains("Steam")),
        )
        .stderr(contains("stdout holds 1 secret unencrypted"));
    // The QR modes and --format are one exclusive group.
    env.fob()
        .args(["export", "--format", "uris", "--qr", "dir"])
        .assert()
        .code(2);
    // An encrypted export with no password source and no terminal is refused.
    env.fob()
        .args(["export", "--format", "aegis-encrypted", "--out", "x.json"])
        .assert()
        .code(4);
    assert!(!env.path("x.json").exists());
}

#[test]
fn an_independent_decoder_opens_fobs_encrypted_aegis_and_2fas_files() {
    let available = Command::new("python3")
        .args(["-c", "import cryptography"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        support::missing(
            "python3 with the cryptography package (apt-get install python3-cryptography)",
        );
        return;
    }
    let env = source_vault();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/decode_foreign.py");
    for (format, kind) in [("aegis-encrypted", "aegis"), ("2fas-encrypted", "2fas")] {
        let file = env.path(&format!("{format}.out"));
        env.fob()
            .args(["export", "--format", format, "--out"])
            .arg(&file)
            .env("FOB_EXPORT_PASSPHRASE", EXPORT_PASSWORD)
            .assert()
            .success();
        let out = Command::new("python3")
            .arg(script)
            .arg(kind)
            .arg(&file)
            .arg(EXPORT_PASSWORD)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        let want: Vec<Value> = snapshot(&env, &[])
            .into_iter()
            .map(|mut e| {
                let e = e.as_object_mut().unwrap();
                e.remove("backed_up");
                Value::Object(e.clone())
            })
            .collect();
        assert_eq!(got.len(), want.len(), "{kind}");
        for (g, w) in got.iter().zip(&want) {
            for k in [
                "issuer",
                "account",
                "secret",
                "type",
                "algorithm",
                "digits",
                "period",
                "counter",
            ] {
                assert_eq!(g.get(k), w.get(k), "{kind}: {k} of {w}");
            }
        }
        // A wrong password does not open it.
        let bad = Command::new("python3")
            .arg(script)
            .arg(kind)
            .arg(&file)
            .arg("wrong")
            .output()
            .unwrap();
        assert!(!bad.status.success());
    }
}
