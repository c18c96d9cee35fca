//! systemd/kiosk-notify.service and kiosk-notify.timer: `systemd-analyze verify` accepts
//! both without a warning about them, the service's sandbox scores well, and the settings
//! the job relies on are present.
//!
//! These tests need `systemd-analyze` (scripts/test installs it) and fail, never skip,
//! when it is missing.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SERVICE: &str = include_str!("../systemd/kiosk-notify.service");
const TIMER: &str = include_str!("../systemd/kiosk-notify.timer");
const SHIPPED_EXEC: &str = "ExecStart=/usr/bin/kiosk ";

/// Both units in a temporary directory, ExecStart pointing at the binary cargo built
/// (verify checks that the executable exists).
fn copies() -> (tempfile::TempDir, PathBuf, PathBuf) {
    assert!(
        SERVICE.contains(SHIPPED_EXEC),
        "the service should start {SHIPPED_EXEC:?}"
    );
    // `%` starts a specifier in unit files; a path containing one must double it.
    let exe = env!("CARGO_BIN_EXE_kiosk").replace('%', "%%");
    let dir = tempfile::tempdir().expect("temp dir");
    let service = dir.path().join("kiosk-notify.service");
    let timer = dir.path().join("kiosk-notify.timer");
    std::fs::write(
        &service,
        SERVICE.replace(SHIPPED_EXEC, &format!("ExecStart=\"{exe}\" ")),
    )
    .expect("write service");
    std::fs::write(&timer, TIMER).expect("write timer");
    (dir, service, timer)
}

fn systemd_analyze(args: &[&str], units: &[&Path]) -> Output {
    Command::new("systemd-analyze")
        .args(args)
        .args(units)
        // Messages in English whatever the developer's locale, so the filters below hold.
        .env("LC_ALL", "C")
        .env("SYSTEMD_LOG_COLOR", "0")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run systemd-analyze ({e}): install systemd (scripts/test does) \
                 to check systemd/kiosk-notify.*"
            )
        })
}

/// Lines of `stderr` about our units; verify may also comment on the host's own units,
/// which are not ours to fix.
fn lines_about_units<'a>(stderr: &'a str, dir: &Path) -> Vec<&'a str> {
    let dir = dir.to_string_lossy();
    stderr
        .lines()
        .filter(|l| l.contains("kiosk-notify") || l.contains(dir.as_ref()))
        .collect()
}

#[test]
fn systemd_analyze_verify_accepts_both_units_without_warnings() {
    let (dir, service, timer) = copies();
    let out = systemd_analyze(&["verify", "--man=no"], &[&service, &timer]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "systemd-analyze verify failed ({}):\n{stderr}",
        out.status
    );
    let about = lines_about_units(&stderr, dir.path());
    assert!(
        about.is_empty(),
        "systemd-analyze verify warns about the units:\n{}",
        about.join("\n")
    );
}

/// The check above is only worth something if verify does complain about broken units.
#[test]
fn systemd_analyze_verify_catches_broken_copies() {
    for (name, anchor) in [
        ("kiosk-notify.service", "UMask=0077"),
        ("kiosk-notify.timer", "Persistent=true"),
    ] {
        let (dir, service, timer) = copies();
        let path = dir.path().join(name);
        let broken = std::fs::read_to_string(&path)
            .unwrap()
            .replace(anchor, &format!("{anchor}\nNoSuchSetting=yes"));
        std::fs::write(&path, broken).unwrap();
        let out = systemd_analyze(&["verify", "--man=no"], &[&service, &timer]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            lines_about_units(&stderr, dir.path())
                .iter()
                .any(|l| l.contains("NoSuchSetting")),
            "verify did not report the unknown key in {name}:\n{stderr}"
        );
    }
}

/// `systemd-analyze security` rates the sandbox from 0 (locked down) to 10 (exposed); the
/// service scores about 1.1. Fail if a change pushes it above 2.0.
#[test]
fn notify_sandbox_exposure_stays_low() {
    let (_dir, service, _timer) = copies();
    let out = systemd_analyze(
        &["security", "--offline=true", "--threshold=20"],
        &[&service],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exposure above 2.0 or security failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("Overall exposure level for kiosk-notify.service")),
        "{stdout}"
    );
}

/// The timer's calendar expression is one systemd understands.
#[test]
fn timer_calendar_is_valid() {
    let calendar = settings(TIMER)
        .into_iter()
        .find(|(k, _)| k == "OnCalendar")
        .map(|(_, v)| v)
        .expect("OnCalendar");
    let out = Command::new("systemd-analyze")
        .args(["calendar", &calendar])
        .env("LC_ALL", "C")
        .output()
        .expect("systemd-analyze");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn settings(unit: &str) -> Vec<(String, String)> {
    unit.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The settings the job depends on, so an edit cannot drop one silently.
#[test]
fn units_have_the_settings_the_job_relies_on() {
    let service = settings(SERVICE);
    let timer = settings(TIMER);
    let has = |s: &[(String, String)], key: &str, value: &str| {
        s.iter().any(|(k, v)| k == key && v == value)
    };
    for (key, value) in [
        ("Type", "oneshot"),
        (
            "ExecStart",
            "/usr/bin/kiosk --config /etc/kiosk/kiosk.toml notify",
        ),
        ("User", "kiosk"),
        ("Group", "kiosk"),
        ("StateDirectory", "kiosk"),
        ("WorkingDirectory", "/var/lib/kiosk"),
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("PrivateDevices", "yes"),
        ("CapabilityBoundingSet", ""),
        ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"),
        ("SystemCallFilter", "@system-service"),
        ("MemoryDenyWriteExecute", "yes"),
        ("UMask", "0077"),
        ("LimitCORE", "0"),
        ("Wants", "network-online.target"),
    ] {
        assert!(
            has(&service, key, value),
            "systemd/kiosk-notify.service lacks {key}={value}"
        );
    }
    assert!(
        !service
            .iter()
            .any(|(k, _)| k == "Restart" || k == "WantedBy"),
        "a oneshot started by its timer neither restarts nor is wanted by a target"
    );
    for key in ["OnCalendar", "OnBootSec", "RandomizedDelaySec"] {
        assert!(
            timer.iter().any(|(k, _)| k == key),
            "systemd/kiosk-notify.timer lacks {key}="
        );
    }
    for (key, value) in [
        ("Persistent", "true"),
        ("Unit", "kiosk-notify.service"),
        ("WantedBy", "timers.target"),
    ] {
        assert!(
            has(&timer, key, value),
            "systemd/kiosk-notify.timer lacks {key}={value}"
        );
    }
}
