//! End to end, issue 18 point 3: the real `kiosk` binary in a pseudo-terminal on a
//! PostgreSQL of this test's own with `max_connections = 3`. The kiosk lets go of its
//! connections while the person types; others then take every slot. The save shows the
//! outage banner and waits on New password with nothing written; when a slot frees, the
//! kiosk saves by itself, once, and the audit chain holds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod pty;

use std::time::Duration;

use common::own_server::{fill, full_postgres};
use kiosk::service::VerifyOutcome;
use pty::{STEP, Site, ftl_fragment};
use sqlx::{AnyConnection, Connection};

const SLOTS: u32 = 3;
const NEW: &str = "Gronsak-Fyrtorn-Kvarnhjul-47";

/// What the database holds of Anna's password: her hash, her history rows, the audit
/// rows of password changes.
async fn written(conn: &mut AnyConnection) -> (String, i64, i64) {
    sqlx::query_as(
        "SELECT a.password_hash, \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM password_history h WHERE h.account_id = a.id), \
           (SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = 'change_password') \
         FROM accounts a WHERE a.username = 'anna.ostlund'",
    )
    .fetch_one(conn)
    .await
    .unwrap()
}

#[test]
fn a_full_server_shows_the_banner_and_the_save_goes_through_once_a_slot_frees() {
    let Some(pg) = full_postgres(SLOTS) else {
        return;
    };
    let url = pg.url("kiosk");
    let rt = pty::runtime();

    // The kiosk lets a connection go after a second unused.
    let site = Site::with(120, "");
    let config = std::fs::read_to_string(&site.config).unwrap();
    std::fs::write(
        &site.config,
        config.replace(
            &format!("url = \"{}\"", site.db_url),
            &format!("url = \"{url}\"\nidle_timeout_secs = 1"),
        ),
    )
    .unwrap();
    let out = site.cli(&["migrate"]);
    assert!(out.status.success(), "{out:?}");
    site.import(
        "username,display_name,category,email,mobile\nanna.ostlund,Anna Östlund,students,,\n",
    );
    let temp = site.temp_password("anna.ostlund");

    let mut k = site.start(&[]);
    pty::temp_sign_in(&mut k, "anna.ostlund", &temp);
    k.type_text(NEW);
    pty::retype(&mut k, NEW);
    // The checklist's history check done, the kiosk's connection closes; then every slot
    // is taken by others (all of them: the kiosk holds none).
    std::thread::sleep(Duration::from_secs(4));
    let mut held = rt.block_on(fill(&url));
    assert_eq!(held.len(), SLOTS as usize, "the kiosk still held a slot");
    let before = rt.block_on(written(&mut held[0]));

    k.key_enter();
    let retry = ftl_fragment("sv", "ui-new-retry");
    let screen = k.wait_for(&retry, STEP);
    let banner = ftl_fragment("sv", "ui-unavailable-banner");
    assert!(screen.contains(&banner), "{}", pty::frame(&screen));
    // It waits on New password, nothing typed shown, nothing written.
    std::thread::sleep(Duration::from_secs(5));
    let screen = k.screen();
    assert!(k.is_alive());
    assert!(screen.contains(&banner), "{}", pty::frame(&screen));
    assert!(screen.contains(&ftl_fragment("sv", "ui-new-field")));
    assert!(!screen.contains(NEW), "{}", pty::frame(&screen));
    assert_eq!(rt.block_on(written(&mut held[0])), before);

    // One slot frees: the kiosk carries on by itself, no key pressed.
    rt.block_on(held.pop().unwrap().close()).unwrap();
    let screen = k.wait_for(&ftl_fragment("sv", "ui-done-changed"), STEP);
    assert!(!screen.contains(&banner), "{}", pty::frame(&screen));
    let after = rt.block_on(written(&mut held[0]));
    assert_ne!(after.0, before.0, "the hash did not change");
    assert_eq!(after.1, before.1 + 1, "one history row");
    assert_eq!(after.2, before.2 + 1, "one audit row of the change");
    drop(held);

    // Once, and signed into the chain: the new password verifies, one change audited (ok).
    assert!(matches!(
        site.verifies("anna.ostlund", NEW),
        VerifyOutcome::Verified(_)
    ));
    rt.block_on(async {
        let services = site.services().await;
        let rows = services.store.audit_log(None, None, 10_000).await.unwrap();
        let changes: Vec<String> = rows
            .iter()
            .filter(|r| r.action.to_string() == "change_password")
            .map(|r| r.outcome.to_string())
            .collect();
        assert_eq!(changes, ["ok"]);
        assert!(services.verify_audit().await.unwrap().broken.is_none());
        services.store.close().await;
    });
}
