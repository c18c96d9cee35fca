//! Text from outside (the database, a roster) made safe to draw on a terminal.

/// Removes control characters (escape sequences start with one) and bidi overrides, and
/// trims. Names read from the database go through this before they are drawn.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Lowercase with diacritics removed, so "Östlund" also matches "ostlund".
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn strips_escapes_and_overrides() {
        assert_eq!(
            super::sanitize(" Anna\u{1b}[31m Ek\u{202e}\n"),
            "Anna[31m Ek"
        );
        assert_eq!(super::sanitize("Östlund"), "Östlund");
        assert_eq!(super::fold("Östlund Åberg"), "ostlund aberg");
    }
}
