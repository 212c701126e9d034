//! The pdf reader: arbitrary bytes as a `.pdf` file.
//!
//! `parse_document` must return a document or a reasoned error (a verdict
//! of the format guard, or an empty file), never panic or hang; a document
//! keeps the invariants of every document (non-empty title, passages
//! numbered from 1, none empty or longer than `MAX_PASSAGE_CHARS`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use xunwen::ingest::{parse_document, FileKind, MAX_PASSAGE_CHARS};

fuzz_target!(|data: &[u8]| {
    match parse_document(data, "fuzz/input.pdf", FileKind::Pdf) {
        Ok(doc) => {
            assert!(!doc.title.trim().is_empty(), "empty title");
            assert!(!doc.paragraphs.is_empty());
            for (i, p) in doc.paragraphs.iter().enumerate() {
                assert_eq!(p.number as usize, i + 1);
                assert!(!p.text.trim().is_empty(), "empty passage");
                assert!(p.text.chars().count() <= MAX_PASSAGE_CHARS);
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
