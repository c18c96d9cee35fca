//! End to end with Active Directory: the real `kiosk` binary in a pseudo-terminal,
//! configured for a real Samba AD DC (tests/samba, one domain for this binary). A person's
//! own change binds afterwards and the old password does not; a password in the domain's
//! history is refused in the kiosk's own Swedish sentence, never the DC's text; "must change
//! at next logon" (773) leads straight to New password and the change binds; resets by
//! security questions and by an SMS code write through the service account; too short and
//! complexity are refused in the kiosk's words; a directory lockout (775) shows the kiosk's
//! own lock, and after a staff unlock (lockoutTime 0 at the DC) the person signs in.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod pty;
mod samba;
#[path = "common/directory_walk.rs"]
mod walk;

use pty::{STEP, Site, ftl_fragment, sign_in, submit};
use samba::samba;
use walk::type_current;

const OLD: &str = "Hallonbat-Segel-Tornado-61";
const NEW: &str = "Gronsak-Fyrtorn-Kvarnhjul-47";
/// The mobile number the harness gives every person, in the kiosk's form.
const MOBILE: &str = "+46701234567";

fn site_for(username: &str) -> Site {
    walk::site_for(&samba().toml(), username, "")
}

#[test]
fn own_change_at_the_kiosk_binds_to_the_domain() {
    let name = "e2e.ad.change";
    samba().add_user(name, OLD);
    let site = site_for(name);
    let mut k = site.start(&[]);
    sign_in(&mut k, name, OLD);
    let done = submit(&mut k, NEW, &ftl_fragment("sv", "ui-done-changed"));
    assert!(!done.contains(NEW), "the password is on screen:\n{done}");
    drop(k);
    assert!(samba().binds(name, NEW), "the new password does not bind");
    assert!(!samba().binds(name, OLD), "the old password still binds");
}

#[test]
fn the_domains_history_is_refused_in_the_persons_language() {
    let name = "e2e.ad.history";
    samba().add_user(name, NEW);
    // Changed at the DC: the kiosk has never seen NEW.
    samba().passwd(name, NEW, OLD);
    let site = site_for(name);
    let mut k = site.start(&[]);
    sign_in(&mut k, name, OLD);
    // The whole sentence, with the domain's history length (5) in it.
    let sentence = kiosk::i18n::t_args(
        kiosk::domain::lang::Lang::Sv,
        "directory-refused-history",
        &[("n", 5i64.into())],
    );
    assert!(sentence.contains("dina 5 senaste"), "{sentence}");
    let first_words: String = sentence.chars().take(30).collect();
    let screen = submit(&mut k, NEW, &first_words);
    assert!(
        pty::normalise(&screen).contains(&pty::normalise(&sentence)),
        "{screen}"
    );
    assert!(
        !screen.contains("052D") && !screen.contains("history"),
        "the DC's text is on screen:\n{screen}"
    );
    drop(k);
    assert!(samba().binds(name, OLD));
    assert!(!samba().binds(name, NEW));
}

#[test]
fn must_change_goes_to_new_password_and_the_change_binds() {
    let name = "e2e.ad.must";
    samba().add_user(name, OLD);
    samba().set(name, &[("pwdLastSet", "0")]);
    assert!(
        !samba().binds(name, OLD),
        "773: the right password cannot bind"
    );
    let site = site_for(name);
    let mut k = site.start(&[]);
    type_current(&mut k, name, OLD);
    // Verified for a change only: New password, not the Profile.
    k.wait_for(&ftl_fragment("sv", "ui-new-field"), STEP);
    submit(&mut k, NEW, &ftl_fragment("sv", "ui-done-changed"));
    drop(k);
    assert!(samba().binds(name, NEW));
    assert_ne!(samba().attr(name, "pwdLastSet").as_deref(), Some("0"));
}

#[test]
fn a_reset_by_questions_writes_to_the_domain() {
    let name = "e2e.ad.quest";
    samba().add_user(name, OLD);
    let site = site_for(name);
    walk::enroll_questions(&site, name, OLD);
    let mut k = site.start(&[]);
    walk::answer_questions(&mut k, name);
    submit(&mut k, NEW, &ftl_fragment("sv", "ui-done-changed"));
    drop(k);
    // Written by the service account: the new one binds, the forgotten one does not.
    assert!(samba().binds(name, NEW));
    assert!(!samba().binds(name, OLD));
}

#[test]
fn a_reset_by_sms_writes_to_the_domain() {
    let name = "e2e.ad.sms";
    samba().add_user(name, OLD);
    let toml = format!("{}{}", samba().toml(), pty::sms_outbox_toml());
    let site = walk::site_for(&toml, name, MOBILE);
    let mut k = site.start(&[]);
    walk::enter_sms_code(&mut k, &site, name, MOBILE);
    submit(&mut k, NEW, &ftl_fragment("sv", "ui-done-changed"));
    drop(k);
    assert!(samba().binds(name, NEW));
    assert!(!samba().binds(name, OLD));
}

/// The checklist's line for `rule` (found by its first words: a long rule wraps).
fn rule_line(screen: &str, rule: &str) -> String {
    let start: String = rule.chars().take(15).collect();
    screen
        .lines()
        .find(|l| pty::normalise(l).contains(&pty::normalise(&start)))
        .unwrap_or_else(|| panic!("no {rule:?} in\n{screen}"))
        .to_string()
}

/// Both fields filled with `password` and Enter: the save is refused with the notice,
/// and the DC still has the old password.
fn refused_on_save(k: &mut pty::Kiosk, password: &str) -> String {
    k.key_tab();
    k.type_text(password);
    k.key_enter();
    k.wait_for(&ftl_fragment("sv", "ui-notice-rules-not-met"), STEP)
}

#[test]
fn too_short_is_refused_with_the_domains_length() {
    let name = "e2e.ad.short";
    samba().add_user(name, OLD);
    let site = site_for(name);
    let mut k = site.start(&[]);
    sign_in(&mut k, name, OLD);
    // Nine characters, every other rule met; the domain asks for 10.
    let short = "Kv9-Fyr#x";
    let rule = kiosk::i18n::t_args(
        kiosk::domain::lang::Lang::Sv,
        "rule-min-length",
        &[("n", 10i64.into())],
    );
    assert_eq!(rule, "Minst 10 tecken");
    k.type_text(short);
    let screen = k.wait_for(&rule, STEP);
    assert!(!rule_line(&screen, &rule).contains('✓'), "{screen}");
    refused_on_save(&mut k, short);
    drop(k);
    assert!(samba().binds(name, OLD));
}

#[test]
fn complexity_is_checked_live_and_refused() {
    let name = "e2e.ad.complex";
    samba().add_user(name, OLD);
    let site = site_for(name);
    let mut k = site.start(&[]);
    sign_in(&mut k, name, OLD);
    // Long and hard to guess, but of one kind of character: the domain's rule is unmet.
    let one_kind = "hallonbatsegeltornadokvarnhjul";
    let rule = ftl_fragment("sv", "rule-complexity");
    k.type_text(one_kind);
    // Long enough: the length rule ticks as the text arrives; complexity does not.
    let length = kiosk::i18n::t_args(
        kiosk::domain::lang::Lang::Sv,
        "rule-min-length",
        &[("n", 10i64.into())],
    );
    let screen = k.wait_until("the length rule ticked", STEP, |s| {
        s.lines().any(|l| l.contains(&length) && l.contains('✓'))
    });
    assert!(!rule_line(&screen, &rule).contains('✓'), "{screen}");
    refused_on_save(&mut k, one_kind);
    drop(k);
    assert!(samba().binds(name, OLD));
}

#[test]
fn a_directory_lockout_shows_the_kiosk_lock_and_staff_unlock_it() {
    let name = "e2e.ad.lock";
    samba().add_user(name, OLD);
    for _ in 0..3 {
        assert!(!samba().binds(name, "Wrong-pass-123"));
    }
    let site = site_for(name);
    let mut k = site.start(&[]);
    type_current(&mut k, name, OLD);
    // The kiosk's own lock sentence, as for any name locked here.
    let screen = k.wait_for(&ftl_fragment("sv", "error-locked-until"), STEP);
    assert!(
        !screen.contains("775")
            && !screen.contains(&ftl_fragment("sv", "error-invalid-credentials")),
        "{screen}"
    );
    drop(k);
    // The office lifts the kiosk's lock and the domain's.
    let out = site.cli(&["admin", "unlock", name]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(samba().attr(name, "lockoutTime").as_deref(), Some("0"));
    let mut k = site.start(&[]);
    sign_in(&mut k, name, OLD);
}
