//! Large characters for text someone must copy from across a desk (a temporary password, a
//! username): a 5x8 pixel font drawn with half blocks, so each character is 5 columns wide
//! and 4 rows high (8 in full blocks on the Linux console, whose fonts lack half blocks).
//! Small letters are shorter than capitals and have descenders, so `s`
//! and `S`, `x` and `X` stay apart; the temporary-password alphabet has no 0/O, 1/l/I.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::ui::Glyphs;

/// Rows one line of large text takes.
pub const ROWS: usize = 4;
/// Columns one character takes, its spacing included.
pub const CELL: usize = 6;

/// 8 pixel rows of 5 pixels ('#' set), top to bottom.
type Glyph = [&'static str; 8];

const E: &str = ".....";

fn glyph(c: char) -> Option<Glyph> {
    Some(match c {
        '0' => [
            ".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###.", E,
        ],
        '1' => [
            "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.", E,
        ],
        '2' => [
            ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####", E,
        ],
        '3' => [
            "#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###.", E,
        ],
        '4' => [
            "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.", E,
        ],
        '5' => [
            "#####", "#....", "####.", "....#", "....#", "#...#", ".###.", E,
        ],
        '6' => [
            "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###.", E,
        ],
        '7' => [
            "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...", E,
        ],
        '8' => [
            ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.", E,
        ],
        '9' => [
            ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##..", E,
        ],
        'A' => [
            ".###.", "#...#", "#...#", "#...#", "#####", "#...#", "#...#", E,
        ],
        'B' => [
            "####.", "#...#", "#...#", "####.", "#...#", "#...#", "####.", E,
        ],
        'C' => [
            ".###.", "#...#", "#....", "#....", "#....", "#...#", ".###.", E,
        ],
        'D' => [
            "###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###..", E,
        ],
        'E' => [
            "#####", "#....", "#....", "####.", "#....", "#....", "#####", E,
        ],
        'F' => [
            "#####", "#....", "#....", "####.", "#....", "#....", "#....", E,
        ],
        'G' => [
            ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####", E,
        ],
        'H' => [
            "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#", E,
        ],
        'I' => [
            ".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.", E,
        ],
        'J' => [
            "..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..", E,
        ],
        'K' => [
            "#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#", E,
        ],
        'L' => [
            "#....", "#....", "#....", "#....", "#....", "#....", "#####", E,
        ],
        'M' => [
            "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#", E,
        ],
        'N' => [
            "#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", E,
        ],
        'O' => [
            ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.", E,
        ],
        'P' => [
            "####.", "#...#", "#...#", "####.", "#....", "#....", "#....", E,
        ],
        'Q' => [
            ".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#", E,
        ],
        'R' => [
            "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#", E,
        ],
        'S' => [
            ".####", "#....", "#....", ".###.", "....#", "....#", "####.", E,
        ],
        'T' => [
            "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..", E,
        ],
        'U' => [
            "#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.", E,
        ],
        'V' => [
            "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..", E,
        ],
        'W' => [
            "#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#.", E,
        ],
        'X' => [
            "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#", E,
        ],
        'Y' => [
            "#...#", "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", E,
        ],
        'Z' => [
            "#####", "....#", "...#.", "..#..", ".#...", "#....", "#####", E,
        ],
        'a' => [E, E, ".###.", "....#", ".####", "#...#", ".####", E],
        'b' => [
            "#....", "#....", "#.##.", "##..#", "#...#", "#...#", "####.", E,
        ],
        'c' => [E, E, ".###.", "#....", "#....", "#...#", ".###.", E],
        'd' => [
            "....#", "....#", ".##.#", "#..##", "#...#", "#...#", ".####", E,
        ],
        'e' => [E, E, ".###.", "#...#", "#####", "#....", ".###.", E],
        'f' => [
            "..##.", ".#..#", ".#...", "###..", ".#...", ".#...", ".#...", E,
        ],
        'g' => [E, E, ".####", "#...#", "#...#", ".####", "....#", ".###."],
        'h' => [
            "#....", "#....", "#.##.", "##..#", "#...#", "#...#", "#...#", E,
        ],
        'i' => ["..#..", E, ".##..", "..#..", "..#..", "..#..", ".###.", E],
        'j' => [
            "...#.", E, "..##.", "...#.", "...#.", "...#.", "#..#.", ".##..",
        ],
        'k' => [
            "#....", "#....", "#..#.", "#.#..", "##...", "#.#..", "#..#.", E,
        ],
        'l' => [
            ".##..", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.", E,
        ],
        'm' => [E, E, "##.#.", "#.#.#", "#.#.#", "#...#", "#...#", E],
        'n' => [E, E, "#.##.", "##..#", "#...#", "#...#", "#...#", E],
        'o' => [E, E, ".###.", "#...#", "#...#", "#...#", ".###.", E],
        'p' => [E, E, "####.", "#...#", "#...#", "####.", "#....", "#...."],
        'q' => [E, E, ".####", "#...#", "#...#", ".####", "....#", "....#"],
        'r' => [E, E, "#.##.", "##..#", "#....", "#....", "#....", E],
        's' => [E, E, ".###.", "#....", ".###.", "....#", "####.", E],
        't' => [
            ".#...", ".#...", "###..", ".#...", ".#...", ".#..#", "..##.", E,
        ],
        'u' => [E, E, "#...#", "#...#", "#...#", "#..##", ".##.#", E],
        'v' => [E, E, "#...#", "#...#", "#...#", ".#.#.", "..#..", E],
        'w' => [E, E, "#...#", "#...#", "#.#.#", "#.#.#", ".#.#.", E],
        'x' => [E, E, "#...#", ".#.#.", "..#..", ".#.#.", "#...#", E],
        'y' => [E, E, "#...#", "#...#", "#...#", ".####", "....#", ".###."],
        'z' => [E, E, "#####", "...#.", "..#..", ".#...", "#####", E],
        '-' => [E, E, E, "#####", E, E, E, E],
        '.' => [E, E, E, E, E, ".##..", ".##..", E],
        '_' => [E, E, E, E, E, E, E, "#####"],
        '@' => [
            ".###.", "#...#", "....#", ".##.#", "#.#.#", "#.#.#", ".###.", E,
        ],
        ' ' => [E; 8],
        _ => return None,
    })
}

/// Breaks `text` into pieces of at most `per_line` characters, preferring to break after a
/// `-`, `.` or `@` (a temporary password's groups stay whole).
fn pieces(text: &str, per_line: usize) -> Vec<String> {
    let per_line = per_line.max(1);
    // Groups: runs ending in a separator.
    let mut groups: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        current.push(c);
        if matches!(c, '-' | '.' | '@') {
            groups.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for group in groups {
        let fits = line.chars().count() + group.chars().count() <= per_line;
        if !fits && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in group.chars() {
            if line.chars().count() == per_line {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` in large characters, as lines at most `width` columns wide; `None` when a
/// character has no large form. Each piece of text takes [`ROWS`] lines (twice that in
/// [`Glyphs::Console`]), with an empty line between pieces.
pub fn lines(text: &str, width: usize, style: Style, glyphs: Glyphs) -> Option<Vec<Line<'static>>> {
    let glyphs_of: Option<Vec<Glyph>> = text.chars().map(glyph).collect();
    glyphs_of?;
    let per_line = (width / CELL).max(1);
    let mut out = Vec::new();
    for (i, piece) in pieces(text, per_line).iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        let shapes: Option<Vec<Glyph>> = piece.chars().map(glyph).collect();
        let shapes = shapes?;
        let rows: Vec<String> = match glyphs {
            Glyphs::Unicode => (0..ROWS)
                .map(|row| draw_row(&shapes, |g, x| half_block(g, row, x)))
                .collect(),
            // The console's fonts have no half blocks: one full block per pixel, so a
            // pixel is one cell (8x16 dots) and the letters take twice the rows.
            Glyphs::Console => (0..2 * ROWS)
                .map(|row| draw_row(&shapes, |g, x| if lit(g, row, x) { '█' } else { ' ' }))
                .collect(),
        };
        out.extend(rows.into_iter().map(|s| Line::from(Span::styled(s, style))));
    }
    Some(out)
}

/// Whether pixel `x` of pixel row `row` of `g` is set.
fn lit(g: &Glyph, row: usize, x: usize) -> bool {
    g.get(row).and_then(|r| r.as_bytes().get(x)) == Some(&b'#')
}

/// The half block for column `x` of text row `row`: pixel rows `2 * row` and `2 * row + 1`.
fn half_block(g: &Glyph, row: usize, x: usize) -> char {
    match (lit(g, 2 * row, x), lit(g, 2 * row + 1, x)) {
        (true, true) => '█',
        (true, false) => '▀',
        (false, true) => '▄',
        (false, false) => ' ',
    }
}

/// One text row of a piece: 5 columns per character and a blank between, trailing blanks
/// trimmed.
fn draw_row(shapes: &[Glyph], cell: impl Fn(&Glyph, usize) -> char) -> String {
    let mut s = String::new();
    for g in shapes {
        for x in 0..5 {
            s.push(cell(g, x));
        }
        s.push(' ');
    }
    s.trim_end().to_string()
}

/// `text` with a space between characters, for reading aloud or checking one character at
/// a time under the large form.
pub fn spaced(text: &str) -> String {
    let chars: Vec<String> = text.chars().map(String::from).collect();
    chars.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_glyph_is_five_pixels_wide() {
        let all = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._@ ";
        for c in all.chars() {
            let g = glyph(c).unwrap_or_else(|| panic!("no glyph for {c:?}"));
            for row in g {
                assert_eq!(row.len(), 5, "{c:?}: {row:?}");
                assert!(row.chars().all(|p| p == '#' || p == '.'), "{c:?}: {row:?}");
            }
        }
    }

    #[test]
    fn small_and_capital_letters_differ() {
        for (small, capital) in ('a'..='z').zip('A'..='Z') {
            assert_ne!(glyph(small), glyph(capital), "{small}");
        }
        let mut seen = std::collections::HashMap::new();
        for c in ('a'..='z').chain('A'..='Z').chain('0'..='9') {
            if let Some(other) = seen.insert(glyph(c), c) {
                panic!("{c} and {other} look the same");
            }
        }
    }

    #[test]
    fn groups_stay_whole_when_they_fit() {
        assert_eq!(pieces("aB3d-Xy7k-Mn4p", 12), ["aB3d-Xy7k-", "Mn4p"]);
        assert_eq!(pieces("anna.ostlund", 12), ["anna.ostlund"]);
        assert_eq!(pieces("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(pieces("", 4), [""]);
    }

    #[test]
    fn draws_with_half_blocks() {
        let out = lines("-", 76, Style::new(), Glyphs::Unicode).unwrap();
        assert_eq!(out.len(), ROWS);
        let rows: Vec<String> = out.iter().map(|l| l.to_string()).collect();
        assert_eq!(rows, ["", "▄▄▄▄▄", "", ""]);
        assert!(lines("å", 76, Style::new(), Glyphs::Unicode).is_none());
        assert_eq!(spaced("ab-1"), "a b - 1");
    }

    #[test]
    fn draws_with_full_blocks_on_twice_the_rows_on_the_console() {
        let out = lines("-", 76, Style::new(), Glyphs::Console).unwrap();
        let rows: Vec<String> = out.iter().map(|l| l.to_string()).collect();
        assert_eq!(rows, ["", "", "", "█████", "", "", "", ""]);
        // Two pieces: 8 rows each and a blank between; no half block anywhere.
        let out = lines("aB3d-Xy7k-Mn4p", 76, Style::new(), Glyphs::Console).unwrap();
        assert_eq!(out.len(), 2 * 2 * ROWS + 1);
        let text: String = out.iter().map(|l| l.to_string()).collect();
        assert!(text.chars().all(|c| c == '█' || c == ' '), "{text}");
        assert!(lines("å", 76, Style::new(), Glyphs::Console).is_none());
    }
}
