//! What the recovery methods hand the flow: answers typed for security questions and the
//! verdicts on them, enrolments, and what sending and checking an SMS code came to. Pure.

use crate::domain::answers::AnswerError;
use crate::domain::auth::Proof;
use crate::domain::code::CodeError;
use crate::domain::phone::PhoneError;
use crate::domain::secret::Secret;

/// One answer given: to which question, and the answer as typed.
#[derive(Debug, Clone)]
pub struct AnswerInput {
    pub question_id: String,
    pub answer: Secret,
}

impl AnswerInput {
    pub fn new(question_id: impl Into<String>, answer: Secret) -> Self {
        Self {
            question_id: question_id.into(),
            answer,
        }
    }
}

/// The outcome of an enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrolOutcome {
    /// Stored (the previous set, if any, is gone).
    Enrolled,
    /// Some answers break the rules: one entry per answer, in order (`None` = fine).
    Rejected(Vec<Option<AnswerError>>),
    /// Not `enroll` distinct questions of the catalogue.
    BadChoice,
    /// The category offers no questions, or the account may only change its password.
    NotOffered,
}

/// An account's current enrolment, for the Profile.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Enrolment {
    /// Question ids in the order chosen (empty: not enrolled).
    pub question_ids: Vec<String>,
    pub enrolled_at: Option<i64>,
    /// How many to choose (the category's `questions.enroll`; 0 = not offered).
    pub enroll: usize,
}

/// What a reset with questions asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeOutcome {
    /// Answer these questions (catalogue ids, in the order to show them).
    Ask(Vec<String>),
    /// Too many wrong answers: try again after `until`, or ask staff (`None`).
    Locked { until: Option<i64> },
    /// Questions are not a method for this username.
    NotOffered,
}

/// The verdict on a set of answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswersOutcome {
    /// All right: evidence for `complete_reset`.
    Verified(Proof),
    /// At least one wrong (which ones is not said); `tries_left` before the lock.
    Wrong { tries_left: u32 },
    /// Locked, now or before: try again after `until`, or ask staff (`None`).
    Locked { until: Option<i64> },
    /// The answers were to other questions than the open challenge's (answered meanwhile at
    /// another kiosk, or re-enrolled): nothing was checked or counted; ask again.
    Stale,
    /// Questions are not a method for this username.
    NotOffered,
}

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
