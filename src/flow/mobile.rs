//! The profile's mobile number: the current number (grouped), a field for the new one
//! (checked here with the phonenumber metadata before anything is sent, with the expected
//! format on a mistake), a code sent to the new number, and the confirmation. Nothing is
//! stored until the code typed back proves the number belongs to the person signed in.

use crossterm::event::{KeyCode, KeyEvent};

use super::FeatureRequest;
use super::feature::{Ctx, Next};
use super::field::{Edit, TextField};
use super::sms::{CodeField, CodeProblem, Resend};
use crate::config::SmsProvider;
use crate::domain::auth::VerifiedAccount;
use crate::domain::phone::{self, MobileNumber, PhoneError};
use crate::domain::recovery::{CodeCheck, MobileRequest};
use crate::domain::secret::Secret;

/// Longest number input (spacing included).
pub const MAX_NUMBER_CHARS: usize = 32;

/// Where the screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Typing the new number.
    Number,
    /// The code is on its way to the new number.
    Sending,
    /// Typing the code sent to the new number.
    Code,
    /// The code is being checked.
    Checking,
    /// The new number is stored and confirmed.
    Confirmed,
    /// SMS is switched off: a number cannot be confirmed here.
    Off,
}

/// Why the typed number was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    /// Not a mobile number (with the reason); the expected format is shown with it.
    Phone(PhoneError),
    /// It already is the confirmed number.
    Unchanged,
    /// The gateway failed.
    Failed,
    /// SMS turned out to be off.
    Off,
    /// The database could not be reached.
    Unavailable,
}

/// The screen's state.
#[derive(Debug)]
pub struct Step {
    pub account: VerifiedAccount,
    pub stage: Stage,
    /// The confirmed number now, grouped: `None` until loaded, `Some(None)` when there is
    /// none.
    pub current: Option<Option<String>>,
    /// The region's example mobile: (as written at home, with the country code).
    pub example: Option<(String, String)>,
    pub number: TextField,
    pub number_problem: Option<NumberProblem>,
    /// The new number the code went to, grouped.
    pub target: Option<String>,
    pub valid_minutes: u32,
    pub resend: Option<Resend>,
    pub code: CodeField,
    pub code_problem: Option<CodeProblem>,
}

/// Work for the app to run. `session` binds the code to this flow session (see `sms`).
#[derive(Debug)]
pub enum Request {
    /// `Services::mobile_of`.
    Current { account: VerifiedAccount },
    /// `Services::request_mobile_code`.
    Send {
        account: VerifiedAccount,
        session: u64,
        number: String,
    },
    /// `Services::confirm_mobile_code`.
    Check {
        account: VerifiedAccount,
        session: u64,
        code: Secret,
    },
}

/// What the work came back with.
#[derive(Debug)]
pub enum Reply {
    Current(Option<String>),
    Sent(MobileRequest),
    Checked(CodeCheck<MobileNumber>),
}

/// Enters the screen: the current number is looked up.
pub fn start(ctx: &mut Ctx, account: VerifiedAccount) -> Step {
    let example =
        phone::example(&ctx.settings.kiosk.phone_region).map(|n| (n.national(), n.grouped()));
    let off = ctx.settings.sms.provider == SmsProvider::None;
    ctx.request(FeatureRequest::Mobile(Request::Current {
        account: account.clone(),
    }));
    Step {
        account,
        stage: if off { Stage::Off } else { Stage::Number },
        current: None,
        example,
        number: TextField::new(MAX_NUMBER_CHARS),
        number_problem: None,
        target: None,
        valid_minutes: ctx.settings.sms.code_valid_minutes,
        resend: None,
        code: CodeField::default(),
        code_problem: None,
    }
}

impl Step {
    /// Whether F5 sends a new code now.
    pub fn can_resend(&self, now: std::time::Instant) -> bool {
        self.stage == Stage::Code
            && (self.code_problem.is_some_and(CodeProblem::code_is_dead)
                || self.resend.is_none_or(|r| r.secs_left(now) == 0))
    }

    fn send(&mut self, ctx: &mut Ctx) {
        // Checked here first, so a typo is answered at once and costs no request.
        if let Err(e) = MobileNumber::parse(self.number.value(), &ctx.settings.kiosk.phone_region) {
            self.number_problem = Some(NumberProblem::Phone(e));
            self.stage = Stage::Number;
            return;
        }
        self.stage = Stage::Sending;
        self.number_problem = None;
        self.code = CodeField::default();
        self.code_problem = None;
        ctx.request(FeatureRequest::Mobile(Request::Send {
            account: self.account.clone(),
            session: ctx.session,
            number: self.number.value().to_string(),
        }));
    }

    fn check(&mut self, ctx: &mut Ctx) {
        if !self.code.is_complete() {
            self.code_problem = Some(CodeProblem::Incomplete);
            return;
        }
        let code = self.code.digits();
        self.code = CodeField::default();
        self.code_problem = None;
        self.stage = Stage::Checking;
        ctx.request(FeatureRequest::Mobile(Request::Check {
            account: self.account.clone(),
            session: ctx.session,
            code,
        }));
    }
}

pub fn key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    match step.stage {
        Stage::Sending | Stage::Checking => Next::Stay,
        Stage::Confirmed | Stage::Off => match key.code {
            KeyCode::Enter | KeyCode::Esc => Next::Profile(step.account.clone()),
            _ => Next::Stay,
        },
        Stage::Number => match key.code {
            KeyCode::Esc => Next::Profile(step.account.clone()),
            KeyCode::Enter => {
                step.send(ctx);
                Next::Stay
            }
            _ => {
                if step.number.key(&key) == Edit::Changed {
                    step.number_problem = None;
                }
                Next::Stay
            }
        },
        Stage::Code => match key.code {
            // Back to the number, as typed, to correct it.
            KeyCode::Esc => {
                step.stage = Stage::Number;
                step.code = CodeField::default();
                step.code_problem = None;
                Next::Stay
            }
            KeyCode::Enter => {
                step.check(ctx);
                Next::Stay
            }
            KeyCode::F(5) if step.can_resend(ctx.now) => {
                step.send(ctx);
                Next::Stay
            }
            _ => {
                if step.code.key(&key) == Edit::Changed
                    && !step.code_problem.is_some_and(CodeProblem::code_is_dead)
                {
                    step.code_problem = None;
                }
                Next::Stay
            }
        },
    }
}

pub fn paste(_ctx: &mut Ctx, step: &mut Step, text: &str) -> Next {
    match step.stage {
        Stage::Number if step.number.paste(text) == Edit::Changed => step.number_problem = None,
        Stage::Code
            if step.code.paste(text) == Edit::Changed
                && !step.code_problem.is_some_and(CodeProblem::code_is_dead) =>
        {
            step.code_problem = None;
        }
        _ => {}
    }
    Next::Stay
}

pub fn reply(ctx: &mut Ctx, step: &mut Step, reply: Reply) -> Next {
    match reply {
        Reply::Current(number) => {
            // A confirmation already made knows better.
            if step.stage != Stage::Confirmed {
                step.current = Some(number);
            }
        }
        Reply::Sent(outcome) => {
            if step.stage != Stage::Sending {
                return Next::Stay;
            }
            step.stage = Stage::Number;
            match outcome {
                MobileRequest::Sent {
                    grouped,
                    valid_minutes,
                } => {
                    step.target = Some(grouped);
                    step.valid_minutes = valid_minutes;
                    step.resend = Some(Resend::new(ctx.settings, ctx.now));
                    step.stage = Stage::Code;
                }
                MobileRequest::Invalid { error, .. } => {
                    step.number_problem = Some(NumberProblem::Phone(error));
                }
                MobileRequest::Unchanged { .. } => {
                    step.number_problem = Some(NumberProblem::Unchanged);
                }
                MobileRequest::Failed => step.number_problem = Some(NumberProblem::Failed),
                MobileRequest::NotOffered => step.number_problem = Some(NumberProblem::Off),
            }
        }
        Reply::Checked(check) => {
            if step.stage != Stage::Checking {
                return Next::Stay;
            }
            match check {
                CodeCheck::Verified(number) => {
                    let grouped = number.grouped();
                    step.current = Some(Some(grouped.clone()));
                    step.target = Some(grouped);
                    step.stage = Stage::Confirmed;
                }
                CodeCheck::Wrong { tries_left } => {
                    step.stage = Stage::Code;
                    step.code_problem = Some(CodeProblem::Wrong { tries_left });
                }
                CodeCheck::TriesUsedUp => {
                    step.stage = Stage::Code;
                    step.code_problem = Some(CodeProblem::TriesUsedUp);
                }
                CodeCheck::Expired => {
                    step.stage = Stage::Code;
                    step.code_problem = Some(CodeProblem::Expired);
                }
                CodeCheck::NoCode => {
                    step.stage = Stage::Code;
                    step.code_problem = Some(CodeProblem::NoCode);
                }
                CodeCheck::Malformed(_) => {
                    step.stage = Stage::Code;
                    step.code_problem = Some(CodeProblem::Incomplete);
                }
            }
        }
    }
    Next::Stay
}

pub fn tick(_ctx: &mut Ctx, _step: &mut Step) -> Next {
    Next::Stay
}

/// The database could not be reached for the last request.
pub fn unavailable(step: &mut Step) {
    match step.stage {
        Stage::Sending => {
            step.stage = Stage::Number;
            step.number_problem = Some(NumberProblem::Unavailable);
        }
        Stage::Checking => {
            step.stage = Stage::Code;
            step.code_problem = Some(CodeProblem::Unavailable);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
