//! The push-target retry queue (`target_queue`): one row per account and target holding
//! the sealed crypt hash of a push that failed for a while; each try's audit row is written
//! in the same transaction as the row's change.

use sqlx::Row;

use super::{AuditEntry, Result, Store};

/// A queued push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedPush {
    pub id: i64,
    pub account_id: i64,
    pub username: String,
    pub target: String,
    pub sealed_hash: String,
    pub created_at: i64,
    pub next_try_at: i64,
    pub tries: i64,
    pub last_error: String,
}

const SELECT: &str = "SELECT q.id, q.account_id, a.username, q.target, q.sealed_hash, \
                      q.created_at, q.next_try_at, q.tries, q.last_error \
                      FROM target_queue q JOIN accounts a ON a.id = q.account_id";

fn from_row(row: &sqlx::any::AnyRow) -> Result<QueuedPush> {
    Ok(QueuedPush {
        id: row.try_get("id")?,
        account_id: row.try_get("account_id")?,
        username: row.try_get("username")?,
        target: row.try_get("target")?,
        sealed_hash: row.try_get("sealed_hash")?,
        created_at: row.try_get("created_at")?,
        next_try_at: row.try_get("next_try_at")?,
        tries: row.try_get("tries")?,
        last_error: row.try_get("last_error")?,
    })
}

impl Store {
    /// Removes the account's queued push to `target` (a newer password supersedes it).
    /// Whether there was one.
    pub async fn drop_queued_push(&self, account_id: i64, target: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM target_queue WHERE account_id = $1 AND target = $2")
            .bind(account_id)
            .bind(target)
            .execute(&self.db)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Queues (or replaces) the account's push to `target`, with its audit row.
    #[allow(clippy::too_many_arguments)]
    pub async fn queue_push(
        &self,
        account_id: i64,
        target: &str,
        sealed_hash: &str,
        now: i64,
        next_try_at: i64,
        last_error: &str,
        audit: &AuditEntry,
    ) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query("DELETE FROM target_queue WHERE account_id = $1 AND target = $2")
            .bind(account_id)
            .bind(target)
            .execute(self.db.on(&mut tx))
            .await?;
        sqlx::query(
            "INSERT INTO target_queue (account_id, target, sealed_hash, created_at, \
               next_try_at, tries, last_error) VALUES ($1, $2, $3, $4, $5, 1, $6)",
        )
        .bind(account_id)
        .bind(target)
        .bind(sealed_hash)
        .bind(now)
        .bind(next_try_at)
        .bind(last_error)
        .execute(self.db.on(&mut tx))
        .await?;
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Queued pushes due at `now`, oldest first.
    pub async fn due_pushes(&self, now: i64, limit: i64) -> Result<Vec<QueuedPush>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE q.next_try_at <= $1 ORDER BY q.next_try_at, q.id LIMIT $2"
        )))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.db)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Every queued push (admin show, tests).
    pub async fn queued_pushes(&self) -> Result<Vec<QueuedPush>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} ORDER BY q.id")))
            .fetch_all(&self.db)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The account's queued pushes (the staff card, `kiosk admin show`).
    pub async fn queued_pushes_of(&self, username: &str) -> Result<Vec<QueuedPush>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE a.username = $1 ORDER BY q.id"
        )))
        .bind(username)
        .fetch_all(&self.db)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Claims a due row for one try: moves its next try on by `lease` so another kiosk
    /// or `kiosk notify` running at the same moment skips it. False if someone else took
    /// it (or it was superseded) meanwhile.
    pub async fn claim_push(&self, row: &QueuedPush, lease_until: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE target_queue SET next_try_at = $3 WHERE id = $1 AND next_try_at = $2",
        )
        .bind(row.id)
        .bind(row.next_try_at)
        .bind(lease_until)
        .execute(&self.db)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends a queued push (done, refused for good, too old, unreadable) with its audit row.
    pub async fn finish_push(&self, id: i64, audit: &AuditEntry) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query("DELETE FROM target_queue WHERE id = $1")
            .bind(id)
            .execute(self.db.on(&mut tx))
            .await?;
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Another temporary failure: the next try at `next_try_at`, with its audit row.
    pub async fn retry_push_later(
        &self,
        id: i64,
        next_try_at: i64,
        last_error: &str,
        audit: &AuditEntry,
    ) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query(
            "UPDATE target_queue SET next_try_at = $2, tries = tries + 1, last_error = $3 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(next_try_at)
        .bind(last_error)
        .execute(self.db.on(&mut tx))
        .await?;
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
