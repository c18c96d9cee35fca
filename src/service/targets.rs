//! Pushing a new password to the cloud targets once the authority accepted it, and the
//! retry queue for Google's temporary failures. Nothing here can fail or undo the change:
//! every outcome is a [`TargetResult`] and an audit row.

use std::sync::Arc;

use super::*;
use crate::directory::targets::{PushError, PushPassword, PushTarget, QueueSeal, Wants};
use crate::domain::targets::{
    Failure, MAX_QUEUE_AGE_SECS, TargetKind, TargetResult, TargetState, TargetStatus, backoff_secs,
    crypt_sha512,
};
use crate::store::{AuditRecord, QueuedPush};

/// How long a claimed queue row is left alone by other kiosks while one tries it.
const CLAIM_SECS: i64 = 300;
/// Rows one retry run takes.
const RETRY_BATCH: i64 = 50;

/// What a run over the retry queue did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RetryReport {
    pub done: usize,
    pub again: usize,
    pub failed: usize,
    pub dropped: usize,
}

impl Services {
    /// Replaces the push targets (tests point them at their own servers).
    pub fn with_targets(mut self, targets: Vec<Arc<dyn PushTarget>>) -> Self {
        self.targets = targets;
        self
    }

    /// The kinds of the configured targets, in Done screen order.
    pub fn target_kinds(&self) -> Vec<TargetKind> {
        self.targets.iter().map(|t| t.kind()).collect()
    }

    fn target_audit(&self, user: &str, outcome: AuditOutcome, detail: String) -> AuditEntry {
        let mut e = self.audit_entry(user, Some(user), AuditAction::TargetPush, outcome);
        e.detail = detail;
        e
    }

    /// An audit row that must not fail the caller: kept for later if the database is gone.
    async fn audit_quietly(&self, e: AuditEntry) {
        if let Err(err) = self.audit(e.clone()).await {
            tracing::warn!(error = %err, "target audit row deferred");
            self.defer_audit(e);
        }
    }

    /// Pushes the new password to every target, after the authority accepted it. A
    /// queued push for an older password is dropped first (superseded).
    pub(super) async fn push_targets(
        &self,
        account_id: i64,
        user: &str,
        password: &Secret,
    ) -> Vec<TargetResult> {
        let pushes = self
            .targets
            .iter()
            .map(|t| self.push_one(t.as_ref(), account_id, user, password));
        futures::future::join_all(pushes).await
    }

    async fn push_one(
        &self,
        target: &dyn PushTarget,
        account_id: i64,
        user: &str,
        password: &Secret,
    ) -> TargetResult {
        let kind = target.kind();
        let result = |state| TargetResult { kind, state };
        match self.store.drop_queued_push(account_id, kind.name()).await {
            Ok(true) => {
                let e = self.target_audit(user, AuditOutcome::Superseded, kind.name().into());
                self.audit_quietly(e).await;
            }
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "retry queue unreadable"),
        }
        let hash = match target.wants() {
            Wants::Plain => None,
            Wants::Crypt => match self.crypt_hash(password).await {
                Some(h) => Some(h),
                None => {
                    let e = self.target_audit(
                        user,
                        AuditOutcome::Failed,
                        format!(
                            "{} cannot make the crypt hash",
                            result(TargetState::Failed).word()
                        ),
                    );
                    self.audit_quietly(e).await;
                    return result(TargetState::Failed);
                }
            },
        };
        let sent = match &hash {
            Some(h) => target.push(user, PushPassword::Crypt(h)).await,
            None => target.push(user, PushPassword::Plain(password)).await,
        };
        let error = match sent {
            Ok(()) => {
                let done = result(TargetState::Done);
                self.audit_quietly(self.target_audit(user, AuditOutcome::Ok, done.word()))
                    .await;
                return done;
            }
            Err(e) => e,
        };
        if let (Failure::Temporary, Some(hash)) = (error.failure(), &hash)
            && self.queue(account_id, user, kind, hash, &error).await
        {
            return result(TargetState::Pending);
        }
        let failed = result(TargetState::Failed);
        let e = self.target_audit(
            user,
            AuditOutcome::Failed,
            format!("{} {}", failed.word(), describe(&error)),
        );
        self.audit_quietly(e).await;
        failed
    }

    async fn crypt_hash(&self, password: &Secret) -> Option<zeroize::Zeroizing<String>> {
        let mut salt = [0u8; 12];
        self.random.fill(&mut salt).ok()?;
        let pw = password.clone();
        blocking(move || crypt_sha512(pw.expose(), &salt))
            .await
            .ok()
            .flatten()
    }

    fn queue_seal(&self) -> &QueueSeal {
        &self.keys.queue
    }

    /// Puts a push in the queue; false if the database would not take it.
    async fn queue(
        &self,
        account_id: i64,
        user: &str,
        kind: TargetKind,
        hash: &str,
        error: &PushError,
    ) -> bool {
        let mut nonce = [0u8; 12];
        if self.random.fill(&mut nonce).is_err() {
            return false;
        }
        let Some(sealed) = self
            .queue_seal()
            .seal(hash, &binding(account_id, kind.name()), nonce)
        else {
            return false;
        };
        let now = self.now();
        let pending = TargetResult {
            kind,
            state: TargetState::Pending,
        };
        let audit = self.target_audit(
            user,
            AuditOutcome::Queued,
            format!("{} tries=1 {}", pending.word(), describe(error)),
        );
        match self
            .store
            .queue_push(
                account_id,
                kind.name(),
                &sealed,
                now,
                now + backoff_secs(1),
                &describe(error),
                &audit,
            )
            .await
        {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, user, "a push could not be queued");
                false
            }
        }
    }

    /// Tries every due push of the queue once (`kiosk notify`, and the kiosk itself
    /// between sessions). Each try is audited.
    pub async fn retry_pushes(&self) -> Result<RetryReport> {
        let now = self.now();
        let mut report = RetryReport::default();
        for row in self.store.due_pushes(now, RETRY_BATCH).await? {
            if !self.store.claim_push(&row, now + CLAIM_SECS).await? {
                continue;
            }
            self.retry_one(&row, now, &mut report).await?;
        }
        Ok(report)
    }

    async fn retry_one(&self, row: &QueuedPush, now: i64, report: &mut RetryReport) -> Result<()> {
        let user = row.username.as_str();
        let tries = row.tries + 1;
        let word = |state| {
            TargetKind::parse(&row.target)
                .map(|kind| TargetResult { kind, state }.word())
                .unwrap_or_else(|| format!("{}={}", row.target, state.name()))
        };
        let target = self.targets.iter().find(|t| t.kind().name() == row.target);
        let end = |outcome, detail: String| self.target_audit(user, outcome, detail);
        let Some(target) = target else {
            report.dropped += 1;
            let e = end(
                AuditOutcome::Skipped,
                format!("{} target no longer configured", word(TargetState::Failed)),
            );
            return Ok(self.store.finish_push(row.id, &e).await?);
        };
        if now - row.created_at > MAX_QUEUE_AGE_SECS {
            report.dropped += 1;
            let e = end(
                AuditOutcome::Expired,
                format!("{} tries={} too old", word(TargetState::Failed), row.tries),
            );
            return Ok(self.store.finish_push(row.id, &e).await?);
        }
        let Some(hash) = self
            .queue_seal()
            .open(&row.sealed_hash, &binding(row.account_id, &row.target))
        else {
            report.dropped += 1;
            let e = end(
                AuditOutcome::Failed,
                format!("{} sealed with another key", word(TargetState::Failed)),
            );
            return Ok(self.store.finish_push(row.id, &e).await?);
        };
        match target.push(user, PushPassword::Crypt(&hash)).await {
            Ok(()) => {
                report.done += 1;
                let e = end(
                    AuditOutcome::Ok,
                    format!("{} tries={tries}", word(TargetState::Done)),
                );
                self.store.finish_push(row.id, &e).await?;
            }
            Err(error) if error.failure() == Failure::Temporary => {
                report.again += 1;
                let e = end(
                    AuditOutcome::Queued,
                    format!(
                        "{} tries={tries} {}",
                        word(TargetState::Pending),
                        describe(&error)
                    ),
                );
                let next = now + backoff_secs(u32::try_from(tries).unwrap_or(u32::MAX));
                self.store
                    .retry_push_later(row.id, next, &describe(&error), &e)
                    .await?;
            }
            Err(error) => {
                report.failed += 1;
                let e = end(
                    AuditOutcome::Failed,
                    format!(
                        "{} tries={tries} {}",
                        word(TargetState::Failed),
                        describe(&error)
                    ),
                );
                self.store.finish_push(row.id, &e).await?;
            }
        }
        Ok(())
    }

    /// The per-target results of the account's last change, from the audit log.
    pub async fn last_target_results(&self, username: &str) -> Result<Vec<TargetResult>> {
        Ok(self
            .last_target_statuses(username)
            .await?
            .iter()
            .map(TargetStatus::result)
            .collect())
    }

    /// Each target's part of the account's last change (the newest audit row about it
    /// since the change), with the next try of a queued push: for the staff card and
    /// `kiosk admin show`.
    pub async fn last_target_statuses(&self, username: &str) -> Result<Vec<TargetStatus>> {
        let rows = self.store.latest_audit(username, 50).await?;
        let mut statuses = Vec::new();
        // Oldest first, since the last change.
        for r in rows
            .iter()
            .take_while(|r| !is_change(r))
            .collect::<Vec<_>>()
            .iter()
            .rev()
        {
            fold(&mut statuses, r);
        }
        statuses.sort_by_key(|s| s.kind);
        for q in self.store.queued_pushes_of(username).await? {
            if let Some(s) = statuses.iter_mut().find(|s| s.kind.name() == q.target) {
                s.next_try_at = Some(q.next_try_at);
            }
        }
        Ok(statuses)
    }
}

/// Whether an audit row is an accepted password change (what the targets follow).
fn is_change(r: &AuditRecord) -> bool {
    r.action == AuditAction::ChangePassword && r.outcome == AuditOutcome::Ok
}

/// For audit rows oldest first: the index of every accepted change with the targets' state
/// after it (the newest row about each target before the next change), in Done screen
/// order. Target rows before the first change are left out (their change is older).
pub fn targets_after(rows: &[AuditRecord]) -> Vec<(usize, Vec<TargetStatus>)> {
    let mut out: Vec<(usize, Vec<TargetStatus>)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if is_change(r) {
            out.push((i, Vec::new()));
            continue;
        }
        if let Some((_, statuses)) = out.last_mut() {
            fold(statuses, r);
        }
    }
    for (_, statuses) in &mut out {
        statuses.sort_by_key(|s| s.kind);
    }
    out
}

/// A target_push row's state replaces the target's earlier one.
fn fold(statuses: &mut Vec<TargetStatus>, r: &AuditRecord) {
    if r.action != AuditAction::TargetPush {
        return;
    }
    let Some(status) = TargetStatus::from_detail(&r.detail, r.at) else {
        return;
    };
    match statuses.iter_mut().find(|s| s.kind == status.kind) {
        Some(s) => *s = status,
        None => statuses.push(status),
    }
}

/// What the seal binds a queued hash to.
fn binding(account_id: i64, target: &str) -> String {
    format!("{account_id}:{target}")
}

/// An error for the audit: the status and a short text, never a password or token.
fn describe(e: &PushError) -> String {
    match e {
        PushError::Status { step, status, .. } => format!("status={status} step=\"{step}\""),
        PushError::NoAnswer(text) => format!("no-answer \"{}\"", clean(text)),
        PushError::Setup(text) => format!("setup \"{}\"", clean(text)),
    }
}

fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(160)
        .collect()
}

/// How often the kiosk itself runs the retry queue (from its health check).
const KIOSK_RETRY_SECS: i64 = 60;

impl Services {
    /// From the kiosk's health check: at most once a minute, the due pushes are tried in
    /// the background (so a session never waits for a cloud service).
    pub(super) fn retry_pushes_now_and_then(&self) {
        if self.targets.is_empty() {
            return;
        }
        let now = self.now();
        {
            let mut last = self
                .last_retry
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if now - *last < KIOSK_RETRY_SECS {
                return;
            }
            *last = now;
        }
        let s = self.clone();
        self.background.spawn(async move {
            if let Err(e) = s.retry_pushes().await {
                tracing::warn!(error = %e, "push retry queue");
            }
        });
    }
}
