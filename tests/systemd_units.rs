//! The systemd unit in systemd/: `systemd-analyze verify` accepts it without a single
//! warning about it, its sandboxing scores well in `systemd-analyze security`, and the
//! settings the kiosk relies on are present.
//!
//! These tests need `systemd-analyze` (scripts/test installs it) and fail, never skip,
//! when it is missing.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const UNIT: &str = include_str!("../systemd/kiosk@.service");
/// The instance the tests verify: the kiosk on the first virtual terminal.
const INSTANCE: &str = "kiosk@tty1.service";
const SHIPPED_EXEC: &str = "ExecStart=/usr/bin/kiosk ";

/// The unit as `kiosk@tty1.service` in a temporary directory, its ExecStart pointing at the
/// binary cargo built (verify checks that the executable exists).
fn instance_copy() -> (tempfile::TempDir, PathBuf) {
    assert!(
        UNIT.contains(SHIPPED_EXEC),
        "the unit should start {SHIPPED_EXEC:?}"
    );
    // `%` starts a specifier in unit files; a path containing one must double it.
    let exe = env!("CARGO_BIN_EXE_kiosk").replace('%', "%%");
    let unit = UNIT.replace(SHIPPED_EXEC, &format!("ExecStart=\"{exe}\" "));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(INSTANCE);
    std::fs::write(&path, unit).expect("write unit");
    (dir, path)
}

fn systemd_analyze(args: &[&str], unit: &Path) -> Output {
    Command::new("systemd-analyze")
        .args(args)
        .arg(unit)
        // Messages in English whatever the developer's locale, so the filters below hold.
        .env("LC_ALL", "C")
        .env("SYSTEMD_LOG_COLOR", "0")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run systemd-analyze ({e}): install systemd (scripts/test does) \
                 to check systemd/kiosk@.service"
            )
        })
}

/// Lines of `stderr` about our unit. verify also loads the units ours names (getty@tty1,
/// network-online.target) and may comment on the host's own units; those lines name
/// other files and are not ours to fix, so they are ignored. Every line that names our
/// unit or its file counts: there are no harmless warnings about kiosk@.service.
fn lines_about_unit<'a>(stderr: &'a str, unit: &Path) -> Vec<&'a str> {
    let file = unit.to_string_lossy();
    stderr
        .lines()
        .filter(|l| l.contains(INSTANCE) || l.contains("kiosk@") || l.contains(file.as_ref()))
        .collect()
}

#[test]
fn systemd_analyze_verify_accepts_unit_without_warnings() {
    let (_dir, unit) = instance_copy();
    let out = systemd_analyze(&["verify", "--man=no"], &unit);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "systemd-analyze verify failed ({}):\n{stderr}",
        out.status
    );
    let about = lines_about_unit(&stderr, &unit);
    assert!(
        about.is_empty(),
        "systemd-analyze verify warns about the unit:\n{}",
        about.join("\n")
    );
}

/// The check above is only worth something if verify does complain about a broken unit.
#[test]
fn systemd_analyze_verify_catches_a_broken_copy() {
    let (_dir, unit) = instance_copy();
    let broken = std::fs::read_to_string(&unit)
        .unwrap()
        .replace("UMask=0077", "UMask=0077\nNoSuchSetting=yes");
    std::fs::write(&unit, broken).unwrap();
    let out = systemd_analyze(&["verify", "--man=no"], &unit);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        lines_about_unit(&stderr, &unit)
            .iter()
            .any(|l| l.contains("NoSuchSetting")),
        "verify did not report the unknown key:\n{stderr}"
    );
}

/// `systemd-analyze security` rates the sandbox from 0 (locked down) to 10 (exposed); the
/// unit scores about 1.4. Fail if a change pushes it above 2.0.
#[test]
fn sandbox_exposure_stays_low() {
    let (_dir, unit) = instance_copy();
    let out = systemd_analyze(&["security", "--offline=true", "--threshold=20"], &unit);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exposure above 2.0 or security failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let overall = stdout
        .lines()
        .find(|l| l.contains("Overall exposure level"))
        .unwrap_or_else(|| panic!("no overall exposure in:\n{stdout}"));
    assert!(overall.contains(INSTANCE), "{overall}");
}

/// The settings the kiosk depends on, so an edit cannot drop one silently.
#[test]
fn unit_has_the_settings_the_kiosk_relies_on() {
    let settings: Vec<(String, String)> = UNIT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let has = |key: &str, value: &str| settings.iter().any(|(k, v)| k == key && v == value);
    for (key, value) in [
        ("TTYPath", "/dev/%I"),
        ("StandardInput", "tty"),
        ("StandardOutput", "tty"),
        ("TTYReset", "yes"),
        ("TTYVHangup", "yes"),
        ("TTYVTDisallocate", "yes"),
        ("Restart", "always"),
        ("RestartSec", "1"),
        ("StartLimitIntervalSec", "0"),
        ("User", "kiosk"),
        ("Group", "kiosk"),
        ("Environment", "TERM=linux"),
        ("ExecStart", "/usr/bin/kiosk --config /etc/kiosk/kiosk.toml"),
        ("WorkingDirectory", "/var/lib/kiosk"),
        ("StateDirectory", "kiosk"),
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("PrivateDevices", "no"),
        ("DevicePolicy", "closed"),
        ("DeviceAllow", "/dev/%I rw"),
        ("ProtectKernelTunables", "yes"),
        ("ProtectKernelModules", "yes"),
        ("ProtectKernelLogs", "yes"),
        ("ProtectControlGroups", "yes"),
        ("ProtectClock", "yes"),
        ("ProtectHostname", "yes"),
        ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"),
        ("RestrictNamespaces", "yes"),
        ("RestrictRealtime", "yes"),
        ("RestrictSUIDSGID", "yes"),
        ("LockPersonality", "yes"),
        ("MemoryDenyWriteExecute", "yes"),
        ("SystemCallArchitectures", "native"),
        ("SystemCallFilter", "@system-service"),
        ("CapabilityBoundingSet", ""),
        ("UMask", "0077"),
        ("LimitCORE", "0"),
        ("Conflicts", "getty@%i.service"),
        ("After", "getty@%i.service network-online.target"),
        ("WantedBy", "multi-user.target"),
    ] {
        assert!(
            has(key, value),
            "systemd/kiosk@.service lacks {key}={value}"
        );
    }
}
