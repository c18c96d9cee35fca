//! The walks the directory end-to-end tests share (OpenLDAP in e2e_directory, Active
//! Directory in e2e_active_directory): a site for one person, the way to a method, security
//! questions enrolled beforehand and answered on screen, the SMS outbox. Included next to
//! `mod pty;` with `#[path = "common/directory_walk.rs"] mod walk;`.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use crate::pty::{self, Kiosk, STEP, Site, ftl_fragment};

/// A site with `toml` (the directory's section and any other), and `username` in the
/// students category with `mobile` (may be empty).
pub fn site_for(toml: &str, username: &str, mobile: &str) -> Site {
    let site = Site::with(30, toml);
    site.import(&format!(
        "username,display_name,category,email,mobile\n{username},Test Person,students,,{mobile}\n"
    ));
    site
}

/// Welcome → Identify → Choose method, the method `label_key` chosen.
pub fn choose(k: &mut Kiosk, username: &str, label_key: &str) {
    k.walk_to_methods(username);
    k.select(&ftl_fragment("sv", label_key));
}

/// … → Current password, `password` typed and sent.
pub fn type_current(k: &mut Kiosk, username: &str, password: &str) {
    choose(k, username, "ui-method-password");
    k.wait_for(&ftl_fragment("sv", "ui-current-title"), STEP);
    k.type_text(password);
    k.key_enter();
}

/// The answers enrolled by [`enroll_questions`].
pub const ANSWERS: [(&str, &str); 4] = [
    ("street_age_seven", "Storgatan"),
    ("first_concert", "Kent i Globen"),
    ("first_cinema_film", "Lejonkungen"),
    ("first_cuddly_toy", "Nalle Brum"),
];

/// Security questions enrolled beforehand through the site's own services, signed in with
/// the directory password.
pub fn enroll_questions(site: &Site, username: &str, password: &str) {
    use kiosk::service::{AnswerInput, EnrolOutcome, VerifyOutcome};
    pty::runtime().block_on(async {
        let s = site.services().await;
        let name = kiosk::domain::username::Username::parse(username).unwrap();
        let VerifyOutcome::Verified(who) = s
            .verify_password(&name, &kiosk::domain::secret::Secret::password(password))
            .await
            .unwrap()
        else {
            panic!("no sign-in for {username}")
        };
        let inputs: Vec<AnswerInput> = ANSWERS
            .iter()
            .map(|(id, a)| AnswerInput {
                question_id: id.to_string(),
                answer: kiosk::domain::secret::Secret::new(*a),
            })
            .collect();
        assert_eq!(
            s.enroll_questions(&who, &inputs).await.unwrap(),
            EnrolOutcome::Enrolled
        );
    });
}

/// … → the questions method, the two asked answered; waits for New password.
pub fn answer_questions(k: &mut Kiosk, username: &str) {
    choose(k, username, "ui-method-questions");
    let screen = k.wait_for(&ftl_fragment("sv", "ui-questions-intro"), STEP);
    let catalogue = kiosk::domain::questions::Catalogue::embedded();
    let mut asked: Vec<(usize, &str)> = ANSWERS
        .iter()
        .filter_map(|(id, answer)| {
            let text = catalogue.get(id)?.text(kiosk::i18n::Lang::Sv).to_string();
            screen
                .lines()
                .position(|l| l.contains(&text))
                .map(|row| (row, *answer))
        })
        .collect();
    asked.sort_unstable();
    assert_eq!(asked.len(), 2, "{screen}");
    for (_, answer) in asked {
        k.type_text(answer);
        k.key_enter();
    }
    k.wait_for(&ftl_fragment("sv", "ui-new-field"), STEP);
}

/// … → the SMS method; the six-digit code read from the outbox (the phone at `to`), typed
/// and sent; waits for New password.
pub fn enter_sms_code(k: &mut Kiosk, site: &Site, username: &str, to: &str) {
    choose(k, username, "ui-method-sms");
    k.wait_for(&ftl_fragment("sv", "sms-sent-to"), STEP);
    let deadline = Instant::now() + STEP;
    let text = loop {
        if let Some((_, text)) = pty::outbox(site.path()).into_iter().find(|(t, _)| t == to) {
            break text;
        }
        assert!(
            Instant::now() < deadline,
            "no code to {to}: {:?}",
            pty::outbox(site.path())
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let code = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .unwrap_or_else(|| panic!("no code in {text:?}"))
        .to_string();
    k.type_text(&code);
    k.key_enter();
    k.wait_for(&ftl_fragment("sv", "ui-new-field"), STEP);
}
