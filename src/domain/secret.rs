//! Secrets (passwords, codes, answers): zeroized on drop, never printed.

use std::fmt;

use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret string. `Debug` prints `***`; there is no `Display`.
#[derive(Clone, Default, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Secret(String);

impl Secret {
    /// Wraps a string as typed.
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// A password as typed, NFKC-normalised so that composed and decomposed letters (and
    /// full-width forms) hash the same.
    pub fn password(raw: &str) -> Self {
        Self(raw.nfkc().collect())
    }

    /// The secret's text; keep the borrow short.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Length in characters (Unicode scalar values), as policies count it.
    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }

    #[test]
    fn nfkc_makes_composed_and_decomposed_equal() {
        let composed = Secret::password("caf\u{e9}");
        let decomposed = Secret::password("cafe\u{301}");
        assert_eq!(composed, decomposed);
        assert_eq!(composed.chars(), 4);
        // Full-width letters fold to ASCII under NFKC.
        assert_eq!(Secret::password("\u{ff21}").expose(), "A");
    }
}
