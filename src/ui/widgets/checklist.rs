//! Status glyphs for the live checklist: each status has its own glyph, so the list reads
//! without colour.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use crate::domain::policy::RuleStatus;

/// The glyph (and its colour) that starts a checklist line or a message.
pub fn glyph(status: RuleStatus) -> Span<'static> {
    match status {
        RuleStatus::Pass => Span::styled(
            "✓ ",
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        ),
        RuleStatus::Fail => Span::styled(
            "✗ ",
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        ),
        RuleStatus::Pending => Span::styled("… ", Style::new().fg(Color::Yellow)),
    }
}

/// The style of a message that stops the student (an error).
pub fn error_style() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}
