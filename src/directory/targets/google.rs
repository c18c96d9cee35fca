//! Google Workspace: Admin SDK Directory API `users.update` with a `$6$` crypt hash, as the
//! administrator named in config through a service account with domain-wide delegation
//! (OAuth2 JWT-bearer grant at the key file's own `token_uri`).

use ring::signature::RsaKeyPair;
use zeroize::Zeroizing;

use super::{
    Fut, PushError, PushPassword, PushTarget, TokenCache, Wants, client, encode_path, fetch_token,
    read_secret_file, rsa_key_from_pem, send_with_token, sign_jwt, unix_now,
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
        let text = read_secret_file(path, "targets.google.key_file")?;
        let file: KeyFile = serde_json::from_str(&text).map_err(|e| {
            // serde's message names a position, never the key's text.
            PushError::Setup(format!(
                "targets.google.key_file {}: not a service account key: {e}",
                path.display()
            ))
        })?;
        let pem = Zeroizing::new(file.private_key);
        let key = rsa_key_from_pem(&pem, "targets.google.key_file private_key")?;
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
        let header = serde_json::json!({"alg": "RS256", "typ": "JWT"});
        let claims = serde_json::json!({
            "iss": self.client_email,
            "sub": self.settings.admin,
            "scope": SCOPE,
            "aud": self.token_uri,
            "iat": now,
            "exp": now + 3600,
        });
        sign_jwt(&self.key, &header, &claims)
    }

    async fn access_token(&self) -> Result<Secret, PushError> {
        self.token
            .get_or(|| async {
                let assertion = self.assertion(unix_now())?;
                let form = [
                    ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                    ("assertion", assertion.as_str()),
                ];
                fetch_token(&self.client, "google token", &self.token_uri, &form).await
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
            let request = self.client.put(url).json(&body);
            send_with_token(&self.token, &token, "google users.update", request).await
        })
    }
}
