//! Security questions at a reset: each question with its masked answer field (F4 shows the
//! focused one), and what happened: checking, wrong with the tries left, locked, or not
//! available.

use ratatui::style::{Modifier, Style};

use super::widgets::checklist::{error_style, glyph};
use super::widgets::input::{Field, FieldText};
use super::widgets::page::{Page, Priority, text_width};
use super::{Hint, Tr, View};
use crate::clock::format_time;
use crate::domain::answers::MAX_ANSWER_CHARS;
use crate::domain::policy::RuleStatus;
use crate::domain::questions::Catalogue;
use crate::flow::Model;
use crate::flow::field::SecretField;
use crate::flow::questions::{Phase, QuestionsError, Step};
use crate::i18n::Lang;

/// Columns inside an answer box.
const BOX_WIDTH: usize = 44;

pub(super) fn view(model: &Model, tr: &Tr, step: &Step) -> View {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut page = Page::new();
    page.gap();
    page.text(tr.t("ui-questions-title"), bold, Priority::Keep);
    page.text(
        tr.s("ui-method-for", "username", step.reset.username.as_str()),
        Style::new(),
        Priority::Low,
    );
    page.gap();
    let back = Hint::named("ui-key-esc", tr, "ui-hint-other-method");
    let hints = match step.phase {
        Phase::Loading => {
            if step.error == Some(QuestionsError::Changed) {
                error(&mut page, tr.t("ui-questions-error-changed"));
                page.gap();
            }
            page.text(tr.t("ui-questions-loading"), bold, Priority::Keep);
            vec![]
        }
        Phase::Answering | Phase::Checking => {
            answering(&mut page, model.lang, tr, step);
            if step.phase == Phase::Checking {
                vec![]
            } else {
                let show = if step.revealed {
                    "ui-hint-hide-answer"
                } else {
                    "ui-hint-show-answer"
                };
                let last = step.focus + 1 >= step.answers.len();
                // Tab and ↑↓ move between answers too; the footer keeps the keys that matter.
                vec![
                    Hint::named(
                        "ui-key-enter",
                        tr,
                        if last {
                            "ui-hint-check"
                        } else {
                            "ui-hint-next-field"
                        },
                    ),
                    Hint::glyph("F4", tr, show),
                    back,
                ]
            }
        }
        Phase::Locked { until } => {
            let message = match until {
                Some(t) => tr.s("ui-questions-locked-until", "time", &format_time(t)),
                None => tr.t("ui-questions-locked"),
            };
            error(&mut page, message);
            page.gap();
            page.text(tr.t("ui-questions-other-way"), Style::new(), Priority::High);
            vec![Hint::named("ui-key-enter", tr, "ui-hint-other-method")]
        }
        Phase::NotOffered => {
            error(&mut page, tr.t("ui-questions-not-offered"));
            page.gap();
            page.text(tr.t("ui-questions-other-way"), Style::new(), Priority::High);
            vec![Hint::named("ui-key-enter", tr, "ui-hint-other-method")]
        }
        Phase::Unavailable => {
            error(&mut page, tr.t("error-unavailable"));
            page.gap();
            page.text(tr.t("ui-questions-retry"), bold, Priority::Keep);
            vec![Hint::named("ui-key-enter", tr, "ui-hint-try-again"), back]
        }
    };
    View { page, hints }
}

fn error(page: &mut Page, message: String) {
    page.marked(
        vec![glyph(RuleStatus::Fail)],
        message,
        error_style(),
        Priority::Keep,
    );
}

/// The questions and their fields, then the state of the check.
fn answering(page: &mut Page, lang: Lang, tr: &Tr, step: &Step) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    page.text(tr.t("ui-questions-intro"), Style::new(), Priority::Low);
    page.gap();
    let catalogue = Catalogue::embedded();
    let label = tr.t("ui-questions-answer");
    let busy = step.phase == Phase::Checking;
    for (i, (id, field)) in step.question_ids.iter().zip(&step.answers).enumerate() {
        let text = catalogue.get(id).map_or(id.as_str(), |q| q.text(lang));
        page.marked(
            vec![ratatui::text::Span::styled(format!("{}. ", i + 1), bold)],
            text.to_string(),
            bold,
            Priority::Keep,
        );
        let focused = i == step.focus && !busy;
        answer_field(page, &label, field, focused, focused && step.revealed);
        page.gap();
    }
    if busy {
        page.text(tr.t("ui-questions-busy"), bold, Priority::Keep);
        return;
    }
    let message = match step.error {
        None => return,
        Some(QuestionsError::Unanswered) => tr.t("ui-questions-error-unanswered"),
        Some(QuestionsError::TooLong) => {
            tr.n("ui-answer-error-too-long", "n", MAX_ANSWER_CHARS as i64)
        }
        Some(QuestionsError::Wrong { tries_left }) => {
            tr.n("ui-questions-error-wrong", "n", i64::from(tries_left))
        }
        Some(QuestionsError::Changed) => tr.t("ui-questions-error-changed"),
        Some(QuestionsError::Unavailable) => tr.t("error-unavailable"),
    };
    error(page, message);
}

/// One answer's line: masked, or in clear while `revealed`.
pub(super) fn answer_field(
    page: &mut Page,
    label: &str,
    field: &SecretField,
    focused: bool,
    revealed: bool,
) {
    // The clear text exists only for this frame (a Secret, zeroized when dropped).
    let shown = revealed.then(|| field.secret());
    let text = match &shown {
        Some(secret) => FieldText::Plain(secret.expose()),
        None => FieldText::Masked(field.chars()),
    };
    let (line, cursor) = Field {
        label,
        label_width: text_width(label),
        text,
        cursor: field.cursor(),
        focused,
        box_width: BOX_WIDTH,
    }
    .line();
    page.field(line, focused.then_some(cursor));
}
