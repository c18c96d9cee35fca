//! Issue 11, point 9: a current password that the category would refuse today (on the
//! blocklist, personal, or below the minimum zxcvbn score) signs in only to be changed,
//! as a temporary one does. Through the service on SQLite and PostgreSQL.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ROSTER, T0, TestDb, env};
use kiosk::domain::secret::Secret;
use kiosk::domain::username::Username;
use kiosk::service::VerifyOutcome;

async fn sign_in_with(db: TestDb, password: &str) -> (bool, String) {
    let env = env(db).await;
    let s = &env.services;
    s.import_csv(ROSTER.as_bytes()).await.unwrap();
    let account = s
        .store
        .account_by_username("anna.ostlund")
        .await
        .unwrap()
        .unwrap();
    let hash = s.hasher().hash(&Secret::password(password)).unwrap();
    s.store
        .seed_password(account.id, &hash, T0, Some(T0 + 365 * 86_400))
        .await
        .unwrap();
    let outcome = s
        .verify_password(
            &Username::parse("anna.ostlund").unwrap(),
            &Secret::password(password),
        )
        .await
        .unwrap();
    let VerifyOutcome::Verified(v) = outcome else {
        panic!("{password}: expected to sign in, got {outcome:?}");
    };
    let row = s
        .store
        .audit_log(Some("anna.ostlund"), None, 10)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.action.as_str() == "verify_password")
        .unwrap();
    assert_eq!(row.outcome.as_str(), "ok");
    // Signed in with her own password: the recovery factors stay hers after the change.
    assert!(v.signed_in());
    (v.must_change(), row.detail)
}

async fn a_weak_current_password_must_change(db: TestDb) {
    // On the blocklist.
    let (must, detail) = sign_in_with(db, "password123").await;
    assert!(must, "a blocklisted password must change");
    assert_eq!(detail, "weak: must change");
}

async fn a_personal_current_password_must_change(db: TestDb) {
    let (must, _) = sign_in_with(db, "Ostlund-Anna-Vinter-1987").await;
    assert!(must, "a password with her own name must change");
}

async fn a_below_score_current_password_must_change(db: TestDb) {
    // Not on the list, but guessable (zxcvbn score below the students' minimum).
    let (must, _) = sign_in_with(db, "abcdefgh12").await;
    assert!(must, "a guessable password must change");
}

async fn a_strong_current_password_signs_in_as_before(db: TestDb) {
    let (must, detail) = sign_in_with(db, "Gronsak-Fyrtorn-Kvarnhjul-47").await;
    assert!(!must);
    assert_eq!(detail, "");
}

both!(
    a_weak_current_password_must_change,
    a_personal_current_password_must_change,
    a_below_score_current_password_must_change,
    a_strong_current_password_signs_in_as_before,
);
