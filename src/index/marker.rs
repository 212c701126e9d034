//! The marker file that makes a folder a xunwen index, and the corpus it
//! names: written when the index is created, before any document is, so
//! that a first build that was interrupted (or killed) still knows which
//! corpus to build from when it is run again.

use std::path::{Path, PathBuf};

use super::manifest::INDEX_FORMAT;
use crate::ingest::INDEX_MARKER;

/// The line of the marker that names the corpus.
const CORPUS_LINE: &str = "corpus: ";

/// Writes the marker of a new index of `corpus` into `dir`.
pub(super) fn write(dir: &Path, corpus: &Path) -> std::io::Result<()> {
    std::fs::write(
        dir.join(INDEX_MARKER),
        format!(
            "{INDEX_FORMAT}\nThis directory is a xunwen index; `xunwen index --rebuild` may rewrite it.\n\
             {CORPUS_LINE}{}\n",
            corpus.display()
        ),
    )
}

/// The corpus the marker in `dir` names: the one its first build started
/// from. `None` for a marker without one (written by an older xunwen) or
/// one that cannot be read.
pub fn corpus(dir: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(dir.join(INDEX_MARKER)).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(CORPUS_LINE))
        .filter(|c| !c.trim().is_empty())
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_names_its_corpus() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(corpus(dir.path()), None);
        write(dir.path(), Path::new("/data/公文 库")).unwrap();
        assert_eq!(corpus(dir.path()), Some(PathBuf::from("/data/公文 库")));
        // An older marker names none.
        std::fs::write(
            dir.path().join(INDEX_MARKER),
            "4\nThis directory is a xunwen index.\n",
        )
        .unwrap();
        assert_eq!(corpus(dir.path()), None);
    }
}
