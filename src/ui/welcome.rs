//! Welcome: what the kiosk is for, the language choice, how to start, and help for someone
//! who does not know their username.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::widgets::help;
use super::widgets::page::{Page, Priority};
use super::widgets::radio;
use super::{Hint, Tr, View, key_style};
use crate::domain::text::sanitize;
use crate::flow::Model;

pub(super) fn view(model: &Model, tr: &Tr) -> View {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut page = Page::new();
    page.gap();
    let school = sanitize(&model.settings.kiosk.school_name);
    page.text(
        tr.s("ui-welcome-title", "school", &school),
        bold,
        Priority::Keep,
    );
    page.text(tr.t("ui-welcome-intro"), Style::new(), Priority::High);
    page.gap();

    // Radio buttons: the current language reads as chosen without colour.
    let mut spans = vec![Span::raw(format!("{}:  ", tr.t("ui-language")))];
    for lang in &model.settings.languages.available {
        spans.extend(radio::choice(
            *lang == model.lang,
            lang.native_name().to_string(),
        ));
        spans.push(Span::raw("   "));
    }
    page.line(Line::from(spans), Priority::Keep);
    page.line(
        Line::from(vec![
            Span::styled(" F2 ", key_style()),
            Span::raw(" "),
            Span::styled(" ← → ", key_style()),
            Span::raw(format!("  {}", tr.t("ui-welcome-language-hint"))),
        ]),
        Priority::Low,
    );
    page.gap();
    page.text(tr.t("ui-welcome-start"), bold, Priority::Keep);
    page.gap();
    help::add(&mut page, model, tr);

    let hints = vec![
        Hint::named("ui-key-enter", tr, "ui-hint-start"),
        Hint::glyph("F1", tr, "ui-hint-help"),
        Hint::glyph("F9", tr, "staff-hint"),
    ];
    View { page, hints }
}
