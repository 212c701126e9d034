//! What an index knows about itself: the commit header and the file manifest.
//!
//! The header travels inside tantivy's commit payload, so it can never
//! disagree with the segments it describes. The manifest (one record per
//! corpus file) is too large for that — searches read the header on every
//! start — so it lives in its own file, named by the header and written before
//! the commit: a crash between the two leaves the previous header pointing at
//! the previous manifest.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::IndexError;

/// Format tag of the header; bumped when the layout of the index changes.
pub const INDEX_FORMAT: &str = "xunwen-index/6";

/// The commit header, stored as tantivy's commit payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitHeader {
    /// Always [`INDEX_FORMAT`] for an index this version can read.
    pub format: String,
    /// The analysis the index was built with ([`crate::analysis::ANALYSIS_FINGERPRINT`]).
    pub analysis: String,
    /// Absolute path of the corpus the index was built from.
    pub corpus: String,
    /// When this commit was made, seconds since the Unix epoch.
    pub built_at: u64,
    /// Documents (files) in the index.
    pub documents: u64,
    /// Paragraphs (tantivy documents) in the index.
    pub paragraphs: u64,
    /// File name, inside the index directory, of this commit's manifest.
    pub manifest: String,
    /// File name of this commit's record of the corpus folders
    /// ([`super::CorpusDirs`]); absent in indexes built before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dirs: Option<String>,
    /// What the user dictionary the words were cut with is
    /// ([`crate::analysis::UserDict::id`]); absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_dict: Option<String>,
}

/// One corpus file as last indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Size in bytes when read.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: u128,
    /// BLAKE3 of the file's bytes, hex: detects real changes and renames.
    pub hash: String,
    /// Paragraphs indexed from the file.
    pub paragraphs: u32,
    /// Why the file is not in the index, when it was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// Skipped for its type, told by its name (never read).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unsupported: bool,
}

/// Every corpus file the index has seen, by corpus-relative path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexManifest {
    /// Records keyed by corpus-relative, `/`-separated path.
    pub files: BTreeMap<String, FileRecord>,
}

impl IndexManifest {
    /// Reads the manifest file `name` from the index directory.
    pub fn load(index_dir: &Path, name: &str) -> Result<Self, IndexError> {
        read_json(index_dir, name, "manifest (its list of files)")
    }

    /// Writes the manifest as `name` atomically (temporary file, fsync, rename).
    pub fn store(&self, index_dir: &Path, name: &str) -> Result<(), IndexError> {
        let json = serde_json::to_vec(self).map_err(|e| IndexError::Io {
            path: index_dir.join(name),
            source: std::io::Error::other(e),
        })?;
        write_atomically(index_dir, name, &json)
    }

    /// Files in the index (not skipped).
    pub fn indexed_files(&self) -> usize {
        self.files.values().filter(|r| r.skipped.is_none()).count()
    }
}

/// Reads the JSON file `name` of the index directory, described to the user
/// as `what`; a missing or garbled file means a damaged index.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    index_dir: &Path,
    name: &str,
    what: &str,
) -> Result<T, IndexError> {
    let damaged = |problem: &str, detail: String| IndexError::Damaged {
        path: index_dir.to_path_buf(),
        what: format!("its {what} {name} {problem}"),
        detail,
    };
    let bytes = std::fs::read(index_dir.join(name)).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => damaged("is missing", e.to_string()),
        _ => damaged("cannot be read", e.to_string()),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| damaged("is not valid", e.to_string()))
}

/// Writes `bytes` as `name` in the index directory: to `name.tmp`, synced,
/// then renamed, so a reader sees the old file or the whole new one. A
/// failure removes the temporary file (it would only take space).
pub(crate) fn write_atomically(
    index_dir: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<(), IndexError> {
    let io = |e: std::io::Error| IndexError::Io {
        path: index_dir.join(name),
        source: e,
    };
    let tmp = index_dir.join(format!("{name}.tmp"));
    let written = (|| {
        use std::io::Write;
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, index_dir.join(name))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_on_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut manifest = IndexManifest::default();
        manifest.files.insert(
            "a/b.txt".into(),
            FileRecord {
                size: 3,
                mtime_ns: 7,
                hash: "ab".into(),
                paragraphs: 2,
                skipped: None,
                unsupported: false,
            },
        );
        manifest
            .store(dir.path(), "manifest-1.json")
            .expect("store");
        let back = IndexManifest::load(dir.path(), "manifest-1.json").expect("load");
        assert_eq!(back, manifest);
        assert_eq!(back.indexed_files(), 1);
    }

    #[test]
    fn a_garbled_manifest_is_reported_as_corrupt() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("m.json"), b"{not json").expect("write");
        let err = IndexManifest::load(dir.path(), "m.json").unwrap_err();
        assert!(matches!(err, IndexError::Damaged { .. }), "{err}");
        assert!(err.to_string().contains("manifest"), "{err}");
    }
}
