//! Expiry notices: which accounts the notifier must look at, and the `notices` table that
//! makes each notice go out once. A notice is claimed (a row in state `claimed`) before it
//! is sent and marked `sent`, `failed` or `skipped` after, together with its audit row; the
//! lock for expiry, its notice row and its audit row are one transaction.

use std::collections::HashMap;

use sqlx::Row;

#[cfg(any(test, feature = "test-support"))]
use super::Backend;
use super::{AuditEntry, Result, Store};

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
           a.mobile_confirmed, a.language, a.password_expires_at \
         FROM accounts a \
         WHERE a.status = 'active' AND a.password_expires_at IS NOT NULL \
           AND (a.expiry_closed IS NULL OR a.expiry_closed <> a.password_expires_at) \
           AND a.password_expires_at <= $1 \
         ORDER BY a.password_expires_at, a.id"
    };
}

/// Accounts whose notice rows one statement reads.
const NOTICE_BATCH: usize = 500;

/// The notice rows of `n` accounts (`$1` … `$n`): primary-key look-ups. Not a join with
/// the accounts: PostgreSQL would then rather hash the whole notices table, whose size
/// follows all accounts that ever had a notice, than probe its index once per due account.
fn notices_sql(n: usize) -> String {
    let ids: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "SELECT account_id, cycle, kind, state, at FROM notices WHERE account_id IN ({}) \
         ORDER BY account_id, cycle, kind",
        ids.join(", ")
    )
}

impl Store {
    /// The accounts whose password expires at or before `horizon` and whose current expiry
    /// is not yet closed, oldest expiry first, each with the notice rows of that expiry.
    /// Index ranges and look-ups only: the cost grows with the accounts returned, not with
    /// the size of either table.
    pub async fn expiry_candidates(&self, horizon: i64) -> Result<Vec<ExpiryCandidate>> {
        let rows = sqlx::query(candidates_sql!())
            .bind(horizon)
            .fetch_all(&self.db)
            .await?;
        let mut out = rows
            .iter()
            .map(|row| {
                Ok(ExpiryCandidate {
                    id: row.try_get("id")?,
                    username: row.try_get("username")?,
                    display_name: row.try_get("display_name")?,
                    category: row.try_get("category")?,
                    email: row.try_get("email")?,
                    mobile: row.try_get("mobile")?,
                    mobile_confirmed: row.try_get::<i64, _>("mobile_confirmed")? != 0,
                    language: row.try_get("language")?,
                    expires_at: row.try_get("password_expires_at")?,
                    notices: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let position: HashMap<i64, usize> =
            out.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        let ids: Vec<i64> = out.iter().map(|c| c.id).collect();
        for chunk in ids.chunks(NOTICE_BATCH) {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(notices_sql(chunk.len())));
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(&self.db).await? {
                let Some(&i) = position.get(&row.try_get::<i64, _>("account_id")?) else {
                    continue;
                };
                let candidate = &mut out[i];
                // Rows of an earlier expiry are not about this one.
                if row.try_get::<i64, _>("cycle")? != candidate.expires_at {
                    continue;
                }
                let state: String = row.try_get("state")?;
                candidate.notices.push(NoticeRow {
                    kind: row.try_get("kind")?,
                    // A state this version does not know is treated as unfinished.
                    state: NoticeState::parse(&state).unwrap_or(NoticeState::Failed),
                    at: row.try_get("at")?,
                });
            }
        }
        Ok(out)
    }

    /// The database's plans for [`Store::expiry_candidates`] (EXPLAIN QUERY PLAN on SQLite,
    /// EXPLAIN on PostgreSQL): the accounts' range, then the notices of the first batch of
    /// accounts it returns. One line per plan step, for tests and benches.
    #[cfg(any(test, feature = "test-support"))]
    pub async fn explain_expiry_candidates(&self, horizon: i64) -> Result<Vec<String>> {
        let (prefix, column) = match self.backend {
            Backend::Sqlite => ("EXPLAIN QUERY PLAN ", "detail"),
            Backend::Postgres => ("EXPLAIN ", "QUERY PLAN"),
        };
        let mut lines = Vec::new();
        let accounts = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{prefix}{}",
            candidates_sql!()
        )))
        .bind(horizon)
        .fetch_all(&self.db)
        .await?;
        for row in &accounts {
            lines.push(row.try_get::<String, _>(column)?);
        }
        let mut ids: Vec<i64> = sqlx::query(candidates_sql!())
            .bind(horizon)
            .fetch_all(&self.db)
            .await?
            .iter()
            .take(NOTICE_BATCH)
            .map(|r| r.try_get("id"))
            .collect::<std::result::Result<_, _>>()?;
        if ids.is_empty() {
            ids.push(0);
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{prefix}{}",
            notices_sql(ids.len())
        )));
        for id in &ids {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&self.db).await? {
            lines.push(row.try_get::<String, _>(column)?);
        }
        Ok(lines)
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
        .execute(&self.db)
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
        let mut tx = self.db.pool.begin().await?;
        sqlx::query(
            "UPDATE notices SET state = $4, at = $5 \
             WHERE account_id = $1 AND cycle = $2 AND kind = $3 AND state = 'claimed'",
        )
        .bind(key.account_id)
        .bind(key.cycle)
        .bind(&key.kind)
        .bind(state.as_str())
        .bind(now)
        .execute(self.db.on(&mut tx))
        .await?;
        self.insert_audit(&mut tx, audit).await?;
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
        let mut tx = self.db.pool.begin().await?;
        // The notice row first: of two runs locking at once, the second stops here.
        let recorded = sqlx::query(
            "INSERT INTO notices (account_id, cycle, kind, state, at) \
             VALUES ($1, $2, 'lock', 'done', $3) ON CONFLICT (account_id, cycle, kind) DO NOTHING",
        )
        .bind(account_id)
        .bind(cycle)
        .bind(now)
        .execute(self.db.on(&mut tx))
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
        .execute(self.db.on(&mut tx))
        .await?;
        if locked.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        self.insert_audit(&mut tx, audit).await?;
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
        .execute(&self.db)
        .await?;
        Ok(())
    }

    /// Deletes the notice rows of an account's earlier expiries: once the password has
    /// changed they are never read again (the audit log keeps the history), and without
    /// this the table would grow by a few rows per account and year.
    pub async fn prune_old_notices(&self, account_id: i64, cycle: i64) -> Result<()> {
        sqlx::query("DELETE FROM notices WHERE account_id = $1 AND cycle <> $2")
            .bind(account_id)
            .bind(cycle)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Bulk-inserts `total` synthetic accounts `bench1 … benchN` (category `students`) in
    /// one statement, for benchmarks and query-plan tests; never used on a real database.
    /// Every 100th account expires within [now − 3 days, now + 14 days) and is due; every
    /// 100th + 1 expired 400 days ago and is closed and locked; the rest expire 15 to 365
    /// days from now. Notice rows as a live database has them: half the due accounts got
    /// their 14-day email, and every 10th account still has three rows of an earlier
    /// expiry. PostgreSQL statistics are refreshed afterwards, as autovacuum would.
    #[cfg(any(test, feature = "test-support"))]
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
                .execute(&self.db)
                .await?;
            }
            Backend::Postgres => {
                sqlx::query(seed_sql!("generate_series(1, CAST($1 AS BIGINT)) AS g(i)"))
                    .bind(total)
                    .bind(now)
                    .execute(&self.db)
                    .await?;
            }
        }
        sqlx::query(
            "INSERT INTO notices (account_id, cycle, kind, state, at) \
             SELECT a.id, a.password_expires_at, 'email-14', 'sent', $1 FROM accounts a \
             WHERE a.username LIKE 'bench%' AND a.status = 'active' \
               AND a.password_expires_at IS NOT NULL \
               AND (a.expiry_closed IS NULL OR a.expiry_closed <> a.password_expires_at) \
               AND a.password_expires_at <= $1 + 14 * 86400 AND (a.id / 100) % 2 = 0",
        )
        .bind(now)
        .execute(&self.db)
        .await?;
        sqlx::query(
            "INSERT INTO notices (account_id, cycle, kind, state, at) \
             SELECT a.id, a.password_expires_at - 365 * 86400, k.kind, 'sent', $1 \
             FROM accounts a, (SELECT 'email-14' AS kind UNION ALL SELECT 'email-7' \
                               UNION ALL SELECT 'email-3') AS k \
             WHERE a.username LIKE 'bench%' AND a.id % 10 = 5",
        )
        .bind(now - 365 * 86_400)
        .execute(&self.db)
        .await?;
        if self.backend == Backend::Postgres {
            sqlx::query("ANALYZE accounts").execute(&self.db).await?;
            sqlx::query("ANALYZE notices").execute(&self.db).await?;
        }
        Ok(())
    }
}
