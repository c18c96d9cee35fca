//! Office staff (helpdesk) queries: the look-up by folded name, the staff role flag, the
//! person's latest audit rows, and the staff actions that change an account (each with its
//! audit row in the same transaction).

use sqlx::Row;

use super::accounts::lock_reason;
use super::{AuditEntry, AuditRecord, Backend, Result, Store};
use crate::domain::account::{AccountStatus, LockReason};
use crate::domain::audit::{AuditAction, AuditOutcome};

/// One account found by a look-up: enough for a result list, nothing secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub category: String,
    pub status: AccountStatus,
    pub lock_reason: Option<LockReason>,
    pub locked_until: Option<i64>,
    pub helpdesk: bool,
}

impl SearchHit {
    /// Locked at `now` (same rule as [`super::Account::is_locked`]).
    pub fn is_locked(&self, now: i64) -> bool {
        self.lock_reason.is_some() && self.locked_until.is_none_or(|until| until > now)
    }
}

/// Escapes `%`, `_` and `\` so typed text matches literally inside a LIKE pattern.
fn like_literal(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    /// Accounts whose folded "username display name" contains every one of `words`
    /// (already folded), at most `limit`, in a stable order. An empty `words` finds nothing.
    pub async fn search_accounts(&self, words: &[String], limit: i64) -> Result<Vec<SearchHit>> {
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = String::from(
            "SELECT id, username, display_name, category, status, lock_reason, locked_until, \
             helpdesk FROM accounts WHERE ",
        );
        for i in 0..words.len() {
            if i > 0 {
                sql.push_str(" AND ");
            }
            sql.push_str(&format!("search_name LIKE ${} ESCAPE '\\'", i + 1));
        }
        // Byte order on both backends (PostgreSQL's default collation ignores punctuation),
        // so the same rows come first everywhere.
        sql.push_str(match self.backend {
            Backend::Sqlite => " ORDER BY search_name, id",
            Backend::Postgres => " ORDER BY search_name COLLATE \"C\", id",
        });
        sql.push_str(&format!(" LIMIT ${}", words.len() + 1));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for word in words {
            query = query.bind(format!("%{}%", like_literal(word)));
        }
        let rows = query.bind(limit).fetch_all(&self.db).await?;
        rows.iter()
            .map(|r| {
                Ok(SearchHit {
                    id: r.try_get("id")?,
                    username: r.try_get("username")?,
                    display_name: r.try_get("display_name")?,
                    category: r.try_get("category")?,
                    status: AccountStatus::from_stored(&r.try_get::<String, _>("status")?),
                    lock_reason: lock_reason(r)?,
                    locked_until: r.try_get("locked_until")?,
                    helpdesk: r.try_get::<i64, _>("helpdesk")? != 0,
                })
            })
            .collect()
    }

    /// The newest `limit` audit rows about `subject`, newest first.
    pub async fn latest_audit(&self, subject: &str, limit: i64) -> Result<Vec<AuditRecord>> {
        let rows = sqlx::query(
            "SELECT id, at, kiosk_id, actor, subject, action, outcome, detail FROM audit_log \
             WHERE subject = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(subject)
        .bind(limit)
        .fetch_all(&self.db)
        .await?;
        rows.iter().map(AuditRecord::from_row).collect()
    }

    /// The newest audit row about `subject` with one of `actions` and, when given, one of
    /// `outcomes` (repeat a word to ask for one).
    pub async fn latest_audit_of(
        &self,
        subject: &str,
        actions: [AuditAction; 2],
        outcomes: Option<[AuditOutcome; 2]>,
    ) -> Result<Option<AuditRecord>> {
        let [o1, o2] = outcomes.map_or(["", ""], |[a, b]| [a.as_str(), b.as_str()]);
        let row = sqlx::query(
            "SELECT id, at, kiosk_id, actor, subject, action, outcome, detail FROM audit_log \
             WHERE subject = $1 AND action IN ($2, $3) \
               AND ($4 = '' OR outcome IN ($4, $5)) \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(subject)
        .bind(actions[0].as_str())
        .bind(actions[1].as_str())
        .bind(o1)
        .bind(o2)
        .fetch_optional(&self.db)
        .await?;
        row.as_ref().map(AuditRecord::from_row).transpose()
    }

    /// Gives or takes the helpdesk role. Returns false (and writes no audit row) when the
    /// account already was that way.
    pub async fn set_helpdesk(
        &self,
        id: i64,
        on: bool,
        now: i64,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.db.pool.begin().await?;
        let flag = i64::from(on);
        let done = sqlx::query(
            "UPDATE accounts SET helpdesk = $2, version = version + 1, updated_at = $3 \
             WHERE id = $1 AND helpdesk <> $2",
        )
        .bind(id)
        .bind(flag)
        .bind(now)
        .execute(self.db.on(&mut tx))
        .await?;
        if done.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A staff action that needs no change of its own (a reset ticket, telling a username):
    /// its audit row, after lifting any lock when `unlock` is set.
    pub async fn staff_note(
        &self,
        id: i64,
        unlock: bool,
        now: i64,
        audit: &AuditEntry,
    ) -> Result<()> {
        if unlock {
            return self.unlock(id, now, audit).await;
        }
        self.audit(audit).await
    }

    /// Replaces the password with a temporary one (staff at the desk): like
    /// [`Store::set_temp_password`], but every lock is lifted, since the person proved who
    /// they are to the staff member in person.
    pub async fn staff_temp_password(&self, temp: &super::TempPassword) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query(
            "UPDATE accounts SET password_hash = $2, must_change = 1, temp_uses_left = $3, \
               temp_expires_at = $4, failed_logins = 0, recovery_failures = 0, \
               lock_reason = NULL, locked_until = NULL, \
               version = version + 1, updated_at = $5 \
             WHERE id = $1",
        )
        .bind(temp.account_id)
        .bind(&temp.hash)
        .bind(temp.uses)
        .bind(temp.expires_at)
        .bind(temp.now)
        .execute(self.db.on(&mut tx))
        .await?;
        self.insert_audit(&mut tx, &temp.audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes every security answer of an account, its open challenge and its questions
    /// lock, so the person can enrol again. Returns how many answers were removed.
    pub async fn clear_security_answers(
        &self,
        id: i64,
        now: i64,
        audit: &AuditEntry,
    ) -> Result<u64> {
        let mut tx = self.db.pool.begin().await?;
        let removed = sqlx::query("DELETE FROM security_answers WHERE account_id = $1")
            .bind(id)
            .execute(self.db.on(&mut tx))
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM question_challenges WHERE account_id = $1")
            .bind(id)
            .execute(self.db.on(&mut tx))
            .await?;
        sqlx::query(
            "UPDATE accounts SET questions_locked_until = NULL, questions_lock_count = 0, \
               version = version + 1, updated_at = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(self.db.on(&mut tx))
        .await?;
        let mut audit = audit.clone();
        if !audit.detail.is_empty() {
            audit.detail.push(' ');
        }
        audit.detail.push_str(&format!("answers={removed}"));
        self.insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.forget_enrolment();
        Ok(removed)
    }

    /// Forgets an account's mobile number and voids its unused codes, so the person can
    /// enrol a number again.
    pub async fn clear_mobile(&self, id: i64, now: i64, audit: &AuditEntry) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query(
            "UPDATE accounts SET mobile = NULL, mobile_confirmed = 0, version = version + 1, \
               updated_at = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(self.db.on(&mut tx))
        .await?;
        sqlx::query(
            "UPDATE one_time_codes SET voided = 1 WHERE account_id = $1 AND used_at IS NULL",
        )
        .bind(id)
        .execute(self.db.on(&mut tx))
        .await?;
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_match_literally() {
        assert_eq!(super::like_literal("a_b%c\\"), "a\\_b\\%c\\\\");
        assert_eq!(super::like_literal("östlund"), "östlund");
    }
}
