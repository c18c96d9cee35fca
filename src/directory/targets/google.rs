//! Google Workspace: Admin SDK Directory API `users.update` with a `$6$` crypt hash, as the
//! administrator named in config through a service account with domain-wide delegation
//! (OAuth2 JWT-bearer grant at the key file's own `token_uri`).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use zeroize::Zeroizing;

use super::{
    Fut, PushError, PushPassword, PushTarget, TokenCache, Wants, client, read_token, status_error,
};
use crate::config::GoogleSettings;
use crate::domain::secret::Secret;
use crate::domain::targets::TargetKind;

/// The one scope users.update needs.
pub const SCOPE: &str = "https://www.googleapis.com/auth/admin.directory.user";

pub struct Google {
    settings: GoogleSettings,
    client: reqwest::Client,
    client_email: String,
    token_uri: String,
    key: RsaKeyPair,
    token: TokenCache,
}

#[derive(serde::Deserialize)]
struct KeyFile {
    client_email: String,
    private_key: String,
    token_uri: String,
}

impl Google {
    pub fn new(settings: &GoogleSettings) -> Result<Self, PushError> {
        let path = &settings.key_file;
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
            PushError::Setup(format!("targets.google.key_file {}: {e}", path.display()))
        })?);
        let file: KeyFile = serde_json::from_str(&text).map_err(|e| {
            // serde's message names a position, never the key's text.
            PushError::Setup(format!(
                "targets.google.key_file {}: not a service account key: {e}",
                path.display()
            ))
        })?;
        let pem = Zeroizing::new(file.private_key);
        let der = pem_body(&pem).ok_or_else(|| {
            PushError::Setup("targets.google.key_file: private_key is not a PEM key".into())
        })?;
        let key = RsaKeyPair::from_pkcs8(&der)
            .map_err(|e| PushError::Setup(format!("targets.google.key_file: private_key: {e}")))?;
        Ok(Self {
            settings: settings.clone(),
            client: client(settings.timeout_secs)?,
            client_email: file.client_email,
            token_uri: file.token_uri,
            key,
            token: TokenCache::default(),
        })
    }

    /// The signed JWT-bearer assertion: the service account acting as the admin.
    fn assertion(&self, now: u64) -> Result<Zeroizing<String>, PushError> {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
        let claims = serde_json::json!({
            "iss": self.client_email,
            "sub": self.settings.admin,
            "scope": SCOPE,
            "aud": self.token_uri,
            "iat": now,
            "exp": now + 3600,
        });
        let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signed = format!("{header}.{claims}");
        let mut sig = vec![0; self.key.public().modulus_len()];
        self.key
            .sign(
                &RSA_PKCS1_SHA256,
                &ring::rand::SystemRandom::new(),
                signed.as_bytes(),
                &mut sig,
            )
            .map_err(|_| PushError::Setup("cannot sign the token request".into()))?;
        Ok(Zeroizing::new(format!(
            "{signed}.{}",
            URL_SAFE_NO_PAD.encode(sig)
        )))
    }

    async fn access_token(&self) -> Result<Secret, PushError> {
        self.token
            .get_or(|| async {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                let assertion = self.assertion(now)?;
                let response = self
                    .client
                    .post(&self.token_uri)
                    .form(&[
                        ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                        ("assertion", assertion.as_str()),
                    ])
                    .send()
                    .await
                    .map_err(PushError::from_reqwest)?;
                read_token("google token", response).await
            })
            .await
    }

    /// The person's Google address.
    pub fn email(&self, username: &str) -> String {
        self.settings.email_format.replace("{username}", username)
    }
}

impl PushTarget for Google {
    fn kind(&self) -> TargetKind {
        TargetKind::Google
    }

    fn wants(&self) -> Wants {
        Wants::Crypt
    }

    fn push<'a>(&'a self, username: &'a str, password: PushPassword<'a>) -> Fut<'a, ()> {
        Box::pin(async move {
            let PushPassword::Crypt(hash) = password else {
                return Err(PushError::Setup("Google takes a crypt hash only".into()));
            };
            let token = self.access_token().await?;
            let url = format!(
                "{}/admin/directory/v1/users/{}",
                self.settings.api_url.trim_end_matches('/'),
                encode_path(&self.email(username))
            );
            let body = serde_json::json!({
                "password": hash,
                "hashFunction": "crypt",
                "changePasswordAtNextLogin": false,
            });
            let response = self
                .client
                .put(url)
                .bearer_auth(token.expose())
                .json(&body)
                .send()
                .await
                .map_err(PushError::from_reqwest)?;
            if response.status().is_success() {
                return Ok(());
            }
            if response.status().as_u16() == 401 {
                // A revoked or expired token: the next try fetches a new one.
                self.token.clear().await;
            }
            Err(status_error("google users.update", response).await)
        })
    }
}

/// The DER bytes of a PEM block.
fn pem_body(pem: &str) -> Option<Zeroizing<Vec<u8>>> {
    let body: Zeroizing<String> = Zeroizing::new(
        pem.lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("-----") && !l.is_empty())
            .collect(),
    );
    STANDARD.decode(body.as_bytes()).ok().map(Zeroizing::new)
}

/// A path segment: everything but unreserved characters and `@` percent-encoded.
pub(super) fn encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
