//! The profile sub-flow driven through `update`, with no app and no database.

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::KeyCode;

use super::*;
use crate::domain::auth::{ChangeOutcome, Method, VerifyOutcome};
use crate::flow::drive::{key, result, typed};
use crate::flow::{Effect, EffectResult, FeatureReply, Model, Outcome, Screen};

fn account(category: &str, must_change: bool) -> VerifiedAccount {
    VerifiedAccount::for_tests(
        7,
        "anna.ostlund",
        "Anna Östlund",
        category,
        must_change,
        Some(1_800_000_000),
    )
}

fn step(m: &Model) -> &Step {
    match &m.screen {
        Screen::Profile(step) => step,
        other => panic!("not on the Profile: {other:?}"),
    }
}

/// Signed in with the current password as `category`: the effects of that moment.
fn signed_in(category: &str) -> (Model, Vec<Effect>) {
    let mut m = Model::new(Arc::new(Settings::defaults()), false, Instant::now());
    key(&mut m, KeyCode::Enter);
    typed(&mut m, "anna.ostlund");
    key(&mut m, KeyCode::Enter);
    result(&mut m, EffectResult::Methods(Some(vec![Method::Password])));
    key(&mut m, KeyCode::Enter);
    typed(&mut m, "Solros-Kanel-42");
    key(&mut m, KeyCode::Enter);
    let fx = result(
        &mut m,
        EffectResult::Verified(VerifyOutcome::Verified(account(category, false))),
    );
    (m, fx)
}

fn answer_page(m: &Model) -> &AnswerPage {
    match &step(m).page {
        Page::Answer(page) => page,
        other => panic!("not answering: {other:?}"),
    }
}

#[test]
fn the_current_password_leads_to_the_profile_and_enter_to_a_change() {
    let (mut m, fx) = signed_in("students");
    assert!(matches!(
        fx.as_slice(),
        [Effect::Feature {
            request: FeatureRequest::Profile(Request::Load { .. }),
            ..
        }]
    ));
    assert!(matches!(step(&m).page, Page::Menu { selected: 0 }));
    assert_eq!(
        menu(&m.settings, &step(&m).account),
        [
            MenuItem::ChangePassword,
            MenuItem::Rules,
            MenuItem::Questions,
            MenuItem::Mobile
        ]
    );
    key(&mut m, KeyCode::Enter);
    let Screen::NewPassword(new) = &m.screen else {
        panic!("expected New password, got {:?}", m.screen);
    };
    assert!(!new.account.must_change());
    // A temporary password (must change) goes straight to New password.
    let mut m = Model::new(Arc::new(Settings::defaults()), false, Instant::now());
    key(&mut m, KeyCode::Enter);
    typed(&mut m, "anna.ostlund");
    key(&mut m, KeyCode::Enter);
    result(&mut m, EffectResult::Methods(Some(vec![Method::Password])));
    key(&mut m, KeyCode::Enter);
    typed(&mut m, "Temp-1");
    key(&mut m, KeyCode::Enter);
    result(
        &mut m,
        EffectResult::Verified(VerifyOutcome::Verified(account("students", true))),
    );
    assert!(matches!(m.screen, Screen::NewPassword(_)));
}

#[test]
fn menu_rules_mobile_and_sign_out() {
    let (mut m, _) = signed_in("staff");
    assert_eq!(
        menu(&m.settings, &step(&m).account),
        [MenuItem::ChangePassword, MenuItem::Rules, MenuItem::Mobile],
        "staff: questions are off"
    );
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Enter);
    assert!(matches!(step(&m).page, Page::Rules));
    key(&mut m, KeyCode::Esc);
    assert!(matches!(step(&m).page, Page::Menu { selected: 1 }));
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Enter);
    assert!(matches!(m.screen, Screen::Mobile(_)), "{:?}", m.screen);

    let (mut m, _) = signed_in("students");
    let session = m.session;
    let fx = key(&mut m, KeyCode::Esc);
    assert!(matches!(m.screen, Screen::Welcome));
    assert_eq!(m.session, session + 1);
    assert!(matches!(fx.as_slice(), [Effect::ClearTerminal]));
}

#[test]
fn the_expiry_warning_counts_days_from_the_services_clock() {
    let (mut m, _) = signed_in("students");
    assert_eq!(
        step(&m).expires_in_days(&m.settings),
        None,
        "not loaded yet"
    );
    let now = 1_800_000_000 - 3 * 86_400;
    result(
        &mut m,
        EffectResult::Feature(FeatureReply::Profile(Reply::Loaded(ProfileInfo {
            now,
            enrolment: Enrolment::default(),
        }))),
    );
    assert_eq!(step(&m).expires_in_days(&m.settings), Some(3));
}

/// Menu → questions → tick the first four → answers.
fn answering() -> Model {
    let (mut m, _) = signed_in("students");
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Enter);
    assert!(matches!(
        step(&m).page,
        Page::Choose {
            error: Some(ChooseError::TooFew),
            ..
        }
    ));
    for _ in 0..4 {
        key(&mut m, KeyCode::Char(' '));
        key(&mut m, KeyCode::Down);
    }
    key(&mut m, KeyCode::Char(' '));
    assert!(
        matches!(step(&m).page, Page::Choose { error: Some(ChooseError::TooMany), ref chosen, .. } if chosen.len() == 4)
    );
    key(&mut m, KeyCode::Up);
    key(&mut m, KeyCode::Char(' '));
    key(&mut m, KeyCode::Char(' '));
    key(&mut m, KeyCode::Enter);
    assert_eq!(answer_page(&m).ids.len(), 4);
    m
}

#[test]
fn enrolment_is_checked_here_then_sent() {
    let mut m = answering();
    for answer in ["anna.ostlund", "ab", "Paris", " PARIS "] {
        typed(&mut m, answer);
        assert!(
            key(&mut m, KeyCode::Enter).is_empty(),
            "nothing sent with errors"
        );
    }
    assert_eq!(
        answer_page(&m).errors,
        [
            Some(AnswerError::SameAsUsername),
            Some(AnswerError::TooShort { min: 3 }),
            None,
            Some(AnswerError::Repeated),
        ]
    );
    assert_eq!(answer_page(&m).focus, 0, "the first problem gets the focus");
    // Fix them: each field is cleared with Backspace and typed again.
    for (i, fixed) in ["Storgatan", "Nalle Brum", "", "Rom"].iter().enumerate() {
        for _ in 0..20 {
            if !fixed.is_empty() {
                key(&mut m, KeyCode::Backspace);
            }
        }
        typed(&mut m, fixed);
        assert_eq!(answer_page(&m).errors[i], None);
        if i < 3 {
            key(&mut m, KeyCode::Enter);
        }
    }
    let fx = key(&mut m, KeyCode::Enter);
    let [
        Effect::Feature {
            request: FeatureRequest::Profile(Request::Enrol { answers, account }),
            ..
        },
    ] = fx.as_slice()
    else {
        panic!("no enrolment sent: {fx:?}");
    };
    assert_eq!((answers.len(), account.id()), (4, 7));
    assert!(answer_page(&m).busy);
    // The service refuses one: its error shows under that answer.
    result(
        &mut m,
        EffectResult::Feature(FeatureReply::Profile(Reply::Enrolled(
            EnrolOutcome::Rejected(vec![None, None, Some(AnswerError::SameAsQuestion), None]),
        ))),
    );
    assert_eq!((answer_page(&m).focus, answer_page(&m).busy), (2, false));
    typed(&mut m, "x");
    assert_eq!(
        answer_page(&m).errors[2],
        None,
        "typing clears that answer's error"
    );
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    let fx = key(&mut m, KeyCode::Enter);
    assert_eq!(fx.len(), 1, "sent again");
    let fx = result(
        &mut m,
        EffectResult::Feature(FeatureReply::Profile(Reply::Enrolled(
            EnrolOutcome::Enrolled,
        ))),
    );
    assert!(step(&m).saved);
    assert!(matches!(step(&m).page, Page::Menu { selected: 2 }));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Feature {
            request: FeatureRequest::Profile(Request::Load { .. }),
            ..
        }]
    ));
}

#[test]
fn unavailable_while_saving_keeps_the_answers() {
    let mut m = answering();
    for answer in ["Storgatan", "Nalle Brum", "Lejonkungen", "Pannkakor"] {
        typed(&mut m, answer);
        key(&mut m, KeyCode::Enter);
    }
    assert!(answer_page(&m).busy);
    result(&mut m, EffectResult::Unavailable);
    let page = answer_page(&m);
    assert_eq!(
        (page.busy, page.notice),
        (false, Some(EnrolNotice::Unavailable))
    );
    assert!(page.fields.iter().all(|f| !f.is_empty()));
    // Esc: back to the choice, kept; the answers go.
    key(&mut m, KeyCode::Esc);
    assert!(matches!(step(&m).page, Page::Choose { ref chosen, .. } if chosen.len() == 4));
}

#[test]
fn done_offers_the_profile_signed_in_with_the_new_password() {
    let (mut m, _) = signed_in("students");
    key(&mut m, KeyCode::Enter);
    let Screen::NewPassword(new) = &mut m.screen else {
        panic!("expected New password");
    };
    // Straight to the result, as if the password had been typed and saved.
    new.busy = true;
    result(
        &mut m,
        EffectResult::Changed(ChangeOutcome::Changed {
            score: 4,
            expires_at: Some(1_900_000_000),
            account: VerifiedAccount::for_tests(
                7,
                "anna.ostlund",
                "Anna Östlund",
                "students",
                false,
                Some(1_900_000_000),
            ),
            targets: vec![],
        }),
    );
    assert!(matches!(m.screen, Screen::Done(Outcome::Changed { .. })));
    let fx = key(&mut m, KeyCode::F(3));
    assert_eq!(fx.len(), 1, "the profile loads");
    let account = &step(&m).account;
    assert_eq!(
        (account.must_change(), account.expires_at()),
        (false, Some(1_900_000_000))
    );
    // Not after a failure.
    let mut m = Model::new(Arc::new(Settings::defaults()), false, Instant::now());
    m.screen = Screen::Done(Outcome::Conflict);
    key(&mut m, KeyCode::F(3));
    assert!(matches!(m.screen, Screen::Done(Outcome::Conflict)));
}

/// Issue 11, point 5: whoever reset the password (questions, SMS, a ticket or a temporary
/// password) gets no way into the Profile from Done: F3 does nothing, and even a forged
/// `Next::Profile` for such an account is refused.
#[test]
fn done_after_a_reset_offers_no_profile() {
    let mut m = Model::new(Arc::new(Settings::defaults()), false, Instant::now());
    let after_reset = account("students", false).after_reset_for_tests();
    m.screen = Screen::Done(Outcome::Changed {
        score: 4,
        expires_at: None,
        account: after_reset.clone(),
        targets: vec![],
    });
    let fx = key(&mut m, KeyCode::F(3));
    assert!(fx.is_empty(), "nothing loads: {fx:?}");
    assert!(matches!(m.screen, Screen::Done(Outcome::Changed { .. })));
    // A temporary password signs in with must_change, and so is not `signed_in` either.
    let temp = VerifiedAccount::for_tests(7, "anna.ostlund", "Anna", "students", true, None);
    assert!(!temp.signed_in());
    // Enter still ends the session.
    key(&mut m, KeyCode::Enter);
    assert!(matches!(m.screen, Screen::Welcome));
}
