//! Current password: the current or temporary password, masked, and why it did not let the
//! student in (wrong, locked, temporary password expired, service down).

use std::time::Instant;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::widgets::checklist::{error_style, glyph};
use super::widgets::input::{Field, FieldText, GAP};
use super::widgets::page::{Page, Priority, text_width};
use super::{Hint, Tr, View};
use crate::clock::format_time;
use crate::config::MAX_PASSWORD_CHARS;
use crate::domain::policy::RuleStatus;
use crate::domain::username::Username;
use crate::flow::{SecretField, VerifyError};

/// Columns inside the password box.
pub(super) const BOX_WIDTH: usize = 40;

pub(super) fn view(
    tr: &Tr,
    username: &Username,
    field: &SecretField,
    error: Option<VerifyError>,
    busy: bool,
    now: Instant,
) -> View {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut page = Page::new();
    page.gap();
    page.text(tr.t("ui-current-title"), bold, Priority::Keep);
    page.text(tr.t("ui-current-intro"), Style::new(), Priority::High);
    page.gap();
    let user_label = tr.t("ui-username");
    let password_label = tr.t("ui-password");
    let label_width = text_width(&user_label).max(text_width(&password_label));
    let pad = label_width - text_width(&user_label);
    page.line(
        Line::from(vec![
            // The name lines up with the text in the password box below it.
            Span::raw(format!("  {user_label}{}{GAP} ", " ".repeat(pad))),
            Span::styled(username.as_str().to_string(), bold),
        ]),
        Priority::High,
    );
    let (line, cursor) = Field {
        label: &password_label,
        label_width,
        text: FieldText::Masked(field.chars()),
        cursor: field.cursor(),
        focused: true,
        box_width: BOX_WIDTH,
    }
    .line();
    page.field(line, (!busy).then_some(cursor));
    page.gap();
    if busy {
        page.text(tr.t("ui-current-busy"), bold, Priority::Keep);
    } else if let Some(error) = error {
        let message = match error {
            VerifyError::Invalid => tr.t("error-invalid-credentials"),
            VerifyError::Locked { until: Some(until) } => {
                tr.s("error-locked-until", "time", &format_time(until))
            }
            VerifyError::Locked { until: None } => tr.t("error-locked"),
            VerifyError::TempExpired => tr.t("error-temp-expired"),
            VerifyError::Unavailable => tr.t("error-unavailable"),
            VerifyError::TooLong => {
                let max = i64::try_from(MAX_PASSWORD_CHARS).unwrap_or(i64::MAX);
                tr.n("error-too-long", "n", max)
            }
            VerifyError::Wait { until } => match until.saturating_duration_since(now) {
                left if left.is_zero() => tr.t("error-wait-over"),
                left => {
                    let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                    tr.n("error-wait", "n", i64::try_from(secs).unwrap_or(i64::MAX))
                }
            },
        };
        page.marked(
            vec![glyph(RuleStatus::Fail)],
            message,
            error_style(),
            Priority::Keep,
        );
    }

    let hints = vec![
        Hint::named("ui-key-enter", tr, "ui-hint-continue"),
        Hint::named("ui-key-esc", tr, "ui-hint-back"),
    ];
    View { page, hints }
}
