//! Password strength: zxcvbn behind a work bound, with its feedback turned into our own
//! message keys.
//!
//! zxcvbn's matching grows with the square of the length and, worse, with every l33t symbol it
//! could read as a letter (it retries the whole dictionary once per substitution table): some
//! 100-character inputs take over a second, and the meter re-estimates on every key press. So a
//! password whose predicted work is too large is estimated in chunks, and the chunks' match
//! sequences are priced as zxcvbn prices one sequence. We stop once the top score is reached or
//! the work budget is spent; both can only leave the strength understated, never overstated.

use std::collections::HashMap;

use zxcvbn::Match;
use zxcvbn::feedback::{Feedback, Suggestion, Warning};
use zxcvbn::matching::patterns::MatchPattern;

/// Every password of at most this many characters gets exactly zxcvbn's verdict, whatever it
/// contains; ordinary ones (few l33t symbols) up to about 70 characters do too.
pub const EXACT_UP_TO_CHARS: usize = 12;

/// log10 of the guesses at which zxcvbn gives its top score, 4.
const TOP_SCORE_LOG10: f64 = 10.0;

/// The symbols zxcvbn can read as more than one letter ('1' as i or l, '7' as l or t, ...) or
/// that share a letter with another symbol ('(' '{' '[' '<' are all c). Each one multiplies the
/// substitution tables zxcvbn tries, and it runs the whole dictionary match once per table.
const MULTI_READING_SYMBOLS: [char; 15] = [
    '4', '@', '(', '{', '[', '<', '6', '9', '!', '1', '|', '7', '$', '5', '+',
];

/// The most substitution tables zxcvbn 3.1 tries for a text holding `d` distinct
/// [`MULTI_READING_SYMBOLS`], indexed by `d` (found by enumerating every subset with zxcvbn's
/// own algorithm). zxcvbn's other symbols (8 3 0 % 2) have one reading and do not multiply.
const MAX_SUBSTITUTION_TABLES: [u64; 16] = [
    1, 2, 6, 10, 18, 25, 36, 54, 75, 108, 150, 216, 300, 432, 600, 800,
];

/// zxcvbn's work on an n-character text is about n² × (BASE_WORK + substitution tables): one
/// table's dictionary pass costs about an eighth of everything else (measured).
const BASE_WORK: u64 = 8;

/// The most work one zxcvbn call may do: that of the worst 12-character password, ~5 ms.
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
/// Bounded in work for any input (see the module documentation): well under 50 ms for 128
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
    estimate_in_chunks(password, &chars, user_inputs)
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

/// Loads zxcvbn's dictionaries (~20 ms, once per process) so that the first key press does not
/// pay for it. Call it off the UI thread at start-up.
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
            guesses_log10: guesses_log10.max(0.0),
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
