//! Welcome: the language, the way on to the username (Enter, or typing its first letter),
//! and office staff mode (F9). It holds nothing personal.

use crossterm::event::{KeyCode, KeyEvent};

use super::field::typed_char;
use super::update::ctx;
use super::{Ctx, Effect, Model, Screen, identify, staff};

pub(super) fn key(model: &mut Model, key: KeyEvent, fx: &mut Vec<Effect>) {
    match key.code {
        KeyCode::Enter => {
            model.help_open = false;
            model.screen = identify::screen(None);
        }
        KeyCode::Left => model.previous_lang(),
        KeyCode::Right => model.next_lang(),
        KeyCode::F(9) => {
            model.help_open = false;
            let step = staff::start(&mut ctx!(model, fx));
            model.screen = Screen::Staff(Box::new(step));
        }
        KeyCode::Esc => model.help_open = false,
        _ if typed_char(&key).is_some_and(|c| !c.is_whitespace()) => {
            // A printable character starts the username with it (a space does nothing).
            model.help_open = false;
            model.screen = identify::screen(None);
            identify::key(model, key, fx);
        }
        _ => {}
    }
}
