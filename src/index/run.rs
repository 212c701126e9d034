//! Building and refreshing an index from a corpus.
//!
//! A refresh compares the corpus with the manifest of the last commit and
//! touches only what changed, in three steps:
//! 1. plan ([`RefreshPlan`]): walk the corpus and diff it against the manifest,
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
use std::time::Instant;

use rayon::prelude::*;
use tantivy::{Index, IndexWriter, Term};

use super::commit::commit;
use super::committed::{
    check_compatible, current_header, open_searcher, tantivy_error, XunwenIndex,
};
use super::dir::{open_or_create, open_watched};
use super::document::ParagraphDoc;
use super::failure;
use super::manifest::{CommitHeader, FileRecord, IndexManifest};
use super::read::{process_file, Outcome};
use super::refresh_plan::RefreshPlan;
use super::refresh_scope::RefreshScope;
use super::report::{FileVerdict, ProgressEvent, RefreshReport, SkippedFile, Verdict};
use super::schema::Fields;
use super::stale::CorpusDirs;
use super::watched::WriteProbe;
use super::IndexError;
use crate::analysis::Analyzer;
use crate::ingest::{self, CorpusFile};

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
    /// Set from outside (a Ctrl-C handler) to stop the run before its
    /// commit: it then ends with [`IndexError::Interrupted`], having removed
    /// what it wrote.
    pub interrupt: Arc<AtomicBool>,
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
    // Another user dictionary cuts every document otherwise: all are read again.
    let rebuild = options.rebuild || user_dict_changed(index_dir, analyzer);
    let result = open_or_create(index_dir, &corpus, rebuild, &mut report).and_then(|fields| {
        let index = open_watched(index_dir, &probe)?;
        analyzer.register(index.tokenizers());
        let run = Run {
            index: &index,
            fields,
            dir: index_dir,
            corpus: &corpus,
            progress,
            interrupt: &options.interrupt,
            analyzer,
        };
        let outcome = run.execute(options, &mut report);
        if outcome.is_err() {
            failure::clean_up(&index, index_dir, &probe);
        }
        outcome
    });
    result.map_err(|e| failure::describe(index_dir, e, &probe))?;
    super::mined::refresh(index_dir, report.committed)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Whether the index in `dir` was cut with another user dictionary than
/// `analyzer`'s (false when there is no readable index yet).
fn user_dict_changed(dir: &Path, analyzer: &Analyzer) -> bool {
    XunwenIndex::open(dir).is_ok_and(|index| index.header().user_dict != analyzer.user_dict_id())
}

/// Brings the index at `index_dir` up to date with `corpus` (building it if
/// there is none), then opens it: what `xunwen search --refresh` does.
/// `interrupt` stops the run as [`RefreshOptions::interrupt`] does.
pub fn open_fresh(
    corpus: &Path,
    index_dir: &Path,
    analyzer: &Analyzer,
    interrupt: Arc<AtomicBool>,
    progress: &(dyn Fn(ProgressEvent) + Sync),
) -> Result<(XunwenIndex, RefreshReport), IndexError> {
    let options = RefreshOptions {
        interrupt,
        ..RefreshOptions::default()
    };
    let report = refresh(corpus, index_dir, analyzer, &options, progress)?;
    Ok((XunwenIndex::open(index_dir)?, report))
}

/// One index run over an opened index.
struct Run<'a> {
    index: &'a Index,
    fields: Fields,
    dir: &'a Path,
    corpus: &'a Path,
    progress: &'a (dyn Fn(ProgressEvent) + Sync),
    interrupt: &'a AtomicBool,
    /// What the documents are cut with (its user dictionary is recorded).
    analyzer: &'a Analyzer,
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

        let scope = RefreshScope::resolve(self.corpus, &options.paths, &previous_manifest)?;
        // Before the walk: a folder that changes while the walk runs shows as
        // changed at the next search, rather than being taken as indexed.
        let dirs = CorpusDirs::snapshot(self.corpus);
        let (files, passed_over) = ingest::walk_corpus(self.corpus)?;
        let dirs = dirs.unsettle(&scope.unsettled(&previous_manifest, &files, &passed_over));
        let plan = RefreshPlan::new(&scope, &previous_manifest, files, passed_over);
        self.check_interrupt(previous.is_none())?;
        let manifest = self.apply(&writer, plan, &previous_manifest, &scope, report)?;
        self.check_interrupt(previous.is_none())?;

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
                (&corpus, self.analyzer.user_dict_id()),
                report,
            )?;
            report.committed = true;
        }
        Ok(())
    }

    /// Fails with [`IndexError::Interrupted`] once the run was asked to stop
    /// (the writer, dropped uncommitted, leaves the last commit as it was).
    fn check_interrupt(&self, nothing_yet: bool) -> Result<(), IndexError> {
        if self.interrupt.load(Ordering::Relaxed) {
            return Err(IndexError::Interrupted {
                path: self.dir.to_path_buf(),
                corpus: self.corpus.to_path_buf(),
                nothing_yet,
            });
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
        plan: RefreshPlan,
        previous: &IndexManifest,
        scope: &RefreshScope,
        report: &mut RefreshReport,
    ) -> Result<IndexManifest, IndexError> {
        (self.progress)(ProgressEvent::Planned {
            total: plan.in_scope,
            to_read: plan.to_read.len(),
        });
        self.analyzer
            .prepare_bulk(plan.to_read.iter().map(|file| file.size).sum());
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
        // Once interrupted, the files left are passed over: the run ends
        // before its commit (see `check_interrupt`).
        let outcomes = to_read
            .par_iter()
            .filter(|_| !self.interrupt.load(Ordering::Relaxed))
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
    scope: &RefreshScope,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn record(hash: &str, skipped: Option<&str>) -> FileRecord {
        FileRecord {
            size: 1,
            mtime_ns: 1,
            hash: hash.into(),
            paragraphs: u32::from(skipped.is_none()),
            skipped: skipped.map(str::to_string),
            unsupported: false,
        }
    }

    fn indexed(hash: &str, was_indexed: bool) -> Outcome {
        Outcome::Indexed {
            record: record(hash, None),
            verdict: Verdict::Indexed {
                encoding: "UTF-8".into(),
                paragraphs: 1,
            },
            was_indexed,
        }
    }

    #[test]
    fn apply_tells_renames_from_additions_and_updates() {
        let mut report = RefreshReport {
            removed: 1,
            ..RefreshReport::default()
        };
        let mut removed = HashMap::from([("h-moved".to_string(), 1)]);
        let mut records = BTreeMap::new();
        let outcomes = vec![
            ("new.txt".to_string(), indexed("h-moved", false)),
            ("fresh.txt".to_string(), indexed("h-new", false)),
            ("edited.txt".to_string(), indexed("h-edit", true)),
            (
                "same.txt".to_string(),
                Outcome::Unchanged(record("h", None)),
            ),
        ];
        merge_outcomes(outcomes, &mut records, &mut removed, &mut report);
        assert_eq!(
            (report.added, report.updated, report.renamed, report.removed),
            (1, 1, 1, 0)
        );
        assert_eq!(records.len(), 4);
        let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["edited.txt", "fresh.txt", "new.txt"]);
    }

    #[test]
    fn apply_accounts_every_file_in_scope_once_and_new_skips_as_new() {
        let previous = IndexManifest {
            files: BTreeMap::from([("old.bin".to_string(), record("", Some("binary")))]),
        };
        let manifest = IndexManifest {
            files: BTreeMap::from([
                ("a.txt".to_string(), record("a", None)),
                ("b.txt".to_string(), record("b", None)),
                ("old.bin".to_string(), record("", Some("binary"))),
                ("new.bin".to_string(), record("", Some("binary"))),
            ]),
        };
        let mut report = RefreshReport {
            added: 1,
            ..RefreshReport::default()
        };
        account(&manifest, &previous, &RefreshScope::default(), &mut report);
        assert_eq!((report.unchanged, report.documents), (1, 2));
        let new: Vec<(&str, bool)> = report
            .skipped
            .iter()
            .map(|s| (s.path.as_str(), s.new))
            .collect();
        assert_eq!(new, [("new.bin", true), ("old.bin", false)]);
    }

    /// A run over `corpus` into `index`, with no progress shown.
    fn run(corpus: &Path, index: &Path) -> RefreshReport {
        let options = RefreshOptions::default();
        refresh(corpus, index, &Analyzer::new(), &options, &|_| {}).expect("index run")
    }

    #[test]
    fn plan_apply_commit_over_a_small_corpus() {
        let root = tempfile::tempdir().expect("temp dir");
        let (corpus, index) = (root.path().join("corpus"), root.path().join("index"));
        std::fs::create_dir_all(corpus.join("2024")).expect("mkdir");
        std::fs::write(
            corpus.join("2024/a.txt"),
            "区政府召开会议\n会议研究了工作。\n",
        )
        .expect("write");
        std::fs::write(corpus.join("b.txt"), "通知\n请各单位做好准备。\n").expect("write");

        let first = run(&corpus, &index);
        assert!(first.created && first.rebuilt && first.committed);
        assert_eq!((first.added, first.documents), (2, 2));
        let opened = XunwenIndex::open(&index).expect("a committed index");
        let header = opened.header();
        assert!(index.join(&header.manifest).is_file(), "{header:?}");
        let dirs = header.dirs.as_deref().expect("a folder record");
        assert!(index.join(dirs).is_file(), "{header:?}");

        let again = run(&corpus, &index);
        assert!(!again.committed, "nothing changed, nothing committed");
        assert_eq!((again.unchanged, again.added), (2, 0));

        std::fs::rename(corpus.join("b.txt"), corpus.join("2024/b.txt")).expect("mv");
        let moved = run(&corpus, &index);
        assert!(moved.committed);
        assert_eq!((moved.renamed, moved.removed, moved.documents), (1, 0, 2));
    }
}
