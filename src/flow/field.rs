//! Input fields. Usernames use tui-input; secrets use [`SecretField`], whose buffer is
//! reserved up front (no reallocation leaves copies behind) and zeroized on drop: tui-input
//! cannot zeroize its buffer and keeps a kill buffer, so it never holds a password.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};
use zeroize::Zeroizing;

use crate::domain::secret::Secret;

/// What an edit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Changed,
    Unchanged,
    /// Refused: the field would exceed its maximum length.
    TooLong,
}

/// The printable character a key press types, if any. Ctrl+key types nothing (Ctrl-C,
/// Ctrl-Z, Ctrl-\ included); Ctrl+Alt is AltGr on some terminals and types its character.
pub fn typed_char(key: &KeyEvent) -> Option<char> {
    let KeyCode::Char(c) = key.code else {
        return None;
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if (ctrl && !alt) || (alt && !ctrl) || c.is_control() {
        return None;
    }
    Some(c)
}

/// Keeps the characters of pasted text that may enter a field: no control characters
/// (newlines, escapes, NUL) and no bidi overrides.
pub fn clean_paste(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// A plain text field (the username).
#[derive(Debug, Default)]
pub struct TextField {
    input: Input,
    max_chars: usize,
}

impl TextField {
    pub fn new(max_chars: usize) -> Self {
        Self {
            input: Input::default(),
            max_chars,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    pub fn key(&mut self, key: &KeyEvent) -> Edit {
        let req = match key.code {
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            _ => match typed_char(key) {
                Some(c) if self.input.value().chars().count() >= self.max_chars => {
                    let _ = c;
                    return Edit::TooLong;
                }
                Some(c) => InputRequest::InsertChar(c),
                None => return Edit::Unchanged,
            },
        };
        match self.input.handle(req) {
            Some(change) if change.value => Edit::Changed,
            _ => Edit::Unchanged,
        }
    }

    pub fn paste(&mut self, text: &str) -> Edit {
        let clean = clean_paste(text);
        if clean.is_empty() {
            return Edit::Unchanged;
        }
        if self.input.value().chars().count() + clean.chars().count() > self.max_chars {
            return Edit::TooLong;
        }
        for c in clean.chars() {
            self.input.handle(InputRequest::InsertChar(c));
        }
        Edit::Changed
    }
}

/// A masked field for a password. Its buffer never reallocates and is zeroized on drop.
#[derive(Debug)]
pub struct SecretField {
    buf: Zeroizing<String>,
    /// Cursor position in characters.
    cursor: usize,
    max_chars: usize,
}

impl SecretField {
    pub fn new(max_chars: usize) -> Self {
        Self {
            buf: Zeroizing::new(String::with_capacity(max_chars * 4)),
            cursor: 0,
            max_chars,
        }
    }

    pub fn chars(&self) -> usize {
        self.buf.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// The value, NFKC-normalised, as a secret.
    pub fn secret(&self) -> Secret {
        Secret::password(&self.buf)
    }

    fn byte_at(&self, char_pos: usize) -> usize {
        self.buf
            .char_indices()
            .nth(char_pos)
            .map_or(self.buf.len(), |(i, _)| i)
    }

    fn insert(&mut self, c: char) -> Edit {
        if self.chars() >= self.max_chars {
            return Edit::TooLong;
        }
        let at = self.byte_at(self.cursor);
        self.buf.insert(at, c);
        self.cursor += 1;
        Edit::Changed
    }

    pub fn key(&mut self, key: &KeyEvent) -> Edit {
        let len = self.chars();
        match key.code {
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.buf.remove(at);
                self.cursor -= 1;
                Edit::Changed
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.buf.remove(at);
                Edit::Changed
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                Edit::Unchanged
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(len);
                Edit::Unchanged
            }
            KeyCode::Home => {
                self.cursor = 0;
                Edit::Unchanged
            }
            KeyCode::End => {
                self.cursor = len;
                Edit::Unchanged
            }
            _ => match typed_char(key) {
                Some(c) => self.insert(c),
                None => Edit::Unchanged,
            },
        }
    }

    /// Inserts pasted text at the cursor. Text that would make the field longer than its
    /// maximum is refused whole: a password is never silently cut.
    pub fn paste(&mut self, text: &str) -> Edit {
        let clean = Zeroizing::new(clean_paste(text));
        if clean.is_empty() {
            return Edit::Unchanged;
        }
        if self.chars() + clean.chars().count() > self.max_chars {
            return Edit::TooLong;
        }
        for c in clean.chars() {
            self.insert(c);
        }
        Edit::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn secret_field_edits_and_caps() {
        let mut f = SecretField::new(4);
        for c in "abé".chars() {
            assert_eq!(f.key(&key(KeyCode::Char(c))), Edit::Changed);
        }
        f.key(&key(KeyCode::Left));
        f.key(&key(KeyCode::Backspace));
        assert_eq!(f.secret().expose(), "aé");
        assert_eq!(f.paste("xyz"), Edit::TooLong);
        assert_eq!(f.secret().expose(), "aé");
        assert_eq!(f.paste("x\u{1b}[2J\n"), Edit::TooLong);
        assert_eq!(f.paste("x\u{1b}\n"), Edit::Changed);
        assert_eq!(f.secret().expose(), "axé");
    }

    #[test]
    fn control_keys_type_nothing() {
        let mut f = SecretField::new(10);
        for c in ['c', 'z', '\\', 'u', 'w'] {
            let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
            assert_eq!(f.key(&ev), Edit::Unchanged);
        }
        let altgr = KeyEvent::new(
            KeyCode::Char('@'),
            KeyModifiers::CONTROL | KeyModifiers::ALT,
        );
        assert_eq!(f.key(&altgr), Edit::Changed);
        assert!(f.key(&key(KeyCode::Char('\u{7}'))) == Edit::Unchanged);
        assert_eq!(f.secret().expose(), "@");
    }

    #[test]
    fn username_field_caps_typing_and_paste() {
        let mut f = TextField::new(3);
        assert_eq!(f.paste("ab\ncd"), Edit::TooLong);
        assert_eq!(f.paste("a\u{1b}b"), Edit::Changed);
        assert_eq!(f.value(), "ab");
        f.key(&key(KeyCode::Char('c')));
        assert_eq!(f.key(&key(KeyCode::Char('d'))), Edit::TooLong);
        assert_eq!(f.value(), "abc");
    }
}
