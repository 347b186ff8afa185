//! A message on the agent's socket, from a peer that may be anything: read as a request and as a
//! response, it must be refused or read, never crash, and what is read must write back the same.
#![no_main]

use fob::agent::protocol::{Request, Response};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = Request::read_from(&mut &data[..]) {
        let mut wire = Vec::new();
        request.write_to(&mut wire).expect("a vector takes any write");
        assert_eq!(wire, data[..wire.len()], "a request reads back as its own bytes");
    }
    if let Ok(response) = Response::read_from(&mut &data[..]) {
        let mut wire = Vec::new();
        response.write_to(&mut wire).expect("a vector takes any write");
        let again = Response::read_from(&mut wire.as_slice()).expect("fob reads what it wrote");
        let mut wire_again = Vec::new();
        again.write_to(&mut wire_again).expect("a vector takes any write");
        assert_eq!(wire, wire_again);
    }
});
