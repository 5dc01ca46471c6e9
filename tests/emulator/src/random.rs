//! Random identifiers and secrets.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::server::EmulatorError;

/// A cryptographic generator seeded once from the operating system, so that making an id
/// later cannot fail.
pub(crate) struct Random(StdRng);

impl Random {
    /// A generator seeded from the operating system.
    pub(crate) fn from_os() -> Result<Self, EmulatorError> {
        let mut seed = <StdRng as SeedableRng>::Seed::default();
        getrandom::fill(&mut seed).map_err(|_| EmulatorError::Random)?;
        Ok(Self(StdRng::from_seed(seed)))
    }

    /// `bytes` random bytes written as lower-case hex (twice as many characters).
    pub(crate) fn hex(&mut self, bytes: usize) -> String {
        let mut buffer = vec![0u8; bytes];
        self.0.fill_bytes(&mut buffer);
        hex::encode(buffer)
    }

    /// A new record id: 24 hex characters, as the backend's database makes them.
    pub(crate) fn id(&mut self) -> String {
        self.hex(12)
    }

    /// A new API key, device secret or generated password.
    pub(crate) fn secret(&mut self) -> String {
        self.hex(16)
    }
}
