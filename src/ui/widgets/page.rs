//! A screen's body as a column of items that wrap to the width. When rows are short, the page
//! gives up its blank lines first and then its least important items, so what a student must
//! read (the field, the error, the checklist) is always drawn, at any terminal height.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// How much an item matters when the body is short of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// Never dropped.
    Keep,
    /// Dropped only after every `Low` item and blank line.
    High,
    /// Dropped first, before blank lines between items.
    Low,
}

/// A row of text with its own style, wrapped under a prefix (a glyph or an indent).
struct Text {
    prefix: Vec<Span<'static>>,
    text: String,
    style: Style,
}

enum Content {
    Gap,
    /// A line built to fit (an input field, the meter); `cursor` is its cursor column.
    Line {
        line: Line<'static>,
        cursor: Option<u16>,
    },
    Text(Text),
    /// A boxed group of text rows with a title in the top border.
    Panel {
        title: String,
        rows: Vec<Text>,
        width: usize,
    },
}

/// One laid-out row and the cursor column on it, if the cursor belongs there.
type Row = (Line<'static>, Option<u16>);

/// The body of a screen, built top to bottom.
#[derive(Default)]
pub struct Page {
    items: Vec<(Priority, Content)>,
}

impl Page {
    /// An empty page.
    pub fn new() -> Self {
        Self::default()
    }

    /// A blank line; the first thing to go when rows are short.
    pub fn gap(&mut self) {
        self.items.push((Priority::Low, Content::Gap));
    }

    /// A prepared line, cut at the width rather than wrapped.
    pub fn line(&mut self, line: Line<'static>, priority: Priority) {
        self.items
            .push((priority, Content::Line { line, cursor: None }));
    }

    /// An input field's line with the cursor at column `cursor` (`None` while busy).
    pub fn field(&mut self, line: Line<'static>, cursor: Option<u16>) {
        self.items
            .push((Priority::Keep, Content::Line { line, cursor }));
    }

    /// Wrapped text in one style.
    pub fn text(&mut self, text: String, style: Style, priority: Priority) {
        self.marked(Vec::new(), text, style, priority);
    }

    /// Wrapped text after a prefix (a status glyph); continuation lines are indented under
    /// the text, so the glyph column stays clear.
    pub fn marked(
        &mut self,
        prefix: Vec<Span<'static>>,
        text: String,
        style: Style,
        priority: Priority,
    ) {
        self.items.push((
            priority,
            Content::Text(Text {
                prefix,
                text,
                style,
            }),
        ));
    }

    /// A boxed panel at most `width` columns wide; each row is (prefix, text, style).
    pub fn panel(
        &mut self,
        title: String,
        rows: Vec<(Vec<Span<'static>>, String, Style)>,
        width: usize,
        priority: Priority,
    ) {
        let rows = rows
            .into_iter()
            .map(|(prefix, text, style)| Text {
                prefix,
                text,
                style,
            })
            .collect();
        self.items
            .push((priority, Content::Panel { title, rows, width }));
    }

    /// Draws the page into `area` and returns where the cursor goes, if it is drawn.
    pub fn render(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let width = usize::from(area.width);
        let height = usize::from(area.height);
        let mut laid: Vec<(Priority, bool, Vec<Row>)> = self
            .items
            .iter()
            .map(|(priority, content)| {
                (
                    *priority,
                    matches!(content, Content::Gap),
                    lay_out(content, width),
                )
            })
            .collect();
        let mut total: usize = laid.iter().map(|(_, _, rows)| rows.len()).sum();
        // What goes first when rows are short: blank lines at the end, then `Low` items,
        // then the other blank lines, then `High` items; each from the bottom up.
        let trailing_gaps = laid.iter().rev().take_while(|(_, gap, _)| *gap).count();
        let first_trailing = laid.len() - trailing_gaps;
        let sweeps: [&dyn Fn(usize, Priority, bool) -> bool; 4] = [
            &|i, _, gap| gap && i >= first_trailing,
            &|_, priority, gap| !gap && priority == Priority::Low,
            &|_, _, gap| gap,
            &|_, priority, _| priority == Priority::High,
        ];
        for drop in sweeps {
            for (i, (priority, gap, rows)) in laid.iter_mut().enumerate().rev() {
                if total <= height {
                    break;
                }
                if drop(i, *priority, *gap) {
                    total -= rows.len();
                    rows.clear();
                }
            }
        }
        let mut cursor = None;
        let rows = laid.into_iter().flat_map(|(_, _, rows)| rows);
        for ((line, col), y) in rows.zip(area.top()..area.bottom()) {
            buf.set_line(area.x, y, &line, area.width);
            if let Some(col) = col.filter(|c| *c < area.width) {
                cursor = Some(Position::new(area.x + col, y));
            }
        }
        cursor
    }
}

fn lay_out(content: &Content, width: usize) -> Vec<Row> {
    match content {
        Content::Gap => vec![(Line::default(), None)],
        Content::Line { line, cursor } => vec![(line.clone(), *cursor)],
        Content::Text(text) => lay_out_text(text, width),
        Content::Panel {
            title,
            rows,
            width: max,
        } => lay_out_panel(title, rows, width.min(*max)),
    }
}

fn lay_out_text(text: &Text, width: usize) -> Vec<Row> {
    let prefix_width: usize = text.prefix.iter().map(Span::width).sum();
    let indent = " ".repeat(prefix_width);
    wrap(&text.text, width.saturating_sub(prefix_width))
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let mut spans = if i == 0 {
                text.prefix.clone()
            } else {
                vec![Span::raw(indent.clone())]
            };
            spans.push(Span::styled(part, text.style));
            (Line::from(spans), None)
        })
        .collect()
}

fn lay_out_panel(title: &str, rows: &[Text], width: usize) -> Vec<Row> {
    // "│ " and " │" around the text.
    let inner = width.saturating_sub(4);
    let border = Style::new();
    let title_text = format!(" {title} ");
    let title_width = text_width(&title_text).min(width.saturating_sub(3));
    let mut out = vec![(
        Line::from(vec![
            Span::styled("┌─", border),
            Span::styled(title_text, Style::new().bold()),
            Span::styled(
                format!("{}┐", "─".repeat(width.saturating_sub(3 + title_width))),
                border,
            ),
        ]),
        None,
    )];
    for row in rows {
        for (line, _) in lay_out_text(row, inner) {
            let pad = inner.saturating_sub(line.width());
            let mut spans = vec![Span::styled("│ ", border)];
            spans.extend(line.spans);
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(Span::styled(" │", border));
            out.push((Line::from(spans), None));
        }
    }
    out.push((
        Line::styled(format!("└{}┘", "─".repeat(width.saturating_sub(2))), border),
        None,
    ));
    out
}

/// Display width of `s` in terminal columns.
pub fn text_width(s: &str) -> usize {
    Span::raw(s).width()
}

fn char_width(c: char) -> usize {
    let mut utf8 = [0; 4];
    text_width(c.encode_utf8(&mut utf8))
}

/// Splits `text` into lines at most `width` columns wide, at spaces and newlines; a word
/// longer than a line is broken inside. Always at least one line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_width = text_width(word);
            if used > 0 && used + 1 + word_width <= width {
                line.push(' ');
                line.push_str(word);
                used += 1 + word_width;
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            for c in word.chars() {
                let w = char_width(c);
                if used > 0 && used + w > width {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += w;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_breaks_long_words() {
        assert_eq!(wrap("ett två tre", 7), ["ett två", "tre"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("a b", 0), ["a", "b"]);
    }

    #[test]
    fn short_page_drops_gaps_then_low_items() {
        let mut page = Page::new();
        page.text("keep".into(), Style::new(), Priority::Keep);
        page.gap();
        page.text("low".into(), Style::new(), Priority::Low);
        page.text("high".into(), Style::new(), Priority::High);
        let area = Rect::new(0, 0, 10, 2);
        let mut buf = Buffer::empty(area);
        page.render(area, &mut buf);
        let text: Vec<String> = (0..2)
            .map(|y| {
                (0..10)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect();
        assert_eq!(text, ["keep      ", "high      "]);
    }

    #[test]
    fn low_items_go_before_gaps_between_items() {
        let mut page = Page::new();
        page.text("keep".into(), Style::new(), Priority::Keep);
        page.gap();
        page.text("low".into(), Style::new(), Priority::Low);
        page.text("high".into(), Style::new(), Priority::High);
        page.gap();
        let area = Rect::new(0, 0, 10, 3);
        let mut buf = Buffer::empty(area);
        page.render(area, &mut buf);
        let text: Vec<String> = (0..3)
            .map(|y| {
                (0..10)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect();
        assert_eq!(text, ["keep      ", "          ", "high      "]);
    }
}
