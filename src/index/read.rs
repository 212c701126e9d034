//! Step 2's work on one file: read it (through ingest's capped reader),
//! hash it, and when its content changed parse it and hand its paragraphs
//! to the writer.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use tantivy::indexer::UserOperation;
use tantivy::{IndexWriter, Term};

use super::document::{FileValues, ParagraphDoc};
use super::manifest::FileRecord;
use super::refresh_plan::mtime_ns;
use super::report::Verdict;
use super::schema::Fields;
use crate::ingest::file::{kind_of, read_capped};
use crate::ingest::{self, CorpusFile, Document};

/// What reading one changed file gave.
pub(super) enum Outcome {
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

/// Reads, hashes and (when it changed) indexes one file.
pub(super) fn process_file(
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
    match read_if_changed(file, previous, &mut record) {
        Ok(None) => Outcome::Unchanged(record),
        Ok(Some(document)) => {
            delete_old();
            record.paragraphs = document.paragraphs.len() as u32;
            let verdict = verdict_of(&document, record.paragraphs);
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

/// Reads and hashes `file` into `record`; parses it unless its content is
/// the one `previous` recorded (then `record` becomes that record, with the
/// new modification time, and the answer is `None`).
fn read_if_changed(
    file: &CorpusFile,
    previous: Option<&FileRecord>,
    record: &mut FileRecord,
) -> Result<Option<Document>, ingest::IngestError> {
    let bytes = read_capped(&file.abs, Path::new(&file.rel))?;
    record.size = bytes.len() as u64;
    record.hash = blake3::hash(&bytes).to_hex().to_string();
    if let Some(prev) = previous.filter(|p| p.hash == record.hash) {
        *record = FileRecord {
            mtime_ns: record.mtime_ns,
            ..prev.clone()
        };
        return Ok(None);
    }
    let kind = kind_of(&file.abs, &file.rel);
    ingest::parse_document(&bytes, &file.rel, kind).map(Some)
}

/// How a parsed document went into the index: repaired when bytes were
/// replaced while decoding.
fn verdict_of(document: &Document, paragraphs: u32) -> Verdict {
    let encoding = document.encoding.to_string();
    if document.repairs > 0 {
        Verdict::Repaired {
            encoding,
            paragraphs,
            repairs: document.repairs,
        }
    } else {
        Verdict::Indexed {
            encoding,
            paragraphs,
        }
    }
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
