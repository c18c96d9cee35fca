//! Password strength: zxcvbn behind a time bound, with its feedback turned into our own
//! message keys.
//!
//! zxcvbn's matching is superlinear in the length of the password and, worse, exponential in the
//! number of distinct l33t symbols it contains (every combination of substitutions is tried
//! against every dictionary): some 100-character inputs take over a second. The live meter
//! re-estimates on every key press, so we never hand zxcvbn more than [`MAX_CHUNK_CHARS`]
//! characters at a time. A longer password is estimated chunk by chunk and the chunks' guesses
//! are multiplied (their log10 summed); we stop as soon as the product reaches the top score,
//! because more guesses cannot raise the score further.

use std::collections::HashMap;

use zxcvbn::feedback::{Feedback, Suggestion, Warning};

/// The most characters zxcvbn sees in one call. Chosen by measurement (`benches/strength.rs`):
/// the slowest 12-character input we found takes ~4 ms in a release build, the slowest
/// 16-character one ~25 ms. A password of at most this length gets exactly zxcvbn's score.
pub const MAX_CHUNK_CHARS: usize = 12;

/// log10 of the guesses at which zxcvbn gives its top score, 4.
const TOP_SCORE_LOG10: f64 = 10.0;

/// How hard a password is to guess, with advice when it is weak.
#[derive(Clone, Debug, PartialEq)]
pub struct Strength {
    /// zxcvbn's score, 0 (very weak) to 4 (very strong).
    pub score: u8,
    /// log10 of the estimated guesses; never negative. For a password longer than
    /// [`MAX_CHUNK_CHARS`] this is a lower bound once it reaches 10, where estimation stops.
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
/// Bounded in time for any input (see the module documentation); the kiosk caps passwords at
/// 128 characters, and longer ones cost proportionally more.
pub fn estimate(password: &str, user_inputs: &[&str]) -> Strength {
    estimate_chunked(password, user_inputs, MAX_CHUNK_CHARS)
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

/// Loads zxcvbn's dictionaries (~20 ms, once per process) so that the first key press in the
/// kiosk does not pay for it. Call it off the UI thread at start-up.
pub fn warm_up() {
    let _ = estimate("warm-up", &[]);
}

/// [`estimate`] with the chunk size as a parameter, for the bench's accuracy comparison.
pub(crate) fn estimate_chunked(password: &str, user_inputs: &[&str], max_chars: usize) -> Strength {
    let chunks = split_into_chunks(password, max_chars.max(1));
    if let [only] = chunks.as_slice() {
        // Short enough for zxcvbn alone: take its verdict as it is.
        let entropy = zxcvbn::zxcvbn(only, user_inputs);
        let score = u8::from(entropy.score());
        return Strength::new(score, entropy.guesses_log10(), entropy.feedback());
    }

    let mut total_log10 = 0.0;
    let mut first_feedback = None;
    let mut seen: HashMap<&str, u32> = HashMap::new();
    for (index, chunk) in chunks.iter().enumerate() {
        let count = seen.entry(chunk).or_insert(0);
        *count += 1;
        if *count > 1 {
            // zxcvbn prices n repeats of a token at n times the token's guesses: each repeat
            // adds log10(n / (n - 1)), and costs no second estimate.
            let n = f64::from(*count);
            total_log10 += (n / (n - 1.0)).log10();
        } else {
            let entropy = zxcvbn::zxcvbn(chunk, user_inputs);
            total_log10 += entropy.guesses_log10().max(0.0);
            if index == 0 {
                first_feedback = entropy.feedback().cloned();
            }
        }
        if total_log10 >= TOP_SCORE_LOG10 {
            break;
        }
    }
    let score = score_from_log10(total_log10);
    Strength::new(score, total_log10, first_feedback.as_ref())
}

impl Strength {
    fn new(score: u8, guesses_log10: f64, feedback: Option<&Feedback>) -> Self {
        // zxcvbn only gives feedback below 3; keep that rule for the chunked path too.
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

/// Splits into chunks of at most `max_chars` characters. A cut goes just after a space, `-`, `_`
/// or `.` in the second half of the window when there is one, so that the words of a passphrase
/// stay whole: half a word looks random to zxcvbn and would overstate the strength.
fn split_into_chunks(password: &str, max_chars: usize) -> Vec<&str> {
    let chars: Vec<(usize, char)> = password.char_indices().collect();
    let byte_at = |char_index: usize| chars.get(char_index).map_or(password.len(), |&(b, _)| b);
    let mut chunks = Vec::with_capacity(chars.len() / max_chars + 1);
    let mut start = 0;
    while chars.len() - start > max_chars {
        let window_end = start + max_chars;
        let end = (start + max_chars / 2 + 1..=window_end)
            .rev()
            .find(|&cut| is_word_separator(chars[cut - 1].1))
            .unwrap_or(window_end);
        chunks.push(&password[byte_at(start)..byte_at(end)]);
        start = end;
    }
    chunks.push(&password[byte_at(start)..]);
    chunks
}

fn is_word_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '.')
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
