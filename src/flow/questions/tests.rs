//! The questions sub-flow driven through `update`, with no app and no database.

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::KeyCode;

use super::*;
use crate::config::Settings;
use crate::domain::auth::{Method, Proof, ResetProgress, VerifiedAccount};
use crate::flow::drive::{key, result, typed};
use crate::flow::{Effect, EffectResult, FeatureReply, Model, Msg, Screen, update};

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
    let account =
        VerifiedAccount::for_tests(7, "anna.ostlund", "Anna Östlund", "students", true, None);
    result(
        &mut m,
        EffectResult::Reset {
            reset,
            progress: ResetProgress::Verified(account),
        },
    );
    assert!(matches!(m.screen, Screen::NewPassword(_)), "{:?}", m.screen);
}

/// Esc on New password reached by a reset goes back to that reset's list of methods, every
/// method the account offered (not "Your current password", not only the methods left
/// after an earlier proof), with no proof kept: the reset starts again.
#[test]
fn esc_from_new_password_after_a_reset_returns_to_all_its_methods() {
    let mut m = asked();
    sent(&mut m);
    let fx = reply(
        &mut m,
        Reply::Answered(AnswersOutcome::Verified(Proof::new(7, Method::Questions))),
    );
    let [Effect::CompleteReset { reset, .. }] = fx.as_slice() else {
        panic!("no reset weighing: {fx:?}");
    };
    // As after a second proof, when only SMS was still missing.
    let reset = ResetState {
        methods: vec![Method::Sms],
        proofs: vec![Proof::new(7, Method::Questions), Proof::new(7, Method::Sms)],
        ..reset.clone()
    };
    let account =
        VerifiedAccount::for_tests(7, "anna.ostlund", "Anna Östlund", "students", true, None);
    result(
        &mut m,
        EffectResult::Reset {
            reset,
            progress: ResetProgress::Verified(account),
        },
    );
    assert!(matches!(m.screen, Screen::NewPassword(_)), "{:?}", m.screen);
    typed(&mut m, "Gronsak");
    key(&mut m, KeyCode::Esc);
    let Screen::ChooseMethod { reset, .. } = &m.screen else {
        panic!("expected ChooseMethod, got {:?}", m.screen);
    };
    assert_eq!(reset.methods, [Method::Password, Method::Questions]);
    assert!(reset.proofs.is_empty(), "the reset starts again");
    // The next Esc goes back to the username, as from any list of methods.
    key(&mut m, KeyCode::Esc);
    assert!(
        matches!(m.screen, Screen::Identify { .. }),
        "{:?}",
        m.screen
    );

    // Reached by the current password, Esc goes back to it, as before.
    let mut m = Model::new(Arc::new(Settings::defaults()), false, Instant::now());
    key(&mut m, KeyCode::Enter);
    typed(&mut m, "anna.ostlund");
    key(&mut m, KeyCode::Enter);
    result(
        &mut m,
        EffectResult::Methods(Some(vec![Method::Password, Method::Questions])),
    );
    key(&mut m, KeyCode::Enter);
    typed(&mut m, "Temp-Pass-8812");
    key(&mut m, KeyCode::Enter);
    let account =
        VerifiedAccount::for_tests(7, "anna.ostlund", "Anna Östlund", "students", true, None);
    result(
        &mut m,
        EffectResult::Verified(crate::domain::auth::VerifyOutcome::Verified(account)),
    );
    assert!(matches!(m.screen, Screen::NewPassword(_)), "{:?}", m.screen);
    key(&mut m, KeyCode::Esc);
    assert!(
        matches!(m.screen, Screen::CurrentPassword { .. }),
        "{:?}",
        m.screen
    );
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
