//! Files apps keep on the phone, read with nothing to open them: Duo Mobile's `accounts.json` and the
//! Battle.net app's masked preferences.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::duo::parse(data);
    let _ = fob::formats::battle_net::parse(data);
});
