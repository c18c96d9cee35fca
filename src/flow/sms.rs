//! A one-time code by SMS at a reset. The code is sent on entry (off the UI thread, like
//! every request); the screen shows the masked number, takes the six digits, says what went
//! wrong (wrong code with the tries left, expired, used up, the gateway failed) and offers
//! "send again" once `sms.resend_after_secs` have passed (at once when the code is dead).
//! The office staff are always named as the other way. A right code adds a proof to the
//! reset, which the core weighs before New password.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent};

use super::FeatureRequest;
use super::feature::{Ctx, Next, ResetState};
use super::field::{Edit, SecretField, typed_char};
use crate::config::Settings;
use crate::domain::auth::Proof;
use crate::domain::code::CODE_DIGITS;
use crate::domain::lang::Lang;
use crate::domain::recovery::{CodeCheck, SendOutcome};
use crate::domain::secret::Secret;
use crate::domain::username::Username;

/// Where the screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The code is on its way to the gateway.
    Sending,
    /// The code was sent: the field is open.
    Typing,
    /// The code is being checked (or the reset completed).
    Checking,
    /// The SMS could not be sent: another method, or the office staff.
    Failed,
    /// The database could not be reached while sending; Enter tries again.
    Unavailable,
}

/// Why a typed code was not accepted (shown under the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    /// Enter before six digits were typed.
    Incomplete,
    /// Wrong code; this many tries are left on it.
    Wrong {
        tries_left: u32,
    },
    /// The last try was wrong: the code is void.
    TriesUsedUp,
    Expired,
    /// No code to check (replaced by a newer one, or used).
    NoCode,
    /// The code could not be checked (database down).
    Unavailable,
}

impl CodeProblem {
    /// The code it is about cannot be used any more: a new one may be sent at once.
    pub fn code_is_dead(self) -> bool {
        matches!(
            self,
            CodeProblem::TriesUsedUp | CodeProblem::Expired | CodeProblem::NoCode
        )
    }

    fn of<T>(check: &CodeCheck<T>) -> Option<Self> {
        match check {
            CodeCheck::Verified(_) => None,
            CodeCheck::Wrong { tries_left } => Some(CodeProblem::Wrong {
                tries_left: *tries_left,
            }),
            CodeCheck::TriesUsedUp => Some(CodeProblem::TriesUsedUp),
            CodeCheck::Expired => Some(CodeProblem::Expired),
            CodeCheck::NoCode => Some(CodeProblem::NoCode),
            CodeCheck::Malformed(_) => Some(CodeProblem::Incomplete),
        }
    }
}

/// The six-digit input shared by the reset and the mobile number screens: digits only,
/// zeroized when dropped.
#[derive(Debug)]
pub struct CodeField(SecretField);

impl Default for CodeField {
    fn default() -> Self {
        Self(SecretField::new(CODE_DIGITS))
    }
}

impl CodeField {
    /// A key press: digits go in, other characters are ignored, editing keys edit.
    pub fn key(&mut self, key: &KeyEvent) -> Edit {
        match typed_char(key) {
            Some(c) if !c.is_ascii_digit() => Edit::Unchanged,
            _ => self.0.key(key),
        }
    }

    /// A paste: its digits go in ("123 456" from a phone pastes as 123456).
    pub fn paste(&mut self, text: &str) -> Edit {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        self.0.paste(&digits)
    }

    /// The digits typed, for the field on screen and the check.
    pub fn digits(&self) -> Secret {
        self.0.secret()
    }

    pub fn len(&self) -> usize {
        self.0.chars()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn cursor(&self) -> usize {
        self.0.cursor()
    }

    /// All six digits are there.
    pub fn is_complete(&self) -> bool {
        self.len() == CODE_DIGITS
    }
}

/// When "send again" opens, and the seconds left until then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resend {
    /// When the last code was sent.
    pub sent_at: Instant,
    pub after: Duration,
}

impl Resend {
    pub fn new(settings: &Settings, sent_at: Instant) -> Self {
        Self {
            sent_at,
            after: Duration::from_secs(settings.sms.resend_after_secs),
        }
    }

    /// Whole seconds left before a new code may be asked for (0 = now).
    pub fn secs_left(&self, now: Instant) -> u64 {
        let waited = now.saturating_duration_since(self.sent_at);
        let left = self.after.saturating_sub(waited);
        left.as_secs() + u64::from(left.subsec_nanos() > 0)
    }
}

/// The screen's state.
#[derive(Debug)]
pub struct Step {
    pub reset: ResetState,
    pub phase: Phase,
    /// The number the code went to, masked (`+46 70 *** ** 67`).
    pub number: Option<String>,
    pub valid_minutes: u32,
    pub resend: Option<Resend>,
    pub code: CodeField,
    pub problem: Option<CodeProblem>,
}

/// Work for the app to run. `session` is the flow's session: the app binds the code to it
/// (with a random per-process part), so another session cannot use it.
#[derive(Debug)]
pub enum Request {
    /// `Services::request_reset_code`.
    Send {
        username: Username,
        session: u64,
        /// The language on screen: the SMS is written in it.
        lang: Lang,
    },
    /// `Services::verify_reset_code`.
    Check {
        username: Username,
        session: u64,
        code: Secret,
    },
}

/// What the work came back with.
#[derive(Debug)]
pub enum Reply {
    Sent(SendOutcome),
    Checked(CodeCheck<Proof>),
}

fn send(ctx: &mut Ctx, step: &mut Step) {
    step.phase = Phase::Sending;
    step.code = CodeField::default();
    step.problem = None;
    ctx.request(FeatureRequest::Sms(Request::Send {
        username: step.reset.username.clone(),
        session: ctx.session,
        lang: ctx.lang,
    }));
}

/// Enters the screen: the code is sent at once.
pub fn start(ctx: &mut Ctx, reset: ResetState) -> Step {
    let mut step = Step {
        reset,
        phase: Phase::Sending,
        number: None,
        valid_minutes: ctx.settings.sms.code_valid_minutes,
        resend: None,
        code: CodeField::default(),
        problem: None,
    };
    send(ctx, &mut step);
    step
}

impl Step {
    /// Whether F5 sends a new code now: the wait is over, or the code is dead anyway.
    pub fn can_resend(&self, now: Instant) -> bool {
        self.phase == Phase::Typing
            && (self.problem.is_some_and(CodeProblem::code_is_dead)
                || self.resend.is_none_or(|r| r.secs_left(now) == 0))
    }

    fn submit(&mut self, ctx: &mut Ctx) {
        if !self.code.is_complete() {
            self.problem = Some(CodeProblem::Incomplete);
            return;
        }
        let code = self.code.digits();
        self.code = CodeField::default();
        self.problem = None;
        self.phase = Phase::Checking;
        ctx.request(FeatureRequest::Sms(Request::Check {
            username: self.reset.username.clone(),
            session: ctx.session,
            code,
        }));
    }
}

pub fn key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    match step.phase {
        Phase::Sending | Phase::Checking => Next::Stay,
        Phase::Failed => match key.code {
            KeyCode::Esc | KeyCode::Enter => Next::Methods(step.reset.clone()),
            _ => Next::Stay,
        },
        Phase::Unavailable => match key.code {
            KeyCode::Esc => Next::Methods(step.reset.clone()),
            KeyCode::Enter => {
                send(ctx, step);
                Next::Stay
            }
            _ => Next::Stay,
        },
        Phase::Typing => match key.code {
            KeyCode::Esc => Next::Methods(step.reset.clone()),
            KeyCode::Enter => {
                step.submit(ctx);
                Next::Stay
            }
            KeyCode::F(5) if step.can_resend(ctx.now) => {
                send(ctx, step);
                Next::Stay
            }
            _ => {
                if step.code.key(&key) == Edit::Changed
                    && !step.problem.is_some_and(CodeProblem::code_is_dead)
                {
                    step.problem = None;
                }
                Next::Stay
            }
        },
    }
}

pub fn paste(_ctx: &mut Ctx, step: &mut Step, text: &str) -> Next {
    if step.phase == Phase::Typing
        && step.code.paste(text) == Edit::Changed
        && !step.problem.is_some_and(CodeProblem::code_is_dead)
    {
        step.problem = None;
    }
    Next::Stay
}

pub fn reply(ctx: &mut Ctx, step: &mut Step, reply: Reply) -> Next {
    match reply {
        Reply::Sent(outcome) => {
            if step.phase != Phase::Sending {
                return Next::Stay;
            }
            match outcome {
                SendOutcome::Sent {
                    shown,
                    valid_minutes,
                } => {
                    step.number = Some(shown);
                    step.valid_minutes = valid_minutes;
                    step.resend = Some(Resend::new(ctx.settings, ctx.now));
                    step.phase = Phase::Typing;
                }
                SendOutcome::Failed | SendOutcome::NotOffered => step.phase = Phase::Failed,
            }
            Next::Stay
        }
        Reply::Checked(check) => {
            if step.phase != Phase::Checking {
                return Next::Stay;
            }
            if let CodeCheck::Verified(proof) = check {
                // Stays "checking" while the core weighs the proofs.
                step.reset.proofs.push(proof);
                return Next::Proved(step.reset.clone());
            }
            step.phase = Phase::Typing;
            step.problem = CodeProblem::of(&check);
            Next::Stay
        }
    }
}

pub fn tick(_ctx: &mut Ctx, _step: &mut Step) -> Next {
    // The countdown is drawn from `Model::now`; nothing changes state on its own.
    Next::Stay
}

/// The database could not be reached for the last request.
pub fn unavailable(step: &mut Step) {
    match step.phase {
        Phase::Sending => step.phase = Phase::Unavailable,
        Phase::Checking => {
            step.phase = Phase::Typing;
            step.problem = Some(CodeProblem::Unavailable);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
