//! The strength meter: latency of `estimate` on ordinary passwords and on the worst inputs we
//! know for zxcvbn (l33t-symbol strings, random text, keyboard walks, digit runs, dates,
//! repeats), then how often its bounded score agrees with zxcvbn's own on a generated sample.
//!
//! `cargo bench --bench strength -- --warm-up-time 1 --measurement-time 3`

// Helpers here are not #[test] fns, which clippy.toml's test allowances do not reach.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group};
use kiosk::domain::strength::{estimate, warm_up};

const L33T: &str = "4@8({[</369&#!1/|0$5+7%2/";

/// The slowest 128-character input a hill-climbing search over l33t symbols, keyboard runs and
/// l33t words found (~7 ms).
const ADVERSARIAL: &str = "4@8zxcvbnm!1|0$5+7%24@80p4ssw0rd|0$528%2@48({[<369!1|qwertyuiop(@@<369!1|05up3rm4n8(%2<369!1|0$5+7%24@8({[<369!1|0p@$$w0rd4|0$5%";

const USER_INPUTS: &[&str] = &[
    "Anna",
    "Svensson",
    "anna.svensson",
    "Rudbeckianska gymnasiet",
];

fn cycle(pattern: &str, chars: usize) -> String {
    pattern.chars().cycle().take(chars).collect()
}

/// A fixed-seed generator, so every run measures the same inputs.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn text(&mut self, alphabet: &str, len: usize) -> String {
        let alphabet: Vec<char> = alphabet.chars().collect();
        (0..len).map(|_| self.pick(&alphabet)).collect()
    }
}

const PRINTABLE: &str = "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

fn cases() -> Vec<(&'static str, String)> {
    let mut rng = XorShift(0x5eed_cafe);
    vec![
        ("08 ordinary", "Sommar24".to_owned()),
        (
            "32 passphrase",
            "Kanelbulle-med-kaffe-på-rasten-9".to_owned(),
        ),
        (
            "64 mixed",
            "Tr0ub4dor&3 correct horse battery staple, sommarlov 2025 i Visby".to_owned(),
        ),
        ("128 random printable", rng.text(PRINTABLE, 128)),
        ("12 worst l33t chunk", "4@({[69!1|7+".to_owned()),
        ("42 l33t symbols", cycle(L33T, 42)),
        ("100 l33t symbols", cycle(L33T, 100)),
        ("128 l33t symbols", cycle(L33T, 128)),
        ("128 adversarial", ADVERSARIAL.to_owned()),
        (
            "128 keyboard walk",
            cycle("1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/", 128),
        ),
        (
            "128 keyboard rows",
            cycle("qwertyuiop1234567890!@#$%^&*()", 128),
        ),
        ("128 one digit", "1".repeat(128)),
        ("128 random digits", rng.text("0123456789", 128)),
        ("128 dates", cycle("1990-12-31 ", 128)),
        ("128 repeated word", cycle("hej", 128)),
        ("128 repeated l33t word", cycle("p@$$w0rd1!", 128)),
        // A leading repeat is priced as zxcvbn prices it (base once, times the copies).
        ("100 repeated date", cycle("1990-12-31 ", 100)),
        ("100 repeated short pattern", cycle("aab", 100)),
        ("127 repeated words", cycle("kanelbulle ", 127)),
        ("128 repeated l33t chunk", cycle("4@({[69!1|7+", 128)),
    ]
}

fn latency(c: &mut Criterion) {
    warm_up();
    let mut group = c.benchmark_group("estimate");
    for (name, password) in cases() {
        group.bench_with_input(BenchmarkId::from_parameter(name), &password, |b, pw| {
            b.iter(|| estimate(black_box(pw), black_box(USER_INPUTS)))
        });
    }
    group.finish();
}

criterion_group!(benches, latency);

/// Passwords like people choose them: built from the shipped common-password list, with
/// capitals, years, symbols, l33t swaps, separators, random text and keyboard runs, 1 to 100
/// characters (zxcvbn reads only 100, so longer ones could not be compared).
fn sample(n: usize) -> Vec<String> {
    let words: Vec<&str> = include_str!("../assets/common-passwords.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && l.chars().all(char::is_alphabetic))
        .collect();
    let runs = [
        "qwertyuiop",
        "!@#$%^&*()",
        "1234567890",
        "19901231",
        "abcabc",
        "1qaz2wsx",
    ];
    let mut rng = XorShift(0x00c0_ffee);
    let capitalise = |w: &str| {
        let mut chars = w.chars();
        chars
            .next()
            .map_or_else(String::new, |f| f.to_uppercase().chain(chars).collect())
    };
    let l33t = |w: &str, rng: &mut XorShift| -> String {
        w.chars()
            .map(|c| match (c, rng.below(3)) {
                ('a', 0) => '@',
                ('a', 1) => '4',
                ('o', 0 | 1) => '0',
                ('s', 0) => '$',
                ('e', 0 | 1) => '3',
                ('i', 0) => '!',
                ('i', 1) => '1',
                ('t', 0) => '+',
                ('l', 0) => '1',
                ('c', 0) => '(',
                (c, _) => c,
            })
            .collect()
    };
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let count = 1 + rng.below(5);
        let password = match rng.below(7) {
            0 => {
                let w = capitalise(rng.pick(&words));
                let year = 1950 + rng.below(80);
                format!("{w}{year}{}", rng.pick(&["", "!", "?", "#", "!!"]))
            }
            1 => (0..count)
                .map(|_| rng.pick(&words))
                .collect::<Vec<_>>()
                .join(rng.pick(&["", " ", "-", "."])),
            2 => (0..count).map(|_| capitalise(rng.pick(&words))).collect(),
            3 => (0..count)
                .map(|_| {
                    let w = l33t(rng.pick(&words), &mut rng);
                    format!(
                        "{w}{}",
                        rng.pick(&["", "!", "#", "(", "$", "%", "+", "2024"])
                    )
                })
                .collect(),
            4 => {
                let len = 6 + rng.below(30);
                rng.text("abcdefghijklmnopqrstuvwxyz0123456789", len)
            }
            5 => {
                let len = 6 + rng.below(20);
                rng.text(PRINTABLE, len)
            }
            _ => (0..count + 2).map(|_| rng.pick(&runs)).collect(),
        };
        if password.chars().count() <= 100 {
            out.push(password);
        }
    }
    out
}

/// Compares `estimate` with zxcvbn itself and prints the agreement.
fn report_accuracy() {
    warm_up();
    let passwords = sample(2000);
    let (mut same, mut identical, mut higher, mut lower) = (0, 0, 0, 0);
    let (mut wrongly_accepted, mut wrongly_refused) = (0, 0);
    let mut slowest = Duration::ZERO;
    for password in &passwords {
        let started = Instant::now();
        let bounded = estimate(password, &[]);
        slowest = slowest.max(started.elapsed());
        let unbounded = zxcvbn::zxcvbn(password, &[]);
        let score = u8::from(unbounded.score());
        match bounded.score.cmp(&score) {
            std::cmp::Ordering::Equal => same += 1,
            std::cmp::Ordering::Greater => higher += 1,
            std::cmp::Ordering::Less => lower += 1,
        }
        if bounded.score == score
            && (bounded.guesses_log10 - unbounded.guesses_log10().max(0.0)).abs() < 1e-9
        {
            identical += 1;
        }
        // A policy asking for "strong" (3) would decide differently.
        wrongly_accepted += usize::from(bounded.score >= 3 && score < 3);
        wrongly_refused += usize::from(bounded.score < 3 && score >= 3);
    }
    let percent = |n: usize| 100.0 * n as f64 / passwords.len() as f64;
    println!(
        "strength accuracy over {} generated passwords (1-100 chars):",
        passwords.len()
    );
    println!("  same score as zxcvbn: {same} ({:.1}%)", percent(same));
    println!(
        "  identical to zxcvbn (score and guesses): {identical} ({:.1}%)",
        percent(identical)
    );
    println!("  score higher: {higher}, lower: {lower}");
    println!(
        "  at a min-strength of 3: {wrongly_accepted} accepted that zxcvbn would refuse, {wrongly_refused} refused that it would accept"
    );
    println!(
        "  slowest estimate in the sample: {:.2} ms",
        slowest.as_secs_f64() * 1e3
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` does not, and skips the slow report.
    if std::env::args().any(|a| a == "--bench") {
        report_accuracy();
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
