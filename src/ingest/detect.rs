//! Which reader a file needs, from its first bytes as well as its name: a
//! `.doc` saved from a web page is HTML, one saved as "Rich Text" is RTF, and
//! a `.wps` from WPS Office is a Word-97 file. The extension gives the
//! default; a recognised signature wins over it.

use std::io::Cursor;

use super::FileKind;

/// The signature of a Compound File Binary container (DOC, WPS, XLS, and
/// password-protected DOCX).
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The kind of file `bytes` really is, starting from `by_name`, the kind its
/// extension gives.
pub fn refine(by_name: FileKind, bytes: &[u8]) -> FileKind {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"%PDF-") || (is_office(by_name) && find(head, b"%PDF-").is_some()) {
        return FileKind::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") {
        return zip_kind(bytes).unwrap_or(by_name);
    }
    if head.starts_with(CFB_MAGIC) {
        // A DOCX with a password is a CFB container too: the DOCX reader
        // gives it its verdict.
        return match by_name {
            FileKind::Docx => FileKind::Docx,
            _ => FileKind::Doc,
        };
    }
    if head.starts_with(b"{\\rtf") {
        return FileKind::Rtf;
    }
    if is_office(by_name) && looks_like_html(head) {
        return FileKind::Html;
    }
    if by_name == FileKind::Doc {
        // Not a Word container: a text file named .doc, read as text
        // (which refuses it if it is binary after all).
        return FileKind::Text;
    }
    by_name
}

/// DOCX or OFD by the parts a zip holds; `None` for any other zip.
fn zip_kind(bytes: &[u8]) -> Option<FileKind> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut names = zip.file_names();
    names.find_map(|n| match n.ok()?.as_ref() {
        "word/document.xml" => Some(FileKind::Docx),
        "OFD.xml" => Some(FileKind::Ofd),
        _ => None,
    })
}

/// The kinds named for an office document: the ones web pages and RTF are
/// saved under.
fn is_office(kind: FileKind) -> bool {
    matches!(
        kind,
        FileKind::Doc | FileKind::Docx | FileKind::Ofd | FileKind::Pdf
    )
}

/// An HTML page saved as `.doc` (Word's "Web page" and many CMS exports).
fn looks_like_html(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<!doctype html")
        || text.starts_with("<html")
        || text.contains("<html")
        || (text.starts_with("<?xml") && text.contains("<html"))
        || text.starts_with("mime-version:")
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_win_over_names() {
        assert_eq!(refine(FileKind::Doc, b"%PDF-1.7\n"), FileKind::Pdf);
        assert_eq!(refine(FileKind::Text, b"%PDF-1.7\n"), FileKind::Pdf);
        assert_eq!(refine(FileKind::Doc, b"{\\rtf1\\ansi x}"), FileKind::Rtf);
        let html = b"\xef\xbb\xbf <!DOCTYPE html><html><body>x</body></html>";
        assert_eq!(refine(FileKind::Doc, html), FileKind::Html);
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend([0; 100]);
        assert_eq!(refine(FileKind::Doc, &cfb), FileKind::Doc);
        assert_eq!(refine(FileKind::Docx, &cfb), FileKind::Docx);
        assert_eq!(refine(FileKind::Pdf, &cfb), FileKind::Doc);
    }

    #[test]
    fn names_stand_without_a_signature() {
        assert_eq!(refine(FileKind::Text, b"<html>x</html>"), FileKind::Text);
        assert_eq!(refine(FileKind::Docx, b"garbage"), FileKind::Docx);
        assert_eq!(refine(FileKind::Ofd, b"PK\x03\x04broken"), FileKind::Ofd);
        assert_eq!(refine(FileKind::Markdown, b""), FileKind::Markdown);
    }

    #[test]
    fn zips_by_their_parts() {
        use std::io::Write;
        let zip_with = |name: &str| {
            let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
            w.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(b"<x/>").unwrap();
            w.finish().unwrap().into_inner()
        };
        assert_eq!(
            refine(FileKind::Doc, &zip_with("word/document.xml")),
            FileKind::Docx
        );
        assert_eq!(refine(FileKind::Pdf, &zip_with("OFD.xml")), FileKind::Ofd);
        assert_eq!(refine(FileKind::Docx, &zip_with("a.txt")), FileKind::Docx);
    }
}
