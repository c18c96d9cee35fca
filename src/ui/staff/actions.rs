//! What staff do for a checked person: the action menu, the confirmation, the temporary
//! password in large characters, and the results.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::card::check_text;
use super::{BODY_WIDTH, Say, bold, dim, status};
use crate::domain::desk::StaffAction;
use crate::domain::policy::RuleStatus;
use crate::flow::Model;
use crate::flow::staff::{Outcome, PersonStage, PersonView, Step};
use crate::i18n::Arg;
use crate::ui::widgets::big_text;
use crate::ui::widgets::checklist::glyph;
use crate::ui::widgets::page::{Page, Priority};
use crate::ui::widgets::radio::{self, Focus};
use crate::ui::{Hint, Tr};

/// The actions open for this person.
pub(super) fn actions_stage(
    page: &mut Page,
    model: &Model,
    tr: &Tr,
    say: &Say,
    step: &Step,
    person: &PersonView,
) -> Vec<Hint> {
    let card = &person.card;
    let PersonStage::Actions { selected } = &person.stage else {
        return Vec::new();
    };
    if let Some(check) = &person.check {
        page.marked(
            vec![glyph(RuleStatus::Pass)],
            check_text(tr, say, check.document(), check.reference()),
            dim(),
            Priority::Low,
        );
    }
    page.gap();
    page.text(tr.t("staff-actions-title"), bold(), Priority::Keep);
    let temp = &model.settings.temp_password;
    for (i, action) in card.actions().iter().enumerate() {
        let (name, detail) = action_keys(*action, model.settings.helpdesk.prints_slips());
        radio::row(page, Focus::List, i == *selected, tr.t(name));
        let detail = say.t(
            detail,
            &[
                ("uses", Arg::Num(i64::from(temp.uses.max(1)))),
                ("days", Arg::Num(i64::from(temp.valid_days.max(1)))),
            ],
        );
        radio::detail(page, detail, dim(), Priority::Low);
    }
    page.gap();
    status(page, tr, step);
    vec![
        Hint::glyph("↑↓", tr, "ui-hint-choose"),
        Hint::named("ui-key-enter", tr, "ui-hint-continue"),
        Hint::named("ui-key-esc", tr, "ui-hint-back"),
    ]
}

/// What the action will do, and the question.
pub(super) fn confirm_stage(
    page: &mut Page,
    model: &Model,
    tr: &Tr,
    say: &Say,
    step: &Step,
    person: &PersonView,
) -> Vec<Hint> {
    let card = &person.card;
    let PersonStage::Confirm { action } = &person.stage else {
        return Vec::new();
    };
    page.gap();
    let printing = model.settings.helpdesk.prints_slips();
    page.text(
        tr.t(action_keys(*action, printing).0),
        bold(),
        Priority::Keep,
    );
    page.gap();
    let name = card.display_name.as_str();
    let secs =
        i64::try_from(model.settings.helpdesk.temp_password_display_secs).unwrap_or(i64::MAX);
    let mobile = card.mobile.clone().unwrap_or_default();
    let (key, extra) = match action {
        StaffAction::ResetTicket => (
            "staff-confirm-ticket",
            card.locked.then_some("staff-confirm-unlocks"),
        ),
        StaffAction::TempPassword => (
            if printing {
                "staff-confirm-slip"
            } else {
                "staff-confirm-temp"
            },
            card.locked.then_some("staff-confirm-unlocks"),
        ),
        StaffAction::Unlock => ("staff-confirm-unlock", None),
        StaffAction::ClearQuestions => ("staff-confirm-clear-questions", None),
        StaffAction::ClearMobile => ("staff-confirm-clear-mobile", None),
        StaffAction::TellUsername => ("staff-action-username-detail", None),
    };
    let args = [
        ("name", Arg::Str(name)),
        ("secs", Arg::Num(secs)),
        ("number", Arg::Str(&mobile)),
        ("n", Arg::Num(card.questions as i64)),
    ];
    page.text(say.t(key, &args), Style::new(), Priority::Keep);
    if let Some(extra) = extra {
        page.gap();
        page.marked(
            vec![Span::styled("! ", bold())],
            tr.t(extra),
            bold(),
            Priority::Keep,
        );
    }
    page.gap();
    page.text(tr.t("staff-confirm-question"), bold(), Priority::Keep);
    page.gap();
    status(page, tr, step);
    vec![
        Hint::named("ui-key-enter", tr, "staff-hint-confirm"),
        Hint::named("ui-key-esc", tr, "staff-hint-cancel"),
    ]
}

/// The temporary password in large characters, with the seconds left.
pub(super) fn temp_password_stage(
    page: &mut Page,
    model: &Model,
    tr: &Tr,
    say: &Say,
    step: &Step,
    person: &PersonView,
) -> Vec<Hint> {
    let PersonStage::TempPassword {
        password,
        uses,
        expires_at,
        print_failed,
        ..
    } = &person.stage
    else {
        return Vec::new();
    };
    if *print_failed {
        page.text(
            tr.t("staff-print-failed"),
            bold().fg(Color::Red),
            Priority::Keep,
        );
    }
    page.text(tr.t("staff-temp-title"), bold(), Priority::Keep);
    page.gap();
    let big = Style::new().add_modifier(Modifier::BOLD);
    match big_text::lines(password.expose(), BODY_WIDTH, big, tr.glyphs) {
        Some(lines) => {
            for line in lines {
                page.line(line, Priority::Keep);
            }
        }
        None => page.text(password.expose().to_string(), big, Priority::Keep),
    }
    page.gap();
    page.line(
        Line::from(vec![
            Span::raw(format!("{}  ", tr.t("staff-temp-spelled"))),
            Span::styled(
                big_text::spaced(password.expose()),
                bold().fg(Color::Yellow),
            ),
        ]),
        Priority::Keep,
    );
    page.gap();
    let valid = say.t(
        "staff-temp-valid",
        &[
            ("uses", Arg::Num(i64::from(*uses))),
            ("date", Arg::Str(&tr.date(*expires_at))),
        ],
    );
    page.text(valid, Style::new(), Priority::High);
    let display = model.settings.helpdesk.temp_password_display_secs;
    let left = crate::flow::staff::temp_password_left(step, model.now, display).unwrap_or(0);
    page.text(
        tr.n(
            "staff-temp-hides",
            "secs",
            i64::try_from(left).unwrap_or(i64::MAX),
        ),
        bold(),
        Priority::Keep,
    );
    vec![Hint::named("ui-key-enter", tr, "staff-hint-hide")]
}

/// What was done.
pub(super) fn result_stage(page: &mut Page, tr: &Tr, say: &Say, person: &PersonView) -> Vec<Hint> {
    let card = &person.card;
    let PersonStage::Result(outcome) = &person.stage else {
        return Vec::new();
    };
    page.gap();
    let success = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
    match outcome {
        Outcome::TempShown { uses, expires_at } => {
            page.marked(
                vec![glyph(RuleStatus::Pass)],
                tr.t("staff-temp-hidden"),
                success,
                Priority::Keep,
            );
            let valid = say.t(
                "staff-temp-valid",
                &[
                    ("uses", Arg::Num(i64::from(*uses))),
                    ("date", Arg::Str(&tr.date(*expires_at))),
                ],
            );
            page.text(valid, Style::new(), Priority::High);
        }
        Outcome::SlipPrinted { uses, expires_at } => {
            let name = card.display_name.as_str();
            page.marked(
                vec![glyph(RuleStatus::Pass)],
                say.t("staff-slip-printed", &[("name", Arg::Str(name))]),
                success,
                Priority::Keep,
            );
            let valid = say.t(
                "staff-temp-valid",
                &[
                    ("uses", Arg::Num(i64::from(*uses))),
                    ("date", Arg::Str(&tr.date(*expires_at))),
                ],
            );
            page.text(valid, Style::new(), Priority::High);
        }
        Outcome::Unlocked => page.marked(
            vec![glyph(RuleStatus::Pass)],
            tr.t("staff-done-unlocked"),
            success,
            Priority::Keep,
        ),
        Outcome::QuestionsCleared { removed } => page.marked(
            vec![glyph(RuleStatus::Pass)],
            tr.n(
                "staff-done-questions",
                "n",
                i64::try_from(*removed).unwrap_or(i64::MAX),
            ),
            success,
            Priority::Keep,
        ),
        Outcome::MobileCleared => page.marked(
            vec![glyph(RuleStatus::Pass)],
            tr.t("staff-done-mobile"),
            success,
            Priority::Keep,
        ),
        Outcome::Username(username) => {
            page.text(
                tr.s("staff-username-title", "name", &card.display_name),
                bold(),
                Priority::Keep,
            );
            page.gap();
            if let Some(lines) = big_text::lines(username, BODY_WIDTH, bold(), tr.glyphs) {
                for line in lines {
                    page.line(line, Priority::High);
                }
                page.gap();
            }
            page.line(
                Line::from(vec![
                    Span::raw(format!("{}  ", tr.t("staff-username-plain"))),
                    Span::styled(username.clone(), bold().fg(Color::Yellow)),
                ]),
                Priority::Keep,
            );
        }
    }
    page.gap();
    page.text(tr.t("staff-done-back"), bold(), Priority::Keep);
    vec![Hint::named("ui-key-enter", tr, "staff-hint-back-to-card")]
}

/// An action's name and detail; with a print command the temporary password goes on a
/// printed slip instead of the screen.
pub(super) fn action_keys(action: StaffAction, printing: bool) -> (&'static str, &'static str) {
    match action {
        StaffAction::ResetTicket => ("staff-action-ticket", "staff-action-ticket-detail"),
        StaffAction::TempPassword if printing => ("staff-action-slip", "staff-action-slip-detail"),
        StaffAction::TempPassword => ("staff-action-temp", "staff-action-temp-detail"),
        StaffAction::Unlock => ("staff-action-unlock", "staff-action-unlock-detail"),
        StaffAction::ClearQuestions => (
            "staff-action-clear-questions",
            "staff-action-clear-questions-detail",
        ),
        StaffAction::ClearMobile => (
            "staff-action-clear-mobile",
            "staff-action-clear-mobile-detail",
        ),
        StaffAction::TellUsername => ("staff-action-username", "staff-action-username-detail"),
    }
}
