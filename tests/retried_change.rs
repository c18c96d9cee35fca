//! A save retried after a database blip (issue 13, item 3): the first try may have
//! committed before the connection dropped. The retry must report Changed, not Conflict
//! and not "used before", and record nothing twice. Run against SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, ROSTER, TestDb, env, signed_in, user};
use kiosk::domain::secret::Secret;
use kiosk::service::{ChangeOutcome, VerifyOutcome};

async fn count(env: &Env, sql: &'static str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(env.services.store.pool())
        .await
        .unwrap()
        .get::<i64, _>(0)
}

async fn a_retried_change_that_had_committed_reports_changed(db: TestDb) {
    let env = env(db).await;
    env.services.import_csv(ROSTER.as_bytes()).await.unwrap();
    let who = signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    let new = Secret::password("Vinter Sol Blåbär 88");
    let first = env.services.change_password(&who, &new).await.unwrap();
    assert!(matches!(first, ChangeOutcome::Changed { .. }), "{first:?}");
    let history = count(&env, "SELECT COUNT(*) FROM password_history").await;
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'change_password'";
    let rows = count(&env, audited).await;
    env.services.background_idle().await;
    let notices = "SELECT COUNT(*) FROM audit_log WHERE action = 'change_notice'";
    let sent = count(&env, notices).await;
    assert!(sent > 0, "the first change sent its notice");

    // The same capability and the same password again, as the kiosk sends it when the
    // database is back: the version moved, the password is in the history, yet it is done.
    let again = env.services.change_password(&who, &new).await.unwrap();
    match again {
        ChangeOutcome::Changed { account, .. } => {
            assert_eq!(account.username(), "anna.ostlund");
            assert!(!account.must_change());
        }
        other => panic!("a retried change must report Changed, got {other:?}"),
    }
    assert_eq!(
        count(&env, "SELECT COUNT(*) FROM password_history").await,
        history,
        "nothing recorded twice"
    );
    assert_eq!(count(&env, audited).await, rows, "no second audit row");
    env.services.background_idle().await;
    assert_eq!(count(&env, notices).await, sent, "no second change notice");
    let verified = env
        .services
        .verify_password(&user("anna.ostlund"), &new)
        .await
        .unwrap();
    assert!(
        matches!(verified, VerifyOutcome::Verified(_)),
        "{verified:?}"
    );

    // The stale capability with any other password is still refused as before.
    let other = env
        .services
        .change_password(&who, &Secret::password("Höst Regn Lingon 77"))
        .await
        .unwrap();
    assert!(matches!(other, ChangeOutcome::Conflict), "{other:?}");
    let verified = env
        .services
        .verify_password(&user("anna.ostlund"), &new)
        .await
        .unwrap();
    assert!(matches!(verified, VerifyOutcome::Verified(_)));
}

both!(a_retried_change_that_had_committed_reports_changed);
