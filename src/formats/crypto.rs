//! The cryptography more than one app's format uses: AES-256-GCM (Aegis, 2FAS and andOTP all seal with
//! it, 12-byte nonces, the 16-byte tag after the ciphertext), Argon2id keys (Authenticator Pro and Ente
//! Auth, with their own costs) and random bytes for the writers' keys, salts and nonces. Other key
//! derivations differ per app and stay in their format's module.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use zeroize::Zeroizing;

/// A 32-byte Argon2id (version 1.3) key; the costs are the caller's, already checked against its caps.
pub(crate) fn argon2id(
    password: &[u8],
    salt: &[u8],
    memory_kib: u32,
    passes: u32,
    lanes: u32,
) -> Result<Zeroizing<[u8; 32]>, super::Error> {
    let params = argon2::Params::new(memory_kib, passes, lanes, Some(32))
        .map_err(|e| super::Error::Malformed(format!("invalid Argon2 parameters ({e})")))?;
    let mut key = Zeroizing::new([0u8; 32]);
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(password, salt, key.as_mut())
        .map_err(|e| super::Error::Malformed(format!("cannot derive the key ({e})")))?;
    Ok(key)
}

/// AES-256-GCM decryption of `ciphertext‖tag`; `None` when it does not authenticate.
pub(crate) fn open(key: &[u8; 32], nonce: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if nonce.len() != 12 {
        return None;
    }
    let cipher = Aes256Gcm::new(key.into());
    cipher
        .decrypt(Nonce::from_slice(nonce), sealed)
        .ok()
        .map(Zeroizing::new)
}

/// [`open`] with associated data, which FreeOTP binds each key's algorithm name to.
pub(crate) fn open_aad(
    key: &[u8; 32],
    nonce: &[u8],
    aad: &[u8],
    sealed: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    if nonce.len() != 12 {
        return None;
    }
    Aes256Gcm::new(key.into())
        .decrypt(
            Nonce::from_slice(nonce),
            aes_gcm::aead::Payload { msg: sealed, aad },
        )
        .ok()
        .map(Zeroizing::new)
}

/// AES-256-GCM encryption with a 12-byte nonce; returns `ciphertext‖tag`.
pub(crate) fn seal(key: &[u8; 32], nonce: &[u8; 12], plain: &[u8]) -> Vec<u8> {
    Aes256Gcm::new(key.into())
        .encrypt(Nonce::from_slice(nonce), plain)
        .expect("AES-GCM encrypts any message shorter than 64 GiB")
}

/// `N` random bytes from the operating system.
///
/// # Panics
/// When the operating system has no randomness to give.
pub(crate) fn random<const N: usize>() -> Zeroizing<[u8; N]> {
    let mut bytes = Zeroizing::new([0u8; N]);
    getrandom::fill(bytes.as_mut()).expect("the operating system's random source failed");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcm_round_trip_and_tamper() {
        let key = [7u8; 32];
        let nonce = [1u8; 12];
        let mut sealed = seal(&key, &nonce, b"hello");
        assert_eq!(open(&key, &nonce, &sealed).unwrap().as_slice(), b"hello");
        sealed[0] ^= 1;
        assert!(open(&key, &nonce, &sealed).is_none());
    }
}
