//! Messages to people: SMS through a gateway, email through lettre. Both sit behind small
//! traits so the services and jobs can be tested against local servers or fakes.

pub mod mail;
pub mod slips;
pub mod sms;

use std::sync::Once;

pub use mail::{Email, LettreMailer, MailError, Mailer};
pub use sms::{HttpSms, SmsError, SmsGateway};

/// rustls needs one process-wide crypto provider; ring builds with a plain C compiler.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
