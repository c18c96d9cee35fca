//! Rendering only: draws a [`Model`] into a frame, with no state and no I/O. Each screen has
//! its own file that turns the model into a [`View`] (the body as a [`Page`] and the key
//! hints); this module puts the frame around it: header, idle countdown, unavailable banner
//! and footer, or only a short message when the terminal is too small. Every word on screen
//! comes from the Fluent files; the only literals here are glyphs and key caps.

mod choose_method;
mod current_password;
mod done;
mod glyphs;
mod identify;
mod mobile;
mod new_password;
mod profile;
mod questions;
mod sms;
mod staff;
mod welcome;
mod widgets;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::flow::{Model, Screen};
use crate::i18n::{self, Arg, Lang};
pub use glyphs::Glyphs;
use widgets::page::{Page, text_width};

/// The smallest terminal the kiosk draws its screens in.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal the kiosk draws its screens in.
pub const MIN_HEIGHT: u16 = 24;

/// Columns left blank at each side of the body.
const MARGIN: u16 = 2;

/// Draws the whole kiosk for the model in a terminal emulator's Unicode. Never panics,
/// whatever the frame's size.
pub fn draw(frame: &mut Frame, model: &Model) {
    draw_with(frame, model, Glyphs::Unicode);
}

/// Draws the whole kiosk with the characters of `glyphs` only (the Linux console's font).
pub fn draw_with(frame: &mut Frame, model: &Model, glyphs: Glyphs) {
    draw_frame(frame, model, glyphs);
    glyphs.apply(frame.buffer_mut());
}

fn draw_frame(frame: &mut Frame, model: &Model, glyphs: Glyphs) {
    let area = frame.area();
    let tr = Tr::new(model.lang, glyphs).with_office(&model.settings.support);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame.buffer_mut(), area, &tr);
        return;
    }
    let view = match &model.screen {
        Screen::Welcome => welcome::view(model, &tr),
        Screen::Identify { field, error, busy } => identify::view(model, &tr, field, *error, *busy),
        Screen::ChooseMethod { reset, selected } => {
            choose_method::view(&tr, &reset.username, &reset.methods, *selected)
        }
        Screen::CurrentPassword {
            reset,
            field,
            error,
            busy,
        } => current_password::view(&tr, &reset.username, field, *error, *busy, model.now),
        Screen::NewPassword(step) => new_password::view(&tr, step),
        Screen::Done(outcome) => done::view(&tr, outcome),
        Screen::Questions(step) => questions::view(model, &tr, step),
        Screen::Sms(step) => sms::view(model, &tr, step),
        Screen::Profile(step) => profile::view(model, &tr, step),
        Screen::Mobile(step) => mobile::view(model, &tr, step),
        Screen::Staff(step) => staff::view(model, &tr, step),
    };

    let buf = frame.buffer_mut();
    let mut y = area.y;
    header(buf, row(area, y), model, &tr);
    y += 1;
    if let Some(secs) = model.countdown() {
        let text = tr.n("ui-countdown", "n", i64::try_from(secs).unwrap_or(i64::MAX));
        banner(buf, row(area, y), text, warning_style());
        y += 1;
    }
    if let Some(left) = model.input_pace.cooling(model.now) {
        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        let text = tr.n(
            "ui-machine-banner",
            "n",
            i64::try_from(secs).unwrap_or(i64::MAX),
        );
        banner(buf, row(area, y), text, warning_style());
        y += 1;
    }
    if model.unavailable {
        let style = Style::new()
            .fg(Color::Red)
            .bg(Color::White)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED);
        banner(
            buf,
            row(area, y),
            format!("!  {}  !", tr.t("ui-unavailable-banner")),
            style,
        );
        y += 1;
    }
    let footer_y = area.bottom() - 1;
    footer(buf, row(area, footer_y), view.hints, model, &tr);
    let body = Rect {
        x: area.x + MARGIN,
        y,
        width: area.width - 2 * MARGIN,
        height: footer_y.saturating_sub(y),
    };
    if let Some(cursor) = view.page.render(body, buf) {
        frame.set_cursor_position(cursor);
    }
}

/// A screen's content, ready to be framed.
pub(crate) struct View {
    pub page: Page,
    pub hints: Vec<Hint>,
}

/// A key hint in the footer: the key cap and what it does.
pub(crate) struct Hint {
    pub key: String,
    pub label: String,
}

impl Hint {
    /// A key whose cap is a glyph or a function key ("F1", "↑↓").
    pub fn glyph(key: &str, tr: &Tr, label_key: &str) -> Self {
        Self {
            key: key.to_string(),
            label: tr.t(label_key),
        }
    }

    /// A key whose cap is a word, translated too ("Enter" is "Invio" on Italian keyboards).
    pub fn named(key_key: &str, tr: &Tr, label_key: &str) -> Self {
        Self {
            key: tr.t(key_key),
            label: tr.t(label_key),
        }
    }
}

/// Translations in one language, for one frame.
pub(crate) struct Tr {
    lang: Lang,
    /// The characters this frame may draw.
    pub glyphs: Glyphs,
    /// `$office` in every message: " (place, hours)" of the office in this language, so
    /// each "ask the office" says where and when; empty when neither is configured.
    office: String,
}

impl Tr {
    pub fn new(lang: Lang, glyphs: Glyphs) -> Self {
        Self {
            lang,
            glyphs,
            office: String::new(),
        }
    }

    /// With the office's place and hours from `support`, in this language.
    pub fn with_office(mut self, support: &crate::config::SupportSettings) -> Self {
        self.office = support.office_where(self.lang);
        self
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// A date as people write it in this language.
    pub fn date(&self, epoch: i64) -> String {
        crate::i18n::format_date_in(self.lang, epoch)
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        plain(i18n::t_args(self.lang, key, &[self.office()]))
    }

    /// The message `key` with a number argument.
    pub fn n(&self, key: &str, name: &str, value: i64) -> String {
        plain(i18n::t_args(
            self.lang,
            key,
            &[(name, Arg::Num(value)), self.office()],
        ))
    }

    /// The message `key` with a text argument.
    pub fn s(&self, key: &str, name: &str, value: &str) -> String {
        plain(i18n::t_args(
            self.lang,
            key,
            &[(name, Arg::Str(value)), self.office()],
        ))
    }

    fn office(&self) -> (&'static str, Arg<'_>) {
        ("office", Arg::Str(&self.office))
    }
}

/// Drops Unicode isolation marks around Fluent placeables: terminals, the Linux console in
/// particular, may draw them as boxes.
fn plain(s: String) -> String {
    if s.contains(['\u{2068}', '\u{2069}']) {
        s.replace(['\u{2068}', '\u{2069}'], "")
    } else {
        s
    }
}

/// How key caps look in the footer and in text.
pub(crate) fn key_style() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

fn row(area: Rect, y: u16) -> Rect {
    Rect {
        x: area.x,
        y,
        width: area.width,
        height: 1,
    }
}

/// What the header says the kiosk is doing: changing a password, or office staff mode.
fn title_key(screen: &Screen) -> &'static str {
    match screen {
        Screen::Staff(_) => "staff-title",
        _ => "ui-title",
    }
}

fn header(buf: &mut Buffer, area: Rect, model: &Model, tr: &Tr) {
    let bar = Style::new().add_modifier(Modifier::REVERSED);
    buf.set_style(area, bar);
    let school = crate::domain::text::sanitize(&model.settings.kiosk.school_name);
    let left = Line::from(vec![
        Span::styled(format!(" {school}"), bar.add_modifier(Modifier::BOLD)),
        Span::styled(format!(" · {}", tr.t(title_key(&model.screen))), bar),
    ]);
    let lang = format!("{} ", model.lang.native_name());
    let lang_width = u16::try_from(text_width(&lang)).unwrap_or(area.width);
    buf.set_line(
        area.x,
        area.y,
        &left,
        area.width.saturating_sub(lang_width + 1),
    );
    let x = area.right().saturating_sub(lang_width);
    buf.set_stringn(x, area.y, &lang, usize::from(lang_width), bar);
}

/// A full-width line that stands out from everything else: reversed, bold, centred.
/// Reversed colours: black on yellow, and still inverse video on a monochrome screen.
fn warning_style() -> Style {
    Style::new()
        .fg(Color::Yellow)
        .bg(Color::Black)
        .add_modifier(Modifier::BOLD | Modifier::REVERSED)
}

fn banner(buf: &mut Buffer, area: Rect, text: String, style: Style) {
    Paragraph::new(text)
        .style(style)
        .alignment(Alignment::Center)
        .render(area, buf);
}

fn footer(buf: &mut Buffer, area: Rect, mut hints: Vec<Hint>, model: &Model, tr: &Tr) {
    // The language key is never dropped: someone who cannot read this language needs it.
    hints.push(Hint::glyph("F2", tr, "ui-hint-language"));
    let language = hints.len() - 1;
    if model.demo {
        hints.push(Hint::glyph("F10", tr, "ui-hint-quit"));
    }
    let shown = footer_fit(&hints, language, usize::from(area.width));
    let mut spans = vec![Span::raw(" ")];
    for (i, hint) in hints.into_iter().enumerate() {
        if !shown[i] {
            continue;
        }
        if spans.len() > 1 {
            spans.push(Span::raw(" ".repeat(FOOTER_GAP)));
        }
        spans.push(Span::styled(format!(" {} ", hint.key), key_style()));
        spans.push(Span::raw(format!(" {}", hint.label)));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// Blanks between two hints of the footer: one spacing on every screen.
const FOOTER_GAP: usize = 2;

/// Which hints fit in `width` columns with one blank at each end, dropped from the least
/// important: a demo's F10 first, then the screen's own from its last, never the first nor
/// the language key.
fn footer_fit(hints: &[Hint], language: usize, width: usize) -> Vec<bool> {
    let cost = |h: &Hint| text_width(&h.key) + 3 + text_width(&h.label);
    let mut shown = vec![true; hints.len()];
    let used = |shown: &[bool]| {
        let (n, w) = hints
            .iter()
            .zip(shown)
            .filter(|(_, s)| **s)
            .fold((0usize, 0usize), |(n, w), (h, _)| (n + 1, w + cost(h)));
        2 + w + FOOTER_GAP * n.saturating_sub(1)
    };
    // Least important first: after the language key (the demo's F10), then the screen's
    // hints from the last to the second.
    let order: Vec<usize> = (language + 1..hints.len())
        .chain((1..language).rev())
        .collect();
    for i in order {
        if used(&shown) <= width {
            break;
        }
        shown[i] = false;
    }
    shown
}

/// Only a short request to enlarge the window, centred, in whatever room there is.
fn too_small(buf: &mut Buffer, area: Rect, tr: &Tr) {
    let top = area.height.saturating_sub(1) / 2;
    let rest = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    Paragraph::new(tr.t("ui-too-small"))
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .style(Style::new().add_modifier(Modifier::BOLD))
        .render(rest, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(key: &str, label: &str) -> Hint {
        Hint {
            key: key.into(),
            label: label.into(),
        }
    }

    #[test]
    fn the_footer_drops_the_least_important_keys_first() {
        let hints = [
            hint("Enter", "Next field"),
            hint("F4", "Show answer"),
            hint("Esc", "Back"),
            hint("F2", "Language"),
            hint("F10", "Quit"),
        ];
        // Everything fits: 2 + 18 + 16 + 10 + 13 + 10 + 4 gaps of 2 = 77.
        assert_eq!(footer_fit(&hints, 3, 80), [true; 5]);
        // F10 goes first, then the screen's hints from the last; Enter and F2 stay.
        assert_eq!(footer_fit(&hints, 3, 70), [true, true, true, true, false]);
        assert_eq!(footer_fit(&hints, 3, 55), [true, true, false, true, false]);
        assert_eq!(footer_fit(&hints, 3, 10), [true, false, false, true, false]);
    }
}
