//! The snapshot tests' harness: the kiosk's model driven as the app drives it, drawn into a
//! test terminal and read back as text.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kiosk::config::Settings;
use kiosk::flow::{EffectResult, Model, Msg, update};
use kiosk::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

pub const LANGS: [(Lang, &str); 3] = [(Lang::Sv, "sv"), (Lang::En, "en"), (Lang::It, "it")];

/// The model, reached only through `flow::update` with the messages the app would send.
/// Each snapshot crate adds its own states in an `impl Kiosk` of its own.
pub struct Kiosk {
    pub model: Model,
    /// When the model was made: ticks are counted from here.
    pub start: Instant,
}

impl Kiosk {
    /// The default settings, switched to `lang` with F2 as a person would.
    pub fn new(lang: Lang) -> Self {
        Self::with_settings(lang, Settings::defaults(), false)
    }

    pub fn with_settings(lang: Lang, settings: Settings, demo: bool) -> Self {
        let start = Instant::now();
        let mut k = Kiosk {
            model: Model::new(Arc::new(settings), demo, start),
            start,
        };
        while k.model.lang != lang {
            k.key(KeyCode::F(2));
        }
        k
    }

    pub fn send(&mut self, msg: Msg) -> &mut Self {
        let _effects = update(&mut self.model, msg);
        self
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    pub fn paste(&mut self, text: &str) -> &mut Self {
        self.send(Msg::Paste(text.to_string()))
    }

    /// An effect's result for the current session.
    pub fn result(&mut self, result: EffectResult) -> &mut Self {
        let session = self.model.session;
        self.send(Msg::Result { session, result })
    }

    pub fn tick(&mut self, after: Duration) -> &mut Self {
        self.send(Msg::Tick(self.start + after))
    }
}

/// Each language's drawing of `build` as (`{lang}_{name}`, text), drawn by `render`, after
/// checking that none of `raw_key_marks` (fragments of message keys: an untranslated text)
/// shows. The caller snapshots them: insta names and places a snapshot by the file of the
/// `assert_snapshot!`.
pub fn in_each_lang(
    name: &str,
    raw_key_marks: &[&str],
    render: impl Fn(&Model) -> String,
    build: impl Fn(Lang) -> Kiosk,
) -> Vec<(String, String)> {
    LANGS
        .iter()
        .map(|&(lang, code)| {
            let text = render(&build(lang).model);
            for mark in raw_key_marks {
                assert!(
                    !text.contains(mark),
                    "{code}_{name}: untranslated key {mark}…\n{text}"
                );
            }
            (format!("{code}_{name}"), text)
        })
        .collect()
}

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
    if (width, height) == (80, 24) {
        assert_footer_fits(&out);
    }
    assert_console_can_draw(model, width, height);
    out
}

/// The committed Unicode table of Debian's default console font, Lat15-Fixed16 (see the
/// fixture's header for how it was made).
pub const CONSOLE_FONT_TABLE: &str = include_str!("../fixtures/lat15-fixed16.unicode.txt");

/// The characters a `psfgettable` table maps to a glyph (single code points; sequences,
/// which the kiosk never draws, are left out).
pub fn font_chars(table: &str) -> BTreeSet<char> {
    table
        .lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(|line| line.split_whitespace().skip(1))
        .filter_map(|token| token.strip_prefix("U+"))
        .filter_map(|hex| u32::from_str_radix(hex, 16).ok())
        .filter_map(char::from_u32)
        .collect()
}

pub fn console_font() -> &'static BTreeSet<char> {
    static FONT: OnceLock<BTreeSet<char>> = OnceLock::new();
    FONT.get_or_init(|| font_chars(CONSOLE_FONT_TABLE))
}

/// The model drawn with the console's glyph set.
pub fn draw_console(model: &Model, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| kiosk::ui::draw_with(frame, model, kiosk::ui::Glyphs::Console))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// Each character of `buf` the console font lacks, with where it is, and each colour
/// outside the console's 16.
pub fn console_faults(buf: &Buffer, font: &BTreeSet<char>) -> Vec<String> {
    let mut faults = Vec::new();
    for (i, cell) in buf.content.iter().enumerate() {
        let (x, y) = buf.pos_of(i);
        for c in cell.symbol().chars().filter(|c| !font.contains(c)) {
            faults.push(format!("{c:?} (U+{:04X}) at {x},{y}", u32::from(c)));
        }
        for colour in [cell.fg, cell.bg] {
            if matches!(colour, Color::Rgb(..) | Color::Indexed(_)) {
                faults.push(format!("colour {colour:?} at {x},{y}"));
            }
        }
    }
    faults
}

/// Every screen a snapshot draws is drawn again with the console's glyph set: every
/// character must be one Debian's default console font has, every colour one of its 16.
fn assert_console_can_draw(model: &Model, width: u16, height: u16) {
    let buf = draw_console(model, width, height);
    let faults = console_faults(&buf, console_font());
    assert!(
        faults.is_empty(),
        "the Linux console cannot draw: {faults:?}\n{}",
        buffer_text(&buf)
    );
}

/// A buffer as text, one row per line.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Every screen drawn at 80x24, in every language: the footer (the last row) keeps a blank
/// last column, so nothing was cut, and still offers F2 for the language.
fn assert_footer_fits(screen: &str) {
    let footer = screen.lines().last().unwrap_or_default();
    let inner = footer.trim_start_matches('|').trim_end_matches('|');
    assert!(
        inner.ends_with(' '),
        "the footer is cut at 80 columns:\n{screen}"
    );
    assert!(
        inner.contains(" F2 "),
        "the footer lost the language key:\n{screen}"
    );
}
