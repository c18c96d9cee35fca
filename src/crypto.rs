//! argon2id password hashing with PHC strings. Everything here is CPU-bound and blocking:
//! async callers go through `tokio::task::spawn_blocking` (see `service`).
//!
//! argon2's memory (19 MiB a hash by default) is ours, not the crate's: at most
//! [`ARGON2_AT_ONCE`] computations run at once in the process, whatever thread asks, and each
//! buffer goes back to the operating system when the work is done (see [`Argon2Memory`]), so
//! an idle kiosk holds none of it.
//!
//! With the pepper on (`keys.pepper`), new hashes take argon2's secret input, derived from
//! the key file, and name the key in the PHC string's `keyid=` parameter; a hash without
//! `keyid` was made without a pepper. Every key of the file verifies, whatever the setting.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, KeyId, Params, ParamsBuilder, Version};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use crate::config::HashingSettings;
use crate::domain::secret::Secret;

/// Hashing failed (bad parameters or a corrupt stored hash).
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    /// Parameters argon2 refuses, or a raw hash that failed.
    #[error("argon2: {0}")]
    Argon2(#[from] argon2::Error),
    /// Hashing or verifying a PHC string failed.
    #[error("argon2: {0}")]
    Hash(#[from] argon2::password_hash::Error),
    /// Building a PHC string failed.
    #[error("argon2: {0}")]
    Phc(#[from] argon2::password_hash::phc::Error),
    #[error("argon2: history worker panicked")]
    WorkerPanicked,
    #[error("stored hash is not a valid PHC string")]
    BadHash,
    /// A peppered hash whose key is no longer in the key file.
    #[error("a password hash was peppered with key {0}, which the key file no longer holds")]
    UnknownKey(String),
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    Mismatch,
    /// `needs_rehash`: the hash used weaker parameters than configured.
    Match {
        needs_rehash: bool,
    },
}

/// A pepper key and its key id (the key file's, 8 hex digits: fits argon2's 8-byte keyid).
pub type Pepper = (String, Zeroizing<[u8; 32]>);

/// argon2id with the configured parameters.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    /// The key file's peppers, current first; all verify.
    peppers: Arc<Vec<Pepper>>,
    /// Whether new hashes take the current pepper.
    pepper_new: bool,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.peppers.iter().map(|(id, _)| id.as_str()).collect();
        write!(
            f,
            "PasswordHasher({:?}, pepper: {}, keys: {ids:?})",
            self.params, self.pepper_new
        )
    }
}

impl PasswordHasher {
    pub fn new(settings: &HashingSettings) -> Result<Self, CryptoError> {
        let params = Params::new(
            settings.memory_kib,
            settings.iterations,
            settings.parallelism,
            None,
        )?;
        Ok(Self {
            params,
            peppers: Arc::default(),
            pepper_new: false,
        })
    }

    /// The key file's peppers (`KeyRing::peppers`, current first) for verifying, and whether
    /// new hashes take the current one.
    pub fn with_peppers(
        mut self,
        peppers: Vec<Pepper>,
        pepper_new: bool,
    ) -> Result<Self, CryptoError> {
        self.peppers = Arc::new(peppers);
        self.pepper_new = pepper_new && !self.peppers.is_empty();
        Ok(self)
    }

    /// argon2id with the configured parameters and, with the pepper on, the current key.
    fn current(&self) -> Result<Argon2<'_>, CryptoError> {
        Ok(match self.peppers.first().filter(|_| self.pepper_new) {
            Some((id, key)) => {
                let params = ParamsBuilder::new()
                    .m_cost(self.params.m_cost())
                    .t_cost(self.params.t_cost())
                    .p_cost(self.params.p_cost())
                    .keyid(KeyId::new(id.as_bytes())?)
                    .build()?;
                Argon2::new_with_secret(
                    key.as_slice(),
                    Algorithm::Argon2id,
                    Version::V0x13,
                    params,
                )?
            }
            None => Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone()),
        })
    }

    /// `bytes` hashed with the current settings and `salt`: the PHC string argon2's own
    /// `hash_password` makes, computed in our memory.
    fn hash_with_salt(&self, bytes: &[u8], salt: &[u8]) -> Result<String, CryptoError> {
        let argon2 = self.current()?;
        let params = argon2.params();
        let mut out = Zeroizing::new([0u8; Params::DEFAULT_OUTPUT_LEN]);
        let mut memory = Argon2Memory::take(params.block_count());
        argon2.hash_password_into_with_memory(bytes, salt, &mut out[..], memory.blocks())?;
        drop(memory);
        let hash = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(params)?,
            salt: Some(Salt::new(salt)?),
            hash: Some(Output::new(&out[..])?),
        };
        Ok(hash.to_string())
    }

    /// The pepper a stored hash names (`None`: made without one).
    fn pepper_of(&self, keyid: &[u8]) -> Result<Option<&[u8]>, CryptoError> {
        if keyid.is_empty() {
            return Ok(None);
        }
        self.peppers
            .iter()
            .find(|(id, _)| id.as_bytes() == keyid)
            .map(|(_, key)| Some(key.as_slice()))
            .ok_or_else(|| CryptoError::UnknownKey(String::from_utf8_lossy(keyid).into_owned()))
    }

    /// A PHC string for the (already normalised) secret, with a fresh random salt.
    pub fn hash(&self, secret: &Secret) -> Result<String, CryptoError> {
        let mut salt = [0u8; Salt::RECOMMENDED_LENGTH];
        rand::fill(&mut salt);
        self.hash_with_salt(secret.expose().as_bytes(), &salt)
    }

    /// Checks `secret` against a stored PHC string (any argon2 variant and parameters).
    pub fn verify(&self, phc: &str, secret: &Secret) -> Result<Verification, CryptoError> {
        let parsed = PasswordHash::new(phc).map_err(|_| CryptoError::BadHash)?;
        let params = Params::try_from(&parsed).map_err(|_| CryptoError::BadHash)?;
        let mut stored = Parsed::new(phc)?;
        stored.pepper = self
            .pepper_of(params.keyid())?
            .map(<[u8]>::to_vec)
            .map(Zeroizing::new);
        let mut memory = Argon2Memory::take(stored.params.block_count());
        let mut out = Zeroizing::new([0u8; 64]);
        if stored.matches(secret.expose().as_bytes(), memory.blocks(), &mut out)? {
            Ok(Verification::Match {
                needs_rehash: self.is_weaker(&parsed) || self.wants_other_pepper(&params),
            })
        } else {
            Ok(Verification::Mismatch)
        }
    }

    /// Spends the time of one verification with the current settings, for a username that
    /// does not exist: the same argon2 work, and nothing computed ahead of the first frame.
    pub fn verify_dummy(&self, secret: &Secret) {
        let _ = self.hash_with_salt(secret.expose().as_bytes(), &[0u8; Salt::RECOMMENDED_LENGTH]);
    }

    /// With the pepper on, a hash without it, or with an older key's, is made again.
    fn wants_other_pepper(&self, params: &Params) -> bool {
        self.pepper_new
            && self
                .peppers
                .first()
                .is_none_or(|(id, _)| id.as_bytes() != params.keyid())
    }

    fn is_weaker(&self, hash: &PasswordHash) -> bool {
        if hash.algorithm.as_str() != "argon2id" {
            return true;
        }
        match Params::try_from(hash) {
            Ok(p) => {
                p.m_cost() < self.params.m_cost()
                    || p.t_cost() < self.params.t_cost()
                    || p.p_cost() < self.params.p_cost()
            }
            Err(_) => true,
        }
    }

    /// True when `secret` matches any of the stored hashes (the password history), peppered
    /// or not. A hash whose key has left the key file cannot be checked and is skipped.
    /// Uses up to two threads, each reusing one memory block buffer: allocating 19 MiB
    /// per verification costs more than the parallelism gains.
    pub fn matches_any(&self, secret: &Secret, hashes: &[String]) -> Result<bool, CryptoError> {
        let mut parsed: Vec<Parsed> = Vec::with_capacity(hashes.len());
        for h in hashes {
            let mut p = Parsed::new(h)?;
            match self.pepper_of(&p.keyid) {
                Ok(pepper) => p.pepper = pepper.map(<[u8]>::to_vec).map(Zeroizing::new),
                Err(CryptoError::UnknownKey(_)) => continue,
                Err(e) => return Err(e),
            }
            parsed.push(p);
        }
        if parsed.is_empty() {
            return Ok(false);
        }
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 2)
            .min(parsed.len());
        let found = AtomicBool::new(false);
        let pwd = secret.expose().as_bytes();
        let result: Result<(), CryptoError> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let parsed = &parsed;
                    let found = &found;
                    scope.spawn(move || -> Result<(), CryptoError> {
                        let max_blocks = parsed
                            .iter()
                            .skip(t)
                            .step_by(threads)
                            .map(|p| p.params.block_count())
                            .max()
                            .unwrap_or(0);
                        // One buffer for all this thread's hashes.
                        let mut memory = Argon2Memory::take(max_blocks);
                        let mut out = Zeroizing::new([0u8; 64]);
                        for p in parsed.iter().skip(t).step_by(threads) {
                            if found.load(Ordering::Relaxed) {
                                break;
                            }
                            if p.matches(pwd, memory.blocks(), &mut out)? {
                                found.store(true, Ordering::Relaxed);
                            }
                        }
                        Ok(())
                    })
                })
                .collect();
            for h in handles {
                h.join().map_err(|_| CryptoError::WorkerPanicked)??;
            }
            Ok(())
        });
        result?;
        Ok(found.load(Ordering::Relaxed))
    }
}

/// The most argon2 computations running at once in the process; more wait for a turn. Two:
/// the history check's two threads (more would not fit a 60 MB budget at 19 MiB each).
pub const ARGON2_AT_ONCE: usize = 2;

/// glibc serves a large allocation with its own mapping and unmaps it when freed, but the
/// first such free raises its mapping threshold to the freed size (up to 32 MiB), after which
/// 19 MiB buffers come from per-thread arenas that keep them: hundreds of MB with tokio's
/// blocking threads. A reservation above 32 MiB is always mapped and never raises the
/// threshold; only the blocks used are ever touched, so only they are resident.
const ALWAYS_MAPPED_BLOCKS: usize = 32 * 1024 + 1;

/// Turns to run argon2: a counting semaphore (std has none).
struct Turns {
    running: Mutex<usize>,
    freed: Condvar,
}

static TURNS: Turns = Turns {
    running: Mutex::new(0),
    freed: Condvar::new(),
};

/// argon2's work memory for one thread: taken with a turn, zeroed and returned to the
/// operating system on drop. Reused for every hash the holder computes (the history check).
pub struct Argon2Memory {
    blocks: Vec<Block>,
}

impl Argon2Memory {
    /// Waits for a turn (see [`ARGON2_AT_ONCE`]), then maps `blocks` zeroed blocks.
    pub fn take(blocks: usize) -> Self {
        let mut running = TURNS.running.lock().unwrap_or_else(PoisonError::into_inner);
        while *running >= ARGON2_AT_ONCE {
            running = TURNS
                .freed
                .wait(running)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *running += 1;
        drop(running);
        let mut memory = Vec::with_capacity(blocks.max(ALWAYS_MAPPED_BLOCKS));
        memory.resize(blocks, Block::default());
        Self { blocks: memory }
    }

    pub fn blocks(&mut self) -> &mut [Block] {
        &mut self.blocks
    }

    /// Bytes reserved (mapped, not necessarily resident): above glibc's largest threshold.
    pub fn reserved_bytes(&self) -> usize {
        self.blocks.capacity() * Block::SIZE
    }
}

impl Drop for Argon2Memory {
    fn drop(&mut self) {
        // The blocks hold values derived from the password.
        self.blocks.iter_mut().for_each(Zeroize::zeroize);
        self.blocks = Vec::new();
        let mut running = TURNS.running.lock().unwrap_or_else(PoisonError::into_inner);
        *running = running.saturating_sub(1);
        drop(running);
        TURNS.freed.notify_one();
    }
}

/// How many argon2 computations hold memory now (for tests).
pub fn argon2_running() -> usize {
    *TURNS.running.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A stored hash taken apart for `hash_password_into_with_memory`.
struct Parsed {
    algorithm: Algorithm,
    version: Version,
    params: Params,
    salt: Vec<u8>,
    expected: Vec<u8>,
    /// The `keyid` the hash names (empty: no pepper), and that key's pepper.
    keyid: Vec<u8>,
    pepper: Option<Zeroizing<Vec<u8>>>,
}

impl Parsed {
    fn new(phc: &str) -> Result<Self, CryptoError> {
        let h = PasswordHash::new(phc).map_err(|_| CryptoError::BadHash)?;
        let algorithm =
            Algorithm::try_from(h.algorithm.as_str()).map_err(|_| CryptoError::BadHash)?;
        let version = match h.version {
            Some(v) => Version::try_from(v).map_err(|_| CryptoError::BadHash)?,
            None => Version::V0x10,
        };
        let params = Params::try_from(&h).map_err(|_| CryptoError::BadHash)?;
        let keyid = params.keyid().to_vec();
        let salt = h.salt.ok_or(CryptoError::BadHash)?.as_ref().to_vec();
        let expected = h.hash.ok_or(CryptoError::BadHash)?.as_bytes().to_vec();
        if expected.len() > 64 {
            return Err(CryptoError::BadHash);
        }
        // Params from a PHC string carry no output length; set it to the stored one.
        let params = Params::new(
            params.m_cost(),
            params.t_cost(),
            params.p_cost(),
            Some(expected.len()),
        )?;
        Ok(Self {
            algorithm,
            version,
            params,
            salt,
            expected,
            keyid,
            pepper: None,
        })
    }

    fn matches(
        &self,
        pwd: &[u8],
        blocks: &mut [Block],
        out: &mut [u8; 64],
    ) -> Result<bool, CryptoError> {
        let n = self.params.block_count();
        if blocks.len() < n {
            return Err(CryptoError::BadHash);
        }
        let out = &mut out[..self.expected.len()];
        let argon2 = match &self.pepper {
            Some(key) => {
                Argon2::new_with_secret(key, self.algorithm, self.version, self.params.clone())?
            }
            None => Argon2::new(self.algorithm, self.version, self.params.clone()),
        };
        argon2.hash_password_into_with_memory(pwd, &self.salt, out, &mut blocks[..n])?;
        Ok(bool::from(out.ct_eq(&self.expected)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast() -> PasswordHasher {
        PasswordHasher::new(&HashingSettings {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        })
        .unwrap()
    }

    #[test]
    fn hash_and_verify() {
        let h = fast();
        let phc = h.hash(&Secret::password("rätt lösen")).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
        assert_eq!(
            h.verify(&phc, &Secret::password("rätt lösen")).unwrap(),
            Verification::Match {
                needs_rehash: false
            }
        );
        assert_eq!(
            h.verify(&phc, &Secret::password("fel")).unwrap(),
            Verification::Mismatch
        );
        assert!(h.verify("garbage", &Secret::new("x")).is_err());
    }

    #[test]
    fn weaker_parameters_ask_for_rehash() {
        let weak = fast();
        let phc = weak.hash(&Secret::new("pw")).unwrap();
        let strong = PasswordHasher::new(&HashingSettings {
            memory_kib: 2048,
            iterations: 2,
            parallelism: 1,
        })
        .unwrap();
        assert_eq!(
            strong.verify(&phc, &Secret::new("pw")).unwrap(),
            Verification::Match { needs_rehash: true }
        );
    }

    fn pepper(id: &str, byte: u8) -> Pepper {
        (id.to_string(), Zeroizing::new([byte; 32]))
    }

    fn peppered(peppers: Vec<Pepper>) -> PasswordHasher {
        fast().with_peppers(peppers, true).unwrap()
    }

    #[test]
    fn a_peppered_hash_names_its_key_and_needs_that_key() {
        let h = peppered(vec![pepper("0a0b0c0d", 1)]);
        let phc = h.hash(&Secret::new("pw")).unwrap();
        // "0a0b0c0d" in PHC base64.
        assert!(phc.contains(",keyid=MGEwYjBjMGQ$"), "{phc}");
        assert_eq!(
            h.verify(&phc, &Secret::new("pw")).unwrap(),
            Verification::Match {
                needs_rehash: false
            }
        );
        assert_eq!(
            h.verify(&phc, &Secret::new("px")).unwrap(),
            Verification::Mismatch
        );
        // Another key file: the same id with another key does not verify, and neither
        // does argon2 without the pepper (the database copy alone).
        let other = peppered(vec![pepper("0a0b0c0d", 2)]);
        assert_eq!(
            other.verify(&phc, &Secret::new("pw")).unwrap(),
            Verification::Mismatch
        );
        let stripped = phc.replace(",keyid=MGEwYjBjMGQ", "");
        assert_eq!(
            fast().verify(&stripped, &Secret::new("pw")).unwrap(),
            Verification::Mismatch
        );
        // A key file without that key: said so, never a plain mismatch.
        assert!(matches!(
            peppered(vec![pepper("99999999", 1)]).verify(&phc, &Secret::new("pw")),
            Err(CryptoError::UnknownKey(id)) if id == "0a0b0c0d"
        ));
    }

    #[test]
    fn unpeppered_hashes_verify_and_ask_for_the_pepper() {
        let plain = fast().hash(&Secret::new("pw")).unwrap();
        assert!(!plain.contains("keyid"));
        let h = peppered(vec![pepper("0a0b0c0d", 1)]);
        assert_eq!(
            h.verify(&plain, &Secret::new("pw")).unwrap(),
            Verification::Match { needs_rehash: true }
        );
        // With the pepper off, peppered hashes still verify and are left as they are.
        let off = fast()
            .with_peppers(vec![pepper("0a0b0c0d", 1)], false)
            .unwrap();
        let phc = h.hash(&Secret::new("pw")).unwrap();
        assert!(!off.hash(&Secret::new("pw")).unwrap().contains("keyid"));
        for hash in [&plain, &phc] {
            assert_eq!(
                off.verify(hash, &Secret::new("pw")).unwrap(),
                Verification::Match {
                    needs_rehash: false
                }
            );
        }
    }

    #[test]
    fn a_rotation_keeps_older_peppered_hashes_verifying() {
        let old = peppered(vec![pepper("0000000a", 1)]);
        let phc = old.hash(&Secret::new("pw")).unwrap();
        let rotated = peppered(vec![pepper("0000000b", 2), pepper("0000000a", 1)]);
        // Verifies, and is moved to the current key at the next sign-in.
        assert_eq!(
            rotated.verify(&phc, &Secret::new("pw")).unwrap(),
            Verification::Match { needs_rehash: true }
        );
        let again = rotated.hash(&Secret::new("pw")).unwrap();
        assert!(again.contains(",keyid=MDAwMDAwMGI$"), "{again}");
        assert!(rotated.matches_any(&Secret::new("pw"), &[phc]).unwrap());
    }

    #[test]
    fn history_check_across_peppered_and_plain_hashes() {
        let plain = fast();
        let h = peppered(vec![pepper("0000000b", 2), pepper("0000000a", 1)]);
        let older = peppered(vec![pepper("0000000a", 1)]);
        let gone = peppered(vec![pepper("0000000c", 3)]);
        let hashes = vec![
            plain.hash(&Secret::new("plain-old")).unwrap(),
            h.hash(&Secret::new("peppered-now")).unwrap(),
            older.hash(&Secret::new("peppered-before")).unwrap(),
            gone.hash(&Secret::new("key-gone")).unwrap(),
        ];
        for pw in ["plain-old", "peppered-now", "peppered-before"] {
            assert!(h.matches_any(&Secret::new(pw), &hashes).unwrap(), "{pw}");
        }
        // A hash whose key left the file cannot be checked: skipped, not an error.
        assert!(!h.matches_any(&Secret::new("key-gone"), &hashes).unwrap());
        assert!(!h.matches_any(&Secret::new("new"), &hashes).unwrap());
        // Without the pepper keys, a peppered history entry never matches by accident.
        assert!(
            !plain
                .matches_any(&Secret::new("peppered-now"), &hashes[1..2])
                .unwrap()
        );
    }

    #[test]
    fn history_check_finds_any_match() {
        let h = fast();
        let hashes: Vec<String> = (0..5)
            .map(|i| h.hash(&Secret::new(format!("old-{i}"))).unwrap())
            .collect();
        for i in 0..5 {
            assert!(
                h.matches_any(&Secret::new(format!("old-{i}")), &hashes)
                    .unwrap()
            );
        }
        assert!(!h.matches_any(&Secret::new("new"), &hashes).unwrap());
        assert!(!h.matches_any(&Secret::new("new"), &[]).unwrap());
    }
}
