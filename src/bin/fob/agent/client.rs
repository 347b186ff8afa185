//! Asking a vault's agent: one connection per request. No agent listening is a normal answer (`None`):
//! callers then unlock the usual way.

use std::io::ErrorKind;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use fob::agent::protocol::{PROTOCOL_VERSION, ProtocolError, Request, Response};

use super::place::Place;
use crate::error::CliError;

/// Long enough for the agent's scrypt at the highest work factor, short enough that a wedged agent is
/// noticed.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Sends `request` to the agent at `place`; `None` when no agent listens there.
pub fn ask(place: &Place, request: &Request<'_>) -> Result<Option<Response<'static>>, CliError> {
    let stream = match UnixStream::connect(&place.socket) {
        Ok(s) => s,
        // No socket, or a socket its agent left behind when it was killed.
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::ConnectionRefused) => {
            return Ok(None);
        }
        Err(e) => {
            return Err(CliError::new(format!(
                "cannot reach the fob agent at {}: {e}",
                place.socket.display()
            )));
        }
    };
    place.check()?;
    let peer = rustix::net::sockopt::socket_peercred(&stream)
        .map_err(|e| CliError::new(format!("cannot tell who runs the fob agent: {e}")))?;
    if peer.uid != rustix::process::getuid() {
        return Err(CliError::new(format!(
            "the socket {} is served by uid {}, not by you: refusing to use it",
            place.socket.display(),
            peer.uid.as_raw()
        )));
    }
    stream
        .set_read_timeout(Some(TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(TIMEOUT)))
        .map_err(|e| CliError::new(format!("fob agent socket: {e}")))?;
    // A failed write is not the end: a peer that answers before reading everything (one of another
    // version) may have closed on a long request, and its answer is still there to read.
    let _ = request.write_to(&mut &stream);
    match Response::read_from(&mut &stream) {
        Ok(response) => Ok(Some(response)),
        // The agent went away (it expired, or was killed): as good as no agent.
        Err(ProtocolError::Io(_)) => Ok(None),
        Err(other) => Err(protocol_error(other)),
    }
}

fn protocol_error(e: ProtocolError) -> CliError {
    match e {
        ProtocolError::Version { version, pid } => {
            let stop = pid.map_or_else(
                || "end it (it runs as `fob agent`)".to_owned(),
                |pid| format!("end it with `kill {pid}`"),
            );
            CliError::new(format!(
                "the fob agent for this vault speaks agent protocol {version}, this fob speaks {PROTOCOL_VERSION}"
            ))
            .hint(format!(
                "it was started by another version of fob: {stop}, then run `fob unlock` again"
            ))
        }
        other => CliError::new(format!("the fob agent answered strangely: {other}")),
    }
}
