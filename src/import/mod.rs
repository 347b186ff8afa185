//! Bringing secrets in from outside: deciding what each input is, gathering candidate entries across
//! inputs, and the one rule for adding candidates to a vault (skip exact duplicates, report a name that
//! holds another secret as a conflict). Nothing here prints or prompts; the caller reports what the
//! [`Report`] says.
//!
//! Inputs are text files of URIs, pictures of QR codes, or other apps' backup files (Aegis, 2FAS, andOTP,
//! Bitwarden, FreeOTP, FreeOTP+, Steam, Proton, Ente: see [`Format`]; each is read by its module in
//! [`crate::formats`]). A [`Collector`] takes each input's bytes, decides which it is, and gathers
//! candidates and [`Problem`]s across all of them, so that a Google Authenticator export split over
//! several images is put back together before anything is written. Decoding the pictures is here too ([`qr`]): a QR code carries any format's text, so it is
//! a kind of input, not a format.

pub mod qr;

mod collect;

pub use collect::{Collected, Collector, Problem};

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use jiff::Timestamp;
use serde_json::Value;

use crate::entry::Entry;
use crate::formats::{
    Candidate, Parsed, Reader, aegis, andotp, authenticator_plus, authenticator_pro, authy,
    battle_net, bitwarden, duo, ente, freeotp, freeotp_plus, google_authenticator,
    microsoft_authenticator, otpauth, proton, steam, totp_authenticator, twofas,
};
use crate::vault::Vault;

/// A kind of input file. Text and pictures are told apart by their bytes; the other formats by the shape
/// of their JSON ([`Format::detect`]), except andOTP's encrypted backup, which is binary and is recognised
/// by a name ending in `.aes` ([`Format::detect_named`]) or when the format is given. What each format
/// is and how it is read is in its module under [`crate::formats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `otpauth://` and `otpauth-migration://` URIs one a line, or pictures of QR codes.
    Uris,
    /// Aegis vault or backup JSON, plain or encrypted.
    Aegis,
    /// 2FAS `.2fas` backup, plain or encrypted.
    TwoFas,
    /// andOTP backup: plain JSON or encrypted `.json.aes`.
    AndOtp,
    /// Bitwarden unencrypted JSON or CSV export.
    Bitwarden,
    /// FreeOTP's `tokens.xml`, and FreeOTP 2's encrypted `externalBackup.xml`.
    FreeOtp,
    /// FreeOTP+ JSON export or `tokens.xml`.
    FreeOtpPlus,
    /// Steam Desktop Authenticator / steamguard-cli `.maFile`.
    Steam,
    /// Proton Authenticator JSON export.
    Proton,
    /// Ente Auth export: plain URI list, or the encrypted JSON.
    Ente,
    /// Google Authenticator's own SQLite database (`databases`), from a rooted phone.
    GoogleAuthenticator,
    /// Microsoft Authenticator's own SQLite database (`PhoneFactor`), from a rooted phone.
    MicrosoftAuthenticator,
    /// Authenticator Pro (Stratum): plain or encrypted backup, or the app's own database.
    AuthenticatorPro,
    /// Authy's token files (shared preferences), plain or with secrets under the backup password.
    Authy,
    /// Duo Mobile's `accounts.json`.
    Duo,
    /// The Battle.net app's authenticator preferences.
    BattleNet,
    /// TOTP Authenticator: its preferences (recognised) or its backup (only with `--format`).
    TotpAuthenticator,
    /// Authenticator Plus's export: a zip, usually encrypted, holding `Accounts.txt`.
    AuthenticatorPlus,
}

/// The formats detection tries, in order: the first whose reader recognises an input is taken. A
/// format with a stricter shape goes before one with a looser shape. URI lists are not here: text that
/// is none of these is read as URIs.
const DETECTION_ORDER: [Format; 17] = [
    Format::AuthenticatorPlus,
    Format::GoogleAuthenticator,
    Format::MicrosoftAuthenticator,
    Format::AuthenticatorPro,
    Format::Authy,
    Format::BattleNet,
    Format::TotpAuthenticator,
    Format::Duo,
    Format::Aegis,
    Format::TwoFas,
    Format::Bitwarden,
    Format::AndOtp,
    Format::FreeOtpPlus,
    Format::Steam,
    Format::Proton,
    Format::Ente,
    Format::FreeOtp,
];

impl Format {
    /// The format's reader: its name, how it is recognised and how it is read.
    fn reader(self) -> &'static Reader {
        match self {
            Self::Uris => &otpauth::READER,
            Self::Aegis => &aegis::READER,
            Self::TwoFas => &twofas::READER,
            Self::AndOtp => &andotp::READER,
            Self::Bitwarden => &bitwarden::READER,
            Self::FreeOtp => &freeotp::READER,
            Self::FreeOtpPlus => &freeotp_plus::READER,
            Self::Steam => &steam::READER,
            Self::Proton => &proton::READER,
            Self::Ente => &ente::READER,
            Self::GoogleAuthenticator => &google_authenticator::READER,
            Self::MicrosoftAuthenticator => &microsoft_authenticator::READER,
            Self::AuthenticatorPro => &authenticator_pro::READER,
            Self::Authy => &authy::READER,
            Self::Duo => &duo::READER,
            Self::BattleNet => &battle_net::READER,
            Self::TotpAuthenticator => &totp_authenticator::READER,
            Self::AuthenticatorPlus => &authenticator_plus::READER,
        }
    }

    /// The name used in messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        self.reader().name
    }

    /// The backup format a JSON document is, by its shape (see each format's `READER`). `None` for
    /// anything else (URI lists, pictures, binary).
    #[must_use]
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        Self::detect_named("", bytes)
    }

    /// [`Format::detect`], and also the formats recognised by their file name, such as an encrypted
    /// andOTP backup: binary data in a file whose name ends in `.aes`.
    #[must_use]
    pub fn detect_named(file: &str, bytes: &[u8]) -> Option<Self> {
        let doc = json_document(bytes);
        DETECTION_ORDER
            .into_iter()
            .find(|f| (f.reader().recognise)(file, bytes, doc.as_ref()))
    }

    /// Whether reading `bytes` in this format needs a password.
    #[must_use]
    pub fn is_encrypted(self, bytes: &[u8]) -> bool {
        (self.reader().is_encrypted)(bytes)
    }

    /// Reads a file of this format ([`Format::Uris`] as plain text; the [`Collector`] reads URI lists,
    /// migration links and pictures itself). Candidates' `origin` is `entry N` (`line N` for URIs).
    pub fn parse(
        self,
        bytes: &[u8],
        password: Option<&[u8]>,
    ) -> Result<Parsed, crate::formats::Error> {
        (self.reader().read)(bytes, password)
    }
}

/// The JSON document the bytes are, when they are a JSON object or array (after a UTF-8 byte-order
/// mark, if any); parsed once for every format detection tries.
fn json_document(bytes: &[u8]) -> Option<Value> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    if !matches!(first, b'{' | b'[') {
        return None;
    }
    serde_json::from_slice(bytes).ok()
}

/// What adding candidates did (or, for a dry run, would do), by display name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// New entries.
    pub added: Vec<String>,
    /// Identical (same issuer, account and secret) to an entry the vault held before this import:
    /// skipped.
    pub duplicates: Vec<String>,
    /// Identical to an entry added earlier in this same import (a file given twice, an account in two
    /// exports): skipped. Not in the vault before, so not "already in the vault".
    pub repeated: Vec<String>,
    /// Added, though their secret is the secret of another entry under another name (name, the other
    /// entry's name): people keep such pairs on purpose, but a mistake shows here.
    pub shared: Vec<(String, String)>,
    /// The name exists with another secret and `force` was not given: not changed.
    pub conflicts: Vec<String>,
    /// The name existed with another secret and `force` replaced it.
    pub replaced: Vec<String>,
}

impl Report {
    /// Whether the vault changed.
    #[must_use]
    pub fn changed(&self) -> bool {
        !self.added.is_empty() || !self.replaced.is_empty()
    }

    /// How many candidates were skipped as identical to an entry (in the vault before, or earlier in
    /// the import).
    #[must_use]
    pub fn skipped(&self) -> usize {
        self.duplicates.len() + self.repeated.len()
    }

    /// Appends what another batch did.
    pub fn extend(&mut self, other: Self) {
        self.added.extend(other.added);
        self.duplicates.extend(other.duplicates);
        self.repeated.extend(other.repeated);
        self.shared.extend(other.shared);
        self.conflicts.extend(other.conflicts);
        self.replaced.extend(other.replaced);
    }
}

/// Adds candidates to a vault batch after batch (one per input file), applying the one rule: an entry
/// with the same issuer, account and secret as one in the vault is a duplicate and skipped (also when
/// the first copy came earlier in the same import); the same name with another secret is a conflict,
/// replaced only when `force` (re-enrolment), keeping the entry's id so backups and merges see an
/// edit; another name with the same secret is added and reported in [`Report::shared`].
#[derive(Debug)]
pub struct Importer<'v> {
    vault: &'v mut Vault,
    force: bool,
    now: Timestamp,
    /// Entries at positions from here on were added by this import.
    first_new: usize,
    by_name: HashMap<String, usize>,
    /// Positions of entries by a hash of their secret, so finding a shared secret is not a scan of
    /// the vault per candidate; equal hashes are compared by secret before anything is reported.
    by_secret: HashMap<u64, Vec<usize>>,
}

impl<'v> Importer<'v> {
    /// Starts an import into `vault`.
    #[must_use]
    pub fn new(vault: &'v mut Vault, force: bool, now: Timestamp) -> Self {
        let mut by_secret: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, e) in vault.entries.iter().enumerate() {
            by_secret
                .entry(secret_hash(e.otp.secret.bytes()))
                .or_default()
                .push(i);
        }
        Self {
            by_name: vault.name_index(),
            first_new: vault.entries.len(),
            vault,
            force,
            now,
            by_secret,
        }
    }

    /// Adds one batch; what it did is reported for this batch alone.
    pub fn add(&mut self, candidates: Vec<Candidate>) -> Report {
        let mut report = Report::default();
        for c in candidates {
            let display = c.name.to_string();
            match self.by_name.get(&c.name.folded()).copied() {
                Some(i) if self.vault.entries[i].otp.secret == c.otp.secret => {
                    if i >= self.first_new {
                        report.repeated.push(display);
                    } else {
                        report.duplicates.push(display);
                    }
                }
                Some(i) if self.force => {
                    self.vault.replace_otp(i, c.otp, self.now);
                    report.replaced.push(display);
                }
                Some(_) => report.conflicts.push(display),
                None => {
                    let hash = secret_hash(c.otp.secret.bytes());
                    let twin = self.by_secret.get(&hash).and_then(|at| {
                        at.iter()
                            .find(|&&j| self.vault.entries[j].otp.secret == c.otp.secret)
                    });
                    if let Some(&j) = twin {
                        report
                            .shared
                            .push((display.clone(), self.vault.entries[j].name.to_string()));
                    }
                    let at = self.vault.entries.len();
                    self.by_name.insert(c.name.folded(), at);
                    self.by_secret.entry(hash).or_default().push(at);
                    let mut entry = Entry::new(c.name, c.otp, self.now);
                    entry.extra = c.extra;
                    self.vault.entries.push(entry);
                    report.added.push(display);
                }
            }
        }
        report
    }
}

fn secret_hash(secret: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    secret.hash(&mut h);
    h.finish()
}

/// Adds one batch of candidates to `vault` under [`Importer`]'s rule.
pub fn add_candidates(
    vault: &mut Vault,
    candidates: Vec<Candidate>,
    force: bool,
    now: Timestamp,
) -> Report {
    Importer::new(vault, force, now).add(candidates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::otpauth::parse_uri_list;

    const LIST: &str = "\u{feff}# exported\n\
        otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP\n\
        \n\
        otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&counter=5\n\
        otpauth://totp/Bad?secret=!!\n";

    #[test]
    fn reports_bad_lines_by_number() {
        let (good, bad) = parse_uri_list(LIST);
        assert_eq!(good.len(), 2);
        assert_eq!(good[1].origin, "line 4");
        assert_eq!(bad.len(), 1);
        assert_eq!(
            bad[0].to_string(),
            "line 5: character 1 of the secret, '!', is not base32 (only letters A-Z and digits 2-7 are allowed)"
        );
    }

    #[test]
    fn duplicates_skip_and_conflicts_need_force() {
        let (good, _) = parse_uri_list(LIST);
        let mut vault = Vault::default();
        let now = Timestamp::UNIX_EPOCH;
        let r = add_candidates(&mut vault, good.clone(), false, now);
        assert_eq!(r.added, ["GitHub:alice", "Bank:bob"]);
        let r = add_candidates(&mut vault, good, false, now);
        assert_eq!(r.duplicates, ["GitHub:alice", "Bank:bob"]);
        assert!(!r.changed());

        let (other, _) = parse_uri_list("otpauth://totp/github:ALICE?secret=GEZDGNBVGY3TQOJQ");
        let r = add_candidates(&mut vault, other.clone(), false, now);
        assert_eq!(r.conflicts, ["github:ALICE"]);
        let id = vault.entries[0].id.clone();
        let r = add_candidates(&mut vault, other, true, Timestamp::from_second(9).unwrap());
        assert_eq!(r.replaced, ["github:ALICE"]);
        assert_eq!(vault.entries[0].id, id);
        assert_eq!(
            vault.entries[0].otp.secret.base32().as_str(),
            "GEZDGNBVGY3TQOJQ"
        );
        assert_eq!(vault.entries.len(), 2);
    }

    /// Issue 15: an identical entry given twice in one import is skipped as a repeat, not as "already
    /// in the vault"; another name with the same secret is added and named.
    #[test]
    fn repeats_within_an_import_and_shared_secrets() {
        let mut vault = Vault::default();
        let now = Timestamp::UNIX_EPOCH;
        let (before, _) = parse_uri_list("otpauth://totp/Old:one?secret=GEZDGNBVGY3TQOJQ");
        add_candidates(&mut vault, before, false, now);
        let (first, _) = parse_uri_list(
            "otpauth://totp/Old:one?secret=GEZDGNBVGY3TQOJQ\n\
             otpauth://totp/New:two?secret=JBSWY3DPEHPK3PXP\n\
             otpauth://totp/New:two?secret=JBSWY3DPEHPK3PXP\n\
             otpauth://totp/Alias:one?secret=GEZDGNBVGY3TQOJQ",
        );
        let (second, _) = parse_uri_list("otpauth://totp/NEW:Two?secret=JBSWY3DPEHPK3PXP");
        let mut importer = Importer::new(&mut vault, false, now);
        let r = importer.add(first);
        assert_eq!(r.duplicates, ["Old:one"]);
        assert_eq!(r.repeated, ["New:two"]);
        assert_eq!(r.added, ["New:two", "Alias:one"]);
        assert_eq!(r.shared, [("Alias:one".to_owned(), "Old:one".to_owned())]);
        assert_eq!(r.skipped(), 2);
        let r = importer.add(second);
        assert_eq!(r.repeated, ["NEW:Two"]);
        assert!(r.duplicates.is_empty());
        assert_eq!(vault.entries.len(), 3);
    }
}
