//! Microsoft 365 / Entra ID: Microsoft Graph `PATCH /users/{id}` with a `passwordProfile`,
//! app-only (client-credentials token, with a client secret or a certificate). Graph takes
//! only the plain password: sent during the change, never queued.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::signature::RsaKeyPair;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use zeroize::Zeroizing;

use super::{
    Fut, PushError, PushPassword, PushTarget, TokenCache, Wants, client, encode_path, fetch_token,
    read_secret_file, rsa_key_from_pem, send_with_token, sign_jwt, unix_now,
};
use crate::config::MicrosoftSettings;
use crate::domain::secret::Secret;
use crate::domain::targets::TargetKind;

/// How long a client assertion is good for: Microsoft asks for a few minutes at most.
const ASSERTION_SECS: u64 = 300;

pub struct Microsoft {
    settings: MicrosoftSettings,
    client: reqwest::Client,
    credential: Credential,
    token: TokenCache,
}

/// How the app proves who it is at the token endpoint.
enum Credential {
    Secret(Secret),
    Certificate(Box<ClientCertificate>),
}

/// The app registration's certificate: the kiosk signs a client assertion (a JWT) with its
/// private key instead of sending a secret.
struct ClientCertificate {
    key: RsaKeyPair,
    /// Base64url SHA-1 and SHA-256 thumbprints of the certificate's DER: how Entra finds
    /// the certificate among the app's.
    x5t: String,
    x5t_s256: String,
    /// When the certificate expires (seconds since the epoch).
    not_after: i64,
}

impl ClientCertificate {
    fn load(cert_path: &Path, key_path: &Path) -> Result<Self, PushError> {
        const CERT: &str = "targets.microsoft.certificate_file";
        const KEY: &str = "targets.microsoft.certificate_key_file";
        let cert_text = std::fs::read(cert_path)
            .map_err(|e| PushError::Setup(format!("{CERT} {}: {e}", cert_path.display())))?;
        // The first certificate of the file is the app's (a chain may follow).
        let der = CertificateDer::pem_slice_iter(&cert_text)
            .next()
            .and_then(Result::ok)
            .ok_or_else(|| {
                PushError::Setup(format!(
                    "{CERT} {}: no PEM CERTIFICATE in it",
                    cert_path.display()
                ))
            })?;
        let (_, cert) = x509_parser::parse_x509_certificate(&der).map_err(|e| {
            PushError::Setup(format!(
                "{CERT} {}: not an X.509 certificate: {e}",
                cert_path.display()
            ))
        })?;
        let pem = read_secret_file(key_path, KEY)?;
        let key = rsa_key_from_pem(&pem, KEY)?;
        // An RSA key's public half is the certificate's subject public key, byte for byte.
        if cert.public_key().subject_public_key.data.as_ref() != key.public().as_ref() {
            return Err(PushError::Setup(format!(
                "{KEY} {} is not the private key of {CERT} {}",
                key_path.display(),
                cert_path.display()
            )));
        }
        let sha1 = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &der);
        let sha256 = ring::digest::digest(&ring::digest::SHA256, &der);
        Ok(Self {
            key,
            x5t: URL_SAFE_NO_PAD.encode(sha1),
            x5t_s256: URL_SAFE_NO_PAD.encode(sha256),
            not_after: cert.validity().not_after.timestamp(),
        })
    }

    /// The client assertion for the token endpoint `audience`: RS256, the certificate named
    /// by both thumbprints (x5t#S256 as Microsoft documents it now, x5t for older endpoints),
    /// good for a few minutes.
    fn assertion(
        &self,
        client_id: &str,
        audience: &str,
        now: u64,
        jti: &str,
    ) -> Result<Zeroizing<String>, PushError> {
        let header = serde_json::json!({
            "alg": "RS256",
            "typ": "JWT",
            "x5t": self.x5t,
            "x5t#S256": self.x5t_s256,
        });
        let claims = serde_json::json!({
            "aud": audience,
            "iss": client_id,
            "sub": client_id,
            "jti": jti,
            "iat": now,
            "nbf": now,
            "exp": now + ASSERTION_SECS,
        });
        sign_jwt(&self.key, &header, &claims)
    }
}

impl Microsoft {
    pub fn new(settings: &MicrosoftSettings) -> Result<Self, PushError> {
        let credential = if settings.client_secret_file.as_os_str().is_empty() {
            Credential::Certificate(Box::new(ClientCertificate::load(
                &settings.certificate_file,
                &settings.certificate_key_file,
            )?))
        } else {
            let path = &settings.client_secret_file;
            let text = read_secret_file(path, "targets.microsoft.client_secret_file")?;
            let secret = text.trim();
            if secret.is_empty() {
                return Err(PushError::Setup(format!(
                    "targets.microsoft.client_secret_file {} is empty",
                    path.display()
                )));
            }
            Credential::Secret(Secret::new(secret))
        };
        Ok(Self {
            settings: settings.clone(),
            client: client(settings.timeout_secs)?,
            credential,
            token: TokenCache::default(),
        })
    }

    /// When the client certificate runs out (seconds since the epoch); `None` with a
    /// client secret.
    pub fn certificate_not_after(&self) -> Option<i64> {
        match &self.credential {
            Credential::Certificate(c) => Some(c.not_after),
            Credential::Secret(_) => None,
        }
    }

    async fn access_token(&self) -> Result<Secret, PushError> {
        self.token
            .get_or(|| async {
                let s = &self.settings;
                let url = format!(
                    "{}/{}/oauth2/v2.0/token",
                    s.login_url.trim_end_matches('/'),
                    encode_path(&s.tenant)
                );
                let scope = format!("{}/.default", s.graph_url.trim_end_matches('/'));
                let mut form = vec![
                    ("client_id", s.client_id.as_str()),
                    ("scope", scope.as_str()),
                ];
                let assertion;
                match &self.credential {
                    Credential::Secret(secret) => form.push(("client_secret", secret.expose())),
                    Credential::Certificate(cert) => {
                        let jti = random_id()?;
                        assertion = cert.assertion(&s.client_id, &url, unix_now(), &jti)?;
                        form.extend([
                            (
                                "client_assertion_type",
                                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                            ),
                            ("client_assertion", assertion.as_str()),
                        ]);
                    }
                }
                form.push(("grant_type", "client_credentials"));
                fetch_token(&self.client, "microsoft token", &url, &form).await
            })
            .await
    }

    /// The person's user principal name.
    pub fn upn(&self, username: &str) -> String {
        self.settings.upn_format.replace("{username}", username)
    }
}

/// A random JWT id: 16 bytes, base64url.
fn random_id() -> Result<String, PushError> {
    let mut id = [0u8; 16];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut id)
        .map_err(|_| PushError::Setup("no randomness for the client assertion".into()))?;
    Ok(URL_SAFE_NO_PAD.encode(id))
}

impl PushTarget for Microsoft {
    fn kind(&self) -> TargetKind {
        TargetKind::Microsoft
    }

    fn wants(&self) -> Wants {
        Wants::Plain
    }

    fn push<'a>(&'a self, username: &'a str, password: PushPassword<'a>) -> Fut<'a, ()> {
        Box::pin(async move {
            let PushPassword::Plain(password) = password else {
                return Err(PushError::Setup(
                    "Graph takes the plain password only".into(),
                ));
            };
            let token = self.access_token().await?;
            let url = format!(
                "{}/v1.0/users/{}",
                self.settings.graph_url.trim_end_matches('/'),
                encode_path(&self.upn(username))
            );
            let body = Zeroizing::new(
                serde_json::json!({
                    "passwordProfile": {
                        "password": password.expose(),
                        "forceChangePasswordNextSignIn": false,
                    }
                })
                .to_string(),
            );
            let request = self
                .client
                .patch(url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.as_bytes().to_vec());
            send_with_token(&self.token, &token, "microsoft users.update", request).await
        })
    }
}
