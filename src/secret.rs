//! OTP shared secrets: parsed leniently the way phone apps accept them, stored normalised, wiped on drop.
//!
//! A [`Secret`] never prints its value through `Debug` or `Display`; the only ways out are
//! [`Secret::base32`] (for the vault file and otpauth URIs) and [`Secret::bytes`] (for the HMAC).

use std::fmt;
use std::sync::LazyLock;

use data_encoding::{BASE32_NOPAD, Encoding, Specification};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Why a secret was refused. Carries no part of the secret, so it is safe to print: at most a character
/// that cannot be in one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// Nothing left after removing spaces, dashes and padding.
    #[error("the secret is empty")]
    Empty,
    /// A character outside the base32 alphabet (A–Z, 2–7), and where it is (counted from 1): a typo a
    /// person can find without the secret being shown.
    #[error(
        "character {position} of the secret, {character:?}, is not base32 (only letters A-Z and digits 2-7 are allowed)"
    )]
    NotBase32 {
        /// The character.
        character: char,
        /// Its place in the text as given, from 1.
        position: usize,
    },
    /// A length no base32 text has (1, 3 or 6 more than a multiple of 8): a character is missing or extra.
    #[error("the secret has {len} characters, a length base32 never has: one is missing or extra")]
    BadLength {
        /// Characters after removing spaces, dashes and padding.
        len: usize,
    },
    /// Longer than any real OTP key; refused so a pasted document cannot become a "secret".
    #[error("the secret is too long ({len} characters; at most {max})")]
    TooLong {
        /// Characters after normalisation.
        len: usize,
        /// The limit.
        max: usize,
    },
}

/// The longest base32 secret accepted: 1024 characters is 640 bytes, far beyond any HMAC key in use.
pub const MAX_BASE32_LEN: usize = 1024;

/// Phone apps accept lower case, spaces, dashes and `=` padding; so does fob. Trailing bits are not checked
/// because 80-bit secrets typed by hand often end in a character whose low bits are not zero.
static LENIENT_BASE32: LazyLock<Encoding> = LazyLock::new(|| {
    let mut spec = Specification::new();
    spec.symbols.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    spec.translate.from.push_str("abcdefghijklmnopqrstuvwxyz");
    spec.translate.to.push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    spec.ignore.push_str(" -=\t\r\n");
    spec.check_trailing_bits = false;
    spec.encoding().expect("the base32 specification is valid")
});

/// An OTP key. Held as raw bytes; the base32 form is derived when needed.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Secret {
    bytes: Vec<u8>,
}

impl Secret {
    /// Parses base32 as people and sites write it: any case, spaces, dashes, with or without padding.
    pub fn from_base32(text: &str) -> Result<Self, SecretError> {
        let significant = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '=' | '\t' | '\r' | '\n'))
            .count();
        if significant == 0 {
            return Err(SecretError::Empty);
        }
        if significant > MAX_BASE32_LEN {
            return Err(SecretError::TooLong {
                len: significant,
                max: MAX_BASE32_LEN,
            });
        }
        let stray = text.chars().enumerate().find(|&(_, c)| {
            !(c.is_ascii_alphabetic()
                || ('2'..='7').contains(&c)
                || matches!(c, ' ' | '-' | '=' | '\t' | '\r' | '\n'))
        });
        if let Some((i, character)) = stray {
            return Err(SecretError::NotBase32 {
                character,
                position: i + 1,
            });
        }
        let bytes = LENIENT_BASE32
            .decode(text.as_bytes())
            .map_err(|_| SecretError::BadLength { len: significant })?;
        Self::from_bytes(bytes)
    }

    /// Takes raw key bytes, as Google Authenticator's export carries them.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, SecretError> {
        let secret = Self { bytes };
        if secret.bytes.is_empty() {
            return Err(SecretError::Empty);
        }
        if secret.bytes.len() * 8 / 5 > MAX_BASE32_LEN {
            return Err(SecretError::TooLong {
                len: secret.bytes.len() * 8 / 5,
                max: MAX_BASE32_LEN,
            });
        }
        Ok(secret)
    }

    /// The normalised form: upper case, no spaces, no padding. This is what the vault stores.
    #[must_use]
    pub fn base32(&self) -> Zeroizing<String> {
        Zeroizing::new(BASE32_NOPAD.encode(&self.bytes))
    }

    /// The key bytes for the HMAC.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Key length in bits; sites commonly issue 80 or 160.
    #[must_use]
    pub fn bits(&self) -> usize {
        self.bytes.len() * 8
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_phone_apps_accept() {
        for input in [
            "JBSWY3DPEHPK3PXP",
            "jbswy3dpehpk3pxp",
            "jbsw y3dp ehpk 3pxp",
            "JBSW-Y3DP-EHPK-3PXP",
            "JBSWY3DPEHPK3PXP======",
        ] {
            let secret = Secret::from_base32(input).unwrap();
            assert_eq!(secret.base32().as_str(), "JBSWY3DPEHPK3PXP", "{input}");
            assert_eq!(secret.bits(), 80);
        }
    }

    #[test]
    fn refuses_garbage_without_echoing_it() {
        let err = Secret::from_base32("JBSWY3DP!HPK3PXP").unwrap_err();
        assert_eq!(
            err,
            SecretError::NotBase32 {
                character: '!',
                position: 9
            }
        );
        assert!(!err.to_string().contains("JBSW"));
        assert_eq!(
            Secret::from_base32("  == ").unwrap_err(),
            SecretError::Empty
        );
        assert_eq!(
            Secret::from_base32("0189").unwrap_err(),
            SecretError::NotBase32 {
                character: '0',
                position: 1
            }
        );
        assert_eq!(
            Secret::from_base32("JBSWY3DPEHPK3P").unwrap_err(),
            SecretError::BadLength { len: 14 }
        );
    }

    #[test]
    fn refuses_absurd_lengths() {
        let long = "A".repeat(MAX_BASE32_LEN + 8);
        assert!(matches!(
            Secret::from_base32(&long),
            Err(SecretError::TooLong { .. })
        ));
    }

    #[test]
    fn debug_redacts() {
        let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
    }

    proptest::proptest! {
        #[test]
        fn normalisation_round_trips(bytes in proptest::collection::vec(proptest::num::u8::ANY, 1..64),
                                     spaced in proptest::bool::ANY, lower in proptest::bool::ANY) {
            let canonical = BASE32_NOPAD.encode(&bytes);
            let mut messy: String = if spaced {
                canonical.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ")
            } else { canonical.clone() };
            if lower { messy = messy.to_lowercase(); }
            let secret = Secret::from_base32(&messy).unwrap();
            proptest::prop_assert_eq!(secret.bytes(), &bytes[..]);
            let normalised = secret.base32();
            proptest::prop_assert_eq!(normalised.as_str(), canonical.as_str());
        }
    }
}
