//! The emulator's clock: the system's, plus however far tests have moved it on.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Wall-clock time that can be moved forward, so that tokens expire without waiting.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset_secs: AtomicU64,
}

impl Clock {
    /// The emulator's current time.
    pub(crate) fn now(&self) -> SystemTime {
        let offset = Duration::from_secs(self.offset_secs.load(Ordering::Relaxed));
        SystemTime::now()
            .checked_add(offset)
            .unwrap_or_else(SystemTime::now)
    }

    /// The emulator's current time in whole seconds since the Unix epoch.
    pub(crate) fn unix_seconds(&self) -> u64 {
        self.now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs())
    }

    /// The emulator's current time as an ISO-8601 timestamp, e.g. `2026-01-31T12:00:00Z`.
    pub(crate) fn timestamp(&self) -> String {
        humantime::format_rfc3339_seconds(self.now()).to_string()
    }

    /// Moves the clock forward; whole seconds count.
    pub(crate) fn advance(&self, by: Duration) {
        self.offset_secs.fetch_add(by.as_secs(), Ordering::Relaxed);
    }
}
