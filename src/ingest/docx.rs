//! DOCX (Office Open XML) → blocks: the paragraphs of `word/document.xml`
//! in body order, each table row as one block (its cells in order, a space
//! between them), footnotes and endnotes after the body. Headers and footers
//! live in parts of their own and are not read: they are page furniture.
//! Deleted text of tracked changes, field codes and the fallback copy of
//! text boxes are skipped, so no text is read twice.
//!
//! A password-protected DOCX is a CFB container holding an
//! `EncryptedPackage`: it gets the encrypted verdict. A CFB container with a
//! `WordDocument` stream is a Word-97 file named `.docx`, read as one.

use quick_xml::events::{BytesStart, Event};

use super::gongwen::Block;
use super::guard::{Budget, FormatError, MAX_TEXT_CHARS};
use super::zipxml::{self, text_of, Parts};

const FORMAT: &str = "DOCX";

/// The blocks of a DOCX file.
pub fn read(bytes: &[u8], budget: Budget) -> Result<Vec<Block>, FormatError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return super::word97::read_container(bytes, FORMAT, budget);
    }
    let mut parts = Parts::open(FORMAT, bytes)?;
    let body = parts
        .text("word/document.xml")?
        .ok_or_else(|| FormatError::damaged(FORMAT, "no word/document.xml"))?;
    let styles = match parts.text("word/styles.xml")? {
        Some(xml) => Styles::parse(&xml),
        None => Styles::default(),
    };
    let mut blocks = paragraphs(&body, &styles, budget)?;
    for notes in ["word/footnotes.xml", "word/endnotes.xml"] {
        budget.check()?;
        if let Some(xml) = parts.text(notes)? {
            blocks.extend(paragraphs(&xml, &styles, budget)?);
        }
    }
    Ok(blocks)
}

/// Type sizes the styles give, for paragraphs whose runs give none: the
/// title is often a style's large type.
#[derive(Default)]
struct Styles {
    default: f32,
    by_id: std::collections::HashMap<String, f32>,
}

impl Styles {
    /// Reads `word/styles.xml`: the default run size and each paragraph
    /// style's own size (`basedOn` chains are not followed).
    fn parse(xml: &str) -> Styles {
        let mut styles = Styles::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut current: Option<String> = None;
        let mut in_defaults = false;
        while let Ok(event) = reader.read_event() {
            match event {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"style" => current = zipxml::attr(&e, b"styleId"),
                    b"docDefaults" => in_defaults = true,
                    b"sz" => {
                        let size = zipxml::attr(&e, b"val")
                            .and_then(|v| v.parse::<f32>().ok())
                            .map_or(0.0, |hp| hp / 2.0);
                        match &current {
                            Some(id) => {
                                styles.by_id.insert(id.clone(), size);
                            }
                            None if in_defaults => styles.default = size,
                            None => {}
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    b"style" => current = None,
                    b"docDefaults" => in_defaults = false,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        styles
    }

    /// The size of a paragraph of style `id` whose runs name none.
    fn size(&self, id: Option<&str>) -> f32 {
        id.and_then(|id| self.by_id.get(id).copied())
            .unwrap_or(self.default)
    }
}

/// Where the walk over the XML is.
#[derive(Default)]
struct Walk {
    blocks: Vec<Block>,
    /// Text of the paragraphs open now (text boxes nest paragraphs).
    open: Vec<(String, f32)>,
    /// The style of each open paragraph.
    styles_open: Vec<Option<String>>,
    /// Table depth, and the current top-level row's cells.
    tables: usize,
    row: Vec<String>,
    cell: String,
    row_size: f32,
    /// Inside `w:t` (text to take).
    in_text: bool,
    /// Depth inside an element whose text is skipped.
    skip: usize,
    chars: usize,
}

/// The blocks of one WordprocessingML part (document, footnotes, endnotes).
fn paragraphs(xml: &str, styles: &Styles, budget: Budget) -> Result<Vec<Block>, FormatError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut w = Walk::default();
    let mut events: u32 = 0;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(65_536) {
            budget.check()?;
        }
        let event = reader
            .read_event()
            .map_err(|e| FormatError::damaged(FORMAT, format!("bad XML: {e}")))?;
        match event {
            Event::Start(e) => w.start(&e, false),
            Event::Empty(e) => w.start(&e, true),
            Event::End(e) => w.end(e.local_name().as_ref(), styles),
            Event::Text(t) if w.in_text && w.skip == 0 => w.push(&text_of(&t)),
            Event::GeneralRef(r) if w.in_text && w.skip == 0 => {
                if let Some(s) = zipxml::reference(&r) {
                    w.push(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if w.chars > MAX_TEXT_CHARS {
            return Err(FormatError::limit(
                FORMAT,
                "more than 20 million characters of text",
            ));
        }
    }
    // A cut file may leave paragraphs open: keep their text.
    while !w.open.is_empty() {
        w.end(b"p", styles);
    }
    Ok(w.blocks)
}

impl Walk {
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.skip > 0 {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        match name {
            b"p" if !empty => {
                self.open.push((String::new(), 0.0));
                self.styles_open.push(None);
            }
            b"pStyle" => {
                if let Some(s) = self.styles_open.last_mut() {
                    *s = zipxml::attr(e, b"val");
                }
            }
            b"t" if !empty => self.in_text = true,
            b"tab" | b"br" | b"cr" => self.push(" "),
            b"sz" => {
                let half_points = zipxml::attr(e, b"val").and_then(|v| v.parse::<f32>().ok());
                if let (Some(hp), Some(p)) = (half_points, self.open.last_mut()) {
                    p.1 = p.1.max(hp / 2.0);
                }
            }
            b"tbl" if !empty => self.tables += 1,
            b"delText" | b"instrText" | b"Fallback" | b"del" | b"moveFrom" if !empty => {
                self.skip = 1;
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8], styles: &Styles) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            b"t" => self.in_text = false,
            b"p" => {
                let Some((text, size)) = self.open.pop() else {
                    return;
                };
                let style = self.styles_open.pop().flatten();
                let size = if size > 0.0 {
                    size
                } else {
                    styles.size(style.as_deref())
                };
                // A text box's paragraphs nest in the paragraph that holds
                // it: they become blocks of their own, before it.
                if self.tables > 0 {
                    super::gongwen::join_line(&mut self.cell, &text);
                    self.row_size = self.row_size.max(size);
                } else if !text.trim().is_empty() {
                    self.blocks.push(Block {
                        text,
                        size,
                        page: 0,
                    });
                }
            }
            b"tc" if self.tables == 1 => {
                let cell = std::mem::take(&mut self.cell);
                if !cell.trim().is_empty() {
                    self.row.push(cell);
                }
            }
            b"tr" if self.tables == 1 => {
                let row = std::mem::take(&mut self.row).join(" ");
                let size = std::mem::take(&mut self.row_size);
                if !row.trim().is_empty() {
                    self.blocks.push(Block {
                        text: row,
                        size,
                        page: 0,
                    });
                }
            }
            b"tbl" => self.tables = self.tables.saturating_sub(1),
            _ => {}
        }
    }

    fn push(&mut self, s: &str) {
        self.chars += s.len();
        if let Some(p) = self.open.last_mut() {
            p.0.push_str(s);
        } else if self.tables > 0 {
            self.cell.push_str(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::zipxml::tests::zip_of;

    fn doc(body: &str) -> Vec<u8> {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", xml.as_bytes()),
            (
                "word/header1.xml",
                "<w:hdr><w:p><w:r><w:t>页眉文字</w:t></w:r></w:p></w:hdr>".as_bytes(),
            ),
        ])
    }

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn paragraphs_rows_and_sizes() {
        let body = "<w:p><w:r><w:rPr><w:sz w:val=\"44\"/></w:rPr><w:t>关于</w:t></w:r>\
<w:r><w:t xml:space=\"preserve\">开展检查的通知</w:t></w:r></w:p>\
<w:p><w:r><w:t>A &amp; B</w:t><w:tab/><w:t>&#x4E2D;</w:t></w:r></w:p>\
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>金额</w:t></w:r></w:p></w:tc></w:tr>\
<w:tr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p><w:p><w:r><w:t>（万元）</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>\
<w:p><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText><w:t>留下的</w:t></w:r></w:p>";
        let blocks = read(&doc(body), Budget::new(FORMAT)).unwrap();
        assert_eq!(
            texts(&blocks),
            [
                "关于开展检查的通知",
                "A & B 中",
                "项目 金额",
                "合计（万元）",
                "留下的"
            ]
        );
        assert_eq!(blocks[0].size, 22.0);
        assert_eq!(blocks[1].size, 0.0);
    }

    #[test]
    fn sizes_from_styles() {
        let styles = Styles::parse(
            "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"32\"/></w:rPr></w:rPrDefault></w:docDefaults>\
<w:style w:styleId=\"Title\"><w:rPr><w:sz w:val=\"44\"/></w:rPr></w:style></w:styles>",
        );
        let xml = "<w:body><w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>青山市重点项目清单</w:t></w:r></w:p>\
<w:p><w:r><w:t>正文。</w:t></w:r></w:p></w:body>";
        let blocks = paragraphs(xml, &styles, Budget::new(FORMAT)).unwrap();
        assert_eq!((blocks[0].size, blocks[1].size), (22.0, 16.0));
    }

    #[test]
    fn broken_files_get_verdicts() {
        let e = read(b"PK\x03\x04", Budget::new(FORMAT)).unwrap_err();
        assert_eq!(e.kind(), "damaged");
        let z = zip_of(&[("word/other.xml", b"<x/>")]);
        let e = read(&z, Budget::new(FORMAT)).unwrap_err();
        assert!(e.to_string().contains("no word/document.xml"), "{e}");
        // A cut XML part keeps what came before the cut.
        let blocks = read(&doc("<w:p><w:r><w:t>完整的一段"), Budget::new(FORMAT));
        assert!(blocks.is_ok() || blocks.unwrap_err().kind() == "damaged");
    }
}
