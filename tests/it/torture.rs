//! Crash safety under SIGKILL (issue 7): `fob add`, `fob rm` and `fob restore --replace` are killed at
//! pseudo-random moments of their run, hundreds of times, and after every kill the vault must decrypt,
//! parse, and hold exactly the state before or the state after the interrupted command.
//!
//! `FOB_TORTURE_ITERATIONS=N` sets the number of kills (default 300, a few seconds); `FOB_TORTURE_SEED`
//! replays a run (the seed is printed). The kill moment is a busy-wait to a random deadline between 0
//! and twice what an uninterrupted run of that command takes here, so kills land before,
//! during and after each write. No sleeps.

use crate::support;

use std::collections::BTreeSet;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{RFC_SECRET, TestEnv};

/// One entry as the torture test compares it: id, `issuer:account`, secret.
type Row = (String, String, String);
type State = BTreeSet<Row>;

/// xorshift64*: enough randomness for kill moments, and a seed that replays a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Add,
    Rm,
    Restore,
}

struct Torture {
    env: TestEnv,
    identity: age::x25519::Identity,
    identity_file: PathBuf,
    backup_key_file: PathBuf,
    backup: PathBuf,
    backup_state: State,
}

impl Torture {
    fn setup() -> Self {
        let env = TestEnv::new();
        let identity = age::x25519::Identity::generate();
        let identity_file = write_identity(&env.path("vault-key.txt"), &identity);
        let backup_identity = age::x25519::Identity::generate();
        let backup_key_file = write_identity(&env.path("backup-key.txt"), &backup_identity);
        let t = Self {
            env,
            identity,
            identity_file,
            backup_key_file,
            backup: PathBuf::new(),
            backup_state: State::new(),
        };
        t.fob()
            .args(["init", "--recipient", &t.identity.to_public().to_string()])
            .status()
            .expect("fob init runs")
            .success()
            .then_some(())
            .expect("fob init succeeds");
        for i in 0..3 {
            t.run_to_end(Op::Add, &format!("base-{i}"));
        }
        std::fs::create_dir_all(t.env.path("usb")).unwrap();
        let out = t
            .fob()
            .args([
                "backup",
                "--recipient",
                &backup_identity.to_public().to_string(),
            ])
            .arg(t.env.path("usb"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let backup = std::fs::read_dir(t.env.path("usb"))
            .unwrap()
            .next()
            .expect("the backup file")
            .unwrap()
            .path();
        let backup_state = t.state();
        Self {
            backup,
            backup_state,
            ..t
        }
    }

    fn fob(&self) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("fob"));
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("FOB_") {
                cmd.env_remove(&key);
            }
        }
        let home = self.env.path("home");
        cmd.env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("FOB_VAULT", self.env.vault())
            .env("FOB_IDENTITY", &self.identity_file)
            .env("FOB_CLOCK_CHECK", "0")
            .env("FOB_NO_BACKUP_REMINDER", "1")
            .current_dir(self.env.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        cmd
    }

    /// Starts one command. `name` is the entry to add or remove.
    fn spawn(&self, op: Op, name: &str) -> std::process::Child {
        let mut cmd = self.fob();
        match op {
            Op::Add => cmd.args(["add", name]).stdin(Stdio::piped()),
            Op::Rm => cmd.args(["rm", name, "--yes"]),
            Op::Restore => cmd
                .arg("restore")
                .arg(&self.backup)
                .args(["--replace", "--yes", "--backup-identity"])
                .arg(&self.backup_key_file),
        };
        let mut child = cmd.spawn().expect("fob starts");
        if let Some(mut stdin) = child.stdin.take() {
            // A child killed before it reads makes this fail with EPIPE, which is fine.
            let _ = stdin.write_all(RFC_SECRET.as_bytes());
        }
        child
    }

    fn run_to_end(&self, op: Op, name: &str) -> Duration {
        let start = Instant::now();
        let out = self.spawn(op, name).wait_with_output().unwrap();
        let took = start.elapsed();
        assert!(
            out.status.success(),
            "{op:?} {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        took
    }

    /// The vault's entries, decrypted with the age library (not with fob). Panics on any damage.
    fn state(&self) -> State {
        let bytes = std::fs::read(self.env.vault()).expect("the vault exists");
        let plain = age::decrypt(&self.identity, &bytes).expect("the vault decrypts");
        let doc: serde_json::Value = serde_json::from_slice(&plain).expect("the vault is JSON");
        assert_eq!(doc["format"], "fob-vault");
        doc["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| {
                (
                    e["id"].as_str().expect("id").to_owned(),
                    format!(
                        "{}:{}",
                        e["issuer"].as_str().unwrap_or_default(),
                        e["account"].as_str().expect("account")
                    ),
                    e["secret"].as_str().expect("secret").to_owned(),
                )
            })
            .collect()
    }

    fn stray_temp_files(&self) -> usize {
        std::fs::read_dir(self.env.vault().parent().unwrap())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| {
                let path = e.path();
                e.file_name().to_string_lossy().starts_with(".fob-")
                    && path.extension().is_some_and(|x| x == "tmp")
            })
            .count()
    }
}

fn write_identity(path: &Path, id: &age::x25519::Identity) -> PathBuf {
    std::fs::write(
        path,
        format!(
            "# public key: {}\n{}\n",
            id.to_public(),
            age::secrecy::ExposeSecret::expose_secret(&id.to_string())
        ),
    )
    .unwrap();
    path.to_owned()
}

/// Whether `after` is `before` with one more entry called `name` holding the RFC secret.
fn is_added(before: &State, after: &State, name: &str) -> bool {
    let new: Vec<&Row> = after.difference(before).collect();
    after.is_superset(before)
        && new.len() == 1
        && new[0].1 == format!(":{name}")
        && new[0].2 == RFC_SECRET
}

fn is_removed(before: &State, after: &State, name: &str) -> bool {
    let gone: Vec<&Row> = before.difference(after).collect();
    before.is_superset(after) && gone.len() == 1 && gone[0].1 == format!(":{name}")
}

#[derive(Default)]
struct Counts {
    kills: [usize; 3],
    old: usize,
    new: usize,
    finished_first: usize,
    mid_save: usize,
}

/// `FOB_TORTURE_ITERATIONS` (default 300) and `FOB_TORTURE_SEED` (default: from the clock).
fn settings() -> (usize, u64) {
    let iterations: usize = std::env::var("FOB_TORTURE_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("FOB_TORTURE_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("torture: seed {seed} (FOB_TORTURE_SEED={seed} replays the kill moments)");
    (iterations, seed)
}

/// How long each command takes uninterrupted here, in µs, doubled: kill moments are spread over that.
/// (Under the kill loop a command runs slower than alone, so the uninterrupted time alone would leave
/// most kills before the write.)
fn calibrate(t: &Torture) -> [u64; 3] {
    let mut window = [Duration::ZERO; 3];
    for round in 0..3 {
        let name = format!("calibrate-{round}");
        window[0] = window[0].max(t.run_to_end(Op::Add, &name));
        window[1] = window[1].max(t.run_to_end(Op::Rm, &name));
        window[2] = window[2].max(t.run_to_end(Op::Restore, ""));
    }
    let window = window.map(|w| (w.as_micros() as u64) * 2);
    eprintln!(
        "torture: uninterrupted add/rm/restore take up to {}/{}/{} µs; kills land in 0..twice that",
        window[0] / 2,
        window[1] / 2,
        window[2] / 2
    );
    window
}

#[test]
fn sigkill_at_random_moments_leaves_the_old_or_the_new_vault() {
    let (iterations, seed) = settings();
    let mut rng = Rng(seed);
    let t = Torture::setup();
    let window = calibrate(&t);
    let mut counts = Counts::default();
    let started = Instant::now();
    for i in 0..iterations {
        let before = t.state();
        let op = match i % 3 {
            1 if !before.is_empty() => Op::Rm,
            2 => Op::Restore,
            _ => Op::Add,
        };
        let name = match op {
            Op::Add => format!("t-{i}"),
            Op::Rm => {
                let rows: Vec<&Row> = before.iter().collect();
                let row = rows[rng.below(rows.len() as u64) as usize];
                row.1.trim_start_matches(':').to_owned()
            }
            Op::Restore => String::new(),
        };
        let slot = op as usize;
        let deadline = Instant::now() + Duration::from_micros(rng.below(window[slot]));
        let mut child = t.spawn(op, &name);
        while Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::hint::spin_loop();
        }
        // SIGKILL; harmless when the child has already exited.
        child.kill().unwrap();
        let out = child.wait_with_output().unwrap();
        counts.kills[slot] += 1;
        let killed = out.status.signal() == Some(9);
        if !killed {
            counts.finished_first += 1;
            assert!(
                out.status.success(),
                "iteration {i} ({op:?} {name}) failed without being killed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }

        // A temporary file beside the vault means the kill landed between writing the new vault and
        // renaming it into place (the next command removes it).
        if t.stray_temp_files() > 0 {
            counts.mid_save += 1;
        }
        let after = t.state();
        let is_new = match op {
            Op::Add => is_added(&before, &after, &name),
            Op::Rm => is_removed(&before, &after, &name),
            Op::Restore => after == t.backup_state,
        };
        if after == before && !(op == Op::Restore && is_new) {
            assert!(
                killed,
                "iteration {i} ({op:?} {name}) succeeded but the vault did not change"
            );
            counts.old += 1;
        } else if is_new {
            counts.new += 1;
        } else {
            panic!(
                "iteration {i} (seed {seed}): {op:?} {name} left a vault that is neither the old nor the new state\nbefore: {before:?}\nafter: {after:?}"
            );
        }
    }
    let [add, rm, restore] = counts.kills;
    eprintln!(
        "torture: {iterations} kills (add {add}, rm {rm}, restore {restore}) in {:.1?}: {} saw the old state, {} the new, 0 damaged; {} kills landed mid-save (temporary file written, not yet renamed), {} commands finished before their kill; {} temporary file(s) left at the end",
        started.elapsed(),
        counts.old,
        counts.new,
        counts.mid_save,
        counts.finished_first,
        t.stray_temp_files()
    );
    assert_eq!(counts.old + counts.new, iterations);
    // The next command removes what a killed one left, so only the last kill's file may remain.
    assert!(
        t.stray_temp_files() <= 1,
        "orphaned temporary files pile up"
    );
}
