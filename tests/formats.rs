//! Document formats (issue 20): exactly what gets indexed from each fixture
//! of `tests/fixtures/formats/` (made by its `make.py`, see its README), the
//! verdicts for files that can't be read, and one run of the real binary
//! over all of them.

mod common;

use std::io::Write;
use std::path::Path;

use common::Fixture;
use xunwen::ingest::{parse_document, Document, FileKind, IngestError};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (run make.py)", path.display()))
}

fn read(name: &str, kind: FileKind) -> Result<Document, IngestError> {
    parse_document(&fixture(name), name, kind)
}

fn texts(d: &Document) -> Vec<&str> {
    d.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

const RED_HEADER: &str = "青山市人民政府办公室文件";
const NUMBER: &str = "青政办发〔2024〕12号";
const TITLE: &str = "关于做好2024年春季河道清理工作的通知";
const RECIPIENT: &str = "各镇人民政府、街道办事处，市政府各部门：";
const P1: &str = "为改善全市河道水环境，保障汛期行洪安全，市政府决定在全市范围内集中开展春季河道清理工作。现将有关事项通知如下。";
const P2: &str = "一、清理范围。全市境内的主要河道、支流沟渠以及城区内的景观水系，重点是群众反映较多、淤积较重的河段。各镇街要逐条摸清河道底数，建立清理台账，明确每条河道的责任人和完成时限，做到不留死角、不漏一段。";
const P3: &str = "二、工作要求。各责任单位要组织专门力量，清除河面漂浮物、岸坡垃圾和阻水障碍，疏通排水口和涵闸。清理出的垃圾和淤泥要及时运走，不得在河岸堆放，防止二次污染。对私搭乱建、侵占河道的行为，要依法依规予以处理。";
const P4: &str = "三、进度安排。清理工作从三月中旬开始，四月底前全部完成。各镇街每周五下班前报送进展情况，市水务局汇总后通报。对进度滞后的单位，市政府将进行督办，并在年度考核中予以体现。";
const P5: &str = "四、保障措施。市财政按照河道长度给予适当补助，各镇街要统筹安排配套资金。要广泛发动群众参与，引导沿河居民自觉爱护河道环境，形成共建共管的良好氛围。";
const ROWS: [&str; 3] = [
    "河道名称 责任单位 完成时限",
    "青山河 城关街道 4月15日",
    "白石溪 白石镇 4月30日",
];

/// The notice as DOCX, DOC and WPS give it: red header and number kept as
/// lines of their own, title out of the body, one paragraph per table row,
/// no running header or page-number footer.
fn notice_paragraphs() -> Vec<&'static str> {
    let mut v = vec![RED_HEADER, NUMBER, RECIPIENT, P1, P2, P3];
    v.extend(ROWS);
    v.extend([P4, P5, "青山市人民政府办公室", "2024年3月5日"]);
    v
}

#[test]
fn docx_official_notice() {
    let d = read("notice.docx", FileKind::Docx).unwrap();
    assert_eq!(d.title, TITLE);
    assert_eq!(d.date.map(|day| day.iso()).as_deref(), Some("2024-03-05"));
    assert_eq!(d.encoding, "DOCX");
    assert_eq!(texts(&d), notice_paragraphs());
    let all = texts(&d).concat();
    assert!(!all.contains("行政规范性文件"), "running header indexed");
    assert!(!all.contains('—'), "page-number footer indexed");
}

#[test]
fn doc_and_wps_word97_binaries() {
    for (name, format) in [("notice.doc", "DOC"), ("notice.wps", "WPS")] {
        let d = read(name, FileKind::Doc).unwrap();
        assert_eq!(d.encoding, format);
        assert_eq!(d.title, TITLE, "{name}");
        assert_eq!(
            d.date.map(|day| day.iso()).as_deref(),
            Some("2024-03-05"),
            "{name}"
        );
        assert_eq!(texts(&d), notice_paragraphs(), "{name}");
    }
}

#[test]
fn pdf_with_running_header_page_numbers_table_and_a_paragraph_over_a_page() {
    // Two pages (LibreOffice, Noto Sans CJK with a ToUnicode map): the body
    // with P2..P4 again, so P2 runs from page 1 onto page 2.
    let d = read("notice.pdf", FileKind::Pdf).unwrap();
    assert_eq!(d.title, TITLE);
    assert_eq!(d.date.map(|day| day.iso()).as_deref(), Some("2024-03-05"));
    assert_eq!(d.encoding, "PDF");
    let mut want = vec![RED_HEADER, NUMBER, RECIPIENT, P1, P2, P3];
    want.extend(ROWS);
    want.extend([P4, P5, P2, P3, P4, "青山市人民政府办公室", "2024年3月5日"]);
    assert_eq!(texts(&d), want);
}

#[test]
fn pdf_verdicts() {
    let e = read("scanned.pdf", FileKind::Pdf).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no text layer (scanned pages): run OCR first"
    );
    assert_eq!(e.kind(), "scanned");
    let e = read("locked.pdf", FileKind::Pdf).unwrap_err();
    assert!(e.to_string().starts_with("encrypted PDF"), "{e}");
    // An owner password alone does not keep the text from being read.
    let d = read("owner-only.pdf", FileKind::Pdf).unwrap();
    assert_eq!(d.title, "青山河清理工作简报");
    assert_eq!(texts(&d), ["三月份全市共清理河道十二条。"]);
}

#[test]
fn password_protected_docx() {
    let e = read("locked.docx", FileKind::Docx).unwrap_err();
    assert!(e.to_string().starts_with("encrypted DOCX"), "{e}");
    assert_eq!(e.kind(), "encrypted");
}

#[test]
fn ofd_lines_made_of_fragments() {
    let d = read("letter.ofd", FileKind::Ofd).unwrap();
    assert_eq!(d.title, "关于加快青山河堤防加固的函");
    assert_eq!(d.date.map(|day| day.iso()).as_deref(), Some("2024-04-02"));
    assert_eq!(
        texts(&d),
        [
            "白石镇人民政府：",
            "根据2024年度水利建设计划，青山河东岸堤防需在汛期前完成加固。请你镇抓紧落实施工队伍和资金，5月底前完工。",
            "特此函告。",
            "青山市水务局",
            "2024年4月2日",
        ]
    );
}

#[test]
fn truncated_files_get_a_verdict_never_a_panic() {
    for (name, kind) in [
        ("notice.pdf", FileKind::Pdf),
        ("notice.docx", FileKind::Docx),
        ("notice.doc", FileKind::Doc),
        ("letter.ofd", FileKind::Ofd),
    ] {
        let bytes = fixture(name);
        for cut in [1, 8, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            match parse_document(&bytes[..cut], name, kind) {
                // A PDF reader may recover the pages before the cut.
                Ok(d) => assert!(!d.paragraphs.is_empty(), "{name} cut at {cut}"),
                Err(e) => assert!(
                    matches!(e.kind(), "damaged" | "empty" | "binary" | "scanned"),
                    "{name} cut at {cut}: {e}"
                ),
            }
        }
    }
}

/// A zip whose `part` expands from about 80 KB to 80 MB, after `root`.
fn zip_bomb(root: Option<(&str, &str)>, part: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    if let Some((name, text)) = root {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.start_file(part, zip::write::SimpleFileOptions::default())
        .unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..80 {
        w.write_all(&zeros).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn zip_bombs_are_refused() {
    let docx = zip_bomb(None, "word/document.xml");
    assert!(docx.len() < 300_000, "{}", docx.len());
    let e = parse_document(&docx, "bomb.docx", FileKind::Docx).unwrap_err();
    assert_eq!(e.kind(), "limit");
    assert!(e.to_string().contains("zip bomb"), "{e}");
    let ofd = zip_bomb(
        Some((
            "OFD.xml",
            "<OFD><DocBody><DocRoot>Doc_0/Document.xml</DocRoot></DocBody></OFD>",
        )),
        "Doc_0/Document.xml",
    );
    let e = parse_document(&ofd, "bomb.ofd", FileKind::Ofd).unwrap_err();
    assert_eq!(e.kind(), "limit", "{e}");
}

#[test]
fn a_doc_that_is_html_or_rtf_is_read_as_what_it_is() {
    let html = "<html><head><title>青山河清理简报</title></head><body><p>三月份共清理河道十二条。</p></body></html>";
    let d = parse_document(html.as_bytes(), "a.doc", FileKind::Doc).unwrap();
    assert_eq!(d.title, "青山河清理简报");
    assert_eq!(texts(&d), ["三月份共清理河道十二条。"]);
    let rtf = b"{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fcharset134 SimSun;}}\\f0 \\'c7\\'e0\\'c9\\'bd\\'ba\\'d3\\par \\u28165?\\u29702?\\par}";
    let d = parse_document(rtf, "b.doc", FileKind::Doc).unwrap();
    assert_eq!(d.encoding, "RTF");
    assert_eq!(d.title, "青山河");
    assert_eq!(texts(&d), ["清理"]);
}

#[test]
fn the_binary_indexes_documents_and_tells_why_it_skips_others() {
    let f = Fixture::empty();
    for name in [
        "notice.docx",
        "notice.doc",
        "notice.wps",
        "notice.pdf",
        "letter.ofd",
        "scanned.pdf",
        "locked.pdf",
        "locked.docx",
    ] {
        f.write_bytes(&format!("docs/{name}"), &fixture(name));
    }
    let out = f.xunwen().arg("index").output().expect("run xunwen");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped docs/scanned.pdf: no text layer (scanned pages): run OCR first"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped docs/locked.pdf: encrypted PDF"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped docs/locked.docx: encrypted DOCX"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("added 5"), "{stdout}");

    let (hits, _) = f.search_json(&["堤防加固", "--limit", "5"]);
    assert_eq!(hits[0]["doc"], "docs/letter.ofd");
    assert_eq!(hits[0]["title"], "关于加快青山河堤防加固的函");
    assert_eq!(hits[0]["date"], "2024-04-02");
    // The four copies of the notice are one document with three copies.
    let (hits, _) = f.search_json(&["title:河道清理", "--limit", "10"]);
    assert_eq!(hits.len(), 1);
    let mut docs: Vec<&str> = hits[0]["also_in"]
        .as_array()
        .expect("also_in")
        .iter()
        .filter_map(|d| d.as_str())
        .chain(hits[0]["doc"].as_str())
        .collect();
    docs.sort_unstable();
    docs.dedup();
    assert_eq!(
        docs,
        [
            "docs/notice.doc",
            "docs/notice.docx",
            "docs/notice.pdf",
            "docs/notice.wps"
        ]
    );

    let out = f
        .xunwen()
        .args(["show", "docs/notice.docx"])
        .output()
        .expect("run xunwen");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.starts_with(&format!("{TITLE}\ndocs/notice.docx · 2024-03-05\n")),
        "{shown}"
    );
    let lines: Vec<&str> = shown.lines().map(str::trim).collect();
    assert!(lines.contains(&"¶2  青政办发〔2024〕12号"), "{shown}");
    assert!(lines.contains(&"¶8  青山河 城关街道 4月15日"), "{shown}");

    // Nothing changed: a refresh reads no document again.
    let out = f.xunwen().arg("index").output().expect("run xunwen");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("(nothing changed)"), "{stdout}");
}

#[test]
fn damaged_copies_never_panic() {
    // The fuzz targets' check on the fixtures with bytes overwritten: a
    // document or a verdict, never a panic (the guard would turn one into
    // `reader-failed`, which the parsers of this crate must never need).
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for (name, kind) in [
        ("notice.docx", FileKind::Docx),
        ("notice.doc", FileKind::Doc),
        ("letter.ofd", FileKind::Ofd),
        ("owner-only.pdf", FileKind::Pdf),
    ] {
        let original = fixture(name);
        for _ in 0..60 {
            let mut bytes = original.clone();
            for _ in 0..8 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let i = (x >> 8) as usize % bytes.len();
                bytes[i] = (x >> 40) as u8;
            }
            match parse_document(&bytes, name, kind) {
                Ok(d) => assert!(!d.title.is_empty() && !d.paragraphs.is_empty()),
                Err(e) => {
                    let own_parser = kind != FileKind::Pdf;
                    assert!(!(own_parser && e.kind() == "reader-failed"), "{name}: {e}");
                }
            }
        }
    }
}

/// A PDF of `pages` empty pages sharing one content stream.
fn many_page_pdf(pages: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |out: &mut Vec<u8>, body: String| {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", offsets.len()).into_bytes());
    };
    object(&mut out, "<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 4)).collect();
    object(
        &mut out,
        format!(
            "<< /Type /Pages /Count {pages} /Kids [{}] >>",
            kids.join(" ")
        ),
    );
    object(&mut out, "<< /Length 0 >>\nstream\n\nendstream".into());
    for _ in 0..pages {
        object(
            &mut out,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 3 0 R >>".into(),
        );
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).into_bytes());
    for o in &offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .into_bytes(),
    );
    out
}

#[test]
fn a_pdf_of_ten_thousand_pages_is_over_the_limit() {
    let start = std::time::Instant::now();
    let e = parse_document(&many_page_pdf(10_000), "huge.pdf", FileKind::Pdf).unwrap_err();
    assert_eq!(e.kind(), "limit", "{e}");
    assert!(
        e.to_string().contains("10000 pages; the limit is 3000"),
        "{e}"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    // Below the limit, empty pages are a PDF without text.
    let e = parse_document(&many_page_pdf(3), "blank.pdf", FileKind::Pdf).unwrap_err();
    assert_eq!(e.kind(), "scanned", "{e}");
}
