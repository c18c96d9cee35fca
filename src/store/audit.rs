//! The audit log: who did what to whom, when, where, and how it went. Never a secret.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Result, Store};
use crate::domain::audit::{AuditAction, AuditOutcome, Logged};

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
    pub(super) async fn insert_audit(tx: &mut Transaction<'_, Any>, e: &AuditEntry) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, kiosk_id, actor, subject, action, outcome, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(e.at)
        .bind(&e.kiosk_id)
        .bind(&e.actor)
        .bind(&e.subject)
        .bind(e.action.as_str())
        .bind(e.outcome.as_str())
        .bind(&e.detail)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Writes one audit row on its own.
    pub async fn audit(&self, e: &AuditEntry) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        Self::insert_audit(&mut tx, e).await?;
        tx.commit().await?;
        Ok(())
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
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(AuditRecord::from_row).collect()
    }
}
