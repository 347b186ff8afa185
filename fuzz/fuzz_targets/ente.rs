//! An Ente Auth export
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ =  a URI list, or the encrypted JSON (refused).:fob::formats::ente::parse(data);
});
