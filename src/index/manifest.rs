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
pub const INDEX_FORMAT: &str = "xunwen-index/2";

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
        let path = index_dir.join(name);
        let bytes = std::fs::read(&path).map_err(|e| IndexError::Corrupt {
            path: index_dir.to_path_buf(),
            detail: format!("cannot read manifest {}: {e}", path.display()),
        })?;
        serde_json::from_slice(&bytes).map_err(|e| IndexError::Corrupt {
            path: index_dir.to_path_buf(),
            detail: format!("manifest {} is not valid: {e}", path.display()),
        })
    }

    /// Writes the manifest as `name` atomically (temporary file, fsync, rename).
    pub fn store(&self, index_dir: &Path, name: &str) -> Result<(), IndexError> {
        let io = |e: std::io::Error| IndexError::Io {
            path: index_dir.join(name),
            source: e,
        };
        let json = serde_json::to_vec(self).map_err(|e| io(std::io::Error::other(e)))?;
        let tmp = index_dir.join(format!("{name}.tmp"));
        {
            use std::io::Write;
            let mut file = std::fs::File::create(&tmp).map_err(io)?;
            file.write_all(&json).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        std::fs::rename(&tmp, index_dir.join(name)).map_err(io)
    }

    /// Files in the index (not skipped).
    pub fn indexed_files(&self) -> usize {
        self.files.values().filter(|r| r.skipped.is_none()).count()
    }
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
        assert!(matches!(err, IndexError::Corrupt { .. }), "{err}");
    }
}
