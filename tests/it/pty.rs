//! Prompts on a real terminal (a pty driven by `tests/pty/drive.py`): passphrase asked twice at init, the
//! hidden secret prompt, the `rm` question, `fob unlock` asking once and leaving the terminal, Ctrl-C
//! at a passphrase prompt leaving the terminal echoing and the vault untouched, `fob verify` asking
//! for the code, and `fob sync` asking for a passphrase changed on another machine.

use crate::support;

use serde_json::Value;
use support::{PASSPHRASE, RFC_SECRET, TestEnv};

/// Runs fob on a pty with `steps`; `None` when python3 is missing (the test then says it was skipped).
pub(crate) fn drive(
    env: &TestEnv,
    steps: &Value,
    args: &[&str],
    vars: &[(&str, &str)],
) -> Option<Value> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pty/drive.py");
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(script)
        .arg(steps.to_string())
        .arg(assert_cmd::cargo::cargo_bin!("fob"))
        .args(args);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("FOB_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("FOB_VAULT", env.vault())
        .env("FOB_WORK_FACTOR", "4")
        .env("HOME", env.path("home"));
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let Ok(out) = cmd.output() else {
        support::missing("python3");
        return None;
    };
    assert!(
        out.status.success(),
        "drive.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["failure"], Value::Null, "{result:#}");
    Some(result)
}

#[test]
fn init_asks_twice_and_does_not_echo() {
    let env = TestEnv::new();
    let steps = serde_json::json!([
        ["expect", "New vault passphrase"],
        ["hidden"],
        ["echo?"],
        ["send", "tty pass\r"],
        ["expect", "Repeat it"],
        ["hidden"],
        ["send", "different\r"],
        ["expect", "they differ, try again"],
        ["expect", "New vault passphrase"],
        ["hidden"],
        ["send", "tty pass\r"],
        ["expect", "Repeat it"],
        ["hidden"],
        ["send", "tty pass\r"],
        ["expect", "created an empty vault"]
    ]);
    let Some(r) = drive(&env, &steps, &["init"], &[]) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    assert_eq!(
        r["echo"],
        serde_json::json!([false]),
        "the passphrase is not echoed"
    );
    assert!(!r["output"].as_str().unwrap().contains("tty pass"));
    support::decrypt_with_passphrase(&env.vault(), "tty pass");
}

#[test]
fn ctrl_c_at_the_passphrase_prompt_restores_echo_and_changes_nothing() {
    let env = TestEnv::with_vault();
    let before = env.vault_bytes();
    let steps = serde_json::json!([
        ["expect", "Secret for GitHub:alice (base32)"],
        ["hidden"],
        ["send", format!("{RFC_SECRET}\r")],
        ["expect", "Vault passphrase"],
        ["hidden"],
        ["echo?"],
        ["send", "\u{3}"]
    ]);
    let Some(r) = drive(&env, &steps, &["add", "GitHub:alice"], &[]) else {
        return;
    };
    assert_eq!(r["echo"], serde_json::json!([false]));
    assert_eq!(
        r["signal"], 2,
        "ended by SIGINT like any interrupted program: {r:#}"
    );
    assert_eq!(r["echo_after"], true, "the terminal echoes again");
    assert!(
        !r["output"].as_str().unwrap().contains(RFC_SECRET),
        "the secret was typed hidden"
    );
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn rm_asks_on_the_terminal() {
    let env = TestEnv::with_vault();
    env.add("Old:site", &[]);
    let no = serde_json::json!([
        ["expect", "Remove Old:site?"],
        ["send", "n"],
        ["expect", "not removed"]
    ]);
    let Some(r) = drive(&env, &no, &["rm", "old"], &[("FOB_PASSPHRASE", PASSPHRASE)]) else {
        return;
    };
    assert_eq!(r["code"], 1);
    assert_eq!(env.decrypt()["entries"].as_array().unwrap().len(), 1);
    let yes = serde_json::json!([
        ["expect", "Remove Old:site?"],
        ["send", "y"],
        ["expect", "removed Old:site"]
    ]);
    let r = drive(
        &env,
        &yes,
        &["rm", "old"],
        &[("FOB_PASSPHRASE", PASSPHRASE)],
    )
    .unwrap();
    assert_eq!(r["code"], 0, "{r:#}");
    assert_eq!(env.decrypt()["entries"], serde_json::json!([]));
}

#[test]
fn fresh_counts_down_on_the_terminal_then_prints_the_next_code() {
    let env = TestEnv::with_vault();
    env.add("Fast:six", &["--period", "6"]);
    let steps = serde_json::json!([["expect", "next code in"]]);
    // Started with 3 or 4 of the 6 seconds left, `--fresh 5` waits for the next code.
    let before = support::when_seconds_left(6, 3..=4);
    let Some(r) = drive(
        &env,
        &steps,
        &["code", "fast", "--fresh", "5"],
        &[("FOB_PASSPHRASE", PASSPHRASE), ("FOB_CLOCK_CHECK", "0")],
    ) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    let output = r["output"].as_str().unwrap();
    // The countdown line is erased before the code is printed on a line of its own.
    assert!(output.contains("\r\x1b[K"), "{output:?}");
    let printed = output
        .rsplit("\x1b[K")
        .next()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .trim();
    assert_eq!(printed.len(), 6, "{output:?}");
    let at = |t: u64| {
        let out = env
            .fob()
            .args(["code", "fast", "--at", &t.to_string()])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    assert_ne!(
        printed,
        at(before),
        "not the code of the period it started in"
    );
}

#[test]
fn import_asks_for_the_files_password_and_names_the_file() {
    let src = TestEnv::with_vault();
    src.add("GitHub:alice", &[]);
    let file = src.path("aegis.json");
    src.fob()
        .args(["export", "--format", "aegis-encrypted", "--out"])
        .arg(&file)
        .env("FOB_EXPORT_PASSPHRASE", "file pw")
        .assert()
        .success();
    let env = TestEnv::with_vault();
    let before = env.vault_bytes();
    let file = file.to_str().unwrap();
    let wrong = serde_json::json!([
        ["expect", format!("Password for {file}")],
        ["hidden"],
        ["send", "not it\r"],
        ["expect", format!("wrong password for {file}")]
    ]);
    let vars = [("FOB_PASSPHRASE", PASSPHRASE)];
    let Some(r) = drive(&env, &wrong, &["import", file], &vars) else {
        return;
    };
    assert_eq!(r["code"], 4, "{r:#}");
    assert_eq!(env.vault_bytes(), before);
    let right = serde_json::json!([
        ["expect", format!("Password for {file}")],
        ["hidden"],
        ["send", "file pw\r"],
        ["expect", "added GitHub:alice"]
    ]);
    let r = drive(&env, &right, &["import", file], &vars).unwrap();
    assert_eq!(r["code"], 0, "{r:#}");
    assert!(!r["output"].as_str().unwrap().contains("file pw"));
}

#[test]
fn plaintext_exports_refuse_the_terminal() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let steps = serde_json::json!([["expect", "refusing to print unencrypted secrets"]]);
    let vars = [("FOB_PASSPHRASE", PASSPHRASE)];
    let Some(r) = drive(&env, &steps, &["export", "--format", "aegis"], &vars) else {
        return;
    };
    assert_eq!(r["code"], 1, "{r:#}");
    assert!(!r["output"].as_str().unwrap().contains(RFC_SECRET));
}

#[test]
fn unlock_asks_once_on_the_terminal_and_leaves_it() {
    let env = TestEnv::with_vault();
    env.add("GitHub:me", &[]);
    let run = env.path("run");
    let steps = serde_json::json!([
        ["expect", "Vault passphrase"],
        ["hidden"],
        ["send", format!("{PASSPHRASE}\r")],
        ["expect", "unlocked until"]
    ]);
    let run_dir = run.to_str().unwrap();
    let Some(r) = drive(&env, &steps, &["unlock"], &[("XDG_RUNTIME_DIR", run_dir)]) else {
        return;
    };
    // The session ended although the agent runs on: it holds nothing of the terminal.
    assert_eq!(r["code"], 0, "{r:#}");
    assert!(r["echo_after"].as_bool().unwrap());
    assert!(!r["output"].as_str().unwrap().contains(PASSPHRASE));
    // No terminal and no passphrase source now: only the agent can open the vault.
    env.without_passphrase()
        .args(["code", "github", "--at", "59"])
        .assert()
        .success()
        .stdout("287082\n");
}

#[test]
fn an_agent_gone_before_the_save_falls_back_without_hanging() {
    let env = TestEnv::with_vault();
    env.add("Old:site", &[]);
    let run = env.path("run");
    let run_dir = run.to_str().unwrap();
    env.fob()
        .env("XDG_RUNTIME_DIR", run_dir)
        .arg("unlock")
        .assert()
        .success();
    let before = env.vault_bytes();
    let fob = assert_cmd::cargo::cargo_bin!("fob")
        .to_str()
        .unwrap()
        .to_owned();
    // The agent opens the vault, then is locked while rm waits at its question; the save falls back to
    // the passphrase, here a wrong one: a clear failure, under the lock it already holds.
    let steps = serde_json::json!([
        ["expect", "Remove Old:site?"],
        ["run", [fob, "lock"]],
        ["send", "y"],
        ["expect", "wrong passphrase"]
    ]);
    let Some(r) = drive(
        &env,
        &steps,
        &["rm", "old"],
        &[("XDG_RUNTIME_DIR", run_dir), ("FOB_PASSPHRASE", "not it")],
    ) else {
        return;
    };
    assert_eq!(r["code"], 4, "{r:#}");
    assert_eq!(env.vault_bytes(), before, "nothing was written");
    let record = std::fs::read_to_string(env.path("vault/vault.age.failures")).unwrap();
    assert!(
        record.contains("\"failures\":[\""),
        "the failure was recorded: {record}"
    );
}

/// Issue 13: `fob verify NAME` on a terminal asks `Code for NAME:` and checks on Enter (it used to wait
/// for the end of input).
#[test]
fn verify_asks_for_the_code_and_checks_it_on_enter() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let steps = serde_json::json!([
        ["expect", "Code for github: "],
        ["send", "287082\r"],
        ["expect", "the code is valid for GitHub:alice"]
    ]);
    let vars = [("FOB_PASSPHRASE", PASSPHRASE), ("FOB_CLOCK_CHECK", "0")];
    let Some(r) = drive(&env, &steps, &["verify", "github", "--at", "59"], &vars) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
}

/// Issue 13: a restored file's backup settings are shown and kept only when the user says yes.
#[test]
fn r13_restore_asks_before_adopting_a_backups_settings() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    let paper = age::x25519::Identity::generate().to_public().to_string();
    let mut doc = env.decrypt();
    doc["backup_defaults"] =
        serde_json::json!({"recipients": [paper], "destination": "/media/usb"});
    let mut r = age::scrypt::Recipient::new(age::secrecy::SecretString::from("backup".to_owned()));
    r.set_work_factor(4);
    let file = env.path("backup.age");
    std::fs::write(&file, age::encrypt(&r, doc.to_string().as_bytes()).unwrap()).unwrap();
    let vars = [
        ("FOB_PASSPHRASE", PASSPHRASE),
        ("FOB_BACKUP_PASSPHRASE", "backup"),
    ];
    let file = file.to_str().unwrap();
    for (answer, kept) in [("n", false), ("y", true)] {
        let steps = serde_json::json!([
            ["expect", "Replace the vault's 1 entry"],
            ["send", "y"],
            ["expect", "remembers backup settings"],
            ["expect", "Keep these backup settings"],
            ["send", answer],
            ["expect", if kept { "kept them" } else { "not kept" }]
        ]);
        let Some(r) = drive(&env, &steps, &["restore", "--replace", file], &vars) else {
            return;
        };
        assert_eq!(r["code"], 0, "{r:#}");
        assert_eq!(env.decrypt().get("backup_defaults").is_some(), kept);
    }
}

/// Issue 14: a passphrase changed on another machine is asked for on the terminal when `fob sync` meets
/// it, and the merged vault takes it.
#[test]
fn sync_asks_for_a_passphrase_changed_on_another_machine() {
    let laptop = TestEnv::with_vault();
    let desktop = TestEnv::new();
    let remote = laptop.path("remote.git");
    let git = std::process::Command::new("git")
        .args(["init", "-q", "--bare"])
        .arg(&remote)
        .status()
        .expect("git is installed (CI installs it)");
    assert!(git.success());
    laptop.add("GitHub:alice", &[]);
    laptop
        .fob()
        .args(["sync", "init"])
        .arg(&remote)
        .assert()
        .success();
    desktop
        .fob()
        .args(["sync", "clone"])
        .arg(&remote)
        .assert()
        .success();
    laptop
        .fob()
        .arg("passwd")
        .env("FOB_NEW_PASSPHRASE", "changed on the laptop")
        .assert()
        .success();
    laptop
        .fob()
        .env("FOB_PASSPHRASE", "changed on the laptop")
        .arg("sync")
        .assert()
        .success();
    desktop.add("Bank:me", &[]);
    let steps = serde_json::json!([
        [
            "expect",
            "re-locked with another passphrase on another machine"
        ],
        [
            "expect",
            "New vault passphrase (as set on the other machine): "
        ],
        ["hidden"],
        ["send", "changed on the laptop\r"],
        ["expect", "synced with"]
    ]);
    let vars = [("FOB_PASSPHRASE", PASSPHRASE), ("FOB_CLOCK_CHECK", "0")];
    let Some(r) = drive(&desktop, &steps, &["sync"], &vars) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    let doc = support::decrypt_with_passphrase(&desktop.vault(), "changed on the laptop");
    assert_eq!(doc["entries"].as_array().unwrap().len(), 2);
}

// issue 17: `fob` alone on a terminal is a live view on the alternate screen.
const ENTER_SCREEN: &str = "\x1b[?1049h";
const LEAVE_SCREEN: &str = "\x1b[?1049l";

/// The entry's current code, from `fob code` off the terminal.
fn current_code(env: &TestEnv, name: &str) -> String {
    let out = env.fob().args(["code", name]).output().unwrap();
    assert!(out.status.success(), "{}", support::stderr(&out));
    support::stdout(&out).trim().to_owned()
}

/// `123456` as the live view shows it: `123 456`.
fn grouped(code: &str) -> String {
    let (a, b) = code.split_at(code.len() / 2);
    format!("{a} {b}")
}

/// The code printed after the screen was left: its last word made of digits only.
fn printed_code(after_screen: &str) -> &str {
    after_screen
        .split(|c: char| !c.is_ascii_digit())
        .rfind(|word| word.len() >= 6)
        .unwrap_or_default()
}

/// The screen was left, after it was entered, and the terminal is back in line mode with echo.
fn assert_terminal_restored(r: &Value) {
    let output = r["output"].as_str().unwrap();
    let entered = output
        .find(ENTER_SCREEN)
        .expect("the alternate screen was entered");
    let left = output
        .rfind(LEAVE_SCREEN)
        .expect("the alternate screen was left");
    assert!(entered < left, "{r:#}");
    assert_eq!(r["echo_after"], true, "{r:#}");
    assert_eq!(r["canonical_after"], true, "{r:#}");
}

#[test]
fn r17_live_view_filters_as_you_type_and_prints_the_chosen_code() {
    let env = TestEnv::with_vault();
    env.add("Beta:two", &["--digits", "8"]);
    env.add("Alpha:one", &[]);
    let before = current_code(&env, "Beta:two");
    let steps = serde_json::json!([
        ["expect", ENTER_SCREEN],
        ["expect", "Alpha:one"],
        ["expect", "Beta:two"],
        ["send", "bet"],
        ["expect", "1 of 2"],
        ["send", "\r"],
        ["expect", LEAVE_SCREEN]
    ]);
    let vars = [("FOB_PASSPHRASE", PASSPHRASE), ("FOB_CLOCK_CHECK", "0")];
    let Some(r) = drive(&env, &steps, &["--print"], &vars) else {
        return;
    };
    let after = current_code(&env, "Beta:two");
    assert_eq!(r["code"], 0, "{r:#}");
    assert_terminal_restored(&r);
    let output = r["output"].as_str().unwrap();
    let (screen, printed) = output.split_at(output.rfind(LEAVE_SCREEN).unwrap());
    assert!(
        screen.contains(&grouped(&before)) || screen.contains(&grouped(&after)),
        "codes are shown grouped: {r:#}"
    );
    // Sorted by name: Alpha before Beta, though Beta was added first.
    assert!(screen.find("Alpha:one").unwrap() < screen.find("Beta:two").unwrap());
    let printed = printed_code(printed);
    assert!(
        printed == before || printed == after,
        "printed {printed:?}, the code is {before} or {after}: {r:#}"
    );
}

#[test]
fn r17_esc_and_ctrl_c_leave_the_live_view_and_restore_the_terminal() {
    let env = TestEnv::with_vault();
    env.add("Alpha:one", &[]);
    let before = env.vault_bytes();
    let vars = [("FOB_PASSPHRASE", PASSPHRASE), ("FOB_CLOCK_CHECK", "0")];
    for key in ["\x1b", "\x03"] {
        let steps = serde_json::json!([
            ["expect", ENTER_SCREEN],
            ["expect", "Alpha:one"],
            ["send", key],
            ["expect", LEAVE_SCREEN]
        ]);
        let Some(r) = drive(&env, &steps, &[], &vars) else {
            return;
        };
        assert_eq!(r["code"], 0, "{key:?}: {r:#}");
        assert_terminal_restored(&r);
    }
    assert_eq!(env.vault_bytes(), before);
}

#[test]
fn r17_enter_in_the_live_view_copies_the_code() {
    let env = TestEnv::with_vault();
    env.add("Alpha:one", &[]);
    let bin = env.path("fakebin");
    std::fs::create_dir_all(&bin).unwrap();
    let clip = env.path("clipboard");
    let wl_copy = bin.join("wl-copy");
    std::fs::write(
        &wl_copy,
        format!(
            "#!/bin/sh\n[ \"$1\" = --clear ] && exit 0\ncat > '{}'\n",
            clip.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(
        &wl_copy,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let before = current_code(&env, "Alpha:one");
    let steps = serde_json::json!([
        ["expect", "Alpha:one"],
        ["send", "\r"],
        ["expect", "copied the code of Alpha:one"],
        ["send", "\x1b"],
        ["expect", LEAVE_SCREEN]
    ]);
    let vars = [
        ("FOB_PASSPHRASE", PASSPHRASE),
        ("FOB_CLOCK_CHECK", "0"),
        ("PATH", path.as_str()),
        ("WAYLAND_DISPLAY", "wayland-test"),
    ];
    let Some(r) = drive(&env, &steps, &[], &vars) else {
        return;
    };
    let after = current_code(&env, "Alpha:one");
    assert_eq!(r["code"], 0, "{r:#}");
    let copied = std::fs::read_to_string(&clip).unwrap();
    assert!(copied == before || copied == after, "{copied:?}");
}

#[test]
fn r17_hotp_entries_show_no_code_in_the_live_view_until_chosen() {
    let env = TestEnv::with_vault();
    env.add("Counter:h", &["--hotp"]);
    let steps = serde_json::json!([
        ["expect", "Counter:h"],
        ["expect", "Enter"],
        ["send", "\r"],
        ["expect", LEAVE_SCREEN]
    ]);
    let vars = [("FOB_PASSPHRASE", PASSPHRASE), ("FOB_CLOCK_CHECK", "0")];
    let Some(r) = drive(&env, &steps, &["--print"], &vars) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    let output = r["output"].as_str().unwrap();
    let (screen, printed) = output.split_at(output.rfind(LEAVE_SCREEN).unwrap());
    // RFC 4226's code for counter 0.
    assert!(
        !screen.contains("755 224") && !screen.contains("755224"),
        "{r:#}"
    );
    assert_eq!(printed_code(printed), "755224", "{r:#}");
    assert_eq!(env.decrypt()["entries"][0]["counter"], 1);
}

// issue 17: `restore --replace` names the entries it would drop before it asks.
#[test]
fn r17_restore_replace_names_what_it_drops() {
    let env = TestEnv::with_vault();
    env.add("keep", &[]);
    std::fs::create_dir_all(env.path("usb")).unwrap();
    env.fob()
        .args(["backup", "usb"])
        .env("FOB_BACKUP_PASSPHRASE", "backup")
        .assert()
        .success();
    env.add("drop-me", &[]);
    let before = env.vault_bytes();
    let usb = env.path("usb");
    let steps = serde_json::json!([
        ["expect", "It drops 1 entry: drop-me."],
        ["send", "n"],
        ["expect", "not replaced"]
    ]);
    let vars = [
        ("FOB_PASSPHRASE", PASSPHRASE),
        ("FOB_BACKUP_PASSPHRASE", "backup"),
    ];
    let Some(r) = drive(
        &env,
        &steps,
        &["restore", "--replace", usb.to_str().unwrap()],
        &vars,
    ) else {
        return;
    };
    assert_eq!(r["code"], 1, "{r:#}");
    assert_eq!(env.vault_bytes(), before);
}

// issue 17: several matches on a terminal show them all with their codes; scripts keep exit 3.
#[test]
fn r17_code_query_with_several_matches_shows_them_on_a_terminal() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add("GitHub:bob", &[]);
    env.add("Bank:me", &[]);
    let steps = serde_json::json!([["expect", "GitHub:bob"]]);
    let vars = [("FOB_PASSPHRASE", PASSPHRASE), ("FOB_CLOCK_CHECK", "0")];
    let Some(r) = drive(&env, &steps, &["code", "git"], &vars) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    let output = r["output"].as_str().unwrap();
    assert!(
        output.contains("GitHub:alice") && !output.contains("Bank:me"),
        "{r:#}"
    );
    assert!(printed_code(output).len() == 6, "{r:#}");
    let out = env.fob().args(["code", "git"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let err = support::stderr(&out);
    assert!(
        err.contains("GitHub:alice") && err.contains("GitHub:bob"),
        "{err}"
    );
}

// issue 17: a new passphrase prompt says why an empty one is refused, and a mismatch is told without an
// "error:" label, since the person simply types again.
#[test]
fn r17_new_passphrase_prompt_explains_itself() {
    let env = TestEnv::new();
    let steps = serde_json::json!([
        ["expect", "New vault passphrase"],
        ["hidden"],
        ["send", "\r"],
        ["expect", "an empty passphrase"],
        ["expect", "New vault passphrase"],
        ["hidden"],
        ["send", "one\r"],
        ["expect", "Repeat it"],
        ["hidden"],
        ["send", "two\r"],
        ["expect", "they differ, try again"],
        ["expect", "New vault passphrase"],
        ["hidden"],
        ["send", "tty pass\r"],
        ["expect", "Repeat it"],
        ["hidden"],
        ["send", "tty pass\r"],
        ["expect", "created an empty vault"]
    ]);
    let Some(r) = drive(&env, &steps, &["init"], &[]) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    assert!(!r["output"].as_str().unwrap().contains("error"), "{r:#}");
    support::decrypt_with_passphrase(&env.vault(), "tty pass");
}

// issue 17: the clock warning appears on a terminal at most once a day (its state file in fob's state
// folder), never to scripts, which see the clock in `fob status`.
#[test]
fn r17_the_clock_warning_is_shown_once_a_day_on_a_terminal() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let status = env
        .fob()
        .env_remove("FOB_CLOCK_CHECK")
        .args(["status", "--json"])
        .output()
        .unwrap();
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    let unsynchronised = status["clock_synchronised"] == false;
    let state = env.path("home/.local/state/fob/clock-warned");
    let run = |env: &TestEnv| {
        let steps = serde_json::json!([["expect", "GitHub:alice"]]);
        let state_home = env.path("home/.local/state");
        let vars = [
            ("FOB_PASSPHRASE", PASSPHRASE),
            ("XDG_STATE_HOME", state_home.to_str().unwrap()),
        ];
        drive(env, &steps, &["code"], &vars)
            .map(|r| r["output"].as_str().unwrap().contains("not synchronised"))
    };
    let Some(first) = run(&env) else {
        return;
    };
    assert_eq!(first, unsynchronised, "warned once on a terminal");
    assert_eq!(run(&env), Some(false), "not again the same day");
    if unsynchronised {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&state).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // A day later it is shown again.
        let day_ago = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            - 86_401;
        std::fs::write(&state, format!("{day_ago}\n")).unwrap();
        assert_eq!(run(&env), Some(true), "again after a day");
    }
    // Scripts never see it from fob code.
    let out = env
        .fob()
        .env_remove("FOB_CLOCK_CHECK")
        .args(["code", "GitHub"])
        .output()
        .unwrap();
    assert!(!support::stderr(&out).contains("not synchronised"));
}

// issue 17: `fob show --qr` draws a code that fits the terminal (default settings left out of its URI),
// and says how large a terminal a code needs when it does not fit.
#[test]
fn r17_show_qr_fits_the_terminal_or_says_what_it_needs() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add(&format!("Long:{}", "a".repeat(200)), &[]);
    let vars = [("FOB_PASSPHRASE", PASSPHRASE)];
    let steps = serde_json::json!([]);
    let Some(r) = drive(&env, &steps, &["show", "GitHub", "--qr"], &vars) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    let rows = r["output"].as_str().unwrap().lines().count();
    assert!(rows <= 24, "{rows} rows on a 24-row terminal: {r:#}");
    let uri = env
        .fob()
        .args(["show", "GitHub", "--qr", "--force"])
        .output()
        .unwrap();
    assert!(uri.status.success());
    let Some(r) = drive(&env, &steps, &["show", "Long", "--qr"], &vars) else {
        return;
    };
    assert_eq!(r["code"], 1, "{r:#}");
    let output = r["output"].as_str().unwrap();
    assert!(output.contains("needs a terminal of at least"), "{r:#}");
    assert!(output.contains("this one is 80 x 24"), "{r:#}");
    assert!(output.contains("fob export --qr"), "{r:#}");
}

// issue 17: a mistyped passphrase at the terminal prompt is asked again, up to three tries (as sudo and
// ssh do), each counted by the back-off.
#[test]
fn r17_the_unlock_prompt_gives_three_tries_each_counted() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let steps = serde_json::json!([
        ["expect", "Vault passphrase"],
        ["hidden"],
        ["send", "wrong one\r"],
        ["expect", "try again"],
        ["expect", "Vault passphrase"],
        ["hidden"],
        ["send", format!("{PASSPHRASE}\r")],
        ["expect", "GitHub:alice"]
    ]);
    let Some(r) = drive(&env, &steps, &["list"], &[]) else {
        return;
    };
    assert_eq!(r["code"], 0, "{r:#}");
    let status = env.fob().args(["status", "--json"]).output().unwrap();
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["failed_unlocks_last_24h"], 1, "{status:#}");
    let three_wrong = serde_json::json!([
        ["expect", "Vault passphrase"],
        ["hidden"],
        ["send", "no 1\r"],
        ["expect", "try again"],
        ["hidden"],
        ["send", "no 2\r"],
        ["expect", "try again"],
        ["hidden"],
        ["send", "no 3\r"],
        ["expect", "fob: "]
    ]);
    let Some(r) = drive(&env, &three_wrong, &["list"], &[]) else {
        return;
    };
    assert_eq!(r["code"], 4, "{r:#}");
}
