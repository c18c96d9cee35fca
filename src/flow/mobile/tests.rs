//! The mobile sub-flow driven through `update`, with no app and no database.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyCode;

use super::*;
use crate::config::Settings;
use crate::flow::drive::{key, typed};
use crate::flow::{Effect, EffectResult, FeatureReply, Model, Msg, Screen, update};

fn reply(m: &mut Model, reply: Reply) -> Vec<Effect> {
    let session = m.session;
    let result = EffectResult::Feature(FeatureReply::Mobile(reply));
    update(m, Msg::Result { session, result })
}

fn step(m: &Model) -> &Step {
    match &m.screen {
        Screen::Mobile(step) => step,
        other => panic!("not on the mobile screen: {other:?}"),
    }
}

fn anna() -> VerifiedAccount {
    VerifiedAccount::for_tests(1, "anna.ostlund", "Anna", "students", false, None)
}

/// The mobile entry, as the Profile opens it: the current number is asked for.
/// The defaults with a gateway: the shipped default provider is "none".
fn sms_on() -> Settings {
    let mut settings = Settings::defaults();
    settings.sms.provider = crate::config::SmsProvider::Outbox;
    settings
}

fn to_mobile(settings: Settings) -> Model {
    let mut m = Model::new(Arc::new(settings), false, Instant::now());
    let settings = m.settings.clone();
    let mut fx = Vec::new();
    let mut ctx = Ctx {
        session: m.session,
        now: m.now,
        lang: m.lang,
        settings: &settings,
        effects: &mut fx,
    };
    let step = start(&mut ctx, anna());
    assert!(matches!(
        fx.as_slice(),
        [Effect::Feature {
            request: FeatureRequest::Mobile(Request::Current { .. }),
            ..
        }]
    ));
    m.screen = Screen::Mobile(Box::new(step));
    m
}

#[test]
fn a_new_number_is_confirmed_with_a_code() {
    let mut m = to_mobile(sms_on());
    assert_eq!(step(&m).stage, Stage::Number);
    assert_eq!(
        step(&m).example,
        Some(("070-123 45 67".into(), "+46 70 123 45 67".into()))
    );
    reply(&mut m, Reply::Current(Some("+46 70 123 45 67".into())));
    assert_eq!(step(&m).current, Some(Some("+46 70 123 45 67".into())));
    typed(&mut m, "073-123 45 67");
    let fx = key(&mut m, KeyCode::Enter);
    let [
        Effect::Feature {
            request:
                FeatureRequest::Mobile(Request::Send {
                    number, session, ..
                }),
            ..
        },
    ] = fx.as_slice()
    else {
        panic!("expected a send, got {fx:?}");
    };
    assert_eq!((number.as_str(), *session), ("073-123 45 67", m.session));
    assert_eq!(step(&m).stage, Stage::Sending);
    reply(
        &mut m,
        Reply::Sent(MobileRequest::Sent {
            grouped: "+46 73 123 45 67".into(),
            valid_minutes: 10,
        }),
    );
    assert_eq!(step(&m).stage, Stage::Code);
    assert_eq!(step(&m).target.as_deref(), Some("+46 73 123 45 67"));
    typed(&mut m, "123456");
    let fx = key(&mut m, KeyCode::Enter);
    assert!(matches!(
        fx.as_slice(),
        [Effect::Feature { request: FeatureRequest::Mobile(Request::Check { code, .. }), .. }]
            if code.expose() == "123456"
    ));
    reply(&mut m, Reply::Checked(CodeCheck::Wrong { tries_left: 4 }));
    assert_eq!(
        step(&m).code_problem,
        Some(CodeProblem::Wrong { tries_left: 4 })
    );
    typed(&mut m, "654321");
    key(&mut m, KeyCode::Enter);
    let number = MobileNumber::parse("073-123 45 67", "SE").unwrap();
    reply(&mut m, Reply::Checked(CodeCheck::Verified(number)));
    assert_eq!(step(&m).stage, Stage::Confirmed);
    assert_eq!(step(&m).current, Some(Some("+46 73 123 45 67".into())));
    // Back to the Profile.
    key(&mut m, KeyCode::Enter);
    assert!(matches!(m.screen, Screen::Profile(_)), "{:?}", m.screen);
}

#[test]
fn a_mistyped_number_is_answered_at_once() {
    let mut m = to_mobile(sms_on());
    // The Swedish document's example: one digit too many.
    typed(&mut m, "+46 70 123 45 678");
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    assert_eq!(
        step(&m).number_problem,
        Some(NumberProblem::Phone(PhoneError::TooLong))
    );
    // Editing clears the message.
    key(&mut m, KeyCode::Backspace);
    assert_eq!(step(&m).number_problem, None);
    let mut m = to_mobile(sms_on());
    key(&mut m, KeyCode::Enter);
    assert_eq!(
        step(&m).number_problem,
        Some(NumberProblem::Phone(PhoneError::Empty))
    );
}

#[test]
fn service_refusals_return_to_the_number() {
    let mut m = to_mobile(sms_on());
    typed(&mut m, "070-123 45 67");
    for (outcome, problem) in [
        (
            MobileRequest::Unchanged {
                grouped: "+46 70 123 45 67".into(),
            },
            NumberProblem::Unchanged,
        ),
        (MobileRequest::Failed, NumberProblem::Failed),
        (MobileRequest::NotOffered, NumberProblem::Off),
    ] {
        key(&mut m, KeyCode::Enter);
        reply(&mut m, Reply::Sent(outcome));
        assert_eq!(step(&m).stage, Stage::Number);
        assert_eq!(step(&m).number_problem, Some(problem));
    }
    key(&mut m, KeyCode::Enter);
    let session = m.session;
    update(
        &mut m,
        Msg::Result {
            session,
            result: EffectResult::Unavailable,
        },
    );
    assert_eq!(step(&m).number_problem, Some(NumberProblem::Unavailable));
}

#[test]
fn esc_from_the_code_keeps_the_number_and_resend_waits() {
    let mut m = to_mobile(sms_on());
    typed(&mut m, "0731234567");
    key(&mut m, KeyCode::Enter);
    reply(
        &mut m,
        Reply::Sent(MobileRequest::Sent {
            grouped: "+46 73 123 45 67".into(),
            valid_minutes: 10,
        }),
    );
    assert!(key(&mut m, KeyCode::F(5)).is_empty());
    let later = m.now + Duration::from_secs(60);
    m.last_activity = later;
    update(&mut m, Msg::Tick(later));
    let fx = key(&mut m, KeyCode::F(5));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Feature {
            request: FeatureRequest::Mobile(Request::Send { .. }),
            ..
        }]
    ));
    reply(
        &mut m,
        Reply::Sent(MobileRequest::Sent {
            grouped: "+46 73 123 45 67".into(),
            valid_minutes: 10,
        }),
    );
    key(&mut m, KeyCode::Esc);
    assert_eq!(step(&m).stage, Stage::Number);
    assert_eq!(step(&m).number.value(), "0731234567");
    key(&mut m, KeyCode::Esc);
    assert!(matches!(m.screen, Screen::Profile(_)));
}

#[test]
fn sms_off_says_so() {
    let mut settings = Settings::defaults();
    settings.sms.provider = SmsProvider::None;
    let mut m = to_mobile(settings);
    assert_eq!(step(&m).stage, Stage::Off);
    assert!(typed(&mut m, "0701234567").is_empty());
    key(&mut m, KeyCode::Esc);
    assert!(matches!(m.screen, Screen::Profile(_)));
}
