//! Regenerates the demo pictures the README shows, with fob's own QR writer:
//!
//! - `examples/example-qr.png`: the otpauth URI of Google's Key Uri Format example;
//! - `examples/google-export.png`: a Google Authenticator "Transfer accounts" code with three demo
//!   accounts (TOTP SHA1, TOTP SHA256 8 digits, HOTP), all with well-known test secrets.
//!
//! Run: `cargo run --example make_demo_pictures`. The output is deterministic (fixed batch id), and
//! `tests/import_qr.rs` checks that the committed pictures import as described.

use std::path::Path;

use fob::entry::{Name, Otp};
use fob::formats::{google_migration, otpauth};

const EXAMPLE: &str =
    "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";

const DEMO_ACCOUNTS: [&str; 3] = [
    "otpauth://totp/Demo%20Mail:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Demo%20Mail",
    "otpauth://totp/Demo%20Bank:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Demo%20Bank&algorithm=SHA256&digits=8",
    "otpauth://hotp/Demo%20VPN:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Demo%20VPN&counter=5",
];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let png = fob::export::qr::png(EXAMPLE).expect("the URI fits a QR code");
    std::fs::write(dir.join("example-qr.png"), png.as_slice()).expect("examples/ is writable");

    let entries: Vec<(Name, Otp)> = DEMO_ACCOUNTS
        .iter()
        .map(|u| {
            let p = otpauth::parse(u).expect("demo URIs are valid");
            (p.name, p.otp)
        })
        .collect();
    let refs: Vec<(&Name, &Otp)> = entries.iter().map(|(n, o)| (n, o)).collect();
    let uri =
        google_migration::encode_uris(&refs, google_migration::MAX_ACCOUNTS_PER_PART, 20_261_123)
            .expect("demo accounts are expressible")
            .remove(0);
    let png = fob::export::qr::png(&uri).expect("three accounts fit a QR code");
    std::fs::write(dir.join("google-export.png"), png.as_slice()).expect("examples/ is writable");
    println!("wrote examples/example-qr.png and examples/google-export.png");
}
