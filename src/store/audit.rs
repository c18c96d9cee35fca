//! The audit log: who did what to whom, when, where, and how it went. Never a secret.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Result, Store, StoreError};
use crate::domain::audit::{AuditAction, AuditOutcome, Logged};
use crate::domain::chain::{ChainFields, ChainHead, ChainRow};

/// One audit row to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    pub kiosk_id: String,
    /// Who acted: the user themself, `admin:<os user>`, a staff username, `system`.
    pub actor: String,
    /// The account acted upon (username), if any.
    pub subject: Option<String>,
    pub action: AuditAction,
    pub outcome: AuditOutcome,
    pub detail: String,
}

/// One audit row as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRecord {
    pub id: i64,
    pub at: i64,
    pub kiosk_id: String,
    pub actor: String,
    pub subject: Option<String>,
    /// Read back verbatim when a newer kiosk wrote a word this one does not know.
    pub action: Logged<AuditAction>,
    pub outcome: Logged<AuditOutcome>,
    pub detail: String,
}

impl AuditRecord {
    /// A row of `SELECT id, at, kiosk_id, actor, subject, action, outcome, detail`.
    pub(super) fn from_row(r: &AnyRow) -> Result<AuditRecord> {
        Ok(AuditRecord {
            id: r.try_get("id")?,
            at: r.try_get("at")?,
            kiosk_id: r.try_get("kiosk_id")?,
            actor: r.try_get("actor")?,
            subject: r.try_get("subject")?,
            action: Logged::read(&r.try_get::<String, _>("action")?),
            outcome: Logged::read(&r.try_get::<String, _>("outcome")?),
            detail: r.try_get("detail")?,
        })
    }
}

impl Store {
    /// Writes one audit row inside `tx`, chained: the chain head's row is taken (and
    /// locked until commit, which serialises writers across kiosks on PostgreSQL; SQLite
    /// has one writer anyway), the row gets the next sequence number and a MAC over its
    /// fields and the previous row's MAC, and the head moves on to it.
    pub(super) async fn insert_audit(
        &self,
        tx: &mut Transaction<'_, Any>,
        e: &AuditEntry,
    ) -> Result<()> {
        let keys = self.audit_keys.as_deref().ok_or(StoreError::NoAuditKey)?;
        let head =
            sqlx::query("UPDATE audit_chain SET seq = seq + 1 WHERE id = 1 RETURNING seq, mac")
                .fetch_one(self.db.on(tx))
                .await?;
        let seq: i64 = head.try_get("seq")?;
        let prev: String = head.try_get("mac")?;
        let key_id = keys.current_id();
        let fields = ChainFields {
            seq,
            at: e.at,
            kiosk_id: &e.kiosk_id,
            actor: &e.actor,
            subject: e.subject.as_deref(),
            action: e.action.as_str(),
            outcome: e.outcome.as_str(),
            detail: &e.detail,
            key_id,
        };
        let mac = keys.seal(&fields, &prev).ok_or(StoreError::NoAuditKey)?;
        // The head moves on to the new row: on PostgreSQL in the row's own statement (one
        // round trip fewer, two through PgBouncer); SQLite has no UPDATE in a WITH.
        let insert = if self.backend == super::Backend::Postgres {
            "WITH head AS (UPDATE audit_chain SET mac = $10 WHERE id = 1) \
             INSERT INTO audit_log \
             (at, kiosk_id, actor, subject, action, outcome, detail, seq, key_id, mac) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        } else {
            sqlx::query("UPDATE audit_chain SET mac = $1 WHERE id = 1")
                .bind(&mac)
                .execute(self.db.on(tx))
                .await?;
            "INSERT INTO audit_log \
             (at, kiosk_id, actor, subject, action, outcome, detail, seq, key_id, mac) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        };
        sqlx::query(insert)
            .bind(e.at)
            .bind(&e.kiosk_id)
            .bind(&e.actor)
            .bind(&e.subject)
            .bind(e.action.as_str())
            .bind(e.outcome.as_str())
            .bind(&e.detail)
            .bind(seq)
            .bind(key_id)
            .bind(&mac)
            .execute(self.db.on(tx))
            .await?;
        Ok(())
    }

    /// Writes one audit row on its own.
    pub async fn audit(&self, e: &AuditEntry) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        self.insert_audit(&mut tx, e).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every audit row with its chain columns, and the chain head, read in one
    /// transaction (for `kiosk admin audit --verify`).
    pub async fn audit_chain(&self) -> Result<(Vec<ChainRow>, ChainHead)> {
        let mut tx = self.db.pool.begin().await?;
        if self.backend == super::Backend::Postgres {
            // One snapshot for both reads: under READ COMMITTED a row committed between
            // them would look like a rewritten head. (SQLite's read transaction is one
            // snapshot already.)
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(self.db.on(&mut tx))
                .await?;
        }
        let head = sqlx::query("SELECT seq, mac, older_rows FROM audit_chain WHERE id = 1")
            .fetch_one(self.db.on(&mut tx))
            .await?;
        let head = ChainHead {
            seq: head.try_get("seq")?,
            mac: head.try_get("mac")?,
            older_rows: head.try_get("older_rows")?,
        };
        let rows = sqlx::query(
            "SELECT id, seq, at, kiosk_id, actor, subject, action, outcome, detail, key_id, mac \
             FROM audit_log ORDER BY id",
        )
        .fetch_all(self.db.on(&mut tx))
        .await?;
        tx.commit().await?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(ChainRow {
                    id: r.try_get("id")?,
                    seq: r.try_get("seq")?,
                    at: r.try_get("at")?,
                    kiosk_id: r.try_get("kiosk_id")?,
                    actor: r.try_get("actor")?,
                    subject: r.try_get("subject")?,
                    action: r.try_get("action")?,
                    outcome: r.try_get("outcome")?,
                    detail: r.try_get("detail")?,
                    key_id: r.try_get("key_id")?,
                    mac: r.try_get("mac")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((rows, head))
    }

    /// Audit rows, oldest first, optionally about one subject and since a time.
    pub async fn audit_log(
        &self,
        subject: Option<&str>,
        since: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditRecord>> {
        let rows = sqlx::query(
            "SELECT id, at, kiosk_id, actor, subject, action, outcome, detail FROM audit_log \
             WHERE (CAST($1 AS TEXT) IS NULL OR subject = $1) \
               AND (CAST($2 AS BIGINT) IS NULL OR at >= $2) \
             ORDER BY id LIMIT $3",
        )
        .bind(subject)
        .bind(since)
        .bind(limit)
        .fetch_all(&self.db)
        .await?;
        rows.iter().map(AuditRecord::from_row).collect()
    }
}
