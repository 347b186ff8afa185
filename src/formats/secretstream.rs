//! Opening the first message of libsodium's `crypto_secretstream_xchacha20poly1305`, which is what
//! Ente Auth's encrypted export is sealed with (one message). No maintained Rust crate implements
//! only this construction without bringing a whole second crypto library, and it is short on top of
//! the ChaCha20 and Poly1305 crates age already brings; it follows libsodium's
//! `crypto_secretstream_xchacha20poly1305_pull` (`src/libsodium/crypto_secretstream/xchacha20poly1305/
//! secretstream_xchacha20poly1305.c`), and the tests hold messages sealed by libsodium itself.
//!
//! The 24-byte header gives a subkey, HChaCha20(key, header[..16]), and a nonce, a 32-bit block
//! counter of 1 followed by header[16..]. A message is sealed as one encrypted tag byte, the encrypted
//! text and a 16-byte Poly1305 MAC: ChaCha20 block 0 keys the MAC, block 1 encrypts the tag byte (the
//! MAC covers that byte and the rest of block 1's keystream, then the encrypted text, zeros, and the
//! lengths), and the text is encrypted from block 2.
//! Later messages step the nonce; only the first is ever needed here, so that is not done.

use chacha20::cipher::consts::U10;
use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use chacha20::{ChaCha20, hchacha};
use poly1305::Poly1305;
use poly1305::universal_hash::KeyInit;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The header's length.
pub const HEADER_LEN: usize = 24;
/// What sealing adds to a message: the tag byte and the MAC.
pub const OVERHEAD: usize = 17;
/// The tag of an ordinary message.
pub const TAG_MESSAGE: u8 = 0;
/// The tag of a stream's last message.
pub const TAG_FINAL: u8 = 3;
const BLOCK: usize = 64;

/// Opens the first message after `header` under `key`: its tag and text, or `None` when it does not
/// authenticate (a wrong key, or changed data) or is shorter than the overhead.
pub fn open_first(
    key: &[u8; 32],
    header: &[u8; HEADER_LEN],
    sealed: &[u8],
) -> Option<(u8, Zeroizing<Vec<u8>>)> {
    if sealed.len() < OVERHEAD {
        return None;
    }
    let subkey = Zeroizing::new(hchacha::<U10>(key.into(), header[..16].into()));
    let mut nonce = [0u8; 12];
    nonce[..4].copy_from_slice(&1u32.to_le_bytes());
    nonce[4..].copy_from_slice(&header[16..]);
    let mut stream = ChaCha20::new(&subkey, &nonce.into());

    let mut key_block = Zeroizing::new([0u8; BLOCK]);
    stream.apply_keystream(key_block.as_mut());

    let (body, expected) = sealed.split_at(sealed.len() - 16);
    let (&sealed_tag, text) = body.split_first()?;
    let mut block = Zeroizing::new([0u8; BLOCK]);
    block[0] = sealed_tag;
    stream.apply_keystream(block.as_mut());
    let tag = block[0];
    block[0] = sealed_tag;
    // libsodium pads the text with `(0x10 - 64 + mlen) & 0xf` zeros, which is mlen mod 16, not the
    // AEAD padding up to a multiple of 16; what the MAC covers is then not block-aligned, so it is
    // laid out whole and hashed unpadded.
    let mut covered = Zeroizing::new(Vec::with_capacity(BLOCK + text.len() + 32));
    covered.extend_from_slice(block.as_ref());
    covered.extend_from_slice(text);
    let padded = covered.len() + text.len() % 16;
    covered.resize(padded, 0);
    covered.extend_from_slice(&0u64.to_le_bytes());
    covered.extend_from_slice(&(BLOCK as u64 + text.len() as u64).to_le_bytes());
    let mac = Poly1305::new(poly1305::Key::from_slice(&key_block[..32])).compute_unpadded(&covered);
    if !bool::from(mac.as_slice().ct_eq(expected)) {
        return None;
    }

    let mut plain = Zeroizing::new(text.to_vec());
    stream.seek(2 * BLOCK as u64);
    stream.apply_keystream(&mut plain);
    Some((tag, plain))
}

#[cfg(test)]
mod tests {
    use super::*;
    use data_encoding::HEXLOWER;

    /// Sealed by libsodium 1.0.18 (`crypto_secretstream_xchacha20poly1305_push`) under the key
    /// 00 01 02 … 1f: header, tag, text, sealed message.
    const SODIUM: [(&str, u8, &str, &str); 2] = [
        (
            "01476bcc438c28d3119be7ba61660f0e2e2f9c183e785690",
            TAG_FINAL,
            "otpauth://totp/Ente:alice?secret=JBSWY3DPEHPK3PXP&issuer=Ente\n\
             otpauth://hotp/B?secret=GEZDGNBV&counter=7\n",
            "2f75cff7d1a71822a783ec592dccf6a788dee4851f06e9f3f55ce3d325e4e13fb584d270922b3d78196acd\
             5d9adcdee04305db03929f3961e9a1b1a1dc644382fba58c6c6f5bbfae89a7aa3b30b68cafa44eaeb8cb8006\
             c44f6238eb918c5c8a04a9fe22de84666f9962bbfdecc84e91b09f7477aa34f6aa4912",
        ),
        (
            "cf7265fd19afe283960237c6ba1e395a615afab8b4edfdd0",
            TAG_MESSAGE,
            "",
            "a2f180dd9527fd98a7cabf1029ae6db192",
        ),
    ];

    fn key() -> [u8; 32] {
        std::array::from_fn(|i| i as u8)
    }

    fn hex<const N: usize>(s: &str) -> [u8; N] {
        HEXLOWER.decode(s.as_bytes()).unwrap().try_into().unwrap()
    }

    #[test]
    fn opens_what_libsodium_sealed() {
        for (header, tag, text, sealed) in SODIUM {
            let sealed = HEXLOWER.decode(sealed.as_bytes()).unwrap();
            let (got_tag, plain) = open_first(&key(), &hex(header), &sealed).unwrap();
            assert_eq!((got_tag, plain.as_slice()), (tag, text.as_bytes()));
        }
    }

    #[test]
    fn a_changed_byte_or_another_key_fails() {
        let (header, _, _, sealed) = SODIUM[0];
        let sealed = HEXLOWER.decode(sealed.as_bytes()).unwrap();
        for at in [0, 1, 60, sealed.len() - 17, sealed.len() - 1] {
            let mut changed = sealed.clone();
            changed[at] ^= 0x80;
            assert!(open_first(&key(), &hex(header), &changed).is_none(), "{at}");
        }
        let mut other = key();
        other[31] ^= 1;
        assert!(open_first(&other, &hex(header), &sealed).is_none());
        assert!(open_first(&key(), &hex(header), &sealed[..16]).is_none());
    }
}
