//! The index directory as an index run writes it: tantivy's `MmapDirectory`
//! with every write watched.
//!
//! tantivy reports a failed indexing thread without its cause ("an indexing
//! thread stopped") and, when one of several threads fails at a commit,
//! leaves the others running. A failed run needs both: the cause, to say "no
//! space left on device" rather than tantivy's words, and the moment the last
//! file being written is let go, so that removing the run's files does not
//! race a thread still writing one.

use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory,
    TerminatingWrite, WatchCallback, WatchHandle, WritePtr,
};

/// What the writes of one run have seen.
#[derive(Debug, Default)]
pub(crate) struct WriteProbe {
    /// Files open for writing now.
    open: AtomicUsize,
    /// The first write that failed: its kind and the system's message.
    first_error: Mutex<Option<(io::ErrorKind, String)>>,
}

impl WriteProbe {
    fn record(&self, error: &io::Error) {
        if let Ok(mut first) = self.first_error.lock() {
            first.get_or_insert_with(|| (error.kind(), error.to_string()));
        }
    }

    /// The first failed write, if any.
    pub fn first_error(&self) -> Option<(io::ErrorKind, String)> {
        self.first_error.lock().ok().and_then(|first| first.clone())
    }

    /// Waits until no file is open for writing, for at most `limit`; says
    /// whether that happened.
    pub fn wait_idle(&self, limit: Duration) -> bool {
        let started = Instant::now();
        while self.open.load(Ordering::Acquire) > 0 {
            if started.elapsed() > limit {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        true
    }
}

/// An index directory whose writes report to a [`WriteProbe`].
#[derive(Debug, Clone)]
pub(crate) struct WatchedDirectory {
    inner: MmapDirectory,
    probe: Arc<WriteProbe>,
}

impl WatchedDirectory {
    /// Opens `dir` (which must exist).
    pub fn open(dir: &Path, probe: Arc<WriteProbe>) -> io::Result<Self> {
        let inner = MmapDirectory::open(dir).map_err(io::Error::other)?;
        Ok(WatchedDirectory { inner, probe })
    }
}

impl Directory for WatchedDirectory {
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
        let inner = self.inner.open_write(path).inspect_err(|e| {
            if let OpenWriteError::IoError { io_error, .. } = e {
                self.probe.record(io_error);
            }
        })?;
        self.probe.open.fetch_add(1, Ordering::AcqRel);
        Ok(io::BufWriter::new(Box::new(WatchedWrite {
            inner,
            probe: self.probe.clone(),
        })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner
            .atomic_write(path, data)
            .inspect_err(|e| self.probe.record(e))
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// One file being written; counted open until dropped.
struct WatchedWrite {
    inner: WritePtr,
    probe: Arc<WriteProbe>,
}

impl Write for WatchedWrite {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| self.probe.record(e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner
            .write_all(buf)
            .inspect_err(|e| self.probe.record(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().inspect_err(|e| self.probe.record(e))
    }
}

impl TerminatingWrite for WatchedWrite {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.inner
            .terminate_ref(token)
            .inspect_err(|e| self.probe.record(e))
    }
}

impl Drop for WatchedWrite {
    fn drop(&mut self) {
        self.probe.open.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_counted_until_dropped_and_the_first_error_is_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let probe = Arc::new(WriteProbe::default());
        let watched = WatchedDirectory::open(dir.path(), probe.clone()).expect("open");
        let mut file = watched.open_write(Path::new("a.bin")).expect("open_write");
        file.write_all(b"abc").expect("write");
        assert!(
            !probe.wait_idle(Duration::from_millis(20)),
            "a file is open"
        );
        file.terminate().expect("terminate");
        assert!(probe.wait_idle(Duration::from_millis(20)));
        assert_eq!(
            std::fs::read(dir.path().join("a.bin")).expect("read"),
            b"abc"
        );

        probe.record(&io::Error::from(io::ErrorKind::StorageFull));
        probe.record(&io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(
            probe.first_error().map(|(kind, _)| kind),
            Some(io::ErrorKind::StorageFull)
        );
    }
}
