//! One keystroke on the New password screen: `flow::update` handles it, a strength result
//! arrives for it, and the whole screen is drawn into an 80x24 TestBackend, with a
//! 128-character password in the new field (the staff policy: the longest checklist).
//! Besides criterion's estimates, prints p50/p99/max of single iterations (target: p99 ≤ 2 ms).

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kiosk::config::Settings;
use kiosk::domain::strength::{Strength, estimate};
use kiosk::flow::{EffectResult, Model, Msg, Screen, update};
use kiosk::service::{Method, VerifiedAccount, VerifyOutcome};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PASSWORD_CHARS: usize = 128;

fn send(model: &mut Model, msg: Msg) {
    black_box(update(model, msg));
}

fn key(model: &mut Model, code: KeyCode) {
    send(model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn result(model: &mut Model, result: EffectResult) {
    let session = model.session;
    send(model, Msg::Result { session, result });
}

fn generation(model: &Model) -> u64 {
    match &model.screen {
        Screen::NewPassword(step) => step.generation,
        _ => 0,
    }
}

/// A model on the New password screen with `password` typed and its strength known.
fn new_password_screen(password: &str, strength: &Strength) -> Model {
    let mut model = Model::new(Arc::new(Settings::defaults()), false, Instant::now());
    key(&mut model, KeyCode::Enter);
    for c in "marco.rossi".chars() {
        key(&mut model, KeyCode::Char(c));
    }
    key(&mut model, KeyCode::Enter);
    result(
        &mut model,
        EffectResult::Methods(Some(vec![Method::Password])),
    );
    key(&mut model, KeyCode::Enter);
    for c in "Temp-Pass-8812".chars() {
        key(&mut model, KeyCode::Char(c));
    }
    key(&mut model, KeyCode::Enter);
    result(
        &mut model,
        EffectResult::Verified(VerifyOutcome::Verified(VerifiedAccount::for_tests(
            1,
            "marco.rossi",
            "Marco Rossi",
            "staff",
            false,
            None,
        ))),
    );
    for c in password.chars() {
        key(&mut model, KeyCode::Char(c));
    }
    let generation = generation(&model);
    result(
        &mut model,
        EffectResult::Strength {
            generation,
            strength: strength.clone(),
        },
    );
    model
}

/// One iteration: Backspace and retype the last character, alternately (each is one edit
/// that starts a new estimate); the estimate's result arrives; the screen is drawn.
struct Typist {
    model: Model,
    terminal: Terminal<TestBackend>,
    strength: Strength,
    last: char,
    shorter: bool,
}

impl Typist {
    fn new() -> Self {
        let password: String = "Pizza-Luna-7 Bastu Ö "
            .repeat(7)
            .chars()
            .take(PASSWORD_CHARS)
            .collect();
        let strength = estimate(&password, &[]);
        let model = new_password_screen(&password, &strength);
        let last = password.chars().last().unwrap_or('x');
        let terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
        Self {
            model,
            terminal,
            strength,
            last,
            shorter: false,
        }
    }

    fn keystroke_and_draw(&mut self) {
        let code = if self.shorter {
            KeyCode::Char(self.last)
        } else {
            KeyCode::Backspace
        };
        self.shorter = !self.shorter;
        key(&mut self.model, code);
        let generation = generation(&self.model);
        result(
            &mut self.model,
            EffectResult::Strength {
                generation,
                strength: self.strength.clone(),
            },
        );
        let model = &self.model;
        self.terminal
            .draw(|frame| kiosk::ui::draw(frame, model))
            .expect("draw");
    }
}

fn percentiles() {
    let mut typist = Typist::new();
    for _ in 0..500 {
        typist.keystroke_and_draw();
    }
    let mut times: Vec<Duration> = (0..20_000)
        .map(|_| {
            let start = Instant::now();
            typist.keystroke_and_draw();
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "keystroke + draw, 128 chars, {} runs: p50 {:?}  p99 {:?}  p99.9 {:?}  max {:?}",
        times.len(),
        at(0.50),
        at(0.99),
        at(0.999),
        at(1.0)
    );
}

fn render(c: &mut Criterion) {
    percentiles();
    let mut typist = Typist::new();
    c.bench_function("new_password_keystroke_and_draw_128", |b| {
        b.iter(|| typist.keystroke_and_draw())
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
