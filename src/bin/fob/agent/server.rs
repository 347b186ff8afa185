//! `fob agent`: the background process that holds one vault's passphrase after `fob unlock`, decrypts and
//! seals the vault for fob commands of the same user, and locks itself: after its idle timeout, at the end
//! of its lifetime, on `fob lock`, or on SIGTERM/SIGINT/SIGHUP. Its deadlines are kept on its own clock
//! (`CLOCK_BOOTTIME`, which also runs while the machine sleeps), never in anything a client holds.
//!
//! It serves one connection at a time and answers only peers of its own uid, each within one deadline
//! for its whole request, never past its own expiry. It reads the vault file itself to check a
//! passphrase, so the passphrase it keeps is one that opens that vault, and it never seals at a lower
//! work factor than that file's.
//!
//! A vault locked to age recipients has no passphrase to hold: its key is an identity file or a hardware
//! token. There `fob unlock` decrypts the vault itself (one PIN or touch) and hands the agent the file and
//! its document; the agent answers opens of that file from memory, never decrypts or seals anything, and
//! takes a newer file and document from a client only while that file is the vault on disk.

use std::fs::{File, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use age::secrecy::SecretString;
use fob::agent::expiry::Expiry;
use fob::agent::protocol::{self, Bytes, ProtocolError, Request, Response, Status};
use fob::storage::VaultFile;
use fob::unlock_failures::UnlockFailures;
use fob::vault::seal::{self, Key, Sealer};
use zeroize::Zeroizing;

use super::place::Place;
use crate::error::CliError;
use crate::memory::LockedBytes;

/// How long a new agent waits for the `Unlock` that `fob unlock` sends right after starting it.
const FIRST_REQUEST: Duration = Duration::from_secs(30);
/// The longest the agent waits without looking at its deadlines and signals.
const WAKE_AT_LEAST_EVERY: Duration = Duration::from_secs(5);
/// How long one connection may take to send its whole request, and to take the answer: a client that
/// trickles bytes gets no longer (and never past the agent's expiry).
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);

/// Runs the agent for `vault`, listening at `place`; prints `ready` (or the reason it cannot start) on
/// stdout for the `fob unlock` that started it.
pub fn run(vault: &VaultFile, place: &Place) -> Result<(), CliError> {
    super::detach::from_its_starter();
    crate::memory::wipe_freed_memory();
    let started = start(place);
    let mut stdout = std::io::stdout();
    let _ = match &started {
        Ok(_) => writeln!(stdout, "ready"),
        Err(e) => writeln!(stdout, "{}", e.message),
    };
    let _ = stdout.flush();
    let (listener, _lock) = started?;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
    }
    let mut agent = Agent {
        vault: vault.clone(),
        held: None,
        born: now(),
    };
    serve(&listener, &mut agent, &stop, place);
    let _ = std::fs::remove_file(&place.socket);
    drop(agent);
    Ok(())
}

/// Takes the agent lock (so two agents never serve one vault), replaces a stale socket, and listens.
fn start(place: &Place) -> Result<(UnixListener, File), CliError> {
    place.prepare()?;
    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&place.lock)
        .map_err(|e| CliError::new(format!("cannot open {}: {e}", place.lock.display())))?;
    lock.try_lock()
        .map_err(|_| CliError::new("another fob agent already serves this vault"))?;
    // Holding the lock, any socket here belongs to an agent that died without cleaning up.
    match std::fs::remove_file(&place.socket) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => {
            return Err(CliError::new(format!(
                "cannot remove the stale socket {}: {e}",
                place.socket.display()
            )));
        }
    }
    let listener = UnixListener::bind(&place.socket)
        .map_err(|e| CliError::new(format!("cannot listen on {}: {e}", place.socket.display())))?;
    // The folder already keeps others out; the socket's own mode says so too.
    listener
        .set_nonblocking(true)
        .and_then(|()| {
            std::fs::set_permissions(&place.socket, std::fs::Permissions::from_mode(0o600))
        })
        .map_err(|e| CliError::new(format!("agent socket: {e}")))?;
    Ok((listener, lock))
}

/// The passphrase and the last vault file it opened or sealed, with its document.
struct Held {
    /// The passphrase of a passphrase vault; `None` for a vault locked to recipients, whose document
    /// (in the cache) is all the agent holds.
    passphrase: Option<LockedBytes>,
    cache: Option<Cache>,
    expiry: Expiry,
    /// The highest scrypt work factor of the vault files the passphrase opened: no seal goes below it,
    /// or a client could have the passphrase sealed cheaply to guess it fast.
    min_work_factor: u8,
}

struct Cache {
    ciphertext: Vec<u8>,
    plaintext: LockedBytes,
}

impl Cache {
    /// A vault file and the document a client decrypted from it (an identity-locked vault's).
    fn received(ciphertext: Bytes<'static>, plaintext: Bytes<'static>) -> Self {
        Self {
            ciphertext: ciphertext.into_ciphertext(),
            plaintext: LockedBytes::new(plaintext.into_owned()),
        }
    }
}

struct Agent {
    vault: VaultFile,
    held: Option<Held>,
    /// When it started, on its clock: a new agent waits [`FIRST_REQUEST`] for its `Unlock`.
    born: Duration,
}

/// What to do after answering.
#[derive(PartialEq, Eq)]
enum Next {
    Serve,
    Exit,
}

fn serve(listener: &UnixListener, agent: &mut Agent, stop: &AtomicBool, place: &Place) {
    while !stop.load(Ordering::Relaxed) && !agent.left().is_zero() {
        // poll's timeout runs on a clock that stops while the machine sleeps: wake often enough that
        // a deadline passed in sleep is noticed soon after waking, and a signal soon after it came.
        if !wait_for_connection(listener, agent.left().min(WAKE_AT_LEAST_EVERY)) {
            continue;
        }
        let Ok((stream, _)) = listener.accept() else {
            continue;
        };
        // A connection that waited across a deadline (the machine slept) gets nothing.
        if agent.left().is_zero() || handle(&stream, agent, place) == Next::Exit {
            return;
        }
    }
}

/// Waits up to `left` for a connection; false on timeout or a signal.
fn wait_for_connection(listener: &UnixListener, left: Duration) -> bool {
    let timeout = rustix::time::Timespec {
        tv_sec: i64::try_from(left.as_secs()).unwrap_or(i64::MAX),
        tv_nsec: i64::from(left.subsec_nanos()),
    };
    let fd = listener.as_fd();
    let mut fds = [rustix::event::PollFd::new(
        &fd,
        rustix::event::PollFlags::IN,
    )];
    matches!(rustix::event::poll(&mut fds, Some(&timeout)), Ok(n) if n > 0)
}

fn handle(stream: &UnixStream, agent: &mut Agent, place: &Place) -> Next {
    // Refuse anyone else silently: they learn nothing, not even this agent's version.
    let same_user = rustix::net::sockopt::socket_peercred(stream)
        .is_ok_and(|peer| peer.uid == rustix::process::getuid());
    if !same_user || stream.set_nonblocking(false).is_err() {
        return Next::Serve;
    }
    // One deadline for the whole request, however the client paces its bytes, and none past expiry.
    let mut reader = Bounded::within(stream, agent.left());
    let request = match Request::read_from(&mut reader) {
        Ok(request) => request,
        Err(ProtocolError::Version { .. }) => {
            let mut writer = Bounded::within(stream, agent.left());
            let _ = protocol::write_version_mismatch(&mut writer, std::process::id());
            return Next::Serve;
        }
        Err(_) => return Next::Serve,
    };
    // The request may have taken until a deadline: then it gets nothing.
    let left = agent.left();
    if left.is_zero() {
        return Next::Exit;
    }
    let expires = now() + left;
    let (response, next) = agent.answer(request);
    // Off the socket before saying so: whoever hears "locked" may bind a socket there at once.
    if next == Next::Exit {
        let _ = std::fs::remove_file(&place.socket);
    }
    let mut writer = Bounded::within(stream, expires.saturating_sub(now()));
    let _ = response.write_to(&mut writer);
    next
}

/// One connection's reads or writes, all within one instant on the agent's clock: each call gets only
/// the time that is left, so a peer sending or taking a byte at a time cannot stretch it.
struct Bounded<'a> {
    stream: &'a UnixStream,
    until: Duration,
}

impl<'a> Bounded<'a> {
    /// Until [`CONNECTION_TIMEOUT`] from now, or `left` if that is sooner.
    fn within(stream: &'a UnixStream, left: Duration) -> Self {
        Self {
            stream,
            until: now() + CONNECTION_TIMEOUT.min(left),
        }
    }

    fn left(&self) -> io::Result<Duration> {
        let left = self.until.saturating_sub(now());
        if left.is_zero() {
            Err(ErrorKind::TimedOut.into())
        } else {
            Ok(left)
        }
    }
}

impl Read for Bounded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(Some(self.left()?))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

impl Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(Some(self.left()?))?;
        let mut stream = self.stream;
        stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Agent {
    /// Until the agent must lock: its expiry once unlocked, before that the wait for its `Unlock`.
    fn left(&self) -> Duration {
        match &self.held {
            Some(held) => held.expiry.left(now()),
            None => FIRST_REQUEST.saturating_sub(now().saturating_sub(self.born)),
        }
    }

    fn answer(&mut self, request: Request<'static>) -> (Response<'_>, Next) {
        match request {
            Request::Unlock {
                passphrase,
                idle,
                lifetime,
            } => self.unlock(passphrase, idle, lifetime),
            Request::UnlockDocument {
                ciphertext,
                plaintext,
                idle,
                lifetime,
            } => self.unlock_document(ciphertext, plaintext, idle, lifetime),
            Request::Remember {
                ciphertext,
                plaintext,
            } => match &mut self.held {
                Some(held) => held.remember(ciphertext, plaintext, &self.vault),
                None => (Response::NotUnlocked, Next::Serve),
            },
            Request::Status => (
                self.held
                    .as_ref()
                    .map_or(Response::NotUnlocked, |h| Response::Status(status(h))),
                Next::Serve,
            ),
            Request::Forget => (Response::Forgotten, Next::Exit),
            Request::Open { ciphertext } => match &mut self.held {
                Some(held) => held.open(ciphertext, &self.vault),
                None => (Response::NotUnlocked, Next::Serve),
            },
            Request::Seal {
                work_factor,
                plaintext,
            } => match &mut self.held {
                Some(held) => held.seal(work_factor, plaintext),
                None => (Response::NotUnlocked, Next::Serve),
            },
        }
    }

    /// Checks the passphrase against the vault file as it is on disk, under the back-off of failed
    /// unlocks. A new agent that was given a wrong passphrase has nothing to hold and exits.
    fn unlock(
        &mut self,
        passphrase: SecretString,
        idle: Duration,
        lifetime: Duration,
    ) -> (Response<'static>, Next) {
        if self.held.is_some() {
            return (
                Response::Refused("the vault is already unlocked".to_owned()),
                Next::Serve,
            );
        }
        let ciphertext = match self.vault.read() {
            Ok(c) => c,
            Err(e) => return (Response::Refused(e.to_string()), Next::Exit),
        };
        // The vault's lock is held from reading the failure record, through the scrypt, to recording
        // the outcome, as for fob without the agent. Without it (read-only media) the try goes
        // unrecorded; the agent has nobody to warn.
        let path = self.vault.failures_path();
        let lock = self.vault.lock(|| {});
        let failures = UnlockFailures::load(&path);
        if let Some(seconds) = failures.wait_seconds(jiff::Timestamp::now()) {
            return (Response::BackOff(seconds), Next::Exit);
        }
        let key = Key::Passphrase(passphrase);
        let opened = seal::open(&ciphertext, &key);
        let wrong = opened
            .as_ref()
            .is_err_and(fob::vault::Error::is_unlock_failure);
        if lock.is_ok() && (wrong || (opened.is_ok() && failures.failed_since_success())) {
            let _ = UnlockFailures::record(&path, jiff::Timestamp::now(), !wrong);
        }
        drop(lock);
        if wrong {
            return (Response::WrongPassphrase, Next::Exit);
        }
        let plaintext = match opened {
            Ok(plaintext) => plaintext,
            Err(e) => return (Response::Refused(e.to_string()), Next::Exit),
        };
        let Key::Passphrase(passphrase) = key else {
            unreachable!("built above")
        };
        self.held = Some(Held {
            passphrase: Some(LockedBytes::new(Zeroizing::new(
                age::secrecy::ExposeSecret::expose_secret(&passphrase)
                    .as_bytes()
                    .to_vec(),
            ))),
            // The passphrase opened it, so its header has a work factor; were it unreadable, the default.
            min_work_factor: seal::scrypt_work_factor(&ciphertext)
                .unwrap_or(seal::DEFAULT_WORK_FACTOR),
            cache: Some(Cache {
                ciphertext,
                plaintext: LockedBytes::new(plaintext),
            }),
            expiry: Expiry::start(now(), idle, lifetime),
        });
        (Response::Unlocked, Next::Serve)
    }

    /// Holds an identity-locked vault's document, which the client decrypted, if the file it came from
    /// is the vault on disk and is locked to recipients. There is nothing to check a guess against, so
    /// there is no back-off: whoever sends this has already opened the vault.
    fn unlock_document(
        &mut self,
        ciphertext: Bytes<'static>,
        plaintext: Bytes<'static>,
        idle: Duration,
        lifetime: Duration,
    ) -> (Response<'static>, Next) {
        if self.held.is_some() {
            return (
                Response::Refused("the vault is already unlocked".to_owned()),
                Next::Serve,
            );
        }
        match self.vault.read() {
            Ok(on_disk) if on_disk == *ciphertext => {}
            Ok(_) => {
                return (
                    Response::Refused(
                        "the vault changed on disk while it was being unlocked; run fob unlock again"
                            .to_owned(),
                    ),
                    Next::Exit,
                );
            }
            Err(e) => return (Response::Refused(e.to_string()), Next::Exit),
        }
        if seal::sealing_of(&ciphertext).ok() != Some(seal::Sealing::Recipients) {
            return (
                Response::Refused(
                    "only a vault locked to age recipients is unlocked with its document"
                        .to_owned(),
                ),
                Next::Exit,
            );
        }
        self.held = Some(Held {
            passphrase: None,
            min_work_factor: seal::DEFAULT_WORK_FACTOR,
            cache: Some(Cache::received(ciphertext, plaintext)),
            expiry: Expiry::start(now(), idle, lifetime),
        });
        (Response::Unlocked, Next::Serve)
    }
}

impl Held {
    /// The passphrase held; `None` for an identity-locked vault.
    fn passphrase(&self) -> Option<SecretString> {
        self.passphrase
            .as_ref()
            .map(|p| SecretString::from(String::from_utf8_lossy(p.as_slice()).into_owned()))
    }

    /// Takes the new file and document of an identity-locked vault, if that file is the vault on disk:
    /// the agent holds the vault as it is, never an old commit or a copy. Answers `Unlocked` when taken.
    fn remember(
        &mut self,
        ciphertext: Bytes<'static>,
        plaintext: Bytes<'static>,
        vault: &VaultFile,
    ) -> (Response<'static>, Next) {
        if self.passphrase.is_some() {
            return (
                Response::Refused(
                    "the agent holds a passphrase and decrypts the vault itself".to_owned(),
                ),
                Next::Serve,
            );
        }
        if !vault.read().is_ok_and(|on_disk| on_disk == *ciphertext) {
            return (Response::NotHeld, Next::Serve);
        }
        self.expiry.touch(now());
        self.cache = Some(Cache::received(ciphertext, plaintext));
        (Response::Unlocked, Next::Serve)
    }

    /// Decrypts the vault file a client read, from the cache when it is the file last seen. A changed
    /// file (a restore, a sync, another fob's save) is decrypted again; one the passphrase no longer
    /// opens means the passphrase changed elsewhere, and the agent locks itself.
    fn open(&mut self, ciphertext: Bytes<'static>, vault: &VaultFile) -> (Response<'_>, Next) {
        self.expiry.touch(now());
        let cached = self
            .cache
            .as_ref()
            .is_some_and(|c| c.ciphertext == *ciphertext);
        if !cached {
            // Only the document of an identity-locked vault: any other file is the client's to open.
            let Some(passphrase) = self.passphrase() else {
                return (Response::NotHeld, Next::Serve);
            };
            match seal::open(&ciphertext, &Key::Passphrase(passphrase)) {
                Ok(plaintext) => {
                    // A vault re-sealed more expensively since (elsewhere, under the same passphrase)
                    // raises the floor; an older, cheaper file the passphrase also opens never lowers it.
                    if let Some(factor) = seal::scrypt_work_factor(&ciphertext) {
                        self.min_work_factor = self.min_work_factor.max(factor);
                    }
                    self.cache = Some(Cache {
                        ciphertext: ciphertext.into_ciphertext(),
                        plaintext: LockedBytes::new(plaintext),
                    });
                }
                // Another copy (an old commit of a synced vault, a generation from before `fob passwd`)
                // may be under another passphrase while the vault is not: only a vault on disk that no
                // longer opens means the passphrase held is stale.
                Err(e) if e.is_unlock_failure() && self.still_opens(vault) => {
                    return (
                        Response::Refused(
                            "that file does not open with the passphrase held (the vault itself still does)"
                                .to_owned(),
                        ),
                        Next::Serve,
                    );
                }
                Err(e) if e.is_unlock_failure() => {
                    return (
                        Response::Refused(
                            "the vault was re-locked with another passphrase since fob unlock; the agent has locked itself"
                                .to_owned(),
                        ),
                        Next::Exit,
                    );
                }
                Err(e) => return (Response::Refused(e.to_string()), Next::Serve),
            }
        }
        let cache = self.cache.as_ref().expect("cached above");
        (
            Response::Opened(Bytes::Borrowed(cache.plaintext.as_slice())),
            Next::Serve,
        )
    }

    /// Whether the vault file as it is on disk is the one cached, or opens with the passphrase held.
    fn still_opens(&self, vault: &VaultFile) -> bool {
        let Ok(on_disk) = vault.read() else {
            return false;
        };
        self.cache.as_ref().is_some_and(|c| c.ciphertext == on_disk)
            || self
                .passphrase()
                .is_some_and(|p| seal::open(&on_disk, &Key::Passphrase(p)).is_ok())
    }

    fn seal(&mut self, work_factor: u8, plaintext: Bytes<'static>) -> (Response<'_>, Next) {
        self.expiry.touch(now());
        let Some(passphrase) = self.passphrase() else {
            return (
                Response::Refused(
                    "the vault is locked to age recipients: fob seals it to them itself".to_owned(),
                ),
                Next::Serve,
            );
        };
        let sealer = Sealer::Passphrase {
            passphrase,
            work_factor: work_factor
                .max(self.min_work_factor)
                .clamp(1, seal::MAX_WORK_FACTOR),
        };
        match sealer.seal(&plaintext) {
            Ok(ciphertext) => {
                let cache = self.cache.insert(Cache {
                    ciphertext,
                    plaintext: LockedBytes::new(plaintext.into_owned()),
                });
                (
                    Response::Sealed(Bytes::Borrowed(&cache.ciphertext)),
                    Next::Serve,
                )
            }
            Err(e) => (Response::Refused(e.to_string()), Next::Serve),
        }
    }
}

fn status(held: &Held) -> Status {
    let t = now();
    Status {
        pid: std::process::id(),
        idle_timeout: held.expiry.idle_timeout().as_secs(),
        idle_left: held.expiry.idle_left(t).as_secs(),
        lifetime_left: held.expiry.lifetime_left(t).as_secs(),
        memory_locked: held.passphrase.as_ref().is_none_or(LockedBytes::is_locked)
            && held.cache.as_ref().is_none_or(|c| c.plaintext.is_locked()),
    }
}

/// The agent's clock: time since boot, including time asleep, which no user can set.
fn now() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}
