//! Decoding and cleaning: arbitrary bytes as a `.txt` or `.html` file.
//!
//! The first byte picks the file kind; the rest is the file. Ingest must
//! return a document or a reasoned error, never panic, and a document must
//! keep its invariants (non-empty title, passages numbered from 1, none
//! empty or longer than `MAX_PASSAGE_CHARS`). Valid UTF-8 without BOM or
//! NULs must decode to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xunwen::ingest::{decode, parse_document, FileKind, MAX_PASSAGE_CHARS};

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

    match parse_document(bytes, "fuzz/input.txt", kind) {
        Ok(doc) => {
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
                assert_eq!(date.len(), 10, "{date}");
            }
        }
        Err(e) => {
            // Every refusal names the file.
            assert!(e.to_string().starts_with("fuzz/input.txt: "), "{e}");
        }
    }
});
