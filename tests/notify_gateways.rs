//! SMS gateways against a local HTTP server (the exact request), email against a real SMTP
//! listener on loopback.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::servers::{HttpServer, SmtpServer};
use kiosk::config::{MailTransport, Settings, SmsProvider, SmtpTls};
use kiosk::notify::{Email, HttpSms, LettreMailer, Mailer, SmsError, SmsGateway};

fn sms_settings(provider: SmsProvider) -> kiosk::config::SmsSettings {
    let mut s = Settings::defaults().sms;
    s.provider = provider;
    s.timeout_secs = 2;
    s
}

fn basic(user: &str, pass: &str) -> String {
    // Expected Authorization header, built independently of reqwest.
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{user}:{pass}");
    let bytes = input.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    format!("Basic {out}")
}

#[tokio::test]
async fn elks_form_post_with_basic_auth() {
    let server = HttpServer::start(vec![200]).await;
    let mut s = sms_settings(SmsProvider::Elks);
    s.elks.url = format!("{}/a1/sms", server.url);
    s.elks.username = "u123".into();
    s.elks.password = "secretpw".into();
    let gw = HttpSms::new(&s).unwrap();
    gw.send("+46701234567", "Din kod är 123456").await.unwrap();
    let r = &server.requests()[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/a1/sms"));
    assert_eq!(
        r.header("authorization"),
        Some(basic("u123", "secretpw").as_str())
    );
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        r.body,
        "from=Alleskolan&to=%2B46701234567&message=Din+kod+%C3%A4r+123456"
    );
    assert!(!format!("{gw:?}").contains("secretpw"));
}

#[tokio::test]
async fn twilio_messages_json() {
    let server = HttpServer::start(vec![201]).await;
    let mut s = sms_settings(SmsProvider::Twilio);
    s.twilio.base_url = server.url.clone();
    s.twilio.account_sid = "AC42".into();
    s.twilio.auth_token = "tok".into();
    s.twilio.from = "+15005550006".into();
    HttpSms::new(&s)
        .unwrap()
        .send("+46701234567", "Code 1")
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/2010-04-01/Accounts/AC42/Messages.json");
    assert_eq!(
        r.header("authorization"),
        Some(basic("AC42", "tok").as_str())
    );
    assert_eq!(r.body, "To=%2B46701234567&From=%2B15005550006&Body=Code+1");
}

#[tokio::test]
async fn http_template_json_with_headers_and_expected_status() {
    let server = HttpServer::start(vec![202]).await;
    let mut s = sms_settings(SmsProvider::Http);
    s.http.method = "PUT".into();
    s.http.url = format!("{}/send?dest={{to}}", server.url);
    s.http.headers = vec!["X-Api-Key: k-9".into()];
    s.http.content_type = "application/json".into();
    s.http.body = r#"{"to":"{to}","text":"{message}"}"#.into();
    s.http.expected_status = 202;
    HttpSms::new(&s)
        .unwrap()
        .send("+46701234567", "Rad 1\n\"citat\"")
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.method, "PUT");
    assert_eq!(r.path, "/send?dest=%2B46701234567");
    assert_eq!(r.header("x-api-key"), Some("k-9"));
    assert_eq!(r.body, r#"{"to":"+46701234567","text":"Rad 1\n\"citat\""}"#);
}

#[tokio::test]
async fn a_failing_gateway_is_retried_once_then_reported() {
    let server = HttpServer::start(vec![500, 200]).await;
    let mut s = sms_settings(SmsProvider::Elks);
    s.elks.url = format!("{}/a1/sms", server.url);
    HttpSms::new(&s)
        .unwrap()
        .send("+46701234567", "x")
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);

    let down = HttpServer::start(vec![503]).await;
    s.elks.url = format!("{}/a1/sms", down.url);
    let err = HttpSms::new(&s)
        .unwrap()
        .send("+46701234567", "x")
        .await
        .unwrap_err();
    assert!(matches!(err, SmsError::Status(503)));
    assert_eq!(down.requests().len(), 2);

    // Nothing listens: a transport error, also after one retry.
    s.elks.url = "http://127.0.0.1:9/a1/sms".into();
    let err = HttpSms::new(&s)
        .unwrap()
        .send("+46701234567", "x")
        .await
        .unwrap_err();
    assert!(matches!(err, SmsError::Transport(_)));
}

#[tokio::test]
async fn outbox_appends_json_lines_and_none_is_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sms_settings(SmsProvider::Outbox);
    s.outbox.path = dir.path().join("out/sms.jsonl");
    let gw = HttpSms::new(&s).unwrap();
    gw.send("+46701234567", "Kod 111111").await.unwrap();
    gw.send("+46701234567", "Kod 222222").await.unwrap();
    let text = std::fs::read_to_string(&s.outbox.path).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["to"], "+46701234567");
    assert_eq!(lines[1]["message"], "Kod 222222");
    let none = HttpSms::new(&sms_settings(SmsProvider::None)).unwrap();
    assert!(!none.enabled());
    assert!(matches!(
        none.send("+46701234567", "x").await,
        Err(SmsError::Disabled)
    ));
}

#[tokio::test]
async fn smtp_delivers_plain_text_in_the_right_language() {
    let server = SmtpServer::start().await;
    let mut m = Settings::defaults().mail;
    m.transport = MailTransport::Smtp;
    m.smtp.host = "127.0.0.1".into();
    m.smtp.port = server.port;
    m.smtp.tls = SmtpTls::None;
    let mailer = LettreMailer::new(&m).unwrap();
    let email = Email {
        to: "anna@example.org".into(),
        subject: "Ditt lösenord går ut".into(),
        body: "Hej Anna!\nDitt lösenord går ut 2026-12-01.".into(),
        language: "sv".into(),
    };
    mailer.send(&email).await.unwrap();
    let mails = server.mails();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to, vec!["<anna@example.org>".to_string()]);
    assert_eq!(mail.header("Content-Language").as_deref(), Some("sv"));
    assert!(
        mail.header("Content-Type")
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(mail.header("Subject").is_some());
    assert!(mail.data.contains("2026-12-01"));
}

#[tokio::test]
async fn file_transport_writes_eml() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = Settings::defaults().mail;
    m.transport = MailTransport::File;
    m.file_dir = dir.path().join("mail");
    let mailer = LettreMailer::new(&m).unwrap();
    let email = Email {
        to: "eva@example.org".into(),
        subject: "Test".into(),
        body: "Body".into(),
        language: "en".into(),
    };
    mailer.send(&email).await.unwrap();
    let files: Vec<_> = std::fs::read_dir(&m.file_dir).unwrap().collect();
    assert_eq!(files.len(), 1);
}
