//! The profile's mobile number: the number now (grouped), the field for a new one with the
//! expected format, the code sent to it, and the confirmation.

use ratatui::style::{Modifier, Style};

use super::sms::{code_field, error, problem_text, resend_line};
use super::widgets::input::{Field, FieldText};
use super::widgets::page::{Page, Priority, text_width};
use super::{Hint, Tr, View};
use crate::flow::Model;
use crate::flow::mobile::{NumberProblem, Stage, Step};
use crate::flow::sms::CodeProblem;

/// Columns inside the number box.
const NUMBER_BOX: usize = 24;

pub(super) fn view(model: &Model, tr: &Tr, step: &Step) -> View {
    let mut page = Page::new();
    page.gap();
    page.text(tr.t("sms-mobile-title"), bold(), Priority::Keep);
    page.text(tr.t("sms-mobile-intro"), Style::new(), Priority::Low);
    page.gap();
    match &step.current {
        Some(Some(number)) => page.text(
            tr.s("sms-mobile-current", "number", number),
            Style::new(),
            Priority::High,
        ),
        Some(None) => page.text(tr.t("sms-mobile-none"), Style::new(), Priority::High),
        None => {}
    }
    page.gap();
    let back = Hint::named("ui-key-esc", tr, "ui-hint-back");
    let hints = match step.stage {
        Stage::Number | Stage::Sending => number_stage(&mut page, tr, step, back),
        Stage::Code | Stage::Checking => code_stage(&mut page, model, tr, step, back),
        Stage::Confirmed => {
            if let Some(target) = &step.target {
                page.text(
                    tr.s("sms-mobile-confirmed", "number", target),
                    bold(),
                    Priority::Keep,
                );
            }
            page.text(
                tr.t("sms-mobile-confirmed-next"),
                Style::new(),
                Priority::High,
            );
            vec![Hint::named("ui-key-enter", tr, "ui-hint-continue")]
        }
        Stage::Off => {
            error(&mut page, tr.t("sms-mobile-off"));
            vec![back]
        }
    };
    View { page, hints }
}

/// A new number, the expected format, and sending the code to it.
fn number_stage(page: &mut Page, tr: &Tr, step: &Step, back: Hint) -> Vec<Hint> {
    let sending = step.stage == Stage::Sending;
    number_field(page, tr, step, !sending);
    if let Some((national, grouped)) = &step.example {
        page.text(
            tr.s("sms-mobile-example", "number", national),
            Style::new(),
            Priority::High,
        );
        page.text(
            tr.s("sms-mobile-example-intl", "number", grouped),
            Style::new(),
            Priority::Low,
        );
    }
    page.gap();
    if sending {
        page.text(tr.t("sms-mobile-sending"), bold(), Priority::Keep);
        vec![]
    } else {
        if let Some(problem) = step.number_problem {
            error(page, number_problem_text(tr, problem));
        }
        vec![Hint::named("ui-key-enter", tr, "sms-hint-send-code"), back]
    }
}

/// The code sent to the new number, its check and the resend line.
fn code_stage(page: &mut Page, model: &Model, tr: &Tr, step: &Step, back: Hint) -> Vec<Hint> {
    let checking = step.stage == Stage::Checking;
    if let Some(target) = &step.target {
        page.text(
            tr.s("sms-mobile-sent", "number", target),
            bold(),
            Priority::High,
        );
    }
    page.text(
        tr.n("sms-valid", "minutes", i64::from(step.valid_minutes)),
        Style::new(),
        Priority::Low,
    );
    page.gap();
    code_field(page, tr, &step.code, !checking);
    page.gap();
    if checking {
        page.text(tr.t("sms-checking"), bold(), Priority::Keep);
        vec![]
    } else {
        if let Some(problem) = step.code_problem {
            error(page, problem_text(tr, problem));
        }
        if !step.code_problem.is_some_and(CodeProblem::code_is_dead) {
            resend_line(page, tr, step.resend, step.can_resend(model.now), model);
        }
        let mut hints = vec![Hint::named("ui-key-enter", tr, "sms-hint-check")];
        if step.can_resend(model.now) {
            hints.push(Hint::glyph("F5", tr, "sms-hint-resend"));
        }
        hints.push(back);
        hints
    }
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

fn number_field(page: &mut Page, tr: &Tr, step: &Step, focused: bool) {
    let label = tr.t("sms-mobile-field");
    let (line, cursor) = Field {
        label: &label,
        label_width: text_width(&label),
        text: FieldText::Plain(step.number.value()),
        cursor: step.number.cursor(),
        focused,
        box_width: NUMBER_BOX,
    }
    .line();
    page.field(line, focused.then_some(cursor));
}

fn number_problem_text(tr: &Tr, problem: NumberProblem) -> String {
    match problem {
        NumberProblem::Phone(e) => tr.t(e.key()),
        NumberProblem::Unchanged => tr.t("sms-mobile-unchanged"),
        NumberProblem::Failed => tr.t("sms-mobile-failed"),
        NumberProblem::Off => tr.t("sms-mobile-off"),
        NumberProblem::Unavailable => tr.t("error-unavailable"),
    }
}
