//! The school's directory, the pure parts: the password-policy response control
//! (draft-behera-ldap-password-policy) decoded from its bytes, the directory's policy
//! merged with a category's (stricter wins per rule), the category a directory entry maps
//! to, and a refusal turned into the one thing the person is told.

use serde::{Deserialize, Serialize};

use crate::domain::policy::CategoryPolicy;

/// OID of the password-policy request and response control.
pub const PPOLICY_OID: &str = "1.3.6.1.4.1.42.2.27.8.5.1";

/// The `error` of a password-policy response control (values 0–8 of the draft).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PpolicyError {
    PasswordExpired,
    AccountLocked,
    ChangeAfterReset,
    PasswordModNotAllowed,
    MustSupplyOldPassword,
    InsufficientPasswordQuality,
    PasswordTooShort,
    PasswordTooYoung,
    PasswordInHistory,
}

impl PpolicyError {
    pub fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            0 => Self::PasswordExpired,
            1 => Self::AccountLocked,
            2 => Self::ChangeAfterReset,
            3 => Self::PasswordModNotAllowed,
            4 => Self::MustSupplyOldPassword,
            5 => Self::InsufficientPasswordQuality,
            6 => Self::PasswordTooShort,
            7 => Self::PasswordTooYoung,
            8 => Self::PasswordInHistory,
            _ => return None,
        })
    }
}

/// A decoded password-policy response control.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PpolicyResponse {
    /// Seconds until the password expires (warning).
    pub expires_in: Option<i64>,
    /// Grace binds left after expiry (warning).
    pub grace_left: Option<i64>,
    pub error: Option<PpolicyError>,
}

/// The control's value was not the BER the draft describes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed password-policy response control")]
pub struct PpolicyDecodeError;

/// One BER element: (tag, content, rest).
fn ber(bytes: &[u8]) -> Result<(u8, &[u8], &[u8]), PpolicyDecodeError> {
    let (&tag, rest) = bytes.split_first().ok_or(PpolicyDecodeError)?;
    let (&first, rest) = rest.split_first().ok_or(PpolicyDecodeError)?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return Err(PpolicyDecodeError);
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return Err(PpolicyDecodeError);
    }
    Ok((tag, &rest[..len], &rest[len..]))
}

fn integer(content: &[u8]) -> Result<i64, PpolicyDecodeError> {
    if content.is_empty() || content.len() > 8 {
        return Err(PpolicyDecodeError);
    }
    // Two's complement, big-endian.
    let negative = content[0] & 0x80 != 0;
    let start: i64 = if negative { -1 } else { 0 };
    Ok(content
        .iter()
        .fold(start, |acc, b| (acc << 8) | i64::from(*b)))
}

/// Decodes the value of a password-policy response control:
/// `SEQUENCE { warning [0] CHOICE { timeBeforeExpiration [0] INTEGER,
/// graceAuthNsRemaining [1] INTEGER } OPTIONAL, error [1] ENUMERATED OPTIONAL }`.
pub fn decode_ppolicy(value: &[u8]) -> Result<PpolicyResponse, PpolicyDecodeError> {
    let (tag, mut body, _) = ber(value)?;
    if tag != 0x30 {
        return Err(PpolicyDecodeError);
    }
    let mut out = PpolicyResponse::default();
    while !body.is_empty() {
        let (tag, content, rest) = ber(body)?;
        match tag {
            0xa0 => {
                let (inner, value, _) = ber(content)?;
                match inner {
                    0x80 => out.expires_in = Some(integer(value)?),
                    0x81 => out.grace_left = Some(integer(value)?),
                    _ => return Err(PpolicyDecodeError),
                }
            }
            0x81 => {
                out.error =
                    Some(PpolicyError::from_code(integer(content)?).ok_or(PpolicyDecodeError)?);
            }
            _ => return Err(PpolicyDecodeError),
        }
        body = rest;
    }
    Ok(out)
}

/// The password policy the directory applies to one person (OpenLDAP's `pwdPolicy`);
/// `None` or 0 = the directory has no such rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DirectoryPolicy {
    pub min_length: Option<usize>,
    pub history: Option<u32>,
    /// Seconds after a change before the next is allowed.
    pub min_age_secs: Option<i64>,
    pub max_age_secs: Option<i64>,
    /// 0 = no check, 1 = check if possible, 2 = must check.
    pub check_quality: Option<u8>,
    /// Active Directory's complexity rule is on (pwdProperties bit 1, or the PSO's).
    pub complexity: bool,
    /// Bad passwords before the directory locks the account (0 or `None`: never).
    pub lockout_threshold: Option<u32>,
}

/// The category's policy with the directory's rules on top: the stricter value wins per
/// rule (longer minimum, deeper history, shorter maximum age).
pub fn merge(category: &CategoryPolicy, dir: &DirectoryPolicy) -> CategoryPolicy {
    let mut p = category.clone();
    if let Some(min) = dir.min_length.filter(|&m| m > 0) {
        p.min_length = p.min_length.max(min.min(p.max_length));
    }
    if let Some(depth) = dir.history.filter(|&d| d > 0) {
        p.history_depth = p.history_depth.max(depth);
    }
    if let Some(secs) = dir.max_age_secs.filter(|&s| s > 0) {
        let days = u32::try_from((secs / 86_400).max(1)).unwrap_or(u32::MAX);
        p.max_age_days = if p.max_age_days == 0 {
            days
        } else {
            p.max_age_days.min(days)
        };
    }
    p.complexity |= dir.complexity;
    p
}

/// The state of a person's entry in the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryUser {
    pub dn: String,
    pub username: String,
    pub display_name: String,
    pub mail: Option<String>,
    pub mobile: Option<String>,
    /// The language attribute's value ("" when the entry has none); `None` when no
    /// attribute is configured (`directory.language_attribute`).
    pub language: Option<String>,
    /// DNs of the groups the entry is a member of (as the directory names them).
    pub groups: Vec<String>,
    /// The kiosk category from the configured mapping, if any rule matched.
    pub category: Option<String>,
    pub locked: bool,
    /// Locked for good by an administrator (OpenLDAP's `pwdAccountLockedTime` of
    /// `000001010000Z`): the sync deactivates the kiosk account.
    pub disabled: bool,
    pub must_change: bool,
    /// When the password was last changed (Unix seconds), if the directory says.
    pub changed_at: Option<i64>,
    /// When the password expires as the directory itself computes it (Active Directory's
    /// msDS-UserPasswordExpiryTimeComputed, fine-grained policies included).
    pub expires_computed: Option<i64>,
    pub policy: DirectoryPolicy,
}

impl DirectoryUser {
    /// The password has passed its maximum age.
    pub fn expired(&self, now: i64) -> bool {
        if let Some(at) = self.expires_computed {
            return at <= now;
        }
        match (self.changed_at, self.policy.max_age_secs.filter(|&s| s > 0)) {
            (Some(at), Some(max)) => at + max <= now,
            _ => false,
        }
    }

    /// When the password expires by the directory's policy (`pwdChangedTime` +
    /// `pwdMaxAge`), if it has both.
    pub fn expires_at(&self) -> Option<i64> {
        if self.expires_computed.is_some() {
            return self.expires_computed;
        }
        Some(self.changed_at? + self.policy.max_age_secs.filter(|&s| s > 0)?)
    }

    /// When the next change is allowed (min age), if that is later than `now`.
    pub fn can_change_after(&self, now: i64) -> Option<i64> {
        let at = self.changed_at? + self.policy.min_age_secs.filter(|&s| s > 0)?;
        (at > now).then_some(at)
    }
}

/// One rule of `[directory] categories`: an entry under `dn_suffix` (an OU) or a member of
/// the group `group` is in `category`. The first rule that matches wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRule {
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub dn_suffix: String,
    pub category: String,
}

/// DNs compared as the directory compares them for our purposes: case and spaces after
/// commas ignored.
fn norm_dn(dn: &str) -> String {
    dn.split(',')
        .map(|rdn| rdn.trim().to_lowercase())
        .collect::<Vec<_>>()
        .join(",")
}

/// The category of an entry: the first rule whose group or OU matches.
pub fn map_category(dn: &str, groups: &[String], rules: &[CategoryRule]) -> Option<String> {
    let dn = norm_dn(dn);
    let groups: Vec<String> = groups.iter().map(|g| norm_dn(g)).collect();
    rules
        .iter()
        .find(|r| {
            let by_group = !r.group.is_empty() && groups.contains(&norm_dn(&r.group));
            let suffix = norm_dn(&r.dn_suffix);
            let by_ou =
                !r.dn_suffix.is_empty() && (dn == suffix || dn.ends_with(&format!(",{suffix}")));
            by_group || by_ou
        })
        .map(|r| r.category.clone())
}

/// Why the directory refused a new password, as the person is told it: the rule and its
/// number. The server's own text goes to the audit only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Used recently: one not among the last `depth` passwords.
    InHistory {
        depth: u32,
    },
    TooShort {
        min: usize,
    },
    /// Changed too recently: allowed again after this time (Unix seconds), if known.
    TooYoung {
        after: Option<i64>,
    },
    Quality,
    /// Active Directory's complexity rule: three kinds of characters, not the name.
    Complexity,
    /// Not allowed for this account (locked, expired, changes not allowed).
    NotAllowed,
}

impl Refusal {
    /// The i18n key of the sentence (`$n` and `$time` filled in by the UI).
    pub fn key(&self) -> &'static str {
        match self {
            Refusal::InHistory { .. } => "directory-refused-history",
            Refusal::TooShort { .. } => "directory-refused-short",
            Refusal::TooYoung { after: Some(_) } => "directory-refused-young",
            Refusal::TooYoung { after: None } => "directory-refused-young-unknown",
            Refusal::Quality => "directory-refused-quality",
            Refusal::Complexity => "directory-refused-complexity",
            Refusal::NotAllowed => "directory-refused-not-allowed",
        }
    }

    /// A short name for the audit row.
    pub fn name(&self) -> &'static str {
        match self {
            Refusal::InHistory { .. } => "in-history",
            Refusal::TooShort { .. } => "too-short",
            Refusal::TooYoung { .. } => "too-young",
            Refusal::Quality => "quality",
            Refusal::Complexity => "complexity",
            Refusal::NotAllowed => "not-allowed",
        }
    }
}

/// The refusal a directory's answer means, from the control's error when it sent one
/// (trusted over the text, which can mislead: a reuse by replace reads "not being changed
/// from existing value"), else from the text. `None`: not a policy refusal.
pub fn refusal(
    error: Option<PpolicyError>,
    text: &str,
    user: &DirectoryUser,
    now: i64,
) -> Option<Refusal> {
    let p = &user.policy;
    let depth = p.history.unwrap_or(0).max(1);
    let min = p.min_length.unwrap_or(0);
    let young = Refusal::TooYoung {
        after: user.can_change_after(now),
    };
    Some(match error {
        Some(PpolicyError::PasswordInHistory) => Refusal::InHistory { depth },
        Some(PpolicyError::PasswordTooShort) => Refusal::TooShort { min },
        Some(PpolicyError::PasswordTooYoung) => young,
        Some(PpolicyError::InsufficientPasswordQuality) => Refusal::Quality,
        Some(
            PpolicyError::PasswordExpired
            | PpolicyError::AccountLocked
            | PpolicyError::ChangeAfterReset
            | PpolicyError::PasswordModNotAllowed
            | PpolicyError::MustSupplyOldPassword,
        ) => Refusal::NotAllowed,
        None => {
            // Active Directory's 0000052D, with Samba's reason or Windows' none.
            if let Some(r) = crate::domain::ad::ad_refusal(text, user, now) {
                return Some(r);
            }
            let t = text.to_lowercase();
            if t.contains("history") {
                Refusal::InHistory { depth }
            } else if t.contains("too short") {
                Refusal::TooShort { min }
            } else if t.contains("too young") {
                young
            } else if t.contains("quality") {
                Refusal::Quality
            } else {
                return None;
            }
        }
    })
}

/// A GeneralizedTime (`20261130185000Z`, fractions and a `Z` or no zone) as Unix seconds.
pub fn parse_generalized_time(s: &str) -> Option<i64> {
    let digits = s.get(..14)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |a: usize, b: usize| digits.get(a..b).and_then(|x| x.parse::<i64>().ok());
    let (y, m, d) = (n(0, 4)?, n(4, 6)?, n(6, 8)?);
    let (hh, mm, ss) = (n(8, 10)?, n(10, 12)?, n(12, 14)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3_600 + mm * 60 + ss)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> Vec<u8> {
        // A tiny decoder for the captured values (no base64 crate in the domain).
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut bits = 0u32;
        let mut n = 0;
        let mut out = Vec::new();
        for c in s.bytes().filter(|&c| c != b'=') {
            let v = alphabet.iter().position(|&a| a == c).unwrap() as u32;
            bits = (bits << 6) | v;
            n += 6;
            if n >= 8 {
                n -= 8;
                out.push((bits >> n) as u8);
                bits &= (1 << n) - 1;
            }
        }
        out
    }

    #[test]
    fn captured_controls_decode() {
        let short = decode_ppolicy(&b64("MAOBAQY=")).unwrap();
        assert_eq!(short.error, Some(PpolicyError::PasswordTooShort));
        let history = decode_ppolicy(&b64("MAOBAQg=")).unwrap();
        assert_eq!(history.error, Some(PpolicyError::PasswordInHistory));
        assert_eq!(history.expires_in, None);
    }

    #[test]
    fn every_error_and_the_warnings_decode() {
        for code in 0..=8u8 {
            let r = decode_ppolicy(&[0x30, 0x03, 0x81, 0x01, code]).unwrap();
            assert_eq!(r.error, PpolicyError::from_code(i64::from(code)));
            assert!(r.error.is_some());
        }
        // timeBeforeExpiration 3600 and no error.
        let r = decode_ppolicy(&[0x30, 0x06, 0xa0, 0x04, 0x80, 0x02, 0x0e, 0x10]).unwrap();
        assert_eq!((r.expires_in, r.error), (Some(3600), None));
        // graceAuthNsRemaining 2 and error 2 (change after reset).
        let r =
            decode_ppolicy(&[0x30, 0x08, 0xa0, 0x03, 0x81, 0x01, 0x02, 0x81, 0x01, 0x02]).unwrap();
        assert_eq!(r.grace_left, Some(2));
        assert_eq!(r.error, Some(PpolicyError::ChangeAfterReset));
        // An empty sequence: no warning, no error.
        assert_eq!(
            decode_ppolicy(&[0x30, 0x00]).unwrap(),
            PpolicyResponse::default()
        );
    }

    #[test]
    fn malformed_controls_are_errors() {
        for bad in [
            &[][..],
            &[0x30],
            &[0x30, 0x05, 0x81, 0x01, 0x06],
            &[0x31, 0x03, 0x81, 0x01, 0x06],
            &[0x30, 0x03, 0x81, 0x01, 0x09],
            &[0x30, 0x03, 0x82, 0x01, 0x06],
        ] {
            assert_eq!(decode_ppolicy(bad), Err(PpolicyDecodeError), "{bad:?}");
        }
    }

    fn category() -> CategoryPolicy {
        CategoryPolicy {
            label: "students".into(),
            min_length: 8,
            max_length: 64,
            require_lowercase: false,
            require_uppercase: false,
            require_digit: false,
            require_symbol: false,
            history_depth: 5,
            max_age_days: 0,
            min_score: 2,
            blocklist: true,
            warn_days: 14,
            complexity: false,
            questions: Default::default(),
            expiry: Default::default(),
            verification: Default::default(),
        }
    }

    #[test]
    fn merge_takes_the_stricter_rule() {
        let dir = DirectoryPolicy {
            min_length: Some(10),
            history: Some(3),
            max_age_secs: Some(90 * 86_400),
            ..Default::default()
        };
        let p = merge(&category(), &dir);
        assert_eq!((p.min_length, p.history_depth, p.max_age_days), (10, 5, 90));
        let none = merge(&category(), &DirectoryPolicy::default());
        assert_eq!(none, category());
        let mut strict = category();
        strict.max_age_days = 30;
        strict.min_length = 12;
        let p = merge(&strict, &dir);
        assert_eq!((p.min_length, p.max_age_days), (12, 30));
    }

    #[test]
    fn categories_map_by_group_then_ou() {
        let rules = vec![
            CategoryRule {
                group: "cn=Teachers,ou=Groups,dc=school,dc=test".into(),
                dn_suffix: String::new(),
                category: "staff".into(),
            },
            CategoryRule {
                group: String::new(),
                dn_suffix: "ou=People,dc=school,dc=test".into(),
                category: "students".into(),
            },
        ];
        let dn = "uid=anna,ou=people, dc=school,dc=test";
        assert_eq!(map_category(dn, &[], &rules).as_deref(), Some("students"));
        let groups = vec!["cn=teachers,ou=groups,dc=school,dc=test".to_string()];
        assert_eq!(map_category(dn, &groups, &rules).as_deref(), Some("staff"));
        assert_eq!(
            map_category("uid=x,ou=other,dc=school,dc=test", &[], &rules),
            None
        );
        // A suffix matches whole RDNs only.
        assert_eq!(
            map_category("uid=x,ou=superpeople,dc=school,dc=test", &[], &rules),
            None
        );
    }

    #[test]
    fn refusals_trust_the_control_over_the_text() {
        let user = DirectoryUser {
            changed_at: Some(1_000),
            policy: DirectoryPolicy {
                min_length: Some(10),
                history: Some(3),
                min_age_secs: Some(3_600),
                ..Default::default()
            },
            ..Default::default()
        };
        let text = "Password is not being changed from existing value";
        assert_eq!(
            refusal(Some(PpolicyError::PasswordInHistory), text, &user, 2_000),
            Some(Refusal::InHistory { depth: 3 })
        );
        assert_eq!(
            refusal(Some(PpolicyError::PasswordTooShort), "", &user, 2_000),
            Some(Refusal::TooShort { min: 10 })
        );
        assert_eq!(
            refusal(Some(PpolicyError::PasswordTooYoung), "", &user, 2_000),
            Some(Refusal::TooYoung { after: Some(4_600) })
        );
        assert_eq!(
            refusal(
                None,
                "Password is in history of old passwords",
                &user,
                2_000
            ),
            Some(Refusal::InHistory { depth: 3 })
        );
        assert_eq!(refusal(None, "Insufficient access", &user, 2_000), None);
        assert!(!user.expired(2_000));
    }

    #[test]
    fn generalized_times_parse() {
        assert_eq!(parse_generalized_time("19700101000000Z"), Some(0));
        assert_eq!(
            parse_generalized_time("20261130185000Z"),
            Some(1_796_064_600)
        );
        assert_eq!(
            parse_generalized_time("20240229120000.123Z"),
            Some(1_709_208_000)
        );
        assert_eq!(parse_generalized_time("000001010000Z"), None);
        assert_eq!(parse_generalized_time("garbage"), None);
    }
}
