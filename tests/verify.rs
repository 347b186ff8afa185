//! `fob verify`: windows, replay rejection, HOTP resynchronisation, lock-out and its expiry, the log, and
//! that the saved state holds no code and no secret. Every run passes `--at`, so nothing sleeps.

mod support;

use support::{RFC_SECRET, TestEnv, stderr, stdout};

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
        stderr(&out).contains("locked out until 1970-01-01T00:17:44Z"),
        "{}",
        stderr(&out)
    );
    // Locked out: even the right code is refused, unchecked, with exit 5.
    let right = code_at(&env, 1010);
    let out = verify(&env, &right, 1010);
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr(&out).contains("locked out until 1970-01-01T00:17:44Z after 5 failed attempts"),
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
        stderr(&out).contains("locked out until 1970-01-01T00:20:24Z"),
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
        stderr(&out).contains("locked out until 1970-01-01T00:02:00Z"),
        "{}",
        stderr(&out)
    );
    assert_eq!(verify(&env, "000000", 100).status.code(), Some(5));
}

#[test]
fn the_log_lists_every_attempt() {
    let env = totp_env();
    verify(&env, "000000", 50);
    verify(&env, CODE_AT_59, 59);
    verify(&env, CODE_AT_59, 60);
    let out = env
        .fob()
        .args(["verify", "github", "--log"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "1970-01-01T00:00:50Z  invalid\n1970-01-01T00:00:59Z  valid\n1970-01-01T00:01:00Z  replayed\n"
    );
    let out = env
        .fob()
        .args(["verify", "github", "--log", "--json"])
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
