//! Building and refreshing an index from a corpus.
//!
//! A refresh compares the corpus with the manifest of the last commit and
//! touches only what changed, in three steps:
//! 1. plan ([`Plan`]): walk the corpus and diff it against the manifest,
//!    giving the files to read (new or changed) and the files gone;
//! 2. apply ([`Run::apply`]): read, hash and index the planned files, delete
//!    the gone ones, tell renames from removals, and make the new manifest;
//! 3. commit ([`commit`]): the manifest, the folder record and the header,
//!    in one tantivy commit.
//!
//! A run that dies at any point leaves the previous commit searchable, and
//! the next run simply redoes the work (after removing what the dead run
//! wrote).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::indexer::UserOperation;
use tantivy::{Index, IndexWriter, Term};

use super::document::{FileValues, ParagraphDoc};
use super::failure;
use super::manifest::{CommitHeader, FileRecord, IndexManifest, INDEX_FORMAT};
use super::plan::{mtime_ns, Plan};
use super::schema::Fields;
use super::scope::Scope;
use super::stale::CorpusDirs;
use super::store::{
    check_compatible, current_header, inspect, open_searcher, tantivy_error, DirState,
    ExistingIndex, MARKER_FILE,
};
use super::watched::{WatchedDirectory, WriteProbe};
use super::IndexError;
use crate::analysis::{Analyzer, ANALYSIS_FINGERPRINT};
use crate::ingest::{self, CorpusFile, Document, FileKind};

/// Memory tantivy may use for its in-flight segments, over all threads.
///
/// Each indexing thread flushes a segment when its share fills, and every
/// search pays for each segment (opening its files, a term lookup and a
/// scorer per field and term). With 400 MB, three copies of the development
/// corpus (283 MB) ended in 6 segments and a cold top-10 query took
/// 1.6–2.0× its time on one copy; with 1 GiB they end in one segment per
/// thread, as one copy does (BENCHMARKS.md, issue 15). tantivy takes the
/// memory as it fills, so a build of one copy peaks where it did (~560 MB),
/// a build of three at ~1.1 GB, and no build goes much above that: a larger
/// corpus makes more segments instead. A merge after the build gave the same
/// layout for 14 % more build time (measured on index format 3).
const WRITER_MEMORY_BYTES: usize = 1 << 30;

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
    /// Files in the index left as they were.
    pub unchanged: usize,
    /// Files not indexed, with reasons (this run's and earlier runs' still
    /// standing). With `added`, `updated`, `renamed` and `unchanged` this
    /// accounts for every file the run covered, once.
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
    /// Not skipped for this reason by the last run: a report need only
    /// mention these (not in JSON, which lists every skip).
    pub new: bool,
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

/// Builds the index at `index_dir` from `corpus`, or brings it up to date.
///
/// Holds the index's writer lock for the whole run; a second concurrent run
/// gets [`IndexError::Locked`]. `progress` is called from worker threads.
/// When the run fails, the files it wrote are removed before it returns, and
/// a failed write is reported as [`IndexError::WriteFailed`].
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
    let probe = Arc::new(WriteProbe::default());
    let mut report = RefreshReport::default();
    let result = open_or_create(index_dir, options.rebuild, &mut report).and_then(|fields| {
        let index = open_watched(index_dir, &probe)?;
        analyzer.register(index.tokenizers());
        let run = Run {
            index: &index,
            fields,
            dir: index_dir,
            corpus: &corpus,
            progress,
        };
        let outcome = run.execute(options, &mut report);
        if outcome.is_err() {
            failure::clean_up(&index, index_dir, &probe);
        }
        outcome
    });
    result.map_err(|e| failure::describe(index_dir, e, &probe))?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Opens the index in `dir` with its writes watched by `probe`.
fn open_watched(dir: &Path, probe: &Arc<WriteProbe>) -> Result<Index, IndexError> {
    let watched = WatchedDirectory::open(dir, probe.clone()).map_err(|e| IndexError::Io {
        path: dir.to_path_buf(),
        source: e,
    })?;
    Index::open(watched).map_err(|e| tantivy_error(dir, e))
}

/// One index run over an opened index.
struct Run<'a> {
    index: &'a Index,
    fields: Fields,
    dir: &'a Path,
    corpus: &'a Path,
    progress: &'a (dyn Fn(ProgressEvent) + Sync),
}

impl Run<'_> {
    /// The whole run, up to and including the commit. On an error the
    /// writer has been dropped (its threads joined) when this returns.
    fn execute(
        &self,
        options: &RefreshOptions,
        report: &mut RefreshReport,
    ) -> Result<(), IndexError> {
        let (writer, previous) = self.open_writer(report)?;
        let (previous_manifest, previous_dirs) = self.previous_state(previous.as_ref(), report)?;
        if report.rebuilt {
            writer
                .delete_all_documents()
                .map_err(|e| tantivy_error(self.dir, e))?;
        }

        let scope = Scope::resolve(self.corpus, &options.paths, &previous_manifest)?;
        // Before the walk: a folder that changes while the walk runs shows as
        // changed at the next search, rather than being taken as indexed.
        let dirs = CorpusDirs::snapshot(self.corpus, self.dir);
        let (files, passed_over) = ingest::walk_corpus(self.corpus)?;
        let dirs = dirs.unsettle(&scope.unsettled(&previous_manifest, &files, &passed_over));
        let plan = Plan::new(&scope, &previous_manifest, files, passed_over);
        let manifest = self.apply(&writer, plan, &previous_manifest, &scope, report)?;

        // A file read again and skipped again for the same reason changes
        // nothing; anything that does change (paragraphs deleted, a new record,
        // a corpus folder touched) shows in the counts, the manifest or the
        // folder record.
        let changed = report.rebuilt
            || previous.is_none()
            || report.added + report.updated + report.renamed + report.removed > 0
            || manifest != previous_manifest
            || Some(&dirs) != previous_dirs.as_ref();
        if changed {
            (self.progress)(ProgressEvent::Committing);
            let corpus = self.corpus.display().to_string();
            commit(
                writer,
                self.dir,
                (&manifest, &dirs),
                previous.as_ref(),
                &corpus,
                report,
            )?;
            report.committed = true;
        }
        Ok(())
    }

    /// Takes the writer (and with it the lock), reads the header of the last
    /// commit under it, and removes what a killed run left behind.
    fn open_writer(
        &self,
        report: &RefreshReport,
    ) -> Result<(IndexWriter<ParagraphDoc>, Option<CommitHeader>), IndexError> {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let writer: IndexWriter<ParagraphDoc> = self
            .index
            .writer_with_num_threads(threads, WRITER_MEMORY_BYTES)
            .map_err(|e| tantivy_error(self.dir, e))?;
        // The header that describes the writer's segments is the one read now,
        // under the lock: another run may have committed since `open_or_create`
        // looked, and the older header would re-add that run's new files.
        let previous = current_header(self.dir, self.index)?;
        if let (Some(latest), false) = (&previous, report.rebuilt) {
            check_compatible(self.dir, latest)?;
        }
        // What a killed run left behind goes first: the space it holds may be
        // what this run needs.
        failure::collect_garbage(&writer, self.dir, previous.as_ref());
        if !report.rebuilt {
            // A refresh keeps the existing segments: make sure they can be read,
            // or a damaged index would be reported as up to date.
            open_searcher(self.dir, self.index)?;
        }
        Ok((writer, previous))
    }

    /// The manifest and folder record of the last commit (none for a rebuild),
    /// after checking that the commit is of this corpus.
    fn previous_state(
        &self,
        header: Option<&CommitHeader>,
        report: &RefreshReport,
    ) -> Result<(IndexManifest, Option<CorpusDirs>), IndexError> {
        let Some(header) = header.filter(|_| !report.rebuilt) else {
            return Ok((IndexManifest::default(), None));
        };
        let corpus = self.corpus.display().to_string();
        if header.corpus != corpus {
            return Err(IndexError::OtherCorpus {
                path: self.dir.to_path_buf(),
                indexed: header.corpus.clone(),
                requested: corpus,
            });
        }
        let manifest = IndexManifest::load(self.dir, &header.manifest)?;
        let dirs = header
            .dirs
            .as_deref()
            .and_then(|name| CorpusDirs::load(self.dir, name).ok());
        Ok((manifest, dirs))
    }

    /// Step 2: reads the planned files into the writer, deletes the gone
    /// ones, and returns the new manifest; fills the report's counts.
    fn apply(
        &self,
        writer: &IndexWriter<ParagraphDoc>,
        plan: Plan,
        previous: &IndexManifest,
        scope: &Scope,
        report: &mut RefreshReport,
    ) -> Result<IndexManifest, IndexError> {
        (self.progress)(ProgressEvent::Planned {
            total: plan.in_scope,
            to_read: plan.to_read.len(),
        });
        let outcomes = self.read_files(writer, &plan.to_read, previous)?;
        let mut removed = self.remove_gone(writer, &plan.gone, report);
        let mut records = plan.kept;
        merge_outcomes(outcomes, &mut records, &mut removed, report);
        for skip in plan.passed_over {
            records.insert(skip.rel, passed_over_record(skip.reason, skip.unsupported));
        }
        let manifest = IndexManifest { files: records };
        account(&manifest, previous, scope, report);
        Ok(manifest)
    }

    /// Reads, hashes and (when changed) indexes `to_read` in parallel.
    fn read_files(
        &self,
        writer: &IndexWriter<ParagraphDoc>,
        to_read: &[CorpusFile],
        previous: &IndexManifest,
    ) -> Result<Vec<(String, Outcome)>, IndexError> {
        let failed = AtomicBool::new(false);
        let outcomes = to_read
            .par_iter()
            .map(|file| {
                let before = previous.files.get(&file.rel);
                let outcome = process_file(file, before, writer, self.fields, &failed);
                (self.progress)(ProgressEvent::FileDone);
                (file.rel.clone(), outcome)
            })
            .collect();
        if failed.load(Ordering::Relaxed) {
            // tantivy keeps the cause from its thread to itself; the write
            // probe has it (see `failure::describe`).
            return Err(IndexError::Tantivy {
                path: self.dir.to_path_buf(),
                source: tantivy::TantivyError::ErrorInThread("an indexing thread stopped".into()),
            });
        }
        Ok(outcomes)
    }

    /// Deletes the paragraphs of the files gone; returns how many files of
    /// each content hash went, to tell renames from removals.
    fn remove_gone(
        &self,
        writer: &IndexWriter<ParagraphDoc>,
        gone: &[(String, FileRecord)],
        report: &mut RefreshReport,
    ) -> HashMap<String, usize> {
        let mut removed: HashMap<String, usize> = HashMap::new();
        for (rel, record) in gone {
            writer.delete_term(Term::from_field_text(self.fields.path, rel));
            *removed.entry(record.hash.clone()).or_default() += 1;
            report.files.push(FileVerdict {
                path: rel.clone(),
                verdict: Verdict::Removed,
            });
            report.removed += 1;
        }
        removed
    }
}

/// Records what reading each file gave, counting additions, updates and
/// renames (a new file whose content went from another path).
fn merge_outcomes(
    outcomes: Vec<(String, Outcome)>,
    records: &mut BTreeMap<String, FileRecord>,
    removed: &mut HashMap<String, usize>,
    report: &mut RefreshReport,
) {
    for (rel, outcome) in outcomes {
        match outcome {
            Outcome::Unchanged(record) => {
                records.insert(rel, record);
            }
            Outcome::Indexed {
                record,
                verdict,
                was_indexed,
            } => {
                if was_indexed {
                    report.updated += 1;
                } else if let Some(n) = removed.get_mut(&record.hash).filter(|n| **n > 0) {
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
                    verdict: Verdict::Skipped { reason },
                });
                records.insert(rel, record);
            }
        }
    }
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
}

/// The record of a file the walk passed over (never read).
fn passed_over_record(reason: String, unsupported: bool) -> FileRecord {
    FileRecord {
        size: 0,
        mtime_ns: 0,
        hash: String::new(),
        paragraphs: 0,
        skipped: Some(reason),
        unsupported,
    }
}

/// Fills the report's totals from the new manifest, so that `index` and
/// `stats` count the same way: every file in scope is either in the index
/// (added, updated, renamed or unchanged) or skipped, once.
fn account(
    manifest: &IndexManifest,
    previous: &IndexManifest,
    scope: &Scope,
    report: &mut RefreshReport,
) {
    let in_scope = manifest.files.iter().filter(|(rel, _)| scope.contains(rel));
    let mut indexed = 0;
    report.skipped.clear();
    for (rel, record) in in_scope {
        let Some(reason) = &record.skipped else {
            indexed += 1;
            continue;
        };
        let before = previous.files.get(rel).and_then(|r| r.skipped.as_ref());
        report.skipped.push(SkippedFile {
            path: rel.clone(),
            reason: reason.clone(),
            unsupported: record.unsupported,
            new: before != Some(reason),
        });
    }
    report.unchanged = indexed - (report.added + report.updated + report.renamed).min(indexed);
    report.documents = manifest.indexed_files() as u64;
    report.paragraphs = manifest
        .files
        .values()
        .map(|r| u64::from(r.paragraphs))
        .sum();
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
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
        unsupported: false,
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
///
/// The paragraphs go to tantivy as one batch, which it indexes in order into
/// one segment: a document stays a block of consecutive tantivy documents,
/// paragraph 1 first, which the title join relies on (`search::join`).
fn add_document(
    writer: &IndexWriter<ParagraphDoc>,
    fields: Fields,
    mut document: Document,
) -> tantivy::Result<()> {
    let file = FileValues::new(fields, &document);
    let block = std::mem::take(&mut document.paragraphs)
        .into_iter()
        .map(|paragraph| UserOperation::Add(ParagraphDoc::new(&file, paragraph)));
    writer.run(block)?;
    Ok(())
}
/// Writes the manifest and the folder record, then commits with the header
/// naming them, then lets merges finish and drops the files of ours that no
/// commit refers to any more.
///
/// The previous commit's files are kept: a `stats` that read the previous
/// header just before this commit still finds its manifest.
fn commit(
    mut writer: IndexWriter<ParagraphDoc>,
    index_dir: &Path,
    (manifest, dirs): (&IndexManifest, &CorpusDirs),
    previous: Option<&CommitHeader>,
    corpus: &str,
    report: &RefreshReport,
) -> Result<(), IndexError> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let header = CommitHeader {
        format: INDEX_FORMAT.to_string(),
        analysis: ANALYSIS_FINGERPRINT.to_string(),
        corpus: corpus.to_string(),
        built_at: now_secs(),
        documents: report.documents,
        paragraphs: report.paragraphs,
        manifest: format!("manifest-{stamp}.json"),
        dirs: Some(format!("dirs-{stamp}.json")),
    };
    manifest.store(index_dir, &header.manifest)?;
    dirs.store(index_dir, &format!("dirs-{stamp}.json"))?;
    let payload = serde_json::to_string(&header).map_err(|e| IndexError::Io {
        path: index_dir.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    let mut prepared = writer
        .prepare_commit()
        .map_err(|e| tantivy_error(index_dir, e))?;
    prepared.set_payload(&payload);
    prepared.commit().map_err(|e| tantivy_error(index_dir, e))?;
    // The commit stands whatever happens to the merges it started; a merge
    // that fails (a full disk) leaves files the next run collects.
    let _ = writer.wait_merging_threads();
    let mut keep = failure::own_files(&header);
    keep.extend(previous.map(failure::own_files).unwrap_or_default());
    failure::remove_own_files_but(index_dir, &keep);
    Ok(())
}

/// Opens the index for writing, creating it (or, with `rebuild`, recreating a
/// damaged or outdated one) as needed.
fn open_or_create(
    dir: &Path,
    rebuild: bool,
    report: &mut RefreshReport,
) -> Result<Fields, IndexError> {
    let io = |e: std::io::Error| IndexError::Io {
        path: dir.to_path_buf(),
        source: e,
    };
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
                    return Ok(fields);
                }
                Err(e) if !rebuild => return Err(e),
                Err(_) => {}
            }
        }
        Ok(DirState::Fresh) => {}
        Err(
            IndexError::Corrupt { .. } | IndexError::Damaged { .. } | IndexError::Outdated { .. },
        ) if rebuild => {}
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
    Ok(fields)
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
