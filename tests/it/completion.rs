//! Shell completion in the real shells (issue 17): entry names with spaces complete (`fob code Demo B<TAB>`),
//! and fob's internal commands are never offered. The shells are installed by `.ci/run`; without one, the
//! test says it skipped, and fails instead when `CI` is set.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::TestEnv;

/// The shell's output, or `None` (skipped) when it is not installed outside CI.
fn run_shell(shell: &str, script: &str, env: &TestEnv) -> Option<String> {
    let fob_dir = Path::new(assert_cmd::cargo::cargo_bin!("fob"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        fob_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = match Command::new(shell)
        .arg("-c")
        .arg(script)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PATH", path)
        .env("HOME", env.path("home"))
        .env("XDG_CACHE_HOME", env.path("home/.cache"))
        .env("FOB_VAULT", env.vault())
        .output()
    {
        Ok(out) => out,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: {shell} is not installed (.ci/run installs it)");
            return None;
        }
        Err(e) => panic!("{shell} is needed in CI: {e}"),
    };
    assert!(
        out.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

/// A vault whose name cache holds names with spaces.
fn vault_with_spaces() -> TestEnv {
    let env = TestEnv::with_vault();
    for name in ["Demo Bank:me", "Demo Shop:you", "GitHub:alice"] {
        env.fob()
            .env("XDG_CACHE_HOME", env.path("home/.cache"))
            .args(["add", name])
            .write_stdin(support::RFC_SECRET)
            .assert()
            .success();
    }
    env
}

const INTERNAL: &[&str] = &["agent", "generate", "__names", "merge-driver", "__textconv"];

#[test]
fn r17_bash_completes_names_with_spaces_and_no_internal_commands() {
    let env = vault_with_spaces();
    let script = r#"
source completions/fob.bash
complete_line() {
    COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
    read -r -a COMP_WORDS <<< "$COMP_LINE"
    [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _fob_names_or_default fob "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\n' "${COMPREPLY[@]}"
    echo --
}
complete_line 'fob code Demo B'
complete_line 'fob code Dem'
complete_line 'fob '
complete_line 'fob del'
"#;
    let Some(out) = run_shell("bash", script, &env) else {
        return;
    };
    let parts: Vec<&str> = out.split("--\n").collect();
    assert_eq!(parts[0], "Bank:me\n", "{out}");
    assert!(
        parts[1].contains("Demo\\ Bank:me") && parts[1].contains("Demo\\ Shop:you"),
        "{out}"
    );
    let commands: Vec<&str> = parts[2].lines().collect();
    assert!(
        commands.contains(&"code") && commands.contains(&"ls"),
        "{out}"
    );
    for internal in INTERNAL {
        assert!(!commands.contains(internal), "offered {internal}: {out}");
    }
    assert!(parts[3].trim().is_empty(), "{out}");
}

#[test]
fn r17_fish_completes_names_with_spaces_and_no_internal_commands() {
    let env = vault_with_spaces();
    let script = r"
source completions/fob.fish
complete -C 'fob code Demo B'
echo ==
complete -C 'fob '
";
    let Some(out) = run_shell("fish", script, &env) else {
        return;
    };
    let parts: Vec<&str> = out.split("==\n").collect();
    let names: Vec<&str> = parts[0]
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(names, ["Bank:me"], "{out}");
    let commands: Vec<&str> = parts[1]
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert!(commands.contains(&"code"), "{out}");
    for internal in INTERNAL {
        assert!(!commands.contains(internal), "offered {internal}: {out}");
    }
}

#[test]
fn r17_zsh_loads_the_script_and_offers_no_internal_commands() {
    let env = vault_with_spaces();
    let script = r"
autoload -U compinit && compinit -u -D
source completions/_fob
print -l ${(k)functions[(I)_fob*]}
print -r -- $functions[_fob_commands]
";
    let Some(out) = run_shell("zsh", script, &env) else {
        return;
    };
    assert!(out.contains("_fob_entry_names"), "{out}");
    assert!(out.contains("'code:"), "{out}");
    for internal in INTERNAL {
        assert!(
            !out.contains(&format!("'{internal}:")),
            "offered {internal}: {out}"
        );
    }
}
