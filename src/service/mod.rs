//! Use cases shared by the TUI, the admin command line and the tests: verify a password,
//! check and change a password, and the administrator's actions. Slow CPU work (argon2,
//! zxcvbn) runs on tokio's blocking pool, never on the async worker threads.

mod admin;
mod background;
mod codes;
mod demo;
mod expiry;
mod helpdesk;
mod questions;
mod reset;
mod sms;

use std::sync::{Arc, Mutex, PoisonError};

use crate::clock::Clock;
use crate::config::Settings;
use crate::crypto::{CryptoError, PasswordHasher, Verification};
use crate::domain::account::{AccountStatus, LockReason};
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::lockout::{LockState, NameTags, Pace};
use crate::domain::policy::{self, PolicyContext};
use crate::domain::policy::{CategoryPolicy, MAX_PASSWORD_CHARS};
use crate::domain::secret::Secret;
use crate::domain::strength;
use crate::domain::username::Username;
use crate::notify::{HttpSms, LettreMailer, Mailer, SmsGateway};
use crate::random::{OsRandom, Random};
use crate::store::{Account, AuditEntry, PasswordChange, Store, StoreError};

pub use admin::{AccountSummary, ImportError, ImportReport};
pub use demo::{DEMO_ACCOUNTS, DEMO_ANSWERS, DemoAccount, DemoState};
pub use expiry::{CLAIM_TTL_SECS, ExpiryJob, ExpiryReport, KindCounts, PlannedNotice};
pub use helpdesk::{
    ActionDone, CardEvent, CodeOutcome, Denied, IdCheckError, IdentityCheck, MAX_MATCHES,
    MAX_REFERENCE_CHARS, MIN_QUERY_CHARS, PersonCard, PersonSummary, Refusal, SearchResult, SignIn,
    StaffAction, StaffChallenge, StaffSession, Staffed,
};
pub use questions::CHALLENGE_KEEP_SECS;
pub use sms::{FactorChange, NoticeReport, NoticeResult, fits_one_sms};

/// A failure of a use case.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The database cannot be reached: "temporarily unavailable, ask the office staff".
    #[error("the database is temporarily unavailable: {0}")]
    Unavailable(#[source] StoreError),
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error("no account named {0}")]
    NotFound(String),
    #[error("account {username} has unknown category {category}")]
    UnknownCategory { username: String, category: String },
    /// The category's policy leaves no room for a temporary password.
    #[error("no temporary password fits category {category}: {source}")]
    TempPassword {
        category: String,
        #[source]
        source: crate::domain::temp_password::TempPasswordError,
    },
    #[error("background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// A kiosk secret in the database that is not what this program wrote.
    #[error("setup: {0}")]
    Setup(String),
    #[error("setup: {0}")]
    SmsSetup(#[source] crate::notify::SmsError),
    #[error("setup: {0}")]
    MailSetup(#[source] crate::notify::MailError),
    #[error("setup: {0}")]
    Random(#[from] crate::random::RngError),
    #[error("setup: {0}")]
    CodeKey(#[from] crate::domain::code::KeyError),
    #[error("setup: {0}")]
    DecoyKey(#[from] crate::domain::questions::DecoyKeyError),
    /// The embedded demo roster was refused (boxed: an import error holds a service error).
    #[error("demo roster: {0}")]
    DemoRoster(#[source] Box<ImportError>),
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

// The types the flow and the UI share with the service live in the pure domain; the
// service re-exports them for its other callers (admin CLI, tests).
pub use crate::domain::auth::{
    ChangeOutcome, Method, Proof, ResetMethod, ResetProgress, VerifiedAccount, VerifyOutcome,
};
pub use crate::domain::recovery::{
    AnswerInput, AnswersOutcome, ChallengeOutcome, CodeCheck, EnrolOutcome, Enrolment,
    MobileRequest, SendOutcome,
};

/// The use cases, with their dependencies.
#[derive(Clone)]
pub struct Services {
    pub store: Store,
    pub settings: Arc<Settings>,
    hasher: Arc<PasswordHasher>,
    clock: Arc<dyn Clock>,
    sms: Arc<dyn SmsGateway>,
    mailer: Arc<dyn Mailer>,
    /// Decoy SMS codes of unknown usernames (see sms/reset.rs).
    sms_decoys: Arc<sms::SmsDecoys>,
    /// Where codes, keys and temporary passwords get their randomness.
    random: Arc<dyn Random>,
    /// Drawn once per process: binds codes to this process's flow sessions (see codes.rs).
    process_salt: Arc<str>,
    /// Change notices running in the background (see background.rs).
    background: background::Background,
    /// This kiosk's pace after wrong passwords (see `domain::lockout::Pace`).
    pace: Arc<Mutex<Pace>>,
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ServiceError::Task)
}

impl Services {
    /// The services with the gateways named in the settings.
    pub fn new(store: Store, settings: Arc<Settings>, clock: Arc<dyn Clock>) -> Result<Self> {
        let hasher = Arc::new(PasswordHasher::new(&settings.hashing)?);
        let sms: Arc<dyn SmsGateway> =
            Arc::new(HttpSms::new(&settings.sms).map_err(ServiceError::SmsSetup)?);
        let mailer: Arc<dyn Mailer> =
            Arc::new(LettreMailer::new(&settings.mail).map_err(ServiceError::MailSetup)?);
        let random: Arc<dyn Random> = Arc::new(OsRandom);
        Ok(Self {
            store,
            settings,
            hasher,
            clock,
            sms,
            mailer,
            sms_decoys: Arc::default(),
            process_salt: codes::process_salt(random.as_ref()),
            random,
            background: background::Background::default(),
            pace: Arc::default(),
        })
    }

    /// Replaces the random source (tests inject a seeded one); the process salt is drawn
    /// again from it.
    pub fn with_random(mut self, random: Arc<dyn Random>) -> Self {
        self.process_salt = codes::process_salt(random.as_ref());
        self.random = random;
        self
    }

    pub fn random(&self) -> &dyn Random {
        self.random.as_ref()
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
        // Drawn before the look-up (cheap) so a failing generator is an error, never a key.
        let mut key = [0u8; 32];
        self.random.fill(&mut key)?;
        let fresh: String = key.iter().map(|b| format!("{b:02x}")).collect();
        let hex = self.store.secret(name, move || fresh).await?;
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
        action: AuditAction,
        outcome: AuditOutcome,
    ) -> AuditEntry {
        AuditEntry {
            at: self.now(),
            kiosk_id: self.settings.kiosk.id.clone(),
            actor: actor.to_string(),
            subject: subject.map(str::to_string),
            action,
            outcome,
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
        let mut methods = Vec::new();
        for method in Method::ALL {
            // A match, not a list: a new method does not compile until it says when it is
            // offered.
            let offered = match method {
                Method::Password => true,
                // Unknown names are offered questions as often as real accounts.
                Method::Questions => self.questions_offered(username).await?,
                // Only a confirmed mobile ever gets a code (see sms/reset.rs).
                Method::Sms => self.sms_offered_to(account.as_ref(), username).await?,
            };
            if offered {
                methods.push(method);
            }
        }
        Ok(Some(methods))
    }

    /// Whether the database answers (the health check while the kiosk shows "unavailable").
    pub async fn healthy(&self) -> bool {
        self.store.ping().await
    }

    /// The key that names typed usernames in the sign-in throttle and the audit log.
    pub async fn name_tags(&self) -> Result<NameTags> {
        let key = self.shared_key(NAME_TAGS_KEY).await?;
        NameTags::new(&key)
            .ok_or_else(|| ServiceError::Setup(format!("kiosk secret {NAME_TAGS_KEY} is corrupt")))
    }

    /// How the audit log names a typed username: itself when it has an account, a keyed
    /// HMAC tag otherwise (a password typed into the username field is never stored).
    pub async fn audit_name(&self, username: &Username) -> Result<String> {
        let user = username.as_str();
        Ok(match self.store.account_by_username(user).await? {
            Some(a) => a.username,
            None => self.name_tags().await?.unknown_label(user),
        })
    }

    /// Checks a current or temporary password. Every typed name, real or not, is counted
    /// under its tag and locked alike (`domain::lockout`); while a name is locked, or its
    /// account is locked by staff or expiry, no password is judged: the right one and a
    /// wrong one get the same answer and the same argon2 work.
    pub async fn verify_password(
        &self,
        username: &Username,
        password: &Secret,
    ) -> Result<VerifyOutcome> {
        let now = self.now();
        if let Some(until) = self.pace(|p| *p).wait_until(now) {
            let secs = u64::try_from(until - now).unwrap_or(1);
            return Ok(VerifyOutcome::Wait { secs });
        }
        let user = username.as_str();
        let tags = self.name_tags().await?;
        let tag = tags.throttle_tag(user);
        let account = self
            .store
            .account_by_username(user)
            .await?
            .filter(|a| a.status == AccountStatus::Active && a.password_hash.is_some());
        let who = match &account {
            Some(a) => a.username.clone(),
            None => tags.unknown_label(user),
        };
        let throttle = self.store.signin_throttle(&tag).await?;
        let lock = throttle.state(now);
        let judged = account
            .as_ref()
            .filter(|a| lock == LockState::Open && !a.is_locked(now))
            .and_then(|a| a.password_hash.clone());
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        // The strength estimate runs for every attempt, known name or not, right password
        // or not, in the same blocking task as argon2: the answer's timing says nothing
        // more. Only a right password's score is ever used (a weak one must change).
        let ctx = match &account {
            Some(a) => self.policy_context(&a.username, &a.display_name),
            None => self.policy_context(user, ""),
        };
        let words = ctx.words().to_vec();
        let (verdict, score) = blocking(move || {
            let inputs: Vec<&str> = words.iter().map(String::as_str).collect();
            let score = strength::estimate(pw.expose(), &inputs).score;
            let verdict = match judged {
                Some(stored) => hasher.verify(&stored, &pw).map(Some),
                None => {
                    hasher.verify_dummy(&pw);
                    Ok(None)
                }
            };
            verdict.map(|v| (v, score))
        })
        .await??;
        if lock != LockState::Open {
            self.audit(self.audit_entry(
                &who,
                Some(&who),
                AuditAction::VerifyPassword,
                AuditOutcome::Locked,
            ))
            .await?;
            return Ok(locked_outcome(lock));
        }
        let Some((account, Verification::Match { needs_rehash })) = account.zip(verdict) else {
            return self.record_failure(&tag, &who, now).await;
        };
        if account.has_temp_password() && !self.store.consume_temp_use(account.id, now).await? {
            self.audit(self.audit_entry(
                &who,
                Some(&who),
                AuditAction::VerifyPassword,
                AuditOutcome::TempExpired,
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
            AuditOutcome::OkTemp
        } else {
            AuditOutcome::Ok
        };
        // A current password the category would refuse today (blocklist, personal, below
        // the minimum score) signs in, but only to be changed, as a temporary one does.
        let weak = self
            .policy_for(&account.username, &account.category)
            .is_ok_and(|policy| policy::too_weak_to_keep(policy, password.expose(), &ctx, score));
        let mut audit = self.audit_entry(&who, Some(&who), AuditAction::VerifyPassword, outcome);
        if weak {
            audit.detail = "weak: must change".into();
        }
        self.store
            .record_signin(&tag, now, |t| t.after_success(), &audit)
            .await?;
        self.pace(|p| *p = p.after_success());
        // An expired password (in its grace period) may only be changed.
        let must_change = account.must_change
            || weak
            || account.has_temp_password()
            || account.password_expires_at.is_some_and(|t| t <= now);
        // A temporary password is a reset by staff: it never opens the recovery factors.
        let signed_in = !account.has_temp_password();
        // A rehash replaced the stored hash: the capability names the new one.
        let mark = password_mark(rehash.as_deref().or(account.password_hash.as_deref()));
        Ok(VerifyOutcome::Verified(
            verified(&account, must_change, signed_in).with_mark(mark),
        ))
    }

    /// Counts a wrong password (or any password for a locked account or an unknown name)
    /// under the name's tag; the failure that locks says so at once, for every name alike.
    async fn record_failure(&self, tag: &str, who: &str, now: i64) -> Result<VerifyOutcome> {
        let pace_rules = self.settings.lockout.pace();
        let pace = self.pace(|p| {
            *p = p.after_failure(now, &pace_rules);
            *p
        });
        if let Some(until) = pace.wait_until(now) {
            let mut e = self.audit_entry(
                &self.settings.kiosk.id,
                None,
                AuditAction::KioskSlowdown,
                AuditOutcome::Wait,
            );
            e.detail = format!("failures={} wait={}s", pace.failures, until - now);
            self.audit(e).await?;
        }
        let rules = self.settings.lockout.rules();
        let audit = self.audit_entry(
            who,
            Some(who),
            AuditAction::VerifyPassword,
            AuditOutcome::Invalid,
        );
        let after = self
            .store
            .record_signin(tag, now, |t| t.after_failure(now, &rules), &audit)
            .await?;
        let lock = after.state(now);
        if lock == LockState::Open {
            return Ok(VerifyOutcome::Invalid);
        }
        let mut e = self.audit_entry(who, Some(who), AuditAction::Lock, AuditOutcome::Locked);
        e.detail = match lock {
            LockState::UntilStaff => format!("lock {} until staff unlock", after.lock_count),
            _ => format!("lock {} after failed sign-ins", after.lock_count),
        };
        self.audit(e).await?;
        Ok(locked_outcome(lock))
    }

    /// Reads or moves this kiosk's pace.
    fn pace<T>(&self, f: impl FnOnce(&mut Pace) -> T) -> T {
        f(&mut self.pace.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Why and until when an account cannot sign in: a staff or expiry lock on the
    /// account first, else a failure lock of its name. `None` = not locked.
    pub async fn sign_in_lock(
        &self,
        account: &Account,
        now: i64,
    ) -> Result<Option<(LockReason, Option<i64>)>> {
        if account.is_locked(now)
            && let Some(reason) = account.lock_reason
        {
            return Ok(Some((reason, account.locked_until)));
        }
        let tag = self.name_tags().await?.throttle_tag(&account.username);
        Ok(match self.store.signin_throttle(&tag).await?.state(now) {
            LockState::Open => None,
            LockState::Until(t) => Some((LockReason::Failures, Some(t))),
            LockState::UntilStaff => Some((LockReason::Failures, None)),
        })
    }

    /// Records that input came at machine speed and this kiosk cooled down.
    pub async fn record_machine_input(&self) -> Result<()> {
        let kiosk = self.settings.kiosk.id.clone();
        let mut e = self.audit_entry(
            &kiosk,
            None,
            AuditAction::MachineInput,
            AuditOutcome::Cooldown,
        );
        let k = &self.settings.kiosk;
        e.detail = format!(
            "{} submissions faster than {} ms a key; waits {} s",
            k.machine_submissions, k.machine_key_ms, k.machine_cooldown_secs
        );
        self.audit(e).await
    }

    /// Lifts a username's sign-in lock and forgets its failures (staff or admin unlock).
    pub async fn lift_signin_lock(&self, username: &str) -> Result<()> {
        let tag = self.name_tags().await?.throttle_tag(username);
        self.store.clear_signin_throttle(&tag).await?;
        Ok(())
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
            .account_by_id(who.id())
            .await?
            .ok_or_else(|| ServiceError::NotFound(who.username().to_string()))
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
        // Verified against a password that is no longer current (another kiosk changed it,
        // staff set a temporary one): this capability, a ticket say, is void.
        if password_mark(account.password_hash.as_deref()) != who.password_mark() {
            self.audit(self.audit_entry(
                &user,
                Some(&user),
                AuditAction::ChangePassword,
                AuditOutcome::Stale,
            ))
            .await?;
            return Ok(ChangeOutcome::Conflict);
        }
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
            let mut e = self.audit_entry(
                &user,
                Some(&user),
                AuditAction::ChangePassword,
                AuditOutcome::Rejected,
            );
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
        let new_mark = password_mark(Some(&new_hash));
        let now = self.now();
        let expires_at =
            (policy.max_age_days > 0).then(|| now + i64::from(policy.max_age_days) * 86_400);
        let mut audit = self.audit_entry(
            &user,
            Some(&user),
            AuditAction::ChangePassword,
            AuditOutcome::Ok,
        );
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
            let account = VerifiedAccount::new(
                account.id,
                account.username,
                account.display_name,
                account.category,
                false,
                expires_at,
                // A new password chosen after a reset is still the reset's session.
                who.signed_in(),
            )
            .with_mark(new_mark);
            Ok(ChangeOutcome::Changed {
                score,
                expires_at,
                account,
            })
        } else {
            self.audit(self.audit_entry(
                &user,
                Some(&user),
                AuditAction::ChangePassword,
                AuditOutcome::Conflict,
            ))
            .await?;
            Ok(ChangeOutcome::Conflict)
        }
    }
}

/// The capability for an account that has proved who it is; made here and nowhere else.
/// `signed_in`: with the account's own current password, not through a reset.
pub(crate) fn verified(account: &Account, must_change: bool, signed_in: bool) -> VerifiedAccount {
    VerifiedAccount::new(
        account.id,
        account.username.clone(),
        account.display_name.clone(),
        account.category.clone(),
        must_change,
        account.password_expires_at,
        signed_in,
    )
    .with_mark(password_mark(account.password_hash.as_deref()))
}

/// A fingerprint of a stored password hash (salted, so unique per password set), carried
/// by [`VerifiedAccount`] so that a change voids every capability of the old password.
/// Not a secret: it cannot be turned back into the hash, let alone the password.
pub(crate) fn password_mark(hash: Option<&str>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    hash.hash(&mut h);
    h.finish()
}

/// An account that proved itself through a reset (questions, SMS, a staff ticket): it may
/// only choose a new password, and never change its recovery factors in this session.
pub(crate) fn reset_verified(account: &Account) -> VerifiedAccount {
    verified(account, true, false)
}

/// The `shared_key` name of the key behind [`NameTags`].
const NAME_TAGS_KEY: &str = "name_tags";

fn locked_outcome(lock: LockState) -> VerifyOutcome {
    VerifyOutcome::Locked {
        until: match lock {
            LockState::Until(t) => Some(t),
            LockState::Open | LockState::UntilStaff => None,
        },
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
