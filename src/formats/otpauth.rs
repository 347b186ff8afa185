//! The Key Uri Format (`otpauth://totp/Issuer:account?secret=...`), parsed as real sites and apps write it
//! rather than as the spec says: any case, 80-bit and padded secrets, `+` for spaces, and an `issuer`
//! parameter that disagrees with the label (the parameter wins, as phone apps decide).
//!
//! Also the plainest backup there is, and what most apps import: a text file with one URI a line
//! (Aegis's "Text file" export), read with blank lines and `#` comments skipped, and written.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use super::{Candidate, EntryError, EntryProblem, Error, Reader};
use crate::entry::{
    self, Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, Entry, Kind, Name, NameError, Otp, ParamError,
};
use crate::secret::{Secret, SecretError};

/// How `import` reads a URI list given as `--format uris`. Detection never picks it by shape: text
/// that is no other format is read as URIs, by `import` itself, which also reads migration links and
/// pictures of QR codes that way.
pub const READER: Reader = Reader {
    name: "otpauth URI list",
    recognise: |_, _, _| false,
    is_encrypted: |_| false,
    read: |bytes, _| read_list(bytes),
};

/// Why a line is not a usable otpauth URI. Never carries the URI: it holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UriError {
    /// Not `otpauth://` or `steam://`.
    #[error("not an otpauth:// URI")]
    NotOtpauth,
    /// `otpauth://<type>/` with a type other than totp, hotp or steam.
    #[error("unknown OTP type (expected totp or hotp)")]
    UnknownType,
    /// No `secret=` parameter.
    #[error("no secret= parameter")]
    MissingSecret,
    /// The secret is not base32.
    #[error("{0}")]
    Secret(#[from] SecretError),
    /// `algorithm=` names an unsupported hash.
    #[error("unsupported algorithm (use SHA1, SHA256 or SHA512)")]
    Algorithm,
    /// `digits=`, `period=` out of range.
    #[error("{0}")]
    Param(#[from] ParamError),
    /// `digits=`, `period=` or `counter=` is not a number.
    #[error("{0}= is not a number")]
    NotANumber(&'static str),
    /// Issuer and account both empty, or absurdly long.
    #[error("{0}")]
    Name(#[from] NameError),
    /// The label is not valid UTF-8 once percent-decoded.
    #[error("the label is not valid UTF-8")]
    LabelEncoding,
}

/// What one URI describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// Issuer and account.
    pub name: Name,
    /// The generator.
    pub otp: Otp,
    /// The label named an issuer other than the `issuer=` parameter (the parameter was used).
    pub issuer_mismatch: bool,
}

/// Parses one `otpauth://` (or `steam://SECRET`) URI.
pub fn parse(uri: &str) -> Result<Parsed, UriError> {
    let uri = uri.trim();
    if let Some(secret) = strip_prefix_ignore_case(uri, "steam://") {
        let otp = Otp::steam(Secret::from_base32(secret)?);
        return Ok(Parsed {
            name: Name::new("Steam", "")?,
            otp,
            issuer_mismatch: false,
        });
    }
    let rest = strip_prefix_ignore_case(uri, "otpauth://").ok_or(UriError::NotOtpauth)?;
    let (kind_and_label, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (kind_name, label) = kind_and_label
        .split_once('/')
        .unwrap_or((kind_and_label, ""));
    let kind_name = kind_name.to_ascii_lowercase();

    let mut params = Params::default();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        params.set(&key.to_ascii_lowercase(), value.into_owned());
    }
    let secret = Secret::from_base32(params.secret.as_deref().ok_or(UriError::MissingSecret)?)?;
    let steam = kind_name == "steam"
        || params
            .encoder
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case("steam"));

    let otp = if steam {
        if !matches!(kind_name.as_str(), "totp" | "steam") {
            return Err(UriError::UnknownType);
        }
        Otp::steam(secret)
    } else {
        let kind = match kind_name.as_str() {
            "totp" => Kind::Totp {
                period: number(params.period.as_deref(), "period")?
                    .map_or(Ok(DEFAULT_PERIOD), entry::check_period)?,
            },
            "hotp" => Kind::Hotp {
                counter: number(params.counter.as_deref(), "counter")?.unwrap_or(0),
            },
            _ => return Err(UriError::UnknownType),
        };
        let algorithm = match params.algorithm.as_deref() {
            Some(a) => a.parse::<Algorithm>().map_err(|_| UriError::Algorithm)?,
            None => Algorithm::Sha1,
        };
        let digits = number(params.digits.as_deref(), "digits")?
            .map_or(Ok(DEFAULT_DIGITS), entry::check_digits)?;
        Otp {
            secret,
            kind,
            algorithm,
            digits,
        }
    };

    let label = decode_label(label)?;
    let (label_issuer, account) = match label.split_once(':') {
        Some((issuer, account)) => (issuer.trim(), account.trim()),
        None => ("", label.trim()),
    };
    let param_issuer = params
        .issuer
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty());
    let issuer_mismatch =
        matches!(param_issuer, Some(p) if !label_issuer.is_empty() && p != label_issuer);
    let issuer = param_issuer.unwrap_or(label_issuer);
    let issuer = if issuer.is_empty() && steam {
        "Steam"
    } else {
        issuer
    };
    Ok(Parsed {
        name: Name::new(issuer, account)?,
        otp,
        issuer_mismatch,
    })
}

/// The URI a phone app scans to enrol this entry.
#[must_use]
pub fn format(name: &Name, otp: &Otp) -> zeroize::Zeroizing<String> {
    build(name, otp, true)
}

/// The URI with the settings every app assumes when they are missing (`algorithm=SHA1`, `digits=6`,
/// `period=30`) left out: a shorter text makes a smaller QR code, which fits a terminal more often.
#[must_use]
pub fn format_short(name: &Name, otp: &Otp) -> zeroize::Zeroizing<String> {
    build(name, otp, false)
}

fn build(name: &Name, otp: &Otp, with_defaults: bool) -> zeroize::Zeroizing<String> {
    // A label splits at its first colon, so an issuer goes in it only when it has none (the issuer=
    // parameter carries it either way). Without one, an account holding a colon gets an empty issuer
    // part in front, or its first part would read back as the issuer.
    let label = if !name.issuer.is_empty() && !name.issuer.contains(':') {
        format!("{}:{}", encode(&name.issuer), encode(&name.account))
    } else if name.account.contains(':') {
        format!(":{}", encode(&name.account))
    } else {
        encode(&name.account)
    };
    let mut uri = format!(
        "otpauth://{}/{label}?secret={}",
        otp.kind.name(),
        otp.secret.base32().as_str()
    );
    if !name.issuer.is_empty() {
        uri.push_str("&issuer=");
        uri.push_str(&encode(&name.issuer));
    }
    match otp.kind {
        Kind::Steam => uri.push_str("&digits=5"),
        Kind::Totp { .. } | Kind::Hotp { .. } => {
            if with_defaults || otp.algorithm != crate::entry::Algorithm::Sha1 {
                uri.push_str(&format!("&algorithm={}", otp.algorithm));
            }
            if with_defaults || otp.digits != 6 {
                uri.push_str(&format!("&digits={}", otp.digits));
            }
            match otp.kind {
                Kind::Totp { period } if with_defaults || period != 30 => {
                    uri.push_str(&format!("&period={period}"));
                }
                Kind::Hotp { counter } => uri.push_str(&format!("&counter={counter}")),
                _ => {}
            }
        }
    }
    zeroize::Zeroizing::new(uri)
}

/// A line that could not be read, by number, with the reason (never the line: it holds a secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {error}")]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// Why.
    pub error: UriError,
}

/// Reads text with one otpauth URI a line; blank lines and `#` comments are skipped.
/// Returns what parsed and what did not, so the caller can refuse the whole file or skip the bad lines.
#[must_use]
pub fn parse_uri_list(text: &str) -> (Vec<Candidate>, Vec<LineError>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse(line) {
            Ok(p) => good.push(Candidate {
                name: p.name,
                otp: p.otp,
                origin: format!("line {}", i + 1),
                extra: serde_json::Map::new(),
            }),
            Err(error) => bad.push(LineError { line: i + 1, error }),
        }
    }
    (good, bad)
}

/// [`parse_uri_list`] of a file's bytes, its bad lines as problems placed `line N`.
fn read_list(bytes: &[u8]) -> Result<super::Parsed, Error> {
    let text = std::str::from_utf8(bytes).map_err(|_| Error::Malformed("not UTF-8 text".into()))?;
    let (candidates, bad) = parse_uri_list(text);
    let problems = bad
        .into_iter()
        .map(|b| EntryProblem {
            place: format!("line {}", b.line),
            error: EntryError::Uri(b.error),
        })
        .collect();
    Ok(super::Parsed {
        candidates,
        problems,
    })
}

/// One `otpauth://` URI per line.
#[must_use]
pub fn uri_list(entries: &[&Entry]) -> zeroize::Zeroizing<Vec<u8>> {
    let mut out = zeroize::Zeroizing::new(Vec::new());
    for e in entries {
        out.extend_from_slice(format(&e.name, &e.otp).as_bytes());
        out.push(b'\n');
    }
    out
}

/// RFC 3986 unreserved characters stay as they are; everything else is escaped.
const LABEL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(part: &str) -> String {
    utf8_percent_encode(part, LABEL).to_string()
}

/// Labels arrive percent-encoded, sometimes with `+` for spaces (Microsoft's); a literal plus is `%2B`.
fn decode_label(label: &str) -> Result<String, UriError> {
    let spaced = label.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| UriError::LabelEncoding)
}

fn number(value: Option<&str>, what: &'static str) -> Result<Option<u64>, UriError> {
    value
        .map(|v| {
            v.trim()
                .parse::<u64>()
                .map_err(|_| UriError::NotANumber(what))
        })
        .transpose()
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The query parameters fob reads; the first occurrence of each wins, unknown ones (`image`, `color`) are ignored.
#[derive(Default)]
struct Params {
    secret: Option<zeroize::Zeroizing<String>>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
    counter: Option<String>,
    encoder: Option<String>,
}

impl Params {
    fn set(&mut self, key: &str, value: String) {
        let slot = match key {
            "secret" => {
                if self.secret.is_none() {
                    self.secret = Some(zeroize::Zeroizing::new(value));
                }
                return;
            }
            "issuer" => &mut self.issuer,
            "algorithm" => &mut self.algorithm,
            "digits" => &mut self.digits,
            "period" => &mut self.period,
            "counter" => &mut self.counter,
            "encoder" => &mut self.encoder,
            _ => return,
        };
        slot.get_or_insert(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(uri: &str) -> Parsed {
        parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"))
    }

    /// Found by the `otpauth_uri` fuzz target (issue 7): an `issuer=` holding a colon was written into
    /// the label, which splits at its first colon, so the URI fob wrote read back with part of the
    /// issuer in the account (or failed as too long).
    #[test]
    fn r7_colons_in_names_survive_format_and_parse() {
        let long = format!("A:{}", "x".repeat(1000));
        for uri in [
            "otpauth://totp/acct?secret=JBSWY3DPEHPK3PXP&issuer=A%3AB".to_owned(),
            "otpauth://totp/acct%3Aname?secret=JBSWY3DPEHPK3PXP&issuer=A:B".to_owned(),
            "otpauth://totp/:x:y?secret=JBSWY3DPEHPK3PXP".to_owned(),
            format!("otpauth://hotp/Bank:me?secret=JBSWY3DPEHPK3PXP&issuer={long}"),
        ] {
            let first = ok(&uri);
            let again = ok(&format(&first.name, &first.otp));
            assert_eq!(again.name, first.name, "{uri}");
            assert_eq!(again.otp, first.otp, "{uri}");
        }
        assert_eq!(
            ok("otpauth://totp/acct?secret=JBSWY3DPEHPK3PXP&issuer=A%3AB").name,
            Name::new("A:B", "acct").unwrap()
        );
    }

    #[test]
    fn google_style_uri_with_defaults() {
        let p =
            ok("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example");
        assert_eq!(p.name.to_string(), "Example:alice@google.com");
        assert_eq!(p.otp.kind, Kind::Totp { period: 30 });
        assert_eq!((p.otp.algorithm, p.otp.digits), (Algorithm::Sha1, 6));
        assert!(!p.issuer_mismatch);
    }

    #[test]
    fn real_world_quirks_are_accepted() {
        let p = ok(
            "OTPAUTH://TOTP/ACME%20Co:john.doe%40email.com?secret=jbsw%20y3dp%20ehpk%203pxp%3D%3D&algorithm=sha256&digits=8&period=60&image=x",
        );
        assert_eq!(p.name.issuer, "ACME Co");
        assert_eq!(p.name.account, "john.doe@email.com");
        assert_eq!(p.otp.secret.base32().as_str(), "JBSWY3DPEHPK3PXP");
        assert_eq!(
            (p.otp.algorithm, p.otp.digits, p.otp.kind),
            (Algorithm::Sha256, 8, Kind::Totp { period: 60 })
        );

        let p =
            ok("otpauth://totp/Microsoft+Corp%3Aalice?secret=JBSWY3DPEHPK3PXP&issuer=Microsoft");
        assert_eq!(p.name.issuer, "Microsoft");
        assert_eq!(p.name.account, "alice");
        assert!(p.issuer_mismatch);

        let p = ok("otpauth://totp/?secret=JBSWY3DPEHPK3PXP&issuer=Example+Corp");
        assert_eq!(p.name.to_string(), "Example Corp");
    }

    #[test]
    fn hotp_and_steam() {
        let p = ok("otpauth://hotp/Bank:me?secret=JBSWY3DPEHPK3PXP&counter=42");
        assert_eq!(p.otp.kind, Kind::Hotp { counter: 42 });
        assert_eq!(
            ok("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP").otp.kind,
            Kind::Hotp { counter: 0 }
        );
        for uri in [
            "otpauth://steam/Steam:gamer?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/Steam:gamer?secret=JBSWY3DPEHPK3PXP&encoder=steam",
        ] {
            let p = ok(uri);
            assert_eq!(p.otp.kind, Kind::Steam, "{uri}");
            assert_eq!(p.name.to_string(), "Steam:gamer");
        }
        let p = ok("steam://JBSWY3DPEHPK3PXP");
        assert_eq!(
            (p.otp.kind, p.name.to_string().as_str()),
            (Kind::Steam, "Steam")
        );
    }

    #[test]
    fn the_short_form_leaves_out_defaults_and_reads_back_the_same() {
        let parsed =
            parse("otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub").unwrap();
        let short = format_short(&parsed.name, &parsed.otp);
        assert_eq!(
            short.as_str(),
            "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"
        );
        let other =
            parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=8&period=60")
                .unwrap();
        let short = format_short(&other.name, &other.otp);
        assert_eq!(parse(&short).unwrap(), other);
        assert!(short.contains("algorithm=SHA256&digits=8&period=60"));
    }

    #[test]
    fn bad_uris_name_the_problem() {
        let cases = [
            ("https://example.com", UriError::NotOtpauth),
            (
                "otpauth://motp/x?secret=JBSWY3DPEHPK3PXP",
                UriError::UnknownType,
            ),
            ("otpauth://totp/x?issuer=a", UriError::MissingSecret),
            (
                "otpauth://totp/x?secret=!!!!",
                UriError::Secret(SecretError::NotBase32 {
                    character: '!',
                    position: 1,
                }),
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
                UriError::Algorithm,
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=10",
                UriError::Param(ParamError::Digits(10)),
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
                UriError::Param(ParamError::Period(0)),
            ),
            (
                "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six",
                UriError::NotANumber("digits"),
            ),
            (
                "otpauth://totp/?secret=JBSWY3DPEHPK3PXP",
                UriError::Name(NameError::Empty),
            ),
        ];
        for (uri, want) in cases {
            assert_eq!(parse(uri).unwrap_err(), want, "{uri}");
        }
        let msg = parse("otpauth://totp/x?secret=JBSWY3DP!HPK3PXP")
            .unwrap_err()
            .to_string();
        assert!(!msg.contains("JBSW"), "{msg}");
    }

    #[test]
    fn huge_labels_are_refused_not_stored() {
        let uri = format!(
            "otpauth://totp/{}?secret=JBSWY3DPEHPK3PXP",
            "a".repeat(1 << 20)
        );
        assert!(matches!(
            parse(&uri),
            Err(UriError::Name(NameError::TooLong(_)))
        ));
    }

    mod round_trip {
        use super::*;
        use proptest::prelude::*;

        fn arb_otp() -> impl Strategy<Value = Otp> {
            let secret = proptest::collection::vec(any::<u8>(), 1..40);
            let kind = prop_oneof![
                (1u32..=86_400).prop_map(|period| Kind::Totp { period }),
                any::<u64>().prop_map(|counter| Kind::Hotp { counter }),
                Just(Kind::Steam),
            ];
            let alg = prop_oneof![
                Just(Algorithm::Sha1),
                Just(Algorithm::Sha256),
                Just(Algorithm::Sha512)
            ];
            (secret, kind, alg, 6u8..=8).prop_map(|(s, kind, algorithm, digits)| {
                let secret = Secret::from_bytes(s).unwrap();
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

        fn arb_name() -> impl Strategy<Value = Name> {
            ("\\PC{0,20}", "\\PC{0,30}")
                .prop_filter_map("empty name", |(i, a)| Name::new(&i, &a).ok())
        }

        proptest! {
            #[test]
            fn entry_to_uri_to_entry(name in arb_name(), otp in arb_otp()) {
                let uri = format(&name, &otp);
                let back = parse(&uri).unwrap();
                let want_name = if otp.kind == Kind::Steam && name.issuer.is_empty() {
                    Name::new("Steam", &name.account).unwrap()
                } else { name };
                prop_assert_eq!(back.name, want_name);
                prop_assert_eq!(back.otp, otp);
            }

            #[test]
            fn arbitrary_text_never_panics(s in "\\PC{0,200}") {
                let _ = parse(&s);
                let _ = parse(&format!("otpauth://totp/{s}"));
            }
        }
    }
}
