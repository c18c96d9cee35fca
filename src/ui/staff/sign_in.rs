//! Staff sign-in: the password form and the code step.

use ratatui::style::Style;

use super::{BOX_WIDTH, Say, bold, status};
use crate::domain::desk::StaffChallenge;
use crate::flow::SecretField;
use crate::flow::TextField;
use crate::flow::staff::{SignInField, Step};
use crate::i18n::Arg;
use crate::ui::widgets::input::{Field, FieldText};
use crate::ui::widgets::page::{Page, Priority, text_width};
use crate::ui::{Hint, Tr};

/// The sign-in form: username and password.
pub(super) fn sign_in(
    page: &mut Page,
    tr: &Tr,
    step: &Step,
    username: &TextField,
    password: &SecretField,
    focus: SignInField,
) -> Vec<Hint> {
    page.gap();
    page.text(tr.t("staff-sign-in-title"), bold(), Priority::Keep);
    page.text(tr.t("staff-sign-in-intro"), Style::new(), Priority::High);
    page.gap();
    let user_label = tr.t("ui-username");
    let password_label = tr.t("ui-password");
    let label_width = text_width(&user_label).max(text_width(&password_label));
    let fields = [
        (
            SignInField::Username,
            &user_label,
            FieldText::Plain(username.value()),
            username.cursor(),
        ),
        (
            SignInField::Password,
            &password_label,
            FieldText::Masked(password.chars()),
            password.cursor(),
        ),
    ];
    for (which, label, text, cursor) in fields {
        let focused = focus == which;
        let (line, col) = Field {
            label,
            label_width,
            text,
            cursor,
            focused,
            box_width: BOX_WIDTH,
        }
        .line();
        page.field(line, (focused && !step.busy).then_some(col));
    }
    page.gap();
    status(page, tr, step);
    vec![
        Hint::named("ui-key-enter", tr, "staff-hint-sign-in"),
        Hint::named("ui-key-tab", tr, "ui-hint-switch-field"),
        Hint::named("ui-key-esc", tr, "staff-hint-cancel"),
    ]
}

/// The second step: the code sent to the staff member's mobile.
pub(super) fn code(
    page: &mut Page,
    tr: &Tr,
    say: &Say,
    step: &Step,
    challenge: &StaffChallenge,
    code: &SecretField,
) -> Vec<Hint> {
    page.gap();
    page.text(tr.t("staff-code-title"), bold(), Priority::Keep);
    let minutes = i64::from(challenge.valid_minutes);
    page.text(
        say.t(
            "staff-code-intro",
            &[
                ("number", Arg::Str(&challenge.shown)),
                ("minutes", Arg::Num(minutes)),
            ],
        ),
        Style::new(),
        Priority::High,
    );
    page.gap();
    let label = tr.t("staff-code");
    let (line, cursor) = Field {
        label: &label,
        label_width: text_width(&label),
        text: FieldText::Masked(code.chars()),
        cursor: code.cursor(),
        focused: true,
        box_width: 12,
    }
    .line();
    page.field(line, (!step.busy).then_some(cursor));
    page.gap();
    status(page, tr, step);
    vec![
        Hint::named("ui-key-enter", tr, "staff-hint-sign-in"),
        Hint::named("ui-key-esc", tr, "staff-hint-cancel"),
    ]
}
