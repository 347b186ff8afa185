//! age encryption of the vault document: a passphrase (scrypt) or X25519 recipients unlocked with an
//! identity file. The output is always a standard age file, so `age -d` recovers it without fob.

use std::io::{self, Read, Write};
use std::path::Path;

use age::secrecy::SecretString;
use age::{DecryptError, Decryptor, Encryptor};
use zeroize::Zeroizing;

use super::Error;
use super::format::LockRecord;

/// The age CLI's default and fob's: about half a second and 256 MiB here.
pub const DEFAULT_WORK_FACTOR: u8 = 18;
/// Go age refuses more ("scrypt work factor too large"), so fob never writes more.
pub const MAX_WORK_FACTOR: u8 = 22;

/// How a sealed file is locked, as read from its age header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sealing {
    /// One scrypt stanza: needs a passphrase.
    Passphrase,
    /// One or more recipient stanzas: needs an identity.
    Recipients,
}

/// What unlocks a file.
pub enum Key {
    /// A passphrase for an scrypt-locked file.
    Passphrase(SecretString),
    /// Identities read from identity files.
    Identities(Vec<Box<dyn age::Identity + Send + Sync>>),
}

/// How to encrypt: kept beside the opened vault so a save seals it the way it was.
#[derive(Clone)]
pub enum Sealer {
    /// scrypt with this passphrase and work factor.
    Passphrase {
        /// The passphrase.
        passphrase: SecretString,
        /// log2(N); 1 to 22.
        work_factor: u8,
    },
    /// X25519 recipients.
    Recipients(Vec<age::x25519::Recipient>),
    /// scrypt with a passphrase that another process holds (fob's agent) and seals with: this process has
    /// no passphrase, so [`Sealer::seal`] refuses and the caller hands the document to that process.
    Delegated {
        /// log2(N); 1 to 22.
        work_factor: u8,
    },
}

impl Sealer {
    /// Builds the sealer for a vault that `key` opened and whose document says `lock`.
    pub fn for_opened(key: &Key, lock: &LockRecord) -> Result<Self, Error> {
        match (key, lock) {
            (Key::Passphrase(p), LockRecord::Passphrase { work_factor }) => Ok(Self::Passphrase {
                passphrase: p.clone(),
                work_factor: (*work_factor).clamp(1, MAX_WORK_FACTOR),
            }),
            // The header is authoritative; a document whose lock record disagrees (re-encrypted by hand
            // with `age -p`) is sealed again with the passphrase that opened it.
            (Key::Passphrase(p), LockRecord::Recipients { .. }) => Ok(Self::Passphrase {
                passphrase: p.clone(),
                work_factor: DEFAULT_WORK_FACTOR,
            }),
            (Key::Identities(_), LockRecord::Recipients { recipients }) => {
                Ok(Self::Recipients(parse_recipients(recipients)?))
            }
            (Key::Identities(_), LockRecord::Passphrase { .. }) => Err(Error::Encrypt(
                "the vault was opened with an identity but records no recipients; run `fob passwd --recipient age1...`"
                    .to_owned(),
            )),
        }
    }

    /// The sealer for a vault whose passphrase another process holds, from what its document records.
    #[must_use]
    pub fn delegated(lock: &LockRecord) -> Self {
        Self::Delegated {
            work_factor: match lock {
                LockRecord::Passphrase { work_factor } => (*work_factor).clamp(1, MAX_WORK_FACTOR),
                LockRecord::Recipients { .. } => DEFAULT_WORK_FACTOR,
            },
        }
    }

    /// What the document records about this sealing.
    #[must_use]
    pub fn lock_record(&self) -> LockRecord {
        match self {
            Self::Passphrase { work_factor, .. } | Self::Delegated { work_factor } => {
                LockRecord::Passphrase {
                    work_factor: *work_factor,
                }
            }
            Self::Recipients(r) => LockRecord::Recipients {
                recipients: r.iter().map(ToString::to_string).collect(),
            },
        }
    }

    /// Encrypts `plaintext` as a binary age file.
    pub fn seal(&self, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
        let encryptor = match self {
            Self::Passphrase {
                passphrase,
                work_factor,
            } => {
                let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
                // Always explicit: age's own calibration picks 20 (1 GiB, seconds) on small machines.
                recipient.set_work_factor(*work_factor);
                Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            }
            Self::Recipients(recipients) => {
                Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            }
            Self::Delegated { .. } => {
                return Err(Error::Encrypt(
                    "the passphrase is held by fob's agent, which seals the vault".to_owned(),
                ));
            }
        }
        .map_err(|e| Error::Encrypt(format!("{e:?}")))?;
        let mut out = Vec::with_capacity(plaintext.len() + 512);
        let mut writer = encryptor
            .wrap_output(&mut out)
            .map_err(|e| Error::Encrypt(e.kind().to_string()))?;
        writer
            .write_all(plaintext)
            .map_err(|e| Error::Encrypt(e.kind().to_string()))?;
        writer
            .finish()
            .map_err(|e| Error::Encrypt(e.kind().to_string()))?;
        Ok(out)
    }
}

/// Parses `age1...` public keys.
pub fn parse_recipients(texts: &[String]) -> Result<Vec<age::x25519::Recipient>, Error> {
    texts
        .iter()
        .map(|t| {
            t.trim().parse().map_err(|_| Error::BadRecipient {
                recipient: t.clone(),
            })
        })
        .collect()
}

/// Reads a recipients file: one `age1...` per line, `#` comments and blank lines skipped.
pub fn read_recipients_file(path: &Path) -> Result<Vec<String>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

/// Reads an age identity file (`AGE-SECRET-KEY-1...` lines, as `age-keygen` writes them).
pub fn read_identity_file(path: &Path) -> Result<Key, Error> {
    let fail = |reason: String| Error::Identity {
        path: path.to_owned(),
        reason,
    };
    let file = std::fs::File::open(path).map_err(|e| fail(e.kind().to_string()))?;
    let identities = age::IdentityFile::from_buffer(io::BufReader::new(file))
        .map_err(|_| fail("not an age identity file".to_owned()))?
        .into_identities()
        .map_err(|_| {
            fail("holds an identity fob cannot use (only AGE-SECRET-KEY-1 keys)".to_owned())
        })?;
    if identities.is_empty() {
        return Err(fail("holds no identity".to_owned()));
    }
    Ok(Key::Identities(identities))
}

/// The public keys (`age1...`) of the X25519 identities in an identity file, for the check that an
/// identity in use is among a vault's recipients. A file fob cannot read that way gives none: the check
/// is then skipped, and opening the vault reports the problem.
#[must_use]
pub fn identity_file_recipients(path: &Path) -> Vec<String> {
    let Ok(file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    let Ok(identities) = age::IdentityFile::from_buffer(io::BufReader::new(file)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if identities.write_recipients_file(&mut out).is_err() {
        return Vec::new();
    }
    String::from_utf8_lossy(&out)
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("age1"))
        .map(str::to_owned)
        .collect()
}

/// Reads the age header and says what kind of key the file needs.
pub fn sealing_of(ciphertext: &[u8]) -> Result<Sealing, Error> {
    let decryptor = decryptor(ciphertext)?;
    Ok(if decryptor.is_scrypt() {
        Sealing::Passphrase
    } else {
        Sealing::Recipients
    })
}

/// The scrypt work factor (log2 N) written in a passphrase-sealed file's header, binary or armored:
/// what a guess at its passphrase costs. `None` for a file sealed to recipients or a header that does
/// not parse. The header is text lines (`-> scrypt SALT LOG_N` for a passphrase) up to the `---` line.
#[must_use]
pub fn scrypt_work_factor(ciphertext: &[u8]) -> Option<u8> {
    use io::BufRead;
    let header = io::BufReader::new(age::armor::ArmoredReader::new(ciphertext));
    for line in header.split(b'\n').take(64) {
        let line = line.ok()?;
        if line.starts_with(b"---") {
            return None;
        }
        if let Some(args) = line.strip_prefix(b"-> scrypt ") {
            let mut args = args.split(|&b| b == b' ');
            let _salt = args.next()?;
            return std::str::from_utf8(args.next()?).ok()?.parse().ok();
        }
    }
    None
}

/// Decrypts a whole file into a buffer that is wiped on drop. Nothing is returned unless every byte
/// authenticated, so a truncated or tampered file never yields partial plaintext.
pub fn open(ciphertext: &[u8], key: &Key) -> Result<Zeroizing<Vec<u8>>, Error> {
    let decryptor = decryptor(ciphertext)?;
    let reader = match (key, decryptor.is_scrypt()) {
        (Key::Passphrase(p), true) => {
            let mut identity = age::scrypt::Identity::new(p.clone());
            identity.set_max_work_factor(MAX_WORK_FACTOR);
            decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity))
        }
        (Key::Identities(ids), false) => {
            decryptor.decrypt(ids.iter().map(|i| i.as_ref() as &dyn age::Identity))
        }
        (Key::Passphrase(_), false) => {
            return Err(Error::WrongKeyKind {
                locked_with: "age recipients (use --identity)",
                given: "a passphrase",
            });
        }
        (Key::Identities(_), true) => {
            return Err(Error::WrongKeyKind {
                locked_with: "a passphrase",
                given: "an identity",
            });
        }
    };
    let mut reader = reader.map_err(decrypt_error)?;
    let mut plaintext = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader
        .read_to_end(&mut plaintext)
        .map_err(|e| io_error(&e))?;
    Ok(plaintext)
}

fn decryptor(
    ciphertext: &[u8],
) -> Result<Decryptor<age::armor::ArmoredReader<io::BufReader<&[u8]>>>, Error> {
    check_magic(ciphertext)?;
    Decryptor::new_buffered(age::armor::ArmoredReader::new(ciphertext)).map_err(decrypt_error)
}

/// age reports a short file of any kind as an early end; a file that does not even begin like an age file
/// is named as such.
fn check_magic(bytes: &[u8]) -> Result<(), Error> {
    const BINARY: &[u8] = b"age-encryption.org/";
    const ARMORED: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
    let start = bytes.trim_ascii_start();
    let n = |magic: &[u8]| start.len().min(magic.len());
    if start.is_empty() {
        Err(Error::Truncated)
    } else if start[..n(BINARY)] == BINARY[..n(BINARY)]
        || start[..n(ARMORED)] == ARMORED[..n(ARMORED)]
    {
        Ok(())
    } else {
        Err(Error::NotAgeFile)
    }
}

/// age's own messages are localised and wrap numbers in invisible isolation marks; fob words its own.
fn decrypt_error(e: DecryptError) -> Error {
    match e {
        DecryptError::DecryptionFailed | DecryptError::KeyDecryptionFailed => {
            Error::WrongPassphrase
        }
        DecryptError::NoMatchingKeys => Error::NoMatchingIdentity,
        DecryptError::ExcessiveWork { required, .. } => Error::ExcessiveWork {
            required,
            limit: MAX_WORK_FACTOR,
        },
        DecryptError::InvalidHeader => Error::NotAgeFile,
        DecryptError::UnknownFormat => Error::UnknownAgeFormat,
        DecryptError::Io(e) => io_error(&e),
        _ => Error::Damaged,
    }
}

fn io_error(e: &io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => Error::Truncated,
        // The header parser reports garbage as InvalidData too; a file too short to hold a header is "not age".
        _ => Error::Damaged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    #[test]
    fn passphrase_round_trip_and_wrong_passphrase() {
        let sealer = Sealer::Passphrase {
            passphrase: pass("correct horse"),
            work_factor: 2,
        };
        let ct = sealer.seal(b"{\"hello\":1}").unwrap();
        assert_eq!(sealing_of(&ct).unwrap(), Sealing::Passphrase);
        assert_eq!(scrypt_work_factor(&ct), Some(2));
        assert_eq!(
            &open(&ct, &Key::Passphrase(pass("correct horse"))).unwrap()[..],
            b"{\"hello\":1}"
        );
        assert!(matches!(
            open(&ct, &Key::Passphrase(pass("wrong"))),
            Err(Error::WrongPassphrase)
        ));
    }

    #[test]
    fn the_work_factor_is_read_from_binary_and_armored_headers() {
        let mut recipient = age::scrypt::Recipient::new(pass("p"));
        recipient.set_work_factor(3);
        let encryptor =
            Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient)).unwrap();
        let mut armored = Vec::new();
        let armor =
            age::armor::ArmoredWriter::wrap_output(&mut armored, age::armor::Format::AsciiArmor)
                .unwrap();
        let mut writer = encryptor.wrap_output(armor).unwrap();
        writer.write_all(b"{}").unwrap();
        writer.finish().unwrap().finish().unwrap();
        assert!(armored.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
        assert_eq!(scrypt_work_factor(&armored), Some(3));
        assert_eq!(scrypt_work_factor(b"not an age file"), None);
    }

    #[test]
    fn recipients_round_trip_and_wrong_identity() {
        let id = age::x25519::Identity::generate();
        let other = age::x25519::Identity::generate();
        let sealer = Sealer::Recipients(vec![id.to_public()]);
        let ct = sealer.seal(b"data").unwrap();
        assert_eq!(sealing_of(&ct).unwrap(), Sealing::Recipients);
        assert_eq!(scrypt_work_factor(&ct), None);
        let key = Key::Identities(vec![Box::new(id)]);
        assert_eq!(&open(&ct, &key).unwrap()[..], b"data");
        let wrong = Key::Identities(vec![Box::new(other)]);
        assert!(matches!(open(&ct, &wrong), Err(Error::NoMatchingIdentity)));
        assert!(matches!(
            open(&ct, &Key::Passphrase(pass("x"))),
            Err(Error::WrongKeyKind { .. })
        ));
    }

    #[test]
    fn damage_is_named() {
        let sealer = Sealer::Passphrase {
            passphrase: pass("p"),
            work_factor: 1,
        };
        let ct = sealer.seal(&[7u8; 1000]).unwrap();
        let key = Key::Passphrase(pass("p"));
        assert!(matches!(
            open(b"{\"format\":\"fob-vault\"}", &key),
            Err(Error::NotAgeFile)
        ));
        assert!(matches!(open(b"", &key), Err(Error::Truncated)));
        assert!(matches!(
            open(&ct[..ct.len() - 10], &key),
            Err(Error::Truncated | Error::Damaged)
        ));
        assert!(matches!(
            open(&ct[..20], &key),
            Err(Error::Truncated | Error::NotAgeFile)
        ));
        let mut flipped = ct.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(matches!(open(&flipped, &key), Err(Error::Damaged)));
    }
}
