//! Step 1 of an index run: what must change, decided from the corpus walk
//! and the last manifest alone. Nothing is read and the index is not touched,
//! so a plan can be tested (and reasoned about) without tantivy.
//!
//! Step 2 (`run::Run::apply`) reads the planned files into the writer and
//! deletes the gone ones; step 3 (`commit::commit`) writes the manifest and the
//! header in one tantivy commit.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use super::manifest::{FileRecord, IndexManifest};
use super::refresh_scope::RefreshScope;
use crate::ingest::{CorpusFile, Skipped};

/// What a run must do. Renames are told from removals in step 2, once the
/// new files are read and hashed: a new file whose content went from a gone
/// path is a rename.
#[derive(Debug, Default)]
pub(crate) struct RefreshPlan {
    /// Records that stay as they are: out of scope, or in scope with the size
    /// and modification time recorded (what makes a no-change refresh
    /// instant).
    pub kept: BTreeMap<String, FileRecord>,
    /// New files, and files that may have changed: to read, hash and, when
    /// their content changed, index.
    pub to_read: Vec<CorpusFile>,
    /// Indexed files no longer in the corpus: their paragraphs go. (A skipped
    /// file that goes away just leaves the manifest.)
    pub gone: Vec<(String, FileRecord)>,
    /// Files in scope the walk passed over (kinds xunwen does not read).
    pub passed_over: Vec<Skipped>,
    /// Files in scope, read or not.
    pub in_scope: usize,
}

impl RefreshPlan {
    /// The plan for `scope`, given the corpus walk (`files`, `passed_over`)
    /// and the manifest of the last commit.
    pub fn new(
        scope: &RefreshScope,
        previous: &IndexManifest,
        files: Vec<CorpusFile>,
        passed_over: Vec<Skipped>,
    ) -> RefreshPlan {
        let files: Vec<CorpusFile> = files
            .into_iter()
            .filter(|f| scope.contains(&f.rel))
            .collect();
        let present: std::collections::HashSet<&str> =
            files.iter().map(|f| f.rel.as_str()).collect();
        let mut kept: BTreeMap<String, FileRecord> = BTreeMap::new();
        let mut gone = Vec::new();
        for (rel, record) in &previous.files {
            if !scope.contains(rel) {
                kept.insert(rel.clone(), record.clone());
            } else if !present.contains(rel.as_str()) && record.skipped.is_none() {
                gone.push((rel.clone(), record.clone()));
            }
        }
        let in_scope = files.len();
        let mut to_read = Vec::new();
        for file in files {
            match previous.files.get(&file.rel) {
                Some(r) if unchanged_since(r, file.size, mtime_ns(file.modified)) => {
                    kept.insert(file.rel.clone(), r.clone());
                }
                _ => to_read.push(file),
            }
        }
        let passed_over = passed_over
            .into_iter()
            .filter(|s| scope.contains(&s.rel))
            .collect();
        RefreshPlan {
            kept,
            to_read,
            gone,
            passed_over,
            in_scope,
        }
    }
}

/// A modification time in nanoseconds since the epoch; 0 when unknown.
pub(crate) fn mtime_ns(modified: Option<SystemTime>) -> u128 {
    modified
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Whether a file whose size and mtime are as in `record` may be taken as
/// unchanged without reading it. Not when the mtime is unknown, and not when
/// the file could not be read last time (no hash): an unreadable file whose
/// permissions were fixed keeps its size and mtime, and must be retried.
fn unchanged_since(record: &FileRecord, size: u64, mtime_ns: u128) -> bool {
    record.size == size && record.mtime_ns == mtime_ns && mtime_ns != 0 && !record.hash.is_empty()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;

    const SECOND: u128 = 1_000_000_000;

    fn record(hash: &str, skipped: Option<&str>) -> FileRecord {
        FileRecord {
            size: 10,
            mtime_ns: 1_700_000_000 * SECOND,
            hash: hash.into(),
            paragraphs: 0,
            skipped: skipped.map(str::to_string),
            unsupported: false,
        }
    }

    fn file(rel: &str, size: u64, mtime_ns: u128) -> CorpusFile {
        CorpusFile {
            abs: PathBuf::from("/corpus").join(rel),
            rel: rel.into(),
            size,
            modified: Some(UNIX_EPOCH + Duration::from_nanos(mtime_ns as u64)),
        }
    }

    fn manifest(entries: &[(&str, FileRecord)]) -> IndexManifest {
        IndexManifest {
            files: entries
                .iter()
                .map(|(rel, r)| (rel.to_string(), r.clone()))
                .collect(),
        }
    }

    fn rels(files: &[CorpusFile]) -> Vec<&str> {
        files.iter().map(|f| f.rel.as_str()).collect()
    }

    #[test]
    fn only_new_and_touched_files_are_read_and_only_indexed_gone_files_go() {
        let r = record("ab12", None);
        let previous = manifest(&[
            ("same.txt", r.clone()),
            ("touched.txt", r.clone()),
            ("gone.txt", r.clone()),
            ("gone-skipped.txt", record("cd34", Some("empty"))),
        ]);
        let files = vec![
            file("same.txt", 10, r.mtime_ns),
            file("touched.txt", 10, r.mtime_ns + SECOND),
            file("new.txt", 5, r.mtime_ns),
        ];
        let plan = RefreshPlan::new(&RefreshScope::default(), &previous, files, Vec::new());
        assert_eq!(rels(&plan.to_read), ["touched.txt", "new.txt"]);
        assert_eq!(plan.kept.keys().collect::<Vec<_>>(), ["same.txt"]);
        let gone: Vec<&str> = plan.gone.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(gone, ["gone.txt"]);
        assert_eq!(plan.in_scope, 3);
    }

    #[test]
    fn a_partial_run_keeps_every_record_outside_its_scope() {
        let r = record("ab12", None);
        let previous = manifest(&[("2023/a.txt", r.clone()), ("2024/b.txt", r.clone())]);
        let scope = RefreshScope::from_prefixes(vec!["2024".into()]);
        // 2023/a.txt is missing from the walk, but outside the scope.
        let files = vec![file("2024/b.txt", 11, r.mtime_ns)];
        let plan = RefreshPlan::new(&scope, &previous, files, Vec::new());
        assert_eq!(rels(&plan.to_read), ["2024/b.txt"]);
        assert!(plan.gone.is_empty());
        assert_eq!(plan.kept.keys().collect::<Vec<_>>(), ["2023/a.txt"]);
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
