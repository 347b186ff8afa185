//! Asking a vault's agent: one connection per request. No agent listening is a normal answer (`None`):
//! callers then unlock the usual way.

use std::os::unix::net::UnixStream;
use std::time::Duration;

use fob::agent::protocol::{PROTOCOL_VERSION, ProtocolError, Request, Response};

use super::place::Place;
use crate::error::CliError;
use crate::output::Talk;

/// Long enough for the agent's scrypt at the highest work factor, short enough that a wedged agent is
/// noticed.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Sends `request` to the agent at `place`; `None` when no agent listens there. An agent folder that is
/// not private, or a socket served by someone else, is ignored with a warning: whoever made it must not
/// be able to stop fob from working the usual way.
pub fn ask(
    place: &Place,
    request: &Request<'_>,
    talk: Talk,
) -> Result<Option<Response<'static>>, CliError> {
    if !place.dir().exists() {
        return Ok(None);
    }
    if let Err(e) = place.check() {
        talk.warn(format!("ignoring any fob agent: {}", e.message));
        return Ok(None);
    }
    // No socket, or a socket its agent left behind when it was killed: no agent.
    let Ok(stream) = UnixStream::connect(&place.socket) else {
        return Ok(None);
    };
    let me = rustix::process::getuid();
    match rustix::net::sockopt::socket_peercred(&stream) {
        Ok(peer) if peer.uid == me => {}
        Ok(peer) => {
            talk.warn(format!(
                "ignoring {}: it is served by uid {}, not by you",
                place.socket.display(),
                peer.uid.as_raw()
            ));
            return Ok(None);
        }
        Err(_) => return Ok(None),
    }
    if stream.set_read_timeout(Some(TIMEOUT)).is_err()
        || stream.set_write_timeout(Some(TIMEOUT)).is_err()
    {
        return Ok(None);
    }
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
