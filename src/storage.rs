//! Where the session lives: an async key-value store of strings.
//!
//! The keys are those of the existing TypeScript and Python clients (see
//! [`keys`](crate::session::keys)), so a store written for them holds the same session.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use async_trait::async_trait;

use crate::Secret;

/// A session storage failure. Its message never holds a stored value.
#[derive(Debug, thiserror::Error)]
#[error("session storage: {message}")]
pub struct StorageError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl StorageError {
    /// A failure described by `message`, which must not contain a stored value.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// A failure caused by `source`.
    pub fn with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }
}

/// One change of a batch given to [`Storage::apply`].
#[derive(Clone, Copy)]
pub enum StorageChange<'a> {
    /// Set the key to the value.
    Set(&'a str, &'a str),
    /// Remove the key.
    Remove(&'a str),
}

impl fmt::Debug for StorageChange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values are tokens and profiles: only the key is shown.
        match self {
            Self::Set(key, _) => write!(f, "Set({key:?}, [redacted])"),
            Self::Remove(key) => write!(f, "Remove({key:?})"),
        }
    }
}

/// An async key-value store of strings that holds the session.
///
/// Implement `get`, `set` and `remove`; `apply` writes a batch and by default applies it
/// change by change. The client never lets its own readers see a batch half applied, but
/// a store shared with other processes should override `apply` to write the batch at once,
/// as [`FileStorage`] does.
#[async_trait]
pub trait Storage: Send + Sync {
    /// The value of `key`, or `None` when absent.
    async fn get(&self, key: &str) -> Result<Option<String>, StorageError>;

    /// Sets `key` to `value`.
    async fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;

    /// Removes `key`; removing an absent key is not an error.
    async fn remove(&self, key: &str) -> Result<(), StorageError>;

    /// Applies the changes in order.
    async fn apply(&self, changes: &[StorageChange<'_>]) -> Result<(), StorageError> {
        for change in changes {
            match change {
                StorageChange::Set(key, value) => self.set(key, value).await?,
                StorageChange::Remove(key) => self.remove(key).await?,
            }
        }
        Ok(())
    }
}

/// Applies a batch to the map both storages keep.
fn apply_to(values: &mut BTreeMap<String, Secret>, changes: &[StorageChange<'_>]) {
    for change in changes {
        match change {
            StorageChange::Set(key, value) => {
                values.insert((*key).to_owned(), Secret::from(*value));
            }
            StorageChange::Remove(key) => {
                values.remove(*key);
            }
        }
    }
}

/// The default storage: a map in memory, lost when the process ends.
#[derive(Default)]
pub struct MemoryStorage {
    values: Mutex<BTreeMap<String, Secret>>,
}

impl MemoryStorage {
    /// An empty storage.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Secret>> {
        // A panic while the lock was held cannot leave the map half written (every change
        // is one insert or remove), so a poisoned lock is safe to use.
        self.values
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl fmt::Debug for MemoryStorage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let values = self.lock();
        f.debug_struct("MemoryStorage")
            .field("keys", &values.keys().collect::<Vec<_>>())
            .finish()
    }
}

#[async_trait]
impl Storage for MemoryStorage {
    async fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.lock().get(key).map(|value| value.expose().to_owned()))
    }

    async fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.lock().insert(key.to_owned(), Secret::from(value));
        Ok(())
    }

    async fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.lock().remove(key);
        Ok(())
    }

    async fn apply(&self, changes: &[StorageChange<'_>]) -> Result<(), StorageError> {
        apply_to(&mut self.lock(), changes);
        Ok(())
    }
}

/// A session kept in a JSON file, so that it outlives the process.
///
/// The file is one JSON object of strings. It is read once, on first use, and every change
/// rewrites it atomically: into a temporary file in the same folder, created with mode
/// 0600, then renamed over the old one, so a crash leaves the old session or the new one
/// and the file is readable by its owner only, also when it replaces an older file.
///
/// A file that is not a JSON object of strings is read as "logged out": its contents are
/// never sent as a token. One process should own a file at a time; two processes writing
/// the same file each keep their own view and the last writer wins.
pub struct FileStorage {
    path: PathBuf,
    values: tokio::sync::Mutex<Option<BTreeMap<String, Secret>>>,
}

impl FileStorage {
    /// A storage kept in the file at `path`, which need not exist yet; its folder must.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            values: tokio::sync::Mutex::new(None),
        }
    }

    /// The file this storage writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    async fn change(&self, changes: &[StorageChange<'_>]) -> Result<(), StorageError> {
        let mut guard = self.values.lock().await;
        let mut values = match guard.take() {
            Some(values) => values,
            None => read_file(self.path.clone()).await?,
        };

        apply_to(&mut values, changes);

        // The cache is only updated once the file holds the new session, so a failed write
        // leaves memory and disk alike.
        let result = write_file(self.path.clone(), values.clone()).await;
        if result.is_ok() {
            *guard = Some(values);
        }
        result
    }
}

impl fmt::Debug for FileStorage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileStorage")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Storage for FileStorage {
    async fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        let mut guard = self.values.lock().await;
        if guard.is_none() {
            *guard = Some(read_file(self.path.clone()).await?);
        }

        Ok(guard
            .as_ref()
            .and_then(|values| values.get(key))
            .map(|value| value.expose().to_owned()))
    }

    async fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.change(&[StorageChange::Set(key, value)]).await
    }

    async fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.change(&[StorageChange::Remove(key)]).await
    }

    async fn apply(&self, changes: &[StorageChange<'_>]) -> Result<(), StorageError> {
        self.change(changes).await
    }
}

async fn read_file(path: PathBuf) -> Result<BTreeMap<String, Secret>, StorageError> {
    run_blocking(move || read_file_now(&path)).await
}

async fn write_file(path: PathBuf, values: BTreeMap<String, Secret>) -> Result<(), StorageError> {
    run_blocking(move || write_file_now(&path, &values)).await
}

async fn run_blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StorageError> + Send + 'static,
) -> Result<T, StorageError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| StorageError::with_source("the file task did not finish", error))?
}

fn read_file_now(path: &Path) -> Result<BTreeMap<String, Secret>, StorageError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(error) => {
            return Err(StorageError::with_source(
                format!("cannot read {}", path.display()),
                error,
            ));
        }
    };

    let Ok(serde_json::Value::Object(object)) = serde_json::from_slice(&bytes) else {
        tracing::warn!(path = %path.display(), "session file is not a JSON object; logged out");
        return Ok(BTreeMap::new());
    };

    // Only strings are session values; anything else is treated as absent.
    Ok(object
        .into_iter()
        .filter_map(|(key, value)| match value {
            serde_json::Value::String(text) => Some((key, Secret::from(text))),
            _ => None,
        })
        .collect())
}

fn write_file_now(path: &Path, values: &BTreeMap<String, Secret>) -> Result<(), StorageError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let failed = |what: &str| format!("cannot {what} {}", path.display());

    let json = serde_json::to_vec_pretty(values)
        .map_err(|error| StorageError::with_source(failed("encode"), error))?;

    // NamedTempFile creates the file with mode 0600, and the rename replaces the old file
    // with this one, so the permissions never depend on an older file's.
    let mut temporary = tempfile::NamedTempFile::new_in(folder)
        .map_err(|error| StorageError::with_source(failed("create a temporary file for"), error))?;
    temporary
        .write_all(&json)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|error| StorageError::with_source(failed("write"), error))?;
    temporary
        .persist(path)
        .map_err(|error| StorageError::with_source(failed("replace"), error.error))?;

    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_storage_gets_sets_and_removes() {
        let storage = MemoryStorage::new();

        storage
            .set("token", "abc")
            .await
            .expect("memory never fails");
        assert_eq!(
            storage.get("token").await.expect("get").as_deref(),
            Some("abc")
        );
        assert!(!format!("{storage:?}").contains("abc"));

        storage.remove("token").await.expect("remove");
        assert_eq!(storage.get("token").await.expect("get"), None);
    }
}
