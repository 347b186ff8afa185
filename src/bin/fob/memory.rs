//! Keeps the process's memory, which holds decrypted secrets while fob runs, out of core dumps and away
//! from other processes of the same user (`PR_SET_DUMPABLE` 0 also blocks ptrace by non-root peers), and
//! the agent's long-held secrets out of swap (`mlock`).
//!
//! In the agent, every block of heap memory is also wiped when it is freed ([`Allocator`]): what a
//! library copies a secret into and frees without wiping (age keeps the last 64 KiB of each document it
//! encrypts in a plain buffer) must not stay in the agent's heap, beside its one deliberate copy, for
//! hours.
//!
//! `mlock` and the allocator are the unsafe code here: rustix marks `mlock` unsafe because it takes a
//! raw address, and an allocator works on raw pointers.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

use zeroize::{Zeroize, Zeroizing};

/// Whether freed memory is wiped: set once, by the agent, for the rest of its life.
static WIPE_FREED: AtomicBool = AtomicBool::new(false);

/// From now on, wipe every heap block before it is freed or moved by a reallocation. Only the agent,
/// which holds secrets for hours, pays for it; a fob command holds them for milliseconds.
pub fn wipe_freed_memory() {
    WIPE_FREED.store(true, Ordering::SeqCst);
}

/// The system allocator, which wipes freed blocks once [`wipe_freed_memory`] was called.
pub struct Allocator;

// SAFETY: every call is passed to the system allocator with the layout it was given; the only additions
// are writing zeros over a block the caller is giving up (it is still allocated and `layout.size()`
// long) and, for a reallocation, doing alloc + copy + free by hand so that the old block is wiped too.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WIPE_FREED.load(Ordering::Relaxed) {
            // Volatile writes (zeroize): zeros stored just before a free are otherwise optimised away.
            unsafe { std::slice::from_raw_parts_mut(ptr, layout.size()) }.zeroize();
        }
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !WIPE_FREED.load(Ordering::Relaxed) {
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return std::ptr::null_mut();
        };
        let new = unsafe { System.alloc(new_layout) };
        if !new.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

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
