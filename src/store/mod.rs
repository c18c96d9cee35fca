//! The only place with SQL: one [`Store`] over sqlx's Any driver for SQLite and PostgreSQL.
//! Queries are written once with `$n` binds; times are epoch seconds (the Any driver cannot
//! decode PostgreSQL timestamps); concurrent writers are resolved by `WHERE version = $n`.

mod accounts;
mod audit;
mod codes;
mod directory;
mod helpdesk;
mod notices;
mod questions;
mod secrets;
mod throttle;

use std::borrow::Cow;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Executor};

pub use accounts::{Account, ImportRow, PasswordChange, TempPassword};
pub use audit::{AuditEntry, AuditRecord};
pub use codes::{CodeState, NewCode, SmsLogEntry, StoredCode, WrongTry};
pub use helpdesk::SearchHit;
pub use notices::{ExpiryCandidate, NoticeKey, NoticeRow, NoticeState};
pub use questions::{
    AnswerSet, CategoryEnrolment, EnrolledAnswer, LockSubject, QUESTIONS_LOCKED_UNTIL_UNLOCKED,
    QuestionsFailure, QuestionsLock,
};

/// Which database the store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the database folder {0}: {1}")]
    Folder(String, #[source] std::io::Error),
    #[error("unsupported database url (use sqlite:// or postgres://)")]
    Url,
    /// A column holds a name this kiosk does not know (see `domain::account`).
    #[error("{column}: {source}")]
    UnknownName {
        column: &'static str,
        source: crate::domain::named::UnknownName,
    },
}

impl StoreError {
    /// True for outages (connection refused, pool timeout, I/O): worth retrying later,
    /// shown as "temporarily unavailable".
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Db(
                sqlx::Error::Io(_)
                    | sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::Tls(_)
                    | sqlx::Error::WorkerCrashed
            )
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

// Some queries write or compare these names as SQL literals: a literal lets SQLite and
// PostgreSQL use the partial index on active accounts, and keeps each query one static
// string. They must stay the enums' names; this fails the build if one changes.
const _: () = {
    use crate::domain::account::{AccountStatus, LockReason};
    assert!(matches!(
        AccountStatus::Active.as_str().as_bytes(),
        b"active"
    ));
    assert!(matches!(
        LockReason::Failures.as_str().as_bytes(),
        b"failures"
    ));
    assert!(matches!(
        LockReason::Expired.as_str().as_bytes(),
        b"expired"
    ));
};

/// The shared database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens the database at `url`; for SQLite the file and its folder are created when
    /// missing. Does not migrate: call [`Store::migrate`].
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if let Some(path) = url.strip_prefix("sqlite://") {
            let file = path.split('?').next().unwrap_or(path);
            if file != ":memory:"
                && let Some(dir) = Path::new(file)
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Folder(dir.display().to_string(), e))?;
            }
            let url = if path.contains("mode=") {
                url.to_string()
            } else if path.contains('?') {
                format!("{url}&mode=rwc")
            } else {
                format!("{url}?mode=rwc")
            };
            (Backend::Sqlite, url)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(StoreError::Url);
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            // An outage should surface in seconds, not hang the kiosk.
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers work while one writer commits; the busy timeout
                        // makes a second writer wait instead of failing at once.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store { pool, backend })
    }

    /// Applies the migrations of this backend (idempotent).
    pub async fn migrate(&self) -> Result<()> {
        // A slice, so a new migration is one line per backend.
        let files: &[(i64, &str, &'static str)] = match self.backend {
            Backend::Sqlite => &[
                (
                    1,
                    "init",
                    include_str!("../../assets/migrations/sqlite/0001_init.sql"),
                ),
                (
                    2,
                    "recovery",
                    include_str!("../../assets/migrations/sqlite/0002_recovery.sql"),
                ),
                (
                    3,
                    "expiry",
                    include_str!("../../assets/migrations/sqlite/0003_expiry.sql"),
                ),
                (
                    4,
                    "questions",
                    include_str!("../../assets/migrations/sqlite/0004_questions.sql"),
                ),
                (
                    5,
                    "signin_throttle",
                    include_str!("../../assets/migrations/sqlite/0005_signin_throttle.sql"),
                ),
            ],
            Backend::Postgres => &[
                (
                    1,
                    "init",
                    include_str!("../../assets/migrations/postgres/0001_init.sql"),
                ),
                (
                    2,
                    "recovery",
                    include_str!("../../assets/migrations/postgres/0002_recovery.sql"),
                ),
                (
                    3,
                    "expiry",
                    include_str!("../../assets/migrations/postgres/0003_expiry.sql"),
                ),
                (
                    4,
                    "questions",
                    include_str!("../../assets/migrations/postgres/0004_questions.sql"),
                ),
                (
                    5,
                    "signin_throttle",
                    include_str!("../../assets/migrations/postgres/0005_signin_throttle.sql"),
                ),
            ],
        };
        let migrations = files
            .iter()
            .map(|&(version, name, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(name),
                    MigrationType::Simple,
                    sqlx::SqlSafeStr::into_sql_str(sql),
                    false,
                )
            })
            .collect();
        let migrator = Migrator::with_migrations(migrations);
        migrator.run(&self.pool).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for tests that need raw SQL.
    #[cfg(any(test, feature = "test-support"))]
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// True when the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
