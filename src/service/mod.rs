//! Use cases shared by the TUI, the admin command line and the tests: verify a password,
//! check and change a password, and the administrator's actions. Slow CPU work (argon2,
//! zxcvbn) runs on tokio's blocking pool, never on the async worker threads.

mod admin;
mod background;
mod change;
mod codes;
mod demo;
mod directory_sync;
mod expiry;
mod helpdesk;
mod questions;
mod reset;
mod sign_in;
mod sms;
mod targets;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::clock::Clock;
use crate::config::Settings;
use crate::crypto::{CryptoError, PasswordHasher, Verification};
use crate::directory::{Directory, DirectoryError};
use crate::domain::account::{AccountStatus, LockReason};
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::code::CodeKey;
use crate::domain::directory::DirectoryUser;
use crate::domain::keys::{KeyRing, Purpose};
use crate::domain::lockout::{LockState, NameTags, Pace};
use crate::domain::names::UsernamePattern;
use crate::domain::policy::{self, PolicyContext};
use crate::domain::policy::{CategoryPolicy, MAX_PASSWORD_CHARS};
use crate::domain::questions::DecoyKey;
use crate::domain::secret::Secret;
use crate::domain::strength;
use crate::domain::username::Username;
use crate::notify::{HttpSms, LettreMailer, Mailer, SmsGateway};
use crate::random::{OsRandom, Random};
use crate::store::{Account, AuditEntry, PasswordChange, Store, StoreError};

pub use admin::{
    AccountSummary, BadRow, ChangedName, ImportError, ImportPlan, ImportReport, SlipsFor,
};
pub use demo::{DEMO_ACCOUNTS, DEMO_ANSWERS, DemoAccount, DemoState};
pub use directory_sync::SyncReport;
pub use expiry::{CLAIM_TTL_SECS, ExpiryJob, ExpiryReport, KindCounts, PlannedNotice};
pub use helpdesk::{
    ActionDone, CardEvent, CodeOutcome, Denied, IdCheckError, IdentityCheck, MAX_MATCHES,
    MAX_REFERENCE_CHARS, MIN_QUERY_CHARS, PersonCard, PersonSummary, Refusal, SearchResult, SignIn,
    StaffAction, StaffChallenge, StaffSession, Staffed,
};
pub use questions::CHALLENGE_KEEP_SECS;
pub use sms::{FactorChange, NoticeReport, NoticeResult, fits_one_sms};
pub use targets::{RetryReport, targets_after};

/// A failure of a use case.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The database cannot be reached: "temporarily unavailable, ask the office staff".
    #[error("the database is temporarily unavailable: {0}")]
    Unavailable(#[source] StoreError),
    #[error(transparent)]
    Store(StoreError),
    /// The school's directory cannot be reached: the same banner as the database.
    #[error("the directory is temporarily unavailable: {0}")]
    DirectoryUnavailable(#[source] DirectoryError),
    #[error(transparent)]
    Directory(DirectoryError),
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
    /// A key that cannot be used.
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
    /// The key file is missing and cannot be made, unreadable, malformed or unsafe.
    #[error(transparent)]
    Keys(#[from] crate::keyfile::KeyFileError),
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

impl From<DirectoryError> for ServiceError {
    fn from(e: DirectoryError) -> Self {
        match e {
            DirectoryError::Unavailable(_) => ServiceError::DirectoryUnavailable(e),
            DirectoryError::Setup(_) | DirectoryError::Failed { .. } => ServiceError::Directory(e),
        }
    }
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

// The types the flow and the UI share with the service live in the pure domain; the
// service re-exports them for its other callers (admin CLI, tests).
pub use crate::domain::auth::{
    ChangeOutcome, Leaving, Method, Proof, ResetMethod, ResetProgress, VerifiedAccount,
    VerifyOutcome,
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
    /// The school's directory (`None`: `kind = "none"`, passwords live here only).
    directory: Option<Arc<dyn Directory>>,
    /// Audit rows of directory changes the database could not take at the time: written
    /// before the next row, or by the health check, once it answers again.
    deferred_audit: Arc<Mutex<Vec<AuditEntry>>>,
    /// Decoy SMS codes of unknown usernames (see sms/reset.rs).
    sms_decoys: Arc<sms::SmsDecoys>,
    /// Where codes, keys and temporary passwords get their randomness.
    random: Arc<dyn Random>,
    /// Drawn once per process: binds codes to this process's flow sessions (see codes.rs).
    process_salt: Arc<str>,
    /// Change notices running in the background (see background.rs).
    background: background::Background,
    /// The change each account was last sent a notice for (account id → the new hash, one
    /// per change: its salt is new): a save retried after an outage, or sent again while
    /// the first was still in flight, reports Changed but never sends a second notice.
    notified: Arc<Mutex<HashMap<i64, String>>>,
    /// This kiosk's pace after wrong passwords (see `domain::lockout::Pace`).
    pace: Arc<Mutex<Pace>>,
    /// The keys derived from the key file (never from the database).
    keys: Arc<DerivedKeys>,
    /// `names.username_pattern`, compiled once.
    usernames: Arc<UsernamePattern>,
    /// Cloud accounts written after the authority (see targets.rs).
    targets: Vec<Arc<dyn crate::directory::targets::PushTarget>>,
    /// When the kiosk last ran the push retry queue itself (epoch seconds).
    last_retry: Arc<Mutex<i64>>,
}

/// The HMAC keys of the services, each derived from the key file for its purpose.
struct DerivedKeys {
    codes: CodeKey,
    decoys: DecoyKey,
    name_tags: NameTags,
    /// Every key of the file, to verify the audit chain (the store signs with its own).
    audit: crate::domain::chain::AuditKeys,
    /// Seals the crypt hashes of the push retry queue.
    queue: crate::directory::targets::QueueSeal,
}

impl DerivedKeys {
    fn new(ring: &KeyRing) -> Result<Self> {
        let name_tags = NameTags::new(ring.derive(Purpose::NameTags).as_ref())
            .ok_or_else(|| ServiceError::Setup("the name tag key is too short".into()))?;
        Ok(Self {
            codes: CodeKey::new(ring.derive(Purpose::Codes).as_ref())?,
            decoys: DecoyKey::new(ring.derive(Purpose::Decoys).as_ref())?,
            name_tags,
            audit: ring.audit_keys(),
            queue: crate::directory::targets::QueueSeal::new(&ring.derive(Purpose::TargetQueue))
                .ok_or_else(|| ServiceError::Setup("the retry queue key is unusable".into()))?,
        })
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ServiceError::Task)
}

impl Services {
    /// The services with the gateways named in the settings, and the keys of the key file
    /// (`keys.file`, created when missing; refused when unreadable, malformed or readable
    /// by others). The store signs its audit rows with the file's audit key from here on.
    pub fn new(store: Store, settings: Arc<Settings>, clock: Arc<dyn Clock>) -> Result<Self> {
        let ring = crate::keyfile::load_or_create(&settings.keys.file)?;
        let keys = Arc::new(DerivedKeys::new(&ring)?);
        let store = store.with_audit_keys(ring.audit_keys());
        let hasher = Arc::new(
            PasswordHasher::new(&settings.hashing)?
                .with_peppers(ring.peppers(), settings.keys.pepper)?,
        );
        drop(ring);
        let sms: Arc<dyn SmsGateway> =
            Arc::new(HttpSms::new(&settings.sms).map_err(ServiceError::SmsSetup)?);
        let mailer: Arc<dyn Mailer> =
            Arc::new(LettreMailer::new(&settings.mail).map_err(ServiceError::MailSetup)?);
        let random: Arc<dyn Random> = Arc::new(OsRandom);
        let usernames = Arc::new(
            settings
                .names
                .pattern()
                .map_err(|e| ServiceError::Setup(format!("names.username_pattern: {e}")))?,
        );
        let directory = crate::directory::from_settings(&settings.directory)?;
        let targets = crate::directory::targets::from_settings(&settings.targets)
            .map_err(|e| ServiceError::Setup(e.to_string()))?;
        Ok(Self {
            store,
            settings,
            hasher,
            clock,
            sms,
            mailer,
            directory,
            deferred_audit: Arc::default(),
            sms_decoys: Arc::default(),
            process_salt: codes::process_salt(random.as_ref()),
            random,
            background: background::Background::default(),
            notified: Arc::default(),
            pace: Arc::default(),
            keys,
            usernames,
            targets,
            last_retry: Arc::default(),
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

    /// Replaces the directory (tests point it at their own server).
    pub fn with_directory(mut self, directory: Option<Arc<dyn Directory>>) -> Self {
        self.directory = directory;
        self
    }

    /// The person's directory entry, when a directory is configured.
    pub async fn directory_user(&self, username: &str) -> Result<Option<DirectoryUser>> {
        match &self.directory {
            Some(d) => Ok(d.lookup(username).await?),
            None => Ok(None),
        }
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
        self.flush_deferred_audit().await;
        self.store.audit(&entry).await?;
        Ok(())
    }

    /// Keeps an audit row for later (see `deferred_audit`).
    pub(crate) fn defer_audit(&self, entry: AuditEntry) {
        self.deferred_audit
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(entry);
    }

    /// Writes the deferred audit rows, oldest first, as far as the database takes them.
    pub async fn flush_deferred_audit(&self) {
        let pending: Vec<AuditEntry> = std::mem::take(
            &mut *self
                .deferred_audit
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        for (i, entry) in pending.iter().enumerate() {
            if let Err(e) = self.store.audit(entry).await {
                tracing::warn!(error = %e, "deferred audit rows still wait");
                let mut left = self
                    .deferred_audit
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                let newer = std::mem::take(&mut *left);
                left.extend(pending.into_iter().skip(i));
                left.extend(newer);
                return;
            }
        }
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

    /// The account behind a name typed at the kiosk. A name the username pattern refuses
    /// is looked up all the same (the same work and timing as any name) and then treated
    /// as unknown: no account exists under it for the kiosk, whatever an older import left.
    pub(crate) async fn account_typed(&self, username: &str) -> Result<Option<Account>> {
        let account = self.store.account_by_username(username).await?;
        Ok(account.filter(|_| self.usernames.matches(username)))
    }

    /// The verification methods offered for a username. An unknown username gets the same
    /// list as a real one (no account enumeration) unless `reveal_unknown_username`;
    /// `None` means "reveal: no such user".
    pub async fn methods_for(&self, username: &Username) -> Result<Option<Vec<Method>>> {
        // The account and whether it enrolled questions, in one read (as `account_typed`).
        let found = self
            .store
            .account_enrolled(username.as_str())
            .await?
            .filter(|_| self.usernames.matches(username.as_str()));
        let (account, enrolled) = match found {
            Some((a, enrolled)) => (Some(a), Some(enrolled)),
            // A name the directory knows and the database does not yet.
            None if self.directory.is_some() => (self.account_or_directory(username).await?, None),
            None => (None, None),
        };
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
                Method::Questions => {
                    self.questions_offered_to(username, account.clone(), enrolled)
                        .await?
                }
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
        if !self.store.ping().await {
            return false;
        }
        self.flush_deferred_audit().await;
        self.retry_pushes_now_and_then();
        match &self.directory {
            Some(d) => d.health().await.is_ok(),
            None => true,
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
