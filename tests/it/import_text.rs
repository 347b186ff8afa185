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
        .stderr(
            contains("1 entry already exists with a different secret")
                .and(contains("GitHub:alice")),
        );
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

/// Issue 15: a file named `.png` that is really text (or a web page saved by mistake) was reported as
/// "line 1: not an otpauth:// URI".
#[test]
fn r15_text_named_as_a_picture_says_what_it_is() {
    let env = TestEnv::with_vault();
    std::fs::write(
        env.path("code.png"),
        "<!DOCTYPE html>\n<html><head><title>QR</title></head></html>\n",
    )
    .unwrap();
    std::fs::write(env.path("notes.png"), "my codes are on the other phone\n").unwrap();
    let before = env.vault_bytes();
    for (file, content) in [("code.png", "HTML"), ("notes.png", "text")] {
        env.fob()
            .args(["import", file])
            .assert()
            .code(1)
            .stderr(diff(format!(
                "fob: {file} is not a picture (the name says PNG, the content is {content}) and no otpauth:// URI in it; nothing was imported\n  fix it, or pass --skip-invalid to import the rest\n"
            )));
    }
    assert_eq!(env.vault_bytes(), before);
}

/// Issue 15: the same entry twice in one import is skipped the second time as a repeat; a dry run
/// said "already in the vault" of it. An entry under another name with the same secret is imported
/// and named, and each file's line says what it was read as and what became of what it held.
#[test]
fn r15_repeats_shared_secrets_and_per_file_counts() {
    let env = TestEnv::with_vault();
    env.add("Old:one", &[]);
    let one = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP";
    let same = format!("otpauth://totp/Old:one?secret={RFC_SECRET}");
    let alias = format!("otpauth://totp/Alias:one?secret={RFC_SECRET}");
    std::fs::write(env.path("a.txt"), format!("{one}\n{one}\n{same}\n")).unwrap();
    std::fs::write(env.path("b.txt"), format!("{one}\n{alias}\nbad line\n")).unwrap();
    let before = env.vault_bytes();
    env.fob()
        .args(["import", "--dry-run", "--skip-invalid", "a.txt", "b.txt"])
        .assert()
        .success()
        .stderr(diff(
            "fob: warning: skipped: b.txt: line 3: not an otpauth:// URI\n\
             would add GitHub:alice (totp, SHA1, 6 digits, every 30 s)\n\
             would add Alias:one (totp, SHA1, 6 digits, every 30 s)\n\
             Alias:one shares its secret with Old:one\n\
             skipped Old:one (already in the vault)\n\
             skipped GitHub:alice (given earlier in this import)\n\
             skipped GitHub:alice (given earlier in this import)\n\
             dry run, nothing written: 2 added, 0 replaced, 3 duplicates skipped\n\
             a.txt (otpauth URI list): 3 held, 1 added, 2 skipped, 0 refused\n\
             b.txt (otpauth URI list): 3 held, 1 added, 1 skipped, 1 refused\n",
        ));
    assert_eq!(env.vault_bytes(), before, "a dry run writes nothing");
}
