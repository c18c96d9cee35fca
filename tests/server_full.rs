//! A full PostgreSQL (issue 18, point 3): a server of this test binary's own with
//! `max_connections = 3`. With every slot taken by others, the kiosk's next step is an
//! outage (the banner: `ServiceError::Unavailable`), a kiosk starting then waits like for
//! any outage, nothing is half written, and once a slot frees the kiosk carries on by itself
//! (its health check answers, the same step succeeds).

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::own_server::{fill, full_postgres};
use common::{ROSTER, T0, TestDb, env_with, user};
use kiosk::domain::secret::Secret;
use kiosk::service::{ChangeOutcome, ServiceError, Services, VerifyOutcome};
use kiosk::store::{PoolSettings, Store};
use sqlx::Connection;

const SLOTS: u32 = 3;

const PASSWORD: &str = "Gurka7 trappa moln";
const NEW_PASSWORD: &str = "Blåbär sju cykel hav";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_server_is_an_outage_and_the_kiosk_carries_on_when_a_slot_frees() {
    let Some(pg) = tokio::task::spawn_blocking(|| full_postgres(SLOTS))
        .await
        .unwrap()
    else {
        return;
    };
    let admin = pg.url("postgres");
    let url = pg.url("kiosk");

    // Migrated and the roster loaded by the test harness's store, which then lets go.
    let env = env_with(TestDb::at(url.clone()), |_| {}).await;
    env.services.import_csv(ROSTER.as_bytes()).await.unwrap();
    let anna = env
        .services
        .store
        .account_by_username("anna.ostlund")
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
        .seed_password(anna.id, &hash, T0, Some(T0 + 365 * 86_400))
        .await
        .unwrap();
    let audit_rows = env
        .services
        .store
        .audit_log(None, None, 10_000)
        .await
        .unwrap()
        .len();
    env.services.store.close().await;

    // The kiosk: its own small pool, connections let go after a second unused.
    let pool = PoolSettings {
        idle_timeout: Duration::from_secs(1),
        ..PoolSettings::new(2)
    };
    let store = Store::connect_with(&url, pool).await.unwrap();
    let kiosk = Services::new(store, env.services.settings.clone(), env.clock.clone()).unwrap();
    let VerifyOutcome::Verified(who) = kiosk
        .verify_password(&user("anna.ostlund"), &Secret::password(PASSWORD))
        .await
        .unwrap()
    else {
        panic!("anna should sign in");
    };
    // Its idle connections close: then others take every slot.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut held = fill(&admin).await;
    assert_eq!(held.len(), SLOTS as usize, "the kiosk still held a slot");

    // The save is an outage (the kiosk's banner), not an error, and writes nothing.
    match kiosk
        .change_password(&who, &Secret::password(NEW_PASSWORD))
        .await
    {
        Err(ServiceError::Unavailable(e)) => assert!(e.is_outage(), "{e:?}"),
        other => panic!("expected an outage, got {other:?}"),
    }
    assert!(!kiosk.healthy().await);
    // A kiosk starting now waits with the banner too (cli: is_outage).
    let starting = Store::connect(&url, 2).await.unwrap_err();
    assert!(starting.is_outage(), "{starting:?}");

    // A slot frees: the health check answers and the same save goes through.
    held.pop().unwrap().close().await.unwrap();
    let mut waited = 0;
    while !kiosk.healthy().await {
        waited += 1;
        assert!(waited < 20, "the kiosk did not come back");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let changed = kiosk
        .change_password(&who, &Secret::password(NEW_PASSWORD))
        .await
        .unwrap();
    assert!(
        matches!(changed, ChangeOutcome::Changed { .. }),
        "{changed:?}"
    );
    // Exactly the one change: its audit row, none from the failed try.
    let rows = kiosk.store.audit_log(None, None, 10_000).await.unwrap();
    assert!(rows.len() > audit_rows);
    let changes: Vec<String> = rows
        .iter()
        .filter(|r| r.action.to_string() == "change_password")
        .map(|r| r.outcome.to_string())
        .collect();
    assert_eq!(changes, ["ok"]);
    assert!(kiosk.verify_audit().await.unwrap().broken.is_none());
    drop(held);
}
