//! Code by SMS at a reset: where the code went (masked number), the code field, what went
//! wrong, when a new code may be asked for, and always the office staff as the other way.

use ratatui::style::{Modifier, Style};

use super::widgets::checklist::{error_style, glyph};
use super::widgets::input::{Field, FieldText};
use super::widgets::page::{Page, Priority, text_width};
use super::{Hint, Tr, View};
use crate::domain::policy::RuleStatus;
use crate::flow::Model;
use crate::flow::sms::{CodeField, CodeProblem, Phase, Resend, Step};

/// Columns inside the code box: six digits and room for the cursor.
const CODE_BOX: usize = 8;

pub(super) fn view(model: &Model, tr: &Tr, step: &Step) -> View {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut page = Page::new();
    page.gap();
    page.text(tr.t("sms-title"), bold, Priority::Keep);
    page.text(
        tr.s("ui-method-for", "username", step.reset.username.as_str()),
        Style::new(),
        Priority::Low,
    );
    page.gap();
    let other_way = Hint::named("ui-key-esc", tr, "sms-hint-other-way");
    let hints = match step.phase {
        Phase::Sending => {
            page.text(tr.t("sms-sending"), bold, Priority::Keep);
            vec![]
        }
        Phase::Typing | Phase::Checking => {
            if let Some(number) = &step.number {
                page.text(tr.s("sms-sent-to", "number", number), bold, Priority::High);
            }
            page.text(
                tr.n("sms-valid", "minutes", i64::from(step.valid_minutes)),
                Style::new(),
                Priority::High,
            );
            page.gap();
            let checking = step.phase == Phase::Checking;
            code_field(&mut page, tr, &step.code, !checking);
            page.gap();
            if checking {
                page.text(tr.t("sms-checking"), bold, Priority::Keep);
            } else if let Some(problem) = step.problem {
                error(&mut page, problem_text(tr, problem));
            }
            // A dead code already says "press F5".
            if !checking && !step.problem.is_some_and(CodeProblem::code_is_dead) {
                resend_line(
                    &mut page,
                    tr,
                    step.resend,
                    step.can_resend(model.now),
                    model,
                );
            }
            page.gap();
            page.text(tr.t("sms-staff"), Style::new(), Priority::High);
            if checking {
                vec![]
            } else {
                let mut hints = vec![Hint::named("ui-key-enter", tr, "sms-hint-check")];
                if step.can_resend(model.now) {
                    hints.push(Hint::glyph("F5", tr, "sms-hint-resend"));
                }
                hints.push(other_way);
                hints
            }
        }
        Phase::Failed => {
            error(&mut page, tr.t("sms-failed"));
            vec![other_way]
        }
        Phase::Unavailable => {
            error(&mut page, tr.t("sms-unavailable"));
            vec![
                Hint::named("ui-key-enter", tr, "sms-hint-resend"),
                other_way,
            ]
        }
    };
    View { page, hints }
}

/// The six-digit field. The digits are shown as typed: the code is read off a phone
/// in plain sight, works once, and only in this session.
pub(super) fn code_field(page: &mut Page, tr: &Tr, code: &CodeField, focused: bool) {
    let label = tr.t("sms-code-field");
    let digits = code.digits();
    let (line, cursor) = Field {
        label: &label,
        label_width: text_width(&label),
        text: FieldText::Plain(digits.expose()),
        cursor: code.cursor(),
        focused,
        box_width: CODE_BOX,
    }
    .line();
    page.field(line, focused.then_some(cursor));
}

/// "Didn't get it?": the seconds to wait, or F5 now.
pub(super) fn resend_line(
    page: &mut Page,
    tr: &Tr,
    resend: Option<Resend>,
    can_resend: bool,
    model: &Model,
) {
    let text = match resend.map(|r| r.secs_left(model.now)) {
        Some(secs) if secs > 0 && !can_resend => tr.n(
            "sms-resend-wait",
            "secs",
            i64::try_from(secs).unwrap_or(i64::MAX),
        ),
        _ => tr.t("sms-resend-now"),
    };
    page.text(text, Style::new(), Priority::High);
}

/// What is wrong with the code typed.
pub(super) fn problem_text(tr: &Tr, problem: CodeProblem) -> String {
    match problem {
        CodeProblem::Incomplete => tr.t("sms-incomplete"),
        CodeProblem::Wrong { tries_left } => tr.n("sms-wrong", "n", i64::from(tries_left)),
        CodeProblem::TriesUsedUp => tr.t("sms-used-up"),
        CodeProblem::Expired => tr.t("sms-expired"),
        CodeProblem::NoCode => tr.t("sms-no-code"),
        CodeProblem::Unavailable => tr.t("error-unavailable"),
    }
}

pub(super) fn error(page: &mut Page, message: String) {
    page.marked(
        vec![glyph(RuleStatus::Fail)],
        message,
        error_style(),
        Priority::Keep,
    );
}
