//! How fast can a script guess passwords at one kiosk? Drives the real (release) binary in
//! a pseudo-terminal with the default limits: wrong passwords as fast as the kiosk takes
//! them, four per name and then the next name (so no name lock is reached: only the
//! kiosk's own pace and its cooldown after machine-speed input hold it back). Prints the guesses judged, the rate over the run and
//! over its second half (the steady state), and how long a person who mistypes twice
//! and then types the right password waits in all. The README's security section quotes
//! the figures; the target is at most 200 guesses an hour.
//!
//! `cargo bench --bench guess_rate`; `KIOSK_GUESS_SECS=600` for a longer run (default 300).

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/pty/mod.rs"]
mod pty;

use std::time::{Duration, Instant};

use pty::{Kiosk, START, STEP, Site, ftl_fragment};

fn sv(key: &str) -> String {
    ftl_fragment("sv", key)
}

/// The first words of the "wait N seconds" message.
fn wait_words() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/i18n/sv.ftl");
    let text = std::fs::read_to_string(path).unwrap();
    let message = text.split("\nerror-wait =").nth(1).unwrap();
    let other = message.split("*[other]").nth(1).unwrap();
    other.split('{').next().unwrap().trim().to_string()
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// From Welcome (or Identify) to the current-password screen of `name`.
fn open(k: &mut Kiosk, name: &str, from_welcome: bool) {
    if from_welcome {
        k.wait_for(&sv("ui-welcome-start"), START);
        k.key_enter();
    }
    k.wait_for(&sv("ui-identify-title"), STEP);
    for _ in 0..40 {
        k.key_backspace();
    }
    k.type_text(name);
    k.wait_for(name, STEP);
    k.key_enter();
    k.wait_for(&sv("ui-method-title"), STEP);
    k.select(&sv("ui-method-password"));
    k.wait_for(&sv("ui-current-title"), STEP);
}

/// Types `password` and Enter until it is judged (waiting out the kiosk's pace); returns
/// the screen with the verdict and the time spent waiting.
fn judged(k: &mut Kiosk, password: &str, verdicts: &[String]) -> (String, Duration) {
    let wait = flat(&wait_words());
    let over = sv("error-wait-over");
    // Typed by a script, the kiosk also cools down after many submissions in a row.
    let cooling = flat(&sv("ui-machine-banner"));
    let shows = |s: &str, v: &[String]| v.iter().any(|v| flat(s).contains(&flat(v)));
    let mut waited = Duration::ZERO;
    loop {
        k.type_text(password);
        k.wait_until("the last verdict cleared", STEP, |s| {
            !flat(s).contains(&wait) && !shows(s, verdicts) && !s.contains(&over)
        });
        k.key_enter();
        let screen = k.wait_until("a verdict", STEP, |s| {
            flat(s).contains(&wait) || shows(s, verdicts) || flat(s).contains(&cooling)
        });
        let start = Instant::now();
        if flat(&screen).contains(&cooling) {
            k.wait_until("the cooldown over", Duration::from_secs(120), |s| {
                !flat(s).contains(&cooling)
            });
            // The swallowed password is still in the field.
            k.send(&"\x7f".repeat(password.chars().count()));
            waited += start.elapsed();
            continue;
        }
        if !flat(&screen).contains(&wait) {
            return (screen, waited);
        }
        k.wait_for(&over, Duration::from_secs(120));
        waited += start.elapsed();
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: skip then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let secs: u64 = std::env::var("KIOSK_GUESS_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let invalid = vec![sv("error-invalid-credentials")];

    // A person: two typos, then the right password.
    let site = Site::with(3600, "");
    site.import("username,display_name,category,email,mobile\nstina.berg,Stina Berg,students,,\n");
    let temp = site.temp_password("stina.berg");
    let mut k = site.start(&[]);
    open(&mut k, "stina.berg", true);
    let start = Instant::now();
    let mut person_waited = Duration::ZERO;
    for typo in ["stina-fel-1", "stina-fel-2"] {
        person_waited += judged(&mut k, typo, &invalid).1;
    }
    let (screen, w) = judged(&mut k, &temp, &[sv("ui-new-field")]);
    person_waited += w;
    assert!(screen.contains(&sv("ui-new-field")), "{screen}");
    println!(
        "person: two typos then the right password: {:.1} s in all, {:.1} s of it waiting",
        start.elapsed().as_secs_f64(),
        person_waited.as_secs_f64()
    );
    drop(k);

    // A script, across names.
    let site = Site::with(3600, "");
    let mut k = site.start(&[]);
    let run = Duration::from_secs(secs);
    let start = Instant::now();
    let mut times = Vec::new();
    let mut name = 0;
    open(&mut k, "gissa.0", true);
    while start.elapsed() < run {
        for _ in 0..4 {
            judged(&mut k, &format!("Gissning-{}", times.len()), &invalid);
            times.push(start.elapsed());
            if start.elapsed() >= run {
                break;
            }
        }
        name += 1;
        k.key_esc();
        k.wait_for(&sv("ui-method-title"), STEP);
        k.key_esc();
        open(&mut k, &format!("gissa.{name}"), false);
    }
    let total = start.elapsed().as_secs_f64();
    let half = total / 2.0;
    let second_half = times.iter().filter(|t| t.as_secs_f64() >= half).count();
    println!(
        "script: {} guesses judged in {:.0} s across {} names: {:.0} an hour over the run, \
         {:.0} an hour in its second half (target at most 200)",
        times.len(),
        total,
        name + 1,
        times.len() as f64 * 3600.0 / total,
        second_half as f64 * 3600.0 / (total - half)
    );
}
