//! Usernames: parsed once at the edge, then carried as a newtype.

use std::fmt;

use unicode_normalization::UnicodeNormalization;

/// A syntactically valid username: NFKC, lowercase, 1–64 characters of letters, digits
/// and `. _ - @`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Username(String);

/// Why a username was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("the username is empty")]
    Empty,
    #[error("the username is longer than 64 characters")]
    TooLong,
    #[error("the username contains the character {0:?}")]
    BadChar(char),
}

impl Username {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(raw: &str) -> Result<Self, UsernameError> {
        let s: String = raw.trim().nfkc().flat_map(char::to_lowercase).collect();
        if s.is_empty() {
            return Err(UsernameError::Empty);
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(UsernameError::TooLong);
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@')))
        {
            return Err(UsernameError::BadChar(c));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_space() {
        assert_eq!(
            Username::parse("  Anna.Berg ").unwrap().as_str(),
            "anna.berg"
        );
        assert_eq!(Username::parse("ÖSTLUND").unwrap().as_str(), "östlund");
    }

    #[test]
    fn refuses_bad_input() {
        assert_eq!(Username::parse("  "), Err(UsernameError::Empty));
        assert_eq!(Username::parse("a b"), Err(UsernameError::BadChar(' ')));
        assert_eq!(
            Username::parse("x\u{1b}"),
            Err(UsernameError::BadChar('\u{1b}'))
        );
        assert_eq!(
            Username::parse(&"a".repeat(65)),
            Err(UsernameError::TooLong)
        );
        assert!(Username::parse(&"a".repeat(64)).is_ok());
    }
}
