//! A FreeOTP+ JSON export (tokens with signed-byte secrets) or its tokens.xml.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = (fob::formats::freeotp_plus::READER.read)(data, None);
});
