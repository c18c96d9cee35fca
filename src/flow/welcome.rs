//! Welcome: the language, the way on to the username, and office staff mode (F9). It holds
//! nothing personal.

use crossterm::event::{KeyCode, KeyEvent};

use super::update::ctx;
use super::{Ctx, Effect, Model, Screen, identify, staff};

pub(super) fn key(model: &mut Model, key: KeyEvent, fx: &mut Vec<Effect>) {
    match key.code {
        KeyCode::Enter => {
            model.help_open = false;
            model.screen = identify::screen(None);
        }
        KeyCode::Left | KeyCode::Right => model.next_lang(),
        KeyCode::F(9) => {
            model.help_open = false;
            let step = staff::start(&mut ctx!(model, fx));
            model.screen = Screen::Staff(Box::new(step));
        }
        KeyCode::Esc => model.help_open = false,
        _ => {}
    }
}
