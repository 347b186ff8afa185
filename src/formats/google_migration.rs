//! Google Authenticator's export: `otpauth-migration://offline?data=<base64 protobuf>`, read and written.
//!
//! The protobuf messages are declared by hand with prost's derive (no `build.rs`, no `protoc`), following
//! the schema that Aegis and dim13/otpauth publish. Enum fields are plain `int32` so that values fob does
//! not know (MD5, anything newer) arrive as numbers and are refused by name instead of silently becoming
//! the default. One export may span several QR codes ("batches"); [`assemble`] puts the parts back
//! together and names the ones that are missing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::LazyLock;

use data_encoding::{Encoding, Specification};
use prost::Message;
use zeroize::Zeroizing;

use crate::entry::{Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD, Entry, Kind, Name, NameError, Otp};
use crate::secret::{Secret, SecretError};

/// The URI scheme, compared ignoring case.
pub const SCHEME: &str = "otpauth-migration://";

/// Google Authenticator writes at most this many accounts into one QR code (Aegis uses the same number).
pub const MAX_ACCOUNTS_PER_PART: usize = 10;

/// A QR code holds under 3 KB; a payload this large did not come from one, and is refused before decoding.
const MAX_PAYLOAD_BYTES: usize = 1 << 20;

/// Why a migration URI or payload cannot be read. Never carries the payload: it holds secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrationError {
    /// Not `otpauth-migration://`.
    #[error("not an otpauth-migration:// URI")]
    NotMigration,
    /// No `data=` parameter.
    #[error("the otpauth-migration URI has no data= parameter")]
    MissingData,
    /// `data=` is not base64.
    #[error("the otpauth-migration data is not base64")]
    NotBase64,
    /// The payload is larger than any QR code holds.
    #[error("the otpauth-migration data is too large ({0} bytes)")]
    TooLarge(usize),
    /// The bytes are not a `MigrationPayload` protobuf.
    #[error("the otpauth-migration data is damaged (not a Google Authenticator export)")]
    Protobuf,
    /// The part numbers make no sense: no export has that many codes, or this part is outside them.
    #[error("the otpauth-migration data claims to be part {index} of {size}, which no export is")]
    BadBatch {
        /// The batch size in the payload.
        size: i32,
        /// The 0-based index in the payload.
        index: i32,
    },
}

/// More codes than any export shows (ten accounts each: 10,000 accounts); a larger claimed size is hostile
/// or damaged, and would otherwise make fob list billions of "missing parts".
pub const MAX_BATCH_SIZE: i32 = 1000;

/// Why one account inside an export cannot become an entry. Names the account, never its secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The secret field is empty (or absurdly long).
    #[error("{0}")]
    Secret(#[from] SecretError),
    /// `ALGORITHM_MD5`, which no authenticator can check codes with; Aegis refuses it too.
    #[error("the MD5 algorithm is not supported")]
    Md5,
    /// An algorithm number this schema does not define.
    #[error("unknown algorithm number {0}")]
    UnknownAlgorithm(i32),
    /// A digit-count number this schema does not define (1 is six digits, 2 is eight).
    #[error("unknown digit count number {0}")]
    UnknownDigits(i32),
    /// An OTP type number this schema does not define (1 is HOTP, 2 is TOTP).
    #[error("unknown OTP type number {0}")]
    UnknownType(i32),
    /// A negative HOTP counter.
    #[error("negative HOTP counter {0}")]
    NegativeCounter(i64),
    /// Issuer and account both empty, or too long.
    #[error("{0}")]
    Name(#[from] NameError),
}

/// Which part of a multi-QR export a payload is. A single-code export has `size` 1 (or 0 from older apps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Batch {
    /// Random number shared by every QR code of one export.
    pub id: i32,
    /// How many QR codes the export has.
    pub size: i32,
    /// This code's place, from 0.
    pub index: i32,
}

impl Batch {
    /// Whether this payload is one part of several.
    #[must_use]
    pub fn is_multi_part(self) -> bool {
        self.size > 1
    }
}

/// One account read from an export: its name (for messages) and, unless refused, the generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// What the export calls it, as fob would name it (or as close as could be read).
    pub label: String,
    /// The entry, or why it cannot be one.
    pub entry: Result<(Name, Otp), AccountError>,
}

/// A decoded `MigrationPayload`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    /// Every account, in the export's order.
    pub accounts: Vec<Account>,
    /// Where this payload sits in a multi-QR export.
    pub batch: Batch,
    /// The format version the exporter wrote (Google and Aegis write 1).
    pub version: i32,
}

/// Parses an `otpauth-migration://offline?data=...` URI. The base64 may be padded or not, and a `+`
/// turned into a space by form decoding is put back.
pub fn parse_uri(uri: &str) -> Result<Payload, MigrationError> {
    let uri = uri.trim();
    let head = uri
        .get(..SCHEME.len())
        .ok_or(MigrationError::NotMigration)?;
    if !head.eq_ignore_ascii_case(SCHEME) {
        return Err(MigrationError::NotMigration);
    }
    let query = uri[SCHEME.len()..]
        .split_once('?')
        .map(|(_, q)| q)
        .ok_or(MigrationError::MissingData)?;
    let data = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "data")
        .map(|(_, v)| Zeroizing::new(v.into_owned()))
        .ok_or(MigrationError::MissingData)?;
    decode_payload(&decode_base64(&data)?)
}

/// Decodes the base64 text of `data=` into protobuf bytes.
pub fn decode_base64(data: &str) -> Result<Zeroizing<Vec<u8>>, MigrationError> {
    // Form decoding turned every `+` of the standard alphabet into a space; a space is never base64.
    let data = Zeroizing::new(data.trim().replace(' ', "+"));
    if data.len() / 4 * 3 > MAX_PAYLOAD_BYTES {
        return Err(MigrationError::TooLarge(data.len() / 4 * 3));
    }
    LENIENT_BASE64
        .decode(data.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| MigrationError::NotBase64)
}

/// Standard or URL-safe alphabet, with or without `=` padding, line breaks ignored.
static LENIENT_BASE64: LazyLock<Encoding> = LazyLock::new(|| {
    let mut spec = Specification::new();
    spec.symbols
        .push_str("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    spec.translate.from.push_str("-_");
    spec.translate.to.push_str("+/");
    spec.ignore.push_str("=\r\n\t");
    spec.check_trailing_bits = false;
    spec.encoding().expect("the base64 specification is valid")
});

/// Decodes the protobuf bytes of a `MigrationPayload`. Untrusted input: a fuzzing entry point.
pub fn decode_payload(bytes: &[u8]) -> Result<Payload, MigrationError> {
    if bytes.len() > MAX_PAYLOAD_BYTES {
        return Err(MigrationError::TooLarge(bytes.len()));
    }
    let mut raw = MigrationPayload::decode(bytes).map_err(|_| MigrationError::Protobuf)?;
    let multi_part = raw.batch_size > 1;
    if raw.batch_size > MAX_BATCH_SIZE
        || (multi_part && !(0..raw.batch_size).contains(&raw.batch_index))
    {
        return Err(MigrationError::BadBatch {
            size: raw.batch_size,
            index: raw.batch_index,
        });
    }
    let accounts = raw.otp_parameters.iter_mut().map(account).collect();
    Ok(Payload {
        accounts,
        batch: Batch {
            id: raw.batch_id,
            size: raw.batch_size,
            index: raw.batch_index,
        },
        version: raw.version,
    })
}

/// Applies the mapping rules Aegis uses (FORMATS.md (a)) to one account, taking its secret out of the
/// protobuf struct so that only the zeroizing [`Secret`] keeps it.
fn account(p: &mut OtpParameters) -> Account {
    let secret = Zeroizing::new(std::mem::take(&mut p.secret));
    let issuer = p.issuer.trim();
    let name = p.name.trim();
    let (issuer, account) = if issuer.is_empty() {
        match name.split_once(':') {
            Some((i, a)) => (i, a),
            None => ("", name),
        }
    } else {
        // Google writes "Issuer:account" into `name` even when `issuer` is set: do not repeat it.
        let account = name
            .get(..issuer.len() + 1)
            .filter(|head| head.ends_with(':') && head[..issuer.len()].eq_ignore_ascii_case(issuer))
            .map_or(name, |head| &name[head.len()..]);
        (issuer, account)
    };
    let label = match (issuer.trim().is_empty(), account.trim().is_empty()) {
        (true, _) => account.trim().to_owned(),
        (false, true) => issuer.trim().to_owned(),
        (false, false) => format!("{}:{}", issuer.trim(), account.trim()),
    };
    let entry = otp(p, secret.to_vec()).and_then(|otp| Ok((Name::new(issuer, account)?, otp)));
    Account { label, entry }
}

fn otp(p: &OtpParameters, secret: Vec<u8>) -> Result<Otp, AccountError> {
    let secret = Secret::from_bytes(secret)?;
    let algorithm = match p.algorithm {
        0 | 1 => Algorithm::Sha1,
        2 => Algorithm::Sha256,
        3 => Algorithm::Sha512,
        4 => return Err(AccountError::Md5),
        n => return Err(AccountError::UnknownAlgorithm(n)),
    };
    let digits = match p.digits {
        0 | 1 => DEFAULT_DIGITS,
        2 => 8,
        n => return Err(AccountError::UnknownDigits(n)),
    };
    let kind = match p.r#type {
        0 | 2 => Kind::Totp {
            period: DEFAULT_PERIOD,
        },
        1 => Kind::Hotp {
            counter: u64::try_from(p.counter)
                .map_err(|_| AccountError::NegativeCounter(p.counter))?,
        },
        n => return Err(AccountError::UnknownType(n)),
    };
    Ok(Otp {
        secret,
        kind,
        algorithm,
        digits,
    })
}

/// Why an entry cannot go into Google's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unexpressible {
    /// Steam Guard codes are not in the schema.
    #[error("Steam Guard entries cannot be expressed in Google Authenticator's format")]
    Steam,
    /// The schema has no period field: every TOTP is 30 seconds.
    #[error("a period of {0} s cannot be expressed in Google Authenticator's format (only 30 s)")]
    Period(u32),
    /// The schema has six or eight digits only.
    #[error("{0} digits cannot be expressed in Google Authenticator's format (only 6 or 8)")]
    Digits(u8),
}

/// Checks that an entry survives a trip through Google's format unchanged.
pub fn expressible(otp: &Otp) -> Result<(), Unexpressible> {
    match otp.kind {
        Kind::Steam => return Err(Unexpressible::Steam),
        Kind::Totp { period } if period != DEFAULT_PERIOD => {
            return Err(Unexpressible::Period(period));
        }
        _ => {}
    }
    match otp.digits {
        6 | 8 => Ok(()),
        d => Err(Unexpressible::Digits(d)),
    }
}

/// Builds the `otpauth-migration://` URIs of an export of `entries`, at most `per_part` accounts per
/// URI, with batch fields set so an importer can tell when a part is missing. `batch_id` should be random.
pub fn encode_uris(
    entries: &[(&Name, &Otp)],
    per_part: usize,
    batch_id: i32,
) -> Result<Vec<Zeroizing<String>>, Unexpressible> {
    for (_, otp) in entries {
        expressible(otp)?;
    }
    let chunks: Vec<&[(&Name, &Otp)]> = entries.chunks(per_part.max(1)).collect();
    let size = i32::try_from(chunks.len()).unwrap_or(i32::MAX);
    let mut uris = Vec::with_capacity(chunks.len());
    for (index, chunk) in chunks.iter().enumerate() {
        let payload = MigrationPayload {
            otp_parameters: chunk.iter().map(|(n, o)| parameters(n, o)).collect(),
            version: 1,
            batch_size: size,
            batch_index: i32::try_from(index).unwrap_or(i32::MAX),
            batch_id,
        };
        let bytes = Zeroizing::new(payload.encode_to_vec());
        let b64 = Zeroizing::new(data_encoding::BASE64.encode(&bytes));
        let mut uri = Zeroizing::new(format!("{SCHEME}offline?data="));
        uri.extend(form_urlencoded::byte_serialize(b64.as_bytes()));
        uris.push(uri);
        // `payload` holds secrets: wipe them before it is dropped.
        for mut p in payload.otp_parameters {
            zeroize::Zeroize::zeroize(&mut p.secret);
        }
    }
    Ok(uris)
}

/// The migration URIs of an export of some entries, and the entries that cannot be expressed in this
/// format (Steam, periods other than 30 s, seven digits), named so the caller can warn.
pub struct GoogleExport {
    /// One `otpauth-migration://` URI per QR code, at most [`MAX_ACCOUNTS_PER_PART`] accounts each.
    pub uris: Vec<Zeroizing<String>>,
    /// Display names of the entries left out, with why.
    pub skipped: Vec<(String, Unexpressible)>,
}

/// Builds a Google Authenticator export of `entries` with a random batch id, leaving out (and naming)
/// the entries the format cannot express.
///
/// # Panics
/// When the operating system has no randomness to give.
#[must_use]
pub fn export(entries: &[&Entry]) -> GoogleExport {
    // Positive, as Google's own ids are; some importers read the field as unsigned.
    let batch_id = i32::from_le_bytes(*super::crypto::random::<4>()) & i32::MAX;
    let mut kept = Vec::new();
    let mut skipped = Vec::new();
    for e in entries {
        match expressible(&e.otp) {
            Ok(()) => kept.push((&e.name, &e.otp)),
            Err(why) => skipped.push((e.name.to_string(), why)),
        }
    }
    let uris = encode_uris(&kept, MAX_ACCOUNTS_PER_PART, batch_id)
        .expect("only expressible entries are kept");
    GoogleExport { uris, skipped }
}

/// The protobuf form of one entry. `name` carries `Issuer:account`, as Google's own exports do; the
/// importer strips the prefix again, so an account that itself starts with `Issuer:` survives. With no
/// issuer, an account holding a colon gets a leading `:` so the importer does not split it.
fn parameters(name: &Name, otp: &Otp) -> OtpParameters {
    let label = if name.issuer.is_empty() {
        if name.account.contains(':') {
            format!(":{}", name.account)
        } else {
            name.account.clone()
        }
    } else {
        format!("{}:{}", name.issuer, name.account)
    };
    let (r#type, counter) = match otp.kind {
        Kind::Hotp { counter } => (1, i64::try_from(counter).unwrap_or(i64::MAX)),
        _ => (2, 0),
    };
    OtpParameters {
        secret: otp.secret.bytes().to_vec(),
        name: label,
        issuer: name.issuer.clone(),
        algorithm: match otp.algorithm {
            Algorithm::Sha1 => 1,
            Algorithm::Sha256 => 2,
            Algorithm::Sha512 => 3,
        },
        digits: if otp.digits == 8 { 2 } else { 1 },
        r#type,
        counter,
    }
}

/// A multi-part export with parts missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The export's batch id.
    pub batch_id: i32,
    /// How many parts it has.
    pub size: i32,
    /// The missing parts, numbered from 1 as a person counts them.
    pub missing: Vec<i32>,
    /// Where the parts that were given came from.
    pub origins: Vec<String>,
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.missing.iter().map(ToString::to_string).collect();
        let noun = if parts.len() == 1 { "part" } else { "parts" };
        write!(
            f,
            "Google Authenticator export incomplete: {noun} {} of {} missing (scanned: {})",
            parts.join(", "),
            self.size,
            self.origins.join(", ")
        )
    }
}

/// The result of putting the parts of multi-QR exports together.
#[derive(Debug)]
pub struct Assembled<T> {
    /// Items of single-code exports and of complete multi-part exports, in the order given.
    pub complete: Vec<T>,
    /// Items of exports with parts missing, in the order given.
    pub partial: Vec<T>,
    /// What is missing from each incomplete export.
    pub gaps: Vec<Gap>,
}

/// Groups payloads by batch id and reports the indices each export lacks. `items` pairs each payload's
/// batch with whatever the caller carries for it (its accounts) and with where it came from. A part
/// given twice (the same code scanned twice) is kept once.
#[must_use]
pub fn assemble<T>(items: Vec<(Batch, String, T)>) -> Assembled<T> {
    /// What is known of one export: its size, the indices given, and where they came from.
    #[derive(Default)]
    struct Group {
        size: i32,
        have: BTreeSet<i32>,
        origins: Vec<String>,
    }
    let mut groups: BTreeMap<i32, Group> = BTreeMap::new();
    for (batch, origin, _) in &items {
        if batch.is_multi_part() {
            let g = groups.entry(batch.id).or_default();
            g.size = g.size.max(batch.size);
            g.have.insert(batch.index);
            g.origins.push(origin.clone());
        }
    }
    let mut gaps = Vec::new();
    for (
        &batch_id,
        Group {
            size,
            have,
            origins,
        },
    ) in &groups
    {
        let missing: Vec<i32> = (0..*size)
            .filter(|i| !have.contains(i))
            .map(|i| i + 1)
            .collect();
        if !missing.is_empty() {
            gaps.push(Gap {
                batch_id,
                size: *size,
                missing,
                origins: origins.clone(),
            });
        }
    }
    let mut out = Assembled {
        complete: Vec::new(),
        partial: Vec::new(),
        gaps,
    };
    let mut seen = BTreeSet::new();
    for (batch, _, item) in items {
        if batch.is_multi_part() {
            if !seen.insert((batch.id, batch.index)) {
                continue;
            }
            if out.gaps.iter().any(|g| g.batch_id == batch.id) {
                out.partial.push(item);
                continue;
            }
        }
        out.complete.push(item);
    }
    out
}

/// `MigrationPayload` as Google Authenticator writes it.
#[derive(Clone, PartialEq, Message)]
#[prost(skip_debug)]
struct MigrationPayload {
    #[prost(message, repeated, tag = "1")]
    otp_parameters: Vec<OtpParameters>,
    #[prost(int32, tag = "2")]
    version: i32,
    #[prost(int32, tag = "3")]
    batch_size: i32,
    #[prost(int32, tag = "4")]
    batch_index: i32,
    #[prost(int32, tag = "5")]
    batch_id: i32,
}

/// `MigrationPayload.OtpParameters`. Enums are `int32` on purpose (see the module docs).
#[derive(Clone, PartialEq, Message)]
#[prost(skip_debug)]
struct OtpParameters {
    #[prost(bytes = "vec", tag = "1")]
    secret: Vec<u8>,
    #[prost(string, tag = "2")]
    name: String,
    #[prost(string, tag = "3")]
    issuer: String,
    #[prost(int32, tag = "4")]
    algorithm: i32,
    #[prost(int32, tag = "5")]
    digits: i32,
    #[prost(int32, tag = "6")]
    r#type: i32,
    #[prost(int64, tag = "7")]
    counter: i64,
}

impl fmt::Debug for MigrationPayload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MigrationPayload")
            .field("accounts", &self.otp_parameters.len())
            .field("batch_size", &self.batch_size)
            .field("batch_index", &self.batch_index)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for OtpParameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpParameters")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// dim13/otpauth's sample (CRATES.md 3.5): unpadded, issuer repeated in the name, enums unspecified.
    const SAMPLE: &str = "CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC";

    fn only(p: &Payload) -> (Name, Otp) {
        assert_eq!(p.accounts.len(), 1);
        p.accounts[0].entry.clone().unwrap()
    }

    #[test]
    fn absurd_batch_numbers_are_refused() {
        for (size, index) in [(i32::MAX, 0), (MAX_BATCH_SIZE + 1, 0), (3, 3), (3, -1)] {
            let raw = MigrationPayload {
                batch_size: size,
                batch_index: index,
                ..MigrationPayload::default()
            };
            let err = decode_payload(&raw.encode_to_vec()).unwrap_err();
            assert_eq!(err, MigrationError::BadBatch { size, index });
        }
    }

    #[test]
    fn known_sample_decodes() {
        for uri in [
            format!("otpauth-migration://offline?data={SAMPLE}"),
            format!("OTPAUTH-MIGRATION://offline?data={SAMPLE}%3D%3D"),
            format!("otpauth-migration://offline?data={SAMPLE}=="),
        ] {
            let p = parse_uri(&uri).unwrap_or_else(|e| panic!("{uri}: {e}"));
            let (name, otp) = only(&p);
            assert_eq!(name.to_string(), "Example:alice@google.com");
            assert_eq!(otp.secret.base32().as_str(), "JBSWY3DPEHPK3PXP");
            assert_eq!(otp.kind, Kind::Totp { period: 30 });
            assert_eq!((otp.algorithm, otp.digits), (Algorithm::Sha1, 6));
            assert!(!p.batch.is_multi_part());
        }
    }

    #[test]
    fn plus_turned_into_space_is_put_back() {
        let name = Name::new("Plus", "p").unwrap();
        // Find secret bytes whose base64 has a `+` in it.
        let (otp, raw) = (0..=255u8)
            .find_map(|b| {
                let otp = Otp {
                    secret: Secret::from_bytes(vec![b, 0xfb, 0xef, 0xbe, b]).unwrap(),
                    kind: Kind::Totp { period: 30 },
                    algorithm: Algorithm::Sha1,
                    digits: 6,
                };
                let uri = encode_uris(&[(&name, &otp)], 10, 7).unwrap().remove(0);
                let data = uri.split_once("data=").unwrap().1;
                let raw: String = percent_encoding::percent_decode_str(data)
                    .decode_utf8()
                    .unwrap()
                    .into();
                raw.contains('+').then_some((otp, raw))
            })
            .unwrap();
        let mangled = format!("otpauth-migration://offline?data={}", raw.replace('+', " "));
        let (_, back) = only(&parse_uri(&mangled).unwrap());
        assert_eq!(back, otp);
        let plus_as_is = format!("otpauth-migration://offline?data={raw}");
        assert_eq!(only(&parse_uri(&plus_as_is).unwrap()).1, otp);
    }

    fn raw(params: Vec<OtpParameters>) -> Vec<u8> {
        MigrationPayload {
            otp_parameters: params,
            version: 1,
            batch_size: 1,
            batch_index: 0,
            batch_id: 1,
        }
        .encode_to_vec()
    }

    fn params(name: &str, issuer: &str) -> OtpParameters {
        OtpParameters {
            secret: b"12345678901234567890".to_vec(),
            name: name.into(),
            issuer: issuer.into(),
            ..OtpParameters::default()
        }
    }

    #[test]
    fn mapping_rules() {
        let mut md5 = params("md5", "");
        md5.algorithm = 4;
        let mut hotp = params("Bank:me", "");
        hotp.r#type = 1;
        hotp.counter = 42;
        hotp.digits = 2;
        hotp.algorithm = 3;
        let mut bad_digits = params("d", "");
        bad_digits.digits = 3;
        let mut empty = params("empty", "X");
        empty.secret.clear();
        let p = decode_payload(&raw(vec![
            md5,
            hotp,
            bad_digits,
            empty,
            params("Example:bob", "Example"),
            params("Other:bob", "Example"),
            params("example:carol", "Example"),
        ]))
        .unwrap();
        let a = &p.accounts;
        assert_eq!(a[0].entry, Err(AccountError::Md5));
        assert_eq!(a[0].label, "md5");
        let (name, otp) = a[1].entry.clone().unwrap();
        assert_eq!(name.to_string(), "Bank:me");
        assert_eq!(otp.kind, Kind::Hotp { counter: 42 });
        assert_eq!((otp.algorithm, otp.digits), (Algorithm::Sha512, 8));
        assert_eq!(a[2].entry, Err(AccountError::UnknownDigits(3)));
        assert_eq!(a[3].entry, Err(AccountError::Secret(SecretError::Empty)));
        assert_eq!(a[3].label, "X:empty");
        assert_eq!(a[4].entry.clone().unwrap().0.to_string(), "Example:bob");
        assert_eq!(
            a[5].entry.clone().unwrap().0.to_string(),
            "Example:Other:bob"
        );
        assert_eq!(a[6].entry.clone().unwrap().0.to_string(), "Example:carol");
        assert!(!format!("{p:?}").contains("1234567890"));
    }

    #[test]
    fn garbage_is_refused() {
        assert_eq!(
            parse_uri("otpauth://totp/x?secret=A").unwrap_err(),
            MigrationError::NotMigration
        );
        assert_eq!(
            parse_uri("otpauth-migration://offline").unwrap_err(),
            MigrationError::MissingData
        );
        assert_eq!(
            parse_uri("otpauth-migration://offline?data=!!!").unwrap_err(),
            MigrationError::NotBase64
        );
        assert_eq!(
            parse_uri("otpauth-migration://offline?data=AAAA").unwrap_err(),
            MigrationError::Protobuf
        );
    }

    #[test]
    fn steam_and_odd_periods_are_not_expressible() {
        let secret = Secret::from_bytes(vec![1; 10]).unwrap();
        assert_eq!(
            expressible(&Otp::steam(secret.clone())),
            Err(Unexpressible::Steam)
        );
        let otp = Otp {
            secret,
            kind: Kind::Totp { period: 60 },
            algorithm: Algorithm::Sha1,
            digits: 6,
        };
        assert_eq!(expressible(&otp), Err(Unexpressible::Period(60)));
    }

    fn sample_entries(n: usize) -> Vec<(Name, Otp)> {
        (0..n)
            .map(|i| {
                (
                    Name::new("Issuer", &format!("user{i}")).unwrap(),
                    Otp {
                        secret: Secret::from_bytes(vec![u8::try_from(i).unwrap() + 1; 20]).unwrap(),
                        kind: Kind::Totp { period: 30 },
                        algorithm: Algorithm::Sha256,
                        digits: 8,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn batches_split_and_assemble() {
        let entries = sample_entries(23);
        let refs: Vec<(&Name, &Otp)> = entries.iter().map(|(n, o)| (n, o)).collect();
        let uris = encode_uris(&refs, MAX_ACCOUNTS_PER_PART, 99).unwrap();
        assert_eq!(uris.len(), 3);
        let payloads: Vec<Payload> = uris.iter().map(|u| parse_uri(u).unwrap()).collect();
        assert_eq!(
            payloads
                .iter()
                .map(|p| p.accounts.len())
                .collect::<Vec<_>>(),
            [10, 10, 3]
        );
        assert!(payloads.iter().enumerate().all(|(i, p)| p.batch
            == Batch {
                id: 99,
                size: 3,
                index: i32::try_from(i).unwrap()
            }
            && p.version == 1));

        let item = |i: usize| (payloads[i].batch, format!("p{}", i + 1), i);
        let all = assemble(vec![item(2), item(0), item(1), item(0)]);
        assert_eq!(all.complete, [2, 0, 1]);
        assert!(all.gaps.is_empty());

        let some = assemble(vec![item(0), item(2)]);
        assert!(some.complete.is_empty());
        assert_eq!(some.partial, [0, 2]);
        assert_eq!(some.gaps.len(), 1);
        assert_eq!(some.gaps[0].missing, [2]);
        let msg = some.gaps[0].to_string();
        assert!(msg.contains("part 2 of 3 missing"), "{msg}");
        assert!(msg.contains("p1, p3"), "{msg}");

        let single = Batch {
            id: 5,
            size: 1,
            index: 0,
        };
        let mixed = assemble(vec![(single, "s".into(), 7), item(1)]);
        assert_eq!(mixed.complete, [7]);
        assert_eq!(mixed.gaps[0].missing, [1, 3]);
        assert!(
            mixed.gaps[0]
                .to_string()
                .contains("parts 1, 3 of 3 missing"),
            "{}",
            mixed.gaps[0]
        );
    }

    mod round_trip {
        use super::*;
        use proptest::prelude::*;

        fn arb_entry() -> impl Strategy<Value = (Name, Otp)> {
            let kind = prop_oneof![
                Just(Kind::Totp { period: 30 }),
                (0..=i64::MAX as u64).prop_map(|counter| Kind::Hotp { counter }),
            ];
            let alg = prop_oneof![
                Just(Algorithm::Sha1),
                Just(Algorithm::Sha256),
                Just(Algorithm::Sha512)
            ];
            let name = ("[^\\p{Cc}]{0,12}", "\\PC{0,20}")
                .prop_filter_map("empty name", |(i, a)| Name::new(&i, &a).ok());
            (
                name,
                proptest::collection::vec(any::<u8>(), 1..64),
                kind,
                alg,
                prop_oneof![Just(6u8), Just(8u8)],
            )
                .prop_map(|(name, s, kind, algorithm, digits)| {
                    (
                        name,
                        Otp {
                            secret: Secret::from_bytes(s).unwrap(),
                            kind,
                            algorithm,
                            digits,
                        },
                    )
                })
        }

        proptest! {
            #[test]
            fn entries_to_uris_to_entries(entries in proptest::collection::vec(arb_entry(), 1..25),
                                          per_part in 1usize..12, id in any::<i32>()) {
                let refs: Vec<(&Name, &Otp)> = entries.iter().map(|(n, o)| (n, o)).collect();
                let uris = encode_uris(&refs, per_part, id).unwrap();
                let mut back = Vec::new();
                for uri in &uris {
                    for a in parse_uri(uri).unwrap().accounts {
                        back.push(a.entry.unwrap());
                    }
                }
                prop_assert_eq!(back, entries);
            }

            #[test]
            fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
                let _ = decode_payload(&bytes);
            }
        }
    }
}
