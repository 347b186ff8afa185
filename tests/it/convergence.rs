//! The merge that restore, `fob sync` and git's merge driver share converges: three machines that add,
//! remove, rename, take HOTP codes and verify codes in any interleaving, syncing now and then through one
//! remote, all hold identical entries once each has synced twice more. A property test over the library's
//! merge, with each machine's clock moving on as real clocks do.

use fob::entry::{Algorithm, Entry, Kind, Name, Otp};
use fob::merge;
use fob::secret::Secret;
use fob::vault::Vault;
use fob::verify::{self, Policy};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

const NAMES: [&str; 5] = [
    "GitHub:alice",
    "github:ALICE",
    "GitHub:bob",
    "Bank:me",
    "Mail:me",
];
const SECRETS: [&str; 3] = ["JBSWY3DPEHPK3PXP", "GEZDGNBVGY3TQOJQ", "MZXW6YTBMZXW6YTB"];

#[derive(Debug, Clone)]
enum Op {
    Add {
        name: usize,
        secret: usize,
        hotp: bool,
    },
    Remove {
        pick: usize,
    },
    Rename {
        pick: usize,
        name: usize,
    },
    Code {
        pick: usize,
    },
    Verify {
        pick: usize,
        right: bool,
    },
    Sync,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..NAMES.len(), 0..SECRETS.len(), any::<bool>())
            .prop_map(|(name, secret, hotp)| Op::Add { name, secret, hotp }),
        1 => any::<usize>().prop_map(|pick| Op::Remove { pick }),
        1 => (any::<usize>(), 0..NAMES.len()).prop_map(|(pick, name)| Op::Rename { pick, name }),
        1 => any::<usize>().prop_map(|pick| Op::Code { pick }),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(pick, right)| Op::Verify { pick, right }),
        2 => Just(Op::Sync),
    ]
}

/// One machine: its vault and its own clock, a little off from the others' (under a minute).
struct Machine {
    vault: Vault,
    skew: i64,
}

struct World {
    machines: Vec<Machine>,
    remote: Vault,
    /// Seconds since the start; every step moves every clock on.
    tick: i64,
    start: Timestamp,
}

impl World {
    fn new(skews: [i64; 3]) -> Self {
        Self {
            machines: skews
                .iter()
                .map(|&skew| Machine {
                    vault: Vault::default(),
                    skew,
                })
                .collect(),
            remote: Vault::default(),
            tick: 0,
            // Well in the past, so no time is "ahead" of the merging machine's clock.
            start: Timestamp::now() - SignedDuration::from_hours(48),
        }
    }

    fn now(&self, m: usize) -> Timestamp {
        self.start + SignedDuration::from_secs(self.tick * 7 + self.machines[m].skew)
    }

    fn apply(&mut self, m: usize, op: &Op) {
        self.tick += 1;
        let now = self.now(m);
        let vault = &mut self.machines[m].vault;
        let count = vault.entries.len();
        match *op {
            Op::Add { name, secret, hotp } => {
                let otp = Otp {
                    secret: Secret::from_base32(SECRETS[secret]).unwrap(),
                    kind: if hotp {
                        Kind::Hotp { counter: 0 }
                    } else {
                        Kind::Totp { period: 30 }
                    },
                    algorithm: Algorithm::Sha1,
                    digits: 6,
                };
                // fob add refuses a taken name; so does this.
                let _ = vault.add(Entry::new(Name::parse(NAMES[name]).unwrap(), otp, now));
            }
            Op::Remove { pick } if count > 0 => {
                vault.remove(pick % count, now);
            }
            Op::Rename { pick, name } if count > 0 => {
                let _ = vault.rename(pick % count, Name::parse(NAMES[name]).unwrap(), now);
            }
            Op::Code { pick } if count > 0 => {
                vault.advance_counter(pick % count, now);
            }
            Op::Verify { pick, right } if count > 0 => {
                let entry = &mut vault.entries[pick % count];
                let unix = u64::try_from(now.as_second()).unwrap();
                let code = match (right, entry.otp.kind) {
                    (false, _) => "000000".to_owned(),
                    (true, Kind::Hotp { counter }) => {
                        fob::otp::hotp(&entry.otp, counter).to_string()
                    }
                    (true, _) => fob::otp::totp_at(&entry.otp, unix).unwrap().to_string(),
                };
                let _ = verify::verify(entry, &code, now, 1, &Policy::default());
            }
            Op::Sync => self.sync(m),
            _ => {}
        }
    }

    /// What `fob sync` does to the vaults: merge the remote's into this machine's, and push the result.
    fn sync(&mut self, m: usize) {
        let now = self.now(m);
        let vault = &mut self.machines[m].vault;
        merge::merge(vault, &self.remote, now).expect("an honest copy merges");
        self.remote = vault.clone();
    }
}

/// Entries in a stable order, with what each machine keeps for itself (when it last backed up) left out.
fn entries(vault: &Vault) -> Vec<Entry> {
    let mut entries: Vec<Entry> = vault
        .entries
        .iter()
        .cloned()
        .map(|mut e| {
            e.backed_up = None;
            e
        })
        .collect();
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    entries
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn three_machines_converge_after_each_syncs_twice(
        steps in proptest::collection::vec((0..3usize, op()), 0..60),
        skews in [-30i64..30, -30i64..30, -30i64..30],
    ) {
        let mut world = World::new(skews);
        for (m, op) in &steps {
            world.apply(*m, op);
        }
        // The machines sync again later, as people do: more than the clocks' differences later, so a
        // removal one machine dated ahead of another's clock is due on all of them.
        world.tick += 10;
        for _ in 0..2 {
            for m in 0..3 {
                world.tick += 1;
                world.sync(m);
            }
        }
        let first = entries(&world.machines[0].vault);
        for machine in &world.machines[1..] {
            prop_assert_eq!(&entries(&machine.vault), &first);
        }
        let mut names: Vec<String> = first.iter().map(|e| e.name.folded()).collect();
        names.sort();
        names.dedup();
        prop_assert_eq!(names.len(), first.len(), "names stay unique");
    }
}
