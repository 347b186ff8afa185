//! What `fob`'s agent and its clients share: the socket protocol ([`protocol`]) and the rule for when an
//! unlocked agent locks itself ([`expiry`]). The agent process and its socket live in the binary.

pub mod expiry;
pub mod protocol;
