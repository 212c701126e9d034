//! The docx reader: arbitrary bytes as a `.docx` file.
//!
//! `parse_document` must return a document or a reasoned error (a verdict
//! of the format guard, or an empty file), never panic or hang; a document
//! keeps the invariants of every document (non-empty title, passages
//! numbered from 1, none empty or longer than `MAX_PASSAGE_CHARS`).
#![no_main]

mod invariants;

use libfuzzer_sys::fuzz_target;
use xunwen::ingest::FileKind;

fuzz_target!(|data: &[u8]| {
    if let Err(message) = invariants::read_checked(data, "fuzz/input.docx", FileKind::Docx) {
        assert!(!message.is_empty());
    }
});
