//! The Profile: the menu (an expiry warning on top, "change my password" preselected), the
//! password rules in plain words with the next required change, choosing security questions
//! from the catalogue, and answering them with an error under each answer.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::questions::answer_field;
use super::widgets::checklist::{error_style, glyph};
use super::widgets::input::FOCUS_MARKER;
use super::widgets::page::{Page, Priority};
use super::widgets::radio::{self, Focus};
use super::{Hint, Tr, View};
use crate::config::CategoryPolicy;
use crate::domain::answers::{AnswerError, MAX_ANSWER_CHARS};
use crate::domain::policy::RuleStatus;
use crate::domain::questions::Catalogue;
use crate::domain::strength::score_label_key;
use crate::domain::text::{SCREEN_NAME_MAX_CHARS, sanitize, shorten};
use crate::flow::Model;
use crate::flow::profile::{
    AnswerPage, ChooseError, EnrolNotice, MenuItem, Page as ProfilePage, Step, menu,
};

/// Questions shown at once on the choosing page; the list scrolls with the cursor.
const CHOOSE_WINDOW: usize = 8;

pub(super) fn view(model: &Model, tr: &Tr, step: &Step) -> View {
    let mut page = Page::new();
    page.gap();
    let hints = match &step.page {
        ProfilePage::Menu { selected } => menu_page(&mut page, model, tr, step, *selected),
        ProfilePage::Rules => rules_page(&mut page, model, tr, step),
        ProfilePage::Choose {
            chosen,
            cursor,
            error,
        } => choose_page(&mut page, model, tr, step, chosen, *cursor, *error),
        ProfilePage::Answer(answers) => answer_page(&mut page, model, tr, answers),
    };
    View { page, hints }
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

fn menu_page(page: &mut Page, model: &Model, tr: &Tr, step: &Step, selected: usize) -> Vec<Hint> {
    let name = sanitize(step.account.display_name());
    let title = match name.split_whitespace().next() {
        Some(first) => tr.s(
            "ui-profile-greeting",
            "name",
            &shorten(first, SCREEN_NAME_MAX_CHARS),
        ),
        None => tr.t("ui-profile-title"),
    };
    page.text(title, bold(), Priority::Keep);
    if let Some(days) = step.expires_in_days(&model.settings) {
        let warning = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
        page.marked(
            vec![Span::styled("! ", warning)],
            tr.n("ui-profile-expires-soon", "n", i64::from(days)),
            warning,
            Priority::Keep,
        );
    }
    if step.saved {
        page.marked(
            vec![glyph(RuleStatus::Pass)],
            tr.t("ui-profile-saved"),
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            Priority::Keep,
        );
    }
    page.gap();
    for (i, item) in menu(&model.settings, &step.account).into_iter().enumerate() {
        let (name, detail) = match item {
            MenuItem::ChangePassword => ("ui-profile-change", tr.t("ui-profile-change-detail")),
            MenuItem::Rules => ("ui-profile-rules", tr.t("ui-profile-rules-detail")),
            MenuItem::Questions => {
                let enrolled_at = step
                    .info
                    .as_ref()
                    .filter(|info| !info.enrolment.question_ids.is_empty())
                    .and_then(|info| info.enrolment.enrolled_at);
                let detail = match enrolled_at {
                    Some(at) => tr.s("ui-profile-questions-detail-set", "date", &tr.date(at)),
                    None => tr.t("ui-profile-questions-detail-none"),
                };
                ("ui-profile-questions", detail)
            }
            MenuItem::Mobile => ("ui-profile-mobile", tr.t("ui-profile-mobile-detail")),
        };
        radio::row(page, Focus::List, i == selected, tr.t(name));
        radio::detail(page, detail, Style::new(), Priority::High);
    }
    page.gap();
    page.text(tr.t("ui-method-intro"), Style::new(), Priority::Low);
    vec![
        Hint::glyph("↑↓", tr, "ui-hint-choose"),
        Hint::named("ui-key-enter", tr, "ui-hint-continue"),
        Hint::named("ui-key-esc", tr, "ui-hint-sign-out"),
    ]
}

/// The category's rules in the words of the live checklist, then how long a password lasts.
fn rules_page(page: &mut Page, model: &Model, tr: &Tr, step: &Step) -> Vec<Hint> {
    page.text(tr.t("ui-profile-rules-title"), bold(), Priority::Keep);
    page.gap();
    if let Some(policy) = model.settings.policy(step.account.category()) {
        page.text(tr.t("ui-rules-title"), bold(), Priority::High);
        for rule in rule_lines(tr, policy) {
            page.marked(vec![Span::raw("  • ")], rule, Style::new(), Priority::Keep);
        }
        page.gap();
        let age = if policy.max_age_days > 0 {
            tr.n(
                "ui-profile-rules-max-age",
                "n",
                i64::from(policy.max_age_days),
            )
        } else {
            tr.t("ui-profile-rules-no-max-age")
        };
        page.text(age, Style::new(), Priority::High);
    }
    let next = match step.account.expires_at() {
        Some(at) => tr.s("ui-profile-rules-next-change", "date", &tr.date(at)),
        None => tr.t("ui-done-no-expiry"),
    };
    page.text(next, bold(), Priority::Keep);
    vec![Hint::named("ui-key-esc", tr, "ui-hint-back")]
}

fn rule_lines(tr: &Tr, policy: &CategoryPolicy) -> Vec<String> {
    let n = |key: &str, n: u64| tr.n(key, "n", i64::try_from(n).unwrap_or(i64::MAX));
    let mut lines = vec![
        n("rule-min-length", policy.min_length as u64),
        n("rule-max-length", policy.max_length as u64),
    ];
    for (required, key) in [
        (policy.require_lowercase, "rule-lowercase"),
        (policy.require_uppercase, "rule-uppercase"),
        (policy.require_digit, "rule-digit"),
        (policy.require_symbol, "rule-symbol"),
    ] {
        if required {
            lines.push(tr.t(key));
        }
    }
    if policy.min_score > 0 {
        let label = tr.t(score_label_key(policy.min_score));
        lines.push(tr.s("rule-min-strength", "label", &label));
    }
    if policy.history_depth > 0 {
        lines.push(n("rule-history", u64::from(policy.history_depth)));
    }
    if policy.blocklist {
        lines.push(tr.t("rule-not-common"));
        lines.push(tr.t("rule-no-personal"));
    }
    lines
}

fn choose_page(
    page: &mut Page,
    model: &Model,
    tr: &Tr,
    step: &Step,
    chosen: &[String],
    cursor: usize,
    error: Option<ChooseError>,
) -> Vec<Hint> {
    let enroll = step.enroll(&model.settings);
    page.text(
        tr.n("ui-enrol-choose-title", "n", enroll as i64),
        bold(),
        Priority::Keep,
    );
    page.text(tr.t("ui-enrol-choose-intro"), Style::new(), Priority::Low);
    page.text(
        tr.n("ui-enrol-chosen", "n", chosen.len() as i64),
        bold(),
        Priority::Keep,
    );
    page.gap();
    let questions = Catalogue::embedded().all();
    let start = cursor
        .saturating_sub(CHOOSE_WINDOW / 2)
        .min(questions.len().saturating_sub(CHOOSE_WINDOW));
    let end = (start + CHOOSE_WINDOW).min(questions.len());
    let more = |key: &str| {
        Line::from(Span::styled(
            format!("      {}", tr.t(key)),
            Style::new().add_modifier(Modifier::DIM),
        ))
    };
    if start > 0 {
        page.line(more("ui-enrol-more-above"), Priority::High);
    }
    for (i, q) in questions.iter().enumerate().take(end).skip(start) {
        let here = i == cursor;
        let ticked = chosen.contains(&q.id);
        let marker = if here { FOCUS_MARKER } else { "  " };
        let tick = if ticked { "[x] " } else { "[ ] " };
        let style = match (here, ticked) {
            (true, _) => bold().add_modifier(Modifier::REVERSED),
            (false, true) => bold(),
            (false, false) => Style::new(),
        };
        page.marked(
            vec![Span::styled(marker, bold()), Span::styled(tick, bold())],
            q.text(model.lang).to_string(),
            style,
            if here { Priority::Keep } else { Priority::High },
        );
    }
    if end < questions.len() {
        page.line(more("ui-enrol-more-below"), Priority::High);
    }
    if let Some(error) = error {
        let key = match error {
            ChooseError::TooFew => "ui-enrol-choose-too-few",
            ChooseError::TooMany => "ui-enrol-choose-too-many",
        };
        page.gap();
        page.marked(
            vec![glyph(RuleStatus::Fail)],
            tr.n(key, "n", enroll as i64),
            error_style(),
            Priority::Keep,
        );
    }
    vec![
        Hint::glyph("↑↓", tr, "ui-hint-move"),
        Hint::named("ui-key-space", tr, "ui-hint-tick"),
        Hint::named("ui-key-enter", tr, "ui-hint-continue"),
        Hint::named("ui-key-esc", tr, "ui-hint-back"),
    ]
}

fn answer_page(page: &mut Page, model: &Model, tr: &Tr, answers: &AnswerPage) -> Vec<Hint> {
    page.text(tr.t("ui-enrol-answer-title"), bold(), Priority::Keep);
    page.text(tr.t("ui-enrol-answer-intro"), Style::new(), Priority::Low);
    page.gap();
    let catalogue = Catalogue::embedded();
    let label = tr.t("ui-questions-answer");
    let min = model.settings.questions.min_answer_length;
    for (i, (id, field)) in answers.ids.iter().zip(&answers.fields).enumerate() {
        let text = catalogue
            .get(id)
            .map_or(id.as_str(), |q| q.text(model.lang));
        page.marked(
            vec![Span::styled(format!("{}. ", i + 1), bold())],
            text.to_string(),
            bold(),
            Priority::Keep,
        );
        let focused = i == answers.focus && !answers.busy;
        answer_field(page, &label, field, focused, focused && answers.revealed);
        if let Some(Some(problem)) = answers.errors.get(i) {
            page.marked(
                vec![Span::raw("  "), glyph(RuleStatus::Fail)],
                answer_error(tr, *problem, min),
                error_style(),
                Priority::Keep,
            );
        }
    }
    page.gap();
    if answers.busy {
        page.text(tr.t("ui-enrol-busy"), bold(), Priority::Keep);
        return vec![];
    }
    if let Some(notice) = answers.notice {
        let message = match notice {
            EnrolNotice::TooLong => tr.n("ui-answer-error-too-long", "n", MAX_ANSWER_CHARS as i64),
            EnrolNotice::NotOffered => tr.t("ui-enrol-not-offered"),
            EnrolNotice::Unavailable => tr.t("error-unavailable"),
        };
        page.marked(
            vec![glyph(RuleStatus::Fail)],
            message,
            error_style(),
            Priority::Keep,
        );
    }
    let last = answers.focus + 1 >= answers.fields.len();
    let show = if answers.revealed {
        "ui-hint-hide-answer"
    } else {
        "ui-hint-show-answer"
    };
    // Tab and ↑↓ move between answers too; the footer has room for the keys that matter.
    vec![
        Hint::named(
            "ui-key-enter",
            tr,
            if last {
                "ui-hint-save"
            } else {
                "ui-hint-next-field"
            },
        ),
        Hint::glyph("F4", tr, show),
        Hint::named("ui-key-esc", tr, "ui-hint-back"),
    ]
}

fn answer_error(tr: &Tr, problem: AnswerError, min: usize) -> String {
    match problem {
        AnswerError::Empty => tr.t("ui-enrol-error-empty"),
        AnswerError::TooShort { .. } => tr.n("ui-enrol-error-too-short", "n", min as i64),
        AnswerError::TooLong { max } => tr.n("ui-answer-error-too-long", "n", max as i64),
        AnswerError::SameAsQuestion => tr.t("ui-enrol-error-same-as-question"),
        AnswerError::SameAsUsername => tr.t("ui-enrol-error-same-as-username"),
        AnswerError::Repeated => tr.t("ui-enrol-error-repeated"),
    }
}
