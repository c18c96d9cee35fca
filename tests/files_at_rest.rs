//! Files at rest: whatever the umask, the SQLite database, its folder, the SMS outbox and
//! the mail folder are created 0600/0700, SQLite runs with secure_delete, and the shipped
//! SMS provider is "none" (only `--demo` writes codes to the outbox).
//!
//! The umask is process-wide: every test in this binary sets it to 000 (the worst case)
//! and nothing here depends on another value. The real binary is run under `umask 000`
//! through `sh -c` as well.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::sync::Once;

use clap::Parser;
use kiosk::config::{MailTransport, Settings, SmsProvider};
use kiosk::notify::{Email, HttpSms, LettreMailer, Mailer, SmsGateway};
use kiosk::store::Store;

fn umask_000() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        nix::sys::stat::umask(nix::sys::stat::Mode::empty());
    });
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

fn assert_mode(path: &Path, want: u32) {
    assert_eq!(
        mode(path),
        want,
        "{} is {:o}, want {want:o}",
        path.display(),
        mode(path)
    );
}

#[tokio::test]
async fn sqlite_database_folder_and_journal_files_are_private() {
    umask_000();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data/sub/k.db");
    let store = Store::connect(&format!("sqlite://{}", file.display()), 2)
        .await
        .unwrap();
    store.migrate().await.unwrap();
    // A write, so the WAL and shared-memory files exist while the pool is open.
    sqlx::query("CREATE TABLE t (x TEXT)")
        .execute(store.pool())
        .await
        .unwrap();
    assert_mode(&dir.path().join("data"), 0o700);
    assert_mode(&dir.path().join("data/sub"), 0o700);
    assert_mode(&file, 0o600);
    for suffix in ["-wal", "-shm"] {
        let side = dir.path().join(format!("data/sub/k.db{suffix}"));
        assert!(side.exists(), "{} missing", side.display());
        assert_mode(&side, 0o600);
    }
    // Every connection of the pool deletes securely.
    for _ in 0..3 {
        let on: i64 = sqlx::query_scalar("PRAGMA secure_delete")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(on, 1);
    }
    store.close().await;
}

#[tokio::test]
async fn an_existing_folder_keeps_its_mode() {
    umask_000();
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o750)).unwrap();
    let store = Store::connect(&format!("sqlite://{}/k.db", shared.display()), 1)
        .await
        .unwrap();
    store.close().await;
    assert_mode(&shared, 0o750);
    assert_mode(&shared.join("k.db"), 0o600);
}

#[tokio::test]
async fn outbox_and_mail_folder_are_private() {
    umask_000();
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::defaults();
    settings.sms.provider = SmsProvider::Outbox;
    settings.sms.outbox.path = dir.path().join("spool/sms/outbox.jsonl");
    let sms = HttpSms::new(&settings.sms).unwrap();
    sms.send("+46701234567", "Your code: 123456").await.unwrap();
    assert_mode(&dir.path().join("spool"), 0o700);
    assert_mode(&dir.path().join("spool/sms"), 0o700);
    assert_mode(&settings.sms.outbox.path, 0o600);
    // A second message appends to the same file and keeps its mode.
    sms.send("+46701234567", "Your code: 654321").await.unwrap();
    let text = std::fs::read_to_string(&settings.sms.outbox.path).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert_mode(&settings.sms.outbox.path, 0o600);

    settings.mail.transport = MailTransport::File;
    settings.mail.file_dir = dir.path().join("spool/mail/out");
    let mailer = LettreMailer::new(&settings.mail).unwrap();
    mailer
        .send(&Email {
            to: "anna@alleskolan.example".into(),
            subject: "Password changed".into(),
            body: "Your password was changed.".into(),
            language: "en".into(),
        })
        .await
        .unwrap();
    assert_mode(&dir.path().join("spool/mail"), 0o700);
    assert_mode(&settings.mail.file_dir, 0o700);
    assert_eq!(
        std::fs::read_dir(&settings.mail.file_dir).unwrap().count(),
        1
    );
}

#[test]
fn the_real_binary_under_umask_000_makes_its_database_private() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000 && exec \"$0\" seed-demo")
        .arg(env!("CARGO_BIN_EXE_kiosk"))
        .current_dir(dir.path())
        .env("KIOSK__DATABASE__URL", "sqlite://data/sub/k.db")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_mode(&dir.path().join("data"), 0o700);
    assert_mode(&dir.path().join("data/sub"), 0o700);
    assert_mode(&dir.path().join("data/sub/k.db"), 0o600);
    // A control: the same shell does give a file it makes itself 0666.
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000 && : > plain")
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(out.success());
    assert_mode(&dir.path().join("plain"), 0o666);
}

#[test]
fn sms_is_off_by_default_and_the_demo_uses_the_outbox() {
    assert_eq!(Settings::defaults().sms.provider, SmsProvider::None);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("kiosk.toml");
    std::fs::write(&config, "").unwrap();
    let config = config.to_str().unwrap();
    let plain = kiosk::cli::Cli::parse_from(["kiosk", "--config", config]);
    assert_eq!(
        kiosk::cli::load_settings(&plain).unwrap().sms.provider,
        SmsProvider::None
    );
    let demo = kiosk::cli::Cli::parse_from(["kiosk", "--config", config, "--demo"]);
    let settings = kiosk::cli::load_settings(&demo).unwrap();
    assert_eq!(settings.sms.provider, SmsProvider::Outbox);
    assert_eq!(settings.database.url, kiosk::cli::DEMO_DB_URL);
}
