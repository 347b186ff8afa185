//! Code generation and its settings ([`Otp`]: secret, kind, algorithm, digits). totp-rs does the HMAC and
//! truncation; fob decides the time or counter, which is always passed in, never read here, so that `--at`,
//! tests and HOTP counters all go through one path. It knows nothing of entries: an entry holds an
//! [`Otp`], and `verify` builds on this module.

use std::fmt;
use std::str::FromStr;

use totp_rs::{Algorithm as TotpAlgorithm, Builder};
use zeroize::Zeroizing;

use crate::secret::Secret;

/// A one-time code as the user types it (digits, or letters for Steam).
pub type Code = Zeroizing<String>;

/// The characters of Steam Guard codes (totp-rs makes them; `fob verify` refuses others unchecked).
pub const STEAM_ALPHABET: &str = "23456789BCDFGHJKMNPQRTVWXY";

/// The code of a time-based entry at `unix_time`, or `None` for HOTP entries (their codes depend on the
/// counter, see [`hotp`]).
#[must_use]
pub fn totp_at(otp: &Otp, unix_time: u64) -> Option<Code> {
    let period = otp.kind.period()?;
    Some(generate(otp, u64::from(period), unix_time))
}

/// Seconds until a time-based code changes, counted from `unix_time` (1 to `period`).
#[must_use]
pub fn seconds_left(otp: &Otp, unix_time: u64) -> Option<u64> {
    let period = u64::from(otp.kind.period()?);
    Some(period - unix_time % period)
}

/// The HOTP code for `counter`. Counter-based codes are HMAC(counter), which is exactly a TOTP with a
/// one-second step evaluated at `counter`: that lets totp-rs compute both kinds with one tested path.
#[must_use]
pub fn hotp(otp: &Otp, counter: u64) -> Code {
    generate(otp, 1, counter)
}

fn generate(otp: &Otp, step: u64, moment: u64) -> Code {
    let (algorithm, digits) = match (otp.kind, otp.algorithm) {
        (Kind::Steam, _) => (TotpAlgorithm::Steam, STEAM_DIGITS),
        (_, Algorithm::Sha1) => (TotpAlgorithm::SHA1, otp.digits),
        (_, Algorithm::Sha256) => (TotpAlgorithm::SHA256, otp.digits),
        (_, Algorithm::Sha512) => (TotpAlgorithm::SHA512, otp.digits),
    };
    // build_noncompliant: totp-rs refuses the 80-bit secrets many sites issue. Digits and period were
    // validated when the entry was built, so the panicking cases (digits >= 10, step 0) cannot reach here.
    let generator = Builder::new()
        .with_algorithm(algorithm)
        .with_digits(digits)
        .with_step_duration(step)
        .with_secret(otp.secret.bytes())
        .build_noncompliant();
    Zeroizing::new(generator.generate(moment).to_string())
}

/// The HMAC hash. Steam entries use SHA1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// HMAC-SHA1, what nearly every site uses.
    #[default]
    Sha1,
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

impl Algorithm {
    /// The name used in otpauth URIs and in the vault.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
            Self::Sha512 => "SHA512",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An algorithm name fob does not support (MD5, for instance).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported algorithm (use SHA1, SHA256 or SHA512)")]
pub struct UnknownAlgorithm;

impl FromStr for Algorithm {
    type Err = UnknownAlgorithm;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().replace('-', "").as_str() {
            "SHA1" => Ok(Self::Sha1),
            "SHA256" => Ok(Self::Sha256),
            "SHA512" => Ok(Self::Sha512),
            _ => Err(UnknownAlgorithm),
        }
    }
}

/// How codes advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Time-based (RFC 6238): a new code every `period` seconds.
    Totp {
        /// Seconds per code, at least 1.
        period: u32,
    },
    /// Counter-based (RFC 4226): `counter` is the next counter value to use.
    Hotp {
        /// The counter the next code is made from.
        counter: u64,
    },
    /// Steam Guard: TOTP with SHA1, 30 seconds and five characters from Steam's alphabet.
    Steam,
}

impl Kind {
    /// The `type` name in the vault and in otpauth URIs.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Totp { .. } => "totp",
            Self::Hotp { .. } => "hotp",
            Self::Steam => "steam",
        }
    }

    /// Seconds per code for the time-based kinds.
    #[must_use]
    pub fn period(self) -> Option<u32> {
        match self {
            Self::Totp { period } => Some(period),
            Self::Steam => Some(STEAM_PERIOD),
            Self::Hotp { .. } => None,
        }
    }
}

/// Steam Guard's fixed period.
pub const STEAM_PERIOD: u32 = 30;
/// Steam Guard's fixed code length.
pub const STEAM_DIGITS: u8 = 5;
/// The default period of otpauth URIs and phone apps.
pub const DEFAULT_PERIOD: u32 = 30;
/// The default code length.
pub const DEFAULT_DIGITS: u8 = 6;

/// A parameter that cannot make a working code generator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    /// RFC 4226 codes have 6 to 8 digits.
    #[error("{0} digits is not supported (use 6, 7 or 8)")]
    Digits(u64),
    /// A period of zero would divide by zero.
    #[error("a period of {0} seconds is not supported (use 1 to 86400)")]
    Period(u64),
}

/// The longest period accepted: a day. Longer is surely a typo.
pub const MAX_PERIOD: u32 = 86_400;

/// Checks a code length for TOTP/HOTP.
pub fn check_digits(digits: u64) -> Result<u8, ParamError> {
    match digits {
        6..=8 => Ok(u8::try_from(digits).expect("6..=8 fits in u8")),
        _ => Err(ParamError::Digits(digits)),
    }
}

/// Checks a TOTP period.
pub fn check_period(period: u64) -> Result<u32, ParamError> {
    match u32::try_from(period) {
        Ok(p @ 1..=MAX_PERIOD) => Ok(p),
        _ => Err(ParamError::Period(period)),
    }
}

/// Everything needed to make codes. Invariants (checked by the constructors that build it): digits 6–8 for
/// TOTP/HOTP and 5 for Steam; period 1..=86400; algorithm SHA1 for Steam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Otp {
    /// The shared key.
    pub secret: Secret,
    /// Time, counter or Steam.
    pub kind: Kind,
    /// The HMAC hash.
    pub algorithm: Algorithm,
    /// Code length.
    pub digits: u8,
}

impl Otp {
    /// A Steam Guard generator for `secret`.
    #[must_use]
    pub fn steam(secret: Secret) -> Self {
        Self {
            secret,
            kind: Kind::Steam,
            algorithm: Algorithm::Sha1,
            digits: STEAM_DIGITS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn otp(key: &[u8], kind: Kind, algorithm: Algorithm, digits: u8) -> Otp {
        Otp {
            secret: Secret::from_bytes(key.to_vec()).unwrap(),
            kind,
            algorithm,
            digits,
        }
    }

    /// RFC 4226 appendix D.
    #[test]
    fn rfc4226_hotp_vectors() {
        let o = otp(
            b"12345678901234567890",
            Kind::Hotp { counter: 0 },
            Algorithm::Sha1,
            6,
        );
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, want) in expected.iter().enumerate() {
            assert_eq!(
                hotp(&o, counter as u64).as_str(),
                *want,
                "counter {counter}"
            );
        }
    }

    /// RFC 6238 appendix B: each algorithm has its own key length.
    #[test]
    fn rfc6238_totp_vectors() {
        let sha1 = b"12345678901234567890".as_slice();
        let sha256 = b"12345678901234567890123456789012".as_slice();
        let sha512 = b"1234567890123456789012345678901234567890123456789012345678901234".as_slice();
        let table: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ];
        let totp = Kind::Totp { period: 30 };
        for (t, w1, w256, w512) in table {
            assert_eq!(
                totp_at(&otp(sha1, totp, Algorithm::Sha1, 8), t)
                    .unwrap()
                    .as_str(),
                w1
            );
            assert_eq!(
                totp_at(&otp(sha256, totp, Algorithm::Sha256, 8), t)
                    .unwrap()
                    .as_str(),
                w256
            );
            assert_eq!(
                totp_at(&otp(sha512, totp, Algorithm::Sha512, 8), t)
                    .unwrap()
                    .as_str(),
                w512
            );
        }
    }

    #[test]
    fn eighty_bit_secrets_and_other_periods_work() {
        let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        let o = Otp {
            secret,
            kind: Kind::Totp { period: 60 },
            algorithm: Algorithm::Sha1,
            digits: 7,
        };
        let code = totp_at(&o, 1_700_000_000).unwrap();
        assert_eq!(code.len(), 7);
        assert_eq!(
            totp_at(&o, 1_700_000_000 - 1_700_000_000 % 60).unwrap(),
            code
        );
        assert_eq!(
            seconds_left(&o, 1_700_000_000),
            Some(60 - 1_700_000_000 % 60)
        );
    }

    #[test]
    fn steam_codes_use_steams_alphabet() {
        let o = Otp::steam(Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap());
        let code = totp_at(&o, 1_700_000_000).unwrap();
        assert_eq!(code.len(), 5);
        assert!(
            code.chars().all(|c| STEAM_ALPHABET.contains(c)),
            "{}",
            code.as_str()
        );
    }

    #[test]
    fn hotp_entries_have_no_time_code() {
        let o = otp(
            b"12345678901234567890",
            Kind::Hotp { counter: 3 },
            Algorithm::Sha1,
            6,
        );
        assert!(totp_at(&o, 59).is_none());
        assert!(seconds_left(&o, 59).is_none());
    }
}
