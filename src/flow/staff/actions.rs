//! What staff do for a checked person: the action menu, the confirmation, and the result
//! (a temporary password shown once, for a limited time, then hidden for good).

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};

use super::card::Then;
use super::{Message, Outcome, PersonStage, PersonView, Phase, Request, Step, denied_here};
use crate::domain::desk::{ActionDone, StaffAction, StaffSession, Staffed};
use crate::flow::FeatureRequest;
use crate::flow::feature::{Ctx, Next};

pub(super) fn actions_key(
    staff: StaffSession,
    person: &mut PersonView,
    message: &mut Option<Message>,
    key: KeyEvent,
) -> Then {
    let person_id = person.card.id;
    let actions = person.card.actions();
    let PersonStage::Actions { selected } = &mut person.stage else {
        return Then::Stay;
    };
    let mut then = Then::Stay;
    match key.code {
        KeyCode::Esc => person.stage = PersonStage::Card,
        KeyCode::Up | KeyCode::BackTab => *selected = selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => {
            *selected = (*selected + 1).min(actions.len().saturating_sub(1))
        }
        KeyCode::Enter => match actions.get(*selected).copied() {
            // Telling a username changes nothing: no confirmation.
            Some(StaffAction::TellUsername) => {
                let Some(check) = person.check.clone() else {
                    person.stage = PersonStage::Card;
                    return Then::Stay;
                };
                then = Then::Ask(Request::Act {
                    staff,
                    person_id,
                    check,
                    action: StaffAction::TellUsername,
                });
            }
            Some(action) => person.stage = PersonStage::Confirm { action },
            None => {}
        },
        _ => {}
    }
    *message = None;
    then
}

pub(super) fn confirm_key(staff: StaffSession, person: &mut PersonView, key: KeyEvent) -> Then {
    let PersonStage::Confirm { action } = person.stage else {
        return Then::Stay;
    };
    match key.code {
        KeyCode::Esc => {
            let selected = person
                .card
                .actions()
                .iter()
                .position(|a| *a == action)
                .unwrap_or(0);
            person.stage = PersonStage::Actions { selected };
        }
        KeyCode::Enter => match person.check.clone() {
            Some(check) => {
                return Then::Ask(Request::Act {
                    staff,
                    person_id: person.card.id,
                    check,
                    action,
                });
            }
            None => person.stage = PersonStage::Card,
        },
        _ => {}
    }
    Then::Stay
}

/// Enter or Esc on a temporary password or a result: back to the card.
pub(super) fn shown_key(
    ctx: &mut Ctx,
    staff: StaffSession,
    person: &mut PersonView,
    key: KeyEvent,
) -> Then {
    if !matches!(key.code, KeyCode::Enter | KeyCode::Esc) {
        return Then::Stay;
    }
    match person.stage {
        PersonStage::TempPassword {
            uses, expires_at, ..
        } => hide_temp_password(ctx, person, staff, uses, expires_at),
        PersonStage::Result(_) => person.stage = PersonStage::Card,
        PersonStage::Card
        | PersonStage::Check { .. }
        | PersonStage::Actions { .. }
        | PersonStage::Confirm { .. } => {}
    }
    Then::Stay
}

/// Replaces the temporary password on screen (dropping, and so zeroizing, it) with a note
/// that it was shown, and refreshes the card.
fn hide_temp_password(
    ctx: &mut Ctx,
    person: &mut PersonView,
    staff: StaffSession,
    uses: u32,
    expires_at: i64,
) {
    person.stage = PersonStage::Result(Outcome::TempShown { uses, expires_at });
    let person_id = person.card.id;
    // A refresh in the background: no `busy`, the staff member may read on.
    ctx.request(FeatureRequest::Staff(Request::Card { staff, person_id }));
}

/// An action's answer: the person's New password (a ticket), a temporary password, or
/// what was done.
pub(super) fn acted(ctx: &mut Ctx, step: &mut Step, result: Staffed<ActionDone>) -> Next {
    if !step.busy {
        return Next::Stay;
    }
    step.busy = false;
    let done = match result {
        Ok(done) => done,
        Err(denied) => return denied_here(step, denied),
    };
    let Phase::Desk(desk) = &mut step.phase else {
        return Next::Stay;
    };
    let staff = desk.staff.clone();
    let Some(person) = desk.person.as_mut() else {
        return Next::Stay;
    };
    step.message = None;
    let outcome = match done {
        // The screen is the person's now; the staff session ends with this step.
        ActionDone::Ticket(account) => return Next::ChangePassword(account),
        ActionDone::TempPassword {
            password,
            uses,
            expires_at,
            print_failed,
        } => {
            person.stage = PersonStage::TempPassword {
                password,
                uses,
                expires_at,
                shown_at: ctx.now,
                print_failed,
            };
            return Next::Stay;
        }
        ActionDone::SlipPrinted { uses, expires_at } => Outcome::SlipPrinted { uses, expires_at },
        ActionDone::Unlocked => Outcome::Unlocked,
        ActionDone::QuestionsCleared { removed } => Outcome::QuestionsCleared { removed },
        ActionDone::MobileCleared => Outcome::MobileCleared,
        ActionDone::Username(username) => Outcome::Username(username),
    };
    person.stage = PersonStage::Result(outcome);
    let person_id = person.card.id;
    ctx.request(FeatureRequest::Staff(Request::Card { staff, person_id }));
    Next::Stay
}

/// Hides a temporary password once its display time is up.
pub(super) fn tick(ctx: &mut Ctx, step: &mut Step) -> Next {
    let Phase::Desk(desk) = &mut step.phase else {
        return Next::Stay;
    };
    let staff = desk.staff.clone();
    let Some(person) = desk.person.as_mut() else {
        return Next::Stay;
    };
    if let PersonStage::TempPassword {
        uses,
        expires_at,
        shown_at,
        ..
    } = person.stage
    {
        let limit = Duration::from_secs(ctx.settings.helpdesk.temp_password_display_secs);
        if ctx.now.saturating_duration_since(shown_at) >= limit {
            hide_temp_password(ctx, person, staff, uses, expires_at);
        }
    }
    Next::Stay
}
