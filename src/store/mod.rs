//! The only place with SQL: one [`Store`] over sqlx's Any driver for SQLite and PostgreSQL.
//! Queries are written once with `$n` binds; times are epoch seconds (the Any driver cannot
//! decode PostgreSQL timestamps); concurrent writers are resolved by `WHERE version = $n`.

mod accounts;
mod audit;
mod codes;
mod directory;
mod helpdesk;
mod notices;
mod pool;
mod questions;
mod targets;
mod throttle;

use std::borrow::Cow;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

#[cfg(any(test, feature = "test-support"))]
use sqlx::AnyPool;
use sqlx::Executor;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};

use pool::Db;

use crate::domain::chain::AuditKeys;

pub use accounts::{Account, ImportRow, PasswordChange, TempPassword};
pub use audit::{AuditEntry, AuditRecord};
pub use codes::{CodeState, NewCode, SmsLogEntry, StoredCode, WrongTry};
pub use helpdesk::SearchHit;
pub use notices::{ExpiryCandidate, NoticeKey, NoticeRow, NoticeState};
pub use pool::PoolSettings;
pub use questions::{
    AnswerSet, CategoryEnrolment, EnrolledAnswer, LockSubject, QUESTIONS_LOCKED_UNTIL_UNLOCKED,
    QuestionsFailure, QuestionsLock,
};
pub use targets::QueuedPush;

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
    #[error("cannot use the database folder {0}: {1}")]
    Folder(String, #[source] std::io::Error),
    /// Audit rows are signed with the key file's audit key; a store without it cannot
    /// write one (see [`Store::with_audit_keys`]).
    #[error("no audit key: the audit chain cannot be extended")]
    NoAuditKey,
    #[error("cannot open the database file {0}: {1}")]
    File(String, #[source] std::io::Error),
    #[error("unsupported database url (use sqlite:// or postgres://)")]
    Url,
    /// Opening the database failed; `line` says why in the operator's words (see
    /// `Target::explain`), `cause` is what sqlx said.
    #[error("{line}")]
    Connect { line: String, cause: sqlx::Error },
    /// The PostgreSQL schema is older than this kiosk: only `kiosk migrate` changes it.
    #[error(
        "the database schema is at version {found}, this kiosk needs {needed}: run `kiosk migrate` as the database owner"
    )]
    SchemaBehind { found: i64, needed: i64 },
    /// The schema is newer than this kiosk knows: an older kiosk must not write to it.
    #[error(
        "the database schema is at version {found}, newer than this kiosk knows ({needed}): update this kiosk"
    )]
    SchemaAhead { found: i64, needed: i64 },
    /// A column holds a name this kiosk does not know (see `domain::account`).
    #[error("{column}: {source}")]
    UnknownName {
        column: &'static str,
        source: crate::domain::named::UnknownName,
    },
}

impl StoreError {
    /// True for outages (connection refused, pool timeout, I/O): worth retrying later,
    /// shown as "temporarily unavailable". A TLS failure (unknown CA, wrong host name) counts too: the kiosk cannot reach its
    /// data either way.
    pub fn is_unavailable(&self) -> bool {
        let unavailable = |e: &sqlx::Error| match e {
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => true,
            // sqlx reads end-of-stream after its TLS request as a zero byte: the connection
            // was closed before the server answered (a proxy or the server going away).
            sqlx::Error::Protocol(m) => m.contains("unexpected response from SSLRequest: 0x00"),
            sqlx::Error::Database(d) => server_busy(d.code().as_deref()),
            _ => false,
        };
        match self {
            StoreError::Db(e) | StoreError::Connect { cause: e, .. } => unavailable(e),
            _ => false,
        }
    }

    /// An outage the kiosk waits out at start (nothing answers, or the connection is
    /// dropped), unlike a setting to fix (TLS, a missing sslrootcert, a refused login).
    pub fn is_outage(&self) -> bool {
        let outage = |e: &sqlx::Error| match e {
            sqlx::Error::Io(io) => {
                io.kind() != std::io::ErrorKind::NotFound
                    && io
                        .get_ref()
                        .and_then(|i| i.downcast_ref::<rustls::Error>())
                        .is_none()
            }
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => {
                true
            }
            sqlx::Error::Protocol(m) => m.contains("unexpected response from SSLRequest: 0x00"),
            sqlx::Error::Database(d) => server_busy(d.code().as_deref()),
            _ => false,
        };
        match self {
            StoreError::Db(e) | StoreError::Connect { cause: e, .. } => outage(e),
            _ => false,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A server that is there but cannot take this kiosk now, an outage like any other: too
/// many clients (53300, also when only reserved slots are left), starting up or shutting
/// down (57P01-57P03), or PgBouncer refusing or timing out a client in its queue (it says
/// so with 08P01: `no more connections allowed`, `query_wait_timeout`).
fn server_busy(sqlstate: Option<&str>) -> bool {
    matches!(
        sqlstate,
        Some("53300" | "57P01" | "57P02" | "57P03" | "08P01" | "08000" | "08003" | "08006")
    )
}

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
    db: Db,
    backend: Backend,
    /// Signs audit rows (see audit.rs); set by the services from the key file.
    audit_keys: Option<std::sync::Arc<AuditKeys>>,
    /// `question_enrolment`: counted again in the background once older than
    /// [`ENROLMENT_FRESH`], at once after this process changed accounts or answers. Every
    /// unknown name asks for it, and it counts every account.
    enrolment: std::sync::Arc<std::sync::Mutex<Option<Counted>>>,
}

/// The enrolment counts and when they were read.
type Counted = (std::time::Instant, Vec<CategoryEnrolment>);

/// How long other kiosks' enrolments may go unseen in the unknown names' share.
const ENROLMENT_FRESH: Duration = Duration::from_secs(60);

impl Store {
    /// Opens the database at `url`; for SQLite the file (0600) and its folders (0700) are
    /// created when missing. Does not migrate: call [`Store::migrate`] (the owner) or
    /// [`Store::check_schema`]. A PostgreSQL URL may ask for TLS (`sslmode`, `sslrootcert`);
    /// a failure to connect is one line saying what to change.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store> {
        Self::open(url, PoolSettings::new(max_connections), false).await
    }

    /// [`Store::connect`] with every pool setting (`[database]` in the configuration).
    pub async fn connect_with(url: &str, pool: PoolSettings) -> Result<Store> {
        Self::open(url, pool, false).await
    }

    /// [`Store::connect`] without a first connection: the pool connects at its first use.
    /// The kiosk starts this way when the database cannot be reached, and waits for it.
    pub async fn connect_lazy(url: &str, pool: PoolSettings) -> Result<Store> {
        Self::open(url, pool, true).await
    }

    async fn open(url: &str, settings: PoolSettings, lazy: bool) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if let Some(path) = url.strip_prefix("sqlite://") {
            let file = path.split('?').next().unwrap_or(path);
            // Only where SQLite itself would create the file (`mode=rwc`, the default here).
            let creates = !path.contains("mode=") || path.contains("mode=rwc");
            if file != ":memory:" && creates {
                // The folder 0700 and the file 0600 before SQLite opens it, whatever the
                // umask; SQLite gives its -wal and -shm files the database file's mode.
                if let Some(dir) = Path::new(file)
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                {
                    crate::private_fs::create_dir_all(dir)
                        .map_err(|e| StoreError::Folder(dir.display().to_string(), e))?;
                }
                crate::private_fs::create_file(Path::new(file))
                    .map_err(|e| StoreError::File(file.to_string(), e))?;
                // SQLite would say "unable to open database file" without naming it: try
                // the file, and the folder its journal files go in, first.
                std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(file)
                    .map_err(|e| StoreError::File(file.to_string(), e))?;
                let dir = Path::new(file)
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                nix::unistd::access(
                    dir,
                    nix::unistd::AccessFlags::W_OK | nix::unistd::AccessFlags::X_OK,
                )
                .map_err(|e| StoreError::Folder(dir.display().to_string(), e.into()))?;
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
        if backend == Backend::Postgres {
            install_crypto_provider();
        }
        let target = (backend == Backend::Postgres).then(|| Target::of(&options));
        // Many kiosks share one PostgreSQL: an idle one keeps no connection open (none at
        // start, each closed after `idle_timeout`). A SQLite file costs nothing to keep open.
        let idle_timeout = (backend == Backend::Postgres).then_some(settings.idle_timeout);
        let pool = AnyPoolOptions::new()
            .max_connections(settings.max_connections)
            .min_connections(0)
            .idle_timeout(idle_timeout)
            // An outage should surface in seconds, not hang the kiosk.
            .acquire_timeout(Duration::from_secs(5))
            // Each wait for a connection as a trace event (nothing unless a subscriber asks:
            // the load tool reports the pool wait apart from the database time).
            .acquire_time_level(log::LevelFilter::Trace)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers work while one writer commits; the busy timeout
                        // makes a second writer wait instead of failing at once.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        // Deleted rows (old hashes, used codes) are overwritten, not left
                        // readable in free pages of the file.
                        conn.execute("PRAGMA secure_delete = ON").await?;
                    }
                    Ok(())
                })
            });
        let pool = if lazy {
            pool.connect_lazy_with(options)
        } else {
            pool.connect_with(options)
                .await
                .map_err(|cause| match &target {
                    Some(target) => StoreError::Connect {
                        line: target.explain(&cause),
                        cause,
                    },
                    None => StoreError::Db(cause),
                })?
        };
        Ok(Store {
            db: Db {
                pool,
                bouncer: settings.pgbouncer && backend == Backend::Postgres,
            },
            backend,
            audit_keys: None,
            enrolment: Default::default(),
        })
    }

    /// The store signing audit rows with `keys` (the current one) into the chain.
    pub fn with_audit_keys(mut self, keys: AuditKeys) -> Store {
        self.audit_keys = Some(std::sync::Arc::new(keys));
        self
    }

    /// Applies the migrations of this backend (idempotent). On PostgreSQL only `kiosk
    /// migrate` calls this, as the database owner; everything else checks
    /// [`Store::check_schema`].
    pub async fn migrate(&self) -> Result<()> {
        self.migrator().run(&self.db.pool).await?;
        Ok(())
    }

    /// What the kiosk does to the schema at start: SQLite (its own file) is migrated;
    /// PostgreSQL is only checked, so the runtime role needs no DDL rights.
    pub async fn prepare_for_kiosk(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => self.migrate().await,
            Backend::Postgres => self.check_schema().await,
        }
    }

    /// The schema version this program's migrations end at.
    pub fn known_schema_version(&self) -> i64 {
        self.migrator().iter().map(|m| m.version).max().unwrap_or(0)
    }

    /// The highest migration applied to the database (0 when none ever was). Reads only:
    /// the runtime role needs SELECT on `_sqlx_migrations`, nothing more.
    pub async fn schema_version(&self) -> Result<i64> {
        let exists = match self.backend {
            Backend::Postgres => {
                "SELECT CAST(COUNT(*) AS BIGINT) FROM pg_catalog.pg_class \
                 WHERE oid = to_regclass('_sqlx_migrations')"
            }
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master \
                 WHERE type = 'table' AND name = '_sqlx_migrations'"
            }
        };
        let (n,): (i64,) = sqlx::query_as(exists).fetch_one(&self.db).await?;
        if n == 0 {
            return Ok(0);
        }
        let (version,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM _sqlx_migrations \
             WHERE success = TRUE",
        )
        .fetch_one(&self.db)
        .await?;
        Ok(version)
    }

    /// Refuses a schema other than the one this program was built for, without changing it.
    pub async fn check_schema(&self) -> Result<()> {
        let (found, needed) = (self.schema_version().await?, self.known_schema_version());
        match found.cmp(&needed) {
            std::cmp::Ordering::Less => Err(StoreError::SchemaBehind { found, needed }),
            std::cmp::Ordering::Greater => Err(StoreError::SchemaAhead { found, needed }),
            std::cmp::Ordering::Equal => Ok(()),
        }
    }

    /// This backend's migrations.
    fn migrator(&self) -> Migrator {
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
                (
                    6,
                    "audit_chain",
                    include_str!("../../assets/migrations/sqlite/0006_audit_chain.sql"),
                ),
                (
                    7,
                    "target_queue",
                    include_str!("../../assets/migrations/sqlite/0007_target_queue.sql"),
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
                (
                    6,
                    "audit_chain",
                    include_str!("../../assets/migrations/postgres/0006_audit_chain.sql"),
                ),
                (
                    7,
                    "target_queue",
                    include_str!("../../assets/migrations/postgres/0007_target_queue.sql"),
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
        Migrator::with_migrations(migrations)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Makes the kept enrolment counts `by` older (tests of the background count).
    #[cfg(any(test, feature = "test-support"))]
    pub fn age_enrolment(&self, by: Duration) {
        if let Ok(mut cached) = self.enrolment.lock()
            && let Some((at, _)) = cached.as_mut()
            && let Some(older) = at.checked_sub(by)
        {
            *at = older;
        }
    }

    /// The pool, for tests that need raw SQL.
    #[cfg(any(test, feature = "test-support"))]
    pub fn pool(&self) -> &AnyPool {
        &self.db.pool
    }

    /// True when the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.db).await.is_ok()
    }

    pub async fn close(&self) {
        self.db.pool.close().await;
    }
}

/// rustls wants one process-wide crypto provider when a verifier is built without one
/// (sqlx's verify-ca path); ring, as reqwest and lettre use. Idempotent.
fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Where a PostgreSQL URL points, to say in one line why connecting failed.
struct Target {
    host: String,
    sslmode: String,
    rootcert: Option<String>,
}

impl Target {
    fn of(options: &AnyConnectOptions) -> Target {
        let url = &options.database_url;
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let host = param("host")
            .or_else(|| url.host_str().map(str::to_string))
            .unwrap_or_else(|| "localhost".into());
        let port = param("port")
            .or_else(|| url.port().map(|p| p.to_string()))
            .unwrap_or_else(|| "5432".into());
        Target {
            host: format!("{host}:{port}"),
            sslmode: param("sslmode")
                .or_else(|| param("ssl-mode"))
                .unwrap_or_else(|| "prefer".into()),
            rootcert: param("sslrootcert")
                .or_else(|| param("ssl-root-cert"))
                .or_else(|| param("ssl-ca")),
        }
    }

    /// One line for the operator: what failed and what to change, never sqlx's nested
    /// "error communicating with database: …: …".
    fn explain(&self, e: &sqlx::Error) -> String {
        use rustls::CertificateError as C;
        let at = format!("cannot connect to PostgreSQL at {}", self.host);
        let tls = |why: String| format!("{at}: TLS (sslmode={}): {why}", self.sslmode);
        match e {
            sqlx::Error::Io(io) => {
                let inner = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>());
                match inner {
                    Some(rustls::Error::InvalidCertificate(c)) => tls(match c {
                        C::UnknownIssuer | C::BadSignature => format!(
                            "the server's certificate is not signed by a trusted CA ({})",
                            match &self.rootcert {
                                Some(p) => format!("sslrootcert={p}"),
                                None => "no sslrootcert given".into(),
                            }
                        ),
                        C::NotValidForName | C::NotValidForNameContext { .. } => format!(
                            "the server's certificate is not valid for the name {} (connect by \
                             a name the certificate holds)",
                            self.host.rsplit_once(':').map_or(&*self.host, |(h, _)| h)
                        ),
                        C::Expired | C::ExpiredContext { .. } => {
                            "the server's certificate has expired".into()
                        }
                        other => format!("the server's certificate was refused ({other:?})"),
                    }),
                    Some(other) => tls(format!("handshake failed ({other})")),
                    None if io.kind() == std::io::ErrorKind::NotFound => match &self.rootcert {
                        Some(p) => format!("{at}: cannot read sslrootcert {p}: {io}"),
                        None => format!("{at}: {io}"),
                    },
                    None => format!("{at}: {io}"),
                }
            }
            sqlx::Error::Tls(why) => tls(why.to_string()),
            sqlx::Error::Database(db) => {
                let message = db.message();
                if message.contains("no encryption") {
                    format!(
                        "{at}: the server requires TLS and refused a plain connection \
                         (sslmode={}): use sslmode=verify-full",
                        self.sslmode
                    )
                } else {
                    format!("{at}: the server refused: {message}")
                }
            }
            sqlx::Error::PoolTimedOut => format!("{at}: no answer within 5 s"),
            sqlx::Error::Protocol(m) if m.contains("SSLRequest: 0x00") => {
                format!("{at}: the connection was closed before the server answered")
            }
            other => format!("{at}: {other}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::server_busy;

    #[test]
    fn a_full_or_starting_server_and_pgbouncer_refusals_are_outages() {
        for code in ["53300", "57P03", "57P01", "08P01", "08006"] {
            assert!(server_busy(Some(code)), "{code}");
        }
        // A constraint, a permission or a syntax error is not waited out.
        for code in ["23505", "42501", "42601", "40001"] {
            assert!(!server_busy(Some(code)), "{code}");
        }
        assert!(!server_busy(None));
    }
}
