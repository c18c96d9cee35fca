//! The staff screens: sign-in, sign-in code, look-up with its result list, the person's
//! card, the identity check, the action menu, the confirmation, the temporary password in
//! large characters (with the seconds left), and the results. Written for someone with a
//! queue at the desk: the person's name and state on top, one thing to do per screen, the
//! key for it in the footer.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::widgets::big_text;
use super::widgets::checklist::{error_style, glyph};
use super::widgets::input::{FOCUS_MARKER, Field, FieldText};
use super::widgets::page::{Page, Priority, text_width};
use super::{Hint, Tr, View};
use crate::clock::{format_date, format_time};
use crate::domain::policy::RuleStatus;
use crate::domain::text::sanitize;
use crate::flow::Model;
use crate::flow::staff::{
    Desk, Message, Outcome, PersonStage, PersonView, Phase, SignInField, Step,
};
use crate::i18n::{Arg, t_args};
use crate::service::{
    LockReason, MAX_MATCHES, MAX_REFERENCE_CHARS, MIN_QUERY_CHARS, PersonCard, Refusal, StaffAction,
};

/// Columns inside the input boxes.
const BOX_WIDTH: usize = 36;
/// Result rows shown at once; the list scrolls to keep the selection in view.
const LIST_ROWS: usize = 10;
/// The card's panel width.
const PANEL_WIDTH: usize = 76;
/// Columns of the body (80 minus the margins): large text is laid out for this.
const BODY_WIDTH: usize = 76;

/// Text with several arguments (Tr takes one).
struct Say<'a> {
    model: &'a Model,
}

impl Say<'_> {
    fn t(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        t_args(self.model.lang, key, args).replace(['\u{2068}', '\u{2069}'], "")
    }
}

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

pub(super) fn view(model: &Model, tr: &Tr, step: &Step) -> View {
    let say = Say { model };
    let mut page = Page::new();
    let hints = match &step.phase {
        Phase::SignIn {
            username,
            password,
            focus,
        } => sign_in(
            &mut page,
            tr,
            step,
            username.value(),
            username.cursor(),
            password.chars(),
            password.cursor(),
            *focus,
        ),
        Phase::Code { challenge, code } => {
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
            status(&mut page, tr, step);
            vec![
                Hint::named("ui-key-enter", tr, "staff-hint-sign-in"),
                Hint::named("ui-key-esc", tr, "staff-hint-cancel"),
            ]
        }
        Phase::Desk(desk) => {
            signed_in(&mut page, &say, desk);
            match &desk.person {
                None => search(&mut page, tr, &say, step, desk),
                Some(person) => person_view(&mut page, model, tr, &say, step, person),
            }
        }
    };
    View { page, hints }
}

#[allow(clippy::too_many_arguments)]
fn sign_in(
    page: &mut Page,
    tr: &Tr,
    step: &Step,
    username: &str,
    username_cursor: usize,
    password_chars: usize,
    password_cursor: usize,
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
            FieldText::Plain(username),
            username_cursor,
        ),
        (
            SignInField::Password,
            &password_label,
            FieldText::Masked(password_chars),
            password_cursor,
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

/// The busy line or the message, under the screen's main part.
fn status(page: &mut Page, tr: &Tr, step: &Step) {
    if step.busy {
        page.text(tr.t("staff-busy"), bold(), Priority::Keep);
    } else if let Some(m) = step.message {
        page.marked(
            vec![glyph(RuleStatus::Fail)],
            message_text(tr, m),
            error_style(),
            Priority::Keep,
        );
    }
}

fn message_text(tr: &Tr, message: Message) -> String {
    match message {
        Message::EmptySignIn => tr.t("staff-error-empty"),
        Message::Invalid => tr.t("staff-error-invalid"),
        Message::Locked { until: Some(t) } => {
            tr.s("staff-error-locked-until", "time", &format_time(t))
        }
        Message::Locked { until: None } => tr.t("staff-error-locked"),
        Message::TempExpired => tr.t("staff-error-temp-expired"),
        Message::NotStaff => tr.t("staff-error-not-staff"),
        Message::MustChange => tr.t("staff-error-must-change"),
        Message::CodeNotSent => tr.t("staff-error-code-not-sent"),
        Message::CodeWrong { tries_left } => {
            tr.n("staff-error-code-wrong", "n", i64::from(tries_left))
        }
        Message::CodeVoid => tr.t("staff-error-code-void"),
        Message::CodeMalformed => tr.t("staff-error-code-malformed"),
        Message::QueryTooShort => tr.n("staff-search-too-short", "n", MIN_QUERY_CHARS as i64),
        Message::NoMatches => tr.t("staff-search-none"),
        Message::Refused(r) => tr.t(refusal_key(r)),
        Message::Inactive => tr.t("staff-refused-inactive"),
        Message::NotFound => tr.t("staff-not-found"),
        Message::NoReference => tr.t("staff-check-error-empty"),
        Message::ReferenceTooLong => tr.n(
            "staff-check-error-too-long",
            "n",
            MAX_REFERENCE_CHARS as i64,
        ),
        Message::Unavailable => tr.t("error-unavailable"),
    }
}

fn refusal_key(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::Yourself => "staff-refused-self",
        Refusal::OtherStaff => "staff-refused-staff",
        Refusal::Protected => "staff-refused-protected",
    }
}

fn signed_in(page: &mut Page, say: &Say, desk: &Desk) {
    let name = sanitize(desk.staff.display_name());
    let text = say.t(
        "staff-signed-in",
        &[
            ("name", Arg::Str(&name)),
            ("username", Arg::Str(desk.staff.username())),
        ],
    );
    page.text(text, dim(), Priority::Low);
}

fn search(page: &mut Page, tr: &Tr, say: &Say, step: &Step, desk: &Desk) -> Vec<Hint> {
    page.text(tr.t("staff-search-title"), bold(), Priority::Keep);
    page.text(tr.t("staff-search-intro"), Style::new(), Priority::Low);
    let label = tr.t("staff-search-field");
    let (line, cursor) = Field {
        label: &label,
        label_width: text_width(&label),
        text: FieldText::Plain(desk.query.value()),
        cursor: desk.query.cursor(),
        focused: true,
        box_width: BOX_WIDTH,
    }
    .line();
    page.field(line, (!step.busy).then_some(cursor));
    page.gap();
    let mut hints = vec![Hint::named("ui-key-enter", tr, "staff-hint-search")];
    let shown = desk
        .results
        .as_ref()
        .filter(|(q, r)| *q == desk.query.value().trim() && !r.people.is_empty());
    if let Some((_, result)) = shown {
        let count = result.people.len();
        let summary = if result.more {
            tr.n("staff-search-more", "n", MAX_MATCHES as i64)
        } else {
            tr.n("staff-search-found", "n", count as i64)
        };
        page.text(summary, bold(), Priority::Keep);
        let start = desk
            .selected
            .saturating_sub(LIST_ROWS - 1)
            .min(count.saturating_sub(LIST_ROWS));
        let end = (start + LIST_ROWS).min(count);
        let name_width = result
            .people
            .iter()
            .map(|p| text_width(&p.display_name))
            .max()
            .unwrap_or(0)
            .clamp(12, 28);
        let user_width = result
            .people
            .iter()
            .map(|p| text_width(&p.username))
            .max()
            .unwrap_or(0)
            .clamp(10, 24);
        if start > 0 {
            let text = format!("    ↑ {}", tr.n("staff-list-above", "n", start as i64));
            page.line(Line::styled(text, dim()), Priority::High);
        }
        for (i, person) in result.people.iter().enumerate().take(end).skip(start) {
            let chosen = i == desk.selected;
            let style = if chosen {
                bold().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            let mut tags = Vec::new();
            if person.locked {
                tags.push(tr.t("staff-tag-locked"));
            }
            if let Some(r) = person.refusal {
                tags.push(tr.t(match r {
                    Refusal::Yourself => "staff-tag-self",
                    Refusal::OtherStaff => "staff-tag-staff",
                    Refusal::Protected => "staff-tag-protected",
                }));
            }
            let label = model_label(say.model, &person.category);
            let text = format!(
                "{}  {}  {}",
                pad(&person.display_name, name_width),
                pad(&person.username, user_width),
                pad(&label, 10)
            );
            let mut spans = vec![
                Span::styled(if chosen { FOCUS_MARKER } else { "  " }, bold()),
                Span::styled(text, style),
            ];
            if !tags.is_empty() {
                spans.push(Span::styled(format!("  {}", tags.join(", ")), bold()));
            }
            page.line(Line::from(spans), Priority::Keep);
        }
        if end < count {
            let text = format!(
                "    ↓ {}",
                tr.n("staff-list-below", "n", (count - end) as i64)
            );
            page.line(Line::styled(text, dim()), Priority::High);
        }
        hints = vec![
            Hint::glyph("↑↓", tr, "ui-hint-choose"),
            Hint::named("ui-key-enter", tr, "staff-hint-open"),
        ];
    }
    status(page, tr, step);
    hints.push(Hint::named("ui-key-esc", tr, "staff-hint-sign-out"));
    hints
}

/// A category's label from config, or its name.
fn model_label(model: &Model, category: &str) -> String {
    model
        .settings
        .policy(category)
        .map_or_else(|| category.to_string(), |p| sanitize(&p.label))
}

/// `s` cut or padded to `width` columns.
fn pad(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]));
        if used + w > width {
            if let Some(last) = out.pop() {
                used -= text_width(last.encode_utf8(&mut [0; 4]));
            }
            out.push('…');
            used += 1;
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// The person's name, username and category: on top of every screen about them.
fn person_title(page: &mut Page, card: &PersonCard) {
    page.line(
        Line::from(vec![
            Span::styled(card.display_name.clone(), bold()),
            Span::raw(format!("  ({})  · {}", card.username, card.category_label)),
        ]),
        Priority::Keep,
    );
}

fn document_label(tr: &Tr, document: &str) -> String {
    let key = ["staff-doc", document].join("-");
    let text = tr.t(&key);
    // A document type added in config without a translation reads as its name.
    if text == key {
        sanitize(document)
    } else {
        text
    }
}

fn person_view(
    page: &mut Page,
    model: &Model,
    tr: &Tr,
    say: &Say,
    step: &Step,
    person: &PersonView,
) -> Vec<Hint> {
    let card = &person.card;
    person_title(page, card);
    match &person.stage {
        PersonStage::Card => {
            card_panel(page, tr, say, card);
            page.text(tr.t("staff-card-events"), bold(), Priority::Low);
            if card.events.is_empty() {
                page.text(
                    format!("  {}", tr.t("staff-events-none")),
                    dim(),
                    Priority::Low,
                );
            }
            for e in &card.events {
                let text = format!(
                    "  {} {}  {}  {}  {}",
                    format_date(e.at),
                    format_time(e.at),
                    pad(&e.actor, 16),
                    pad(&e.action, 22),
                    e.outcome
                );
                page.line(Line::styled(text, dim()), Priority::Low);
            }
            page.gap();
            let mut hints = Vec::new();
            if let Some(r) = card.refusal {
                page.marked(
                    vec![glyph(RuleStatus::Fail)],
                    tr.t(refusal_key(r)),
                    error_style(),
                    Priority::Keep,
                );
            } else if !card.active {
                page.marked(
                    vec![glyph(RuleStatus::Fail)],
                    tr.t("staff-refused-inactive"),
                    error_style(),
                    Priority::Keep,
                );
            } else {
                match &person.check {
                    Some(check) => {
                        page.marked(
                            vec![glyph(RuleStatus::Pass)],
                            check_text(tr, say, check.document(), check.reference()),
                            Style::new(),
                            Priority::High,
                        );
                        page.text(tr.t("staff-card-next-checked"), bold(), Priority::Keep);
                        hints.push(Hint::named("ui-key-enter", tr, "staff-hint-actions"));
                    }
                    None => {
                        page.text(tr.t("staff-card-next"), bold(), Priority::Keep);
                        hints.push(Hint::named("ui-key-enter", tr, "staff-hint-check"));
                    }
                }
                status_if_message(page, tr, step);
            }
            hints.push(Hint::named("ui-key-esc", tr, "staff-hint-back-to-list"));
            hints
        }
        PersonStage::Check {
            document,
            reference,
        } => {
            page.gap();
            page.text(tr.t("staff-check-title"), bold(), Priority::Keep);
            page.text(tr.t("staff-check-intro"), Style::new(), Priority::High);
            for (i, doc) in model.settings.helpdesk.id_documents.iter().enumerate() {
                // The focus marker belongs to the reference field below; the radio mark
                // says which document is chosen.
                let (mark, style) = if i == *document {
                    ("(•) ", bold().add_modifier(Modifier::REVERSED))
                } else {
                    ("( ) ", Style::new())
                };
                page.line(
                    Line::from(vec![
                        Span::raw("  "),
                        Span::styled(mark, bold()),
                        Span::styled(document_label(tr, doc), style),
                    ]),
                    Priority::Keep,
                );
            }
            page.gap();
            let label = tr.t("staff-check-reference");
            let (line, cursor) = Field {
                label: &label,
                label_width: text_width(&label),
                text: FieldText::Plain(reference.value()),
                cursor: reference.cursor(),
                focused: true,
                box_width: 20,
            }
            .line();
            page.field(line, (!step.busy).then_some(cursor));
            page.text(
                format!("  {}", tr.t("staff-check-reference-help")),
                dim(),
                Priority::High,
            );
            page.gap();
            status(page, tr, step);
            vec![
                Hint::glyph("↑↓", tr, "staff-hint-document"),
                Hint::named("ui-key-enter", tr, "staff-hint-record"),
                Hint::named("ui-key-esc", tr, "ui-hint-back"),
            ]
        }
        PersonStage::Actions { selected } => {
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
                let (name, detail) = action_keys(*action);
                let chosen = i == *selected;
                let (marker, mark, style) = if chosen {
                    (
                        FOCUS_MARKER,
                        "(•) ",
                        bold().add_modifier(Modifier::REVERSED),
                    )
                } else {
                    ("  ", "( ) ", Style::new())
                };
                page.line(
                    Line::from(vec![
                        Span::styled(marker, bold()),
                        Span::styled(mark, bold()),
                        Span::styled(tr.t(name), style),
                    ]),
                    Priority::Keep,
                );
                let detail = say.t(
                    detail,
                    &[
                        ("uses", Arg::Num(i64::from(temp.uses.max(1)))),
                        ("days", Arg::Num(i64::from(temp.valid_days.max(1)))),
                    ],
                );
                page.marked(vec![Span::raw("      ")], detail, dim(), Priority::Low);
            }
            page.gap();
            status(page, tr, step);
            vec![
                Hint::glyph("↑↓", tr, "ui-hint-choose"),
                Hint::named("ui-key-enter", tr, "ui-hint-continue"),
                Hint::named("ui-key-esc", tr, "ui-hint-back"),
            ]
        }
        PersonStage::Confirm { action } => {
            page.gap();
            page.text(tr.t(action_keys(*action).0), bold(), Priority::Keep);
            page.gap();
            let name = card.display_name.as_str();
            let secs = i64::try_from(model.settings.helpdesk.temp_password_display_secs)
                .unwrap_or(i64::MAX);
            let mobile = card.mobile.clone().unwrap_or_default();
            let (key, extra) = match action {
                StaffAction::ResetTicket => (
                    "staff-confirm-ticket",
                    card.locked.then_some("staff-confirm-unlocks"),
                ),
                StaffAction::TempPassword => (
                    "staff-confirm-temp",
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
        PersonStage::TempPassword {
            password,
            uses,
            expires_at,
            ..
        } => {
            page.text(tr.t("staff-temp-title"), bold(), Priority::Keep);
            page.gap();
            let big = Style::new().add_modifier(Modifier::BOLD);
            match big_text::lines(password.expose(), BODY_WIDTH, big) {
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
                    ("date", Arg::Str(&format_date(*expires_at))),
                ],
            );
            page.text(valid, Style::new(), Priority::High);
            let display = model.settings.helpdesk.temp_password_display_secs;
            let left =
                crate::flow::staff::temp_password_left(step, model.now, display).unwrap_or(0);
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
        PersonStage::Result(outcome) => {
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
                            ("date", Arg::Str(&format_date(*expires_at))),
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
                    if let Some(lines) = big_text::lines(username, BODY_WIDTH, bold()) {
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
    }
}

fn status_if_message(page: &mut Page, tr: &Tr, step: &Step) {
    if step.busy || step.message.is_some() {
        page.gap();
        status(page, tr, step);
    }
}

fn check_text(tr: &Tr, say: &Say, document: &str, reference: &str) -> String {
    let document = document_label(tr, document);
    say.t(
        "staff-check-done",
        &[
            ("document", Arg::Str(&document)),
            ("reference", Arg::Str(reference)),
        ],
    )
}

fn action_keys(action: StaffAction) -> (&'static str, &'static str) {
    match action {
        StaffAction::ResetTicket => ("staff-action-ticket", "staff-action-ticket-detail"),
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

/// The card: category, status (locked and why), password and expiry, temporary password,
/// the ways the person can reset on their own. Never a secret.
fn card_panel(page: &mut Page, tr: &Tr, say: &Say, card: &PersonCard) {
    let labels = [
        tr.t("staff-card-category"),
        tr.t("staff-card-status"),
        tr.t("staff-card-password"),
        tr.t("staff-card-temp"),
        tr.t("staff-card-methods"),
    ];
    let width = labels.iter().map(|l| text_width(l)).max().unwrap_or(0) + 2;
    let label = |l: &str| {
        vec![Span::styled(
            format!("{l}{}", " ".repeat(width.saturating_sub(text_width(l)))),
            dim(),
        )]
    };
    let [category, status, password, temp, methods] = &labels;
    let mut rows = Vec::new();
    rows.push((
        label(category),
        format!("{} ({})", card.category_label, card.category),
        Style::new(),
    ));
    let state = if !card.active {
        (tr.t("staff-status-inactive"), error_style())
    } else if card.locked {
        let reason_key = match card.lock_reason {
            Some(LockReason::Failures) => "staff-lock-failures",
            Some(LockReason::Staff) => "staff-lock-staff",
            Some(LockReason::Expired) => "staff-lock-expired",
            Some(LockReason::Other) | None => "staff-lock-other",
        };
        let reason = tr.t(reason_key);
        let text = match card.locked_until {
            Some(t) => say.t(
                "staff-status-locked-until",
                &[
                    ("reason", Arg::Str(&reason)),
                    ("time", Arg::Str(&format_time(t))),
                ],
            ),
            None => say.t("staff-status-locked", &[("reason", Arg::Str(&reason))]),
        };
        (text, error_style())
    } else {
        (tr.t("staff-status-active"), Style::new())
    };
    rows.push((label(status), state.0, state.1));
    let mut pw = if !card.has_password {
        tr.t("staff-password-none")
    } else if card.temp_password.is_some() {
        tr.t("staff-password-temporary")
    } else {
        match card.expires_at {
            Some(t) => tr.s("staff-password-expires", "date", &format_date(t)),
            None => tr.t("staff-password-no-expiry"),
        }
    };
    if card.must_change && card.temp_password.is_none() {
        pw.push_str(&format!(" · {}", tr.t("staff-password-must-change")));
    }
    rows.push((label(password), pw, Style::new()));
    if let Some((left, until)) = card.temp_password {
        let date = until.map(format_date).unwrap_or_default();
        rows.push((
            label(temp),
            say.t(
                "staff-temp-left",
                &[("n", Arg::Num(left)), ("date", Arg::Str(&date))],
            ),
            Style::new(),
        ));
    }
    let mut ways = Vec::new();
    if card.questions > 0 {
        let mut q = tr.n("staff-method-questions", "n", card.questions as i64);
        if card.questions_locked {
            q.push_str(&format!(" ({})", tr.t("staff-method-questions-locked")));
        }
        ways.push(q);
    }
    if let Some(mobile) = &card.mobile {
        ways.push(tr.s("staff-method-mobile", "number", mobile));
    }
    let ways = if ways.is_empty() {
        tr.t("staff-method-none")
    } else {
        ways.join(", ")
    };
    rows.push((label(methods), ways, Style::new()));
    page.panel(tr.t("staff-card-title"), rows, PANEL_WIDTH, Priority::Keep);
}
