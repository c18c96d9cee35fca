//! A password reset with a one-time code sent to the account's confirmed mobile.
//!
//! Unknown usernames (with `reveal_unknown_username = false`) look like real accounts,
//! each its own way: a keyed HMAC of the name, compared with the share of active accounts
//! that have a confirmed mobile, decides whether a name is offered SMS (so different
//! unknown names differ as real ones do); its masked number is a real number's masked form
//! drawn by the same HMAC, with made-up last digits (so the visible prefixes follow the
//! real ones); its "send" takes as long as the recent real sends and fails when they
//! failed. Nothing is sent, and wrong codes count down like a real one's. Those decoy
//! tries live in memory: a session is one kiosk process's anyway.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::domain::account::AccountStatus;
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::code::{CodeKey, CodePurpose, OneTimeCode, SessionRef};
use crate::domain::phone::MobileNumber;
use crate::domain::username::Username;
use crate::i18n::Lang;
use crate::store::Account;

use crate::domain::recovery::{CodeCheck, SendOutcome};
use crate::service::{Method, Proof, Result, Services};

/// What the decoys of this process remember.
#[derive(Debug, Default)]
pub struct SmsDecoys {
    /// (bound session, name) → (tries left, expires at).
    codes: Mutex<HashMap<(String, String), (u32, i64)>>,
    /// The real accounts' SMS profile, read at most every [`PROFILE_TTL_SECS`].
    profile: Mutex<Option<(i64, SmsProfile)>>,
    /// The latest real sends: how long they took and whether the gateway failed.
    sends: Mutex<Vec<(Duration, bool, i64)>>,
}

/// Shares and shapes of the real accounts' mobiles.
#[derive(Debug, Clone, Default)]
struct SmsProfile {
    accounts: i64,
    reachable: i64,
    /// The masked form of every confirmed number (`+46 73 *** ** 34`).
    masked: Vec<String>,
}

const PROFILE_TTL_SECS: i64 = 600;
/// Real sends remembered for the decoys' timing.
const SENDS_KEPT: usize = 16;
/// A gateway failure this recent makes decoy sends fail too.
const FAILURE_MEMORY_SECS: i64 = 15 * 60;

impl SmsDecoys {
    /// Remembers a real send (any purpose) for the decoys.
    pub(crate) fn record_send(&self, took: Duration, failed: bool, now: i64) {
        let mut sends = self.sends.lock().unwrap_or_else(PoisonError::into_inner);
        sends.push((took, failed, now));
        let excess = sends.len().saturating_sub(SENDS_KEPT);
        sends.drain(..excess);
    }

    /// How long a decoy send takes (the median of the recent real ones) and whether it
    /// fails (the latest real send failed recently).
    fn mimic(&self, now: i64) -> (Duration, bool) {
        let sends = self.sends.lock().unwrap_or_else(PoisonError::into_inner);
        let mut took: Vec<Duration> = sends.iter().map(|(d, _, _)| *d).collect();
        took.sort_unstable();
        let median = took.get(took.len() / 2).copied().unwrap_or_default();
        let failing = sends
            .last()
            .is_some_and(|(_, failed, at)| *failed && now - at < FAILURE_MEMORY_SECS);
        (median, failing)
    }
}

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
    /// mobile for an active account; for any other name, as often as for real accounts.
    pub async fn sms_offered_to(
        &self,
        account: Option<&Account>,
        username: &Username,
    ) -> Result<bool> {
        match account.filter(|a| a.status == AccountStatus::Active) {
            Some(account) => Ok(self.sms_offered(account)),
            None => self.decoy_offers_sms(username).await,
        }
    }

    /// The real accounts' SMS profile, cached for a few minutes.
    async fn sms_profile(&self) -> Result<SmsProfile> {
        let now = self.now();
        let cached = self
            .sms_decoys
            .profile
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some((_, profile)) = cached.filter(|(at, _)| now - at < PROFILE_TTL_SECS) {
            return Ok(profile);
        }
        let (accounts, reachable) = self.store.sms_reachable_accounts().await?;
        let masked = self
            .store
            .confirmed_mobiles()
            .await?
            .iter()
            .filter_map(|m| MobileNumber::from_e164(m))
            .map(|n| n.masked())
            .collect();
        let profile = SmsProfile {
            accounts,
            reachable,
            masked,
        };
        *self
            .sms_decoys
            .profile
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some((now, profile.clone()));
        Ok(profile)
    }

    /// An unknown name is offered SMS when SMS is on, names are not revealed, and its
    /// keyed point falls within the share of active accounts that have a confirmed mobile.
    async fn decoy_offers_sms(&self, username: &Username) -> Result<bool> {
        if !self.sms().enabled() || self.settings.kiosk.reveal_unknown_username {
            return Ok(false);
        }
        let profile = self.sms_profile().await?;
        if profile.accounts <= 0 {
            return Ok(false);
        }
        let share = profile.reachable as f64 / profile.accounts as f64;
        let key = self.code_key().await?;
        let point = key.derive("sms-decoy-offer", username.as_str()) as f64 / u64::MAX as f64;
        Ok(point < share)
    }

    /// The masked number shown for an unknown name: a real number's masked form drawn by a
    /// keyed hash of the name, its visible last digits made from the same hash (stable,
    /// unpredictable); the region's example number when no real one exists.
    async fn decoy_masked(&self, key: &CodeKey, username: &Username) -> Result<String> {
        let profile = self.sms_profile().await?;
        let pick = key.derive("sms-decoy-template", username.as_str());
        let masked = match profile.masked.len() {
            0 => {
                let region = self.settings.kiosk.phone_region.as_str();
                crate::domain::phone::example(region)
                    .or_else(|| crate::domain::phone::example("SE"))
                    .map(|n| n.masked())
                    .unwrap_or_default()
            }
            n => profile.masked[usize::try_from(pick % n as u64).unwrap_or(0)].clone(),
        };
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
            if *c == '*' {
                break;
            }
        }
        Ok(out.into_iter().collect())
    }

    /// "Sends" a code for an unknown name: nothing goes out; wrong codes count down as
    /// for a real account.
    async fn decoy_request(
        &self,
        username: &Username,
        session: &SessionRef,
    ) -> Result<SendOutcome> {
        let who = self.audit_name(username).await?;
        let key = self.code_key().await?;
        let now = self.now();
        let valid_minutes = self.settings.sms.code_valid_minutes;
        let tries = self.settings.sms.max_tries.max(1);
        let expires_at = now + i64::from(valid_minutes) * 60;
        let shown = self.decoy_masked(&key, username).await?;
        // As long as a real send takes, and failing when the real ones fail.
        let (took, failing) = self.sms_decoys.mimic(now);
        tokio::time::sleep(took).await;
        if failing {
            self.audit(self.sms_audit(
                &who,
                AuditAction::SmsCode,
                AuditOutcome::Decoy,
                "reset: gateway failing".into(),
            ))
            .await?;
            return Ok(SendOutcome::Failed);
        }
        {
            let mut decoys = self
                .sms_decoys
                .codes
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            decoys.retain(|_, (_, until)| *until > now);
            decoys.insert(
                (self.bound_session(session), username.as_str().to_string()),
                (tries, expires_at),
            );
        }
        self.audit(self.sms_audit(
            &who,
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
        let who = self.audit_name(username).await?;
        let now = self.now();
        let slot = (self.bound_session(session), username.as_str().to_string());
        let check = {
            let mut decoys = self
                .sms_decoys
                .codes
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match decoys.get_mut(&slot) {
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
            }
        };
        self.audit(self.sms_audit(
            &who,
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
        let account = self.account_typed(user).await?;
        let account = account.filter(|a| a.status == AccountStatus::Active);
        if account.is_none() && self.decoy_offers_sms(username).await? {
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
        let account = self.account_typed(user).await?;
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
