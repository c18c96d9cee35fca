//! One person's card (never a secret on it) and the identity check.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::desk::pad;
use super::{PANEL_WIDTH, Say, bold, dim, refusal_key, status, status_if_message};
use crate::clock::format_time;
use crate::domain::account::LockReason;
use crate::domain::desk::{CardEvent, PersonCard, Via};
use crate::domain::policy::RuleStatus;
use crate::domain::targets::{TargetKind, TargetState, TargetStatus};
use crate::domain::text::sanitize;
use crate::flow::Model;
use crate::flow::staff::{PersonStage, PersonView, Step};
use crate::i18n::Arg;
use crate::ui::widgets::checklist::{error_style, glyph};
use crate::ui::widgets::input::{Field, FieldText};
use crate::ui::widgets::page::{Page, Priority, text_width};
use crate::ui::widgets::radio::{self, Focus};
use crate::ui::{Hint, Tr};

/// The person's name, username and category: on top of every screen about them.
pub(super) fn person_title(page: &mut Page, tr: &Tr, card: &PersonCard) {
    page.line(
        Line::from(vec![
            Span::styled(card.display_name.clone(), bold()),
            Span::raw(format!(
                "  ({})  · {}",
                card.username,
                category_name(tr, card)
            )),
        ]),
        Priority::Keep,
    );
}

/// The category in the staff member's language (`staff-category`), else its label from
/// the configuration.
pub(super) fn category_name(tr: &Tr, card: &PersonCard) -> String {
    category_words(tr, &card.category, &card.category_label)
}

/// A category's name in the staff member's language, `label` when it has none.
pub(super) fn category_words(tr: &Tr, name: &str, label: &str) -> String {
    plain_t(
        tr,
        "staff-category",
        &[("name", Arg::Str(name)), ("label", Arg::Str(label))],
    )
}

/// An audit event in words: what was done, how it went, and how a notice went out. A word
/// a newer kiosk wrote, which this one does not know, is shown as stored.
pub(super) fn event_text(tr: &Tr, e: &CardEvent) -> String {
    let word = |kind: &str, name: &str, known: bool| {
        if known {
            tr.t(&format!("{kind}-{}", name.replace('_', "-")))
        } else {
            name.to_string()
        }
    };
    let action = word(
        "audit-action",
        e.action.as_str(),
        e.action.known().is_some(),
    );
    let outcome = word(
        "audit-outcome",
        e.outcome.as_str(),
        e.outcome.known().is_some(),
    );
    let via = match e.via {
        Some(Via::Sms) => tr.t("audit-via-sms"),
        Some(Via::Email) => tr.t("audit-via-email"),
        None => String::new(),
    };
    plain_t(
        tr,
        "audit-event",
        &[
            ("action", Arg::Str(&action)),
            ("outcome", Arg::Str(&outcome)),
            ("via", Arg::Str(&via)),
        ],
    )
}

fn plain_t(tr: &Tr, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    crate::i18n::t_args(tr.lang(), key, args).replace(['\u{2068}', '\u{2069}'], "")
}

pub(super) fn document_label(tr: &Tr, document: &str) -> String {
    let key = ["staff-doc", document].join("-");
    let text = tr.t(&key);
    // A document type added in config without a translation reads as its name.
    if text == key {
        sanitize(document)
    } else {
        text
    }
}

/// The card, the recent events, and what comes next (or why nothing can be done).
pub(super) fn card_stage(
    page: &mut Page,
    tr: &Tr,
    say: &Say,
    step: &Step,
    person: &PersonView,
) -> Vec<Hint> {
    let card = &person.card;
    card_panel(page, tr, say, card);
    page.text(tr.t("staff-card-events"), bold(), Priority::Low);
    if card.events.is_empty() {
        page.text(
            format!("  {}", tr.t("staff-events-none")),
            dim(),
            Priority::Low,
        );
    }
    // The actor column as wide as its widest name (at most 16), so the words have room;
    // words that still do not fit wrap under themselves.
    let actor_width = card
        .events
        .iter()
        .map(|e| text_width(&e.actor))
        .max()
        .unwrap_or(0)
        .min(16);
    for e in &card.events {
        let head = format!(
            "  {} {}  {}  ",
            tr.date(e.at),
            format_time(e.at),
            pad(&e.actor, actor_width)
        );
        page.marked(
            vec![Span::styled(head, dim())],
            event_text(tr, e),
            dim(),
            Priority::Low,
        );
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

/// The identity check: the document type and its reference.
pub(super) fn check_stage(
    page: &mut Page,
    model: &Model,
    tr: &Tr,
    step: &Step,
    person: &PersonView,
) -> Vec<Hint> {
    let PersonStage::Check {
        document,
        reference,
    } = &person.stage
    else {
        return Vec::new();
    };
    page.gap();
    page.text(tr.t("staff-check-title"), bold(), Priority::Keep);
    page.text(tr.t("staff-check-intro"), Style::new(), Priority::High);
    for (i, doc) in model.settings.helpdesk.id_documents.iter().enumerate() {
        // The focus marker belongs to the reference field below; the radio mark says
        // which document is chosen.
        radio::row(
            page,
            Focus::Elsewhere,
            i == *document,
            document_label(tr, doc),
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

pub(super) fn check_text(tr: &Tr, say: &Say, document: &str, reference: &str) -> String {
    let document = document_label(tr, document);
    say.t(
        "staff-check-done",
        &[
            ("document", Arg::Str(&document)),
            ("reference", Arg::Str(reference)),
        ],
    )
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
        tr.t("staff-card-locked-by"),
        tr.t("staff-card-last-sign-in"),
    ];
    let target_labels: Vec<String> = card.targets.iter().map(|t| target_label(tr, t)).collect();
    let width = labels
        .iter()
        .chain(&target_labels)
        .map(|l| text_width(l))
        .max()
        .unwrap_or(0)
        + 2;
    let label = |l: &str| {
        vec![Span::styled(
            format!("{l}{}", " ".repeat(width.saturating_sub(text_width(l)))),
            dim(),
        )]
    };
    let [category, status, password, temp, methods, locked, last] = &labels;
    let mut rows = Vec::new();
    rows.push((label(category), category_name(tr, card), Style::new()));
    let state = state_text(tr, say, card);
    rows.push((label(status), state.0, state.1));
    if let Some(by) = &card.locked_by {
        rows.push((
            label(locked),
            locked_by_text(tr, say, card, by),
            Style::new(),
        ));
    }
    let mut pw = if !card.has_password {
        tr.t("staff-password-none")
    } else if card.temp_password.is_some() {
        tr.t("staff-password-temporary")
    } else {
        match card.expires_at {
            Some(t) => tr.s("staff-password-expires", "date", &tr.date(t)),
            None => tr.t("staff-password-no-expiry"),
        }
    };
    if card.must_change && card.temp_password.is_none() {
        pw.push_str(&format!(" · {}", tr.t("staff-password-must-change")));
    }
    rows.push((label(password), pw, Style::new()));
    if let Some((left, until)) = card.temp_password {
        let date = until.map(|t| tr.date(t)).unwrap_or_default();
        rows.push((
            label(temp),
            say.t(
                "staff-temp-left",
                &[("n", Arg::Num(left)), ("date", Arg::Str(&date))],
            ),
            Style::new(),
        ));
    }
    let ways = ways_text(tr, card);
    rows.push((label(methods), ways, Style::new()));
    let signed_in = match &card.last_sign_in {
        Some(e) => say.t(
            "staff-last-sign-in-at",
            &[
                ("date", Arg::Str(&tr.date(e.at))),
                ("time", Arg::Str(&format_time(e.at))),
                ("kiosk", Arg::Str(&e.kiosk_id)),
            ],
        ),
        None => tr.t("staff-last-sign-in-never"),
    };
    rows.push((label(last), signed_in, Style::new()));
    for (t, name) in card.targets.iter().zip(&target_labels) {
        let (text, style) = target_text(tr, t);
        rows.push((label(name), text, style));
    }
    page.panel(tr.t("staff-card-title"), rows, PANEL_WIDTH, Priority::Keep);
}

/// Who locked the account and when: the kiosk where the wrong passwords were typed, the
/// expiry job, or the staff member or administrator.
fn locked_by_text(tr: &Tr, say: &Say, card: &PersonCard, by: &CardEvent) -> String {
    let (date, time) = (tr.date(by.at), format_time(by.at));
    let who = match card.lock_reason {
        Some(LockReason::Failures) => say.t(
            "staff-locked-by-failures",
            &[("kiosk", Arg::Str(&by.kiosk_id))],
        ),
        Some(LockReason::Expired) => tr.t("staff-locked-by-expiry"),
        _ => by.actor.clone(),
    };
    say.t(
        "staff-locked-by",
        &[
            ("who", Arg::Str(&who)),
            ("date", Arg::Str(&date)),
            ("time", Arg::Str(&time)),
        ],
    )
}

/// The card's status line: active, inactive, or locked (why, and until when).
fn state_text(tr: &Tr, say: &Say, card: &PersonCard) -> (String, Style) {
    if !card.active {
        (tr.t("staff-status-inactive"), error_style())
    } else if card.locked {
        let reason_key = match card.lock_reason {
            Some(LockReason::Failures) => "staff-lock-failures",
            Some(LockReason::Staff) => "staff-lock-staff",
            Some(LockReason::Expired) => "staff-lock-expired",
            // A locked card always has its reason; never leave the line blank.
            None => "staff-lock-other",
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
    }
}

/// The ways the person can reset on their own.
fn ways_text(tr: &Tr, card: &PersonCard) -> String {
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
    if ways.is_empty() {
        tr.t("staff-method-none")
    } else {
        ways.join(", ")
    }
}

/// A cloud target's row label: its name (Google, Microsoft 365).
fn target_label(tr: &Tr, t: &TargetStatus) -> String {
    tr.t(match t.kind {
        TargetKind::Google => "target-google",
        TargetKind::Microsoft => "target-microsoft",
    })
}

/// How the last change went at one cloud target, marked as on the Done screen (the marks
/// are drawn, not translated): changed, on its way (with the next try), or not changed
/// (with the service's answer, for IT).
fn target_text(tr: &Tr, t: &TargetStatus) -> (String, Style) {
    let (mark, text, style) = match t.state {
        TargetState::Done => ("✓", tr.t("staff-target-done"), Style::new()),
        TargetState::Pending => {
            let text = match t.next_try_at {
                Some(at) => tr.s("staff-target-pending-at", "time", &format_time(at)),
                None => tr.t("staff-target-pending"),
            };
            ("…", text, Style::new())
        }
        TargetState::Failed => {
            let mut text = tr.t("staff-target-failed");
            if let Some(code) = t.status {
                text.push_str(&format!(" ({code})"));
            }
            ("✗", text, error_style())
        }
    };
    (format!("{mark} {text}"), style)
}
