//! End to end, issue 13 item 6: the history rule on New password runs on its own. The real
//! `kiosk` binary in a pseudo-terminal, on SQLite and on PostgreSQL: with a password still
//! too short (the length rule ✗), the history rule resolves to ✓ within a few seconds
//! instead of waiting on "…", and typing the current (temporary) password resolves it to ✗.
//! Prints how long the first check took.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod pty;

use std::time::{Duration, Instant};

use common::TestDb;
use pty::{STEP, Site};

/// The history rule's line: its words in Swedish (the rule is a plural message, so the
/// words after the number).
const HISTORY_WORDS: &str = "senaste lösenord";

/// The minimum length rule's first word ("Minst { $n } tecken").
const LENGTH_WORDS: &str = "Minst";

/// The line of the screen holding `words`.
fn line_with<'a>(screen: &'a str, words: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(words))
}

async fn the_history_rule_resolves_while_another_rule_fails(db: TestDb) {
    db.store().await;
    let site = Site::new();
    let config = std::fs::read_to_string(&site.config).unwrap();
    std::fs::write(&site.config, config.replace(&site.db_url, &db.url)).unwrap();
    site.import("username,display_name,category,email,mobile\nhanna.berg,Hanna Berg,students,,\n");
    let temp = site.temp_password("hanna.berg");
    let mut k = site.start(&[]);
    pty::temp_sign_in(&mut k, "hanna.berg", &temp);

    // Too short: the length rule fails, and the history rule answers anyway.
    let typed = Instant::now();
    k.type_text("Kor");
    let screen = k.wait_until("the history rule ticked while too short", STEP, |s| {
        line_with(s, HISTORY_WORDS).is_some_and(|l| l.contains('✓'))
    });
    let took = typed.elapsed();
    let length_line = line_with(&screen, LENGTH_WORDS).expect("the length rule");
    assert!(length_line.contains('✗'), "{}", pty::frame(&screen));
    eprintln!(
        "{}: history rule resolved {took:?} after typing",
        db.url.split(':').next().unwrap()
    );
    assert!(
        took < Duration::from_secs(5),
        "the first history check took {took:?}"
    );

    // The current (temporary) password is in the history: ✗, said plainly.
    for _ in 0..3 {
        k.key_backspace();
    }
    k.type_text(&temp);
    let screen = k.wait_until("the history rule failed", STEP, |s| {
        line_with(s, HISTORY_WORDS).is_some_and(|l| l.contains('✗'))
    });
    assert!(!screen.contains(&temp), "{}", pty::frame(&screen));
}

both!(the_history_rule_resolves_while_another_rule_fails);
