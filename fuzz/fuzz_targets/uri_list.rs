//! A text file of otpauth URIs, one a line, as `fob import FILE` reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (good, bad) = fob::formats::otpauth::parse_uri_list(text);
    let lines = text.lines().count();
    assert!(good.len() + bad.len() <= lines);
    for e in &bad {
        assert!(e.line >= 1 && e.line <= lines);
    }
});
