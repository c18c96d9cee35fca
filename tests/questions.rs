//! Security questions on SQLite and PostgreSQL: enrolment, reset, lockout with a rising
//! delay, decoys for unknown usernames, `verification.require`, and no answer in clear.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;

use common::{Env, T0, TestDb, env, env_with, signed_in, user};
use kiosk::clock::Clock;
use kiosk::domain::answers::AnswerError;
use kiosk::domain::questions::Catalogue;
use kiosk::domain::secret::Secret;
use kiosk::service::{
    AnswerInput, AnswersOutcome, ChallengeOutcome, ChangeOutcome, EnrolOutcome, Method,
    ResetProgress, Services, VerifiedAccount, VerifyOutcome,
};
use sqlx::Row;

const ROSTER: &str = "username,display_name,category,email,mobile\n\
anna.ostlund,Anna Östlund,students,anna@example.org,070-123 45 67\n\
bo.ek,Bo Ek,students,,\n\
eva.nilsson,Eva Nilsson,staff,eva@example.org,\n";

const PASSWORD: &str = "Gurka7 trappa moln";

/// Anna's answers, by question id.
const ANNA: [(&str, &str); 4] = [
    ("street_age_seven", "Storgatan"),
    ("first_concert", "Zanzibar Orkestern"),
    ("first_cuddly_toy", "Nalle Brum"),
    ("childhood_fear", "Mörkret i källaren"),
];

async fn import(env: &Env) {
    env.services.import_csv(ROSTER.as_bytes()).await.unwrap();
}

/// Whether Choose method lists the questions for `name` (other methods come and go with
/// other features: the SMS code with a mobile number).
async fn offers_questions(s: &Services, name: &str) -> bool {
    let methods = s.methods_for(&user(name)).await.unwrap().expect("a list");
    assert_eq!(methods.first(), Some(&Method::Password));
    methods.contains(&Method::Questions)
}

fn inputs(pairs: &[(&str, &str)]) -> Vec<AnswerInput> {
    pairs
        .iter()
        .map(|(id, a)| AnswerInput::new(*id, Secret::new(*a)))
        .collect()
}

async fn enrol(env: &Env, who: &VerifiedAccount, pairs: &[(&str, &str)]) {
    let out = env
        .services
        .enroll_questions(who, &inputs(pairs))
        .await
        .unwrap();
    assert_eq!(out, EnrolOutcome::Enrolled);
}

async fn ask(s: &Services, name: &str) -> Vec<String> {
    match s.start_questions(&user(name)).await.unwrap() {
        ChallengeOutcome::Ask(ids) => ids,
        other => panic!("expected questions, got {other:?}"),
    }
}

/// Answers `ids` from `book` (question id → answer); ids missing from it get a wrong answer.
async fn answer(s: &Services, name: &str, ids: &[String], book: &[(&str, &str)]) -> AnswersOutcome {
    let book: HashMap<&str, &str> = book.iter().copied().collect();
    let given: Vec<AnswerInput> = ids
        .iter()
        .map(|id| {
            AnswerInput::new(
                id.clone(),
                Secret::new(*book.get(id.as_str()).unwrap_or(&"fel svar")),
            )
        })
        .collect();
    s.answer_questions(&user(name), &given).await.unwrap()
}

fn wrong_book(ids: &[String]) -> Vec<(&str, &'static str)> {
    ids.iter().map(|id| (id.as_str(), "fel svar")).collect()
}

async fn audit_actions(env: &Env, name: &str) -> Vec<(String, String)> {
    env.services
        .store
        .audit_log(Some(name), None, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.action.to_string(), r.outcome.to_string()))
        .collect()
}

async fn enrol_then_reset_with_the_questions(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let s = &env.services;
    assert!(!offers_questions(s, "anna.ostlund").await);
    let anna = signed_in(&env, "anna.ostlund", PASSWORD).await;
    enrol(&env, &anna, &ANNA).await;
    let enrolment = s.enrolment(&anna).await.unwrap();
    assert_eq!(
        enrolment.question_ids,
        ANNA.map(|(id, _)| id.to_string()).to_vec()
    );
    assert_eq!((enrolment.enroll, enrolment.enrolled_at), (4, Some(T0)));
    assert!(offers_questions(s, "anna.ostlund").await);
    // Bo has not enrolled, Eva's category has no questions.
    assert!(!offers_questions(s, "bo.ek").await);
    assert!(!offers_questions(s, "eva.nilsson").await);
    assert_eq!(
        s.start_questions(&user("bo.ek")).await.unwrap(),
        ChallengeOutcome::NotOffered
    );

    let ids = ask(s, "anna.ostlund").await;
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert!(ids.iter().all(|id| ANNA.iter().any(|(q, _)| q == id)));
    let proof = match answer(s, "anna.ostlund", &ids, &ANNA).await {
        AnswersOutcome::Verified(p) => p,
        other => panic!("expected a proof, got {other:?}"),
    };
    assert_eq!(
        (proof.account_id(), proof.method()),
        (anna.id(), Method::Questions)
    );
    assert_eq!(
        s.store.challenge(anna.id(), T0).await.unwrap(),
        None,
        "the challenge is done"
    );

    let verified = match s.complete_reset(&[proof]).await.unwrap() {
        ResetProgress::Verified(v) => v,
        other => panic!("expected a verified account, got {other:?}"),
    };
    assert!(
        verified.must_change(),
        "a reset only allows choosing a new password"
    );
    assert_eq!(
        (verified.id(), verified.username()),
        (anna.id(), "anna.ostlund")
    );
    // Enrolment needs the current password, not a reset.
    assert_eq!(
        s.enroll_questions(&verified, &inputs(&ANNA)).await.unwrap(),
        EnrolOutcome::NotOffered
    );
    let out = s
        .change_password(&verified, &Secret::password("Ny-Solros-Kanel-88"))
        .await
        .unwrap();
    assert!(matches!(out, ChangeOutcome::Changed { .. }), "{out:?}");
    let again = s
        .verify_password(
            &user("anna.ostlund"),
            &Secret::password("Ny-Solros-Kanel-88"),
        )
        .await
        .unwrap();
    assert!(matches!(again, VerifyOutcome::Verified(_)));

    let actions = audit_actions(&env, "anna.ostlund").await;
    for expected in [
        ("enroll_questions", "ok"),
        ("questions_challenge", "asked"),
        ("answer_questions", "ok"),
        ("reset", "verified"),
        ("enroll_questions", "denied"),
        ("change_password", "ok"),
    ] {
        assert!(
            actions
                .iter()
                .any(|(a, o)| (a.as_str(), o.as_str()) == expected),
            "{expected:?} not in {actions:?}"
        );
    }
}

async fn enrolment_is_checked(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let s = &env.services;
    let anna = signed_in(&env, "anna.ostlund", PASSWORD).await;
    // Not four distinct catalogue questions.
    for bad in [
        &ANNA[..3],
        &[
            ANNA[0],
            ANNA[1],
            ANNA[2],
            ("street_age_seven", "Annan gata"),
        ][..],
        &[ANNA[0], ANNA[1], ANNA[2], ("pets_name", "Fido")][..],
    ] {
        assert_eq!(
            s.enroll_questions(&anna, &inputs(bad)).await.unwrap(),
            EnrolOutcome::BadChoice
        );
    }
    let out = s
        .enroll_questions(
            &anna,
            &inputs(&[
                ("street_age_seven", "Anna.Ostlund"),
                ("first_concert", "ab"),
                ("first_cuddly_toy", " storgatan "),
                (
                    "childhood_fear",
                    "What were you most afraid of as a small child?",
                ),
            ]),
        )
        .await
        .unwrap();
    assert_eq!(
        out,
        EnrolOutcome::Rejected(vec![
            Some(AnswerError::SameAsUsername),
            Some(AnswerError::TooShort { min: 3 }),
            None,
            Some(AnswerError::SameAsQuestion),
        ])
    );
    let out = s
        .enroll_questions(
            &anna,
            &inputs(&[ANNA[0], ANNA[1], ANNA[2], ("childhood_fear", "STORGATAN")]),
        )
        .await
        .unwrap();
    assert_eq!(
        out,
        EnrolOutcome::Rejected(vec![None, None, None, Some(AnswerError::Repeated)])
    );
    // The pure check the Profile uses says the same.
    assert_eq!(
        s.check_answers(
            "anna.ostlund",
            &inputs(&[ANNA[0], ("first_concert", "storgatan")])
        ),
        vec![None, Some(AnswerError::Repeated)]
    );
    // Staff: questions are off for the category.
    let eva = signed_in(&env, "eva.nilsson", PASSWORD).await;
    assert_eq!(
        s.enroll_questions(&eva, &inputs(&ANNA)).await.unwrap(),
        EnrolOutcome::NotOffered
    );
    assert!(s.enrolment(&anna).await.unwrap().question_ids.is_empty());
    let actions = audit_actions(&env, "anna.ostlund").await;
    assert!(actions.contains(&("enroll_questions".into(), "bad_choice".into())));
    assert!(actions.contains(&("enroll_questions".into(), "rejected".into())));
}

async fn lockout_with_rising_delay_while_the_password_works(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let s = &env.services;
    let anna = signed_in(&env, "anna.ostlund", PASSWORD).await;
    enrol(&env, &anna, &ANNA).await;
    let ids = ask(s, "anna.ostlund").await;
    let wrong = wrong_book(&ids);
    // One right and one wrong answer is wrong.
    let half: Vec<(&str, &str)> = vec![(
        ids[0].as_str(),
        ANNA.iter().find(|(q, _)| *q == ids[0]).unwrap().1,
    )];
    assert_eq!(
        answer(s, "anna.ostlund", &ids, &half).await,
        AnswersOutcome::Wrong { tries_left: 4 }
    );
    for left in [3, 2, 1] {
        assert_eq!(
            answer(s, "anna.ostlund", &ids, &wrong).await,
            AnswersOutcome::Wrong { tries_left: left }
        );
    }
    let first_until = T0 + 15 * 60;
    assert_eq!(
        answer(s, "anna.ostlund", &ids, &wrong).await,
        AnswersOutcome::Locked {
            until: Some(first_until)
        }
    );
    // Locked: asking and answering (even rightly) are refused and not counted.
    assert_eq!(
        s.start_questions(&user("anna.ostlund")).await.unwrap(),
        ChallengeOutcome::Locked {
            until: Some(first_until)
        }
    );
    assert_eq!(
        answer(s, "anna.ostlund", &ids, &ANNA).await,
        AnswersOutcome::Locked {
            until: Some(first_until)
        }
    );
    let lock = s.questions_lock_of(anna.id()).await.unwrap();
    assert_eq!(
        (lock.failures, lock.lock_count, lock.locked_until),
        (0, 1, Some(first_until))
    );
    // The password sign-in is not locked by the questions.
    let pw = s
        .verify_password(&user("anna.ostlund"), &Secret::password(PASSWORD))
        .await
        .unwrap();
    assert!(matches!(pw, VerifyOutcome::Verified(_)), "{pw:?}");

    // After the lock: the same questions, five more tries, then twice as long.
    env.clock.set(first_until);
    assert_eq!(ask(s, "anna.ostlund").await, ids);
    for _ in 0..4 {
        assert!(matches!(
            answer(s, "anna.ostlund", &ids, &wrong).await,
            AnswersOutcome::Wrong { .. }
        ));
    }
    let second_until = first_until + 30 * 60;
    assert_eq!(
        answer(s, "anna.ostlund", &ids, &wrong).await,
        AnswersOutcome::Locked {
            until: Some(second_until)
        }
    );
    env.clock.set(second_until - 1);
    assert!(matches!(
        s.start_questions(&user("anna.ostlund")).await.unwrap(),
        ChallengeOutcome::Locked { .. }
    ));
    env.clock.set(second_until);
    assert_eq!(ask(s, "anna.ostlund").await, ids);
    assert!(matches!(
        answer(s, "anna.ostlund", &ids, &ANNA).await,
        AnswersOutcome::Verified(_)
    ));
    // Success forgets the locks: the next lock is the first again.
    let lock = s.questions_lock_of(anna.id()).await.unwrap();
    assert_eq!(
        (lock.failures, lock.lock_count, lock.locked_until),
        (0, 0, None)
    );
    let ids = ask(s, "anna.ostlund").await;
    for _ in 0..4 {
        answer(s, "anna.ostlund", &ids, &wrong_book(&ids)).await;
    }
    assert_eq!(
        answer(s, "anna.ostlund", &ids, &wrong_book(&ids)).await,
        AnswersOutcome::Locked {
            until: Some(second_until + 15 * 60)
        }
    );
    // Staff unlock lifts the questions lock too, and says so (issue 13, item 16).
    let lifted = s.unlock("anna.ostlund", "admin:test").await.unwrap();
    assert_eq!(lifted, vec!["questions"]);
    let rows = s
        .store
        .audit_log(Some("anna.ostlund"), None, 1000)
        .await
        .unwrap();
    let unlock = rows
        .iter()
        .rev()
        .find(|r| r.action.as_str() == "unlock")
        .expect("the unlock row");
    assert_eq!(unlock.detail, "lifted=questions");
    assert_eq!(ask(s, "anna.ostlund").await, ids);
    let actions = audit_actions(&env, "anna.ostlund").await;
    assert_eq!(
        actions
            .iter()
            .filter(|(a, _)| a == "questions_lock")
            .count(),
        3
    );
    assert!(actions.contains(&("answer_questions".into(), "locked".into())));
}

async fn lock_until_staff_when_minutes_is_zero(db: TestDb) {
    let env = env_with(db, |s| {
        s.questions.lock_minutes = 0;
        s.questions.max_failures = 2;
    })
    .await;
    import(&env).await;
    let s = &env.services;
    let anna = signed_in(&env, "anna.ostlund", PASSWORD).await;
    enrol(&env, &anna, &ANNA).await;
    let ids = ask(s, "anna.ostlund").await;
    assert_eq!(
        answer(s, "anna.ostlund", &ids, &[]).await,
        AnswersOutcome::Wrong { tries_left: 1 }
    );
    assert_eq!(
        answer(s, "anna.ostlund", &ids, &[]).await,
        AnswersOutcome::Locked { until: None }
    );
    env.clock.advance(400 * 86_400);
    assert_eq!(
        s.start_questions(&user("anna.ostlund")).await.unwrap(),
        ChallengeOutcome::Locked { until: None }
    );
    s.unlock("anna.ostlund", "admin:test").await.unwrap();
    assert!(matches!(
        s.start_questions(&user("anna.ostlund")).await.unwrap(),
        ChallengeOutcome::Ask(_)
    ));
}

async fn the_same_questions_until_answered(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let s = &env.services;
    let anna = signed_in(&env, "anna.ostlund", PASSWORD).await;
    enrol(&env, &anna, &ANNA).await;
    let first = ask(s, "anna.ostlund").await;
    // Another kiosk on the same database asks the same.
    let other = Services::new(s.store.clone(), s.settings.clone(), env.clock.clone()).unwrap();
    for i in 0..12 {
        let kiosk = if i % 2 == 0 { s } else { &other };
        assert_eq!(ask(kiosk, "anna.ostlund").await, first, "round {i}");
        if i == 3 {
            answer(s, "anna.ostlund", &first, &[]).await;
        }
        env.clock.advance(3600);
    }
    // Answers to other questions than the open challenge's are stale: not checked, not counted.
    let others: Vec<String> = ANNA
        .iter()
        .map(|(id, _)| id.to_string())
        .filter(|id| !first.contains(id))
        .collect();
    assert_eq!(
        answer(s, "anna.ostlund", &others, &ANNA).await,
        AnswersOutcome::Stale
    );
    assert_eq!(
        answer(s, "anna.ostlund", &first[..1], &ANNA).await,
        AnswersOutcome::Stale
    );
    assert_eq!(s.questions_lock_of(anna.id()).await.unwrap().failures, 1);
    assert!(matches!(
        answer(s, "anna.ostlund", &first, &ANNA).await,
        AnswersOutcome::Verified(_)
    ));
    // Answered: the next reset draws again, and again keeps its draw.
    let next = ask(s, "anna.ostlund").await;
    assert_eq!(ask(&other, "anna.ostlund").await, next);
    // Answering an old challenge after a new draw is stale unless it is the same draw.
    if next != first {
        assert_eq!(
            answer(s, "anna.ostlund", &first, &ANNA).await,
            AnswersOutcome::Stale
        );
    }
}

async fn reenrolment_replaces_the_whole_set(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let s = &env.services;
    let anna = signed_in(&env, "anna.ostlund", PASSWORD).await;
    enrol(&env, &anna, &ANNA).await;
    let old_ids = ask(s, "anna.ostlund").await;
    answer(s, "anna.ostlund", &old_ids, &[]).await;
    let new: [(&str, &str); 4] = [
        ("first_cinema_film", "Lejonkungen"),
        ("first_dish_cooked", "Pannkakor"),
        ("dream_job_age_eight", "Lokförare"),
        ("first_concert", "Helt annan konsert"),
    ];
    env.clock.advance(60);
    enrol(&env, &anna, &new).await;
    let enrolment = s.enrolment(&anna).await.unwrap();
    assert_eq!(
        enrolment.question_ids,
        new.map(|(id, _)| id.to_string()).to_vec()
    );
    assert_eq!(enrolment.enrolled_at, Some(T0 + 60));
    let rows: i64 = sqlx::query("SELECT COUNT(*) FROM security_answers")
        .fetch_one(s.store.pool())
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 4);
    // The open challenge and the failure went with the old set.
    assert_eq!(s.questions_lock_of(anna.id()).await.unwrap().failures, 0);
    let ids = ask(s, "anna.ostlund").await;
    assert!(
        ids.iter().all(|id| new.iter().any(|(q, _)| q == id)),
        "{ids:?}"
    );
    // The old answer to a question kept in the new set no longer works.
    if ids.contains(&"first_concert".to_string()) {
        assert!(matches!(
            answer(s, "anna.ostlund", &ids, &ANNA).await,
            AnswersOutcome::Wrong { .. }
        ));
    }
    assert!(matches!(
        answer(s, "anna.ostlund", &ids, &new).await,
        AnswersOutcome::Verified(_)
    ));
}

/// The unknown names' share of enrolled accounts comes from counts kept a minute: old
/// counts are given once more at once while they are counted again in the background, and
/// what another kiosk enrolled shows then.
async fn enrolment_counts_are_counted_again_in_the_background(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let store = &env.services.store;
    let before = store.question_enrolment().await.unwrap();
    assert!(
        !before.is_empty() && before.iter().all(|c| c.enrolled == 0),
        "{before:?}"
    );
    // Another kiosk enrols Anna: this process's counts do not see it yet.
    let anna: i64 = sqlx::query("SELECT id FROM accounts WHERE username = 'anna.ostlund'")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get(0);
    sqlx::query(
        "INSERT INTO security_answers (account_id, position, question_id, answer_hash, \
           created_at) VALUES ($1, 0, 'first_book_alone', 'not a real hash', 0)",
    )
    .bind(anna)
    .execute(store.pool())
    .await
    .unwrap();
    assert_eq!(store.question_enrolment().await.unwrap(), before);
    store.age_enrolment(std::time::Duration::from_secs(61));
    assert_eq!(store.question_enrolment().await.unwrap(), before);
    let mut after = before.clone();
    for _ in 0..100 {
        after = store.question_enrolment().await.unwrap();
        if after != before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        after.iter().map(|c| c.enrolled).sum::<i64>(),
        1,
        "{after:?}"
    );
}

async fn decoys_are_stable_and_shaped_like_real_ones(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let s = &env.services;
    // Nobody enrolled: an unknown name is offered what an unenrolled student is.
    assert!(!offers_questions(s, "no.such.user").await);
    assert!(!offers_questions(s, "bo.ek").await);
    assert_eq!(
        s.start_questions(&user("no.such.user")).await.unwrap(),
        ChallengeOutcome::NotOffered
    );
    // Every student enrolled: every unknown name looks enrolled too.
    let anna = signed_in(&env, "anna.ostlund", PASSWORD).await;
    enrol(&env, &anna, &ANNA).await;
    let bo = signed_in(&env, "bo.ek", PASSWORD).await;
    enrol(
        &env,
        &bo,
        &[
            ("first_book_alone", "Pippi"),
            ("first_song_by_heart", "Imse vimse"),
            ("childhood_hiding_place", "Garderoben"),
            ("first_own_purchase", "Godis"),
        ],
    )
    .await;
    assert!(offers_questions(s, "bo.ek").await);
    let catalogue = Catalogue::embedded();
    let other = Services::new(s.store.clone(), s.settings.clone(), env.clock.clone()).unwrap();
    let mut seen = Vec::new();
    for name in ["no.such.user", "nobody", "x.y", "kalle.anka"] {
        assert!(offers_questions(s, name).await, "{name}");
        let decoy = ask(s, name).await;
        let real = ask(s, "anna.ostlund").await;
        assert_eq!(decoy.len(), real.len());
        assert_ne!(decoy[0], decoy[1]);
        assert!(decoy.iter().all(|id| catalogue.get(id).is_some()));
        // Stable across attempts, kiosks and time.
        for _ in 0..3 {
            env.clock.advance(86_400);
            assert_eq!(ask(s, name).await, decoy);
            assert_eq!(ask(&other, name).await, decoy);
        }
        seen.push(decoy);
    }
    seen.dedup();
    assert!(seen.len() > 1, "different names get different decoys");

    // A decoy locks exactly like a real account, and never verifies.
    let now = env.clock.now();
    let decoy = ask(s, "nobody").await;
    for left in [4, 3, 2, 1] {
        assert_eq!(
            answer(s, "nobody", &decoy, &wrong_book(&decoy)).await,
            AnswersOutcome::Wrong { tries_left: left }
        );
    }
    assert_eq!(
        answer(s, "nobody", &decoy, &wrong_book(&decoy)).await,
        AnswersOutcome::Locked {
            until: Some(now + 15 * 60)
        }
    );
    assert_eq!(
        other.start_questions(&user("nobody")).await.unwrap(),
        ChallengeOutcome::Locked {
            until: Some(now + 15 * 60)
        }
    );
    env.clock.set(now + 15 * 60);
    assert_eq!(ask(s, "nobody").await, decoy);
    for _ in 0..4 {
        answer(s, "nobody", &decoy, &ANNA).await;
    }
    assert_eq!(
        answer(s, "nobody", &decoy, &ANNA).await,
        AnswersOutcome::Locked {
            until: Some(now + 15 * 60 + 30 * 60)
        }
    );
    // No account was made, and the typed name is stored nowhere: the audit log names it
    // by a keyed tag.
    assert!(
        s.store
            .account_by_username("nobody")
            .await
            .unwrap()
            .is_none()
    );
    let tags: Vec<String> = sqlx::query("SELECT tag FROM question_decoys")
        .fetch_all(s.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("tag"))
        .collect();
    assert_eq!(tags.len(), 1);
    assert!(!tags[0].contains("nobody"));
    assert!(audit_actions(&env, "nobody").await.is_empty());
    let label = s.name_tags().await.unwrap().unknown_label("nobody");
    let actions = audit_actions(&env, &label).await;
    assert!(actions.contains(&("questions_lock".into(), "locked".into())));
}

async fn verification_require_needs_every_method(db: TestDb) {
    let env = env_with(db, |s| {
        let students = s.categories.get_mut("students").unwrap();
        students.verification.require = vec![
            kiosk::service::ResetMethod::Questions,
            kiosk::service::ResetMethod::Sms,
        ];
    })
    .await;
    import(&env).await;
    let s = &env.services;
    let anna = signed_in(&env, "anna.ostlund", PASSWORD).await;
    enrol(&env, &anna, &ANNA).await;
    let ids = ask(s, "anna.ostlund").await;
    let AnswersOutcome::Verified(proof) = answer(s, "anna.ostlund", &ids, &ANNA).await else {
        panic!("expected a proof");
    };
    assert_eq!(
        s.complete_reset(std::slice::from_ref(&proof))
            .await
            .unwrap(),
        ResetProgress::Missing(vec![Method::Sms])
    );
    assert_eq!(s.complete_reset(&[]).await.unwrap(), ResetProgress::Refused);
    let actions = audit_actions(&env, "anna.ostlund").await;
    assert!(actions.contains(&("reset".into(), "partial".into())));
    // (Both proofs together verify: a unit test in src/service/reset.rs, where an SMS proof
    // can be made without the SMS service.)
}

async fn normalisation_end_to_end(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let s = &env.services;
    let anna = signed_in(&env, "anna.ostlund", PASSWORD).await;
    enrol(
        &env,
        &anna,
        &[
            ("street_age_seven", "  Stockholm "),
            ("first_concert", "Malmo\u{308} Live"),
            ("first_cuddly_toy", "Nalle   Brum"),
            ("childhood_fear", "STRASSE"),
        ],
    )
    .await;
    let typed = [
        ("street_age_seven", "stockholm"),
        ("first_concert", "MALM\u{d6} live "),
        ("first_cuddly_toy", "nalle brum"),
        ("childhood_fear", "straße"),
    ];
    let ids = ask(s, "anna.ostlund").await;
    assert!(matches!(
        answer(s, "anna.ostlund", &ids, &typed).await,
        AnswersOutcome::Verified(_)
    ));
    // Diacritics still count.
    let ids = ask(s, "anna.ostlund").await;
    let close = [
        ("street_age_seven", "stockholmm"),
        ("first_concert", "malmo live"),
        ("first_cuddly_toy", "nallebrum"),
        ("childhood_fear", "strase"),
    ];
    assert!(matches!(
        answer(s, "anna.ostlund", &ids, &close).await,
        AnswersOutcome::Wrong { .. }
    ));
}

/// Every column of every table, as text.
async fn dump(env: &Env) -> Vec<String> {
    let pool = env.services.store.pool();
    let tables_sql = match env.services.store.backend() {
        kiosk::store::Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        kiosk::store::Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables WHERE table_schema = 'public'"
        }
    };
    let tables: Vec<String> = sqlx::query(tables_sql)
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(tables.iter().any(|t| t == "security_answers"), "{tables:?}");
    let mut values = Vec::new();
    for table in tables {
        let columns_sql = match env.services.store.backend() {
            kiosk::store::Backend::Sqlite => {
                format!("SELECT name FROM pragma_table_info('{table}')")
            }
            kiosk::store::Backend::Postgres => format!(
                "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name = '{table}'"
            ),
        };
        let columns: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(columns_sql))
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        for column in columns {
            // Bytes on SQLite (sqlx's migration checksums are not UTF-8), text on PostgreSQL.
            let sqlite = env.services.store.backend() == kiosk::store::Backend::Sqlite;
            let cast = if sqlite { "BLOB" } else { "TEXT" };
            let sql = format!("SELECT CAST({column} AS {cast}) FROM {table}");
            for row in sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(pool)
                .await
                .unwrap()
            {
                let value = if sqlite {
                    row.get::<Option<Vec<u8>>, _>(0)
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                } else {
                    row.get::<Option<String>, _>(0)
                };
                values.extend(value);
            }
        }
    }
    values
}

async fn a_database_dump_holds_no_answer_in_clear(db: TestDb) {
    let env = env(db).await;
    import(&env).await;
    let s = &env.services;
    let anna = signed_in(&env, "anna.ostlund", PASSWORD).await;
    enrol(&env, &anna, &ANNA).await;
    let ids = ask(s, "anna.ostlund").await;
    answer(
        s,
        "anna.ostlund",
        &ids,
        &[(ids[0].as_str(), "Felaktigt Svar Xylofon")],
    )
    .await;
    answer(s, "anna.ostlund", &ids, &ANNA).await;
    // A rejected enrolment must leave nothing either.
    s.enroll_questions(
        &anna,
        &inputs(&[ANNA[0], ANNA[1], ANNA[2], ("childhood_fear", "Storgatan")]),
    )
    .await
    .unwrap();
    let values = dump(&env).await;
    assert!(
        values.iter().any(|v| v.starts_with("$argon2id$")),
        "the hashes are there"
    );
    assert!(
        values.iter().any(|v| v == "first_concert"),
        "the question ids are there"
    );
    let secrets = ANNA
        .iter()
        .map(|(_, a)| *a)
        .chain(["Felaktigt Svar Xylofon"]);
    for secret in secrets {
        let needles = [
            secret.to_lowercase(),
            kiosk::domain::answers::normalize(secret)
                .expose()
                .to_string(),
        ];
        for v in &values {
            let v = v.to_lowercase();
            for needle in &needles {
                assert!(!v.contains(needle.as_str()), "{secret:?} found in {v:?}");
            }
        }
    }
}

async fn the_demo_has_questions_to_reset_with(db: TestDb) {
    let env = env(db).await;
    let s = &env.services;
    s.seed_demo().await.unwrap();
    s.seed_demo().await.unwrap();
    assert!(offers_questions(s, "anna.ostlund").await);
    let ids = ask(s, "anna.ostlund").await;
    assert!(matches!(
        answer(s, "anna.ostlund", &ids, kiosk::service::DEMO_ANSWERS).await,
        AnswersOutcome::Verified(_)
    ));
}

both!(
    the_demo_has_questions_to_reset_with,
    enrol_then_reset_with_the_questions,
    enrolment_is_checked,
    lockout_with_rising_delay_while_the_password_works,
    lock_until_staff_when_minutes_is_zero,
    the_same_questions_until_answered,
    reenrolment_replaces_the_whole_set,
    decoys_are_stable_and_shaped_like_real_ones,
    verification_require_needs_every_method,
    normalisation_end_to_end,
    a_database_dump_holds_no_answer_in_clear,
    enrolment_counts_are_counted_again_in_the_background,
);
