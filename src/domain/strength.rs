//! Password strength: zxcvbn behind a work bound, with its feedback turned into our own
//! message keys.
//!
//! zxcvbn's matching grows with the square of the length and, worse, with every l33t symbol it
//! could read as a letter (it reruns the whole dictionary match once per substitution table):
//! some 100-character inputs take about a second, and the meter re-estimates on every key
//! press. So a password whose predicted work is too large is estimated in chunks, and the
//! chunks' match sequences are priced as zxcvbn prices one sequence. Estimation stops once the
//! top score is reached or the work budget is spent; the latter can only understate strength.
//! `benches/strength.rs` measures the latency and compares the scores with zxcvbn's own.

use std::collections::HashMap;

use zxcvbn::Match;
use zxcvbn::feedback::{Feedback, Suggestion, Warning};
use zxcvbn::matching::patterns::MatchPattern;

/// Every password of at most this many characters gets exactly zxcvbn's verdict, whatever it
/// contains; ordinary ones (few l33t symbols) up to about 70 characters do too.
const EXACT_UP_TO_CHARS: usize = 12;

/// zxcvbn counts guesses in a saturating u64: log10(u64::MAX).
const MAX_GUESSES_LOG10: f64 = 19.265_919_722_494_793;

/// log10 of the guesses at which zxcvbn gives its top score, 4.
const TOP_SCORE_LOG10: f64 = 10.0;

/// The symbols zxcvbn can read as more than one letter ('1' as i or l, '7' as l or t, ...) or
/// that share a letter with another symbol ('(' '{' '[' '<' are all c). Each one multiplies the
/// substitution tables zxcvbn tries, and it runs the whole dictionary match once per table.
const MULTI_READING_SYMBOLS: [char; 15] = [
    '4', '@', '(', '{', '[', '<', '6', '9', '!', '1', '|', '7', '$', '5', '+',
];

/// The most substitution tables zxcvbn 3.1 tries for a text holding `d` distinct
/// [`MULTI_READING_SYMBOLS`], indexed by `d` (found by running a port of zxcvbn's enumeration
/// over every subset). zxcvbn's other symbols (8 3 0 % 2) have one reading and do not multiply.
const MAX_SUBSTITUTION_TABLES: [u64; 16] = [
    1, 2, 6, 10, 18, 25, 36, 54, 75, 108, 150, 216, 300, 432, 600, 800,
];

/// zxcvbn's work on an n-character text is about n² × (BASE_WORK + substitution tables): one
/// table's dictionary pass costs about an eighth of everything else (measured).
const BASE_WORK: u64 = 8;

/// The most work one zxcvbn call may do: that of the worst 12-character password, ~5 ms in a
/// release build.
const CHUNK_WORK: u64 = zxcvbn_work(EXACT_UP_TO_CHARS, EXACT_UP_TO_CHARS);

/// The most work one estimate may do. Past it the rest of the password is left uncounted,
/// which can only understate its strength.
const TOTAL_WORK: u64 = 3 * CHUNK_WORK;

/// How hard a password is to guess, with advice when it is weak.
#[derive(Clone, Debug, PartialEq)]
pub struct Strength {
    /// zxcvbn's score, 0 (very weak) to 4 (very strong).
    pub score: u8,
    /// log10 of the estimated guesses; never negative. Estimation stops at 10 (the top score),
    /// so larger values are lower bounds.
    pub guesses_log10: f64,
    /// i18n key of what is wrong (e.g. "zx-warn-top10"); only for scores below 3.
    pub warning: Option<&'static str>,
    /// i18n keys of advice (e.g. "zx-sugg-add-another-word"); only for scores below 3.
    pub suggestions: Vec<&'static str>,
}

/// Every message key [`estimate`] can return, for the i18n completeness test.
pub const FEEDBACK_KEYS: &[&str] = &[
    "zx-warn-straight-row",
    "zx-warn-keyboard-pattern",
    "zx-warn-repeated-char",
    "zx-warn-repeated-pattern",
    "zx-warn-top10",
    "zx-warn-top100",
    "zx-warn-common",
    "zx-warn-similar-to-common",
    "zx-warn-sequence",
    "zx-warn-recent-year",
    "zx-warn-single-word",
    "zx-warn-date",
    "zx-warn-name-alone",
    "zx-warn-common-name",
    "zx-sugg-use-few-words",
    "zx-sugg-no-need-for-symbols",
    "zx-sugg-add-another-word",
    "zx-sugg-capitalization",
    "zx-sugg-all-uppercase",
    "zx-sugg-reversed-words",
    "zx-sugg-predictable-substitutions",
    "zx-sugg-longer-keyboard-pattern",
    "zx-sugg-avoid-repeats",
    "zx-sugg-avoid-sequences",
    "zx-sugg-avoid-recent-years",
    "zx-sugg-avoid-personal-years",
    "zx-sugg-avoid-personal-dates",
];

/// Estimates how hard `password` is to guess. `user_inputs` are words an attacker would try
/// first: the student's names, username, the school's name.
///
/// Bounded in work for any input (see the module documentation): a few milliseconds for 128
/// characters in a release build.
pub fn estimate(password: &str, user_inputs: &[&str]) -> Strength {
    let chars: Vec<char> = password.chars().collect();
    let (first_end, _) = next_chunk(&chars, 0);
    if first_end == chars.len() {
        // zxcvbn alone is cheap enough: take its verdict as it is.
        let entropy = zxcvbn::zxcvbn(password, user_inputs);
        let score = u8::from(entropy.score());
        return Strength::new(score, entropy.guesses_log10(), entropy.feedback());
    }
    if let Some(strength) =
        estimate_repeat(&chars[..chars.len().min(ZXCVBN_MAX_CHARS)], user_inputs)
    {
        return strength;
    }
    estimate_in_chunks(password, &chars, user_inputs)
}

/// zxcvbn reads only the first 100 characters of a password.
const ZXCVBN_MAX_CHARS: usize = 100;

/// A password that starts with a repeat ("1990-12-31 1990-12-31 …", "aabaab…"), priced as
/// zxcvbn prices it: its repeat matcher's match at the start (the longer of a greedy and a lazy
/// `(.+)\1+`), worth the base token's guesses times the copies, then the rest. The base and the
/// rest are short, so this costs two small estimates instead of a chunked one that would cut
/// the repeat apart. `None` when the text does not start with a repeat or the rest is too
/// dear for one zxcvbn call.
fn estimate_repeat(chars: &[char], user_inputs: &[&str]) -> Option<Strength> {
    let (base_len, copies) = repeat_at_start(chars)?;
    let covered = base_len * copies;
    let rest = &chars[covered..];
    if next_chunk(rest, 0).0 < rest.len() || next_chunk(chars, 0).0 < base_len {
        return None;
    }
    let base: String = chars[..base_len].iter().collect();
    // The base token's guesses, as zxcvbn scores it alone.
    let base_log10 = zxcvbn::zxcvbn(&base, user_inputs).guesses_log10().max(0.0);
    let repeat_log10 = (base_log10 + (copies as f64).log10()).max(submatch_min_log10(covered));
    let priced = |rest: &[Match]| {
        let mut price = SequencePrice::default();
        price.add_log10(repeat_log10, false);
        for m in rest {
            let guesses = (m.guesses.unwrap_or(1).max(1) as f64).log10();
            price.add_log10(
                guesses.max(submatch_min_log10(m.j + 1 - m.i)),
                matches!(m.pattern, MatchPattern::BruteForce),
            );
        }
        price.log10()
    };
    let guesses_log10 = if rest.is_empty() {
        priced(&[])
    } else {
        // zxcvbn's best of many ways to read the rest; of those we can see, the cheapest.
        // Random characters always fit:
        let mut price = SequencePrice::default();
        price.add_log10(repeat_log10, false);
        price.add_log10(
            (rest.len() as f64).max(submatch_min_log10(rest.len()) + 0.01),
            true,
        );
        let as_random = price.log10();
        // zxcvbn's own reading of the rest after two copies of the base, where its matchers
        // see the same neighbours as in the whole password; else of the rest alone.
        let two_copies: String = chars[covered - 2 * base_len..].iter().collect();
        let seen = if next_chunk(&chars[covered - 2 * base_len..], 0).0
            == chars.len() - (covered - 2 * base_len)
        {
            let entropy = zxcvbn::zxcvbn(&two_copies, user_inputs);
            match entropy.sequence() {
                [first, after @ ..]
                    if first.i == 0
                        && first.j + 1 == 2 * base_len
                        && matches!(first.pattern, MatchPattern::Repeat(_)) =>
                {
                    Some(priced(after))
                }
                _ => None,
            }
        } else {
            None
        };
        let seen = seen.unwrap_or_else(|| {
            let rest: String = rest.iter().collect();
            priced(zxcvbn::zxcvbn(&rest, user_inputs).sequence())
        });
        as_random.min(seen)
    };
    let guesses_log10 = guesses_log10.min(MAX_GUESSES_LOG10);
    let score = score_from_log10(guesses_log10);
    // zxcvbn's advice follows its longest match, here the repeat.
    let (warning, suggestions) = if score < 3 {
        let warning = if base_len == 1 {
            Warning::RepeatsLikeAaaAreEasyToGuess
        } else {
            Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess
        };
        (
            Some(warning_key(warning)),
            vec![
                suggestion_key(Suggestion::AddAnotherWordOrTwo),
                suggestion_key(Suggestion::AvoidRepeatedWordsAndCharacters),
            ],
        )
    } else {
        (None, Vec::new())
    };
    Some(Strength {
        score,
        guesses_log10: guesses_log10.max(0.0),
        warning,
        suggestions,
    })
}

/// log10 of the fewest guesses zxcvbn gives a match shorter than the password: 10 for one
/// character, else 50.
fn submatch_min_log10(len: usize) -> f64 {
    if len == 1 { 1.0 } else { 50f64.log10() }
}

/// zxcvbn's repeat match at the start of `chars`, as (base token length, copies): of the
/// greedy `(.+)\1+` and the lazy `(.+?)\1+`, the longer (the lazy on a tie); a greedy match's
/// base is its shortest root. `None` when the text does not start with a repeat.
fn repeat_at_start(chars: &[char]) -> Option<(usize, usize)> {
    let n = chars.len();
    let doubled = |len: usize| chars[..len] == chars[len..2 * len];
    let copies_of = |len: usize| {
        chars
            .chunks_exact(len)
            .take_while(|&copy| copy == &chars[..len])
            .count()
    };
    let lazy = (1..=n / 2).find(|&len| doubled(len))?;
    let lazy_covered = lazy * copies_of(lazy);
    let greedy = (1..=n / 2).rev().find(|&len| doubled(len))?;
    let greedy_covered = greedy * copies_of(greedy);
    if greedy_covered > lazy_covered {
        let root = (1..=greedy_covered).find(|&len| {
            greedy_covered % len == 0 && chars[..greedy_covered - len] == chars[len..greedy_covered]
        })?;
        Some((root, greedy_covered / root))
    } else {
        Some((lazy, copies_of(lazy)))
    }
}

/// The i18n key naming a score, e.g. "strength-fair" for 2. Scores above 4 read as 4.
pub fn score_label_key(score: u8) -> &'static str {
    match score {
        0 => "strength-very-weak",
        1 => "strength-weak",
        2 => "strength-fair",
        3 => "strength-strong",
        _ => "strength-very-strong",
    }
}

/// Loads zxcvbn's dictionaries (~20 ms, once per process; they stay) so that the first key
/// press does not pay for it. Call it off the UI thread when someone starts at the kiosk.
pub fn warm_up() {
    let _ = estimate("warm-up", &[]);
}

fn estimate_in_chunks(password: &str, chars: &[char], user_inputs: &[&str]) -> Strength {
    let byte_offsets: Vec<usize> = password
        .char_indices()
        .map(|(b, _)| b)
        .chain([password.len()])
        .collect();
    let mut price = SequencePrice::default();
    let mut first_feedback = None;
    let mut seen: HashMap<&str, u32> = HashMap::new();
    let mut work_done = 0;
    let mut start = 0;
    while start < chars.len() && price.log10() < TOP_SCORE_LOG10 {
        let (mut end, work) = next_chunk(chars, start);
        let chunk = &password[byte_offsets[start]..byte_offsets[end]];
        let count = seen.entry(chunk).or_insert(0);
        *count += 1;
        if *count > 1 {
            // zxcvbn prices n repeats of a token at n times the token's guesses; a repeat needs
            // no second estimate.
            price.add_repeat(*count);
            start = end;
            continue;
        }
        work_done += work;
        if work_done > TOTAL_WORK {
            break;
        }
        let entropy = zxcvbn::zxcvbn(chunk, user_inputs);
        let mut sequence = entropy.sequence();
        let mut extra_copies = 0;
        if end < chars.len() {
            // The chunk's last matches may be a word cut in two, which zxcvbn would take for
            // random characters: hand those in the chunk's second half to the next chunk, where
            // they are whole.
            let half = (end - start) / 2;
            if let Some(kept) = sequence.iter().rposition(|m| m.i < half).map(|k| k + 1)
                && kept < sequence.len()
            {
                end = start + sequence[kept].i;
                sequence = &sequence[..kept];
            }
            // A repeat ("hejhejhej…") may run on past the chunk: count its further copies here,
            // as zxcvbn would, rather than price each chunk of it as a new token.
            if let [.., last] = sequence
                && let MatchPattern::Repeat(repeat) = &last.pattern
            {
                let token: Vec<char> = repeat.base_token.chars().collect();
                extra_copies = whole_copies_at_start(&chars[end..], &token);
                end += extra_copies * token.len();
            }
        }
        price.add_matches(sequence, extra_copies);
        if start == 0 {
            first_feedback = entropy.feedback().cloned();
        }
        start = end;
    }
    let guesses_log10 = price.log10();
    Strength::new(
        score_from_log10(guesses_log10),
        guesses_log10,
        first_feedback.as_ref(),
    )
}

impl Strength {
    fn new(score: u8, guesses_log10: f64, feedback: Option<&Feedback>) -> Self {
        // zxcvbn only gives feedback below 3; keep that rule for chunked estimates too.
        let feedback = feedback.filter(|_| score < 3);
        Strength {
            score,
            // The empty password has -inf; the meter wants a plain number.
            guesses_log10: guesses_log10.clamp(0.0, MAX_GUESSES_LOG10),
            warning: feedback.and_then(Feedback::warning).map(warning_key),
            suggestions: feedback
                .map(|f| {
                    f.suggestions()
                        .iter()
                        .copied()
                        .map(suggestion_key)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// zxcvbn's thresholds: fewer than 10^3 guesses scores 0, 10^6 → 1, 10^8 → 2, 10^10 → 3.
fn score_from_log10(guesses_log10: f64) -> u8 {
    if guesses_log10 < 3.0 {
        0
    } else if guesses_log10 < 6.0 {
        1
    } else if guesses_log10 < 8.0 {
        2
    } else if guesses_log10 < TOP_SCORE_LOG10 {
        3
    } else {
        4
    }
}

/// The longest chunk from `start` whose predicted zxcvbn work fits [`CHUNK_WORK`]: its end (a
/// char index) and its work. Never empty.
fn next_chunk(chars: &[char], start: usize) -> (usize, u64) {
    let mut symbols_seen = [false; MULTI_READING_SYMBOLS.len()];
    let mut symbols = 0;
    let mut work = 0;
    for (end, c) in chars.iter().enumerate().skip(start) {
        let new_symbol = MULTI_READING_SYMBOLS
            .iter()
            .position(|s| s == c)
            .filter(|&k| !symbols_seen[k]);
        let work_with_c = zxcvbn_work(end + 1 - start, symbols + usize::from(new_symbol.is_some()));
        if work_with_c > CHUNK_WORK && end > start {
            return (end, work);
        }
        if let Some(k) = new_symbol {
            symbols_seen[k] = true;
            symbols += 1;
        }
        work = work_with_c;
    }
    (chars.len(), work)
}

/// How many whole copies of `token` `text` starts with.
fn whole_copies_at_start(text: &[char], token: &[char]) -> usize {
    if token.is_empty() {
        return 0;
    }
    text.chunks_exact(token.len())
        .take_while(|&copy| copy == token)
        .count()
}

/// zxcvbn's predicted work on `chars` characters holding `symbols` distinct
/// [`MULTI_READING_SYMBOLS`], in units of one dictionary lookup.
const fn zxcvbn_work(chars: usize, symbols: usize) -> u64 {
    let n = chars as u64;
    let tables = if symbols < MAX_SUBSTITUTION_TABLES.len() {
        MAX_SUBSTITUTION_TABLES[symbols]
    } else {
        MAX_SUBSTITUTION_TABLES[MAX_SUBSTITUTION_TABLES.len() - 1]
    };
    n * n * (BASE_WORK + tables)
}

/// zxcvbn's price of a match sequence, built up chunk by chunk: m! × (product of the matches'
/// guesses) + 10000^(m − 1), where m is the number of matches.
#[derive(Default)]
struct SequencePrice {
    matches: u32,
    product_log10: f64,
    ends_in_bruteforce: bool,
}

impl SequencePrice {
    /// Adds a chunk's matches; its last match, a repeat, has `extra_copies` more copies.
    fn add_matches(&mut self, sequence: &[Match], extra_copies: usize) {
        for (k, m) in sequence.iter().enumerate() {
            let bruteforce = matches!(m.pattern, MatchPattern::BruteForce);
            // zxcvbn would have made one bruteforce match of two that meet at a chunk boundary;
            // their guesses (10^length) multiply either way.
            if !(k == 0 && bruteforce && self.ends_in_bruteforce) {
                self.matches += 1;
            }
            self.product_log10 += match &m.pattern {
                MatchPattern::Repeat(repeat) if k + 1 == sequence.len() && extra_copies > 0 => {
                    let copies = (repeat.repeat_count + extra_copies) as f64;
                    (repeat.base_guesses.max(1) as f64).log10() + copies.log10()
                }
                _ => (m.guesses.unwrap_or(1).max(1) as f64).log10(),
            };
            self.ends_in_bruteforce = bruteforce;
        }
    }

    /// Adds one match worth 10^`guesses_log10` guesses.
    fn add_log10(&mut self, guesses_log10: f64, bruteforce: bool) {
        if !(bruteforce && self.ends_in_bruteforce) {
            self.matches += 1;
        }
        self.product_log10 += guesses_log10;
        self.ends_in_bruteforce = bruteforce;
    }

    /// Adds the `count`th copy of an earlier chunk.
    fn add_repeat(&mut self, count: u32) {
        let n = f64::from(count);
        self.product_log10 += (n / (n - 1.0)).log10();
    }

    fn log10(&self) -> f64 {
        let factorial_log10: f64 = (2..=self.matches).map(|k| f64::from(k).log10()).sum();
        let additive_log10 = 4.0 * f64::from(self.matches.saturating_sub(1));
        log10_of_sum(factorial_log10 + self.product_log10, additive_log10)
    }
}

/// log10(10^a + 10^b) without overflowing.
fn log10_of_sum(a: f64, b: f64) -> f64 {
    let (high, low) = if a >= b { (a, b) } else { (b, a) };
    high + (1.0 + 10f64.powf(low - high)).log10()
}

// No wildcard arms: a new zxcvbn variant must fail to compile until it has a key and
// translations.
fn warning_key(warning: Warning) -> &'static str {
    match warning {
        Warning::StraightRowsOfKeysAreEasyToGuess => "zx-warn-straight-row",
        Warning::ShortKeyboardPatternsAreEasyToGuess => "zx-warn-keyboard-pattern",
        Warning::RepeatsLikeAaaAreEasyToGuess => "zx-warn-repeated-char",
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => "zx-warn-repeated-pattern",
        Warning::ThisIsATop10Password => "zx-warn-top10",
        Warning::ThisIsATop100Password => "zx-warn-top100",
        Warning::ThisIsACommonPassword => "zx-warn-common",
        Warning::ThisIsSimilarToACommonlyUsedPassword => "zx-warn-similar-to-common",
        Warning::SequencesLikeAbcAreEasyToGuess => "zx-warn-sequence",
        Warning::RecentYearsAreEasyToGuess => "zx-warn-recent-year",
        Warning::AWordByItselfIsEasyToGuess => "zx-warn-single-word",
        Warning::DatesAreOftenEasyToGuess => "zx-warn-date",
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => "zx-warn-name-alone",
        Warning::CommonNamesAndSurnamesAreEasyToGuess => "zx-warn-common-name",
    }
}

fn suggestion_key(suggestion: Suggestion) -> &'static str {
    match suggestion {
        Suggestion::UseAFewWordsAvoidCommonPhrases => "zx-sugg-use-few-words",
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => "zx-sugg-no-need-for-symbols",
        Suggestion::AddAnotherWordOrTwo => "zx-sugg-add-another-word",
        Suggestion::CapitalizationDoesntHelpVeryMuch => "zx-sugg-capitalization",
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => "zx-sugg-all-uppercase",
        Suggestion::ReversedWordsArentMuchHarderToGuess => "zx-sugg-reversed-words",
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => "zx-sugg-predictable-substitutions",
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => "zx-sugg-longer-keyboard-pattern",
        Suggestion::AvoidRepeatedWordsAndCharacters => "zx-sugg-avoid-repeats",
        Suggestion::AvoidSequences => "zx-sugg-avoid-sequences",
        Suggestion::AvoidRecentYears => "zx-sugg-avoid-recent-years",
        Suggestion::AvoidYearsThatAreAssociatedWithYou => "zx-sugg-avoid-personal-years",
        Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => "zx-sugg-avoid-personal-dates",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// zxcvbn's own verdict, in our terms.
    fn unbounded(password: &str) -> Strength {
        let entropy = zxcvbn::zxcvbn(password, &[]);
        Strength::new(
            u8::from(entropy.score()),
            entropy.guesses_log10(),
            entropy.feedback(),
        )
    }

    fn repeat(pattern: &str, chars: usize) -> String {
        pattern.chars().cycle().take(chars).collect()
    }

    /// Deterministic strings over `alphabet`, so the test needs no random seed to reproduce.
    fn pseudo_random(alphabet: &str, len: usize, seed: &mut u64) -> String {
        let alphabet: Vec<char> = alphabet.chars().collect();
        (0..len)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                alphabet[(*seed % alphabet.len() as u64) as usize]
            })
            .collect()
    }

    #[test]
    fn short_passwords_get_exactly_zxcvbns_verdict() {
        let mut cases: Vec<String> = [
            "a",
            "password",
            "P@ssw0rd",
            "Sommar2024!",
            "qwerty123",
            "hejhejhejhej",
            "19901231",
            // The slowest 12-character input found: every l33t symbol with two readings.
            "4@({[69!1|7+",
            "Tr0ub4dor&3",
        ]
        .map(String::from)
        .to_vec();
        let mut seed = 0x5eed;
        for len in 1..=EXACT_UP_TO_CHARS {
            cases.push(pseudo_random("4@8({[<369!1|0$5+7%2aeoislt", len, &mut seed));
            cases.push(pseudo_random(
                "abcdefghijklmnopqrstuvwxyz0123456789",
                len,
                &mut seed,
            ));
        }
        for password in &cases {
            assert_eq!(estimate(password, &[]), unbounded(password), "{password:?}");
        }
    }

    #[test]
    fn password_is_very_weak_with_a_warning() {
        let strength = estimate("password", &[]);
        assert_eq!(strength.score, 0);
        assert_eq!(strength.warning, Some("zx-warn-top10"));
        assert!(strength.suggestions.contains(&"zx-sugg-add-another-word"));
    }

    #[test]
    fn a_passphrase_is_very_strong_without_feedback() {
        let strength = estimate("Kanelbulle med kaffe på rasten", &[]);
        assert_eq!(strength.score, 4);
        assert_eq!(strength.warning, None);
        assert!(strength.suggestions.is_empty());
    }

    #[test]
    fn the_empty_password_scores_zero() {
        let strength = estimate("", &[]);
        assert_eq!(strength.score, 0);
        assert_eq!(strength.guesses_log10, 0.0);
    }

    #[test]
    fn user_inputs_weaken_a_password_built_from_them() {
        let without = estimate("annasvensson2009", &[]);
        let with = estimate("annasvensson2009", &["Anna", "Svensson", "anna.svensson"]);
        assert!(with.guesses_log10 < without.guesses_log10);
    }

    #[test]
    fn pathological_inputs_are_chunked_and_scored() {
        let l33t = "4@8({[</369&#!1/|0$5+7%2/";
        let mut seed = 7;
        let strong = [
            repeat(l33t, 128),
            repeat(l33t, 100),
            repeat(l33t, 42),
            pseudo_random(
                "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
                128,
                &mut seed,
            ),
            repeat("4@({[<69!1|7$5+x", 128),
        ];
        for password in &strong {
            let chars: Vec<char> = password.chars().collect();
            assert!(
                next_chunk(&chars, 0).0 < chars.len(),
                "not chunked: {password:?}"
            );
            assert_eq!(estimate(password, &[]).score, 4, "{password:?}");
        }
        let weak = [
            "1".repeat(128),
            "!".repeat(128),
            repeat("1!|", 128),
            repeat("p@$$w0rd", 128),
            repeat("hej", 128),
            repeat("19901231", 128),
        ];
        for password in &weak {
            assert!(estimate(password, &[]).score < 3, "{password:?}");
        }
    }

    #[test]
    fn chunked_estimates_follow_zxcvbn_on_long_patterns() {
        // zxcvbn reads only 100 characters, so compare at 100.
        for pattern in [
            "hej",
            ".-_",
            "aAbBcCdDeE",
            "p@$$w0rd1!",
            "Sommar2024!",
            "1!|",
            "0987654321",
            "1990-12-31 ",
        ] {
            let password = repeat(pattern, 100);
            let chars: Vec<char> = password.chars().collect();
            assert!(
                next_chunk(&chars, 0).0 < chars.len(),
                "not chunked: {password:?}"
            );
            let (bounded, unbounded) = (estimate(&password, &[]), unbounded(&password));
            assert!(
                bounded.score.abs_diff(unbounded.score) <= 1
                    && (bounded.guesses_log10 - unbounded.guesses_log10).abs() < 1.0,
                "{password:?}: {bounded:?} vs {unbounded:?}"
            );
        }
    }

    #[test]
    fn repeats_agree_with_zxcvbn_from_20_to_128_chars() {
        // zxcvbn reads the first 100 characters, so past 100 its verdict stays that of 100.
        let dates = ["1990-12-31 ", "31/12/1990,", "19901231", "2024-01-01"];
        let words = ["hej", "sommar", "kanelbulle ", "password1", "Sommar2024!"];
        let short = ["aab", "ab", "xyz", "abc1", "a"];
        let lengths = (20..=128).step_by(3).chain([99, 100, 101, 128]);
        for length in lengths {
            for pattern in dates.iter().chain(&words).chain(&short) {
                let password = repeat(pattern, length);
                let (bounded, zxcvbn) = (estimate(&password, &[]), unbounded(&password));
                assert_eq!(
                    bounded.score, zxcvbn.score,
                    "{password:?}: {bounded:?} vs {zxcvbn:?}"
                );
                // Never above zxcvbn (within float rounding).
                assert!(
                    bounded.guesses_log10 <= zxcvbn.guesses_log10 + 1e-9,
                    "{password:?}: {bounded:?} vs {zxcvbn:?}"
                );
            }
        }
    }

    #[test]
    fn the_repeat_at_the_start_is_zxcvbns() {
        // (text, base length, copies) as zxcvbn's repeat matcher reads them.
        for (text, base, copies) in [
            ("aaaaa", 1, 5),
            ("aabaab", 3, 2),
            ("aabaabaabaa", 3, 3),
            ("hejhejhe", 3, 2),
            ("abab", 2, 2),
        ] {
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(repeat_at_start(&chars), Some((base, copies)), "{text}");
        }
        let chars: Vec<char> = "abcabd".chars().collect();
        assert_eq!(repeat_at_start(&chars), None);
        // Greedy beats lazy: 16 copies of "aab" (48) against "aa" (2), base "aab".
        let chars: Vec<char> = repeat("aab", 100).chars().collect();
        assert_eq!(repeat_at_start(&chars), Some((3, 32)));
    }

    #[test]
    fn chunks_are_never_empty_and_cover_the_text() {
        let text: Vec<char> = repeat("4@({[<69!1|7$5+abc", 128).chars().collect();
        let mut start = 0;
        while start < text.len() {
            let (end, work) = next_chunk(&text, start);
            assert!(end > start && work <= CHUNK_WORK);
            start = end;
        }
    }

    #[test]
    fn feedback_keys_are_exactly_the_mapped_ones() {
        use Suggestion as S;
        use Warning as W;
        let warnings = [
            W::StraightRowsOfKeysAreEasyToGuess,
            W::ShortKeyboardPatternsAreEasyToGuess,
            W::RepeatsLikeAaaAreEasyToGuess,
            W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
            W::ThisIsATop10Password,
            W::ThisIsATop100Password,
            W::ThisIsACommonPassword,
            W::ThisIsSimilarToACommonlyUsedPassword,
            W::SequencesLikeAbcAreEasyToGuess,
            W::RecentYearsAreEasyToGuess,
            W::AWordByItselfIsEasyToGuess,
            W::DatesAreOftenEasyToGuess,
            W::NamesAndSurnamesByThemselvesAreEasyToGuess,
            W::CommonNamesAndSurnamesAreEasyToGuess,
        ];
        let suggestions = [
            S::UseAFewWordsAvoidCommonPhrases,
            S::NoNeedForSymbolsDigitsOrUppercaseLetters,
            S::AddAnotherWordOrTwo,
            S::CapitalizationDoesntHelpVeryMuch,
            S::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase,
            S::ReversedWordsArentMuchHarderToGuess,
            S::PredictableSubstitutionsDontHelpVeryMuch,
            S::UseALongerKeyboardPatternWithMoreTurns,
            S::AvoidRepeatedWordsAndCharacters,
            S::AvoidSequences,
            S::AvoidRecentYears,
            S::AvoidYearsThatAreAssociatedWithYou,
            S::AvoidDatesAndYearsThatAreAssociatedWithYou,
        ];
        let mut mapped: Vec<&str> = warnings.into_iter().map(warning_key).collect();
        mapped.extend(suggestions.into_iter().map(suggestion_key));
        mapped.sort_unstable();
        let mut listed = FEEDBACK_KEYS.to_vec();
        listed.sort_unstable();
        assert_eq!(mapped, listed);
        assert!(listed.windows(2).all(|w| w[0] != w[1]), "duplicate key");
    }

    #[test]
    fn score_labels() {
        let labels: Vec<&str> = (0..=5).map(score_label_key).collect();
        assert_eq!(
            labels,
            [
                "strength-very-weak",
                "strength-weak",
                "strength-fair",
                "strength-strong",
                "strength-very-strong",
                "strength-very-strong",
            ]
        );
    }

    #[test]
    fn scores_follow_zxcvbns_thresholds() {
        let scores: Vec<u8> = [0.0, 2.9, 3.0, 5.9, 6.0, 7.9, 8.0, 9.9, 10.0, 19.0]
            .into_iter()
            .map(score_from_log10)
            .collect();
        assert_eq!(scores, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    }
}
