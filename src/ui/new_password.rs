//! New password: two masked fields, the live strength meter with zxcvbn's advice, and the
//! live checklist of the category's rules plus "the two passwords match".

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use super::widgets::checklist::{error_style, glyph};
use super::widgets::input::{Field, FieldText};
use super::widgets::meter::meter_line;
use super::widgets::page::{Page, Priority, text_width};
use super::{Hint, Tr, View};
use crate::config::MAX_PASSWORD_CHARS;
use crate::domain::directory::Refusal;
use crate::domain::policy::{Rule, RuleStatus};
use crate::domain::strength::score_label_key;
use crate::domain::text::{SCREEN_NAME_MAX_CHARS, sanitize, shorten};
use crate::flow::{HistoryCheck, NewField, NewPasswordStep, Notice};

pub(super) fn view(tr: &Tr, step: &NewPasswordStep) -> View {
    let mut page = Page::new();
    page.gap();
    // The first name: friendlier, and it always fits on the line.
    let name = sanitize(step.account.display_name());
    let title = match name.split_whitespace().next() {
        Some(first) => tr.s(
            "ui-new-greeting",
            "name",
            &shorten(first, SCREEN_NAME_MAX_CHARS),
        ),
        None => tr.t("ui-new-title"),
    };
    page.text(title, bold(), Priority::Keep);
    page.text(tr.t("ui-new-intro"), Style::new(), Priority::Low);
    page.gap();

    let strength_label = tr.t("ui-strength");
    let label_width = fields(&mut page, tr, step, &strength_label);
    strength_meter(&mut page, tr, step, strength_label, label_width);
    checklist(&mut page, tr, step);
    status(&mut page, tr, step);

    // Enter in the first field moves on to the second; in the second it saves.
    let enter = match step.focus {
        NewField::New => "ui-hint-next-field",
        NewField::Repeat => "ui-hint-save",
    };
    let hints = vec![
        Hint::named("ui-key-enter", tr, enter),
        Hint::named("ui-key-tab", tr, "ui-hint-switch-field"),
        Hint::named("ui-key-esc", tr, "ui-hint-back"),
    ];
    View { page, hints }
}

/// The two masked fields; the labels' width, shared with the meter's.
fn fields(page: &mut Page, tr: &Tr, step: &NewPasswordStep, strength_label: &str) -> usize {
    let new_label = tr.t("ui-new-field");
    let repeat_label = tr.t("ui-repeat-field");
    let label_width = [&new_label, &repeat_label, strength_label]
        .iter()
        .map(|l| text_width(l))
        .max()
        .unwrap_or(0);
    for (which, label, field) in [
        (NewField::New, &new_label, &step.new),
        (NewField::Repeat, &repeat_label, &step.repeat),
    ] {
        let focused = step.focus == which;
        let (line, cursor) = Field {
            label,
            label_width,
            text: FieldText::Masked(field.chars()),
            cursor: field.cursor(),
            focused,
            box_width: super::current_password::BOX_WIDTH,
        }
        .line();
        page.field(line, (focused && !step.busy).then_some(cursor));
    }
    page.gap();
    label_width
}

/// The strength meter with its word, and zxcvbn's warning and first suggestion.
fn strength_meter(
    page: &mut Page,
    tr: &Tr,
    step: &NewPasswordStep,
    strength_label: String,
    label_width: usize,
) {
    let strength = step.shown_strength();
    let word = match strength {
        Some(s) => tr.t(score_label_key(s.score)),
        // Typed, and the first estimate is on its way.
        None if !step.new.is_empty() => "…".to_string(),
        None => String::new(),
    };
    page.line(
        meter_line(strength_label, label_width, strength, word),
        Priority::Keep,
    );
    if let Some(s) = strength {
        let advice = Style::new().fg(Color::Yellow);
        if let Some(warning) = s.warning {
            page.marked(
                vec![Span::styled("  ! ", advice.add_modifier(Modifier::BOLD))],
                tr.t(warning),
                advice,
                Priority::High,
            );
        }
        if let Some(suggestion) = s.suggestions.first() {
            page.marked(
                vec![Span::raw("  → ")],
                tr.t(suggestion),
                Style::new(),
                Priority::High,
            );
        }
    }
    page.gap();
}

/// The category's rules and "the two passwords match", ticked for the text typed.
fn checklist(page: &mut Page, tr: &Tr, step: &NewPasswordStep) {
    page.text(tr.t("ui-rules-title"), bold(), Priority::High);
    for check in step.checks() {
        let mut text = rule_text(tr, check.rule);
        // The history check runs on its own: say so while it does, never a bare "…".
        if matches!(check.rule, Rule::History(_)) && check.status == RuleStatus::Pending {
            match step.history_check() {
                HistoryCheck::Idle => {}
                HistoryCheck::Checking => text = tr.s("rule-history-checking", "rule", &text),
                HistoryCheck::Later => text = tr.s("rule-history-later", "rule", &text),
            }
        }
        page.marked(
            vec![Span::raw("  "), glyph(check.status)],
            text,
            Style::new(),
            Priority::Keep,
        );
    }
    let matched = if step.matches() {
        RuleStatus::Pass
    } else {
        RuleStatus::Fail
    };
    page.marked(
        vec![Span::raw("  "), glyph(matched)],
        tr.t("rule-match"),
        Style::new(),
        Priority::Keep,
    );
    page.gap();
}

/// Saving, or why Enter did not save.
fn status(page: &mut Page, tr: &Tr, step: &NewPasswordStep) {
    if step.retry {
        page.text(tr.t("ui-new-retry"), bold(), Priority::Keep);
    } else if step.busy {
        page.text(tr.t("ui-new-busy"), bold(), Priority::Keep);
    } else if let Some(notice) = step.notice {
        let message = match notice {
            Notice::TooLong => {
                let max = i64::try_from(MAX_PASSWORD_CHARS).unwrap_or(i64::MAX);
                tr.n("error-too-long", "n", max)
            }
            Notice::RulesNotMet => tr.t("ui-notice-rules-not-met"),
            Notice::Mismatch => tr.t("ui-notice-mismatch"),
            Notice::Rejected => tr.t("ui-notice-rejected"),
            Notice::LeaveAsked => tr.t("ui-notice-leave"),
            Notice::Directory(refusal) => directory_sentence(tr, refusal),
        };
        page.marked(
            vec![glyph(RuleStatus::Fail)],
            message,
            error_style(),
            Priority::Keep,
        );
    }
}

/// The directory's refusal in the person's language, with the rule's number or time.
fn directory_sentence(tr: &Tr, refusal: Refusal) -> String {
    let key = refusal.key();
    match refusal {
        Refusal::InHistory { depth } => tr.n(key, "n", i64::from(depth)),
        Refusal::TooShort { min } => tr.n(key, "n", i64::try_from(min).unwrap_or(i64::MAX)),
        // Date and time: a minimum age may be days.
        Refusal::TooYoung { after: Some(t) } => {
            let when = format!(
                "{} {}",
                crate::clock::format_date(t),
                crate::clock::format_time(t)
            );
            tr.s(key, "time", &when)
        }
        Refusal::TooYoung { after: None }
        | Refusal::Quality
        | Refusal::Complexity
        | Refusal::NotAllowed => tr.t(key),
    }
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// The rule's text in the checklist, with its number or strength word filled in.
fn rule_text(tr: &Tr, rule: Rule) -> String {
    let num = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    match rule {
        Rule::MinLength(n) | Rule::MaxLength(n) => tr.n(rule.key(), "n", num(n)),
        Rule::History(n) => tr.n(rule.key(), "n", i64::from(n)),
        Rule::MinStrength(score) => tr.s(rule.key(), "label", &tr.t(score_label_key(score))),
        Rule::Lowercase
        | Rule::Uppercase
        | Rule::Digit
        | Rule::Symbol
        | Rule::NotCommon
        | Rule::NoPersonal
        | Rule::Complexity => tr.t(rule.key()),
    }
}
