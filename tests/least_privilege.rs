//! Least privilege on PostgreSQL (issue 12): `kiosk migrate`, run as the owner, is the
//! only thing that changes the schema; a kiosk on another schema version stops with one
//! line; and the whole kiosk runs as a role with exactly the README's grants
//! (assets/sql/postgres-roles.sql), which cannot create a table or rewrite the audit log.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use common::{Env, ROSTER, T0, TestDb, outbox, signed_in, user};
use kiosk::clock::ManualClock;
use kiosk::config::Settings;
use kiosk::domain::code::SessionRef;
use kiosk::domain::secret::Secret;
use kiosk::i18n::Lang;
use kiosk::service::{
    ActionDone, ChangeOutcome, CodeCheck, IdentityCheck, ResetProgress, SendOutcome, Services,
    SignIn, StaffAction,
};
use kiosk::store::{Store, StoreError};
use sqlx::{AnyConnection, Connection, Executor};

const ROLES_SQL: &str = include_str!("../assets/sql/postgres-roles.sql");

/// The README shows the grants the test applies, word for word.
#[test]
fn the_readme_shows_the_grants_this_test_applies() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(ROLES_SQL.trim()),
        "README.md must quote assets/sql/postgres-roles.sql whole"
    );
}

/// A LOGIN role of this test's own (roles are cluster-wide) with exactly the file's
/// grants on `db`; dropped at the end, after the database.
struct RuntimeRole {
    name: String,
    admin: String,
}

impl RuntimeRole {
    async fn create(db: &TestDb) -> RuntimeRole {
        let admin = std::env::var("KIOSK_TEST_POSTGRES_URL").unwrap();
        let name = format!("kiosk_app_{:016x}", rand::random::<u64>());
        let mut conn = AnyConnection::connect(&admin).await.unwrap();
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE ROLE {name} LOGIN")))
            .await
            .unwrap();
        conn.close().await.ok();
        let role = RuntimeRole { name, admin };
        // The file as psql would run it: `-v database=…` fills :"database".
        let database = db.url.rsplit('/').next().unwrap();
        let sql = ROLES_SQL
            .replace(":\"database\"", &format!("\"{database}\""))
            .replace("kiosk_app", &role.name);
        let mut conn = AnyConnection::connect(&db.url).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.ok();
        role
    }

    /// `db`'s URL with this role as the user.
    fn url(&self, db: &TestDb) -> String {
        let (scheme, rest) = db.url.split_once("://").unwrap();
        let (_, host_db) = rest.split_once('@').unwrap();
        format!("{scheme}://{}@{host_db}", self.name)
    }
}

impl Drop for RuntimeRole {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = AnyConnection::connect(&admin).await {
                    let _ = conn
                        .execute(sqlx::AssertSqlSafe(format!("DROP ROLE IF EXISTS {name}")))
                        .await;
                }
            });
        })
        .join();
    }
}

/// The SQLSTATE of a refused statement.
fn sqlstate(e: sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(d) => d.code().unwrap_or_default().into_owned(),
        other => panic!("expected a database error, got {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_kiosk_runs_as_the_runtime_role() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    // The owner migrates (here the superuser the test database belongs to).
    db.store().await.close().await;
    let role = RuntimeRole::create(&db).await;

    let store = Store::connect(&role.url(&db), 5).await.unwrap();
    store.check_schema().await.unwrap();
    // No DDL, and the audit log is append-only for the kiosk.
    for ddl in [
        "CREATE TABLE kiosk_probe (id BIGINT)",
        "ALTER TABLE accounts ADD COLUMN probe BIGINT",
        "DROP TABLE audit_log",
        "UPDATE audit_log SET outcome = 'ok'",
        "DELETE FROM audit_log",
        "DELETE FROM accounts",
    ] {
        let e = sqlx::query(sqlx::AssertSqlSafe(ddl))
            .execute(store.pool())
            .await
            .expect_err(ddl);
        // 42501 insufficient_privilege; 42501 also for DROP by a non-owner.
        assert_eq!(sqlstate(e), "42501", "{ddl}");
    }

    let mut settings = Settings::defaults();
    settings.database.url = role.url(&db);
    let spool = tempfile::tempdir().unwrap();
    settings.sms.provider = kiosk::config::SmsProvider::Outbox;
    settings.sms.outbox.path = spool.path().join("sms-outbox.jsonl");
    settings.mail.file_dir = spool.path().join("mail");
    settings.lockout.kiosk_free_failures = u32::MAX;
    settings.helpdesk.second_factor = false;
    let clock = Arc::new(ManualClock::new(T0));
    let services = Services::new(store, Arc::new(settings), clock.clone()).unwrap();
    let env = Env {
        services,
        clock,
        db,
        spool,
    };
    let s = &env.services;

    // Admin commands: import, helpdesk role.
    s.import_csv(ROSTER.as_bytes()).await.unwrap();
    assert!(s.grant_helpdesk("eva.nilsson", "admin:test").await.unwrap());

    // Sign in with the current password, change it; the audit row.
    let v = signed_in(&env, "anna.ostlund", "Gurka7 trappa moln").await;
    env.clock.advance(3600);
    let out = s
        .change_password(&v, &Secret::password("Vinter Sol Blåbär 88"))
        .await
        .unwrap();
    assert!(matches!(out, ChangeOutcome::Changed { .. }), "{out:?}");
    let audit = s
        .store
        .audit_log(Some("anna.ostlund"), None, 100)
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|r| r.action.as_str() == "change_password" && r.outcome.as_str() == "ok"),
        "{audit:?}"
    );

    // A reset with a code by SMS.
    let session = SessionRef::from_string("roles");
    assert!(matches!(
        s.request_reset_code(&user("anna.ostlund"), &session)
            .await
            .unwrap(),
        SendOutcome::Sent { .. }
    ));
    // The newest SMS with a code: a change notice from the password change may land later.
    let code: String = outbox(&env)
        .iter()
        .rev()
        .find_map(|(_, text)| {
            text.split(|c: char| !c.is_ascii_digit())
                .find(|w| w.len() == 6)
                .map(str::to_string)
        })
        .unwrap();
    let CodeCheck::Verified(proof) = s
        .verify_reset_code(&user("anna.ostlund"), &session, &code)
        .await
        .unwrap()
    else {
        panic!("the code from the SMS should verify");
    };
    assert!(matches!(
        s.complete_reset(&[proof]).await.unwrap(),
        ResetProgress::Verified(_)
    ));

    // Wrong passwords lock; a staff member unlocks at the desk.
    for _ in 0..5 {
        s.verify_password(&user("anna.ostlund"), &Secret::password("wrong-wrong-1"))
            .await
            .unwrap();
    }
    signed_in(&env, "eva.nilsson", "Kaffe-Tavla-Krita-9").await;
    let SignIn::SignedIn(eva) = s
        .staff_sign_in(
            &user("eva.nilsson"),
            &Secret::password("Kaffe-Tavla-Krita-9"),
            Lang::Sv,
        )
        .await
        .unwrap()
    else {
        panic!("eva should sign in to staff mode");
    };
    let anna = s
        .store
        .account_by_username("anna.ostlund")
        .await
        .unwrap()
        .unwrap()
        .id;
    let check = IdentityCheck::new(
        &s.settings.helpdesk.id_documents,
        s.settings.helpdesk.id_reference_chars,
        "passport",
        "4711",
    )
    .unwrap();
    assert_eq!(
        s.staff_act(&eva, anna, &check, StaffAction::Unlock)
            .await
            .unwrap(),
        Ok(ActionDone::Unlocked)
    );

    // The daily expiry job (`kiosk notify`), a year on: notices, locks, audit rows.
    env.clock.advance(400 * 86_400);
    let report = s.expiry_job().run().await.unwrap();
    assert!(report.accounts >= 1 && report.failed() == 0, "{report:?}");
    let rows = s.store.audit_log(None, None, 1000).await.unwrap();
    assert!(
        rows.iter().any(|r| r.action.as_str() == "expiry_lock"),
        "{rows:?}"
    );

    // `kiosk seed-demo` on the shared database.
    s.seed_demo().await.unwrap();
    s.store.close().await;
    drop(env);
    drop(role);
}

fn kiosk(args: &[&str], url: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosk"));
    cmd.current_dir(dir.path())
        .args(args)
        .env("KIOSK__DATABASE__URL", url);
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("KIOSK__")) {
        if k != "KIOSK__DATABASE__URL" {
            cmd.env_remove(k);
        }
    }
    cmd.output().unwrap()
}

/// stderr of a run that must fail with exactly one line.
fn one_line_failure(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr.trim_end().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_on_another_schema_version_stops_with_one_line() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let needed = {
        let store = Store::connect(&db.url, 1).await.unwrap();
        let n = store.known_schema_version();
        assert!(matches!(
            store.check_schema().await,
            Err(StoreError::SchemaBehind { found: 0, .. })
        ));
        store.close().await;
        n
    };
    let behind = |found: i64| {
        format!(
            "kiosk: the database schema is at version {found}, this kiosk needs {needed}: run \
             `kiosk migrate` as the database owner"
        )
    };
    // Unmigrated: the kiosk, notify and an admin command each say so and change nothing.
    for args in [&[][..], &["notify"], &["admin", "show", "anna.ostlund"]] {
        let out = kiosk(args, &db.url);
        assert_eq!(one_line_failure(&out), behind(0), "{args:?}");
    }
    let store = Store::connect(&db.url, 1).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), 0, "no DDL at start");
    let (tables,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM information_schema.tables \
         WHERE table_schema = 'public'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(tables, 0);

    // `kiosk migrate` brings it up; then the commands work.
    let out = kiosk(&["migrate"], &db.url);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("migrations applied: the schema is at version {needed}")
    );
    let out = kiosk(&["admin", "show", "anna.ostlund"], &db.url);
    assert_eq!(
        one_line_failure(&out),
        "kiosk: no account named anna.ostlund"
    );

    // An older schema (the last migration not applied).
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM _sqlx_migrations WHERE version = {needed}"
    )))
    .execute(store.pool())
    .await
    .unwrap();
    let out = kiosk(&["notify", "--dry-run"], &db.url);
    assert_eq!(one_line_failure(&out), behind(needed - 1));

    // A newer one than this kiosk knows.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES ({needed}, 'x', TRUE, '\\x00', 0), ({}, 'future', TRUE, '\\x00', 0)",
        needed + 1
    )))
    .execute(store.pool())
    .await
    .unwrap();
    let out = kiosk(&["admin", "show", "anna.ostlund"], &db.url);
    assert_eq!(
        one_line_failure(&out),
        format!(
            "kiosk: the database schema is at version {}, newer than this kiosk knows \
             ({needed}): update this kiosk",
            needed + 1
        )
    );
    store.close().await;
}

/// SQLite keeps migrating at start: a fresh file works at once (the README's first
/// command, `--demo`, is SQLite too).
#[test]
fn a_sqlite_kiosk_migrates_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/kiosk.db", dir.path().display());
    let out = kiosk(&["admin", "show", "anna.ostlund"], &url);
    assert_eq!(
        one_line_failure(&out),
        "kiosk: no account named anna.ostlund"
    );
}
