//! age encryption of the vault document: a passphrase (scrypt) or recipients unlocked with an identity
//! file. Recipients are X25519 keys, SSH keys, or keys held by an age plugin (a hardware key, a TPM): the
//! plugin's own program does its part, so the output is always a standard age file that `age -d` (with
//! the same plugin) recovers without fob.
//!
//! A plugin may need a person (a PIN, a touch): it asks through [`Callbacks`], which the caller builds
//! from a [`Prompter`] of its own, so this module stays free of terminal I/O.

use std::fmt;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use age::secrecy::SecretString;
use age::{DecryptError, Decryptor, Encryptor};
use zeroize::Zeroizing;

use super::Error;
use super::format::Encryption;

/// The age CLI's default and fob's: about half a second and 256 MiB here.
pub const DEFAULT_WORK_FACTOR: u8 = 18;
/// Go age refuses more ("scrypt work factor too large"), so fob never writes more.
pub const MAX_WORK_FACTOR: u8 = 22;

/// How a sealed file is encrypted, as read from its age header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sealing {
    /// One scrypt stanza: needs a passphrase.
    Passphrase,
    /// One or more recipient stanzas: needs an identity.
    Recipients,
}

/// What unlocks a file.
pub enum Key {
    /// A passphrase for an scrypt-encrypted file.
    Passphrase(SecretString),
    /// Identities read from identity files, and who their plugins (and passphrase-protected SSH keys)
    /// ask for a PIN or a touch; a save seals to plugin recipients through the same.
    Identities {
        /// The identities.
        identities: Vec<Box<dyn age::Identity + Send + Sync>>,
        /// Who is asked.
        callbacks: Callbacks,
    },
}

/// What an age plugin (or an encrypted SSH key) can ask of the person at the keyboard. The CLI answers
/// on the terminal; `None` means nobody can be asked, and the plugin fails rather than waits.
pub trait Prompter: Send + Sync {
    /// Shows a message, such as "touch your key".
    fn message(&self, message: &str);
    /// Asks yes or no.
    fn confirm(&self, message: &str, yes: &str, no: Option<&str>) -> Option<bool>;
    /// Asks for a value shown as it is typed.
    fn public(&self, description: &str) -> Option<String>;
    /// Asks for a hidden value: a PIN or a passphrase.
    fn secret(&self, description: &str) -> Option<SecretString>;
}

/// age's callbacks, answered by a [`Prompter`] or by nobody. They remember the last request nobody
/// answered, so that "no identity matched" can be told apart from "a passphrase was needed and there was
/// no one to type it".
#[derive(Clone, Default)]
pub struct Callbacks {
    prompter: Option<Arc<dyn Prompter>>,
    unanswered: Arc<Mutex<Option<String>>>,
}

impl Callbacks {
    /// Callbacks answered by `prompter`.
    pub fn new(prompter: impl Prompter + 'static) -> Self {
        Self {
            prompter: Some(Arc::new(prompter)),
            unanswered: Arc::default(),
        }
    }

    /// Callbacks that can ask nobody: a plugin that needs a person fails at once.
    #[must_use]
    pub fn none() -> Self {
        Self::default()
    }

    /// What was asked and not answered, if anything.
    fn unanswered(&self) -> Option<String> {
        self.unanswered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn note<T>(&self, description: &str, answer: Option<T>) -> Option<T> {
        if answer.is_none() {
            *self
                .unanswered
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(description.to_owned());
        }
        answer
    }
}

/// age words its requests through its localiser, which wraps each value in invisible isolation marks.
fn plain(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

impl age::Callbacks for Callbacks {
    fn display_message(&self, message: &str) {
        if let Some(p) = &self.prompter {
            p.message(&plain(message));
        }
    }

    fn confirm(&self, message: &str, yes_string: &str, no_string: Option<&str>) -> Option<bool> {
        let message = plain(message);
        let answer = self
            .prompter
            .as_ref()
            .and_then(|p| p.confirm(&message, yes_string, no_string));
        self.note(&message, answer)
    }

    fn request_public_string(&self, description: &str) -> Option<String> {
        let description = plain(description);
        let answer = self.prompter.as_ref().and_then(|p| p.public(&description));
        self.note(&description, answer)
    }

    fn request_passphrase(&self, description: &str) -> Option<SecretString> {
        let description = plain(description);
        let answer = self.prompter.as_ref().and_then(|p| p.secret(&description));
        self.note(&description, answer)
    }
}

/// A public key to encrypt to, kept with the text it was given as (which the vault records).
#[derive(Clone)]
pub struct Recipient {
    text: String,
    kind: RecipientKind,
}

#[derive(Clone)]
enum RecipientKind {
    X25519(age::x25519::Recipient),
    Ssh(age::ssh::Recipient),
    /// `age1<plugin>1...`: the plugin's program wraps the file key, and may ask through the callbacks.
    Plugin(age::plugin::Recipient, Callbacks),
}

impl Recipient {
    /// Parses an `age1...` key, an `age1<plugin>1...` key or an `ssh-ed25519`/`ssh-rsa` public key line.
    pub fn parse(text: &str, callbacks: &Callbacks) -> Result<Self, Error> {
        let text = text.trim();
        let kind = if let Ok(r) = text.parse::<age::x25519::Recipient>() {
            RecipientKind::X25519(r)
        } else if let Ok(r) = text.parse::<age::plugin::Recipient>() {
            RecipientKind::Plugin(r, callbacks.clone())
        } else if let Ok(r) = text.parse::<age::ssh::Recipient>() {
            RecipientKind::Ssh(r)
        } else {
            return Err(Error::BadRecipient {
                recipient: text.to_owned(),
            });
        };
        Ok(Self {
            text: text.to_owned(),
            kind,
        })
    }

    /// The plugin that holds this recipient's identity, if any (`yubikey` for `age1yubikey1...`).
    #[must_use]
    pub fn plugin(&self) -> Option<&str> {
        match &self.kind {
            RecipientKind::Plugin(r, _) => Some(r.plugin()),
            _ => None,
        }
    }
}

impl From<age::x25519::Recipient> for Recipient {
    fn from(r: age::x25519::Recipient) -> Self {
        Self {
            text: r.to_string(),
            kind: RecipientKind::X25519(r),
        }
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for Recipient {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
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
    /// Recipients: X25519, SSH or plugin keys.
    Recipients(Vec<Recipient>),
    /// scrypt with a passphrase that another process holds (fob's agent) and seals with: this process has
    /// no passphrase, so [`Sealer::seal`] refuses and the caller hands the document to that process.
    Delegated {
        /// log2(N); 1 to 22.
        work_factor: u8,
    },
}

impl Sealer {
    /// Builds the sealer for a vault that `key` opened and whose document records `encryption`.
    pub fn for_opened(key: &Key, encryption: &Encryption) -> Result<Self, Error> {
        match (key, encryption) {
            (Key::Passphrase(p), Encryption::Passphrase { work_factor }) => Ok(Self::Passphrase {
                passphrase: p.clone(),
                work_factor: (*work_factor).clamp(1, MAX_WORK_FACTOR),
            }),
            // The header is authoritative; a document whose recorded encryption disagrees (re-encrypted by hand
            // with `age -p`) is sealed again with the passphrase that opened it.
            (Key::Passphrase(p), Encryption::Recipients { .. }) => Ok(Self::Passphrase {
                passphrase: p.clone(),
                work_factor: DEFAULT_WORK_FACTOR,
            }),
            (Key::Identities { callbacks, .. }, Encryption::Recipients { recipients }) => {
                Ok(Self::Recipients(parse_recipients(recipients, callbacks)?))
            }
            (Key::Identities { .. }, Encryption::Passphrase { .. }) => Err(Error::Encrypt(
                "the vault was opened with an identity but records no recipients; run `fob passwd --recipient age1...`"
                    .to_owned(),
            )),
        }
    }

    /// The sealer for a vault another process (fob's agent) opened: it seals a passphrase vault again
    /// itself; a vault locked to recipients is sealed here to the recipients its document lists. The
    /// file's header (`sealing`) is authoritative, as in [`Sealer::for_opened`].
    pub fn delegated(
        encryption: &Encryption,
        sealing: Sealing,
        callbacks: &Callbacks,
    ) -> Result<Self, Error> {
        match (sealing, encryption) {
            (Sealing::Passphrase, Encryption::Passphrase { work_factor }) => Ok(Self::Delegated {
                work_factor: (*work_factor).clamp(1, MAX_WORK_FACTOR),
            }),
            (Sealing::Passphrase, Encryption::Recipients { .. }) => Ok(Self::Delegated {
                work_factor: DEFAULT_WORK_FACTOR,
            }),
            (Sealing::Recipients, Encryption::Recipients { recipients }) => {
                Ok(Self::Recipients(parse_recipients(recipients, callbacks)?))
            }
            (Sealing::Recipients, Encryption::Passphrase { .. }) => Err(Error::Encrypt(
                "the vault is locked to recipients but its document records none; run `fob passwd --recipient age1...`"
                    .to_owned(),
            )),
        }
    }

    /// What the document records about this sealing.
    #[must_use]
    pub fn encryption(&self) -> Encryption {
        match self {
            Self::Passphrase { work_factor, .. } | Self::Delegated { work_factor } => {
                Encryption::Passphrase {
                    work_factor: *work_factor,
                }
            }
            Self::Recipients(r) => Encryption::Recipients {
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
                let (direct, plugins) = wrappers(recipients)?;
                Encryptor::with_recipients(
                    direct
                        .into_iter()
                        .chain(plugins.iter().map(|p| p as &dyn age::Recipient)),
                )
            }
            Self::Delegated { .. } => {
                return Err(Error::Encrypt(
                    "the passphrase is held by fob's agent, which seals the vault".to_owned(),
                ));
            }
        }
        .map_err(encrypt_error)?;
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

/// The recipients age wraps the file key for itself, and the plugin programs that wrap it.
type Wrappers<'a> = (
    Vec<&'a dyn age::Recipient>,
    Vec<age::plugin::RecipientPluginV1<Callbacks>>,
);

/// What wraps the file key: X25519 and SSH recipients themselves, and one plugin program for all of a
/// plugin's recipients (as age's CLI groups them). A plugin not on PATH is named here, before anything
/// is encrypted.
fn wrappers(recipients: &[Recipient]) -> Result<Wrappers<'_>, Error> {
    let mut direct: Vec<&dyn age::Recipient> = Vec::new();
    let mut by_plugin: Vec<(&str, Vec<age::plugin::Recipient>, Callbacks)> = Vec::new();
    for r in recipients {
        match &r.kind {
            RecipientKind::X25519(k) => direct.push(k),
            RecipientKind::Ssh(k) => direct.push(k),
            RecipientKind::Plugin(k, callbacks) => {
                match by_plugin.iter_mut().find(|(name, ..)| *name == k.plugin()) {
                    Some((_, list, _)) => list.push(k.clone()),
                    None => by_plugin.push((k.plugin(), vec![k.clone()], callbacks.clone())),
                }
            }
        }
    }
    let plugins = by_plugin
        .into_iter()
        .map(|(name, list, callbacks)| {
            age::plugin::RecipientPluginV1::new(name, &list, &[], callbacks).map_err(resolve_error)
        })
        .collect::<Result<_, _>>()?;
    Ok((direct, plugins))
}

/// Parses public keys: `age1...`, `age1<plugin>1...`, or OpenSSH `ssh-ed25519`/`ssh-rsa` lines.
pub fn parse_recipients(texts: &[String], callbacks: &Callbacks) -> Result<Vec<Recipient>, Error> {
    texts
        .iter()
        .map(|t| Recipient::parse(t, callbacks))
        .collect()
}

/// Reads a recipients file: one recipient per line, `#` comments and blank lines skipped.
pub fn read_recipients_file(path: &Path) -> Result<Vec<String>, Error> {
    let text =
        std::fs::read_to_string(path).map_err(|e| crate::storage::Error::io("read", path, e))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect())
}

/// Reads an identity file: `AGE-SECRET-KEY-1...` lines (as `age-keygen` writes them, or one key typed
/// from a paper sheet with spaces and line breaks), `AGE-PLUGIN-...`
/// lines (as a plugin writes them; the plugin must be on PATH), or an OpenSSH private key, whose
/// passphrase, if it has one, is asked through `callbacks` when it is first needed.
pub fn read_identity_file(path: &Path, callbacks: &Callbacks) -> Result<Key, Error> {
    let fail = |reason: String| Error::Identity {
        path: path.to_owned(),
        reason,
    };
    let bytes = zeroize::Zeroizing::new(
        crate::storage::read_bounded(path).map_err(|e| fail(e.to_string()))?,
    );
    let identities = match age::IdentityFile::from_buffer(&bytes[..]) {
        Ok(file) => file
            .with_callbacks(callbacks.clone())
            .into_identities()
            .map_err(|e| match e {
                DecryptError::PluginResolve(e) => resolve_error(e),
                _ => fail("holds an identity fob cannot use".to_owned()),
            })?,
        Err(_) if typed_key(&bytes).is_some() => {
            let key = typed_key(&bytes).expect("checked");
            vec![Box::new(key) as Box<dyn age::Identity + Send + Sync>]
        }
        Err(_) => {
            match age::ssh::Identity::from_buffer(&bytes[..], Some(path.display().to_string())) {
                Ok(age::ssh::Identity::Unsupported(_)) => {
                    return Err(fail("is an SSH key of a kind age cannot use".to_owned()));
                }
                Ok(ssh) => {
                    let identity: Box<dyn age::Identity + Send + Sync> =
                        Box::new(ssh.with_callbacks(callbacks.clone()));
                    vec![identity]
                }
                Err(_) => {
                    return Err(fail(
                        "not an age identity file or an OpenSSH private key".to_owned(),
                    ));
                }
            }
        }
    };
    if identities.is_empty() {
        return Err(fail("holds no identity".to_owned()));
    }
    Ok(Key::Identities {
        identities,
        callbacks: callbacks.clone(),
    })
}

/// An `AGE-SECRET-KEY-1...` key typed back from a paper sheet: its groups split by spaces or line
/// breaks, in either case. Those are the only changes accepted; `#` lines are comments as usual.
fn typed_key(bytes: &[u8]) -> Option<age::x25519::Identity> {
    let text = std::str::from_utf8(bytes).ok()?;
    let joined: Zeroizing<String> = Zeroizing::new(
        text.lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect::<String>()
            .to_ascii_uppercase(),
    );
    if !joined.starts_with("AGE-SECRET-KEY-1") {
        return None;
    }
    joined.parse().ok()
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
        (Key::Identities { identities, .. }, false) => {
            decryptor.decrypt(identities.iter().map(|i| i.as_ref() as &dyn age::Identity))
        }
        (Key::Passphrase(_), false) => {
            return Err(Error::WrongKeyKind {
                encrypted_with: "age recipients (use --identity)",
                given: "a passphrase",
            });
        }
        (Key::Identities { .. }, true) => {
            return Err(Error::WrongKeyKind {
                encrypted_with: "a passphrase",
                given: "an identity",
            });
        }
    };
    let mut reader = reader.map_err(|e| match (e, key) {
        // An encrypted SSH key whose passphrase nobody could type matches no stanza: say why.
        (DecryptError::NoMatchingKeys, Key::Identities { callbacks, .. })
            if callbacks.unanswered().is_some() =>
        {
            Error::NobodyToAsk {
                request: callbacks.unanswered().unwrap_or_default(),
            }
        }
        (e, _) => decrypt_error(e),
    })?;
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
        DecryptError::PluginResolve(e) => resolve_error(e),
        DecryptError::Plugin(errors) => plugin_error(&errors),
        DecryptError::Io(e) => io_error(&e),
        _ => Error::Damaged,
    }
}

fn encrypt_error(e: age::EncryptError) -> Error {
    match e {
        age::EncryptError::PluginResolve(e) => resolve_error(e),
        age::EncryptError::Plugin(errors) => plugin_error(&errors),
        age::EncryptError::Io(e) if e.kind() == io::ErrorKind::ConnectionAborted => Error::Plugin {
            message: "the plugin's program ended before it was done".to_owned(),
        },
        other => Error::Encrypt(format!("{other:?}")),
    }
}

fn resolve_error(e: age::plugin::ResolveError) -> Error {
    match e {
        age::plugin::ResolveError::MissingPlugin { binary_name } => Error::MissingPlugin {
            binary: binary_name,
        },
        other => Error::Plugin {
            message: format!("{other:?}"),
        },
    }
}

/// The plugins' own words, which they write for people (a PIN refused, no key plugged in).
fn plugin_error<E: fmt::Display>(errors: &[E]) -> Error {
    let message = errors
        .iter()
        .map(|e| plain(&e.to_string()))
        .collect::<Vec<_>>()
        .join("; ");
    Error::Plugin { message }
}

fn io_error(e: &io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => Error::Truncated,
        // age's word for a plugin program that died mid-conversation.
        io::ErrorKind::ConnectionAborted => Error::Plugin {
            message: "the plugin's program ended before it was done".to_owned(),
        },
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
        let sealer = Sealer::Recipients(vec![id.to_public().into()]);
        let ct = sealer.seal(b"data").unwrap();
        assert_eq!(sealing_of(&ct).unwrap(), Sealing::Recipients);
        assert_eq!(scrypt_work_factor(&ct), None);
        let key = Key::Identities {
            identities: vec![Box::new(id)],
            callbacks: Callbacks::none(),
        };
        assert_eq!(&open(&ct, &key).unwrap()[..], b"data");
        let wrong = Key::Identities {
            identities: vec![Box::new(other)],
            callbacks: Callbacks::none(),
        };
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
