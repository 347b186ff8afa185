//! An Authenticator Pro (Stratum) file: the plain JSON backup, the app's database, and both encrypted
//! legacy encrypted layout (its header is forced so the fuzzer reaches the decryption and padding
//! checks). The current encrypted layout is left out: every input would cost an Argon2 run with 64 MiB,
//! and what follows it (AES-GCM, then the JSON reader) is fuzzed here already.
#![no_main]

use libfuzzer_sys::fuzz_target;

use fob::formats::authenticator_pro::{self, LEGACY_HEADER};

fuzz_target!(|data: &[u8]| {
    let _ = authenticator_pro::parse(data);
    let _ = authenticator_pro::parse_database(data);
    let _ = authenticator_pro::parse_encrypted(&[LEGACY_HEADER.as_slice(), data].concat(), b"pw");
});
