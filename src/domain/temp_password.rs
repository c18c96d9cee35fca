//! Temporary passwords the office staff and `kiosk admin temp-password` hand out: readable
//! (groups of four without look-alikes, joined by '-'), fitted to the category's policy, and
//! bounded: a policy no password can meet is an error after a few tries, never a spin.
//! Pure: the random draws come from the caller.

use crate::domain::code::RngError;
use crate::domain::policy::{self, PolicyContext};
use crate::domain::policy::{CategoryPolicy, MAX_PASSWORD_CHARS};
use crate::domain::secret::Secret;
use crate::domain::strength;

const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGIT: &[u8] = b"23456789";
const SYMBOL: &[u8] = b"-+=#";

/// Shortest temporary password made when the policy allows it (readability vs. guessing).
pub const PREFERRED_MIN_LENGTH: usize = 12;

/// Candidates tried before giving up. Each costs one strength estimate (well under a
/// millisecond at these lengths); random candidates fail mostly on the strength score,
/// which a fitting length passes nearly always.
pub const MAX_ATTEMPTS: usize = 64;

/// Why no temporary password was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TempPasswordError {
    #[error(
        "the policy cannot be met: {required} required character classes in at most {max} characters"
    )]
    TooShort { required: usize, max: usize },
    #[error("the policy's min_length is above its max_length")]
    Lengths,
    #[error(
        "min_score {min_score} needs passwords of at least {needs} characters, above max_length {max}"
    )]
    ScoreOutOfReach {
        min_score: u8,
        needs: usize,
        max: usize,
    },
    #[error(
        "no temporary password met the policy in {MAX_ATTEMPTS} tries (min_score {min_score} within {max} characters): lower min_score or raise max_length"
    )]
    NoFit { min_score: u8, max: usize },
    #[error(transparent)]
    Random(#[from] RngError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Lower,
    Upper,
    Digit,
    Symbol,
}

impl Class {
    fn of(c: u8) -> Class {
        if c.is_ascii_lowercase() {
            Class::Lower
        } else if c.is_ascii_uppercase() {
            Class::Upper
        } else if c.is_ascii_digit() {
            Class::Digit
        } else {
            Class::Symbol
        }
    }

    fn alphabet(self) -> &'static [u8] {
        match self {
            Class::Lower => LOWER,
            Class::Upper => UPPER,
            Class::Digit => DIGIT,
            Class::Symbol => SYMBOL,
        }
    }
}

/// The character classes `policy` requires.
fn required_classes(policy: &CategoryPolicy) -> Vec<Class> {
    [
        (policy.require_lowercase, Class::Lower),
        (policy.require_uppercase, Class::Upper),
        (policy.require_digit, Class::Digit),
        (policy.require_symbol, Class::Symbol),
    ]
    .into_iter()
    .filter_map(|(on, class)| on.then_some(class))
    .collect()
}

/// The length a temporary password for `policy` gets: whole groups of four (plus
/// separators) reaching at least [`PREFERRED_MIN_LENGTH`] and `min_length`, cut to
/// `max_length`.
pub fn target_length(policy: &CategoryPolicy) -> usize {
    let want = policy.min_length.max(PREFERRED_MIN_LENGTH);
    // 4 characters per group, a separator between groups: 4, 9, 14, 19, …
    let groups = (want + 1).div_ceil(5);
    (groups * 5 - 1).min(policy.max_length.min(MAX_PASSWORD_CHARS))
}

/// The shortest length at which random candidates reach zxcvbn score `score`: zxcvbn rates
/// an n-character string at no more than about 10^n guesses (brute force), and its score
/// thresholds are 10^3, 10^6, 10^8 and 10^10 guesses; one more character makes random
/// candidates pass nearly always (measured: 299 of 300 at these lengths).
pub fn min_length_for_score(score: u8) -> usize {
    match score {
        0 => 1,
        1 => 4,
        2 => 7,
        3 => 9,
        _ => 11,
    }
}

/// Whether a password can meet `policy`: lengths, required classes, and a strength score
/// reachable within `max_length`. Config validation refuses a policy this refuses.
pub fn check_feasible(policy: &CategoryPolicy) -> Result<(), TempPasswordError> {
    let max = policy.max_length.min(MAX_PASSWORD_CHARS);
    if policy.min_length > max {
        return Err(TempPasswordError::Lengths);
    }
    let required = required_classes(policy).len();
    if required > max {
        return Err(TempPasswordError::TooShort { required, max });
    }
    let needs = min_length_for_score(policy.min_score);
    if needs > max {
        return Err(TempPasswordError::ScoreOutOfReach {
            min_score: policy.min_score,
            needs,
            max,
        });
    }
    Ok(())
}

/// A uniform index below `n` (`n` ≥ 1) from 32-bit draws, without modulo bias.
fn index(draw: &mut impl FnMut() -> Result<u32, RngError>, n: usize) -> Result<usize, RngError> {
    let n = u32::try_from(n).unwrap_or(u32::MAX).max(1);
    let limit = (u32::MAX / n) * n;
    loop {
        let v = draw()?;
        if v < limit {
            return Ok((v % n) as usize);
        }
    }
}

fn pick(draw: &mut impl FnMut() -> Result<u32, RngError>, alphabet: &[u8]) -> Result<u8, RngError> {
    Ok(alphabet[index(draw, alphabet.len())?])
}

/// One candidate of exactly `len` characters holding every class in `required`.
fn candidate(
    draw: &mut impl FnMut() -> Result<u32, RngError>,
    len: usize,
    required: &[Class],
) -> Result<Vec<u8>, RngError> {
    let mut out = Vec::with_capacity(len + 4);
    while out.len() < len {
        if !out.is_empty() {
            out.push(b'-');
        }
        let mut group = [
            pick(draw, LOWER)?,
            pick(draw, UPPER)?,
            pick(draw, DIGIT)?,
            pick(draw, LOWER)?,
        ];
        // Shuffled so the class positions are not predictable.
        for i in (1..group.len()).rev() {
            group.swap(i, index(draw, i + 1)?);
        }
        out.extend_from_slice(&group);
    }
    out.truncate(len);
    // A short cut may have lost a class: put each missing one where a character is spare
    // (its class not required, or present twice). One exists while classes are missing,
    // since `required.len() <= len`.
    for &class in required {
        if out.iter().any(|&c| Class::of(c) == class) {
            continue;
        }
        let spare: Vec<usize> = (0..out.len())
            .filter(|&i| {
                let c = Class::of(out[i]);
                !required.contains(&c) || out.iter().filter(|&&o| Class::of(o) == c).count() > 1
            })
            .collect();
        if spare.is_empty() {
            break;
        }
        let at = spare[index(draw, spare.len())?];
        out[at] = pick(draw, class.alphabet())?;
    }
    Ok(out)
}

/// A temporary password that passes every rule of `policy` for the account of `ctx` (the
/// history rule aside: a fresh random password is not in it), or a clear error. Tries at
/// most [`MAX_ATTEMPTS`] candidates.
pub fn generate(
    policy: &CategoryPolicy,
    ctx: &PolicyContext,
    mut draw: impl FnMut() -> Result<u32, RngError>,
) -> Result<Secret, TempPasswordError> {
    check_feasible(policy)?;
    let len = target_length(policy);
    let required = required_classes(policy);
    for _ in 0..MAX_ATTEMPTS {
        let bytes = candidate(&mut draw, len, &required)?;
        let text: String = bytes.into_iter().map(char::from).collect();
        let score = strength::estimate(&text, &[]).score;
        let checks = policy::evaluate(policy, &text, ctx, Some(score), Some(false));
        if policy::all_pass(&checks) {
            return Ok(Secret::new(text));
        }
    }
    Err(TempPasswordError::NoFit {
        min_score: policy.min_score,
        max: policy.max_length,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::random::{Random, SeededRandom};

    fn draws(seed: u64) -> impl FnMut() -> Result<u32, RngError> {
        let random = SeededRandom::new(seed);
        move || random.next_u32()
    }

    fn policy() -> CategoryPolicy {
        let settings = Settings::defaults();
        let mut p = settings
            .categories
            .values()
            .next()
            .cloned()
            .expect("a default category");
        p.require_lowercase = true;
        p.require_uppercase = true;
        p.require_digit = true;
        p.require_symbol = false;
        p.min_length = 8;
        p.max_length = 128;
        p.blocklist = true;
        p.min_score = 3;
        p
    }

    fn ctx() -> PolicyContext {
        PolicyContext::new("anna.berg", "Anna Berg", "Norra skolan")
    }

    #[test]
    fn long_policies_keep_the_readable_fourteen_characters() {
        let p = generate(&policy(), &ctx(), draws(1)).unwrap();
        assert_eq!(p.chars(), 14);
        assert!(!p.expose().contains(['0', 'O', '1', 'l', 'I']));
        let groups: Vec<&str> = p.expose().split('-').collect();
        assert_eq!(groups.len(), 3);
        let mut long = policy();
        long.min_length = 16;
        assert_eq!(generate(&long, &ctx(), draws(2)).unwrap().chars(), 19);
    }

    #[test]
    fn short_max_lengths_get_a_fitting_password() {
        for max in 8..=13 {
            for seed in 0..20 {
                let mut p = policy();
                p.max_length = max;
                p.min_score = [2, 3, 4]
                    .into_iter()
                    .filter(|&s| min_length_for_score(s) <= max)
                    .max()
                    .unwrap_or(2);
                p.require_symbol = seed % 2 == 0;
                let pw = generate(&p, &ctx(), draws(seed)).unwrap();
                let score = strength::estimate(pw.expose(), &[]).score;
                let checks = policy::evaluate(&p, pw.expose(), &ctx(), Some(score), Some(false));
                assert!(policy::all_pass(&checks), "{max}: {checks:?}");
                assert!(pw.chars() <= max);
            }
        }
    }

    #[test]
    fn tiny_policies_still_get_every_class() {
        let mut p = policy();
        p.min_length = 1;
        p.max_length = 4;
        p.min_score = 0;
        p.blocklist = false;
        p.require_symbol = true;
        for seed in 0..50 {
            let pw = generate(&p, &ctx(), draws(seed)).unwrap();
            let checks = policy::evaluate(&p, pw.expose(), &ctx(), Some(0), Some(false));
            assert!(policy::all_pass(&checks), "{checks:?}");
        }
    }

    #[test]
    fn impossible_policies_fail_clearly_and_quickly() {
        let mut p = policy();
        p.max_length = 2;
        p.min_length = 1;
        assert_eq!(
            generate(&p, &ctx(), draws(1)).unwrap_err(),
            TempPasswordError::TooShort {
                required: 3,
                max: 2
            }
        );
        p.min_length = 3;
        assert_eq!(
            generate(&p, &ctx(), draws(1)).unwrap_err(),
            TempPasswordError::Lengths
        );
        // Strength 4 in 8 characters: no password of that length scores 4.
        let mut weak = policy();
        weak.max_length = 8;
        weak.min_score = 4;
        let err = generate(&weak, &ctx(), draws(1)).unwrap_err();
        assert!(matches!(
            err,
            TempPasswordError::ScoreOutOfReach { needs: 11, .. }
        ));
        assert!(err.to_string().contains("min_score"));
    }

    #[test]
    fn a_source_that_never_passes_ends_after_bounded_tries() {
        // A stuck source makes "A2aa-A2aa-A2aa" every time, which holds the username: a
        // bounded number of tries, then a clear error instead of a spin.
        let mut draws = 0;
        let ctx = PolicyContext::new("a2aa", "Anna Berg", "Norra skolan");
        let err = generate(&policy(), &ctx, || {
            draws += 1;
            Ok(0)
        })
        .unwrap_err();
        assert!(matches!(err, TempPasswordError::NoFit { .. }), "{err}");
        assert!(err.to_string().contains("min_score"));
        assert!(draws < MAX_ATTEMPTS * 100, "{draws}");
    }

    #[test]
    fn the_same_draws_make_the_same_password() {
        let a = generate(&policy(), &ctx(), draws(9)).unwrap();
        let b = generate(&policy(), &ctx(), draws(9)).unwrap();
        assert_eq!(a.expose(), b.expose());
    }
}
