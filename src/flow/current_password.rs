//! Current password: the password in use or a temporary one from the office staff. Once
//! sent for checking the typed password is dropped; the answer signs in directly (no
//! weighing of proofs, which is for whoever no longer has the password).

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};

use super::{
    Edit, Effect, Model, Next, ResetState, Screen, SecretField, VerifyError, choose_method,
    new_password_screen,
};
use crate::config::MAX_PASSWORD_CHARS;
use crate::domain::auth::{Method, VerifyOutcome};

/// An empty password field for this reset.
pub(super) fn screen(reset: ResetState) -> Screen {
    Screen::CurrentPassword {
        reset,
        field: SecretField::new(MAX_PASSWORD_CHARS),
        error: None,
        busy: false,
    }
}

/// Back from New password: the verification was given up and must be done again.
pub(super) fn again(username: crate::domain::username::Username) -> Screen {
    screen(ResetState {
        username,
        methods: vec![Method::Password],
        proofs: Vec::new(),
        offered: vec![Method::Password],
    })
}

pub(super) fn key(model: &mut Model, key: KeyEvent, fx: &mut Vec<Effect>) {
    let session = model.session;
    let now = model.now;
    let Screen::CurrentPassword {
        reset,
        field,
        error,
        busy,
    } = &mut model.screen
    else {
        return;
    };
    match key.code {
        _ if *busy => {}
        KeyCode::Esc => model.screen = choose_method::screen(reset.clone()),
        // Nothing is sent while the kiosk waits; the countdown shows how long.
        KeyCode::Enter if matches!(error, Some(VerifyError::Wait { until }) if *until > now) => {}
        KeyCode::Enter if !field.is_empty() => {
            *busy = true;
            fx.push(Effect::VerifyPassword {
                session,
                username: reset.username.clone(),
                password: field.secret(),
            });
            // The typed password is not kept once it has been sent for checking.
            *field = SecretField::new(MAX_PASSWORD_CHARS);
        }
        _ => match field.key(&key) {
            Edit::Changed => *error = None,
            Edit::TooLong => *error = Some(VerifyError::TooLong),
            Edit::Unchanged => {}
        },
    }
}

pub(super) fn paste(model: &mut Model, text: &str) {
    if let Screen::CurrentPassword {
        field,
        error,
        busy: false,
        ..
    } = &mut model.screen
    {
        // Refused whole, with the message the other fields give.
        match field.paste(text) {
            Edit::Changed => *error = None,
            Edit::TooLong => *error = Some(VerifyError::TooLong),
            Edit::Unchanged => {}
        }
    }
}

pub(super) fn unavailable(model: &mut Model) {
    if let Screen::CurrentPassword { busy, error, .. } = &mut model.screen {
        *busy = false;
        *error = Some(VerifyError::Unavailable);
    }
}

/// The check's answer. Signed in with the current password: the Profile opens ("change"
/// preselected); a password that must change goes straight to New password.
pub(super) fn verified(model: &mut Model, outcome: VerifyOutcome) -> Next {
    let Screen::CurrentPassword {
        error,
        busy: busy @ true,
        ..
    } = &mut model.screen
    else {
        return Next::Stay;
    };
    let refused = match outcome {
        VerifyOutcome::Verified(account) if !account.must_change() => {
            return Next::Profile(account);
        }
        VerifyOutcome::Verified(account) => {
            match new_password_screen(&model.settings, account, model.now) {
                Some(screen) => return Next::Go(screen),
                // Still busy, as before: the category is gone from config.
                None => {
                    *error = Some(VerifyError::Unavailable);
                    return Next::Stay;
                }
            }
        }
        VerifyOutcome::Invalid => VerifyError::Invalid,
        VerifyOutcome::Locked { until } => VerifyError::Locked { until },
        VerifyOutcome::TempExpired => VerifyError::TempExpired,
        VerifyOutcome::Wait { secs } => VerifyError::Wait {
            until: model.now + Duration::from_secs(secs),
        },
    };
    *busy = false;
    *error = Some(refused);
    Next::Stay
}
