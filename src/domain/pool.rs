//! How many database connections a process may hold: plain data that the config reads and
//! the store applies (kept here so neither layer names the other).

use std::time::Duration;

/// How the store pools its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSettings {
    /// The most connections open at once.
    pub max_connections: u32,
    /// A connection unused this long is closed (PostgreSQL); an idle kiosk holds none.
    pub idle_timeout: Duration,
    /// PgBouncer in transaction mode between the kiosk and PostgreSQL (see store::pool).
    pub pgbouncer: bool,
}
