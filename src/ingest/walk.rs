//! Finds the files of a corpus: a deterministic, sorted, recursive walk that
//! skips hidden entries and xunwen index folders, survives unreadable entries
//! and symlink loops, and accounts for every file it passes over.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::error::IngestError;
use super::FileKind;

/// The file that marks a folder as a xunwen index. The index stage writes
/// it and finds indexes by it; the walk never enters a folder holding it:
/// an index kept inside the corpus is not corpus.
pub const INDEX_MARKER: &str = "XUNWEN-INDEX";

/// Whether `dir` is a xunwen index folder.
pub fn is_index_dir(dir: &Path) -> bool {
    dir.join(INDEX_MARKER).is_file()
}

/// A file found under the corpus root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusFile {
    /// Absolute (or root-joined) path, for reading.
    pub abs: PathBuf,
    /// Path relative to the root, '/'-separated; the document's identity.
    pub rel: String,
    /// Size in bytes, for progress and change detection.
    pub size: u64,
    /// Last modification time, for incremental indexing.
    pub modified: Option<SystemTime>,
}

/// A file (or entry) the walk passed over, with why, for the index run's
/// account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Path relative to the root, '/'-separated.
    pub rel: String,
    /// Why it was skipped, in words for the user.
    pub reason: String,
    /// The file is of a kind xunwen does not read (told by its name). Such
    /// files are expected beside the documents (lists, spreadsheets), unlike
    /// an entry that could not be read, so a report may summarise them.
    pub unsupported: bool,
}

/// Whether a file at the top of the corpus is the folder's own README (which
/// explains how to add documents and is not a document itself).
pub fn is_corpus_readme(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy().to_ascii_lowercase();
    matches!(name.as_str(), "readme.md" | "readme.txt" | "readme")
}

/// Walks `root` recursively and returns the supported files and the skipped
/// ones, both sorted by relative path.
///
/// Hidden files and directories (name starting with `.`) and index folders
/// (holding [`INDEX_MARKER`]) are passed over silently; symlinks are
/// followed, loops are reported as skipped; an unreadable entry becomes a
/// [`Skipped`] rather than an abort. A `README` at the top is the corpus
/// folder's own, passed over silently: neither a document nor a skip. Fails only when `root` itself is missing,
/// unreadable, not a directory, or an index.
pub fn walk_corpus(root: &Path) -> Result<(Vec<CorpusFile>, Vec<Skipped>), IngestError> {
    if is_index_dir(root) {
        return Err(IngestError::CorpusRoot {
            path: root.to_path_buf(),
            detail: format!(
                "it is a xunwen index (it holds {INDEX_MARKER}), not a folder of documents"
            ),
        });
    }
    walk(root, true)
}

/// Walks a folder of documents like [`walk_corpus`], except that a `README`
/// at its top is a document like any other (the folder is being added to a
/// corpus, where it will not be at the top).
pub fn walk_folder(root: &Path) -> Result<(Vec<CorpusFile>, Vec<Skipped>), IngestError> {
    walk(root, false)
}

fn walk(root: &Path, top_readme: bool) -> Result<(Vec<CorpusFile>, Vec<Skipped>), IngestError> {
    check_root(root)?;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(entered);
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                skipped.push(unreadable(root, &err));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        // The corpus folder's own README explains the folder: neither a
        // document nor a skip worth reporting.
        if top_readme && entry.depth() == 1 && is_corpus_readme(entry.file_name()) {
            continue;
        }
        match take_file(root, &entry) {
            Ok(file) => files.push(file),
            Err(skip) => skipped.push(skip),
        }
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    skipped.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok((files, skipped))
}

/// Fails unless `root` is a folder that can be listed.
fn check_root(root: &Path) -> Result<(), IngestError> {
    let meta = std::fs::metadata(root).map_err(|e| IngestError::CorpusRoot {
        path: root.to_path_buf(),
        detail: e.to_string(),
    })?;
    if !meta.is_dir() {
        return Err(IngestError::CorpusRoot {
            path: root.to_path_buf(),
            detail: "not a directory".to_owned(),
        });
    }
    std::fs::read_dir(root).map_err(|e| IngestError::CorpusRoot {
        path: root.to_path_buf(),
        detail: e.to_string(),
    })?;
    Ok(())
}

/// An entry the walk could not read (or a symlink loop), as a skip.
fn unreadable(root: &Path, err: &walkdir::Error) -> Skipped {
    let rel = err
        .path()
        .map(|p| rel_path(root, p))
        .unwrap_or_else(|| "?".to_owned());
    let reason = if err.loop_ancestor().is_some() {
        "symlink loop, not followed".to_owned()
    } else {
        match err.io_error() {
            Some(io) => format!("cannot read: {io}"),
            None => format!("cannot read: {err}"),
        }
    };
    Skipped {
        rel,
        reason,
        unsupported: false,
    }
}

/// A file the walk met: a corpus file, or a skip saying why not.
fn take_file(root: &Path, entry: &walkdir::DirEntry) -> Result<CorpusFile, Skipped> {
    let rel = rel_path(root, entry.path());
    let skip = |reason: String, unsupported: bool| Skipped {
        rel: rel.clone(),
        reason,
        unsupported,
    };
    if !entry.file_type().is_file() {
        return Err(skip("not a regular file".to_owned(), false));
    }
    if FileKind::from_path(entry.path()).is_none() {
        let reason = match entry.path().extension() {
            Some(ext) => format!("not a supported type (.{})", ext.to_string_lossy()),
            None => "not a supported type (no extension)".to_owned(),
        };
        return Err(skip(reason, true));
    }
    match entry.metadata() {
        Ok(m) => Ok(CorpusFile {
            abs: entry.path().to_path_buf(),
            rel,
            size: m.len(),
            modified: m.modified().ok(),
        }),
        Err(e) => Err(skip(format!("cannot read metadata: {e}"), false)),
    }
}

/// Whether the walk takes `entry`: the root always, else anything not
/// hidden that is not an index folder.
fn entered(entry: &walkdir::DirEntry) -> bool {
    entry.depth() == 0
        || !(is_hidden(entry.file_name())
            || entry.file_type().is_dir() && is_index_dir(entry.path()))
}

/// The folders [`walk_corpus`] enters under `root` (`root` itself as ""),
/// relative and '/'-separated, with their modification times: what the
/// index records to tell later whether the corpus changed.
pub fn corpus_folders(root: &Path) -> Vec<(String, Option<SystemTime>)> {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.file_type().is_dir() && entered(e))
        .filter_map(Result::ok)
        .map(|e| {
            let modified = e.metadata().ok().and_then(|m| m.modified().ok());
            (rel_path(root, e.path()), modified)
        })
        .collect()
}

/// Whether a name is hidden (starts with `.`); the walk passes over hidden
/// files and folders.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// `path` relative to `root`, '/'-separated (lossy for non-UTF-8 names):
/// how the index names corpus files and folders.
pub fn rel_path(root: &Path, path: &Path) -> String {
    slash_path(path.strip_prefix(root).unwrap_or(path))
}

/// A relative path, '/'-separated (lossy for non-UTF-8 names).
pub fn slash_path(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_sorted_and_accounts_for_skips() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        fs::create_dir_all(r.join("b/deep")).unwrap();
        fs::create_dir_all(r.join("a")).unwrap();
        fs::create_dir_all(r.join(".git")).unwrap();
        for (p, s) in [
            ("b/deep/z.txt", "正文"),
            ("b/notes.md", "# 标题"),
            ("a/page.html", "<p>正文</p>"),
            ("a/PAGE2.HTM", "<p>正文</p>"),
            ("a/c.shtml", "<p>正文</p>"),
            ("top.txt", "正文"),
            ("_index.tsv", "file\tdate"),
            ("README", "x"),
            (".git/config", "x"),
            (".hidden.txt", "x"),
        ] {
            fs::write(r.join(p), s).unwrap();
        }
        let (files, skipped) = walk_corpus(r).unwrap();
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            vec![
                "a/PAGE2.HTM",
                "a/c.shtml",
                "a/page.html",
                "b/deep/z.txt",
                "b/notes.md",
                "top.txt"
            ]
        );
        assert_eq!(files[3].size, "正文".len() as u64);
        assert!(files[3].modified.is_some());
        assert!(files[3].abs.ends_with("b/deep/z.txt"));
        assert_eq!(
            skipped,
            vec![
                // The top README is passed over silently: it is no skip.
                Skipped {
                    rel: "_index.tsv".into(),
                    reason: "not a supported type (.tsv)".into(),
                    unsupported: true,
                },
            ]
        );
    }

    #[test]
    fn index_folders_are_not_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        for (p, s) in [
            ("news/a.txt", "正文"),
            ("index/XUNWEN-INDEX", "xunwen index"),
            ("index/meta.json", "{}"),
            ("index/notes.txt", "正文"),
            ("index/sub/deep.md", "正文"),
            ("archive/old-index/XUNWEN-INDEX", "xunwen index"),
            ("archive/old-index/x.txt", "正文"),
            // Only the marker *file* marks an index.
            ("other/XUNWEN-INDEX/b.txt", "正文"),
        ] {
            fs::create_dir_all(r.join(p).parent().unwrap()).unwrap();
            fs::write(r.join(p), s).unwrap();
        }
        let (files, skipped) = walk_corpus(r).unwrap();
        let rels: Vec<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, vec!["news/a.txt", "other/XUNWEN-INDEX/b.txt"]);
        assert!(skipped.is_empty(), "{skipped:?}");
        // An index given as the corpus is refused, not walked as empty.
        let e = walk_corpus(&r.join("index")).unwrap_err();
        assert!(e.to_string().contains("xunwen index"), "{e}");
    }

    #[test]
    fn a_folder_being_added_keeps_its_readme() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        fs::write(r.join("README.md"), "说明").unwrap();
        let (files, _) = walk_folder(r).unwrap();
        assert_eq!(files.len(), 1);
        let (files, skipped) = walk_corpus(r).unwrap();
        assert!(files.is_empty());
        assert!(skipped.is_empty(), "the corpus's own README is no skip");
    }

    #[test]
    fn bad_roots_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let e = walk_corpus(&missing).unwrap_err();
        assert!(matches!(e, IngestError::CorpusRoot { .. }));
        assert!(e.to_string().contains("missing"));
        let file = dir.path().join("f.txt");
        fs::write(&file, "x").unwrap();
        let e = walk_corpus(&file).unwrap_err();
        assert!(e.to_string().contains("not a directory"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_skipped_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let r = dir.path();
        fs::create_dir_all(r.join("d")).unwrap();
        fs::write(r.join("d/a.txt"), "正文").unwrap();
        std::os::unix::fs::symlink(r, r.join("d/loop")).unwrap();
        let (files, skipped) = walk_corpus(r).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].rel, "d/loop");
        assert!(skipped[0].reason.contains("loop"));
    }
}
