//! SMS use cases: a reset with a one-time code sent to the account's confirmed mobile
//! ([`reset`]), the profile's mobile number confirmed with a code sent to the new number
//! ([`mobile`]), and the notices sent after a password change or a number change
//! ([`notices`]). The codes themselves come from the one code engine (`service/codes.rs`).
//!
//! Sends are limited per account and per kiosk per hour; a send held back by a quota looks
//! exactly like a real one to whoever stands at the kiosk, and is audited. Every send, quota
//! hit, failure and verification is audited, never a code.

mod mobile;
mod notices;
mod reset;

use crate::domain::code::{CodeError, CodePurpose, OneTimeCode, SessionRef};
use crate::domain::phone::{MobileNumber, PhoneError};
use crate::i18n::{Arg, Lang, t_args};
use crate::store::{Account, StoredCode};

use super::codes::{Delivery, Outgoing, Verdict};
use super::{Result, Services};

pub use notices::{FactorChange, fits_one_sms};
use notices::{account_lang, pick_sms};
pub(super) use reset::SmsDecoys;

/// What asking for a code came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// "A code is on its way to `shown`" (masked at a reset, grouped in the profile).
    /// Also the answer, with nothing sent, when a quota held the code back: the kiosk must
    /// not show the difference.
    Sent { shown: String, valid_minutes: u32 },
    /// The gateway failed: "could not send: choose another method or ask the office staff".
    Failed,
    /// No code by SMS for this account: SMS is off, or there is no confirmed mobile.
    NotOffered,
}

/// What asking for a code to a new mobile number came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MobileRequest {
    /// A code is on its way to the new number (or a quota held it back, unseen).
    Sent { grouped: String, valid_minutes: u32 },
    /// The number was refused; `example` shows the expected format for the region
    /// (`+46 70 123 45 67`, `070-123 45 67`).
    Invalid {
        error: PhoneError,
        example: Option<(String, String)>,
    },
    /// It already is the account's confirmed number.
    Unchanged { grouped: String },
    /// The gateway failed.
    Failed,
    /// SMS is switched off.
    NotOffered,
}

/// What checking a typed code came to. `T` is what success brings: a [`Proof`] at a reset,
/// the confirmed [`MobileNumber`] in the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeCheck<T> {
    Verified(T),
    /// Wrong code; this many tries are left on it.
    Wrong {
        tries_left: u32,
    },
    /// That was the last try: the code is void, a new one must be sent.
    TriesUsedUp,
    Expired,
    /// No code to check in this session: none sent, replaced by a newer one, or used.
    NoCode,
    /// Not six digits; not counted as a try.
    Malformed(CodeError),
}

/// Where a notice went (for tests and the audit log).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoticeReport {
    pub sms: NoticeResult,
    pub email: NoticeResult,
}

/// One channel of a notice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NoticeResult {
    Sent,
    Failed,
    /// No confirmed mobile / no address / channel switched off.
    #[default]
    Skipped,
}

impl Services {
    pub(super) fn sms_audit(
        &self,
        user: &str,
        action: &str,
        outcome: &str,
        detail: String,
    ) -> crate::store::AuditEntry {
        let mut e = self.audit_entry(user, Some(user), action, outcome);
        e.detail = detail;
        e
    }

    /// Sends a code for a reset or a new number through the code engine and audits it. A
    /// quota hit sends nothing, keeps the older code, and answers as if sent.
    async fn send_sms_code(
        &self,
        account: &Account,
        purpose: CodePurpose,
        session: &SessionRef,
        number: &MobileNumber,
        shown: String,
        lang: Option<Lang>,
    ) -> Result<SendOutcome> {
        let user = account.username.as_str();
        let valid_minutes = self.settings.sms.code_valid_minutes;
        let detail = format!("{} to {}", purpose.name(), number.masked());
        let lang = lang.unwrap_or_else(|| account_lang(account, self.settings.languages.default));
        let bound = self.bound_session(session);
        let outgoing = Outgoing {
            account,
            purpose,
            session: &bound,
            number,
        };
        let text = |code: &OneTimeCode| {
            let args = [
                ("school", Arg::Str(&self.settings.kiosk.school_name)),
                ("code", Arg::Str(code.expose())),
                ("minutes", Arg::Num(i64::from(valid_minutes))),
            ];
            let key = match purpose {
                CodePurpose::ConfirmMobile => "sms-code-mobile",
                CodePurpose::Reset | CodePurpose::StaffSignIn => "sms-code-reset",
            };
            pick_sms([
                t_args(lang, key, &args),
                t_args(lang, "sms-code-short", &args),
            ])
        };
        let sent = SendOutcome::Sent {
            shown,
            valid_minutes,
        };
        match self.send_code(&outgoing, text).await? {
            Delivery::Sent => {
                self.audit(self.sms_audit(user, "sms_code", "sent", detail))
                    .await?;
                Ok(sent)
            }
            Delivery::HeldBack(which) => {
                self.audit(self.sms_audit(
                    user,
                    "sms_code",
                    which,
                    format!("{detail}; nothing sent"),
                ))
                .await?;
                Ok(sent)
            }
            Delivery::Failed(e) => {
                self.audit(self.sms_audit(user, "sms_code", "failed", format!("{detail}: {e}")))
                    .await?;
                Ok(SendOutcome::Failed)
            }
        }
    }

    /// The newest code of this session for the account and purpose, checked against
    /// `code` by the code engine and audited; wrong tries are counted, a right reset code is
    /// used up (a confirmation code is used up together with storing the number).
    async fn check_sms_code(
        &self,
        account: &Account,
        purpose: CodePurpose,
        session: &SessionRef,
        code: &OneTimeCode,
        count_recovery: bool,
    ) -> Result<CodeCheck<StoredCode>> {
        let user = account.username.as_str();
        let bound = self.bound_session(session);
        let consume = purpose == CodePurpose::Reset;
        let checked = self
            .verify_code(account.id, purpose, &bound, code, count_recovery, consume)
            .await?;
        let (outcome, check) = match checked.verdict {
            Verdict::Verified(stored) => ("ok", CodeCheck::Verified(stored)),
            Verdict::Wrong { tries_left } => ("wrong", CodeCheck::Wrong { tries_left }),
            Verdict::TriesUsedUp => ("tries_used_up", CodeCheck::TriesUsedUp),
            Verdict::Expired => ("expired", CodeCheck::Expired),
            Verdict::NoCode => ("no_code", CodeCheck::NoCode),
        };
        let detail = if checked.compared {
            format!("{}; wrong code", purpose.name())
        } else {
            purpose.name().to_string()
        };
        // A confirmation's success is audited with the stored number (mobile.rs).
        if outcome != "ok" || consume {
            self.audit(self.sms_audit(user, "verify_code", outcome, detail))
                .await?;
        }
        Ok(check)
    }
}
