//! Radio choices: `(•)` for the chosen option, `( )` for the others, the chosen label bold
//! and reversed so it reads as chosen without colour. One widget for every list of options
//! (reset methods, the profile menu, staff actions and documents, the languages).

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::input::FOCUS_MARKER;
use super::page::{Page, Priority};

/// Indent of a detail line: under the label, past the marker and the mark.
const DETAIL_INDENT: &str = "      ";

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// The mark and the label of one option, for a row or a line of options.
pub fn choice(chosen: bool, label: String) -> [Span<'static>; 2] {
    let (mark, style) = if chosen {
        ("(•) ", bold().add_modifier(Modifier::REVERSED))
    } else {
        ("( ) ", Style::new())
    };
    [Span::styled(mark, bold()), Span::styled(label, style)]
}

/// Where the keyboard is, shown left of a row.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The list has the keyboard: the chosen row carries the focus marker.
    List,
    /// Another field on the page has it: no marker here.
    Elsewhere,
}

/// One option of a vertical list, on a line of its own.
pub fn row(page: &mut Page, focus: Focus, chosen: bool, label: String) {
    let marker = match focus {
        Focus::List => Span::styled(if chosen { FOCUS_MARKER } else { "  " }, bold()),
        Focus::Elsewhere => Span::raw("  "),
    };
    let [mark, label] = choice(chosen, label);
    page.line(Line::from(vec![marker, mark, label]), Priority::Keep);
}

/// The explanation under a row, wrapped under its label.
pub fn detail(page: &mut Page, text: String, style: Style, priority: Priority) {
    page.marked(vec![Span::raw(DETAIL_INDENT)], text, style, priority);
}
