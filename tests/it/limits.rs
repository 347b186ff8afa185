//! Absurd sizes give a clear error or work within bounded memory (under 512 MB peak RSS), never an abort:
//! a 100 MB file to import, a URI with a 1 MB label, and a vault of 100,000 entries. (A 20000x20000 PNG
//! is refused from its header: `tests/it/import_qr.rs`.)

use crate::support;

use std::path::Path;
use std::process::Command;

use predicates::str::contains;
use support::TestEnv;

const MAX_RSS_KB: u64 = 512 * 1024;

/// Runs `cmd` under python3 and returns (exit code, peak RSS of the child in KiB), or `None` without python3.
fn peak_rss(cmd: &mut Command) -> Option<(i32, u64)> {
    let program = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(ToOwned::to_owned).collect();
    let script = "import resource,subprocess,sys\n\
                  r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
                  print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
    let mut py = Command::new("python3");
    py.arg("-c").arg(script).arg(program).args(args);
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => py.env(k, v),
            None => py.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        py.current_dir(dir);
    }
    let out = py.output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let mut parts = text.split_whitespace();
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn fob_command(env: &TestEnv, key: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("fob"));
    cmd.env("FOB_VAULT", env.vault())
        .env("FOB_IDENTITY", key)
        .env("FOB_NO_BACKUP_REMINDER", "1")
        .env("FOB_CLOCK_CHECK", "0");
    cmd.env_remove("FOB_PASSPHRASE").current_dir(env.dir.path());
    cmd
}

#[test]
fn a_100_mb_import_is_refused_quickly_in_bounded_memory() {
    let env = TestEnv::with_vault();
    let big = std::fs::File::create(env.path("big.txt")).unwrap();
    big.set_len(100 << 20).unwrap();
    let before = env.vault_bytes();
    env.fob()
        .args(["import", "big.txt"])
        .assert()
        .code(1)
        .stderr(contains("big.txt"));
    assert_eq!(env.vault_bytes(), before);
    let mut probe = Command::new(assert_cmd::cargo::cargo_bin!("fob"));
    probe
        .args(["import", "big.txt"])
        .env("FOB_VAULT", env.vault())
        .env("FOB_PASSPHRASE", support::PASSPHRASE)
        .current_dir(env.dir.path());
    match peak_rss(&mut probe) {
        Some((code, kb)) => {
            assert_eq!(code, 1);
            assert!(kb < MAX_RSS_KB, "peak RSS {kb} KiB");
            eprintln!("100 MB import refused with peak RSS {} MiB", kb / 1024);
        }
        None => support::missing("python3, for the memory measurement"),
    }
}

#[test]
fn a_uri_with_a_1_mb_label_is_refused_by_line() {
    let env = TestEnv::with_vault();
    let line = format!(
        "otpauth://totp/{}?secret=JBSWY3DPEHPK3PXP\n",
        "a".repeat(1 << 20)
    );
    std::fs::write(env.path("long.txt"), line).unwrap();
    env.fob()
        .args(["import", "long.txt"])
        .assert()
        .code(1)
        .stderr(contains("long.txt: line 1: the name is too long"));
}

#[test]
fn a_vault_of_100000_entries_works_in_bounded_memory() {
    let env = TestEnv::new();
    let key = age::x25519::Identity::generate();
    let key_file = env.path("key.txt");
    std::fs::write(
        &key_file,
        age::secrecy::ExposeSecret::expose_secret(&key.to_string()),
    )
    .unwrap();
    let recipient = key.to_public().to_string();
    assert!(
        fob_command(&env, &key_file)
            .args(["init", "--recipient", &recipient])
            .status()
            .unwrap()
            .success()
    );
    let mut list = String::with_capacity(100_000 * 100);
    for i in 0..100_000 {
        list.push_str(&format!(
            "otpauth://totp/Site{i:06}:user{i}?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n"
        ));
    }
    std::fs::write(env.path("many.txt"), list).unwrap();
    for args in [
        &["import", "many.txt"][..],
        &["code", "--json", "--at", "59"],
        &["add", "one-more"],
    ] {
        let mut cmd = fob_command(&env, &key_file);
        cmd.args(args);
        if args[0] == "add" {
            // add reads its secret from stdin; peak_rss passes no stdin, so use a file through sh.
            cmd = Command::new("sh");
            cmd.arg("-c").arg(format!(
                "printf JBSWY3DPEHPK3PXP | '{}' add one-more",
                assert_cmd::cargo::cargo_bin!("fob").display()
            ));
            cmd.env("FOB_VAULT", env.vault())
                .env("FOB_IDENTITY", &key_file)
                .env("FOB_NO_BACKUP_REMINDER", "1");
        }
        if let Some((code, kb)) = peak_rss(&mut cmd) {
            assert_eq!(code, 0, "{args:?}");
            assert!(kb < MAX_RSS_KB, "{args:?}: peak RSS {kb} KiB");
            eprintln!("100,000 entries, {args:?}: peak RSS {} MiB", kb / 1024);
        } else {
            assert!(cmd.status().unwrap().success());
            support::missing("python3, for the memory measurement");
        }
    }
    let out = fob_command(&env, &key_file)
        .args(["code", "--json", "--at", "59", "site099999"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["code"], "287082");
}
