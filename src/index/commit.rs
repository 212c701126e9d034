//! Step 3 of an index run: the new manifest and folder record are written,
//! then named by the header in one tantivy commit.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use tantivy::IndexWriter;

use super::committed::tantivy_error;
use super::document::ParagraphDoc;
use super::failure;
use super::manifest::{CommitHeader, IndexManifest, INDEX_FORMAT};
use super::report::RefreshReport;
use super::stale::CorpusDirs;
use super::IndexError;
use crate::analysis::ANALYSIS_FINGERPRINT;

/// Writes the manifest and the folder record, then commits with the header
/// naming them, then lets merges finish and drops the files of ours that no
/// commit refers to any more.
///
/// The previous commit's files are kept: a `stats` that read the previous
/// header just before this commit still finds its manifest.
pub(super) fn commit(
    mut writer: IndexWriter<ParagraphDoc>,
    index_dir: &Path,
    (manifest, dirs): (&IndexManifest, &CorpusDirs),
    previous: Option<&CommitHeader>,
    (corpus, user_dict): (&str, Option<String>),
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
        user_dict,
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

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
