//! Which characters the kiosk may draw. A terminal emulator has a Unicode font with every
//! glyph; the Linux console (tty1 of a school-office PC) has only the 256 to 512 glyphs of
//! its console font, Debian's Lat15-Fixed16 by default, which has no ✓ and no half blocks.
//! There the kiosk draws with [`Glyphs::Console`]: characters that font has, and the large
//! letters in full blocks on a grid of twice the rows.

use ratatui::buffer::Buffer;

/// The set of characters the frame is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Glyphs {
    /// Any Unicode the kiosk uses: a terminal emulator's font.
    #[default]
    Unicode,
    /// Only characters Debian's console fonts (Lat15-*) have.
    Console,
}

/// Stand-ins on the console for characters its font lacks: the checklist's tick becomes a
/// ticked ballot box, which Lat15 has (it has ✗ too, but neither ✓ nor √).
const CONSOLE: &[(char, char)] = &[('✓', '☑')];

impl Glyphs {
    /// The console's stand-in for `c`, or `c` when the font has it.
    pub fn char(self, c: char) -> char {
        match self {
            Glyphs::Unicode => c,
            Glyphs::Console => CONSOLE
                .iter()
                .find(|(from, _)| *from == c)
                .map_or(c, |(_, to)| *to),
        }
    }

    /// Replaces, in a drawn frame, every character the console font lacks by its stand-in:
    /// one table for every widget and every translated message.
    pub fn apply(self, buf: &mut Buffer) {
        if self == Glyphs::Unicode {
            return;
        }
        for cell in &mut buf.content {
            let symbol = cell.symbol();
            if symbol.chars().any(|c| self.char(c) != c) {
                let swapped: String = symbol.chars().map(|c| self.char(c)).collect();
                cell.set_symbol(&swapped);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn drawn(glyphs: Glyphs) -> String {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "✓ ✗ a", Style::new());
        glyphs.apply(&mut buf);
        buf.content.iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn the_console_swaps_only_what_its_font_lacks() {
        assert_eq!(drawn(Glyphs::Unicode), "✓ ✗ a ");
        assert_eq!(drawn(Glyphs::Console), "☑ ✗ a ");
    }
}
