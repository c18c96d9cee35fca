//! A full PostgreSQL (issue 18, point 3): a server of this test binary's own with
//! `max_connections = 3`. With every slot taken by others, the kiosk's next step is an
//! outage (the banner: `ServiceError::Unavailable`), a kiosk starting then waits like for
//! any outage, nothing is half written, and once a slot frees the kiosk carries on by itself
//! (its health check answers, the same step succeeds).

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::own_server::{OwnPostgres, bin_dir, server_dir};
use common::{ROSTER, T0, TestDb, env_with, user};
use kiosk::domain::secret::Secret;
use kiosk::service::{ChangeOutcome, ServiceError, Services, VerifyOutcome};
use kiosk::store::{PoolSettings, Store};
use sqlx::{AnyConnection, Connection, Executor};

const SLOTS: u32 = 3;

fn start() -> Option<OwnPostgres> {
    let Some(bin) = bin_dir() else {
        if std::env::var("KIOSK_TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty()) {
            panic!("no PostgreSQL in /usr/lib/postgresql/*/bin: scripts/test installs it");
        }
        eprintln!("PostgreSQL is not installed: server-full test not run");
        return None;
    };
    Some(OwnPostgres::start(
        &bin,
        server_dir("kiosk-pg-full-"),
        // No slots kept back for superusers: the test's role is one.
        &format!("max_connections = {SLOTS}\nsuperuser_reserved_connections = 0"),
        "local all all trust\nhost all all 127.0.0.1/32 trust\n",
        |port| format!("postgres://postgres@127.0.0.1:{port}/postgres"),
    ))
}

const PASSWORD: &str = "Gurka7 trappa moln";
const NEW_PASSWORD: &str = "Blåbär sju cykel hav";

/// Takes every free slot; the connections are held until dropped.
async fn fill(url: &str) -> Vec<AnyConnection> {
    let mut held = Vec::new();
    loop {
        match AnyConnection::connect(url).await {
            Ok(c) => held.push(c),
            Err(e) => {
                let text = e.to_string();
                assert!(text.contains("too many clients"), "{text}");
                assert!(!held.is_empty() || SLOTS == 0);
                return held;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_server_is_an_outage_and_the_kiosk_carries_on_when_a_slot_frees() {
    let Some(pg) = tokio::task::spawn_blocking(start).await.unwrap() else {
        return;
    };
    let admin = format!("postgres://postgres@127.0.0.1:{}/postgres", pg.port);
    let mut conn = AnyConnection::connect(&admin).await.unwrap();
    conn.execute("CREATE DATABASE kiosk").await.unwrap();
    conn.close().await.unwrap();
    let url = format!("postgres://postgres@127.0.0.1:{}/kiosk", pg.port);

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
