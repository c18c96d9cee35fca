//! Choose method: the ways this account can prove who it is, one marked as selected. The
//! match over [`Method`] has no fall-through: a new method needs its label here.

use ratatui::style::{Modifier, Style};

use super::widgets::page::{Page, Priority};
use super::widgets::radio::{self, Focus};
use super::{Hint, Tr, View};
use crate::domain::auth::Method;
use crate::domain::username::Username;

pub(super) fn view(tr: &Tr, username: &Username, methods: &[Method], selected: usize) -> View {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut page = Page::new();
    page.gap();
    page.text(tr.t("ui-method-title"), bold, Priority::Keep);
    page.text(
        tr.s("ui-method-for", "username", username.as_str()),
        Style::new(),
        Priority::High,
    );
    page.gap();
    for (i, method) in methods.iter().enumerate() {
        let (name, detail) = match method {
            Method::Password => ("ui-method-password", "ui-method-password-detail"),
            Method::Questions => ("ui-method-questions", "ui-method-questions-detail"),
            Method::Sms => ("ui-method-sms", "ui-method-sms-detail"),
        };
        radio::row(&mut page, Focus::List, i == selected, tr.t(name));
        radio::detail(&mut page, tr.t(detail), Style::new(), Priority::High);
    }
    page.gap();
    page.text(tr.t("ui-method-intro"), Style::new(), Priority::High);

    let hints = vec![
        Hint::glyph("↑↓", tr, "ui-hint-choose"),
        Hint::named("ui-key-enter", tr, "ui-hint-continue"),
        Hint::named("ui-key-esc", tr, "ui-hint-back"),
    ];
    View { page, hints }
}
