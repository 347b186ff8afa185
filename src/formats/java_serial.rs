//! The Java object serialisation stream (`ObjectOutputStream`, protocol version 2) of one
//! `java.util.HashMap` whose keys and values are strings: what FreeOTP 2 writes as its
//! `externalBackup.xml` (`writeObject(sharedPreferences.getAll())`). Only that shape is read; any other
//! object in the stream is named as unsupported rather than guessed at.
//!
//! Layout: magic `AC ED`, version `00 05`; `TC_OBJECT` with the class descriptor of `java.util.HashMap`
//! (name, serialVersionUID, flags, its two fields `loadFactor` and `threshold`, end of block, no
//! superclass); the two field values; then the map's own `writeObject` data: a block holding capacity
//! and size, and `size` key/value objects, each a `TC_STRING` (or `TC_LONGSTRING`) in modified UTF-8,
//! or a `TC_REFERENCE` back to a string written before.

use super::Error;

const MAGIC: [u8; 4] = [0xac, 0xed, 0x00, 0x05];
const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_LONGSTRING: u8 = 0x7c;
/// The first handle a stream assigns.
const BASE_HANDLE: u32 = 0x7e_0000;
/// More entries than any authenticator holds: a hostile size is refused before any allocation.
const MAX_ENTRIES: u32 = 100_000;

/// Whether the bytes start a Java object stream.
pub(crate) fn is_stream(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// The string entries of the serialised `HashMap`, in stream order.
pub(crate) fn string_map(
    format: &'static str,
    bytes: &[u8],
) -> Result<Vec<(String, String)>, Error> {
    let mut r = Stream {
        format,
        bytes,
        at: 0,
        handles: Vec::new(),
    };
    if r.take(4)? != MAGIC {
        return Err(r.damaged("it is not a Java object stream"));
    }
    if r.byte()? != TC_OBJECT || r.byte()? != TC_CLASSDESC {
        return Err(r.unsupported());
    }
    let class = r.utf()?;
    if class != "java.util.HashMap" {
        return Err(r.unsupported());
    }
    r.take(8)?; // serialVersionUID
    r.byte()?; // flags: serializable, with writeObject
    let fields = r.u16()?;
    for _ in 0..fields {
        let code = r.byte()?;
        r.utf()?;
        if !code.is_ascii_uppercase() || matches!(code, b'L' | b'[') {
            // HashMap's two fields are primitives (F loadFactor, I threshold).
            return Err(r.unsupported());
        }
    }
    if r.byte()? != TC_ENDBLOCKDATA || r.byte()? != TC_NULL {
        return Err(r.unsupported());
    }
    r.handles.push(None); // the class descriptor
    r.handles.push(None); // the map itself
    r.take(8)?; // loadFactor, threshold
    if r.byte()? != TC_BLOCKDATA {
        return Err(r.damaged("the map's size is missing"));
    }
    if r.byte()? < 8 {
        return Err(r.damaged("the map's size is missing"));
    }
    r.u32()?; // capacity
    let size = r.u32()?;
    if size > MAX_ENTRIES {
        return Err(r.damaged("the map claims more entries than any backup holds"));
    }
    let mut out = Vec::new();
    for _ in 0..size {
        let key = r.string()?;
        let value = r.string()?;
        out.push((key, value));
    }
    Ok(out)
}

struct Stream<'a> {
    format: &'static str,
    bytes: &'a [u8],
    at: usize,
    handles: Vec<Option<String>>,
}

impl Stream<'_> {
    fn damaged(&self, why: &str) -> Error {
        Error::Malformed(format!("damaged {} file: {why}", self.format))
    }

    fn unsupported(&self) -> Error {
        Error::Malformed(format!(
            "not a {} backup (a Java object stream, but not a map of strings)",
            self.format
        ))
    }

    fn take(&mut self, n: usize) -> Result<&[u8], Error> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| self.damaged("it ends early (cut short?)"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, Error> {
        Ok(u16::from_be_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }

    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_be_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    /// A length-prefixed modified UTF-8 string (class and field names).
    fn utf(&mut self) -> Result<String, Error> {
        let len = usize::from(self.u16()?);
        let raw = self.take(len)?.to_vec();
        self.decode(&raw)
    }

    /// A string object, or a reference to one.
    fn string(&mut self) -> Result<String, Error> {
        match self.byte()? {
            TC_STRING => {
                let s = self.utf()?;
                self.handles.push(Some(s.clone()));
                Ok(s)
            }
            TC_LONGSTRING => {
                let len = u64::from_be_bytes(self.take(8)?.try_into().expect("8 bytes"));
                let len = usize::try_from(len).map_err(|_| self.damaged("a string is too long"))?;
                let raw = self.take(len)?.to_vec();
                let s = self.decode(&raw)?;
                self.handles.push(Some(s.clone()));
                Ok(s)
            }
            TC_REFERENCE => {
                let handle = self.u32()?;
                handle
                    .checked_sub(BASE_HANDLE)
                    .and_then(|i| self.handles.get(usize::try_from(i).ok()?))
                    .and_then(Clone::clone)
                    .ok_or_else(|| self.damaged("a reference points nowhere"))
            }
            _ => Err(self.unsupported()),
        }
    }

    /// Java's modified UTF-8: NUL as two bytes, characters outside the BMP as two 3-byte surrogates.
    fn decode(&self, raw: &[u8]) -> Result<String, Error> {
        let bad = || self.damaged("a string is not modified UTF-8");
        let mut units: Vec<u16> = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let b = raw[i];
            let cont = |k: usize| {
                raw.get(i + k)
                    .filter(|c| *c & 0xc0 == 0x80)
                    .map(|c| u16::from(c & 0x3f))
            };
            if b & 0x80 == 0 {
                units.push(u16::from(b));
                i += 1;
            } else if b & 0xe0 == 0xc0 {
                units.push((u16::from(b & 0x1f) << 6) | cont(1).ok_or_else(bad)?);
                i += 2;
            } else if b & 0xf0 == 0xe0 {
                let (c1, c2) = (cont(1).ok_or_else(bad)?, cont(2).ok_or_else(bad)?);
                units.push((u16::from(b & 0x0f) << 12) | (c1 << 6) | c2);
                i += 3;
            } else {
                return Err(bad());
            }
        }
        String::from_utf16(&units).map_err(|_| bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf(out: &mut Vec<u8>, s: &str) {
        out.extend(u16::try_from(s.len()).unwrap().to_be_bytes());
        out.extend(s.as_bytes());
    }

    #[test]
    fn reads_a_map_of_strings_with_a_reference() {
        let mut b = MAGIC.to_vec();
        b.extend([TC_OBJECT, TC_CLASSDESC]);
        utf(&mut b, "java.util.HashMap");
        b.extend([0u8; 8]);
        b.push(0x03);
        b.extend(2u16.to_be_bytes());
        b.push(b'F');
        utf(&mut b, "loadFactor");
        b.push(b'I');
        utf(&mut b, "threshold");
        b.extend([TC_ENDBLOCKDATA, TC_NULL]);
        b.extend([0u8; 8]);
        b.extend([TC_BLOCKDATA, 8]);
        b.extend(16u32.to_be_bytes());
        b.extend(2u32.to_be_bytes());
        b.push(TC_STRING);
        utf(&mut b, "a");
        b.push(TC_STRING);
        // "é" and U+1F600 as modified UTF-8 (the latter as two surrogates).
        let v = [0xc3, 0xa9, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80];
        b.extend(u16::try_from(v.len()).unwrap().to_be_bytes());
        b.extend(v);
        b.push(TC_STRING);
        utf(&mut b, "b");
        b.push(TC_REFERENCE);
        b.extend((BASE_HANDLE + 3).to_be_bytes());
        let got = string_map("test", &b).unwrap();
        assert_eq!(
            got,
            [
                ("a".to_owned(), "é\u{1f600}".to_owned()),
                ("b".to_owned(), "é\u{1f600}".to_owned())
            ]
        );
        for cut in [3, 20, b.len() - 1] {
            assert!(string_map("test", &b[..cut]).is_err());
        }
    }
}
