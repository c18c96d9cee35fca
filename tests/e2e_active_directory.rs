//! End to end with Active Directory: the real `kiosk` binary in a pseudo-terminal,
//! configured for a real Samba AD DC (tests/samba, one domain for this binary). A person's
//! own change binds afterwards and the old password does not; a password in the domain's
//! history is refused in the kiosk's own Swedish sentence, never the DC's text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod pty;
mod samba;

use pty::{Site, ftl_fragment, sign_in, submit};
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
