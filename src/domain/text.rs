//! Text from outside (the database, a roster) made safe to draw on a terminal.

/// Removes the characters import cleaning removes (`names::is_hidden`: controls, where
/// escape sequences start; zero-width, bidi, tag and line-separator characters), and trims.
/// Names already in a database may predate that cleaning, so everything drawn goes through
/// this too.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .filter(|c| !super::names::is_hidden(*c))
        .collect::<String>()
        .trim()
        .to_string()
}

/// Names on a screen are cut to this many characters: a name longer than the import cap
/// (from before the cap, or from the directory) must not push the fields off an 80x24 screen.
pub const SCREEN_NAME_MAX_CHARS: usize = 60;

/// `s` cut to at most `max_chars` characters, the last one an ellipsis when cut.
pub fn shorten(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let kept: String = s.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
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

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(super::shorten("Anna", 60), "Anna");
        assert_eq!(super::shorten(&"é".repeat(60), 60), "é".repeat(60));
        let cut = super::shorten(&"é".repeat(5000), 60);
        assert_eq!(cut.chars().count(), 60);
        assert!(cut.ends_with("é…"));
        assert_eq!(super::shorten("Anna Maria Östlund", 12), "Anna Maria…");
    }

    #[test]
    fn drops_what_import_cleaning_drops() {
        let raw = "An\u{200b}na\u{200d} \u{2060}Öst\u{feff}lund\u{e0041}\u{2028}\u{2029}\u{202e}\u{2066}\u{61c}";
        assert_eq!(super::sanitize(raw), "Anna Östlund");
        // The same set as import: whatever cleaning keeps, the sanitiser keeps.
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            let s = c.to_string();
            let kept = !super::super::names::is_hidden(c);
            assert_eq!(
                super::sanitize(&format!("a{s}b")) == format!("a{s}b"),
                kept,
                "{c:?}"
            );
        }
        assert_eq!(
            super::sanitize("Zoë Łukasz 王芳 Nguyễn"),
            "Zoë Łukasz 王芳 Nguyễn"
        );
    }
}
