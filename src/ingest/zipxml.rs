//! The parts of zip-based formats (DOCX, OFD), read under the caps of
//! [`guard`](super::guard): each entry may expand to at most
//! [`MAX_ENTRY_BYTES`], all entries together to [`MAX_EXPANDED_BYTES`],
//! whatever sizes the zip's directory claims (a zip bomb lies about them).

use std::io::{Cursor, Read};

use super::guard::{FormatError, MAX_ENTRY_BYTES, MAX_EXPANDED_BYTES};

/// A zip file opened for reading its parts, with an expansion allowance.
pub struct Parts<'a> {
    format: &'static str,
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    expanded: u64,
}

impl<'a> Parts<'a> {
    /// Opens `bytes` as a zip, for a file of `format`.
    pub fn open(format: &'static str, bytes: &'a [u8]) -> Result<Parts<'a>, FormatError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| FormatError::damaged(format, format!("not a readable zip: {e}")))?;
        Ok(Parts {
            format,
            zip,
            expanded: 0,
        })
    }

    /// Whether the zip holds a part named `name`.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The names of all parts, in the zip's order.
    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok())
            .map(String::from)
            .collect()
    }

    /// The part `name` as text (UTF-8, invalid bytes replaced), or `None`
    /// if there is no such part. A leading `/` is ignored, since OFD paths
    /// are often written absolute.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, FormatError> {
        let name = name.trim_start_matches('/');
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let format = self.format;
        let left = MAX_EXPANDED_BYTES.saturating_sub(self.expanded);
        let cap = MAX_ENTRY_BYTES.min(left);
        let mut entry = self
            .zip
            .by_index(index)
            .map_err(|e| FormatError::damaged(format, format!("{name}: {e}")))?;
        if entry.size() > cap {
            return Err(over(format, name, entry.size()));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        (&mut entry)
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| FormatError::damaged(format, format!("{name}: {e}")))?;
        if bytes.len() as u64 > cap {
            return Err(over(format, name, bytes.len() as u64));
        }
        self.expanded += bytes.len() as u64;
        Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
    }
}

fn over(format: &'static str, name: &str, size: u64) -> FormatError {
    FormatError::limit(
        format,
        format!(
            "part {name} expands to over {} MB (the limit is {} MB per part and {} MB in all; a zip bomb?)",
            size >> 20,
            MAX_ENTRY_BYTES >> 20,
            MAX_EXPANDED_BYTES >> 20
        ),
    )
}

/// The value of attribute `name` (local name, any prefix) of an element,
/// unescaped.
pub fn attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The text of a text event, end-of-lines normalised (empty if it can't be
/// decoded, which a UTF-8 part never is).
pub fn text_of(t: &quick_xml::events::BytesText<'_>) -> String {
    t.xml10_content()
        .map(|c| c.into_owned())
        .unwrap_or_default()
}

/// The text of an entity or character reference (`&amp;`, `&#x4E2D;`), to
/// append to the text around it.
pub fn reference(r: &quick_xml::events::BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    let name = r.decode().ok()?;
    quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A zip of `(name, bytes)` parts, deflated.
    pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn parts_are_read_by_name() {
        let z = zip_of(&[("a/b.xml", b"<x>1</x>")]);
        let mut p = Parts::open("DOCX", &z).unwrap();
        assert!(p.has("a/b.xml"));
        assert_eq!(p.text("/a/b.xml").unwrap().as_deref(), Some("<x>1</x>"));
        assert_eq!(p.text("c.xml").unwrap(), None);
        assert_eq!(p.names(), vec!["a/b.xml"]);
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        // 80 MB of zeros deflate to ~80 KB.
        let big = vec![0u8; 80 << 20];
        let z = zip_of(&[("word/document.xml", &big)]);
        assert!(z.len() < 200_000, "{}", z.len());
        let mut p = Parts::open("DOCX", &z).unwrap();
        let e = p.text("word/document.xml").unwrap_err();
        assert_eq!(e.kind(), "limit");
        assert!(e.to_string().contains("zip bomb"), "{e}");
    }

    #[test]
    fn not_a_zip_is_damaged() {
        let e = Parts::open("OFD", b"PK\x03\x04 cut").err().unwrap();
        assert_eq!(e.kind(), "damaged");
    }
}
