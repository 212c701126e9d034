//! Which files an index run covers: all of the corpus, or the files and
//! folders named on the command line (`xunwen index 2024/ corpus/a.txt`).

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::manifest::IndexManifest;
use super::stale::parent_dir;
use super::IndexError;
use crate::ingest::{CorpusFile, Skipped};

/// The corpus-relative prefixes a run covers; none means the whole corpus.
#[derive(Debug, Default)]
pub(crate) struct RefreshScope {
    prefixes: Vec<String>,
}

impl RefreshScope {
    /// Resolves each of `paths` to a corpus-relative prefix. A path may be
    /// given from the current folder or from the corpus (`2024/`). It must
    /// exist, unless the index knows files under it (a deleted file or
    /// folder, named to drop it from the index).
    pub fn resolve(
        corpus: &Path,
        paths: &[PathBuf],
        known: &IndexManifest,
    ) -> Result<RefreshScope, IndexError> {
        let prefixes = paths
            .iter()
            .map(|p| resolve_one(corpus, p, known))
            .collect::<Result<_, _>>()?;
        Ok(RefreshScope { prefixes })
    }

    /// A scope of the given corpus-relative prefixes, for tests.
    #[cfg(test)]
    pub fn from_prefixes(prefixes: Vec<String>) -> RefreshScope {
        RefreshScope { prefixes }
    }

    /// Whether the corpus-relative path `rel` is covered.
    pub fn contains(&self, rel: &str) -> bool {
        self.prefixes.is_empty()
            || self.prefixes.iter().any(|p| {
                p.is_empty()
                    || rel == p
                    || (rel.starts_with(p.as_str()) && rel[p.len()..].starts_with('/'))
            })
    }

    /// The folders where a partial run leaves changes unindexed: a file
    /// outside the scope that is new, or gone, since the last run.
    pub fn unsettled(
        &self,
        previous: &IndexManifest,
        files: &[CorpusFile],
        passed_over: &[Skipped],
    ) -> BTreeSet<String> {
        if self.prefixes.is_empty() {
            return BTreeSet::new();
        }
        let present: HashSet<&str> = files
            .iter()
            .map(|f| f.rel.as_str())
            .chain(passed_over.iter().map(|s| s.rel.as_str()))
            .collect();
        let new = present
            .iter()
            .copied()
            .filter(|rel| !previous.files.contains_key(*rel));
        let gone = previous
            .files
            .keys()
            .map(String::as_str)
            .filter(|rel| !present.contains(rel));
        new.chain(gone)
            .filter(|rel| !self.contains(rel))
            .map(|rel| parent_dir(rel).to_string())
            .collect()
    }
}

/// One path given to a run, as a corpus-relative prefix.
fn resolve_one(corpus: &Path, given: &Path, known: &IndexManifest) -> Result<String, IndexError> {
    let inside = |p: &Path| p.strip_prefix(corpus).ok().map(rel_string);
    // From the current folder first, then from the corpus.
    let mut candidates = vec![given.to_path_buf()];
    if given.is_relative() {
        candidates.push(corpus.join(given));
    }
    for candidate in &candidates {
        if let Some(rel) = std::fs::canonicalize(candidate)
            .ok()
            .and_then(|real| inside(&real))
        {
            return Ok(rel);
        }
    }
    for candidate in &candidates {
        if let Some(rel) = canonical_leniently(candidate).and_then(|real| inside(&real)) {
            if knows_under(known, &rel) {
                return Ok(rel);
            }
        }
    }
    if given.exists() {
        Err(IndexError::OutsideCorpus {
            path: given.to_path_buf(),
            corpus: corpus.to_path_buf(),
        })
    } else {
        Err(IndexError::NoSuchPath {
            path: given.to_path_buf(),
            corpus: corpus.to_path_buf(),
        })
    }
}

/// The canonical form of a path that may no longer exist: its nearest
/// existing folder canonicalized, with the missing rest appended.
fn canonical_leniently(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    while !existing.exists() {
        missing.push(existing.file_name()?);
        existing = existing.parent()?;
    }
    let mut real = std::fs::canonicalize(existing).ok()?;
    real.extend(missing.iter().rev());
    Some(real)
}

/// Whether the index has a file at `rel` or under it.
fn knows_under(known: &IndexManifest, rel: &str) -> bool {
    rel.is_empty()
        || known.files.contains_key(rel)
        || known
            .files
            .range(format!("{rel}/")..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&format!("{rel}/")))
}

fn rel_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::FileRecord;

    fn known(paths: &[&str]) -> IndexManifest {
        let mut manifest = IndexManifest::default();
        for path in paths {
            manifest.files.insert(
                (*path).to_string(),
                FileRecord {
                    size: 1,
                    mtime_ns: 1,
                    hash: "h".into(),
                    paragraphs: 1,
                    skipped: None,
                    unsupported: false,
                },
            );
        }
        manifest
    }

    fn corpus() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(corpus.join("2024")).expect("mkdir");
        std::fs::write(corpus.join("2024/a.txt"), "a").expect("write");
        let corpus = std::fs::canonicalize(corpus).expect("canonical");
        (dir, corpus)
    }

    #[test]
    fn a_path_inside_the_corpus_is_taken_from_the_corpus_or_as_given() {
        let (_dir, corpus) = corpus();
        let none = IndexManifest::default();
        let scope =
            RefreshScope::resolve(&corpus, &[PathBuf::from("2024/")], &none).expect("relative");
        assert!(scope.contains("2024/a.txt"));
        assert!(!scope.contains("2024x/b.txt"));
        assert!(!scope.contains("2025/b.txt"));
        let given = corpus.join("2024/a.txt");
        let scope = RefreshScope::resolve(&corpus, &[given], &none).expect("absolute");
        assert!(scope.contains("2024/a.txt"));
        let scope = RefreshScope::resolve(&corpus, std::slice::from_ref(&corpus), &none)
            .expect("the corpus");
        assert!(scope.contains("anything.txt"));
    }

    #[test]
    fn a_missing_path_is_an_error_unless_the_index_knows_it() {
        let (_dir, corpus) = corpus();
        let err =
            RefreshScope::resolve(&corpus, &[PathBuf::from("nope.txt")], &known(&[])).unwrap_err();
        assert!(matches!(err, IndexError::NoSuchPath { .. }), "{err}");
        let err =
            RefreshScope::resolve(&corpus, &[corpus.join("gone/b.txt")], &known(&[])).unwrap_err();
        assert!(matches!(err, IndexError::NoSuchPath { .. }), "{err}");
        let known = known(&["gone/b.txt", "2023/c.txt"]);
        let scope = RefreshScope::resolve(&corpus, &[corpus.join("gone/b.txt")], &known)
            .expect("a deleted file");
        assert!(scope.contains("gone/b.txt"));
        let scope = RefreshScope::resolve(&corpus, &[PathBuf::from("2023")], &known)
            .expect("a deleted folder");
        assert!(scope.contains("2023/c.txt"));
    }

    #[test]
    fn changes_outside_a_partial_run_leave_their_folders_unsettled() {
        let (_dir, corpus) = corpus();
        let previous = known(&["2024/a.txt", "old/gone.txt", "2023/kept.txt"]);
        let scope =
            RefreshScope::resolve(&corpus, &[PathBuf::from("2024")], &previous).expect("scope");
        let file = |rel: &str| CorpusFile {
            abs: corpus.join(rel),
            rel: rel.into(),
            size: 1,
            modified: None,
        };
        let files = [
            file("2024/a.txt"),
            file("2024/new.txt"),
            file("2023/kept.txt"),
            file("2025/new.txt"),
        ];
        let unsettled = scope.unsettled(&previous, &files, &[]);
        assert_eq!(unsettled.into_iter().collect::<Vec<_>>(), ["2025", "old"]);
        assert!(RefreshScope::default()
            .unsettled(&previous, &files, &[])
            .is_empty());
    }
}
