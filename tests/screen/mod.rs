//! The snapshot tests' harness: the kiosk's model driven as the app drives it, drawn into a
//! test terminal and read back as text.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kiosk::config::Settings;
use kiosk::flow::{EffectResult, Model, Msg, update};
use kiosk::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

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
