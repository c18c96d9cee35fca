//! Expiry notices: which accounts the notifier must look at, and the `notices` table that
//! makes each notice go out once. A notice is claimed (a row in state `claimed`) before it
//! is sent and marked `sent`, `failed` or `skipped` after, together with its audit row; the
//! lock for expiry, its notice row and its audit row are one transaction.

use sqlx::Row;

use super::{AuditEntry, Backend, Result, Store};

/// The state of one notice row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeState {
    /// Taken by a run that is sending it (or crashed while sending it).
    Claimed,
    Sent,
    /// The send failed; a later run tries again while the notice is still due.
    Failed,
    /// Not sent for want of an address or a channel; never tried again.
    Skipped,
    /// An action (the lock) that was carried out.
    Done,
}

impl NoticeState {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeState::Claimed => "claimed",
            NoticeState::Sent => "sent",
            NoticeState::Failed => "failed",
            NoticeState::Skipped => "skipped",
            NoticeState::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeState> {
        [
            NoticeState::Claimed,
            NoticeState::Sent,
            NoticeState::Failed,
            NoticeState::Skipped,
            NoticeState::Done,
        ]
        .into_iter()
        .find(|state| state.as_str() == s)
    }

    /// Sent, skipped or done: nothing more will happen to this notice.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            NoticeState::Sent | NoticeState::Skipped | NoticeState::Done
        )
    }
}

/// One row of `notices` for an account's current expiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRow {
    pub kind: String,
    pub state: NoticeState,
    /// When it was claimed or finished.
    pub at: i64,
}

/// Identifies one notice: an account, one of its expiries, and what is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeKey {
    pub account_id: i64,
    /// The `password_expires_at` the notice is about.
    pub cycle: i64,
    pub kind: String,
}

/// An account the notifier has to look at, with the notices of its current expiry.
#[derive(Clone)]
pub struct ExpiryCandidate {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub category: String,
    pub email: Option<String>,
    /// E.164; only trusted for messages when `mobile_confirmed`.
    pub mobile: Option<String>,
    pub mobile_confirmed: bool,
    /// None = the configured default language.
    pub language: Option<String>,
    pub expires_at: i64,
    pub notices: Vec<NoticeRow>,
}

impl std::fmt::Debug for ExpiryCandidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExpiryCandidate")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("category", &self.category)
            .field("expires_at", &self.expires_at)
            .field("notices", &self.notices)
            .finish_non_exhaustive()
    }
}

/// Open accounts (see migration 0003) expiring up to `$1`. The predicate repeats the
/// partial index's own WHERE clause word for word: both planners use a partial index only
/// when they can see the query implies it.
macro_rules! candidates_sql {
    () => {
        "SELECT a.id, a.username, a.display_name, a.category, a.email, a.mobile, \
           a.mobile_confirmed, a.language, a.password_expires_at, n.kind, n.state, n.at \
         FROM accounts a \
         LEFT JOIN notices n ON n.account_id = a.id AND n.cycle = a.password_expires_at \
         WHERE a.status = 'active' AND a.password_expires_at IS NOT NULL \
           AND (a.expiry_closed IS NULL OR a.expiry_closed <> a.password_expires_at) \
           AND a.password_expires_at <= $1 \
         ORDER BY a.password_expires_at, a.id, n.kind"
    };
}

impl Store {
    /// The accounts whose password expires at or before `horizon` and whose current expiry
    /// is not yet closed, oldest expiry first, each with its notice rows. An index range
    /// on `accounts_expiry_open`: the cost grows with the accounts returned, not with the
    /// size of the table.
    pub async fn expiry_candidates(&self, horizon: i64) -> Result<Vec<ExpiryCandidate>> {
        let rows = sqlx::query(candidates_sql!())
            .bind(horizon)
            .fetch_all(&self.pool)
            .await?;
        let mut out: Vec<ExpiryCandidate> = Vec::new();
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            if out.last().is_none_or(|c| c.id != id) {
                out.push(ExpiryCandidate {
                    id,
                    username: row.try_get("username")?,
                    display_name: row.try_get("display_name")?,
                    category: row.try_get("category")?,
                    email: row.try_get("email")?,
                    mobile: row.try_get("mobile")?,
                    mobile_confirmed: row.try_get::<i64, _>("mobile_confirmed")? != 0,
                    language: row.try_get("language")?,
                    expires_at: row.try_get("password_expires_at")?,
                    notices: Vec::new(),
                });
            }
            let kind: Option<String> = row.try_get("kind")?;
            let state: Option<String> = row.try_get("state")?;
            if let (Some(kind), Some(state), Some(candidate)) = (kind, state, out.last_mut()) {
                // A state this version does not know is treated as unfinished (tried again).
                let state = NoticeState::parse(&state).unwrap_or(NoticeState::Failed);
                candidate.notices.push(NoticeRow {
                    kind,
                    state,
                    at: row.try_get("at")?,
                });
            }
        }
        Ok(out)
    }

    /// The database's plan for [`Store::expiry_candidates`], one line per plan step
    /// (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL), for tests and benches.
    pub async fn explain_expiry_candidates(&self, horizon: i64) -> Result<Vec<String>> {
        let (sql, column) = match self.backend {
            Backend::Sqlite => (
                concat!("EXPLAIN QUERY PLAN ", candidates_sql!()),
                "detail",
            ),
            Backend::Postgres => (concat!("EXPLAIN ", candidates_sql!()), "QUERY PLAN"),
        };
        let rows = sqlx::query(sql).bind(horizon).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| r.try_get::<String, _>(column).map_err(Into::into))
            .collect()
    }

    /// Claims a notice for sending: true when this run may send it. A new notice, a failed
    /// one, or one claimed before `stale_before` (its run died in flight) can be claimed; a
    /// fresh claim of another run, or a finished notice, cannot. Also false when the
    /// account's password changed since it was read (the notice is about an old expiry).
    pub async fn claim_notice(&self, key: &NoticeKey, now: i64, stale_before: i64) -> Result<bool> {
        // One statement: of two runs claiming at once, exactly one inserts or updates.
        let done = sqlx::query(
            "INSERT INTO notices (account_id, cycle, kind, state, at) \
             SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS TEXT), 'claimed', \
                    CAST($4 AS BIGINT) \
             WHERE EXISTS (SELECT 1 FROM accounts WHERE id = $1 AND password_expires_at = $2) \
             ON CONFLICT (account_id, cycle, kind) DO UPDATE SET state = 'claimed', \
               at = excluded.at \
             WHERE notices.state = 'failed' \
                OR (notices.state = 'claimed' AND notices.at < $5)",
        )
        .bind(key.account_id)
        .bind(key.cycle)
        .bind(&key.kind)
        .bind(now)
        .bind(stale_before)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records how a claimed notice ended (sent, failed, skipped) with its audit row, in
    /// one transaction.
    pub async fn finish_notice(
        &self,
        key: &NoticeKey,
        state: NoticeState,
        now: i64,
        audit: &AuditEntry,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE notices SET state = $4, at = $5 \
             WHERE account_id = $1 AND cycle = $2 AND kind = $3 AND state = 'claimed'",
        )
        .bind(key.account_id)
        .bind(key.cycle)
        .bind(&key.kind)
        .bind(state.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Locks an account whose grace ended (reason `expired`, until staff unlock it) and
    /// records the lock as notice `lock` of expiry `cycle`, with its audit row, in one
    /// transaction. False, changing nothing, when the lock of this expiry was already
    /// recorded or the password changed since `cycle` was read.
    pub async fn lock_expired(
        &self,
        account_id: i64,
        cycle: i64,
        now: i64,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        // The notice row first: of two runs locking at once, the second stops here.
        let recorded = sqlx::query(
            "INSERT INTO notices (account_id, cycle, kind, state, at) \
             VALUES ($1, $2, 'lock', 'done', $3) ON CONFLICT (account_id, cycle, kind) DO NOTHING",
        )
        .bind(account_id)
        .bind(cycle)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if recorded.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        // The version bump makes a password change started before the lock lose.
        let locked = sqlx::query(
            "UPDATE accounts SET lock_reason = 'expired', locked_until = NULL, \
               version = version + 1, updated_at = $3 \
             WHERE id = $1 AND password_expires_at = $2 AND status = 'active'",
        )
        .bind(account_id)
        .bind(cycle)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if locked.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Marks expiry `cycle` of an account as closed: everything for it is finished, and
    /// the account leaves the notifier's index until its password changes.
    pub async fn close_expiry_cycle(&self, account_id: i64, cycle: i64) -> Result<()> {
        // Not a version bump: closing changes nothing a kiosk relies on.
        sqlx::query(
            "UPDATE accounts SET expiry_closed = $2 WHERE id = $1 AND password_expires_at = $2",
        )
        .bind(account_id)
        .bind(cycle)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Bulk-inserts `total` synthetic accounts `bench1 … benchN` (category `students`) in
    /// one statement, for benchmarks and query-plan tests; never used on a real database.
    /// Every 100th account expires within [now − 3 days, now + 14 days) and is due; every
    /// 100th + 1 expired 400 days ago and is closed and locked; the rest expire 15 to 365
    /// days from now. PostgreSQL statistics are refreshed afterwards, as autovacuum would.
    pub async fn seed_synthetic_accounts(&self, total: i64, now: i64) -> Result<()> {
        // The same column list and expressions for both; only the row source differs.
        macro_rules! seed_sql {
            ($source:literal) => {
                concat!(
                    "INSERT INTO accounts (username, display_name, category, email, status, ",
                    "password_hash, password_changed_at, password_expires_at, expiry_closed, ",
                    "lock_reason, created_at, updated_at) ",
                    "SELECT 'bench' || i, 'Bench ' || i, 'students', 'bench' || i || '@example.org', ",
                    "'active', 'x', $2, e, CASE WHEN i % 100 = 1 THEN e END, ",
                    "CASE WHEN i % 100 = 1 THEN 'expired' END, $2, $2 FROM (SELECT i, CASE ",
                    "WHEN i % 100 = 0 THEN $2 - 3 * 86400 + (i * 7919) % (17 * 86400) ",
                    "WHEN i % 100 = 1 THEN $2 - 400 * 86400 + i % 86400 ",
                    "ELSE $2 + 15 * 86400 + (i * 7919) % (350 * 86400) END AS e FROM ",
                    $source,
                    ") AS s"
                )
            };
        }
        match self.backend {
            Backend::Sqlite => {
                sqlx::query(concat!(
                    "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq ",
                    "WHERE i < $1) ",
                    seed_sql!("seq")
                ))
                .bind(total)
                .bind(now)
                .execute(&self.pool)
                .await?;
            }
            Backend::Postgres => {
                sqlx::query(seed_sql!("generate_series(1, CAST($1 AS BIGINT)) AS g(i)"))
                    .bind(total)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                sqlx::query("ANALYZE accounts").execute(&self.pool).await?;
            }
        }
        Ok(())
    }
}
