//! FreeOTP's tokens.xml (Android shared-preferences XML holding Gson token objects) and FreeOTP 2's
//! encrypted externalBackup.xml (a Java object stream of a map of strings).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::freeotp::parse(data);
    let _ = fob::formats::freeotp::parse_backup(data, b"password");
});
