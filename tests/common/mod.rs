//! Test harness: a fresh database per test, on SQLite and on PostgreSQL.
//!
//! PostgreSQL comes from `KIOSK_TEST_POSTGRES_URL`. Unset: the PostgreSQL variant of each
//! test says so and passes (local runs); set but unreachable: it fails.
#![allow(dead_code)]

use std::sync::Arc;

use kiosk::clock::ManualClock;
use kiosk::config::Settings;
use kiosk::domain::secret::Secret;
use kiosk::domain::username::Username;
use kiosk::service::{Services, VerifiedAccount, VerifyOutcome};
use kiosk::store::Store;
use sqlx::{AnyConnection, Connection, Executor};

/// 2026-01-01T12:00:00Z: tests run on a fixed clock.
pub const T0: i64 = 1_767_268_800;

/// A database that exists for one test and is dropped after it.
pub struct TestDb {
    pub url: String,
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/sub/kiosk.db", dir.path().display());
        TestDb {
            url,
            pg: None,
            _dir: Some(dir),
        }
    }

    /// A database a test made itself (on a server of its own): nothing to drop after.
    pub fn at(url: String) -> TestDb {
        TestDb {
            url,
            pg: None,
            _dir: None,
        }
    }

    /// None when `KIOSK_TEST_POSTGRES_URL` is unset.
    pub async fn postgres() -> Option<TestDb> {
        let admin = match std::env::var("KIOSK_TEST_POSTGRES_URL") {
            Ok(u) if !u.is_empty() => u,
            _ => {
                eprintln!("KIOSK_TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
                return None;
            }
        };
        sqlx::any::install_default_drivers();
        let name = format!("kiosk_test_{:016x}", rand::random::<u64>());
        let mut conn = AnyConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("KIOSK_TEST_POSTGRES_URL is set but unreachable: {e}"));
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .expect("create test database");
        conn.close().await.ok();
        let (base, _) = admin.rsplit_once('/').expect("url with a database name");
        let url = format!("{base}/{name}");
        Some(TestDb {
            url,
            pg: Some((admin, name)),
            _dir: None,
        })
    }

    pub async fn store(&self) -> Store {
        let store = Store::connect(&self.url, 5).await.expect("connect");
        store.migrate().await.expect("migrate");
        store
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            // Drop runs outside async; a small runtime of its own does the cleanup.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async {
                    if let Ok(mut conn) = AnyConnection::connect(&admin).await {
                        let _ = conn
                            .execute(sqlx::AssertSqlSafe(format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            )))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// Services on a fresh database with the default settings and a manual clock at T0.
pub struct Env {
    pub services: Services,
    pub clock: Arc<ManualClock>,
    pub db: TestDb,
    /// Where the default outbox (`sms-outbox.jsonl`) and mail folder (`mail/`) of this test
    /// go, so that notices never land in the working directory.
    pub spool: tempfile::TempDir,
}

pub async fn env_with(db: TestDb, tweak: impl FnOnce(&mut Settings)) -> Env {
    let mut settings = Settings::defaults();
    settings.database.url = db.url.clone();
    let spool = tempfile::tempdir().expect("spool dir");
    // The shipped default is "none"; most tests read the codes from the outbox.
    settings.sms.provider = kiosk::config::SmsProvider::Outbox;
    settings.sms.outbox.path = spool.path().join("sms-outbox.jsonl");
    settings.mail.file_dir = spool.path().join("mail");
    // Each test its own key file (created at the services' start), never the working dir's.
    settings.keys.file = spool.path().join("secret.key");
    // The clock is frozen here, so the kiosk-wide pace would stop every test that counts
    // wrong passwords; the pace has its own tests, which turn it back on.
    settings.lockout.kiosk_free_failures = u32::MAX;
    tweak(&mut settings);
    let store = db.store().await;
    let clock = Arc::new(ManualClock::new(T0));
    let services = Services::new(store, Arc::new(settings), clock.clone()).expect("services");
    Env {
        services,
        clock,
        db,
        spool,
    }
}

pub async fn env(db: TestDb) -> Env {
    env_with(db, |_| {}).await
}

/// Runs an async test body against SQLite and PostgreSQL: `both!(name);` with
/// `async fn name(db: TestDb)` defined next to it.
#[macro_export]
macro_rules! both {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(super::common::TestDb::sqlite().await).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(db) = super::common::TestDb::postgres().await {
                        super::$name(db).await;
                    }
                }
            }
        )+
    };
}

pub fn user(name: &str) -> Username {
    Username::parse(name).unwrap()
}

/// Gives `name` the password `pw` directly (valid a year from T0) and signs in with it.
pub async fn signed_in(env: &Env, name: &str, pw: &str) -> VerifiedAccount {
    let account = env
        .services
        .store
        .account_by_username(name)
        .await
        .unwrap()
        .unwrap();
    let hash = env.services.hasher().hash(&Secret::password(pw)).unwrap();
    env.services
        .store
        .seed_password(account.id, &hash, T0, Some(T0 + 365 * 86_400))
        .await
        .unwrap();
    match env
        .services
        .verify_password(&user(name), &Secret::password(pw))
        .await
        .unwrap()
    {
        VerifyOutcome::Verified(v) => v,
        other => panic!("expected to sign in, got {other:?}"),
    }
}

pub const ROSTER: &str = "username,display_name,category,email,mobile\n\
anna.ostlund,Anna Östlund,students,anna@example.org,070-123 45 67\n\
eva.nilsson,Eva Nilsson,staff,eva@example.org,\n";

pub mod cloud;
pub mod own_server;
pub mod proxy;
pub mod servers;

/// Every message in this test's outbox: (to, text).
pub fn outbox(env: &Env) -> Vec<(String, String)> {
    let path = &env.services.settings.sms.outbox.path;
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["to"].as_str().unwrap().to_string(),
                v["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
