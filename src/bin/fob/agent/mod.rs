//! fob's agent: one background process per unlocked passphrase vault ([`server`]), where it listens
//! ([`place`]), and how commands ask it ([`client`]).

pub mod client;
mod detach;
pub mod place;
pub mod server;
