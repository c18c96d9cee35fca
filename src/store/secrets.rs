//! Keys the kiosks generate once and share through the database (HMAC keys for one-time
//! codes and decoy questions). Never printed, never in the audit log.

use sqlx::Row;

use super::{Result, Store};

impl Store {
    /// The secret called `name`; created from `make` on first use. When two kiosks race,
    /// the first insert wins and both read the same value.
    pub async fn secret(&self, name: &str, make: impl FnOnce() -> String) -> Result<String> {
        // Read first: the key exists after the first use, and a read takes no write lock.
        let existing = sqlx::query("SELECT value FROM kiosk_secrets WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        if let Some(row) = existing {
            return Ok(row.try_get("value")?);
        }
        sqlx::query(
            "INSERT INTO kiosk_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(make())
        .execute(&self.pool)
        .await?;
        let row = sqlx::query("SELECT value FROM kiosk_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("value")?)
    }
}
