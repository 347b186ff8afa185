//! The messages between `fob` and its agent on the agent's Unix socket: one request, one response, each
//! a frame of a fixed 11-byte header and a payload.
//!
//! ```text
//! "FOBA"  version (u16, big-endian)  kind (u8)  payload length (u32, big-endian)  payload
//! ```
//!
//! The header layout and the version-mismatch frame ([`VERSION_MISMATCH`], payload: the sender's pid as a
//! u32) never change, so a client and an agent of different versions can always tell each other so. Payload
//! fields are u8, u64 (big-endian) and byte strings (u32 length, then the bytes). Every buffer that may hold
//! a passphrase or plaintext is wiped on drop.

use std::io::{self, Read, Write};
use std::time::Duration;

use age::secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::storage::MAX_VAULT_BYTES;

/// This fob's protocol; a peer with another refuses to talk.
pub const PROTOCOL_VERSION: u16 = 2;

/// The frame kind that says "I speak another version" in every version.
pub const VERSION_MISMATCH: u8 = 0xff;

const MAGIC: [u8; 4] = *b"FOBA";
const HEADER_LEN: usize = 11;
/// A vault, plus room for the other fields: nothing larger is read.
const MAX_PAYLOAD: u64 = MAX_VAULT_BYTES + 4096;

/// Why a frame could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    /// The socket failed or closed early.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The bytes are not a fob agent frame.
    #[error("the peer does not speak fob's agent protocol")]
    NotFob,
    /// The peer speaks another version.
    #[error("the peer speaks agent protocol {version}, this fob speaks {PROTOCOL_VERSION}")]
    Version {
        /// Its version.
        version: u16,
        /// Its process id, when it said.
        pid: Option<u32>,
    },
    /// A frame of this version that does not parse.
    #[error("malformed agent message: {0}")]
    Malformed(&'static str),
}

/// A large field: borrowed when sending (no copy of a vault is made to send it), owned and wiped on drop
/// when received.
pub enum Bytes<'a> {
    /// Someone else's bytes, being sent.
    Borrowed(&'a [u8]),
    /// Bytes received.
    Owned(Zeroizing<Vec<u8>>),
}

impl std::ops::Deref for Bytes<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Self::Borrowed(b) => b,
            Self::Owned(v) => v,
        }
    }
}

impl Bytes<'_> {
    /// The bytes as an owned, wiped-on-drop buffer (copied only when borrowed).
    #[must_use]
    pub fn into_owned(self) -> Zeroizing<Vec<u8>> {
        match self {
            Self::Borrowed(b) => Zeroizing::new(b.to_vec()),
            Self::Owned(v) => v,
        }
    }

    /// The bytes as a plain vector, no longer wiped on drop: only for a vault file, which is encrypted.
    #[must_use]
    pub fn into_ciphertext(self) -> Vec<u8> {
        match self {
            Self::Borrowed(b) => b.to_vec(),
            Self::Owned(mut v) => std::mem::take(&mut *v),
        }
    }
}

/// What a client asks.
pub enum Request<'a> {
    /// Take this passphrase if it opens the vault file, and stay unlocked under these limits.
    Unlock {
        /// The vault passphrase.
        passphrase: SecretString,
        /// Locks after this long without use.
        idle: Duration,
        /// Locks after this long whatever happens.
        lifetime: Duration,
    },
    /// Hold this vault file and the document a client decrypted from it with an identity (a hardware key
    /// asks for its PIN or touch once, here, instead of on every command), under these limits. The agent
    /// takes it only while the file is the vault on disk.
    UnlockDocument {
        /// The vault file the client read.
        ciphertext: Bytes<'a>,
        /// Its decrypted document.
        plaintext: Bytes<'a>,
        /// Locks after this long without use.
        idle: Duration,
        /// Locks after this long whatever happens.
        lifetime: Duration,
    },
    /// An agent holding an identity-locked vault's document: here is the vault's new file and document
    /// (a client saved it, or opened a changed file with the identity). Taken only while the file is the
    /// vault on disk, so the agent never holds anything but the vault as it is.
    Remember {
        /// The vault file.
        ciphertext: Bytes<'a>,
        /// Its decrypted document.
        plaintext: Bytes<'a>,
    },
    /// Decrypt this vault file (as read by the client) with the held passphrase.
    Open {
        /// The vault file.
        ciphertext: Bytes<'a>,
    },
    /// Encrypt this vault document with the held passphrase.
    Seal {
        /// scrypt work factor.
        work_factor: u8,
        /// The document.
        plaintext: Bytes<'a>,
    },
    /// Say how long until the agent locks.
    Status,
    /// Forget everything and exit (`fob lock`).
    Forget,
}

/// What the agent answers.
pub enum Response<'a> {
    /// The passphrase was taken.
    Unlocked,
    /// The decrypted vault document.
    Opened(Bytes<'a>),
    /// The encrypted vault file.
    Sealed(Bytes<'a>),
    /// The agent's state.
    Status(Status),
    /// The agent wiped what it held and is exiting.
    Forgotten,
    /// The agent holds no passphrase (yet).
    NotUnlocked,
    /// The agent holds an identity-locked vault's document, and this is not that file: the client opens
    /// it with the identity (and may tell the agent with `Remember`).
    NotHeld,
    /// The passphrase given to `Unlock` does not open the vault.
    WrongPassphrase,
    /// Too many failed unlocks: the agent tries no passphrase for this many seconds.
    BackOff(u64),
    /// The request cannot be done; the reason is for people.
    Refused(String),
}

/// How long an unlocked agent has left, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// The agent's process id.
    pub pid: u32,
    /// The idle timeout it was given.
    pub idle_timeout: u64,
    /// Until the idle timeout, from now.
    pub idle_left: u64,
    /// Until the absolute lifetime ends, from now.
    pub lifetime_left: u64,
    /// Whether the held secrets are in locked (unswappable) memory.
    pub memory_locked: bool,
}

mod kind {
    pub const UNLOCK: u8 = 1;
    pub const OPEN: u8 = 2;
    pub const SEAL: u8 = 3;
    pub const STATUS: u8 = 4;
    pub const FORGET: u8 = 5;
    pub const UNLOCK_DOCUMENT: u8 = 6;
    pub const REMEMBER: u8 = 7;
    pub const UNLOCKED: u8 = 0x81;
    pub const OPENED: u8 = 0x82;
    pub const SEALED: u8 = 0x83;
    pub const STATUS_IS: u8 = 0x84;
    pub const FORGOTTEN: u8 = 0x85;
    pub const NOT_UNLOCKED: u8 = 0x86;
    pub const WRONG_PASSPHRASE: u8 = 0x87;
    pub const BACK_OFF: u8 = 0x88;
    pub const REFUSED: u8 = 0x89;
    pub const NOT_HELD: u8 = 0x8a;
}

impl Request<'_> {
    /// Sends the request as one frame.
    pub fn write_to(&self, w: &mut impl Write) -> io::Result<()> {
        match self {
            Self::Unlock {
                passphrase,
                idle,
                lifetime,
            } => write_frame(
                w,
                kind::UNLOCK,
                &[
                    Field::Bytes(passphrase.expose_secret().as_bytes()),
                    Field::U64(idle.as_secs()),
                    Field::U64(lifetime.as_secs()),
                ],
            ),
            Self::UnlockDocument {
                ciphertext,
                plaintext,
                idle,
                lifetime,
            } => write_frame(
                w,
                kind::UNLOCK_DOCUMENT,
                &[
                    Field::U64(idle.as_secs()),
                    Field::U64(lifetime.as_secs()),
                    Field::Bytes(ciphertext),
                    Field::Bytes(plaintext),
                ],
            ),
            Self::Remember {
                ciphertext,
                plaintext,
            } => write_frame(
                w,
                kind::REMEMBER,
                &[Field::Bytes(ciphertext), Field::Bytes(plaintext)],
            ),
            Self::Open { ciphertext } => write_frame(w, kind::OPEN, &[Field::Bytes(ciphertext)]),
            Self::Seal {
                work_factor,
                plaintext,
            } => write_frame(
                w,
                kind::SEAL,
                &[Field::U8(*work_factor), Field::Bytes(plaintext)],
            ),
            Self::Status => write_frame(w, kind::STATUS, &[]),
            Self::Forget => write_frame(w, kind::FORGET, &[]),
        }
    }

    /// Reads one request.
    pub fn read_from(r: &mut impl Read) -> Result<Request<'static>, ProtocolError> {
        let (kind, payload) = read_frame(r)?;
        let mut f = Fields(&payload);
        let request = match kind {
            kind::UNLOCK => {
                let passphrase = std::str::from_utf8(f.bytes()?)
                    .map_err(|_| ProtocolError::Malformed("passphrase is not UTF-8"))?;
                Request::Unlock {
                    passphrase: SecretString::from(passphrase.to_owned()),
                    idle: Duration::from_secs(f.u64()?),
                    lifetime: Duration::from_secs(f.u64()?),
                }
            }
            kind::OPEN => {
                return Ok(Request::Open {
                    ciphertext: Bytes::Owned(only_bytes(payload)?),
                });
            }
            kind::SEAL => {
                let work_factor = f.u8()?;
                return Ok(Request::Seal {
                    work_factor,
                    plaintext: Bytes::Owned(only_bytes(strip(payload, 1))?),
                });
            }
            kind::UNLOCK_DOCUMENT => {
                let idle = Duration::from_secs(f.u64()?);
                let lifetime = Duration::from_secs(f.u64()?);
                let (ciphertext, plaintext) = file_and_document(strip(payload, 16))?;
                return Ok(Request::UnlockDocument {
                    ciphertext,
                    plaintext,
                    idle,
                    lifetime,
                });
            }
            kind::REMEMBER => {
                let (ciphertext, plaintext) = file_and_document(payload)?;
                return Ok(Request::Remember {
                    ciphertext,
                    plaintext,
                });
            }
            kind::STATUS => Request::Status,
            kind::FORGET => Request::Forget,
            _ => return Err(ProtocolError::Malformed("unknown request")),
        };
        f.end()?;
        Ok(request)
    }
}

impl Response<'_> {
    /// Sends the response as one frame.
    pub fn write_to(&self, w: &mut impl Write) -> io::Result<()> {
        match self {
            Self::Unlocked => write_frame(w, kind::UNLOCKED, &[]),
            Self::Opened(plaintext) => write_frame(w, kind::OPENED, &[Field::Bytes(plaintext)]),
            Self::Sealed(ciphertext) => write_frame(w, kind::SEALED, &[Field::Bytes(ciphertext)]),
            Self::Status(s) => write_frame(
                w,
                kind::STATUS_IS,
                &[
                    Field::U64(u64::from(s.pid)),
                    Field::U64(s.idle_timeout),
                    Field::U64(s.idle_left),
                    Field::U64(s.lifetime_left),
                    Field::U8(u8::from(s.memory_locked)),
                ],
            ),
            Self::Forgotten => write_frame(w, kind::FORGOTTEN, &[]),
            Self::NotUnlocked => write_frame(w, kind::NOT_UNLOCKED, &[]),
            Self::NotHeld => write_frame(w, kind::NOT_HELD, &[]),
            Self::WrongPassphrase => write_frame(w, kind::WRONG_PASSPHRASE, &[]),
            Self::BackOff(seconds) => write_frame(w, kind::BACK_OFF, &[Field::U64(*seconds)]),
            Self::Refused(reason) => {
                write_frame(w, kind::REFUSED, &[Field::Bytes(reason.as_bytes())])
            }
        }
    }

    /// Reads one response.
    pub fn read_from(r: &mut impl Read) -> Result<Response<'static>, ProtocolError> {
        let (kind, payload) = read_frame(r)?;
        let mut f = Fields(&payload);
        let response = match kind {
            kind::UNLOCKED => Response::Unlocked,
            kind::OPENED => return Ok(Response::Opened(Bytes::Owned(only_bytes(payload)?))),
            kind::SEALED => return Ok(Response::Sealed(Bytes::Owned(only_bytes(payload)?))),
            kind::STATUS_IS => Response::Status(Status {
                pid: u32::try_from(f.u64()?)
                    .map_err(|_| ProtocolError::Malformed("pid out of range"))?,
                idle_timeout: f.u64()?,
                idle_left: f.u64()?,
                lifetime_left: f.u64()?,
                memory_locked: f.u8()? != 0,
            }),
            kind::FORGOTTEN => Response::Forgotten,
            kind::NOT_UNLOCKED => Response::NotUnlocked,
            kind::NOT_HELD => Response::NotHeld,
            kind::WRONG_PASSPHRASE => Response::WrongPassphrase,
            kind::BACK_OFF => Response::BackOff(f.u64()?),
            kind::REFUSED => Response::Refused(String::from_utf8_lossy(f.bytes()?).into_owned()),
            _ => return Err(ProtocolError::Malformed("unknown response")),
        };
        f.end()?;
        Ok(response)
    }
}

/// A payload whose only field is one byte string: the string itself, moved out of the payload buffer
/// rather than copied (a vault is megabytes).
fn only_bytes(mut payload: Zeroizing<Vec<u8>>) -> Result<Zeroizing<Vec<u8>>, ProtocolError> {
    let mut f = Fields(&payload);
    let len = f.bytes()?.len();
    f.end()?;
    let start = payload.len() - len;
    payload.drain(..start);
    Ok(payload)
}

/// A payload of two byte strings, a vault file and its document: the file copied out (it is
/// encrypted), the document moved out of the payload buffer rather than copied.
fn file_and_document(
    payload: Zeroizing<Vec<u8>>,
) -> Result<(Bytes<'static>, Bytes<'static>), ProtocolError> {
    let mut f = Fields(&payload);
    let ciphertext = f.bytes()?.to_vec();
    let start = payload.len() - f.0.len();
    let plaintext = only_bytes(strip(payload, start))?;
    Ok((
        Bytes::Owned(Zeroizing::new(ciphertext)),
        Bytes::Owned(plaintext),
    ))
}

/// The payload without its first `n` bytes (already read as other fields).
fn strip(mut payload: Zeroizing<Vec<u8>>, n: usize) -> Zeroizing<Vec<u8>> {
    let n = n.min(payload.len());
    payload.drain(..n);
    payload
}

/// Tells a peer of another version which version this is and who is speaking.
pub fn write_version_mismatch(w: &mut impl Write, pid: u32) -> io::Result<()> {
    write_frame(w, VERSION_MISMATCH, &[Field::U32(pid)])
}

/// One field of a payload.
enum Field<'a> {
    U8(u8),
    U32(u32),
    U64(u64),
    Bytes(&'a [u8]),
}

/// Writes a frame straight from its fields: the small ones (header, numbers, lengths; never secret) go
/// through a small buffer, byte strings are written from where they are. No copy of a passphrase or a
/// vault is made, so none is left behind unwiped.
fn write_frame(w: &mut impl Write, kind: u8, fields: &[Field<'_>]) -> io::Result<()> {
    let too_large = || io::Error::new(io::ErrorKind::InvalidInput, "agent message too large");
    let len: usize = fields
        .iter()
        .map(|f| match f {
            Field::U8(_) => 1,
            Field::U32(_) => 4,
            Field::U64(_) => 8,
            Field::Bytes(b) => 4 + b.len(),
        })
        .sum();
    let mut small = Vec::with_capacity(64);
    small.extend_from_slice(&MAGIC);
    small.extend_from_slice(&PROTOCOL_VERSION.to_be_bytes());
    small.push(kind);
    small.extend_from_slice(&u32::try_from(len).map_err(|_| too_large())?.to_be_bytes());
    for field in fields {
        match field {
            Field::U8(v) => small.push(*v),
            Field::U32(v) => small.extend_from_slice(&v.to_be_bytes()),
            Field::U64(v) => small.extend_from_slice(&v.to_be_bytes()),
            Field::Bytes(b) => {
                let n = u32::try_from(b.len()).map_err(|_| too_large())?;
                small.extend_from_slice(&n.to_be_bytes());
                w.write_all(&small)?;
                small.clear();
                w.write_all(b)?;
            }
        }
    }
    w.write_all(&small)?;
    w.flush()
}

/// Reads a header and its payload; a frame of another version is an error that carries the peer's pid
/// when it sent the version-mismatch frame.
fn read_frame(r: &mut impl Read) -> Result<(u8, Zeroizing<Vec<u8>>), ProtocolError> {
    let mut header = [0u8; HEADER_LEN];
    r.read_exact(&mut header)?;
    if header[..4] != MAGIC {
        return Err(ProtocolError::NotFob);
    }
    let version = u16::from_be_bytes([header[4], header[5]]);
    let kind = header[6];
    let len = u64::from(u32::from_be_bytes([
        header[7], header[8], header[9], header[10],
    ]));
    // Another version's frame is not kept (its sizes may differ from ours), but read to its end, so that
    // closing the connection does not reset it before the peer reads the answer; only the pid of the
    // one frame every version shares is kept.
    if version != PROTOCOL_VERSION || kind == VERSION_MISMATCH {
        let mut pid = [0u8; 4];
        let pid = (kind == VERSION_MISMATCH && len == 4 && r.read_exact(&mut pid).is_ok())
            .then_some(u32::from_be_bytes(pid));
        if pid.is_none() {
            let _ = io::copy(&mut r.take(len.min(MAX_PAYLOAD)), &mut io::sink());
        }
        return Err(ProtocolError::Version { version, pid });
    }
    if len > MAX_PAYLOAD {
        return Err(ProtocolError::Malformed("message longer than any vault"));
    }
    Ok((kind, read_payload(r, len as usize)?))
}

/// Reads `len` bytes, growing the buffer only as bytes arrive (a header alone must not make the reader
/// allocate, and wipe, whatever it claims), eightfold so that a vault is moved at most twice, and wiping
/// every smaller buffer it outgrows.
fn read_payload(r: &mut impl Read, len: usize) -> io::Result<Zeroizing<Vec<u8>>> {
    const FIRST: usize = 64 << 10;
    let mut payload = Zeroizing::new(Vec::new());
    while payload.len() < len {
        let target = (payload.len() * 8).clamp(FIRST, len.max(FIRST)).min(len);
        if target > payload.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(target));
            bigger.extend_from_slice(&payload);
            payload = bigger;
        }
        let start = payload.len();
        payload.resize(target, 0);
        r.read_exact(&mut payload[start..])?;
    }
    Ok(payload)
}

/// A payload being read, field by field.
struct Fields<'a>(&'a [u8]);

impl<'a> Fields<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ProtocolError> {
        if self.0.len() < n {
            return Err(ProtocolError::Malformed("message ends early"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, ProtocolError> {
        Ok(self.take(1)?[0])
    }

    fn u64(&mut self) -> Result<u64, ProtocolError> {
        let b = self.take(8)?;
        Ok(u64::from_be_bytes(b.try_into().expect("8 bytes")))
    }

    fn bytes(&mut self) -> Result<&'a [u8], ProtocolError> {
        let b = self.take(4)?;
        let len = u32::from_be_bytes(b.try_into().expect("4 bytes"));
        self.take(len as usize)
    }

    fn end(&self) -> Result<(), ProtocolError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ProtocolError::Malformed("trailing bytes"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn round_trip_request(r: &Request<'_>) -> Request<'static> {
        let mut wire = Vec::new();
        r.write_to(&mut wire).unwrap();
        Request::read_from(&mut wire.as_slice()).unwrap()
    }

    #[test]
    fn requests_round_trip() {
        let r = round_trip_request(&Request::Unlock {
            passphrase: SecretString::from("pass phrase".to_owned()),
            idle: Duration::from_secs(900),
            lifetime: Duration::from_secs(8 * 3600),
        });
        let Request::Unlock {
            passphrase,
            idle,
            lifetime,
        } = r
        else {
            panic!("not an unlock");
        };
        assert_eq!(passphrase.expose_secret(), "pass phrase");
        assert_eq!((idle.as_secs(), lifetime.as_secs()), (900, 28_800));
        let Request::Seal {
            work_factor,
            plaintext,
        } = round_trip_request(&Request::Seal {
            work_factor: 18,
            plaintext: Bytes::Borrowed(b"{}"),
        })
        else {
            panic!("not a seal");
        };
        assert_eq!((work_factor, &*plaintext), (18, &b"{}"[..]));
        let Request::Open { ciphertext } = round_trip_request(&Request::Open {
            ciphertext: Bytes::Borrowed(b"age"),
        }) else {
            panic!("not an open");
        };
        assert_eq!(ciphertext.into_ciphertext(), b"age");
        assert!(matches!(
            round_trip_request(&Request::Forget),
            Request::Forget
        ));
    }

    #[test]
    fn documents_round_trip_with_their_files() {
        let Request::UnlockDocument {
            ciphertext,
            plaintext,
            idle,
            lifetime,
        } = round_trip_request(&Request::UnlockDocument {
            ciphertext: Bytes::Borrowed(b"age file"),
            plaintext: Bytes::Borrowed(b"{\"format\":\"fob-vault\"}"),
            idle: Duration::from_secs(60),
            lifetime: Duration::from_secs(3600),
        })
        else {
            panic!("not an unlock with a document");
        };
        assert_eq!(&*ciphertext, b"age file");
        assert_eq!(&*plaintext, b"{\"format\":\"fob-vault\"}");
        assert_eq!((idle.as_secs(), lifetime.as_secs()), (60, 3600));
        let Request::Remember {
            ciphertext,
            plaintext,
        } = round_trip_request(&Request::Remember {
            ciphertext: Bytes::Borrowed(b""),
            plaintext: Bytes::Borrowed(b"doc"),
        })
        else {
            panic!("not a remember");
        };
        assert_eq!((&*ciphertext, &*plaintext), (&b""[..], &b"doc"[..]));
        let mut wire = Vec::new();
        Response::NotHeld.write_to(&mut wire).unwrap();
        assert!(matches!(
            Response::read_from(&mut wire.as_slice()).unwrap(),
            Response::NotHeld
        ));
    }

    #[test]
    fn status_round_trips() {
        let s = Status {
            pid: 42,
            idle_timeout: 900,
            idle_left: 899,
            lifetime_left: 28_000,
            memory_locked: true,
        };
        let mut wire = Vec::new();
        Response::Status(s).write_to(&mut wire).unwrap();
        let Response::Status(back) = Response::read_from(&mut wire.as_slice()).unwrap() else {
            panic!("not a status");
        };
        assert_eq!(back, s);
    }

    #[test]
    fn another_version_is_named_with_its_pid() {
        let mut wire = Vec::new();
        write_version_mismatch(&mut wire, 77).unwrap();
        wire[4..6].copy_from_slice(&9u16.to_be_bytes());
        match Response::read_from(&mut wire.as_slice()) {
            Err(ProtocolError::Version {
                version: 9,
                pid: Some(77),
            }) => {}
            other => panic!("{:?}", other.err()),
        }
        let mut wire = Vec::new();
        Request::Status.write_to(&mut wire).unwrap();
        let other = PROTOCOL_VERSION + 1;
        wire[4..6].copy_from_slice(&other.to_be_bytes());
        assert!(matches!(
            Request::read_from(&mut wire.as_slice()),
            Err(ProtocolError::Version {
                version,
                pid: None
            }) if version == other
        ));
    }

    #[test]
    fn refuses_what_is_not_a_frame() {
        assert!(matches!(
            Request::read_from(&mut &b"GET / HTTP/1.1\r\n\r\n"[..]),
            Err(ProtocolError::NotFob)
        ));
        let mut wire = Vec::new();
        Request::Open {
            ciphertext: Bytes::Borrowed(&[1; 10]),
        }
        .write_to(&mut wire)
        .unwrap();
        wire.truncate(wire.len() - 1);
        assert!(Request::read_from(&mut wire.as_slice()).is_err());
        let header = |len: u32| {
            let mut h = b"FOBA".to_vec();
            h.extend_from_slice(&PROTOCOL_VERSION.to_be_bytes());
            h.push(kind::OPEN);
            h.extend_from_slice(&len.to_be_bytes());
            h
        };
        let mut claims_a_lot = header(200 << 20);
        claims_a_lot.extend_from_slice(b"abc");
        assert!(matches!(
            Request::read_from(&mut claims_a_lot.as_slice()),
            Err(ProtocolError::Io(_))
        ));
        let huge = header(u32::MAX);
        assert!(matches!(
            Request::read_from(&mut huge.as_slice()),
            Err(ProtocolError::Malformed(_))
        ));
    }

    proptest! {
        #[test]
        fn any_bytes_are_refused_or_read_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = Request::read_from(&mut bytes.as_slice());
            let _ = Response::read_from(&mut bytes.as_slice());
        }

        #[test]
        fn opened_round_trips(plain in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut wire = Vec::new();
            Response::Opened(Bytes::Borrowed(&plain)).write_to(&mut wire).unwrap();
            let Response::Opened(back) = Response::read_from(&mut wire.as_slice()).unwrap() else {
                panic!("not opened");
            };
            prop_assert_eq!(&*back, plain.as_slice());
        }
    }
}
