//! Security questions at a reset: the questions the service picked (kept until answered;
//! decoys for an unknown username, which look the same), one masked answer field each, the
//! answers checked off the UI thread. Right answers add a proof to the reset; wrong ones say
//! how many tries are left; too many lock the questions for a while.

use crossterm::event::{KeyCode, KeyEvent};

use super::FeatureRequest;
use super::feature::{Ctx, Next, ResetState};
use super::field::{Edit, SecretField};
use crate::domain::answers::MAX_ANSWER_CHARS;
use crate::domain::username::Username;
use crate::service::{AnswerInput, AnswersOutcome, ChallengeOutcome};

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
mod tests {
    use std::sync::Arc;
    use std::time::Instant;

    use crossterm::event::KeyCode;

    use super::*;
    use crate::config::Settings;
    use crate::flow::drive::{key, result, typed};
    use crate::flow::{Effect, EffectResult, FeatureReply, Model, Msg, Screen, update};
    use crate::service::{Method, Proof, ResetProgress, VerifiedAccount};

    fn reply(m: &mut Model, reply: Reply) -> Vec<Effect> {
        result(m, EffectResult::Feature(FeatureReply::Questions(reply)))
    }

    fn step(m: &Model) -> &Step {
        match &m.screen {
            Screen::Questions(step) => step,
            other => panic!("not on the questions: {other:?}"),
        }
    }

    /// Identify anna.ostlund, pick the questions: the questions are asked for.
    fn to_questions() -> Model {
        let mut m = Model::new(Arc::new(Settings::defaults()), false, Instant::now());
        key(&mut m, KeyCode::Enter);
        typed(&mut m, "anna.ostlund");
        key(&mut m, KeyCode::Enter);
        result(
            &mut m,
            EffectResult::Methods(Some(vec![Method::Password, Method::Questions])),
        );
        key(&mut m, KeyCode::Down);
        let fx = key(&mut m, KeyCode::Enter);
        assert!(
            matches!(
                fx.as_slice(),
                [Effect::Feature { request: FeatureRequest::Questions(Request::Start { username }), .. }]
                    if username.as_str() == "anna.ostlund"
            ),
            "{fx:?}"
        );
        assert_eq!(step(&m).phase, Phase::Loading);
        m
    }

    fn asked() -> Model {
        let mut m = to_questions();
        let ids = vec!["street_age_seven".to_string(), "first_concert".to_string()];
        reply(&mut m, Reply::Asked(ChallengeOutcome::Ask(ids)));
        assert_eq!(step(&m).phase, Phase::Answering);
        m
    }

    /// Both answered and sent: the effect that was asked for.
    fn sent(m: &mut Model) -> Vec<AnswerInput> {
        typed(m, "Storgatan");
        assert!(
            key(m, KeyCode::Enter).is_empty(),
            "Enter on the first moves on"
        );
        typed(m, "Kent");
        let fx = key(m, KeyCode::Enter);
        let [
            Effect::Feature {
                request: FeatureRequest::Questions(Request::Answer { answers, .. }),
                ..
            },
        ] = fx.as_slice()
        else {
            panic!("no answer request: {fx:?}");
        };
        assert_eq!(step(m).phase, Phase::Checking);
        assert!(
            step(m).answers.iter().all(SecretField::is_empty),
            "sent answers are wiped"
        );
        answers.clone()
    }

    #[test]
    fn right_answers_prove_and_the_core_weighs_them() {
        let mut m = asked();
        let answers = sent(&mut m);
        let given: Vec<(&str, &str)> = answers
            .iter()
            .map(|a| (a.question_id.as_str(), a.answer.expose()))
            .collect();
        assert_eq!(
            given,
            [("street_age_seven", "Storgatan"), ("first_concert", "Kent")]
        );
        // Keys while checking do nothing.
        assert!(key(&mut m, KeyCode::Char('x')).is_empty());
        let fx = reply(
            &mut m,
            Reply::Answered(AnswersOutcome::Verified(Proof::new(7, Method::Questions))),
        );
        let [Effect::CompleteReset { reset, .. }] = fx.as_slice() else {
            panic!("no reset weighing: {fx:?}");
        };
        assert_eq!(reset.proofs, vec![Proof::new(7, Method::Questions)]);
        // Another method still required: back to the list with only that one.
        let reset = reset.clone();
        result(
            &mut m,
            EffectResult::Reset {
                reset: reset.clone(),
                progress: ResetProgress::Missing(vec![Method::Sms]),
            },
        );
        let Screen::ChooseMethod { reset: back, .. } = &m.screen else {
            panic!("expected ChooseMethod, got {:?}", m.screen);
        };
        assert_eq!(
            (back.methods.as_slice(), back.proofs.len()),
            ([Method::Sms].as_slice(), 1)
        );

        // All required: on to New password, only a change allowed.
        let mut m = asked();
        sent(&mut m);
        reply(
            &mut m,
            Reply::Answered(AnswersOutcome::Verified(Proof::new(7, Method::Questions))),
        );
        let account = VerifiedAccount {
            id: 7,
            username: "anna.ostlund".into(),
            display_name: "Anna Östlund".into(),
            category: "students".into(),
            must_change: true,
            expires_at: None,
        };
        result(
            &mut m,
            EffectResult::Reset {
                reset,
                progress: ResetProgress::Verified(account),
            },
        );
        assert!(matches!(m.screen, Screen::NewPassword(_)), "{:?}", m.screen);
    }

    #[test]
    fn wrong_answers_say_the_tries_left_and_are_typed_again() {
        let mut m = asked();
        sent(&mut m);
        reply(
            &mut m,
            Reply::Answered(AnswersOutcome::Wrong { tries_left: 2 }),
        );
        let s = step(&m);
        assert_eq!(
            (s.phase, s.error, s.focus),
            (
                Phase::Answering,
                Some(QuestionsError::Wrong { tries_left: 2 }),
                0
            )
        );
        // The same questions again.
        assert_eq!(s.question_ids, ["street_age_seven", "first_concert"]);
        typed(&mut m, "x");
        assert_eq!(step(&m).error, None, "typing clears the message");
        reply(
            &mut m,
            Reply::Answered(AnswersOutcome::Wrong { tries_left: 1 }),
        );
        assert_eq!(step(&m).error, None, "a reply nobody waits for is dropped");
    }

    #[test]
    fn empty_answers_are_not_sent() {
        let mut m = asked();
        key(&mut m, KeyCode::Tab);
        typed(&mut m, "Kent");
        assert!(key(&mut m, KeyCode::Enter).is_empty());
        let s = step(&m);
        assert_eq!(
            (s.error, s.focus, s.phase),
            (Some(QuestionsError::Unanswered), 0, Phase::Answering)
        );
    }

    #[test]
    fn locked_stale_unavailable_and_back() {
        let mut m = asked();
        sent(&mut m);
        reply(
            &mut m,
            Reply::Answered(AnswersOutcome::Locked { until: Some(99) }),
        );
        assert_eq!(step(&m).phase, Phase::Locked { until: Some(99) });
        assert!(key(&mut m, KeyCode::Char('a')).is_empty());
        key(&mut m, KeyCode::Enter);
        assert!(matches!(m.screen, Screen::ChooseMethod { .. }));

        // The questions changed meanwhile: asked again, nothing counted.
        let mut m = asked();
        sent(&mut m);
        let fx = reply(&mut m, Reply::Answered(AnswersOutcome::Stale));
        assert!(matches!(
            fx.as_slice(),
            [Effect::Feature {
                request: FeatureRequest::Questions(Request::Start { .. }),
                ..
            }]
        ));
        assert_eq!(
            (step(&m).phase, step(&m).error),
            (Phase::Loading, Some(QuestionsError::Changed))
        );

        // The database is away while checking: the answers are typed again later.
        let mut m = asked();
        sent(&mut m);
        result(&mut m, EffectResult::Unavailable);
        assert_eq!(
            (step(&m).phase, step(&m).error),
            (Phase::Answering, Some(QuestionsError::Unavailable))
        );
        // ... and while fetching: Enter tries again.
        let mut m = to_questions();
        result(&mut m, EffectResult::Unavailable);
        assert_eq!(step(&m).phase, Phase::Unavailable);
        let fx = key(&mut m, KeyCode::Enter);
        assert_eq!(fx.len(), 1);
        assert_eq!(step(&m).phase, Phase::Loading);

        // Esc: back to the methods; nothing else pending.
        let mut m = asked();
        typed(&mut m, "Storg");
        assert!(key(&mut m, KeyCode::Esc).is_empty());
        let Screen::ChooseMethod { reset, .. } = &m.screen else {
            panic!("expected ChooseMethod");
        };
        assert_eq!(reset.methods, [Method::Password, Method::Questions]);
    }

    #[test]
    fn f4_shows_only_the_focused_answer_until_the_focus_moves() {
        let mut m = asked();
        typed(&mut m, "Storgatan");
        key(&mut m, KeyCode::F(4));
        assert!(step(&m).revealed);
        key(&mut m, KeyCode::Down);
        assert!(!step(&m).revealed);
        // Pasting works and is capped.
        update(&mut m, Msg::Paste("Kent".into()));
        assert_eq!(step(&m).answers[1].chars(), 4);
        update(&mut m, Msg::Paste("x".repeat(500)));
        assert_eq!(
            (step(&m).answers[1].chars(), step(&m).error),
            (4, Some(QuestionsError::TooLong))
        );
    }
}
