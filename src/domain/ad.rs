//! Active Directory (Windows and Samba 4), the pure parts: the unicodePwd value, the
//! `data NNN` of a failed bind, the reason in a refusal's text, the policy-hints control,
//! the "complexity" rule, and AD's time units.

use zeroize::Zeroizing;

use crate::domain::directory::{DirectoryUser, Refusal};

/// LDAP_SERVER_POLICY_HINTS_OID: asks a Windows DC (2012 R2 and later) to enforce password
/// history on a reset too. Samba 4.17 does not know it (sent non-critical, it is ignored).
pub const POLICY_HINTS_OID: &str = "1.2.840.113556.1.4.2239";

/// The control's value: `SEQUENCE { Flags INTEGER (1) }`.
pub const POLICY_HINTS_VALUE: [u8; 5] = [0x30, 0x03, 0x02, 0x01, 0x01];

/// `userAccountControl` bit ACCOUNTDISABLE.
pub const UAC_DISABLED: i64 = 0x2;

/// The filter part that leaves out disabled accounts (bitwise AND matching rule).
pub const NOT_DISABLED: &str = "(!(userAccountControl:1.2.840.113556.1.4.803:=2))";

/// Seconds between 1601-01-01 (FILETIME's epoch) and 1970-01-01.
const FILETIME_UNIX_OFFSET: i64 = 11_644_473_600;

/// The value of `unicodePwd`: the password in double quotes, UTF-16LE.
pub fn unicode_pwd(password: &str) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity((password.len() + 2) * 2));
    for unit in std::iter::once('"')
        .chain(password.chars())
        .chain(std::iter::once('"'))
        .flat_map(|c| {
            let mut buf = [0u16; 2];
            let n = c.encode_utf16(&mut buf).len();
            (0..n).map(move |i| buf[i])
        })
    {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// The `data NNN` sub-code of a failed bind (`… AcceptSecurityContext error, data 52e, v…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindData {
    /// 52e: wrong password (or unknown user, 525).
    WrongPassword,
    /// 773: the password is right and must be changed at next logon.
    MustChange,
    /// 532: the password is right and has expired.
    Expired,
    /// 775: locked out by the directory.
    Locked,
    /// 533: disabled; 701: account expired; 530/531: not at this time or workstation.
    NotAllowed,
    Other(u32),
}

impl BindData {
    /// The right password that only a change may follow (the person cannot bind).
    pub fn verified_for_change(self) -> bool {
        matches!(self, BindData::MustChange | BindData::Expired)
    }
}

/// The sub-code in the text of a bind that failed with 49, if it has one.
pub fn bind_data(text: &str) -> Option<BindData> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("data ")? + 5;
    let hex: String = lower[at..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    let code = u32::from_str_radix(&hex, 16).ok()?;
    Some(match code {
        0x52e | 0x525 => BindData::WrongPassword,
        0x773 => BindData::MustChange,
        0x532 => BindData::Expired,
        0x775 => BindData::Locked,
        0x533 | 0x701 | 0x530 | 0x531 => BindData::NotAllowed,
        other => BindData::Other(other),
    })
}

/// Why AD refused a new password, as its text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdReason {
    /// Samba: in history, or the current password again.
    History,
    /// Samba: too short, with the minimum when the text names it.
    TooShort(Option<usize>),
    Complexity,
    TooYoung,
    /// Windows: `0000052D` with no reason. Every local rule had passed; what is left is
    /// almost always a recently used password (history on a change, or min age).
    Unstated,
}

/// The reason in a refusal's text: Samba's `0000052D: Constraint violation -
/// check_password_restrictions: …!` words, or Windows' bare `0000052D`. `None`: not a
/// password-policy refusal.
pub fn ad_reason(text: &str) -> Option<AdReason> {
    let t = text.to_ascii_lowercase();
    if !t.contains("0000052d") && !t.contains("check_password_restrictions") {
        return None;
    }
    Some(
        if t.contains("in history") || t.contains("previous password") {
            AdReason::History
        } else if t.contains("too short") {
            // "… It should be equal or longer than 10 characters!"
            let min = t
                .split("longer than ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok());
            AdReason::TooShort(min)
        } else if t.contains("complexity") {
            AdReason::Complexity
        } else if t.contains("too young") {
            AdReason::TooYoung
        } else {
            AdReason::Unstated
        },
    )
}

/// The refusal an AD text means, in the kiosk's words.
pub fn ad_refusal(text: &str, user: &DirectoryUser, now: i64) -> Option<Refusal> {
    let p = &user.policy;
    let depth = p.history.unwrap_or(0).max(1);
    Some(match ad_reason(text)? {
        AdReason::History | AdReason::Unstated => Refusal::InHistory { depth },
        AdReason::TooShort(min) => Refusal::TooShort {
            min: min.or(p.min_length).unwrap_or(0),
        },
        AdReason::Complexity => Refusal::Complexity,
        AdReason::TooYoung => Refusal::TooYoung {
            after: user.can_change_after(now),
        },
    })
}

/// AD's complexity rule (pwdProperties bit 1, or a PSO's): at least three of uppercase,
/// lowercase, digits, symbols and other letters; and none of `names` (the account name
/// whole; display-name parts of three characters or more) inside it, case ignored.
pub fn meets_complexity(password: &str, names: &[String]) -> bool {
    let mut classes = [false; 5];
    for c in password.chars() {
        let i = if c.is_uppercase() {
            0
        } else if c.is_lowercase() {
            1
        } else if c.is_ascii_digit() {
            2
        } else if c.is_alphabetic() {
            4
        } else if !c.is_alphanumeric() {
            3
        } else {
            // Other digits (Unicode Nd beyond ASCII): counted as letters of no case.
            4
        };
        classes[i] = true;
    }
    let lower = password.to_lowercase();
    let personal = names
        .iter()
        .map(|n| n.to_lowercase())
        .any(|n| n.chars().count() >= 3 && lower.contains(&n));
    classes.iter().filter(|&&c| c).count() >= 3 && !personal
}

/// The parts of a display name AD checks: split at the characters Windows splits at.
pub fn display_name_parts(display_name: &str) -> Vec<String> {
    display_name
        .split(|c: char| c.is_whitespace() || ",.-_#".contains(c))
        .filter(|p| p.chars().count() >= 3)
        .map(str::to_string)
        .collect()
}

/// A binary SID (as in `tokenGroups`) that grants the whole domain: Domain Admins (RID
/// 512), Schema Admins (518), Enterprise Admins (519), or BUILTIN\\Administrators
/// (S-1-5-32-544), Account Operators (548).
pub fn is_admin_sid(sid: &[u8]) -> bool {
    // Revision, sub-authority count, 6-byte authority, then 32-bit little-endian parts.
    let Some((&count, rest)) = sid.get(1..).and_then(<[u8]>::split_first) else {
        return false;
    };
    let count = usize::from(count);
    if rest.len() != 6 + 4 * count || count == 0 {
        return false;
    }
    let part = |i: usize| {
        let b = &rest[6 + 4 * i..10 + 4 * i];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    };
    let nt_authority = rest[..6] == [0, 0, 0, 0, 0, 5];
    let last = part(count - 1);
    nt_authority
        && ((count == 2 && part(0) == 32 && matches!(last, 544 | 548))
            || (count == 5 && part(0) == 21 && matches!(last, 512 | 518 | 519)))
}

/// A FILETIME (100 ns since 1601) as Unix seconds; 0 and "never" (i64::MAX) are `None`.
pub fn filetime_to_unix(v: i64) -> Option<i64> {
    if v <= 0 || v == i64::MAX {
        return None;
    }
    Some(v / 10_000_000 - FILETIME_UNIX_OFFSET)
}

/// A domain interval (negative 100 ns, as in maxPwdAge) as seconds; 0 and "never"
/// (i64::MIN) are `None`.
pub fn interval_secs(v: i64) -> Option<i64> {
    if v == 0 || v == i64::MIN {
        return None;
    }
    Some(v.unsigned_abs().checked_div(10_000_000)? as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::directory::DirectoryPolicy;

    #[test]
    fn unicode_pwd_is_quoted_utf16le() {
        assert_eq!(
            unicode_pwd("ab").as_slice(),
            &[0x22, 0, b'a', 0, b'b', 0, 0x22, 0]
        );
        // Å is one unit; an emoji outside the BMP is a surrogate pair.
        assert_eq!(unicode_pwd("Å").as_slice(), &[0x22, 0, 0xc5, 0, 0x22, 0]);
        assert_eq!(
            unicode_pwd("😀").as_slice(),
            &[0x22, 0, 0x3d, 0xd8, 0x00, 0xde, 0x22, 0]
        );
        assert_eq!(unicode_pwd("").as_slice(), &[0x22, 0, 0x22, 0]);
    }

    #[test]
    fn bind_data_codes_parse() {
        let windows = "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext \
                       error, data 773, v4563\0";
        assert_eq!(bind_data(windows), Some(BindData::MustChange));
        let samba = "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, \
                     data 52e, v1db1";
        assert_eq!(bind_data(samba), Some(BindData::WrongPassword));
        assert_eq!(bind_data("… data 532, v…"), Some(BindData::Expired));
        assert_eq!(bind_data("… DATA 775, v…"), Some(BindData::Locked));
        assert_eq!(bind_data("… data 533, v…"), Some(BindData::NotAllowed));
        assert_eq!(bind_data("… data 1f, v…"), Some(BindData::Other(0x1f)));
        assert_eq!(bind_data("Invalid credentials"), None);
        assert_eq!(bind_data("data , v"), None);
        assert!(BindData::MustChange.verified_for_change());
        assert!(BindData::Expired.verified_for_change());
        assert!(!BindData::Locked.verified_for_change());
        assert!(!BindData::WrongPassword.verified_for_change());
    }

    const PREFIX: &str = "0000052D: Constraint violation - check_password_restrictions: ";

    #[test]
    fn samba_reasons_parse() {
        let r = |s: &str| ad_reason(&format!("{PREFIX}{s}"));
        assert_eq!(
            r("the password was already used (in history)!"),
            Some(AdReason::History)
        );
        assert_eq!(
            r("the password was already used (previous password)!"),
            Some(AdReason::History)
        );
        assert_eq!(
            r("the password is too short. It should be equal or longer than 10 characters!"),
            Some(AdReason::TooShort(Some(10)))
        );
        assert_eq!(
            r("the password does not meet the complexity criteria!"),
            Some(AdReason::Complexity)
        );
        assert_eq!(
            r("password is too young to change!"),
            Some(AdReason::TooYoung)
        );
        // Windows: the code and no reason.
        assert_eq!(
            ad_reason("0000052D: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0\n"),
            Some(AdReason::Unstated)
        );
        assert_eq!(
            ad_reason("00002098: SecErr: DSID-03150F94, problem 4003"),
            None
        );
    }

    #[test]
    fn refusals_in_the_kiosks_words() {
        let user = DirectoryUser {
            policy: DirectoryPolicy {
                min_length: Some(12),
                history: Some(5),
                ..Default::default()
            },
            ..Default::default()
        };
        let short = format!(
            "{PREFIX}the password is too short. It should be equal or longer than 10 characters!"
        );
        // The server's number wins over the policy read earlier.
        assert_eq!(
            ad_refusal(&short, &user, 0),
            Some(Refusal::TooShort { min: 10 })
        );
        assert_eq!(
            ad_refusal("0000052D: SvcErr: problem 5003", &user, 0),
            Some(Refusal::InHistory { depth: 5 })
        );
        assert_eq!(
            ad_refusal(
                &format!("{PREFIX}does not meet the complexity criteria!"),
                &user,
                0
            ),
            Some(Refusal::Complexity)
        );
        assert_eq!(ad_refusal("Insufficient access", &user, 0), None);
    }

    #[test]
    fn policy_hints_value_is_ber_integer_one() {
        // "MAMCAQE=" in base64, as ldapmodify -e sends it.
        assert_eq!(POLICY_HINTS_VALUE, [0x30, 0x03, 0x02, 0x01, 0x01]);
        assert_eq!(POLICY_HINTS_OID, "1.2.840.113556.1.4.2239");
    }

    #[test]
    fn complexity_is_three_classes_and_no_name() {
        let names = vec!["anna.berg".to_string(), "Anna".into(), "Berg".into()];
        assert!(meets_complexity("Hallon-bat-61", &names));
        assert!(meets_complexity("hallonbat61!", &names));
        assert!(meets_complexity("HALLONBAT61!", &names));
        assert!(!meets_complexity("hallonbatsegel", &names));
        assert!(!meets_complexity("hallonbat6161", &names));
        assert!(!meets_complexity("Hallonbatsegel", &names));
        // Three classes, but the first name inside, in any case.
        assert!(!meets_complexity("xANNAx-61", &names));
        assert!(!meets_complexity("Xx-anna.berg-1", &names));
        // Letters without case count as a class of their own.
        assert!(meets_complexity("hallon1漢字", &names));
        // Short names are not checked.
        assert!(meets_complexity("Al-pha-61", &["Al".to_string()]));
        assert_eq!(
            display_name_parts("Anna-Lena O. Berg_Ek"),
            vec!["Anna", "Lena", "Berg"]
        );
    }

    fn sid(parts: &[u32]) -> Vec<u8> {
        let mut v = vec![1, parts.len() as u8, 0, 0, 0, 0, 0, 5];
        for p in parts {
            v.extend_from_slice(&p.to_le_bytes());
        }
        v
    }

    #[test]
    fn admin_sids_are_told() {
        let domain = [21, 1_111, 2_222, 3_333];
        let with = |rid: u32| {
            let mut p = domain.to_vec();
            p.push(rid);
            sid(&p)
        };
        assert!(is_admin_sid(&with(512)));
        assert!(is_admin_sid(&with(519)));
        assert!(is_admin_sid(&sid(&[32, 544])));
        assert!(!is_admin_sid(&with(513)));
        assert!(!is_admin_sid(&with(1_105)));
        assert!(!is_admin_sid(&sid(&[32, 545])));
        assert!(!is_admin_sid(&[1, 2, 0]));
        assert!(!is_admin_sid(&[]));
    }

    #[test]
    fn ad_times_convert() {
        // 2026-11-30 18:50:00 UTC.
        let ft = (1_796_064_600 + FILETIME_UNIX_OFFSET) * 10_000_000;
        assert_eq!(filetime_to_unix(ft), Some(1_796_064_600));
        assert_eq!(filetime_to_unix(0), None);
        assert_eq!(filetime_to_unix(i64::MAX), None);
        // maxPwdAge of 42 days.
        assert_eq!(interval_secs(-36_288_000_000_000), Some(42 * 86_400));
        assert_eq!(interval_secs(i64::MIN), None);
        assert_eq!(interval_secs(0), None);
    }
}
