//! Email through lettre: SMTP (STARTTLS, implicit TLS or plain on loopback) or `.eml` files
//! for the demo. Plain text, no links, no codes.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{MailSettings, MailTransport, SmtpTls};

/// One plain-text email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// BCP 47 tag of the text (sv, en, it): Content-Language.
    pub language: String,
}

/// Why an email could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("email is switched off")]
    Disabled,
    #[error("bad address: {0}")]
    Address(String),
    #[error("mail settings: {0}")]
    Relay(#[source] lettre::transport::smtp::Error),
    #[error("mail settings: {0}")]
    Message(#[source] lettre::error::Error),
    #[error("sending failed: {0}")]
    Smtp(#[source] lettre::transport::smtp::Error),
    #[error("sending failed: {0}")]
    File(#[source] lettre::transport::file::Error),
    #[error("sending failed: {}: {source}", dir.display())]
    Folder {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Sends one email.
pub trait Mailer: Send + Sync {
    fn send<'a>(
        &'a self,
        email: &'a Email,
    ) -> Pin<Box<dyn Future<Output = Result<(), MailError>> + Send + 'a>>;
    fn enabled(&self) -> bool;
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>, std::path::PathBuf),
    None,
}

/// The configured mail transport.
pub struct LettreMailer {
    from: String,
    transport: Transport,
}

impl LettreMailer {
    pub fn new(settings: &MailSettings) -> Result<Self, MailError> {
        super::install_crypto_provider();
        let transport = match settings.transport {
            MailTransport::None => Transport::None,
            MailTransport::File => Transport::File(
                AsyncFileTransport::<Tokio1Executor>::new(&settings.file_dir),
                settings.file_dir.clone(),
            ),
            MailTransport::Smtp => {
                let s = &settings.smtp;
                let builder = match s.tls {
                    SmtpTls::Starttls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)
                    }
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host),
                    SmtpTls::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                        &s.host,
                    )),
                }
                .map_err(MailError::Relay)?;
                let mut builder = builder
                    .port(s.port)
                    .timeout(Some(Duration::from_secs(s.timeout_secs.max(1))));
                if !s.username.is_empty() {
                    builder = builder
                        .credentials(Credentials::new(s.username.clone(), s.password.clone()));
                }
                Transport::Smtp(builder.build())
            }
        };
        Ok(Self {
            from: settings.from.clone(),
            transport,
        })
    }

    fn message(&self, email: &Email) -> Result<Message, MailError> {
        Message::builder()
            .from(
                self.from
                    .parse()
                    .map_err(|_| MailError::Address(self.from.clone()))?,
            )
            .to(email
                .to
                .parse()
                .map_err(|_| MailError::Address(email.to.clone()))?)
            .subject(&email.subject)
            .header(ContentType::TEXT_PLAIN)
            .header(ContentLanguage(email.language.clone()))
            .body(email.body.clone())
            .map_err(MailError::Message)
    }
}

impl Mailer for LettreMailer {
    fn send<'a>(
        &'a self,
        email: &'a Email,
    ) -> Pin<Box<dyn Future<Output = Result<(), MailError>> + Send + 'a>> {
        Box::pin(async move {
            let message = self.message(email)?;
            match &self.transport {
                Transport::None => Err(MailError::Disabled),
                Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(MailError::Smtp),
                Transport::File(t, dir) => {
                    // Created on first use, not at start: a kiosk that never mails leaves no folder.
                    // 0700: the mails name people, addresses and dates.
                    let folder = dir.clone();
                    tokio::task::spawn_blocking(move || crate::private_fs::create_dir_all(&folder))
                        .await
                        .map_err(std::io::Error::other)
                        .and_then(|created| created)
                        .map_err(|source| MailError::Folder {
                            dir: dir.clone(),
                            source,
                        })?;
                    t.send(message).await.map(|_| ()).map_err(MailError::File)
                }
            }
        })
    }

    fn enabled(&self) -> bool {
        !matches!(self.transport, Transport::None)
    }
}

/// The Content-Language header.
#[derive(Debug, Clone)]
struct ContentLanguage(String);

impl lettre::message::header::Header for ContentLanguage {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_string()))
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}
