//! Files apps keep on the phone: Duo Mobile's `accounts.json`, the Battle.net app's masked preferences,
//! and TOTP Authenticator's preferences and backup (the backup tried with a password and the app's
//! built-in one, so the fuzzer reaches the padding check and the list inside).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::duo::parse(data);
    let _ = fob::formats::battle_net::parse(data);
    let _ = fob::formats::totp_authenticator::parse_preferences(data);
    let _ = fob::formats::totp_authenticator::parse_backup(data, b"password");
});
