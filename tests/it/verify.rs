//! `fob verify`: windows, replay rejection, HOTP resynchronisation, lock-out and its expiry, the log, and
//! that the saved state holds no code and no secret. Every run passes `--at`, so nothing sleeps (but the
//! parallel-guessing test, which must use the real clock and waits on the processes).
//!
//! The `r13_` tests are the attacks of issue 13: a flag or typo in the CODE position, parallel guessing,
//! and an imported entry that takes over a query.

use crate::support;

use std::process::{Command, Stdio};

use support::{PASSPHRASE, RFC_SECRET, TestEnv, stderr, stdout};

/// RFC 6238's SHA1 code at t = 59, cut to 6 digits.
const CODE_AT_59: &str = "287082";

fn totp_env() -> TestEnv {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env
}

fn verify(env: &TestEnv, code: &str, at: u64) -> std::process::Output {
    env.fob()
        .args(["verify", "github", code, "--at", &at.to_string()])
        .output()
        .unwrap()
}

fn code_at(env: &TestEnv, at: u64) -> String {
    let out = env
        .fob()
        .args(["code", "github", "--at", &at.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_owned()
}

#[test]
fn totp_accepts_the_current_step_and_the_window() {
    let env = totp_env();
    let out = verify(&env, CODE_AT_59, 59);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());

    let env = totp_env();
    let out = verify(&env, CODE_AT_59, 89);
    assert_eq!(
        out.status.code(),
        Some(0),
        "one step late: {}",
        stderr(&out)
    );

    let env = totp_env();
    let out = verify(&env, CODE_AT_59, 119);
    assert_eq!(out.status.code(), Some(1), "two steps late");
    assert!(stderr(&out).contains("not valid"), "{}", stderr(&out));
    let out = env
        .fob()
        .args([
            "verify", "github", CODE_AT_59, "--at", "119", "--window", "2",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let env = totp_env();
    let out = verify(&env, CODE_AT_59, 0);
    assert_eq!(out.status.code(), Some(0), "one step early");
}

#[test]
fn an_accepted_step_is_never_accepted_again() {
    let env = totp_env();
    assert_eq!(verify(&env, CODE_AT_59, 59).status.code(), Some(0));
    let out = verify(&env, CODE_AT_59, 60);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already used"), "{}", stderr(&out));
    // A later step accepted makes the earlier one's code unusable too.
    let env = totp_env();
    let next = code_at(&env, 60);
    assert_eq!(verify(&env, &next, 59).status.code(), Some(0));
    assert_eq!(verify(&env, CODE_AT_59, 59).status.code(), Some(1));
}

#[test]
fn hotp_look_ahead_resynchronises_the_counter() {
    let env = TestEnv::with_vault();
    env.add("Bank:me", &["--hotp", "--counter", "0"]);
    let run = |code: &str, window: &str| {
        env.fob()
            .args(["verify", "bank", code, "--window", window, "--at", "100"])
            .output()
            .unwrap()
    };
    assert_eq!(run("338314", "3").status.code(), Some(1));
    let out = run("338314", "4");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(env.decrypt()["entries"][0]["counter"], 5);
    let out = run("969429", "4");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already used"), "{}", stderr(&out));
    // The default look-ahead is 10.
    let out = env
        .fob()
        .args(["verify", "bank", "520489", "--at", "100"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "counter 9: {}", stderr(&out));
    assert_eq!(env.decrypt()["entries"][0]["counter"], 10);
}

#[test]
fn lock_out_after_the_threshold_then_expiry() {
    let env = totp_env();
    for t in 1000..1004 {
        let out = verify(&env, "000000", t);
        assert_eq!(out.status.code(), Some(1));
        assert!(!stderr(&out).contains("locked out"));
    }
    let out = verify(&env, "000000", 1004);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("locked out until 1970-01-01 00:17:44 UTC"),
        "{}",
        stderr(&out)
    );
    // Locked out: even the right code is refused, unchecked, with exit 5.
    let right = code_at(&env, 1010);
    let out = verify(&env, &right, 1010);
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr(&out).contains("locked out until 1970-01-01 00:17:44 UTC after 5 failed attempts"),
        "{}",
        stderr(&out)
    );
    let right = code_at(&env, 1064);
    let out = verify(&env, &right, 1064);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn each_further_lock_out_within_a_day_is_longer() {
    let env = totp_env();
    for t in 1000..1005 {
        verify(&env, "000000", t);
    }
    for t in 1100..1104 {
        assert_eq!(verify(&env, "000000", t).status.code(), Some(1));
    }
    let out = verify(&env, "000000", 1104);
    // 1104 + 120 s.
    assert!(
        stderr(&out).contains("locked out until 1970-01-01 00:20:24 UTC"),
        "{}",
        stderr(&out)
    );
    let right = code_at(&env, 1200);
    assert_eq!(verify(&env, &right, 1200).status.code(), Some(5));
    let right = code_at(&env, 1224);
    assert_eq!(verify(&env, &right, 1224).status.code(), Some(0));
}

#[test]
fn thresholds_come_from_the_config_file() {
    let env = totp_env();
    let dir = env.path("home/.config/fob");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "verify_max_failures = 2\nverify_lockout = 30\nverify_window = 0\n",
    )
    .unwrap();
    assert_eq!(verify(&env, CODE_AT_59, 89).status.code(), Some(1));
    let out = verify(&env, "000000", 90);
    assert!(
        stderr(&out).contains("locked out until 1970-01-01 00:02:00 UTC"),
        "{}",
        stderr(&out)
    );
    assert_eq!(verify(&env, "000000", 100).status.code(), Some(5));
}

fn write_config(env: &TestEnv, text: &str) {
    let dir = env.path("home/.config/fob");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

/// Issue 18: a typo in `verify_max_failures` left the brute-force policy at its default without a word.
/// Now each bad line is reported once, with its line, on a run that reads the config more than once.
#[test]
fn r18_a_bad_config_value_is_reported_once_with_its_line() {
    let env = totp_env();
    write_config(
        &env,
        "verify_window = 0\nverify_max_failures = 3x\nverify_max_failure = 3\n",
    );
    let out = verify(&env, "000000", 59);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(
        err.matches("config.toml:2: verify_max_failures").count(),
        1,
        "{err}"
    );
    assert_eq!(
        err.matches("config.toml:3: unknown key verify_max_failure")
            .count(),
        1,
        "{err}"
    );
    assert_eq!(err.matches("config.toml").count(), 2, "{err}");
}

/// Issue 18: a line that is not TOML is reported, and the lines around it still count.
#[test]
fn r18_a_syntax_error_keeps_the_other_keys() {
    let env = totp_env();
    write_config(
        &env,
        "verify_max_failures = 2\nverify_lockout = [30\nverify_window = 0\n",
    );
    assert_eq!(verify(&env, CODE_AT_59, 89).status.code(), Some(1));
    let out = verify(&env, "000000", 90);
    let err = stderr(&out);
    assert!(err.contains("config.toml:2: "), "{err}");
    assert!(
        err.contains("locked out until 1970-01-01 00:02:30 UTC"),
        "{err}"
    );
}

#[test]
fn the_log_lists_every_attempt() {
    let env = totp_env();
    verify(&env, "000000", 50);
    verify(&env, CODE_AT_59, 59);
    verify(&env, CODE_AT_59, 60);
    let out = env.fob().args(["verify-log", "github"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "1970-01-01 00:00:50 UTC  invalid\n1970-01-01 00:00:59 UTC  valid\n1970-01-01 00:01:00 UTC  replayed\n"
    );
    let out = env
        .fob()
        .args(["verify-log", "github", "--json"])
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["invalid", "valid", "replayed"]);
    assert_eq!(log[0]["time"], "1970-01-01T00:00:50Z");
}

#[test]
fn the_saved_state_holds_no_code_and_no_secret() {
    let env = totp_env();
    verify(&env, "424242", 50);
    verify(&env, CODE_AT_59, 59);
    let doc = env.decrypt();
    let state = &doc["entries"][0]["verify"];
    assert_eq!(state["last_step"], 1);
    let text = state.to_string();
    for needle in ["424242", CODE_AT_59, RFC_SECRET, "secret", "code"] {
        assert!(!text.contains(needle), "{needle} in {text}");
    }
}

#[test]
fn the_code_can_come_on_stdin() {
    let env = totp_env();
    env.fob()
        .args(["verify", "github", "-", "--at", "59"])
        .write_stdin(format!("{CODE_AT_59}\n"))
        .assert()
        .code(0);
    let env = totp_env();
    env.fob()
        .args(["verify", "github", "--at", "89"])
        .write_stdin(format!("{CODE_AT_59}\r\nignored\n"))
        .assert()
        .code(0);
    env.fob()
        .args(["verify", "github", "--at", "89"])
        .write_stdin("1".repeat(65))
        .assert()
        .code(2);
    env.fob()
        .args(["verify", "github", "--at", "89"])
        .write_stdin("")
        .assert()
        .code(2);
}

#[test]
fn no_match_and_usage_errors() {
    let env = totp_env();
    env.fob()
        .args(["verify", "nothing", "123456", "--at", "59"])
        .assert()
        .code(3);
    env.fob()
        .args(["verify", "github", "123456", "--window", "101"])
        .assert()
        .code(2);
}

#[test]
fn status_shows_failures_and_lock_outs() {
    let env = totp_env();
    let now = jiff::Timestamp::now().as_second().to_string();
    for _ in 0..5 {
        env.fob()
            .args(["verify", "github", "000000", "--at", &now])
            .assert()
            .code(1);
    }
    let out = env.fob().args(["status", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verify"][0]["name"], "GitHub:alice");
    assert_eq!(v["verify"][0]["failures_last_24h"], 5);
    assert!(v["verify"][0]["locked_until"].is_string(), "{v}");
    let out = env.fob().arg("status").output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("  GitHub:alice: 5, locked out until"),
        "{text}"
    );
}

/// Issue 13: `fob verify github "$CODE" && deploy` must not let `--log`, `--help` or `--version` through as
/// the code. Whatever stands in the CODE position is a code; one that is not digits is refused (exit 1),
/// is not counted, and nothing is printed on stdout.
#[test]
fn r13_nothing_in_the_code_position_passes_without_a_matching_code() {
    let env = totp_env();
    let before = env.vault_bytes();
    for word in [
        "--log",
        "-h",
        "--help",
        "-V",
        "--version",
        "--json",
        "-287082",
    ] {
        let out = env
            .fob()
            .args(["verify", "github", word])
            .write_stdin("")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{word}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{word}: {}", stdout(&out));
        assert_eq!(
            stderr(&out),
            "fob: the code for GitHub:alice is not made of digits; it was not checked and does not count as an attempt\n",
            "{word}"
        );
    }
    // After a code, help and version are not honoured either: a split "$CODE" cannot ask for them.
    for word in ["-h", "--help", "-V", "--version"] {
        let out = env
            .fob()
            .args(["verify", "github", "000000", word])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{word}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{word}: {}", stdout(&out));
    }
    assert_eq!(env.vault_bytes(), before, "nothing was checked or counted");
    // Asked for without a code, help and version still work.
    for args in [
        &["verify", "--help"][..],
        &["verify", "-h"],
        &["verify", "-V"],
        &["verify", "--version"],
        &["help", "verify"],
        &["verify-log", "--help"],
    ] {
        let out = env.fob().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(!stdout(&out).is_empty(), "{args:?}");
    }
    // The safe script form: `--` ends the options, so even `--help` after it is a code.
    let out = env
        .fob()
        .args([
            "verify",
            "--at",
            "59",
            "--exact",
            "GitHub:alice",
            "--",
            "--help",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = env
        .fob()
        .args([
            "verify",
            "--at",
            "59",
            "--exact",
            "GitHub:alice",
            "--",
            CODE_AT_59,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Issue 13: a code that cannot be one of the entry's codes (wrong alphabet or length) is refused with
/// exit 1 and does not count as a guess: many of them do not lock the entry out.
#[test]
fn r13_codes_of_the_wrong_form_are_refused_and_not_counted() {
    let env = totp_env();
    let before = env.vault_bytes();
    let cases = [
        ("28708", "is 5 characters long where its codes have 6"),
        ("2870820", "is 7 characters long where its codes have 6"),
        ("", "is 0 characters long where its codes have 6"),
        ("abcdef", "is not made of digits"),
        ("28708x", "is not made of digits"),
        ("\u{ff12}87082", "is not made of digits"),
    ];
    for _ in 0..2 {
        for (code, why) in cases {
            let out = verify(&env, code, 59);
            assert_eq!(out.status.code(), Some(1), "{code:?}: {}", stderr(&out));
            assert_eq!(
                stderr(&out),
                format!(
                    "fob: the code for GitHub:alice {why}; it was not checked and does not count as an attempt\n"
                ),
            );
        }
    }
    assert_eq!(env.vault_bytes(), before, "not one attempt was recorded");
    let out = verify(&env, "287 082", 59);
    assert_eq!(
        out.status.code(),
        Some(0),
        "not locked out: {}",
        stderr(&out)
    );

    env.add("Steam:me", &["--steam"]);
    let before = env.vault_bytes();
    let out = env
        .fob()
        .args(["verify", "steam", "AB2C3", "--at", "59"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not made of Steam Guard's characters"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.vault_bytes(), before);
}

/// Issue 13: the code of a step before the last accepted one was never used; it is reported as expired,
/// and only the accepted step's own code as already used.
#[test]
fn r13_an_earlier_unused_step_is_expired_not_replayed() {
    let env = totp_env();
    let step_2 = code_at(&env, 60);
    assert_eq!(verify(&env, &step_2, 61).status.code(), Some(0));
    let out = verify(&env, CODE_AT_59, 62);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "fob: the code for GitHub:alice has expired: a later code was already accepted\n"
    );
    let out = verify(&env, &step_2, 63);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "fob: the code for GitHub:alice was already used (replayed)\n"
    );
    let out = env.fob().args(["verify-log", "github"]).output().unwrap();
    assert_eq!(
        stdout(&out),
        "1970-01-01 00:01:01 UTC  valid\n1970-01-01 00:01:02 UTC  expired\n1970-01-01 00:01:03 UTC  replayed\n"
    );
}

/// A code certainly wrong around `now` (none of the entry's codes for some minutes either side).
fn wrong_code(env: &TestEnv, now: u64) -> String {
    let near: Vec<String> = (0..12).map(|i| code_at(env, now - 180 + i * 30)).collect();
    ["000000", "111111", "222222", "333333"]
        .into_iter()
        .find(|c| !near.iter().any(|n| n == c))
        .unwrap()
        .to_owned()
}

/// Issue 13: 40 `fob verify` at once checked 13 to 18 codes where the policy allows 5, because each read
/// the clock before waiting for the vault's lock and dropped failures "in the future". At most 5 may be
/// checked; every other attempt must meet the lock-out (exit 5).
#[test]
fn r13_parallel_guesses_meet_the_lock_out() {
    let env = totp_env();
    let now = jiff::Timestamp::now().as_second().unsigned_abs();
    let wrong = wrong_code(&env, now);
    let children: Vec<_> = (0..40)
        .map(|_| {
            Command::new(assert_cmd::cargo::cargo_bin!("fob"))
                .args(["verify", "github", &wrong])
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", env.path("home"))
                .env("FOB_VAULT", env.vault())
                .env("FOB_PASSPHRASE", PASSPHRASE)
                .env("FOB_WORK_FACTOR", "4")
                .env("FOB_CLOCK_CHECK", "0")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("fob starts")
        })
        .collect();
    let mut checked = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        match out.status.code() {
            Some(1) => checked += 1,
            Some(5) => {}
            other => panic!("{other:?}: {}", stderr(&out)),
        }
    }
    assert!(
        checked <= 5,
        "{checked} codes were checked; the policy allows 5"
    );
    let log = &env.decrypt()["entries"][0]["verify"]["log"];
    let invalid = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["result"] == "invalid")
        .count();
    assert_eq!(invalid, checked);
}

/// Issue 13: an imported `otpauth://totp/github?...` (a hostile enrolment QR) must not answer for
/// `fob verify github`: a QUERY matching the planted entry exactly and the real one in part is ambiguous.
#[test]
fn r13_a_planted_entry_does_not_answer_for_verify() {
    let env = totp_env();
    env.fob()
        .args(["import", "-"])
        .write_stdin("otpauth://totp/github?secret=JBSWY3DPEHPK3PXP\n")
        .assert()
        .success();
    // `fob code` keeps exact-wins, but says which entry answered.
    let out = env
        .fob()
        .args(["code", "github", "--at", "59"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let planted = stdout(&out).trim().to_owned();
    assert_ne!(planted, CODE_AT_59);
    assert_eq!(
        stderr(&out),
        "fob: warning: this is the code of github, whose whole name is \"github\"; it also matches GitHub:alice\n"
    );
    let before = env.vault_bytes();
    let out = verify(&env, &planted, 59);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "fob: \"github\" matches 2 entries\n  GitHub:alice\n  github\n  name one with --exact 'Issuer:account' or --id ID (see fob list --json)\n"
    );
    assert_eq!(env.vault_bytes(), before, "nothing was checked");
    // Exact selectors reach either entry.
    env.fob()
        .args(["verify", "--at", "59", "--exact", "github", "--", &planted])
        .assert()
        .code(0);
    env.fob()
        .args([
            "verify",
            "--at",
            "59",
            "--exact",
            "GITHUB:alice",
            "--",
            CODE_AT_59,
        ])
        .assert()
        .code(0);
    let list = env.fob().args(["list", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let id = list[0]["id"].as_str().unwrap();
    assert_eq!(list[0]["name"], "GitHub:alice");
    let out = env
        .fob()
        .args(["code", "GitHub:alice", "--at", "89"])
        .output()
        .unwrap();
    let code = stdout(&out).trim().to_owned();
    let out = env
        .fob()
        .args(["verify", "--at", "89", "--id", id, "--", &code])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    env.fob()
        .args(["verify", "--at", "89", "--id", "no-such-id", "--", &code])
        .assert()
        .code(3);
}

/// Issue 13: `GitHub:alice` stays addressable beside `GitHub:alice-work`, by --exact only.
#[test]
fn r13_exact_names_one_entry_whose_name_another_contains() {
    let env = totp_env();
    env.fob()
        .args(["import", "-"])
        .write_stdin("otpauth://totp/GitHub:alice-work?secret=JBSWY3DPEHPK3PXP&issuer=GitHub\n")
        .assert()
        .success();
    let before = env.vault_bytes();
    let out = verify(&env, CODE_AT_59, 59);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let out = env
        .fob()
        .args(["verify", "GitHub:alice", CODE_AT_59, "--at", "59"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(env.vault_bytes(), before);
    env.fob()
        .args([
            "verify",
            "--exact",
            "GitHub:alice",
            CODE_AT_59,
            "--at",
            "59",
        ])
        .assert()
        .code(0);
    env.fob()
        .args(["verify", "--exact", "alice", CODE_AT_59, "--at", "89"])
        .assert()
        .code(3);
}
