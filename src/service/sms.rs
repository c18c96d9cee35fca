//! SMS use cases: a reset with a one-time code sent to the account's confirmed mobile, the
//! profile's mobile number (confirmed with a code sent to the new number), and the notices
//! sent after a password change or a number change.
//!
//! Codes are six digits from the OS CSPRNG, stored only as a keyed HMAC bound to the
//! account, purpose, kiosk session and number ([`crate::domain::code`]). Sends are limited
//! per account and per kiosk per hour; a send held back by a quota looks exactly like a
//! real one to whoever stands at the kiosk, and is audited. Every send, quota hit, failure
//! and verification is audited, never a code.
//!
//! Unknown usernames (with `reveal_unknown_username = false`) look like the typical
//! account: when most active accounts have a confirmed mobile, an unknown name is offered
//! SMS too, "sends" to a stable made-up masked number (nothing is sent) and counts wrong
//! codes down like a real one. Those decoy tries live in memory: a session is one kiosk
//! process's anyway.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::clock::{format_date, format_time};
use crate::domain::code::{
    CodeBinding, CodeError, CodeKey, CodePurpose, OneTimeCode, RngError, SessionRef,
};
use crate::domain::phone::{MobileNumber, PhoneError};
use crate::domain::username::Username;
use crate::i18n::{Arg, Lang, t_args};
use crate::notify::Email;
use crate::store::{Account, CodeState, NewCode, SmsLogEntry, StoredCode, WrongTry};

use super::{Method, Proof, Result, ServiceError, Services, VerifiedAccount};

/// Decoy codes of unknown names in this process: (bound session, name) → (tries left,
/// expires at).
#[derive(Debug, Default)]
pub struct SmsDecoys(Mutex<HashMap<(String, String), (u32, i64)>>);

/// Name of the shared HMAC key for one-time codes in `kiosk_secrets`.
const CODE_KEY_NAME: &str = "one_time_codes";

/// The window the per-hour quotas look back over.
const QUOTA_WINDOW_SECS: i64 = 3600;

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

impl From<RngError> for ServiceError {
    fn from(e: RngError) -> Self {
        ServiceError::Setup(e.to_string())
    }
}

/// The language of an account's messages (NULL = the configured default).
fn account_lang(account: &Account, default: Lang) -> Lang {
    account
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(default)
}

/// Whether `text` fits one SMS: 160 GSM-7 septets (the extension characters take two),
/// or 70 characters when anything outside the GSM alphabet forces UCS-2.
pub fn fits_one_sms(text: &str) -> bool {
    if crate::notify::sms::is_gsm7(text) {
        let septets: usize = text
            .chars()
            .map(|c| if "^{}\\[~]|€".contains(c) { 2 } else { 1 })
            .sum();
        septets <= 160
    } else {
        text.chars().count() <= 70
    }
}

/// The first of `candidates` that fits one SMS, else the first (sent as a longer SMS).
fn pick_sms(candidates: [String; 2]) -> String {
    let [long, short] = candidates;
    if fits_one_sms(&long) || !fits_one_sms(&short) {
        long
    } else {
        short
    }
}

impl Services {
    /// The shared code key.
    async fn code_key(&self) -> Result<CodeKey> {
        let bytes = self.shared_key(CODE_KEY_NAME).await?;
        CodeKey::new(&bytes).map_err(|e| ServiceError::Setup(e.to_string()))
    }

    /// A session reference qualified by this kiosk's id: codes are bound to both.
    fn bound_session(&self, session: &SessionRef) -> String {
        format!("{}/{}", self.settings.kiosk.id, session.as_str())
    }

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
        match account.filter(|a| a.status == "active") {
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
            "sms_code",
            "decoy",
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
        self.audit(self.sms_audit(user, "verify_code", "decoy", "reset".into()))
            .await?;
        Ok(check)
    }

    fn sms_audit(
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
        let account = account.filter(|a| a.status == "active");
        if account.is_none() && self.decoy_offers_sms().await? {
            return self.decoy_request(username, session).await;
        }
        let Some(account) = account.filter(|a| self.sms_offered(a)) else {
            let why = if self.sms().enabled() {
                "no confirmed mobile"
            } else {
                "SMS is switched off"
            };
            self.audit(self.sms_audit(user, "sms_code", "not_offered", why.into()))
                .await?;
            return Ok(SendOutcome::NotOffered);
        };
        let Some(number) = account.mobile.as_deref().and_then(MobileNumber::from_e164) else {
            return Ok(SendOutcome::NotOffered);
        };
        let shown = number.masked();
        self.send_code(&account, CodePurpose::Reset, session, &number, shown, lang)
            .await
    }

    /// Quotas, then a fresh code (voiding the older one), then the SMS. A quota hit sends
    /// nothing, keeps the older code, and answers as if sent.
    async fn send_code(
        &self,
        account: &Account,
        purpose: CodePurpose,
        session: &SessionRef,
        number: &MobileNumber,
        shown: String,
        lang: Option<Lang>,
    ) -> Result<SendOutcome> {
        let sms = &self.settings.sms;
        let now = self.now();
        let user = account.username.as_str();
        let valid_minutes = sms.code_valid_minutes;
        let sent = SendOutcome::Sent {
            shown,
            valid_minutes,
        };
        let detail = format!("{} to {}", purpose.name(), number.masked());
        let log = |outcome: &str| SmsLogEntry {
            at: now,
            kiosk_id: self.settings.kiosk.id.clone(),
            account_id: Some(account.id),
            purpose: purpose.name().to_string(),
            outcome: outcome.to_string(),
        };
        let since = now - QUOTA_WINDOW_SECS;
        let quota = if self.store.code_sends_to_account(account.id, since).await?
            >= i64::from(sms.per_account_per_hour)
        {
            Some("quota_account")
        } else if self
            .store
            .code_sends_by_kiosk(&self.settings.kiosk.id, since)
            .await?
            >= i64::from(sms.per_kiosk_per_hour)
        {
            Some("quota_kiosk")
        } else {
            None
        };
        if let Some(which) = quota {
            self.store.log_sms(&log("quota")).await?;
            self.audit(self.sms_audit(user, "sms_code", which, format!("{detail}; nothing sent")))
                .await?;
            tracing::warn!(
                username = user,
                quota = which,
                "SMS code held back by a quota"
            );
            return Ok(sent);
        }

        let code = OneTimeCode::generate()?;
        let bound = self.bound_session(session);
        let binding = CodeBinding {
            account_id: account.id,
            purpose,
            session: &bound,
            target: number.e164(),
        };
        let sealed = self.code_key().await?.seal(&binding, &code);
        let code_id = self
            .store
            .insert_code(&NewCode {
                account_id: account.id,
                purpose: purpose.name(),
                session_ref: &bound,
                target: number.e164(),
                code_hmac: &sealed,
                tries: i64::from(sms.max_tries.max(1)),
                expires_at: now + i64::from(valid_minutes) * 60,
                now,
            })
            .await?;
        let lang = lang.unwrap_or_else(|| account_lang(account, self.settings.languages.default));
        let minutes = i64::from(valid_minutes);
        let args = [
            ("school", Arg::Str(&self.settings.kiosk.school_name)),
            ("code", Arg::Str(code.expose())),
            ("minutes", Arg::Num(minutes)),
        ];
        let key = match purpose {
            CodePurpose::Reset => "sms-code-reset",
            CodePurpose::ConfirmMobile => "sms-code-mobile",
        };
        let text = pick_sms([
            t_args(lang, key, &args),
            t_args(lang, "sms-code-short", &args),
        ]);
        match self.sms().send(number.e164(), &text).await {
            Ok(()) => {
                self.store.log_sms(&log("sent")).await?;
                self.audit(self.sms_audit(user, "sms_code", "sent", detail))
                    .await?;
                Ok(sent)
            }
            Err(e) => {
                // Nobody received it: the code must not stay usable.
                self.store.void_code(code_id).await?;
                self.store.log_sms(&log("failed")).await?;
                self.audit(self.sms_audit(user, "sms_code", "failed", format!("{detail}: {e}")))
                    .await?;
                tracing::warn!(username = user, error = %e, "SMS code could not be sent");
                Ok(SendOutcome::Failed)
            }
        }
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
        let Some(account) = account.filter(|a| a.status == "active") else {
            return self.decoy_verify(username, session).await;
        };
        let check = self
            .check_code(&account, CodePurpose::Reset, session, &code, true)
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

    /// The newest code of this session for the account and purpose, checked against
    /// `code`; wrong tries are counted, a right code is used up (reset codes here; a
    /// confirmation code is used up together with storing the number).
    async fn check_code(
        &self,
        account: &Account,
        purpose: CodePurpose,
        session: &SessionRef,
        code: &OneTimeCode,
        count_recovery: bool,
    ) -> Result<CodeCheck<StoredCode>> {
        let now = self.now();
        let user = account.username.as_str();
        let bound = self.bound_session(session);
        let stored = self
            .store
            .latest_code(account.id, purpose.name(), &bound)
            .await?;
        let audit =
            |outcome: &str, detail: String| self.sms_audit(user, "verify_code", outcome, detail);
        let Some(stored) = stored else {
            self.audit(audit("no_code", purpose.name().into())).await?;
            return Ok(CodeCheck::NoCode);
        };
        let refused = match stored.state(now) {
            CodeState::Live => None,
            CodeState::Expired => Some(("expired", CodeCheck::Expired)),
            CodeState::TriesUsedUp => Some(("tries_used_up", CodeCheck::TriesUsedUp)),
            CodeState::Used | CodeState::Replaced => Some(("no_code", CodeCheck::NoCode)),
        };
        if let Some((outcome, check)) = refused {
            self.audit(audit(outcome, purpose.name().into())).await?;
            return Ok(check);
        }
        let binding = CodeBinding {
            account_id: account.id,
            purpose,
            session: &stored.session_ref,
            target: &stored.target,
        };
        if self
            .code_key()
            .await?
            .verify(&binding, code, &stored.code_hmac)
        {
            if purpose == CodePurpose::Reset && !self.store.use_code(stored.id, now).await? {
                // Used or voided a moment ago by another request.
                self.audit(audit("no_code", purpose.name().into())).await?;
                return Ok(CodeCheck::NoCode);
            }
            if purpose == CodePurpose::Reset {
                self.audit(audit("ok", purpose.name().into())).await?;
            }
            return Ok(CodeCheck::Verified(stored));
        }
        let tried = self
            .store
            .code_wrong_try(stored.id, now, count_recovery)
            .await?;
        let (outcome, check) = match tried {
            WrongTry::TriesLeft(n) => (
                "wrong",
                CodeCheck::Wrong {
                    tries_left: u32::try_from(n).unwrap_or(0),
                },
            ),
            WrongTry::UsedUp => ("tries_used_up", CodeCheck::TriesUsedUp),
            WrongTry::NotLive => ("no_code", CodeCheck::NoCode),
        };
        self.audit(audit(outcome, format!("{}; wrong code", purpose.name())))
            .await?;
        Ok(check)
    }

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
        let user = who.username.as_str();
        if !self.sms().enabled() {
            return Ok(MobileRequest::NotOffered);
        }
        let region = self.settings.kiosk.phone_region.as_str();
        let number = match MobileNumber::parse(typed, region) {
            Ok(number) => number,
            Err(error) => {
                self.audit(self.sms_audit(user, "mobile_code", "invalid", error.to_string()))
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
            .send_code(
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
        let code = match OneTimeCode::parse(typed) {
            Ok(code) => code,
            Err(e) => return Ok(CodeCheck::Malformed(e)),
        };
        let account = self.load(who).await?;
        let user = account.username.as_str();
        let check = self
            .check_code(&account, CodePurpose::ConfirmMobile, session, &code, false)
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
        let audit = self.sms_audit(user, "mobile_confirmed", "ok", detail);
        let now = self.now();
        if !self
            .store
            .confirm_mobile(stored.id, account.id, number.e164(), now, &audit)
            .await?
        {
            self.audit(self.sms_audit(user, "verify_code", "no_code", "confirm_mobile".into()))
                .await?;
            return Ok(CodeCheck::NoCode);
        }
        if let Some(old) = old {
            let services = self.clone();
            let account = account.clone();
            spawn_notice(async move {
                services.send_mobile_notice(&account, &old, now).await;
            });
        }
        Ok(CodeCheck::Verified(number))
    }

    /// Tells the old number that the account's mobile number changed. Failures are
    /// audited, never raised.
    async fn send_mobile_notice(&self, account: &Account, old: &str, at: i64) {
        let user = account.username.as_str();
        if !self.sms().enabled() {
            return;
        }
        let lang = account_lang(account, self.settings.languages.default);
        let text = self.notice_sms(lang, account, at, "sms-notice-mobile");
        let (outcome, detail) = match self.sms().send(old, &text).await {
            Ok(()) => ("sent", "sms".to_string()),
            Err(e) => ("failed", format!("sms: {e}")),
        };
        self.log_notice(account.id, "notice_mobile", outcome, at)
            .await;
        let entry = self.sms_audit(user, "mobile_notice", outcome, detail);
        if let Err(e) = self.audit(entry).await {
            tracing::warn!(username = user, error = %e, "cannot audit the mobile notice");
        }
    }

    async fn log_notice(&self, account_id: i64, purpose: &str, outcome: &str, at: i64) {
        let entry = SmsLogEntry {
            at,
            kiosk_id: self.settings.kiosk.id.clone(),
            account_id: Some(account_id),
            purpose: purpose.to_string(),
            outcome: outcome.to_string(),
        };
        if let Err(e) = self.store.log_sms(&entry).await {
            tracing::warn!(error = %e, "cannot write the SMS log");
        }
    }

    /// A notice SMS (`key` and `key-short`) in `lang`.
    fn notice_sms(&self, lang: Lang, account: &Account, at: i64, key: &str) -> String {
        let (date, time) = (format_date(at), format_time(at));
        let support = &self.settings.support;
        let args = [
            ("school", Arg::Str(&self.settings.kiosk.school_name)),
            ("username", Arg::Str(&account.username)),
            ("date", Arg::Str(&date)),
            ("time", Arg::Str(&time)),
            ("unit", Arg::Str(&support.unit)),
            ("phone", Arg::Str(&support.phone)),
        ];
        pick_sms([
            t_args(lang, key, &args),
            t_args(lang, &format!("{key}-short"), &args),
        ])
    }

    /// Called right after a password change is committed: sends the notices in the
    /// background so that a slow gateway never holds up the kiosk, and a failing one never
    /// fails the change.
    pub(super) fn after_password_change(&self, account_id: i64) {
        let services = self.clone();
        spawn_notice(async move {
            if let Err(e) = services.send_password_notice(account_id).await {
                tracing::warn!(account_id, error = %e, "password change notice failed");
            }
        });
    }

    /// The notice after a password change: an SMS to a confirmed mobile and an email to a
    /// known address, in the account's language, with no secret in it and a "not you?"
    /// line naming the support contact. Each channel's outcome is audited; a failure is
    /// reported, never raised.
    pub async fn send_password_notice(&self, account_id: i64) -> Result<NoticeReport> {
        let Some(account) = self.store.account_by_id(account_id).await? else {
            return Ok(NoticeReport::default());
        };
        let user = account.username.as_str();
        let at = account.password_changed_at.unwrap_or_else(|| self.now());
        let lang = account_lang(&account, self.settings.languages.default);
        let mut report = NoticeReport::default();

        let mobile = account
            .mobile
            .as_deref()
            .filter(|_| account.mobile_confirmed)
            .and_then(MobileNumber::from_e164);
        if let Some(number) = mobile.filter(|_| self.sms().enabled()) {
            let text = self.notice_sms(lang, &account, at, "sms-notice-password");
            let (result, outcome, detail) = match self.sms().send(number.e164(), &text).await {
                Ok(()) => (
                    NoticeResult::Sent,
                    "sent",
                    format!("sms to {}", number.masked()),
                ),
                Err(e) => (
                    NoticeResult::Failed,
                    "failed",
                    format!("sms to {}: {e}", number.masked()),
                ),
            };
            report.sms = result;
            self.log_notice(account.id, "notice_password", outcome, at)
                .await;
            self.audit(self.sms_audit(user, "change_notice", outcome, detail))
                .await?;
        }

        let email = account
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        if let Some(to) = email.filter(|_| self.mailer().enabled()) {
            let email = self.password_email(lang, &account, to, at);
            let (result, outcome, detail) = match self.mailer().send(&email).await {
                Ok(()) => (NoticeResult::Sent, "sent", "email".to_string()),
                Err(e) => (NoticeResult::Failed, "failed", format!("email: {e}")),
            };
            report.email = result;
            self.audit(self.sms_audit(user, "change_notice", outcome, detail))
                .await?;
        }
        Ok(report)
    }

    fn password_email(&self, lang: Lang, account: &Account, to: &str, at: i64) -> Email {
        let (date, time) = (format_date(at), format_time(at));
        let support = &self.settings.support;
        let args = [
            ("name", Arg::Str(&account.display_name)),
            ("school", Arg::Str(&self.settings.kiosk.school_name)),
            ("username", Arg::Str(&account.username)),
            ("date", Arg::Str(&date)),
            ("time", Arg::Str(&time)),
            ("unit", Arg::Str(&support.unit)),
            ("phone", Arg::Str(&support.phone)),
            ("email", Arg::Str(&support.email)),
            ("hours", Arg::Str(&support.hours)),
        ];
        let text = |key: &str| t_args(lang, key, &args);
        let body = [
            text("sms-mail-greeting"),
            text("sms-mail-body"),
            text("sms-mail-not-you"),
            text("sms-mail-signature"),
        ]
        .join("\n\n");
        Email {
            to: to.to_string(),
            subject: text("sms-mail-subject"),
            body: format!("{body}\n"),
            language: lang.code().to_string(),
        }
    }
}

/// Runs a notice on the tokio runtime without waiting for it; outside a runtime (never in
/// the kiosk) the notice is dropped with a warning.
fn spawn_notice(task: impl Future<Output = ()> + Send + 'static) {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => {
            handle.spawn(task);
        }
        Err(_) => tracing::warn!("no async runtime: notice not sent"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn one_sms_is_160_gsm_septets_or_70_other_characters() {
        assert!(fits_one_sms(&"a".repeat(160)));
        assert!(!fits_one_sms(&"a".repeat(161)));
        // The euro sign is in the extension table: two septets.
        assert!(!fits_one_sms(&format!("{}€", "a".repeat(159))));
        assert!(fits_one_sms(&"ж".repeat(70)));
        assert!(!fits_one_sms(&"ж".repeat(71)));
        assert_eq!(pick_sms(["a".repeat(200), "short".into()]), "short");
        assert_eq!(pick_sms(["long".into(), "short".into()]), "long");
    }

    /// Every SMS text, with the default settings and a long but ordinary username, is one
    /// GSM-7 message in every language.
    #[test]
    fn every_sms_text_fits_one_message() {
        let s = Settings::defaults();
        let support = &s.support;
        let args = [
            ("school", Arg::Str(&s.kiosk.school_name)),
            ("code", Arg::Str("123456")),
            ("minutes", Arg::Num(10)),
            ("username", Arg::Str("anna-karin.ostlund-bergstrom")),
            ("date", Arg::Str("2026-01-01")),
            ("time", Arg::Str("13:00")),
            ("unit", Arg::Str(&support.unit)),
            ("phone", Arg::Str(&support.phone)),
        ];
        for lang in Lang::ALL {
            for key in [
                "sms-code-reset",
                "sms-code-mobile",
                "sms-code-short",
                "sms-notice-password",
                "sms-notice-password-short",
                "sms-notice-mobile",
                "sms-notice-mobile-short",
            ] {
                let text = t_args(lang, key, &args);
                assert!(crate::notify::sms::is_gsm7(&text), "{lang:?} {key}: {text}");
                assert!(
                    fits_one_sms(&text),
                    "{lang:?} {key} ({}): {text}",
                    text.chars().count()
                );
                assert!(!text.contains(key), "{lang:?} {key} is missing");
            }
        }
    }
}
