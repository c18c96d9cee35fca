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
use crate::domain::code::CODE_DIGITS;
use crate::domain::secret::Secret;
use crate::domain::username::Username;
use crate::i18n::Lang;
use crate::service::{CodeCheck, Proof, SendOutcome};

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
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use crossterm::event::KeyCode;

    use super::*;
    use crate::flow::drive::{key, result, typed};
    use crate::flow::{Effect, EffectResult, FeatureReply, Model, Msg, Outcome, Screen, update};
    use crate::service::{Method, ResetProgress, VerifiedAccount};

    fn reply(m: &mut Model, reply: Reply) -> Vec<Effect> {
        result(m, EffectResult::Feature(FeatureReply::Sms(reply)))
    }

    fn tick(m: &mut Model, after: Duration) {
        let now = m.now + after;
        // Keys keep the session alive; only the clock moves here.
        m.last_activity = now;
        update(m, Msg::Tick(now));
    }

    fn step(m: &Model) -> &Step {
        match &m.screen {
            Screen::Sms(step) => step,
            other => panic!("not on the SMS screen: {other:?}"),
        }
    }

    fn sent() -> Reply {
        Reply::Sent(SendOutcome::Sent {
            shown: "+46 70 *** ** 67".into(),
            valid_minutes: 10,
        })
    }

    fn is_send(fx: &[Effect]) -> bool {
        matches!(
            fx,
            [Effect::Feature { request: FeatureRequest::Sms(Request::Send { username, .. }), .. }]
                if username.as_str() == "anna.ostlund"
        )
    }

    /// Identify anna.ostlund, pick "code by SMS": the code is asked for at once.
    fn to_sms() -> Model {
        let mut m = Model::new(Arc::new(Settings::defaults()), false, Instant::now());
        key(&mut m, KeyCode::Enter);
        typed(&mut m, "anna.ostlund");
        key(&mut m, KeyCode::Enter);
        result(
            &mut m,
            EffectResult::Methods(Some(vec![Method::Password, Method::Sms])),
        );
        key(&mut m, KeyCode::Down);
        let fx = key(&mut m, KeyCode::Enter);
        assert!(is_send(&fx), "{fx:?}");
        assert_eq!(step(&m).phase, Phase::Sending);
        m
    }

    fn anna() -> VerifiedAccount {
        VerifiedAccount {
            id: 1,
            username: "anna.ostlund".into(),
            display_name: "Anna".into(),
            category: "students".into(),
            must_change: true,
            expires_at: None,
        }
    }

    #[test]
    fn a_right_code_proves_the_reset_and_leads_to_new_password() {
        let mut m = to_sms();
        // Keys do nothing while sending.
        assert!(typed(&mut m, "1").is_empty());
        reply(&mut m, sent());
        assert_eq!(step(&m).phase, Phase::Typing);
        assert_eq!(step(&m).number.as_deref(), Some("+46 70 *** ** 67"));
        // Letters are ignored; six digits are the most.
        typed(&mut m, "12a34-56 7");
        assert_eq!(step(&m).code.digits().expose(), "123456");
        let fx = key(&mut m, KeyCode::Enter);
        let [
            Effect::Feature {
                request: FeatureRequest::Sms(Request::Check { code, session, .. }),
                ..
            },
        ] = fx.as_slice()
        else {
            panic!("expected a check, got {fx:?}");
        };
        assert_eq!((code.expose(), *session), ("123456", m.session));
        assert_eq!(step(&m).phase, Phase::Checking);
        assert!(step(&m).code.is_empty(), "the code is not kept once sent");
        let fx = reply(
            &mut m,
            Reply::Checked(CodeCheck::Verified(Proof::new(1, Method::Sms))),
        );
        let [Effect::CompleteReset { reset, .. }] = fx.as_slice() else {
            panic!("expected the reset to be weighed, got {fx:?}");
        };
        assert_eq!(reset.proofs, vec![Proof::new(1, Method::Sms)]);
        let reset = reset.clone();
        result(
            &mut m,
            EffectResult::Reset {
                reset,
                progress: ResetProgress::Verified(anna()),
            },
        );
        assert!(matches!(m.screen, Screen::NewPassword(_)), "{:?}", m.screen);
    }

    #[test]
    fn wrong_expired_and_used_up_codes_say_so() {
        let mut m = to_sms();
        reply(&mut m, sent());
        // Fewer than six digits: not sent.
        typed(&mut m, "123");
        assert!(key(&mut m, KeyCode::Enter).is_empty());
        assert_eq!(step(&m).problem, Some(CodeProblem::Incomplete));
        typed(&mut m, "456");
        assert_eq!(step(&m).problem, None);
        key(&mut m, KeyCode::Enter);
        reply(&mut m, Reply::Checked(CodeCheck::Wrong { tries_left: 4 }));
        assert_eq!(step(&m).phase, Phase::Typing);
        assert_eq!(step(&m).problem, Some(CodeProblem::Wrong { tries_left: 4 }));
        for (check, problem) in [
            (CodeCheck::Expired, CodeProblem::Expired),
            (CodeCheck::TriesUsedUp, CodeProblem::TriesUsedUp),
            (CodeCheck::NoCode, CodeProblem::NoCode),
        ] {
            typed(&mut m, "654321");
            key(&mut m, KeyCode::Enter);
            reply(&mut m, Reply::Checked(check));
            assert_eq!(step(&m).problem, Some(problem));
            // A dead code: a new one may be sent at once, whatever the countdown says.
            assert!(step(&m).can_resend(m.now));
        }
    }

    #[test]
    fn send_again_after_the_countdown() {
        let mut m = to_sms();
        reply(&mut m, sent());
        let resend = step(&m).resend.unwrap();
        assert_eq!(resend.secs_left(m.now), 60);
        assert!(key(&mut m, KeyCode::F(5)).is_empty());
        tick(&mut m, Duration::from_secs(59));
        assert_eq!(step(&m).resend.unwrap().secs_left(m.now), 1);
        assert!(key(&mut m, KeyCode::F(5)).is_empty());
        tick(&mut m, Duration::from_secs(1));
        let fx = key(&mut m, KeyCode::F(5));
        assert!(is_send(&fx), "{fx:?}");
        assert_eq!(step(&m).phase, Phase::Sending);
        reply(&mut m, sent());
        assert_eq!(step(&m).resend.unwrap().secs_left(m.now), 60);
    }

    #[test]
    fn a_failed_send_offers_another_way() {
        let mut m = to_sms();
        reply(&mut m, Reply::Sent(SendOutcome::Failed));
        assert_eq!(step(&m).phase, Phase::Failed);
        key(&mut m, KeyCode::Enter);
        let Screen::ChooseMethod { reset, .. } = &m.screen else {
            panic!("expected the methods, got {:?}", m.screen);
        };
        assert_eq!(reset.methods, vec![Method::Password, Method::Sms]);
    }

    #[test]
    fn esc_goes_back_to_the_methods() {
        let mut m = to_sms();
        reply(&mut m, sent());
        key(&mut m, KeyCode::Esc);
        assert!(matches!(m.screen, Screen::ChooseMethod { .. }));
    }

    #[test]
    fn an_outage_is_said_and_enter_tries_again() {
        let mut m = to_sms();
        result(&mut m, EffectResult::Unavailable);
        assert_eq!(step(&m).phase, Phase::Unavailable);
        let fx = key(&mut m, KeyCode::Enter);
        assert!(is_send(&fx), "{fx:?}");
        reply(&mut m, sent());
        typed(&mut m, "123456");
        key(&mut m, KeyCode::Enter);
        result(&mut m, EffectResult::Unavailable);
        assert_eq!(step(&m).phase, Phase::Typing);
        assert_eq!(step(&m).problem, Some(CodeProblem::Unavailable));
    }

    #[test]
    fn a_late_reply_for_another_phase_is_ignored() {
        let mut m = to_sms();
        reply(&mut m, Reply::Checked(CodeCheck::Wrong { tries_left: 1 }));
        assert_eq!(step(&m).phase, Phase::Sending);
        reply(&mut m, sent());
        reply(&mut m, sent());
        assert_eq!(step(&m).phase, Phase::Typing);
        // A locked account after the code: the reset says so.
        typed(&mut m, "123456");
        key(&mut m, KeyCode::Enter);
        let fx = reply(
            &mut m,
            Reply::Checked(CodeCheck::Verified(Proof::new(1, Method::Sms))),
        );
        let [Effect::CompleteReset { reset, .. }] = fx.as_slice() else {
            panic!("{fx:?}");
        };
        let reset = reset.clone();
        result(
            &mut m,
            EffectResult::Reset {
                reset,
                progress: ResetProgress::Locked { until: None },
            },
        );
        assert_eq!(m.screen_outcome(), Some(Outcome::Locked { until: None }));
    }

    #[test]
    fn pasted_codes_keep_their_digits() {
        let mut m = to_sms();
        reply(&mut m, sent());
        update(&mut m, Msg::Paste("Kod: 123 456".into()));
        assert_eq!(step(&m).code.digits().expose(), "123456");
    }

    impl Model {
        fn screen_outcome(&self) -> Option<Outcome> {
            match &self.screen {
                Screen::Done(outcome) => Some(outcome.clone()),
                _ => None,
            }
        }
    }
}
