//! Security questions at a reset: the questions the service picked (kept until answered;
//! decoys for an unknown username, which look the same), one masked answer field each, the
//! answers checked off the UI thread. Right answers add a proof to the reset; wrong ones say
//! how many tries are left; too many lock the questions for a while.

use crossterm::event::{KeyCode, KeyEvent};

use super::FeatureRequest;
use super::feature::{Ctx, Next, ResetState};
use super::field::{Edit, SecretField};
use crate::domain::answers::MAX_ANSWER_CHARS;
use crate::domain::recovery::{AnswerInput, AnswersOutcome, ChallengeOutcome};
use crate::domain::username::Username;

/// Where the screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for the questions.
    Loading,
    /// The answer fields are open.
    Answering,
    /// The answers are being checked (or the reset completed).
    Checking,
    /// Too many wrong answers: try again after `until`, or ask the staff (`None`).
    Locked { until: Option<i64> },
    /// Questions are not a method for this account after all.
    NotOffered,
    /// The questions could not be fetched; Enter tries again.
    Unavailable,
}

/// Why the answers were not accepted (shown under the fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionsError {
    /// Enter with a field still empty.
    Unanswered,
    /// A paste or keystroke would pass the longest answer.
    TooLong,
    /// At least one answer is wrong.
    Wrong { tries_left: u32 },
    /// The questions changed meanwhile (answered at another kiosk): these are the new ones.
    Changed,
    /// The answers could not be checked.
    Unavailable,
}

/// The screen's state.
#[derive(Debug)]
pub struct Step {
    pub reset: ResetState,
    pub phase: Phase,
    /// Catalogue ids of the questions asked, in order.
    pub question_ids: Vec<String>,
    /// One masked field per question.
    pub answers: Vec<SecretField>,
    pub focus: usize,
    /// The focused answer is shown in clear (F4) until the focus moves or it is sent.
    pub revealed: bool,
    pub error: Option<QuestionsError>,
}

/// Work for the app to run.
#[derive(Debug)]
pub enum Request {
    /// The questions to ask `username` (`Services::start_questions`).
    Start { username: Username },
    /// Check the answers (`Services::answer_questions`).
    Answer {
        username: Username,
        answers: Vec<AnswerInput>,
    },
}

/// What the work came back with.
#[derive(Debug)]
pub enum Reply {
    Asked(ChallengeOutcome),
    Answered(AnswersOutcome),
}

fn ask(ctx: &mut Ctx, username: &Username) {
    ctx.request(FeatureRequest::Questions(Request::Start {
        username: username.clone(),
    }));
}

/// Enters the screen: the questions are fetched.
pub fn start(ctx: &mut Ctx, reset: ResetState) -> Step {
    ask(ctx, &reset.username);
    Step {
        reset,
        phase: Phase::Loading,
        question_ids: Vec::new(),
        answers: Vec::new(),
        focus: 0,
        revealed: false,
        error: None,
    }
}

fn fresh_fields(n: usize) -> Vec<SecretField> {
    (0..n).map(|_| SecretField::new(MAX_ANSWER_CHARS)).collect()
}

impl Step {
    fn move_focus(&mut self, forward: bool) {
        let n = self.answers.len();
        if n == 0 {
            return;
        }
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
        self.revealed = false;
    }

    fn submit(&mut self, ctx: &mut Ctx) {
        if let Some(empty) = self.answers.iter().position(SecretField::is_empty) {
            self.focus = empty;
            self.error = Some(QuestionsError::Unanswered);
            return;
        }
        let answers = self
            .question_ids
            .iter()
            .zip(&self.answers)
            .map(|(id, field)| AnswerInput::new(id.clone(), field.secret()))
            .collect();
        // The answers are not kept once sent: a wrong set is typed again.
        self.answers = fresh_fields(self.question_ids.len());
        self.focus = 0;
        self.revealed = false;
        self.error = None;
        self.phase = Phase::Checking;
        ctx.request(FeatureRequest::Questions(Request::Answer {
            username: self.reset.username.clone(),
            answers,
        }));
    }
}

pub fn key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    match step.phase {
        Phase::Loading | Phase::Checking => Next::Stay,
        Phase::Locked { .. } | Phase::NotOffered => match key.code {
            KeyCode::Esc | KeyCode::Enter => Next::Methods(step.reset.clone()),
            _ => Next::Stay,
        },
        Phase::Unavailable => match key.code {
            KeyCode::Esc => Next::Methods(step.reset.clone()),
            KeyCode::Enter => {
                step.phase = Phase::Loading;
                step.error = None;
                ask(ctx, &step.reset.username);
                Next::Stay
            }
            _ => Next::Stay,
        },
        Phase::Answering => match key.code {
            KeyCode::Esc => Next::Methods(step.reset.clone()),
            KeyCode::Tab | KeyCode::Down => {
                step.move_focus(true);
                Next::Stay
            }
            KeyCode::BackTab | KeyCode::Up => {
                step.move_focus(false);
                Next::Stay
            }
            KeyCode::F(4) => {
                step.revealed = !step.revealed;
                Next::Stay
            }
            KeyCode::Enter if step.focus + 1 < step.answers.len() => {
                step.move_focus(true);
                Next::Stay
            }
            KeyCode::Enter => {
                step.submit(ctx);
                Next::Stay
            }
            _ => {
                if let Some(field) = step.answers.get_mut(step.focus) {
                    match field.key(&key) {
                        Edit::Changed => step.error = None,
                        Edit::TooLong => step.error = Some(QuestionsError::TooLong),
                        Edit::Unchanged => {}
                    }
                }
                Next::Stay
            }
        },
    }
}

pub fn paste(_ctx: &mut Ctx, step: &mut Step, text: &str) -> Next {
    if step.phase == Phase::Answering
        && let Some(field) = step.answers.get_mut(step.focus)
    {
        step.error = match field.paste(text) {
            Edit::TooLong => Some(QuestionsError::TooLong),
            _ => None,
        };
    }
    Next::Stay
}

pub fn reply(ctx: &mut Ctx, step: &mut Step, reply: Reply) -> Next {
    match reply {
        Reply::Asked(outcome) => {
            if step.phase != Phase::Loading {
                return Next::Stay;
            }
            match outcome {
                ChallengeOutcome::Ask(ids) => {
                    step.answers = fresh_fields(ids.len());
                    step.question_ids = ids;
                    step.focus = 0;
                    step.phase = Phase::Answering;
                }
                ChallengeOutcome::Locked { until } => step.phase = Phase::Locked { until },
                ChallengeOutcome::NotOffered => step.phase = Phase::NotOffered,
            }
            Next::Stay
        }
        Reply::Answered(outcome) => {
            if step.phase != Phase::Checking {
                return Next::Stay;
            }
            match outcome {
                AnswersOutcome::Verified(proof) => {
                    // Stays "checking" while the core weighs the proofs.
                    step.reset.proofs.push(proof);
                    Next::Proved(step.reset.clone())
                }
                AnswersOutcome::Wrong { tries_left } => {
                    step.phase = Phase::Answering;
                    step.error = Some(QuestionsError::Wrong { tries_left });
                    Next::Stay
                }
                AnswersOutcome::Locked { until } => {
                    step.phase = Phase::Locked { until };
                    Next::Stay
                }
                AnswersOutcome::Stale => {
                    step.phase = Phase::Loading;
                    step.error = Some(QuestionsError::Changed);
                    ask(ctx, &step.reset.username);
                    Next::Stay
                }
                AnswersOutcome::NotOffered => {
                    step.phase = Phase::NotOffered;
                    Next::Stay
                }
            }
        }
    }
}

pub fn tick(_ctx: &mut Ctx, _step: &mut Step) -> Next {
    Next::Stay
}

/// The database could not be reached for the last request.
pub fn unavailable(step: &mut Step) {
    match step.phase {
        Phase::Loading => step.phase = Phase::Unavailable,
        Phase::Checking => {
            step.phase = Phase::Answering;
            step.error = Some(QuestionsError::Unavailable);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
