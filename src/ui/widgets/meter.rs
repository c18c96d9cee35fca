//! The strength meter: a bar of block characters and the score's word. The bar moves within
//! the score's band as the estimate grows, so it answers every key press, yet it never
//! disagrees with the word beside it.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::domain::strength::Strength;

/// Cells in the bar: two per score, 0 to 4.
pub const BAR_CELLS: usize = 10;
const FULL: &str = "█";
const EMPTY: &str = "░";

/// Where each score's band of log10(guesses) starts, as zxcvbn scores; the top band is read
/// as ending at 12.
const BANDS: [f64; 6] = [0.0, 3.0, 6.0, 8.0, 10.0, 12.0];

/// Filled cells for an estimate: 1–2 for "very weak" up to 9–10 for "very strong".
pub fn filled_cells(strength: &Strength) -> usize {
    let score = usize::from(strength.score.min(4));
    let (low, high) = (BANDS[score], BANDS[score + 1]);
    let through = (strength.guesses_log10 - low) / (high - low);
    2 * score + 1 + usize::from(through >= 0.5)
}

/// The meter's line: `label`, the bar, then `word` (the translated score, or "…" while the
/// first estimate is on its way, or nothing for an empty field).
pub fn meter_line(
    label: String,
    label_width: usize,
    strength: Option<&Strength>,
    word: String,
) -> Line<'static> {
    let filled = strength.map_or(0, filled_cells).min(BAR_CELLS);
    let colour = match strength.map(|s| s.score) {
        Some(0 | 1) => Color::Red,
        Some(2) => Color::Yellow,
        _ => Color::Green,
    };
    let pad = label_width.saturating_sub(super::page::text_width(&label));
    Line::from(vec![
        Span::raw("  "),
        Span::raw(label),
        Span::raw(" ".repeat(pad + 2)),
        Span::styled(FULL.repeat(filled), Style::new().fg(colour)),
        Span::styled(
            EMPTY.repeat(BAR_CELLS - filled),
            Style::new().fg(Color::DarkGray),
        ),
        Span::raw("  "),
        Span::styled(word, Style::new().add_modifier(Modifier::BOLD)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(score: u8, guesses_log10: f64) -> Strength {
        Strength {
            score,
            guesses_log10,
            warning: None,
            suggestions: Vec::new(),
        }
    }

    #[test]
    fn bar_stays_in_the_score_band() {
        assert_eq!(filled_cells(&s(0, 0.0)), 1);
        assert_eq!(filled_cells(&s(0, 2.9)), 2);
        assert_eq!(filled_cells(&s(2, 6.5)), 5);
        assert_eq!(filled_cells(&s(3, 9.5)), 8);
        assert_eq!(filled_cells(&s(4, 10.0)), 9);
        assert_eq!(filled_cells(&s(4, 40.0)), 10);
    }
}
