//! The commands of the core issue, driven through the real binary against real vault files.

use crate::support;

use predicates::prelude::*;
use predicates::str::{contains, diff};
use support::{PASSPHRASE, RFC_SECRET, TestEnv, stderr, stdout};

#[test]
fn init_makes_an_empty_vault_and_refuses_to_overwrite() {
    let env = TestEnv::new();
    env.fob()
        .arg("init")
        .assert()
        .success()
        .stderr(contains("created an empty vault"));
    let doc = env.decrypt();
    assert_eq!(doc["format"], "fob-vault");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["entries"], serde_json::json!([]));
    assert_eq!(
        doc["lock"],
        serde_json::json!({"type": "passphrase", "work_factor": 4})
    );
    let before = env.vault_bytes();
    env.fob()
        .arg("init")
        .assert()
        .code(1)
        .stderr(contains("a vault already exists"));
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn init_refuses_an_empty_passphrase_and_never_hangs_without_one() {
    let env = TestEnv::new();
    env.fob()
        .arg("init")
        .env("FOB_PASSPHRASE", "")
        .assert()
        .code(4)
        .stderr(contains("empty passphrase"));
    env.without_passphrase()
        .arg("init")
        .assert()
        .code(4)
        .stderr(contains("no passphrase: not on a terminal"));
    assert!(!env.vault().exists());
}

#[test]
fn passphrase_sources_come_in_order_command_file_variable() {
    let env = TestEnv::new();
    std::fs::write(
        env.path("pass.txt"),
        format!("{PASSPHRASE}\nsecond line ignored\n"),
    )
    .unwrap();
    env.without_passphrase()
        .env("FOB_PASSPHRASE_FILE", env.path("pass.txt"))
        .arg("init")
        .assert()
        .success();
    // The command wins over a wrong file and a wrong variable.
    env.without_passphrase()
        .env(
            "FOB_PASSPHRASE_COMMAND",
            format!("printf '%s\\n' '{PASSPHRASE}'"),
        )
        .env("FOB_PASSPHRASE_FILE", env.path("missing"))
        .env("FOB_PASSPHRASE", "wrong")
        .arg("list")
        .assert()
        .success();
    // The file wins over the variable.
    env.without_passphrase()
        .env("FOB_PASSPHRASE_FILE", env.path("pass.txt"))
        .env("FOB_PASSPHRASE", "wrong")
        .arg("list")
        .assert()
        .success();
    env.without_passphrase()
        .env("FOB_PASSPHRASE_COMMAND", "exit 3")
        .arg("list")
        .assert()
        .code(4)
        .stderr(contains("FOB_PASSPHRASE_COMMAND failed"));
}

#[test]
fn help_never_shows_a_passphrase_from_the_environment() {
    let env = TestEnv::new();
    for args in [&["--help"][..], &["init", "--help"], &["code", "--help"]] {
        let out = env
            .fob()
            .args(args)
            .env("FOB_PASSPHRASE", "hunter2-marker")
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(!stdout(&out).contains("hunter2-marker"));
    }
}

#[test]
fn add_reads_the_secret_from_stdin_and_codes_match_rfc_6238() {
    let env = TestEnv::with_vault();
    env.fob()
        .args(["add", "RFC:sha1", "--digits", "8"])
        .write_stdin(format!("{}\n", RFC_SECRET.to_lowercase()))
        .assert()
        .success()
        .stderr(contains(
            "added RFC:sha1 (totp, SHA1, 8 digits, every 30 s)",
        ));
    for (at, code) in [
        ("59", "94287082"),
        ("1111111109", "07081804"),
        ("2005-03-18T01:58:29Z", "07081804"),
    ] {
        env.fob()
            .args(["code", "rfc", "--at", at])
            .assert()
            .success()
            .stdout(diff(format!("{code}\n")));
    }
    let doc = env.decrypt();
    let entry = &doc["entries"][0];
    assert_eq!(entry["secret"], RFC_SECRET);
    assert_eq!(
        (entry["issuer"].as_str(), entry["account"].as_str()),
        (Some("RFC"), Some("sha1"))
    );
    assert_eq!(
        (
            entry["type"].as_str(),
            entry["digits"].as_u64(),
            entry["period"].as_u64()
        ),
        (Some("totp"), Some(8), Some(30))
    );
    assert_eq!(entry["algorithm"], "SHA1");
    assert!(entry["id"].as_str().is_some_and(|id| id.len() == 36));
    assert!(entry["created"].as_str().is_some_and(|t| t.ends_with('Z')));
}

#[test]
fn sha256_sha512_and_eighty_bit_secrets() {
    let env = TestEnv::with_vault();
    // RFC 6238 keys for SHA256 (32 bytes) and SHA512 (64 bytes).
    let key256 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
    let key512 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";
    env.fob()
        .args(["add", "s256", "--algorithm", "SHA256", "--digits", "8"])
        .write_stdin(key256)
        .assert()
        .success();
    env.fob()
        .args(["add", "s512", "--algorithm", "sha512", "--digits", "8"])
        .write_stdin(key512)
        .assert()
        .success();
    env.fob()
        .args(["add", "short"])
        .write_stdin("JBSW Y3DP EHPK 3PXP ===")
        .assert()
        .success();
    env.fob()
        .args(["code", "s256", "--at", "59"])
        .assert()
        .stdout(diff("46119246\n"));
    env.fob()
        .args(["code", "s512", "--at", "59"])
        .assert()
        .stdout(diff("90693936\n"));
    env.fob()
        .args(["code", "short", "--at", "0"])
        .assert()
        .stdout(diff("282760\n"));
}

#[test]
fn bad_secrets_and_names_change_nothing() {
    let env = TestEnv::with_vault();
    let before = env.vault_bytes();
    env.fob()
        .args(["add", "x"])
        .write_stdin("not base32!")
        .assert()
        .code(1)
        .stderr(contains(
            "bad secret: character 11 of the secret, '!', is not base32",
        ));
    env.fob()
        .args(["add", "x"])
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(contains("the secret is empty"));
    env.fob()
        .args(["add", ":"])
        .write_stdin(RFC_SECRET)
        .assert()
        .code(2)
        .stderr(contains("the name is empty"));
    env.fob()
        .args(["add", "x", "--digits", "9"])
        .write_stdin(RFC_SECRET)
        .assert()
        .code(2);
    env.fob()
        .args(["add", "x", "--period", "0"])
        .write_stdin(RFC_SECRET)
        .assert()
        .code(2);
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn duplicate_names_need_force_which_keeps_the_id() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let id = env.decrypt()["entries"][0]["id"].clone();
    let before = env.vault_bytes();
    env.fob()
        .args(["add", "github:ALICE"])
        .write_stdin("JBSWY3DPEHPK3PXP")
        .assert()
        .code(1)
        .stderr(contains("already exists").and(contains("--force")));
    assert_eq!(env.vault_bytes(), before);
    env.fob()
        .args(["add", "github:ALICE", "--force"])
        .write_stdin("JBSWY3DPEHPK3PXP")
        .assert()
        .success();
    let doc = env.decrypt();
    assert_eq!(doc["entries"].as_array().unwrap().len(), 1);
    assert_eq!(doc["entries"][0]["id"], id);
    assert_eq!(doc["entries"][0]["secret"], "JBSWY3DPEHPK3PXP");
}

#[test]
fn queries_match_exact_before_substring_and_exit_3_otherwise() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add("GitHub:alice-work", &[]);
    env.fob()
        .args(["code", "GITHUB:ALICE", "--at", "59"])
        .assert()
        .success()
        .stdout(diff("287082\n"));
    let out = env.fob().args(["code", "github"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout(&out).is_empty());
    assert_eq!(
        stderr(&out),
        "fob: \"github\" matches 2 entries\n  GitHub:alice\n  GitHub:alice-work\n"
    );
    env.fob()
        .args(["code", "gitlab"])
        .assert()
        .code(3)
        .stderr(diff("fob: no entry matches \"gitlab\"\n"));
}

#[test]
fn next_gives_the_following_period() {
    let env = TestEnv::with_vault();
    env.add("rfc", &["--digits", "8"]);
    // t=59 is the last second of step 1; the next code is step 2's (t=60..89).
    let at60 = env
        .fob()
        .args(["code", "rfc", "--at", "60"])
        .output()
        .unwrap();
    env.fob()
        .args(["code", "rfc", "--at", "59", "--next"])
        .assert()
        .success()
        .stdout(diff(format!("94287082\n{}", stdout(&at60))));
}

#[test]
fn hotp_counter_is_saved_before_the_code_and_the_table_does_not_use_it() {
    let env = TestEnv::with_vault();
    env.add("Bank:me", &["--hotp"]);
    for want in ["755224", "287082", "359152"] {
        env.fob()
            .args(["code", "bank"])
            .assert()
            .success()
            .stdout(diff(format!("{want}\n")));
    }
    assert_eq!(env.decrypt()["entries"][0]["counter"], 3);
    let table = env.fob().arg("code").output().unwrap();
    assert!(stdout(&table).contains("hotp, counter 3"));
    let json: serde_json::Value =
        serde_json::from_slice(&env.fob().args(["code", "--json"]).output().unwrap().stdout)
            .unwrap();
    assert_eq!(json[0]["counter"], 3);
    assert_eq!(json[0]["code"], serde_json::Value::Null);
    assert_eq!(env.decrypt()["entries"][0]["counter"], 3);
    let one: serde_json::Value = serde_json::from_slice(
        &env.fob()
            .args(["code", "bank", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        one,
        serde_json::json!([{"name": "Bank:me", "issuer": "Bank", "account": "me", "type": "hotp", "code": "969429", "counter": 3}])
    );
    assert_eq!(env.decrypt()["entries"][0]["counter"], 4);
}

#[test]
fn json_shapes_for_code_and_list() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &["--period", "60"]);
    let out = env
        .fob()
        .args(["code", "--json", "--at", "59", "--next"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = serde_json::json!([{
        "name": "GitHub:alice", "issuer": "GitHub", "account": "alice", "type": "totp",
        "code": v[0]["code"], "next": v[0]["next"], "period": 60, "remaining": 1
    }]);
    assert_eq!(v, want);
    assert_ne!(v[0]["code"], v[0]["next"]);
    let list: serde_json::Value =
        serde_json::from_slice(&env.fob().args(["list", "--json"]).output().unwrap().stdout)
            .unwrap();
    assert_eq!(list[0]["name"], "GitHub:alice");
    assert_eq!(list[0]["period"], 60);
    assert!(list[0].get("secret").is_none(), "list never shows secrets");
    let human = env.fob().arg("list").output().unwrap();
    assert!(!stdout(&human).contains(RFC_SECRET));
}

#[test]
fn steam_entries_make_five_character_codes() {
    let env = TestEnv::with_vault();
    env.fob()
        .args(["add", "Steam:gamer", "--steam"])
        .write_stdin(RFC_SECRET)
        .assert()
        .success();
    let out = env
        .fob()
        .args(["code", "steam", "--at", "59"])
        .output()
        .unwrap();
    let code = stdout(&out);
    assert_eq!(code.trim().len(), 5, "{code}");
    assert!(
        code.trim()
            .chars()
            .all(|c| "23456789BCDFGHJKMNPQRTVWXY".contains(c))
    );
    assert_eq!(env.decrypt()["entries"][0]["type"], "steam");
}

#[test]
fn show_uri_reveals_only_to_a_terminal_unless_forced() {
    let env = TestEnv::with_vault();
    env.add("Example Co:alice@example.com", &["--digits", "7"]);
    env.fob()
        .args(["show", "example", "--uri"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("refusing to write a secret"));
    env.fob().args(["show", "example", "--uri", "--force"]).assert().success().stdout(diff(format!(
        "otpauth://totp/Example%20Co:alice%40example.com?secret={RFC_SECRET}&issuer=Example%20Co&algorithm=SHA1&digits=7&period=30\n"
    )));
    let details = env.fob().args(["show", "example"]).output().unwrap();
    assert!(stdout(&details).contains("digits:     7"));
    assert!(!stdout(&details).contains(RFC_SECRET));
}

#[test]
fn rename_keeps_the_secret_and_refuses_a_taken_name() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    env.add("b", &[]);
    env.fob()
        .args(["rename", "a", "b"])
        .assert()
        .code(1)
        .stderr(contains("already exists"));
    env.fob()
        .args(["rename", "a", "Site:c"])
        .assert()
        .success()
        .stderr(contains("renamed a to Site:c"));
    env.fob()
        .args(["code", "site:c", "--at", "59"])
        .assert()
        .stdout(diff("287082\n"));
}

#[test]
fn rm_asks_or_needs_yes_and_leaves_a_tombstone() {
    let env = TestEnv::with_vault();
    env.add("gone", &[]);
    let id = env.decrypt()["entries"][0]["id"].clone();
    env.fob()
        .args(["rm", "gone"])
        .assert()
        .code(1)
        .stderr(contains("--yes"));
    env.fob().args(["rm", "gone", "--yes"]).assert().success();
    let doc = env.decrypt();
    assert_eq!(doc["entries"], serde_json::json!([]));
    assert_eq!(doc["tombstones"][0]["id"], id);
    env.fob().args(["code", "gone"]).assert().code(3);
}

#[test]
fn passwd_changes_the_passphrase_and_can_switch_to_recipients() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    env.fob()
        .arg("passwd")
        .env("FOB_NEW_PASSPHRASE", "new one")
        .assert()
        .success();
    env.fob()
        .arg("list")
        .assert()
        .code(4)
        .stderr(contains("wrong passphrase"));
    env.fob()
        .arg("list")
        .env("FOB_PASSPHRASE", "new one")
        .assert()
        .success();

    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    std::fs::write(
        env.path("key.txt"),
        age::secrecy::ExposeSecret::expose_secret(&identity.to_string()),
    )
    .unwrap();
    let before = env.vault_bytes();
    let stranger = age::x25519::Identity::generate().to_public().to_string();
    env.fob()
        .args(["passwd", "--recipient", &stranger])
        .env("FOB_PASSPHRASE", "new one")
        .assert()
        .code(1)
        .stderr(contains("no identity given"));
    env.fob()
        .args(["passwd", "--recipient", &stranger, "--identity"])
        .arg(env.path("key.txt"))
        .env("FOB_PASSPHRASE", "new one")
        .assert()
        .code(1)
        .stderr(contains("holds none of the new keys"));
    assert_eq!(env.vault_bytes(), before, "a key nobody holds is refused");
    env.fob()
        .args(["passwd", "--recipient", &recipient, "--identity"])
        .arg(env.path("key.txt"))
        .env("FOB_PASSPHRASE", "new one")
        .assert()
        .success();
    env.fob()
        .args(["code", "a", "--at", "59", "--identity"])
        .arg(env.path("key.txt"))
        .assert()
        .stdout(diff("287082\n"));
}

#[test]
fn exit_codes_for_usage_errors() {
    let env = TestEnv::new();
    env.fob().arg("frobnicate").assert().code(2);
    env.fob()
        .args(["code", "--at", "yesterday"])
        .assert()
        .code(2)
        .stderr(contains("expected unix seconds or an RFC 3339 time"));
    env.fob().assert().code(2).stderr(contains("fob init"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = TestEnv::with_vault();
    for i in 0..50 {
        env.add(&format!("site{i}"), &[]);
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("fob"))
        .args(["list"])
        .env("FOB_VAULT", env.vault())
        .env("FOB_PASSPHRASE", PASSPHRASE)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
