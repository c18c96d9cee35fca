//! End to end with the school's directory: the real `kiosk` binary in a pseudo-terminal,
//! configured for a real slapd (tests/slapd). A person changes their own password at the
//! kiosk and the new one then binds to slapd while the old one does not; a password in the
//! directory's history is refused with the kiosk's own sentence, and a too-young change names
//! the time it is allowed again; a reset by security questions writes to slapd; a directory
//! that does not answer reads as the outage it is; a lockout at the directory shows the
//! kiosk's own lock, and after a staff unlock the person signs in.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod pty;
mod slapd;
#[path = "common/directory_walk.rs"]
mod walk;

use pty::{STEP, Site, ftl_fragment, sign_in, submit};
use slapd::slapd;

const OLD: &str = "Hallonbat-Segel-Tornado-61";
const NEW: &str = "Gronsak-Fyrtorn-Kvarnhjul-47";

fn site_for(username: &str) -> Site {
    walk::site_for(&slapd().toml(), username, "")
}

#[test]
fn own_change_at_the_kiosk_binds_to_the_directory() {
    let name = "e2e.change";
    slapd().add_user(name, OLD, None);
    let site = site_for(name);
    let mut k = site.start(&[]);
    sign_in(&mut k, name, OLD);
    let done = submit(&mut k, NEW, &ftl_fragment("sv", "ui-done-changed"));
    assert!(!done.contains(NEW), "the password is on screen:\n{done}");
    drop(k);
    assert!(slapd().binds(name, NEW), "the new password does not bind");
    assert!(!slapd().binds(name, OLD), "the old password still binds");
}

#[test]
fn the_directorys_history_is_refused_in_the_persons_language() {
    let name = "e2e.history";
    slapd().add_user(name, NEW, None);
    // Changed at the directory: the kiosk has never seen NEW.
    slapd().passwd(name, NEW, OLD);
    let site = site_for(name);
    let mut k = site.start(&[]);
    sign_in(&mut k, name, OLD);
    // The whole sentence, with the directory's history depth (3) in it.
    let sentence = kiosk::i18n::t_args(
        kiosk::domain::lang::Lang::Sv,
        "directory-refused-history",
        &[("n", 3i64.into())],
    );
    assert!(sentence.contains("dina 3 senaste"), "{sentence}");
    let first_words: String = sentence.chars().take(30).collect();
    let screen = submit(&mut k, NEW, &first_words);
    assert!(
        pty::normalise(&screen).contains(&pty::normalise(&sentence)),
        "{screen}"
    );
    assert!(
        !screen.contains("history"),
        "the server's text is on screen:\n{screen}"
    );
    drop(k);
    assert!(slapd().binds(name, OLD));
    assert!(!slapd().binds(name, NEW));
}

#[test]
fn too_young_names_the_time() {
    let name = "e2e.young";
    slapd().add_user(name, OLD, Some(slapd::YOUNG_POLICY));
    let site = site_for(name);
    let mut k = site.start(&[]);
    sign_in(&mut k, name, OLD);
    // "… You can change it again after <time>": the sentence up to the time.
    let sentence = pty::ftl("sv", "directory-refused-young");
    let before_time = sentence.split('{').next().unwrap().trim().to_string();
    let screen = submit(&mut k, NEW, &before_time[..30]);
    let shown = pty::normalise(&screen);
    assert!(shown.contains(&pty::normalise(&before_time)), "{screen}");
    // The date and time follow ("YYYY-MM-DD HH:MM", an hour from now).
    let after = shown
        .split(&pty::normalise(&before_time))
        .nth(1)
        .unwrap_or("");
    let when: String = after.trim_start().chars().take(16).collect();
    let digits = when.chars().filter(|c| c.is_ascii_digit()).count();
    assert_eq!(digits, 12, "{when:?} in\n{screen}");
    drop(k);
    assert!(slapd().binds(name, OLD));
}

#[test]
fn a_reset_by_questions_writes_to_the_directory() {
    let name = "e2e.questions";
    slapd().add_user(name, OLD, None);
    let site = site_for(name);
    walk::enroll_questions(&site, name, OLD);
    let mut k = site.start(&[]);
    walk::answer_questions(&mut k, name);
    submit(&mut k, NEW, &ftl_fragment("sv", "ui-done-changed"));
    drop(k);
    // Written by the service account: the new one binds, the forgotten one does not.
    assert!(slapd().binds(name, NEW));
    assert!(!slapd().binds(name, OLD));
}

#[test]
fn an_unreachable_directory_reads_as_the_outage() {
    let name = "e2e.outage";
    // Nothing listens on this port: the directory is down.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let toml = slapd()
        .toml()
        .replace(&slapd().url, &format!("ldap://127.0.0.1:{port}/"));
    let site = walk::site_for(&toml, name, "");
    let mut k = site.start(&[]);
    walk::type_current(&mut k, name, OLD);
    // The same words as a database outage, never "wrong password".
    let screen = k.wait_for(&ftl_fragment("sv", "error-unavailable"), STEP);
    assert!(
        !screen.contains(&ftl_fragment("sv", "error-invalid-credentials")),
        "{screen}"
    );
}

#[test]
fn a_directory_lockout_shows_the_kiosk_lock_and_staff_unlock_it() {
    let name = "e2e.lockout";
    slapd().add_user(name, OLD, None);
    // pwdMaxFailure 5, straight at the directory (another computer).
    for _ in 0..5 {
        assert!(!slapd().binds(name, "Wrong-pass-123"));
    }
    let site = site_for(name);
    let mut k = site.start(&[]);
    walk::type_current(&mut k, name, OLD);
    // ppolicy's accountLocked: the kiosk's own lock sentence, as for any name locked here
    // (until staff unlock, as the directory's lock: the policy has no pwdLockoutDuration).
    let screen = k.wait_for(&ftl_fragment("sv", "error-locked"), STEP);
    assert!(
        !screen.contains(&ftl_fragment("sv", "error-invalid-credentials")),
        "{screen}"
    );
    drop(k);
    let out = site.cli(&["admin", "unlock", name]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(slapd().binds(name, OLD), "the directory's lock is lifted");
    let mut k = site.start(&[]);
    sign_in(&mut k, name, OLD);
}
