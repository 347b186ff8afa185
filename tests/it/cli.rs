//! Scripting and terminal habits (issue 6): completions in a real bash, man pages through a linter, the
//! name cache behind completion, stdout/stderr separation, `--json` of import, `--fresh`, `--copy`,
//! colour, and the clock check.

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use support::{PASSPHRASE, RFC_SECRET, TestEnv, stderr, stdout};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `script` in `bash --norc --noprofile` with completions/fob.bash sourced and the test binary
/// first on PATH; `None` when bash is missing.
fn bash(env: &TestEnv, script: &str) -> Option<String> {
    if !have("bash") {
        support::missing("bash");
        return None;
    }
    let bin = Path::new(assert_cmd::cargo::cargo_bin!("fob"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c"])
        .arg(format!("source {ROOT}/completions/fob.bash\n{script}"))
        .env("PATH", path)
        .env("HOME", env.path("home"))
        .env_remove("XDG_CACHE_HOME")
        .env("FOB_VAULT", env.vault())
        .env_remove("FOB_PASSPHRASE")
        .output()
        .unwrap();
    assert!(out.status.success(), "bash failed: {}", stderr(&out));
    Some(stdout(&out))
}

/// Completes the command line `line` (cursor at its end) as bash would call the completion function.
fn complete(env: &TestEnv, line: &str) -> Option<Vec<String>> {
    let script = format!(
        r#"line='{line}'
read -r -a COMP_WORDS <<< "$line"
[[ $line == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))
COMP_LINE="$line"
COMP_POINT=${{#line}}
func=$(complete -p fob | sed -E 's/.*-F ([^ ]+).*/\1/')
"$func" fob "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#
    );
    bash(env, &script).map(|out| {
        out.lines()
            .map(str::to_owned)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

#[test]
fn bash_completes_subcommands_and_entry_names_without_unlocking() {
    let env = TestEnv::with_vault();
    let Some(words) = complete(&env, "fob co") else {
        return;
    };
    assert!(words.contains(&"code".to_owned()), "{words:?}");
    assert!(words.contains(&"completions".to_owned()), "{words:?}");
    let words = complete(&env, "fob --quiet st").unwrap();
    assert_eq!(words, ["status"]);

    env.add("GitHub:alice", &[]);
    env.add("Example Corp:bob", &[]);
    // The passphrase is not in the completion's environment: names come from the cache.
    let words = complete(&env, "fob code Gi").unwrap();
    assert_eq!(words, ["GitHub:alice"]);
    let words = complete(&env, "fob rm Ex").unwrap();
    assert_eq!(words, ["Example\\ Corp:bob"]);
    let words = complete(&env, "fob code ").unwrap();
    assert_eq!(words.len(), 2, "{words:?}");
    // After the first argument, and for commands without a QUERY, names are not offered; `list QUERY`
    // takes one (issue 17).
    let words = complete(&env, "fob code github --").unwrap();
    assert!(words.contains(&"--json".to_owned()), "{words:?}");
    assert!(
        complete(&env, "fob list Gi")
            .unwrap()
            .contains(&"GitHub:alice".to_owned())
    );
    assert!(
        !complete(&env, "fob passwd Gi")
            .unwrap()
            .contains(&"GitHub:alice".to_owned())
    );
}

#[test]
fn man_pages_render_without_warnings() {
    let lint: Vec<&str> = if have("groff") {
        vec!["groff", "-man", "-Tutf8", "-ww", "-z"]
    } else if have("mandoc") {
        vec!["mandoc", "-T", "lint", "-W", "warning"]
    } else {
        support::missing("groff or mandoc (apt-get install groff-base)");
        return;
    };
    let mut pages: Vec<_> = std::fs::read_dir(format!("{ROOT}/man"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert!(pages.len() > 10, "{pages:?}");
    for page in pages {
        let out = Command::new(lint[0])
            .args(&lint[1..])
            .arg(&page)
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{} {}: {}{}",
            lint.join(" "),
            page.display(),
            stdout(&out),
            stderr(&out)
        );
    }
    if have("man") {
        let out = Command::new("man")
            .args(["-l", &format!("{ROOT}/man/fob.1")])
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .output()
            .unwrap();
        let text = stdout(&out);
        for section in [
            "ENVIRONMENT",
            "FILES",
            "EXIT STATUS",
            "EXAMPLES",
            "FOB_PASSPHRASE_COMMAND",
        ] {
            assert!(text.contains(section), "man -l man/fob.1 lacks {section}");
        }
    }
}

#[test]
fn completions_subcommand_prints_the_committed_scripts() {
    let env = TestEnv::new();
    for (shell, file) in [
        ("bash", "fob.bash"),
        ("zsh", "_fob"),
        ("fish", "fob.fish"),
        ("elvish", "fob.elv"),
        ("powershell", "_fob.ps1"),
    ] {
        let out = env.bare().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        assert!(out.stderr.is_empty());
        assert_eq!(
            out.stdout,
            std::fs::read(format!("{ROOT}/completions/{file}")).unwrap(),
            "{shell}"
        );
    }
    env.bare().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_name_cache_holds_names_only_and_can_be_turned_off() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let names = env.without_passphrase().arg("__names").output().unwrap();
    assert_eq!(stdout(&names), "GitHub:alice\n");
    let dir = env.path("home/.cache/fob/names");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let meta = std::fs::metadata(&files[0]).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert_eq!(text, "GitHub:alice\n");
    assert!(!text.contains(RFC_SECRET));
    // A rename is seen at once; turning the cache off removes it.
    env.fob()
        .args(["rename", "github", "GitHub:bob"])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), "GitHub:bob\n");
    env.fob()
        .env("FOB_NAME_CACHE", "0")
        .arg("list")
        .assert()
        .success();
    assert!(!files[0].exists());
    let names = env.without_passphrase().arg("__names").output().unwrap();
    assert!(names.status.success() && names.stdout.is_empty());
    // The config key does the same.
    std::fs::create_dir_all(env.path("home/.config/fob")).unwrap();
    std::fs::write(
        env.path("home/.config/fob/config.toml"),
        "name_cache = false\n",
    )
    .unwrap();
    env.fob().arg("list").assert().success();
    assert!(!files[0].exists());
}

#[test]
fn stdout_carries_the_code_alone_and_quiet_silences_talk() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let out = env
        .fob()
        .args(["code", "github", "--at", "59"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stdout(&out), "287082\n");
    let out = env.fob().args(["code", "github"]).output().unwrap();
    assert!(out.status.success());
    let code = stdout(&out);
    assert!(
        code.len() == 7 && code[..6].bytes().all(|b| b.is_ascii_digit()),
        "{code:?}"
    );
    // Whatever the clock says, --quiet leaves stderr empty.
    let out = env
        .fob()
        .args(["--quiet", "code", "github"])
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let out = env
        .fob()
        .args(["add", "Other:x", "--quiet"])
        .write_stdin(RFC_SECRET)
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
        "{}",
        stderr(&out)
    );
    // Talk goes to stderr, never stdout.
    let out = env.fob().args(["rm", "other", "--yes"]).output().unwrap();
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("removed Other:x"));
}

/// --vault, --identity and --quiet go before or after a command's name, nested ones included; typed
/// after the name wins, and anything typed beats `FOB_VAULT`.
#[test]
fn common_options_work_on_either_side_of_the_command() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let other = env.path("other.age");
    let other = other.to_str().unwrap();
    env.fob()
        .args(["init", "--vault", other])
        .assert()
        .success();
    let add_other = env
        .fob()
        .args(["add", "Other:bob", "--vault", other])
        .write_stdin(RFC_SECRET)
        .output()
        .unwrap();
    assert!(add_other.status.success(), "{}", stderr(&add_other));
    let finds = |args: &[&str], query: &str| {
        let out = env
            .fob()
            .args(args)
            .args(["--at", "59", query])
            .output()
            .unwrap();
        out.status.success() && stdout(&out) == "287082\n"
    };
    // FOB_VAULT (set by env.fob()) names the first vault.
    assert!(finds(&["code"], "alice"));
    assert!(!finds(&["code"], "bob"));
    assert!(finds(&["--vault", other, "code"], "bob"));
    assert!(finds(&["code", "--vault", other], "bob"));
    let vault = env.vault();
    let vault = vault.to_str().unwrap();
    assert!(finds(
        &["--vault", other, "code", "--vault", vault],
        "alice"
    ));
    assert!(finds(&["--vault", vault, "code", "--vault", other], "bob"));
    // Nested commands and commands with no arguments of their own take them too.
    let out = env
        .fob()
        .args(["backup", "verify", "--vault", other, vault, "--json"])
        .env("FOB_BACKUP_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["only_in_vault"], json!(["Other:bob"]), "{report}");
    let out = env
        .fob()
        .args(["lock", "--vault", other, "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_codes_for_no_match_unlock_and_usage() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let out = env.fob().args(["code", "nothing"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let out = env
        .fob()
        .env("FOB_PASSPHRASE", "wrong")
        .args(["code", "github"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(out.stdout.is_empty());
    for args in [
        &["code", "github", "--fresh", "5", "--at", "59"][..],
        &["code", "--fresh", "5"],
        &["code", "github", "--copy", "--json"],
        &["code", "github", "--clear-after", "5"],
    ] {
        let out = env.fob().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn import_json_says_what_was_and_would_be_done() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let list = env.path("list.txt");
    std::fs::write(
        &list,
        format!(
            "otpauth://totp/GitHub:alice?secret={RFC_SECRET}\notpauth://totp/New:one?secret=JBSWY3DPEHPK3PXP&period=60\n"
        ),
    )
    .unwrap();
    let out = env
        .fob()
        .args(["import", "--dry-run", "--json"])
        .arg(&list)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["written"], false);
    assert_eq!(v["added"][0]["name"], "New:one");
    assert!(v["added"][0]["settings"].is_string());
    assert_eq!(v["skipped"], json!(["GitHub:alice"]));
    assert_eq!(v["replaced"], json!([]));
    assert_eq!(v["conflicts"], json!([]));
    assert!(
        stderr(&out).contains("would add New:one"),
        "human talk stays on stderr"
    );

    let out = env
        .fob()
        .args(["import", "--json"])
        .arg(&list)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["dry_run"].clone(), v["written"].clone()),
        (json!(false), json!(true))
    );

    std::fs::write(
        &list,
        "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\n",
    )
    .unwrap();
    let out = env
        .fob()
        .args(["import", "--json"])
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["conflicts"], json!(["GitHub:alice"]));
    assert_eq!(v["written"], false);
}

#[test]
fn status_json_reports_the_clock() {
    let env = TestEnv::with_vault();
    let out = env
        .fob()
        .env_remove("FOB_CLOCK_CHECK")
        .args(["status", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["clock_synchronised"].is_boolean() || v["clock_synchronised"].is_null());
    let out = env
        .fob()
        .env("FOB_CLOCK_CHECK", "0")
        .args(["status", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["clock_synchronised"], Value::Null);
    let out = env
        .fob()
        .env("FOB_CLOCK_CHECK", "0")
        .arg("status")
        .output()
        .unwrap();
    assert!(stdout(&out).contains("clock:        not checked"));
}

#[test]
fn the_clock_warning_is_said_at_most_once_and_only_on_stderr() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let out = env
        .fob()
        .env_remove("FOB_CLOCK_CHECK")
        .args(["code", "github"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).matches("not synchronised").count() <= 1);
    assert!(!stdout(&out).contains("synchronised"));
    let out = env
        .fob()
        .env("FOB_CLOCK_CHECK", "0")
        .args(["code", "github"])
        .output()
        .unwrap();
    assert!(!stderr(&out).contains("synchronised"));
}

/// The code of `at` for the entry `query`, through `fob code --at`.
fn code_at(env: &TestEnv, query: &str, at: u64) -> String {
    let out = env
        .fob()
        .args(["code", query, "--at", &at.to_string()])
        .output()
        .unwrap();
    stdout(&out).trim().to_owned()
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn fresh_waits_for_the_next_period() {
    let env = TestEnv::with_vault();
    env.add("Fast:six", &["--period", "6"]);
    // Started with 3 or 4 of the 6 seconds left, `--fresh 5` waits for the next code.
    let before = support::when_seconds_left(6, 3..=4);
    let out = env
        .fob()
        .args(["code", "fast", "--fresh", "5"])
        .output()
        .unwrap();
    let after = unix_now();
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out).trim().to_owned();
    let first_next = before - before % 6 + 6;
    let candidates: Vec<String> = (first_next..=after)
        .step_by(6)
        .map(|t| code_at(&env, "fast", t))
        .collect();
    assert!(
        candidates.contains(&printed),
        "{printed} not among the next periods' codes {candidates:?}"
    );
    assert_ne!(
        printed,
        code_at(&env, "fast", before),
        "not the code of the period it started in"
    );
    // No countdown when stderr is not a terminal.
    assert!(!stderr(&out).contains("next code in"));
    // 0 seconds never waits, whatever the time.
    let out = env
        .fob()
        .args(["code", "fast", "--fresh", "0"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn copy_without_a_clipboard_is_a_clear_error() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let out = env
        .fob()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .args(["code", "github", "--copy"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("no clipboard"), "{}", stderr(&out));
}

/// A fake `wl-copy`/`wl-paste` pair over a file: the boundary fob talks to.
fn fake_wayland(env: &TestEnv) -> (String, std::path::PathBuf) {
    let bin = env.path("fakebin");
    std::fs::create_dir_all(&bin).unwrap();
    let clip = env.path("clipboard");
    let pasted = env.path("pasted");
    let scripts = [
        (
            "wl-copy",
            format!(
                "#!/bin/sh\nif [ \"$1\" = --clear ]; then rm -f '{c}'; echo cleared > '{c}.cleared'; exit 0; fi\ncat > '{c}'\n",
                c = clip.display()
            ),
        ),
        (
            "wl-paste",
            format!(
                "#!/bin/sh\ncat '{c}' 2>/dev/null; echo > '{p}'\n",
                c = clip.display(),
                p = pasted.display()
            ),
        ),
    ];
    for (name, text) in scripts {
        let path = bin.join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (path, clip)
}

/// Waits for `path` to appear: on the detached clearer, not on a guessed time.
fn wait_for(path: &Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !path.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn copy_puts_the_code_on_the_clipboard_and_clears_it_only_if_unchanged() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let (path, clip) = fake_wayland(&env);
    let run = || {
        env.fob()
            .env("PATH", &path)
            .env("WAYLAND_DISPLAY", "wayland-test")
            .args(["code", "github", "--copy", "--clear-after", "1"])
            .output()
            .unwrap()
    };
    let out = run();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "the code goes to the clipboard, not stdout"
    );
    assert!(stderr(&out).contains("copied the code of GitHub:alice"));
    let code = std::fs::read_to_string(&clip).unwrap();
    assert_eq!(code.len(), 6, "{code:?}");
    wait_for(&env.path("clipboard.cleared"));
    assert!(!clip.exists(), "cleared because it still held the code");

    // Something else copied meanwhile: left alone.
    std::fs::remove_file(env.path("clipboard.cleared")).unwrap();
    let _ = std::fs::remove_file(env.path("pasted"));
    let out = env
        .fob()
        .env("PATH", &path)
        .env("WAYLAND_DISPLAY", "wayland-test")
        .args(["code", "github", "--copy", "--clear-after", "2"])
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(&clip, "something else").unwrap();
    wait_for(&env.path("pasted"));
    assert_eq!(std::fs::read_to_string(&clip).unwrap(), "something else");
    assert!(!env.path("clipboard.cleared").exists());
}

#[test]
fn piped_output_has_no_colour() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let out = env.fob().args(["code"]).output().unwrap();
    assert!(!stdout(&out).contains('\x1b'));
    assert!(!stderr(&out).contains('\x1b'));
}

#[test]
fn every_subcommand_help_has_a_summary_and_an_example() {
    let env = TestEnv::new();
    for sub in [
        "init",
        "add",
        "import",
        "list",
        "code",
        "show",
        "export",
        "rename",
        "rm",
        "passwd",
        "backup",
        "restore",
        "status",
        "completions",
    ] {
        let out = env.bare().args([sub, "--help"]).output().unwrap();
        assert!(out.status.success());
        let text = stdout(&out);
        assert!(
            !text.lines().next().unwrap_or("").is_empty(),
            "{sub}: no summary"
        );
        assert!(text.contains("Example"), "{sub} --help has no example");
    }
}

// issue 17: `fob | cat` prints the codes table for scripts, not "no command given".
#[test]
fn r17_fob_alone_off_a_terminal_prints_the_codes_table() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let out = env.fob().output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("NAME"), "{text}");
    assert!(text.contains("GitHub:alice"), "{text}");
}

// issue 17: a folder given as the vault is named as a folder, with no chmod or "already exists" advice.
#[test]
fn r17_a_folder_given_as_the_vault_is_named_as_a_folder() {
    let env = TestEnv::with_vault();
    let folder = env.path("folder");
    std::fs::create_dir_all(&folder).unwrap();
    let want = format!(
        "is a folder: give a file such as {}/vault.age",
        folder.display()
    );
    for args in [
        &["init"][..],
        &["list"],
        &["code"],
        &["add", "x"],
        &["status"],
    ] {
        for by_env in [false, true] {
            let mut cmd = env.bare();
            if by_env {
                cmd.env("FOB_VAULT", &folder);
            } else {
                cmd.arg("--vault").arg(&folder);
            }
            let out = cmd
                .env("FOB_PASSPHRASE", PASSPHRASE)
                .args(args)
                .write_stdin(RFC_SECRET)
                .output()
                .unwrap();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(err.contains(&want), "{args:?}: {err}");
            assert!(
                !err.contains("chmod") && !err.contains("already exists"),
                "{err}"
            );
        }
    }
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

// issue 17: --fresh N is for a part of the period; a whole period or more is a usage error.
#[test]
fn r17_fresh_not_below_the_period_is_a_usage_error() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    for n in ["30", "31"] {
        env.fob()
            .args(["code", "GitHub", "--fresh", n])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "--fresh {n}: must be below the entry's period of 30 s"
            )));
    }
}

// issue 17: `fob code` on an empty vault says so, as `fob list` does.
#[test]
fn r17_code_on_an_empty_vault_says_the_vault_is_empty() {
    let env = TestEnv::with_vault();
    let out = env.fob().arg("code").output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("the vault is empty"),
        "{}",
        stderr(&out)
    );
}

// issue 17: typos never suggest internal commands; `ls` and `remove` are aliases; `list QUERY` filters.
#[test]
fn r17_typos_aliases_and_list_query() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add("Bank:me", &[]);
    for typo in ["delete", "generat", "agen", "__name", "merge-drive"] {
        let out = env.fob().arg(typo).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{typo}");
        let err = stderr(&out);
        for internal in [
            "generate",
            "'agent'",
            "__names",
            "merge-driver",
            "__textconv",
        ] {
            assert!(
                !err.contains(internal),
                "{typo} suggested {internal}: {err}"
            );
        }
    }
    let listed = env.fob().args(["ls", "git"]).output().unwrap();
    assert!(listed.status.success(), "{}", stderr(&listed));
    let listed = stdout(&listed);
    assert!(
        listed.contains("GitHub:alice") && !listed.contains("Bank:me"),
        "{listed}"
    );
    env.fob()
        .args(["list", "nothing-like-it"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("no entry matches"));
    env.fob()
        .args(["remove", "Bank", "--yes"])
        .assert()
        .success();
    let listed = stdout(&env.fob().arg("list").output().unwrap());
    assert!(!listed.contains("Bank:me"), "{listed}");
}

// issue 17: an otpauth URI where `fob add` wants the secret brings its settings, as `pass otp insert`
// does; a bad secret names the character and its position, or the length, never the secret.
#[test]
fn r17_add_takes_a_pasted_uri_and_names_what_is_wrong_with_a_secret() {
    let env = TestEnv::with_vault();
    env.fob()
        .args(["add", "Work:me"])
        .write_stdin(format!(
            "otpauth://totp/Other:x?secret={RFC_SECRET}&algorithm=SHA256&digits=8&period=60\n"
        ))
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "added Work:me (totp, SHA256, 8 digits, every 60 s)",
        ));
    let doc = env.decrypt();
    assert_eq!(doc["entries"][0]["issuer"], "Work", "{doc:#}");
    assert_eq!(doc["entries"][0]["account"], "me", "{doc:#}");
    let before = env.vault_bytes();
    for (secret, want) in [
        (
            "JBSWY3DP!HPK3PXP",
            "character 9 of the secret, '!', is not base32",
        ),
        ("JBSWY3DPEHPK3P", "the secret has 14 characters"),
    ] {
        let out = env
            .fob()
            .args(["add", "Bad:one"])
            .write_stdin(secret)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.contains(want), "{err}");
        assert!(!err.contains("JBSW"), "the secret is never echoed: {err}");
    }
    assert_eq!(env.vault_bytes(), before);
}

// issue 17: `fob --help`'s footer has no stray short line where two wrappings disagreed.
#[test]
fn r17_help_footer_paragraphs_wrap_cleanly() {
    let out = TestEnv::new().bare().arg("--help").output().unwrap();
    let help = stdout(&out);
    let footer = &help[help.find("Passphrase sources").expect("the footer")..];
    for paragraph in footer.split("\n\n") {
        let lines: Vec<&str> = paragraph.lines().collect();
        if paragraph.starts_with("Exit status") {
            continue;
        }
        for line in &lines[..lines.len().saturating_sub(1)] {
            assert!(
                line.len() > 60,
                "a stray line break before {line:?}:\n{paragraph}"
            );
        }
    }
}

// issue 17: `fob status` of a locked vault shows what it can without a passphrase.
#[test]
fn r17_status_works_without_a_passphrase() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    let out = env.without_passphrase().arg("status").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("vault:        {}", env.vault().display())),
        "{text}"
    );
    assert!(text.contains("locked with:  a passphrase"), "{text}");
    assert!(text.contains("unlocked:     no"), "{text}");
    assert!(
        text.contains("entries and backups: shown once unlocked"),
        "{text}"
    );
    assert!(text.contains("clock:"), "{text}");
    let out = env
        .without_passphrase()
        .args(["status", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["unlocked"], false, "{v:#}");
    assert_eq!(v["lock"], "passphrase");
    assert_eq!(v["entries"], Value::Null);
    // With the passphrase at hand, everything.
    let out = env.fob().args(["status", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["entries"], 1);
    assert_eq!(v["unlocked"], true);
}

// issue 17: times for people are local (TZ) and to the second; JSON times are UTC RFC 3339 to the second.
#[test]
fn r17_times_are_local_for_people_and_utc_in_json() {
    let env = TestEnv::with_vault();
    env.add("a", &[]);
    std::fs::create_dir_all(env.path("usb")).unwrap();
    env.fob()
        .args(["backup", "usb"])
        .env("FOB_BACKUP_PASSPHRASE", "backup pass")
        .assert()
        .success();
    let out = env.fob().env("TZ", "XYZ-9").arg("status").output().unwrap();
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.starts_with("last backup:"))
        .unwrap()
        .to_owned();
    // `last backup:  2026-11-30 11:35:07 XYZ to ...`
    let when: Vec<&str> = line.split_whitespace().skip(2).take(3).collect();
    assert_eq!(when[2], "XYZ", "{line}");
    assert_eq!(when[1].len(), 8, "to the second: {line}");
    let json = env
        .fob()
        .env("TZ", "XYZ-9")
        .args(["status", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let time = v["last_backup"]["time"].as_str().unwrap();
    assert_eq!(time.len(), "2026-11-30T02:35:07Z".len(), "{time}");
    assert!(time.ends_with('Z'), "{time}");
    let utc: jiff::Timestamp = time.parse().unwrap();
    let local_hour: i64 = when[1][..2].parse().unwrap();
    let utc_hour = i64::from(utc.to_zoned(jiff::tz::TimeZone::UTC).hour());
    assert_eq!((utc_hour + 9) % 24, local_hour, "{line} vs {time}");
}

// issue 17: columns line up by display width (CJK and emoji take two columns).
#[test]
fn r17_tables_line_up_wide_characters() {
    let env = TestEnv::with_vault();
    env.add("東京:太郎", &[]);
    env.add("ab", &[]);
    env.add("🔑:key", &[]);
    for args in [&["list"][..], &["code"]] {
        let out = env.fob().args(args).output().unwrap();
        let text = stdout(&out);
        let second_column: Vec<usize> = text
            .lines()
            .map(|line| {
                let at = line.find("  ").unwrap();
                let name = &line[..at];
                let rest = line[at..].trim_start();
                let name_width: usize =
                    name.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
                name_width + (line.len() - at - rest.len())
            })
            .collect();
        assert!(
            second_column.windows(2).all(|w| w[0] == w[1]),
            "{args:?}: {second_column:?}\n{text}"
        );
    }
}

// issue 17: `export --qr` file names keep every letter of the name; only `/`, NUL and leading dots are
// replaced, and two entries never overwrite each other.
#[test]
fn r17_export_qr_file_names_keep_unicode() {
    let env = TestEnv::with_vault();
    for name in ["日本:太郎", "Ünïcødé Bank:me", "A/B", "A_B", ".hidden"] {
        env.add(name, &[]);
    }
    env.fob()
        .args(["export", "--qr"])
        .arg(env.path("qr"))
        .assert()
        .success();
    let mut files: Vec<String> = std::fs::read_dir(env.path("qr"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut want = vec![
        "_hidden.png",
        "A_B.png",
        "A_B-2.png",
        "Ünïcødé Bank_me.png",
        "日本_太郎.png",
    ];
    want.sort_unstable();
    assert_eq!(files, want);
}
