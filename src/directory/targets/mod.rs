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

fn client(timeout_secs: u64) -> Result<reqwest::Client, PushError> {
    // rustls needs one process-wide provider; whoever comes first installs ring.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(timeout_secs.max(1)))
        .build()
        .map_err(|e| PushError::Setup(e.to_string()))
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
