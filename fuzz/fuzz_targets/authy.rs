//! Authy's token files: Android shared preferences holding a JSON array, with and without the backup
//! password (so the fuzzer reaches the iteration caps, the CBC padding and the base32 check).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::authy::parse(data, None);
    let _ = fob::formats::authy::parse(data, Some(b"password"));
});
