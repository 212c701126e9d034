//! The index directory before a run writes it: opened with its writes
//! watched, or created (and, for a rebuild, cleared) under tantivy's writer
//! lock, never touching a folder without the xunwen marker.

use std::path::Path;
use std::sync::Arc;

use tantivy::Index;

use super::committed::{check_compatible, inspect, tantivy_error, DirState, ExistingIndex};
use super::marker;
use super::report::RefreshReport;
use super::schema::Fields;
use super::watched::{WatchedDirectory, WriteProbe};
use super::IndexError;
use crate::ingest::INDEX_MARKER;

/// Opens the index in `dir` with its writes watched by `probe`.
pub(super) fn open_watched(dir: &Path, probe: &Arc<WriteProbe>) -> Result<Index, IndexError> {
    let watched = WatchedDirectory::open(dir, probe.clone()).map_err(|e| IndexError::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    Index::open(watched).map_err(|e| tantivy_error(dir, e))
}

/// Opens the index for writing, creating it (or, with `rebuild`, recreating a
/// damaged or outdated one) as needed.
pub(super) fn open_or_create(
    dir: &Path,
    corpus: &Path,
    rebuild: bool,
    report: &mut RefreshReport,
) -> Result<Fields, IndexError> {
    match reuse(dir, rebuild, report)? {
        Some(fields) => Ok(fields),
        None => create(dir, corpus, report),
    }
}

/// The fields of the index already in `dir` when it can be written as it
/// is; `None` when a new one must be made (none there, or a rebuild of a
/// damaged or outdated one).
fn reuse(
    dir: &Path,
    rebuild: bool,
    report: &mut RefreshReport,
) -> Result<Option<Fields>, IndexError> {
    match inspect(dir) {
        Ok(DirState::Existing(existing)) => {
            let ExistingIndex { fields, header, .. } = *existing;
            let usable = match &header {
                Some(h) => check_compatible(dir, h),
                None => Ok(()),
            };
            match usable {
                Ok(()) => {
                    report.rebuilt = rebuild || header.is_none();
                    Ok(Some(fields))
                }
                Err(e) if !rebuild => Err(e),
                Err(_) => Ok(None),
            }
        }
        Ok(DirState::Fresh) => Ok(None),
        Err(
            IndexError::Corrupt { .. } | IndexError::Damaged { .. } | IndexError::Outdated { .. },
        ) if rebuild => Ok(None),
        Err(e) => Err(e),
    }
}

/// A new index, or a rebuild of a damaged xunwen index (inspect has
/// checked the marker): clears what tantivy wrote and starts over. The
/// marker names `corpus` from the start, so an interrupted first build
/// is run again from it.
fn create(dir: &Path, corpus: &Path, report: &mut RefreshReport) -> Result<Fields, IndexError> {
    let io = |e: std::io::Error| IndexError::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    // Clear and create under tantivy's writer lock: a run writing this
    // directory (perhaps rebuilding it) must not have it emptied under it.
    let lock = take_writer_lock(dir)?;
    if dir.join(INDEX_MARKER).is_file() {
        clear(dir).map_err(io)?;
    } else {
        report.created = true;
    }
    marker::write(dir, corpus).map_err(io)?;
    let index = Index::builder()
        .schema(Fields::schema())
        .settings(Fields::index_settings())
        .create_in_dir(dir)
        .map_err(|e| tantivy_error(dir, e))?;
    let fields = Fields::from_schema(&index.schema()).ok_or_else(|| IndexError::Corrupt {
        path: dir.to_path_buf(),
        detail: "schema was not created".into(),
    })?;
    // Released for the IndexWriter, which takes the same lock next.
    drop(lock);
    report.rebuilt = true;
    Ok(fields)
}

/// Empties a xunwen index folder but for its marker and hidden files.
fn clear(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        // Hidden files are tantivy's locks and bookkeeping (and perhaps a
        // `.gitignore`): deleting a lock file someone holds breaks the lock.
        if name == INDEX_MARKER || name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Fails with [`IndexError::Locked`] while another run holds the writer
/// lock of the index in `dir` (fine when there is no index yet): a command
/// that must not half-happen (`add` copies files, then indexes them) checks
/// before it starts.
pub fn check_unlocked(dir: &Path) -> Result<(), IndexError> {
    if !dir.join(INDEX_MARKER).is_file() {
        return Ok(());
    }
    take_writer_lock(dir).map(drop)
}

/// Takes tantivy's writer lock on `dir` (the one an `IndexWriter` holds).
fn take_writer_lock(dir: &Path) -> Result<tantivy::directory::DirectoryLock, IndexError> {
    use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
    let directory = MmapDirectory::open(dir).map_err(|e| IndexError::Io {
        path: dir.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    directory
        .acquire_lock(&INDEX_WRITER_LOCK)
        .map_err(|e| tantivy_error(dir, tantivy::TantivyError::LockFailure(e, None)))
}
