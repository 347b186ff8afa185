//! A Proton Authenticator JSON export (entries holding otpauth:// and steam:// URIs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::proton::parse(data);
});
