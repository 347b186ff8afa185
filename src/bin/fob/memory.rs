//! Keeps the process's memory, which holds decrypted secrets while fob runs, out of core dumps and away
//! from other processes of the same user (`PR_SET_DUMPABLE` 0 also blocks ptrace by non-root peers).

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
}
