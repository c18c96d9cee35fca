//! Can the time of a wrong password tell a real username from an unknown one? Signs in
//! with wrong passwords for real accounts and for names that do not exist, interleaved
//! (real, unknown, real, …), each name once so that no lock or pace gets in the way, on
//! SQLite (and on PostgreSQL when `KIOSK_TEST_POSTGRES_URL` is set, in a database of its
//! own that is dropped afterwards). Prints medians, means and Welch's t; the README's
//! security section quotes the figures. |t| < 3 is the target.
//!
//! `cargo bench --bench enumeration`; `KIOSK_BENCH_SAMPLES=400` for more samples.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use kiosk::clock::SystemClock;
use kiosk::config::Settings;
use kiosk::domain::secret::Secret;
use kiosk::domain::username::Username;
use kiosk::service::{Services, VerifyOutcome};
use kiosk::store::Store;
use sqlx::{AnyConnection, Connection, Executor};

fn samples() -> usize {
    std::env::var("KIOSK_BENCH_SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(250)
}

struct Stats {
    median: f64,
    mean: f64,
    var: f64,
    n: f64,
}

fn stats(xs: &[f64]) -> Stats {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    Stats {
        median: sorted[sorted.len() / 2],
        mean,
        var,
        n,
    }
}

fn welch_t(a: &Stats, b: &Stats) -> f64 {
    (a.mean - b.mean) / (a.var / a.n + b.var / b.n).sqrt()
}

async fn run(label: &str, url: &str) {
    let n = samples();
    let store = Store::connect(url, 5).await.expect("connect");
    store.migrate().await.expect("migrate");
    let mut settings = Settings::defaults();
    settings.database.url = url.to_string();
    // Every name is tried once, so neither the name lock nor the kiosk's pace is reached;
    // the pace would otherwise make every attempt after the third wait alike.
    settings.lockout.kiosk_free_failures = u32::MAX;
    let services = Services::new(store, Arc::new(settings), Arc::new(SystemClock)).unwrap();
    let mut roster = String::from("username,display_name,category,email,mobile\n");
    for i in 0..n {
        roster.push_str(&format!("real.{i},Real Person {i},students,,\n"));
    }
    services.import_csv(roster.as_bytes()).await.unwrap();
    for i in 0..n {
        let account = services
            .store
            .account_by_username(&format!("real.{i}"))
            .await
            .unwrap()
            .unwrap();
        let hash = services
            .hasher()
            .hash(&Secret::password(&format!("Right-Password-{i}")))
            .unwrap();
        services
            .store
            .seed_password(account.id, &hash, services.now(), None)
            .await
            .unwrap();
    }
    let wrong = Secret::password("Wrong-Guess-1234");
    let mut real = Vec::with_capacity(n);
    let mut unknown = Vec::with_capacity(n);
    // A few of each first: caches, the key, the first argon2 memory.
    for i in 0..5 {
        let u = Username::parse(&format!("warm.{i}")).unwrap();
        services.verify_password(&u, &wrong).await.unwrap();
    }
    for i in 0..n {
        for (name, out) in [
            (format!("real.{i}"), &mut real),
            (format!("nobody.{i}"), &mut unknown),
        ] {
            let u = Username::parse(&name).unwrap();
            let start = Instant::now();
            let verdict = services.verify_password(&u, &wrong).await.unwrap();
            out.push(start.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(verdict, VerifyOutcome::Invalid, "{name}");
        }
    }
    let (r, u) = (stats(&real), stats(&unknown));
    println!(
        "{label}: {n} + {n} interleaved wrong passwords: real median {:.2} ms mean {:.2} ms; \
         unknown median {:.2} ms mean {:.2} ms; Welch t = {:.2} (target |t| < 3)",
        r.median,
        r.mean,
        u.median,
        u.mean,
        welch_t(&r, &u)
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: skip then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("enum.db").display());
        run("SQLite", &url).await;
        if let Some(admin) = std::env::var("KIOSK_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            let name = format!("kiosk_enum_{}", std::process::id());
            let mut conn = AnyConnection::connect(&admin).await.unwrap();
            conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .await
                .unwrap();
            let (base, _) = admin.rsplit_once('/').unwrap();
            run("PostgreSQL", &format!("{base}/{name}")).await;
            conn.execute(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE {name} WITH (FORCE)"
            )))
            .await
            .unwrap();
        }
    });
}
