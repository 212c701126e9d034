//! What every reader target asks of ingest, written once: a document keeps
//! the invariants of every document (non-empty title, passages numbered
//! from 1, none empty or longer than `MAX_PASSAGE_CHARS`, a date written
//! `YYYY-MM-DD`), and a refusal is a message, returned for the target to
//! judge.

use xunwen::ingest::{parse_document, FileKind, MAX_PASSAGE_CHARS};

/// Reads `data` as the file `name` of `kind`, asserts the document's
/// invariants, and returns a refusal's message.
pub fn read_checked(data: &[u8], name: &str, kind: FileKind) -> Result<(), String> {
    let doc = parse_document(data, name, kind).map_err(|e| e.to_string())?;
    assert!(!doc.title.trim().is_empty(), "empty title");
    assert!(!doc.paragraphs.is_empty());
    for (i, p) in doc.paragraphs.iter().enumerate() {
        assert_eq!(p.number as usize, i + 1);
        assert!(!p.text.trim().is_empty(), "empty passage");
        assert!(
            p.text.chars().count() <= MAX_PASSAGE_CHARS,
            "passage of {} chars",
            p.text.chars().count()
        );
    }
    if let Some(date) = &doc.date {
        assert_eq!(date.to_string().len(), 10, "{date}");
    }
    Ok(())
}
