//! An Authenticator Plus export: a zip holding Accounts.txt, read without a password and with one
//! (ZipCrypto's check and WinZip AES's fixed 1,000 PBKDF2 rounds are cheap), and with the zip's
//! signature forced so that the fuzzer reaches the zip reader and the inflate cap.
#![no_main]

use libfuzzer_sys::fuzz_target;

use fob::formats::authenticator_plus;

fuzz_target!(|data: &[u8]| {
    let _ = (authenticator_plus::READER.recognise)("a.zip", data, None);
    let zip = [b"PK\x03\x04".as_slice(), data].concat();
    let _ = authenticator_plus::parse(&zip, None);
    let _ = authenticator_plus::parse(&zip, Some(b"pw"));
});
