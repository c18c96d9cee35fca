//! Common passwords nobody may choose, from the list shipped in `assets/common-passwords.txt`:
//! zxcvbn's 10,000 most common passwords plus common Swedish and Italian ones.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// One lowercase password per line; lines starting with `#` are comments.
const LIST: &str = include_str!("../../assets/common-passwords.txt");

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    LIST.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

/// True when the lowercased candidate, or the candidate with its trailing digits and symbols
/// stripped, is on the list: "Password1!" and "Lösenord123" are common.
pub fn is_common(candidate: &str) -> bool {
    // NFC, as the list is: a pasted "lösenord" may arrive with a combining diaeresis.
    let lowered: String = candidate.nfc().collect::<String>().to_lowercase();
    let stem = lowered.trim_end_matches(|c: char| !c.is_alphabetic());
    COMMON.contains(lowered.as_str()) || (!stem.is_empty() && COMMON.contains(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_found() {
        for candidate in [
            "password",
            "Password1!",
            "PASSWORD",
            "Lösenord123",
            "lo\u{308}senord", // decomposed ö
            "123456",
            "qwerty123",
            "Sommar2024!",
            "hösten2025",
            "parolachiave",
            "ForzaInter!!",
            "pic's",
        ] {
            assert!(is_common(candidate), "{candidate:?}");
        }
    }

    #[test]
    fn uncommon_passwords_are_not() {
        for candidate in [
            "correct horse battery staple",
            "Kanelbulle med kaffe",
            "",
            "!!!",
            "1234 lösenord extra",
        ] {
            assert!(!is_common(candidate), "{candidate:?}");
        }
    }

    #[test]
    fn the_list_is_loaded_without_comments() {
        assert!(COMMON.len() > 10_000);
        assert!(
            COMMON
                .iter()
                .all(|w| !w.starts_with('#') && *w == w.to_lowercase())
        );
    }
}
