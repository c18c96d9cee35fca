//! End to end, issue 13 item 3: the real `kiosk` binary in a pseudo-terminal on PostgreSQL
//! behind a TCP proxy the test cuts and restores. A save cut off by an outage waits on New
//! password with the banner and goes through when the database is back; a kiosk started
//! while the database is away draws Welcome with the banner and carries on by itself.
//! Skipped (passes) when KIOSK_TEST_POSTGRES_URL is unset, like every PostgreSQL test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod pty;

use std::time::Duration;

use common::TestDb;
use common::proxy::Proxy;
use kiosk::service::VerifyOutcome;
use pty::{START, STEP, Site, ftl_fragment};

const NEW: &str = "Gronsak-Fyrtorn-Kvarnhjul-47";

/// A PostgreSQL site reached through a proxy, with one student and a temporary password.
struct PgSite {
    site: Site,
    proxy: Proxy,
    temp: String,
    _db: TestDb,
    _rt: tokio::runtime::Runtime,
}

fn pg_site(migrated: bool) -> Option<PgSite> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let db = rt.block_on(TestDb::postgres())?;
    if migrated {
        rt.block_on(db.store());
    }
    let (prefix, rest) = db.url.split_once('@').unwrap();
    let (hostport, dbname) = rest.split_once('/').unwrap();
    let proxy = rt.block_on(Proxy::start(hostport.to_string()));
    let url = format!("{prefix}@127.0.0.1:{}/{dbname}", proxy.port);
    let site = Site::with(60, "");
    let config = std::fs::read_to_string(&site.config).unwrap();
    std::fs::write(&site.config, config.replace(&site.db_url, &url)).unwrap();
    let mut temp = String::new();
    if migrated {
        site.import(
            "username,display_name,category,email,mobile\nanna.ostlund,Anna Östlund,students,,\n",
        );
        temp = site.temp_password("anna.ostlund");
    }
    Some(PgSite {
        site,
        proxy,
        temp,
        _db: db,
        _rt: rt,
    })
}

fn banner() -> String {
    ftl_fragment("sv", "ui-unavailable-banner")
}

#[test]
fn a_save_cut_off_by_an_outage_goes_through_when_the_database_is_back() {
    let Some(pg) = pg_site(true) else {
        return;
    };
    let mut k = pg.site.start(&[]);
    pty::temp_sign_in(&mut k, "anna.ostlund", &pg.temp);
    k.type_text(NEW);
    let strength_rule = ftl_fragment("sv", "rule-min-strength");
    k.wait_until("the strength rule ticked", STEP, |screen| {
        screen
            .lines()
            .any(|l| l.contains(&strength_rule) && l.contains('✓'))
    });
    k.key_tab();
    k.type_text(NEW);
    pg.proxy.down();
    k.key_enter();
    let retry = ftl_fragment("sv", "ui-new-retry");
    let screen = k.wait_for(&retry, STEP);
    assert!(screen.contains(&banner()), "{}", pty::frame(&screen));
    // It waits: no "try again later", no return to the username; nothing typed is shown.
    std::thread::sleep(Duration::from_secs(7));
    let screen = k.screen();
    assert!(pty::normalise(&screen).contains(&pty::normalise(&retry)));
    assert!(screen.contains(&ftl_fragment("sv", "ui-new-field")));
    assert!(!screen.contains(NEW), "{}", pty::frame(&screen));
    pg.proxy.restore();
    let screen = k.wait_for(&ftl_fragment("sv", "ui-done-changed"), STEP);
    assert!(!screen.contains(&banner()), "{}", pty::frame(&screen));
    assert!(matches!(
        pg.site.verifies("anna.ostlund", NEW),
        VerifyOutcome::Verified(_)
    ));
}

#[test]
fn a_kiosk_started_while_the_database_is_away_waits_for_it_with_the_banner() {
    let Some(pg) = pg_site(true) else {
        return;
    };
    pg.proxy.down();
    let mut k = pg.site.start(&[]);
    let screen = k.wait_for(&banner(), START);
    assert!(
        pty::normalise(&screen).contains(&pty::normalise(&ftl_fragment("sv", "ui-welcome-start"))),
        "{}",
        pty::frame(&screen)
    );
    // It stays up (it used to exit after a few seconds), health-checking all along.
    std::thread::sleep(Duration::from_secs(8));
    assert!(
        k.is_alive(),
        "the kiosk exited:\n{}",
        pty::frame(&k.screen())
    );
    assert!(k.screen().contains(&banner()));
    pg.proxy.restore();
    k.wait_gone(&banner(), STEP);
    // The schema was checked when it came; a sign-in works.
    pty::temp_sign_in(&mut k, "anna.ostlund", &pg.temp);
    assert!(k.is_alive());
}

#[test]
fn a_wrong_schema_found_when_the_database_comes_ends_the_kiosk_with_one_line() {
    // A database this kiosk never migrated: its schema is behind.
    let Some(pg) = pg_site(false) else {
        return;
    };
    pg.proxy.down();
    let mut k = pg.site.start(&[]);
    k.wait_for(&banner(), START);
    pg.proxy.restore();
    let status = k.wait_exit(STEP);
    assert_eq!(status.exit_code(), 1, "{}", pty::frame(&k.screen()));
    let text = pty::normalise(&k.screen());
    assert!(text.contains("kiosk migrate"), "{text}");
}

#[test]
fn a_command_at_an_unreachable_database_says_why_once() {
    let Some(pg) = pg_site(true) else {
        return;
    };
    pg.proxy.down();
    let out = pg.site.cli(&["admin", "show", "anna.ostlund"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("kiosk: cannot connect to PostgreSQL at 127.0.0.1:"),
        "{stderr}"
    );
    // One cause once: no part of the line repeats the one before it.
    let parts: Vec<&str> = stderr.trim().split(": ").collect();
    for pair in parts.windows(2) {
        assert_ne!(pair[0], pair[1], "{stderr}");
    }
    for part in &parts {
        assert_eq!(
            stderr.matches(part).count(),
            1,
            "{part:?} twice in {stderr}"
        );
    }
}
