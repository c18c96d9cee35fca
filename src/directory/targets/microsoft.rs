//! Microsoft 365 / Entra ID: Microsoft Graph `PATCH /users/{id}` with a `passwordProfile`,
//! app-only (client-credentials token). Graph takes only the plain password: sent during
//! the change, never queued.

use zeroize::Zeroizing;

use super::google::encode_path;
use super::{
    Fut, PushError, PushPassword, PushTarget, TokenCache, Wants, client, read_token, status_error,
};
use crate::config::MicrosoftSettings;
use crate::domain::secret::Secret;
use crate::domain::targets::TargetKind;

pub struct Microsoft {
    settings: MicrosoftSettings,
    client: reqwest::Client,
    secret: Secret,
    token: TokenCache,
}

impl Microsoft {
    pub fn new(settings: &MicrosoftSettings) -> Result<Self, PushError> {
        let path = &settings.client_secret_file;
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
            PushError::Setup(format!(
                "targets.microsoft.client_secret_file {}: {e}",
                path.display()
            ))
        })?);
        let secret = text.trim();
        if secret.is_empty() {
            return Err(PushError::Setup(format!(
                "targets.microsoft.client_secret_file {} is empty",
                path.display()
            )));
        }
        Ok(Self {
            settings: settings.clone(),
            client: client(settings.timeout_secs)?,
            secret: Secret::new(secret),
            token: TokenCache::default(),
        })
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
                let response = self
                    .client
                    .post(url)
                    .form(&[
                        ("client_id", s.client_id.as_str()),
                        ("scope", scope.as_str()),
                        ("client_secret", self.secret.expose()),
                        ("grant_type", "client_credentials"),
                    ])
                    .send()
                    .await
                    .map_err(PushError::from_reqwest)?;
                read_token("microsoft token", response).await
            })
            .await
    }

    /// The person's user principal name.
    pub fn upn(&self, username: &str) -> String {
        self.settings.upn_format.replace("{username}", username)
    }
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
            let response = self
                .client
                .patch(url)
                .bearer_auth(token.expose())
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.as_bytes().to_vec())
                .send()
                .await
                .map_err(PushError::from_reqwest)?;
            if response.status().is_success() {
                return Ok(());
            }
            if response.status().as_u16() == 401 {
                self.token.clear().await;
            }
            Err(status_error("microsoft users.update", response).await)
        })
    }
}
