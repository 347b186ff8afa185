//! Property: whatever fob's writers produce for any entries, fob's readers give the same entries back
//! (names, secrets, kinds, algorithms, digits, periods, counters, and the note/tags Aegis keeps).

use fob::entry::{Algorithm, Entry, Kind, Name, Otp};
use fob::formats::{aegis, andotp, otpauth, twofas};
use fob::import::Format;
use fob::secret::Secret;
use proptest::prelude::*;

fn otp() -> impl Strategy<Value = Otp> {
    let secret = proptest::collection::vec(any::<u8>(), 1..64)
        .prop_map(|b| Secret::from_bytes(b).expect("1 to 63 bytes is a valid key"));
    let algorithm = prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha512)
    ];
    let kind = prop_oneof![
        (1u32..=86_400).prop_map(|period| Kind::Totp { period }),
        any::<u64>().prop_map(|counter| Kind::Hotp { counter }),
        Just(Kind::Steam),
    ];
    (secret, kind, algorithm, 6u8..=8).prop_map(|(secret, kind, algorithm, digits)| {
        if kind == Kind::Steam {
            Otp::steam(secret)
        } else {
            Otp {
                secret,
                kind,
                algorithm,
                digits,
            }
        }
    })
}

fn name() -> impl Strategy<Value = Name> {
    (
        "[a-zA-Z0-9 äöü日本✓._@+-]{0,12}",
        "[a-zA-Z0-9 äöü日本✓._@+:-]{0,12}",
    )
        .prop_filter_map("not both empty", |(i, a)| Name::new(&i, &a).ok())
        // A name that is only colons and spaces has no otpauth label at all (docs/formats.md).
        .prop_filter("has an otpauth label", |n| {
            Name::parse(&n.to_string()).is_ok()
        })
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    proptest::collection::vec((name(), otp(), proptest::option::of("[a-z ]{1,8}")), 0..6).prop_map(
        |list| {
            list.into_iter()
                .map(|(name, otp, tag)| {
                    let mut e = Entry::new(name, otp, jiff::Timestamp::UNIX_EPOCH);
                    if let Some(tag) = tag.filter(|t| !t.trim().is_empty()) {
                        e.extra
                            .insert("tags".into(), serde_json::json!([tag.trim()]));
                        e.extra.insert("note".into(), serde_json::json!("a note"));
                    }
                    e
                })
                .collect()
        },
    )
}

fn check(written: &[u8], read_as: Format, password: Option<&[u8]>, src: &[Entry], extra: &[&str]) {
    let parsed = read_as
        .parse(written, password)
        .expect("fob reads what it wrote");
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.candidates.len(), src.len());
    for (c, e) in parsed.candidates.iter().zip(src) {
        let mut want = e.name.clone();
        // An otpauth Steam URI without an issuer reads as issuer "Steam" (otpauth::parse's rule).
        if read_as == Format::Uris && e.otp.kind == Kind::Steam && want.issuer.is_empty() {
            want.issuer = "Steam".into();
        }
        assert_eq!(c.name, want, "{read_as:?}");
        assert_eq!(c.otp, e.otp, "{read_as:?} {}", e.name);
        for k in extra {
            assert_eq!(c.extra.get(*k), e.extra.get(*k), "{read_as:?} {k}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn every_writer_is_read_back(src in entries()) {
        let refs: Vec<&Entry> = src.iter().collect();
        check(&otpauth::uri_list(&refs), Format::Uris, None, &src, &[]);
        check(&aegis::plain(&refs), Format::Aegis, None, &src, &["note", "tags"]);
        check(&aegis::encrypted_with_cost(&refs, "pw".as_bytes(), 4), Format::Aegis, Some(b"pw"), &src, &["note", "tags"]);
        check(&twofas::plain(&refs, 0), Format::TwoFas, None, &src, &["tags"]);
        check(&twofas::encrypted(&refs, b"pw", 0), Format::TwoFas, Some(b"pw"), &src, &["tags"]);
        check(&andotp::plain(&refs), Format::AndOtp, None, &src, &["tags"]);
        for (bytes, format) in [
            (aegis::plain(&refs), Format::Aegis),
            (twofas::plain(&refs, 0), Format::TwoFas),
            (andotp::plain(&refs), Format::AndOtp),
        ] {
            prop_assert_eq!(Format::detect(&bytes), Some(format));
        }
    }

    #[test]
    fn readers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        for f in [Format::Aegis, Format::TwoFas, Format::AndOtp, Format::Bitwarden, Format::Uris] {
            let _ = f.parse(&bytes, Some(b"pw"));
        }
        let _ = Format::detect(&bytes);
    }
}
