//! Done: the verdict. Enter ends the session; F3 after a change opens the Profile, signed
//! in with the new password, but only when the session began with the current password:
//! after a reset the recovery factors stay out of reach.

use crossterm::event::{KeyCode, KeyEvent};

use super::{Model, Next, Outcome, Screen};

pub(super) fn key(model: &Model, key: KeyEvent) -> Next {
    let Screen::Done(outcome) = &model.screen else {
        return Next::Stay;
    };
    match (key.code, outcome) {
        (KeyCode::Enter, _) => Next::Wipe,
        (KeyCode::F(3), Outcome::Changed { account, .. }) if account.signed_in() => {
            Next::Profile(account.clone())
        }
        _ => Next::Stay,
    }
}
