//! Decoding and cleaning: arbitrary bytes as a `.txt` or `.html` file.
//!
//! The first byte picks the file kind; the rest is the file. Ingest must
//! return a document or a reasoned error, never panic, and a document must
//! keep its invariants (non-empty title, passages numbered from 1, none
//! empty or longer than `MAX_PASSAGE_CHARS`). Valid UTF-8 without BOM or
//! NULs must decode to itself.
#![no_main]

mod invariants;

use libfuzzer_sys::fuzz_target;
use xunwen::ingest::{decode, FileKind};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let kind = if selector & 1 == 0 {
        FileKind::Text
    } else {
        FileKind::Html
    };
    let html = kind == FileKind::Html;

    if let Ok(text) = std::str::from_utf8(bytes) {
        let head = &bytes[..bytes.len().min(1024)];
        if !text.starts_with('\u{feff}') && !head.contains(&0) {
            let d = decode::decode(bytes, html).expect("valid UTF-8 always decodes");
            assert_eq!((d.text.as_str(), d.encoding, d.repairs), (text, "UTF-8", 0));
        }
    }
    if let Ok(d) = decode::decode(bytes, html) {
        assert!(d.repairs <= bytes.len());
    }

    if let Err(message) = invariants::read_checked(bytes, "fuzz/input.txt", kind) {
        // Every refusal names the file.
        assert!(message.starts_with("fuzz/input.txt: "), "{message}");
    }
});
