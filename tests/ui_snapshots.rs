//! Snapshots of every kiosk screen and its significant states at 80x24, in Swedish, English
//! and Italian. Each model is reached only by driving `flow::update` with the messages the
//! app would send; the buffer is rendered to text, one line per row, framed by `|` so the
//! width shows. Also: no secret is ever drawn, database names are drawn sanitised, and no
//! terminal size makes the renderer panic.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod screen;

use screen::{Kiosk, LANGS};

use std::time::Duration;

use crossterm::event::KeyCode;
use kiosk::clock::format_time;
use kiosk::config::Settings;
use kiosk::domain::policy::{Rule, RuleCheck, RuleStatus};
use kiosk::domain::strength::estimate;
use kiosk::flow::{EffectResult, Model, Screen};
use kiosk::i18n::Lang;
use kiosk::i18n::format_date_in;
use kiosk::service::{ChangeOutcome, Leaving, Method, VerifiedAccount, VerifyOutcome};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// 2026-01-01T12:00:00Z: lock and expiry times in the snapshots (shown as HH:MM / YYYY-MM-DD,
/// since the kiosk prints local time and the test machine's zone is not fixed).
const T0: i64 = 1_767_268_800;
const EXPIRES: i64 = T0 + 365 * 86_400;

/// Fragments of message keys: if one is on screen, a translation is missing.
const RAW_KEY_MARKS: [&str; 6] = ["ui-", "rule-", "error-", "strength-", "zx-warn", "zx-sugg"];

// ---------------------------------------------------------------------------------------
// Driving the flow

impl Kiosk {
    /// Welcome → Identify.
    fn identify(lang: Lang) -> Self {
        let mut k = Kiosk::new(lang);
        k.key(KeyCode::Enter);
        k
    }

    /// Identify with a username sent off: waiting for the lookup.
    fn looking_up(lang: Lang) -> Self {
        let mut k = Kiosk::identify(lang);
        k.type_text("anna.ostlund").key(KeyCode::Enter);
        k
    }

    fn choose_method(lang: Lang, methods: Vec<Method>) -> Self {
        let mut k = Kiosk::looking_up(lang);
        k.result(EffectResult::Methods(Some(methods)));
        k
    }

    fn current_password(lang: Lang) -> Self {
        let mut k = Kiosk::choose_method(lang, vec![Method::Password]);
        k.key(KeyCode::Enter);
        k
    }

    /// A current password typed and sent for checking.
    fn checking(lang: Lang) -> Self {
        let mut k = Kiosk::current_password(lang);
        k.type_text("Temp-Pass-8812").key(KeyCode::Enter);
        k
    }

    fn new_password_as(lang: Lang, display_name: &str, category: &str) -> Self {
        let mut k = Kiosk::checking(lang);
        k.result(EffectResult::Verified(VerifyOutcome::Verified(
            VerifiedAccount::for_tests(7, "anna.ostlund", display_name, category, true, None),
        )));
        assert!(
            matches!(k.model.screen, Screen::NewPassword(_)),
            "verified → NewPassword"
        );
        k
    }

    fn new_password(lang: Lang) -> Self {
        Kiosk::new_password_as(lang, "Anna Östlund", "students")
    }

    /// Injects a real estimate of `password` for the newest generation, as the app would.
    fn estimate(&mut self, password: &str) -> &mut Self {
        let Screen::NewPassword(step) = &self.model.screen else {
            panic!("not on NewPassword");
        };
        let generation = step.generation;
        let words: Vec<&str> = step.context.words().iter().map(String::as_str).collect();
        let strength = estimate(password, &words);
        self.result(EffectResult::Strength {
            generation,
            strength,
        })
    }

    fn history(&mut self, reused: bool) -> &mut Self {
        let Screen::NewPassword(step) = &self.model.screen else {
            panic!("not on NewPassword");
        };
        let generation = step.generation;
        self.result(EffectResult::History { generation, reused })
    }

    /// A strong new password typed into both fields, every rule met.
    fn all_met(lang: Lang) -> Self {
        let mut k = Kiosk::new_password(lang);
        k.type_text(STRONG).estimate(STRONG).history(false);
        k.key(KeyCode::Tab).type_text(STRONG);
        k
    }

    fn done(lang: Lang, outcome: ChangeOutcome) -> Self {
        let mut k = Kiosk::all_met(lang);
        k.key(KeyCode::Enter);
        k.result(EffectResult::Changed(outcome));
        assert!(matches!(k.model.screen, Screen::Done(_)), "changed → Done");
        k
    }
}

const STRONG: &str = "Fjällräven-kaffe-92-moln";

// ---------------------------------------------------------------------------------------
// Rendering

/// The buffer as text: one line per row between `|` marks, wide characters counted once.
fn render_size(model: &Model, width: u16, height: u16) -> String {
    let out = screen::draw(model, width, height);
    // Local time differs between machines; the layout does not (same widths).
    out.replace(&format_time(T0 + 900), "HH:MM")
        .replace(&format_date_in(model.lang, EXPIRES), "YYYY-MM-DD")
}

fn render(model: &Model) -> String {
    render_size(model, 80, 24)
}

fn snap_all(name: &str, build: impl Fn(Lang) -> Kiosk) {
    for (snapshot, text) in screen::in_each_lang(name, &RAW_KEY_MARKS, render, build) {
        insta::assert_snapshot!(snapshot, text);
    }
}

// ---------------------------------------------------------------------------------------
// Snapshots

#[test]
fn welcome() {
    snap_all("welcome", Kiosk::new);
    snap_all("welcome_help", |lang| {
        let mut k = Kiosk::new(lang);
        k.key(KeyCode::F(1));
        k
    });
    snap_all("welcome_demo", |lang| {
        Kiosk::with_settings(lang, Settings::defaults(), true)
    });
}

#[test]
fn identify() {
    snap_all("identify_empty", Kiosk::identify);
    snap_all("identify_typed", |lang| {
        let mut k = Kiosk::identify(lang);
        k.type_text("anna.ostlund");
        k
    });
    snap_all("identify_help", |lang| {
        let mut k = Kiosk::identify(lang);
        k.type_text("anna").key(KeyCode::F(1));
        k
    });
    snap_all("identify_busy", Kiosk::looking_up);
    snap_all("identify_error_empty", |lang| {
        let mut k = Kiosk::identify(lang);
        k.key(KeyCode::Enter);
        k
    });
    snap_all("identify_error_bad_characters", |lang| {
        let mut k = Kiosk::identify(lang);
        k.type_text("anna ostlund!").key(KeyCode::Enter);
        k
    });
    snap_all("identify_error_too_long", |lang| {
        let mut k = Kiosk::identify(lang);
        k.paste(&"a".repeat(65));
        k
    });
    snap_all("identify_error_unknown", |lang| {
        let mut k = Kiosk::looking_up(lang);
        k.result(EffectResult::Methods(None));
        k
    });
    snap_all("identify_error_unavailable", |lang| {
        let mut k = Kiosk::looking_up(lang);
        k.result(EffectResult::Unavailable);
        k
    });
}

#[test]
fn choose_method() {
    snap_all("choose_method", |lang| {
        Kiosk::choose_method(lang, vec![Method::Password])
    });
    snap_all("choose_method_several", |lang| {
        let mut k =
            Kiosk::choose_method(lang, vec![Method::Password, Method::Questions, Method::Sms]);
        k.key(KeyCode::Down);
        k
    });
}

#[test]
fn current_password() {
    snap_all("current_password_empty", Kiosk::current_password);
    snap_all("current_password_typed", |lang| {
        let mut k = Kiosk::current_password(lang);
        k.type_text("Temp-Pass-8812");
        k
    });
    snap_all("current_password_busy", Kiosk::checking);
    // A paste longer than the field is refused whole, with a message.
    snap_all("current_password_error_too_long", |lang| {
        let mut k = Kiosk::current_password(lang);
        k.type_text("Temp").paste(&"x".repeat(129));
        k
    });
    // A fresh result per language: results are not Clone.
    let result = |name: &str| match name {
        "invalid" => EffectResult::Verified(VerifyOutcome::Invalid),
        "locked_until" => EffectResult::Verified(VerifyOutcome::Locked {
            until: Some(T0 + 900),
        }),
        "locked" => EffectResult::Verified(VerifyOutcome::Locked { until: None }),
        "temp_expired" => EffectResult::Verified(VerifyOutcome::TempExpired),
        _ => EffectResult::Unavailable,
    };
    let errors = [
        "invalid",
        "locked_until",
        "locked",
        "temp_expired",
        "unavailable",
    ];
    for name in errors {
        snap_all(&format!("current_password_error_{name}"), |lang| {
            let mut k = Kiosk::checking(lang);
            k.result(result(name));
            k
        });
    }
}

#[test]
fn new_password() {
    snap_all("new_password_empty", Kiosk::new_password);
    snap_all("new_password_typing_no_estimate_yet", |lang| {
        let mut k = Kiosk::new_password(lang);
        k.type_text("kanel");
        k
    });
    snap_all("new_password_fair_with_advice", |lang| {
        let mut k = Kiosk::new_password(lang);
        k.type_text("sommar2024").estimate("sommar2024");
        k
    });
    snap_all("new_password_strong_but_common", |lang| {
        let mut k = Kiosk::new_password(lang);
        k.type_text("kanelbulle7").estimate("kanelbulle7");
        k
    });
    snap_all("new_password_all_met", Kiosk::all_met);
    // Too short, and the history rule answered all the same (it never waits on the others).
    snap_all("new_password_history_while_too_short", |lang| {
        let mut k = Kiosk::new_password(lang);
        k.type_text("Kor").estimate("Kor").history(false);
        k
    });
    snap_all("new_password_history_unavailable", |lang| {
        let mut k = Kiosk::new_password(lang);
        k.type_text("sommar2024").estimate("sommar2024");
        let Screen::NewPassword(step) = &k.model.screen else {
            panic!("not on NewPassword");
        };
        let generation = step.generation;
        k.result(EffectResult::HistoryUnavailable { generation });
        k
    });
    snap_all("new_password_staff_rules", |lang| {
        let mut k = Kiosk::new_password_as(lang, "Marco Rossi", "staff");
        k.type_text("Pizzeria-luna").estimate("Pizzeria-luna");
        k
    });
    snap_all("new_password_notice_too_long", |lang| {
        let mut k = Kiosk::new_password(lang);
        k.type_text("kort").estimate("kort");
        k.paste(&"x".repeat(128));
        k
    });
    snap_all("new_password_notice_rules_not_met", |lang| {
        let mut k = Kiosk::new_password(lang);
        k.type_text("password").estimate("password");
        k.key(KeyCode::Tab)
            .type_text("password")
            .key(KeyCode::Enter);
        k
    });
    snap_all("new_password_notice_mismatch", |lang| {
        let mut k = Kiosk::new_password(lang);
        k.type_text(STRONG).estimate(STRONG).history(false);
        k.key(KeyCode::Tab)
            .type_text("Fjällräven-kaffe-92-mol")
            .key(KeyCode::Enter);
        k
    });
    snap_all("new_password_notice_rejected", |lang| {
        let mut k = Kiosk::all_met(lang);
        k.key(KeyCode::Enter);
        k.result(EffectResult::Changed(ChangeOutcome::Rejected(vec![
            RuleCheck {
                rule: Rule::History(5),
                status: RuleStatus::Fail,
            },
        ])));
        k
    });
    snap_all("new_password_notice_leave_asked", |lang| {
        // Reached by the last use of a temporary password: Esc asks first.
        let mut k = Kiosk::checking(lang);
        k.result(EffectResult::Verified(VerifyOutcome::Verified(
            VerifiedAccount::for_tests(7, "anna.ostlund", "Anna Östlund", "students", true, None)
                .leaving_for_tests(Leaving::TempUse { last: true }),
        )));
        k.type_text("kort").estimate("kort");
        k.key(KeyCode::Esc);
        k
    });
    snap_all("new_password_busy", |lang| {
        let mut k = Kiosk::all_met(lang);
        k.key(KeyCode::Enter);
        k
    });
    snap_all("new_password_waiting_to_retry", |lang| {
        // The save was cut off by an outage: the banner, and the save waits to go again.
        let mut k = Kiosk::all_met(lang);
        k.key(KeyCode::Enter);
        k.result(EffectResult::Unavailable);
        k
    });
    snap_all("new_password_long_demo_countdown_unavailable", |lang| {
        // Everything at once: the tightest screen the kiosk can show.
        let mut k = Kiosk::new_password_as(lang, "Marco Rossi", "staff");
        let long: String = "Pizza-Luna-7 ".repeat(10).chars().take(128).collect();
        k.paste(&long).estimate(&long);
        k.model.demo = true;
        k.result(EffectResult::Unavailable);
        k.tick(Duration::from_secs(55));
        k
    });
}

#[test]
fn done() {
    snap_all("done_changed", |lang| {
        Kiosk::done(
            lang,
            ChangeOutcome::Changed {
                score: 4,
                expires_at: Some(EXPIRES),
                account: VerifiedAccount::for_tests(
                    7,
                    "anna.ostlund",
                    "Anna Östlund",
                    "students",
                    false,
                    Some(EXPIRES),
                ),
                targets: vec![],
            },
        )
    });
    snap_all("done_changed_no_expiry", |lang| {
        Kiosk::done(
            lang,
            ChangeOutcome::Changed {
                score: 3,
                expires_at: None,
                account: VerifiedAccount::for_tests(
                    7,
                    "anna.ostlund",
                    "Anna Östlund",
                    "students",
                    false,
                    None,
                ),
                targets: vec![],
            },
        )
    });
    // After a reset: no Profile line, no F3 (issue 11, point 5).
    snap_all("done_changed_after_reset", |lang| {
        Kiosk::done(
            lang,
            ChangeOutcome::Changed {
                score: 4,
                expires_at: Some(EXPIRES),
                account: VerifiedAccount::for_tests(
                    7,
                    "anna.ostlund",
                    "Anna Östlund",
                    "students",
                    false,
                    Some(EXPIRES),
                )
                .after_reset_for_tests(),
                targets: vec![],
            },
        )
    });
    snap_all("done_conflict", |lang| {
        Kiosk::done(lang, ChangeOutcome::Conflict)
    });
    snap_all("done_unavailable", |lang| {
        // A save cut off by an outage now waits (new_password_waiting_to_retry); this
        // screen is left for a category missing from the configuration.
        let mut k = Kiosk::all_met(lang);
        k.result(EffectResult::Unavailable);
        k.model.screen = Screen::Done(kiosk::flow::Outcome::Unavailable);
        k
    });
}

/// The cloud targets after a change (issue 17): one line for all of them, then what is
/// still on its way and what failed, in the person's language.
#[test]
fn done_targets() {
    use kiosk::domain::targets::{TargetKind, TargetResult, TargetState};
    let changed = |targets: Vec<TargetResult>| ChangeOutcome::Changed {
        score: 4,
        expires_at: Some(EXPIRES),
        account: VerifiedAccount::for_tests(
            7,
            "anna.ostlund",
            "Anna Östlund",
            "students",
            false,
            Some(EXPIRES),
        ),
        targets,
    };
    let t = |kind, state| TargetResult { kind, state };
    snap_all("done_targets_all_done", |lang| {
        Kiosk::done(
            lang,
            changed(vec![
                t(TargetKind::Google, TargetState::Done),
                t(TargetKind::Microsoft, TargetState::Done),
            ]),
        )
    });
    snap_all("done_targets_pending_and_failed", |lang| {
        Kiosk::done(
            lang,
            changed(vec![
                t(TargetKind::Google, TargetState::Pending),
                t(TargetKind::Microsoft, TargetState::Failed),
            ]),
        )
    });
}

#[test]
fn countdown_banner_and_small_window() {
    snap_all("countdown", |lang| {
        let mut k = Kiosk::identify(lang);
        k.type_text("anna").tick(Duration::from_secs(52));
        k
    });
    snap_all("unavailable_banner", |lang| {
        let mut k = Kiosk::looking_up(lang);
        k.result(EffectResult::Unavailable).key(KeyCode::Esc);
        k
    });
    for (lang, code) in LANGS {
        let k = Kiosk::new(lang);
        insta::assert_snapshot!(
            format!("{code}_too_small_79x24"),
            render_size(&k.model, 79, 24)
        );
        insta::assert_snapshot!(
            format!("{code}_too_small_40x10"),
            render_size(&k.model, 40, 10)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Properties

/// Every state the snapshots cover, in one language.
fn every_state(lang: Lang) -> Vec<Kiosk> {
    let mut help = Kiosk::identify(lang);
    help.key(KeyCode::F(1));
    let mut typed = Kiosk::new_password(lang);
    typed.type_text("kanelbulle7").estimate("kanelbulle7");
    let mut long = Kiosk::new_password_as(lang, "Marco Rossi", "staff");
    long.paste(&"Ab1-".repeat(32)).estimate(&"Ab1-".repeat(32));
    long.result(EffectResult::Unavailable)
        .tick(Duration::from_secs(55));
    vec![
        Kiosk::new(lang),
        help,
        Kiosk::looking_up(lang),
        Kiosk::choose_method(lang, vec![Method::Password, Method::Questions, Method::Sms]),
        Kiosk::checking(lang),
        typed,
        Kiosk::all_met(lang),
        long,
        Kiosk::done(
            lang,
            ChangeOutcome::Changed {
                score: 4,
                expires_at: Some(EXPIRES),
                account: VerifiedAccount::for_tests(
                    7,
                    "anna.ostlund",
                    "Anna Östlund",
                    "students",
                    false,
                    Some(EXPIRES),
                ),
                targets: vec![],
            },
        ),
        Kiosk::done(lang, ChangeOutcome::Conflict),
    ]
}

#[test]
fn never_panics_at_any_size() {
    let sizes = [
        (0, 0),
        (1, 1),
        (20, 5),
        (79, 24),
        (80, 23),
        (80, 24),
        (81, 25),
        (200, 60),
        (1, 80),
        (300, 1),
    ];
    for (lang, _) in LANGS {
        for k in every_state(lang) {
            for (w, h) in sizes {
                let text = render_size(&k.model, w, h);
                assert_eq!(text.lines().count(), usize::from(h));
            }
        }
    }
}

#[test]
fn too_small_shows_only_the_request() {
    for (w, h) in [(79, 24), (80, 23)] {
        let text = render_size(&Kiosk::identify(Lang::En).model, w, h);
        assert!(text.contains("80×24"), "{text}");
        assert!(!text.contains("Enter"), "{text}");
    }
}

#[test]
fn no_secret_is_ever_drawn() {
    const CURRENT: &str = "Vinter#Hemlis-4711";
    const NEW: &str = "Qz9!Lönnlöv-Bastu-Tre";
    let fragments = ["Vinter", "Hemlis", "4711", "Lönnlöv", "Bastu", "Qz9"];
    let check = |k: &Kiosk, step: &str| {
        for size in [(80, 24), (200, 60)] {
            let text = render_size(&k.model, size.0, size.1);
            for f in fragments {
                assert!(!text.contains(f), "{step}: {f:?} drawn\n{text}");
            }
        }
    };
    for (lang, _) in LANGS {
        let mut k = Kiosk::current_password(lang);
        for c in CURRENT.chars() {
            k.type_text(&c.to_string());
            check(&k, "current password");
        }
        k.key(KeyCode::Enter);
        check(&k, "checking");
        k.result(EffectResult::Verified(VerifyOutcome::Invalid));
        k.paste(CURRENT);
        check(&k, "pasted current password");
        k.key(KeyCode::Enter)
            .result(EffectResult::Verified(VerifyOutcome::Verified(
                VerifiedAccount::for_tests(
                    1,
                    "anna.ostlund",
                    "Anna Östlund",
                    "students",
                    false,
                    None,
                ),
            )));
        // Signed in with the current password: the Profile, "change my password" first.
        check(&k, "profile");
        k.key(KeyCode::Enter);
        for c in NEW.chars() {
            k.type_text(&c.to_string());
            check(&k, "new password");
        }
        k.estimate(NEW).key(KeyCode::Tab).paste(NEW);
        check(&k, "repeat");
        k.key(KeyCode::Enter);
        check(&k, "saving");
    }
}

#[test]
fn masked_fields_show_one_bullet_per_character_and_place_the_cursor() {
    let mut k = Kiosk::new_password(Lang::En);
    k.type_text("abcdef").key(KeyCode::Left).key(KeyCode::Left);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    terminal
        .draw(|f| kiosk::ui::draw(f, &k.model))
        .expect("draw");
    let backend = terminal.backend();
    assert!(
        backend.cursor_visible(),
        "cursor shown in the focused field"
    );
    let cursor = backend.cursor_position();
    let row: Vec<&str> = (0..80)
        .map(|x| backend.buffer()[(x, cursor.y)].symbol())
        .collect();
    assert!(
        row.contains(&"›"),
        "the cursor is on the focused field's row"
    );
    assert_eq!(row.iter().filter(|s| **s == "•").count(), 6);
    // Two Left presses from the end of six: the cursor is on the fifth bullet.
    let first_bullet = row.iter().position(|s| *s == "•").expect("bullets");
    assert_eq!(usize::from(cursor.x), first_bullet + 4);

    terminal
        .draw(|f| kiosk::ui::draw(f, &Kiosk::new(Lang::En).model))
        .expect("draw");
    assert!(!terminal.backend().cursor_visible(), "no cursor on Welcome");
}

#[test]
fn display_names_are_drawn_sanitised() {
    let k = Kiosk::new_password_as(Lang::Sv, "Anna\u{1b}[31m Ek\u{7}\u{202e}lah", "students");
    let text = render(&k.model);
    for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!text.contains(bad), "{bad:?} drawn");
    }
    assert!(text.contains("Hej Anna[31m!"), "{text}");
}

#[test]
fn a_5000_character_name_leaves_the_new_password_screen_whole() {
    let short = render(&Kiosk::new_password(Lang::En).model);
    for name in ["é".repeat(5000), format!("Anna {}", "Ö".repeat(4995))] {
        let k = Kiosk::new_password_as(Lang::En, &name, "students");
        let text = render(&k.model);
        assert!(text.contains('…'), "{text}");
        assert!(!text.contains(&"é".repeat(60)), "{text}");
        // The greeting may wrap once; from the fields down, every row is drawn as with a
        // short name (fields, meter, every rule, the hints on the last row).
        let from_fields = |t: &str| -> Vec<String> {
            let lines: Vec<&str> = t.lines().collect();
            let start = lines.iter().position(|l| l.contains("› New password"));
            let start = start.expect("the first field is drawn");
            let mut rows: Vec<String> = lines[start..].iter().map(|l| l.to_string()).collect();
            rows.retain(|l| !l.trim_matches(|c| c == '|' || c == ' ').is_empty());
            rows
        };
        assert_eq!(from_fields(&text), from_fields(&short), "{text}");
    }
}

/// The rendering code holds no user-facing words: every string literal in src/ui (outside
/// unit tests) is a message key, a key cap, a glyph or a format pattern.
#[test]
fn ui_sources_have_no_literal_text() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("src/ui") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(
                std::fs::read_dir(&path)
                    .expect("widgets")
                    .map(|e| e.expect("entry").path()),
            );
        } else {
            files.push(path);
        }
    }
    let is_key = |s: &str| {
        s.split('-').count() > 1
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    };
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let source = std::fs::read_to_string(path).expect("source");
        let code = source.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
            for literal in line.split('"').skip(1).step_by(2) {
                // Drop format placeholders ("{pad}", "{}") before looking for words.
                let mut text = String::new();
                let mut depth = 0;
                for c in literal.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ if depth == 0 => text.push(c),
                        _ => {}
                    }
                }
                let wordy = text
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .any(|w| w.len() >= 2);
                // Key caps, and the names of Fluent arguments.
                let allowed = is_key(literal)
                    || matches!(
                        literal,
                        "F1" | "F2"
                            | "F9"
                            | "F10"
                            | "number"
                            | "minutes"
                            | "reason"
                            | "document"
                            | "reference"
                            | "uses"
                            | "days"
                            | "secs"
                            | "n"
                            | "time"
                            | "date"
                            | "label"
                            | "name"
                            | "school"
                            | "unit"
                            | "username"
                            | "action"
                            | "outcome"
                            | "via"
                            | "target"
                            | "who"
                            | "kiosk"
                            | "office"
                            | "rule"
                    );
                assert!(
                    !wordy || allowed,
                    "{}: literal text {literal:?} belongs in the .ftl files",
                    path.display()
                );
            }
        }
    }
}

/// The console check can fail: the Unicode drawing of a met checklist has ✓, which Debian's
/// console font lacks; the console's drawing has ☑ instead, and its meter keeps the bar
/// (█ against ░, apart without colour) and the score's word on one line.
#[test]
fn on_the_console_the_tick_is_a_ticked_box_and_the_meter_keeps_its_word() {
    let font = screen::console_font();
    for (lang, code) in LANGS {
        let k = Kiosk::all_met(lang);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| kiosk::ui::draw(f, &k.model)).unwrap();
        let unicode = terminal.backend().buffer().clone();
        let faults = screen::console_faults(&unicode, font);
        assert!(
            faults.iter().any(|f| f.contains("U+2713")),
            "{code}: {faults:?}"
        );

        let console = screen::draw_console(&k.model, 80, 24);
        assert_eq!(screen::console_faults(&console, font), Vec::<String>::new());
        let text = screen::buffer_text(&console);
        assert!(text.contains('☑') && !text.contains('✓'), "{code}:\n{text}");
        let word = kiosk::i18n::t(lang, "strength-very-strong");
        assert!(
            text.lines()
                .any(|l| l.contains("█████") && l.contains(word.as_str())),
            "{code}: the meter lost its word\n{text}"
        );
    }
}

/// The checklist with Active Directory's complexity rule (the domain's pwdProperties, merged
/// into the category's policy as `complexity`): one kind of character fails it, three pass.
#[test]
fn new_password_with_the_domains_complexity_rule() {
    let with_complexity = |lang: Lang| {
        let mut settings = Settings::defaults();
        settings
            .categories
            .get_mut("students")
            .expect("students")
            .complexity = true;
        let mut k = Kiosk::with_settings(lang, settings, false);
        k.key(KeyCode::Enter)
            .type_text("anna.ostlund")
            .key(KeyCode::Enter);
        k.result(EffectResult::Methods(Some(vec![Method::Password])));
        k.key(KeyCode::Enter)
            .type_text("Temp-Pass-8812")
            .key(KeyCode::Enter);
        k.result(EffectResult::Verified(VerifyOutcome::Verified(
            VerifiedAccount::for_tests(7, "anna.ostlund", "Anna Östlund", "students", true, None),
        )));
        assert!(matches!(k.model.screen, Screen::NewPassword(_)));
        k
    };
    snap_all("new_password_ad_complexity_unmet", |lang| {
        let mut k = with_complexity(lang);
        let one_kind = "hallonbatsegeltornadokvarn";
        k.type_text(one_kind).estimate(one_kind).history(false);
        let text = render(&k.model);
        let rule: String = kiosk::i18n::t(lang, "rule-complexity")
            .chars()
            .take(12)
            .collect();
        let line = text
            .lines()
            .find(|l| l.contains(&rule))
            .unwrap_or_else(|| panic!("no complexity rule:\n{text}"));
        assert!(!line.contains('✓'), "{line}");
        k
    });
    snap_all("new_password_ad_complexity_met", |lang| {
        let mut k = with_complexity(lang);
        k.type_text(STRONG).estimate(STRONG).history(false);
        k
    });
}
