//! Ingest stage: turns the files of a corpus into [`Document`]s — decoded
//! text, a title, a date and numbered paragraphs (passages) with navigation
//! bars, toolbars and other page furniture removed.
//!
//! The stage is self-contained: it depends on no other module of the crate.
//!
//! * [`decode`] — bytes → text (UTF-8, UTF-16, GB18030, Big5, …)
//! * [`html`] — HTML → title and lines of main text
//! * [`markdown`] — Markdown → plain lines (emphasis, headings, links removed)
//! * [`clean`] — whitespace normalisation and boilerplate lines
//! * [`meta`] — title and date
//! * [`passage`] — long lines → passages
//! * [`walk`] — finding the files of a corpus
//! * [`file`] — reading one file, capped, and choosing its reader
//! * [`add`] — copying files into a corpus, all or nothing
//! * [`error`] — what can go wrong, in words for the user
//! * [`detect`] — the file's kind by its first bytes as well as its name
//! * [`guard`] — limits, panics and time around every document reader
//! * [`pdf`], [`docx`], [`word97`] (DOC, WPS), [`ofd`], [`rtf`] — document
//!   readers, each giving the [`gongwen::Block`]s [`laid`] makes a document of

pub mod add;
pub mod clean;
pub mod day;
pub mod decode;
pub mod detect;
pub mod docx;
pub mod error;
pub mod file;
pub mod gongwen;
pub mod guard;
pub mod html;
pub mod laid;
pub mod layout;
pub mod markdown;
pub mod meta;
pub mod ofd;
pub mod passage;
pub mod pdf;
pub mod rtf;
pub mod walk;
pub mod word97;
pub mod zipxml;

use std::path::{Path, PathBuf};

pub use day::{DateError, Day};
pub use error::{IngestError, MAX_FILE_SIZE};
pub use passage::MAX_PASSAGE_CHARS;
pub use walk::{walk_corpus, CorpusFile, Skipped, INDEX_MARKER};

/// One source file after ingest: what the index stores per document.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Document {
    /// Path relative to the corpus root, always '/'-separated; identifies
    /// the document across index runs.
    pub path: String,
    /// Title shown in results; never empty (falls back to the file stem).
    pub title: String,
    /// Publication date, for date filters and display.
    pub date: Option<Day>,
    /// Encoding actually used, e.g. "UTF-8", "GB18030", "UTF-16LE", "Big5"
    /// ("UTF-8+GB18030" for UTF-8 with GB18030 lines pasted in), so users can
    /// see how a file was read.
    pub encoding: &'static str,
    /// Number of invalid byte sequences replaced by U+FFFD while decoding,
    /// so damaged files can be reported.
    pub repairs: usize,
    /// The searchable passages, in order.
    pub paragraphs: Vec<Paragraph>,
}

/// The unit of search: one cleaned line of body text, or one passage of a
/// long line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Paragraph {
    /// 1-based, sequential over the document's passages; lets results cite
    /// "paragraph 3".
    pub number: u32,
    /// The passage text (whitespace-normalised, otherwise verbatim).
    pub text: String,
}

/// The kinds of file ingest reads, chosen by extension (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Plain text: `.txt`.
    Text,
    /// Markdown, `.md`: plain text once its markup is removed.
    Markdown,
    /// HTML pages: `.html`, `.htm`, `.shtml`.
    Html,
    /// PDF: `.pdf`.
    Pdf,
    /// Word 2007+ (Office Open XML): `.docx`.
    Docx,
    /// Word 97–2003 binary: `.doc`, and WPS Office's `.wps`.
    Doc,
    /// OFD (GB/T 33190), China's fixed-layout format: `.ofd`.
    Ofd,
    /// Rich Text Format: `.rtf` (and a `.doc` that is really RTF).
    Rtf,
}

impl FileKind {
    /// The kind of a file from its extension, or `None` if ingest does not
    /// read that type.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(FileKind::Text),
            "md" => Some(FileKind::Markdown),
            "html" | "htm" | "shtml" => Some(FileKind::Html),
            "pdf" => Some(FileKind::Pdf),
            "docx" => Some(FileKind::Docx),
            "doc" | "wps" => Some(FileKind::Doc),
            "ofd" => Some(FileKind::Ofd),
            "rtf" => Some(FileKind::Rtf),
            _ => None,
        }
    }
}

/// Reads and parses one file. `rel` is the corpus-relative path stored in
/// [`Document::path`]. Files over [`MAX_FILE_SIZE`] are refused before they
/// are read, so memory per file stays bounded.
pub fn read_document(abs: &Path, rel: &str) -> Result<Document, IngestError> {
    let bytes = file::read_capped(abs, abs)?;
    parse_document(&bytes, rel, file::kind_of(abs, rel))
}

/// What a file's text holds before cleaning: an HTML page's title, headings
/// and `<meta>` tags, and the lines of its body.
struct Extracted {
    html_title: Option<String>,
    headings: Vec<String>,
    meta_tags: Vec<(String, String)>,
    raw_lines: Vec<String>,
}

/// Reads the text of a file of `kind` into lines (Markdown reduced to its
/// text, HTML to its main text), whitespace normalised.
fn extract(kind: FileKind, text: &str) -> Extracted {
    let lines = |text: &str| split_lines(text).map(clean::normalize_line).collect();
    match kind {
        // Document formats never get here (`read_laid_out` reads them).
        FileKind::Text
        | FileKind::Pdf
        | FileKind::Docx
        | FileKind::Doc
        | FileKind::Ofd
        | FileKind::Rtf => Extracted {
            html_title: None,
            headings: Vec::new(),
            meta_tags: Vec::new(),
            raw_lines: lines(text),
        },
        FileKind::Markdown => Extracted {
            html_title: None,
            headings: Vec::new(),
            meta_tags: Vec::new(),
            raw_lines: lines(&markdown::strip(text)),
        },
        FileKind::Html => {
            let page = html::extract(text);
            Extracted {
                raw_lines: lines(&page.body),
                html_title: page.title,
                headings: page.headings,
                meta_tags: page.meta,
            }
        }
    }
}

/// Parses bytes already in memory (used by tests, fuzzing and
/// [`read_document`]). Errors name `rel`.
pub fn parse_document(bytes: &[u8], rel: &str, kind: FileKind) -> Result<Document, IngestError> {
    let path = rel.replace('\\', "/");
    let err_path = || PathBuf::from(&path);
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(IngestError::TooLarge {
            path: err_path(),
            size: bytes.len() as u64,
            limit: MAX_FILE_SIZE,
        });
    }
    let kind = detect::refine(kind, bytes);
    if let Some(read) = read_laid_out(kind, bytes, &path) {
        return read;
    }
    let decoded =
        decode::decode(bytes, kind == FileKind::Html).map_err(|e| decode_error(e, &path))?;
    let blank_text = is_blank(&decoded.text);

    let Extracted {
        html_title,
        headings,
        meta_tags,
        raw_lines,
    } = extract(kind, &decoded.text);
    // Dates: all lines, boilerplate included (the publication date often
    // sits in a "发布时间：" line), plus the page's <meta> tags and the path.
    let date = meta::find_date(&meta::DateSources {
        meta: &meta_tags,
        html_title: html_title.as_deref(),
        lines: &raw_lines,
        path: &path,
    });

    let mut body: Vec<String> = raw_lines
        .into_iter()
        .filter(|l| !clean::is_boilerplate(l))
        .collect();

    let stem = file_stem(&path);
    let title = take_title(html_title, &headings, &mut body);
    let title = if title.trim().is_empty() { stem } else { title };

    let paragraphs = number_passages(&body);
    if paragraphs.is_empty() {
        return Err(IngestError::Empty {
            path: err_path(),
            blank: blank_text,
        });
    }
    Ok(Document {
        path,
        title,
        date,
        encoding: decoded.encoding,
        repairs: decoded.repairs,
        paragraphs,
    })
}

/// Nothing but whitespace: such a file is "empty", rather than "only page
/// furniture".
fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c.is_control() || matches!(c, '\u{feff}' | '\u{200b}'))
}

/// A decoding failure as ingest reports it, naming the file.
fn decode_error(e: decode::DecodeError, path: &str) -> IngestError {
    match e {
        decode::DecodeError::Binary(format) => IngestError::Binary {
            path: PathBuf::from(path),
            format,
        },
        decode::DecodeError::Undecodable(detail) => IngestError::Undecodable {
            path: PathBuf::from(path),
            detail,
        },
    }
}

/// The title: the page's `<title>` (cleaned) or first heading, dropped from
/// the body when the page repeats it; else picked from the body lines,
/// which lose the title line and the stamps before it. Empty when there is
/// none.
fn take_title(html_title: Option<String>, headings: &[String], body: &mut Vec<String>) -> String {
    let html_title = html_title
        .and_then(|t| meta::title_from_html(&t, headings))
        .or_else(|| headings.first().cloned());
    if let Some(t) = html_title {
        // The page repeats its title as a heading: not a paragraph.
        if let Some(i) = body.iter().take(3).position(|l| *l == t) {
            if body.len() > 1 {
                body.remove(i);
            }
        }
        return t;
    }
    let Some(pick) = meta::title_from_lines(body) else {
        return String::new();
    };
    let mut drop_upto = pick.leading_stamps;
    if let Some(i) = pick.consumed {
        // Keep a lone title line as the body: never lose text.
        if body.len() > i + 1 {
            drop_upto = i + 1;
        }
    }
    if drop_upto < body.len() {
        body.drain(..drop_upto);
    }
    pick.title
}

/// The body lines as numbered passages, long lines split.
fn number_passages(body: &[String]) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut number: u32 = 0;
    for line in body {
        for p in passage::split_passages(line) {
            number = number.saturating_add(1);
            paragraphs.push(Paragraph {
                number,
                text: p.to_owned(),
            });
        }
    }
    paragraphs
}

/// Reads a document format (PDF, Word, OFD, RTF) under the one
/// [`guard`]; `None` for the text kinds.
fn read_laid_out(kind: FileKind, bytes: &[u8], rel: &str) -> Option<Result<Document, IngestError>> {
    let wps = rel.to_ascii_lowercase().ends_with(".wps");
    let (format, blocks) = match kind {
        FileKind::Pdf => ("PDF", guard::run("PDF", bytes, pdf::read)),
        FileKind::Docx => ("DOCX", guard::run("DOCX", bytes, docx::read)),
        FileKind::Doc if wps => ("WPS", guard::run("WPS", bytes, word97::read_wps)),
        FileKind::Doc => ("DOC", guard::run("DOC", bytes, word97::read_doc)),
        FileKind::Ofd => ("OFD", guard::run("OFD", bytes, ofd::read)),
        FileKind::Rtf => ("RTF", guard::run("RTF", bytes, rtf::read)),
        FileKind::Text | FileKind::Markdown | FileKind::Html => return None,
    };
    Some(match blocks {
        Ok(blocks) => laid::document(rel, format, blocks),
        Err(source) => Err(IngestError::Format {
            path: PathBuf::from(rel),
            source,
        }),
    })
}

/// Splits text into lines at LF, CR (old Mac files), CRLF and the Unicode
/// line/paragraph separators; the empty pieces CRLF leaves are dropped later
/// as blank lines.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', '\r', '\u{2028}', '\u{2029}'])
}

/// The file name without directories and extension, the title of last
/// resort; never empty.
fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = match name.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => name,
    };
    if stem.trim().is_empty() {
        "untitled".to_owned()
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_SHAPED: &str = "\
首页 本市概况 新闻中心 信息公开 办事服务 互动交流 专题专栏 走进本市
区卫健局以健康服务推动基层工作高质量发展
【字体: 】【 打印】 【 关闭
分享到:

  11月3日,区卫健局组织医务人员走进社区开展义诊活动。

  全区3家单位被评为优秀服务站点:

城南社区

城北社区


3.gif


  ●突出重点,把健康服务送到群众身边

已处理5.jpg

  ▲医务人员为居民测量血压

  2022年,全区共开展义诊活动80余场。
";

    fn texts(d: &Document) -> Vec<&str> {
        d.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn file_kinds() {
        assert_eq!(
            FileKind::from_path(Path::new("a/b.TXT")),
            Some(FileKind::Text)
        );
        assert_eq!(
            FileKind::from_path(Path::new("b.md")),
            Some(FileKind::Markdown)
        );
        assert_eq!(
            FileKind::from_path(Path::new("b.HTM")),
            Some(FileKind::Html)
        );
        assert_eq!(
            FileKind::from_path(Path::new("b.shtml")),
            Some(FileKind::Html)
        );
        assert_eq!(FileKind::from_path(Path::new("b.tsv")), None);
        assert_eq!(FileKind::from_path(Path::new("README")), None);
    }

    #[test]
    fn seed_shaped_page() {
        let d = parse_document(SEED_SHAPED.as_bytes(), "news/p1.txt", FileKind::Text).unwrap();
        assert_eq!(d.title, "区卫健局以健康服务推动基层工作高质量发展");
        // The dateline 11月3日 takes no year from `2022年，…` in the text.
        assert_eq!(d.date, None);
        let d = parse_document(SEED_SHAPED.as_bytes(), "news/2022/p1.txt", FileKind::Text).unwrap();
        assert_eq!(d.date.map(Day::iso).as_deref(), Some("2022-11-03"));
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(
            texts(&d),
            vec![
                "11月3日,区卫健局组织医务人员走进社区开展义诊活动。",
                "全区3家单位被评为优秀服务站点:",
                "城南社区",
                "城北社区",
                "●突出重点,把健康服务送到群众身边",
                "▲医务人员为居民测量血压",
                "2022年,全区共开展义诊活动80余场。",
            ]
        );
        let numbers: Vec<u32> = d.paragraphs.iter().map(|p| p.number).collect();
        assert_eq!(numbers, (1..=7).collect::<Vec<u32>>());
    }

    #[test]
    fn real_seed_if_present() {
        // The seed page is outside the repository; check it when available.
        let p = Path::new("/work/shared/seed/heshan-education-party-building.txt");
        let Ok(d) = read_document(p, "heshan.txt") else {
            return;
        };
        assert_eq!(d.title, "市教育局以党史学习教育推动党建工作高质量发展");
        // Its dateline (12月14日) has no year, and the years it names
        // (2021年，…) date what it reports, not the page: undated.
        assert_eq!(d.date, None);
        assert!(texts(&d).contains(&"鹤山一中"));
        for p in &d.paragraphs {
            assert!(!p.text.contains("打印") || p.text.chars().count() > 20);
            assert!(!p.text.ends_with(".jpg") && !p.text.ends_with(".gif"));
            assert!(!p.text.starts_with("分享到"));
        }
    }

    #[test]
    fn gbk_text_file() {
        let (b, _, _) = encoding_rs::GBK.encode(SEED_SHAPED);
        let d = parse_document(&b, "p.txt", FileKind::Text).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.title, "区卫健局以健康服务推动基层工作高质量发展");
        assert_eq!(d.paragraphs.len(), 7);
    }

    #[test]
    fn html_document() {
        let html =
            "<html><head><meta charset=\"utf-8\"><title>区卫健局开展义诊活动_某区人民政府</title>\
<script>x()</script></head><body><div class=\"nav\">首页 政务公开</div>\
<h1>区卫健局开展义诊活动</h1><div class=\"info\">发布时间：2021-12-14 来源：区卫健局</div>\
<p>　　11月3日，区卫健局组织义诊。</p><p>▲义诊现场</p></body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(html);
        for bytes in [html.as_bytes(), &gbk[..]] {
            let d = parse_document(bytes, "a/b.html", FileKind::Html).unwrap();
            assert_eq!(d.title, "区卫健局开展义诊活动");
            assert_eq!(d.date.map(Day::iso).as_deref(), Some("2021-12-14"));
            assert_eq!(texts(&d), vec!["11月3日，区卫健局组织义诊。", "▲义诊现场"]);
        }
    }

    #[test]
    fn stamp_first_line_and_long_prose() {
        let body =
            "某县召开安全生产工作推进会。会议听取了上半年工作汇报，部署下一阶段任务。".repeat(20);
        let text = format!("2023-08-13 18:41\n\n{body}\n");
        let d = parse_document(text.as_bytes(), "crud_x.txt", FileKind::Text).unwrap();
        assert_eq!(d.title, "某县召开安全生产工作推进会");
        assert_eq!(d.date.map(Day::iso).as_deref(), Some("2023-08-13"));
        assert!(d.paragraphs.len() >= 2);
        let joined: String = d.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, body);
        assert!(d
            .paragraphs
            .iter()
            .all(|p| p.text.chars().count() <= MAX_PASSAGE_CHARS));
    }

    #[test]
    fn line_endings() {
        for text in [
            "标题\r\n\r\n第一段。\r\n第二段。\r\n",
            "标题\r第一段。\r第二段。",
            "标题\u{2029}第一段。\n第二段。",
        ] {
            let d = parse_document(text.as_bytes(), "a.txt", FileKind::Text).unwrap();
            assert_eq!(d.title, "标题");
            assert_eq!(texts(&d), vec!["第一段。", "第二段。"]);
        }
    }

    #[test]
    fn markdown_is_read_without_its_markup() {
        let md = "# 市统计局发布一季度经济数据\n\n\
> 发布时间：2023-04-18\n\n\
**市统计局**近日发布数据，全市*地区生产总值*同比增长5.2%。\n\n\
- 规模以上工业增加值增长[6.1%](https://tjj.example.gov.cn/a_b.html)\n\
- 社会消费品零售总额增长`8.3%`\n\n\
![统计图表](chart_q1.png)\n";
        let d = parse_document(md.as_bytes(), "stats/q1.md", FileKind::Markdown).unwrap();
        assert_eq!(d.title, "市统计局发布一季度经济数据");
        // The date comes from the quoted 发布时间 line, itself dropped as
        // page furniture.
        assert_eq!(d.date.map(Day::iso).as_deref(), Some("2023-04-18"));
        assert_eq!(
            texts(&d),
            vec![
                "市统计局近日发布数据，全市地区生产总值同比增长5.2%。",
                "规模以上工业增加值增长6.1%",
                "社会消费品零售总额增长8.3%",
                "统计图表",
            ]
        );
        // The same text in a .txt keeps every character.
        let d = parse_document(md.as_bytes(), "stats/q1.txt", FileKind::Text).unwrap();
        assert!(texts(&d).iter().any(|t| t.starts_with("**市统计局**")));
    }

    #[test]
    fn single_line_file_keeps_its_text() {
        let d = parse_document("只有一行标题".as_bytes(), "dir/one.md", FileKind::Text).unwrap();
        assert_eq!(d.title, "只有一行标题");
        assert_eq!(texts(&d), vec!["只有一行标题"]);
    }

    #[test]
    fn errors() {
        let e = parse_document(b"", "e.txt", FileKind::Text).unwrap_err();
        assert!(matches!(e, IngestError::Empty { blank: true, .. }));
        assert_eq!(e.path(), Path::new("e.txt"));
        assert!(!e.to_string().contains("e.txt"), "{e}");
        let e = parse_document(b" \r\n\t\n", "e.md", FileKind::Markdown).unwrap_err();
        assert!(matches!(e, IngestError::Empty { blank: true, .. }));
        let e =
            parse_document("分享到:\n1.gif\n  \n".as_bytes(), "e.txt", FileKind::Text).unwrap_err();
        assert!(matches!(e, IngestError::Empty { blank: false, .. }));
        let e = parse_document(
            b"\x00\x01\x02\x03binary\x00\x00\x00\xff",
            "a.bin.txt",
            FileKind::Text,
        )
        .unwrap_err();
        assert!(matches!(e, IngestError::Binary { format: None, .. }));
        assert!(e.to_string().starts_with("binary file"));
        // A binary .txt is not told that only .txt files are indexed.
        assert!(!e.to_string().contains(".txt"), "{e}");
        let e =
            parse_document(b"abc\0\x01\x02\x03binary\0data", "t.txt", FileKind::Text).unwrap_err();
        assert!(matches!(e, IngestError::Binary { .. }));
        // A PDF named .txt is read as the PDF it is.
        let e = parse_document(b"%PDF-1.4\n", "report.txt", FileKind::Text).unwrap_err();
        assert!(e.to_string().starts_with("damaged PDF"), "{e}");
        let e = parse_document(
            "<html><script>x</script></html>".as_bytes(),
            "s.html",
            FileKind::Html,
        )
        .unwrap_err();
        assert!(matches!(e, IngestError::Empty { .. }));
    }

    #[test]
    fn read_document_from_disk_and_too_large() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("20220101_02.txt");
        std::fs::write(&p, "标题\n\n正文内容。\n").unwrap();
        let d = read_document(&p, "cctv\\20220101_02.txt").unwrap();
        assert_eq!(d.path, "cctv/20220101_02.txt");
        assert_eq!(d.date.map(Day::iso).as_deref(), Some("2022-01-01"));
        assert_eq!(d.title, "标题");
        let e = read_document(&dir.path().join("missing.txt"), "missing.txt").unwrap_err();
        assert!(matches!(e, IngestError::Io { .. }));
        let big = dir.path().join("big.txt");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_FILE_SIZE + 1).unwrap();
        let e = read_document(&big, "big.txt").unwrap_err();
        assert!(matches!(e, IngestError::TooLarge { .. }), "{e}");
    }

    #[test]
    fn title_falls_back_to_stem() {
        let html = "<html><body><p>正文一段。会议要求，抓好落实，确保各项任务按期完成，取得实效。这是较长的正文内容，用于测试。</p></body></html>";
        let d = parse_document(html.as_bytes(), "pages/通知.html", FileKind::Html).unwrap();
        assert_eq!(d.title, "正文一段");
        assert_eq!(file_stem("a/.txt"), ".txt");
        assert_eq!(file_stem("a/b"), "b");
        assert_eq!(file_stem(""), "untitled");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for n in 0..300usize {
            let bytes: Vec<u8> = (0..(n * 7) % 700)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    // Bias towards text-like bytes.
                    match x % 4 {
                        0 => b"<p>\n</div>"[(x >> 8) as usize % 10],
                        _ => (x >> 16) as u8,
                    }
                })
                .collect();
            for kind in [FileKind::Text, FileKind::Html] {
                if let Ok(d) = parse_document(&bytes, "fuzz.txt", kind) {
                    assert!(!d.title.is_empty());
                    assert!(!d.paragraphs.is_empty());
                }
            }
        }
    }
}
