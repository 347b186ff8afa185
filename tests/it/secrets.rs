//! No secret in any message: every error path these tests can reach is driven with a marker secret, and
//! neither stderr nor the non-revealing commands' stdout may contain it in any form (base32 in either
//! case, or the key bytes in hex).

use crate::support;

use support::{PASSPHRASE, TestEnv};

/// Valid base32 that cannot occur by chance in any message.
const MARKER: &str = "MARKERSECRETQQQQMARKERSECRETQQQQ";

fn forms() -> Vec<String> {
    let bytes = data_encoding::BASE32_NOPAD
        .decode(MARKER.as_bytes())
        .unwrap();
    vec![
        "MARKERSECRET".to_owned(),
        "markersecret".to_owned(),
        data_encoding::HEXLOWER.encode(&bytes[..8]),
    ]
}

fn assert_clean(what: &str, out: &std::process::Output, stdout_too: bool) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for form in forms() {
        assert!(
            !stderr.contains(&form),
            "{what}: stderr leaks the secret ({form}):\n{stderr}"
        );
        if stdout_too {
            assert!(
                !stdout.contains(&form),
                "{what}: stdout leaks the secret ({form}):\n{stdout}"
            );
        }
    }
}

/// Runs fob with `args`, `stdin` and extra variables, and asserts its output holds no form of the secret.
fn run_clean(
    env: &TestEnv,
    what: &str,
    args: &[&str],
    stdin: &str,
    vars: &[(&str, &str)],
    stdout_too: bool,
) -> std::process::Output {
    let mut cmd = env.fob();
    cmd.args(args).write_stdin(stdin.to_owned());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_clean(what, &out, stdout_too);
    out
}

#[test]
fn no_error_message_and_no_listing_contains_a_secret() {
    let env = TestEnv::with_vault();
    let run = |what: &str, args: &[&str], stdin: &str, vars: &[(&str, &str)], stdout_too: bool| {
        run_clean(&env, what, args, stdin, vars, stdout_too)
    };

    run("add", &["add", "Site:marked"], MARKER, &[], true);
    let bad_lines = format!(
        "otpauth://totp/Bad:one?secret={MARKER}1\n\
         otpauth://totp/Bad:two?secret={MARKER}&digits=12\n\
         otpauth://totp/Bad:three?secret={MARKER}&algorithm=MD5\n\
         otpauth://totp/Bad:four?secret={MARKER}&period=0\n\
         otpauth://motp/Bad:five?secret={MARKER}\n\
         otpauth://totp/?secret={MARKER}\n\
         otpauth-migration://offline?data={MARKER}\n\
         {MARKER}\n"
    );
    let out = run("bad import lines", &["import", "-"], &bad_lines, &[], true);
    assert_eq!(out.status.code(), Some(1));
    run(
        "bad import skipped",
        &["import", "-", "--skip-invalid"],
        &bad_lines,
        &[],
        true,
    );
    run(
        "bad secret",
        &["add", "x"],
        &format!("{MARKER}0189"),
        &[],
        true,
    );
    run("duplicate", &["add", "Site:marked"], MARKER, &[], true);
    let conflict = "otpauth://totp/Site:marked?secret=JBSWY3DPEHPK3PXP\n";
    run("conflict", &["import", "-"], conflict, &[], true);
    run(
        "wrong passphrase",
        &["code"],
        "",
        &[("FOB_PASSPHRASE", "wrong")],
        true,
    );
    run("uri to a pipe", &["show", "marked", "--uri"], "", &[], true);
    for listing in [
        &["list"][..],
        &["list", "--json"],
        &["code"],
        &["code", "--json"],
        &["status"],
        &["status", "--json"],
        &["show", "marked"],
    ] {
        let out = run("listing", listing, "", &[], true);
        assert!(out.status.success(), "{listing:?}");
    }
    // The revealing command does reveal: the marker really is in the vault.
    let out = env
        .fob()
        .args(["show", "marked", "--uri", "--force"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(MARKER));
}

#[test]
fn damaged_vaults_and_backups_are_reported_without_their_secrets() {
    let env = TestEnv::with_vault();
    let run = |what: &str, args: &[&str], stdin: &str, vars: &[(&str, &str)], stdout_too: bool| {
        run_clean(&env, what, args, stdin, vars, stdout_too)
    };

    run("add", &["add", "Site:marked"], MARKER, &[], true);
    std::fs::create_dir_all(env.path("usb")).unwrap();
    run(
        "backup",
        &["backup", "usb"],
        "",
        &[("FOB_BACKUP_PASSPHRASE", "other")],
        true,
    );
    let backup = std::fs::read_dir(env.path("usb"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let backup = backup.to_str().unwrap();
    run(
        "backup wrong passphrase",
        &["backup", "verify", backup],
        "",
        &[("FOB_BACKUP_PASSPHRASE", "x")],
        true,
    );
    let good = env.vault_bytes();
    std::fs::write(env.vault(), &good[..good.len() - 7]).unwrap();
    run("truncated vault", &["code"], "", &[], true);
    let mut r =
        age::scrypt::Recipient::new(age::secrecy::SecretString::from(PASSPHRASE.to_owned()));
    r.set_work_factor(4);
    let bad_doc = format!(
        r#"{{"format":"fob-vault","version":1,"lock":{{"type":"passphrase","work_factor":4}},
        "entries":[{{"id":"x","issuer":"","account":"a","secret":"{MARKER}","type":"totp","algorithm":"SHA1",
        "digits":"{MARKER}","period":30,"created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z"}}]}}"#
    );
    std::fs::write(env.vault(), age::encrypt(&r, bad_doc.as_bytes()).unwrap()).unwrap();
    let out = run("vault with a bad field", &["code"], "", &[], true);
    assert_eq!(out.status.code(), Some(1));
    let invalid = bad_doc.replace(&format!("\"digits\":\"{MARKER}\""), "\"digits\":9");
    std::fs::write(env.vault(), age::encrypt(&r, invalid.as_bytes()).unwrap()).unwrap();
    run("vault with an invalid entry", &["code"], "", &[], true);
    let bad_secret = bad_doc
        .replace(&format!("\"digits\":\"{MARKER}\""), "\"digits\":6")
        .replace(MARKER, &format!("{MARKER}!"));
    std::fs::write(
        env.vault(),
        age::encrypt(&r, bad_secret.as_bytes()).unwrap(),
    )
    .unwrap();
    run("vault with a bad secret", &["code"], "", &[], true);
}

/// The `FOB_*PASSPHRASE*` variables among `env`'s output.
fn passphrase_variables(env_output: &str) -> Vec<&str> {
    env_output
        .lines()
        .filter(|l| l.starts_with("FOB_") && l.split('=').next().unwrap().contains("PASSPHRASE"))
        .collect()
}

/// Issue 13: a `*_PASSPHRASE_COMMAND` saw every passphrase variable of fob's environment.
#[test]
fn r13_a_passphrase_command_gets_no_passphrase_variable() {
    let env = TestEnv::with_vault();
    let seen = env.path("command.env");
    env.fob()
        .env(
            "FOB_PASSPHRASE_COMMAND",
            format!("env > '{}'; echo '{PASSPHRASE}'", seen.display()),
        )
        .env("FOB_BACKUP_PASSPHRASE", "another secret")
        .arg("list")
        .assert()
        .success();
    let seen = std::fs::read_to_string(seen).unwrap();
    assert!(seen.contains("FOB_VAULT="), "it ran with fob's environment");
    assert_eq!(passphrase_variables(&seen), Vec::<&str>::new());
}

/// Issue 13: the clipboard tool and the shell that clears the clipboard later saw every passphrase
/// variable. A stand-in `xclip` writes down its environment: when copying, and when the clearing shell
/// asks what the clipboard holds (into a FIFO this test reads, so nothing sleeps here).
#[test]
fn r13_clipboard_helpers_get_no_passphrase_variable() {
    let env = TestEnv::with_vault();
    env.add("GitHub:me", &[]);
    let bin = env.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let copy_env = env.path("copy.env");
    let paste_env = env.path("paste.env");
    let status = std::process::Command::new("mkfifo")
        .arg(&paste_env)
        .status()
        .unwrap();
    assert!(status.success());
    let xclip = bin.join("xclip");
    std::fs::write(
        &xclip,
        format!(
            "#!/bin/sh\ncase \"$*\" in\n  *-o*) env > '{}'; printf other ;;\n  *) env > '{}'; cat > /dev/null ;;\nesac\n",
            paste_env.display(),
            copy_env.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&xclip, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (tx, rx) = std::sync::mpsc::channel();
    let fifo = paste_env.clone();
    std::thread::spawn(move || tx.send(std::fs::read_to_string(fifo).unwrap()));
    env.fob()
        .env("PATH", path)
        .env("DISPLAY", ":0")
        .env_remove("WAYLAND_DISPLAY")
        .env("FOB_BACKUP_PASSPHRASE", "another secret")
        .args(["code", "github", "--copy", "--clear-after", "1"])
        .assert()
        .success();
    let copied = std::fs::read_to_string(copy_env).unwrap();
    assert!(copied.contains("DISPLAY=:0"));
    assert_eq!(passphrase_variables(&copied), Vec::<&str>::new());
    let pasted = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the clearing shell asked the clipboard");
    assert!(pasted.contains("DISPLAY=:0"));
    assert_eq!(passphrase_variables(&pasted), Vec::<&str>::new());
}
