//! Issue 12, the optional password pepper (`keys.pepper`): new password and answer hashes
//! take argon2's secret input from the key file and name its key; a database copy alone
//! verifies none of them. Older unpeppered hashes keep working and are peppered at the next
//! sign-in, the history check reads both, and a rotation locks nobody out.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{Env, ROSTER, T0, TestDb, env_with, signed_in, user};
use kiosk::crypto::PasswordHasher;
use kiosk::domain::secret::Secret;
use kiosk::keyfile;
use kiosk::service::{
    AnswerInput, AnswersOutcome, ChallengeOutcome, ChangeOutcome, EnrolOutcome, Services,
    VerifyOutcome,
};
use sqlx::Row;

const ANNA: &str = "anna.ostlund";
const OLD: &str = "Gurka7 trappa moln";
const NEW: &str = "Fjällräven-kaffe-92-moln";

async fn peppered(db: TestDb) -> Env {
    let env = env_with(db, |s| s.keys.pepper = true).await;
    env.services.import_csv(ROSTER.as_bytes()).await.unwrap();
    env
}

/// Services on the same database with the key file at `key_file`.
fn kiosk_with(env: &Env, key_file: &Path) -> Services {
    let mut settings = (*env.services.settings).clone();
    settings.keys.file = key_file.to_path_buf();
    Services::new(
        env.services.store.clone(),
        Arc::new(settings),
        env.clock.clone(),
    )
    .unwrap()
}

async fn stored_hash(s: &Services) -> String {
    s.store
        .account_by_username(ANNA)
        .await
        .unwrap()
        .unwrap()
        .password_hash
        .unwrap()
}

async fn signs_in(s: &Services, pw: &str) -> bool {
    matches!(
        s.verify_password(&user(ANNA), &Secret::password(pw)).await,
        Ok(VerifyOutcome::Verified(_))
    )
}

async fn a_database_copy_alone_verifies_no_peppered_hash(db: TestDb) {
    let env = peppered(db).await;
    signed_in(&env, ANNA, OLD).await;
    let hash = stored_hash(&env.services).await;
    assert!(hash.contains(",keyid="), "{hash}");
    // The same database with another school's key file (pepper on or off).
    let elsewhere = tempfile::tempdir().unwrap();
    for pepper in [true, false] {
        let mut settings = (*env.services.settings).clone();
        settings.keys.file = elsewhere.path().join("secret.key");
        settings.keys.pepper = pepper;
        let other = Services::new(
            env.services.store.clone(),
            Arc::new(settings),
            env.clock.clone(),
        )
        .unwrap();
        assert!(!signs_in(&other, OLD).await);
    }
    // argon2 alone on the stored string, its key id taken out: no match either.
    let plain = PasswordHasher::new(&env.services.settings.hashing).unwrap();
    let (head, tail) = hash.split_once(",keyid=").unwrap();
    let stripped = format!("{head}${}", tail.split_once('$').unwrap().1);
    assert!(
        !plain
            .matches_any(&Secret::password(OLD), &[stripped])
            .unwrap()
    );
    // The school's own key file still signs her in.
    assert!(signs_in(&env.services, OLD).await);
}

async fn an_unpeppered_hash_verifies_and_is_peppered_at_sign_in(db: TestDb) {
    let env = peppered(db).await;
    let s = &env.services;
    // A hash from before the pepper was turned on.
    let plain = PasswordHasher::new(&s.settings.hashing).unwrap();
    let id = s.store.account_by_username(ANNA).await.unwrap().unwrap().id;
    let before = plain.hash(&Secret::password(OLD)).unwrap();
    assert!(!before.contains("keyid"));
    s.store
        .seed_password(id, &before, T0, Some(T0 + 365 * 86_400))
        .await
        .unwrap();
    assert!(signs_in(s, OLD).await);
    let after = stored_hash(s).await;
    assert_ne!(after, before);
    assert!(after.contains(",keyid="), "{after}");
    assert!(signs_in(s, OLD).await);
    assert!(!signs_in(s, "Gurka7 trappa mol").await);
}

async fn the_history_check_reads_plain_and_peppered_hashes(db: TestDb) {
    let env = peppered(db).await;
    let s = &env.services;
    let plain = PasswordHasher::new(&s.settings.hashing).unwrap();
    let id = s.store.account_by_username(ANNA).await.unwrap().unwrap().id;
    s.store
        .seed_password(id, &plain.hash(&Secret::password(OLD)).unwrap(), T0, None)
        .await
        .unwrap();
    let who = match s
        .verify_password(&user(ANNA), &Secret::password(OLD))
        .await
        .unwrap()
    {
        VerifyOutcome::Verified(v) => v,
        other => panic!("{other:?}"),
    };
    let changed = s.change_password(&who, &Secret::password(NEW)).await;
    assert!(
        matches!(changed, Ok(ChangeOutcome::Changed { .. })),
        "{changed:?}"
    );
    let history: Vec<String> =
        sqlx::query("SELECT password_hash FROM password_history WHERE account_id = $1")
            .bind(id)
            .fetch_all(s.store.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("password_hash"))
            .collect();
    assert!(history.iter().any(|h| !h.contains("keyid")), "{history:?}");
    assert!(history.iter().any(|h| h.contains(",keyid=")), "{history:?}");
    let who = match s
        .verify_password(&user(ANNA), &Secret::password(NEW))
        .await
        .unwrap()
    {
        VerifyOutcome::Verified(v) => v,
        other => panic!("{other:?}"),
    };
    assert!(s.is_reused(&who, &Secret::password(OLD)).await.unwrap());
    assert!(s.is_reused(&who, &Secret::password(NEW)).await.unwrap());
    assert!(
        !s.is_reused(&who, &Secret::password("Helt-nytt-lösen-55"))
            .await
            .unwrap()
    );
}

async fn a_rotation_keeps_peppered_hashes_verifying(db: TestDb) {
    let env = peppered(db).await;
    signed_in(&env, ANNA, OLD).await;
    let first = stored_hash(&env.services).await;
    let file = env.services.settings.keys.file.clone();
    let ring = keyfile::rotate(&file).unwrap();
    assert_eq!(ring.ids().len(), 2);
    let rotated = kiosk_with(&env, &file);
    assert!(signs_in(&rotated, OLD).await);
    // Moved to the current key at that sign-in.
    let second = stored_hash(&rotated).await;
    assert_ne!(first, second);
    assert!(second.contains(",keyid="), "{second}");
    let keyid = |h: &str| {
        h.split(",keyid=")
            .nth(1)
            .unwrap()
            .split('$')
            .next()
            .unwrap()
            .to_string()
    };
    assert_ne!(keyid(&first), keyid(&second));
    assert!(signs_in(&rotated, OLD).await);
    assert_eq!(stored_hash(&rotated).await, second);
}

async fn answers_are_peppered_too(db: TestDb) {
    let env = peppered(db).await;
    let s = &env.services;
    let who = signed_in(&env, ANNA, OLD).await;
    let book = [
        ("street_age_seven", "Storgatan"),
        ("first_concert", "Zanzibar Orkestern"),
        ("first_cuddly_toy", "Nalle Brum"),
        ("childhood_fear", "Mörkret i källaren"),
    ];
    let inputs: Vec<AnswerInput> = book
        .iter()
        .map(|(id, a)| AnswerInput::new(*id, Secret::new(*a)))
        .collect();
    assert_eq!(
        s.enroll_questions(&who, &inputs).await.unwrap(),
        EnrolOutcome::Enrolled
    );
    let stored: Vec<String> = sqlx::query("SELECT answer_hash FROM security_answers")
        .fetch_all(s.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("answer_hash"))
        .collect();
    assert_eq!(stored.len(), 4);
    assert!(stored.iter().all(|h| h.contains(",keyid=")), "{stored:?}");
    let answer = |s: &Services| {
        let s = s.clone();
        async move {
            let ChallengeOutcome::Ask(ids) = s.start_questions(&user(ANNA)).await.unwrap() else {
                panic!("questions offered");
            };
            let given: Vec<AnswerInput> = ids
                .iter()
                .map(|id| {
                    let a = book.iter().find(|(q, _)| q == id).unwrap().1;
                    AnswerInput::new(id.clone(), Secret::new(a))
                })
                .collect();
            s.answer_questions(&user(ANNA), &given).await
        }
    };
    assert!(matches!(
        answer(s).await.unwrap(),
        AnswersOutcome::Verified(_)
    ));
    // Another key file: the right answers verify nothing.
    let elsewhere = tempfile::tempdir().unwrap();
    let other = kiosk_with(&env, &elsewhere.path().join("secret.key"));
    assert!(!matches!(
        answer(&other).await,
        Ok(AnswersOutcome::Verified(_))
    ));
}

both!(
    a_database_copy_alone_verifies_no_peppered_hash,
    an_unpeppered_hash_verifies_and_is_peppered_at_sign_in,
    the_history_check_reads_plain_and_peppered_hashes,
    a_rotation_keeps_peppered_hashes_verifying,
    answers_are_peppered_too,
);
