//! One-time codes sent by SMS: six digits made from random draws the caller supplies (the
//! service draws them from the OS CSPRNG through [`crate::random::Random`]), kept only as a
//! keyed HMAC-SHA256 that binds the code to its account, purpose, kiosk session and target
//! number, and checked in constant time. Pure: no I/O, no random source of its own.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Digits in a code.
pub const CODE_DIGITS: usize = 6;

/// Number of distinct codes (10^6).
const CODE_SPACE: u32 = 1_000_000;

/// Draws at or above this are redrawn: it is the largest multiple of 10^6 that fits in a
/// u32, so every code keeps exactly the same chance (no modulo bias).
const DRAW_LIMIT: u32 = (u32::MAX / CODE_SPACE) * CODE_SPACE;

/// Domain separation for the MAC input, versioned so the layout can change later.
const MAC_LABEL: &[u8] = b"kiosk one-time code v1";

/// A one-time code: exactly six ASCII digits, zeroized on drop. `Debug` prints `***`;
/// there is no `Display` (only the SMS text needs it: [`OneTimeCode::expose`]).
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct OneTimeCode(String);

/// Why typed text is not a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("no code was typed")]
    Empty,
    #[error("a code has only digits")]
    NotDigits,
    #[error("a code has exactly 6 digits")]
    WrongLength,
}

/// The random number generator did not answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the random number generator failed: {0}")]
pub struct RngError(String);

impl RngError {
    pub fn new(reason: impl Into<String>) -> Self {
        Self(reason.into())
    }
}

/// The key was refused (HMAC takes any length, so only an empty key is refused here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the code key is empty")]
pub struct KeyError;

impl OneTimeCode {
    /// Turns uniform 32-bit draws into a uniform code by rejection sampling, then
    /// zero-pads it to six digits. Pure, so the sampling can be tested with chosen draws.
    pub fn from_draws<E>(mut draw: impl FnMut() -> Result<u32, E>) -> Result<Self, E> {
        loop {
            let value = draw()?;
            if value < DRAW_LIMIT {
                return Ok(Self(format!("{:06}", value % CODE_SPACE)));
            }
        }
    }

    /// Reads a code as typed: spaces and dashes are ignored ("123 456", "123-456").
    pub fn parse(typed: &str) -> Result<Self, CodeError> {
        let digits: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.is_empty() {
            return Err(CodeError::Empty);
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(CodeError::NotDigits);
        }
        if digits.len() != CODE_DIGITS {
            return Err(CodeError::WrongLength);
        }
        Ok(Self(digits))
    }

    /// The six digits; for the SMS text only. Keep the borrow short.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OneTimeCode(***)")
    }
}

/// What a code is for. Part of the MAC: a code made for one purpose never passes for
/// another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodePurpose {
    /// Proving who you are at a password reset.
    Reset,
    /// Confirming a new mobile number in the profile.
    ConfirmMobile,
    /// The second factor of an office staff sign-in.
    StaffSignIn,
}

impl CodePurpose {
    /// The name stored in the database and written to the audit log.
    pub fn name(self) -> &'static str {
        match self {
            CodePurpose::Reset => "reset",
            CodePurpose::ConfirmMobile => "confirm_mobile",
            CodePurpose::StaffSignIn => "staff_sign_in",
        }
    }
}

/// Everything a code is bound to: the same code typed for another account, purpose,
/// session or number does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeBinding<'a> {
    pub account_id: i64,
    pub purpose: CodePurpose,
    /// The kiosk session the code was requested in ([`SessionRef`], prefixed by the kiosk id).
    pub session: &'a str,
    /// The E.164 number the code was sent to.
    pub target: &'a str,
}

impl CodeBinding<'_> {
    /// The MAC input: a label, then each field with its length in front, so no two
    /// different bindings can produce the same bytes.
    fn feed(&self, mac: &mut Hmac<Sha256>, code: &OneTimeCode) {
        let account = self.account_id.to_be_bytes();
        let fields: [&[u8]; 6] = [
            MAC_LABEL,
            self.purpose.name().as_bytes(),
            &account,
            self.session.as_bytes(),
            self.target.as_bytes(),
            code.expose().as_bytes(),
        ];
        for field in fields {
            mac.update(&(field.len() as u64).to_be_bytes());
            mac.update(field);
        }
    }
}

/// The HMAC-SHA256 key for codes (shared by all kiosks on one database). `Debug` hides it.
#[derive(Clone)]
pub struct CodeKey(Hmac<Sha256>);

impl CodeKey {
    /// A key from its bytes; the keyed state is computed once and cloned per use.
    pub fn new(key: &[u8]) -> Result<Self, KeyError> {
        if key.is_empty() {
            return Err(KeyError);
        }
        Hmac::<Sha256>::new_from_slice(key)
            .map(Self)
            .map_err(|_| KeyError)
    }

    /// The value stored for `code`: lowercase hex of HMAC-SHA256(key, binding ‖ code).
    pub fn seal(&self, binding: &CodeBinding<'_>, code: &OneTimeCode) -> String {
        let mut mac = self.0.clone();
        binding.feed(&mut mac, code);
        to_hex(&mac.finalize().into_bytes())
    }

    /// Whether `code` is the one sealed in `stored` for this binding. The comparison runs
    /// in constant time (`Mac::verify_slice`), so timing does not reveal matching bytes.
    pub fn verify(&self, binding: &CodeBinding<'_>, code: &OneTimeCode, stored: &str) -> bool {
        let Some(expected) = from_hex(stored) else {
            return false;
        };
        let mut mac = self.0.clone();
        binding.feed(&mut mac, code);
        mac.verify_slice(&expected).is_ok()
    }

    /// 64 bits derived from `input` under this key for `label` (stable decoys for unknown
    /// names: the same name always looks the same, and nobody without the key can predict it).
    pub fn derive(&self, label: &str, input: &str) -> u64 {
        let mut mac = self.0.clone();
        for field in [MAC_LABEL, b"derive", label.as_bytes(), input.as_bytes()] {
            mac.update(&(field.len() as u64).to_be_bytes());
            mac.update(field);
        }
        let bytes = mac.finalize().into_bytes();
        let mut first = [0u8; 8];
        first.copy_from_slice(&bytes[..8]);
        u64::from_be_bytes(first)
    }
}

impl fmt::Debug for CodeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CodeKey(***)")
    }
}

/// An unguessable reference to one kiosk session (one walk from Welcome to Done, wiped at
/// the idle timeout). A code is bound to the session that asked for it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SessionRef(String);

impl SessionRef {
    /// 128 bits from four uniform 32-bit draws, as hex.
    pub fn from_draws<E>(mut draw: impl FnMut() -> Result<u32, E>) -> Result<Self, E> {
        let mut hex = String::with_capacity(32);
        for _ in 0..4 {
            hex.push_str(&format!("{:08x}", draw()?));
        }
        Ok(Self(hex))
    }

    /// A reference from its text (tests; a value read back).
    pub fn from_string(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Enough to tell sessions apart in a log, not enough to pose as one.
        let head: String = self.0.chars().take(4).collect();
        write!(f, "SessionRef({head}…)")
    }
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) || !hex.is_ascii() {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(session: &str) -> CodeBinding<'_> {
        CodeBinding {
            account_id: 7,
            purpose: CodePurpose::Reset,
            session,
            target: "+46701234567",
        }
    }

    fn code(s: &str) -> OneTimeCode {
        OneTimeCode::parse(s).unwrap()
    }

    /// A seeded source standing in for the OS generator.
    fn draws(seed: u64) -> impl FnMut() -> Result<u32, RngError> {
        let random = crate::random::SeededRandom::new(seed);
        move || crate::random::Random::next_u32(&random)
    }

    #[test]
    fn codes_are_six_zero_padded_digits() {
        let c = OneTimeCode::from_draws(|| Ok::<_, ()>(42)).unwrap();
        assert_eq!(c.expose(), "000042");
        let c = OneTimeCode::from_draws(|| Ok::<_, ()>(DRAW_LIMIT - 1)).unwrap();
        assert_eq!(c.expose(), "999999");
        let mut draw = draws(1);
        for _ in 0..200 {
            let c = OneTimeCode::from_draws(&mut draw).unwrap();
            assert_eq!(c.expose().len(), 6);
            assert!(c.expose().bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn draws_in_the_biased_tail_are_redrawn() {
        // 4_294_000_000 ..= u32::MAX would map onto 000000..967295 a 4295th time.
        assert_eq!(DRAW_LIMIT, 4_294_000_000);
        let mut draws = [u32::MAX, DRAW_LIMIT, 123_456].into_iter();
        let c = OneTimeCode::from_draws(|| draws.next().ok_or(())).unwrap();
        assert_eq!(c.expose(), "123456");
        assert_eq!(draws.next(), None);
        // Every residue class below the limit occurs exactly DRAW_LIMIT / 10^6 times.
        assert_eq!(DRAW_LIMIT % CODE_SPACE, 0);
    }

    #[test]
    fn generated_codes_spread_over_the_first_digit() {
        let mut seen = [0u32; 10];
        let mut draw = draws(2);
        for _ in 0..5000 {
            let c = OneTimeCode::from_draws(&mut draw).unwrap();
            seen[usize::from(c.expose().as_bytes()[0] - b'0')] += 1;
        }
        // 500 expected per digit; 300 is far outside chance for a uniform source.
        assert!(seen.iter().all(|&n| n > 300), "{seen:?}");
    }

    #[test]
    fn parse_ignores_spaces_and_dashes_only() {
        assert_eq!(code(" 123 456 ").expose(), "123456");
        assert_eq!(code("123-456").expose(), "123456");
        assert_eq!(OneTimeCode::parse("   "), Err(CodeError::Empty));
        assert_eq!(OneTimeCode::parse("12345"), Err(CodeError::WrongLength));
        assert_eq!(OneTimeCode::parse("1234567"), Err(CodeError::WrongLength));
        assert_eq!(OneTimeCode::parse("12a456"), Err(CodeError::NotDigits));
        // Other scripts' digits are not ASCII digits.
        assert_eq!(OneTimeCode::parse("١٢٣٤٥٦"), Err(CodeError::NotDigits));
        assert_eq!(format!("{:?}", code("123456")), "OneTimeCode(***)");
    }

    #[test]
    fn seal_binds_every_field() {
        let key = CodeKey::new(&[9u8; 32]).unwrap();
        let c = code("123456");
        let b = binding("kiosk-1/abc");
        let sealed = key.seal(&b, &c);
        assert_eq!(sealed.len(), 64);
        assert!(!sealed.contains("123456"));
        assert!(key.verify(&b, &c, &sealed));
        assert!(!key.verify(&b, &code("123457"), &sealed));
        assert!(!key.verify(&binding("kiosk-1/abd"), &c, &sealed));
        let other_account = CodeBinding { account_id: 8, ..b };
        assert!(!key.verify(&other_account, &c, &sealed));
        let other_purpose = CodeBinding {
            purpose: CodePurpose::ConfirmMobile,
            ..b
        };
        assert!(!key.verify(&other_purpose, &c, &sealed));
        let other_target = CodeBinding {
            target: "+46701234568",
            ..b
        };
        assert!(!key.verify(&other_target, &c, &sealed));
        let other_key = CodeKey::new(&[8u8; 32]).unwrap();
        assert!(!other_key.verify(&b, &c, &sealed));
        // Moving bytes between fields changes the MAC (lengths are part of the input).
        let shifted = CodeBinding {
            session: "kiosk-1/ab",
            target: "c+46701234567",
            ..b
        };
        assert_ne!(key.seal(&shifted, &c), sealed);
    }

    #[test]
    fn corrupt_stored_values_never_verify() {
        let key = CodeKey::new(b"k").unwrap();
        let c = code("000000");
        let b = binding("s");
        for stored in ["", "zz", "abc", "é1", &"0".repeat(64)] {
            assert!(!key.verify(&b, &c, stored), "{stored:?}");
        }
        assert_eq!(CodeKey::new(&[]).unwrap_err(), KeyError);
        assert_eq!(format!("{key:?}"), "CodeKey(***)");
    }

    #[test]
    fn derived_values_are_stable_and_keyed() {
        let key = CodeKey::new(&[1u8; 32]).unwrap();
        assert_eq!(key.derive("decoy", "nobody"), key.derive("decoy", "nobody"));
        assert_ne!(
            key.derive("decoy", "nobody"),
            key.derive("decoy", "nobody2")
        );
        assert_ne!(key.derive("decoy", "nobody"), key.derive("other", "nobody"));
        let other = CodeKey::new(&[2u8; 32]).unwrap();
        assert_ne!(
            key.derive("decoy", "nobody"),
            other.derive("decoy", "nobody")
        );
    }

    #[test]
    fn session_refs_are_random_and_hidden_in_logs() {
        let mut draw = draws(3);
        let a = SessionRef::from_draws(&mut draw).unwrap();
        let b = SessionRef::from_draws(&mut draw).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 32);
        assert!(!format!("{a:?}").contains(a.as_str()));
    }

    #[test]
    fn purposes_have_stable_names() {
        assert_eq!(CodePurpose::Reset.name(), "reset");
        assert_eq!(CodePurpose::ConfirmMobile.name(), "confirm_mobile");
        assert_eq!(CodePurpose::StaffSignIn.name(), "staff_sign_in");
    }
}
