//! A Proton Authenticator JSON export (entries holding otpauth
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = // and steam:// URIs).:fob::formats::proton::parse(data);
});
