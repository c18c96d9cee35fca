//! The one one-time-code engine: send (quotas, a fresh code voiding the older one, the
//! SMS), verify (state, MAC, tries, use) and void, for every purpose: a reset by SMS, a
//! new mobile number, a staff sign-in. Codes are six digits from [`crate::random::Random`],
//! stored only as a keyed HMAC bound to account, purpose, kiosk session and number
//! ([`crate::domain::code`]), under one shared key. The per-hour quotas count every purpose.
//!
//! The use cases word the SMS, audit and answer the person; the engine logs each send in
//! `sms_log` (what the quotas count) and never logs a code.

use std::sync::Arc;

use crate::domain::audit::AuditOutcome;
use crate::domain::code::{CodeBinding, CodeKey, CodePurpose, OneTimeCode, SessionRef};
use crate::domain::phone::MobileNumber;
use crate::random::Random;
use crate::store::{Account, CodeState, NewCode, SmsLogEntry, StoredCode, WrongTry};

use super::{Result, Services};

/// The window the per-hour quotas look back over.
const QUOTA_WINDOW_SECS: i64 = 3600;

/// 128 random bits for this process, drawn once; the clock and process id only if the
/// generator failed (sessions stay apart, if guessably). A flow session number reused after
/// a restart is thus another session.
pub(super) fn process_salt(random: &dyn Random) -> Arc<str> {
    match SessionRef::from_draws(|| random.next_u32()) {
        Ok(salt) => Arc::from(salt.as_str()),
        Err(_) => Arc::from(format!(
            "{}-{}",
            std::process::id(),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
        )),
    }
}

/// What asking the engine to send a code came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Delivery {
    /// The gateway took the SMS.
    Sent,
    /// A quota held it back (`QuotaAccount` or `QuotaKiosk`, as audited): nothing sent,
    /// the older code kept.
    HeldBack(AuditOutcome),
    /// The gateway failed; the fresh code is void. The gateway's error, for the audit log.
    Failed(String),
}

/// A code to send.
pub(super) struct Outgoing<'a> {
    pub account: &'a Account,
    pub purpose: CodePurpose,
    /// Kiosk-qualified session ([`Services::bound_session`]).
    pub session: &'a str,
    pub number: &'a MobileNumber,
}

/// What checking a typed code came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Right; used up when the caller asked for it.
    Verified(StoredCode),
    /// Wrong; this many tries are left.
    Wrong {
        tries_left: u32,
    },
    TriesUsedUp,
    Expired,
    /// None sent in this session, replaced, used, or voided.
    NoCode,
}

/// A verdict, and whether the typed code was compared at all (a wrong code) or the stored
/// one was refused before (expired, used, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Checked {
    pub verdict: Verdict,
    pub compared: bool,
}

impl Services {
    /// The shared code key.
    pub(super) async fn code_key(&self) -> Result<CodeKey> {
        Ok(self.keys.codes.clone())
    }

    /// The reference codes of flow session `session` are bound to: the session number
    /// joined to this process's salt.
    pub fn session_ref(&self, session: u64) -> SessionRef {
        SessionRef::from_string(format!("{}-{session}", self.process_salt))
    }

    /// A fresh unguessable session reference (a staff sign-in's own).
    pub(super) fn fresh_session(&self) -> Result<SessionRef> {
        Ok(SessionRef::from_draws(|| self.random.next_u32())?)
    }

    /// A session reference qualified by this kiosk's id: codes are bound to both.
    pub(super) fn bound_session(&self, session: &SessionRef) -> String {
        format!("{}/{}", self.settings.kiosk.id, session.as_str())
    }

    /// Which quota, if any, holds back one more code to `account_id` now.
    async fn quota_hit(&self, account_id: i64, now: i64) -> Result<Option<AuditOutcome>> {
        let sms = &self.settings.sms;
        let since = now - QUOTA_WINDOW_SECS;
        if self.store.code_sends_to_account(account_id, since).await?
            >= i64::from(sms.per_account_per_hour)
        {
            return Ok(Some(AuditOutcome::QuotaAccount));
        }
        if self
            .store
            .code_sends_by_kiosk(&self.settings.kiosk.id, since)
            .await?
            >= i64::from(sms.per_kiosk_per_hour)
        {
            return Ok(Some(AuditOutcome::QuotaKiosk));
        }
        Ok(None)
    }

    /// Quotas, then a fresh code (voiding the older one of the account and purpose), then
    /// the SMS worded by `text`. A gateway failure voids the fresh code: nobody received it.
    pub(super) async fn send_code(
        &self,
        out: &Outgoing<'_>,
        text: impl FnOnce(&OneTimeCode) -> String,
    ) -> Result<Delivery> {
        let sms = &self.settings.sms;
        let now = self.now();
        let account = out.account;
        let user = account.username.as_str();
        let log = |outcome: &str| SmsLogEntry {
            at: now,
            kiosk_id: self.settings.kiosk.id.clone(),
            account_id: Some(account.id),
            purpose: out.purpose.name().to_string(),
            outcome: outcome.to_string(),
        };
        if let Some(which) = self.quota_hit(account.id, now).await? {
            self.store.log_sms(&log("quota")).await?;
            tracing::warn!(
                username = user,
                quota = which.as_str(),
                purpose = out.purpose.name(),
                "code held back by a quota"
            );
            return Ok(Delivery::HeldBack(which));
        }
        let code = OneTimeCode::from_draws(|| self.random.next_u32())?;
        let binding = CodeBinding {
            account_id: account.id,
            purpose: out.purpose,
            session: out.session,
            target: out.number.e164(),
        };
        let sealed = self.code_key().await?.seal(&binding, &code);
        let code_id = self
            .store
            .insert_code(&NewCode {
                account_id: account.id,
                purpose: out.purpose.name(),
                session_ref: out.session,
                target: out.number.e164(),
                code_hmac: &sealed,
                tries: i64::from(sms.max_tries.max(1)),
                expires_at: now + i64::from(sms.code_valid_minutes) * 60,
                now,
            })
            .await?;
        let text = text(&code);
        drop(code);
        match self.sms().send(out.number.e164(), &text).await {
            Ok(()) => {
                self.store.log_sms(&log("sent")).await?;
                Ok(Delivery::Sent)
            }
            Err(e) => {
                self.void_code(code_id).await?;
                self.store.log_sms(&log("failed")).await?;
                tracing::warn!(username = user, purpose = out.purpose.name(), error = %e, "code could not be sent");
                Ok(Delivery::Failed(e.to_string()))
            }
        }
    }

    /// Voids a code: it can no longer be used.
    pub(super) async fn void_code(&self, code_id: i64) -> Result<()> {
        self.store.void_code(code_id).await?;
        Ok(())
    }

    /// Checks `code` against the newest code of the account and purpose sent in `session`
    /// (kiosk-qualified). A wrong code counts toward its tries (and, with `count_recovery`,
    /// the account's recovery failures); a right one is used up when `consume` (a caller
    /// that stores something with the use, like a confirmed number, uses it itself).
    pub(super) async fn verify_code(
        &self,
        account_id: i64,
        purpose: CodePurpose,
        session: &str,
        code: &OneTimeCode,
        count_recovery: bool,
        consume: bool,
    ) -> Result<Checked> {
        let now = self.now();
        let refused = |verdict| Checked {
            verdict,
            compared: false,
        };
        let Some(stored) = self
            .store
            .latest_code(account_id, purpose.name(), session)
            .await?
        else {
            return Ok(refused(Verdict::NoCode));
        };
        match stored.state(now) {
            CodeState::Live => {}
            CodeState::Expired => return Ok(refused(Verdict::Expired)),
            CodeState::TriesUsedUp => return Ok(refused(Verdict::TriesUsedUp)),
            CodeState::Used | CodeState::Replaced => return Ok(refused(Verdict::NoCode)),
        }
        let binding = CodeBinding {
            account_id,
            purpose,
            session: &stored.session_ref,
            target: &stored.target,
        };
        if self
            .code_key()
            .await?
            .verify(&binding, code, &stored.code_hmac)
        {
            if consume && !self.store.use_code(stored.id, now).await? {
                // Used or voided a moment ago by another request.
                return Ok(refused(Verdict::NoCode));
            }
            return Ok(Checked {
                verdict: Verdict::Verified(stored),
                compared: true,
            });
        }
        let verdict = match self
            .store
            .code_wrong_try(stored.id, now, count_recovery)
            .await?
        {
            WrongTry::TriesLeft(n) => Verdict::Wrong {
                tries_left: u32::try_from(n).unwrap_or(0),
            },
            WrongTry::UsedUp => Verdict::TriesUsedUp,
            WrongTry::NotLive => Verdict::NoCode,
        };
        Ok(Checked {
            verdict,
            compared: true,
        })
    }
}
