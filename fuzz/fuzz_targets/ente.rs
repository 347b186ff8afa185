//! An Ente Auth export: a URI list, or the encrypted JSON (refused).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::ente::parse(data);
});
