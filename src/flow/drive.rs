//! Test helpers that drive `update` as a person at the keyboard would, shared by the
//! feature modules' tests.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Effect, EffectResult, Model, Msg, update};

/// One key press.
pub fn key(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Types `text` key by key; the effects of every key, in order.
pub fn typed(m: &mut Model, text: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for c in text.chars() {
        fx.extend(key(m, KeyCode::Char(c)));
    }
    fx
}

/// An effect's result for the model's current session.
pub fn result(m: &mut Model, result: EffectResult) -> Vec<Effect> {
    let session = m.session;
    update(m, Msg::Result { session, result })
}
