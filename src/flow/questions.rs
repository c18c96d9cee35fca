//! Security questions at a reset (the questions issue fills this in).

use crossterm::event::KeyEvent;

use super::feature::{Ctx, Next, ResetState};


/// The screen's state.
#[derive(Debug)]
pub struct Step {
    pub reset: ResetState,
}

/// Work for the app to run.
#[derive(Debug)]
pub enum Request {}

/// What the work came back with.
#[derive(Debug)]
pub enum Reply {}

/// Enters the screen.
pub fn start(_ctx: &mut Ctx, reset: ResetState) -> Step {
    Step { reset }
}

pub fn key(_ctx: &mut Ctx, _step: &mut Step, _key: KeyEvent) -> Next {
    Next::Stay
}

pub fn paste(_ctx: &mut Ctx, _step: &mut Step, _text: &str) -> Next {
    Next::Stay
}

pub fn reply(_ctx: &mut Ctx, _step: &mut Step, reply: Reply) -> Next {
    match reply {}
}

pub fn tick(_ctx: &mut Ctx, _step: &mut Step) -> Next {
    Next::Stay
}
