//! Security questions: the hashed answer sets, the challenge kept between attempts, the
//! questions lock (rising delay) of real accounts and of decoys, and the enrolment counts
//! that decoys imitate. Never an answer in clear: only argon2id PHC strings come here.

use sqlx::Row;

use super::{AuditEntry, Result, Store};

/// `questions_locked_until` of a lock that lasts until office staff lift it.
pub const QUESTIONS_LOCKED_UNTIL_UNLOCKED: i64 = i64::MAX;

/// One enrolled question of an account, as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct EnrolledAnswer {
    pub position: i64,
    pub question_id: String,
    pub answer_hash: String,
    pub created_at: i64,
}

impl std::fmt::Debug for EnrolledAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnrolledAnswer")
            .field("position", &self.position)
            .field("question_id", &self.question_id)
            .finish_non_exhaustive()
    }
}

/// A whole new answer set: (question id, answer hash) in the order chosen.
#[derive(Debug, Clone)]
pub struct AnswerSet {
    pub account_id: i64,
    pub answers: Vec<(String, String)>,
    pub now: i64,
    pub audit: AuditEntry,
}

/// Whose wrong answers are counted: a real account, or the decoy of an unknown username
/// (by its HMAC tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockSubject<'a> {
    Account(i64),
    Decoy(&'a str),
}

/// The questions lock state of a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QuestionsLock {
    /// Wrong answers since the last lock (or success).
    pub failures: i64,
    /// Locks so far; the next one lasts twice as long.
    pub lock_count: i64,
    pub locked_until: Option<i64>,
}

impl QuestionsLock {
    /// Locked at `now`.
    pub fn is_locked(&self, now: i64) -> bool {
        self.locked_until.is_some_and(|until| until > now)
    }
}

/// What one wrong answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionsFailure {
    /// Counted; `failures` wrong answers since the last lock.
    Counted { failures: i64 },
    /// This answer reached the limit: locked until `until` (the `lock_count`-th lock).
    LockedNow { until: i64, lock_count: i64 },
    /// Already locked (another kiosk locked it meanwhile): not counted.
    AlreadyLocked { until: i64 },
}

/// Active accounts of a category and how many of them have enrolled questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryEnrolment {
    pub category: String,
    pub accounts: i64,
    pub enrolled: i64,
}

fn encode_positions(positions: &[i64]) -> String {
    positions
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn decode_positions(text: &str) -> Option<Vec<i64>> {
    text.split(',').map(|p| p.trim().parse().ok()).collect()
}

impl Store {
    /// Replaces an account's whole answer set, in ONE transaction with its audit row. The
    /// open challenge goes (it named the old set) and the questions lock is lifted: the
    /// owner has just proved who they are and chosen new answers.
    pub async fn replace_answers(&self, set: &AnswerSet) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        // The account row first: it serialises two kiosks enrolling one account at once.
        sqlx::query(
            "UPDATE accounts SET recovery_failures = 0, questions_locked_until = NULL, \
               questions_lock_count = 0, updated_at = $2 WHERE id = $1",
        )
        .bind(set.account_id)
        .bind(set.now)
        .execute(self.db.on(&mut tx))
        .await?;
        sqlx::query("DELETE FROM security_answers WHERE account_id = $1")
            .bind(set.account_id)
            .execute(self.db.on(&mut tx))
            .await?;
        sqlx::query("DELETE FROM question_challenges WHERE account_id = $1")
            .bind(set.account_id)
            .execute(self.db.on(&mut tx))
            .await?;
        for (position, (question_id, hash)) in set.answers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO security_answers (account_id, position, question_id, answer_hash, \
                   created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(set.account_id)
            .bind(position as i64)
            .bind(question_id)
            .bind(hash)
            .bind(set.now)
            .execute(self.db.on(&mut tx))
            .await?;
        }
        self.insert_audit(&mut tx, &set.audit).await?;
        tx.commit().await?;
        self.forget_enrolment();
        Ok(())
    }

    /// An account's enrolled questions, by position.
    pub async fn enrolled_answers(&self, account_id: i64) -> Result<Vec<EnrolledAnswer>> {
        let rows = sqlx::query(
            "SELECT position, question_id, answer_hash, created_at FROM security_answers \
             WHERE account_id = $1 ORDER BY position",
        )
        .bind(account_id)
        .fetch_all(&self.db)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(EnrolledAnswer {
                    position: r.try_get("position")?,
                    question_id: r.try_get("question_id")?,
                    answer_hash: r.try_get("answer_hash")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// The positions asked in the account's open challenge; when none is open (or it ran
    /// out at `now`), `fresh` becomes the challenge until `expires_at`. Of two kiosks
    /// opening one at once, the first insert wins and both ask the same questions.
    pub async fn open_challenge(
        &self,
        account_id: i64,
        fresh: &[i64],
        now: i64,
        expires_at: i64,
    ) -> Result<Vec<i64>> {
        sqlx::query("DELETE FROM question_challenges WHERE account_id = $1 AND expires_at <= $2")
            .bind(account_id)
            .bind(now)
            .execute(&self.db)
            .await?;
        sqlx::query(
            "INSERT INTO question_challenges (account_id, positions, created_at, expires_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (account_id) DO NOTHING",
        )
        .bind(account_id)
        .bind(encode_positions(fresh))
        .bind(now)
        .bind(expires_at)
        .execute(&self.db)
        .await?;
        match self.challenge(account_id, now).await? {
            Some(positions) => Ok(positions),
            // Ran out between the statements (a clock at the edge): use the fresh one.
            None => Ok(fresh.to_vec()),
        }
    }

    /// The positions of the account's open challenge at `now`, if any. A corrupt row reads
    /// as none (it is replaced at the next `open_challenge` after `clear_challenge`).
    pub async fn challenge(&self, account_id: i64, now: i64) -> Result<Option<Vec<i64>>> {
        let row = sqlx::query(
            "SELECT positions FROM question_challenges WHERE account_id = $1 AND expires_at > $2",
        )
        .bind(account_id)
        .bind(now)
        .fetch_optional(&self.db)
        .await?;
        Ok(match row {
            Some(r) => decode_positions(&r.try_get::<String, _>("positions")?),
            None => None,
        })
    }

    /// Drops the account's open challenge.
    pub async fn clear_challenge(&self, account_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM question_challenges WHERE account_id = $1")
            .bind(account_id)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// The questions lock state of an account or a decoy (a decoy never seen: all zero).
    pub async fn questions_lock(&self, subject: LockSubject<'_>) -> Result<QuestionsLock> {
        let query = match subject {
            LockSubject::Account(id) => sqlx::query(
                "SELECT recovery_failures AS failures, questions_lock_count AS lock_count, \
                   questions_locked_until AS locked_until FROM accounts WHERE id = $1",
            )
            .bind(id),
            LockSubject::Decoy(tag) => sqlx::query(
                "SELECT failures, lock_count, locked_until FROM question_decoys WHERE tag = $1",
            )
            .bind(tag),
        };
        let row = query.fetch_optional(&self.db).await?;
        let Some(row) = row else {
            return Ok(QuestionsLock::default());
        };
        Ok(QuestionsLock {
            failures: row.try_get("failures")?,
            lock_count: row.try_get("lock_count")?,
            locked_until: row.try_get("locked_until")?,
        })
    }

    /// Counts one wrong answer. When the count reaches `max_failures` the questions lock
    /// until `lock_until(n)` for the n-th lock, and the count starts again. In one
    /// transaction whose first statement is the conditional UPDATE, so two kiosks counting
    /// at once lose no failure and lock only once. Nothing else of the account changes:
    /// the password sign-in is not locked by this.
    pub async fn record_questions_failure(
        &self,
        subject: LockSubject<'_>,
        now: i64,
        max_failures: i64,
        lock_until: impl FnOnce(i64) -> i64 + Send,
    ) -> Result<QuestionsFailure> {
        let mut tx = self.db.pool.begin().await?;
        let counted = match subject {
            LockSubject::Account(id) => {
                sqlx::query(
                    "UPDATE accounts SET recovery_failures = recovery_failures + 1, \
                       updated_at = $2 \
                     WHERE id = $1 AND (questions_locked_until IS NULL \
                                        OR questions_locked_until <= $2)",
                )
                .bind(id)
                .bind(now)
                .execute(self.db.on(&mut tx))
                .await?
            }
            LockSubject::Decoy(tag) => {
                sqlx::query(
                    "INSERT INTO question_decoys (tag, updated_at) VALUES ($1, $2) \
                     ON CONFLICT (tag) DO NOTHING",
                )
                .bind(tag)
                .bind(now)
                .execute(self.db.on(&mut tx))
                .await?;
                sqlx::query(
                    "UPDATE question_decoys SET failures = failures + 1, updated_at = $2 \
                     WHERE tag = $1 AND (locked_until IS NULL OR locked_until <= $2)",
                )
                .bind(tag)
                .bind(now)
                .execute(self.db.on(&mut tx))
                .await?
            }
        };
        let state_sql = match subject {
            LockSubject::Account(_) => {
                "SELECT recovery_failures AS failures, questions_lock_count AS lock_count, \
                   questions_locked_until AS locked_until FROM accounts WHERE id = $1"
            }
            LockSubject::Decoy(_) => {
                "SELECT failures, lock_count, locked_until FROM question_decoys WHERE tag = $1"
            }
        };
        let query = sqlx::query(state_sql);
        let query = match subject {
            LockSubject::Account(id) => query.bind(id),
            LockSubject::Decoy(tag) => query.bind(tag),
        };
        let row = query.fetch_one(self.db.on(&mut tx)).await?;
        let state = QuestionsLock {
            failures: row.try_get("failures")?,
            lock_count: row.try_get("lock_count")?,
            locked_until: row.try_get("locked_until")?,
        };
        if counted.rows_affected() == 0 {
            tx.commit().await?;
            return Ok(QuestionsFailure::AlreadyLocked {
                until: state.locked_until.unwrap_or(now),
            });
        }
        if state.failures < max_failures {
            tx.commit().await?;
            return Ok(QuestionsFailure::Counted {
                failures: state.failures,
            });
        }
        let lock_count = state.lock_count + 1;
        let until = lock_until(lock_count);
        let lock_sql = match subject {
            LockSubject::Account(_) => {
                "UPDATE accounts SET recovery_failures = 0, questions_lock_count = $2, \
                   questions_locked_until = $3 WHERE id = $1"
            }
            LockSubject::Decoy(_) => {
                "UPDATE question_decoys SET failures = 0, lock_count = $2, locked_until = $3 \
                 WHERE tag = $1"
            }
        };
        let query = sqlx::query(lock_sql);
        let query = match subject {
            LockSubject::Account(id) => query.bind(id),
            LockSubject::Decoy(tag) => query.bind(tag),
        };
        query
            .bind(lock_count)
            .bind(until)
            .execute(self.db.on(&mut tx))
            .await?;
        tx.commit().await?;
        Ok(QuestionsFailure::LockedNow { until, lock_count })
    }

    /// Right answers: the challenge is done and the questions lock is forgotten, in one
    /// transaction with the audit row.
    pub async fn record_questions_success(
        &self,
        account_id: i64,
        now: i64,
        audit: &AuditEntry,
    ) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query(
            "UPDATE accounts SET recovery_failures = 0, questions_lock_count = 0, \
               questions_locked_until = NULL, updated_at = $2 WHERE id = $1",
        )
        .bind(account_id)
        .bind(now)
        .execute(self.db.on(&mut tx))
        .await?;
        sqlx::query("DELETE FROM question_challenges WHERE account_id = $1")
            .bind(account_id)
            .execute(self.db.on(&mut tx))
            .await?;
        self.insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets decoys untouched since `before` whose lock (if any) has run out by then.
    pub async fn prune_question_decoys(&self, before: i64) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM question_decoys WHERE updated_at < $1 \
               AND (locked_until IS NULL OR locked_until < $1)",
        )
        .bind(before)
        .execute(&self.db)
        .await?;
        Ok(done.rows_affected())
    }

    /// Per category: active accounts and how many of them have enrolled questions. Counts
    /// older than a minute (see `Store::enrolment`) are still given, and counted again in
    /// the background: the count reads every account, and the person whose name comes
    /// next should not wait for it.
    pub async fn question_enrolment(&self) -> Result<Vec<CategoryEnrolment>> {
        let cached = self.enrolment.lock().ok().and_then(|mut cached| {
            let (at, counts) = cached.as_mut()?;
            if at.elapsed() >= super::ENROLMENT_FRESH {
                *at = std::time::Instant::now();
                let store = self.clone();
                tokio::spawn(async move { store.recount_enrolment().await });
            }
            Some(counts.clone())
        });
        if let Some(counts) = cached {
            return Ok(counts);
        }
        let counts = self.count_enrolment().await?;
        if let Ok(mut cached) = self.enrolment.lock() {
            *cached = Some((std::time::Instant::now(), counts.clone()));
        }
        Ok(counts)
    }

    /// The background count: kept unless this process forgot the counts meanwhile (the
    /// next asker then counts afresh).
    async fn recount_enrolment(&self) {
        match self.count_enrolment().await {
            Ok(counts) => {
                if let Ok(mut cached) = self.enrolment.lock()
                    && cached.is_some()
                {
                    *cached = Some((std::time::Instant::now(), counts));
                }
            }
            Err(e) => tracing::warn!(error = %e, "question enrolment not counted"),
        }
    }

    /// The next `question_enrolment` counts again (this process changed what it counts).
    pub(super) fn forget_enrolment(&self) {
        if let Ok(mut cached) = self.enrolment.lock() {
            *cached = None;
        }
    }

    async fn count_enrolment(&self) -> Result<Vec<CategoryEnrolment>> {
        let rows = sqlx::query(
            "SELECT a.category AS category, CAST(COUNT(*) AS BIGINT) AS accounts, \
               CAST(COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM security_answers s \
                                                   WHERE s.account_id = a.id) \
                                      THEN 1 ELSE 0 END), 0) AS BIGINT) AS enrolled \
             FROM accounts a WHERE a.status = 'active' GROUP BY a.category ORDER BY a.category",
        )
        .fetch_all(&self.db)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CategoryEnrolment {
                    category: r.try_get("category")?,
                    accounts: r.try_get("accounts")?,
                    enrolled: r.try_get("enrolled")?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip() {
        assert_eq!(encode_positions(&[3, 0]), "3,0");
        assert_eq!(decode_positions("3,0"), Some(vec![3, 0]));
        assert_eq!(decode_positions("3,x"), None);
    }
}
