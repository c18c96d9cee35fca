//! End to end with Active Directory: the real `kiosk` binary in a pseudo-terminal,
//! configured for a real Samba AD DC (tests/samba, one domain for this binary). A person's
//! own change binds afterwards and the old password does not; a password in the domain's
//! history is refused in the kiosk's own Swedish sentence, never the DC's text; "must change
//! at next logon" (773) leads straight to New password and the change binds; a directory
//! lockout (775) reads as a wrong password.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod pty;
mod samba;

use pty::{Kiosk, START, STEP, Site, ftl_fragment, sign_in, submit};
use samba::samba;

const OLD: &str = "Hallonbat-Segel-Tornado-61";
const NEW: &str = "Gronsak-Fyrtorn-Kvarnhjul-47";

fn site_for(username: &str) -> Site {
    let site = Site::with(30, &samba().toml());
    site.import(&format!(
        "username,display_name,category,email,mobile\n{username},Test Person,students,,\n"
    ));
    site
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

/// Welcome → Identify → the password method → Current password, typed and sent.
fn type_current(k: &mut Kiosk, username: &str, password: &str) {
    k.wait_for(&ftl_fragment("sv", "ui-welcome-start"), START);
    k.key_enter();
    k.wait_for(&ftl_fragment("sv", "ui-identify-title"), STEP);
    k.type_text(username);
    k.wait_for(username, STEP);
    k.key_enter();
    k.wait_for(&ftl_fragment("sv", "ui-method-title"), STEP);
    k.select(&ftl_fragment("sv", "ui-method-password"));
    k.wait_for(&ftl_fragment("sv", "ui-current-title"), STEP);
    k.type_text(password);
    k.key_enter();
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
fn a_directory_lockout_reads_as_a_wrong_password() {
    let name = "e2e.ad.lock";
    samba().add_user(name, OLD);
    for _ in 0..3 {
        assert!(!samba().binds(name, "Wrong-pass-123"));
    }
    let site = site_for(name);
    let mut k = site.start(&[]);
    type_current(&mut k, name, OLD);
    let screen = k.wait_for(&ftl_fragment("sv", "error-invalid-credentials"), STEP);
    assert!(!screen.contains("775"), "{screen}");
}
