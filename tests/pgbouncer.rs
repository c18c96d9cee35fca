//! The kiosk behind PgBouncer in transaction mode (issue 18, point 2): a PgBouncer of this
//! test binary's own (Debian's, installed by scripts/test) on a free loopback port in front
//! of the test PostgreSQL, with few server connections so that clients share them. With
//! `[database] pgbouncer = true` the whole flow and the expiry job work through it, several
//! kiosks at once; without the switch sqlx's named statements break through the same
//! PgBouncer (shown, not assumed).
//!
//! Needs `KIOSK_TEST_POSTGRES_URL`; without it (local runs) the tests say so and pass.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use common::own_server::OwnPgBouncer;
use common::{Env, ROSTER, T0, TestDb, env_with, outbox, user};
use kiosk::domain::secret::Secret;
use kiosk::service::{
    AnswerInput, AnswersOutcome, ChallengeOutcome, ChangeOutcome, CodeCheck, ResetProgress,
    SendOutcome, Services, VerifyOutcome,
};
use kiosk::store::{PoolSettings, Store};
use tokio::sync::OnceCell;

/// Server connections PgBouncer keeps per database: fewer than the clients here.
const POOL_SIZE: u32 = 2;

static BOUNCER: OnceCell<Option<OwnPgBouncer>> = OnceCell::const_new();

/// The PgBouncer and a fresh test database (migrated directly: `kiosk migrate` takes a
/// session lock and is run against PostgreSQL itself), or None without PostgreSQL.
async fn setup() -> Option<(&'static OwnPgBouncer, TestDb)> {
    let db = TestDb::postgres().await?;
    let port = pg_port(&db.url);
    let bouncer = BOUNCER
        .get_or_init(|| async move {
            tokio::task::spawn_blocking(move || OwnPgBouncer::start(port, POOL_SIZE))
                .await
                .unwrap()
        })
        .await
        .as_ref()?;
    Some((bouncer, db))
}

fn pg_port(url: &str) -> u16 {
    let host = url.split_once('@').unwrap().1.split('/').next().unwrap();
    host.rsplit_once(':')
        .map_or(5432, |(_, p)| p.parse().unwrap())
}

/// Services like `env`'s but on a store through PgBouncer, as kiosk `id`.
async fn kiosk_through(env: &Env, bouncer: &OwnPgBouncer, id: &str, switch: bool) -> Services {
    let mut settings = (*env.services.settings).clone();
    settings.kiosk.id = id.to_string();
    let pool = PoolSettings {
        pgbouncer: switch,
        ..PoolSettings::new(2)
    };
    let store = Store::connect_with(&bouncer.in_front_of(&env.db.url), pool)
        .await
        .unwrap();
    store.check_schema().await.unwrap();
    Services::new(store, Arc::new(settings), env.clock.clone()).unwrap()
}

const PASSWORD: &str = "Gurka7 trappa moln";
const NEW_PASSWORD: &str = "Blåbär sju cykel hav";
const ANSWERS: [(&str, &str); 4] = [
    ("street_age_seven", "Storgatan"),
    ("first_concert", "Zanzibar Orkestern"),
    ("first_cuddly_toy", "Nalle Brum"),
    ("childhood_fear", "Mörkret i källaren"),
];

fn inputs(ids: &[String]) -> Vec<AnswerInput> {
    ids.iter()
        .map(|id| {
            let a = ANSWERS.iter().find(|(q, _)| q == id).map_or("fel", |p| p.1);
            AnswerInput::new(id.clone(), Secret::new(a))
        })
        .collect()
}

async fn sign_in(s: &Services, name: &str, pw: &str) -> VerifyOutcome {
    s.verify_password(&user(name), &Secret::password(pw))
        .await
        .unwrap()
}

/// Sign-in, questions enrolled, change with history, SMS reset through the outbox,
/// questions answered, a lock after wrong passwords: one person's whole flow on `s`.
async fn whole_flow(env: &Env, s: &Services, name: &str, with_sms: bool) {
    let account = s.store.account_by_username(name).await.unwrap().unwrap();
    let hash = s.hasher().hash(&Secret::password(PASSWORD)).unwrap();
    s.store
        .seed_password(account.id, &hash, T0, Some(T0 + 365 * 86_400))
        .await
        .unwrap();
    let VerifyOutcome::Verified(who) = sign_in(s, name, PASSWORD).await else {
        panic!("{name} should sign in");
    };
    let pairs: Vec<AnswerInput> = ANSWERS
        .iter()
        .map(|(q, a)| AnswerInput::new(*q, Secret::new(*a)))
        .collect();
    s.enroll_questions(&who, &pairs).await.unwrap();
    let ChangeOutcome::Changed { account: who, .. } = s
        .change_password(&who, &Secret::password(NEW_PASSWORD))
        .await
        .unwrap()
    else {
        panic!("{name}'s change should be saved");
    };
    // The history has the old one.
    assert!(
        s.is_reused(&who, &Secret::password(PASSWORD))
            .await
            .unwrap()
    );
    assert!(matches!(
        sign_in(s, name, NEW_PASSWORD).await,
        VerifyOutcome::Verified(_)
    ));

    if with_sms {
        let session = kiosk::domain::code::SessionRef::from_string(name);
        let sent = s.request_reset_code(&user(name), &session).await.unwrap();
        assert!(matches!(sent, SendOutcome::Sent { .. }), "{sent:?}");
        let text = outbox(env).last().unwrap().1.clone();
        let code = text
            .split(|c: char| !c.is_ascii_digit())
            .find(|run| run.len() == 6)
            .unwrap()
            .to_string();
        let CodeCheck::Verified(proof) = s
            .verify_reset_code(&user(name), &session, &code)
            .await
            .unwrap()
        else {
            panic!("the code from the outbox should verify");
        };
        assert!(matches!(
            s.complete_reset(&[proof]).await.unwrap(),
            ResetProgress::Verified(_)
        ));
    }

    let ChallengeOutcome::Ask(ids) = s.start_questions(&user(name)).await.unwrap() else {
        panic!("{name} should be asked questions");
    };
    assert!(matches!(
        s.answer_questions(&user(name), &inputs(&ids))
            .await
            .unwrap(),
        AnswersOutcome::Verified(_)
    ));

    // Wrong passwords until the lock.
    let mut locked = false;
    for _ in 0..20 {
        if let VerifyOutcome::Locked { .. } = sign_in(s, name, "alldeles fel lösen").await {
            locked = true;
            break;
        }
    }
    assert!(locked, "{name} should be locked after wrong passwords");
}

fn roster(n: usize) -> String {
    let mut csv = ROSTER.to_string();
    for i in 0..n {
        csv.push_str(&format!("elev{i},Elev {i},students,,\n"));
    }
    csv
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_flow_and_the_expiry_job_run_through_pgbouncer() {
    let Some((bouncer, db)) = setup().await else {
        return;
    };
    let env = env_with(db, |_| {}).await;
    let first = kiosk_through(&env, bouncer, "kiosk-1", true).await;
    first.import_csv(roster(6).as_bytes()).await.unwrap();

    // Anna with her mobile (SMS reset) on kiosk 1, six pupils on three kiosks at once:
    // seven clients' statements share PgBouncer's two server connections.
    whole_flow(&env, &first, "anna.ostlund", true).await;
    let mut kiosks = Vec::new();
    for k in 2..=4 {
        kiosks.push(Arc::new(
            kiosk_through(&env, bouncer, &format!("kiosk-{k}"), true).await,
        ));
    }
    let env = Arc::new(env);
    let mut people = Vec::new();
    for i in 0..6 {
        let (env, s) = (env.clone(), kiosks[i % 3].clone());
        people.push(tokio::spawn(async move {
            whole_flow(&env, &s, &format!("elev{i}"), false).await;
        }));
    }
    // The expiry job through PgBouncer too, while they work.
    let job = first.expiry_job();
    let report = job.run().await.unwrap();
    assert_eq!(report.failed(), 0);
    for p in people {
        p.await.unwrap();
    }
    first.background_idle().await;

    // Every row made it into one unbroken audit chain.
    let chain = first.verify_audit().await.unwrap();
    assert!(chain.broken.is_none(), "{chain:?}");
    assert!(chain.verified > 20, "{chain:?}");
    let kiosks_seen: std::collections::BTreeSet<String> = first
        .store
        .audit_log(None, None, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.kiosk_id)
        .collect();
    for k in ["kiosk-1", "kiosk-2", "kiosk-3", "kiosk-4"] {
        assert!(kiosks_seen.contains(k), "{kiosks_seen:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_switch_named_statements_break_behind_pgbouncer() {
    let Some((bouncer, db)) = setup().await else {
        return;
    };
    let env = env_with(db, |_| {}).await;
    env.services.import_csv(ROSTER.as_bytes()).await.unwrap();
    let url = bouncer.in_front_of(&env.db.url);
    // Four kiosks with sqlx's statement cache on, each a few statements with parameters.
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let store = Store::connect_with(&url, PoolSettings::new(2))
                .await
                .unwrap();
            let mut errors = Vec::new();
            for _ in 0..30 {
                if let Err(e) = store.account_by_username("anna.ostlund").await {
                    errors.push(e.to_string());
                }
            }
            errors
        }));
    }
    let mut errors = Vec::new();
    for t in tasks {
        errors.extend(t.await.unwrap());
    }
    let distinct: std::collections::BTreeSet<&String> = errors.iter().collect();
    eprintln!(
        "without the switch, {} of 120 failed: {distinct:?}",
        errors.len()
    );
    assert!(
        errors.iter().any(|e| e.contains("prepared statement")),
        "expected sqlx's named statements to collide behind PgBouncer, got {errors:?}"
    );
}
