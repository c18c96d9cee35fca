//! A password reset with a one-time code sent to the account's confirmed mobile.
//!
//! Unknown usernames (with `reveal_unknown_username = false`) look like the typical
//! account: when most active accounts have a confirmed mobile, an unknown name is offered
//! SMS too, "sends" to a stable made-up masked number (nothing is sent) and counts wrong
//! codes down like a real one. Those decoy tries live in memory: a session is one kiosk
//! process's anyway.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::domain::account::AccountStatus;
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::code::{CodeKey, CodePurpose, OneTimeCode, SessionRef};
use crate::domain::phone::MobileNumber;
use crate::domain::username::Username;
use crate::i18n::Lang;
use crate::store::Account;

use super::{CodeCheck, SendOutcome};
use crate::service::{Method, Proof, Result, Services};

/// Decoy codes of unknown names in this process: (bound session, name) → (tries left,
/// expires at).
#[derive(Debug, Default)]
pub struct SmsDecoys(Mutex<HashMap<(String, String), (u32, i64)>>);

impl Services {
    /// Whether a reset by SMS code is offered to this account: SMS is on and the account
    /// has a confirmed mobile that still parses.
    pub fn sms_offered(&self, account: &Account) -> bool {
        self.sms().enabled()
            && account.mobile_confirmed
            && account
                .mobile
                .as_deref()
                .and_then(MobileNumber::from_e164)
                .is_some()
    }

    /// Whether Choose method lists SMS for `username` (see `methods_for`): a confirmed
    /// mobile for an active account; the typical account's answer for any other name.
    pub async fn sms_offered_to(&self, account: Option<&Account>) -> Result<bool> {
        match account.filter(|a| a.status == AccountStatus::Active) {
            Some(account) => Ok(self.sms_offered(account)),
            None => self.decoy_offers_sms().await,
        }
    }

    /// An unknown name is offered SMS when SMS is on, names are not revealed, and at least
    /// half of the active accounts have a confirmed mobile.
    async fn decoy_offers_sms(&self) -> Result<bool> {
        if !self.sms().enabled() || self.settings.kiosk.reveal_unknown_username {
            return Ok(false);
        }
        let (accounts, reachable) = self.store.sms_reachable_accounts().await?;
        Ok(accounts > 0 && 2 * reachable >= accounts)
    }

    /// The masked number shown for an unknown name: the region's example mobile with its
    /// last two digits made from a keyed hash of the name (stable, unpredictable).
    fn decoy_masked(&self, key: &CodeKey, username: &Username) -> String {
        let region = self.settings.kiosk.phone_region.as_str();
        let masked = crate::domain::phone::example(region)
            .or_else(|| crate::domain::phone::example("SE"))
            .map(|n| n.masked())
            .unwrap_or_default();
        let tail = format!(
            "{:02}",
            key.derive("sms-decoy-number", username.as_str()) % 100
        );
        let mut tail = tail.chars().rev();
        let mut out: Vec<char> = masked.chars().collect();
        for c in out.iter_mut().rev() {
            if c.is_ascii_digit() {
                match tail.next() {
                    Some(d) => *c = d,
                    None => break,
                }
            }
        }
        out.into_iter().collect()
    }

    /// "Sends" a code for an unknown name: nothing goes out; wrong codes count down as
    /// for a real account.
    async fn decoy_request(
        &self,
        username: &Username,
        session: &SessionRef,
    ) -> Result<SendOutcome> {
        let user = username.as_str();
        let key = self.code_key().await?;
        let now = self.now();
        let valid_minutes = self.settings.sms.code_valid_minutes;
        let tries = self.settings.sms.max_tries.max(1);
        let expires_at = now + i64::from(valid_minutes) * 60;
        if let Ok(mut decoys) = self.sms_decoys.0.lock() {
            decoys.retain(|_, (_, until)| *until > now);
            decoys.insert(
                (self.bound_session(session), user.to_string()),
                (tries, expires_at),
            );
        }
        let shown = self.decoy_masked(&key, username);
        self.audit(self.sms_audit(
            user,
            AuditAction::SmsCode,
            AuditOutcome::Decoy,
            format!("reset to {shown}; nothing sent"),
        ))
        .await?;
        Ok(SendOutcome::Sent {
            shown,
            valid_minutes,
        })
    }

    /// Checks a code typed for an unknown name: never right.
    async fn decoy_verify(
        &self,
        username: &Username,
        session: &SessionRef,
    ) -> Result<CodeCheck<Proof>> {
        let user = username.as_str();
        let now = self.now();
        let slot = (self.bound_session(session), user.to_string());
        let check = match self.sms_decoys.0.lock() {
            Ok(mut decoys) => match decoys.get_mut(&slot) {
                None => CodeCheck::NoCode,
                Some((_, until)) if *until <= now => CodeCheck::Expired,
                Some((0, _)) => CodeCheck::TriesUsedUp,
                Some((tries, _)) => {
                    *tries -= 1;
                    if *tries == 0 {
                        CodeCheck::TriesUsedUp
                    } else {
                        CodeCheck::Wrong { tries_left: *tries }
                    }
                }
            },
            Err(_) => CodeCheck::NoCode,
        };
        self.audit(self.sms_audit(
            user,
            AuditAction::VerifyCode,
            AuditOutcome::Decoy,
            "reset".into(),
        ))
        .await?;
        Ok(check)
    }

    /// Sends a reset code to the confirmed mobile of `username`, bound to this kiosk
    /// session. Requesting a code does not touch the recovery-failure counter.
    pub async fn request_reset_code(
        &self,
        username: &Username,
        session: &SessionRef,
    ) -> Result<SendOutcome> {
        self.request_reset_code_in(username, session, None).await
    }

    /// As [`Services::request_reset_code`], the SMS written in `lang` (the language the
    /// person is using at the kiosk) instead of the account's.
    pub async fn request_reset_code_in(
        &self,
        username: &Username,
        session: &SessionRef,
        lang: Option<Lang>,
    ) -> Result<SendOutcome> {
        let user = username.as_str();
        let account = self.store.account_by_username(user).await?;
        let account = account.filter(|a| a.status == AccountStatus::Active);
        if account.is_none() && self.decoy_offers_sms().await? {
            return self.decoy_request(username, session).await;
        }
        let Some(account) = account.filter(|a| self.sms_offered(a)) else {
            let why = if self.sms().enabled() {
                "no confirmed mobile"
            } else {
                "SMS is switched off"
            };
            self.audit(self.sms_audit(
                user,
                AuditAction::SmsCode,
                AuditOutcome::NotOffered,
                why.into(),
            ))
            .await?;
            return Ok(SendOutcome::NotOffered);
        };
        let Some(number) = account.mobile.as_deref().and_then(MobileNumber::from_e164) else {
            return Ok(SendOutcome::NotOffered);
        };
        let shown = number.masked();
        self.send_sms_code(&account, CodePurpose::Reset, session, &number, shown, lang)
            .await
    }

    /// Checks a reset code typed in this session. A wrong code counts toward the code's
    /// tries (the last one voids it) and the account's recovery-failure counter; the right
    /// one is used up and proves the account.
    pub async fn verify_reset_code(
        &self,
        username: &Username,
        session: &SessionRef,
        typed: &str,
    ) -> Result<CodeCheck<Proof>> {
        let user = username.as_str();
        let code = match OneTimeCode::parse(typed) {
            Ok(code) => code,
            Err(e) => return Ok(CodeCheck::Malformed(e)),
        };
        let account = self.store.account_by_username(user).await?;
        let Some(account) = account.filter(|a| a.status == AccountStatus::Active) else {
            return self.decoy_verify(username, session).await;
        };
        let check = self
            .check_sms_code(&account, CodePurpose::Reset, session, &code, true)
            .await?;
        Ok(match check {
            CodeCheck::Verified(_) => CodeCheck::Verified(Proof::new(account.id, Method::Sms)),
            CodeCheck::Wrong { tries_left } => CodeCheck::Wrong { tries_left },
            CodeCheck::TriesUsedUp => CodeCheck::TriesUsedUp,
            CodeCheck::Expired => CodeCheck::Expired,
            CodeCheck::NoCode => CodeCheck::NoCode,
            CodeCheck::Malformed(e) => CodeCheck::Malformed(e),
        })
    }
}
