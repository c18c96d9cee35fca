//! Office staff mode (helpdesk): a staff member signs in (password, then a code by SMS when
//! their account has a confirmed mobile), looks a person up by username or name, reads the
//! person's card (never a secret), records the identity check they made, and acts: a reset
//! ticket (the person types their own new password), a temporary password, unlock, clearing
//! the security questions or the mobile number, telling the person their username.
//!
//! Every call re-reads the staff account, so a role revoked or an account locked in the
//! middle of a session ends that session at its next step. Staff cannot act on themselves,
//! on other helpdesk accounts, or on `helpdesk.protected_categories`; a refusal is audited
//! like an action. Every action's audit row names the staff member (actor), the person
//! (subject), the identity check (detail) and this kiosk.

use std::fmt;

use crate::config::HelpdeskSettings;
use crate::domain::code::{CodeBinding, CodeKey, CodePurpose, OneTimeCode, SessionRef};
use crate::domain::phone::MobileNumber;
use crate::domain::policy;
use crate::domain::secret::Secret;
use crate::domain::strength;
use crate::domain::text::{fold, sanitize};
use crate::domain::username::Username;
use crate::i18n::{Arg, Lang, t_args};
use crate::store::{Account, AuditEntry, CodeState, NewCode, SmsLogEntry, TempPassword, WrongTry};

use super::{Result, ServiceError, Services, VerifiedAccount, VerifyOutcome, blocking};

/// The most people a look-up shows.
pub const MAX_MATCHES: usize = 20;
/// Audit events shown on a person's card.
pub const CARD_EVENTS: usize = 6;
/// Longest identity-check reference kept (the last digits of a document, not the whole).
pub const MAX_REFERENCE_CHARS: usize = 40;
/// Words of a look-up that count; the rest are ignored.
const MAX_QUERY_WORDS: usize = 5;
/// Shortest look-up (folded characters, spaces excluded): one letter would list everyone.
pub const MIN_QUERY_CHARS: usize = 2;
/// `one_time_codes.purpose` of a staff sign-in code: the SMS feature's queries and quotas
/// look at `reset` and `confirm_mobile` only, so these never mix with them.
const SIGN_IN_PURPOSE: &str = "staff_sign_in";
/// The shared HMAC key of one-time codes (the same key the SMS feature uses).
const CODE_KEY_NAME: &str = "one_time_codes";

/// A staff member who signed in. Only [`Services::staff_sign_in`] and
/// [`Services::staff_confirm_code`] make one; every staff call checks it again.
#[derive(Clone, PartialEq, Eq)]
pub struct StaffSession {
    account_id: i64,
    username: String,
    display_name: String,
}

impl StaffSession {
    pub fn account_id(&self) -> i64 {
        self.account_id
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn display_name(&self) -> &str {
        &self.display_name
    }
}

impl fmt::Debug for StaffSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StaffSession({})", self.username)
    }
}

/// A sign-in waiting for the code sent to the staff member's mobile.
#[derive(Clone, PartialEq, Eq)]
pub struct StaffChallenge {
    account_id: i64,
    username: String,
    display_name: String,
    /// The kiosk-qualified session reference the code is bound to.
    session: String,
    /// The number the code went to, masked (+46 70 *** ** 67).
    pub shown: String,
    pub valid_minutes: u32,
}

impl StaffChallenge {
    pub fn username(&self) -> &str {
        &self.username
    }
}

impl fmt::Debug for StaffChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The session reference is half of what a code is bound to: not for logs.
        write!(f, "StaffChallenge({}, {})", self.username, self.shown)
    }
}

/// How a staff sign-in went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    SignedIn(StaffSession),
    /// The password was right; a code is on its way to the staff member's mobile.
    CodeSent(StaffChallenge),
    /// Wrong username or password (indistinguishable).
    Invalid,
    Locked {
        until: Option<i64>,
    },
    TempExpired,
    /// A right password, but the account does not have the helpdesk role.
    NotStaff,
    /// A right temporary or expired password: the staff member must change it first.
    MustChange,
    /// The second factor is required but its SMS could not be sent.
    CodeNotSent,
}

/// How checking a staff sign-in code went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeOutcome {
    SignedIn(StaffSession),
    Wrong {
        tries_left: u32,
    },
    /// Used up, expired or replaced: sign in again.
    Void,
    /// Not six digits; not counted.
    Malformed,
}

/// What the staff member checked before acting: a document type from
/// `helpdesk.id_documents` and a short free reference (e.g. its last four digits).
#[derive(Clone, PartialEq, Eq)]
pub struct IdentityCheck {
    document: String,
    reference: String,
}

/// Why an identity check was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdCheckError {
    #[error("the document type is not in helpdesk.id_documents")]
    UnknownDocument,
    #[error("the reference is empty")]
    EmptyReference,
    #[error("the reference is longer than {MAX_REFERENCE_CHARS} characters")]
    ReferenceTooLong,
}

impl IdentityCheck {
    /// Checks a document type against the configured list and tidies the reference
    /// (control characters removed, inner whitespace collapsed).
    pub fn new(
        settings: &HelpdeskSettings,
        document: &str,
        reference: &str,
    ) -> std::result::Result<Self, IdCheckError> {
        if !settings.id_documents.iter().any(|d| d == document) {
            return Err(IdCheckError::UnknownDocument);
        }
        let reference = sanitize(reference)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if reference.is_empty() {
            return Err(IdCheckError::EmptyReference);
        }
        if reference.chars().count() > MAX_REFERENCE_CHARS {
            return Err(IdCheckError::ReferenceTooLong);
        }
        Ok(Self {
            document: document.to_string(),
            reference,
        })
    }

    pub fn document(&self) -> &str {
        &self.document
    }

    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// How the check reads in an audit row's detail: `id=passport ref="1234"`.
    pub fn audit_detail(&self) -> String {
        format!("id={} ref={:?}", self.document, self.reference)
    }
}

impl fmt::Debug for IdentityCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.audit_detail())
    }
}

/// Why staff may not act on a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Their own account.
    Yourself,
    /// Another account with the helpdesk role.
    OtherStaff,
    /// A category in `helpdesk.protected_categories`.
    Protected,
}

impl Refusal {
    /// The name in the audit log.
    pub fn name(self) -> &'static str {
        match self {
            Refusal::Yourself => "self",
            Refusal::OtherStaff => "other_staff",
            Refusal::Protected => "protected_category",
        }
    }
}

/// Why a staff call did not go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// The staff member's account lost the role, was locked or is gone: sign in again.
    SessionEnded,
    /// Not allowed on this person.
    Refused(Refusal),
    /// The person's account is gone (or inactive).
    NotFound,
}

/// The answer to a staff call: the result, or why there is none.
pub type Staffed<T> = std::result::Result<T, Denied>;

/// One person in a result list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSummary {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub category: String,
    pub locked: bool,
    pub refusal: Option<Refusal>,
}

/// A look-up's matches: at most [`MAX_MATCHES`]; `more` when there were others.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchResult {
    pub people: Vec<PersonSummary>,
    pub more: bool,
}

/// One audit event on a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardEvent {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub outcome: String,
}

/// Why an account is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockReason {
    /// Too many wrong passwords.
    Failures,
    /// Locked by office staff or an administrator.
    Staff,
    /// The password expired and its grace period ended (the expiry job).
    Expired,
    /// Any other reason the store knows.
    Other,
}

impl LockReason {
    fn of(reason: &str) -> Self {
        match reason {
            "failures" => LockReason::Failures,
            "staff" => LockReason::Staff,
            "expired" => LockReason::Expired,
            _ => LockReason::Other,
        }
    }
}

/// What staff may know about a person: never a secret, never a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonCard {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub category: String,
    /// The category's label from config (`Elever`), or its name.
    pub category_label: String,
    pub active: bool,
    pub locked: bool,
    pub lock_reason: Option<LockReason>,
    pub locked_until: Option<i64>,
    pub expires_at: Option<i64>,
    pub must_change: bool,
    pub has_password: bool,
    /// Sign-ins left on a temporary password and when it runs out.
    pub temp_password: Option<(i64, Option<i64>)>,
    /// Security answers enrolled.
    pub questions: usize,
    pub questions_locked: bool,
    /// The confirmed mobile, masked.
    pub mobile: Option<String>,
    /// Newest first.
    pub events: Vec<CardEvent>,
    pub refusal: Option<Refusal>,
}

impl PersonCard {
    /// The actions that make sense for this person now, the default (reset ticket) first.
    /// None when staff may not act on them.
    pub fn actions(&self) -> Vec<StaffAction> {
        if self.refusal.is_some() || !self.active {
            return Vec::new();
        }
        let mut actions = vec![StaffAction::ResetTicket, StaffAction::TempPassword];
        if self.locked || self.questions_locked {
            actions.push(StaffAction::Unlock);
        }
        if self.questions > 0 {
            actions.push(StaffAction::ClearQuestions);
        }
        if self.mobile.is_some() {
            actions.push(StaffAction::ClearMobile);
        }
        actions.push(StaffAction::TellUsername);
        actions
    }
}

/// What staff can do for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAction {
    /// The person sets a new password at this screen, now (the default).
    ResetTicket,
    /// A temporary password, shown once, that must be changed at first use.
    TempPassword,
    Unlock,
    /// Remove the security answers so the person can enrol again.
    ClearQuestions,
    /// Forget the mobile number so the person can enrol one again.
    ClearMobile,
    /// Show the person their username.
    TellUsername,
}

impl StaffAction {
    /// The action's name in the audit log.
    pub fn name(self) -> &'static str {
        match self {
            StaffAction::ResetTicket => "staff_reset_ticket",
            StaffAction::TempPassword => "staff_temp_password",
            StaffAction::Unlock => "staff_unlock",
            StaffAction::ClearQuestions => "staff_clear_questions",
            StaffAction::ClearMobile => "staff_clear_mobile",
            StaffAction::TellUsername => "staff_tell_username",
        }
    }
}

/// What an action did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionDone {
    /// Hand the screen to the person: they choose their own new password.
    Ticket(VerifiedAccount),
    /// Show this once; good for `uses` sign-ins until `expires_at`.
    TempPassword {
        password: Secret,
        uses: u32,
        expires_at: i64,
    },
    Unlocked,
    QuestionsCleared {
        removed: u64,
    },
    MobileCleared,
    Username(String),
}

/// Orders matches: an exact username first, then by name, then by username.
fn rank(query: &str, people: &mut [PersonSummary]) {
    people.sort_by(|a, b| {
        let exact = |p: &PersonSummary| p.username != query;
        (exact(a), fold(&a.display_name), &a.username).cmp(&(
            exact(b),
            fold(&b.display_name),
            &b.username,
        ))
    });
}

impl Services {
    /// Whether an account has the helpdesk role: the database flag (`kiosk admin
    /// grant-helpdesk`) or `helpdesk.usernames` in config.
    pub fn has_helpdesk_role(&self, account: &Account) -> bool {
        account.helpdesk || self.helpdesk_by_config(&account.username)
    }

    fn staff_entry(
        &self,
        staff: &str,
        subject: Option<&str>,
        action: &str,
        outcome: &str,
        detail: String,
    ) -> AuditEntry {
        let mut e = self.audit_entry(staff, subject, action, outcome);
        e.detail = detail;
        e
    }

    /// Signs a staff member in with their own username and password. With
    /// `helpdesk.second_factor` and a confirmed mobile (and SMS switched on), a code goes to
    /// that mobile and [`Services::staff_confirm_code`] finishes the sign-in. Wrong passwords
    /// count toward the account's lockout, as at the kiosk.
    pub async fn staff_sign_in(
        &self,
        username: &Username,
        password: &Secret,
        lang: Lang,
    ) -> Result<SignIn> {
        let user = username.as_str();
        let verified = match self.verify_password(username, password).await? {
            VerifyOutcome::Verified(v) => v,
            VerifyOutcome::Invalid => return Ok(SignIn::Invalid),
            VerifyOutcome::Locked { until } => return Ok(SignIn::Locked { until }),
            VerifyOutcome::TempExpired => return Ok(SignIn::TempExpired),
            // The kiosk is slowing down: "too many attempts, try again after …".
            VerifyOutcome::Wait { until } => return Ok(SignIn::Locked { until: Some(until) }),
        };
        let Some(account) = self.store.account_by_id(verified.id).await? else {
            return Ok(SignIn::Invalid);
        };
        let audit = |outcome: &str, detail: &str| {
            self.staff_entry(
                user,
                Some(user),
                "staff_sign_in",
                outcome,
                detail.to_string(),
            )
        };
        if !self.has_helpdesk_role(&account) {
            self.audit(audit("not_staff", "")).await?;
            return Ok(SignIn::NotStaff);
        }
        if verified.must_change {
            self.audit(audit("must_change", "")).await?;
            return Ok(SignIn::MustChange);
        }
        let mobile = account
            .mobile
            .as_deref()
            .filter(|_| account.mobile_confirmed)
            .and_then(MobileNumber::from_e164);
        let second_factor = self.settings.helpdesk.second_factor && self.sms().enabled();
        match mobile.filter(|_| second_factor) {
            None => {
                self.audit(audit("ok", "password")).await?;
                Ok(SignIn::SignedIn(StaffSession {
                    account_id: account.id,
                    username: account.username,
                    display_name: account.display_name,
                }))
            }
            Some(number) => self.send_sign_in_code(&account, &number, lang).await,
        }
    }

    async fn sign_in_code_key(&self) -> Result<CodeKey> {
        let bytes = self.shared_key(CODE_KEY_NAME).await?;
        CodeKey::new(&bytes).map_err(|e| ServiceError::Setup(e.to_string()))
    }

    /// The MAC binding of a staff sign-in code. `CodePurpose` has no staff purpose, so the
    /// session string carries it: no code of another purpose can have this session.
    fn sign_in_binding<'a>(account_id: i64, session: &'a str, target: &'a str) -> CodeBinding<'a> {
        CodeBinding {
            account_id,
            purpose: CodePurpose::Reset,
            session,
            target,
        }
    }

    async fn send_sign_in_code(
        &self,
        account: &Account,
        number: &MobileNumber,
        lang: Lang,
    ) -> Result<SignIn> {
        let sms = &self.settings.sms;
        let now = self.now();
        let user = account.username.as_str();
        let session = format!(
            "{}/{SIGN_IN_PURPOSE}/{}",
            self.settings.kiosk.id,
            SessionRef::generate()?.as_str()
        );
        let code = OneTimeCode::generate()?;
        let binding = Self::sign_in_binding(account.id, &session, number.e164());
        let sealed = self.sign_in_code_key().await?.seal(&binding, &code);
        let code_id = self
            .store
            .insert_code(&NewCode {
                account_id: account.id,
                purpose: SIGN_IN_PURPOSE,
                session_ref: &session,
                target: number.e164(),
                code_hmac: &sealed,
                tries: i64::from(sms.max_tries.max(1)),
                expires_at: now + i64::from(sms.code_valid_minutes) * 60,
                now,
            })
            .await?;
        let args = [
            ("school", Arg::Str(&self.settings.kiosk.school_name)),
            ("code", Arg::Str(code.expose())),
            ("minutes", Arg::Num(i64::from(sms.code_valid_minutes))),
        ];
        let text = t_args(lang, "staff-sms-code", &args);
        let log = |outcome: &str| SmsLogEntry {
            at: now,
            kiosk_id: self.settings.kiosk.id.clone(),
            account_id: Some(account.id),
            purpose: SIGN_IN_PURPOSE.to_string(),
            outcome: outcome.to_string(),
        };
        let detail = format!("code to {}", number.masked());
        match self.sms().send(number.e164(), &text).await {
            Ok(()) => {
                self.store.log_sms(&log("sent")).await?;
                self.audit(self.staff_entry(
                    user,
                    Some(user),
                    "staff_sign_in",
                    "code_sent",
                    detail,
                ))
                .await?;
                Ok(SignIn::CodeSent(StaffChallenge {
                    account_id: account.id,
                    username: account.username.clone(),
                    display_name: account.display_name.clone(),
                    session,
                    shown: number.masked(),
                    valid_minutes: sms.code_valid_minutes,
                }))
            }
            Err(e) => {
                // Fail closed: a broken gateway never lets a sign-in skip its second factor.
                self.store.void_code(code_id).await?;
                self.store.log_sms(&log("failed")).await?;
                self.audit(self.staff_entry(
                    user,
                    Some(user),
                    "staff_sign_in",
                    "code_failed",
                    format!("{detail}: {e}"),
                ))
                .await?;
                tracing::warn!(username = user, error = %e, "staff sign-in code could not be sent");
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
        let now = self.now();
        let user = challenge.username.as_str();
        let audit = |outcome: &str| {
            self.staff_entry(user, Some(user), "staff_code", outcome, String::new())
        };
        let stored = self
            .store
            .latest_code(challenge.account_id, SIGN_IN_PURPOSE, &challenge.session)
            .await?;
        let Some(stored) = stored.filter(|s| s.state(now) == CodeState::Live) else {
            self.audit(audit("void")).await?;
            return Ok(CodeOutcome::Void);
        };
        let binding =
            Self::sign_in_binding(challenge.account_id, &stored.session_ref, &stored.target);
        if !self
            .sign_in_code_key()
            .await?
            .verify(&binding, &code, &stored.code_hmac)
        {
            let outcome = match self.store.code_wrong_try(stored.id, now, false).await? {
                WrongTry::TriesLeft(n) => CodeOutcome::Wrong {
                    tries_left: u32::try_from(n).unwrap_or(0),
                },
                WrongTry::UsedUp | WrongTry::NotLive => CodeOutcome::Void,
            };
            self.audit(audit(if outcome == CodeOutcome::Void {
                "void"
            } else {
                "wrong"
            }))
            .await?;
            return Ok(outcome);
        }
        if !self.store.use_code(stored.id, now).await? {
            self.audit(audit("void")).await?;
            return Ok(CodeOutcome::Void);
        }
        // The role or the account may have changed while the code travelled.
        let Some(account) = self.staff_account(challenge.account_id).await? else {
            self.audit(audit("ended")).await?;
            return Ok(CodeOutcome::Void);
        };
        self.audit(audit("ok")).await?;
        self.audit(self.staff_entry(
            user,
            Some(user),
            "staff_sign_in",
            "ok",
            "password+sms".into(),
        ))
        .await?;
        Ok(CodeOutcome::SignedIn(StaffSession {
            account_id: account.id,
            username: account.username,
            display_name: account.display_name,
        }))
    }

    /// The staff member's account when it still may use staff mode: active, not locked,
    /// with the role.
    async fn staff_account(&self, account_id: i64) -> Result<Option<Account>> {
        let now = self.now();
        Ok(self
            .store
            .account_by_id(account_id)
            .await?
            .filter(|a| a.status == "active" && !a.is_locked(now) && self.has_helpdesk_role(a)))
    }

    async fn still_staff(&self, staff: &StaffSession) -> Result<Option<Account>> {
        let account = self.staff_account(staff.account_id).await?;
        if account.is_none() {
            let user = staff.username.as_str();
            self.audit(self.staff_entry(
                user,
                Some(user),
                "staff_session",
                "ended",
                "role, lock or account changed".into(),
            ))
            .await?;
        }
        Ok(account)
    }

    /// Why `staff` may not act on `person`, if they may not.
    fn refusal(&self, staff_id: i64, person: &Account) -> Option<Refusal> {
        self.refusal_of(
            staff_id,
            person.id,
            &person.username,
            &person.category,
            person.helpdesk,
        )
    }

    /// [`Services::refusal`] from the columns a look-up reads.
    fn refusal_of(
        &self,
        staff_id: i64,
        id: i64,
        username: &str,
        category: &str,
        helpdesk: bool,
    ) -> Option<Refusal> {
        if id == staff_id {
            Some(Refusal::Yourself)
        } else if helpdesk || self.helpdesk_by_config(username) {
            Some(Refusal::OtherStaff)
        } else if self
            .settings
            .helpdesk
            .protected_categories
            .iter()
            .any(|c| c == category)
        {
            Some(Refusal::Protected)
        } else {
            None
        }
    }

    /// People whose username or name contains every word of `query`: partial, case- and
    /// accent-insensitive ("ostlund" finds "Östlund"), at most [`MAX_MATCHES`].
    pub async fn staff_search(
        &self,
        staff: &StaffSession,
        query: &str,
    ) -> Result<Staffed<SearchResult>> {
        if self.still_staff(staff).await?.is_none() {
            return Ok(Err(Denied::SessionEnded));
        }
        let folded = fold(&sanitize(query));
        let words: Vec<String> = folded
            .split_whitespace()
            .take(MAX_QUERY_WORDS)
            .map(str::to_string)
            .collect();
        let typed: usize = words.iter().map(|w| w.chars().count()).sum();
        if typed < MIN_QUERY_CHARS {
            return Ok(Ok(SearchResult::default()));
        }
        let limit = i64::try_from(MAX_MATCHES).unwrap_or(20) + 1;
        let hits = self.store.search_accounts(&words, limit).await?;
        let more = hits.len() > MAX_MATCHES;
        let now = self.now();
        let mut people: Vec<PersonSummary> = hits
            .into_iter()
            .take(MAX_MATCHES)
            .map(|h| {
                let refusal =
                    self.refusal_of(staff.account_id, h.id, &h.username, &h.category, h.helpdesk);
                PersonSummary {
                    id: h.id,
                    locked: h.is_locked(now),
                    username: h.username,
                    display_name: sanitize(&h.display_name),
                    category: h.category,
                    refusal,
                }
            })
            .collect();
        rank(&words.join(" "), &mut people);
        let detail = format!(
            "query={:?} matches={}{}",
            words.join(" "),
            people.len(),
            if more { "+" } else { "" }
        );
        self.audit(self.staff_entry(&staff.username, None, "staff_search", "ok", detail))
            .await?;
        Ok(Ok(SearchResult { people, more }))
    }

    /// A person's card. Viewing is audited (with a refusal when staff may not act on them).
    pub async fn staff_card(
        &self,
        staff: &StaffSession,
        person_id: i64,
    ) -> Result<Staffed<PersonCard>> {
        if self.still_staff(staff).await?.is_none() {
            return Ok(Err(Denied::SessionEnded));
        }
        let Some(person) = self.store.account_by_id(person_id).await? else {
            return Ok(Err(Denied::NotFound));
        };
        let refusal = self.refusal(staff.account_id, &person);
        let now = self.now();
        let questions = self.store.enrolled_answers(person.id).await?.len();
        // Read before this view is audited: the card shows what happened before the desk.
        let events = self
            .store
            .latest_audit(&person.username, i64::try_from(CARD_EVENTS).unwrap_or(6))
            .await?
            .into_iter()
            .map(|r| CardEvent {
                at: r.at,
                actor: sanitize(&r.actor),
                action: r.action,
                outcome: r.outcome,
            })
            .collect();
        let (outcome, detail) = match refusal {
            Some(r) => ("refused", format!("reason={}", r.name())),
            None => ("ok", String::new()),
        };
        self.audit(self.staff_entry(
            &staff.username,
            Some(&person.username),
            "staff_view",
            outcome,
            detail,
        ))
        .await?;
        let mobile = person
            .mobile
            .as_deref()
            .and_then(MobileNumber::from_e164)
            .map(|n| n.masked());
        Ok(Ok(PersonCard {
            id: person.id,
            category_label: self
                .settings
                .policy(&person.category)
                .map_or_else(|| person.category.clone(), |p| sanitize(&p.label)),
            active: person.status == "active",
            locked: person.is_locked(now),
            lock_reason: person
                .lock_reason
                .as_deref()
                .filter(|_| person.is_locked(now))
                .map(LockReason::of),
            locked_until: person.locked_until.filter(|_| person.is_locked(now)),
            expires_at: person.password_expires_at,
            must_change: person.must_change,
            has_password: person.password_hash.is_some(),
            temp_password: person
                .has_temp_password()
                .then_some((person.temp_uses_left, person.temp_expires_at)),
            questions,
            questions_locked: person.questions_locked_until.is_some_and(|t| t > now),
            mobile,
            events,
            refusal,
            username: person.username,
            display_name: sanitize(&person.display_name),
            category: person.category,
        }))
    }

    /// Loads the person an action is for and checks the staff member may act on them; a
    /// refusal is audited under `action`.
    async fn actionable(
        &self,
        staff: &StaffSession,
        person_id: i64,
        action: &str,
        check: &IdentityCheck,
    ) -> Result<Staffed<Account>> {
        if self.still_staff(staff).await?.is_none() {
            return Ok(Err(Denied::SessionEnded));
        }
        let Some(person) = self
            .store
            .account_by_id(person_id)
            .await?
            .filter(|p| p.status == "active")
        else {
            return Ok(Err(Denied::NotFound));
        };
        if let Some(refusal) = self.refusal(staff.account_id, &person) {
            let detail = format!("reason={} {}", refusal.name(), check.audit_detail());
            self.audit(self.staff_entry(
                &staff.username,
                Some(&person.username),
                action,
                "refused",
                detail,
            ))
            .await?;
            return Ok(Err(Denied::Refused(refusal)));
        }
        Ok(Ok(person))
    }

    /// Records the identity check the staff member made, before any action on the person.
    pub async fn staff_record_check(
        &self,
        staff: &StaffSession,
        person_id: i64,
        check: &IdentityCheck,
    ) -> Result<Staffed<()>> {
        let person = match self
            .actionable(staff, person_id, "staff_identity_check", check)
            .await?
        {
            Ok(person) => person,
            Err(denied) => return Ok(Err(denied)),
        };
        self.audit(self.staff_entry(
            &staff.username,
            Some(&person.username),
            "staff_identity_check",
            "ok",
            check.audit_detail(),
        ))
        .await?;
        Ok(Ok(()))
    }

    /// Carries out `action` for the person, after the identity check `check`.
    pub async fn staff_act(
        &self,
        staff: &StaffSession,
        person_id: i64,
        check: &IdentityCheck,
        action: StaffAction,
    ) -> Result<Staffed<ActionDone>> {
        let person = match self
            .actionable(staff, person_id, action.name(), check)
            .await?
        {
            Ok(person) => person,
            Err(denied) => return Ok(Err(denied)),
        };
        let now = self.now();
        let locked =
            person.is_locked(now) || person.questions_locked_until.is_some_and(|t| t > now);
        let was_locked = || {
            person
                .lock_reason
                .clone()
                .filter(|_| person.is_locked(now))
                .unwrap_or_else(|| "questions".into())
        };
        let mut entry = self.staff_entry(
            &staff.username,
            Some(&person.username),
            action.name(),
            "ok",
            check.audit_detail(),
        );
        let done = match action {
            StaffAction::ResetTicket => {
                // The person proved who they are in person: a lock must not stop them.
                if locked {
                    entry
                        .detail
                        .push_str(&format!(" unlocked={}", was_locked()));
                }
                self.policy_for(&person.username, &person.category)?;
                self.store
                    .staff_note(person.id, locked, now, &entry)
                    .await?;
                ActionDone::Ticket(VerifiedAccount {
                    id: person.id,
                    username: person.username.clone(),
                    display_name: person.display_name.clone(),
                    category: person.category.clone(),
                    must_change: true,
                    expires_at: person.password_expires_at,
                })
            }
            StaffAction::TempPassword => {
                let (password, hash) = self.make_temp_password(&person).await?;
                let uses = self.settings.temp_password.uses.max(1);
                let days = self.settings.temp_password.valid_days.max(1);
                let expires_at = now + i64::from(days) * 86_400;
                entry
                    .detail
                    .push_str(&format!(" uses={uses} valid_days={days}"));
                if locked {
                    entry
                        .detail
                        .push_str(&format!(" unlocked={}", was_locked()));
                }
                self.store
                    .staff_temp_password(&TempPassword {
                        account_id: person.id,
                        hash,
                        uses: i64::from(uses),
                        expires_at,
                        now,
                        audit: entry,
                    })
                    .await?;
                ActionDone::TempPassword {
                    password,
                    uses,
                    expires_at,
                }
            }
            StaffAction::Unlock => {
                entry.detail.push_str(&format!(
                    " was={}",
                    if locked { was_locked() } else { "none".into() }
                ));
                self.store.unlock(person.id, now, &entry).await?;
                ActionDone::Unlocked
            }
            StaffAction::ClearQuestions => {
                let removed = self
                    .store
                    .clear_security_answers(person.id, now, &entry)
                    .await?;
                ActionDone::QuestionsCleared { removed }
            }
            StaffAction::ClearMobile => {
                if let Some(old) = person.mobile.as_deref().and_then(MobileNumber::from_e164) {
                    entry.detail.push_str(&format!(" was={}", old.masked()));
                }
                self.store.clear_mobile(person.id, now, &entry).await?;
                ActionDone::MobileCleared
            }
            StaffAction::TellUsername => {
                self.store.staff_note(person.id, false, now, &entry).await?;
                ActionDone::Username(person.username.clone())
            }
        };
        Ok(Ok(done))
    }

    /// A temporary password that meets the person's policy, and its hash.
    async fn make_temp_password(&self, person: &Account) -> Result<(Secret, String)> {
        let policy = self.policy_for(&person.username, &person.category)?.clone();
        let ctx = self.policy_context(&person.username, &person.display_name);
        let password = blocking(move || {
            loop {
                let candidate = super::admin::generate_temp_password(policy.min_length.max(12));
                let score = strength::estimate(candidate.expose(), &[]).score;
                let checks =
                    policy::evaluate(&policy, candidate.expose(), &ctx, Some(score), Some(false));
                if policy::all_pass(&checks) {
                    break candidate;
                }
            }
        })
        .await?;
        let (hasher, pw) = (self.hasher.clone(), password.clone());
        let hash = blocking(move || hasher.hash(&pw)).await??;
        Ok((password, hash))
    }

    /// Gives an account the helpdesk role (`kiosk admin grant-helpdesk`). False when it
    /// already had it in the database.
    pub async fn grant_helpdesk(&self, username: &str, actor: &str) -> Result<bool> {
        self.set_helpdesk_role(username, true, actor).await
    }

    /// Takes the helpdesk role given in the database away (`kiosk admin revoke-helpdesk`).
    /// False when the account did not have it there. A name in `helpdesk.usernames` keeps
    /// the role until it is removed from the configuration.
    pub async fn revoke_helpdesk(&self, username: &str, actor: &str) -> Result<bool> {
        self.set_helpdesk_role(username, false, actor).await
    }

    async fn set_helpdesk_role(&self, username: &str, on: bool, actor: &str) -> Result<bool> {
        let account = self.require(username).await?;
        let action = if on {
            "grant_helpdesk"
        } else {
            "revoke_helpdesk"
        };
        let entry = self.audit_entry(actor, Some(&account.username), action, "ok");
        let changed = self
            .store
            .set_helpdesk(account.id, on, self.now(), &entry)
            .await?;
        if !changed {
            self.audit(self.staff_entry(
                actor,
                Some(&account.username),
                action,
                "unchanged",
                String::new(),
            ))
            .await?;
        }
        Ok(changed)
    }

    /// Whether `helpdesk.usernames` names this user (the role then cannot be revoked from
    /// the command line).
    pub fn helpdesk_by_config(&self, username: &str) -> bool {
        let Ok(name) = Username::parse(username) else {
            return false;
        };
        self.settings
            .helpdesk
            .usernames
            .iter()
            .filter_map(|u| Username::parse(u).ok())
            .any(|u| u == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn identity_checks_take_listed_documents_and_a_short_reference() {
        let s = Settings::defaults();
        let h = &s.helpdesk;
        let check = IdentityCheck::new(h, "passport", "  12\u{1b}[2J  34 ").unwrap();
        assert_eq!(check.reference(), "12[2J 34");
        assert_eq!(check.audit_detail(), "id=passport ref=\"12[2J 34\"");
        assert_eq!(
            IdentityCheck::new(h, "library-card", "1234"),
            Err(IdCheckError::UnknownDocument)
        );
        assert_eq!(
            IdentityCheck::new(h, "passport", " \n "),
            Err(IdCheckError::EmptyReference)
        );
        let long = "9".repeat(MAX_REFERENCE_CHARS + 1);
        assert_eq!(
            IdentityCheck::new(h, "passport", &long),
            Err(IdCheckError::ReferenceTooLong)
        );
    }

    #[test]
    fn an_exact_username_comes_first_then_names() {
        let p = |username: &str, name: &str| PersonSummary {
            id: 0,
            username: username.into(),
            display_name: name.into(),
            category: "students".into(),
            locked: false,
            refusal: None,
        };
        let mut people = vec![
            p("bo.ek2", "Bo Ek"),
            p("ab", "Östen Ab"),
            p("bo.ek", "Bo Ek"),
        ];
        rank("bo.ek", &mut people);
        let names: Vec<&str> = people.iter().map(|p| p.username.as_str()).collect();
        assert_eq!(names, ["bo.ek", "bo.ek2", "ab"]);
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let challenge = StaffChallenge {
            account_id: 1,
            username: "eva".into(),
            display_name: "Eva".into(),
            session: "kiosk-1/staff_sign_in/abcdef".into(),
            shown: "+46 70 *** ** 43".into(),
            valid_minutes: 10,
        };
        assert!(!format!("{challenge:?}").contains("abcdef"));
        let done = ActionDone::TempPassword {
            password: Secret::new("Sekret-123"),
            uses: 1,
            expires_at: 0,
        };
        assert!(!format!("{done:?}").contains("Sekret"));
    }
}
