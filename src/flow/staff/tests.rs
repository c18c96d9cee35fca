//! The staff sub-flow driven key by key, with no app and no database.

use super::*;
use crate::config::Settings;
use crate::flow::Effect;
use crossterm::event::{KeyCode, KeyModifiers};

fn press(step: &mut Step, settings: &Settings, code: KeyCode) -> (Next, Vec<Effect>) {
    let mut effects = Vec::new();
    let mut ctx = Ctx {
        session: 1,
        now: Instant::now(),
        lang: Lang::En,
        settings,
        effects: &mut effects,
    };
    let next = key(&mut ctx, step, KeyEvent::new(code, KeyModifiers::NONE));
    (next, effects)
}

fn type_text(step: &mut Step, settings: &Settings, text: &str) {
    for c in text.chars() {
        press(step, settings, KeyCode::Char(c));
    }
}

#[test]
fn sign_in_sends_once_and_forgets_the_password() {
    let settings = Settings::defaults();
    let mut step = Step::sign_in();
    assert!(step.is_pristine());
    type_text(&mut step, &settings, "Eva.Nilsson");
    let (_, fx) = press(&mut step, &settings, KeyCode::Enter);
    assert!(fx.is_empty(), "Enter on the username moves on");
    type_text(&mut step, &settings, "Kaffe-Tavla-Krita-9");
    let (next, fx) = press(&mut step, &settings, KeyCode::Enter);
    assert!(matches!(next, Next::Stay));
    let [
        Effect::Feature {
            request:
                FeatureRequest::Staff(Request::SignIn {
                    username, password, ..
                }),
            ..
        },
    ] = fx.as_slice()
    else {
        panic!("one sign-in request: {fx:?}");
    };
    assert_eq!(username.as_str(), "eva.nilsson");
    assert_eq!(password.expose(), "Kaffe-Tavla-Krita-9");
    assert!(step.busy);
    let Phase::SignIn { password, .. } = &step.phase else {
        panic!("still signing in");
    };
    assert!(password.is_empty(), "the typed password is not kept");
    // Keys wait for the reply.
    let (_, fx) = press(&mut step, &settings, KeyCode::Enter);
    assert!(fx.is_empty());
    unavailable(&mut step);
    assert!(!step.busy && step.message == Some(Message::Unavailable));
}

#[test]
fn sign_in_refuses_empty_and_impossible_names_without_asking() {
    let settings = Settings::defaults();
    let mut step = Step::sign_in();
    press(&mut step, &settings, KeyCode::Tab);
    let (_, fx) = press(&mut step, &settings, KeyCode::Enter);
    assert!(fx.is_empty());
    assert_eq!(step.message, Some(Message::EmptySignIn));
    press(&mut step, &settings, KeyCode::Tab);
    type_text(&mut step, &settings, "no spaces");
    press(&mut step, &settings, KeyCode::Tab);
    type_text(&mut step, &settings, "x");
    let (_, fx) = press(&mut step, &settings, KeyCode::Enter);
    assert!(fx.is_empty());
    assert_eq!(step.message, Some(Message::Invalid));
    let (next, _) = press(&mut step, &settings, KeyCode::Esc);
    assert!(matches!(next, Next::Wipe), "Esc drops everything");
}

/// Issue 11, point 4: an account without a second factor stays at the sign-in, told why,
/// and nothing of the desk opens.
#[test]
fn no_second_factor_keeps_the_sign_in_closed() {
    let settings = Settings::defaults();
    let mut step = Step::sign_in();
    type_text(&mut step, &settings, "eva.nilsson");
    press(&mut step, &settings, KeyCode::Enter);
    type_text(&mut step, &settings, "Kaffe-Tavla-Krita-9");
    press(&mut step, &settings, KeyCode::Enter);
    assert!(step.busy);
    let next = sign_in::signed_in(&mut step, crate::service::SignIn::NoSecondFactor);
    assert!(matches!(next, Next::Stay));
    assert!(!step.busy);
    assert_eq!(step.message, Some(Message::NoSecondFactor));
    assert!(matches!(step.phase, Phase::SignIn { .. }));
}
