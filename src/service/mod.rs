//! Use cases shared by the TUI, the admin command line and the tests: verify a password,
//! check and change a password, and the administrator's actions. Slow CPU work (argon2,
//! zxcvbn) runs on tokio's blocking pool, never on the async worker threads.

mod admin;
mod demo;
mod expiry;
mod helpdesk;
mod questions;
mod reset;
mod sms;

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::{CategoryPolicy, MAX_PASSWORD_CHARS, Settings};
use crate::crypto::{CryptoError, PasswordHasher, Verification};
use crate::domain::policy::{self, PolicyContext, RuleCheck};
use crate::domain::secret::Secret;
use crate::domain::strength;
use crate::domain::username::Username;
use crate::notify::{HttpSms, LettreMailer, Mailer, SmsGateway};
use crate::store::{Account, AuditEntry, PasswordChange, Store, StoreError};

pub use admin::{AccountSummary, ImportError, ImportReport};
pub use demo::{DEMO_ACCOUNTS, DEMO_ANSWERS, DemoAccount, DemoState};
pub use expiry::{CLAIM_TTL_SECS, ExpiryJob, ExpiryReport, KindCounts, PlannedNotice};
pub use helpdesk::{
    ActionDone, CardEvent, CodeOutcome, Denied, IdCheckError, IdentityCheck, LockReason,
    MAX_MATCHES, MAX_REFERENCE_CHARS, MIN_QUERY_CHARS, PersonCard, PersonSummary, Refusal,
    SearchResult, SignIn, StaffAction, StaffChallenge, StaffSession, Staffed,
};
pub use questions::{
    AnswerInput, AnswersOutcome, CHALLENGE_KEEP_SECS, ChallengeOutcome, EnrolOutcome, Enrolment,
};
pub use reset::ResetProgress;
pub use sms::{CodeCheck, MobileRequest, NoticeReport, NoticeResult, SendOutcome, fits_one_sms};

/// A failure of a use case.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The database cannot be reached: "temporarily unavailable, ask the office staff".
    #[error("the database is temporarily unavailable: {0}")]
    Unavailable(StoreError),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error("no account named {0}")]
    NotFound(String),
    #[error("account {username} has unknown category {category}")]
    UnknownCategory { username: String, category: String },
    #[error("background task failed: {0}")]
    Task(String),
    #[error("setup: {0}")]
    Setup(String),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        if e.is_unavailable() {
            ServiceError::Unavailable(e)
        } else {
            ServiceError::Store(e)
        }
    }
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// How someone can prove who they are at the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// The current password, or a temporary one from the office staff.
    Password,
    /// Answers to some of their own security questions.
    Questions,
    /// A one-time code sent by SMS to their confirmed mobile number.
    Sms,
}

impl Method {
    /// The name used in config (`verification.require`) and the audit log.
    pub fn name(self) -> &'static str {
        match self {
            Method::Password => "password",
            Method::Questions => "questions",
            Method::Sms => "sms",
        }
    }
}

/// The methods a reset can require (`verification.require`): every [`Method`] but the
/// current password, which whoever resets no longer has. Closed, so a misspelt name in
/// config is an error rather than a silently dropped requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResetMethod {
    Questions,
    Sms,
}

impl From<ResetMethod> for Method {
    fn from(m: ResetMethod) -> Self {
        match m {
            ResetMethod::Questions => Method::Questions,
            ResetMethod::Sms => Method::Sms,
        }
    }
}

/// Evidence that one reset method succeeded for an account. Only the service makes one
/// (the fields are private), so a reset cannot be completed without passing the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    account_id: i64,
    method: Method,
}

impl Proof {
    pub(crate) fn new(account_id: i64, method: Method) -> Self {
        Self { account_id, method }
    }

    pub fn account_id(&self) -> i64 {
        self.account_id
    }

    pub fn method(&self) -> Method {
        self.method
    }
}

/// An account that has proved who it is. Only `verify_password` makes one, so a password
/// change cannot be reached without verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedAccount {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub category: String,
    /// Verified with a temporary password, or flagged: only a change is allowed.
    pub must_change: bool,
    pub expires_at: Option<i64>,
}

/// The outcome of a password check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyOutcome {
    Verified(VerifiedAccount),
    /// Wrong password or unknown username: the two are indistinguishable.
    Invalid,
    /// Locked until the time given, or until staff unlock it (`None`).
    Locked {
        until: Option<i64>,
    },
    /// A correct temporary password that has run out of uses or days.
    TempExpired,
}

/// The outcome of a password change.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeOutcome {
    Changed {
        score: u8,
        expires_at: Option<i64>,
    },
    /// The candidate breaks rules; the checks say which.
    Rejected(Vec<RuleCheck>),
    /// Another kiosk changed the account at the same time: try again.
    Conflict,
}

/// The use cases, with their dependencies.
#[derive(Clone)]
pub struct Services {
    pub store: Store,
    pub settings: Arc<Settings>,
    hasher: Arc<PasswordHasher>,
    clock: Arc<dyn Clock>,
    sms: Arc<dyn SmsGateway>,
    mailer: Arc<dyn Mailer>,
    /// Decoy SMS codes of unknown usernames (see sms.rs).
    sms_decoys: Arc<sms::SmsDecoys>,
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ServiceError::Task(e.to_string()))
}

impl Services {
    /// The services with the gateways named in the settings.
    pub fn new(store: Store, settings: Arc<Settings>, clock: Arc<dyn Clock>) -> Result<Self> {
        let hasher = Arc::new(PasswordHasher::new(&settings.hashing)?);
        let sms: Arc<dyn SmsGateway> =
            Arc::new(HttpSms::new(&settings.sms).map_err(|e| ServiceError::Setup(e.to_string()))?);
        let mailer: Arc<dyn Mailer> = Arc::new(
            LettreMailer::new(&settings.mail).map_err(|e| ServiceError::Setup(e.to_string()))?,
        );
        Ok(Self {
            store,
            settings,
            hasher,
            clock,
            sms,
            mailer,
            sms_decoys: Arc::default(),
        })
    }

    /// Replaces the SMS gateway and the mailer (tests inject failing or recording ones).
    pub fn with_gateways(mut self, sms: Arc<dyn SmsGateway>, mailer: Arc<dyn Mailer>) -> Self {
        self.sms = sms;
        self.mailer = mailer;
        self
    }

    pub fn sms(&self) -> &dyn SmsGateway {
        self.sms.as_ref()
    }

    pub fn mailer(&self) -> &dyn Mailer {
        self.mailer.as_ref()
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// A 256-bit key shared by all kiosks on this database, made on first use.
    pub async fn shared_key(&self, name: &str) -> Result<Vec<u8>> {
        let hex = self
            .store
            .secret(name, || {
                let mut key = [0u8; 32];
                rand::fill(&mut key);
                key.iter().map(|b| format!("{b:02x}")).collect()
            })
            .await?;
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16))
            .collect::<std::result::Result<Vec<u8>, _>>()
            .map_err(|_| ServiceError::Setup(format!("kiosk secret {name} is corrupt")))
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn hasher(&self) -> &PasswordHasher {
        &self.hasher
    }

    fn audit_entry(
        &self,
        actor: &str,
        subject: Option<&str>,
        action: &str,
        outcome: &str,
    ) -> AuditEntry {
        AuditEntry {
            at: self.now(),
            kiosk_id: self.settings.kiosk.id.clone(),
            actor: actor.to_string(),
            subject: subject.map(str::to_string),
            action: action.to_string(),
            outcome: outcome.to_string(),
            detail: String::new(),
        }
    }

    async fn audit(&self, entry: AuditEntry) -> Result<()> {
        self.store.audit(&entry).await?;
        Ok(())
    }

    /// The policy of an account's category.
    pub fn policy_for(&self, username: &str, category: &str) -> Result<&CategoryPolicy> {
        self.settings
            .policy(category)
            .ok_or_else(|| ServiceError::UnknownCategory {
                username: username.to_string(),
                category: category.to_string(),
            })
    }

    /// The words a password of this account must not contain.
    pub fn policy_context(&self, username: &str, display_name: &str) -> PolicyContext {
        PolicyContext::new(username, display_name, &self.settings.kiosk.school_name)
    }

    /// The verification methods offered for a username. An unknown username gets the same
    /// list as a real one (no account enumeration) unless `reveal_unknown_username`;
    /// `None` means "reveal: no such user".
    pub async fn methods_for(&self, username: &Username) -> Result<Option<Vec<Method>>> {
        let account = self.store.account_by_username(username.as_str()).await?;
        if account.is_none() && self.settings.kiosk.reveal_unknown_username {
            return Ok(None);
        }
        let mut methods = vec![Method::Password];
        // Unknown names are offered questions as often as real accounts (see questions.rs).
        if self.questions_offered(username).await? {
            methods.push(Method::Questions);
        }
        // Only a confirmed mobile ever gets a code (see sms.rs).
        if self.sms_offered_to(account.as_ref()).await? {
            methods.push(Method::Sms);
        }
        Ok(Some(methods))
    }

    /// Checks a current or temporary password. Failures count toward the lockout.
    pub async fn verify_password(
        &self,
        username: &Username,
        password: &Secret,
    ) -> Result<VerifyOutcome> {
        let now = self.now();
        let user = username.as_str();
        let account = self.store.account_by_username(user).await?;
        let Some(account) = account.filter(|a| a.status == "active" && a.password_hash.is_some())
        else {
            // Same work as a real check, so timing does not tell who exists.
            let (hasher, pw) = (self.hasher.clone(), password.clone());
            blocking(move || hasher.verify_dummy(&pw)).await?;
            self.audit(self.audit_entry(user, Some(user), "verify_password", "invalid"))
                .await?;
            return Ok(VerifyOutcome::Invalid);
        };
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        let stored = account.password_hash.clone().unwrap_or_default();
        let verdict = blocking(move || hasher.verify(&stored, &pw)).await??;
        if account.is_locked(now) {
            // Only whoever knows the password learns of the lock: a wrong guess gets the
            // answer an unknown username gets, after the same hashing work.
            let outcome = if verdict == Verification::Mismatch {
                "invalid_locked"
            } else {
                "locked"
            };
            self.audit(self.audit_entry(user, Some(user), "verify_password", outcome))
                .await?;
            return Ok(match verdict {
                Verification::Mismatch => VerifyOutcome::Invalid,
                Verification::Match { .. } => VerifyOutcome::Locked {
                    until: account.locked_until,
                },
            });
        }
        match verdict {
            Verification::Mismatch => self.record_failure(&account, now).await,
            Verification::Match { needs_rehash } => {
                if account.has_temp_password()
                    && !self.store.consume_temp_use(account.id, now).await?
                {
                    self.audit(self.audit_entry(
                        user,
                        Some(user),
                        "verify_password",
                        "temp_expired",
                    ))
                    .await?;
                    return Ok(VerifyOutcome::TempExpired);
                }
                let rehash = if needs_rehash {
                    let (hasher, pw) = (self.hasher.clone(), password.clone());
                    Some(blocking(move || hasher.hash(&pw)).await??)
                } else {
                    None
                };
                self.store
                    .record_login_success(account.id, now, rehash.as_deref())
                    .await?;
                let outcome = if account.has_temp_password() {
                    "ok_temp"
                } else {
                    "ok"
                };
                self.audit(self.audit_entry(user, Some(user), "verify_password", outcome))
                    .await?;
                Ok(VerifyOutcome::Verified(VerifiedAccount {
                    id: account.id,
                    username: account.username.clone(),
                    display_name: account.display_name.clone(),
                    category: account.category.clone(),
                    // An expired password (in its grace period) may only be changed.
                    must_change: account.must_change
                        || account.has_temp_password()
                        || account.password_expires_at.is_some_and(|t| t <= now),
                    expires_at: account.password_expires_at,
                }))
            }
        }
    }

    async fn record_failure(&self, account: &Account, now: i64) -> Result<VerifyOutcome> {
        let lockout = &self.settings.lockout;
        let until = (lockout.lock_minutes > 0).then(|| now + i64::from(lockout.lock_minutes) * 60);
        let after = self
            .store
            .record_login_failure(account.id, now, i64::from(lockout.max_failures), until)
            .await?;
        let user = account.username.as_str();
        self.audit(self.audit_entry(user, Some(user), "verify_password", "invalid"))
            .await?;
        if let Some(locked) = after.filter(|a| a.is_locked(now)) {
            let mut e = self.audit_entry(user, Some(user), "lock", "locked");
            e.detail = format!("after {} failed sign-ins", locked.failed_logins);
            self.audit(e).await?;
        }
        // The failure that locks the account answers like any wrong password: the lock is
        // told only to whoever then types the right one.
        Ok(VerifyOutcome::Invalid)
    }

    /// The hashes a new password must not match: the last `depth` passwords, the current
    /// one (which may be temporary) included.
    async fn history_hashes(&self, account: &Account, depth: u32) -> Result<Vec<String>> {
        if depth == 0 {
            return Ok(Vec::new());
        }
        let mut hashes = self.store.history(account.id, i64::from(depth)).await?;
        if let Some(current) = &account.password_hash
            && !hashes.contains(current)
        {
            // A temporary password is current but not in the history.
            hashes.insert(0, current.clone());
            hashes.truncate(depth as usize);
        }
        Ok(hashes)
    }

    /// Whether `password` is one of the account's recent passwords (the live checklist
    /// asks this off the UI thread; `change_password` asks again).
    pub async fn is_reused(&self, who: &VerifiedAccount, password: &Secret) -> Result<bool> {
        let account = self.load(who).await?;
        let policy = self.policy_for(&account.username, &account.category)?;
        let hashes = self.history_hashes(&account, policy.history_depth).await?;
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        Ok(blocking(move || hasher.matches_any(&pw, &hashes)).await??)
    }

    async fn load(&self, who: &VerifiedAccount) -> Result<Account> {
        self.store
            .account_by_id(who.id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(who.username.clone()))
    }

    /// Checks `password` against every rule of the account's policy (strength and history
    /// included) and, when all pass, stores it: hash, history row and audit row in one
    /// transaction. Exactly one of two simultaneous changes wins; the other gets `Conflict`.
    pub async fn change_password(
        &self,
        who: &VerifiedAccount,
        password: &Secret,
    ) -> Result<ChangeOutcome> {
        let account = self.load(who).await?;
        let user = account.username.clone();
        let policy = self.policy_for(&user, &account.category)?.clone();
        let ctx = self.policy_context(&user, &account.display_name);
        let (checks, score) = if password.chars() > MAX_PASSWORD_CHARS.min(policy.max_length) {
            // Refused before any hashing: a huge paste must not cost argon2 time.
            let checks = policy::evaluate(&policy, password.expose(), &ctx, Some(0), Some(false));
            (checks, 0)
        } else {
            let score = strength_score(password, &ctx).await?;
            let hashes = self.history_hashes(&account, policy.history_depth).await?;
            let (hasher, pw) = (self.hasher.clone(), password.clone());
            let reused = blocking(move || hasher.matches_any(&pw, &hashes)).await??;
            let checks =
                policy::evaluate(&policy, password.expose(), &ctx, Some(score), Some(reused));
            (checks, score)
        };
        if !policy::all_pass(&checks) {
            let mut e = self.audit_entry(&user, Some(&user), "change_password", "rejected");
            e.detail = checks
                .iter()
                .filter(|c| !c.passed())
                .map(|c| c.rule.key())
                .collect::<Vec<_>>()
                .join(",");
            self.audit(e).await?;
            return Ok(ChangeOutcome::Rejected(checks));
        }
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        let new_hash = blocking(move || hasher.hash(&pw)).await??;
        let now = self.now();
        let expires_at =
            (policy.max_age_days > 0).then(|| now + i64::from(policy.max_age_days) * 86_400);
        let mut audit = self.audit_entry(&user, Some(&user), "change_password", "ok");
        audit.detail = format!("score={score}");
        let change = PasswordChange {
            account_id: account.id,
            expected_version: account.version,
            new_hash,
            now,
            expires_at,
            history_keep: i64::from(policy.history_depth.max(1)),
            audit,
        };
        if self.store.change_password(&change).await? {
            // Notices by SMS and email, in the background: they never fail the change.
            self.after_password_change(account.id);
            Ok(ChangeOutcome::Changed { score, expires_at })
        } else {
            self.audit(self.audit_entry(&user, Some(&user), "change_password", "conflict"))
                .await?;
            Ok(ChangeOutcome::Conflict)
        }
    }
}

async fn strength_score(password: &Secret, ctx: &PolicyContext) -> Result<u8> {
    let pw = password.clone();
    let words = ctx.words().to_vec();
    blocking(move || {
        let inputs: Vec<&str> = words.iter().map(String::as_str).collect();
        strength::estimate(pw.expose(), &inputs).score
    })
    .await
}
