//! SMS gateways: 46elks, Twilio, a generic HTTP template, and an outbox file for the demo.
//! Requests time out and are retried once; credentials are never logged.

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::time::Duration;

use crate::config::{Settings, SmsProvider, SmsSettings, SupportSettings};
use crate::domain::lang::Lang;
use crate::i18n::{Arg, format_date_in, t_args};

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
        // One write of the whole line: `writeln!` on a File writes each piece of the JSON
        // apart, so two senders at once (a code and a background notice) interleaved.
        let mut text = line.to_string();
        text.push('\n');
        // The codes in it are live secrets: 0600 in a 0700 folder.
        let mut file = crate::private_fs::open_append(path).map_err(SmsError::Outbox)?;
        file.write_all(text.as_bytes()).map_err(SmsError::Outbox)
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

/// The septets of the GSM 03.38 extension table: each takes two.
const GSM_EXTENSION: &str = "^{}\\[~]|€";

/// Parts of a concatenated SMS a notice may take: the office's place and hours make the
/// expiry notices longer than one.
pub const MAX_SEGMENTS: usize = 2;

/// How many SMS `text` is sent as: GSM-7 (an extension character counts twice) holds 160
/// in one message and 153 a part when concatenated; anything else goes as UCS-2, 70 UTF-16
/// units in one and 67 a part.
pub fn segments(text: &str) -> usize {
    let (units, one, part) = if is_gsm7(text) {
        let septets = text
            .chars()
            .map(|c| if GSM_EXTENSION.contains(c) { 2 } else { 1 })
            .sum::<usize>();
        (septets, 160, 153)
    } else {
        (text.encode_utf16().count(), 70, 67)
    };
    if units <= one {
        1
    } else {
        units.div_ceil(part)
    }
}

/// `text` with GSM-7 look-alikes for what a configured text often has and the GSM alphabet
/// lacks (dashes, curly quotes, an ellipsis, no-break spaces): one "Mån–fre" would send the
/// whole notice as UCS-2, at 70 characters a message. Anything else is kept.
pub fn gsm7_lookalikes(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let swap: &str = match c {
                '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
                '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' => "'",
                '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}' => "\"",
                '\u{2026}' => "...",
                '\u{00a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' => " ",
                _ => "",
            };
            if swap.is_empty() {
                vec![c]
            } else {
                swap.chars().collect()
            }
        })
        .collect()
}

/// The SMS notices that send the person to the office; each names its place and hours.
pub const OFFICE_SMS: [&str; 2] = ["expiry-sms", "expiry-locked-sms"];

/// One of [`OFFICE_SMS`] in `lang`: `date` the password expired, `lock_date` the account is
/// (or was) locked; the office's place and hours in GSM-7 look-alikes.
pub fn office_sms(
    lang: Lang,
    key: &str,
    school: &str,
    date: &str,
    lock_date: &str,
    support: &SupportSettings,
) -> String {
    let office = gsm7_lookalikes(&support.office_where(lang));
    t_args(
        lang,
        key,
        &[
            ("school", Arg::Str(school)),
            ("date", Arg::Str(date)),
            ("lockdate", Arg::Str(lock_date)),
            ("phone", Arg::Str(&support.phone)),
            ("office", Arg::Str(&office)),
        ],
    )
}

/// Every [`OFFICE_SMS`] in every language as `settings` make it, with the longest dates
/// (30 September): (language, key, text).
pub fn office_sms_samples(settings: &Settings) -> Vec<(Lang, &'static str, String)> {
    // 2027-09-30 12:00 UTC: the longest English month on a two-digit day.
    let longest = 1_822_305_600;
    let mut out = Vec::new();
    for lang in Lang::ALL {
        let date = format_date_in(lang, longest);
        for key in OFFICE_SMS {
            let text = office_sms(
                lang,
                key,
                &settings.kiosk.school_name,
                &date,
                &date,
                &settings.support,
            );
            out.push((lang, key, text));
        }
    }
    out
}

/// `check-config`: each office SMS that `settings` (the school's name, the office's place
/// and hours, the phone) make longer than [`MAX_SEGMENTS`] messages.
pub fn office_sms_warnings(settings: &Settings) -> Vec<String> {
    office_sms_samples(settings)
        .into_iter()
        .filter(|(_, _, text)| segments(text) > MAX_SEGMENTS)
        .map(|(lang, key, text)| {
            let how = if is_gsm7(&text) {
                String::new()
            } else {
                ", not in the GSM alphabet (70 characters a message)".to_string()
            };
            format!(
                "the {key} SMS in {} takes {} messages ({} characters{how}), more than {MAX_SEGMENTS}: \
                 shorten support.place or support.hours for {}",
                lang.code(),
                segments(&text),
                text.chars().count(),
                lang.code()
            )
        })
        .collect()
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

    /// Senders at once (a code and a background notice) each leave one whole line.
    #[test]
    fn outbox_lines_stay_whole_with_many_senders() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = crate::config::Settings::defaults().sms;
        settings.provider = SmsProvider::Outbox;
        settings.outbox.path = dir.path().join("outbox/sms.jsonl");
        let sms = std::sync::Arc::new(HttpSms::new(&settings).unwrap());
        let senders: Vec<_> = (0..8)
            .map(|t| {
                let sms = sms.clone();
                std::thread::spawn(move || {
                    for i in 0..50 {
                        let text = format!("sender {t} message {i}: {}", "ä".repeat(100));
                        sms.append_outbox("+46701234567", &text).unwrap();
                    }
                })
            })
            .collect();
        for s in senders {
            s.join().unwrap();
        }
        let text = std::fs::read_to_string(&settings.outbox.path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 400);
        for line in lines {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(
                v["message"].as_str().unwrap().starts_with("sender "),
                "{line}"
            );
        }
    }

    #[test]
    fn segments_count_septets_or_utf16_units() {
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"a".repeat(306)), 2);
        assert_eq!(segments(&"a".repeat(307)), 3);
        // The euro sign is in the extension table: two septets.
        assert_eq!(segments(&format!("{}€", "a".repeat(305))), 3);
        assert_eq!(segments(&"ж".repeat(70)), 1);
        assert_eq!(segments(&"ж".repeat(134)), 2);
        assert_eq!(segments(&"ж".repeat(135)), 3);
        assert_eq!(
            gsm7_lookalikes("Mån–fre 08—16 „x“ …"),
            "Mån-fre 08-16 \"x\" ..."
        );
        assert!(is_gsm7(&gsm7_lookalikes("Lun–ven 8:00–16:00")));
    }
}
