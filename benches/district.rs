//! The load tool (issue 18, point 4): N kiosks on one PostgreSQL (or one SQLite file), each
//! with its own pool and kiosk id, each running the real service flow for one person after
//! another with a think time between them: identify, verify, change with history; a share
//! of wrong passwords, unknown names, SMS resets through the outbox and security questions.
//! Reports flows per second, the database time per flow p50/p99 (the time sqlx spent in
//! statements, from its own timing; argon2 and the rest of the flow apart), the most
//! connections PostgreSQL had open for the run's database (`pg_stat_activity`), and errors.
//!
//! Not part of the test run. With the test PostgreSQL (trust on 127.0.0.1):
//!
//! ```text
//! cargo bench --bench district -- --kiosks 100 --seconds 30
//! cargo bench --bench district -- --kiosks 200 --seconds 30 --pgbouncer
//! cargo bench --bench district -- --kiosks 20 --seconds 30 --jobs   # expiry job + import alongside
//! cargo bench --bench district -- --kiosks 20 --sqlite
//! ```
//!
//! `--server URL` (default `KIOSK_TEST_POSTGRES_URL`, else postgres://postgres@127.0.0.1:5432/postgres)
//! is where a database of the run's own is made (and dropped); `--pgbouncer` starts Debian's
//! pgbouncer (transaction mode, pool 20) in front of it and runs the kiosks through it with
//! `[database] pgbouncer = true`; `--think-ms` the pause between people (default 2000);
//! `--hash-kib N` a lighter argon2 (N KiB, one pass) so that the CPU left to the database
//! on a small machine is not all argon2's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// The test suite's PgBouncer (transaction mode on a free port); its PostgreSQL helpers unused here.
#[path = "../tests/common/own_server.rs"]
#[allow(dead_code)]
mod own_server;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kiosk::clock::SystemClock;
use kiosk::config::{Settings, SmsProvider};
use kiosk::domain::code::SessionRef;
use kiosk::domain::secret::Secret;
use kiosk::domain::username::Username;
use kiosk::service::{
    AnswerInput, AnswersOutcome, ChallengeOutcome, ChangeOutcome, CodeCheck, ResetProgress,
    SendOutcome, Services, VerifiedAccount, VerifyOutcome,
};
use kiosk::store::Store;
use rand::RngExt as _;
use sqlx::{AnyConnection, Connection, Executor};
use tracing_subscriber::layer::SubscriberExt;

/// People on each kiosk's list (each kiosk its own, so kiosks never fight over a person).
const PEOPLE_PER_KIOSK: usize = 3;
const FIRST_PASSWORD: &str = "Gurka7 trappa moln";
const ANSWERS: [(&str, &str); 4] = [
    ("street_age_seven", "Storgatan"),
    ("first_concert", "Zanzibar Orkestern"),
    ("first_cuddly_toy", "Nalle Brum"),
    ("childhood_fear", "Mörkret i källaren"),
];

struct Args {
    kiosks: usize,
    seconds: u64,
    think_ms: u64,
    pgbouncer: bool,
    sqlite: bool,
    jobs: bool,
    server: String,
    /// argon2 memory for the run (KiB, one pass); None: kiosk.toml's.
    hash_kib: Option<u32>,
}

fn args() -> Args {
    let mut a = Args {
        kiosks: 20,
        seconds: 30,
        think_ms: 2000,
        pgbouncer: false,
        sqlite: false,
        jobs: false,
        hash_kib: None,
        server: std::env::var("KIOSK_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".into()),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().expect("a value after the option");
        match arg.as_str() {
            "--kiosks" => a.kiosks = value().parse().unwrap(),
            "--seconds" => a.seconds = value().parse().unwrap(),
            "--think-ms" => a.think_ms = value().parse().unwrap(),
            "--server" => a.server = value(),
            "--pgbouncer" => a.pgbouncer = true,
            "--sqlite" => a.sqlite = true,
            "--jobs" => a.jobs = true,
            "--hash-kib" => a.hash_kib = Some(value().parse().unwrap()),
            // cargo bench passes --bench.
            _ => {}
        }
    }
    a
}

// --- The database time of the flow being run: sqlx times every statement (its
// `sqlx::query` events carry `elapsed_secs`); a task-local sums them per flow.

tokio::task_local! {
    static FLOW_DB: Arc<[AtomicU64; 2]>;
}

struct DbTime;

struct Elapsed(Option<f64>);

impl tracing::field::Visit for Elapsed {
    fn record_f64(&mut self, field: &tracing::field::Field, value: f64) {
        if field.name() == "elapsed_secs" {
            self.0 = Some(value);
        }
    }
    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for DbTime {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut e = Elapsed(None);
        event.record(&mut e);
        if let Some(secs) = e.0 {
            let _ = FLOW_DB.try_with(|n| {
                n[0].fetch_add((secs * 1e9) as u64, Ordering::Relaxed);
                n[1].fetch_add(1, Ordering::Relaxed);
            });
        }
    }
}

// --- One kiosk.

#[derive(Default)]
struct Tally {
    flows: AtomicUsize,
    errors: std::sync::Mutex<BTreeMap<String, usize>>,
    /// (database time, whole flow) per flow, nanoseconds.
    times: std::sync::Mutex<Vec<(u64, u64)>>,
    statements: AtomicU64,
    kinds: std::sync::Mutex<BTreeMap<&'static str, usize>>,
}

struct Person {
    name: String,
    password: String,
    changes: u32,
    enrolled: bool,
}

fn user(name: &str) -> Username {
    Username::parse(name).unwrap()
}

async fn verified(s: &Services, p: &Person) -> Result<VerifiedAccount, String> {
    match s
        .verify_password(&user(&p.name), &Secret::password(&p.password))
        .await
        .map_err(|e| e.to_string())?
    {
        VerifyOutcome::Verified(v) => Ok(v),
        other => Err(format!("sign-in: {other:?}")),
    }
}

/// Change with history, and the enrolment the first time.
async fn change(
    s: &Services,
    p: &mut Person,
    who: VerifiedAccount,
    kiosk: usize,
) -> Result<(), String> {
    if !p.enrolled {
        let pairs: Vec<AnswerInput> = ANSWERS
            .iter()
            .map(|(q, a)| AnswerInput::new(*q, Secret::new(*a)))
            .collect();
        s.enroll_questions(&who, &pairs)
            .await
            .map_err(|e| e.to_string())?;
        p.enrolled = true;
    }
    let next = format!("Blåbär cykel hav {kiosk} gånger {}", p.changes + 1);
    let secret = Secret::password(&next);
    if s.is_reused(&who, &secret)
        .await
        .map_err(|e| e.to_string())?
    {
        return Err("a fresh password counted as reused".into());
    }
    match s
        .change_password(&who, &secret)
        .await
        .map_err(|e| e.to_string())?
    {
        ChangeOutcome::Changed { .. } => {
            p.password = next;
            p.changes += 1;
            Ok(())
        }
        other => Err(format!("change: {other:?}")),
    }
}

async fn sms_reset(
    s: &Services,
    p: &Person,
    outbox: &std::path::Path,
) -> Result<VerifiedAccount, String> {
    let session = SessionRef::from_string(format!("{}-{}", p.name, p.changes));
    match s
        .request_reset_code(&user(&p.name), &session)
        .await
        .map_err(|e| e.to_string())?
    {
        SendOutcome::Sent { .. } => {}
        other => return Err(format!("sms: {other:?}")),
    }
    let text = std::fs::read_to_string(outbox).map_err(|e| e.to_string())?;
    let last = text.lines().last().unwrap_or_default();
    let code = last
        .split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .ok_or("no code in the outbox")?
        .to_string();
    let CodeCheck::Verified(proof) = s
        .verify_reset_code(&user(&p.name), &session, &code)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Err("the code did not verify".into());
    };
    match s
        .complete_reset(&[proof])
        .await
        .map_err(|e| e.to_string())?
    {
        ResetProgress::Verified(v) => Ok(v),
        other => Err(format!("reset: {other:?}")),
    }
}

async fn questions(s: &Services, p: &Person) -> Result<VerifiedAccount, String> {
    let ids = match s
        .start_questions(&user(&p.name))
        .await
        .map_err(|e| e.to_string())?
    {
        ChallengeOutcome::Ask(ids) => ids,
        other => return Err(format!("questions: {other:?}")),
    };
    let given: Vec<AnswerInput> = ids
        .iter()
        .map(|id| {
            let a = ANSWERS.iter().find(|(q, _)| q == id).map_or("fel", |x| x.1);
            AnswerInput::new(id.clone(), Secret::new(a))
        })
        .collect();
    let AnswersOutcome::Verified(proof) = s
        .answer_questions(&user(&p.name), &given)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Err("the answers did not verify".into());
    };
    match s
        .complete_reset(&[proof])
        .await
        .map_err(|e| e.to_string())?
    {
        ResetProgress::Verified(v) => Ok(v),
        other => Err(format!("reset: {other:?}")),
    }
}

/// One person at the kiosk; returns what kind of flow it was.
async fn one_flow(
    s: &Services,
    p: &mut Person,
    kiosk: usize,
    outbox: &std::path::Path,
    roll: u32,
) -> Result<&'static str, String> {
    // Everyone says who they are first.
    s.methods_for(&user(&p.name))
        .await
        .map_err(|e| e.to_string())?;
    match roll {
        // An unknown name: walks the same screens and fails at verification.
        0..=9 => {
            let nobody = format!("okand{kiosk}x{roll}");
            s.methods_for(&user(&nobody))
                .await
                .map_err(|e| e.to_string())?;
            match s
                .verify_password(&user(&nobody), &Secret::password("inte alls rätt"))
                .await
                .map_err(|e| e.to_string())?
            {
                VerifyOutcome::Invalid => Ok("unknown name"),
                other => Err(format!("unknown name: {other:?}")),
            }
        }
        // A wrong password first, then the right one and a change.
        10..=19 => {
            match s
                .verify_password(&user(&p.name), &Secret::password("fel lösenord igen"))
                .await
                .map_err(|e| e.to_string())?
            {
                VerifyOutcome::Invalid => {}
                other => return Err(format!("wrong password: {other:?}")),
            }
            let who = verified(s, p).await?;
            change(s, p, who, kiosk).await?;
            Ok("wrong then right")
        }
        20..=27 if p.name.ends_with("x0") && p.changes < 2 => {
            let who = sms_reset(s, p, outbox).await?;
            change(s, p, who, kiosk).await?;
            Ok("sms reset")
        }
        28..=37 if p.enrolled => {
            let who = questions(s, p).await?;
            change(s, p, who, kiosk).await?;
            Ok("questions")
        }
        _ => {
            let who = verified(s, p).await?;
            change(s, p, who, kiosk).await?;
            Ok("change")
        }
    }
}

async fn run_kiosk(
    s: Services,
    mut people: Vec<Person>,
    kiosk: usize,
    outbox: std::path::PathBuf,
    until: Instant,
    think: Duration,
    tally: Arc<Tally>,
) {
    let mut rng = rand::make_rng::<rand::rngs::StdRng>();
    // Kiosks start spread over one think time, as people arrive.
    tokio::time::sleep(think.mul_f64(rng.random::<f64>())).await;
    let mut turn = 0usize;
    while Instant::now() < until {
        let p = &mut people[turn % PEOPLE_PER_KIOSK];
        turn += 1;
        let roll = rng.random_range(0..100);
        let db = Arc::new([AtomicU64::new(0), AtomicU64::new(0)]);
        let started = Instant::now();
        let result = FLOW_DB
            .scope(db.clone(), one_flow(&s, p, kiosk, &outbox, roll))
            .await;
        let whole = started.elapsed().as_nanos() as u64;
        match result {
            Ok(kind) => {
                tally.flows.fetch_add(1, Ordering::Relaxed);
                tally
                    .times
                    .lock()
                    .unwrap()
                    .push((db[0].load(Ordering::Relaxed), whole));
                tally
                    .statements
                    .fetch_add(db[1].load(Ordering::Relaxed), Ordering::Relaxed);
                *tally.kinds.lock().unwrap().entry(kind).or_default() += 1;
            }
            Err(e) => {
                let e: String = e.chars().take(120).collect();
                *tally.errors.lock().unwrap().entry(e).or_default() += 1;
            }
        }
        let jitter = 0.5 + rng.random::<f64>();
        tokio::time::sleep(think.mul_f64(jitter)).await;
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1e6
}

fn roster(kiosks: usize) -> String {
    let mut csv = String::from("username,display_name,category,email,mobile\n");
    for k in 0..kiosks {
        for i in 0..PEOPLE_PER_KIOSK {
            // The first of each kiosk's people has a mobile number (the SMS share).
            let mobile = if i == 0 {
                format!("070-{k:03} 45 67")
            } else {
                String::new()
            };
            csv.push_str(&format!("k{k}x{i},Elev {k} {i},students,,{mobile}\n"));
        }
    }
    csv
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let a = args();
    sqlx::any::install_default_drivers();
    let subscriber = tracing_subscriber::registry()
        .with(
            tracing_subscriber::filter::Targets::new()
                .with_target("sqlx::query", tracing::Level::DEBUG),
        )
        .with(DbTime);
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let spool = tempfile::tempdir().unwrap();
    // The run's own database.
    let (url, admin, name) = if a.sqlite {
        (
            format!("sqlite://{}/kiosk.db", spool.path().display()),
            None,
            None,
        )
    } else {
        let name = format!("kiosk_load_{:08x}", rand::random::<u32>());
        let mut conn = AnyConnection::connect(&a.server).await.unwrap();
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .unwrap();
        conn.close().await.ok();
        let (base, _) = a.server.rsplit_once('/').unwrap();
        (format!("{base}/{name}"), Some(a.server.clone()), Some(name))
    };

    let mut settings = Settings::defaults();
    settings.database.url = url.clone();
    settings.keys.file = spool.path().join("secret.key");
    settings.sms.provider = SmsProvider::Outbox;
    settings.mail.file_dir = spool.path().join("mail");
    // One person at a time per kiosk, but hundreds of flows an hour: no quota or pace in the way.
    settings.sms.per_kiosk_per_hour = 1_000_000;
    settings.sms.per_account_per_hour = 1_000;
    settings.sms.resend_after_secs = 0;
    settings.lockout.kiosk_free_failures = u32::MAX;
    settings.lockout.max_failures = 1_000;
    // On a small shared machine argon2 takes every core and the statements wait for CPU;
    // a light hash leaves the database's share measurable.
    if let Some(kib) = a.hash_kib {
        settings.hashing.memory_kib = kib;
        settings.hashing.iterations = 1;
    }

    // Schema, roster and first passwords directly (`kiosk migrate` is run against PostgreSQL).
    let setup = Store::connect(&url, 4).await.unwrap();
    setup.migrate().await.unwrap();
    let admin_services = Services::new(
        setup.clone(),
        Arc::new(settings.clone()),
        Arc::new(SystemClock),
    )
    .unwrap();
    admin_services
        .import_csv(roster(a.kiosks).as_bytes())
        .await
        .unwrap();
    let hash = admin_services
        .hasher()
        .hash(&Secret::password(FIRST_PASSWORD))
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    for k in 0..a.kiosks {
        for i in 0..PEOPLE_PER_KIOSK {
            let acc = setup
                .account_by_username(&format!("k{k}x{i}"))
                .await
                .unwrap()
                .unwrap();
            setup
                .seed_password(acc.id, &hash, now - 86_400, Some(now + 365 * 86_400))
                .await
                .unwrap();
        }
    }

    let bouncer = if a.pgbouncer {
        let port = a
            .server
            .split_once('@')
            .and_then(|(_, r)| r.split('/').next())
            .and_then(|h| h.rsplit_once(':'))
            .map_or(5432, |(_, p)| p.parse().unwrap());
        let started =
            tokio::task::spawn_blocking(move || own_server::OwnPgBouncer::start(port, 20));
        Some(started.await.unwrap().expect("pgbouncer installed"))
    } else {
        None
    };
    let kiosk_url = bouncer
        .as_ref()
        .map_or(url.clone(), |b| b.in_front_of(&url));

    // Peak connections to the run's database, as PostgreSQL counts them.
    let peak = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = if let (Some(admin), Some(name)) = (admin.clone(), name.clone()) {
        let (peak, stop) = (peak.clone(), stop.clone());
        Some(tokio::spawn(async move {
            let mut conn = AnyConnection::connect(&admin).await.unwrap();
            while !stop.load(Ordering::Relaxed) {
                let (n,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM pg_stat_activity WHERE datname = $1",
                )
                .bind(&name)
                .fetch_one(&mut conn)
                .await
                .unwrap();
                peak.fetch_max(n as usize, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }))
    } else {
        None
    };
    setup.close().await;

    let tally = Arc::new(Tally::default());
    let think = Duration::from_millis(a.think_ms);
    let started = Instant::now();
    let until = started + Duration::from_secs(a.seconds);
    let mut kiosks = Vec::new();
    for k in 0..a.kiosks {
        let mut s = settings.clone();
        s.kiosk.id = format!("kiosk-{k}");
        s.database.url = kiosk_url.clone();
        s.database.pgbouncer = a.pgbouncer;
        s.sms.outbox.path = spool.path().join(format!("outbox-{k}.jsonl"));
        let store = Store::connect_lazy(&kiosk_url, s.database.pool())
            .await
            .unwrap();
        let outbox = s.sms.outbox.path.clone();
        let services = Services::new(store, Arc::new(s), Arc::new(SystemClock)).unwrap();
        let people = (0..PEOPLE_PER_KIOSK)
            .map(|i| Person {
                name: format!("k{k}x{i}"),
                password: FIRST_PASSWORD.into(),
                changes: 0,
                enrolled: false,
            })
            .collect();
        kiosks.push(tokio::spawn(run_kiosk(
            services,
            people,
            k,
            outbox,
            until,
            think,
            tally.clone(),
        )));
    }

    // Point 5: the expiry job and a roster import (the store work of a directory sync)
    // every few seconds alongside the kiosks.
    let jobs = if a.jobs {
        let mut s = settings.clone();
        s.database.url = kiosk_url.clone();
        s.database.pgbouncer = a.pgbouncer;
        let store = Store::connect_with(&kiosk_url, s.database.command_pool())
            .await
            .unwrap();
        let services = Services::new(store, Arc::new(s), Arc::new(SystemClock)).unwrap();
        let csv = roster(a.kiosks);
        Some(tokio::spawn(async move {
            let mut runs = Vec::new();
            while Instant::now() + Duration::from_secs(5) < until {
                let t = Instant::now();
                let expiry = services.expiry_job().run().await.map(|_| ());
                let t_expiry = t.elapsed();
                let t = Instant::now();
                let import = services.import_csv(csv.as_bytes()).await.map(|_| ());
                runs.push((t_expiry, t.elapsed(), expiry.is_ok() && import.is_ok()));
                tokio::time::sleep(Duration::from_secs(3)).await;
            }
            runs
        }))
    } else {
        None
    };

    for k in kiosks {
        k.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let job_runs = match jobs {
        Some(j) => j.await.unwrap(),
        None => Vec::new(),
    };
    stop.store(true, Ordering::Relaxed);
    if let Some(w) = watcher {
        w.await.unwrap();
    }

    let times = tally.times.lock().unwrap().clone();
    let mut db: Vec<u64> = times.iter().map(|t| t.0).collect();
    let mut rest: Vec<u64> = times.iter().map(|t| t.1.saturating_sub(t.0)).collect();
    let mut whole: Vec<u64> = times.iter().map(|t| t.1).collect();
    db.sort_unstable();
    rest.sort_unstable();
    whole.sort_unstable();
    let flows = tally.flows.load(Ordering::Relaxed);
    let errors: usize = tally.errors.lock().unwrap().values().sum();
    println!(
        "{} kiosks, {}{}, {:.0} s, think {} ms, argon2 {} KiB",
        a.kiosks,
        if a.sqlite {
            "SQLite"
        } else if a.pgbouncer {
            "PostgreSQL through PgBouncer (transaction mode, pool 20)"
        } else {
            "PostgreSQL directly"
        },
        if a.jobs {
            ", expiry job + import alongside"
        } else {
            ""
        },
        elapsed,
        a.think_ms,
        settings.hashing.memory_kib
    );
    println!(
        "flows: {flows} ({:.1}/s), errors: {errors}",
        flows as f64 / elapsed
    );
    println!(
        "database time per flow: p50 {:.1} ms, p99 {:.1} ms ({:.0} statements a flow)",
        percentile(&db, 0.5),
        percentile(&db, 0.99),
        tally.statements.load(Ordering::Relaxed) as f64 / flows.max(1) as f64
    );
    println!(
        "the rest (argon2, mostly): p50 {:.0} ms, p99 {:.0} ms; whole flow p50 {:.0} ms, p99 {:.0} ms",
        percentile(&rest, 0.5),
        percentile(&rest, 0.99),
        percentile(&whole, 0.5),
        percentile(&whole, 0.99)
    );
    if !a.sqlite {
        println!(
            "peak connections to the database (pg_stat_activity): {}",
            peak.load(Ordering::Relaxed)
        );
    }
    println!("kinds: {:?}", tally.kinds.lock().unwrap());
    for (e, n) in tally.errors.lock().unwrap().iter() {
        println!("error x{n}: {e}");
    }
    if !job_runs.is_empty() {
        let ok = job_runs.iter().all(|r| r.2);
        let worst_expiry = job_runs.iter().map(|r| r.0).max().unwrap();
        let worst_import = job_runs.iter().map(|r| r.1).max().unwrap();
        println!(
            "jobs alongside: {} runs, all ok: {ok}, expiry job at most {:.0} ms, import at most {:.0} ms",
            job_runs.len(),
            worst_expiry.as_secs_f64() * 1e3,
            worst_import.as_secs_f64() * 1e3
        );
    }

    drop(bouncer);
    if let (Some(admin), Some(name)) = (admin, name)
        && let Ok(mut conn) = AnyConnection::connect(&admin).await
    {
        let _ = conn
            .execute(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .await;
    }
}
