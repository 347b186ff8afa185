//! Cutting a new agent loose from whatever started it. It lives on after `fob unlock` has returned, so
//! it must hold nothing of that command's surroundings: not its terminal, not its folder, and not the
//! file descriptors that `fob unlock` itself inherited (a pipe it kept open would make a script that
//! waits for the pipe's end wait for the agent's whole life, and a file it kept open stays reachable).
//!
//! Closing descriptors the process did not open is the one unsafe call here: it must run first, before
//! anything in this process has opened a file that Rust code owns.
#![allow(unsafe_code)]

/// Starts its own session (the terminal's Ctrl-C and hang-up belong to the shell that ran `fob unlock`),
/// leaves the folder it was started from (a USB stick to unmount, perhaps) and closes every inherited
/// descriptor beyond stdin, stdout and stderr. Failures change nothing the agent needs.
pub fn from_its_starter() {
    // SAFETY: called first thing in `fob agent`, when descriptors above 2 are only those inherited
    // across exec: no Rust object owns one, so none is closed under its owner. close_range (Linux 5.9)
    // touches nothing else; on an older kernel it fails with ENOSYS and they stay open.
    let _ = unsafe { libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 0u32) };
    let _ = rustix::process::setsid();
    let _ = std::env::set_current_dir("/");
}
