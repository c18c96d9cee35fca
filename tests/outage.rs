//! A database outage: PostgreSQL behind a TCP proxy that the test cuts and restores. The
//! services report "unavailable" (not a crash, not a wrong-password answer) and carry on by
//! themselves when the database returns, without a restart.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use common::TestDb;
use common::proxy::Proxy;
use kiosk::clock::ManualClock;
use kiosk::config::Settings;
use kiosk::domain::secret::Secret;
use kiosk::domain::username::Username;
use kiosk::service::{ServiceError, Services, VerifyOutcome};
use kiosk::store::Store;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_is_reported_and_survived() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    db.store().await; // migrate through the direct URL
    let (prefix, rest) = db.url.split_once('@').unwrap();
    let (hostport, dbname) = rest.split_once('/').unwrap();
    let proxy = Proxy::start(hostport.to_string()).await;
    let url = format!("{prefix}@127.0.0.1:{}/{dbname}", proxy.port);

    let mut settings = Settings::defaults();
    settings.database.url = url.clone();
    let keys = tempfile::tempdir().unwrap();
    settings.keys.file = keys.path().join("secret.key");
    let store = Store::connect(&url, 2).await.unwrap();
    let services = Services::new(
        store,
        Arc::new(settings),
        Arc::new(ManualClock::new(common::T0)),
    )
    .unwrap();
    services
        .import_csv(common::ROSTER.as_bytes())
        .await
        .unwrap();
    let temp = services
        .issue_temp_password("anna.ostlund", Some(5), None, "admin:test")
        .await
        .unwrap();
    let anna = Username::parse("anna.ostlund").unwrap();
    assert!(matches!(
        services.verify_password(&anna, &temp).await.unwrap(),
        VerifyOutcome::Verified(_)
    ));

    proxy.down();
    let err = services.verify_password(&anna, &temp).await.unwrap_err();
    assert!(matches!(err, ServiceError::Unavailable(_)), "{err:?}");
    assert!(!services.store.ping().await);
    // A wrong password during the outage is not counted as a failure somewhere.
    assert!(
        services
            .verify_password(&anna, &Secret::password("wrong"))
            .await
            .is_err()
    );

    proxy.restore();
    let mut back = false;
    for _ in 0..50 {
        if services.store.ping().await {
            back = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(back, "the pool reconnects by itself");
    assert!(matches!(
        services.verify_password(&anna, &temp).await.unwrap(),
        VerifyOutcome::Verified(_)
    ));
    services.store.close().await;
}
