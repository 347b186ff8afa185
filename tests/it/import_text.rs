//! `fob import` of otpauth URI lists.

use crate::support;

use predicates::prelude::*;
use predicates::str::{contains, diff};
use support::{RFC_SECRET, TestEnv};

const LIST: &str = "# from my old phone\n\
otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub\n\
\n\
otpauth://hotp/Bank%20Co:bob?secret=JBSWY3DPEHPK3PXP&counter=2&digits=8&algorithm=SHA256\n\
otpauth://totp/Microsoft+Corp:carol?secret=jbsw%20y3dp%20ehpk%203pxp%3D%3D&issuer=Microsoft&period=60\n";

#[test]
fn imports_a_list_and_reports_duplicates_on_a_second_run() {
    let env = TestEnv::with_vault();
    std::fs::write(env.path("list.txt"), LIST).unwrap();
    env.fob()
        .args(["import", "list.txt"])
        .assert()
        .success()
        .stderr(
            contains("added GitHub:alice")
                .and(contains("added Bank Co:bob"))
                .and(contains("added Microsoft:carol")),
        );
    env.fob()
        .args(["code", "github", "--at", "59"])
        .assert()
        .stdout(diff("287082\n"));
    let doc = env.decrypt();
    let bob = &doc["entries"][1];
    assert_eq!(
        (
            bob["type"].as_str(),
            bob["counter"].as_u64(),
            bob["digits"].as_u64(),
            bob["algorithm"].as_str()
        ),
        (Some("hotp"), Some(2), Some(8), Some("SHA256"))
    );
    assert_eq!(doc["entries"][2]["secret"], "JBSWY3DPEHPK3PXP");
    assert_eq!(doc["entries"][2]["period"], 60);
    let before = env.vault_bytes();
    env.fob()
        .args(["import", "list.txt"])
        .assert()
        .success()
        .stderr(contains("0 added, 0 replaced, 3 duplicates skipped"));
    assert_eq!(env.vault_bytes(), before, "nothing new, nothing written");
}

#[test]
fn a_bad_line_is_named_and_nothing_is_written_unless_skip_invalid() {
    let env = TestEnv::with_vault();
    let text = format!("{LIST}otpauth://totp/Bad?secret=JBSWY3DP!HPK3PXP\nhttps://example.com\n");
    std::fs::write(env.path("bad.txt"), &text).unwrap();
    let before = env.vault_bytes();
    let out = env.fob().args(["import", "bad.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "fob: 2 problems in the input; nothing was imported\n  bad.txt: line 6: character 9 of the secret, '!', is not base32 (only letters A-Z and digits 2-7 are allowed)\n  bad.txt: line 7: not an otpauth:// URI\n  fix them, or pass --skip-invalid to import the rest\n"
    );
    assert!(!err.contains("JBSWY3DP"), "no secret in errors");
    assert_eq!(env.vault_bytes(), before);
    env.fob()
        .args(["import", "--skip-invalid", "bad.txt"])
        .assert()
        .success()
        .stderr(contains("skipped: bad.txt: line 6"));
    assert_eq!(env.decrypt()["entries"].as_array().unwrap().len(), 3);
}

#[test]
fn conflicts_need_force_and_dry_run_writes_nothing() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let before = env.vault_bytes();
    let other = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\n";
    env.fob()
        .args(["import", "-"])
        .write_stdin(other)
        .assert()
        .code(1)
        .stderr(contains("already exist with a different secret").and(contains("GitHub:alice")));
    assert_eq!(env.vault_bytes(), before);
    env.fob()
        .args(["import", "-", "--force", "--dry-run"])
        .write_stdin(other)
        .assert()
        .success()
        .stderr(contains("would replace the secret of GitHub:alice"));
    assert_eq!(env.vault_bytes(), before);
    env.fob()
        .args(["import", "-", "--force"])
        .write_stdin(other)
        .assert()
        .success();
    assert_eq!(env.decrypt()["entries"][0]["secret"], "JBSWY3DPEHPK3PXP");
    assert_ne!(env.decrypt()["entries"][0]["secret"], RFC_SECRET);
}

#[test]
fn unreadable_inputs_are_reported_per_file() {
    let env = TestEnv::with_vault();
    std::fs::write(env.path("binary.bin"), [0xff, 0xfe, 0x00, 0x01]).unwrap();
    let before = env.vault_bytes();
    env.fob()
        .args(["import", "missing.txt", "binary.bin"])
        .assert()
        .code(1)
        .stderr(
            contains("cannot read missing.txt").and(contains(
                "binary.bin is neither an image (PNG, JPEG, WebP, GIF, BMP) nor a text file of otpauth:// URIs",
            )),
        );
    assert_eq!(env.vault_bytes(), before);
    env.fob()
        .args(["import", "-"])
        .write_stdin("# nothing here\n")
        .assert()
        .code(1)
        .stderr(contains("nothing to import"));
}
