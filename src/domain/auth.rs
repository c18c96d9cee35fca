//! Who someone is at the kiosk and what they proved: the types the flow, the UI and the
//! service share. Pure. [`Proof`] and [`VerifiedAccount`] are capabilities: their fields
//! are private and only the service makes them.

use serde::{Deserialize, Serialize};

use crate::domain::directory::{DirectoryPolicy, Refusal};
use crate::domain::policy::RuleCheck;
use crate::domain::secret::Secret;

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
    /// Every method, in the order the kiosk lists them.
    pub const ALL: [Method; 3] = [Method::Password, Method::Questions, Method::Sms];

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// An account that has proved who it is: a capability like [`Proof`]. Its fields are
/// private and only the service makes one (`pub(crate)`, and `tests/layers.rs` checks
/// that no module outside `service` calls [`VerifiedAccount::new`]), so a password
/// change cannot be reached without verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedAccount {
    id: i64,
    username: String,
    display_name: String,
    category: String,
    must_change: bool,
    expires_at: Option<i64>,
    /// Signed in with the account's own current password in this session, not reached
    /// through a reset (questions, SMS, ticket, temporary password): only then may the
    /// recovery factors (questions, mobile) change, so recovery never hands them over.
    signed_in: bool,
    /// Which password was current when this account was verified (a fingerprint the
    /// service makes of the stored hash): once the password changes, this capability (a
    /// staff ticket, a reset in progress at another kiosk) is void.
    password_mark: u64,
    /// What walking away from this verification costs (see [`Leaving`]).
    leaving: Leaving,
    /// What a directory needs (boxed: most kiosks have none, and the capability travels
    /// in every message).
    directory: Option<Box<DirectoryPart>>,
}

/// What giving up a verification before the new password is saved costs the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Leaving {
    /// Nothing: they can verify again on their own (a password, questions, SMS).
    #[default]
    Free,
    /// One use of the temporary password from the office; `last`: it is the only one left,
    /// so they will need the office again.
    TempUse { last: bool },
    /// The office's reset ticket ends: they will need the office again.
    Ticket,
}

impl Leaving {
    /// Leaving sends the person back to the office: ask before.
    pub fn needs_office_again(self) -> bool {
        matches!(self, Leaving::TempUse { last: true } | Leaving::Ticket)
    }
}

/// The directory's part of a [`VerifiedAccount`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct DirectoryPart {
    /// The current password, kept only when a directory needs it for the person's own
    /// change (a bind as them, then a modify with the old password). Zeroised on drop.
    current: Option<Secret>,
    /// The directory's password policy for this person, merged into the category's.
    policy: Option<DirectoryPolicy>,
}

impl VerifiedAccount {
    pub(crate) fn new(
        id: i64,
        username: String,
        display_name: String,
        category: String,
        must_change: bool,
        expires_at: Option<i64>,
        signed_in: bool,
    ) -> Self {
        Self {
            id,
            username,
            display_name,
            category,
            must_change,
            expires_at,
            signed_in,
            // Named by the service with `with_mark`.
            password_mark: 0,
            leaving: Leaving::Free,
            directory: None,
        }
    }

    /// A verified account made up for tests and benches (the `test-support` feature);
    /// signed in with its current password unless it must change it.
    #[cfg(any(test, feature = "test-support"))]
    #[doc(hidden)]
    pub fn for_tests(
        id: i64,
        username: &str,
        display_name: &str,
        category: &str,
        must_change: bool,
        expires_at: Option<i64>,
    ) -> Self {
        Self::new(
            id,
            username.into(),
            display_name.into(),
            category.into(),
            must_change,
            expires_at,
            !must_change,
        )
    }

    /// The same account as reached through a reset (tests): it may not change recovery
    /// factors.
    #[cfg(any(test, feature = "test-support"))]
    #[doc(hidden)]
    pub fn after_reset_for_tests(mut self) -> Self {
        self.signed_in = false;
        self
    }

    pub fn id(&self) -> i64 {
        self.id
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    pub fn category(&self) -> &str {
        &self.category
    }

    /// Verified with a temporary password, or flagged: only a change is allowed.
    pub fn must_change(&self) -> bool {
        self.must_change
    }

    pub fn expires_at(&self) -> Option<i64> {
        self.expires_at
    }

    /// Signed in with its own current password in this session (not a reset): may see the
    /// Profile and change security questions and the mobile number.
    pub fn signed_in(&self) -> bool {
        self.signed_in
    }

    /// The same capability naming another password (the service, after a rehash).
    pub(crate) fn with_mark(mut self, password_mark: u64) -> Self {
        self.password_mark = password_mark;
        self
    }

    /// The same capability holding the current password (the service, for a directory).
    pub(crate) fn with_current(mut self, current: Option<Secret>) -> Self {
        if current.is_some() || self.directory.is_some() {
            self.directory.get_or_insert_default().current = current;
        }
        self
    }

    /// The current password, when a directory needs it for the person's own change.
    pub fn current(&self) -> Option<&Secret> {
        self.directory.as_ref().and_then(|d| d.current.as_ref())
    }

    /// The same capability with the directory's policy (the service).
    pub(crate) fn with_directory_policy(mut self, policy: Option<DirectoryPolicy>) -> Self {
        if policy.is_some() || self.directory.is_some() {
            self.directory.get_or_insert_default().policy = policy;
        }
        self
    }

    /// The directory's policy for this person, if a directory is configured.
    pub fn directory_policy(&self) -> Option<&DirectoryPolicy> {
        self.directory.as_ref().and_then(|d| d.policy.as_ref())
    }

    /// The fingerprint of the password current at verification (see the field).
    pub fn password_mark(&self) -> u64 {
        self.password_mark
    }

    /// The same capability with what leaving it costs (the service).
    pub(crate) fn with_leaving(mut self, leaving: Leaving) -> Self {
        self.leaving = leaving;
        self
    }

    /// What giving up this verification costs the person.
    pub fn leaving(&self) -> Leaving {
        self.leaving
    }

    /// A made-up verification by a temporary password or a ticket (tests).
    #[cfg(any(test, feature = "test-support"))]
    #[doc(hidden)]
    pub fn leaving_for_tests(self, leaving: Leaving) -> Self {
        self.with_leaving(leaving)
    }
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
    /// This kiosk is slowing down after wrong passwords: nothing was judged; try again
    /// in `secs` seconds.
    Wait {
        secs: u64,
    },
}

/// The outcome of a password change.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeOutcome {
    /// `account`: the same person, signed in with the new password now.
    Changed {
        score: u8,
        expires_at: Option<i64>,
        account: VerifiedAccount,
        /// How each cloud target took it (empty without targets).
        targets: Vec<crate::domain::targets::TargetResult>,
    },
    /// The candidate breaks rules; the checks say which.
    Rejected(Vec<RuleCheck>),
    /// Another kiosk changed the account at the same time: try again.
    Conflict,
    /// The school's directory refused the password: one sentence naming the rule.
    Refused(Refusal),
}

/// Where a reset stands after the proofs gathered so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetProgress {
    /// Every required method succeeded: the account may choose a new password (and only
    /// that: `must_change` is set).
    Verified(VerifiedAccount),
    /// These methods must still succeed, in the order the category names them.
    Missing(Vec<Method>),
    /// Locked by office staff (or after expiry): a reset cannot lift that.
    Locked { until: Option<i64> },
    /// No proof, proofs of different accounts, or an account that is gone or inactive.
    Refused,
}
