//! Image bytes as `fob import picture.png` and stdin images reach the QR decoder. Smaller limits than
//! fob's defaults keep each run fast; the limit checks themselves are what is exercised.
#![no_main]

use fob::import::qr::{Limits, decode_image};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_width: 2048,
        max_height: 2048,
        max_pixels: 1 << 20,
        max_alloc: 64 << 20,
    };
    if let Ok(texts) = decode_image(data, &limits) {
        for text in texts {
            let _ = fob::formats::otpauth::parse_uri_list(&text);
        }
    }
});
