//! A 2FAS `.2fas` backup, plain or encrypted (tried with a password, so the reference check runs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::twofas::parse(data, None);
    let _ = fob::formats::twofas::parse(data, Some(b"password"));
});
