//! Mobile numbers: parsed with the phonenumber crate (Google's libphonenumber metadata),
//! stored as E.164, shown grouped, or masked on the reset screen.
//!
//! Grouping is libphonenumber's international format: the country code, then the national
//! number (without its trunk 0) grouped by that country's own rules. A Swedish mobile reads
//! `+46 70 123 45 67`: country code, the two-digit mobile prefix, then 3-2-2 digits.

use std::fmt;

use phonenumber::metadata::DATABASE;
use phonenumber::{Mode, PhoneNumber, Type};

/// Longest input looked at. Real numbers with spacing stay far below it; the limit keeps
/// odd input away from the parser.
const MAX_INPUT_CHARS: usize = 32;

/// Digits kept visible at the end of a masked number.
const VISIBLE_TAIL: usize = 2;

/// A valid mobile number. Two are equal when their E.164 forms are (`+46701234567`).
#[derive(Clone)]
pub struct MobileNumber {
    e164: String,
    number: PhoneNumber,
}

/// Why a typed number was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("no number was typed")]
    Empty,
    /// Letters or other characters that never appear in a phone number.
    #[error("a phone number has only digits, spaces, dashes and a leading +")]
    BadCharacters,
    #[error("the number has too few digits")]
    TooShort,
    /// For example "+46 70 123 45 678": one digit too many for a Swedish mobile.
    #[error("the number has too many digits")]
    TooLong,
    #[error("this is not a valid phone number")]
    Invalid,
    /// A valid number that cannot receive SMS (a landline, a toll-free number ...).
    #[error("this is not a mobile number")]
    NotMobile,
}

impl PhoneError {
    /// The i18n key of the sentence the kiosk shows (and the import prints in English).
    pub fn key(self) -> &'static str {
        match self {
            PhoneError::Empty => "sms-mobile-empty",
            PhoneError::BadCharacters => "sms-mobile-bad-characters",
            PhoneError::TooShort => "sms-mobile-too-short",
            PhoneError::TooLong => "sms-mobile-too-long",
            PhoneError::Invalid => "sms-mobile-invalid",
            PhoneError::NotMobile => "sms-mobile-not-mobile",
        }
    }
}

impl MobileNumber {
    /// Parses a number as typed. Without a country code (`070-123 45 67`) it belongs to
    /// `region` (ISO 3166 code from config, e.g. "SE"); with `+` or `00` any country is fine.
    pub fn parse(raw: &str, region: &str) -> Result<Self, PhoneError> {
        let typed = raw.trim();
        if typed.is_empty() {
            return Err(PhoneError::Empty);
        }
        prefilter(typed)?;
        let region = region.parse::<phonenumber::country::Id>().ok();
        let number = phonenumber::parse(region, typed).map_err(|_| PhoneError::Invalid)?;
        if !number.is_valid() {
            return Err(length_error(&number).unwrap_or(PhoneError::Invalid));
        }
        match number.number_type(&DATABASE) {
            // Some countries (the US) cannot tell the two apart from the digits.
            Type::Mobile | Type::FixedLineOrMobile => {}
            _ => return Err(PhoneError::NotMobile),
        }
        Ok(Self::from_number(number))
    }

    /// A number read back from the database (E.164). `None` when it no longer parses.
    pub fn from_e164(stored: &str) -> Option<Self> {
        prefilter(stored).ok()?;
        let number = phonenumber::parse(None, stored).ok()?;
        number.is_valid().then(|| Self::from_number(number))
    }

    fn from_number(number: PhoneNumber) -> Self {
        Self {
            e164: number.format().mode(Mode::E164).to_string(),
            number,
        }
    }

    /// The form stored and sent to gateways: `+46701234567`.
    pub fn e164(&self) -> &str {
        &self.e164
    }

    /// Grouped the international way: `+46 70 123 45 67` (see the module documentation).
    pub fn grouped(&self) -> String {
        self.number.format().mode(Mode::International).to_string()
    }

    /// The way people in the number's own country write it: `070-123 45 67`.
    pub fn national(&self) -> String {
        self.number.format().mode(Mode::National).to_string()
    }

    /// Grouped, with every digit after the first group hidden except the last two:
    /// `+46 70 *** ** 67`. Enough for the owner to recognise, too little to call.
    pub fn masked(&self) -> String {
        mask_grouped(&self.grouped())
    }
}

impl PartialEq for MobileNumber {
    fn eq(&self, other: &Self) -> bool {
        // The parsed form also remembers how it was typed; only the number matters.
        self.e164 == other.e164
    }
}

impl Eq for MobileNumber {}

impl std::hash::Hash for MobileNumber {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.e164.hash(state);
    }
}

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Logs get the masked form only.
        write!(f, "MobileNumber({})", self.masked())
    }
}

/// The region's example mobile number from the metadata, for "write it like …" messages
/// (Sweden: `+46 70 123 45 67`, `070-123 45 67`).
pub fn example(region: &str) -> Option<MobileNumber> {
    let meta = DATABASE.by_id(region)?;
    let national = meta.descriptors().mobile()?.example()?;
    let number = phonenumber::parse(region.parse().ok(), national).ok()?;
    number.is_valid().then(|| MobileNumber::from_number(number))
}

/// Only digits, spaces, `-`, `.`, `/`, brackets and one leading `+`, at most 32 characters:
/// the parser never sees anything else (it has panicked on odd input in the past).
fn prefilter(typed: &str) -> Result<(), PhoneError> {
    if typed.chars().count() > MAX_INPUT_CHARS {
        return Err(PhoneError::TooLong);
    }
    let ok = typed.chars().enumerate().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '/' | '(' | ')') || (c == '+' && i == 0)
    });
    if !ok {
        return Err(PhoneError::BadCharacters);
    }
    if !typed.chars().any(|c| c.is_ascii_digit()) {
        return Err(PhoneError::Invalid);
    }
    Ok(())
}

/// Too short or too long for a mobile number of the number's country, when the metadata
/// says which lengths a mobile number has.
fn length_error(number: &PhoneNumber) -> Option<PhoneError> {
    let lengths = number
        .metadata(&DATABASE)?
        .descriptors()
        .mobile()?
        .possible_length();
    let digits = u16::try_from(number.national().to_string().len()).ok()?;
    let (min, max) = (lengths.iter().min()?, lengths.iter().max()?);
    if digits > *max {
        Some(PhoneError::TooLong)
    } else if digits < *min {
        Some(PhoneError::TooShort)
    } else {
        None
    }
}

/// Masks a grouped number: the country code and the first group stay, so do the last
/// two digits; every other digit becomes `*`. Separators stay where they are.
pub fn mask_grouped(grouped: &str) -> String {
    let total_digits = grouped.chars().filter(char::is_ascii_digit).count();
    // Index of the end of the second group (country code, then the first group).
    let mut groups_seen = 0;
    let mut in_group = false;
    let mut digits_seen = 0;
    let mut out = String::with_capacity(grouped.len());
    for c in grouped.chars() {
        let is_part = c.is_ascii_digit() || c == '+';
        if is_part && !in_group {
            groups_seen += 1;
        }
        in_group = is_part;
        if c.is_ascii_digit() {
            digits_seen += 1;
            let in_head = groups_seen <= 2;
            let in_tail = digits_seen > total_digits.saturating_sub(VISIBLE_TAIL);
            out.push(if in_head || in_tail { c } else { '*' });
        } else {
            out.push(c);
        }
    }
    out
}

/// Loads the phone number metadata (compiled on first use, slow in a debug build) so that
/// the first number typed does not pay for it. Call it off the UI thread.
pub fn warm_up() {
    let _ = DATABASE.by_id("SE");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn se(raw: &str) -> Result<MobileNumber, PhoneError> {
        MobileNumber::parse(raw, "SE")
    }

    #[test]
    fn swedish_mobiles_in_every_usual_spelling() {
        for raw in [
            "070-123 45 67",
            "0701234567",
            "+46701234567",
            "+46 70 123 45 67",
            "0046701234567",
            " 070 123 45 67 ",
            "(070) 123 45 67",
        ] {
            let n = se(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(n.e164(), "+46701234567", "{raw}");
            assert_eq!(n.grouped(), "+46 70 123 45 67");
            assert_eq!(n.national(), "070-123 45 67");
            assert_eq!(n.masked(), "+46 70 *** ** 67");
        }
    }

    #[test]
    fn the_documents_example_has_one_digit_too_many() {
        assert_eq!(se("+46 70 123 45 678").unwrap_err(), PhoneError::TooLong);
        assert_eq!(se("070 123 45").unwrap_err(), PhoneError::TooShort);
    }

    #[test]
    fn other_countries_need_their_code() {
        let it = se("+39 312 345 6789").unwrap();
        assert_eq!(it.e164(), "+393123456789");
        assert_eq!(it.grouped(), "+39 312 345 6789");
        assert_eq!(it.masked(), "+39 312 *** **89");
        // The same digits in Italy's own region.
        assert_eq!(MobileNumber::parse("312 345 6789", "IT").unwrap(), it);
        let us = se("+1 202 555 0123").unwrap();
        assert_eq!(us.masked(), "+1 202-***-**23");
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(se("").unwrap_err(), PhoneError::Empty);
        assert_eq!(se("   ").unwrap_err(), PhoneError::Empty);
        assert_eq!(se("070-ABC").unwrap_err(), PhoneError::BadCharacters);
        assert_eq!(se("070#1234567").unwrap_err(), PhoneError::BadCharacters);
        assert_eq!(se("46+701234567").unwrap_err(), PhoneError::BadCharacters);
        assert_eq!(se("--").unwrap_err(), PhoneError::Invalid);
        assert_eq!(se(&"1".repeat(40)).unwrap_err(), PhoneError::TooLong);
        // A Stockholm landline is a valid number but takes no SMS.
        assert_eq!(se("08-123 456 78").unwrap_err(), PhoneError::NotMobile);
        // Input that once made the parser panic.
        assert!(se("  2 22#:").is_err());
        assert!(MobileNumber::parse("003-836-4618x3001", "CH").is_err());
    }

    #[test]
    fn stored_numbers_read_back() {
        let n = MobileNumber::from_e164("+46701234567").unwrap();
        assert_eq!(n.grouped(), "+46 70 123 45 67");
        assert!(MobileNumber::from_e164("not a number").is_none());
        assert!(MobileNumber::from_e164("+4670").is_none());
        assert_eq!(format!("{n:?}"), "MobileNumber(+46 70 *** ** 67)");
    }

    #[test]
    fn examples_come_from_the_metadata() {
        let ex = example("SE").unwrap();
        assert_eq!(ex.grouped(), "+46 70 123 45 67");
        assert_eq!(ex.national(), "070-123 45 67");
        assert!(example("IT").is_some());
        assert!(example("XX").is_none());
    }

    #[test]
    fn masking_keeps_separators_and_the_tail() {
        assert_eq!(mask_grouped("+46 70 123 45 67"), "+46 70 *** ** 67");
        assert_eq!(mask_grouped("+44 7911 123456"), "+44 7911 ****56");
        assert_eq!(mask_grouped(""), "");
    }
}
