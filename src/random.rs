//! Randomness behind a trait, as time is behind [`crate::clock::Clock`]: the domain takes
//! random draws as input and never reads the OS generator itself, so code and password
//! generation can be tested with a seeded source.

use std::sync::Mutex;

use rand::{Rng as _, SeedableRng, TryRng as _};

pub use crate::domain::code::RngError;

/// A source of uniform random bits.
pub trait Random: Send + Sync {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]) -> Result<(), RngError>;

    /// 32 uniform bits.
    fn next_u32(&self) -> Result<u32, RngError> {
        let mut b = [0u8; 4];
        self.fill(&mut b)?;
        Ok(u32::from_be_bytes(b))
    }
}

/// The operating system's CSPRNG (getrandom), not a user-space generator: codes, keys and
/// temporary passwords in production.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), RngError> {
        rand::rngs::SysRng
            .try_fill_bytes(buf)
            .map_err(|e| RngError::new(e.to_string()))
    }
}

/// A deterministic generator from a seed (tests, benchmarks). Never for production secrets.
#[derive(Debug)]
pub struct SeededRandom(Mutex<rand::rngs::StdRng>);

impl SeededRandom {
    pub fn new(seed: u64) -> Self {
        Self(Mutex::new(rand::rngs::StdRng::seed_from_u64(seed)))
    }
}

impl Random for SeededRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), RngError> {
        let mut rng = self
            .0
            .lock()
            .map_err(|_| RngError::new("seeded generator poisoned"))?;
        rng.fill_bytes(buf);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_sources_repeat_and_os_sources_differ() {
        let (a, b) = (SeededRandom::new(7), SeededRandom::new(7));
        assert_eq!(a.next_u32().unwrap(), b.next_u32().unwrap());
        assert_ne!(
            SeededRandom::new(8).next_u32().unwrap(),
            SeededRandom::new(7).next_u32().unwrap()
        );
        let mut x = [0u8; 16];
        let mut y = [0u8; 16];
        OsRandom.fill(&mut x).unwrap();
        OsRandom.fill(&mut y).unwrap();
        assert_ne!(x, y);
    }
}
