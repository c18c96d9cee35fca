//! SMS gateways: 46elks, Twilio, a generic HTTP template, and an outbox file for the demo.
//! Requests time out and are retried once; credentials are never logged.

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::time::Duration;

use crate::config::{SmsProvider, SmsSettings};

/// Why a message could not be handed to the gateway.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    #[error("SMS is switched off")]
    Disabled,
    #[error("gateway answered {0}")]
    Status(u16),
    /// Without its URL, which may carry credentials or the number.
    #[error("gateway unreachable: {0}")]
    Transport(#[source] reqwest::Error),
    #[error("outbox: {0}")]
    Outbox(#[source] std::io::Error),
    #[error("gateway settings: {0}")]
    Settings(String),
    #[error("gateway settings: {0}")]
    Client(#[source] reqwest::Error),
}

/// Sends one SMS.
pub trait SmsGateway: Send + Sync {
    /// `to` is E.164.
    fn send<'a>(
        &'a self,
        to: &'a str,
        message: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<(), SmsError>> + Send + 'a>>;
    /// False when `provider = "none"`: no SMS method is offered.
    fn enabled(&self) -> bool;
}

/// The configured gateway.
pub struct HttpSms {
    settings: SmsSettings,
    client: reqwest::Client,
}

impl std::fmt::Debug for HttpSms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No credentials in logs.
        write!(f, "HttpSms({:?})", self.settings.provider)
    }
}

impl HttpSms {
    pub fn new(settings: &SmsSettings) -> Result<Self, SmsError> {
        super::install_crypto_provider();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(settings.timeout_secs.max(1)))
            .build()
            .map_err(SmsError::Client)?;
        Ok(Self {
            settings: settings.clone(),
            client,
        })
    }

    async fn send_once(&self, to: &str, message: &str) -> Result<(), SmsError> {
        let s = &self.settings;
        let request = match s.provider {
            SmsProvider::None => return Err(SmsError::Disabled),
            SmsProvider::Outbox => return self.append_outbox(to, message),
            SmsProvider::Elks => self
                .client
                .post(&s.elks.url)
                .basic_auth(&s.elks.username, Some(&s.elks.password))
                .form(&[
                    ("from", s.sender.as_str()),
                    ("to", to),
                    ("message", message),
                ]),
            SmsProvider::Twilio => {
                let t = &s.twilio;
                let url = format!(
                    "{}/2010-04-01/Accounts/{}/Messages.json",
                    t.base_url.trim_end_matches('/'),
                    t.account_sid
                );
                let from = if t.from.is_empty() {
                    &s.sender
                } else {
                    &t.from
                };
                self.client
                    .post(url)
                    .basic_auth(&t.account_sid, Some(&t.auth_token))
                    .form(&[("To", to), ("From", from.as_str()), ("Body", message)])
            }
            SmsProvider::Http => {
                let h = &s.http;
                let method = reqwest::Method::from_bytes(h.method.to_uppercase().as_bytes())
                    .map_err(|_| SmsError::Settings(format!("bad method {}", h.method)))?;
                let json = h.content_type.contains("json");
                let fill = |template: &str, escape: &dyn Fn(&str) -> String| {
                    template
                        .replace("{to}", &escape(to))
                        .replace("{message}", &escape(message))
                };
                let url = fill(&h.url, &|v| urlencode(v));
                let body = if json {
                    fill(&h.body, &|v| json_escape(v))
                } else {
                    fill(&h.body, &|v| urlencode(v))
                };
                let mut req = self
                    .client
                    .request(method, url)
                    .header(reqwest::header::CONTENT_TYPE, &h.content_type)
                    .body(body);
                for line in &h.headers {
                    let (name, value) = line.split_once(':').ok_or_else(|| {
                        SmsError::Settings("a header needs \"Name: value\"".into())
                    })?;
                    req = req.header(name.trim(), value.trim());
                }
                req
            }
        };
        let expected = match s.provider {
            SmsProvider::Http => Some(s.http.expected_status),
            _ => None,
        };
        let response = request
            .send()
            .await
            .map_err(|e| SmsError::Transport(e.without_url()))?;
        let status = response.status();
        let ok = match expected {
            Some(code) => status.as_u16() == code,
            None => status.is_success(),
        };
        if ok {
            Ok(())
        } else {
            Err(SmsError::Status(status.as_u16()))
        }
    }

    fn append_outbox(&self, to: &str, message: &str) -> Result<(), SmsError> {
        let path = &self.settings.outbox.path;
        let line = serde_json::json!({
            "at": chrono::Utc::now().to_rfc3339(),
            "to": to,
            "message": message,
        });
        // The codes in it are live secrets: 0600 in a 0700 folder.
        let mut file = crate::private_fs::open_append(path).map_err(SmsError::Outbox)?;
        writeln!(file, "{line}").map_err(SmsError::Outbox)
    }
}

impl SmsGateway for HttpSms {
    fn send<'a>(
        &'a self,
        to: &'a str,
        message: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<(), SmsError>> + Send + 'a>> {
        Box::pin(async move {
            match self.send_once(to, message).await {
                Ok(()) => Ok(()),
                Err(SmsError::Disabled) => Err(SmsError::Disabled),
                Err(first) => {
                    tracing::warn!(error = %first, "SMS send failed, retrying once");
                    self.send_once(to, message).await
                }
            }
        })
    }

    fn enabled(&self) -> bool {
        self.settings.provider != SmsProvider::None
    }
}

fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn json_escape(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_string()).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

/// Whether every character is in the GSM 03.38 default alphabet (one SMS holds 160).
pub fn is_gsm7(s: &str) -> bool {
    const GSM: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€";
    s.chars().all(|c| GSM.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(urlencode("+46 70/å"), "%2B46%2070%2F%C3%A5");
        assert_eq!(json_escape("a\"b\n"), "a\\\"b\\n");
        assert!(is_gsm7("Din kod är 123456. Hälsningar, Alléskolan"));
        assert!(!is_gsm7("Il tuo codice è 123456 — grazie"));
    }
}
