//! Issue 11, point 5: recovery never changes recovery factors. Through the public service
//! interface on SQLite and PostgreSQL: an account reached through a reset (SMS code,
//! questions, staff ticket, temporary password) cannot change its security questions or
//! mobile number, not even after choosing its new password; a signed-in change of either
//! tells every address on file.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, ROSTER, T0, TestDb, env, outbox};
use kiosk::domain::code::SessionRef;
use kiosk::domain::secret::Secret;
use kiosk::domain::username::Username;
use kiosk::service::{
    AnswerInput, ChangeOutcome, CodeCheck, EnrolOutcome, MobileRequest, ResetProgress,
    VerifiedAccount, VerifyOutcome,
};

const ANNA: &str = "anna.ostlund";
const PASSWORD: &str = "Gurka7 trappa moln";
const NEW_PASSWORD: &str = "Blåbär-Paraply-Fönster-71";

const ANSWERS: [(&str, &str); 4] = [
    ("street_age_seven", "Storgatan"),
    ("first_concert", "Zanzibar Orkestern"),
    ("first_cuddly_toy", "Nalle Brum"),
    ("childhood_fear", "Mörkret i källaren"),
];

fn user(name: &str) -> Username {
    Username::parse(name).unwrap()
}

fn answers() -> Vec<AnswerInput> {
    ANSWERS
        .iter()
        .map(|(id, a)| AnswerInput::new(*id, Secret::new(*a)))
        .collect()
}

/// The text of every mail written by the file mailer.
fn mails(env: &Env) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir(&env.services.settings.mail.file_dir) else {
        return Vec::new();
    };
    dir.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect()
}

fn code_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .unwrap_or_else(|| panic!("no code in {text:?}"))
        .to_string()
}

async fn setup(db: TestDb) -> Env {
    let env = env(db).await;
    env.services.import_csv(ROSTER.as_bytes()).await.unwrap();
    let account = env
        .services
        .store
        .account_by_username(ANNA)
        .await
        .unwrap()
        .unwrap();
    let hash = env
        .services
        .hasher()
        .hash(&Secret::password(PASSWORD))
        .unwrap();
    env.services
        .store
        .seed_password(account.id, &hash, T0, Some(T0 + 365 * 86_400))
        .await
        .unwrap();
    env
}

async fn signed_in(env: &Env) -> VerifiedAccount {
    match env
        .services
        .verify_password(&user(ANNA), &Secret::password(PASSWORD))
        .await
        .unwrap()
    {
        VerifyOutcome::Verified(v) => v,
        other => panic!("expected to sign in, got {other:?}"),
    }
}

/// An SMS reset: code, proof, weighing.
async fn reset_by_sms(env: &Env) -> VerifiedAccount {
    let s = SessionRef::from_string("reset");
    env.services
        .request_reset_code(&user(ANNA), &s)
        .await
        .unwrap();
    let code = code_in(&outbox(env).last().unwrap().1);
    let CodeCheck::Verified(proof) = env
        .services
        .verify_reset_code(&user(ANNA), &s, &code)
        .await
        .unwrap()
    else {
        panic!("the code should verify");
    };
    match env.services.complete_reset(&[proof]).await.unwrap() {
        ResetProgress::Verified(v) => v,
        other => panic!("expected the reset verified, got {other:?}"),
    }
}

async fn factors_shut(env: &Env, who: &VerifiedAccount) {
    assert!(!who.signed_in(), "{who:?}");
    let s = SessionRef::from_string("profile");
    assert_eq!(
        env.services
            .request_mobile_code(who, &s, "073-123 45 67")
            .await
            .unwrap(),
        MobileRequest::NotOffered
    );
    assert_eq!(
        env.services
            .confirm_mobile_code(who, &s, "123456")
            .await
            .unwrap(),
        CodeCheck::NoCode
    );
    assert_eq!(
        env.services
            .enroll_questions(who, &answers())
            .await
            .unwrap(),
        EnrolOutcome::NotOffered
    );
}

async fn a_reset_never_opens_the_recovery_factors(db: TestDb) {
    let env = setup(db).await;
    let reset = reset_by_sms(&env).await;
    factors_shut(&env, &reset).await;
    // Choosing the new password does not make it a sign-in with the current one.
    let ChangeOutcome::Changed { account, .. } = env
        .services
        .change_password(&reset, &Secret::password(NEW_PASSWORD))
        .await
        .unwrap()
    else {
        panic!("the change should succeed");
    };
    factors_shut(&env, &account).await;
    let stored = env
        .services
        .store
        .account_by_username(ANNA)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.mobile.as_deref(), Some("+46701234567"));
    assert!(
        env.services
            .store
            .enrolled_answers(stored.id)
            .await
            .unwrap()
            .is_empty()
    );
    // A later sign-in with the (now current) password opens them, in its own session.
    let fresh = match env
        .services
        .verify_password(&user(ANNA), &Secret::password(NEW_PASSWORD))
        .await
        .unwrap()
    {
        VerifyOutcome::Verified(v) => v,
        other => panic!("expected to sign in, got {other:?}"),
    };
    assert!(fresh.signed_in());
    assert_eq!(
        env.services
            .enroll_questions(&fresh, &answers())
            .await
            .unwrap(),
        EnrolOutcome::Enrolled
    );
}

async fn a_signed_in_change_keeps_its_profile(db: TestDb) {
    let env = setup(db).await;
    let who = signed_in(&env).await;
    assert!(who.signed_in());
    let ChangeOutcome::Changed { account, .. } = env
        .services
        .change_password(&who, &Secret::password(NEW_PASSWORD))
        .await
        .unwrap()
    else {
        panic!("the change should succeed");
    };
    assert!(account.signed_in(), "Done's F3 stays open after a sign-in");
}

async fn a_new_question_set_tells_every_address(db: TestDb) {
    let env = setup(db).await;
    let who = signed_in(&env).await;
    assert_eq!(
        env.services
            .enroll_questions(&who, &answers())
            .await
            .unwrap(),
        EnrolOutcome::Enrolled
    );
    env.services.background_idle().await;
    let sms = outbox(&env);
    assert_eq!(sms.len(), 1, "{sms:?}");
    assert_eq!(sms[0].0, "+46701234567");
    assert!(
        sms[0]
            .1
            .contains("säkerhetsfrågorna för anna.ostlund byttes"),
        "{}",
        sms[0].1
    );
    let mails = mails(&env);
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].contains("anna@example.org"), "{}", mails[0]);
    // No answer ever leaves the kiosk.
    for (_, answer) in ANSWERS {
        assert!(!sms[0].1.contains(answer) && !mails[0].contains(answer));
    }
    let log = env
        .services
        .store
        .audit_log(Some(ANNA), None, 100)
        .await
        .unwrap();
    let notices: Vec<_> = log
        .iter()
        .filter(|r| r.action.as_str() == "questions_notice" && r.outcome.as_str() == "sent")
        .collect();
    assert_eq!(notices.len(), 2, "{log:#?}");
}

/// Issue 11, point 7: after a successful change every outstanding code, the open question
/// challenge and every reset capability (a staff ticket, a reset finished at another kiosk
/// but not yet used) of the account are void.
async fn a_change_voids_every_open_way_in(db: TestDb) {
    let env = setup(db).await;
    let s = &env.services;
    let anna_id = s.store.account_by_username(ANNA).await.unwrap().unwrap().id;
    // A reset verified at one kiosk, not yet used.
    let pending = reset_by_sms(&env).await;
    // A code sent at another, not yet typed.
    let other = SessionRef::from_string("other kiosk");
    s.request_reset_code(&user(ANNA), &other).await.unwrap();
    let open_code = code_in(&outbox(&env).last().unwrap().1);
    // Questions enrolled and a challenge open.
    let who = signed_in(&env).await;
    assert_eq!(
        s.enroll_questions(&who, &answers()).await.unwrap(),
        EnrolOutcome::Enrolled
    );
    s.start_questions(&user(ANNA)).await.unwrap();
    assert!(s.store.challenge(anna_id, T0).await.unwrap().is_some());

    // The owner changes the password.
    assert!(matches!(
        s.change_password(&who, &Secret::password(NEW_PASSWORD))
            .await
            .unwrap(),
        ChangeOutcome::Changed { .. }
    ));

    assert!(
        !matches!(
            s.verify_reset_code(&user(ANNA), &other, &open_code)
                .await
                .unwrap(),
            CodeCheck::Verified(_)
        ),
        "the open code still works"
    );
    assert!(
        s.store
            .codes_of(anna_id)
            .await
            .unwrap()
            .iter()
            .all(|c| c.used_at.is_some() || c.voided)
    );
    assert_eq!(s.store.challenge(anna_id, T0).await.unwrap(), None);
    assert_eq!(
        s.change_password(&pending, &Secret::password("Ett-Helt-Annat-Lösen-93"))
            .await
            .unwrap(),
        ChangeOutcome::Conflict,
        "the pending reset still changes the password"
    );
    // The new password stands.
    assert!(matches!(
        s.verify_password(&user(ANNA), &Secret::password(NEW_PASSWORD))
            .await
            .unwrap(),
        VerifyOutcome::Verified(_)
    ));
}

both!(
    a_change_voids_every_open_way_in,
    a_reset_never_opens_the_recovery_factors,
    a_signed_in_change_keeps_its_profile,
    a_new_question_set_tells_every_address,
);
