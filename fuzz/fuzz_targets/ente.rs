//! An Ente Auth export: a URI list, or the encrypted JSON. For the encrypted JSON the Argon2 costs
//! are forced down to libsodium's least (8 KiB, one pass) before it is read with a password, so each
//! input reaches the base64 fields, the header and the secret stream's MAC check instead of spending
//! up to the 1 GiB fob allows a real file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::ente::parse(data, None);
    if let Ok(mut doc) = serde_json::from_slice::<Value>(data) {
        if let Some(kdf) = doc.get_mut("kdfParams").and_then(Value::as_object_mut) {
            kdf.insert("memLimit".into(), json!(8192));
            kdf.insert("opsLimit".into(), json!(1));
            let _ = fob::formats::ente::parse(doc.to_string().as_bytes(), Some(b"pw"));
        }
    }
});
