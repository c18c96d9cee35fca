//! Push targets: cloud accounts written after the authority accepted a new password, each
//! behind one small trait like the directory. Google takes a SHA-512 crypt hash (so a push
//! can wait in the retry queue without plaintext); Microsoft Graph only the plain password.

mod google;
mod microsoft;
mod seal;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use rustls::pki_types::pem::{PemObject, SectionKind};
use zeroize::Zeroizing;

use crate::config::TargetSettings;
use crate::domain::secret::Secret;
use crate::domain::targets::{Failure, TargetKind, classify};

pub use google::Google;
pub use microsoft::Microsoft;
pub use seal::QueueSeal;

/// A push in flight.
pub type Fut<'a, T> = Pin<Box<dyn Future<Output = Result<T, PushError>> + Send + 'a>>;

/// What a target takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wants {
    /// The password itself: sent during the change, never stored.
    Plain,
    /// A `$6$` crypt hash: computed in memory, and what the retry queue holds.
    Crypt,
}

/// The new password as one target takes it.
pub enum PushPassword<'a> {
    Plain(&'a Secret),
    Crypt(&'a str),
}

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// No answer: connection refused, TLS, timeout.
    #[error("no answer: {0}")]
    NoAnswer(String),
    /// The token endpoint or the API answered with an error status.
    #[error("{step} answered {status}: {text}")]
    Status {
        step: &'static str,
        status: u16,
        text: String,
    },
    /// Settings or a key file the target cannot use.
    #[error("setup: {0}")]
    Setup(String),
}

impl PushError {
    /// Whether trying again later may help.
    pub fn failure(&self) -> Failure {
        match self {
            PushError::NoAnswer(_) => classify(None),
            PushError::Status { status, .. } => classify(Some(*status)),
            PushError::Setup(_) => Failure::Permanent,
        }
    }

    fn from_reqwest(e: reqwest::Error) -> Self {
        // The URL may hold the user's address: kept out of the audit text.
        PushError::NoAnswer(e.without_url().to_string())
    }
}

/// A cloud account service the new password is pushed to.
pub trait PushTarget: Send + Sync {
    fn kind(&self) -> TargetKind;
    fn wants(&self) -> Wants;
    /// Sets `username`'s password at the target.
    fn push<'a>(&'a self, username: &'a str, password: PushPassword<'a>) -> Fut<'a, ()>;
}

/// The targets the settings enable, in the order the Done screen lists them.
pub fn from_settings(settings: &TargetSettings) -> Result<Vec<Arc<dyn PushTarget>>, PushError> {
    let mut targets: Vec<Arc<dyn PushTarget>> = Vec::new();
    if settings.google.enabled {
        targets.push(Arc::new(Google::new(&settings.google)?));
    }
    if settings.microsoft.enabled {
        targets.push(Arc::new(Microsoft::new(&settings.microsoft)?));
    }
    Ok(targets)
}

/// What `check-config` finds wrong with the enabled targets' key files beyond their mode,
/// loading them as the kiosk does at start: `(problems, warnings)`. A file that does not
/// parse, a key that is not the certificate's or an expired certificate is a problem; a
/// certificate that runs out within 30 days a warning.
pub fn load_problems(settings: &TargetSettings, now: i64) -> (Vec<String>, Vec<String>) {
    let (mut problems, mut warnings) = (Vec::new(), Vec::new());
    if settings.google.enabled
        && let Err(e) = Google::new(&settings.google)
    {
        problems.push(e.to_string());
    }
    if settings.microsoft.enabled {
        match Microsoft::new(&settings.microsoft) {
            Err(e) => problems.push(e.to_string()),
            Ok(m) => {
                if let Some(end) = m.certificate_not_after() {
                    let date = chrono::DateTime::from_timestamp(end, 0)
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default();
                    let key = "targets.microsoft.certificate_file";
                    if end < now {
                        problems.push(format!(
                            "{key}: the certificate expired on {date}; make a new one and \
                             upload it to the app registration"
                        ));
                    } else if end < now + 30 * 86_400 {
                        warnings.push(format!(
                            "{key}: the certificate expires on {date}; make a new one and \
                             upload it to the app registration before then"
                        ));
                    }
                }
            }
        }
    }
    (problems, warnings)
}

fn client(timeout_secs: u64) -> Result<reqwest::Client, PushError> {
    // rustls needs one process-wide provider; whoever comes first installs ring.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(timeout_secs.max(1)))
        .build()
        .map_err(|e| PushError::Setup(e.to_string()))
}

/// Fetches an access token: a form POST to the token endpoint.
async fn fetch_token(
    client: &reqwest::Client,
    step: &'static str,
    url: &str,
    form: &[(&str, &str)],
) -> Result<(Secret, u64), PushError> {
    let response = client
        .post(url)
        .form(form)
        .send()
        .await
        .map_err(PushError::from_reqwest)?;
    read_token(step, response).await
}

/// Sends an API request with the bearer token. A 401 forgets the token (revoked or
/// expired): the next try fetches a new one.
async fn send_with_token(
    cache: &TokenCache,
    token: &Secret,
    step: &'static str,
    request: reqwest::RequestBuilder,
) -> Result<(), PushError> {
    let response = request
        .bearer_auth(token.expose())
        .send()
        .await
        .map_err(PushError::from_reqwest)?;
    if response.status().is_success() {
        return Ok(());
    }
    if response.status().as_u16() == 401 {
        cache.clear().await;
    }
    Err(status_error(step, response).await)
}

/// A JWT signed with RS256 (RSASSA-PKCS1-v1_5, SHA-256): `header.claims.signature`.
fn sign_jwt(
    key: &RsaKeyPair,
    header: &serde_json::Value,
    claims: &serde_json::Value,
) -> Result<Zeroizing<String>, PushError> {
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut sig = vec![0; key.public().modulus_len()];
    key.sign(
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

/// Seconds since the epoch (0 if the clock is before it).
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The RSA key of a PEM text (PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`); `what`
/// names its setting in the error, which never holds the key's text.
fn rsa_key_from_pem(pem: &str, what: &str) -> Result<RsaKeyPair, PushError> {
    for section in <(SectionKind, Vec<u8>)>::pem_slice_iter(pem.as_bytes()) {
        let Ok((kind, der)) = section else {
            break;
        };
        let der = Zeroizing::new(der);
        let key = match kind {
            SectionKind::PrivateKey => RsaKeyPair::from_pkcs8(&der),
            SectionKind::RsaPrivateKey => RsaKeyPair::from_der(&der),
            _ => continue,
        };
        return key.map_err(|e| PushError::Setup(format!("{what}: not an RSA key: {e}")));
    }
    Err(PushError::Setup(format!(
        "{what}: no PEM private key (PRIVATE KEY or RSA PRIVATE KEY)"
    )))
}

/// A file's text, kept out of memory once dropped.
fn read_secret_file(path: &std::path::Path, what: &str) -> Result<Zeroizing<String>, PushError> {
    std::fs::read_to_string(path)
        .map(Zeroizing::new)
        .map_err(|e| PushError::Setup(format!("{what} {}: {e}", path.display())))
}

/// A path segment: everything but unreserved characters and `@` percent-encoded.
fn encode_path(s: &str) -> String {
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

/// An error answer's status and a short, single-line text for the audit.
async fn status_error(step: &'static str, response: reqwest::Response) -> PushError {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    PushError::Status { step, status, text }
}

/// A cached access token, reused until a minute before it expires.
#[derive(Default)]
struct TokenCache(tokio::sync::Mutex<Option<(Secret, std::time::Instant)>>);

impl TokenCache {
    async fn get_or<F, Fu>(&self, fetch: F) -> Result<Secret, PushError>
    where
        F: FnOnce() -> Fu,
        Fu: Future<Output = Result<(Secret, u64), PushError>>,
    {
        let mut slot = self.0.lock().await;
        if let Some((token, until)) = slot.as_ref()
            && std::time::Instant::now() < *until
        {
            return Ok(token.clone());
        }
        let (token, expires_in) = fetch().await?;
        let until = std::time::Instant::now() + Duration::from_secs(expires_in.saturating_sub(60));
        *slot = Some((token.clone(), until));
        Ok(token)
    }

    async fn clear(&self) {
        *self.0.lock().await = None;
    }
}

#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default = "an_hour")]
    expires_in: u64,
}

fn an_hour() -> u64 {
    3600
}

async fn read_token(
    step: &'static str,
    response: reqwest::Response,
) -> Result<(Secret, u64), PushError> {
    if !response.status().is_success() {
        return Err(status_error(step, response).await);
    }
    let answer: TokenAnswer = response.json().await.map_err(|e| PushError::Status {
        step,
        status: 502,
        text: format!("unreadable token answer: {}", e.without_url()),
    })?;
    Ok((Secret::new(answer.access_token), answer.expires_in))
}
