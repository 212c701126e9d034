//! What a failed or killed index run leaves behind: nothing, and a message in
//! words.
//!
//! tantivy names every file it writes in `.managed.json` before creating it,
//! and `IndexWriter::garbage_collect_files` deletes the managed files that
//! neither the last commit (`meta.json`) nor a live segment of this process
//! uses (tantivy's `ManagedDirectory::garbage_collect`). So the uncommitted
//! segments of a run are removed by a collection made once no writer of that
//! run is alive: right after a run fails, and at the start of every run (for
//! a run that was killed). xunwen's own files (`manifest-*`, `dirs-*`) are
//! removed alongside when no commit names them.

use std::io;
use std::path::Path;
use std::time::Duration;

use tantivy::{Index, IndexWriter, TantivyDocument};

use super::committed::XunwenIndex;
use super::manifest::CommitHeader;
use super::watched::WriteProbe;
use super::IndexError;

/// How long a failed run waits for tantivy's threads to let go of the files
/// they were writing before it removes them.
const WRITERS_GRACE: Duration = Duration::from_secs(30);

/// Why writing the index failed, as a user would say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteCause {
    /// The file system is full.
    NoSpace,
    /// The user's disk quota is used up.
    Quota,
    /// The file system is mounted read-only.
    ReadOnly,
    /// The index folder may not be written by this user.
    Denied,
    /// Any other I/O error.
    Other,
}

impl WriteCause {
    /// The cause for an I/O error of `kind`.
    pub fn from_kind(kind: io::ErrorKind) -> WriteCause {
        match kind {
            io::ErrorKind::StorageFull => WriteCause::NoSpace,
            io::ErrorKind::QuotaExceeded => WriteCause::Quota,
            io::ErrorKind::ReadOnlyFilesystem => WriteCause::ReadOnly,
            io::ErrorKind::PermissionDenied => WriteCause::Denied,
            _ => WriteCause::Other,
        }
    }
}

impl std::fmt::Display for WriteCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WriteCause::NoSpace => "no space left on device",
            WriteCause::Quota => "disk quota exceeded",
            WriteCause::ReadOnly => "read-only file system",
            WriteCause::Denied => "permission denied",
            WriteCause::Other => "an I/O error",
        })
    }
}

/// Deletes what no commit uses: tantivy's unreferenced files (through
/// `writer`, which must be the only writer) and xunwen's manifests and folder
/// records other than `header`'s. Failures are ignored: this only frees space.
pub(crate) fn collect_garbage<D: tantivy::Document>(
    writer: &IndexWriter<D>,
    dir: &Path,
    header: Option<&CommitHeader>,
) {
    let _ = writer.garbage_collect_files().wait();
    let keep: Vec<&str> = header.map_or_else(Vec::new, own_files);
    remove_own_files_but(dir, &keep);
}

/// The files of xunwen's own that `header` names.
pub(crate) fn own_files(header: &CommitHeader) -> Vec<&str> {
    let mut files = vec![header.manifest.as_str()];
    files.extend(header.dirs.as_deref());
    files
}

/// Removes `manifest-*` and `dirs-*` files (and their `.tmp`) not in `keep`.
pub(crate) fn remove_own_files_but(dir: &Path, keep: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let ours = name.starts_with("manifest-") || name.starts_with("dirs-");
        if ours && !keep.contains(&name.as_str()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// After a failed run (its writer dropped): waits for tantivy's threads to
/// let go of their files, then removes everything the run wrote.
pub(crate) fn clean_up(index: &Index, dir: &Path, probe: &WriteProbe) {
    probe.wait_idle(WRITERS_GRACE);
    // A writer of its own holds the lock while collecting; if another run
    // took the lock meanwhile, that run's own start collects instead.
    let Ok(writer) = index.writer_with_num_threads::<TantivyDocument>(1, 15_000_000) else {
        return;
    };
    let header = super::committed::current_header(dir, index).ok().flatten();
    collect_garbage(&writer, dir, header.as_ref());
}

/// The error a failed run reports: a write that failed becomes
/// [`IndexError::WriteFailed`], in words, saying whether the previous index
/// is still there; any other error is returned as it is.
pub(crate) fn describe(dir: &Path, error: IndexError, probe: &WriteProbe) -> IndexError {
    let from_error = match &error {
        IndexError::Io { source, .. } => Some((source.kind(), source.to_string())),
        IndexError::Tantivy { source, .. } => tantivy_io(source),
        _ => return error,
    };
    let Some((kind, message)) = probe.first_error().or(from_error) else {
        return error;
    };
    IndexError::WriteFailed {
        path: dir.to_path_buf(),
        cause: WriteCause::from_kind(kind),
        kept: XunwenIndex::open(dir).is_ok(),
        detail: message,
    }
}

/// The I/O error inside a tantivy error, if there is one.
fn tantivy_io(error: &tantivy::TantivyError) -> Option<(io::ErrorKind, String)> {
    use tantivy::directory::error::{LockError, OpenWriteError};
    let io: &io::Error = match error {
        tantivy::TantivyError::IoError(e) => e,
        tantivy::TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => io_error,
        tantivy::TantivyError::LockFailure(LockError::IoError(e), _) => e,
        _ => return None,
    };
    Some((io.kind(), io.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_full_disk_is_said_in_words_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let full = io::Error::from_raw_os_error(28);
        let error = IndexError::Tantivy {
            path: dir.path().to_path_buf(),
            source: tantivy::TantivyError::IoError(Arc::new(full)),
        };
        let described = describe(dir.path(), error, &WriteProbe::default());
        let message = described.to_string();
        assert!(
            message.starts_with("no space left on device while writing the index at "),
            "{message}"
        );
        assert!(message.ends_with("no index was made"), "{message}");
        assert!(!message.contains("IO error"), "{message}");
        assert!(described
            .detail()
            .is_some_and(|d| d.contains("os error 28")));
    }

    #[test]
    fn io_kinds_map_to_causes() {
        assert_eq!(
            WriteCause::from_kind(io::ErrorKind::StorageFull),
            WriteCause::NoSpace
        );
        assert_eq!(
            WriteCause::from_kind(io::ErrorKind::QuotaExceeded),
            WriteCause::Quota
        );
        assert_eq!(
            WriteCause::from_kind(io::ErrorKind::ReadOnlyFilesystem),
            WriteCause::ReadOnly
        );
        assert_eq!(
            WriteCause::from_kind(io::ErrorKind::PermissionDenied),
            WriteCause::Denied
        );
        assert_eq!(
            WriteCause::from_kind(io::ErrorKind::BrokenPipe),
            WriteCause::Other
        );
    }

    #[test]
    fn errors_that_are_not_writes_pass_through() {
        let error = IndexError::Locked { path: "/i".into() };
        let described = describe(Path::new("/i"), error, &WriteProbe::default());
        assert!(matches!(described, IndexError::Locked { .. }));
    }

    #[test]
    fn only_unnamed_manifests_and_folder_records_are_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in [
            "manifest-1.json",
            "manifest-2.json",
            "manifest-3.json.tmp",
            "dirs-2.json",
            "dirs-3.json",
            "meta.json",
            "XUNWEN-INDEX",
        ] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        remove_own_files_but(dir.path(), &["manifest-2.json", "dirs-2.json"]);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "XUNWEN-INDEX",
                "dirs-2.json",
                "manifest-2.json",
                "meta.json"
            ]
        );
    }
}
