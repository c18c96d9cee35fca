//! The kiosk drawn into a test terminal and read back as text, for the snapshot tests.

use kiosk::flow::Model;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The buffer as text: one line per row between `|` marks, wide characters counted once.
pub fn draw(model: &Model, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| kiosk::ui::draw(frame, model))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        out.push('|');
        let mut skip = 0;
        for x in 0..width {
            let cell = &buffer[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            out.push_str(cell.symbol());
            skip = ratatui::text::Span::raw(cell.symbol())
                .width()
                .saturating_sub(1);
        }
        out.push_str("|\n");
    }
    out
}
