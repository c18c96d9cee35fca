//! Issue 12, keys at rest: every HMAC key comes from the key file (`keys.file`), never the
//! database. A database after use holds no key; a code made under one key file does not
//! verify under another; the file is made 0600 whatever the umask, once, and an unsafe
//! one is refused.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use common::{Env, ROSTER, TestDb, env, outbox, user};
use kiosk::domain::code::SessionRef;
use kiosk::domain::keys::KeyRing;
use kiosk::domain::secret::Secret;
use kiosk::keyfile::{self, KeyFileError};
use kiosk::service::{CodeCheck, Services};
use kiosk::store::Backend;
use sqlx::Row;

const ANNA: &str = "anna.ostlund";

fn ring(env: &Env) -> KeyRing {
    keyfile::load(&env.services.settings.keys.file).unwrap()
}

fn code_in(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .unwrap_or_else(|| panic!("no code in {text:?}"))
        .to_string()
}

/// Everything the database holds, as bytes: the SQLite file and its WAL (free pages
/// included), or every PostgreSQL table of the schema dumped as text.
async fn everything_stored(env: &Env) -> Vec<u8> {
    let pool = env.services.store.pool();
    match env.services.store.backend() {
        Backend::Sqlite => {
            let path = env.db.url.trim_start_matches("sqlite://").to_string();
            let mut bytes = std::fs::read(&path).unwrap();
            if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
                bytes.extend(wal);
            }
            bytes
        }
        Backend::Postgres => {
            let tables: Vec<String> = sqlx::query(
                "SELECT CAST(table_name AS TEXT) AS table_name FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            )
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("table_name"))
            .collect();
            assert!(tables.contains(&"kiosk_secrets".to_string()), "{tables:?}");
            let mut all = Vec::new();
            for table in tables {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT COALESCE(string_agg(t::text, E'\\n'), '') AS dump FROM {table} t"
                )))
                .fetch_one(pool)
                .await
                .unwrap();
                all.extend(row.get::<String, _>("dump").into_bytes());
            }
            all
        }
    }
}

async fn the_database_holds_no_key_after_use(db: TestDb) {
    let env = env(db).await;
    let s = &env.services;
    s.import_csv(ROSTER.as_bytes()).await.unwrap();
    // A code (HMAC under the code key), decoys and a tagged unknown name (the decoy and
    // name tag keys), wrong passwords (the throttle's tags), audit rows (the audit key).
    let session = SessionRef::from_string("keys");
    s.request_reset_code(&user(ANNA), &session).await.unwrap();
    assert_eq!(outbox(&env).len(), 1);
    let stored: String = sqlx::query("SELECT code_hmac FROM one_time_codes")
        .fetch_one(s.store.pool())
        .await
        .unwrap()
        .get("code_hmac");
    assert_eq!(stored.len(), 64);
    for name in ["nobody.here", ANNA] {
        s.methods_for(&user(name)).await.unwrap();
        s.verify_password(&user(name), &Secret::password("Wrong-Guess-1"))
            .await
            .unwrap();
    }
    s.request_reset_code(&user("nobody.here"), &session)
        .await
        .unwrap();
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM kiosk_secrets")
        .fetch_one(s.store.pool())
        .await
        .unwrap()
        .get("n");
    assert_eq!(n, 0, "no key rows in kiosk_secrets");
    let rows: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE mac IS NOT NULL")
        .fetch_one(s.store.pool())
        .await
        .unwrap()
        .get("n");
    assert!(rows >= 5, "{rows}");

    let ring = ring(&env);
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(s.store.pool())
        .await
        .ok();
    assert!(
        !ring.appears_in(&everything_stored(&env).await),
        "key material found in the database"
    );
    // The scan does see a key where one is (as the kiosks once kept them).
    let planted = std::fs::read_to_string(&s.settings.keys.file).unwrap();
    let hex = planted
        .lines()
        .find_map(|l| l.strip_prefix("kiosk-key-v1 "))
        .unwrap();
    sqlx::query("INSERT INTO kiosk_secrets (name, value) VALUES ('planted', $1)")
        .bind(hex)
        .execute(s.store.pool())
        .await
        .unwrap();
    assert!(ring.appears_in(&everything_stored(&env).await));
}

async fn a_code_does_not_verify_under_another_key_file(db: TestDb) {
    let env = env(db).await;
    env.services.import_csv(ROSTER.as_bytes()).await.unwrap();
    let session = SessionRef::from_string("k");
    env.services
        .request_reset_code(&user(ANNA), &session)
        .await
        .unwrap();
    let code = code_in(&outbox(&env)[0].1);
    // The same database and kiosk id, another key file.
    let other_dir = tempfile::tempdir().unwrap();
    let mut settings = (*env.services.settings).clone();
    settings.keys.file = other_dir.path().join("other.key");
    let other = Services::new(
        env.services.store.clone(),
        Arc::new(settings),
        env.clock.clone(),
    )
    .unwrap();
    assert!(matches!(
        other
            .verify_reset_code(&user(ANNA), &session, &code)
            .await
            .unwrap(),
        CodeCheck::Wrong { .. }
    ));
    // Under its own key file it still does.
    assert!(matches!(
        env.services
            .verify_reset_code(&user(ANNA), &session, &code)
            .await
            .unwrap(),
        CodeCheck::Verified(_)
    ));
    // And the other key file's tags differ too: a copy of the database cannot be used to
    // tag names without the file.
    assert_ne!(
        other.name_tags().await.unwrap().unknown_label("x.y"),
        env.services.name_tags().await.unwrap().unknown_label("x.y")
    );
}

both!(
    the_database_holds_no_key_after_use,
    a_code_does_not_verify_under_another_key_file
);

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn kiosk_sh(dir: &Path, script: &str) -> Output {
    let mut cmd = Command::new("sh");
    cmd.current_dir(dir)
        .arg("-c")
        .arg(script)
        .env("KIOSK_BIN", env!("CARGO_BIN_EXE_kiosk"));
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("KIOSK__")) {
        cmd.env_remove(k);
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn init_secret_makes_a_0600_file_once_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiosk_sh(
        dir.path(),
        "umask 000; KIOSK__KEYS__FILE=keys/secret.key \"$KIOSK_BIN\" init-secret",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = dir.path().join("keys/secret.key");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&dir.path().join("keys")), 0o700);
    let ring = keyfile::load(&path).unwrap();
    let stdout = text(&out.stdout);
    assert!(stdout.contains(ring.current_id()), "{stdout}");
    // No key material printed, no temporary file left.
    assert!(!ring.appears_in(&out.stdout) && !ring.appears_in(&out.stderr));
    assert_eq!(
        std::fs::read_dir(dir.path().join("keys")).unwrap().count(),
        1
    );

    // A second init-secret refuses and leaves the file as it was.
    let before = std::fs::read(&path).unwrap();
    let out = kiosk_sh(
        dir.path(),
        "KIOSK__KEYS__FILE=keys/secret.key \"$KIOSK_BIN\" init-secret",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("exists already"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // A rotation puts a new key first and keeps the old one, still 0600.
    let out = kiosk_sh(
        dir.path(),
        "umask 000; KIOSK__KEYS__FILE=keys/secret.key \"$KIOSK_BIN\" init-secret --rotate",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rotated = keyfile::load(&path).unwrap();
    assert_eq!(rotated.ids().len(), 2);
    assert_eq!(rotated.ids()[1], ring.current_id());
    assert_ne!(rotated.current_id(), ring.current_id());
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn the_kiosk_makes_its_key_file_at_start_0600_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let out = kiosk_sh(
        dir.path(),
        "umask 000; KIOSK__KEYS__FILE=var/k/secret.key KIOSK__DATABASE__URL=sqlite://k.db \
         \"$KIOSK_BIN\" admin audit",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = dir.path().join("var/k/secret.key");
    assert_eq!(mode(&path), 0o600);
    keyfile::load(&path).unwrap();
}

#[test]
fn an_unsafe_or_malformed_key_file_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.key");
    keyfile::create(&path).unwrap();
    let run = || {
        kiosk_sh(
            dir.path(),
            "KIOSK__KEYS__FILE=secret.key KIOSK__DATABASE__URL=sqlite://k.db \
             \"$KIOSK_BIN\" admin audit",
        )
    };
    assert!(run().status.success());
    for bad in [0o640, 0o604, 0o660] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(bad)).unwrap();
        assert!(matches!(
            keyfile::load(&path),
            Err(KeyFileError::Unsafe { .. })
        ));
        let out = run();
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("chmod 600"), "{err}");
    }
    // Unsafe is never "fixed" by making a new key: the file is as it was.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    keyfile::load(&path).unwrap();

    std::fs::write(&path, "kiosk-key-v1 0011\n").unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("malformed") && err.lines().count() == 1,
        "{err}"
    );

    // Unreadable: a folder where the file should be.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("cannot read the secret key file"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn kiosks_starting_at_once_end_up_with_one_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared/secret.key");
    let ids: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    keyfile::load_or_create(&path)
                        .unwrap()
                        .current_id()
                        .to_string()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(mode(&path), 0o600);
    // Only the key file is left: no temporary files.
    assert_eq!(
        std::fs::read_dir(dir.path().join("shared"))
            .unwrap()
            .count(),
        1
    );
}
