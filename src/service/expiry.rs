//! The expiry job (`kiosk notify`): one run looks at every account whose password expires
//! soon or has expired, and sends what is due (see [`crate::domain::expiry`]): an email for
//! each notice day, an SMS once the password has expired, and when grace ends a lock with
//! an email and an SMS saying how to get unlocked.
//!
//! Crash semantics: at least once. Each notice is claimed in the database, then sent, then
//! marked sent (or failed, or skipped) with its audit row. A run that dies between sending
//! and marking leaves the claim; once the claim is older than [`CLAIM_TTL_SECS`] a later run
//! takes it over and sends again, so a notice in flight at a crash may arrive twice but is
//! never lost. A fresher claim is left alone: another run may be sending it right now. The
//! lock is one transaction (lock, notice row, audit row) and happens exactly once.

use std::collections::BTreeMap;

use crate::clock::format_date;
use crate::domain::audit::{AuditAction, AuditOutcome};
use crate::domain::expiry::{self, Channel, NoticeKind};
use crate::domain::policy::CategoryPolicy;
use crate::i18n::format_date_in;
use crate::i18n::{Arg, Lang, t_args};
use crate::notify::Email;
use crate::store::{ExpiryCandidate, NoticeKey, NoticeState};

use super::{Result, Services};

/// Seconds after which a claim whose run never finished it is taken to be orphaned by a
/// crash and the notice is sent again. Far longer than one send can take (mail and SMS
/// time out within seconds), far shorter than the time between two daily runs.
pub const CLAIM_TTL_SECS: i64 = 15 * 60;

/// The actor of the job's audit rows.
const ACTOR: &str = "system";

/// Runs the expiry notices once.
#[derive(Clone)]
pub struct ExpiryJob {
    services: Services,
    dry_run: bool,
}

/// What happened to one kind of notice in a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct KindCounts {
    /// Sent (for the lock: locked). In a dry run: would be.
    pub done: u32,
    /// The gateway refused or could not be reached; tried again on a later run.
    pub failed: u32,
    /// No address or channel: recorded and not tried again.
    pub skipped: u32,
    /// Claimed by another run that may be sending it now; left alone.
    pub busy: u32,
}

/// A notice a dry run would send (or an action it would take).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedNotice {
    pub username: String,
    pub kind: NoticeKind,
    /// The address or number it would go to; `None` = it would be skipped.
    pub to: Option<String>,
    pub expires_at: i64,
}

/// The outcome of one run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExpiryReport {
    pub dry_run: bool,
    /// Accounts the selection returned.
    pub accounts: usize,
    /// Accounts whose category is not configured (skipped, logged).
    pub unknown_category: usize,
    /// Counts by notice kind ([`NoticeKind::code`]).
    pub counts: BTreeMap<String, KindCounts>,
    /// Dry run only: what it would do, in order.
    pub planned: Vec<PlannedNotice>,
}

impl ExpiryReport {
    /// Notices that failed in this run.
    pub fn failed(&self) -> u32 {
        self.counts.values().map(|c| c.failed).sum()
    }

    /// Counts of one kind (zero when none).
    pub fn of(&self, kind: NoticeKind) -> KindCounts {
        self.counts.get(&kind.code()).copied().unwrap_or_default()
    }

    /// One line per kind, e.g. `email-7: 3 sent, 1 failed`.
    pub fn summary_lines(&self) -> Vec<String> {
        let done_word = if self.dry_run { "to send" } else { "sent" };
        let mut lines = vec![format!(
            "{} account(s) looked at{}",
            self.accounts,
            if self.unknown_category > 0 {
                format!(", {} with an unknown category", self.unknown_category)
            } else {
                String::new()
            }
        )];
        for (kind, c) in &self.counts {
            let done = if kind == "lock" {
                if self.dry_run { "to lock" } else { "locked" }
            } else {
                done_word
            };
            let mut parts = vec![format!("{} {done}", c.done)];
            for (n, word) in [
                (c.failed, "failed"),
                (c.skipped, "skipped"),
                (c.busy, "busy"),
            ] {
                if n > 0 {
                    parts.push(format!("{n} {word}"));
                }
            }
            lines.push(format!("{kind}: {}", parts.join(", ")));
        }
        lines
    }
}

/// A non-blank value, trimmed.
fn present(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// How one notice ended.
enum Sent {
    Done,
    Failed,
    Skipped,
    Busy,
}

/// A message ready to go, or the reason there is none.
enum Message {
    Email(Email),
    Sms { to: String, text: String },
    Skip(&'static str),
}

impl ExpiryJob {
    pub fn new(services: Services) -> Self {
        Self {
            services,
            dry_run: false,
        }
    }

    /// A dry run only reads: it sends nothing and claims, locks and audits nothing.
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// The latest expiry that can need anything now: today plus the longest notice period.
    pub fn horizon(&self, now: i64) -> i64 {
        let longest = self
            .services
            .settings
            .categories
            .values()
            .flat_map(|p| p.expiry.notice_days.iter().copied())
            .max()
            .unwrap_or(0);
        expiry::notice_horizon(now, longest)
    }

    /// Runs once. A failed send is recorded and the run goes on; a database failure stops
    /// the run (what was done is recorded; the next run does the rest).
    pub async fn run(&self) -> Result<ExpiryReport> {
        let now = self.services.now();
        let candidates = self
            .services
            .store
            .expiry_candidates(self.horizon(now))
            .await?;
        let mut report = ExpiryReport {
            dry_run: self.dry_run,
            accounts: candidates.len(),
            ..ExpiryReport::default()
        };
        for candidate in &candidates {
            let Some(policy) = self.services.settings.policy(&candidate.category) else {
                tracing::warn!(
                    username = %candidate.username,
                    category = %candidate.category,
                    "expiry notices: unknown category, account skipped"
                );
                report.unknown_category += 1;
                continue;
            };
            self.handle(candidate, policy, now, &mut report).await?;
        }
        Ok(report)
    }

    async fn handle(
        &self,
        c: &ExpiryCandidate,
        policy: &CategoryPolicy,
        now: i64,
        report: &mut ExpiryReport,
    ) -> Result<()> {
        let rules = &policy.expiry;
        let mut finished: Vec<NoticeKind> = c
            .notices
            .iter()
            .filter(|n| n.state.is_final())
            .filter_map(|n| NoticeKind::parse(&n.kind))
            .collect();
        let due = expiry::due_notices(c.expires_at, now, rules, &finished);
        if !self.dry_run && !due.is_empty() {
            // Rows of earlier expiries are never read again; dropped here, where the
            // account is in hand anyway, so the table stays as small as the due accounts.
            self.services
                .store
                .prune_old_notices(c.id, c.expires_at)
                .await?;
        }
        for kind in due {
            let counts = report.counts.entry(kind.code()).or_default();
            if self.dry_run {
                counts.done += 1;
                report.planned.push(PlannedNotice {
                    username: c.username.clone(),
                    kind,
                    to: self.address(c, kind),
                    expires_at: c.expires_at,
                });
                continue;
            }
            if kind == NoticeKind::Lock {
                if !self.lock(c, rules.grace_days, now).await? {
                    // Changed password or another run's lock: its messages are not ours.
                    break;
                }
                counts.done += 1;
                finished.push(kind);
                continue;
            }
            match self.send(c, kind, policy, now).await? {
                Sent::Done => {
                    counts.done += 1;
                    finished.push(kind);
                }
                Sent::Skipped => {
                    counts.skipped += 1;
                    finished.push(kind);
                }
                Sent::Failed => counts.failed += 1,
                Sent::Busy => counts.busy += 1,
            }
        }
        if !self.dry_run && expiry::cycle_closed(c.expires_at, now, rules.grace_days, &finished) {
            self.services
                .store
                .close_expiry_cycle(c.id, c.expires_at)
                .await?;
        }
        Ok(())
    }

    /// Where a notice goes: the email address, or the confirmed mobile number.
    fn address(&self, c: &ExpiryCandidate, kind: NoticeKind) -> Option<String> {
        match kind.channel() {
            Channel::Email => present(&c.email),
            Channel::Sms => present(&c.mobile).filter(|_| c.mobile_confirmed),
            Channel::Account => Some(c.username.clone()),
        }
    }

    async fn lock(&self, c: &ExpiryCandidate, grace_days: u32, now: i64) -> Result<bool> {
        let mut audit = self.services.audit_entry(
            ACTOR,
            Some(&c.username),
            AuditAction::ExpiryLock,
            AuditOutcome::Locked,
        );
        audit.detail = format!(
            "password expired {}, grace {grace_days} day(s) ended",
            format_date(c.expires_at)
        );
        Ok(self
            .services
            .store
            .lock_expired(c.id, c.expires_at, now, &audit)
            .await?)
    }

    /// Claims, sends and records one notice.
    async fn send(
        &self,
        c: &ExpiryCandidate,
        kind: NoticeKind,
        policy: &CategoryPolicy,
        now: i64,
    ) -> Result<Sent> {
        let store = &self.services.store;
        let key = NoticeKey {
            account_id: c.id,
            cycle: c.expires_at,
            kind: kind.code(),
        };
        if !store.claim_notice(&key, now, now - CLAIM_TTL_SECS).await? {
            return Ok(Sent::Busy);
        }
        let (sent, state, outcome, why) = match self.compose(c, kind, policy) {
            Message::Skip(reason) => (
                Sent::Skipped,
                NoticeState::Skipped,
                AuditOutcome::Skipped,
                reason.to_string(),
            ),
            Message::Email(email) => match self.services.mailer().send(&email).await {
                Ok(()) => (
                    Sent::Done,
                    NoticeState::Sent,
                    AuditOutcome::Sent,
                    String::new(),
                ),
                Err(e) => (
                    Sent::Failed,
                    NoticeState::Failed,
                    AuditOutcome::Failed,
                    e.to_string(),
                ),
            },
            Message::Sms { to, text } => match self.services.sms().send(&to, &text).await {
                Ok(()) => (
                    Sent::Done,
                    NoticeState::Sent,
                    AuditOutcome::Sent,
                    String::new(),
                ),
                Err(e) => (
                    Sent::Failed,
                    NoticeState::Failed,
                    AuditOutcome::Failed,
                    e.to_string(),
                ),
            },
        };
        let mut audit =
            self.services
                .audit_entry(ACTOR, Some(&c.username), AuditAction::ExpiryNotice, outcome);
        // Which notice and which expiry; never the text, an address or a number.
        audit.detail = format!("{} for expiry {}", key.kind, format_date(c.expires_at));
        if !why.is_empty() {
            audit.detail.push_str(": ");
            audit.detail.push_str(&why);
        }
        if matches!(sent, Sent::Failed) {
            tracing::warn!(username = %c.username, kind = %key.kind, error = %why, "expiry notice failed");
        }
        store
            .finish_notice(&key, state, self.services.now(), &audit)
            .await?;
        Ok(sent)
    }

    /// The text of a notice in the account's language.
    fn compose(&self, c: &ExpiryCandidate, kind: NoticeKind, policy: &CategoryPolicy) -> Message {
        let settings = &self.services.settings;
        let lang = c
            .language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(settings.languages.default);
        let support = &settings.support;
        let office = support.office_where(lang);
        let school = settings.kiosk.school_name.as_str();
        let grace = policy.expiry.grace_days;
        let date = format_date_in(lang, c.expires_at);
        let lock_date = format_date_in(lang, expiry::lock_at(c.expires_at, grace));
        let days = expiry::days_left(c.expires_at, self.services.now()).max(0);
        let args = [
            ("name", Arg::Str(c.display_name.as_str())),
            ("school", Arg::Str(school)),
            ("date", Arg::Str(date.as_str())),
            ("lockdate", Arg::Str(lock_date.as_str())),
            ("days", Arg::Num(days)),
            ("grace", Arg::Num(i64::from(grace))),
            ("unit", Arg::Str(support.unit.as_str())),
            ("phone", Arg::Str(support.phone.as_str())),
            ("email", Arg::Str(support.email.as_str())),
            ("hours", Arg::Str(support.hours.get(lang))),
            ("office", Arg::Str(office.as_str())),
        ];
        let text = |key: &str| t_args(lang, key, &args);
        let Some(to) = self.address(c, kind) else {
            return Message::Skip(match kind.channel() {
                Channel::Sms => "no confirmed mobile number",
                _ => "no email address",
            });
        };
        match kind {
            NoticeKind::Email(_) | NoticeKind::LockEmail => {
                if !self.services.mailer().enabled() {
                    return Message::Skip("email is switched off");
                }
                let (subject, paragraphs) = if kind == NoticeKind::LockEmail {
                    (
                        "expiry-locked-subject",
                        ["expiry-locked-body", "expiry-locked-unlock"],
                    )
                } else {
                    (
                        "expiry-notice-subject",
                        ["expiry-notice-body", "expiry-notice-grace"],
                    )
                };
                let body = [
                    text("expiry-greeting"),
                    text(paragraphs[0]),
                    text(paragraphs[1]),
                    text("expiry-help"),
                    text("expiry-signature"),
                ]
                .join("\n\n");
                Message::Email(Email {
                    to,
                    subject: text(subject),
                    body: format!("{body}\n"),
                    language: lang.code().to_string(),
                })
            }
            NoticeKind::ExpirySms | NoticeKind::LockSms => {
                if !self.services.sms().enabled() {
                    return Message::Skip("SMS is switched off");
                }
                let key = if kind == NoticeKind::LockSms {
                    "expiry-locked-sms"
                } else {
                    "expiry-sms"
                };
                // The office's place and hours in GSM-7 look-alikes: two messages at most.
                let text =
                    crate::notify::sms::office_sms(lang, key, school, &date, &lock_date, support);
                Message::Sms { to, text }
            }
            NoticeKind::Lock => Message::Skip("not a message"),
        }
    }
}

impl Services {
    /// The expiry job on these services.
    pub fn expiry_job(&self) -> ExpiryJob {
        ExpiryJob::new(self.clone())
    }
}
