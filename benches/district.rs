//! The load tool (issue 18, point 4): N kiosks on one PostgreSQL (or one SQLite file), each
//! with its own pool and kiosk id, each running the real service flow for one person after
//! another with a think time between them: identify, verify, change with history; a share
//! of wrong passwords, unknown names, SMS resets through the outbox and security questions.
//!
//! What it reports, per flow (one person at the kiosk):
//! - database time: the time spent in statements (sqlx times each one, from sending it to
//!   its last row), summed over the flow;
//! - pool wait: the time spent getting a connection from the kiosk's pool (sqlx's acquire
//!   time: a new connection after the idle timeout, or waiting for a free one), apart;
//! - the rest: argon2 (queued for its pool and running) and the flow's own work;
//! - PostgreSQL's own active time for the run's database (`pg_stat_database`) per flow,
//!   a mean: the statements' time as the server counts it;
//! - flows per second against the offered load (kiosks / mean think time), the most
//!   connections PostgreSQL had open for the run's database (`pg_stat_activity`), errors,
//!   and the machine's load average before and after.
//!
//! argon2 runs on the runtime's blocking pool as in the kiosk, bounded here to
//! `--argon2-threads` (default 1) at `--argon2-nice` (default 19): a real district has a
//! CPU per kiosk for it, this tool has the machine's cores for all of them, and unbounded
//! at the same priority it starves the runtime and PostgreSQL (the statements then wait
//! for a CPU, which counted as database time).
//!
//! Not part of the test run; scripts/load runs the README's table. With the test
//! PostgreSQL (trust on 127.0.0.1):
//!
//! ```text
//! cargo bench --bench district -- --kiosks 100 --seconds 120
//! cargo bench --bench district -- --kiosks 200 --seconds 120 --pgbouncer
//! cargo bench --bench district -- --kiosks 50 --jobs              # expiry job + CSV import alongside
//! cargo bench --bench district -- --kiosks 50 --sync 2000         # expiry job + directory sync (slapd)
//! cargo bench --bench district -- --kiosks 20 --sqlite
//! ```
//!
//! `--server URL` (default `KIOSK_TEST_POSTGRES_URL`, else postgres://postgres@127.0.0.1:5432/postgres)
//! is where a database of the run's own is made (and dropped); `--pgbouncer` starts Debian's
//! pgbouncer (transaction mode, pool 20) in front of it for the run and runs the kiosks
//! through it with `[database] pgbouncer = true`; `--think-s` the mean pause between people
//! at one kiosk (default 90: a school kiosk serves a person every minute or two at peak;
//! each pause is drawn from 0.5–1.5 times it); `--hash-kib N` a lighter argon2 (N KiB, one
//! pass); `--sync N` starts the tests' slapd with the kiosks' people and N more, and runs
//! `kiosk directory sync` (the service it calls) and the expiry job one after the other
//! while the kiosks run, reporting each run's duration and the kiosks' database time
//! during the runs apart.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// The test suite's PgBouncer (transaction mode on a free port); its PostgreSQL helpers unused here.
#[path = "../tests/common/own_server.rs"]
#[allow(dead_code)]
mod own_server;

// The tests' OpenLDAP (for --sync).
#[path = "../tests/slapd/mod.rs"]
mod slapd;

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
    /// Mean pause between people at one kiosk.
    think: Duration,
    argon2_threads: usize,
    /// The nice value of argon2's threads (0: as the rest).
    argon2_nice: i32,
    /// Directory accounts besides the kiosks' people (--sync); 0: no directory sync.
    sync: usize,
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
        seconds: 120,
        think: Duration::from_secs(90),
        argon2_threads: 1,
        argon2_nice: 19,
        sync: 0,
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
            "--think-s" => a.think = Duration::from_secs_f64(value().parse().unwrap()),
            "--think-ms" => a.think = Duration::from_millis(value().parse().unwrap()),
            "--argon2-threads" => a.argon2_threads = value().parse().unwrap(),
            "--argon2-nice" => a.argon2_nice = value().parse().unwrap(),
            "--sync" => a.sync = value().parse().unwrap(),
            "--server" => a.server = value(),
            "--pgbouncer" => a.pgbouncer = true,
            "--sqlite" => a.sqlite = true,
            "--jobs" => a.jobs = true,
            "--hash-kib" => a.hash_kib = Some(value().parse().unwrap()),
            "--help" | "-h" => {
                println!("{}", HELP.trim());
                std::process::exit(0);
            }
            // cargo bench passes --bench.
            "--bench" => {}
            other => panic!("unknown option {other} (--help)"),
        }
    }
    a
}

const HELP: &str = "
cargo bench --bench district -- [options]
  --kiosks N          kiosks, each its own pool and kiosk id (20)
  --seconds N         length of the run (120)
  --think-s S         mean pause between people at one kiosk, seconds (90; each 0.5-1.5x)
  --think-ms MS       the same in milliseconds
  --argon2-threads N  the blocking pool argon2 runs on (1)
  --argon2-nice N     that pool's threads' nice value (19: the statements and PostgreSQL
                      first, as when argon2 runs on each kiosk's own CPU; 0: as the rest)
  --pgbouncer         through a PgBouncer (transaction mode, pool 20) started for the run
  --sqlite            one SQLite file instead of PostgreSQL
  --server URL        the PostgreSQL (KIOSK_TEST_POSTGRES_URL, else the local one)
  --jobs              the expiry job and a CSV import alongside, over and over
  --sync N            the expiry job and a directory sync from the tests' slapd holding
                      the kiosks' people and N more, over and over
  --hash-kib N        a lighter argon2 (N KiB, one pass)
";

// --- The database time of the flow being run: sqlx times every statement (its
// `sqlx::query` events carry `elapsed_secs`) and every wait for a connection (the store
// asks for `sqlx::pool::acquire` events, `acquired_after_secs`); a task-local sums them per
// flow: [statement ns, statements, pool wait ns, acquires].

type FlowDb = Arc<[AtomicU64; 4]>;

tokio::task_local! {
    static FLOW_DB: FlowDb;
}

struct DbTime;

struct Elapsed(Option<f64>);

impl tracing::field::Visit for Elapsed {
    fn record_f64(&mut self, field: &tracing::field::Field, value: f64) {
        if matches!(field.name(), "elapsed_secs" | "acquired_after_secs") {
            self.0 = Some(value);
        }
    }
    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for DbTime {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        let slot = match event.metadata().target() {
            "sqlx::query" => 0,
            "sqlx::pool::acquire" => 2,
            _ => return,
        };
        let mut e = Elapsed(None);
        event.record(&mut e);
        if let Some(secs) = e.0 {
            let _ = FLOW_DB.try_with(|n| {
                n[slot].fetch_add((secs * 1e9) as u64, Ordering::Relaxed);
                n[slot + 1].fetch_add(1, Ordering::Relaxed);
            });
        }
    }
}

// --- One kiosk.

#[derive(Default)]
struct Tally {
    flows: AtomicUsize,
    errors: std::sync::Mutex<BTreeMap<String, usize>>,
    times: std::sync::Mutex<Vec<FlowTimes>>,
    statements: AtomicU64,
    kinds: std::sync::Mutex<BTreeMap<&'static str, usize>>,
}

/// One flow's times: nanoseconds, and its start and end since the run began.
#[derive(Clone, Copy)]
struct FlowTimes {
    kind: &'static str,
    statements: u64,
    db: u64,
    pool_wait: u64,
    whole: u64,
    from: Duration,
    to: Duration,
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

#[allow(clippy::too_many_arguments)]
async fn run_kiosk(
    s: Services,
    mut people: Vec<Person>,
    kiosk: usize,
    outbox: std::path::PathBuf,
    (began, until): (Instant, Instant),
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
        let db: FlowDb = Arc::new(std::array::from_fn(|_| AtomicU64::new(0)));
        let started = Instant::now();
        let result = FLOW_DB
            .scope(db.clone(), one_flow(&s, p, kiosk, &outbox, roll))
            .await;
        let ended = Instant::now();
        match result {
            Ok(kind) => {
                tally.flows.fetch_add(1, Ordering::Relaxed);
                tally.times.lock().unwrap().push(FlowTimes {
                    kind,
                    statements: db[1].load(Ordering::Relaxed),
                    db: db[0].load(Ordering::Relaxed),
                    pool_wait: db[2].load(Ordering::Relaxed),
                    whole: (ended - started).as_nanos() as u64,
                    from: started - began,
                    to: ended - began,
                });
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
        // No pause past the end of the run.
        let left = until.saturating_duration_since(Instant::now());
        tokio::time::sleep(think.mul_f64(jitter).min(left)).await;
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

/// The directory for --sync: the kiosks' people (so the sync keeps them active) and
/// `extra` more, as one LDIF.
fn directory_ldif(kiosks: usize, extra: usize) -> String {
    let mut ldif = String::new();
    let mut person = |uid: &str, name: &str, mobile: Option<String>| {
        ldif.push_str(&format!(
            "dn: uid={uid},ou=people,{}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {name}\n\
             sn: {uid}\nuserPassword: {FIRST_PASSWORD}\n",
            slapd::SUFFIX
        ));
        if let Some(m) = mobile {
            ldif.push_str(&format!("mobile: {m}\n"));
        }
        ldif.push('\n');
    };
    for k in 0..kiosks {
        for i in 0..PEOPLE_PER_KIOSK {
            let mobile = (i == 0).then(|| format!("070-{k:03} 45 67"));
            person(&format!("k{k}x{i}"), &format!("Elev {k} {i}"), mobile);
        }
    }
    for n in 0..extra {
        person(&format!("d{n:05}"), &format!("Elev D {n}"), None);
    }
    ldif
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A job run alongside the kiosks: what, when (since the run began), ok.
struct JobRun {
    what: &'static str,
    from: Duration,
    to: Duration,
    ok: bool,
}

fn main() {
    let a = args();
    // Two workers for the kiosks' async work; argon2 on a blocking pool of its own size,
    // its threads niced: the runtime starts its workers first, every thread after them is
    // the blocking pool's (and argon2's own threads for a history check inherit the value).
    const WORKERS: usize = 2;
    let started = Arc::new(AtomicUsize::new(0));
    let nice = a.argon2_nice;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .max_blocking_threads(a.argon2_threads.max(1))
        .on_thread_start(move || {
            if started.fetch_add(1, Ordering::Relaxed) >= WORKERS && nice != 0 {
                let tid = nix::unistd::gettid().to_string();
                let _ = std::process::Command::new("renice")
                    .args(["-n", &nice.to_string(), "-p", &tid])
                    .stdout(std::process::Stdio::null())
                    .status();
            }
        })
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(a));
}

async fn run(a: Args) {
    let load_before = loadavg();
    sqlx::any::install_default_drivers();
    let subscriber = tracing_subscriber::registry()
        .with(
            tracing_subscriber::filter::Targets::new()
                .with_target("sqlx::query", tracing::Level::DEBUG)
                .with_target("sqlx::pool::acquire", tracing::Level::TRACE),
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

    // The tests' slapd, filled (one ldapadd) and synced once before the kiosks start, so the
    // runs measured are the steady state: every account there, updated in place.
    let directory = if a.sync > 0 {
        let (kiosks, extra) = (a.kiosks, a.sync);
        let dir = tokio::task::spawn_blocking(move || {
            let server = slapd::slapd();
            // ldapadd in parts: it reports each entry on a pipe read only at its end.
            let ldif = directory_ldif(kiosks, extra);
            let entries: Vec<&str> = ldif.split("\n\n").filter(|e| !e.is_empty()).collect();
            for part in entries.chunks(300) {
                server.add(&(part.join("\n\n") + "\n"));
            }
            server.settings()
        })
        .await
        .unwrap();
        let mut s = settings.clone();
        s.directory = dir;
        let services = Services::new(setup.clone(), Arc::new(s), Arc::new(SystemClock)).unwrap();
        let t = Instant::now();
        let first = services.sync_directory().await.unwrap();
        println!(
            "directory: {} accounts, first sync {:.1} s ({} created, {} updated, {} problems)",
            kiosks * PEOPLE_PER_KIOSK + extra,
            t.elapsed().as_secs_f64(),
            first.created,
            first.updated,
            first.problems.len()
        );
        Some(services.settings.directory.clone())
    } else {
        None
    };

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
    // PostgreSQL's own count of the time its sessions spent executing statements in the
    // run's database (pg_stat_database.active_time, ms; PostgreSQL 14 and later): the
    // database time as the server sees it, without the client's waits for a CPU. A
    // session's share is counted once it has been idle a second, or has ended.
    let active_time = |admin: Option<String>, name: Option<String>| async move {
        let (Some(admin), Some(name)) = (admin, name) else {
            return None;
        };
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let mut conn = AnyConnection::connect(&admin).await.ok()?;
        let row: Option<(f64,)> = sqlx::query_as(
            "SELECT CAST(active_time AS DOUBLE PRECISION) FROM pg_stat_database WHERE datname = $1",
        )
        .bind(&name)
        .fetch_optional(&mut conn)
        .await
        .ok()?;
        conn.close().await.ok();
        row.map(|r| r.0)
    };
    let active_before = active_time(admin.clone(), name.clone()).await;

    let tally = Arc::new(Tally::default());
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
            (started, until),
            a.think,
            tally.clone(),
        )));
    }

    // Point 5: the expiry job and a roster import or directory sync (as `kiosk notify` and
    // `kiosk directory sync` run them, on the command pool) over and over alongside.
    let jobs = if a.jobs || directory.is_some() {
        let mut s = settings.clone();
        s.database.url = kiosk_url.clone();
        s.database.pgbouncer = a.pgbouncer;
        if let Some(d) = &directory {
            s.directory = d.clone();
        }
        let store = Store::connect_with(&kiosk_url, s.database.command_pool())
            .await
            .unwrap();
        let services = Services::new(store, Arc::new(s), Arc::new(SystemClock)).unwrap();
        let csv = roster(a.kiosks);
        let sync = directory.is_some();
        Some(tokio::spawn(async move {
            let mut runs = Vec::new();
            // After the kiosks' first people, and not past the end.
            tokio::time::sleep(Duration::from_secs(10).min(until - Instant::now())).await;
            while Instant::now() + Duration::from_secs(5) < until {
                let from = started.elapsed();
                let ok = services.expiry_job().run().await.is_ok();
                runs.push(JobRun {
                    what: "expiry job",
                    from,
                    to: started.elapsed(),
                    ok,
                });
                let from = started.elapsed();
                let (what, ok) = if sync {
                    ("directory sync", services.sync_directory().await.is_ok())
                } else {
                    ("import", services.import_csv(csv.as_bytes()).await.is_ok())
                };
                runs.push(JobRun {
                    what,
                    from,
                    to: started.elapsed(),
                    ok,
                });
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

    // Every kiosk's pool dropped with its task; PgBouncer's server connections end with it.
    drop(bouncer);
    let active_after = active_time(admin.clone(), name.clone()).await;

    let times = tally.times.lock().unwrap().clone();
    let sorted = |f: &dyn Fn(&FlowTimes) -> u64, only: &dyn Fn(&FlowTimes) -> bool| {
        let mut v: Vec<u64> = times.iter().filter(|t| only(t)).map(f).collect();
        v.sort_unstable();
        v
    };
    let all = |_: &FlowTimes| true;
    let db = sorted(&|t| t.db, &all);
    let wait = sorted(&|t| t.pool_wait, &all);
    let rest = sorted(&|t| t.whole.saturating_sub(t.db + t.pool_wait), &all);
    let whole = sorted(&|t| t.whole, &all);
    let flows = tally.flows.load(Ordering::Relaxed);
    let errors: usize = tally.errors.lock().unwrap().values().sum();
    let think = a.think.as_secs_f64();
    println!(
        "{} kiosks, {}{}, {:.0} s, think {:.0} s (each 0.5-1.5x), argon2 {} KiB t={} on {} thread(s) at nice {}",
        a.kiosks,
        if a.sqlite {
            "SQLite"
        } else if a.pgbouncer {
            "PostgreSQL through PgBouncer (transaction mode, pool 20)"
        } else {
            "PostgreSQL directly"
        },
        if directory.is_some() {
            ", expiry job + directory sync alongside"
        } else if a.jobs {
            ", expiry job + import alongside"
        } else {
            ""
        },
        elapsed,
        think,
        settings.hashing.memory_kib,
        settings.hashing.iterations,
        a.argon2_threads,
        a.argon2_nice
    );
    println!("load average before {load_before}, after {}", loadavg());
    println!(
        "offered {:.2} people/s ({} kiosks / {think:.0} s); flows: {flows} ({:.2}/s), errors: {errors}",
        a.kiosks as f64 / think,
        a.kiosks,
        flows as f64 / elapsed
    );
    println!(
        "database time per flow: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({:.0} statements a flow)",
        percentile(&db, 0.5),
        percentile(&db, 0.99),
        percentile(&db, 1.0),
        tally.statements.load(Ordering::Relaxed) as f64 / flows.max(1) as f64
    );
    println!(
        "pool wait per flow (connecting after the idle timeout, or a busy pool): p50 {:.1} ms, p99 {:.1} ms",
        percentile(&wait, 0.5),
        percentile(&wait, 0.99),
    );
    println!(
        "the rest (argon2 queued and running, mostly): p50 {:.0} ms, p99 {:.0} ms; whole flow p50 {:.0} ms, p99 {:.0} ms",
        percentile(&rest, 0.5),
        percentile(&rest, 0.99),
        percentile(&whole, 0.5),
        percentile(&whole, 0.99)
    );
    if let (Some(before), Some(after)) = (active_before, active_after) {
        println!(
            "PostgreSQL's active time per flow (pg_stat_database, mean{}): {:.1} ms",
            if a.jobs || directory.is_some() {
                ", the jobs' included"
            } else {
                ""
            },
            (after - before) / flows.max(1) as f64
        );
    }
    if !a.sqlite {
        println!(
            "peak connections to the database (pg_stat_activity): {}",
            peak.load(Ordering::Relaxed)
        );
    }
    // Where the tail is: each kind of flow has its own number of commits and statements.
    for (kind, n) in tally.kinds.lock().unwrap().iter() {
        let of_kind = |t: &FlowTimes| t.kind == *kind;
        let db = sorted(&|t| t.db, &of_kind);
        let statements = sorted(&|t| t.statements, &of_kind);
        println!(
            "kind {kind}: {n} flows, database time p50 {:.1} ms, p99 {:.1} ms, {:.0} statements a flow",
            percentile(&db, 0.5),
            percentile(&db, 0.99),
            statements.iter().sum::<u64>() as f64 / statements.len().max(1) as f64,
        );
    }
    for (e, n) in tally.errors.lock().unwrap().iter() {
        println!("error x{n}: {e}");
    }
    for what in ["expiry job", "import", "directory sync"] {
        let runs: Vec<&JobRun> = job_runs.iter().filter(|r| r.what == what).collect();
        if runs.is_empty() {
            continue;
        }
        let mut secs: Vec<u64> = runs
            .iter()
            .map(|r| (r.to - r.from).as_nanos() as u64)
            .collect();
        secs.sort_unstable();
        // The kiosks' flows that overlapped one of these runs, against the others.
        let during = |t: &FlowTimes| runs.iter().any(|r| t.from < r.to && r.from < t.to);
        let inside = sorted(&|t| t.db, &during);
        let outside = sorted(&|t| t.db, &|t| !during(t));
        println!(
            "{what} alongside: {} runs, all ok: {}, p50 {:.0} ms, max {:.0} ms; kiosks' database time \
             during it p50 {:.1} ms p99 {:.1} ms ({} flows), otherwise p50 {:.1} ms p99 {:.1} ms ({} flows)",
            runs.len(),
            runs.iter().all(|r| r.ok),
            percentile(&secs, 0.5),
            percentile(&secs, 1.0),
            percentile(&inside, 0.5),
            percentile(&inside, 0.99),
            inside.len(),
            percentile(&outside, 0.5),
            percentile(&outside, 0.99),
            outside.len(),
        );
    }

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
