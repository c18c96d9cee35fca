//! argon2id with the configured parameters: one hash, one verify, and the history check at
//! depth 24 (two threads with reused memory) against checking the same 24 serially.

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use kiosk::config::Settings;
use kiosk::crypto::{PasswordHasher, Verification};
use kiosk::domain::secret::Secret;

fn hashing(c: &mut Criterion) {
    let settings = Settings::defaults();
    let hasher = PasswordHasher::new(&settings.hashing).expect("hasher");
    let pw = Secret::password("Vinter Sol Blåbär 88");
    let phc = hasher.hash(&pw).expect("hash");
    let history: Vec<String> = (0..24)
        .map(|i| {
            hasher
                .hash(&Secret::new(format!("old password {i}")))
                .expect("hash")
        })
        .collect();

    let mut g = c.benchmark_group("argon2id");
    g.sample_size(20);
    g.bench_function("hash", |b| b.iter(|| hasher.hash(&pw).expect("hash")));
    g.bench_function("verify", |b| {
        b.iter(|| {
            assert!(matches!(
                hasher.verify(&phc, &pw),
                Ok(Verification::Match { .. })
            ))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("history_depth_24");
    g.sample_size(10);
    g.bench_function("parallel", |b| {
        b.iter(|| assert!(!hasher.matches_any(&pw, &history).expect("check")))
    });
    g.bench_function("serial", |b| {
        b.iter(|| {
            let hit = history
                .iter()
                .any(|h| matches!(hasher.verify(h, &pw), Ok(Verification::Match { .. })));
            assert!(!hit);
        })
    });
    g.finish();
}

criterion_group!(benches, hashing);
criterion_main!(benches);
