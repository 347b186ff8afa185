//! A Bitwarden CSV export (header row with login_totp; quoted fields).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::bitwarden::parse_csv(data);
});
