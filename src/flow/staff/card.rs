//! One person at the desk: the card and the identity check that every action needs. The
//! keys of the later stages (actions, confirmation, what was done) are in `actions`.

use crossterm::event::{KeyCode, KeyEvent};

use super::{
    Message, PersonStage, PersonView, Phase, Request, Step, actions, denied_here, request,
};
use crate::config::Settings;
use crate::domain::desk::{
    Denied, IdCheckError, IdentityCheck, MAX_REFERENCE_CHARS, PersonCard, StaffSession, Staffed,
};
use crate::flow::feature::{Ctx, Next};
use crate::flow::field::{Edit, TextField};

/// What a key on one person's stage asks of the desk.
pub(super) enum Then {
    Stay,
    /// Back to the look-up.
    Close,
    /// A request; keys wait for its reply.
    Ask(Request),
}

/// A key while a person is open: handled by the stage showing.
pub(super) fn person_key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    let Phase::Desk(desk) = &mut step.phase else {
        return Next::Stay;
    };
    let staff = desk.staff.clone();
    let Some(person) = desk.person.as_mut() else {
        return Next::Stay;
    };
    let settings = ctx.settings;
    let message = &mut step.message;
    let then = match person.stage {
        PersonStage::Card => card_key(person, message, key),
        PersonStage::Check { .. } => check_key(settings, staff, person, message, key),
        PersonStage::Actions { .. } => actions::actions_key(staff, person, message, key),
        PersonStage::Confirm { .. } => actions::confirm_key(staff, person, key),
        PersonStage::TempPassword { .. } | PersonStage::Result(_) => {
            actions::shown_key(ctx, staff, person, key)
        }
    };
    match then {
        Then::Stay => {}
        Then::Close => {
            desk.person = None;
            step.message = None;
        }
        Then::Ask(r) => request(ctx, step, r),
    }
    Next::Stay
}

fn card_key(person: &mut PersonView, message: &mut Option<Message>, key: KeyEvent) -> Then {
    match key.code {
        KeyCode::Esc => return Then::Close,
        KeyCode::Enter => {
            if let Some(refusal) = person.card.refusal {
                *message = Some(Message::Refused(refusal));
            } else if !person.card.active {
                *message = Some(Message::Inactive);
            } else if person.check.is_some() {
                person.stage = PersonStage::Actions { selected: 0 };
                *message = None;
            } else {
                person.stage = PersonStage::Check {
                    document: 0,
                    reference: TextField::new(MAX_REFERENCE_CHARS),
                };
                *message = None;
            }
        }
        _ => {}
    }
    Then::Stay
}

fn check_key(
    settings: &Settings,
    staff: StaffSession,
    person: &mut PersonView,
    message: &mut Option<Message>,
    key: KeyEvent,
) -> Then {
    let person_id = person.card.id;
    let documents = &settings.helpdesk.id_documents;
    let PersonStage::Check {
        document,
        reference,
    } = &mut person.stage
    else {
        return Then::Stay;
    };
    match key.code {
        KeyCode::Esc => {
            person.stage = PersonStage::Card;
            *message = None;
        }
        KeyCode::Up | KeyCode::BackTab => *document = document.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => {
            *document = (*document + 1).min(documents.len().saturating_sub(1))
        }
        KeyCode::Enter => {
            let name = documents
                .get(*document)
                .map(String::as_str)
                .unwrap_or_default();
            let h = &settings.helpdesk;
            match IdentityCheck::new(
                &h.id_documents,
                h.id_reference_chars,
                name,
                reference.value(),
            ) {
                Ok(check) => {
                    *message = None;
                    return Then::Ask(Request::Check {
                        staff,
                        person_id,
                        check,
                    });
                }
                Err(IdCheckError::ReferenceTooLong) => *message = Some(Message::ReferenceTooLong),
                Err(IdCheckError::WholeNumber(n)) => {
                    // A whole personal number does not stay on the screen either.
                    *reference = TextField::new(MAX_REFERENCE_CHARS);
                    *message = Some(Message::WholeNumber(n));
                }
                Err(_) => *message = Some(Message::NoReference),
            }
        }
        _ => match reference.key(&key) {
            Edit::Changed => *message = None,
            Edit::TooLong => *message = Some(Message::ReferenceTooLong),
            Edit::Unchanged => {}
        },
    }
    Then::Stay
}

/// A card: the one asked for from the result list, or a refresh after an action.
pub(super) fn card_reply(step: &mut Step, result: Staffed<PersonCard>) -> Next {
    let busy = step.busy;
    let Phase::Desk(desk) = &mut step.phase else {
        return Next::Stay;
    };
    match (result, desk.person.as_mut()) {
        // The card asked for from the result list.
        (Ok(card), None) if busy => {
            desk.person = Some(Box::new(PersonView {
                card,
                check: None,
                stage: PersonStage::Card,
            }));
            step.busy = false;
            step.message = None;
        }
        // A refresh after an action.
        (Ok(card), Some(person)) if person.card.id == card.id => person.card = card,
        (Err(denied), _) if busy => {
            step.busy = false;
            return denied_here(step, denied);
        }
        (Err(Denied::SessionEnded), _) => return Next::Wipe,
        _ => {}
    }
    Next::Stay
}

/// The identity check was recorded: on to the actions.
pub(super) fn checked(step: &mut Step, check: IdentityCheck, result: Staffed<()>) -> Next {
    let Some(person) = person_mut(step) else {
        return Next::Stay;
    };
    if !matches!(person.stage, PersonStage::Check { .. }) {
        return Next::Stay;
    }
    step.busy = false;
    match result {
        Ok(()) => {
            if let Some(person) = person_mut(step) {
                person.check = Some(check);
                person.stage = PersonStage::Actions { selected: 0 };
            }
            step.message = None;
            Next::Stay
        }
        Err(denied) => denied_here(step, denied),
    }
}

/// The person open at the desk, if any.
pub(super) fn person_mut(step: &mut Step) -> Option<&mut PersonView> {
    match &mut step.phase {
        Phase::Desk(desk) => desk.person.as_deref_mut(),
        Phase::SignIn { .. } | Phase::Code { .. } => None,
    }
}
