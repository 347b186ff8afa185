//! A Steam .maFile (shared_secret in base64).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::steam::parse(data);
});
