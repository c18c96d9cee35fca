//! (in progress) placeholder: helper-2 replaces this with the real rendering.
use ratatui::Frame;

use crate::flow::Model;

/// Draws the whole kiosk for the model.
pub fn draw(frame: &mut Frame, model: &Model) {
    let _ = (frame, model);
}
