//! An Aegis vault or backup, plain or encrypted (tried with a password, so the slot and header paths run).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::aegis::parse(data, None);
    let _ = fob::formats::aegis::parse(data, Some(b"password"));
});
