//! Security answers: normalised before they are hashed or compared, so that what a person
//! remembers matches however they type it ("  Stockholm " is "stockholm"; a composed and a
//! decomposed "å" are one letter), and the checks an answer must pass at enrolment.

use unicode_normalization::UnicodeNormalization;

use super::secret::Secret;

/// Longest answer accepted, in characters after normalisation (a paste must not become a
/// megabyte argon2 input; nobody remembers a longer answer).
pub const MAX_ANSWER_CHARS: usize = 128;

/// Why an answer was refused at enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("the answer is empty")]
    Empty,
    #[error("the answer is shorter than {min} characters")]
    TooShort { min: usize },
    #[error("the answer is longer than {max} characters")]
    TooLong { max: usize },
    #[error("the answer is the question itself")]
    SameAsQuestion,
    #[error("the answer is the username")]
    SameAsUsername,
    #[error("the answer is the same as another answer")]
    Repeated,
}

impl AnswerError {
    /// A stable key for messages and the audit log.
    pub fn key(self) -> &'static str {
        match self {
            AnswerError::Empty => "empty",
            AnswerError::TooShort { .. } => "too_short",
            AnswerError::TooLong { .. } => "too_long",
            AnswerError::SameAsQuestion => "same_as_question",
            AnswerError::SameAsUsername => "same_as_username",
            AnswerError::Repeated => "repeated",
        }
    }
}

/// The answer as compared and hashed: NFKC, case-folded, inner whitespace collapsed to one
/// space, trimmed; control characters dropped.
pub fn normalize(raw: &str) -> Secret {
    // The intermediate lives in a Secret too, so it is zeroized when dropped.
    let mut lower = String::with_capacity(raw.len() + 8);
    for c in raw.nfkc() {
        fold_case(c, &mut lower);
    }
    let lower = Secret::new(lower);
    let mut out = String::with_capacity(lower.expose().len() + 8);
    let mut space = false;
    // Lowercasing can leave a sequence that NFKC writes differently: normalise again.
    for c in lower.expose().chars().nfkc() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !c.is_control() {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    Secret::new(out)
}

/// Unicode lowercase plus the full case folds that lowercase misses (ß and ẞ fold to "ss",
/// a final sigma to σ), so "STRASSE" and "Straße" are one answer.
fn fold_case(c: char, out: &mut String) {
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'ς' => out.push('σ'),
        _ => out.extend(c.to_lowercase()),
    }
}

/// The longest questions lock: doubling stops here (a year would only send people to the
/// office staff, who can lift it anyway).
pub const MAX_QUESTIONS_LOCK_SECS: i64 = 30 * 86_400;

/// How long the `nth` questions lock (1, 2, ...) lasts: `lock_minutes`, doubled for each
/// lock before it, at most [`MAX_QUESTIONS_LOCK_SECS`]. `None` (when `lock_minutes` is 0):
/// until office staff lift it.
pub fn questions_lock_secs(lock_minutes: u32, nth: i64) -> Option<i64> {
    if lock_minutes == 0 {
        return None;
    }
    let doublings = u32::try_from(nth.saturating_sub(1).clamp(0, 32)).unwrap_or(32);
    let secs = i64::from(lock_minutes)
        .saturating_mul(60)
        .saturating_mul(1_i64 << doublings);
    Some(secs.min(MAX_QUESTIONS_LOCK_SECS))
}

/// What an answer is checked against besides its own length.
#[derive(Debug, Clone, Copy)]
pub struct AnswerRules<'a> {
    /// Shortest answer, in characters after normalisation (config `questions.min_answer_length`).
    pub min_chars: usize,
    /// The account's username.
    pub username: &'a str,
}

/// Text compared loosely: normalised, with the punctuation a question ends with removed.
fn loose(s: &str) -> Secret {
    let n = normalize(s);
    Secret::new(
        n.expose()
            .trim_end_matches(['?', '.', '!', '¿', ' '])
            .to_string(),
    )
}

/// Checks one normalised answer to a question (given in every language).
pub fn check_answer(
    answer: &Secret,
    question_texts: &[&str],
    rules: &AnswerRules<'_>,
) -> Result<(), AnswerError> {
    let chars = answer.chars();
    if chars == 0 {
        return Err(AnswerError::Empty);
    }
    if chars < rules.min_chars {
        return Err(AnswerError::TooShort {
            min: rules.min_chars,
        });
    }
    if chars > MAX_ANSWER_CHARS {
        return Err(AnswerError::TooLong {
            max: MAX_ANSWER_CHARS,
        });
    }
    let loose_answer = loose(answer.expose());
    if question_texts.iter().any(|q| loose(q) == loose_answer) {
        return Err(AnswerError::SameAsQuestion);
    }
    let user = normalize(rules.username);
    // "anna.ostlund" typed as "anna ostlund" is still the username.
    let spaced = normalize(&user.expose().replace(['.', '_', '-'], " "));
    if *answer == user || *answer == spaced {
        return Err(AnswerError::SameAsUsername);
    }
    Ok(())
}

/// Checks a whole set of normalised answers, each with its question's texts: one result
/// per answer, in order. Of two equal answers the later one is `Repeated`.
pub fn check_answer_set(
    answers: &[(&Secret, &[&str])],
    rules: &AnswerRules<'_>,
) -> Vec<Result<(), AnswerError>> {
    answers
        .iter()
        .enumerate()
        .map(|(i, (answer, texts))| {
            check_answer(answer, texts, rules)?;
            if answers[..i].iter().any(|(earlier, _)| *earlier == *answer) {
                return Err(AnswerError::Repeated);
            }
            Ok(())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).expose().to_string()
    }

    #[test]
    fn normalisation_trims_folds_and_collapses() {
        assert_eq!(n("  Stockholm "), "stockholm");
        assert_eq!(normalize("  Stockholm "), normalize("stockholm"));
        assert_eq!(n("Gamla \t Stan\n"), "gamla stan");
        assert_eq!(n("ÅSA"), "åsa");
        assert_eq!(n("STRASSE"), n("Straße"));
        assert_eq!(n("ΟΔΥΣΣΕΥΣ"), n("οδυσσευς"));
        assert_eq!(n("\u{3000}ｆｕｌｌ\u{3000}ｗｉｄｔｈ"), "full width");
        assert_eq!(n("a\u{1b}b"), "ab");
        assert_eq!(n("   "), "");
    }

    #[test]
    fn composed_and_decomposed_letters_are_equal() {
        assert_eq!(normalize("Malm\u{f6}"), normalize("Malmo\u{308}"));
        assert_eq!(normalize("\u{c5}re"), normalize("A\u{30a}RE"));
        assert_eq!(n("Malmo\u{308}"), "malm\u{f6}");
        // Diacritics still count: "malmo" is another answer.
        assert_ne!(normalize("Malmö"), normalize("Malmo"));
    }

    fn rules() -> AnswerRules<'static> {
        AnswerRules {
            min_chars: 3,
            username: "anna.ostlund",
        }
    }

    #[test]
    fn single_answers_are_checked() {
        let q: &[&str] = &[
            "Vad hette ditt första gosedjur?",
            "What was the name of your first cuddly toy?",
        ];
        let check = |a: &str| check_answer(&normalize(a), q, &rules());
        assert_eq!(check("Nalle Puh"), Ok(()));
        assert_eq!(check("   "), Err(AnswerError::Empty));
        assert_eq!(check("ab"), Err(AnswerError::TooShort { min: 3 }));
        assert_eq!(check(" a  b "), Ok(()));
        assert_eq!(
            check(&"x".repeat(129)),
            Err(AnswerError::TooLong { max: 128 })
        );
        assert_eq!(check(&"x".repeat(128)), Ok(()));
        assert_eq!(
            check("what was the name of your first cuddly toy"),
            Err(AnswerError::SameAsQuestion)
        );
        assert_eq!(
            check("VAD HETTE DITT FÖRSTA GOSEDJUR?"),
            Err(AnswerError::SameAsQuestion)
        );
        assert_eq!(check("Anna.Ostlund"), Err(AnswerError::SameAsUsername));
        assert_eq!(check("anna ostlund"), Err(AnswerError::SameAsUsername));
        assert_eq!(check("anna"), Ok(()));
    }

    #[test]
    fn locks_double_up_to_a_cap() {
        assert_eq!(questions_lock_secs(15, 1), Some(15 * 60));
        assert_eq!(questions_lock_secs(15, 2), Some(30 * 60));
        assert_eq!(questions_lock_secs(15, 3), Some(60 * 60));
        assert_eq!(questions_lock_secs(15, 0), Some(15 * 60));
        assert_eq!(questions_lock_secs(15, 40), Some(MAX_QUESTIONS_LOCK_SECS));
        assert_eq!(
            questions_lock_secs(u32::MAX, i64::MAX),
            Some(MAX_QUESTIONS_LOCK_SECS)
        );
        assert_eq!(questions_lock_secs(0, 1), None);
    }

    #[test]
    fn a_set_refuses_repeated_answers() {
        let q1: &[&str] = &["Q1?"];
        let q2: &[&str] = &["Q2?"];
        let q3: &[&str] = &["Q3?"];
        let (a, b, c) = (normalize("Paris"), normalize("  paris "), normalize("Rom"));
        let results = check_answer_set(&[(&a, q1), (&b, q2), (&c, q3)], &rules());
        assert_eq!(results, vec![Ok(()), Err(AnswerError::Repeated), Ok(())]);
        let short = normalize("x");
        let results = check_answer_set(&[(&short, q1), (&short, q2)], &rules());
        assert_eq!(
            results,
            vec![
                Err(AnswerError::TooShort { min: 3 }),
                Err(AnswerError::TooShort { min: 3 })
            ]
        );
        assert_eq!(AnswerError::Repeated.key(), "repeated");
    }
}
