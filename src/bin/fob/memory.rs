//! Keeps the process's memory, which holds decrypted secrets while fob runs, out of core dumps and away
//! from other processes of the same user (`PR_SET_DUMPABLE` 0 also blocks ptrace by non-root peers), and
//! the agent's long-held secrets out of swap (`mlock`).
//!
//! `mlock` is the one unsafe call here: rustix marks it unsafe because it takes a raw address.
#![allow(unsafe_code)]

use zeroize::Zeroizing;

/// Makes the process non-dumpable and sets its core-file limit to zero. Failure is not fatal: fob's
/// secrets are still wiped when dropped, and an unusual kernel should not stop anyone getting a code.
pub fn keep_out_of_core_dumps() {
    use rustix::process::{DumpableBehavior, Resource, Rlimit, set_dumpable_behavior, setrlimit};
    let _ = set_dumpable_behavior(DumpableBehavior::NotDumpable);
    let _ = setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
}

/// Bytes held for a long time (the agent's passphrase and decrypted vault): pinned in RAM while the
/// system allows it, and wiped when dropped. They are never unpinned: `mlock` does not count, so
/// unpinning one buffer would unpin any other that shares its first or last page. Freed pages stay
/// pinned until the agent exits, which is soon.
pub struct LockedBytes {
    bytes: Zeroizing<Vec<u8>>,
    locked: bool,
}

impl LockedBytes {
    /// Takes `bytes` without copying them (a copy would leave the original unpinned) and pins them.
    /// Pinning fails beyond `RLIMIT_MEMLOCK` (often 8 MiB for a user); the bytes are kept anyway.
    pub fn new(mut bytes: Zeroizing<Vec<u8>>) -> Self {
        let len = bytes.capacity();
        // SAFETY: the range is the vector's own live allocation; mlock only pins the pages that hold it and
        // never reads or writes them.
        let locked =
            len > 0 && unsafe { rustix::mm::mlock(bytes.as_mut_ptr().cast(), len) }.is_ok();
        Self { bytes, locked }
    }

    pub fn as_slice(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether the bytes are pinned in RAM.
    pub fn is_locked(&self) -> bool {
        self.locked
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_process_is_not_dumpable_and_dumps_nothing() {
        super::keep_out_of_core_dumps();
        assert_eq!(
            rustix::process::dumpable_behavior().unwrap(),
            rustix::process::DumpableBehavior::NotDumpable
        );
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!((limit.current, limit.maximum), (Some(0), Some(0)));
    }

    #[test]
    fn locked_bytes_keep_their_contents() {
        let held = super::LockedBytes::new(super::Zeroizing::new(b"secret".to_vec()));
        assert_eq!(held.as_slice(), b"secret");
        let empty = super::LockedBytes::new(super::Zeroizing::new(Vec::new()));
        assert!(!empty.is_locked());
    }
}
