//! Accounts and password history.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{AuditEntry, Result, Store, StoreError};
use crate::domain::account::{AccountStatus, LockReason};

/// One account row. Never printed whole: the password hash is in it.
#[derive(Clone)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub category: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub language: Option<String>,
    pub status: AccountStatus,
    pub password_hash: Option<String>,
    pub password_changed_at: Option<i64>,
    pub password_expires_at: Option<i64>,
    pub must_change: bool,
    pub temp_uses_left: i64,
    pub temp_expires_at: Option<i64>,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub lock_reason: Option<LockReason>,
    pub recovery_failures: i64,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The mobile number came from the roster or was confirmed with a code.
    pub mobile_confirmed: bool,
    pub questions_locked_until: Option<i64>,
    pub questions_lock_count: i64,
    /// Has the helpdesk (office staff) role.
    pub helpdesk: bool,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("category", &self.category)
            .field("status", &self.status)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl Account {
    /// Locked at `now`: by failures until `locked_until`, or by staff/expiry until unlocked.
    pub fn is_locked(&self, now: i64) -> bool {
        self.lock_reason.is_some() && self.locked_until.is_none_or(|until| until > now)
    }

    /// The current password is a temporary one issued by an administrator.
    pub fn has_temp_password(&self) -> bool {
        self.temp_expires_at.is_some()
    }

    /// The temporary password still opens the kiosk: a use left and not expired.
    pub fn temp_usable(&self, now: i64) -> bool {
        self.temp_uses_left > 0 && self.temp_expires_at.is_some_and(|t| t > now)
    }

    fn from_row(row: &AnyRow) -> Result<Account> {
        Ok(Account {
            id: row.try_get("id")?,
            username: row.try_get("username")?,
            display_name: row.try_get("display_name")?,
            category: row.try_get("category")?,
            email: row.try_get("email")?,
            mobile: row.try_get("mobile")?,
            language: row.try_get("language")?,
            status: AccountStatus::from_stored(&row.try_get::<String, _>("status")?),
            password_hash: row.try_get("password_hash")?,
            password_changed_at: row.try_get("password_changed_at")?,
            password_expires_at: row.try_get("password_expires_at")?,
            must_change: row.try_get::<i64, _>("must_change")? != 0,
            temp_uses_left: row.try_get("temp_uses_left")?,
            temp_expires_at: row.try_get("temp_expires_at")?,
            failed_logins: row.try_get("failed_logins")?,
            locked_until: row.try_get("locked_until")?,
            lock_reason: lock_reason(row)?,
            recovery_failures: row.try_get("recovery_failures")?,
            version: row.try_get("version")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            mobile_confirmed: row.try_get::<i64, _>("mobile_confirmed")? != 0,
            questions_locked_until: row.try_get("questions_locked_until")?,
            questions_lock_count: row.try_get("questions_lock_count")?,
            helpdesk: row.try_get::<i64, _>("helpdesk")? != 0,
        })
    }
}

/// The `lock_reason` column of a row: a name this kiosk does not know is an error, never
/// a guess (see `domain::account`).
pub(super) fn lock_reason(row: &AnyRow) -> Result<Option<LockReason>> {
    row.try_get::<Option<String>, _>("lock_reason")?
        .map(|name| {
            LockReason::parse(&name).map_err(|source| StoreError::UnknownName {
                column: "accounts.lock_reason",
                source,
            })
        })
        .transpose()
}

/// One account to create or update from a roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub username: String,
    pub display_name: String,
    pub category: String,
    pub email: Option<String>,
    /// E.164. A number from the roster counts as confirmed; none keeps the current one.
    pub mobile: Option<String>,
    /// Username and display name folded for look-ups.
    pub search_name: String,
    /// The account's language code: `None` leaves it as it is (the roster has no language
    /// column), `Some(None)` sets the kiosk's default.
    pub language: Option<Option<String>>,
}

/// A new password, written with its history row and audit row in one transaction.
#[derive(Debug, Clone)]
pub struct PasswordChange {
    pub account_id: i64,
    /// The version read before hashing; another writer in between makes this change lose.
    pub expected_version: i64,
    pub new_hash: String,
    pub now: i64,
    pub expires_at: Option<i64>,
    /// History rows to keep for the account (its category's depth).
    pub history_keep: i64,
    pub audit: AuditEntry,
}

/// A temporary password set by an administrator.
#[derive(Debug, Clone)]
pub struct TempPassword {
    pub account_id: i64,
    pub hash: String,
    pub uses: i64,
    pub expires_at: i64,
    pub now: i64,
    pub audit: AuditEntry,
}

/// `SELECT <every account column> FROM accounts <tail>` as one static string.
macro_rules! select_accounts {
    ($tail:literal) => {
        select_accounts!("", $tail)
    };
    ($more:literal, $tail:literal) => {
        concat!(
            "SELECT id, username, display_name, category, email, mobile, language, status, ",
            "password_hash, password_changed_at, password_expires_at, must_change, ",
            "temp_uses_left, temp_expires_at, failed_logins, locked_until, lock_reason, ",
            "recovery_failures, version, created_at, updated_at, mobile_confirmed, ",
            "questions_locked_until, questions_lock_count, helpdesk",
            $more,
            " FROM accounts ",
            $tail
        )
    };
}

impl Store {
    /// Every username, for the import's look-alike check.
    pub async fn usernames(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT username FROM accounts")
            .fetch_all(&self.db)
            .await?)
    }

    /// The usernames of a category's active accounts, by display name.
    pub async fn active_usernames_in(&self, category: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT username FROM accounts WHERE category = $1 AND status = 'active' \
             ORDER BY display_name, username",
        )
        .bind(category)
        .fetch_all(&self.db)
        .await?)
    }

    pub async fn account_by_username(&self, username: &str) -> Result<Option<Account>> {
        let row = sqlx::query(select_accounts!("WHERE username = $1"))
            .bind(username)
            .fetch_optional(&self.db)
            .await?;
        row.as_ref().map(Account::from_row).transpose()
    }

    /// [`Store::account_by_username`] and whether the account enrolled security questions,
    /// in one statement (the kiosk's first question about a typed name).
    pub async fn account_enrolled(&self, username: &str) -> Result<Option<(Account, bool)>> {
        let row = sqlx::query(select_accounts!(
            ", CAST(CASE WHEN EXISTS (SELECT 1 FROM security_answers s \
                                      WHERE s.account_id = accounts.id) \
                    THEN 1 ELSE 0 END AS BIGINT) AS enrolled",
            "WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.db)
        .await?;
        row.map(|r| {
            Ok((
                Account::from_row(&r)?,
                r.try_get::<i64, _>("enrolled")? != 0,
            ))
        })
        .transpose()
    }

    pub async fn account_by_id(&self, id: i64) -> Result<Option<Account>> {
        let row = sqlx::query(select_accounts!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.db)
            .await?;
        row.as_ref().map(Account::from_row).transpose()
    }

    /// An account and its newest `limit` history hashes, newest first, in one statement
    /// (one round trip, where two lone reads are eight through PgBouncer).
    pub async fn account_with_history(
        &self,
        id: i64,
        limit: i64,
    ) -> Result<Option<(Account, Vec<String>)>> {
        let rows = sqlx::query(select_accounts!(
            ", h.history_hash",
            "LEFT JOIN (SELECT id AS history_id, password_hash AS history_hash \
               FROM password_history WHERE account_id = $1 ORDER BY id DESC LIMIT $2) h \
             ON 1 = 1 WHERE id = $1 ORDER BY h.history_id DESC"
        ))
        .bind(id)
        .bind(limit)
        .fetch_all(&self.db)
        .await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let history = rows
            .iter()
            .filter_map(|r| r.try_get::<Option<String>, _>("history_hash").transpose())
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(Some((Account::from_row(first)?, history)))
    }

    /// The newest `limit` history hashes of an account, newest first.
    pub async fn history(&self, account_id: i64, limit: i64) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT password_hash FROM password_history WHERE account_id = $1 \
             ORDER BY id DESC LIMIT $2",
        )
        .bind(account_id)
        .bind(limit)
        .fetch_all(&self.db)
        .await?;
        rows.iter()
            .map(|r| r.try_get("password_hash").map_err(Into::into))
            .collect()
    }

    /// Counts a wrong password; locks the account when the count reaches `max_failures`
    /// (`lock_until` None = until unlocked by staff). A lock that ran out restarts the
    /// count. Returns the account as it is now.
    pub async fn record_login_failure(
        &self,
        id: i64,
        now: i64,
        max_failures: i64,
        lock_until: Option<i64>,
    ) -> Result<Option<Account>> {
        // One UPDATE, so two kiosks counting at once cannot lose a failure.
        sqlx::query(
            "UPDATE accounts SET \
               failed_logins = CASE WHEN lock_reason = 'failures' AND locked_until <= $2 \
                                    THEN 1 ELSE failed_logins + 1 END, \
               lock_reason = CASE \
                   WHEN lock_reason = 'failures' AND locked_until <= $2 THEN \
                        CASE WHEN 1 >= $3 THEN 'failures' ELSE NULL END \
                   WHEN lock_reason IS NULL AND failed_logins + 1 >= $3 THEN 'failures' \
                   ELSE lock_reason END, \
               locked_until = CASE \
                   WHEN lock_reason = 'failures' AND locked_until <= $2 THEN \
                        CASE WHEN 1 >= $3 THEN CAST($4 AS BIGINT) ELSE NULL END \
                   WHEN lock_reason IS NULL AND failed_logins + 1 >= $3 THEN CAST($4 AS BIGINT) \
                   ELSE locked_until END, \
               updated_at = $2 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .bind(max_failures)
        .bind(lock_until)
        .execute(&self.db)
        .await?;
        self.account_by_id(id).await
    }

    /// Uses one sign-in of a temporary password; false when none is left.
    pub async fn consume_temp_use(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE accounts SET temp_uses_left = temp_uses_left - 1, updated_at = $2 \
             WHERE id = $1 AND temp_uses_left > 0 AND temp_expires_at > $2",
        )
        .bind(id)
        .bind(now)
        .execute(&self.db)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Writes a new password, its history row (pruned to `history_keep`) and its audit row
    /// in ONE transaction, which also voids the account's unused codes and its open
    /// question challenge. Returns false, changing nothing, when another writer changed the
    /// account since `expected_version` was read.
    pub async fn change_password(&self, change: &PasswordChange) -> Result<bool> {
        let mut tx = self.db.pool.begin().await?;
        // The conditional UPDATE comes first: it takes the write lock (SQLite) or the row
        // lock (PostgreSQL), so the loser of a race finds version changed and backs off.
        let updated = sqlx::query(
            "UPDATE accounts SET password_hash = $3, password_changed_at = $4, \
               password_expires_at = CAST($5 AS BIGINT), must_change = 0, temp_uses_left = 0, \
               temp_expires_at = NULL, failed_logins = 0, \
               lock_reason = CASE WHEN lock_reason = 'failures' THEN NULL ELSE lock_reason END, \
               locked_until = CASE WHEN lock_reason = 'failures' THEN NULL ELSE locked_until END, \
               version = version + 1, updated_at = $4 \
             WHERE id = $1 AND version = $2",
        )
        .bind(change.account_id)
        .bind(change.expected_version)
        .bind(&change.new_hash)
        .bind(change.now)
        .bind(change.expires_at)
        .execute(self.db.on(&mut tx))
        .await?;
        if updated.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        // The history keeps `history_keep` rows, the new one included. Whatever was open
        // toward the old password is void with it: every unused code (reset, mobile, staff
        // sign-in) and the open question challenge. Reset tickets and verifications in
        // progress are bound to the old hash (service::password_mark).
        if self.backend == super::Backend::Postgres {
            // One statement instead of four (eight round trips fewer through PgBouncer).
            // Every part of it sees the rows as they were before it, so the old rows kept
            // are one fewer than `history_keep`.
            sqlx::query(
                "WITH codes AS (UPDATE one_time_codes SET voided = 1 \
                                WHERE account_id = $1 AND used_at IS NULL AND voided = 0), \
                      challenges AS (DELETE FROM question_challenges WHERE account_id = $1), \
                      pruned AS (DELETE FROM password_history WHERE account_id = $1 AND id NOT IN \
                        (SELECT id FROM password_history WHERE account_id = $1 \
                         ORDER BY id DESC LIMIT $4)) \
                 INSERT INTO password_history (account_id, password_hash, created_at) \
                 VALUES ($1, $2, $3)",
            )
            .bind(change.account_id)
            .bind(&change.new_hash)
            .bind(change.now)
            .bind(change.history_keep.max(1) - 1)
            .execute(self.db.on(&mut tx))
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO password_history (account_id, password_hash, created_at) \
                 VALUES ($1, $2, $3)",
            )
            .bind(change.account_id)
            .bind(&change.new_hash)
            .bind(change.now)
            .execute(self.db.on(&mut tx))
            .await?;
            sqlx::query(
                "DELETE FROM password_history WHERE account_id = $1 AND id NOT IN \
                   (SELECT id FROM password_history WHERE account_id = $1 \
                    ORDER BY id DESC LIMIT $2)",
            )
            .bind(change.account_id)
            .bind(change.history_keep.max(1))
            .execute(self.db.on(&mut tx))
            .await?;
            sqlx::query(
                "UPDATE one_time_codes SET voided = 1 \
                 WHERE account_id = $1 AND used_at IS NULL AND voided = 0",
            )
            .bind(change.account_id)
            .execute(self.db.on(&mut tx))
            .await?;
            sqlx::query("DELETE FROM question_challenges WHERE account_id = $1")
                .bind(change.account_id)
                .execute(self.db.on(&mut tx))
                .await?;
        }
        self.insert_audit(&mut tx, &change.audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Replaces the password with a temporary one that must be changed at first use.
    pub async fn set_temp_password(&self, temp: &TempPassword) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query(
            "UPDATE accounts SET password_hash = $2, must_change = 1, temp_uses_left = $3, \
               temp_expires_at = $4, failed_logins = 0, \
               lock_reason = CASE WHEN lock_reason = 'failures' THEN NULL ELSE lock_reason END, \
               locked_until = CASE WHEN lock_reason = 'failures' THEN NULL ELSE locked_until END, \
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

    /// Clears any lock (the questions lock too) and the failure counters.
    pub async fn unlock(&self, id: i64, now: i64, audit: &AuditEntry) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query(
            "UPDATE accounts SET failed_logins = 0, recovery_failures = 0, lock_reason = NULL, \
               locked_until = NULL, questions_locked_until = NULL, questions_lock_count = 0, \
               version = version + 1, updated_at = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(self.db.on(&mut tx))
        .await?;
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Locks an account until staff unlock it (used by staff and the expiry job).
    pub async fn lock(
        &self,
        id: i64,
        now: i64,
        reason: LockReason,
        audit: &AuditEntry,
    ) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query(
            "UPDATE accounts SET lock_reason = $3, locked_until = NULL, \
               version = version + 1, updated_at = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .bind(reason.as_str())
        .execute(self.db.on(&mut tx))
        .await?;
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates or updates accounts by username, all in one transaction with one audit row.
    /// Returns (created, updated); a row that changes nothing is left alone and not counted.
    pub async fn import_accounts(
        &self,
        rows: &[ImportRow],
        now: i64,
        audit: &AuditEntry,
    ) -> Result<(u64, u64)> {
        let mut tx = self.db.pool.begin().await?;
        let (mut created, mut updated) = (0, 0);
        for r in rows {
            let done = sqlx::query(
                "UPDATE accounts SET display_name = $2, category = $3, email = $4, \
                   mobile_confirmed = CASE WHEN CAST($5 AS TEXT) IS NULL THEN mobile_confirmed \
                                           ELSE 1 END, \
                   mobile = COALESCE(CAST($5 AS TEXT), mobile), search_name = $7, \
                   language = CASE WHEN $8 = 1 THEN CAST($9 AS TEXT) ELSE language END, \
                   version = version + 1, updated_at = $6 WHERE username = $1 \
                 AND (display_name IS DISTINCT FROM $2 OR category IS DISTINCT FROM $3 \
                   OR email IS DISTINCT FROM CAST($4 AS TEXT) \
                   OR search_name IS DISTINCT FROM $7 \
                   OR ($8 = 1 AND language IS DISTINCT FROM CAST($9 AS TEXT)) \
                   OR (CAST($5 AS TEXT) IS NOT NULL \
                       AND (mobile IS DISTINCT FROM CAST($5 AS TEXT) OR mobile_confirmed = 0)))",
            )
            .bind(&r.username)
            .bind(&r.display_name)
            .bind(&r.category)
            .bind(&r.email)
            .bind(&r.mobile)
            .bind(now)
            .bind(&r.search_name)
            .bind(i64::from(r.language.is_some()))
            .bind(r.language.clone().flatten())
            .execute(self.db.on(&mut tx))
            .await?;
            if done.rows_affected() == 1 {
                updated += 1;
                continue;
            }
            // Unchanged rows are not written: a re-import or the hourly directory sync must
            // not move an account's version, which would void a change in progress.
            let exists = sqlx::query("SELECT 1 FROM accounts WHERE username = $1")
                .bind(&r.username)
                .fetch_optional(self.db.on(&mut tx))
                .await?;
            if exists.is_some() {
                continue;
            }
            sqlx::query(
                "INSERT INTO accounts (username, display_name, category, email, mobile, \
                   mobile_confirmed, search_name, created_at, updated_at, language) \
                   VALUES ($1, $2, $3, $4, $5, CASE WHEN CAST($5 AS TEXT) IS NULL THEN 0 ELSE 1 END, \
                   $7, $6, $6, CAST($8 AS TEXT))",
            )
            .bind(&r.username)
            .bind(&r.display_name)
            .bind(&r.category)
            .bind(&r.email)
            .bind(&r.mobile)
            .bind(now)
            .bind(&r.search_name)
            .bind(r.language.clone().flatten())
            .execute(self.db.on(&mut tx))
            .await?;
            created += 1;
        }
        let mut audit = audit.clone();
        audit.detail = format!("created={created} updated={updated}");
        self.insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.forget_enrolment();
        Ok((created, updated))
    }

    /// Sets a password directly (demo seeding and tests): hash, history, expiry.
    pub async fn seed_password(
        &self,
        id: i64,
        hash: &str,
        changed_at: i64,
        expires_at: Option<i64>,
    ) -> Result<()> {
        let mut tx: Transaction<'_, Any> = self.db.pool.begin().await?;
        sqlx::query(
            "UPDATE accounts SET password_hash = $2, password_changed_at = $3, \
               password_expires_at = CAST($4 AS BIGINT), must_change = 0, temp_uses_left = 0, \
               temp_expires_at = NULL, version = version + 1 WHERE id = $1",
        )
        .bind(id)
        .bind(hash)
        .bind(changed_at)
        .bind(expires_at)
        .execute(self.db.on(&mut tx))
        .await?;
        sqlx::query(
            "INSERT INTO password_history (account_id, password_hash, created_at) \
             VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(hash)
        .bind(changed_at)
        .execute(self.db.on(&mut tx))
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
