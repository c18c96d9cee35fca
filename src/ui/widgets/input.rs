//! One-line input fields: focus marker, label, and a bracketed box that scrolls to keep the
//! cursor in view. A masked field is drawn from its length alone (one bullet per character),
//! so the password itself never reaches the rendering code.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::page::text_width;

/// Marks the focused field in text, so focus reads without colour.
pub const FOCUS_MARKER: &str = "› ";
/// Between the label and the box.
pub const GAP: &str = "  ";
/// What a masked field shows for each character.
pub const BULLET: char = '•';

/// What a field holds, as far as drawing is concerned.
#[derive(Debug, Clone, Copy)]
pub enum FieldText<'a> {
    /// Shown as typed (the username).
    Plain(&'a str),
    /// A secret of this many characters.
    Masked(usize),
}

/// A field to draw.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub label: &'a str,
    /// Columns the label is padded to, so that fields stacked together line up.
    pub label_width: usize,
    pub text: FieldText<'a>,
    /// Cursor position in characters.
    pub cursor: usize,
    pub focused: bool,
    /// Columns inside the brackets.
    pub box_width: usize,
}

impl Field<'_> {
    /// The field's line and the column of its cursor on that line.
    pub fn line(&self) -> (Line<'static>, u16) {
        let cells: Vec<(char, usize)> = match self.text {
            FieldText::Plain(text) => text
                .chars()
                .map(|c| (shown_char(c), char_cols(c)))
                .collect(),
            FieldText::Masked(len) => vec![(BULLET, 1); len],
        };
        let box_width = self.box_width.max(1);
        let cursor = self.cursor.min(cells.len());
        // Scroll so that the cursor's cell (one past the text at the end) fits in the box.
        let mut start = 0;
        let mut before_cursor: usize = cells[..cursor].iter().map(|(_, w)| w).sum();
        while start < cursor && before_cursor + 1 > box_width {
            before_cursor -= cells[start].1;
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        let mut end = start;
        for (c, w) in &cells[start..] {
            if used + w > box_width {
                break;
            }
            shown.push(*c);
            used += w;
            end += 1;
        }
        shown.push_str(&" ".repeat(box_width - used));

        let marker = if self.focused { FOCUS_MARKER } else { "  " };
        let label_style = if self.focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let box_style = if self.focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        };
        // The brackets turn into arrows when part of the text is scrolled out of the box.
        let open = if start > 0 { "<" } else { "[" };
        let close = if end < cells.len() { ">" } else { "]" };
        let pad = self.label_width.saturating_sub(text_width(self.label));
        let before =
            text_width(marker) + self.label_width.max(text_width(self.label)) + GAP.len() + 1;
        let line = Line::from(vec![
            Span::styled(marker, Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(self.label.to_string(), label_style),
            Span::raw(format!("{}{GAP}{open}", " ".repeat(pad))),
            Span::styled(shown, box_style),
            Span::raw(close),
        ]);
        let col = before + before_cursor;
        (line, u16::try_from(col).unwrap_or(u16::MAX))
    }
}

/// Control and bidi characters cannot be typed into a field, but a field is drawn as if
/// they could: never send one to the terminal.
fn shown_char(c: char) -> char {
    if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
        '\u{fffd}'
    } else {
        c
    }
}

fn char_cols(c: char) -> usize {
    let mut utf8 = [0; 4];
    text_width(shown_char(c).encode_utf8(&mut utf8)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: FieldText<'_>, cursor: usize) -> (String, u16) {
        let f = Field {
            label: "Pw",
            label_width: 4,
            text,
            cursor,
            focused: true,
            box_width: 5,
        };
        let (line, col) = f.line();
        (line.spans.iter().map(|s| s.content.as_ref()).collect(), col)
    }

    #[test]
    fn masked_field_scrolls_to_the_cursor() {
        assert_eq!(
            field(FieldText::Masked(3), 3),
            ("› Pw    [•••  ]".into(), 12)
        );
        assert_eq!(
            field(FieldText::Masked(12), 12),
            ("› Pw    <•••• ]".into(), 13)
        );
        assert_eq!(
            field(FieldText::Masked(12), 0),
            ("› Pw    [•••••>".into(), 9)
        );
    }

    #[test]
    fn plain_field_shows_text() {
        assert_eq!(
            field(FieldText::Plain("ab"), 1),
            ("› Pw    [ab   ]".into(), 10)
        );
    }
}
