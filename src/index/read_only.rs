//! An index directory a search can read even when the folder is read-only:
//! tantivy takes a lock file to read the last commit safely, and when the
//! folder does not let anyone create it, no writer can be running either,
//! so the read goes on without it.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr, META_LOCK,
};

/// An [`MmapDirectory`] whose locks give way where the folder cannot be
/// written.
#[derive(Debug, Clone)]
pub(crate) struct ReadableDirectory {
    inner: MmapDirectory,
}

impl ReadableDirectory {
    /// Opens `dir` (which must exist).
    pub fn open(dir: &Path) -> io::Result<Self> {
        let inner = MmapDirectory::open(dir).map_err(io::Error::other)?;
        Ok(ReadableDirectory { inner })
    }
}

/// Whether taking a lock failed only because the folder cannot be written.
fn read_only(error: &LockError) -> bool {
    match error {
        LockError::IoError(e) => matches!(
            e.kind(),
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
        ),
        LockError::LockBusy => false,
    }
}

impl Directory for ReadableDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.inner.open_read(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            // Only the readers' meta lock gives way: a writer must hold its own.
            Err(e) if lock.filepath == META_LOCK.filepath && read_only(&e) => {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
