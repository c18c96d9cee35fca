//! The staff screens: sign-in, sign-in code, look-up with its result list, the person's
//! card, the identity check, the action menu, the confirmation, the temporary password in
//! large characters (with the seconds left), and the results. Written for someone with a
//! queue at the desk: the person's name and state on top, one thing to do per screen, the
//! key for it in the footer. One file per phase: `sign_in` (password and code), `desk`
//! (look-up and results), `card` (the card and the identity check), `actions` (menu,
//! confirmation, temporary password, results); this file frames them.

mod actions;
mod card;
mod desk;
mod sign_in;

use ratatui::style::{Modifier, Style};

use super::widgets::checklist::{error_style, glyph};
use super::widgets::page::{Page, Priority};
use super::{Hint, Tr, View};
use crate::clock::format_time;
use crate::domain::desk::{MAX_REFERENCE_CHARS, MIN_QUERY_CHARS, Refusal};
use crate::domain::policy::RuleStatus;
use crate::flow::Model;
use crate::flow::staff::{Message, PersonStage, PersonView, Phase, Step};
use crate::i18n::{Arg, t_args};

/// Columns inside the input boxes.
pub(super) const BOX_WIDTH: usize = 36;
/// Result rows shown at once; the list scrolls to keep the selection in view.
pub(super) const LIST_ROWS: usize = 10;
/// The card's panel width.
pub(super) const PANEL_WIDTH: usize = 76;
/// Columns of the body (80 minus the margins): large text is laid out for this.
pub(super) const BODY_WIDTH: usize = 76;

/// Text with several arguments (Tr takes one).
pub(super) struct Say<'a> {
    pub(super) model: &'a Model,
}

impl Say<'_> {
    pub(super) fn t(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        t_args(self.model.lang, key, args).replace(['\u{2068}', '\u{2069}'], "")
    }
}

pub(super) fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub(super) fn dim() -> Style {
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
        } => sign_in::sign_in(&mut page, tr, step, username, password, *focus),
        Phase::Code { challenge, code } => {
            sign_in::code(&mut page, tr, &say, step, challenge, code)
        }
        Phase::Desk(desk) => {
            desk::signed_in(&mut page, &say, desk);
            match &desk.person {
                None => desk::search(&mut page, tr, &say, step, desk),
                Some(person) => person_view(&mut page, model, tr, &say, step, person),
            }
        }
    };
    View { page, hints }
}

/// The busy line or the message, under the screen's main part.
pub(super) fn status(page: &mut Page, tr: &Tr, step: &Step) {
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

pub(super) fn message_text(tr: &Tr, message: Message) -> String {
    match message {
        Message::EmptySignIn => tr.t("staff-error-empty"),
        // The kiosk's own words: a student who tries F9 learns nothing more here.
        Message::Invalid => tr.t("error-invalid-credentials"),
        Message::Locked { until: Some(t) } => {
            tr.s("staff-error-locked-until", "time", &format_time(t))
        }
        Message::Locked { until: None } => tr.t("staff-error-locked"),
        Message::TempExpired => tr.t("staff-error-temp-expired"),
        Message::MustChange => tr.t("staff-error-must-change"),
        Message::CodeNotSent => tr.t("staff-error-code-not-sent"),
        Message::NoSecondFactor => tr.t("staff-error-no-second-factor"),
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
        Message::WholeNumber(n) => tr.n(
            "staff-check-error-whole",
            "n",
            i64::try_from(n).unwrap_or(i64::MAX),
        ),
        Message::Unavailable => tr.t("error-unavailable"),
    }
}

pub(super) fn refusal_key(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::Yourself => "staff-refused-self",
        Refusal::OtherStaff => "staff-refused-staff",
        Refusal::Protected => "staff-refused-protected",
    }
}

/// One person: their name on top, then the stage showing.
fn person_view(
    page: &mut Page,
    model: &Model,
    tr: &Tr,
    say: &Say,
    step: &Step,
    person: &PersonView,
) -> Vec<Hint> {
    card::person_title(page, tr, &person.card);
    match &person.stage {
        PersonStage::Card => card::card_stage(page, tr, say, step, person),
        PersonStage::Check { .. } => card::check_stage(page, model, tr, step, person),
        PersonStage::Actions { .. } => actions::actions_stage(page, model, tr, say, step, person),
        PersonStage::Confirm { .. } => actions::confirm_stage(page, model, tr, say, step, person),
        PersonStage::TempPassword { .. } => {
            actions::temp_password_stage(page, model, tr, say, step, person)
        }
        PersonStage::Result(_) => actions::result_stage(page, tr, say, person),
    }
}

pub(super) fn status_if_message(page: &mut Page, tr: &Tr, step: &Step) {
    if step.busy || step.message.is_some() {
        page.gap();
        status(page, tr, step);
    }
}
