//! What the directory service tests share (OpenLDAP in tests/directory.rs, Active
//! Directory in tests/active_directory.rs): names unique per database, services with a
//! directory and one imported person, signing in, counting wrong passwords to a lock.
//! Included next to `mod common;` with `#[path = "common/directory_service.rs"] mod dirs;`.
#![allow(dead_code)]

use kiosk::config::DirectorySettings;
use kiosk::domain::secret::Secret;
use kiosk::service::{VerifiedAccount, VerifyOutcome};

use crate::common::{Env, TestDb, env_with, user};

/// A name unique to this test and database (tests share one server); short enough for
/// sAMAccountName's 20 characters.
pub fn uid(test: &str, db: &TestDb) -> String {
    let kind = if db.url.starts_with("postgres") {
        "pg"
    } else {
        "li"
    };
    format!("{test}.{kind}")
}

pub fn pw(s: &str) -> Secret {
    Secret::password(s)
}

/// Services with `directory` on (the kiosk's own lock limit `max_failures`), and a kiosk
/// account for `name` in students with `mobile` (may be empty).
pub async fn env_for(
    db: TestDb,
    directory: DirectorySettings,
    max_failures: Option<u32>,
    name: &str,
    mobile: &str,
) -> Env {
    let env = env_with(db, |s| {
        s.directory = directory;
        if let Some(n) = max_failures {
            s.lockout.max_failures = n;
        }
    })
    .await;
    let csv = format!(
        "username,display_name,category,email,mobile\n{name},Test {name},students,,{mobile}\n"
    );
    env.services.import_csv(csv.as_bytes()).await.unwrap();
    env
}

pub async fn sign_in(env: &Env, name: &str, password: &str) -> VerifiedAccount {
    match env
        .services
        .verify_password(&user(name), &pw(password))
        .await
        .unwrap()
    {
        VerifyOutcome::Verified(v) => v,
        other => panic!("expected to sign in, got {other:?}"),
    }
}

/// Wrong passwords for `name` until the kiosk answers with its lock: how many it took, and
/// the lock.
pub async fn attempts_to_lock(env: &Env, name: &str, wrong: &str) -> (usize, VerifyOutcome) {
    for n in 1..=12 {
        match env
            .services
            .verify_password(&user(name), &pw(wrong))
            .await
            .unwrap()
        {
            VerifyOutcome::Invalid => {}
            locked @ VerifyOutcome::Locked { .. } => return (n, locked),
            other => panic!("{other:?}"),
        }
    }
    panic!("{name} never locked")
}

/// `who` (signed in) enrols four security answers; then, as at a reset, the questions asked
/// are answered and the reset completes: the verified person, current password unknown.
pub async fn reset_by_questions(env: &Env, name: &str, who: &VerifiedAccount) -> VerifiedAccount {
    use kiosk::service::{
        AnswerInput, AnswersOutcome, ChallengeOutcome, EnrolOutcome, ResetProgress,
    };
    let s = &env.services;
    let book = [
        ("street_age_seven", "Storgatan"),
        ("first_concert", "Zanzibar Orkestern"),
        ("first_cuddly_toy", "Nalle Brum"),
        ("childhood_fear", "Mörkret i källaren"),
    ];
    let inputs: Vec<AnswerInput> = book
        .iter()
        .map(|(id, a)| AnswerInput {
            question_id: id.to_string(),
            answer: Secret::new(*a),
        })
        .collect();
    assert_eq!(
        s.enroll_questions(who, &inputs).await.unwrap(),
        EnrolOutcome::Enrolled
    );
    let ChallengeOutcome::Ask(asked) = s.start_questions(&user(name)).await.unwrap() else {
        panic!("no questions")
    };
    let given: Vec<AnswerInput> = asked
        .iter()
        .map(|q| AnswerInput {
            question_id: q.clone(),
            answer: Secret::new(book.iter().find(|(id, _)| id == q).unwrap().1),
        })
        .collect();
    let AnswersOutcome::Verified(proof) = s.answer_questions(&user(name), &given).await.unwrap()
    else {
        panic!("the answers did not verify")
    };
    let ResetProgress::Verified(reset) = s.complete_reset(&[proof]).await.unwrap() else {
        panic!("no reset")
    };
    reset
}
