//! FreeOTP's tokens.xml (Android shared-preferences XML holding Gson token objects).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::freeotp::parse(data);
});
