//! Office staff mode as a pure sub-flow: sign-in (password, then a code by SMS when the
//! service asks for one), look-up, the person's card, the identity check, the action menu,
//! a confirmation, and the result (a temporary password shown once, for a limited time).
//! One module per phase: `sign_in`, `desk` (the look-up), `card` (the card and the
//! identity check), `actions` (menu, confirmation, result); this file holds the state and
//! hands each input to the phase showing.
//!
//! A reset ticket ends the staff part: the person gets the New password screen
//! (`Next::ChangePassword`) and the staff member's session is dropped with this step. The
//! idle wipe (`helpdesk.idle_timeout_secs`) drops everything here too: the staff session,
//! the identity check and a temporary password still on screen (zeroized on drop).

mod actions;
mod card;
mod desk;
mod sign_in;

use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;

use super::FeatureRequest;
use super::feature::{Ctx, Next};
use super::field::{Edit, SecretField, TextField};
use crate::config::MAX_PASSWORD_CHARS;
use crate::domain::desk::{
    ActionDone, CodeOutcome, Denied, IdentityCheck, PersonCard, Refusal, SearchResult, SignIn,
    StaffAction, StaffChallenge, StaffSession, Staffed,
};
use crate::domain::lang::Lang;
use crate::domain::secret::Secret;
use crate::domain::username::Username;

/// Longest look-up text.
pub const MAX_QUERY_CHARS: usize = 64;
/// Longest code typed at the second step (spaces and dashes are allowed in it).
pub(super) const MAX_CODE_CHARS: usize = 12;

/// The screen's state.
#[derive(Debug)]
pub struct Step {
    pub phase: Phase,
    /// A request is out; keys wait for its reply.
    pub busy: bool,
    pub message: Option<Message>,
}

/// Where the staff member is.
#[derive(Debug)]
pub enum Phase {
    SignIn {
        username: TextField,
        password: SecretField,
        focus: SignInField,
    },
    /// The password was right; the code sent to the staff member's mobile is typed here.
    Code {
        challenge: StaffChallenge,
        code: SecretField,
    },
    /// Signed in.
    Desk(Box<Desk>),
}

/// Which sign-in field has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInField {
    Username,
    Password,
}

/// A signed-in staff member's desk: the look-up and, once opened, one person.
#[derive(Debug)]
pub struct Desk {
    pub staff: StaffSession,
    pub query: TextField,
    /// The last look-up: the text it was for and what it found.
    pub results: Option<(String, SearchResult)>,
    pub selected: usize,
    pub person: Option<Box<PersonView>>,
}

/// One person's card and what the staff member is doing for them.
#[derive(Debug)]
pub struct PersonView {
    pub card: PersonCard,
    /// Recorded for this person (required before any action; in every action's audit row).
    pub check: Option<IdentityCheck>,
    pub stage: PersonStage,
}

/// The screens of one person.
#[derive(Debug)]
pub enum PersonStage {
    Card,
    Check {
        document: usize,
        reference: TextField,
    },
    Actions {
        selected: usize,
    },
    Confirm {
        action: StaffAction,
    },
    /// Shown once, in large characters, until dismissed or `helpdesk.temp_password_display_secs`.
    TempPassword {
        password: Secret,
        uses: u32,
        expires_at: i64,
        shown_at: Instant,
        /// The printer did not take the slip: staff are told above the password.
        print_failed: bool,
    },
    Result(Outcome),
}

/// What an action came to, as the result screen says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The temporary password was shown and is now hidden for good.
    TempShown {
        uses: u32,
        expires_at: i64,
    },
    /// The temporary password went to the printer on a slip, never to the screen.
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

/// A message on the staff screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    EmptySignIn,
    Invalid,
    Locked {
        until: Option<i64>,
    },
    TempExpired,
    MustChange,
    CodeNotSent,
    /// No confirmed mobile (or SMS off): staff mode needs a second factor.
    NoSecondFactor,
    CodeWrong {
        tries_left: u32,
    },
    CodeVoid,
    CodeMalformed,
    QueryTooShort,
    NoMatches,
    Refused(Refusal),
    Inactive,
    NotFound,
    NoReference,
    ReferenceTooLong,
    /// More than the configured last characters of a document's number.
    WholeNumber(usize),
    Unavailable,
}

/// Work for the app to run.
#[derive(Debug)]
pub enum Request {
    SignIn {
        username: Username,
        password: Secret,
        lang: Lang,
    },
    Code {
        challenge: StaffChallenge,
        code: Secret,
    },
    Search {
        staff: StaffSession,
        query: String,
    },
    Card {
        staff: StaffSession,
        person_id: i64,
    },
    Check {
        staff: StaffSession,
        person_id: i64,
        check: IdentityCheck,
    },
    Act {
        staff: StaffSession,
        person_id: i64,
        check: IdentityCheck,
        action: StaffAction,
    },
}

/// What the work came back with.
#[derive(Debug)]
pub enum Reply {
    SignIn(SignIn),
    Code(CodeOutcome),
    Search {
        query: String,
        result: Staffed<SearchResult>,
    },
    /// Boxed: a card is large, and replies travel in every message.
    Card(Box<Staffed<PersonCard>>),
    Check {
        check: IdentityCheck,
        result: Staffed<()>,
    },
    Act(Staffed<ActionDone>),
}

impl Step {
    /// The empty sign-in form.
    pub fn sign_in() -> Self {
        Self {
            phase: Phase::SignIn {
                username: TextField::new(Username::MAX_CHARS),
                password: SecretField::new(MAX_PASSWORD_CHARS),
                focus: SignInField::Username,
            },
            busy: false,
            message: None,
        }
    }

    /// Nothing typed and nothing said: the form as it was drawn first.
    pub fn is_pristine(&self) -> bool {
        matches!(&self.phase, Phase::SignIn { username, password, .. }
            if username.value().is_empty() && password.is_empty())
            && self.message.is_none()
            && !self.busy
    }

    /// The signed-in desk, if any.
    pub fn desk(&self) -> Option<&Desk> {
        match &self.phase {
            Phase::Desk(desk) => Some(desk),
            _ => None,
        }
    }
}

/// Enters the screen (Welcome F9, or `kiosk --staff`).
pub fn start(_ctx: &mut Ctx) -> Step {
    Step::sign_in()
}

/// The database could not be reached while a request was out.
pub fn unavailable(step: &mut Step) {
    step.busy = false;
    step.message = Some(Message::Unavailable);
}

pub(super) fn request(ctx: &mut Ctx, step: &mut Step, request: Request) {
    step.busy = true;
    ctx.request(FeatureRequest::Staff(request));
}

pub fn key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    if step.busy {
        return Next::Stay;
    }
    match &mut step.phase {
        Phase::SignIn { .. } => sign_in::key(ctx, step, key),
        Phase::Code { .. } => sign_in::code_key(ctx, step, key),
        Phase::Desk(_) => desk::key(ctx, step, key),
    }
}

pub fn paste(_ctx: &mut Ctx, step: &mut Step, text: &str) -> Next {
    if step.busy {
        return Next::Stay;
    }
    let edit = match &mut step.phase {
        Phase::SignIn {
            username,
            password,
            focus,
        } => match focus {
            SignInField::Username => username.paste(text),
            SignInField::Password => password.paste(text),
        },
        Phase::Code { code, .. } => code.paste(text),
        Phase::Desk(desk) => match desk.person.as_mut().map(|p| &mut p.stage) {
            None => desk.query.paste(text),
            Some(PersonStage::Check { reference, .. }) => reference.paste(text),
            Some(_) => Edit::Unchanged,
        },
    };
    match edit {
        Edit::Changed => step.message = None,
        Edit::TooLong if desk_checking(step) => step.message = Some(Message::ReferenceTooLong),
        _ => {}
    }
    Next::Stay
}

fn desk_checking(step: &Step) -> bool {
    step.desk()
        .and_then(|d| d.person.as_ref())
        .is_some_and(|p| matches!(p.stage, PersonStage::Check { .. }))
}

pub fn reply(ctx: &mut Ctx, step: &mut Step, reply: Reply) -> Next {
    match reply {
        Reply::SignIn(outcome) => sign_in::signed_in(step, outcome),
        Reply::Code(outcome) => sign_in::code_checked(step, outcome),
        Reply::Search { query, result } => desk::found(step, query, result),
        Reply::Card(result) => card::card_reply(step, *result),
        Reply::Check { check, result } => card::checked(step, check, result),
        Reply::Act(result) => actions::acted(ctx, step, result),
    }
}

/// A denied call: the session is over, or the person cannot be helped here.
pub(super) fn denied_here(step: &mut Step, denied: Denied) -> Next {
    match denied {
        Denied::SessionEnded => Next::Wipe,
        Denied::Refused(refusal) => {
            if let Some(person) = card::person_mut(step) {
                person.card.refusal = Some(refusal);
                person.stage = PersonStage::Card;
            }
            step.message = Some(Message::Refused(refusal));
            Next::Stay
        }
        Denied::NotFound => {
            if let Phase::Desk(desk) = &mut step.phase {
                desk.person = None;
            }
            step.message = Some(Message::NotFound);
            Next::Stay
        }
    }
}

pub fn tick(ctx: &mut Ctx, step: &mut Step) -> Next {
    actions::tick(ctx, step)
}

/// Seconds a temporary password stays on screen from now, for the countdown under it.
pub fn temp_password_left(step: &Step, now: Instant, display_secs: u64) -> Option<u64> {
    let person = step.desk()?.person.as_ref()?;
    let PersonStage::TempPassword { shown_at, .. } = &person.stage else {
        return None;
    };
    let left =
        Duration::from_secs(display_secs).saturating_sub(now.saturating_duration_since(*shown_at));
    Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
}

#[cfg(test)]
mod tests;
