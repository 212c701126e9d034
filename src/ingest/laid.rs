//! From the blocks a layout reader (PDF, DOCX, DOC, OFD, RTF) found to the
//! same [`Document`] text and HTML give: title by the 公文 rules of
//! [`gongwen`](super::gongwen) (else the plain-text rules), date by
//! [`meta::find_date`](super::meta::find_date) over every block (the
//! signature date at the end wins over a date of printing at the top), and
//! the other blocks as numbered passages.

use std::path::PathBuf;

use super::gongwen::{self, Block};
use super::{clean, meta, passage, Document, IngestError, Paragraph};

/// Builds the document of `rel` from its blocks; `format` ("PDF", "DOCX", …)
/// goes where text files name their encoding, so `show` says how the file
/// was read.
pub fn document(
    rel: &str,
    format: &'static str,
    blocks: Vec<Block>,
) -> Result<Document, IngestError> {
    let path = rel.replace('\\', "/");
    let mut blocks: Vec<Block> = blocks
        .into_iter()
        .filter_map(|mut b| {
            b.text = clean::normalize_line(&b.text);
            (!b.text.is_empty()).then_some(b)
        })
        .collect();
    if blocks.is_empty() {
        return Err(IngestError::Empty {
            path: PathBuf::from(&path),
            blank: true,
        });
    }
    let lines: Vec<String> = blocks.iter().map(|b| b.text.clone()).collect();
    let date = meta::find_date(&meta::DateSources {
        meta: &[],
        html_title: None,
        lines: &lines,
        path: &path,
    });
    let title = match gongwen::pick_title(&blocks) {
        Some(t) => {
            // Keep a lone title as the body: never lose text.
            if blocks.len() > t.blocks.end() - t.blocks.start() + 1 {
                blocks.drain(t.blocks);
            }
            t.text
        }
        None => plain_title(&mut blocks).unwrap_or_else(|| file_stem(&path)),
    };
    let mut paragraphs = Vec::new();
    let mut number: u32 = 0;
    for b in &blocks {
        for p in passage::split_passages(&b.text) {
            number = number.saturating_add(1);
            paragraphs.push(Paragraph {
                number,
                text: p.to_owned(),
            });
        }
    }
    Ok(Document {
        path,
        title,
        date,
        encoding: format,
        repairs: 0,
        paragraphs,
    })
}

/// The plain-text rule for documents that are not 公文: the first line
/// that is not a stamp, which leaves the body if it is a short heading and
/// something else remains.
fn plain_title(blocks: &mut Vec<Block>) -> Option<String> {
    let lines: Vec<String> = blocks.iter().take(8).map(|b| b.text.clone()).collect();
    let pick = meta::title_from_lines(&lines)?;
    let mut drop_upto = 0;
    if let Some(i) = pick.consumed {
        if blocks.len() > i + 1 {
            drop_upto = i + 1;
        }
    }
    // Leading stamps stay in the body here: in a laid-out document they
    // may be a date line worth finding.
    if drop_upto > pick.leading_stamps {
        blocks.drain(pick.leading_stamps..drop_upto);
    }
    Some(pick.title).filter(|t| !t.trim().is_empty())
}

fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((s, _)) if !s.trim().is_empty() => s.to_owned(),
        _ if !name.trim().is_empty() => name.to_owned(),
        _ => "untitled".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(d: &Document) -> Vec<&str> {
        d.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn an_official_document() {
        let blocks = [
            "青山市人民政府办公室文件",
            "青政办发〔2024〕12号",
            "关于做好春季防汛工作的通知",
            "各区人民政府，市政府各部门：",
            "  现将有关事项通知如下。 ",
            "青山市人民政府办公室",
            "2024年3月5日",
        ]
        .map(Block::plain)
        .to_vec();
        let d = document("docs\\a.docx", "DOCX", blocks).unwrap();
        assert_eq!(d.path, "docs/a.docx");
        assert_eq!(d.title, "关于做好春季防汛工作的通知");
        assert_eq!(d.date.map(|day| day.iso()).as_deref(), Some("2024-03-05"));
        assert_eq!(d.encoding, "DOCX");
        assert_eq!(
            texts(&d),
            [
                "青山市人民政府办公室文件",
                "青政办发〔2024〕12号",
                "各区人民政府，市政府各部门：",
                "现将有关事项通知如下。",
                "青山市人民政府办公室",
                "2024年3月5日",
            ]
        );
        assert_eq!(d.paragraphs[5].number, 6);
    }

    #[test]
    fn the_signature_date_not_the_printing_dates() {
        let blocks = [
            "青山市人民政府文件",
            "青政发〔2023〕3号",
            "青山市人民政府",
            "关于印发《青山市河道管理",
            "办法》的通知",
            "2023年1月9日印制",
            "各镇人民政府：",
            "现将办法印发给你们，请认真贯彻执行。",
            "青山市人民政府",
            "二〇二三年一月六日",
            "抄送：市委办公室。",
            "青山市人民政府办公室 2023年1月9日印发",
        ]
        .map(Block::plain)
        .to_vec();
        let d = document("a.doc", "DOC", blocks).unwrap();
        assert_eq!(d.title, "关于印发《青山市河道管理办法》的通知");
        assert_eq!(d.date.map(|day| day.iso()).as_deref(), Some("2023-01-06"));
        assert_eq!(d.paragraphs[2].text, "青山市人民政府");
        assert_eq!(d.paragraphs[3].text, "2023年1月9日印制");
    }

    #[test]
    fn plain_documents_and_empty_ones() {
        let d = document(
            "a.pdf",
            "PDF",
            vec![Block::plain("青山河治理情况"), Block::plain("第二段。")],
        )
        .unwrap();
        assert_eq!(d.title, "青山河治理情况");
        assert_eq!(texts(&d), ["第二段。"]);
        let d = document("x/市政府.pdf", "PDF", vec![Block::plain("  ")]);
        assert!(matches!(d, Err(IngestError::Empty { blank: true, .. })));
        let d = document("x/短标题.pdf", "PDF", vec![Block::plain("短标题")]).unwrap();
        assert_eq!((d.title.as_str(), texts(&d)), ("短标题", vec!["短标题"]));
    }
}
