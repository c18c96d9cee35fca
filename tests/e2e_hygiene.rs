//! Process hygiene, end to end: the real `kiosk` binary in a pseudo-terminal runs without
//! core dumps, and a panic in a background task (injected through a switch only the
//! `test-support` build has) ends the whole process, non-zero, with the terminal restored.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod pty;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use pty::{START, STEP, Site, ftl_fragment};

/// `stty -a` of the terminal device: its local modes as `stty` prints them.
fn stty(tty: &Path) -> String {
    let out = Command::new("stty")
        .arg("-F")
        .arg(tty)
        .arg("-a")
        .output()
        .expect("run stty");
    assert!(out.status.success(), "stty: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether `stty -a` shows `flag` on (`icanon`) rather than off (`-icanon`).
fn flag_on(stty: &str, flag: &str) -> bool {
    stty.split_whitespace().any(|w| w == flag)
}

fn last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn a_panic_in_a_background_task_ends_the_kiosk_with_the_terminal_restored() {
    let site = Site::new();
    let trigger = site.path().join("panic-now");
    let trigger_env = trigger.to_str().expect("utf-8 path").to_string();
    let mut k = site.start_with_env(&[], &[("KIOSK_TEST_PANIC_IN_BACKGROUND", &trigger_env)]);
    k.wait_for(&ftl_fragment("sv", "ui-welcome-start"), START);
    let tty = k.tty.clone().expect("pty device name");

    // The kiosk holds the terminal: raw mode, no echo.
    let modes = stty(&tty);
    assert!(
        !flag_on(&modes, "icanon") && !flag_on(&modes, "echo"),
        "{modes}"
    );
    // No core dumps: the core size limit is 0, soft and hard.
    let pid = k.pid().expect("pid");
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).expect("limits");
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("core limit line");
    assert_eq!(
        core.split_whitespace().skip(4).take(2).collect::<Vec<_>>(),
        ["0", "0"],
        "{core}"
    );

    let mark = k.mark();
    std::fs::write(&trigger, "").expect("trigger");
    let status = k.wait_exit(STEP);
    assert!(!status.success(), "the kiosk must end non-zero: {status:?}");
    assert_eq!(status.exit_code(), 101, "{status:?}");

    let out = k.output_since(mark);
    // After the panic: bracketed paste off, the alternate screen left, the cursor shown,
    // each after the last time it was turned the other way.
    for (off, on) in [
        (&b"\x1b[?2004l"[..], &b"\x1b[?2004h"[..]),
        (b"\x1b[?1049l", b"\x1b[?1049h"),
        (b"\x1b[?25h", b"\x1b[?25l"),
    ] {
        let all = k.output_since(0);
        let off_at = last(&all, off).unwrap_or_else(|| {
            panic!(
                "{:?} never sent: {:?}",
                String::from_utf8_lossy(off),
                String::from_utf8_lossy(&out)
            )
        });
        assert!(
            last(&all, on).is_none_or(|on_at| on_at < off_at),
            "{:?} is not the last word: {:?}",
            String::from_utf8_lossy(off),
            String::from_utf8_lossy(&out)
        );
    }
    // Then only the one line on stderr: no escape sequence after the cursor is shown,
    // and not the panic's message (it could hold a secret).
    let shown = last(&out, b"\x1b[?25h").expect("cursor shown after the panic");
    let tail = String::from_utf8_lossy(&out[shown + 6..]).into_owned();
    assert!(!tail.contains('\x1b'), "{tail:?}");
    assert!(tail.contains("kiosk: internal error"), "{tail:?}");
    assert!(!tail.contains("injected panic"), "{tail:?}");

    // The terminal is back in cooked mode, echoing.
    let modes = stty(&tty);
    assert!(
        flag_on(&modes, "icanon") && flag_on(&modes, "echo"),
        "{modes}"
    );
    // The alternate screen is gone in the emulator too.
    assert!(!k.alternate_screen());
    std::thread::sleep(Duration::from_millis(10));
}
