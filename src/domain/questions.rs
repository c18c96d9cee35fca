//! The security question catalogue (assets/questions.toml, compiled in) and the decoys an
//! unknown username is shown: pure functions of a keyed HMAC of the username, so the same
//! name always gets the same questions on every kiosk sharing the key, and nobody without
//! the key can tell them from a real account's.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

use super::answers::{self, AnswerError, AnswerRules};
use super::secret::Secret;
use crate::domain::lang::Lang;

/// The catalogue as shipped.
const CATALOGUE_TOML: &str = include_str!("../../assets/questions.toml");

/// One question: a stable id (stored next to the hashed answer) and its text per language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    sv: String,
    en: String,
    it: String,
}

impl Question {
    /// The question in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
            Lang::It => &self.it,
        }
    }

    /// The question in every language (an answer may equal none of them).
    pub fn texts(&self) -> [&str; 3] {
        [&self.sv, &self.en, &self.it]
    }
}

/// Why a catalogue was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("questions catalogue: {0}")]
    Syntax(#[source] toml::de::Error),
    #[error("questions catalogue: id {0:?} must be 1-40 of a-z, 0-9 and _")]
    BadId(String),
    #[error("questions catalogue: id {0:?} appears twice")]
    Duplicate(String),
    #[error("questions catalogue: question {0:?} has an empty text")]
    EmptyText(String),
    #[error("questions catalogue: no questions")]
    Empty,
}

/// The questions users choose from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    questions: Vec<Question>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    question: Vec<Question>,
}

#[allow(
    clippy::expect_used,
    reason = "a compile-time constant; a unit test parses the same text, so a broken catalogue cannot ship"
)]
static EMBEDDED: LazyLock<Catalogue> =
    LazyLock::new(|| Catalogue::parse(CATALOGUE_TOML).expect("assets/questions.toml is valid"));

impl Catalogue {
    /// The catalogue compiled in from assets/questions.toml.
    pub fn embedded() -> &'static Catalogue {
        &EMBEDDED
    }

    /// Reads a catalogue in the format of assets/questions.toml.
    pub fn parse(toml_text: &str) -> Result<Catalogue, CatalogueError> {
        let file: CatalogueFile = toml::from_str(toml_text).map_err(CatalogueError::Syntax)?;
        if file.question.is_empty() {
            return Err(CatalogueError::Empty);
        }
        let mut seen = HashSet::new();
        for q in &file.question {
            let id_ok = (1..=40).contains(&q.id.len())
                && q.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !id_ok {
                return Err(CatalogueError::BadId(q.id.clone()));
            }
            if !seen.insert(q.id.as_str()) {
                return Err(CatalogueError::Duplicate(q.id.clone()));
            }
            if q.texts().iter().any(|t| t.trim().is_empty()) {
                return Err(CatalogueError::EmptyText(q.id.clone()));
            }
        }
        Ok(Catalogue {
            questions: file.question,
        })
    }

    /// Every question, in catalogue order.
    pub fn all(&self) -> &[Question] {
        &self.questions
    }

    /// The question with this id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// Checks answers as typed to questions of this catalogue, each normalised first: one
    /// entry per answer (`None` = fine). The Profile asks this before sending; the service
    /// asks again before storing.
    pub fn check_answers(
        &self,
        answers: &[(&str, &Secret)],
        rules: &AnswerRules<'_>,
    ) -> Vec<Option<AnswerError>> {
        let normalised: Vec<Secret> = answers
            .iter()
            .map(|(_, raw)| answers::normalize(raw.expose()))
            .collect();
        let texts: Vec<Vec<&str>> = answers
            .iter()
            .map(|(id, _)| self.get(id).map(|q| q.texts().to_vec()).unwrap_or_default())
            .collect();
        let pairs: Vec<(&Secret, &[&str])> = normalised
            .iter()
            .zip(texts.iter().map(Vec::as_slice))
            .collect();
        answers::check_answer_set(&pairs, rules)
            .into_iter()
            .map(Result::err)
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }
}

/// The key behind the decoys (shared by all kiosks on one database). Never printed.
#[derive(Clone)]
pub struct DecoyKey(Hmac<Sha256>);

/// The decoy key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the decoy key must be at least 16 bytes")]
pub struct DecoyKeyError;

impl fmt::Debug for DecoyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DecoyKey(***)")
    }
}

impl DecoyKey {
    pub fn new(key: &[u8]) -> Result<Self, DecoyKeyError> {
        if key.len() < 16 {
            return Err(DecoyKeyError);
        }
        Hmac::<Sha256>::new_from_slice(key)
            .map(Self)
            .map_err(|_| DecoyKeyError)
    }

    /// HMAC of the parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ.
    fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.0.clone();
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    fn mac_u64(&self, parts: &[&[u8]]) -> u64 {
        let bytes = self.mac(parts);
        let mut first = [0u8; 8];
        first.copy_from_slice(&bytes[..8]);
        u64::from_be_bytes(first)
    }

    /// Whether this unknown username "has enrolled": true for a share `fraction` (0..=1) of
    /// all names, so that unknown names are offered questions as often as real accounts.
    /// A name's answer only changes when `fraction` crosses its fixed point.
    pub fn offers_questions(&self, username: &str, fraction: f64) -> bool {
        let point = self.mac_u64(&[b"offer", username.as_bytes()]) as f64 / u64::MAX as f64;
        point < fraction.clamp(0.0, 1.0)
    }

    /// The `ask` questions an unknown username is asked: first `enroll` questions of the
    /// catalogue as if the name had enrolled them, then `ask` of those, in the order shown.
    /// Both steps rank questions by an HMAC of (name, question id), so the answer is stable
    /// across attempts, kiosks and restarts, and adding a question to the catalogue moves
    /// few names.
    pub fn questions<'a>(
        &self,
        username: &str,
        catalogue: &'a Catalogue,
        enroll: usize,
        ask: usize,
    ) -> Vec<&'a str> {
        let rank = |label: &[u8], ids: &[&'a str], n: usize| -> Vec<&'a str> {
            let mut ranked: Vec<(u64, &'a str)> = ids
                .iter()
                .map(|id| {
                    (
                        self.mac_u64(&[label, username.as_bytes(), id.as_bytes()]),
                        *id,
                    )
                })
                .collect();
            ranked.sort_unstable();
            ranked.into_iter().take(n).map(|(_, id)| id).collect()
        };
        let all: Vec<&'a str> = catalogue.all().iter().map(|q| q.id.as_str()).collect();
        let enrolled = rank(b"enrolled", &all, enroll);
        rank(b"asked", &enrolled, ask.min(enroll))
    }

    /// The name under which an unknown username's wrong answers are counted (hex), so that
    /// its decoy locks like a real account without the typed name being stored.
    pub fn lock_tag(&self, username: &str) -> String {
        self.mac(&[b"lock", username.as_bytes()])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// `k` distinct indices below `n`, uniformly, in random order (a partial Fisher–Yates
/// shuffle). `draw` gives 32 random bits; each index is drawn by rejection, without
/// modulo bias.
pub fn choose<E>(
    n: usize,
    k: usize,
    mut draw: impl FnMut() -> Result<u32, E>,
) -> Result<Vec<usize>, E> {
    let mut all: Vec<usize> = (0..n).collect();
    let k = k.min(n);
    for i in 0..k {
        let span = u32::try_from(n - i).unwrap_or(u32::MAX);
        // The largest multiple of `span` that fits: draws at or above it are redrawn.
        let zone = u32::MAX - (u32::MAX % span);
        let pick = loop {
            let x = draw()?;
            if x < zone {
                break (x % span) as usize;
            }
        };
        all.swap(i, i + pick);
    }
    all.truncate(k);
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> DecoyKey {
        DecoyKey::new(&[byte; 32]).unwrap()
    }

    #[test]
    fn the_shipped_catalogue_is_valid_and_large_enough() {
        let c = Catalogue::parse(CATALOGUE_TOML).unwrap();
        assert!(c.len() >= 12, "only {} questions", c.len());
        assert_eq!(Catalogue::embedded(), &c);
        for q in c.all() {
            for lang in Lang::ALL {
                let text = q.text(lang);
                assert!(text.ends_with('?'), "{}: {text}", q.id);
                // Fits two lines of the 80-column answer screen.
                assert!(text.chars().count() <= 76, "{}: {text}", q.id);
            }
        }
        assert_eq!(
            c.get("first_concert").unwrap().text(Lang::En),
            "What was the first concert you went to?"
        );
        assert!(c.get("pets_name").is_none());
    }

    #[test]
    fn bad_catalogues_are_refused() {
        let q = |id: &str, sv: &str| {
            format!("[[question]]\nid = {id:?}\nsv = {sv:?}\nen = \"e\"\nit = \"i\"\n")
        };
        assert!(matches!(
            Catalogue::parse(""),
            Err(CatalogueError::Syntax(_))
        ));
        assert_eq!(
            Catalogue::parse(&q("Bad Id", "s")),
            Err(CatalogueError::BadId("Bad Id".into()))
        );
        assert_eq!(
            Catalogue::parse(&(q("a", "s") + &q("a", "t"))),
            Err(CatalogueError::Duplicate("a".into()))
        );
        assert_eq!(
            Catalogue::parse(&q("a", " ")),
            Err(CatalogueError::EmptyText("a".into()))
        );
        assert!(Catalogue::parse(&(q("a", "s") + "extra = 1\n")).is_err());
    }

    #[test]
    fn decoys_are_stable_distinct_and_keyed() {
        let c = Catalogue::embedded();
        let k = key(7);
        let first = k.questions("no.such.user", c, 4, 2);
        assert_eq!(first.len(), 2);
        assert_ne!(first[0], first[1]);
        assert!(first.iter().all(|id| c.get(id).is_some()));
        for _ in 0..5 {
            assert_eq!(k.questions("no.such.user", c, 4, 2), first);
        }
        // The asked ones are among the "enrolled" ones.
        let enrolled = k.questions("no.such.user", c, 4, 4);
        assert!(first.iter().all(|id| enrolled.contains(id)));
        // Another key or another name: (almost always) other questions.
        let names = ["a.b", "c.d", "e.f", "g.h", "i.j", "k.l"];
        let differ = names
            .iter()
            .filter(|n| key(7).questions(n, c, 4, 2) != key(8).questions(n, c, 4, 2))
            .count();
        assert!(differ >= 4, "{differ}");
        let spread: HashSet<Vec<&str>> = names.iter().map(|n| k.questions(n, c, 4, 2)).collect();
        assert!(spread.len() >= 4);
        assert!(k.questions("x", c, 0, 2).is_empty());
    }

    #[test]
    fn decoy_offers_follow_the_fraction() {
        let k = key(1);
        let names: Vec<String> = (0..1000).map(|i| format!("user{i}")).collect();
        let share = |f: f64| names.iter().filter(|n| k.offers_questions(n, f)).count();
        assert_eq!(share(0.0), 0);
        assert_eq!(share(1.0), 1000);
        let half = share(0.5);
        assert!((400..600).contains(&half), "{half}");
        // Monotone: a name offered at 0.3 is offered at 0.6.
        assert!(
            names
                .iter()
                .all(|n| !k.offers_questions(n, 0.3) || k.offers_questions(n, 0.6))
        );
    }

    #[test]
    fn choose_draws_distinct_indices_evenly() {
        let mut seed = 0x2545_f491_u32;
        let mut draw = || -> Result<u32, ()> {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            Ok(seed)
        };
        let mut counts = [0u32; 5];
        for _ in 0..5000 {
            let picked = choose(5, 2, &mut draw).unwrap();
            assert_eq!(picked.len(), 2);
            assert_ne!(picked[0], picked[1]);
            for i in picked {
                counts[i] += 1;
            }
        }
        // 2000 expected each.
        assert!(
            counts.iter().all(|&c| (1800..2200).contains(&c)),
            "{counts:?}"
        );
        assert_eq!(choose(3, 9, &mut draw).unwrap().len(), 3);
    }

    #[test]
    fn lock_tags_hide_the_name() {
        let k = key(3);
        let tag = k.lock_tag("nobody");
        assert_eq!(tag.len(), 64);
        assert_eq!(tag, k.lock_tag("nobody"));
        assert_ne!(tag, k.lock_tag("nobody2"));
        assert!(!tag.contains("nobody"));
        assert!(DecoyKey::new(b"short").is_err());
        assert_eq!(format!("{k:?}"), "DecoyKey(***)");
    }
}
