//! The sign-in lock: how wrong passwords for one username turn into locks that rise
//! (15 min, 30, 60, … up to a cap) and, after enough locks within a window, a lock that
//! only the office staff lift. Pure: the store keeps a [`Throttle`] per username tag (a
//! keyed HMAC of the typed name), the same for names that exist and names that do not,
//! so a lock says nothing about who exists.

use std::fmt;
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The keyed HMAC that names a typed username in the sign-in throttle and, for a name
/// with no account, in the audit log: the typed text itself is never stored.
#[derive(Clone)]
pub struct NameTags(Hmac<Sha256>);

impl fmt::Debug for NameTags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NameTags(***)")
    }
}

impl NameTags {
    /// None when the key is shorter than 16 bytes.
    pub fn new(key: &[u8]) -> Option<Self> {
        (key.len() >= 16)
            .then(|| Hmac::<Sha256>::new_from_slice(key).ok())
            .flatten()
            .map(Self)
    }

    fn hex(&self, label: &[u8], username: &str) -> String {
        let mut mac = self.0.clone();
        mac.update(label);
        mac.update(&[0]);
        mac.update(username.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The throttle key of a (normalised) username.
    pub fn throttle_tag(&self, username: &str) -> String {
        self.hex(b"signin", username)
    }

    /// How the audit log names a typed name that has no account: `unknown:` and 16 hex
    /// digits, enough to see repeats, nothing to read the name back from.
    pub fn unknown_label(&self, username: &str) -> String {
        let mut hex = self.hex(b"audit", username);
        hex.truncate(16);
        format!("unknown:{hex}")
    }
}

/// The limits, from `[lockout]` in config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutRules {
    /// Consecutive wrong passwords that lock the name.
    pub max_failures: u32,
    /// Length of the first lock, in seconds; 0 = every lock lasts until staff lift it.
    pub first_lock_secs: i64,
    /// Longest timed lock, in seconds; each lock doubles the one before up to this.
    pub max_lock_secs: i64,
    /// Locks within `window_secs` after which the name stays locked until staff lift it
    /// (0 = never).
    pub locks_until_staff: u32,
    pub window_secs: i64,
}

/// The directory's own lockout: after `threshold` bad passwords it locks the person for
/// `lock_secs` (`None`: until an administrator unlocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectoryLockout {
    pub threshold: u32,
    pub lock_secs: Option<i64>,
}

impl DirectoryLockout {
    /// The stricter of two (several policies in one directory): the lower threshold, the
    /// longer lock.
    pub fn stricter(self, other: DirectoryLockout) -> DirectoryLockout {
        DirectoryLockout {
            threshold: self.threshold.min(other.threshold),
            lock_secs: match (self.lock_secs, other.lock_secs) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            },
        }
    }
}

impl LockoutRules {
    /// The rules with the directory's own lockout as a floor of strictness: every typed
    /// name, known or not, locks at the kiosk no later and no shorter than the directory
    /// would lock a real person, so the directory's lock never tells that a name exists.
    pub fn capped_by(self, directory: Option<DirectoryLockout>) -> LockoutRules {
        let Some(d) = directory.filter(|d| d.threshold > 0) else {
            return self;
        };
        let first_lock_secs = match d.lock_secs {
            // Already until staff, or the directory's lock is: until staff.
            _ if self.first_lock_secs <= 0 => 0,
            None => 0,
            Some(secs) => self.first_lock_secs.max(secs),
        };
        LockoutRules {
            max_failures: self.max_failures.max(1).min(d.threshold),
            first_lock_secs,
            max_lock_secs: self.max_lock_secs.max(first_lock_secs),
            ..self
        }
    }
}

/// The sign-in failure state of one username.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Throttle {
    /// Wrong passwords since the last lock or success.
    pub failures: i64,
    /// Locks within the current window.
    pub lock_count: i64,
    /// When the current window of locks began.
    pub window_start: Option<i64>,
    /// End of the current timed lock.
    pub locked_until: Option<i64>,
    /// Locked until the office staff lift it.
    pub until_staff: bool,
}

/// Whether a name may try a password now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockState {
    Open,
    /// Locked until this time.
    Until(i64),
    /// Locked until the office staff lift it.
    UntilStaff,
}

impl Throttle {
    /// The lock in force at `now`.
    pub fn state(&self, now: i64) -> LockState {
        if self.until_staff {
            LockState::UntilStaff
        } else {
            match self.locked_until {
                Some(until) if until > now => LockState::Until(until),
                _ => LockState::Open,
            }
        }
    }

    /// The state after one wrong password at `now`. A wrong password while locked
    /// changes nothing: the lock runs its course.
    pub fn after_failure(&self, now: i64, rules: &LockoutRules) -> Throttle {
        if self.state(now) != LockState::Open {
            return *self;
        }
        let failures = self.failures + 1;
        if failures < i64::from(rules.max_failures.max(1)) {
            return Throttle { failures, ..*self };
        }
        let window_open = self
            .window_start
            .is_some_and(|start| rules.window_secs <= 0 || now - start < rules.window_secs);
        let (lock_count, window_start) = if window_open {
            (self.lock_count + 1, self.window_start)
        } else {
            (1, Some(now))
        };
        let until_staff = rules.first_lock_secs <= 0
            || (rules.locks_until_staff > 0 && lock_count >= i64::from(rules.locks_until_staff));
        let locked_until = (!until_staff).then(|| now + lock_length(lock_count, rules));
        Throttle {
            failures: 0,
            lock_count,
            window_start,
            locked_until,
            until_staff,
        }
    }

    /// The state after the directory reported its own lock of the person: locked now, as
    /// if this were the failure that reaches the limit (the same lock, length and count).
    pub fn lock_now(&self, now: i64, rules: &LockoutRules) -> Throttle {
        if self.state(now) != LockState::Open {
            return *self;
        }
        let last = i64::from(rules.max_failures.max(1)) - 1;
        Throttle {
            failures: self.failures.max(last),
            ..*self
        }
        .after_failure(now, rules)
    }

    /// The state after the right password: the count of wrong ones starts again; the
    /// locks of the window are remembered so that a guesser who also knows one right
    /// password gains nothing.
    pub fn after_success(&self) -> Throttle {
        Throttle {
            failures: 0,
            ..*self
        }
    }
}

/// The n-th lock (1-based) lasts the first lock's length doubled n-1 times, capped.
fn lock_length(n: i64, rules: &LockoutRules) -> i64 {
    let doublings = u32::try_from((n - 1).clamp(0, 30)).unwrap_or(30);
    rules
        .first_lock_secs
        .saturating_mul(1_i64 << doublings)
        .min(rules.max_lock_secs.max(rules.first_lock_secs))
}

/// How one kiosk slows down after wrong passwords, across all names: the first few are
/// free, then each waits twice as long as the one before, up to a cap. Held per kiosk
/// (per process), so a script gets at most one guess per cap at a kiosk however many
/// names it tries, while someone who mistypes twice never waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaceRules {
    pub free_failures: u32,
    pub first_delay_secs: i64,
    pub max_delay_secs: i64,
}

/// The pace of one kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pace {
    /// Wrong passwords in a row at this kiosk.
    pub failures: u32,
    /// No password is judged before this time.
    pub next_at: i64,
}

impl Pace {
    /// The time to wait for before the next password may be judged.
    pub fn wait_until(&self, now: i64) -> Option<i64> {
        (self.next_at > now).then_some(self.next_at)
    }

    pub fn after_failure(&self, now: i64, rules: &PaceRules) -> Pace {
        let failures = self.failures.saturating_add(1);
        let over = failures.saturating_sub(rules.free_failures);
        let delay = if over == 0 {
            0
        } else {
            rules
                .first_delay_secs
                .saturating_mul(1_i64 << (over - 1).min(30))
                .min(rules.max_delay_secs.max(rules.first_delay_secs))
        };
        Pace {
            failures,
            // No wait leaves no mark, so a clock set back (NTP) cannot make one.
            next_at: if delay > 0 { now + delay } else { 0 },
        }
    }

    pub fn after_success(&self) -> Pace {
        Pace::default()
    }
}

/// Input faster than a person types: keystrokes closer together than `key_ms`, or a
/// paste, submitted (Enter on the username or the password) `submissions` times in a row
/// starts a cooldown of `cooldown_secs` during which nothing is submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MachineRules {
    pub key_ms: u64,
    /// 0 = never.
    pub submissions: u32,
    pub cooldown_secs: u64,
}

/// What a submission may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submit {
    Go,
    /// Cooling down: not submitted.
    Blocked,
    /// This submission starts a cooldown (and is not submitted): audit it.
    CooldownStarts,
}

/// How the current field was filled, and how many machine-made submissions came in a
/// row. Lives across sessions: a script does not start afresh with each person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InputPace {
    last_key: Option<Instant>,
    keys: u32,
    fast: u32,
    pasted: bool,
    streak: u32,
    cooldown_until: Option<Instant>,
}

impl InputPace {
    /// A character typed into a field.
    pub fn on_key(&mut self, now: Instant, rules: &MachineRules) {
        if let Some(last) = self.last_key
            && now.saturating_duration_since(last) < Duration::from_millis(rules.key_ms)
        {
            self.fast += 1;
        }
        self.keys += 1;
        self.last_key = Some(now);
    }

    pub fn on_paste(&mut self) {
        self.pasted = true;
    }

    /// Time left in the cooldown.
    pub fn cooling(&self, now: Instant) -> Option<Duration> {
        self.cooldown_until
            .map(|until| until.saturating_duration_since(now))
            .filter(|left| !left.is_zero())
    }

    /// Enter on a username or a password: whether it goes through.
    pub fn on_submit(&mut self, now: Instant, rules: &MachineRules) -> Submit {
        // Four or more keys, at least four in five gaps faster than a person types.
        let machine =
            self.pasted || (self.keys >= 4 && self.fast * 5 >= self.keys.saturating_sub(1) * 4);
        let fresh = InputPace {
            streak: self.streak,
            cooldown_until: self.cooldown_until,
            ..InputPace::default()
        };
        *self = fresh;
        if self.cooling(now).is_some() {
            return Submit::Blocked;
        }
        if rules.submissions == 0 {
            return Submit::Go;
        }
        self.streak = if machine { self.streak + 1 } else { 0 };
        if self.streak >= rules.submissions {
            self.streak = 0;
            self.cooldown_until = Some(now + Duration::from_secs(rules.cooldown_secs));
            return Submit::CooldownStarts;
        }
        Submit::Go
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: LockoutRules = LockoutRules {
        max_failures: 5,
        first_lock_secs: 15 * 60,
        max_lock_secs: 4 * 3600,
        locks_until_staff: 4,
        window_secs: 24 * 3600,
    };

    fn fail(t: Throttle, now: i64, n: usize) -> Throttle {
        (0..n).fold(t, |t, _| t.after_failure(now, &RULES))
    }

    #[test]
    fn the_directorys_lockout_caps_the_kiosks() {
        let dir = |threshold, lock_secs| {
            Some(DirectoryLockout {
                threshold,
                lock_secs,
            })
        };
        assert_eq!(RULES.capped_by(dir(3, Some(60))).max_failures, 3);
        assert_eq!(RULES.capped_by(dir(10, Some(60))).max_failures, 5);
        assert_eq!(RULES.capped_by(dir(0, None)), RULES);
        assert_eq!(RULES.capped_by(None), RULES);
        // A lock at least as long as the directory's, until staff if its is until unlock.
        assert_eq!(RULES.capped_by(dir(3, Some(60))).first_lock_secs, 15 * 60);
        let long = RULES.capped_by(dir(3, Some(30 * 60)));
        assert_eq!(
            (long.first_lock_secs, long.max_lock_secs),
            (30 * 60, 4 * 3600)
        );
        assert_eq!(RULES.capped_by(dir(3, None)).first_lock_secs, 0);
        let rules = RULES.capped_by(dir(3, Some(30 * 60)));
        let t = (0..2).fold(Throttle::default(), |t, _| t.after_failure(0, &rules));
        assert_eq!(t.state(0), LockState::Open);
        assert_eq!(
            t.after_failure(0, &rules).state(0),
            LockState::Until(30 * 60)
        );
        let staff = RULES.capped_by(dir(3, None));
        let t = (0..3).fold(Throttle::default(), |t, _| t.after_failure(0, &staff));
        assert_eq!(t.state(0), LockState::UntilStaff);
        // Several policies: the lowest threshold, the longest lock.
        let a = DirectoryLockout {
            threshold: 3,
            lock_secs: Some(60),
        };
        let b = DirectoryLockout {
            threshold: 5,
            lock_secs: Some(600),
        };
        assert_eq!(
            a.stricter(b),
            DirectoryLockout {
                threshold: 3,
                lock_secs: Some(600)
            }
        );
        let forever = DirectoryLockout {
            threshold: 5,
            lock_secs: None,
        };
        assert_eq!(a.stricter(forever).lock_secs, None);
    }

    #[test]
    fn a_directory_lock_locks_the_name_at_once() {
        let t = Throttle::default().lock_now(100, &RULES);
        assert_eq!(t.state(100), LockState::Until(100 + 15 * 60));
        assert_eq!((t.failures, t.lock_count), (0, 1));
        // The same as the failure that reaches the limit.
        assert_eq!(t, fail(Throttle::default(), 100, 5));
        // While locked, nothing moves.
        assert_eq!(t.lock_now(200, &RULES), t);
        // The second lock doubles, as after failures.
        let again = t.lock_now(100 + 15 * 60, &RULES);
        assert_eq!(again.state(100 + 15 * 60), LockState::Until(100 + 45 * 60));
    }

    #[test]
    fn the_kiosk_slows_down_and_a_success_resets_it() {
        let rules = PaceRules {
            free_failures: 3,
            first_delay_secs: 2,
            max_delay_secs: 30,
        };
        let mut p = Pace::default();
        let mut delays = Vec::new();
        for _ in 0..9 {
            p = p.after_failure(100, &rules);
            delays.push(p.wait_until(100).map_or(0, |t| t - 100));
        }
        assert_eq!(delays, vec![0, 0, 0, 2, 4, 8, 16, 30, 30]);
        assert_eq!(p.after_success().wait_until(100), None);
        // At most one guess per cap: an hour holds no more than 3600 / 30 + 3.
        let mut now = 0;
        let mut guesses = 0;
        let mut p = Pace::default();
        while now < 3600 {
            now = p.wait_until(now).unwrap_or(now);
            p = p.after_failure(now, &rules);
            guesses += 1;
        }
        assert!(guesses <= 3600 / 30 + 8, "{guesses}");
    }

    #[test]
    fn machine_speed_input_cools_down_and_a_person_never_does() {
        let rules = MachineRules {
            key_ms: 15,
            submissions: 3,
            cooldown_secs: 60,
        };
        let t0 = Instant::now();
        let mut pace = InputPace::default();
        let typed = |pace: &mut InputPace, start: Instant, gap_ms: u64| {
            for k in 0..8 {
                pace.on_key(start + Duration::from_millis(k * gap_ms), &rules);
            }
        };
        // A person: 120 ms between keys, any number of times.
        for n in 0..10 {
            let at = t0 + Duration::from_secs(n * 2);
            typed(&mut pace, at, 120);
            assert_eq!(
                pace.on_submit(at + Duration::from_secs(1), &rules),
                Submit::Go
            );
        }
        // A script: all keys at once, or pasted.
        let at = t0 + Duration::from_secs(100);
        typed(&mut pace, at, 0);
        assert_eq!(pace.on_submit(at, &rules), Submit::Go);
        pace.on_paste();
        assert_eq!(pace.on_submit(at, &rules), Submit::Go);
        typed(&mut pace, at, 1);
        assert_eq!(pace.on_submit(at, &rules), Submit::CooldownStarts);
        assert_eq!(pace.cooling(at), Some(Duration::from_secs(60)));
        // Even a person waits it out.
        typed(&mut pace, at, 120);
        assert_eq!(
            pace.on_submit(at + Duration::from_secs(30), &rules),
            Submit::Blocked
        );
        let later = at + Duration::from_secs(61);
        assert_eq!(pace.cooling(later), None);
        typed(&mut pace, later, 120);
        assert_eq!(
            pace.on_submit(later + Duration::from_secs(1), &rules),
            Submit::Go
        );
        // A person in between breaks the run.
        let mut pace = InputPace::default();
        for n in 0..6u64 {
            let at = t0 + Duration::from_secs(n);
            typed(&mut pace, at, if n % 2 == 0 { 0 } else { 120 });
            assert_eq!(
                pace.on_submit(at + Duration::from_secs(1), &rules),
                Submit::Go
            );
        }
        // Off.
        let off = MachineRules {
            submissions: 0,
            ..rules
        };
        let mut pace = InputPace::default();
        for _ in 0..20 {
            pace.on_paste();
            assert_eq!(pace.on_submit(t0, &off), Submit::Go);
        }
    }

    #[test]
    fn tags_hide_the_name() {
        let k = NameTags::new(&[7; 32]).unwrap();
        assert!(NameTags::new(b"short").is_none());
        let tag = k.throttle_tag("nobody");
        assert_eq!(tag.len(), 64);
        assert_eq!(tag, k.throttle_tag("nobody"));
        assert_ne!(tag, k.throttle_tag("nobody2"));
        let label = k.unknown_label("nobody");
        assert!(
            label.starts_with("unknown:") && label.len() == 24,
            "{label}"
        );
        assert!(!label.contains("nobody") && !tag.starts_with(&label[8..]));
        assert_eq!(format!("{k:?}"), "NameTags(***)");
    }

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let t = fail(Throttle::default(), 100, 4);
        assert_eq!(t.state(100), LockState::Open);
        let t = t.after_failure(100, &RULES);
        assert_eq!(t.state(100), LockState::Until(100 + 900));
        assert_eq!(t.state(100 + 900), LockState::Open);
    }

    #[test]
    fn failures_while_locked_change_nothing() {
        let t = fail(Throttle::default(), 0, 5);
        assert_eq!(fail(t, 10, 50), t);
    }

    #[test]
    fn locks_rise_then_need_staff() {
        let mut now = 0;
        let mut t = Throttle::default();
        let mut lengths = Vec::new();
        for _ in 0..3 {
            t = fail(t, now, 5);
            let LockState::Until(until) = t.state(now) else {
                panic!("{t:?}")
            };
            lengths.push(until - now);
            now = until;
        }
        assert_eq!(lengths, vec![900, 1800, 3600]);
        t = fail(t, now, 5);
        assert_eq!(t.state(now + 365 * 86_400), LockState::UntilStaff);
    }

    #[test]
    fn the_cap_holds_and_the_window_forgets() {
        let rules = LockoutRules {
            locks_until_staff: 0,
            ..RULES
        };
        let mut now = 0;
        let mut t = Throttle::default();
        for _ in 0..10 {
            t = (0..5).fold(t, |t, _| t.after_failure(now, &rules));
            let LockState::Until(until) = t.state(now) else {
                panic!()
            };
            assert!(until - now <= 4 * 3600);
            now = until;
        }
        assert_eq!(t.locked_until.map(|u| u - (now - 4 * 3600)), Some(4 * 3600));
        // A new window starts over at the first length.
        let later = now + 2 * 86_400;
        let t = fail(t, later, 5);
        assert_eq!(t.state(later), LockState::Until(later + 900));
        assert_eq!(t.lock_count, 1);
    }

    #[test]
    fn zero_minutes_means_until_staff_and_success_keeps_the_window() {
        let rules = LockoutRules {
            first_lock_secs: 0,
            ..RULES
        };
        let t = (0..5).fold(Throttle::default(), |t, _| t.after_failure(0, &rules));
        assert_eq!(t.state(1 << 40), LockState::UntilStaff);
        let t = fail(Throttle::default(), 0, 3).after_success();
        assert_eq!(t.failures, 0);
        let t = fail(Throttle::default(), 0, 5);
        assert_eq!(t.after_success().lock_count, 1);
    }
}
