//! Building and refreshing an index from a corpus.
//!
//! A refresh compares the corpus with the manifest of the last commit and
//! touches only what changed: new files are added, changed files have their
//! paragraphs deleted and re-added, removed files are deleted. Everything
//! happens in one tantivy commit whose payload is the new header, so a run
//! that dies at any point leaves the previous commit searchable, and the next
//! run simply redoes the work.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::{Index, IndexWriter, Term};

use super::document::{FileValues, ParagraphDoc};
use super::manifest::{CommitHeader, FileRecord, IndexManifest, INDEX_FORMAT};
use super::schema::Fields;
use super::store::{
    check_compatible, current_header, inspect, open_searcher, tantivy_error, DirState,
    ExistingIndex, MARKER_FILE,
};
use super::IndexError;
use crate::analysis::{Analyzer, ANALYSIS_FINGERPRINT};
use crate::ingest::{self, CorpusFile, Document, FileKind};

/// Memory tantivy may use for its in-flight segments, over all threads. Large
/// enough that the 92 MB development corpus makes few segments; small enough
/// to keep a full build well under the 1.5 GB peak the project allows.
const WRITER_MEMORY_BYTES: usize = 400 << 20;

/// What an index run should do.
#[derive(Debug, Clone, Default)]
pub struct RefreshOptions {
    /// Ignore the previous state and index every file again.
    pub rebuild: bool,
    /// Refresh only these files or folders (inside the corpus); empty means all.
    pub paths: Vec<PathBuf>,
}

/// What happened to one file during a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Indexed cleanly.
    Indexed {
        /// Encoding the file was decoded from.
        encoding: String,
        /// Paragraphs indexed.
        paragraphs: u32,
    },
    /// Indexed, but invalid byte sequences were replaced while decoding.
    Repaired {
        /// Encoding the file was decoded from.
        encoding: String,
        /// Paragraphs indexed.
        paragraphs: u32,
        /// Invalid sequences replaced by U+FFFD.
        repairs: usize,
    },
    /// Not indexed.
    Skipped {
        /// Why, in words the user can act on.
        reason: String,
    },
    /// Its paragraphs were removed (the file is gone).
    Removed,
}

/// One file's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileVerdict {
    /// Corpus-relative path.
    pub path: String,
    /// What happened to it.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// The account of an index run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RefreshReport {
    /// The index directory was created by this run.
    pub created: bool,
    /// Everything was indexed again (`--rebuild`, or a new index).
    pub rebuilt: bool,
    /// Files indexed for the first time.
    pub added: usize,
    /// Files whose content changed and were indexed again.
    pub updated: usize,
    /// Files found under a new path with content already indexed elsewhere.
    pub renamed: usize,
    /// Files gone from the corpus whose paragraphs were removed.
    pub removed: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files not indexed, with reasons (this run's and earlier runs' still standing).
    pub skipped: Vec<SkippedFile>,
    /// Verdicts of the files this run read.
    pub files: Vec<FileVerdict>,
    /// Documents in the index after the run.
    pub documents: u64,
    /// Paragraphs in the index after the run.
    pub paragraphs: u64,
    /// Whether a commit was made (nothing to commit when nothing changed).
    pub committed: bool,
    /// Wall-clock time of the run.
    #[serde(serialize_with = "as_millis")]
    pub elapsed: Duration,
}

/// A file the run did not index; `[path, reason]` in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    /// Corpus-relative path.
    pub path: String,
    /// Why, in words the user can act on.
    pub reason: String,
    /// Of a kind xunwen does not read, rather than a document it could not
    /// use ([`ingest::Skipped::unsupported`]).
    pub unsupported: bool,
}

impl Serialize for SkippedFile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.path, &self.reason).serialize(s)
    }
}

fn as_millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u128(d.as_millis())
}

/// Progress of a run, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressEvent {
    /// The corpus was walked: `to_read` of `total` files must be read.
    Planned {
        /// Files in scope.
        total: usize,
        /// Files that need reading.
        to_read: usize,
    },
    /// One more file was read and handed to the indexer.
    FileDone,
    /// All files are read; tantivy is finishing and committing segments.
    Committing,
}

/// What reading one changed file gave.
enum Outcome {
    Unchanged(FileRecord),
    Indexed {
        record: FileRecord,
        verdict: Verdict,
        was_indexed: bool,
    },
    Skipped {
        record: FileRecord,
        reason: String,
    },
}

fn mtime_ns(modified: Option<SystemTime>) -> u128 {
    modified
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Builds the index at `index_dir` from `corpus`, or brings it up to date.
///
/// Holds the index's writer lock for the whole run; a second concurrent run
/// gets [`IndexError::Locked`]. `progress` is called from worker threads.
pub fn refresh(
    corpus: &Path,
    index_dir: &Path,
    analyzer: &Analyzer,
    options: &RefreshOptions,
    progress: &(dyn Fn(ProgressEvent) + Sync),
) -> Result<RefreshReport, IndexError> {
    let started = Instant::now();
    let corpus = std::fs::canonicalize(corpus).map_err(|e| {
        IndexError::Corpus(ingest::IngestError::CorpusRoot {
            path: corpus.to_path_buf(),
            detail: e.to_string(),
        })
    })?;
    let corpus_str = corpus.display().to_string();
    let mut report = RefreshReport::default();

    let (index, fields) = open_or_create(index_dir, options.rebuild, &mut report)?;
    analyzer.register(index.tokenizers());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let writer: IndexWriter<ParagraphDoc> = index
        .writer_with_num_threads(threads, WRITER_MEMORY_BYTES)
        .map_err(|e| tantivy_error(index_dir, e))?;
    // The header that describes the writer's segments is the one read now,
    // under the lock: another run may have committed since `open_or_create`
    // looked, and the older header would re-add that run's new files.
    let previous = current_header(index_dir, &index)?;
    if let (Some(latest), false) = (&previous, report.rebuilt) {
        check_compatible(index_dir, latest)?;
    }
    if !report.rebuilt {
        // A refresh keeps the existing segments: make sure they can be read,
        // or a damaged index would be reported as up to date.
        open_searcher(index_dir, &index)?;
    }

    let previous_manifest = match &previous {
        Some(header) if !report.rebuilt => {
            if header.corpus != corpus_str {
                return Err(IndexError::OtherCorpus {
                    path: index_dir.to_path_buf(),
                    indexed: header.corpus.clone(),
                    requested: corpus_str,
                });
            }
            IndexManifest::load(index_dir, &header.manifest)?
        }
        _ => IndexManifest::default(),
    };
    if report.rebuilt {
        writer
            .delete_all_documents()
            .map_err(|e| tantivy_error(index_dir, e))?;
    }

    let scope = scope_prefixes(&corpus, &options.paths)?;
    let in_scope = |rel: &str| {
        scope.is_empty()
            || scope
                .iter()
                .any(|p| p.is_empty() || rel == p || rel.starts_with(&format!("{p}/")))
    };
    let (files, walk_skipped) = ingest::walk_corpus(&corpus)?;
    let files: Vec<CorpusFile> = files.into_iter().filter(|f| in_scope(&f.rel)).collect();

    // Files whose size and mtime are as recorded are taken as unchanged
    // without reading them: that is what makes a no-change refresh instant.
    let mut records: BTreeMap<String, FileRecord> = previous_manifest
        .files
        .iter()
        .filter(|(rel, _)| !in_scope(rel))
        .map(|(rel, r)| (rel.clone(), r.clone()))
        .collect();
    let mut to_read = Vec::new();
    for file in &files {
        let mtime = mtime_ns(file.modified);
        match previous_manifest.files.get(&file.rel) {
            Some(r) if unchanged_since(r, file.size, mtime) => {
                report.unchanged += 1;
                records.insert(file.rel.clone(), r.clone());
            }
            _ => to_read.push(file),
        }
    }
    progress(ProgressEvent::Planned {
        total: files.len(),
        to_read: to_read.len(),
    });

    let failed = AtomicBool::new(false);
    let outcomes: Vec<(String, Outcome)> = to_read
        .par_iter()
        .map(|file| {
            let previous = previous_manifest.files.get(&file.rel);
            let outcome = process_file(file, previous, &writer, fields, &failed);
            progress(ProgressEvent::FileDone);
            (file.rel.clone(), outcome)
        })
        .collect();
    if failed.load(Ordering::Relaxed) {
        return Err(IndexError::Tantivy {
            path: index_dir.to_path_buf(),
            source: tantivy::TantivyError::ErrorInThread("an indexing thread stopped".into()),
        });
    }

    let present: std::collections::HashSet<&str> = files.iter().map(|f| f.rel.as_str()).collect();
    let mut removed_hashes: HashMap<String, usize> = HashMap::new();
    for (rel, record) in &previous_manifest.files {
        // Only files that had paragraphs count as removed: a skipped file
        // that goes away just leaves the manifest.
        if in_scope(rel) && !present.contains(rel.as_str()) && record.skipped.is_none() {
            writer.delete_term(Term::from_field_text(fields.path, rel));
            *removed_hashes.entry(record.hash.clone()).or_default() += 1;
            report.files.push(FileVerdict {
                path: rel.clone(),
                verdict: Verdict::Removed,
            });
            report.removed += 1;
        }
    }

    for (rel, outcome) in outcomes {
        match outcome {
            Outcome::Unchanged(record) => {
                report.unchanged += 1;
                records.insert(rel, record);
            }
            Outcome::Indexed {
                record,
                verdict,
                was_indexed,
            } => {
                if was_indexed {
                    report.updated += 1;
                } else if let Some(n) = removed_hashes.get_mut(&record.hash).filter(|n| **n > 0) {
                    *n -= 1;
                    report.removed -= 1;
                    report.renamed += 1;
                } else {
                    report.added += 1;
                }
                report.files.push(FileVerdict {
                    path: rel.clone(),
                    verdict,
                });
                records.insert(rel, record);
            }
            Outcome::Skipped { record, reason } => {
                report.files.push(FileVerdict {
                    path: rel.clone(),
                    verdict: Verdict::Skipped {
                        reason: reason.clone(),
                    },
                });
                records.insert(rel, record);
            }
        }
    }
    report.files.sort_by(|a, b| a.path.cmp(&b.path));

    let manifest = IndexManifest { files: records };
    report.skipped = walk_skipped
        .into_iter()
        .map(|s| SkippedFile {
            path: s.rel,
            reason: s.reason,
            unsupported: s.unsupported,
        })
        .chain(manifest.files.iter().filter_map(|(rel, r)| {
            r.skipped.as_ref().map(|why| SkippedFile {
                path: rel.clone(),
                reason: why.clone(),
                unsupported: false,
            })
        }))
        .collect();
    report.documents = manifest.indexed_files() as u64;
    report.paragraphs = manifest
        .files
        .values()
        .map(|r| u64::from(r.paragraphs))
        .sum();

    // A file read again and skipped again for the same reason changes
    // nothing; anything that does change (paragraphs deleted, a new record)
    // shows in the counts or in the manifest.
    let changed = report.rebuilt
        || previous.is_none()
        || report.added + report.updated + report.renamed + report.removed > 0
        || manifest != previous_manifest;
    if changed {
        progress(ProgressEvent::Committing);
        let keep = previous.as_ref().map(|h| h.manifest.as_str());
        commit(writer, index_dir, &manifest, keep, &corpus_str, &report)?;
        report.committed = true;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Whether a file whose size and mtime are as in `record` may be taken as
/// unchanged without reading it. Not when the mtime is unknown, and not when
/// the file could not be read last time (no hash): an unreadable file whose
/// permissions were fixed keeps its size and mtime, and must be retried.
fn unchanged_since(record: &FileRecord, size: u64, mtime_ns: u128) -> bool {
    record.size == size && record.mtime_ns == mtime_ns && mtime_ns != 0 && !record.hash.is_empty()
}

/// Reads, hashes and (when it changed) indexes one file.
fn process_file(
    file: &CorpusFile,
    previous: Option<&FileRecord>,
    writer: &IndexWriter<ParagraphDoc>,
    fields: Fields,
    failed: &AtomicBool,
) -> Outcome {
    let mut record = FileRecord {
        size: file.size,
        mtime_ns: mtime_ns(file.modified),
        hash: String::new(),
        paragraphs: 0,
        skipped: None,
    };
    let was_indexed = previous.is_some_and(|r| r.skipped.is_none());
    let delete_old = || {
        if was_indexed {
            writer.delete_term(Term::from_field_text(fields.path, &file.rel));
        }
    };
    let parsed = read_capped(file).and_then(|bytes| {
        record.size = bytes.len() as u64;
        record.hash = blake3::hash(&bytes).to_hex().to_string();
        if let Some(prev) = previous.filter(|p| p.hash == record.hash) {
            return Ok(Err(prev.clone()));
        }
        let kind = FileKind::from_path(&file.abs).unwrap_or(FileKind::Text);
        ingest::parse_document(&bytes, &file.rel, kind).map(Ok)
    });
    match parsed {
        Ok(Err(prev)) => Outcome::Unchanged(FileRecord {
            mtime_ns: record.mtime_ns,
            ..prev
        }),
        Ok(Ok(document)) => {
            delete_old();
            record.paragraphs = document.paragraphs.len() as u32;
            let verdict = if document.repairs > 0 {
                Verdict::Repaired {
                    encoding: document.encoding.to_string(),
                    paragraphs: record.paragraphs,
                    repairs: document.repairs,
                }
            } else {
                Verdict::Indexed {
                    encoding: document.encoding.to_string(),
                    paragraphs: record.paragraphs,
                }
            };
            if add_document(writer, fields, document).is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            Outcome::Indexed {
                record,
                verdict,
                was_indexed,
            }
        }
        Err(err) => {
            delete_old();
            let reason = err.to_string();
            record.skipped = Some(reason.clone());
            Outcome::Skipped { record, reason }
        }
    }
}

/// Reads a file whole, refusing files over the per-file limit so memory
/// stays bounded whatever lands in the corpus.
fn read_capped(file: &CorpusFile) -> Result<Vec<u8>, ingest::IngestError> {
    if file.size > ingest::MAX_FILE_SIZE {
        return Err(ingest::IngestError::TooLarge {
            path: PathBuf::from(&file.rel),
            size: file.size,
            limit: ingest::MAX_FILE_SIZE,
        });
    }
    std::fs::read(&file.abs).map_err(|source| ingest::IngestError::Io {
        path: PathBuf::from(&file.rel),
        source,
    })
}

/// Adds one tantivy document per paragraph, handing over the paragraphs' text.
fn add_document(
    writer: &IndexWriter<ParagraphDoc>,
    fields: Fields,
    mut document: Document,
) -> tantivy::Result<()> {
    let file = FileValues::new(fields, &document);
    for paragraph in std::mem::take(&mut document.paragraphs) {
        writer.add_document(ParagraphDoc::new(&file, paragraph))?;
    }
    Ok(())
}

/// Writes the manifest, then commits with the header naming it, then lets
/// merges finish and drops manifests no commit refers to any more.
///
/// `keep` is the previous commit's manifest: a `stats` that read the previous
/// header just before this commit still finds its manifest.
fn commit(
    mut writer: IndexWriter<ParagraphDoc>,
    index_dir: &Path,
    manifest: &IndexManifest,
    keep: Option<&str>,
    corpus: &str,
    report: &RefreshReport,
) -> Result<(), IndexError> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let manifest_name = format!("manifest-{stamp}.json");
    manifest.store(index_dir, &manifest_name)?;
    let header = CommitHeader {
        format: INDEX_FORMAT.to_string(),
        analysis: ANALYSIS_FINGERPRINT.to_string(),
        corpus: corpus.to_string(),
        built_at: now_secs(),
        documents: report.documents,
        paragraphs: report.paragraphs,
        manifest: manifest_name.clone(),
    };
    let payload = serde_json::to_string(&header).map_err(|e| IndexError::Io {
        path: index_dir.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    let mut prepared = writer
        .prepare_commit()
        .map_err(|e| tantivy_error(index_dir, e))?;
    prepared.set_payload(&payload);
    prepared.commit().map_err(|e| tantivy_error(index_dir, e))?;
    writer
        .wait_merging_threads()
        .map_err(|e| tantivy_error(index_dir, e))?;
    if let Ok(entries) = std::fs::read_dir(index_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with("manifest-") && name != manifest_name && Some(name.as_str()) != keep
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

/// Opens the index for writing, creating it (or, with `rebuild`, recreating a
/// damaged or outdated one) as needed.
fn open_or_create(
    dir: &Path,
    rebuild: bool,
    report: &mut RefreshReport,
) -> Result<(Index, Fields), IndexError> {
    let io = |e: std::io::Error| IndexError::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    match inspect(dir) {
        Ok(DirState::Existing(existing)) => {
            let ExistingIndex {
                index,
                fields,
                header,
            } = *existing;
            let usable = match &header {
                Some(h) => check_compatible(dir, h),
                None => Ok(()),
            };
            match usable {
                Ok(()) => {
                    report.rebuilt = rebuild || header.is_none();
                    return Ok((index, fields));
                }
                Err(e) if !rebuild => return Err(e),
                Err(_) => {}
            }
        }
        Ok(DirState::Fresh) => {}
        Err(IndexError::Corrupt { .. } | IndexError::Outdated { .. }) if rebuild => {}
        Err(e) => return Err(e),
    }
    // A new index, or a rebuild of a damaged xunwen index (inspect has
    // checked the marker): clear what tantivy wrote and start over.
    std::fs::create_dir_all(dir).map_err(io)?;
    // Clear and create under tantivy's writer lock: a run writing this
    // directory (perhaps rebuilding it) must not have it emptied under it.
    let lock = take_writer_lock(dir)?;
    if dir.join(MARKER_FILE).is_file() {
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = entry.file_name().to_string_lossy().to_string();
            // Hidden files are tantivy's locks and bookkeeping (and perhaps a
            // `.gitignore`): deleting a lock file someone holds breaks the lock.
            if name == MARKER_FILE || name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                std::fs::remove_dir_all(&path).map_err(io)?;
            } else {
                std::fs::remove_file(&path).map_err(io)?;
            }
        }
    } else {
        report.created = true;
    }
    std::fs::write(
        dir.join(MARKER_FILE),
        format!("{INDEX_FORMAT}\nThis directory is a xunwen index; `xunwen index --rebuild` may rewrite it.\n"),
    )
    .map_err(io)?;
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
    Ok((index, fields))
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

/// Turns the paths given to a partial refresh into corpus-relative prefixes.
fn scope_prefixes(corpus: &Path, paths: &[PathBuf]) -> Result<Vec<String>, IndexError> {
    paths
        .iter()
        .map(|p| {
            // A path that no longer exists (a deleted file) cannot be
            // canonicalized; resolve its parent instead.
            let resolved = std::fs::canonicalize(p).or_else(|_| {
                let parent = p
                    .parent()
                    .filter(|x| !x.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                std::fs::canonicalize(parent).map(|d| d.join(p.file_name().unwrap_or_default()))
            });
            let outside = || IndexError::OutsideCorpus {
                path: p.clone(),
                corpus: corpus.to_path_buf(),
            };
            let resolved = resolved.map_err(|_| outside())?;
            let rel = resolved.strip_prefix(corpus).map_err(|_| outside())?;
            Ok(rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect::<Vec<_>>()
                .join("/"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(hash: &str, skipped: Option<&str>) -> FileRecord {
        FileRecord {
            size: 10,
            mtime_ns: 1_700_000_000_000_000_000,
            hash: hash.into(),
            paragraphs: 0,
            skipped: skipped.map(str::to_string),
        }
    }

    #[test]
    fn same_size_and_mtime_means_unchanged() {
        let r = record("ab12", None);
        assert!(unchanged_since(&r, 10, r.mtime_ns));
        assert!(!unchanged_since(&r, 11, r.mtime_ns));
        assert!(!unchanged_since(&r, 10, r.mtime_ns + 1));
    }

    #[test]
    fn an_unknown_mtime_is_never_trusted() {
        let r = FileRecord {
            mtime_ns: 0,
            ..record("ab12", None)
        };
        assert!(!unchanged_since(&r, 10, 0));
    }

    #[test]
    fn a_file_that_could_not_be_read_is_retried() {
        // Unreadable last time (no hash): fixing permissions keeps size and mtime.
        let r = record("", Some("cannot read file (permission denied)"));
        assert!(!unchanged_since(&r, 10, r.mtime_ns));
        // Read but refused (empty, undecodable): same bytes, same verdict.
        let r = record("ab12", Some("empty"));
        assert!(unchanged_since(&r, 10, r.mtime_ns));
    }
}
