//! The parts of an official document (公文) that every layout reader (PDF,
//! DOCX, DOC, OFD) must tell apart before the first line can be a title:
//! the red header with the issuing body's name (`XX市人民政府办公室文件`) is
//! not the title, nor is the document number (`X政办发〔2024〕12号`), which
//! stays a line of its own; the title is the line that ends in a kind of
//! document (通知, 意见, 办法, …), possibly over two or three lines, or else
//! the largest type near the top.

/// Words that end the title of an official document (GB/T 9704 kinds and
/// the reports and plans published beside them).
const KIND_ENDINGS: &[&str] = &[
    "通知", "意见", "办法", "规定", "决定", "公告", "通告", "报告", "批复", "函", "通报", "请示",
    "决议", "命令", "令", "议案", "纪要", "方案", "规划", "计划", "细则", "条例", "规则", "要点",
    "章程", "公报", "预算", "决算", "说明", "总结", "标准", "规范", "指南", "导则", "答复",
];

/// The most lines a title runs over.
const MAX_TITLE_LINES: usize = 3;

/// Longest line taken as (part of) a title.
const MAX_TITLE_LINE: usize = 60;

/// How many leading blocks may hold the title.
const HEAD_BLOCKS: usize = 16;

/// One block of a laid-out document as its reader found it: a paragraph,
/// a table row, or a line a reader could not join further.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The text, whitespace-normalised.
    pub text: String,
    /// The largest type size in the block, in points; 0 when unknown.
    pub size: f32,
    /// 1-based page the block starts on; 0 when the format has no pages.
    pub page: u32,
}

impl Block {
    /// A block of text with no type size or page known.
    pub fn plain(text: impl Into<String>) -> Block {
        Block {
            text: text.into(),
            size: 0.0,
            page: 0,
        }
    }
}

/// The title found among the leading blocks, and which blocks it used.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    /// The title text, its lines joined.
    pub text: String,
    /// Indices of the blocks that make it (they leave the body).
    pub blocks: std::ops::RangeInclusive<usize>,
}

/// Picks the title of a laid-out document: the line(s) ending in a kind of
/// document, else the largest type near the top; never a red header, a
/// document number, a date or a page number. `None` leaves the choice to
/// the plain-text rules.
pub fn pick_title(blocks: &[Block]) -> Option<Title> {
    let head = head_len(blocks);
    kind_title(&blocks[..head]).or_else(|| largest_type_title(&blocks[..head]))
}

/// How many leading blocks are searched for the title: the first page's,
/// at most [`HEAD_BLOCKS`].
fn head_len(blocks: &[Block]) -> usize {
    let first_page = blocks.first().map_or(0, |b| b.page);
    blocks
        .iter()
        .take(HEAD_BLOCKS)
        .take_while(|b| b.page == first_page)
        .count()
}

/// A block that may be (part of) a title.
fn is_candidate(b: &Block) -> bool {
    let n = b.text.chars().count();
    (2..=MAX_TITLE_LINE).contains(&n)
        && !is_red_header(&b.text)
        && !is_doc_number(&b.text)
        && !super::meta::is_stamp(&b.text)
        && !b.text.ends_with(['。', '：', ':', '；', '，', ','])
        && !is_table_row(&b.text)
}

/// A row of cells (`收文机关 秘书股 收文登记人 …`): spaces between Chinese
/// characters more than once, in more than a spread-out short heading
/// (`通 知`).
fn is_table_row(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let wide = |c: char| c as u32 >= 0x2E80;
    let gaps = chars
        .windows(3)
        .filter(|w| wide(w[0]) && w[1] == ' ' && wide(w[2]))
        .count();
    gaps >= 2 && chars.len() > 12
}

fn kind_title(head: &[Block]) -> Option<Title> {
    let end = head
        .iter()
        .position(|b| is_candidate(b) && ends_with_kind(&b.text))?;
    // Walk up to the line that starts the title: 关于… or a line of the
    // same (known) type size.
    let mut start = end;
    for k in 1..MAX_TITLE_LINES {
        let Some(i) = end.checked_sub(k) else { break };
        let b = &head[i];
        if !is_candidate(b) || ends_with_kind(&b.text) {
            break;
        }
        let same_size = b.size > 0.0 && (b.size - head[end].size).abs() < 0.6;
        if b.text.starts_with("关于") {
            start = i;
            break;
        }
        if !same_size || head[end].text.starts_with("关于") {
            break;
        }
        start = i;
    }
    Some(title_of(head, start, end))
}

/// The run of consecutive blocks with the largest type, if that type is
/// larger than the body's.
fn largest_type_title(head: &[Block]) -> Option<Title> {
    let sizes: Vec<f32> = head.iter().map(|b| b.size).filter(|s| *s > 0.0).collect();
    let max = sizes.iter().copied().fold(0.0f32, f32::max);
    let min = sizes.iter().copied().fold(f32::MAX, f32::min);
    if max <= 0.0 || max < min * 1.15 {
        return None;
    }
    let start = head
        .iter()
        .position(|b| is_candidate(b) && (b.size - max).abs() < 0.6)?;
    let mut end = start;
    while end + 1 < head.len()
        && end + 1 - start < MAX_TITLE_LINES
        && is_candidate(&head[end + 1])
        && (head[end + 1].size - max).abs() < 0.6
    {
        end += 1;
    }
    Some(title_of(head, start, end))
}

fn title_of(head: &[Block], start: usize, end: usize) -> Title {
    let mut text = String::new();
    for b in &head[start..=end] {
        join_line(&mut text, &b.text);
    }
    Title {
        text,
        blocks: start..=end,
    }
}

/// Whether `text` ends in a kind of document, a trailing `（试行）` or
/// `（2024年修订）` aside.
pub fn ends_with_kind(text: &str) -> bool {
    let mut t = text.trim_end();
    if t.ends_with(['）', ')']) {
        if let Some(i) = t.rfind(['（', '(']) {
            t = t[..i].trim_end();
        }
    }
    KIND_ENDINGS.iter().any(|k| t.ends_with(k))
}

/// The red header of an official document: the issuing body's name with
/// `文件` (`XX市人民政府办公室文件`), short, alone on its line.
pub fn is_red_header(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.ends_with("文件") && (4..=40).contains(&t.chars().count())
}

/// A document number, `X政办发〔2024〕12号` (also with `[2024]`, `（2024）`),
/// perhaps with `签发人：` beside it.
pub fn is_doc_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > 50 || !text.contains('号') {
        return false;
    }
    chars.windows(6).any(|w| {
        matches!(w[0], '〔' | '[' | '［' | '（' | '(' | '【')
            && w[1..5].iter().all(char::is_ascii_digit)
            && matches!(w[5], '〕' | ']' | '］' | '）' | ')' | '】')
    })
}

/// Appends `line` to `text` as a continuation: no space between CJK
/// characters (Chinese wraps anywhere), one space between Latin words, and
/// none after a hyphen that wrapped a word.
pub fn join_line(text: &mut String, line: &str) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    let (Some(last), Some(first)) = (text.chars().next_back(), line.chars().next()) else {
        text.push_str(line);
        return;
    };
    let wide = |c: char| c as u32 >= 0x2E80;
    if !(wide(last) || wide(first) || last == '-' || last.is_whitespace()) {
        text.push(' ');
    }
    text.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sized(text: &str, size: f32) -> Block {
        Block {
            text: text.into(),
            size,
            page: 1,
        }
    }

    #[test]
    fn red_header_and_number_are_not_the_title() {
        let blocks = [
            sized("青山市人民政府办公室文件", 26.0),
            sized("青政办发〔2024〕12号", 16.0),
            sized("青山市人民政府办公室", 22.0),
            sized("关于做好春季防汛工作的通知", 22.0),
            sized("各区人民政府，市政府各部门：", 16.0),
        ];
        let t = pick_title(&blocks).unwrap();
        assert_eq!(t.text, "关于做好春季防汛工作的通知");
        assert_eq!(t.blocks, 3..=3);
        // The body's name begins the title's first line: one title.
        let blocks = [
            sized("青山市人民政府办公室关于做好春季", 22.0),
            sized("防汛工作的通知", 22.0),
            sized("各区人民政府：", 16.0),
        ];
        assert_eq!(
            pick_title(&blocks).unwrap().text,
            "青山市人民政府办公室关于做好春季防汛工作的通知"
        );
    }

    #[test]
    fn a_title_over_two_lines() {
        let blocks = [
            Block::plain("青政办发〔2024〕12号"),
            Block::plain("关于印发《青山市河道管理"),
            Block::plain("办法》的通知"),
            Block::plain("各区人民政府："),
        ];
        let t = pick_title(&blocks).unwrap();
        assert_eq!(t.text, "关于印发《青山市河道管理办法》的通知");
        assert_eq!(t.blocks, 1..=2);
        // Without 关于 and without sizes, only the line with the kind.
        let blocks = [
            Block::plain("市政府"),
            Block::plain("青山市河道管理办法（试行）"),
        ];
        assert_eq!(
            pick_title(&blocks).unwrap().text,
            "青山市河道管理办法（试行）"
        );
    }

    #[test]
    fn largest_type_when_no_kind_ends_a_line() {
        let blocks = [
            sized("青山市2024年", 22.0),
            sized("重点项目清单", 22.0),
            sized("一、交通项目。", 16.0),
        ];
        let t = pick_title(&blocks).unwrap();
        assert_eq!(t.text, "青山市2024年重点项目清单");
        assert_eq!(
            pick_title(&[Block::plain("正文一段。"), Block::plain("第二段")]),
            None
        );
    }

    #[test]
    fn numbers_and_headers() {
        assert!(is_doc_number("青政办发〔2024〕12号"));
        assert!(is_doc_number("青政函[2023]5号   签发人：张明"));
        assert!(!is_doc_number("2024年共办理12号议案的答复工作，全部办结。"));
        assert!(is_red_header("青山市人民政府办公室 文件"));
        assert!(!is_red_header("关于转发省政府文件的通知"));
        assert!(ends_with_kind("青山市河道管理办法（2024年修订）"));
        assert!(is_table_row("收文机关 秘书股 公文标题 关于调研的通知"));
        assert!(!is_table_row("通 知"));
    }

    #[test]
    fn lines_join_by_script() {
        let mut t = String::from("全面推进");
        join_line(&mut t, "乡村振兴");
        join_line(&mut t, "rural");
        join_line(&mut t, "revitali-");
        join_line(&mut t, "zation plan");
        assert_eq!(t, "全面推进乡村振兴rural revitali-zation plan");
    }
}
