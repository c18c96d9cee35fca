//! The desk: who is signed in, the look-up and its result list.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{BOX_WIDTH, LIST_ROWS, Say, bold, dim, status};
use crate::domain::desk::{MAX_MATCHES, Refusal, SearchResult};
use crate::domain::text::sanitize;
use crate::flow::Model;
use crate::flow::staff::{Desk, Step};
use crate::i18n::Arg;
use crate::ui::widgets::input::{FOCUS_MARKER, Field, FieldText};
use crate::ui::widgets::page::{Page, Priority, text_width};
use crate::ui::{Hint, Tr};

pub(super) fn signed_in(page: &mut Page, say: &Say, desk: &Desk) {
    let name = sanitize(desk.staff.display_name());
    let text = say.t(
        "staff-signed-in",
        &[
            ("name", Arg::Str(&name)),
            ("username", Arg::Str(desk.staff.username())),
        ],
    );
    page.text(text, dim(), Priority::Low);
}

pub(super) fn search(page: &mut Page, tr: &Tr, say: &Say, step: &Step, desk: &Desk) -> Vec<Hint> {
    page.text(tr.t("staff-search-title"), bold(), Priority::Keep);
    page.text(tr.t("staff-search-intro"), Style::new(), Priority::Low);
    let label = tr.t("staff-search-field");
    let (line, cursor) = Field {
        label: &label,
        label_width: text_width(&label),
        text: FieldText::Plain(desk.query.value()),
        cursor: desk.query.cursor(),
        focused: true,
        box_width: BOX_WIDTH,
    }
    .line();
    page.field(line, (!step.busy).then_some(cursor));
    page.gap();
    let mut hints = vec![Hint::named("ui-key-enter", tr, "staff-hint-search")];
    let shown = desk
        .results
        .as_ref()
        .filter(|(q, r)| *q == desk.query.value().trim() && !r.people.is_empty());
    if let Some((_, result)) = shown {
        result_list(page, tr, say, desk, result);
        hints = vec![
            Hint::glyph("↑↓", tr, "ui-hint-choose"),
            Hint::named("ui-key-enter", tr, "staff-hint-open"),
        ];
    }
    status(page, tr, step);
    hints.push(Hint::named("ui-key-esc", tr, "staff-hint-sign-out"));
    hints
}

/// A category's label from config, or its name.
pub(super) fn model_label(model: &Model, category: &str) -> String {
    model
        .settings
        .policy(category)
        .map_or_else(|| category.to_string(), |p| sanitize(&p.label))
}

/// `s` cut or padded to `width` columns.
pub(super) fn pad(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]));
        if used + w > width {
            if let Some(last) = out.pop() {
                used -= text_width(last.encode_utf8(&mut [0; 4]));
            }
            out.push('…');
            used += 1;
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// The look-up's result list around the selection, with how many more are above and below.
fn result_list(page: &mut Page, tr: &Tr, say: &Say, desk: &Desk, result: &SearchResult) {
    let count = result.people.len();
    let summary = if result.more {
        tr.n("staff-search-more", "n", MAX_MATCHES as i64)
    } else {
        tr.n("staff-search-found", "n", count as i64)
    };
    page.text(summary, bold(), Priority::Keep);
    let start = desk
        .selected
        .saturating_sub(LIST_ROWS - 1)
        .min(count.saturating_sub(LIST_ROWS));
    let end = (start + LIST_ROWS).min(count);
    let name_width = result
        .people
        .iter()
        .map(|p| text_width(&p.display_name))
        .max()
        .unwrap_or(0)
        .clamp(12, 28);
    let user_width = result
        .people
        .iter()
        .map(|p| text_width(&p.username))
        .max()
        .unwrap_or(0)
        .clamp(10, 24);
    if start > 0 {
        let text = format!("    ↑ {}", tr.n("staff-list-above", "n", start as i64));
        page.line(Line::styled(text, dim()), Priority::High);
    }
    for (i, person) in result.people.iter().enumerate().take(end).skip(start) {
        let chosen = i == desk.selected;
        let style = if chosen {
            bold().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        let mut tags = Vec::new();
        if person.locked {
            tags.push(tr.t("staff-tag-locked"));
        }
        if let Some(r) = person.refusal {
            tags.push(tr.t(match r {
                Refusal::Yourself => "staff-tag-self",
                Refusal::OtherStaff => "staff-tag-staff",
                Refusal::Protected => "staff-tag-protected",
            }));
        }
        // The same words as the card's (the configuration's label is one language).
        let label = super::card::category_words(
            tr,
            &person.category,
            &model_label(say.model, &person.category),
        );
        let text = format!(
            "{}  {}  {}",
            pad(&person.display_name, name_width),
            pad(&person.username, user_width),
            pad(&label, 10)
        );
        let mut spans = vec![
            Span::styled(if chosen { FOCUS_MARKER } else { "  " }, bold()),
            Span::styled(text, style),
        ];
        if !tags.is_empty() {
            spans.push(Span::styled(format!("  {}", tags.join(", ")), bold()));
        }
        page.line(Line::from(spans), Priority::Keep);
    }
    if end < count {
        let text = format!(
            "    ↓ {}",
            tr.n("staff-list-below", "n", (count - end) as i64)
        );
        page.line(Line::styled(text, dim()), Priority::High);
    }
}
