//! Staff sign-in: the staff member's own password, then a code from the one code engine
//! (purpose `StaffSignIn`) to their confirmed mobile. Without a mobile or with SMS off there
//! is no staff sign-in at all, unless config turns the second factor off
//! (`helpdesk.second_factor = false`, which `check-config` warns about).

use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::code::{CodePurpose, OneTimeCode};
use crate::domain::phone::MobileNumber;
use crate::domain::secret::Secret;
use crate::domain::username::Username;
use crate::i18n::{Arg, Lang, t_args};
use crate::store::Account;

use crate::domain::desk::*;
use crate::service::codes::{Delivery, Outgoing, Verdict};
use crate::service::sign_in::Audience;
use crate::service::{Result, Services, VerifyOutcome};

impl Services {
    /// Signs a staff member in with their own username and password. A code goes to their
    /// confirmed mobile and [`Services::staff_confirm_code`] finishes the sign-in; without
    /// a mobile (or with SMS off) the answer is `NoSecondFactor`, unless
    /// `helpdesk.second_factor = false`. Wrong passwords
    /// count toward the account's lockout, as at the kiosk.
    pub async fn staff_sign_in(
        &self,
        username: &Username,
        password: &Secret,
        lang: Lang,
    ) -> Result<SignIn> {
        let user = username.as_str();
        let verified = match self
            .verify_password_for(username, password, Audience::Staff)
            .await?
        {
            VerifyOutcome::Verified(v) => v,
            VerifyOutcome::Invalid => return Ok(SignIn::Invalid),
            VerifyOutcome::Locked { until } => return Ok(SignIn::Locked { until }),
            VerifyOutcome::TempExpired => return Ok(SignIn::TempExpired),
            // The kiosk is slowing down: "too many attempts, try again after …".
            VerifyOutcome::Wait { secs } => {
                let until = self.now() + i64::try_from(secs).unwrap_or(i64::MAX / 2);
                return Ok(SignIn::Locked { until: Some(until) });
            }
        };
        let Some(account) = self.store.account_by_id(verified.id()).await? else {
            return Ok(SignIn::Invalid);
        };
        let audit = |outcome: AuditOutcome, detail: &str| {
            self.staff_entry(
                user,
                Some(user),
                AuditAction::StaffSignIn,
                outcome,
                detail.to_string(),
            )
        };
        if verified.must_change() {
            self.audit(audit(AuditOutcome::MustChange, "")).await?;
            return Ok(SignIn::MustChange);
        }
        let mobile = account
            .mobile
            .as_deref()
            .filter(|_| account.mobile_confirmed)
            .and_then(MobileNumber::from_e164);
        if !self.settings.helpdesk.second_factor {
            // Only when config says so explicitly (`check-config` warns about it).
            self.audit(audit(AuditOutcome::Ok, "password")).await?;
            return Ok(SignIn::SignedIn(StaffSession {
                account_id: account.id,
                username: account.username,
                display_name: account.display_name,
            }));
        }
        // Staff powers never rest on a password alone: without a confirmed mobile, or with
        // SMS switched off, there is no second factor and so no staff sign-in.
        match mobile.filter(|_| self.sms().enabled()) {
            None => {
                let why = if self.sms().enabled() {
                    "no confirmed mobile"
                } else {
                    "sms off"
                };
                self.audit(audit(AuditOutcome::NoSecondFactor, why)).await?;
                Ok(SignIn::NoSecondFactor)
            }
            Some(number) => self.send_sign_in_code(&account, &number, lang).await,
        }
    }

    /// Sends the sign-in code through the code engine. A quota or a failing gateway ends
    /// the sign-in closed: no code, no session (`CodeNotSent`).
    async fn send_sign_in_code(
        &self,
        account: &Account,
        number: &MobileNumber,
        lang: Lang,
    ) -> Result<SignIn> {
        let user = account.username.as_str();
        let valid_minutes = self.settings.sms.code_valid_minutes;
        // Each sign-in is its own session: a code never outlives the attempt it was sent for.
        let session = self.bound_session(&self.fresh_session()?);
        let outgoing = Outgoing {
            account,
            purpose: CodePurpose::StaffSignIn,
            session: &session,
            number,
        };
        let text = |code: &OneTimeCode| {
            let args = [
                ("school", Arg::Str(&self.settings.kiosk.school_name)),
                ("code", Arg::Str(code.expose())),
                ("minutes", Arg::Num(i64::from(valid_minutes))),
            ];
            t_args(lang, "staff-sms-code", &args)
        };
        let detail = format!("code to {}", number.masked());
        let audit = |outcome: AuditOutcome, detail: String| {
            self.staff_entry(user, Some(user), AuditAction::StaffSignIn, outcome, detail)
        };
        match self.send_code(&outgoing, text).await? {
            Delivery::Sent => {
                self.audit(audit(AuditOutcome::CodeSent, detail)).await?;
                Ok(SignIn::CodeSent(StaffChallenge {
                    account_id: account.id,
                    username: account.username.clone(),
                    display_name: account.display_name.clone(),
                    session,
                    shown: number.masked(),
                    valid_minutes,
                }))
            }
            Delivery::HeldBack(which) => {
                // Staff codes count toward the SMS quotas like any other; over them, the
                // second factor cannot be sent, and a sign-in never skips it.
                self.audit(audit(which, format!("{detail}; nothing sent")))
                    .await?;
                Ok(SignIn::CodeNotSent)
            }
            Delivery::Failed(e) => {
                // Fail closed: a broken gateway never lets a sign-in skip its second factor.
                self.audit(audit(AuditOutcome::CodeFailed, format!("{detail}: {e}")))
                    .await?;
                Ok(SignIn::CodeNotSent)
            }
        }
    }

    /// Finishes a staff sign-in with the code sent to the staff member's mobile.
    pub async fn staff_confirm_code(
        &self,
        challenge: &StaffChallenge,
        typed: &str,
    ) -> Result<CodeOutcome> {
        let Ok(code) = OneTimeCode::parse(typed) else {
            return Ok(CodeOutcome::Malformed);
        };
        let user = challenge.username.as_str();
        let audit = |outcome: AuditOutcome| {
            self.staff_entry(
                user,
                Some(user),
                AuditAction::StaffCode,
                outcome,
                String::new(),
            )
        };
        let checked = self
            .verify_code(
                challenge.account_id,
                CodePurpose::StaffSignIn,
                &challenge.session,
                &code,
                false,
                true,
            )
            .await?;
        match checked.verdict {
            Verdict::Verified(_) => {}
            Verdict::Wrong { tries_left } => {
                self.audit(audit(AuditOutcome::Wrong)).await?;
                return Ok(CodeOutcome::Wrong { tries_left });
            }
            Verdict::TriesUsedUp | Verdict::Expired | Verdict::NoCode => {
                self.audit(audit(AuditOutcome::Void)).await?;
                return Ok(CodeOutcome::Void);
            }
        }
        // The role or the account may have changed while the code travelled.
        let Some(account) = self.staff_account(challenge.account_id).await? else {
            self.audit(audit(AuditOutcome::Ended)).await?;
            return Ok(CodeOutcome::Void);
        };
        self.audit(audit(AuditOutcome::Ok)).await?;
        self.audit(self.staff_entry(
            user,
            Some(user),
            AuditAction::StaffSignIn,
            AuditOutcome::Ok,
            "password+sms".into(),
        ))
        .await?;
        Ok(CodeOutcome::SignedIn(StaffSession {
            account_id: account.id,
            username: account.username,
            display_name: account.display_name,
        }))
    }
}
