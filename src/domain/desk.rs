//! What staff mode hands the flow and the staff screens: the signed-in session, the
//! sign-in steps, the identity check, a person's summary and card, the actions and what
//! they came to. No I/O here.

use std::fmt;

use crate::domain::account::LockReason;
use crate::domain::audit::{AuditAction, AuditOutcome, Logged};
use crate::domain::auth::VerifiedAccount;
use crate::domain::secret::Secret;
use crate::domain::text::sanitize;

/// The most people a look-up shows.
pub const MAX_MATCHES: usize = 20;
/// Audit events shown on a person's card.
pub const CARD_EVENTS: usize = 6;
/// Longest identity-check reference kept (the last digits of a document, not the whole).
pub const MAX_REFERENCE_CHARS: usize = 40;
/// Words of a look-up that count; the rest are ignored.
pub(crate) const MAX_QUERY_WORDS: usize = 5;
/// Shortest look-up (folded characters, spaces excluded): one letter would list everyone.
pub const MIN_QUERY_CHARS: usize = 2;

/// A staff member who signed in. Only `Services::staff_sign_in` and
/// `Services::staff_confirm_code` make one; every staff call checks it again.
#[derive(Clone, PartialEq, Eq)]
pub struct StaffSession {
    pub(crate) account_id: i64,
    pub(crate) username: String,
    pub(crate) display_name: String,
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
    pub(crate) account_id: i64,
    pub(crate) username: String,
    pub(crate) display_name: String,
    /// The kiosk-qualified session reference the code is bound to.
    pub(crate) session: String,
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
    /// A right temporary or expired password: the staff member must change it first.
    MustChange,
    /// The second factor is required but its SMS could not be sent.
    CodeNotSent,
    /// The account has no second factor (no confirmed mobile, or SMS switched off) and
    /// config requires one: staff mode is closed to it.
    NoSecondFactor,
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
    /// More characters than a check may keep: a whole number, which must not be stored.
    #[error("the reference has more than {0} characters: never the whole number")]
    WholeNumber(usize),
}

impl IdentityCheck {
    /// Checks a document type against the configured list and tidies the reference
    /// (control characters removed, inner whitespace collapsed).
    pub fn new(
        id_documents: &[String],
        max_chars: usize,
        document: &str,
        reference: &str,
    ) -> std::result::Result<Self, IdCheckError> {
        if !id_documents.iter().any(|d| d == document) {
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
        if reference.chars().filter(|c| !c.is_whitespace()).count() > max_chars {
            return Err(IdCheckError::WholeNumber(max_chars));
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
    pub kiosk_id: String,
    pub actor: String,
    pub action: Logged<AuditAction>,
    pub outcome: Logged<AuditOutcome>,
    /// How a notice went out (its row's detail says `sms …` or `email …`).
    pub via: Option<Via>,
}

/// The way a notice went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Sms,
    Email,
}

impl Via {
    /// Read from a notice row's detail: `sms to +46 70 *** ** 67`, `email`, `email: …`,
    /// or an expiry notice's kind (`sms-expired for expiry …`, `email-14 for expiry …`).
    pub fn of_detail(detail: &str) -> Option<Via> {
        if detail.starts_with("sms") {
            Some(Via::Sms)
        } else if detail.starts_with("email") {
            Some(Via::Email)
        } else {
            None
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
    /// The row that locked the account, while it is locked: who (or which kiosk) and when.
    pub locked_by: Option<CardEvent>,
    /// The last sign-in with the right password.
    pub last_sign_in: Option<CardEvent>,
    pub refusal: Option<Refusal>,
    /// The cloud targets' part of the last password change (none without targets).
    pub targets: Vec<super::targets::TargetStatus>,
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
    /// The action in the audit log.
    pub fn audit_action(self) -> AuditAction {
        match self {
            StaffAction::ResetTicket => AuditAction::StaffResetTicket,
            StaffAction::TempPassword => AuditAction::StaffTempPassword,
            StaffAction::Unlock => AuditAction::StaffUnlock,
            StaffAction::ClearQuestions => AuditAction::StaffClearQuestions,
            StaffAction::ClearMobile => AuditAction::StaffClearMobile,
            StaffAction::TellUsername => AuditAction::StaffTellUsername,
        }
    }
}

/// What an action did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionDone {
    /// Hand the screen to the person: they choose their own new password.
    Ticket(VerifiedAccount),
    /// Show this once; good for `uses` sign-ins until `expires_at`. `print_failed`: the
    /// printer did not take the slip, so the password is shown instead (staff are told).
    TempPassword {
        password: Secret,
        uses: u32,
        expires_at: i64,
        print_failed: bool,
    },
    /// The temporary password went to the office's printer on a slip (never shown).
    SlipPrinted {
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
