//! What `kiosk directory sync` needs beyond the import: the active usernames, and marking
//! the accounts the directory no longer has as inactive (never deleted: their audit stays).

use super::{AuditEntry, Result, Store};

impl Store {
    /// The usernames of every active account.
    pub async fn active_usernames(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT username FROM accounts WHERE status = 'active' ORDER BY username",
        )
        .fetch_all(&self.db)
        .await?;
        Ok(rows.into_iter().map(|(u,)| u).collect())
    }

    /// Marks these accounts inactive, in one transaction with the audit row; returns how
    /// many were active.
    pub async fn deactivate_accounts(
        &self,
        usernames: &[String],
        now: i64,
        audit: &AuditEntry,
    ) -> Result<u64> {
        let mut tx = self.db.pool.begin().await?;
        let mut done = 0;
        for name in usernames {
            done += sqlx::query(
                "UPDATE accounts SET status = 'inactive', version = version + 1, updated_at = $2 \
                 WHERE username = $1 AND status = 'active'",
            )
            .bind(name)
            .bind(now)
            .execute(self.db.on(&mut tx))
            .await?
            .rows_affected();
        }
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        self.forget_enrolment();
        Ok(done)
    }

    /// The directory's expiry of these accounts' passwords (the expiry notices use it).
    pub async fn set_password_expiry(&self, expiries: &[(String, i64)]) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        for (name, at) in expiries {
            sqlx::query("UPDATE accounts SET password_expires_at = $2 WHERE username = $1")
                .bind(name)
                .bind(at)
                .execute(self.db.on(&mut tx))
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
