//! The crypt hashes in the retry queue, sealed (ChaCha20-Poly1305) with a key derived from
//! the kiosk's key file: a copy of the database alone gives no hash to crack. Bound to the
//! row's account and target, so a sealed hash cannot be moved to another person.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::Zeroizing;

pub struct QueueSeal {
    key: LessSafeKey,
}

const PREFIX: &str = "v1:";

impl QueueSeal {
    /// From the key file's `Purpose::TargetQueue` key.
    pub fn new(key: &[u8; 32]) -> Option<Self> {
        let key = UnboundKey::new(&CHACHA20_POLY1305, key).ok()?;
        Some(Self {
            key: LessSafeKey::new(key),
        })
    }

    /// `nonce` must be fresh random bytes for every seal.
    pub fn seal(&self, hash: &str, binding: &str, nonce: [u8; NONCE_LEN]) -> Option<String> {
        let mut data = Zeroizing::new(hash.as_bytes().to_vec());
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(binding.as_bytes()),
                &mut *data,
            )
            .ok()?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        Some(format!("{PREFIX}{}", STANDARD.encode(out)))
    }

    /// The hash, or `None` if the row was sealed with another key or for another binding.
    pub fn open(&self, sealed: &str, binding: &str) -> Option<Zeroizing<String>> {
        let bytes = STANDARD.decode(sealed.strip_prefix(PREFIX)?).ok()?;
        if bytes.len() < NONCE_LEN {
            return None;
        }
        let (nonce, data) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut data = Zeroizing::new(data.to_vec());
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(binding.as_bytes()), &mut data)
            .ok()?;
        String::from_utf8(plain.to_vec()).ok().map(Zeroizing::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_only_for_its_binding() {
        let s = QueueSeal::new(&[9; 32]).unwrap();
        let sealed = s.seal("$6$abc$def", "7:google", [1; 12]).unwrap();
        assert!(!sealed.contains("$6$"));
        assert_eq!(&*s.open(&sealed, "7:google").unwrap(), "$6$abc$def");
        assert!(s.open(&sealed, "8:google").is_none());
        assert!(
            QueueSeal::new(&[8; 32])
                .unwrap()
                .open(&sealed, "7:google")
                .is_none()
        );
    }
}
