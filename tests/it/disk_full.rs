//! A vault on a full filesystem (issue 7): a save that cannot be written leaves the old vault byte for
//! byte, leaves no temporary file behind, and says "No space left on device". Needs a small tmpfs, so
//! root; the test says when it skips.

use crate::support;

use std::io::Write;

use predicates::str::contains;
use support::TestEnv;

/// Unmounts the test's tmpfs however the test ends.
struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the filesystem holding `dir` with one file, until a write fails for lack of space.
fn fill(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let chunk = vec![0u8; 512];
    loop {
        match file.write_all(&chunk).and_then(|()| file.sync_all()) {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
            Err(e) => panic!("filling the tmpfs: {e}"),
        }
    }
    path
}

fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_disk_leaves_the_old_vault_and_says_so() {
    let env = TestEnv::new();
    let dir = env.path("vault");
    std::fs::create_dir_all(&dir).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs"])
        .arg(&dir)
        .output();
    if !mounted.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    let _unmount = Mount(dir.clone());
    env.fob().arg("init").assert().success();
    for name in ["a", "b", "c"] {
        env.add(name, &[]);
    }
    let before = env.vault_bytes();
    let generations = listing(&env.path("vault/vault.age.generations"));
    let filler = fill(&dir);

    for args in [
        &["add", "d"][..],
        &["rm", "a", "--yes"],
        &["rename", "b", "B"],
    ] {
        env.fob()
            .args(args)
            .write_stdin(support::RFC_SECRET)
            .assert()
            .code(1)
            .stderr(contains("No space left on device"));
        assert_eq!(env.vault_bytes(), before, "{args:?} left the old vault");
        let temps: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".fob-"))
            .collect();
        assert!(temps.is_empty(), "no temporary file is left: {temps:?}");
        assert_eq!(
            listing(&env.path("vault/vault.age.generations")),
            generations,
            "a failed save keeps no generation (it would push real history out)"
        );
    }
    let accounts = |env: &TestEnv| -> Vec<String> {
        env.decrypt()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["account"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(accounts(&env), ["a", "b", "c"]);

    // With space again, the same command works.
    std::fs::remove_file(filler).unwrap();
    env.add("d", &[]);
    assert_eq!(accounts(&env), ["a", "b", "c", "d"]);
}
