//! Localised text: Fluent messages in Swedish (the primary language), English and Italian,
//! embedded from `assets/i18n/*.ftl`. Text shown to a student comes from here, nowhere else.

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{LanguageIdentifier, langid};

pub use crate::domain::lang::Lang;

/// What the Fluent catalogues need of a language.
trait Catalogued {
    fn source(self) -> &'static str;
    fn langid(self) -> LanguageIdentifier;
    fn catalogue(self) -> &'static Catalogue;
}

impl Catalogued for Lang {
    fn source(self) -> &'static str {
        match self {
            Lang::Sv => include_str!("../assets/i18n/sv.ftl"),
            Lang::En => include_str!("../assets/i18n/en.ftl"),
            Lang::It => include_str!("../assets/i18n/it.ftl"),
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Sv => langid!("sv"),
            Lang::En => langid!("en"),
            Lang::It => langid!("it"),
        }
    }

    fn catalogue(self) -> &'static Catalogue {
        let [sv, en, it] = &*CATALOGUES;
        match self {
            Lang::Sv => sv,
            Lang::En => en,
            Lang::It => it,
        }
    }
}

/// A value for a placeholder in a message, such as `{ $n }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg<'a> {
    /// Text, inserted as it is.
    Str(&'a str),
    /// A number; it also picks plural forms (`[one]`, `*[other]`).
    Num(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s)
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Num(i64::from(n))
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// The message `key` in `lang`. A missing key is logged and returned as it is, so that a
/// forgotten translation shows up on screen instead of a blank.
pub fn t(lang: Lang, key: &str) -> String {
    t_args(lang, key, &[])
}

/// The message `key` in `lang`, with its placeholders filled from `args`.
pub fn t_args(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let bundle = &lang.catalogue().bundle;
    let Some(pattern) = bundle.get_message(key).and_then(|message| message.value()) else {
        tracing::warn!(lang = lang.code(), key, "missing i18n message");
        return key.to_owned();
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len() + 1);
    // `{ $office }` (where the office is, see SupportSettings::office_where) reads as
    // nothing where a caller has no office to name, never as "{$office}".
    if !args.iter().any(|(name, _)| *name == "office") {
        fluent_args.set("office", FluentValue::String(Cow::Borrowed("")));
    }
    // `{ $name-initial }` lets a language choose a word by the name's first sound (Italian
    // "ad Anna", "a Marco").
    if let Some((_, Arg::Str(person))) = args.iter().find(|(name, _)| *name == "name") {
        let initial = if starts_with_vowel(person) {
            "vowel"
        } else {
            "other"
        };
        fluent_args.set("name-initial", FluentValue::String(Cow::Borrowed(initial)));
    }
    for &(name, value) in args {
        let value = match value {
            Arg::Str(s) => FluentValue::String(Cow::Borrowed(s)),
            Arg::Num(n) => FluentValue::from(n),
        };
        fluent_args.set(name, value);
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    for error in &errors {
        tracing::warn!(lang = lang.code(), key, %error, "i18n formatting error");
    }
    text.into_owned()
}

/// Whether a name starts with a vowel letter, accented or not.
fn starts_with_vowel(name: &str) -> bool {
    name.chars()
        .find(|c| c.is_alphabetic())
        .and_then(|c| c.to_lowercase().next())
        .is_some_and(|c| "aeiouàáâäåãæèéêëìíîïòóôöõøùúûü".contains(c))
}

/// Formats an epoch time as a local calendar date the way people write it in `lang`:
/// Swedish 2027-11-30, English 30 November 2027, Italian 30/11/2027.
pub fn format_date_in(lang: Lang, epoch: i64) -> String {
    let pattern = match lang {
        Lang::Sv => "%Y-%m-%d",
        Lang::En => "%-d %B %Y",
        Lang::It => "%d/%m/%Y",
    };
    chrono::DateTime::from_timestamp(epoch, 0)
        .map(|d| d.with_timezone(&chrono::Local).format(pattern).to_string())
        .unwrap_or_default()
}

/// The ids of every message in `lang`, in file order.
pub fn message_ids(lang: Lang) -> Vec<String> {
    lang.catalogue().ids.clone()
}

static CATALOGUES: LazyLock<[Catalogue; 3]> =
    LazyLock::new(|| Lang::ALL.map(|lang| Catalogue::load(lang).0));

/// One language's messages.
struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    ids: Vec<String>,
}

impl Catalogue {
    /// Loads `lang`'s messages, with any syntax errors and duplicate ids (logged here; the
    /// tests require none).
    fn load(lang: Lang) -> (Self, Vec<String>) {
        let source = lang.source();
        let mut load_errors = Vec::new();
        // A syntax error loses only the entry it is in: keep the rest and log it.
        let resource =
            FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, errors)| {
                load_errors.extend(errors.iter().map(ToString::to_string));
                partial
            });
        let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
        // Unicode isolation marks around placeholders break the terminal layout.
        bundle.set_use_isolating(false);
        if let Err(errors) = bundle.add_resource(resource) {
            load_errors.extend(errors.iter().map(ToString::to_string));
        }
        for error in &load_errors {
            tracing::error!(lang = lang.code(), %error, "i18n resource error");
        }
        let ids = message_ids_in(source)
            .filter(|id| bundle.has_message(id))
            .map(str::to_owned)
            .collect();
        (Catalogue { bundle, ids }, load_errors)
    }
}

/// The ids of the messages in Fluent source: an entry starts at the beginning of a line with
/// its id and `=`. (fluent-bundle does not list its messages, and its AST crate is not one of
/// our dependencies.)
fn message_ids_in(source: &str) -> impl Iterator<Item = &str> {
    source.lines().filter_map(|line| {
        let (id, _) = line.split_once('=')?;
        let id = id.trim_end();
        let well_formed = id.starts_with(|c: char| c.is_ascii_alphabetic())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        well_formed.then_some(id)
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::domain::strength::{FEEDBACK_KEYS, score_label_key};

    #[test]
    fn a_name_that_starts_with_a_vowel_takes_ad_in_italian() {
        let it = |name| t_args(Lang::It, "staff-slip-printed", &[("name", Arg::Str(name))]);
        assert!(it("Anna Östlund").contains("Consegnalo ad Anna Östlund"));
        assert!(it("Östen Berg").contains("ad Östen"));
        assert!(it("Marco Rossi").contains("Consegnalo a Marco Rossi"));
        assert!(starts_with_vowel("Èlia") && starts_with_vowel("Ugo") && starts_with_vowel(" Ida"));
        assert!(!starts_with_vowel("Marco") && !starts_with_vowel(""));
        let en = t_args(
            Lang::En,
            "staff-slip-printed",
            &[("name", Arg::Str("Anna"))],
        );
        assert!(en.contains("to Anna"), "{en}");
    }

    /// Issue 13, item 11: one name for the office in each language, and wherever a message
    /// sends the reader there, its place and hours (`{ $office }`).
    #[test]
    fn the_office_has_one_name_and_its_place_wherever_someone_is_sent_there() {
        // Messages that mention the office without sending anyone there, and the one-line
        // banner, which has no room for place and hours.
        let mentions = [
            "ui-unavailable-banner",
            "ui-welcome-intro",
            "ui-method-password-detail",
            "ui-current-intro",
        ];
        let place = "<PLACE>";
        for lang in Lang::ALL {
            let office = match lang {
                Lang::Sv => "personalen på expeditionen",
                Lang::En => "office staff",
                Lang::It => "personale della segreteria",
            };
            let mut sent = 0;
            for id in message_ids(lang) {
                let text = t_args(lang, &id, &[("office", Arg::Str(place))]);
                if lang == Lang::Sv {
                    let lower = text.to_lowercase();
                    for other in ["kansli", "ikt-enheten", "it-enheten"] {
                        assert!(!lower.contains(other), "{id}: {other} in {text}");
                    }
                }
                let staff_side = ["staff-", "audit-", "slip-"]
                    .iter()
                    .any(|p| id.starts_with(p));
                if text.contains(office) && !staff_side && !mentions.contains(&id.as_str()) {
                    sent += 1;
                    assert!(
                        text.contains(place),
                        "{lang:?} {id}: no place and hours: {text}"
                    );
                }
            }
            assert!(
                sent >= 12,
                "{lang:?}: only {sent} messages send people to the office"
            );
        }
    }

    #[test]
    fn every_language_has_the_same_messages() {
        let ids: Vec<BTreeSet<String>> = Lang::ALL
            .map(|lang| message_ids(lang).into_iter().collect())
            .to_vec();
        let all: BTreeSet<&String> = ids.iter().flatten().collect();
        let missing: Vec<String> = Lang::ALL
            .iter()
            .zip(&ids)
            .filter_map(|(lang, ids)| {
                let missing: Vec<&str> = all
                    .iter()
                    .filter(|id| !ids.contains(id.as_str()))
                    .map(|id| id.as_str())
                    .collect();
                (!missing.is_empty()).then(|| format!("{}: {}", lang.code(), missing.join(", ")))
            })
            .collect();
        assert!(
            missing.is_empty(),
            "missing messages: {}",
            missing.join("; ")
        );
    }

    #[test]
    fn no_file_has_errors_or_duplicates() {
        for lang in Lang::ALL {
            let (catalogue, errors) = Catalogue::load(lang);
            assert_eq!(errors, Vec::<String>::new(), "{}", lang.code());
            let unique: BTreeSet<&String> = catalogue.ids.iter().collect();
            assert_eq!(unique.len(), catalogue.ids.len(), "{}", lang.code());
            assert!(
                catalogue.ids.len() > 40,
                "{}: too few messages",
                lang.code()
            );
        }
    }

    #[test]
    fn strength_keys_exist_in_every_language() {
        let labels = (0..=4).map(score_label_key);
        for key in FEEDBACK_KEYS.iter().copied().chain(labels) {
            for lang in Lang::ALL {
                assert!(
                    message_ids(lang).iter().any(|id| id == key),
                    "{}: {key}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn formats_arguments_and_plurals() {
        let n = |n: i64| [("n", Arg::Num(n))];
        assert_eq!(
            t_args(Lang::En, "rule-min-length", &n(12)),
            "At least 12 characters"
        );
        assert_eq!(
            t_args(Lang::En, "rule-min-length", &n(1)),
            "At least 1 character"
        );
        assert_eq!(
            t_args(Lang::Sv, "rule-min-length", &n(12)),
            "Minst 12 tecken"
        );
        assert_eq!(
            t_args(Lang::Sv, "rule-history", &n(1)),
            "Inte ditt senaste lösenord"
        );
        assert_eq!(
            t_args(Lang::Sv, "rule-history", &n(5)),
            "Inte något av dina 5 senaste lösenord"
        );
        assert_eq!(
            t_args(Lang::It, "rule-history", &n(3)),
            "Non una delle tue ultime 3 password"
        );
        assert_eq!(
            t_args(Lang::En, "strength-label", &[("label", "Strong".into())]),
            "Strength: Strong"
        );
        assert_eq!(
            t_args(Lang::En, "error-locked-until", &[("time", "14:30".into())]),
            "Too many attempts. Try again after 14:30, or ask the office staff."
        );
    }

    #[test]
    fn text_has_no_isolation_marks() {
        let text = t_args(Lang::Sv, "strength-label", &[("label", "Starkt".into())]);
        assert_eq!(text, "Styrka: Starkt");
        assert!(!text.contains(['\u{2068}', '\u{2069}']));
    }

    #[test]
    fn a_missing_key_reads_as_itself() {
        assert_eq!(t(Lang::It, "no-such-message"), "no-such-message");
    }

    #[test]
    fn languages_parse_and_cycle() {
        assert_eq!(Lang::parse("sv"), Some(Lang::Sv));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("it_IT.UTF-8"), Some(Lang::It));
        assert_eq!(Lang::parse("sv-SE"), Some(Lang::Sv));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::Sv.next().next().next(), Lang::Sv);
        assert_eq!(Lang::ALL.map(Lang::next), [Lang::En, Lang::It, Lang::Sv]);
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::default(), Lang::Sv);
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;
    use crate::clock::format_date;

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        // Noon UTC on 30 November 2027: the same calendar day in every European zone.
        let at = 1_827_576_000;
        assert_eq!(format_date_in(Lang::Sv, at), "2027-11-30");
        assert_eq!(format_date_in(Lang::En, at), "30 November 2027");
        assert_eq!(format_date_in(Lang::It, at), "30/11/2027");
        assert_eq!(format_date(at), "2027-11-30");
    }
}
