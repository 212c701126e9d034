//! Whether the corpus changed since the index was built, told cheaply.
//!
//! Adding, deleting or renaming a file changes the modification time of the
//! folder holding it, so an index run records the time of every corpus
//! folder and a search compares them: one `stat` per folder (about a hundred
//! on the development corpus of 27,663 files) instead of one per file.
//!
//! What this does not see: a file rewritten in place (its folder keeps its
//! time). A file saved by an editor that writes a new file and renames it
//! over the old one is seen. `xunwen index` (or `search --refresh`) compares
//! every file's size and time, and catches both.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::manifest::{read_json, write_atomically};
use super::IndexError;
use crate::ingest::walk::corpus_folders;

/// The modification time of each corpus folder at an index run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusDirs {
    /// Nanoseconds since the Unix epoch, by corpus-relative `/`-separated
    /// folder path (`""` is the corpus itself). 0 means "not known to be
    /// indexed as it is": the folder counts as changed until a run covers it.
    pub dirs: BTreeMap<String, u128>,
}

/// What [`CorpusDirs::compare`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staleness {
    /// Every folder is as it was at the last index run.
    Current,
    /// Files were added, removed or renamed in this many folders (or the
    /// folders themselves were), since the last index run.
    Changed {
        /// Folders whose time differs, or that are gone.
        folders: usize,
    },
    /// The corpus folder itself is gone.
    CorpusGone,
    /// The index does not record its corpus's folders (built by an older xunwen).
    Unknown,
}

impl CorpusDirs {
    /// Records the folders of `corpus` (canonical) that the corpus walk
    /// enters: hidden folders and index folders (the index changes at every
    /// commit) are left out.
    pub fn snapshot(corpus: &Path) -> CorpusDirs {
        let dirs = corpus_folders(corpus)
            .into_iter()
            .map(|(rel, modified)| (rel, mtime_ns(modified)))
            .collect();
        CorpusDirs { dirs }
    }

    /// Forgets the time of each folder in `unsettled` (and of the folders
    /// above it): a partial run left changes there unindexed.
    pub(crate) fn unsettle(mut self, unsettled: &BTreeSet<String>) -> CorpusDirs {
        for dir in unsettled {
            for ancestor in ancestors(dir) {
                if let Some(time) = self.dirs.get_mut(ancestor) {
                    *time = 0;
                }
            }
        }
        self
    }

    /// Compares the folders of `corpus` with this record: one `stat` each.
    pub fn compare(&self, corpus: &Path) -> Staleness {
        if !corpus.is_dir() {
            return Staleness::CorpusGone;
        }
        let folders = self
            .dirs
            .iter()
            .filter(|(rel, recorded)| {
                let now = std::fs::metadata(corpus.join(rel.as_str()))
                    .ok()
                    .filter(|m| m.is_dir())
                    .and_then(|m| m.modified().ok());
                *recorded == &0 || now.map(|t| mtime_ns(Some(t))) != Some(**recorded)
            })
            .count();
        if folders == 0 {
            Staleness::Current
        } else {
            Staleness::Changed { folders }
        }
    }

    /// Reads the record `name` from the index directory.
    pub fn load(index_dir: &Path, name: &str) -> Result<CorpusDirs, IndexError> {
        read_json(index_dir, name, "record of the corpus folders")
    }

    /// Writes the record as `name` atomically.
    pub fn store(&self, index_dir: &Path, name: &str) -> Result<(), IndexError> {
        write_atomically(
            index_dir,
            name,
            &serde_json::to_vec(self).unwrap_or_default(),
        )
    }
}

/// `dir` and the folders above it, up to the corpus (`""`).
fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(dir);
    std::iter::from_fn(move || {
        let current = next?;
        next = if current.is_empty() {
            None
        } else {
            Some(current.rfind('/').map_or("", |i| &current[..i]))
        };
        Some(current)
    })
}

/// The folder of a corpus-relative file path (`""` for the corpus itself).
pub(crate) fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

fn mtime_ns(modified: Option<SystemTime>) -> u128 {
    modified
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::INDEX_MARKER;
    use std::fs;
    use std::time::Duration;

    /// Moves a folder's time back, so a change made now shows whatever the
    /// file system's time granularity.
    fn age(path: &Path) {
        let old = SystemTime::now() - Duration::from_secs(3600);
        fs::File::open(path)
            .and_then(|f| f.set_modified(old))
            .expect("set mtime");
    }

    fn corpus() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for folder in ["a/b", "c", ".git", "index"] {
            fs::create_dir_all(dir.path().join(folder)).expect("mkdir");
        }
        fs::write(dir.path().join("a/b/x.txt"), "x").expect("write");
        fs::write(dir.path().join("index").join(INDEX_MARKER), "4").expect("write");
        for folder in ["", "a", "a/b", "c", ".git", "index"] {
            age(&dir.path().join(folder));
        }
        dir
    }

    #[test]
    fn records_every_folder_but_hidden_ones_and_the_index() {
        let dir = corpus();
        let snap = CorpusDirs::snapshot(dir.path());
        let folders: Vec<&str> = snap.dirs.keys().map(String::as_str).collect();
        assert_eq!(folders, ["", "a", "a/b", "c"]);
        assert_eq!(snap.compare(dir.path()), Staleness::Current);
    }

    #[test]
    fn adding_deleting_and_renaming_files_are_seen() {
        let dir = corpus();
        let snap = CorpusDirs::snapshot(dir.path());
        fs::write(dir.path().join("c/new.txt"), "n").expect("write");
        assert_eq!(snap.compare(dir.path()), Staleness::Changed { folders: 1 });
        fs::rename(dir.path().join("a/b/x.txt"), dir.path().join("a/b/y.txt")).expect("mv");
        assert_eq!(snap.compare(dir.path()), Staleness::Changed { folders: 2 });
        fs::remove_dir_all(dir.path().join("a")).expect("rm");
        // The corpus itself changed, and a and a/b are gone.
        assert_eq!(snap.compare(dir.path()), Staleness::Changed { folders: 4 });
    }

    #[test]
    fn the_index_and_hidden_folders_may_change_freely() {
        let dir = corpus();
        let snap = CorpusDirs::snapshot(dir.path());
        fs::write(dir.path().join("index/meta.json"), "{}").expect("write");
        fs::write(dir.path().join(".git/HEAD"), "x").expect("write");
        assert_eq!(snap.compare(dir.path()), Staleness::Current);
    }

    #[test]
    fn a_missing_corpus_is_told_apart() {
        let dir = corpus();
        let snap = CorpusDirs::snapshot(dir.path());
        assert_eq!(
            snap.compare(&dir.path().join("nope")),
            Staleness::CorpusGone
        );
    }

    #[test]
    fn unsettled_folders_and_those_above_them_count_as_changed() {
        let dir = corpus();
        let snap = CorpusDirs::snapshot(dir.path());
        let unsettled = BTreeSet::from(["a/b".to_string()]);
        let snap = snap.unsettle(&unsettled);
        assert!(snap.dirs["c"] > 0, "c has no unsettled change");
        assert_eq!(snap.compare(dir.path()), Staleness::Changed { folders: 3 });
    }

    #[test]
    fn ancestors_run_up_to_the_corpus() {
        assert_eq!(
            ancestors("a/b/c").collect::<Vec<_>>(),
            ["a/b/c", "a/b", "a", ""]
        );
        assert_eq!(ancestors("").collect::<Vec<_>>(), [""]);
        assert_eq!(parent_dir("a/b.txt"), "a");
        assert_eq!(parent_dir("b.txt"), "");
    }
}
