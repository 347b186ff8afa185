//! The decrypted vault (or backup) document. A vault fob can read must write back to a document that
//! reads as the same vault.
#![no_main]

use fob::vault::format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((vault, lock)) = format::parse(data) else {
        return;
    };
    let json = format::to_json(&vault, &lock);
    let (again, lock_again) = format::parse(&json).expect("fob reads what it wrote");
    assert_eq!(again, vault);
    assert_eq!(lock_again, lock);
});
