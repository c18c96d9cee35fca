//! Identify: the username field, why a username was not accepted, and the same help as on
//! Welcome (F1).

use ratatui::style::{Modifier, Style};

use super::widgets::checklist::{error_style, glyph};
use super::widgets::help;
use super::widgets::input::{Field, FieldText};
use super::widgets::page::{Page, Priority, text_width};
use super::{Hint, Tr, View};
use crate::domain::policy::RuleStatus;
use crate::domain::username::Username;
use crate::flow::{IdentifyError, Model, TextField};

/// Columns inside the username box: room for any ordinary username without scrolling.
const BOX_WIDTH: usize = 40;

pub(super) fn view(
    model: &Model,
    tr: &Tr,
    field: &TextField,
    error: Option<IdentifyError>,
    busy: bool,
) -> View {
    let mut page = Page::new();
    page.gap();
    page.text(
        tr.t("ui-identify-title"),
        Style::new().add_modifier(Modifier::BOLD),
        Priority::Keep,
    );
    page.text(tr.t("ui-identify-intro"), Style::new(), Priority::High);
    page.gap();
    let label = tr.t("ui-username");
    let (line, cursor) = Field {
        label: &label,
        label_width: text_width(&label),
        text: FieldText::Plain(field.value()),
        cursor: field.cursor(),
        focused: true,
        box_width: BOX_WIDTH,
    }
    .line();
    page.field(line, (!busy).then_some(cursor));
    page.gap();
    if busy {
        page.text(
            tr.t("ui-identify-busy"),
            Style::new().add_modifier(Modifier::BOLD),
            Priority::Keep,
        );
    } else if let Some(error) = error {
        let message = match error {
            IdentifyError::Empty => tr.t("ui-identify-error-empty"),
            IdentifyError::BadCharacters => tr.t("ui-identify-error-bad-characters"),
            IdentifyError::TooLong => {
                let max = i64::try_from(Username::MAX_CHARS).unwrap_or(i64::MAX);
                tr.n("ui-identify-error-too-long", "n", max)
            }
            IdentifyError::Unknown => tr.t("ui-identify-error-unknown"),
            IdentifyError::Unavailable => tr.t("error-unavailable"),
        };
        page.marked(
            vec![glyph(RuleStatus::Fail)],
            message,
            error_style(),
            Priority::Keep,
        );
    }
    page.gap();
    help::add(&mut page, model, tr);

    let hints = vec![
        Hint::named("ui-key-enter", tr, "ui-hint-continue"),
        Hint::named("ui-key-esc", tr, "ui-hint-back"),
        Hint::glyph("F1", tr, "ui-hint-help"),
    ];
    View { page, hints }
}
