//! The "don't know your username?" prompt and the support panel it opens.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::page::{Page, Priority, text_width};
use crate::domain::text::sanitize;
use crate::flow::Model;
use crate::ui::{Tr, key_style};

/// The panel is never wider than this, so it reads as a card rather than a wall.
const PANEL_WIDTH: usize = 64;

/// Adds the F1 prompt and, when open, the panel with the support contact from config.
pub fn add(page: &mut Page, model: &Model, tr: &Tr) {
    page.line(
        Line::from(vec![
            Span::styled(" F1 ", key_style()),
            Span::raw(" "),
            Span::raw(tr.t("ui-help-prompt")),
        ]),
        Priority::High,
    );
    if !model.help_open {
        return;
    }
    let support = &model.settings.support;
    let labels = [
        tr.t("ui-help-phone"),
        tr.t("ui-help-email"),
        tr.t("ui-help-hours"),
        tr.t("ui-help-place"),
    ];
    let label_width = labels.iter().map(|l| text_width(l)).max().unwrap_or(0) + 2;
    let label = |l: &str| {
        let pad = label_width.saturating_sub(text_width(l));
        vec![Span::raw(format!("{l}{}", " ".repeat(pad)))]
    };
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let [phone, email, hours, place] = &labels;
    let mut rows = vec![
        (
            Vec::new(),
            tr.s("ui-help-body", "unit", &sanitize(&support.unit)),
            Style::new(),
        ),
        (label(phone), sanitize(&support.phone), bold),
        (label(email), sanitize(&support.email), bold),
        (label(hours), sanitize(support.hours.get(tr.lang())), bold),
    ];
    let where_ = support.place.get(tr.lang());
    if !where_.is_empty() {
        rows.push((label(place), sanitize(where_), bold));
    }
    rows.push((
        Vec::new(),
        tr.t("ui-help-close"),
        Style::new().add_modifier(Modifier::DIM),
    ));
    page.panel(tr.t("ui-help-title"), rows, PANEL_WIDTH, Priority::Keep);
}
