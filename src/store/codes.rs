//! One-time codes and the SMS log. A code is stored only as its keyed HMAC, with the
//! account, purpose, kiosk session and number it is bound to; a newer code voids the older
//! ones of the same account and purpose; wrong tries count down to a void; use is once.
//! The SMS log holds one row per send attempt, for the per-account and per-kiosk quotas.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{AuditEntry, Result, Store};

/// A code to store.
#[derive(Debug, Clone)]
pub struct NewCode<'a> {
    pub account_id: i64,
    /// `reset`, `confirm_mobile` or `staff_sign_in` ([`crate::domain::code::CodePurpose`]).
    pub purpose: &'a str,
    pub session_ref: &'a str,
    /// The E.164 number the code goes to.
    pub target: &'a str,
    /// Hex HMAC of the code and its binding; never the code.
    pub code_hmac: &'a str,
    pub tries: i64,
    pub expires_at: i64,
    pub now: i64,
}

/// A code as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredCode {
    pub id: i64,
    pub account_id: i64,
    pub purpose: String,
    pub session_ref: String,
    pub target: String,
    pub code_hmac: String,
    pub tries_left: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub voided: bool,
    pub created_at: i64,
}

impl std::fmt::Debug for StoredCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Neither the MAC nor the session reference belongs in a log.
        f.debug_struct("StoredCode")
            .field("id", &self.id)
            .field("account_id", &self.account_id)
            .field("purpose", &self.purpose)
            .field("tries_left", &self.tries_left)
            .field("expires_at", &self.expires_at)
            .field("used_at", &self.used_at)
            .field("voided", &self.voided)
            .finish_non_exhaustive()
    }
}

/// Where a stored code stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeState {
    /// May still be typed.
    Live,
    /// Typed correctly once already.
    Used,
    /// All tries were used up on wrong codes.
    TriesUsedUp,
    /// A newer code replaced it, or its send failed.
    Replaced,
    Expired,
}

impl StoredCode {
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            account_id: row.try_get("account_id")?,
            purpose: row.try_get("purpose")?,
            session_ref: row.try_get("session_ref")?,
            target: row.try_get("target")?,
            code_hmac: row.try_get("code_hmac")?,
            tries_left: row.try_get("tries_left")?,
            expires_at: row.try_get("expires_at")?,
            used_at: row.try_get("used_at")?,
            voided: row.try_get::<i64, _>("voided")? != 0,
            created_at: row.try_get("created_at")?,
        })
    }

    /// The code's state at `now`.
    pub fn state(&self, now: i64) -> CodeState {
        if self.used_at.is_some() {
            CodeState::Used
        } else if self.voided && self.tries_left <= 0 {
            CodeState::TriesUsedUp
        } else if self.voided {
            CodeState::Replaced
        } else if self.expires_at <= now {
            CodeState::Expired
        } else {
            CodeState::Live
        }
    }
}

/// What a wrong try did to a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrongTry {
    /// Counted; this many tries are left.
    TriesLeft(i64),
    /// Counted, and that was the last try: the code is void.
    UsedUp,
    /// The code was no longer live (used, voided or replaced meanwhile): not counted.
    NotLive,
}

/// One SMS send attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsLogEntry {
    pub at: i64,
    pub kiosk_id: String,
    pub account_id: Option<i64>,
    /// `reset`, `confirm_mobile`, `staff_sign_in` (codes: these count toward the quotas) or a
    /// notice (`notice_password`, `notice_mobile`).
    pub purpose: String,
    /// `sent`, `failed` (both count toward the quotas: the gateway was asked) or `quota`
    /// (held back by a quota: nothing was sent).
    pub outcome: String,
}

/// `SELECT <every code column> FROM one_time_codes <tail>` as one static string.
macro_rules! select_codes {
    ($tail:literal) => {
        concat!(
            "SELECT id, account_id, purpose, session_ref, target, code_hmac, tries_left, ",
            "expires_at, used_at, voided, created_at FROM one_time_codes ",
            $tail
        )
    };
}

/// `SELECT COUNT(*) AS n FROM sms_log WHERE <who> AND at > $2` counting only code sends
/// that reached the gateway: what the quotas count.
macro_rules! count_code_sends {
    ($who:literal) => {
        concat!(
            "SELECT COUNT(*) AS n FROM sms_log WHERE ",
            $who,
            " AND at > $2 AND outcome IN ('sent', 'failed') ",
            "AND purpose IN ('reset', 'confirm_mobile', 'staff_sign_in')"
        )
    };
}

impl Store {
    /// Stores a new code and voids every older unused code of the same account and
    /// purpose, in one transaction. Returns the new code's id.
    pub async fn insert_code(&self, code: &NewCode<'_>) -> Result<i64> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query(
            "UPDATE one_time_codes SET voided = 1 \
             WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL AND voided = 0",
        )
        .bind(code.account_id)
        .bind(code.purpose)
        .execute(self.db.on(&mut tx))
        .await?;
        let row = sqlx::query(
            "INSERT INTO one_time_codes (account_id, purpose, session_ref, target, code_hmac, \
               tries_left, expires_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(code.account_id)
        .bind(code.purpose)
        .bind(code.session_ref)
        .bind(code.target)
        .bind(code.code_hmac)
        .bind(code.tries)
        .bind(code.expires_at)
        .bind(code.now)
        .fetch_one(self.db.on(&mut tx))
        .await?;
        let id: i64 = row.try_get("id")?;
        tx.commit().await?;
        Ok(id)
    }

    /// The newest code of an account and purpose requested in `session_ref`, in whatever
    /// state it is. Codes of other sessions are invisible here.
    pub async fn latest_code(
        &self,
        account_id: i64,
        purpose: &str,
        session_ref: &str,
    ) -> Result<Option<StoredCode>> {
        let row = sqlx::query(select_codes!(
            "WHERE account_id = $1 AND purpose = $2 AND session_ref = $3 ORDER BY id DESC LIMIT 1"
        ))
        .bind(account_id)
        .bind(purpose)
        .bind(session_ref)
        .fetch_optional(&self.db)
        .await?;
        row.as_ref().map(StoredCode::from_row).transpose()
    }

    /// Every code row (tests look for codes in clear).
    #[cfg(any(test, feature = "test-support"))]
    pub async fn codes_of(&self, account_id: i64) -> Result<Vec<StoredCode>> {
        let rows = sqlx::query(select_codes!("WHERE account_id = $1 ORDER BY id"))
            .bind(account_id)
            .fetch_all(&self.db)
            .await?;
        rows.iter().map(StoredCode::from_row).collect()
    }

    /// Counts one wrong try against a live code; the last try voids it. With
    /// `count_recovery` the account's recovery-failure counter goes up in the same
    /// transaction. One conditional UPDATE, so two kiosks typing at once lose no try.
    pub async fn code_wrong_try(
        &self,
        code_id: i64,
        now: i64,
        count_recovery: bool,
    ) -> Result<WrongTry> {
        let mut tx = self.db.pool.begin().await?;
        let counted = sqlx::query(
            "UPDATE one_time_codes SET tries_left = tries_left - 1, \
               voided = CASE WHEN tries_left <= 1 THEN 1 ELSE 0 END \
             WHERE id = $1 AND voided = 0 AND used_at IS NULL AND tries_left > 0 \
               AND expires_at > $2",
        )
        .bind(code_id)
        .bind(now)
        .execute(self.db.on(&mut tx))
        .await?;
        if counted.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(WrongTry::NotLive);
        }
        let row = sqlx::query("SELECT account_id, tries_left FROM one_time_codes WHERE id = $1")
            .bind(code_id)
            .fetch_one(self.db.on(&mut tx))
            .await?;
        let tries_left: i64 = row.try_get("tries_left")?;
        if count_recovery {
            let account_id: i64 = row.try_get("account_id")?;
            sqlx::query(
                "UPDATE accounts SET recovery_failures = recovery_failures + 1, updated_at = $2 \
                 WHERE id = $1",
            )
            .bind(account_id)
            .bind(now)
            .execute(self.db.on(&mut tx))
            .await?;
        }
        tx.commit().await?;
        Ok(if tries_left <= 0 {
            WrongTry::UsedUp
        } else {
            WrongTry::TriesLeft(tries_left)
        })
    }

    /// Adds one to the account's recovery-failure counter (a code typed where none is live).
    pub async fn count_recovery_failure(&self, account_id: i64, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE accounts SET recovery_failures = recovery_failures + 1, updated_at = $2 \
             WHERE id = $1",
        )
        .bind(account_id)
        .bind(now)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    /// Marks a live code used. False when it was not live any more (used by another kiosk
    /// a moment ago, voided, expired): a code works once.
    pub async fn use_code(&self, code_id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE one_time_codes SET used_at = $2 \
             WHERE id = $1 AND used_at IS NULL AND voided = 0 AND tries_left > 0 \
               AND expires_at > $2",
        )
        .bind(code_id)
        .bind(now)
        .execute(&self.db)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Voids a code (its SMS could not be sent).
    pub async fn void_code(&self, code_id: i64) -> Result<()> {
        sqlx::query("UPDATE one_time_codes SET voided = 1 WHERE id = $1")
            .bind(code_id)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Uses a confirmation code and stores its number as the account's confirmed mobile,
    /// with the audit row, in one transaction. False (nothing changed) when the code was
    /// no longer live.
    pub async fn confirm_mobile(
        &self,
        code_id: i64,
        account_id: i64,
        e164: &str,
        now: i64,
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.db.pool.begin().await?;
        let used = sqlx::query(
            "UPDATE one_time_codes SET used_at = $2 \
             WHERE id = $1 AND account_id = $3 AND used_at IS NULL AND voided = 0 \
               AND tries_left > 0 AND expires_at > $2",
        )
        .bind(code_id)
        .bind(now)
        .bind(account_id)
        .execute(self.db.on(&mut tx))
        .await?;
        if used.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(
            "UPDATE accounts SET mobile = $2, mobile_confirmed = 1, version = version + 1, \
               updated_at = $3 WHERE id = $1",
        )
        .bind(account_id)
        .bind(e164)
        .bind(now)
        .execute(self.db.on(&mut tx))
        .await?;
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Writes one row of the SMS log.
    pub async fn log_sms(&self, entry: &SmsLogEntry) -> Result<()> {
        sqlx::query(
            "INSERT INTO sms_log (at, kiosk_id, account_id, purpose, outcome) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(entry.at)
        .bind(&entry.kiosk_id)
        .bind(entry.account_id)
        .bind(&entry.purpose)
        .bind(&entry.outcome)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    /// Code sends to one account since `since` that reached the gateway.
    pub async fn code_sends_to_account(&self, account_id: i64, since: i64) -> Result<i64> {
        let row = sqlx::query(count_code_sends!("account_id = $1"))
            .bind(account_id)
            .bind(since)
            .fetch_one(&self.db)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Code sends by one kiosk since `since` that reached the gateway.
    pub async fn code_sends_by_kiosk(&self, kiosk_id: &str, since: i64) -> Result<i64> {
        let row = sqlx::query(count_code_sends!("kiosk_id = $1"))
            .bind(kiosk_id)
            .bind(since)
            .fetch_one(&self.db)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Active accounts, and how many of them have a confirmed mobile number: unknown
    /// usernames are made to look like the typical account.
    pub async fn sms_reachable_accounts(&self) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS accounts, \
               CAST(COALESCE(SUM(CASE WHEN mobile_confirmed = 1 AND mobile IS NOT NULL \
                                      THEN 1 ELSE 0 END), 0) AS BIGINT) AS reachable \
             FROM accounts WHERE status = 'active'",
        )
        .fetch_one(&self.db)
        .await?;
        Ok((row.try_get("accounts")?, row.try_get("reachable")?))
    }

    /// The confirmed mobile numbers (E.164) of active accounts, for the decoys' shapes.
    pub async fn confirmed_mobiles(&self) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT mobile FROM accounts \
             WHERE status = 'active' AND mobile_confirmed = 1 AND mobile IS NOT NULL",
        )
        .fetch_all(&self.db)
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<String, _>("mobile")?))
            .collect()
    }

    /// The SMS log of an account, oldest first (tests).
    #[cfg(any(test, feature = "test-support"))]
    pub async fn sms_log_of(&self, account_id: i64) -> Result<Vec<SmsLogEntry>> {
        let rows = sqlx::query(
            "SELECT at, kiosk_id, account_id, purpose, outcome FROM sms_log \
             WHERE account_id = $1 ORDER BY id",
        )
        .bind(account_id)
        .fetch_all(&self.db)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SmsLogEntry {
                    at: r.try_get("at")?,
                    kiosk_id: r.try_get("kiosk_id")?,
                    account_id: r.try_get("account_id")?,
                    purpose: r.try_get("purpose")?,
                    outcome: r.try_get("outcome")?,
                })
            })
            .collect()
    }
}
