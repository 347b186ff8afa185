//! An andOTP backup: plain JSON, and the encrypted `.json.aes` layout (iterations, salt, IV, ciphertext).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::andotp::parse(data);
    let _ = fob::formats::andotp::parse_encrypted(data, b"password");
});
