//! PDF → blocks, with `pdf_oxide` (pure Rust, MIT/Apache; chosen over
//! `pdf-extract` by the measurements in BENCHMARKS.md: more of the
//! reference text on real Chinese PDFs with CID fonts, faster, and no
//! panics or hangs on damaged copies). Each page's text spans, with their
//! positions and type sizes, go to [`layout`](super::layout), which makes
//! lines and paragraphs and drops page numbers and running headers.
//!
//! Verdicts: a PDF whose pages carry no text at all is scanned
//! ([`FormatError::Scanned`]); one that needs a password to open is
//! encrypted (an owner password alone, common on government PDFs, does not
//! stop reading); one with more than [`MAX_PAGES`] pages is over the limit.

use pdf_oxide::PdfDocument;

use super::gongwen::Block;
use super::guard::{Budget, FormatError, MAX_PAGES, MAX_TEXT_CHARS};
use super::layout::{self, Fragment, Page};

const FORMAT: &str = "PDF";

/// The blocks of a PDF file.
pub fn read(bytes: &[u8], budget: Budget) -> Result<Vec<Block>, FormatError> {
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(damaged)?;
    if doc.is_encrypted() && !matches!(doc.authenticate(b""), Ok(true)) {
        return Err(FormatError::Encrypted(FORMAT));
    }
    let count = doc.page_count().map_err(damaged)?;
    if count == 0 {
        return Err(FormatError::damaged(FORMAT, "no pages"));
    }
    if count > MAX_PAGES {
        return Err(FormatError::limit(
            FORMAT,
            format!("{count} pages; the limit is {MAX_PAGES}"),
        ));
    }
    let mut pages = Vec::with_capacity(count);
    let mut chars = 0usize;
    let mut failed = None;
    for i in 0..count {
        budget.check()?;
        match page(&doc, i) {
            Ok(p) => {
                chars += p.fragments.iter().map(|f| f.text.len()).sum::<usize>();
                pages.push(p);
            }
            // A damaged page: the others still count.
            Err(e) => failed = failed.or(Some(e)),
        }
        if chars > MAX_TEXT_CHARS {
            return Err(FormatError::limit(
                FORMAT,
                "more than 20 million characters of text",
            ));
        }
    }
    let has_text = pages
        .iter()
        .any(|p| p.fragments.iter().any(|f| !f.text.trim().is_empty()));
    if !has_text {
        return Err(failed.unwrap_or(FormatError::Scanned));
    }
    Ok(layout::blocks(&pages))
}

/// One page's text spans as fragments, top-down.
fn page(doc: &PdfDocument, i: usize) -> Result<Page, FormatError> {
    let spans = doc.extract_spans(i).map_err(damaged)?;
    let (_, y0, _, y1) = doc
        .get_page_media_box(i)
        .unwrap_or((0.0, 0.0, 595.0, 842.0));
    let height = (y1 - y0).abs();
    let fragments = spans
        .into_iter()
        .filter(|s| s.artifact_type.is_none())
        .map(|s| Fragment {
            x: s.bbox.x,
            y: height - (s.bbox.y - y0) - s.bbox.height,
            width: s.bbox.width,
            size: s.font_size.abs().max(s.bbox.height.abs() * 0.8),
            text: s.text,
        })
        .collect();
    Ok(Page { fragments, height })
}

fn damaged(e: pdf_oxide::Error) -> FormatError {
    let text = e.to_string();
    if text.to_ascii_lowercase().contains("encrypt") || text.contains("password") {
        return FormatError::Encrypted(FORMAT);
    }
    FormatError::damaged(FORMAT, text)
}
