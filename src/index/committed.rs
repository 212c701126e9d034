//! Reading a committed index: opening it (and telling a damaged one from
//! one that is not there), its header, and its figures for `stats`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tantivy::{Index, Searcher};

use super::manifest::{CommitHeader, IndexManifest, INDEX_FORMAT};
use super::read_only::ReadableDirectory;
use super::schema::Fields;
use super::stale::{CorpusDirs, Staleness};
use super::IndexError;
use crate::analysis::ANALYSIS_FINGERPRINT;
use crate::ingest::INDEX_MARKER;

/// A committed, readable xunwen index.
pub struct XunwenIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    header: CommitHeader,
}

/// What `xunwen stats` reports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndexStats {
    /// The index directory.
    pub index: String,
    /// The corpus the index was built from.
    pub corpus: String,
    /// Documents (files) indexed.
    pub documents: u64,
    /// Paragraphs (searchable units) indexed.
    pub paragraphs: u64,
    /// Distinct jieba words in paragraph text.
    pub distinct_terms: u64,
    /// Bytes the index directory takes on disk.
    pub size_bytes: u64,
    /// Segments in the index (fewer is faster to search).
    pub segments: usize,
    /// Documents without a publication date: in no period of `trend`, and
    /// outside every `--since`/`--until` range. A date is only taken where
    /// the text dates itself, so this counts what could not be dated.
    pub undated_documents: u64,
    /// When the last commit was made, seconds since the Unix epoch.
    pub built_at: u64,
    /// Files not indexed (of an unsupported type, binary, empty…), as the
    /// last index run found them.
    pub skipped_files: usize,
    /// Corpus folders whose files changed since the last index run (0 when
    /// none did); absent when unknown (an index from an older xunwen, or the
    /// corpus is gone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed_folders: Option<usize>,
}

/// Whether `dir` has nothing in it but hidden files (such as the repository's
/// `index/.gitignore`), so xunwen may create an index there.
pub(crate) fn is_empty_dir(dir: &Path) -> Result<bool, IndexError> {
    let entries = std::fs::read_dir(dir).map_err(|e| IndexError::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| IndexError::Io {
            path: dir.to_path_buf(),
            source: e,
        })?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            return Ok(false);
        }
    }
    Ok(true)
}

pub(crate) fn tantivy_error(dir: &Path, source: tantivy::TantivyError) -> IndexError {
    match source {
        tantivy::TantivyError::LockFailure(tantivy::directory::error::LockError::LockBusy, _) => {
            IndexError::Locked {
                path: dir.to_path_buf(),
            }
        }
        // Not damage: the directory cannot be written (tantivy takes a lock
        // file even to read). Saying "damaged" would send the user to rebuild.
        tantivy::TantivyError::LockFailure(tantivy::directory::error::LockError::IoError(e), _) => {
            IndexError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(
                    e.kind(),
                    format!("cannot take tantivy's lock file in the index directory: {e}"),
                ),
            }
        }
        tantivy::TantivyError::DataCorruption(c) => IndexError::Corrupt {
            path: dir.to_path_buf(),
            detail: format!("{c:?}"),
        },
        tantivy::TantivyError::OpenReadError(e) => IndexError::Corrupt {
            path: dir.to_path_buf(),
            detail: e.to_string(),
        },
        tantivy::TantivyError::IncompatibleIndex(e) => IndexError::Corrupt {
            path: dir.to_path_buf(),
            detail: format!("{e:?}"),
        },
        source => IndexError::Tantivy {
            path: dir.to_path_buf(),
            source,
        },
    }
}

/// [`tantivy_error`] for a failure to read a committed index: an error that
/// is not a lock or I/O problem means a damaged index (described after
/// `context`).
fn read_error(dir: &Path, source: tantivy::TantivyError, context: &str) -> IndexError {
    match tantivy_error(dir, source) {
        IndexError::Tantivy { source, .. } => IndexError::Corrupt {
            path: dir.to_path_buf(),
            detail: format!("{context}{source}"),
        },
        other => other,
    }
}

/// The state of an index directory before a write, as `refresh` needs it.
pub(crate) enum DirState {
    /// Nothing usable: create a new index (the directory exists and may be written).
    Fresh,
    /// A xunwen tantivy index, and its last commit header if one was made.
    Existing(Box<ExistingIndex>),
}

/// An index found on disk.
pub(crate) struct ExistingIndex {
    /// tantivy's handle.
    pub index: Index,
    /// Its fields, found in its schema.
    pub fields: Fields,
    /// The header of its last commit, if it was ever committed.
    pub header: Option<CommitHeader>,
}

/// Checks that `dir` is a xunwen index (or may become one) and opens it.
pub(crate) fn inspect(dir: &Path) -> Result<DirState, IndexError> {
    if !dir.exists() {
        return Ok(DirState::Fresh);
    }
    if !dir.is_dir() {
        return Err(IndexError::NotXunwen {
            path: dir.to_path_buf(),
        });
    }
    let has_marker = dir.join(INDEX_MARKER).is_file();
    if !has_marker {
        return if is_empty_dir(dir)? {
            Ok(DirState::Fresh)
        } else {
            Err(IndexError::NotXunwen {
                path: dir.to_path_buf(),
            })
        };
    }
    if !dir.join("meta.json").is_file() {
        // Created by xunwen, but the first build never got as far as tantivy.
        return Ok(DirState::Fresh);
    }
    let readable = ReadableDirectory::open(dir).map_err(|e| IndexError::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    let index = Index::open(readable).map_err(|e| read_error(dir, e, ""))?;
    let fields = Fields::from_schema(&index.schema()).ok_or_else(|| IndexError::Outdated {
        path: dir.to_path_buf(),
        found: "an older schema".into(),
        expected: INDEX_FORMAT.into(),
    })?;
    let header = current_header(dir, &index)?;
    Ok(DirState::Existing(Box::new(ExistingIndex {
        index,
        fields,
        header,
    })))
}

/// Reads the header of the last commit from `meta.json` as it is now (a
/// writer calls this again once it holds the lock, as the header may have
/// moved on since the index was opened).
pub(crate) fn current_header(
    dir: &Path,
    index: &Index,
) -> Result<Option<CommitHeader>, IndexError> {
    let metas = index.load_metas().map_err(|e| tantivy_error(dir, e))?;
    match metas.payload {
        None => Ok(None),
        Some(payload) => serde_json::from_str::<CommitHeader>(&payload)
            .map(Some)
            .map_err(|e| IndexError::Damaged {
                path: dir.to_path_buf(),
                what: "the header of its last commit (in meta.json) is not valid".into(),
                detail: e.to_string(),
            }),
    }
}

/// Opens the committed segments for reading.
///
/// Segment files are only opened here, not by `Index::open_in_dir`, so this is
/// where a deleted or truncated segment file shows. tantivy reports most
/// damage as errors, but its decoders assume well-formed files and may panic
/// on some; the panic is caught and reported as damage so the user gets the
/// `--rebuild` advice instead of a crash.
pub(crate) fn open_searcher(dir: &Path, index: &Index) -> Result<Searcher, IndexError> {
    let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .and_then(|reader: tantivy::IndexReader| {
                let searcher = reader.searcher();
                // Postings and positions are opened lazily, at the first
                // query: open them now so a missing or cut `.pos`/`.idx`
                // shows here rather than halfway through a search or never
                // (a refresh that changes nothing queries nothing).
                let schema = index.schema();
                for segment in searcher.segment_readers() {
                    for (field, entry) in schema.fields() {
                        if entry.is_indexed() {
                            segment.inverted_index(field)?;
                        }
                    }
                }
                Ok(searcher)
            })
    }));
    match opened {
        Ok(Ok(searcher)) => Ok(searcher),
        Ok(Err(e)) => Err(read_error(dir, e, "cannot open segments: ")),
        Err(panic) => Err(IndexError::Corrupt {
            path: dir.to_path_buf(),
            detail: format!(
                "cannot open segments: tantivy failed on a damaged file ({})",
                panic_message(panic.as_ref())
            ),
        }),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Fails unless `header` was written by this version's format and analysis.
pub(crate) fn check_compatible(dir: &Path, header: &CommitHeader) -> Result<(), IndexError> {
    if header.format != INDEX_FORMAT {
        return Err(IndexError::Outdated {
            path: dir.to_path_buf(),
            found: header.format.clone(),
            expected: INDEX_FORMAT.into(),
        });
    }
    if header.analysis != ANALYSIS_FINGERPRINT {
        return Err(IndexError::Outdated {
            path: dir.to_path_buf(),
            found: format!("analysis `{}`", header.analysis),
            expected: format!("analysis `{ANALYSIS_FINGERPRINT}`"),
        });
    }
    Ok(())
}

impl XunwenIndex {
    /// Opens the last committed state of the index in `dir` for searching.
    ///
    /// Searches never take the writer lock, so they keep working (on the last
    /// commit) while an index run is in progress.
    pub fn open(dir: &Path) -> Result<Self, IndexError> {
        match inspect(dir)? {
            DirState::Fresh => Err(IndexError::Missing {
                path: dir.to_path_buf(),
            }),
            DirState::Existing(existing) => {
                let ExistingIndex {
                    index,
                    fields,
                    header,
                } = *existing;
                let Some(header) = header else {
                    return Err(IndexError::Missing {
                        path: dir.to_path_buf(),
                    });
                };
                check_compatible(dir, &header)?;
                Ok(XunwenIndex {
                    dir: dir.to_path_buf(),
                    index,
                    fields,
                    header,
                })
            }
        }
    }

    /// A searcher over the committed segments.
    pub fn searcher(&self) -> Result<Searcher, IndexError> {
        open_searcher(&self.dir, &self.index)
    }

    /// Field handles of this index.
    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// The header of the last commit.
    pub fn header(&self) -> &CommitHeader {
        &self.header
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the corpus changed since the last index run, from the folder
    /// times the run recorded: one `stat` per corpus folder.
    pub fn staleness(&self) -> Staleness {
        let Some(name) = &self.header.dirs else {
            return Staleness::Unknown;
        };
        match CorpusDirs::load(&self.dir, name) {
            Ok(dirs) => dirs.compare(Path::new(&self.header.corpus)),
            Err(_) => Staleness::Unknown,
        }
    }

    /// The manifest of the last commit.
    pub fn manifest(&self) -> Result<IndexManifest, IndexError> {
        IndexManifest::load(&self.dir, &self.header.manifest)
    }

    /// Counts what `xunwen stats` shows.
    pub fn stats(&self) -> Result<IndexStats, IndexError> {
        let searcher = self.searcher()?;
        let mut terms: BTreeSet<Vec<u8>> = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment
                .inverted_index(self.fields.words)
                .map_err(|e| tantivy_error(&self.dir, e))?;
            let mut stream = inverted.terms().stream().map_err(|e| IndexError::Corrupt {
                path: self.dir.clone(),
                detail: e.to_string(),
            })?;
            while stream.advance() {
                terms.insert(stream.key().to_vec());
            }
        }
        let manifest = self.manifest()?;
        let undated_documents =
            undated_documents(&searcher).map_err(|e| tantivy_error(&self.dir, e))?;
        Ok(IndexStats {
            index: self.dir.display().to_string(),
            corpus: self.header.corpus.clone(),
            documents: self.header.documents,
            paragraphs: searcher.num_docs(),
            distinct_terms: terms.len() as u64,
            size_bytes: dir_size(&self.dir),
            segments: searcher.segment_readers().len(),
            undated_documents,
            built_at: self.header.built_at,
            skipped_files: manifest
                .files
                .values()
                .filter(|r| r.skipped.is_some())
                .count(),
            changed_folders: match self.staleness() {
                Staleness::Current => Some(0),
                Staleness::Changed { folders } => Some(folders),
                Staleness::CorpusGone | Staleness::Unknown => None,
            },
        })
    }
}

/// Documents whose first paragraph has no day: read from the fast-field
/// columns, one pass over the live paragraphs.
fn undated_documents(searcher: &Searcher) -> tantivy::Result<u64> {
    let mut undated = 0u64;
    for segment in searcher.segment_readers() {
        let paragraph = Fields::paragraph_column(segment)?;
        let day = Fields::day_column(segment)?;
        let firsts = segment
            .doc_ids_alive()
            .filter(|&doc| paragraph.first(doc) == Some(1));
        undated += firsts.filter(|&doc| day.first(doc).is_none()).count() as u64;
    }
    Ok(undated)
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::directory::error::LockError;

    #[test]
    fn a_busy_lock_is_reported_as_another_run() {
        let err = tantivy_error(
            Path::new("/i"),
            tantivy::TantivyError::LockFailure(LockError::LockBusy, None),
        );
        assert!(matches!(err, IndexError::Locked { .. }), "{err}");
    }

    #[test]
    fn an_unwritable_index_directory_is_not_called_damaged() {
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let err = tantivy_error(
            Path::new("/srv/index"),
            tantivy::TantivyError::LockFailure(LockError::wrap_io_error(denied), None),
        );
        assert!(matches!(err, IndexError::Io { .. }), "{err}");
        let message = err.to_string();
        assert!(message.contains("/srv/index"), "{message}");
        assert!(!message.contains("damaged"), "{message}");
    }
}
