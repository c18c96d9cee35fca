//! argon2's memory (19 MiB a hash with the default settings): at most two computations hold
//! it at once, whatever thread asks, and it goes back to the operating system afterwards
//! (glibc would otherwise keep each thread's buffer in that thread's arena). One test in its
//! own binary: it reads this process's /proc/self/status.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use kiosk::config::HashingSettings;
use kiosk::crypto::{ARGON2_AT_ONCE, PasswordHasher, argon2_running};
use kiosk::domain::secret::Secret;

const MIB: u64 = 1024 * 1024;

/// A field of /proc/self/status in bytes (VmRSS: resident now, VmHWM: the most ever).
fn status(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{field}:")))
        .unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

#[test]
fn argon2_memory_is_shared_by_two_at_most_and_given_back() {
    let hasher = PasswordHasher::new(&HashingSettings {
        memory_kib: 19456,
        iterations: 2,
        parallelism: 1,
    })
    .unwrap();
    let stored = hasher.hash(&Secret::new("old password")).unwrap();
    let history = vec![stored.clone(); 3];
    let (rss_before, hwm_before) = (status("VmRSS"), status("VmHWM"));

    let most = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                most.fetch_max(argon2_running(), Ordering::Relaxed);
                std::thread::yield_now();
            }
        });
        let workers: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    let pw = Secret::new("new password");
                    hasher.hash(&pw).unwrap();
                    hasher.verify(&stored, &pw).unwrap();
                    hasher.verify_dummy(&pw);
                    assert!(!hasher.matches_any(&pw, &history).unwrap());
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Relaxed);
    });

    let most = most.load(Ordering::Relaxed);
    assert!((1..=ARGON2_AT_ONCE).contains(&most), "{most} at once");
    assert_eq!(argon2_running(), 0);
    // Eight threads each kept 19 MiB before; now nothing stays, and the peak is two buffers.
    let (rss_after, hwm_after) = (status("VmRSS"), status("VmHWM"));
    assert!(
        rss_after < rss_before + 8 * MIB,
        "resident grew from {} to {} MiB",
        rss_before / MIB,
        rss_after / MIB
    );
    assert!(
        hwm_after < hwm_before + (ARGON2_AT_ONCE as u64 * 19 + 8) * MIB,
        "peak grew from {} to {} MiB",
        hwm_before / MIB,
        hwm_after / MIB
    );
}
