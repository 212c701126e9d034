//! OFD (GB/T 33190-2016, China's fixed-layout format for official
//! documents and e-invoices) → blocks. An OFD file is a zip of XML parts:
//! `OFD.xml` names each document's `Document.xml`, which lists its pages and
//! template pages. Every `TextObject/TextCode` of a page (and of the
//! template page under it, where e-invoices keep their labels) becomes a
//! positioned fragment — its place is the object's `Boundary` plus the
//! code's `X`/`Y`, through the object's `CTM` — and [`layout`](super::layout)
//! joins the fragments into lines and paragraphs. Annotations and
//! signatures are not read: they are not the document's text.

use quick_xml::events::{BytesStart, Event};

use super::gongwen::Block;
use super::guard::{Budget, FormatError, MAX_PAGES};
use super::layout::{self, Fragment, Page};
use super::zipxml::{self, text_of, Parts};

const FORMAT: &str = "OFD";

/// Default page box of GB/T 33190: A4 in millimetres.
const A4_HEIGHT: f32 = 297.0;

/// The blocks of an OFD file.
pub fn read(bytes: &[u8], budget: Budget) -> Result<Vec<Block>, FormatError> {
    let mut parts = Parts::open(FORMAT, bytes)?;
    let root = parts
        .text("OFD.xml")?
        .ok_or_else(|| FormatError::damaged(FORMAT, "no OFD.xml"))?;
    let docs = element_texts(&root, b"DocRoot")?;
    if docs.is_empty() {
        return Err(FormatError::damaged(FORMAT, "OFD.xml names no document"));
    }
    let mut pages = Vec::new();
    for doc in docs {
        read_document(&mut parts, &doc, budget, &mut pages)?;
    }
    Ok(layout::blocks(&pages))
}

/// Appends the pages of the document whose `Document.xml` is at `path`.
fn read_document(
    parts: &mut Parts<'_>,
    path: &str,
    budget: Budget,
    pages: &mut Vec<Page>,
) -> Result<(), FormatError> {
    let xml = parts
        .text(path)?
        .ok_or_else(|| FormatError::damaged(FORMAT, format!("no {path}")))?;
    let dir = parent(path);
    let doc = DocumentXml::parse(&xml)?;
    if doc.pages.len() + pages.len() > MAX_PAGES {
        return Err(FormatError::limit(
            FORMAT,
            format!("{} pages; the limit is {MAX_PAGES}", doc.pages.len()),
        ));
    }
    for loc in &doc.pages {
        budget.check()?;
        let page_path = resolve(&dir, loc);
        let Some(content) = parts.text(&page_path)? else {
            continue;
        };
        let page = PageXml::parse(&content)?;
        let mut fragments = Vec::new();
        for id in &page.templates {
            if let Some((_, tpl)) = doc.templates.iter().find(|(t, _)| t == id) {
                if let Some(t) = parts.text(&resolve(&dir, tpl))? {
                    fragments.extend(PageXml::parse(&t)?.fragments);
                }
            }
        }
        fragments.extend(page.fragments);
        pages.push(Page {
            fragments,
            height: page.height.or(doc.height).unwrap_or(A4_HEIGHT),
        });
    }
    Ok(())
}

/// What `Document.xml` says: page parts, template parts by ID, page height.
#[derive(Default)]
struct DocumentXml {
    pages: Vec<String>,
    templates: Vec<(String, String)>,
    height: Option<f32>,
}

impl DocumentXml {
    fn parse(xml: &str) -> Result<DocumentXml, FormatError> {
        let mut d = DocumentXml::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut in_box = false;
        loop {
            match reader.read_event().map_err(bad_xml)? {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"Page" => d.pages.extend(zipxml::attr(&e, b"BaseLoc")),
                    b"TemplatePage" => {
                        if let (Some(id), Some(loc)) =
                            (zipxml::attr(&e, b"ID"), zipxml::attr(&e, b"BaseLoc"))
                        {
                            d.templates.push((id, loc));
                        }
                    }
                    b"PhysicalBox" => in_box = true,
                    _ => {}
                },
                Event::Text(t) if in_box => {
                    d.height = d.height.or_else(|| box_height(&text_of(&t)));
                    in_box = false;
                }
                Event::Eof => return Ok(d),
                _ => {}
            }
        }
    }
}

/// What a page (or template page) holds: its fragments, the templates
/// under it, its own height if it has one.
#[derive(Default)]
struct PageXml {
    fragments: Vec<Fragment>,
    templates: Vec<String>,
    height: Option<f32>,
}

/// The text object being read: its origin, transform and size.
struct TextObject {
    x: f32,
    y: f32,
    ctm: [f32; 6],
    size: f32,
}

impl PageXml {
    fn parse(xml: &str) -> Result<PageXml, FormatError> {
        let mut p = PageXml::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut object: Option<TextObject> = None;
        let mut code: Option<(f32, f32, f32)> = None;
        let mut next = (0.0f32, 0.0f32);
        let mut text = String::new();
        let mut in_box = false;
        loop {
            match reader.read_event().map_err(bad_xml)? {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"Template" => p.templates.extend(zipxml::attr(&e, b"TemplateID")),
                    b"PhysicalBox" => in_box = true,
                    b"TextObject" => object = Some(text_object(&e)),
                    b"TextCode" => {
                        let x = num(&e, b"X").unwrap_or(next.0);
                        let y = num(&e, b"Y").unwrap_or(next.1);
                        let advance = zipxml::attr(&e, b"DeltaX").map_or(0.0, |d| delta_sum(&d));
                        code = Some((x, y, advance));
                        text.clear();
                    }
                    _ => {}
                },
                Event::Text(t) if code.is_some() => text.push_str(&text_of(&t)),
                Event::GeneralRef(r) if code.is_some() => {
                    text.extend(zipxml::reference(&r));
                }
                Event::Text(t) if in_box => {
                    p.height = box_height(&text_of(&t));
                    in_box = false;
                }
                Event::End(e) if e.local_name().as_ref() == b"TextCode" => {
                    if let (Some(o), Some((x, y, advance))) = (&object, code.take()) {
                        let f = fragment(o, x, y, advance, &text);
                        next = (x + advance + o.size, y);
                        p.fragments.push(f);
                    }
                }
                Event::End(e) if e.local_name().as_ref() == b"TextObject" => object = None,
                Event::Eof => return Ok(p),
                _ => {}
            }
        }
    }
}

fn text_object(e: &BytesStart<'_>) -> TextObject {
    let boundary = numbers(&zipxml::attr(e, b"Boundary").unwrap_or_default());
    let ctm = numbers(&zipxml::attr(e, b"CTM").unwrap_or_default());
    let ctm = if ctm.len() == 6 {
        [ctm[0], ctm[1], ctm[2], ctm[3], ctm[4], ctm[5]]
    } else {
        [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    };
    TextObject {
        x: boundary.first().copied().unwrap_or(0.0),
        y: boundary.get(1).copied().unwrap_or(0.0),
        ctm,
        size: num(e, b"Size").unwrap_or(3.5),
    }
}

/// A TextCode at (x, y) in its object's space, on the page.
fn fragment(o: &TextObject, x: f32, y: f32, advance: f32, text: &str) -> Fragment {
    let [a, b, c, d, e, f] = o.ctm;
    let scale = (a * d - b * c).abs().sqrt().max(0.01);
    let size = o.size * scale;
    // DeltaX gives the advances between glyphs; the last glyph adds about
    // one type size. Without it, layout estimates the width.
    let width = if advance > 0.0 {
        (advance + o.size) * a.abs().max(0.01)
    } else {
        0.0
    };
    Fragment {
        x: o.x + a * x + c * y + e,
        y: o.y + b * x + d * y + f,
        width,
        size,
        text: text.to_owned(),
    }
}

/// The sum of a `DeltaX` list, where `g N W` stands for N times W.
fn delta_sum(d: &str) -> f32 {
    let mut sum = 0.0;
    let mut words = d.split_whitespace();
    while let Some(w) = words.next() {
        if w == "g" {
            let n: f32 = words.next().and_then(|n| n.parse().ok()).unwrap_or(0.0);
            let v: f32 = words.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
            sum += n.min(100_000.0) * v;
        } else {
            sum += w.parse::<f32>().unwrap_or(0.0);
        }
    }
    sum
}

fn numbers(s: &str) -> Vec<f32> {
    s.split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect()
}

fn num(e: &BytesStart<'_>, name: &[u8]) -> Option<f32> {
    zipxml::attr(e, name)?
        .trim()
        .parse()
        .ok()
        .filter(|v: &f32| v.is_finite())
}

fn box_height(s: &str) -> Option<f32> {
    numbers(s).get(3).copied().filter(|h| *h > 0.0)
}

/// The texts of every element named `name`.
fn element_texts(xml: &str, name: &[u8]) -> Result<Vec<String>, FormatError> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    loop {
        match reader.read_event().map_err(bad_xml)? {
            Event::Start(e) => inside = e.local_name().as_ref() == name,
            Event::Text(t) if inside => out.push(text_of(&t).trim().to_owned()),
            Event::End(_) => inside = false,
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

fn bad_xml(e: quick_xml::Error) -> FormatError {
    FormatError::damaged(FORMAT, format!("bad XML: {e}"))
}

/// The folder of a part path, with a trailing `/` (empty at the root).
fn parent(path: &str) -> String {
    let path = path.trim_start_matches('/');
    path.rfind('/')
        .map_or(String::new(), |i| path[..=i].to_owned())
}

/// A location relative to `dir`, or absolute (leading `/`).
fn resolve(dir: &str, loc: &str) -> String {
    if let Some(abs) = loc.strip_prefix('/') {
        abs.to_owned()
    } else {
        format!("{dir}{loc}")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ingest::zipxml::tests::zip_of;

    /// An OFD of one page whose line `关于开展检查的函` is cut into three
    /// text objects, with a template label under it.
    pub fn sample_ofd() -> Vec<u8> {
        let ofd = "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
        let doc = "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>\
<ofd:TemplatePage ID=\"9\" BaseLoc=\"Tpls/Tpl_0/Content.xml\"/></ofd:CommonData><ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages></ofd:Document>";
        let page = "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Template TemplateID=\"9\"/><ofd:Content><ofd:Layer>\
<ofd:TextObject Boundary=\"40 50 30 8\" Size=\"7\"><ofd:TextCode X=\"0\" Y=\"6\" DeltaX=\"g 3 7\">关于开展</ofd:TextCode></ofd:TextObject>\
<ofd:TextObject Boundary=\"68 50 20 8\" Size=\"7\"><ofd:TextCode X=\"0\" Y=\"6\" DeltaX=\"7\">检查</ofd:TextCode></ofd:TextObject>\
<ofd:TextObject Boundary=\"82 50 20 8\" Size=\"7\"><ofd:TextCode X=\"0\" Y=\"6\" DeltaX=\"7\">的函</ofd:TextCode></ofd:TextObject>\
<ofd:TextObject Boundary=\"24 80 60 6\" Size=\"5\"><ofd:TextCode X=\"0\" Y=\"5\">青山区&amp;政府：</ofd:TextCode></ofd:TextObject>\
</ofd:Layer></ofd:Content></ofd:Page>";
        let tpl = "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content><ofd:Layer>\
<ofd:TextObject Boundary=\"150 280 30 6\" Size=\"4\"><ofd:TextCode X=\"0\" Y=\"4\">模板标签</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>";
        zip_of(&[
            ("OFD.xml", ofd.as_bytes()),
            ("Doc_0/Document.xml", doc.as_bytes()),
            ("Doc_0/Pages/Page_0/Content.xml", page.as_bytes()),
            ("Doc_0/Tpls/Tpl_0/Content.xml", tpl.as_bytes()),
        ])
    }

    #[test]
    fn fragments_join_into_lines() {
        let blocks = read(&sample_ofd(), Budget::new(FORMAT)).unwrap();
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["关于开展检查的函", "青山区&政府：", "模板标签"]);
        assert!(blocks[0].size > blocks[1].size);
    }

    #[test]
    fn deltas_and_paths() {
        assert_eq!(delta_sum("1 g 3 2 0.5"), 7.5);
        assert_eq!(delta_sum("g x"), 0.0);
        assert_eq!(parent("/Doc_0/Document.xml"), "Doc_0/");
        assert_eq!(resolve("Doc_0/", "Pages/P.xml"), "Doc_0/Pages/P.xml");
        assert_eq!(resolve("Doc_0/", "/Doc_0/P.xml"), "Doc_0/P.xml");
    }

    #[test]
    fn broken_files_get_verdicts() {
        let e = read(&zip_of(&[("a.xml", b"<a/>")]), Budget::new(FORMAT)).unwrap_err();
        assert!(e.to_string().contains("no OFD.xml"), "{e}");
        let z = zip_of(&[(
            "OFD.xml",
            b"<OFD><DocBody><DocRoot>D/Document.xml</DocRoot></DocBody></OFD>",
        )]);
        assert_eq!(read(&z, Budget::new(FORMAT)).unwrap_err().kind(), "damaged");
    }
}
