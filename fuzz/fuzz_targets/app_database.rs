//! An app's own SQLite database (Google or Microsoft Authenticator), and a write-ahead log replayed
//! onto it: the input is split at its first byte's value into a database and a log.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = fob::formats::google_authenticator::parse(data);
    let _ = fob::formats::microsoft_authenticator::parse(data);
    if let Some((&cut, rest)) = data.split_first() {
        let at = (usize::from(cut) * 64).min(rest.len());
        let (db, wal) = rest.split_at(at);
        if let Ok(image) = fob::formats::sqlite::with_wal(db, wal) {
            let _ = fob::formats::google_authenticator::parse(&image);
        }
    }
});
