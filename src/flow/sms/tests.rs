//! The sms sub-flow driven through `update`, with no app and no database.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;

use super::*;
use crate::domain::auth::{Method, ResetProgress, VerifiedAccount};
use crate::flow::drive::{key, result, typed};
use crate::flow::{Effect, EffectResult, FeatureReply, Model, Msg, Outcome, Screen, update};

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
    VerifiedAccount::for_tests(1, "anna.ostlund", "Anna", "students", true, None)
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
    // Esc gives the reset up: back to its full list of methods, SMS included, no proofs.
    key(&mut m, KeyCode::Esc);
    let Screen::ChooseMethod { reset, selected } = &m.screen else {
        panic!("expected ChooseMethod, got {:?}", m.screen);
    };
    assert_eq!(reset.methods, [Method::Password, Method::Sms]);
    assert!(reset.proofs.is_empty());
    assert_eq!((reset.username.as_str(), *selected), ("anna.ostlund", 0));
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
