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

use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::code::{CodePurpose, OneTimeCode, SessionRef};
use crate::domain::phone::MobileNumber;
use crate::domain::recovery::{CodeCheck, SendOutcome};
use crate::i18n::{Arg, Lang, t_args};
use crate::store::{Account, StoredCode};

use super::codes::{Delivery, Outgoing, Verdict};
use super::{Result, Services};

pub use notices::{FactorChange, fits_one_sms};
use notices::{account_lang, pick_sms};
pub(super) use reset::SmsDecoys;

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
        action: AuditAction,
        outcome: AuditOutcome,
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
        let started = std::time::Instant::now();
        let delivery = self.send_code(&outgoing, text).await?;
        if !matches!(delivery, Delivery::HeldBack(_)) {
            let failed = matches!(delivery, Delivery::Failed(_));
            self.sms_decoys
                .record_send(started.elapsed(), failed, self.now());
        }
        match delivery {
            Delivery::Sent => {
                self.audit(self.sms_audit(user, AuditAction::SmsCode, AuditOutcome::Sent, detail))
                    .await?;
                Ok(sent)
            }
            Delivery::HeldBack(which) => {
                self.audit(self.sms_audit(
                    user,
                    AuditAction::SmsCode,
                    which,
                    format!("{detail}; nothing sent"),
                ))
                .await?;
                Ok(sent)
            }
            Delivery::Failed(e) => {
                self.audit(self.sms_audit(
                    user,
                    AuditAction::SmsCode,
                    AuditOutcome::Failed,
                    format!("{detail}: {e}"),
                ))
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
            Verdict::Verified(stored) => (AuditOutcome::Ok, CodeCheck::Verified(stored)),
            Verdict::Wrong { tries_left } => (AuditOutcome::Wrong, CodeCheck::Wrong { tries_left }),
            Verdict::TriesUsedUp => (AuditOutcome::TriesUsedUp, CodeCheck::TriesUsedUp),
            Verdict::Expired => (AuditOutcome::Expired, CodeCheck::Expired),
            Verdict::NoCode => (AuditOutcome::NoCode, CodeCheck::NoCode),
        };
        let detail = if checked.compared {
            format!("{}; wrong code", purpose.name())
        } else {
            purpose.name().to_string()
        };
        // A confirmation's success is audited with the stored number (mobile.rs).
        if outcome != AuditOutcome::Ok || consume {
            self.audit(self.sms_audit(user, AuditAction::VerifyCode, outcome, detail))
                .await?;
        }
        Ok(check)
    }
}
