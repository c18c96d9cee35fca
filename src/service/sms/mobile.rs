//! The profile's mobile number: set or changed only with a code sent to the new number;
//! the old number is told of the change.

use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::code::{CodePurpose, OneTimeCode, SessionRef};
use crate::domain::phone::MobileNumber;

use super::notices::FactorChange;
use crate::domain::recovery::{CodeCheck, MobileRequest, SendOutcome};
use crate::service::{Result, Services, VerifiedAccount};

impl Services {
    /// The account's current mobile number, grouped (`+46 70 123 45 67`), for the profile.
    pub async fn mobile_of(&self, who: &VerifiedAccount) -> Result<Option<String>> {
        let account = self.load(who).await?;
        Ok(account
            .mobile
            .as_deref()
            .filter(|_| account.mobile_confirmed)
            .and_then(MobileNumber::from_e164)
            .map(|n| n.grouped()))
    }

    /// Starts setting or changing the mobile number of a signed-in account: the typed
    /// number is checked and a code goes to it. Nothing is stored until the code comes back.
    pub async fn request_mobile_code(
        &self,
        who: &VerifiedAccount,
        session: &SessionRef,
        typed: &str,
    ) -> Result<MobileRequest> {
        let user = who.username();
        if !self.sms().enabled() {
            return Ok(MobileRequest::NotOffered);
        }
        // Recovery never changes recovery factors: only a sign-in with the current password.
        if !who.signed_in() || who.must_change() {
            self.audit(self.sms_audit(
                user,
                AuditAction::MobileCode,
                AuditOutcome::Denied,
                String::new(),
            ))
            .await?;
            return Ok(MobileRequest::NotOffered);
        }
        let region = self.settings.kiosk.phone_region.as_str();
        let number = match MobileNumber::parse(typed, region) {
            Ok(number) => number,
            Err(error) => {
                self.audit(self.sms_audit(
                    user,
                    AuditAction::MobileCode,
                    AuditOutcome::Invalid,
                    error.to_string(),
                ))
                .await?;
                let example =
                    crate::domain::phone::example(region).map(|n| (n.grouped(), n.national()));
                return Ok(MobileRequest::Invalid { error, example });
            }
        };
        let account = self.load(who).await?;
        if account.mobile_confirmed && account.mobile.as_deref() == Some(number.e164()) {
            return Ok(MobileRequest::Unchanged {
                grouped: number.grouped(),
            });
        }
        let grouped = number.grouped();
        let outcome = self
            .send_sms_code(
                &account,
                CodePurpose::ConfirmMobile,
                session,
                &number,
                grouped.clone(),
                None,
            )
            .await?;
        Ok(match outcome {
            SendOutcome::Sent { valid_minutes, .. } => MobileRequest::Sent {
                grouped,
                valid_minutes,
            },
            SendOutcome::Failed => MobileRequest::Failed,
            SendOutcome::NotOffered => MobileRequest::NotOffered,
        })
    }

    /// Finishes a number change: the code sent to the new number, typed in this session.
    /// On success the number is stored (E.164, confirmed) and the old number, if any, gets
    /// a notice. Wrong tries count toward the code only (the account is signed in: this is
    /// not a recovery attempt).
    pub async fn confirm_mobile_code(
        &self,
        who: &VerifiedAccount,
        session: &SessionRef,
        typed: &str,
    ) -> Result<CodeCheck<MobileNumber>> {
        if !who.signed_in() || who.must_change() {
            return Ok(CodeCheck::NoCode);
        }
        let code = match OneTimeCode::parse(typed) {
            Ok(code) => code,
            Err(e) => return Ok(CodeCheck::Malformed(e)),
        };
        let account = self.load(who).await?;
        let user = account.username.as_str();
        let check = self
            .check_sms_code(&account, CodePurpose::ConfirmMobile, session, &code, false)
            .await?;
        let stored = match check {
            CodeCheck::Verified(stored) => stored,
            CodeCheck::Wrong { tries_left } => return Ok(CodeCheck::Wrong { tries_left }),
            CodeCheck::TriesUsedUp => return Ok(CodeCheck::TriesUsedUp),
            CodeCheck::Expired => return Ok(CodeCheck::Expired),
            CodeCheck::NoCode => return Ok(CodeCheck::NoCode),
            CodeCheck::Malformed(e) => return Ok(CodeCheck::Malformed(e)),
        };
        let Some(number) = MobileNumber::from_e164(&stored.target) else {
            return Ok(CodeCheck::NoCode);
        };
        let old = account
            .mobile
            .clone()
            .filter(|old| account.mobile_confirmed && old != number.e164());
        let detail = match old.as_deref().and_then(MobileNumber::from_e164) {
            Some(old) => format!("{} (was {})", number.masked(), old.masked()),
            None => number.masked(),
        };
        let audit = self.sms_audit(user, AuditAction::MobileConfirmed, AuditOutcome::Ok, detail);
        let now = self.now();
        if !self
            .store
            .confirm_mobile(stored.id, account.id, number.e164(), now, &audit)
            .await?
        {
            self.audit(self.sms_audit(
                user,
                AuditAction::VerifyCode,
                AuditOutcome::NoCode,
                "confirm_mobile".into(),
            ))
            .await?;
            return Ok(CodeCheck::NoCode);
        }
        // Every address on file hears of it: the old number and the email.
        self.after_factor_change(account.id, FactorChange::MobileChanged, old);
        Ok(CodeCheck::Verified(number))
    }
}
