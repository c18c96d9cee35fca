//! The signed-in desk: the look-up and its result list; Enter on a chosen row opens the card.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Desk, MAX_QUERY_CHARS, Message, Phase, Request, Step, card, denied_here, request};
use crate::domain::desk::{MIN_QUERY_CHARS, SearchResult, StaffSession, Staffed};
use crate::domain::text::fold;
use crate::flow::feature::{Ctx, Next};
use crate::flow::field::{Edit, TextField};

/// Signed in: an empty look-up.
pub(super) fn enter(step: &mut Step, staff: StaffSession) {
    step.phase = Phase::Desk(Box::new(Desk {
        staff,
        query: TextField::new(MAX_QUERY_CHARS),
        results: None,
        selected: 0,
        person: None,
    }));
    step.message = None;
}

pub(super) fn key(ctx: &mut Ctx, step: &mut Step, key: KeyEvent) -> Next {
    let Phase::Desk(desk) = &mut step.phase else {
        return Next::Stay;
    };
    if desk.person.is_some() {
        return card::person_key(ctx, step, key);
    }
    let count = desk.results.as_ref().map_or(0, |(_, r)| r.people.len());
    match key.code {
        // Signing out drops everything of this session.
        KeyCode::Esc => return Next::Wipe,
        KeyCode::Up | KeyCode::BackTab => desk.selected = desk.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => {
            desk.selected = (desk.selected + 1).min(count.saturating_sub(1))
        }
        KeyCode::Enter => {
            let query = desk.query.value().trim().to_string();
            let same = desk.results.as_ref().is_some_and(|(q, _)| *q == query);
            let chosen = desk
                .results
                .as_ref()
                .and_then(|(_, r)| r.people.get(desk.selected))
                .map(|p| p.id);
            if let (true, Some(person_id)) = (same, chosen) {
                let staff = desk.staff.clone();
                step.message = None;
                request(ctx, step, Request::Card { staff, person_id });
            } else if fold(&query).chars().filter(|c| !c.is_whitespace()).count() < MIN_QUERY_CHARS
            {
                step.message = Some(Message::QueryTooShort);
            } else {
                let staff = desk.staff.clone();
                step.message = None;
                request(ctx, step, Request::Search { staff, query });
            }
        }
        _ => {
            if desk.query.key(&key) == Edit::Changed {
                step.message = None;
            }
        }
    }
    Next::Stay
}

/// The look-up's answer.
pub(super) fn found(step: &mut Step, query: String, result: Staffed<SearchResult>) -> Next {
    let Phase::Desk(desk) = &mut step.phase else {
        return Next::Stay;
    };
    step.busy = false;
    match result {
        Ok(found) => {
            step.message = found.people.is_empty().then_some(Message::NoMatches);
            desk.results = Some((query, found));
            desk.selected = 0;
            Next::Stay
        }
        Err(denied) => denied_here(step, denied),
    }
}
