//! Several fob processes on one vault at once (issue 7): the lock around every read-modify-write means
//! no successful change is lost, and an HOTP counter never goes backwards or hands out a code twice.

use crate::support;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Child, Command, Stdio};

use support::{PASSPHRASE, RFC_SECRET, TestEnv};

/// RFC 4226 appendix D: the HOTP codes of "12345678901234567890" for counters 0 to 9.
const RFC4226: [&str; 10] = [
    "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
    "520489",
];

/// Starts `fob ARGS` on the sandbox's vault without waiting, `stdin` written and closed.
fn start(env: &TestEnv, args: &[&str], stdin: &str) -> Child {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("fob"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.path("home"))
        .env("FOB_VAULT", env.vault())
        .env("FOB_PASSPHRASE", PASSPHRASE)
        .env("FOB_WORK_FACTOR", "4")
        .env("FOB_CLOCK_CHECK", "0")
        .env("FOB_NO_BACKUP_REMINDER", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("fob starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child
}

/// Waits for each child: (succeeded, stdout, stderr). A failure must be a clean exit 1 with a message.
fn finish(children: Vec<Child>) -> Vec<(bool, String, String)> {
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            if !out.status.success() {
                assert_eq!(out.status.code(), Some(1), "a clean failure: {stderr}");
                assert!(stderr.starts_with("fob: "), "a failure says why: {stderr}");
            }
            (out.status.success(), stdout, stderr)
        })
        .collect()
}

fn accounts(env: &TestEnv) -> BTreeSet<String> {
    env.decrypt()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["account"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn eight_adds_at_once_all_land() {
    let env = TestEnv::with_vault();
    let names: Vec<String> = (0..8).map(|i| format!("site-{i}")).collect();
    let children = names
        .iter()
        .map(|n| start(&env, &["add", n], RFC_SECRET))
        .collect();
    let results = finish(children);
    let succeeded: BTreeSet<String> = names
        .iter()
        .zip(&results)
        .filter(|(_, r)| r.0)
        .map(|(n, _)| n.clone())
        .collect();
    // The lock makes the others wait rather than fail, so all eight succeed.
    assert_eq!(succeeded.len(), 8, "{results:?}");
    assert_eq!(
        accounts(&env),
        succeeded,
        "every successful add is in the vault"
    );
}

#[test]
fn hotp_codes_racing_adds_never_repeat_or_lose_a_count() {
    let env = TestEnv::with_vault();
    env.add("bank", &["--hotp"]);
    let codes = 6;
    let mut children = Vec::new();
    for i in 0..codes {
        children.push(start(&env, &["code", "bank"], ""));
        if i % 2 == 0 {
            children.push(start(&env, &["add", &format!("other-{i}")], RFC_SECRET));
        }
    }
    let results = finish(children);
    // Children were started code, add, code, code, add, ...: pick the code runs out again.
    let mut shown = Vec::new();
    let mut added = BTreeSet::from(["bank".to_owned()]);
    let mut k = 0;
    for i in 0..codes {
        let (ok, stdout, _) = &results[k];
        k += 1;
        if *ok {
            shown.push(stdout.trim().to_owned());
        }
        if i % 2 == 0 {
            if results[k].0 {
                added.insert(format!("other-{i}"));
            }
            k += 1;
        }
    }
    assert_eq!(shown.len(), codes, "every code run succeeds: {results:?}");
    let distinct: BTreeSet<&String> = shown.iter().collect();
    assert_eq!(
        distinct.len(),
        shown.len(),
        "no code shown twice: {shown:?}"
    );
    let want: BTreeSet<String> = RFC4226[..shown.len()]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let got: BTreeSet<String> = shown.iter().cloned().collect();
    assert_eq!(
        got,
        want,
        "the codes are those of counters 0..{}",
        shown.len()
    );
    let doc = env.decrypt();
    let bank = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["account"] == "bank")
        .unwrap()
        .clone();
    assert_eq!(
        bank["counter"],
        shown.len(),
        "the counter counts every code"
    );
    assert_eq!(
        accounts(&env),
        added,
        "every successful add is in the vault"
    );
}
