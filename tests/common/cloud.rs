//! A service account's RSA key for the push-target tests (tests/targets.rs and the pty
//! end to end), made once per test binary: generating one takes a while.
#![allow(dead_code)]

use std::sync::OnceLock;

use rsa::pkcs8::EncodePrivateKey;
use rsa::traits::PublicKeyParts;

/// rand 0.9's generator for the rsa crate, which takes rand_core 0.6's traits.
struct Rng06;
impl rsa::rand_core::RngCore for Rng06 {
    fn next_u32(&mut self) -> u32 {
        rand::random()
    }
    fn next_u64(&mut self) -> u64 {
        rand::random()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        rand::fill(dest);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        rand::fill(dest);
        Ok(())
    }
}
impl rsa::rand_core::CryptoRng for Rng06 {}

/// One RSA key per test binary (generating one takes a while): the PKCS#8 PEM and the
/// public modulus and exponent.
pub fn rsa_key() -> &'static (String, Vec<u8>, Vec<u8>) {
    static KEY: OnceLock<(String, Vec<u8>, Vec<u8>)> = OnceLock::new();
    KEY.get_or_init(|| {
        let key = rsa::RsaPrivateKey::new(&mut Rng06, 2048).unwrap();
        let pem = key.to_pkcs8_pem(rsa::pkcs8::LineEnding::LF).unwrap();
        (
            pem.to_string(),
            key.n().to_bytes_be(),
            key.e().to_bytes_be(),
        )
    })
}

/// A Google service-account key file whose token_uri is `token_uri`.
pub fn google_key_file(client_email: &str, token_uri: &str) -> String {
    serde_json::json!({
        "type": "service_account",
        "client_email": client_email,
        "private_key": rsa_key().0,
        "token_uri": token_uri,
    })
    .to_string()
}

/// A self-signed certificate for the service account's RSA key (the app registration's
/// certificate), good until `not_after` (a year and month and day): its PEM and DER.
pub fn certificate(not_after: (i32, u8, u8)) -> (String, Vec<u8>) {
    let key =
        rcgen::KeyPair::from_pem_and_sign_algo(&rsa_key().0, &rcgen::PKCS_RSA_SHA256).unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["kiosk.school.example".into()]).unwrap();
    params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
    let cert = params.self_signed(&key).unwrap();
    (cert.pem(), cert.der().to_vec())
}
