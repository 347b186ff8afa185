//! A Bitwarden JSON export (items whose login.totp holds an otpauth URI, steam:// or a bare secret).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::bitwarden::parse(data);
});
