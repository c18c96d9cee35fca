//! The connections the store's queries run on: a small pool that lets go of idle
//! connections (a district's kiosks share one PostgreSQL), and PgBouncer's transaction mode.
//!
//! Behind PgBouncer in transaction mode a client gets a server connection only until its
//! transaction ends, and sqlx's extended protocol answers each statement in two round trips
//! (Parse+Describe, then Bind+Execute), each ended by a Sync. Outside a transaction PgBouncer
//! may hand the second half to another server, and a named statement (`sqlx_s_N`, which
//! sqlx keeps per client connection) may exist on a server another client also names it on.
//! So with `pgbouncer = true` every statement with parameters is sent unnamed, and one
//! without a transaction of its own runs in a short one (its two halves stay on one server);
//! a statement without parameters is one simple-protocol message and needs neither.

use std::time::Duration;

use futures::future::BoxFuture;
use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};
use sqlx::AnyConnection;
use sqlx::any::{Any, AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::error::BoxDynError;
use sqlx::{AnyPool, Database, Either, Error, Execute, Executor, SqlStr, Transaction};

pub use crate::domain::pool::PoolSettings;

impl PoolSettings {
    /// `max_connections` with the defaults of kiosk.toml for the rest.
    pub fn new(max_connections: u32) -> PoolSettings {
        PoolSettings {
            max_connections,
            idle_timeout: Duration::from_secs(60),
            pgbouncer: false,
        }
    }
}

/// The pool, as the store's queries use it (`&self.db` for one statement, `self.on(&mut tx)`
/// inside a transaction).
#[derive(Debug, Clone)]
pub(crate) struct Db {
    pub(crate) pool: AnyPool,
    pub(crate) bouncer: bool,
}

/// A query sent as an unnamed statement when `persistent` is false.
struct Unnamed<E> {
    query: E,
    persistent: bool,
}

impl<'q, E: Execute<'q, Any>> Execute<'q, Any> for Unnamed<E> {
    fn sql(self) -> SqlStr {
        self.query.sql()
    }

    fn statement(&self) -> Option<&AnyStatement> {
        self.query.statement()
    }

    fn take_arguments(&mut self) -> Result<Option<<Any as Database>::Arguments>, BoxDynError> {
        self.query.take_arguments()
    }

    fn persistent(&self) -> bool {
        self.persistent && self.query.persistent()
    }
}

/// A statement with its parameters taken out, to see whether it has any.
fn split<'q, E: Execute<'q, Any>>(
    mut query: E,
) -> Result<(SqlStr, Option<<Any as Database>::Arguments>), Error> {
    let args = query.take_arguments().map_err(Error::Encode)?;
    Ok((query.sql(), args))
}

impl<'c> Executor<'c> for &'c Db {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        if !self.bouncer {
            return self.pool.fetch_many(query);
        }
        let (sql, args) = match split(query) {
            Ok(parts) => parts,
            Err(e) => return futures::stream::once(async { Err(e) }).boxed(),
        };
        if args.is_none() {
            return self.pool.fetch_many(sql);
        }
        futures::stream::once(async move {
            let mut tx = self.pool.begin().await?;
            let steps: Vec<_> = (&mut *tx)
                .fetch_many(Unnamed {
                    query: (sql, args),
                    persistent: false,
                })
                .try_collect()
                .await?;
            tx.commit().await?;
            Ok::<_, Error>(futures::stream::iter(steps.into_iter().map(Ok)))
        })
        .try_flatten()
        .boxed()
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> BoxFuture<'e, Result<Option<AnyRow>, Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        if !self.bouncer {
            return self.pool.fetch_optional(query);
        }
        Box::pin(async move {
            let (sql, args) = split(query)?;
            if args.is_none() {
                return self.pool.fetch_optional(sql).await;
            }
            let mut tx = self.pool.begin().await?;
            let row = (&mut *tx)
                .fetch_optional(Unnamed {
                    query: (sql, args),
                    persistent: false,
                })
                .await?;
            tx.commit().await?;
            Ok(row)
        })
    }

    fn prepare_with<'e>(
        self,
        sql: SqlStr,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement, Error>>
    where
        'c: 'e,
    {
        self.pool.prepare_with(sql, parameters)
    }
}

/// One transaction's connection, as its statements use it.
#[derive(Debug)]
pub(crate) struct On<'t> {
    conn: &'t mut AnyConnection,
    bouncer: bool,
}

impl Db {
    pub(crate) fn on<'t>(&self, tx: &'t mut Transaction<'_, Any>) -> On<'t> {
        On {
            conn: tx,
            bouncer: self.bouncer,
        }
    }
}

impl<'t> Executor<'t> for On<'t> {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, Error>>
    where
        't: 'e,
        E: 'q + Execute<'q, Any>,
    {
        self.conn.fetch_many(Unnamed {
            query,
            persistent: !self.bouncer,
        })
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> BoxFuture<'e, Result<Option<AnyRow>, Error>>
    where
        't: 'e,
        E: 'q + Execute<'q, Any>,
    {
        self.conn.fetch_optional(Unnamed {
            query,
            persistent: !self.bouncer,
        })
    }

    fn prepare_with<'e>(
        self,
        sql: SqlStr,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement, Error>>
    where
        't: 'e,
    {
        self.conn.prepare_with(sql, parameters)
    }
}
