//! Google Authenticator export payloads: the protobuf bytes directly, and the same bytes as text through
//! the `otpauth-migration://offline?data=` URI parser.
#![no_main]

use fob::entry::Kind;
use fob::formats::google_migration;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(payload) = google_migration::decode_payload(data) {
        for account in &payload.accounts {
            if let Ok((_, otp)) = &account.entry {
                match otp.kind {
                    Kind::Hotp { counter } => {
                        let _ = fob::otp::hotp(otp, counter);
                    }
                    _ => {
                        let _ = fob::otp::totp_at(otp, 59);
                    }
                }
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = google_migration::parse_uri(text);
    }
});
