//! Wrong passwords per username tag (see `domain::lockout`): one row per typed name, real
//! or not, keyed by a keyed HMAC of the name.

use sqlx::any::Any;
use sqlx::{Row, Transaction};

use super::{AuditEntry, Result, Store};
use crate::domain::lockout::Throttle;

const SELECT: &str = "SELECT failures, lock_count, window_start, locked_until, until_staff \
                      FROM signin_throttle WHERE tag = $1";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Throttle> {
    Ok(Throttle {
        failures: row.try_get("failures")?,
        lock_count: row.try_get("lock_count")?,
        window_start: row.try_get("window_start")?,
        locked_until: row.try_get("locked_until")?,
        until_staff: row.try_get::<i64, _>("until_staff")? != 0,
    })
}

impl Store {
    /// The sign-in state of a tag (a tag never seen: all zero).
    pub async fn signin_throttle(&self, tag: &str) -> Result<Throttle> {
        let row = sqlx::query(SELECT)
            .bind(tag)
            .fetch_optional(&self.db)
            .await?;
        row.as_ref().map_or(Ok(Throttle::default()), from_row)
    }

    /// Moves a tag's state on by `next` and writes `audit`, in one transaction whose first
    /// write takes the row (PostgreSQL) or database (SQLite) lock, so two kiosks counting
    /// at once lose no attempt. Returns the new state.
    pub async fn record_signin(
        &self,
        tag: &str,
        now: i64,
        next: impl FnOnce(Throttle) -> Throttle + Send,
        audit: &AuditEntry,
    ) -> Result<Throttle> {
        let mut tx = self.db.pool.begin().await?;
        let state = self.advance(&mut tx, tag, now, next).await?;
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(state)
    }

    /// The right password, in one transaction (behind PgBouncer a lone statement costs
    /// four round trips, one in a transaction two): the account's wrong-password count and
    /// an expired lock forgotten, and a rehash stored, when `account_changes` (the caller's
    /// read saw something to forget, or there is a rehash); the tag's count of wrong
    /// passwords started again when `tag` is given (its read counted some); and `audit`
    /// written. A wrong password another kiosk counts meanwhile stays counted.
    pub async fn record_login_success(
        &self,
        account: i64,
        account_changes: bool,
        rehash: Option<&str>,
        tag: Option<&str>,
        now: i64,
        audit: &AuditEntry,
    ) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        if account_changes || rehash.is_some() {
            sqlx::query(
                "UPDATE accounts SET failed_logins = 0, \
                   lock_reason = CASE WHEN locked_until <= $2 THEN NULL ELSE lock_reason END, \
                   locked_until = CASE WHEN locked_until <= $2 THEN NULL ELSE locked_until END, \
                   password_hash = COALESCE(CAST($3 AS TEXT), password_hash), updated_at = $2 \
                 WHERE id = $1",
            )
            .bind(account)
            .bind(now)
            .bind(rehash)
            .execute(self.db.on(&mut tx))
            .await?;
        }
        if let Some(tag) = tag {
            self.advance(&mut tx, tag, now, |t| t.after_success())
                .await?;
        }
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a tag's state on by `next` inside `tx`; the upsert takes the row (PostgreSQL)
    /// or database (SQLite) lock and returns the row as it is under that lock.
    async fn advance(
        &self,
        tx: &mut Transaction<'_, Any>,
        tag: &str,
        now: i64,
        next: impl FnOnce(Throttle) -> Throttle + Send,
    ) -> Result<Throttle> {
        let row = sqlx::query(
            "INSERT INTO signin_throttle (tag, updated_at) VALUES ($1, $2) \
             ON CONFLICT (tag) DO UPDATE SET updated_at = $2 \
             RETURNING failures, lock_count, window_start, locked_until, until_staff",
        )
        .bind(tag)
        .bind(now)
        .fetch_one(self.db.on(tx))
        .await?;
        let state = next(from_row(&row)?);
        sqlx::query(
            "UPDATE signin_throttle SET failures = $2, lock_count = $3, window_start = $4, \
               locked_until = $5, until_staff = $6 WHERE tag = $1",
        )
        .bind(tag)
        .bind(state.failures)
        .bind(state.lock_count)
        .bind(state.window_start)
        .bind(state.locked_until)
        .bind(i64::from(state.until_staff))
        .execute(self.db.on(tx))
        .await?;
        Ok(state)
    }

    /// Forgets a tag's failures and locks (staff or admin unlock).
    pub async fn clear_signin_throttle(&self, tag: &str) -> Result<()> {
        sqlx::query("DELETE FROM signin_throttle WHERE tag = $1")
            .bind(tag)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Forgets tags untouched since `before` that hold no lock.
    pub async fn prune_signin_throttle(&self, before: i64) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM signin_throttle WHERE updated_at < $1 AND until_staff = 0 \
               AND (locked_until IS NULL OR locked_until < $1)",
        )
        .bind(before)
        .execute(&self.db)
        .await?;
        Ok(done.rows_affected())
    }
}
