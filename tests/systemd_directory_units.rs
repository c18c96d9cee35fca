//! systemd/kiosk-directory-sync.service and .timer: `systemd-analyze verify` accepts both
//! without a warning about them, and the service runs `kiosk directory sync`. Needs
//! `systemd-analyze` (scripts/test installs it); fails, never skips, when it is missing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

const SERVICE: &str = include_str!("../systemd/kiosk-directory-sync.service");
const TIMER: &str = include_str!("../systemd/kiosk-directory-sync.timer");
const SHIPPED_EXEC: &str = "ExecStart=/usr/bin/kiosk ";

#[test]
fn systemd_analyze_verify_accepts_the_sync_units() {
    assert!(
        SERVICE.contains("ExecStart=/usr/bin/kiosk --config /etc/kiosk/kiosk.toml directory sync")
    );
    let exe = env!("CARGO_BIN_EXE_kiosk").replace('%', "%%");
    let dir = tempfile::tempdir().unwrap();
    let service = dir.path().join("kiosk-directory-sync.service");
    let timer = dir.path().join("kiosk-directory-sync.timer");
    std::fs::write(
        &service,
        SERVICE.replace(SHIPPED_EXEC, &format!("ExecStart=\"{exe}\" ")),
    )
    .unwrap();
    std::fs::write(&timer, TIMER).unwrap();
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&service)
        .arg(&timer)
        .env("LC_ALL", "C")
        .env("SYSTEMD_LOG_COLOR", "0")
        .output()
        .expect("systemd-analyze (scripts/test installs systemd)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "verify failed:\n{stderr}");
    let d = dir.path().to_string_lossy();
    let about: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("kiosk-directory-sync") || l.contains(d.as_ref()))
        .collect();
    assert!(about.is_empty(), "verify warns:\n{}", about.join("\n"));
    // The binary knows the command the unit runs.
    let help = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .args(["directory", "sync", "--help"])
        .output()
        .unwrap();
    assert!(help.status.success());
}
