//! When a password expires and which expiry notice is due: pure date arithmetic.
//!
//! **What a "day" is.** Every count of days here is a whole period of 86,400 seconds
//! measured from the expiry instant (`password_expires_at`), never a calendar day: the
//! 7-day notice falls due exactly 7 × 86,400 s before the password expires, the grace
//! period ends exactly `grace_days` × 86,400 s after it. This is independent of time
//! zones and daylight saving, and a job that runs at any hour sees the same boundaries.
//! "Days left" rounds up: 1 s to 86,400 s before expiry is 1 day left, 86,401 s is 2.
//! Dates shown to people (the date in an email) are the local calendar date of the
//! instant in question.
//!
//! **Which notice is due.** Before expiry, the email for a notice day `d` is due once
//! `days_left <= d`; when several notice days were crossed (the job missed runs), only
//! the most urgent one (the smallest `d` crossed) goes out and the others are never sent
//! for that expiry. From the expiry instant until grace ends, the expiry SMS is due
//! (when the category sends one). When grace ends the account is locked and a lock email
//! and a lock SMS are due; anything not sent before then is superseded. Each notice is
//! due until it is finished (sent, or skipped for want of an address), so each goes out
//! at most once per expiry.

use serde::{Deserialize, Serialize};

/// Expiry notices of a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryExpiry {
    pub notice_days: Vec<u32>,
    pub grace_days: u32,
    pub sms_on_expiry: bool,
}

impl Default for CategoryExpiry {
    fn default() -> Self {
        Self {
            notice_days: vec![14, 7, 3, 1],
            grace_days: 7,
            sms_on_expiry: true,
        }
    }
}

/// Seconds in one day as counted here.
pub const DAY: i64 = 86_400;

/// One expiry notice or action, for one expiry of one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeKind {
    /// The email sent `n` days before expiry.
    Email(u32),
    /// The SMS sent when the password has expired (during grace).
    ExpirySms,
    /// Locking the account when grace ends.
    Lock,
    /// The email saying the account was locked and how to get it unlocked.
    LockEmail,
    /// The SMS saying the account was locked and how to get it unlocked.
    LockSms,
}

/// How a notice reaches the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
    /// No message: a change to the account.
    Account,
}

impl NoticeKind {
    /// The stable name stored in the `notices` table and the audit log.
    pub fn code(self) -> String {
        match self {
            NoticeKind::Email(days) => format!("email-{days}"),
            NoticeKind::ExpirySms => "sms-expired".to_string(),
            NoticeKind::Lock => "lock".to_string(),
            NoticeKind::LockEmail => "email-locked".to_string(),
            NoticeKind::LockSms => "sms-locked".to_string(),
        }
    }

    /// Reads a name made by [`NoticeKind::code`].
    pub fn parse(code: &str) -> Option<NoticeKind> {
        match code {
            "sms-expired" => Some(NoticeKind::ExpirySms),
            "lock" => Some(NoticeKind::Lock),
            "email-locked" => Some(NoticeKind::LockEmail),
            "sms-locked" => Some(NoticeKind::LockSms),
            other => other
                .strip_prefix("email-")
                .and_then(|d| d.parse().ok())
                .map(NoticeKind::Email),
        }
    }

    pub fn channel(self) -> Channel {
        match self {
            NoticeKind::Email(_) | NoticeKind::LockEmail => Channel::Email,
            NoticeKind::ExpirySms | NoticeKind::LockSms => Channel::Sms,
            NoticeKind::Lock => Channel::Account,
        }
    }
}

/// Where a password stands relative to its expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryStatus {
    /// The category's passwords never expire.
    Never,
    /// Still valid, with this many days left (at least 1).
    Valid { days_left: u32 },
    /// Expired; it may still be used to change the password until `lock_at`.
    InGrace { lock_at: i64 },
    /// Grace has ended: the account is (or is about to be) locked.
    GraceOver,
}

/// Whole days left until `expires_at`, rounded up; 0 or less once it has passed.
pub fn days_left(expires_at: i64, now: i64) -> i64 {
    let remaining = expires_at.saturating_sub(now);
    if remaining <= 0 {
        remaining.div_euclid(DAY)
    } else {
        // Rounded up: any part of a day still counts as a day left.
        (remaining - 1) / DAY + 1
    }
}

/// The instant grace ends and the account is locked.
pub fn lock_at(expires_at: i64, grace_days: u32) -> i64 {
    expires_at.saturating_add(i64::from(grace_days) * DAY)
}

/// Where a password with this expiry stands at `now`.
pub fn status(expires_at: Option<i64>, now: i64, grace_days: u32) -> ExpiryStatus {
    let Some(expires_at) = expires_at else {
        return ExpiryStatus::Never;
    };
    if now < expires_at {
        let days = u32::try_from(days_left(expires_at, now)).unwrap_or(u32::MAX);
        ExpiryStatus::Valid { days_left: days }
    } else if now < lock_at(expires_at, grace_days) {
        ExpiryStatus::InGrace {
            lock_at: lock_at(expires_at, grace_days),
        }
    } else {
        ExpiryStatus::GraceOver
    }
}

/// Days left when the password expires within the warning window (the kiosk asks "your
/// password expires in N days: change it now?"); `None` when it is further off, never
/// expires, has already expired (see [`status`]) or the window is 0 days.
pub fn warning_days(expires_at: Option<i64>, now: i64, warn_days: u32) -> Option<u32> {
    match status(expires_at, now, 0) {
        ExpiryStatus::Valid { days_left } if days_left <= warn_days => Some(days_left),
        _ => None,
    }
}

/// The latest expiry instant for which any email notice can be due at `now`: accounts
/// expiring after it need nothing yet. `max_notice_days` is the largest notice day of
/// every category.
pub fn notice_horizon(now: i64, max_notice_days: u32) -> i64 {
    now.saturating_add(i64::from(max_notice_days) * DAY)
}

/// The notices and actions due for one expiry at `now`, in the order they are to be
/// carried out. `finished` lists those already done for this expiry (sent, skipped or,
/// for the lock, applied); a notice that failed or was never finished is not in it and
/// is due again while it is still the most urgent.
pub fn due_notices(
    expires_at: i64,
    now: i64,
    rules: &CategoryExpiry,
    finished: &[NoticeKind],
) -> Vec<NoticeKind> {
    let done = |kind: NoticeKind| finished.contains(&kind);
    match status(Some(expires_at), now, rules.grace_days) {
        ExpiryStatus::Never => Vec::new(),
        ExpiryStatus::Valid { days_left } => rules
            .notice_days
            .iter()
            .copied()
            .filter(|&d| d >= days_left)
            .min()
            .map(NoticeKind::Email)
            .filter(|&kind| !done(kind))
            .into_iter()
            .collect(),
        ExpiryStatus::InGrace { .. } => {
            if rules.sms_on_expiry && !done(NoticeKind::ExpirySms) {
                vec![NoticeKind::ExpirySms]
            } else {
                Vec::new()
            }
        }
        ExpiryStatus::GraceOver => [NoticeKind::Lock, NoticeKind::LockEmail, NoticeKind::LockSms]
            .into_iter()
            .filter(|&kind| !done(kind))
            .collect(),
    }
}

/// True when nothing more can ever be due for this expiry: grace is over and the lock and
/// both lock messages are finished. The notifier then stops looking at the account until
/// its password changes.
pub fn cycle_closed(expires_at: i64, now: i64, grace_days: u32, finished: &[NoticeKind]) -> bool {
    now >= lock_at(expires_at, grace_days)
        && [NoticeKind::Lock, NoticeKind::LockEmail, NoticeKind::LockSms]
            .iter()
            .all(|kind| finished.contains(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-01T00:00:00Z.
    const E: i64 = 1_772_323_200;

    fn rules() -> CategoryExpiry {
        CategoryExpiry {
            notice_days: vec![14, 7, 3, 1],
            grace_days: 7,
            sms_on_expiry: true,
        }
    }

    #[test]
    fn days_left_rounds_up_and_is_exact_at_boundaries() {
        assert_eq!(days_left(E, E - 1), 1);
        assert_eq!(days_left(E, E - DAY), 1);
        assert_eq!(days_left(E, E - DAY - 1), 2);
        assert_eq!(days_left(E, E - 7 * DAY), 7);
        assert_eq!(days_left(E, E - 7 * DAY - 1), 8);
        assert_eq!(days_left(E, E), 0);
        assert_eq!(days_left(E, E + 1), -1);
        assert_eq!(days_left(E, E + DAY), -1);
        assert_eq!(days_left(E, E + DAY + 1), -2);
    }

    #[test]
    fn status_walks_valid_grace_over() {
        assert_eq!(status(None, E, 7), ExpiryStatus::Never);
        assert_eq!(
            status(Some(E), E - 1, 7),
            ExpiryStatus::Valid { days_left: 1 }
        );
        let lock = E + 7 * DAY;
        assert_eq!(
            status(Some(E), E, 7),
            ExpiryStatus::InGrace { lock_at: lock }
        );
        assert_eq!(
            status(Some(E), lock - 1, 7),
            ExpiryStatus::InGrace { lock_at: lock }
        );
        assert_eq!(status(Some(E), lock, 7), ExpiryStatus::GraceOver);
        // No grace: locked the instant it expires.
        assert_eq!(status(Some(E), E, 0), ExpiryStatus::GraceOver);
    }

    #[test]
    fn warning_window() {
        assert_eq!(warning_days(None, E, 14), None);
        assert_eq!(warning_days(Some(E), E - 14 * DAY, 14), Some(14));
        assert_eq!(warning_days(Some(E), E - 14 * DAY - 1, 14), None);
        assert_eq!(warning_days(Some(E), E - 1, 14), Some(1));
        assert_eq!(warning_days(Some(E), E, 14), None, "expired: not a warning");
        assert_eq!(warning_days(Some(E), E - 1, 0), None, "window switched off");
    }

    #[test]
    fn each_notice_day_falls_due_exactly_on_its_boundary() {
        let r = rules();
        for d in [14u32, 7, 3, 1] {
            let at = E - i64::from(d) * DAY;
            // Everything less urgent is already finished, as on a job that ran daily.
            let before: Vec<_> = r
                .notice_days
                .iter()
                .filter(|&&x| x > d)
                .map(|&x| NoticeKind::Email(x))
                .collect();
            assert_eq!(
                due_notices(E, at - 1, &r, &before),
                vec![],
                "d={d} 1 s early"
            );
            assert_eq!(
                due_notices(E, at, &r, &before),
                vec![NoticeKind::Email(d)],
                "d={d}"
            );
            let mut after = before.clone();
            after.push(NoticeKind::Email(d));
            assert_eq!(due_notices(E, at, &r, &after), vec![], "d={d} sent once");
        }
    }

    #[test]
    fn missed_days_send_only_the_most_urgent() {
        let r = rules();
        // Nothing sent yet, 2 days left: 14, 7 and 3 were crossed; only 3 goes out.
        assert_eq!(
            due_notices(E, E - 2 * DAY, &r, &[]),
            vec![NoticeKind::Email(3)]
        );
        // And 14 never goes out afterwards.
        let sent = [NoticeKind::Email(3)];
        assert_eq!(due_notices(E, E - 2 * DAY + 3600, &r, &sent), vec![]);
        // Missed everything up to grace: the expiry SMS alone.
        assert_eq!(
            due_notices(E, E + 2 * DAY, &r, &[]),
            vec![NoticeKind::ExpirySms]
        );
        // Missed everything: lock and its two messages, no older notice.
        assert_eq!(
            due_notices(E, E + 30 * DAY, &r, &[]),
            vec![NoticeKind::Lock, NoticeKind::LockEmail, NoticeKind::LockSms]
        );
    }

    #[test]
    fn sms_on_expiry_and_lock_boundaries() {
        let r = rules();
        let all_mail: Vec<_> = [14, 7, 3, 1].map(NoticeKind::Email).to_vec();
        assert_eq!(due_notices(E, E - 1, &r, &all_mail), vec![]);
        assert_eq!(
            due_notices(E, E, &r, &all_mail),
            vec![NoticeKind::ExpirySms]
        );
        let mut sent = all_mail.clone();
        sent.push(NoticeKind::ExpirySms);
        assert_eq!(due_notices(E, E + 7 * DAY - 1, &r, &sent), vec![]);
        assert_eq!(
            due_notices(E, E + 7 * DAY, &r, &sent),
            vec![NoticeKind::Lock, NoticeKind::LockEmail, NoticeKind::LockSms]
        );
        sent.push(NoticeKind::Lock);
        assert_eq!(
            due_notices(E, E + 7 * DAY, &r, &sent),
            vec![NoticeKind::LockEmail, NoticeKind::LockSms]
        );
        assert!(!cycle_closed(E, E + 7 * DAY, 7, &sent));
        sent.extend([NoticeKind::LockEmail, NoticeKind::LockSms]);
        assert_eq!(due_notices(E, E + 7 * DAY, &r, &sent), vec![]);
        assert!(cycle_closed(E, E + 7 * DAY, 7, &sent));
        assert!(!cycle_closed(E, E + 7 * DAY - 1, 7, &sent));
    }

    #[test]
    fn a_failed_notice_is_due_again_while_it_is_the_most_urgent() {
        let r = rules();
        // email-7 failed (not finished): due again the next day.
        assert_eq!(
            due_notices(E, E - 6 * DAY, &r, &[NoticeKind::Email(14)]),
            vec![NoticeKind::Email(7)]
        );
        // Once 3 days are crossed it is superseded.
        assert_eq!(
            due_notices(E, E - 3 * DAY, &r, &[NoticeKind::Email(14)]),
            vec![NoticeKind::Email(3)]
        );
    }

    #[test]
    fn no_sms_category_and_no_notice_days_and_no_grace() {
        let quiet = CategoryExpiry {
            notice_days: vec![],
            grace_days: 3,
            sms_on_expiry: false,
        };
        for t in [E - 20 * DAY, E - DAY, E, E + DAY] {
            assert_eq!(due_notices(E, t, &quiet, &[]), vec![], "t={t}");
        }
        assert_eq!(due_notices(E, E + 3 * DAY, &quiet, &[]).len(), 3);
        let no_grace = CategoryExpiry {
            grace_days: 0,
            ..rules()
        };
        assert_eq!(
            due_notices(E, E, &no_grace, &[]),
            vec![NoticeKind::Lock, NoticeKind::LockEmail, NoticeKind::LockSms]
        );
    }

    #[test]
    fn codes_round_trip() {
        for kind in [
            NoticeKind::Email(14),
            NoticeKind::Email(1),
            NoticeKind::ExpirySms,
            NoticeKind::Lock,
            NoticeKind::LockEmail,
            NoticeKind::LockSms,
        ] {
            assert_eq!(NoticeKind::parse(&kind.code()), Some(kind));
        }
        assert_eq!(NoticeKind::parse("email-x"), None);
        assert_eq!(NoticeKind::parse("fax"), None);
        assert_eq!(NoticeKind::Email(3).channel(), Channel::Email);
        assert_eq!(NoticeKind::LockSms.channel(), Channel::Sms);
        assert_eq!(NoticeKind::Lock.channel(), Channel::Account);
    }

    #[test]
    fn horizon_covers_the_largest_notice_day() {
        assert_eq!(notice_horizon(E, 14), E + 14 * DAY);
        assert_eq!(notice_horizon(E, 0), E);
    }
}
