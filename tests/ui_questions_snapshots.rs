//! Snapshots of the security question screens (reset) and the Profile at 80x24 in Swedish,
//! English and Italian, each reached by driving `flow::update` as the app would; plus the
//! answers never drawn unless F4 shows the focused one.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod screen;

use screen::{Kiosk, LANGS};

use crossterm::event::KeyCode;
use kiosk::clock::format_time;
use kiosk::flow::profile::{self, ProfileInfo};
use kiosk::flow::questions;
use kiosk::flow::{EffectResult, FeatureReply, Model, Screen};
use kiosk::i18n::Lang;
use kiosk::i18n::format_date_in;
use kiosk::service::{
    AnswersOutcome, ChallengeOutcome, EnrolOutcome, Enrolment, Method, VerifiedAccount,
    VerifyOutcome,
};

const T0: i64 = 1_767_268_800;
const EXPIRES: i64 = T0 + 365 * 86_400;
const RAW_KEY_MARKS: [&str; 5] = ["ui-", "rule-", "error-", "strength-", "zx-"];
const ASKED: [&str; 2] = ["street_age_seven", "first_concert"];

impl Kiosk {
    fn questions_reply(&mut self, reply: questions::Reply) -> &mut Self {
        self.result(EffectResult::Feature(FeatureReply::Questions(reply)))
    }

    fn profile_reply(&mut self, reply: profile::Reply) -> &mut Self {
        self.result(EffectResult::Feature(FeatureReply::Profile(reply)))
    }

    /// Identify "anna.ostlund", Choose method offers password and questions.
    fn choose_method(lang: Lang) -> Self {
        let mut k = Kiosk::new(lang);
        k.key(KeyCode::Enter)
            .type_text("anna.ostlund")
            .key(KeyCode::Enter);
        k.result(EffectResult::Methods(Some(vec![
            Method::Password,
            Method::Questions,
        ])));
        k
    }

    /// Questions chosen: waiting for them.
    fn questions_loading(lang: Lang) -> Self {
        let mut k = Kiosk::choose_method(lang);
        k.key(KeyCode::Down).key(KeyCode::Enter);
        assert!(matches!(k.model.screen, Screen::Questions(_)));
        k
    }

    fn questions_asked(lang: Lang) -> Self {
        let mut k = Kiosk::questions_loading(lang);
        k.questions_reply(questions::Reply::Asked(ChallengeOutcome::Ask(
            ASKED.map(String::from).to_vec(),
        )));
        k
    }

    /// Both answers typed and sent.
    fn questions_checking(lang: Lang) -> Self {
        let mut k = Kiosk::questions_asked(lang);
        k.type_text("Storgatan")
            .key(KeyCode::Enter)
            .type_text("Kent")
            .key(KeyCode::Enter);
        k
    }

    /// Signed in with the current password, as `category`, expiring at `expires_at`.
    fn profile_as(lang: Lang, category: &str, expires_at: Option<i64>) -> Self {
        let mut k = Kiosk::choose_method(lang);
        k.key(KeyCode::Enter)
            .type_text("Solros-Kanel-42")
            .key(KeyCode::Enter);
        k.result(EffectResult::Verified(VerifyOutcome::Verified(
            VerifiedAccount::for_tests(
                7,
                "anna.ostlund",
                "Anna Östlund",
                category,
                false,
                expires_at,
            ),
        )));
        assert!(
            matches!(k.model.screen, Screen::Profile(_)),
            "signed in → Profile"
        );
        k
    }

    fn loaded(&mut self, enrolled: bool) -> &mut Self {
        let enrolment = Enrolment {
            question_ids: if enrolled {
                ASKED.map(String::from).to_vec()
            } else {
                Vec::new()
            },
            enrolled_at: enrolled.then_some(T0 - 30 * 86_400),
            enroll: 4,
        };
        self.profile_reply(profile::Reply::Loaded(ProfileInfo { now: T0, enrolment }))
    }

    fn profile(lang: Lang) -> Self {
        let mut k = Kiosk::profile_as(lang, "students", Some(EXPIRES));
        k.loaded(false);
        k
    }

    /// The choosing page with two questions ticked, the cursor further down.
    fn choosing(lang: Lang) -> Self {
        let mut k = Kiosk::profile(lang);
        k.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Enter);
        k.key(KeyCode::Char(' '))
            .key(KeyCode::Down)
            .key(KeyCode::Down)
            .key(KeyCode::Char(' '));
        k.key(KeyCode::Down).key(KeyCode::Down);
        k
    }

    /// Four questions ticked (the 1st, 3rd, 5th and 7th), on to the answers.
    fn answering(lang: Lang) -> Self {
        let mut k = Kiosk::profile(lang);
        k.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Enter);
        for _ in 0..4 {
            k.key(KeyCode::Char(' '))
                .key(KeyCode::Down)
                .key(KeyCode::Down);
        }
        k.key(KeyCode::Enter);
        k
    }
}

fn render(model: &Model) -> String {
    let out = screen::draw(model, 80, 24);
    // Local time differs between machines; the layout does not.
    out.replace(&format_time(T0 + 900), "HH:MM")
        .replace(&format_date_in(model.lang, EXPIRES), "YYYY-MM-DD")
        .replace(&format_date_in(model.lang, T0 + 3 * 86_400), "YYYY-MM-DD")
        .replace(&format_date_in(model.lang, T0 - 30 * 86_400), "YYYY-MM-DD")
}

fn snap_all(name: &str, build: impl Fn(Lang) -> Kiosk) {
    for (snapshot, text) in screen::in_each_lang(name, &RAW_KEY_MARKS, render, build) {
        insta::assert_snapshot!(snapshot, text);
    }
}

#[test]
fn reset_with_questions() {
    snap_all("questions_loading", Kiosk::questions_loading);
    snap_all("questions_asked", Kiosk::questions_asked);
    snap_all("questions_typed_and_shown", |lang| {
        let mut k = Kiosk::questions_asked(lang);
        k.type_text("Storgatan")
            .key(KeyCode::Tab)
            .type_text("Kent")
            .key(KeyCode::F(4));
        k
    });
    snap_all("questions_unanswered", |lang| {
        let mut k = Kiosk::questions_asked(lang);
        k.key(KeyCode::Tab).type_text("Kent").key(KeyCode::Enter);
        k
    });
    snap_all("questions_checking", Kiosk::questions_checking);
    snap_all("questions_wrong", |lang| {
        let mut k = Kiosk::questions_checking(lang);
        k.questions_reply(questions::Reply::Answered(AnswersOutcome::Wrong {
            tries_left: 3,
        }));
        k
    });
    snap_all("questions_wrong_last_try", |lang| {
        let mut k = Kiosk::questions_checking(lang);
        k.questions_reply(questions::Reply::Answered(AnswersOutcome::Wrong {
            tries_left: 1,
        }));
        k
    });
    snap_all("questions_locked_until", |lang| {
        let mut k = Kiosk::questions_checking(lang);
        k.questions_reply(questions::Reply::Answered(AnswersOutcome::Locked {
            until: Some(T0 + 900),
        }));
        k
    });
    snap_all("questions_locked_by_staff", |lang| {
        let mut k = Kiosk::questions_loading(lang);
        k.questions_reply(questions::Reply::Asked(ChallengeOutcome::Locked {
            until: None,
        }));
        k
    });
    snap_all("questions_not_offered", |lang| {
        let mut k = Kiosk::questions_loading(lang);
        k.questions_reply(questions::Reply::Asked(ChallengeOutcome::NotOffered));
        k
    });
    snap_all("questions_changed", |lang| {
        let mut k = Kiosk::questions_checking(lang);
        k.questions_reply(questions::Reply::Answered(AnswersOutcome::Stale));
        k
    });
    snap_all("questions_unavailable", |lang| {
        let mut k = Kiosk::questions_loading(lang);
        k.result(EffectResult::Unavailable);
        k
    });
}

#[test]
fn profile_menu() {
    snap_all("profile_menu", Kiosk::profile);
    snap_all("profile_menu_expiring", |lang| {
        let mut k = Kiosk::profile_as(lang, "students", Some(T0 + 3 * 86_400));
        k.loaded(true);
        k
    });
    snap_all("profile_menu_staff", |lang| {
        let mut k = Kiosk::profile_as(lang, "staff", Some(EXPIRES));
        k.loaded(false);
        k
    });
    snap_all("profile_rules", |lang| {
        let mut k = Kiosk::profile(lang);
        k.key(KeyCode::Down).key(KeyCode::Enter);
        k
    });
    snap_all("profile_rules_staff_no_expiry", |lang| {
        let mut k = Kiosk::profile_as(lang, "staff", None);
        k.key(KeyCode::Down).key(KeyCode::Enter);
        k
    });
}

#[test]
fn profile_questions() {
    snap_all("profile_choose", Kiosk::choosing);
    snap_all("profile_choose_scrolled_too_many", |lang| {
        let mut k = Kiosk::choosing(lang);
        for _ in 0..20 {
            k.key(KeyCode::Down);
        }
        k.key(KeyCode::Char(' '))
            .key(KeyCode::Up)
            .key(KeyCode::Char(' '));
        k.key(KeyCode::Up).key(KeyCode::Char(' '));
        k
    });
    snap_all("profile_choose_too_few", |lang| {
        let mut k = Kiosk::choosing(lang);
        k.key(KeyCode::Enter);
        k
    });
    snap_all("profile_answer", Kiosk::answering);
    snap_all("profile_answer_errors", |lang| {
        let mut k = Kiosk::answering(lang);
        k.type_text("Anna.Ostlund").key(KeyCode::Enter);
        k.type_text("ab").key(KeyCode::Enter);
        k.type_text("Lejonkungen").key(KeyCode::Enter);
        k.type_text(" lejonkungen ").key(KeyCode::Enter);
        k
    });
    snap_all("profile_answer_busy", |lang| {
        let mut k = Kiosk::answering(lang);
        for answer in ["Storgatan", "Nalle Brum", "Lejonkungen", "Pannkakor"] {
            k.type_text(answer).key(KeyCode::Enter);
        }
        k
    });
    snap_all("profile_saved", |lang| {
        let mut k = Kiosk::answering(lang);
        for answer in ["Storgatan", "Nalle Brum", "Lejonkungen", "Pannkakor"] {
            k.type_text(answer).key(KeyCode::Enter);
        }
        k.profile_reply(profile::Reply::Enrolled(EnrolOutcome::Enrolled));
        k.loaded(true);
        k
    });
}

/// What a student types as an answer is never on screen, except the focused answer while
/// F4 shows it; a sent answer is gone from the fields.
#[test]
fn answers_are_drawn_only_when_shown() {
    for (lang, _) in LANGS {
        let mut k = Kiosk::questions_asked(lang);
        k.type_text("Storgatan");
        assert!(!render(&k.model).contains("Storgatan"));
        k.key(KeyCode::F(4));
        assert!(render(&k.model).contains("Storgatan"));
        k.key(KeyCode::Tab);
        assert!(
            !render(&k.model).contains("Storgatan"),
            "hidden again when the focus moves"
        );
        k.type_text("Kent").key(KeyCode::Enter);
        k.questions_reply(questions::Reply::Answered(AnswersOutcome::Wrong {
            tries_left: 4,
        }));
        let Screen::Questions(step) = &k.model.screen else {
            panic!("still on the questions");
        };
        assert!(
            step.answers.iter().all(|f| f.is_empty()),
            "sent answers are wiped"
        );

        let mut k = Kiosk::answering(lang);
        k.type_text("Nalle Brum");
        assert!(!render(&k.model).contains("Nalle"));
        k.key(KeyCode::F(4));
        assert!(render(&k.model).contains("Nalle Brum"));
    }
}
