//! Identify: the username, checked for shape here and looked up by the app, which answers
//! with the reset methods open to it.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Edit, Effect, IdentifyError, Model, ResetState, Screen, TextField, choose_method};
use crate::domain::auth::Method;
use crate::domain::username::{Username, UsernameError};

/// The Identify screen, with `username` already typed (back from the methods).
pub(super) fn screen(username: Option<&Username>) -> Screen {
    let mut field = TextField::new(Username::MAX_CHARS);
    if let Some(username) = username {
        field.paste(username.as_str());
    }
    Screen::Identify {
        field,
        error: None,
        busy: false,
    }
}

pub(super) fn key(model: &mut Model, key: KeyEvent, fx: &mut Vec<Effect>) {
    let session = model.session;
    let Screen::Identify { field, error, busy } = &mut model.screen else {
        return;
    };
    match key.code {
        _ if *busy => {}
        KeyCode::Esc => {
            model.help_open = false;
            model.screen = Screen::Welcome;
        }
        KeyCode::Enter => match Username::parse(field.value()) {
            Ok(username) => {
                *busy = true;
                *error = None;
                fx.push(Effect::LookupMethods { session, username });
            }
            Err(e) => {
                *error = Some(match e {
                    UsernameError::Empty => IdentifyError::Empty,
                    UsernameError::TooLong => IdentifyError::TooLong,
                    UsernameError::BadChar(_) => IdentifyError::BadCharacters,
                });
            }
        },
        _ => {
            if field.key(&key) == Edit::TooLong {
                *error = Some(IdentifyError::TooLong);
            } else {
                *error = None;
            }
        }
    }
}

pub(super) fn paste(model: &mut Model, text: &str) {
    if let Screen::Identify {
        field,
        error,
        busy: false,
    } = &mut model.screen
    {
        let refused = field.paste(text) == Edit::TooLong;
        *error = refused.then_some(IdentifyError::TooLong);
    }
}

pub(super) fn unavailable(model: &mut Model) {
    if let Screen::Identify { busy, error, .. } = &mut model.screen {
        *busy = false;
        *error = Some(IdentifyError::Unavailable);
    }
}

/// The lookup's answer: the methods of the account, or `None` for an unknown username
/// (only when config reveals it).
pub(super) fn methods(model: &mut Model, methods: Option<Vec<Method>>) {
    let Screen::Identify { field, error, busy } = &mut model.screen else {
        return;
    };
    let Some(username) = Username::parse(field.value()).ok().filter(|_| *busy) else {
        return;
    };
    match methods {
        None => {
            *busy = false;
            *error = Some(IdentifyError::Unknown);
        }
        Some(methods) => {
            let reset = ResetState {
                username,
                offered: methods.clone(),
                methods,
                proofs: Vec::new(),
            };
            model.screen = choose_method::screen(reset);
        }
    }
}
