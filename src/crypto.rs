//! argon2id password hashing with PHC strings. Everything here is CPU-bound and blocking:
//! async callers go through `tokio::task::spawn_blocking` (see `service`).

use std::sync::atomic::{AtomicBool, Ordering};

use argon2::password_hash::phc::PasswordHash;
use argon2::{
    Algorithm, Argon2, Block, Params, PasswordHasher as _, PasswordVerifier as _, Version,
};
use subtle::ConstantTimeEq;

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
    #[error("argon2: history worker panicked")]
    WorkerPanicked,
    #[error("stored hash is not a valid PHC string")]
    BadHash,
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

/// argon2id with the configured parameters.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    /// Verified against for unknown users so they take as long as real ones.
    dummy: String,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PasswordHasher({:?})", self.params)
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
        let mut hasher = Self {
            params,
            dummy: String::new(),
        };
        let mut seed = [0u8; 16];
        rand::fill(&mut seed);
        hasher.dummy = hasher.hash_bytes(&seed)?;
        Ok(hasher)
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    fn hash_bytes(&self, bytes: &[u8]) -> Result<String, CryptoError> {
        self.argon2()
            .hash_password(bytes)
            .map(|h| h.to_string())
            .map_err(CryptoError::Hash)
    }

    /// A PHC string for the (already normalised) secret, with a fresh random salt.
    pub fn hash(&self, secret: &Secret) -> Result<String, CryptoError> {
        self.hash_bytes(secret.expose().as_bytes())
    }

    /// Checks `secret` against a stored PHC string (any argon2 variant and parameters).
    pub fn verify(&self, phc: &str, secret: &Secret) -> Result<Verification, CryptoError> {
        let parsed = PasswordHash::new(phc).map_err(|_| CryptoError::BadHash)?;
        match self
            .argon2()
            .verify_password(secret.expose().as_bytes(), &parsed)
        {
            Ok(()) => Ok(Verification::Match {
                needs_rehash: self.is_weaker(&parsed),
            }),
            Err(argon2::password_hash::Error::PasswordInvalid) => Ok(Verification::Mismatch),
            Err(e) => Err(CryptoError::Hash(e)),
        }
    }

    /// Spends the time of one verification, for a username that does not exist.
    pub fn verify_dummy(&self, secret: &Secret) {
        let _ = self.verify(&self.dummy, secret);
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

    /// True when `secret` matches any of the stored hashes (the password history).
    /// Uses up to two threads, each reusing one memory block buffer: allocating 19 MiB
    /// per verification costs more than the parallelism gains.
    pub fn matches_any(&self, secret: &Secret, hashes: &[String]) -> Result<bool, CryptoError> {
        let parsed: Vec<Parsed> = hashes
            .iter()
            .map(|h| Parsed::new(h))
            .collect::<Result<_, _>>()?;
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
                        let mut blocks = vec![Block::default(); max_blocks];
                        let mut out = [0u8; 64];
                        for p in parsed.iter().skip(t).step_by(threads) {
                            if found.load(Ordering::Relaxed) {
                                break;
                            }
                            if p.matches(pwd, &mut blocks, &mut out)? {
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

/// A stored hash taken apart for `hash_password_into_with_memory`.
struct Parsed {
    algorithm: Algorithm,
    version: Version,
    params: Params,
    salt: Vec<u8>,
    expected: Vec<u8>,
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
        })
    }

    fn matches(
        &self,
        pwd: &[u8],
        blocks: &mut [Block],
        out: &mut [u8; 64],
    ) -> Result<bool, CryptoError> {
        let n = self.params.block_count();
        let out = &mut out[..self.expected.len()];
        Argon2::new(self.algorithm, self.version, self.params.clone())
            .hash_password_into_with_memory(pwd, &self.salt, out, &mut blocks[..n])?;
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
