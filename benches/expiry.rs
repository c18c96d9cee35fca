//! The expiry job's selection with 1,000,000 accounts of which 1% are due, on SQLite and
//! (when `KIOSK_TEST_POSTGRES_URL` is set) on PostgreSQL in a database of its own that is
//! dropped afterwards. The accounts are made by one bulk statement (a recursive CTE on
//! SQLite, generate_series on PostgreSQL). Prints the seeding time, the query plan and one
//! cold selection, then lets criterion time the selection and a whole dry run (selection
//! plus deciding each account's notices).
//!
//! `cargo bench --bench expiry`; `KIOSK_BENCH_ACCOUNTS=100000` for a quicker run.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use kiosk::clock::ManualClock;
use kiosk::config::Settings;
use kiosk::service::Services;
use kiosk::store::Store;
use sqlx::{AnyConnection, Connection, Executor};

/// 2026-01-01T12:00:00Z, as in the tests.
const NOW: i64 = 1_767_268_800;
/// The limit for one run's selection.
const LIMIT: Duration = Duration::from_secs(5);

fn accounts() -> i64 {
    std::env::var("KIOSK_BENCH_ACCOUNTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// A PostgreSQL database made for this bench and dropped with it.
struct PgDb {
    admin: String,
    name: String,
    url: String,
}

impl PgDb {
    async fn create() -> Option<PgDb> {
        let admin = std::env::var("KIOSK_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        sqlx::any::install_default_drivers();
        let name = format!("kiosk_bench_{:016x}", rand::random::<u64>());
        let mut conn = AnyConnection::connect(&admin)
            .await
            .expect("KIOSK_TEST_POSTGRES_URL is set but unreachable");
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .expect("create bench database");
        conn.close().await.ok();
        let (base, _) = admin.rsplit_once('/').expect("url with a database name");
        let url = format!("{base}/{name}");
        Some(PgDb { admin, name, url })
    }

    async fn drop_db(self) {
        if let Ok(mut conn) = AnyConnection::connect(&self.admin).await {
            let _ = conn
                .execute(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                )))
                .await;
        }
    }
}

async fn prepare(label: &str, url: &str) -> Services {
    let store = Store::connect(url, 5).await.expect("connect");
    store.migrate().await.expect("migrate");
    let n = accounts();
    let started = Instant::now();
    store
        .seed_synthetic_accounts(n, NOW)
        .await
        .expect("seed accounts");
    eprintln!("[{label}] seeded {n} accounts in {:.1?}", started.elapsed());
    let mut settings = Settings::defaults();
    settings.database.url = url.to_string();
    let services = Services::new(store, Arc::new(settings), Arc::new(ManualClock::new(NOW)))
        .expect("services");
    let job = services.expiry_job();
    let horizon = job.horizon(NOW);
    let plan = services
        .store
        .explain_expiry_candidates(horizon)
        .await
        .expect("explain");
    for line in &plan {
        // The notices look-up lists 500 account ids; the start of the line says enough.
        let short: String = line.chars().take(140).collect();
        eprintln!("[{label}] plan: {short}");
    }
    // The accounts are always an index range. The notices of a batch of due accounts are
    // primary-key look-ups at this size; on a small table PostgreSQL may rightly read
    // it whole instead, so that is printed above, not asserted.
    assert!(
        !plan
            .iter()
            .any(|l| l.contains("Seq Scan on accounts") || l.trim_start().starts_with("SCAN a")),
        "[{label}] the accounts table is read whole"
    );
    let started = Instant::now();
    let due = services
        .store
        .expiry_candidates(horizon)
        .await
        .expect("select");
    let took = started.elapsed();
    eprintln!(
        "[{label}] first selection: {} due accounts of {n} in {took:.1?}",
        due.len()
    );
    assert_eq!(due.len() as i64, n / 100, "1% of the accounts are due");
    assert!(
        took <= LIMIT,
        "[{label}] selection took {took:?}, over {LIMIT:?}"
    );
    let started = Instant::now();
    let report = job.clone().dry_run(true).run().await.expect("dry run");
    eprintln!(
        "[{label}] first dry run: {} planned notices in {:.1?}",
        report.planned.len(),
        started.elapsed()
    );
    services
}

fn bench_backend(c: &mut Criterion, rt: &tokio::runtime::Runtime, label: &str, url: &str) {
    let services = rt.block_on(prepare(label, url));
    let horizon = services.expiry_job().horizon(NOW);
    let mut g = c.benchmark_group(format!("expiry_{label}"));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("selection", |b| {
        b.to_async(rt).iter(|| async {
            let due = services
                .store
                .expiry_candidates(horizon)
                .await
                .expect("select");
            assert!(!due.is_empty());
        })
    });
    g.bench_function("dry_run", |b| {
        b.to_async(rt).iter(|| async {
            let report = services
                .expiry_job()
                .dry_run(true)
                .run()
                .await
                .expect("dry run");
            assert!(!report.planned.is_empty());
        })
    });
    g.finish();
    rt.block_on(services.store.close());
}

fn expiry(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = format!("sqlite://{}/bench.db", dir.path().display());
    bench_backend(c, &rt, "sqlite", &sqlite);
    match rt.block_on(PgDb::create()) {
        Some(pg) => {
            bench_backend(c, &rt, "postgres", &pg.url);
            rt.block_on(pg.drop_db());
        }
        None => eprintln!("KIOSK_TEST_POSTGRES_URL is not set: PostgreSQL not measured"),
    }
}

criterion_group!(benches, expiry);
criterion_main!(benches);
