//! Issue 12, the audit trail: every row chained by a keyed MAC, verified by
//! `kiosk admin audit --verify`, which names the first row changed, removed or inserted;
//! one chain under many concurrent writers; the admin actor is the OS account; every CLI
//! output of database text is sanitised. On SQLite and PostgreSQL.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::borrow::Cow;
use std::process::{Command, Output};
use std::sync::Arc;

use common::{Env, ROSTER, T0, TestDb, env, user};
use kiosk::domain::audit::{AuditAction, AuditOutcome};
use kiosk::domain::chain::{ChainBreak, ChainReport};
use kiosk::domain::secret::Secret;
use kiosk::service::Services;
use kiosk::store::{AuditEntry, Backend, Store};
use sqlx::Row;
use sqlx::migrate::{Migration, MigrationType, Migrator};

const EVIL: &str = "x\u{1b}]0;PWNED\u{7}\u{1b}[2J";

async fn some_history(env: &Env) {
    let s = &env.services;
    s.import_csv(ROSTER.as_bytes()).await.unwrap();
    s.issue_temp_password("anna.ostlund", None, None, "admin:test")
        .await
        .unwrap();
    for _ in 0..3 {
        s.verify_password(&user("anna.ostlund"), &Secret::password("Wrong-1"))
            .await
            .unwrap();
    }
    s.unlock("anna.ostlund", "admin:test").await.unwrap();
    s.grant_helpdesk("eva.nilsson", "admin:test").await.unwrap();
}

async fn verify(env: &Env) -> ChainReport {
    env.services.verify_audit().await.unwrap()
}

/// (id, seq) of every row, in chain order.
async fn rows(env: &Env) -> Vec<(i64, i64)> {
    sqlx::query("SELECT id, seq FROM audit_log ORDER BY seq")
        .fetch_all(env.services.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("id"), r.get("seq")))
        .collect()
}

async fn exec(env: &Env, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(env.services.store.pool())
        .await
        .unwrap();
}

async fn a_clean_chain_verifies(db: TestDb) {
    let env = env(db).await;
    some_history(&env).await;
    let report = verify(&env).await;
    assert_eq!(report.broken, None, "{report:?}");
    let n = rows(&env).await.len() as u64;
    assert!(n >= 7, "{n}");
    assert_eq!((report.verified, report.older), (n, 0));
    assert_eq!(report.head_seq, n as i64);
    assert_eq!(report.head_mac.len(), 64);
}

async fn a_changed_row_is_named(db: TestDb) {
    let env = env(db).await;
    some_history(&env).await;
    let (id, seq) = rows(&env).await[3];
    exec(
        &env,
        &format!("UPDATE audit_log SET outcome = 'ok', actor = 'someone.else' WHERE id = {id}"),
    )
    .await;
    let report = verify(&env).await;
    let Some(ChainBreak::Changed(row)) = &report.broken else {
        panic!("{report:?}");
    };
    assert_eq!((row.id, row.seq), (id, Some(seq)));
    assert_eq!(report.verified, 3);
    // A change of the MAC as well (without the key) is caught all the same.
    exec(
        &env,
        &format!(
            "UPDATE audit_log SET mac = '{}' WHERE id = {id}",
            "0".repeat(64)
        ),
    )
    .await;
    assert!(matches!(verify(&env).await.broken, Some(ChainBreak::Changed(r)) if r.id == id));
}

async fn a_removed_row_is_named(db: TestDb) {
    let env = env(db).await;
    some_history(&env).await;
    let all = rows(&env).await;
    let (gone, gone_seq) = all[2];
    let (next, _) = all[3];
    exec(&env, &format!("DELETE FROM audit_log WHERE id = {gone}")).await;
    let report = verify(&env).await;
    let Some(ChainBreak::Removed { from, to, before }) = &report.broken else {
        panic!("{report:?}");
    };
    assert_eq!((*from, *to, before.id), (gone_seq, gone_seq, next));
}

async fn a_cut_tail_is_named(db: TestDb) {
    let env = env(db).await;
    some_history(&env).await;
    let all = rows(&env).await;
    let (last, last_seq) = *all.last().unwrap();
    exec(&env, &format!("DELETE FROM audit_log WHERE id = {last}")).await;
    assert_eq!(
        verify(&env).await.broken,
        Some(ChainBreak::TailRemoved {
            last_seq: last_seq - 1,
            head_seq: last_seq
        })
    );
}

async fn an_inserted_row_is_named(db: TestDb) {
    let env = env(db).await;
    some_history(&env).await;
    // As a kiosk from before the chain would write it.
    exec(
        &env,
        "INSERT INTO audit_log (at, kiosk_id, actor, subject, action, outcome, detail) \
         VALUES (1767268900, 'kiosk-1', 'admin:x', 'anna.ostlund', 'unlock', 'ok', '')",
    )
    .await;
    let report = verify(&env).await;
    assert!(
        matches!(&report.broken, Some(ChainBreak::Inserted(r)) if r.seq.is_none()),
        "{report:?}"
    );
    exec(&env, "DELETE FROM audit_log WHERE seq IS NULL").await;
    assert_eq!(verify(&env).await.broken, None);
    // With a made-up place in the chain and a copied MAC, the head moved on to it.
    let (last, last_seq) = *rows(&env).await.last().unwrap();
    exec(
        &env,
        &format!(
            "INSERT INTO audit_log (at, kiosk_id, actor, subject, action, outcome, detail, seq, key_id, mac) \
             SELECT at, kiosk_id, 'admin:x', subject, action, outcome, detail, seq + 1, key_id, mac \
             FROM audit_log WHERE id = {last}"
        ),
    )
    .await;
    exec(
        &env,
        &format!(
            "UPDATE audit_chain SET seq = {}, mac = (SELECT mac FROM audit_log WHERE seq = {})",
            last_seq + 1,
            last_seq + 1
        ),
    )
    .await;
    let report = verify(&env).await;
    assert!(
        matches!(&report.broken, Some(ChainBreak::Changed(r)) if r.seq == Some(last_seq + 1)),
        "{report:?}"
    );
}

fn entry(kiosk: &str, task: usize, i: usize) -> AuditEntry {
    AuditEntry {
        at: T0 + i as i64,
        kiosk_id: kiosk.into(),
        actor: format!("task{task}"),
        subject: Some(format!("row{i}")),
        action: AuditAction::VerifyPassword,
        outcome: AuditOutcome::Invalid,
        detail: format!("{task}/{i}"),
    }
}

async fn concurrent_writers_leave_one_chain(db: TestDb) {
    let env = env(db).await;
    // Two kiosks (two pools) on the database, the same key file, 4 writers each.
    let other_store = Store::connect(&env.db.url, 5).await.unwrap();
    let mut settings = (*env.services.settings).clone();
    settings.kiosk.id = "kiosk-2".into();
    let other = Services::new(other_store, Arc::new(settings), env.clock.clone()).unwrap();
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for task in 0..8 {
        let (services, kiosk) = if task % 2 == 0 {
            (env.services.clone(), "kiosk-1")
        } else {
            (other.clone(), "kiosk-2")
        };
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                services.store.audit(&entry(kiosk, task, i)).await.unwrap();
            }
        }));
    }
    // An auditor verifying while the kiosks write always sees a whole chain.
    let auditor = env.services.clone();
    let checks = tokio::spawn(async move {
        let mut n = 0;
        while n < 200 {
            let report = auditor.verify_audit().await.unwrap();
            assert_eq!(report.broken, None, "{report:?}");
            if report.verified == 200 {
                break;
            }
            n += 1;
        }
        n
    });
    for t in tasks {
        t.await.unwrap();
    }
    let checks = checks.await.unwrap();
    eprintln!(
        "[{:?}] {checks} verifications during the writes",
        env.services.store.backend()
    );
    eprintln!(
        "[{:?}] 200 chained audit rows by 8 writers in {:?}",
        env.services.store.backend(),
        started.elapsed()
    );
    let report = verify(&env).await;
    assert_eq!(report.broken, None, "{report:?}");
    assert_eq!(report.verified, 200);
    let seqs: Vec<i64> = rows(&env).await.iter().map(|r| r.1).collect();
    assert_eq!(seqs, (1..=200).collect::<Vec<_>>());
}

async fn the_chain_survives_a_key_rotation(db: TestDb) {
    let env = env(db).await;
    some_history(&env).await;
    let before = rows(&env).await.len() as u64;
    let path = env.services.settings.keys.file.clone();
    let old = kiosk::keyfile::load(&path).unwrap();
    let rotated = kiosk::keyfile::rotate(&path).unwrap();
    let after = Services::new(
        env.services.store.clone(),
        env.services.settings.clone(),
        env.clock.clone(),
    )
    .unwrap();
    after.unlock("anna.ostlund", "admin:test").await.unwrap();
    let report = after.verify_audit().await.unwrap();
    assert_eq!(report.broken, None, "{report:?}");
    assert_eq!(report.verified, before + 1);
    let ids: Vec<String> = sqlx::query("SELECT DISTINCT key_id FROM audit_log")
        .fetch_all(env.services.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("key_id"))
        .collect();
    assert!(ids.contains(&rotated.current_id().to_string()));
    assert!(ids.contains(&old.current_id().to_string()));
    // Without the older key, its rows cannot be verified: said, not passed.
    let text = std::fs::read_to_string(&path).unwrap();
    let current_only: String = text
        .lines()
        .filter(|l| l.starts_with('#'))
        .chain(text.lines().filter(|l| !l.starts_with('#')).take(1))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, current_only).unwrap();
    let fresh = Services::new(
        env.services.store.clone(),
        env.services.settings.clone(),
        env.clock.clone(),
    )
    .unwrap();
    assert!(matches!(
        fresh.verify_audit().await.unwrap().broken,
        Some(ChainBreak::UnknownKey { .. })
    ));
}

/// The migrations of this backend up to 5, as `Store::migrate` has them.
fn migrations_before_the_chain(backend: Backend) -> Migrator {
    let files: [(i64, &str, &'static str); 5] = match backend {
        Backend::Sqlite => [
            (
                1,
                "init",
                include_str!("../assets/migrations/sqlite/0001_init.sql"),
            ),
            (
                2,
                "recovery",
                include_str!("../assets/migrations/sqlite/0002_recovery.sql"),
            ),
            (
                3,
                "expiry",
                include_str!("../assets/migrations/sqlite/0003_expiry.sql"),
            ),
            (
                4,
                "questions",
                include_str!("../assets/migrations/sqlite/0004_questions.sql"),
            ),
            (
                5,
                "signin_throttle",
                include_str!("../assets/migrations/sqlite/0005_signin_throttle.sql"),
            ),
        ],
        Backend::Postgres => [
            (
                1,
                "init",
                include_str!("../assets/migrations/postgres/0001_init.sql"),
            ),
            (
                2,
                "recovery",
                include_str!("../assets/migrations/postgres/0002_recovery.sql"),
            ),
            (
                3,
                "expiry",
                include_str!("../assets/migrations/postgres/0003_expiry.sql"),
            ),
            (
                4,
                "questions",
                include_str!("../assets/migrations/postgres/0004_questions.sql"),
            ),
            (
                5,
                "signin_throttle",
                include_str!("../assets/migrations/postgres/0005_signin_throttle.sql"),
            ),
        ],
    };
    Migrator::with_migrations(
        files
            .iter()
            .map(|&(v, name, sql)| {
                Migration::new(
                    v,
                    Cow::Borrowed(name),
                    MigrationType::Simple,
                    sqlx::SqlSafeStr::into_sql_str(sql),
                    false,
                )
            })
            .collect(),
    )
}

async fn rows_from_before_the_chain_are_counted_not_failed(db: TestDb) {
    // A database of the previous version, with audit rows and the kiosks' old keys.
    let store = Store::connect(&db.url, 2).await.unwrap();
    migrations_before_the_chain(store.backend())
        .run(store.pool())
        .await
        .unwrap();
    for i in 0..3 {
        sqlx::query(
            "INSERT INTO audit_log (at, kiosk_id, actor, subject, action, outcome, detail) \
             VALUES ($1, 'kiosk-1', 'admin:old', 'anna.ostlund', 'unlock', 'ok', '')",
        )
        .bind(T0 - 100 + i)
        .execute(store.pool())
        .await
        .unwrap();
    }
    sqlx::query("INSERT INTO kiosk_secrets (name, value) VALUES ('one_time_codes', 'ab12')")
        .execute(store.pool())
        .await
        .unwrap();
    store.close().await;
    // Upgraded: migration 6 runs.
    let env = env(db).await;
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM kiosk_secrets")
        .fetch_one(env.services.store.pool())
        .await
        .unwrap()
        .get("n");
    assert_eq!(n, 0, "the old keys are deleted");
    some_history(&env).await;
    let report = verify(&env).await;
    assert_eq!(report.broken, None, "{report:?}");
    assert_eq!(report.older, 3);
    // An older row removed is noticed by the count kept when the chain began.
    exec(
        &env,
        "DELETE FROM audit_log WHERE actor = 'admin:old' AND at = 1767268701",
    )
    .await;
    assert_eq!(
        verify(&env).await.broken,
        Some(ChainBreak::OlderRows {
            found: 2,
            expected: 3
        })
    );
}

both!(
    a_clean_chain_verifies,
    a_changed_row_is_named,
    a_removed_row_is_named,
    a_cut_tail_is_named,
    an_inserted_row_is_named,
    concurrent_writers_leave_one_chain,
    the_chain_survives_a_key_rotation,
    rows_from_before_the_chain_are_counted_not_failed,
);

// The real binary: --verify, the OS actor, sanitised output.

fn kiosk(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosk"));
    cmd.current_dir(env.spool.path()).args(args);
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("KIOSK__")) {
        cmd.env_remove(k);
    }
    cmd.env("KIOSK__DATABASE__URL", &env.db.url).env(
        "KIOSK__KEYS__FILE",
        env.services.settings.keys.file.as_os_str(),
    );
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn no_escapes(what: &str, out: &[u8]) {
    assert!(
        !out.iter().any(|b| matches!(b, 0x1b | 0x07 | 0x9b)),
        "{what} printed raw control bytes: {:?}",
        text(out)
    );
}

fn os_account() -> String {
    let uid = nix::unistd::getuid();
    let name = nix::unistd::User::from_uid(uid)
        .unwrap()
        .map_or_else(|| format!("uid{uid}"), |u| u.name);
    format!("admin:{name}")
}

async fn the_cli_verifies_names_and_prints_nothing_raw(db: TestDb) {
    let env = env(db).await;
    some_history(&env).await;
    // Database text with escape sequences: a display name, an audit actor and detail.
    sqlx::query("UPDATE accounts SET display_name = $1 WHERE username = 'anna.ostlund'")
        .bind(format!("Anna {EVIL}"))
        .execute(env.services.store.pool())
        .await
        .unwrap();
    env.services
        .store
        .audit(&AuditEntry {
            at: T0,
            kiosk_id: format!("k{EVIL}"),
            actor: EVIL.into(),
            subject: Some(format!("anna{EVIL}")),
            action: AuditAction::Show,
            outcome: AuditOutcome::Ok,
            detail: format!("detail {EVIL}"),
        })
        .await
        .unwrap();

    // The actor is the OS account, whatever the environment says.
    let spoof = [
        ("USER", EVIL),
        ("LOGNAME", EVIL),
        ("SUDO_USER", "someone.else"),
    ];
    let out = kiosk(&env, &["admin", "show", "anna.ostlund"], &spoof);
    assert!(out.status.success(), "{}", text(&out.stderr));
    no_escapes("admin show", &out.stdout);
    assert!(
        text(&out.stdout).contains("name:         Anna x]0;PWNED[2J"),
        "{}",
        text(&out.stdout)
    );
    let shows = env
        .services
        .store
        .audit_log(Some("anna.ostlund"), None, 1000)
        .await
        .unwrap();
    let show = shows
        .iter()
        .rev()
        .find(|r| r.action == AuditAction::Show)
        .unwrap();
    assert_eq!(show.actor, os_account());

    let out = kiosk(&env, &["admin", "audit"], &spoof);
    assert!(out.status.success(), "{}", text(&out.stderr));
    no_escapes("admin audit", &out.stdout);
    assert!(
        text(&out.stdout).contains("detail x]0;PWNED[2J"),
        "{}",
        text(&out.stdout)
    );

    // JSON keeps the stored text exactly, escaped.
    let out = kiosk(&env, &["admin", "audit", "--json"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    no_escapes("admin audit --json", &out.stdout);
    let actors: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["actor"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(actors.contains(&EVIL.to_string()), "{actors:?}");

    // A clean chain: exit 0, the count and the head MAC.
    let out = kiosk(&env, &["admin", "audit", "--verify"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let report = verify(&env).await;
    assert!(
        stdout.contains(&format!("audit chain verified: {} rows", report.verified))
            && stdout.contains(&report.head_mac),
        "{stdout}"
    );
    // One row changed: exit 1, the row named in one line.
    let (id, seq) = rows(&env).await[4];
    exec(
        &env,
        &format!("UPDATE audit_log SET outcome = 'ok', actor = 'someone.else' WHERE id = {id}"),
    )
    .await;
    let out = kiosk(&env, &["admin", "audit", "--verify"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("row id {id} (seq {seq},")) && err.contains("changed"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

both!(the_cli_verifies_names_and_prints_nothing_raw);
