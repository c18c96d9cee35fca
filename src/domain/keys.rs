//! The school's secret key file, in memory: every HMAC key of the kiosk (one-time codes,
//! decoy questions, name tags, the audit chain) and the optional password pepper are
//! derived from it, one key per purpose, so
//! a copy of the database alone verifies nothing. Pure: reading and writing the file is
//! `crate::keyfile`'s.
//!
//! The file is text: `#` comments and one `kiosk-key-v1 <64+ hex digits>` line per key. The
//! first key is the current one; later ones are older keys kept only to verify the audit
//! rows they signed and the hashes they peppered (a rotation puts a new key first).

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::chain::AuditKeys;

/// Bytes of a new key (256 bits).
pub const KEY_BYTES: usize = 32;

/// The word that starts a key line.
const KEY_WORD: &str = "kiosk-key-v1";

/// What a derived key is for; each purpose has its own key, so one never stands in for
/// another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// HMACs of one-time codes (`one_time_codes.code_hmac`).
    Codes,
    /// Which questions and methods an unknown name is shown.
    Decoys,
    /// Tags of typed names (sign-in throttle, `unknown:` audit names).
    NameTags,
    /// The audit chain's MACs.
    Audit,
    /// argon2's secret input for password and answer hashes (`keys.pepper`).
    Pepper,
    /// Seals the crypt hashes waiting in the push-target retry queue.
    TargetQueue,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Purpose::Codes => b"kiosk/v1/one-time-codes",
            Purpose::Decoys => b"kiosk/v1/questions-decoy",
            Purpose::NameTags => b"kiosk/v1/name-tags",
            Purpose::Audit => b"kiosk/v1/audit-chain",
            Purpose::Pepper => b"kiosk/v1/password-pepper",
            Purpose::TargetQueue => b"kiosk/v1/target-queue",
        }
    }
}

/// Why a key file's text was refused. Never quotes the text (it is key material).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFormatError {
    #[error("line {0} is not `{KEY_WORD} <hex>`")]
    Line(usize),
    #[error("line {0}: a key must be at least {KEY_BYTES} bytes (64 hex digits)")]
    Short(usize),
    #[error("line {0}: the same key twice")]
    Duplicate(usize),
    #[error("it holds no key")]
    Empty,
}

/// One key of the file.
struct MasterKey {
    id: String,
    bytes: Zeroizing<Vec<u8>>,
}

impl MasterKey {
    fn new(bytes: Zeroizing<Vec<u8>>) -> Self {
        let id = hex(&hmac(&bytes, b"kiosk/v1/key-id")[..4]);
        Self { id, bytes }
    }

    fn derive(&self, purpose: Purpose) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(hmac(&self.bytes, purpose.label()))
    }
}

/// The keys of the file: the current one first, then older ones (they only verify).
/// `Debug` shows the key ids, never a key.
pub struct KeyRing {
    keys: Vec<MasterKey>,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRing").field("ids", &self.ids()).finish()
    }
}

impl KeyRing {
    /// Reads a key file's text.
    pub fn parse(text: &str) -> Result<Self, KeyFormatError> {
        let mut keys: Vec<MasterKey> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split_whitespace();
            let (Some(KEY_WORD), Some(digits), None) = (words.next(), words.next(), words.next())
            else {
                return Err(KeyFormatError::Line(line_no));
            };
            let bytes = from_hex(digits).ok_or(KeyFormatError::Line(line_no))?;
            if bytes.len() < KEY_BYTES {
                return Err(KeyFormatError::Short(line_no));
            }
            if keys.iter().any(|k| *k.bytes == *bytes) {
                return Err(KeyFormatError::Duplicate(line_no));
            }
            keys.push(MasterKey::new(bytes));
        }
        if keys.is_empty() {
            return Err(KeyFormatError::Empty);
        }
        Ok(Self { keys })
    }

    /// The text of a key file whose current key is `new`, followed by `older` (a rotation
    /// keeps the keys of the file it replaces).
    pub fn file_text(new: &[u8], older: Option<&KeyRing>) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::from(
            "# kiosk secret key file: mode 0600, owner the kiosk user, the same file on every\n\
             # kiosk of the school. The first key is current; later ones only verify older\n\
             # audit rows and peppered hashes. Keep it out of the database and its backups.\n",
        ));
        let lines = std::iter::once(new).chain(
            older
                .into_iter()
                .flat_map(|r| r.keys.iter().map(|k| k.bytes.as_slice())),
        );
        for bytes in lines {
            text.push_str(KEY_WORD);
            text.push(' ');
            text.push_str(&Zeroizing::new(hex(bytes)));
            text.push('\n');
        }
        text
    }

    /// The current key's id (8 hex digits, not secret): stored with each audit row.
    pub fn current_id(&self) -> &str {
        &self.keys[0].id
    }

    /// Every key id, current first.
    pub fn ids(&self) -> Vec<&str> {
        self.keys.iter().map(|k| k.id.as_str()).collect()
    }

    /// The current key for `purpose`.
    pub fn derive(&self, purpose: Purpose) -> Zeroizing<[u8; 32]> {
        self.keys[0].derive(purpose)
    }

    /// The audit keys of every key in the file: the current one signs, all verify.
    pub fn audit_keys(&self) -> AuditKeys {
        AuditKeys::new(
            self.keys
                .iter()
                .map(|k| (k.id.clone(), k.derive(Purpose::Audit)))
                .collect(),
        )
    }

    /// The pepper of every key in the file, by key id: the current one peppers new hashes,
    /// all verify (a hash names the key that peppered it).
    pub fn peppers(&self) -> Vec<(String, Zeroizing<[u8; 32]>)> {
        self.keys
            .iter()
            .map(|k| (k.id.clone(), k.derive(Purpose::Pepper)))
            .collect()
    }

    /// Whether `haystack` (a database file, a table dumped as text) holds a key of this
    /// ring or one derived from it: raw, or as hex in either case. For tests and audits
    /// that scan a database; says nothing about the key itself.
    pub fn appears_in(&self, haystack: &[u8]) -> bool {
        let lower = haystack.to_ascii_lowercase();
        let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        self.keys.iter().any(|k| {
            let derived = [
                Purpose::Codes,
                Purpose::Decoys,
                Purpose::NameTags,
                Purpose::Audit,
                Purpose::Pepper,
            ]
            .map(|p| Zeroizing::new(k.derive(p).to_vec()));
            std::iter::once(Zeroizing::new(k.bytes.to_vec()))
                .chain(derived)
                .any(|key| {
                    contains(haystack, &key)
                        || contains(&lower, Zeroizing::new(hex(&key)).as_bytes())
                })
        })
    }
}

fn hmac(key: &[u8], label: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length, so this never fails (`parse` refuses short keys).
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return [0; 32];
    };
    mac.update(label);
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(s: &str) -> Option<Zeroizing<Vec<u8>>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    let mut out = Zeroizing::new(Vec::with_capacity(s.len() / 2));
    for i in (0..s.len()).step_by(2) {
        out.push(u8::from_str_radix(s.get(i..i + 2)?, 16).ok()?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(byte: u8) -> KeyRing {
        KeyRing::parse(&KeyRing::file_text(&[byte; 32], None)).unwrap()
    }

    #[test]
    fn a_written_file_reads_back_with_the_same_keys() {
        let a = ring(1);
        assert_eq!(a.current_id().len(), 8);
        assert_eq!(*a.derive(Purpose::Codes), *ring(1).derive(Purpose::Codes));
        assert_ne!(*a.derive(Purpose::Codes), *ring(2).derive(Purpose::Codes));
        // Each purpose its own key.
        assert_ne!(*a.derive(Purpose::Codes), *a.derive(Purpose::NameTags));
        assert_ne!(*a.derive(Purpose::Decoys), *a.derive(Purpose::Audit));
        assert_ne!(*a.derive(Purpose::Pepper), *a.derive(Purpose::Audit));
    }

    #[test]
    fn a_rotation_puts_the_new_key_first_and_keeps_the_old() {
        let old = ring(1);
        let rotated = KeyRing::parse(&KeyRing::file_text(&[2; 32], Some(&old))).unwrap();
        assert_eq!(rotated.ids(), [ring(2).current_id(), old.current_id()]);
        let peppers = rotated.peppers();
        assert_eq!(peppers[1].0, old.current_id());
        assert_eq!(*peppers[1].1, *old.derive(Purpose::Pepper));
        assert_eq!(
            *rotated.derive(Purpose::Codes),
            *ring(2).derive(Purpose::Codes)
        );
    }

    #[test]
    fn malformed_files_are_refused_without_quoting_them() {
        let short = format!("{KEY_WORD} {}\n", "ab".repeat(16));
        assert_eq!(
            KeyRing::parse(&short).unwrap_err(),
            KeyFormatError::Short(1)
        );
        assert_eq!(
            KeyRing::parse("# only a comment\n\n").unwrap_err(),
            KeyFormatError::Empty
        );
        let bad = format!("# c\n{KEY_WORD} {}zz\n", "ab".repeat(32));
        let e = KeyRing::parse(&bad).unwrap_err();
        assert_eq!(e, KeyFormatError::Line(2));
        assert!(!e.to_string().contains("abab"));
        let twice = format!("{0} {1}\n{0} {1}\n", KEY_WORD, "cd".repeat(32));
        assert_eq!(
            KeyRing::parse(&twice).unwrap_err(),
            KeyFormatError::Duplicate(2)
        );
    }

    #[test]
    fn labels_never_change() {
        // Changing a label changes every key derived with it: shipped labels are fixed.
        let k = ring(7);
        assert_eq!(
            hex(&*k.derive(Purpose::Pepper)),
            hex(&hmac(&[7; 32], b"kiosk/v1/password-pepper"))
        );
    }

    #[test]
    fn debug_shows_ids_only() {
        let r = ring(0xab);
        let shown = format!("{r:?}");
        assert!(shown.contains(r.current_id()));
        assert!(!shown.contains("abab"));
        assert!(r.appears_in(format!("x{}y", "AB".repeat(32)).as_bytes()));
        assert!(r.appears_in(&[[0u8; 3].as_slice(), &[0xab; 32]].concat()));
        let tags = hex(&*r.derive(Purpose::NameTags)).to_uppercase();
        assert!(r.appears_in(tags.as_bytes()));
        assert!(!r.appears_in(b"nothing here"));
    }
}
