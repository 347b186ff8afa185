//! One `otpauth://` (or `steam://`) URI, as `fob add --uri` and every import line reads it.
//! Whatever parses must make codes without panicking and survive format → parse unchanged, name and
//! generator.
#![no_main]

use fob::entry::Kind;
use fob::formats::otpauth;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = otpauth::parse(text) else {
        return;
    };
    let otp = &parsed.otp;
    match otp.kind {
        Kind::Hotp { counter } => {
            let _ = fob::otp::hotp(otp, counter);
        }
        _ => {
            for t in [0, 59, u64::from(u32::MAX), u64::MAX] {
                let _ = fob::otp::totp_at(otp, t);
                let _ = fob::otp::seconds_left(otp, t);
            }
        }
    }
    let uri = otpauth::format(&parsed.name, otp);
    let back = otpauth::parse(&uri).expect("a formatted URI parses");
    assert_eq!(&back.otp, otp, "format → parse keeps the generator");
    assert_eq!(back.name, parsed.name, "format → parse keeps the name");
});
