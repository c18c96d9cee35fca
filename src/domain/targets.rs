//! Push targets: the cloud accounts (Google Workspace, Microsoft 365) that get the new
//! password after the authority (the kiosk's database or the directory) accepted it. Pure:
//! their names, how a try went, when to try again, and the crypt hash Google takes.

use sha_crypt::{Algorithm, Params, PasswordHasher, ShaCrypt};
use zeroize::Zeroizing;

/// A cloud service the new password is pushed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetKind {
    Google,
    Microsoft,
}

impl TargetKind {
    pub const ALL: [TargetKind; 2] = [TargetKind::Google, TargetKind::Microsoft];

    /// The name in config, the queue table and the audit log.
    pub fn name(self) -> &'static str {
        match self {
            TargetKind::Google => "google",
            TargetKind::Microsoft => "microsoft",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// Where the new password stands at one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    /// The target took it.
    Done,
    /// A temporary failure: queued, tried again within minutes (Google only).
    Pending,
    /// Refused or unreachable, and not queued: the office staff must look.
    Failed,
}

impl TargetState {
    pub fn name(self) -> &'static str {
        match self {
            TargetState::Done => "done",
            TargetState::Pending => "pending",
            TargetState::Failed => "failed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [TargetState::Done, TargetState::Pending, TargetState::Failed]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// One target's part of a password change, for the Done screen and the staff card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetResult {
    pub kind: TargetKind,
    pub state: TargetState,
}

impl TargetResult {
    /// `google=done microsoft=failed`: the audit detail's words, parsed back by
    /// [`parse_results`] for the staff card and `kiosk admin show`.
    pub fn word(&self) -> String {
        format!("{}={}", self.kind.name(), self.state.name())
    }
}

/// Every `target=state` word in an audit detail, in order.
pub fn parse_results(detail: &str) -> Vec<TargetResult> {
    detail
        .split_whitespace()
        .filter_map(|w| {
            let (k, s) = w.split_once('=')?;
            Some(TargetResult {
                kind: TargetKind::parse(k)?,
                state: TargetState::parse(s)?,
            })
        })
        .collect()
}

/// One target's part of a person's last change, as the staff card and `kiosk admin show`
/// tell it: its state, from the newest audit row about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetStatus {
    pub kind: TargetKind,
    pub state: TargetState,
    /// When that row was written.
    pub at: i64,
    /// Tries so far (the detail's `tries=N`; 1 without it).
    pub tries: u32,
    /// The next try, while the push waits in the queue.
    pub next_try_at: Option<i64>,
    /// What went wrong, as the audit detail says it (`status=403 step="…"`, `no-answer …`);
    /// empty when done.
    pub reason: String,
    /// The HTTP status of the failure, if the service answered.
    pub status: Option<u16>,
}

impl TargetStatus {
    /// From one `target_push` audit row's detail (`google=pending tries=2 status=503 …`).
    pub fn from_detail(detail: &str, at: i64) -> Option<Self> {
        let mut words = detail.split(' ');
        let first = parse_results(words.next()?).into_iter().next()?;
        let mut rest: Vec<&str> = words.collect();
        let mut tries = 1;
        if let Some(n) = rest
            .first()
            .and_then(|w| w.strip_prefix("tries="))
            .and_then(|n| n.parse().ok())
        {
            tries = n;
            rest.remove(0);
        }
        let reason = rest.join(" ");
        let status = reason
            .split(' ')
            .find_map(|w| w.strip_prefix("status=")?.parse().ok());
        Some(Self {
            kind: first.kind,
            state: first.state,
            at,
            tries,
            next_try_at: None,
            reason,
            status,
        })
    }

    pub fn result(&self) -> TargetResult {
        TargetResult {
            kind: self.kind,
            state: self.state,
        }
    }
}

/// How a failed try is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Timeout, no connection, 408, 429, 5xx: may work in a minute.
    Temporary,
    /// Any other answer (400 invalid password, 401/403 not allowed, 404 unknown user):
    /// trying again cannot help.
    Permanent,
}

/// A failure from the HTTP status, `None` when no answer came at all.
pub fn classify(status: Option<u16>) -> Failure {
    match status {
        None | Some(408 | 429 | 500..=599) => Failure::Temporary,
        Some(_) => Failure::Permanent,
    }
}

/// The first retry after one minute, doubling, at most an hour apart.
pub fn backoff_secs(tries: u32) -> i64 {
    60_i64.saturating_mul(1 << tries.saturating_sub(1).min(6))
}

/// A queued push older than this is dropped (audited): days later, a silent change of the
/// cloud password would surprise more than it helps.
pub const MAX_QUEUE_AGE_SECS: i64 = 3 * 86_400;

/// The most Google takes: the Admin SDK's `User.hashFunction` reference says of `crypt`
/// ("$1$", "$5$", "$6$") "if rounds are specified as part of the prefix, they must be
/// 10,000 or fewer". Twice glibc's default 5000, for the sealed copies in the retry queue.
pub const CRYPT_ROUNDS: u32 = 10_000;

/// The SHA-512 crypt (`$6$`) hash of `password`, salted with `salt` (12 random bytes make
/// the longest salt crypt reads, 16 characters).
pub fn crypt_sha512(password: &str, salt: &[u8; 12]) -> Option<Zeroizing<String>> {
    let params = Params::new(CRYPT_ROUNDS).ok()?;
    let hash = ShaCrypt::new(Algorithm::Sha512Crypt, params)
        .hash_password_with_salt(password.as_bytes(), salt)
        .ok()?;
    Some(Zeroizing::new(hash.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_and_permanent_failures() {
        for s in [None, Some(408), Some(429), Some(500), Some(502), Some(503)] {
            assert_eq!(classify(s), Failure::Temporary, "{s:?}");
        }
        for s in [400, 401, 403, 404, 409, 412] {
            assert_eq!(classify(Some(s)), Failure::Permanent, "{s}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let v: Vec<i64> = (1..=9).map(backoff_secs).collect();
        assert_eq!(v, [60, 120, 240, 480, 960, 1920, 3840, 3840, 3840]);
        assert_eq!(backoff_secs(0), 60);
    }

    #[test]
    fn result_words_round_trip() {
        let r = [
            TargetResult {
                kind: TargetKind::Google,
                state: TargetState::Pending,
            },
            TargetResult {
                kind: TargetKind::Microsoft,
                state: TargetState::Failed,
            },
        ];
        let detail = format!("score=4 {} {}", r[0].word(), r[1].word());
        assert_eq!(parse_results(&detail), r);
    }

    #[test]
    fn a_status_from_its_audit_detail() {
        let s = TargetStatus::from_detail(
            "google=pending tries=2 status=503 step=\"google users.update\"",
            7,
        )
        .unwrap();
        assert_eq!(
            (s.kind, s.state, s.at),
            (TargetKind::Google, TargetState::Pending, 7)
        );
        assert_eq!(s.tries, 2);
        assert_eq!(s.status, Some(503));
        assert_eq!(s.reason, "status=503 step=\"google users.update\"");
        let s = TargetStatus::from_detail("microsoft=failed no-answer \"timed out\"", 8).unwrap();
        assert_eq!((s.tries, s.status), (1, None));
        assert_eq!(s.reason, "no-answer \"timed out\"");
        let s = TargetStatus::from_detail("google=done", 9).unwrap();
        assert_eq!((s.state, s.reason.as_str()), (TargetState::Done, ""));
        assert_eq!(TargetStatus::from_detail("google", 9), None);
    }

    #[test]
    fn crypt_hash_is_sha512_with_a_16_char_salt() {
        let h = crypt_sha512("Hello world!", &[7; 12]).unwrap();
        let parts: Vec<&str> = h.split('$').collect();
        assert_eq!(parts[..3], ["", "6", "rounds=10000"], "{}", &*h);
        assert_eq!(parts[3].len(), 16);
        assert_eq!(parts[4].len(), 86);
        assert_ne!(*h, *crypt_sha512("Hello world!", &[8; 12]).unwrap());
    }
}
