//! Choose method: how to prove it's you. Every [`Method`] is matched here without a
//! fall-through, so a new method does not compile until it has a screen to start.

use crossterm::event::{KeyCode, KeyEvent};

use super::update::ctx;
use super::{Ctx, Effect, Model, ResetState, Screen, current_password, identify, questions, sms};
use crate::domain::auth::Method;

/// The list of the methods still open to this reset, the first selected.
pub(super) fn screen(reset: ResetState) -> Screen {
    Screen::ChooseMethod { reset, selected: 0 }
}

pub(super) fn key(model: &mut Model, key: KeyEvent, fx: &mut Vec<Effect>) {
    let Screen::ChooseMethod { reset, selected } = &mut model.screen else {
        return;
    };
    match key.code {
        KeyCode::Esc => model.screen = identify::screen(Some(&reset.username)),
        KeyCode::Up | KeyCode::BackTab => *selected = selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Tab => {
            *selected = (*selected + 1).min(reset.methods.len().saturating_sub(1));
        }
        KeyCode::Enter => {
            if let Some(method) = reset.methods.get(*selected).copied() {
                let reset = reset.clone();
                start(model, method, reset, fx);
            }
        }
        _ => {}
    }
}

/// Opens the screen of `method`.
fn start(model: &mut Model, method: Method, reset: ResetState, fx: &mut Vec<Effect>) {
    model.screen = match method {
        Method::Password => current_password::screen(reset),
        Method::Questions => {
            Screen::Questions(Box::new(questions::start(&mut ctx!(model, fx), reset)))
        }
        Method::Sms => Screen::Sms(Box::new(sms::start(&mut ctx!(model, fx), reset))),
    };
}
