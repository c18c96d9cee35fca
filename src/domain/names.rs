//! Names from a roster, made safe before they are stored: usernames that match the
//! school's pattern and are not confusable with another, display names without invisible
//! or layout-breaking characters and no longer than the screens have room for.

use std::fmt;

use unicode_security::skeleton;

/// The username pattern by default: lowercase ASCII letters, digits, `.`, `-`, `_`, 1 to 64.
pub const DEFAULT_USERNAME_PATTERN: &str = "[a-z0-9._-]{1,64}";

/// A regular expression a whole username must match (anchored at both ends).
#[derive(Clone)]
pub struct UsernamePattern {
    source: String,
    regex: regex::Regex,
}

impl UsernamePattern {
    /// Compiles `pattern`; it is matched against the whole name, so `^`/`$` are not needed.
    pub fn new(pattern: &str) -> Result<Self, regex::Error> {
        let regex = regex::Regex::new(&format!("^(?:{pattern})$"))?;
        Ok(Self {
            source: pattern.to_string(),
            regex,
        })
    }

    /// Whether the whole of `username` matches.
    pub fn matches(&self, username: &str) -> bool {
        self.regex.is_match(username)
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl fmt::Debug for UsernamePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UsernamePattern({:?})", self.source)
    }
}

/// The UTS 39 skeleton of a name: two names with the same skeleton look alike
/// (`аnna` with a Cyrillic а and `anna`; also `rn` and `m`, `1` and `l`).
pub fn username_skeleton(username: &str) -> String {
    skeleton(username).collect()
}

/// Whether two different names look alike.
pub fn confusable(a: &str, b: &str) -> bool {
    a != b && username_skeleton(a) == username_skeleton(b)
}

/// Characters a display name never keeps: controls (escape sequences start with one),
/// zero-width characters, bidi controls, line and paragraph separators, tag characters.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}'   // zero-width space, non-joiner, joiner; LRM, RLM
                | '\u{061c}'          // Arabic letter mark
                | '\u{2028}' | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// A display name as stored, and what cleaning did to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanName {
    pub text: String,
    /// Hidden characters removed.
    pub removed: usize,
    /// Characters cut at the end to fit `max_chars`.
    pub cut: usize,
}

impl CleanName {
    /// Whether the stored name differs from what the roster said.
    pub fn changed(&self) -> bool {
        self.removed > 0 || self.cut > 0
    }
}

/// Removes hidden characters, trims, and caps the name at `max_chars` characters (the cut
/// end trimmed again so no name ends in a space).
pub fn clean_display_name(raw: &str, max_chars: usize) -> CleanName {
    let kept: String = raw.chars().filter(|c| !is_hidden(*c)).collect();
    let removed = raw.chars().count() - kept.chars().count();
    let trimmed = kept.trim();
    let total = trimmed.chars().count();
    let text: String = trimmed.chars().take(max_chars).collect();
    let cut = total.saturating_sub(max_chars);
    let text = if cut > 0 {
        text.trim_end().to_string()
    } else {
        text
    };
    CleanName { text, removed, cut }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_pattern() {
        let p = UsernamePattern::new(DEFAULT_USERNAME_PATTERN).unwrap();
        for ok in ["anna.ostlund", "a", "x_y-z.9", &"a".repeat(64)] {
            assert!(p.matches(ok), "{ok}");
        }
        for bad in [
            "",
            &"a".repeat(65),
            "Anna",
            "anna@school",
            "östlund",
            "\u{430}nna.ostlund",
            "anna ostlund",
            "anna\n",
        ] {
            assert!(!p.matches(bad), "{bad:?}");
        }
        // Anchored: a match inside the name is not enough.
        let p = UsernamePattern::new("[a-z]+").unwrap();
        assert!(!p.matches("abc!"));
        assert!(UsernamePattern::new("[a-z").is_err());
    }

    #[test]
    fn confusable_names() {
        assert!(confusable("anna.ostlund", "\u{430}nna.ostlund"));
        assert!(confusable("anna.ostlund", "anna.\u{43e}stlund"));
        assert!(!confusable("anna.ostlund", "anna.ostlund"));
        assert!(!confusable("anna.ostlund", "anna.berg"));
        assert!(!confusable("östlund", "ostlund"));
    }

    #[test]
    fn display_names_lose_hidden_characters() {
        let raw = "An\u{200b}na\u{200d} \u{2060}Öst\u{feff}lund\u{e0041}\u{2028}\u{202e}\u{2066}\u{1b}[31m";
        let c = clean_display_name(raw, 80);
        assert_eq!(c.text, "Anna Östlund[31m");
        assert_eq!(c.removed, 9);
        assert_eq!(c.cut, 0);
        assert!(c.changed());
        let plain = clean_display_name("Anna Östlund", 80);
        assert_eq!(plain.text, "Anna Östlund");
        assert!(!plain.changed());
        // Letters of other scripts and combining marks stay.
        assert!(!clean_display_name("Zoë Łukasz 王芳 Nguyễn", 80).changed());
    }

    #[test]
    fn display_names_are_capped() {
        let c = clean_display_name(&"é".repeat(5000), 80);
        assert_eq!(c.text.chars().count(), 80);
        assert_eq!(c.cut, 4920);
        assert!(c.changed());
        let c = clean_display_name("Anna Maria Östlund", 11);
        assert_eq!(c.text, "Anna Maria");
        assert_eq!(c.cut, 7);
        assert_eq!(clean_display_name(&"a".repeat(80), 80).cut, 0);
    }
}
