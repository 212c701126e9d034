//! The title of a document: its first meaningful line, or an HTML
//! `<title>` with its site suffix removed.

/// Longest line that is still taken as a title line.
pub const MAX_TITLE_LINE_CHARS: usize = 120;
/// Longest title line when the line is mostly Latin script.
pub const MAX_LATIN_TITLE_LINE_CHARS: usize = 300;
/// Length of a title made from the first sentence of body prose.
const CLIPPED_TITLE_CHARS: usize = 40;
/// A clipped title is cut at a clause break only after this many characters.
const MIN_CLIPPED_TITLE_CHARS: usize = 12;

/// How the title was found among the body lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitlePick {
    /// The title.
    pub title: String,
    /// Index of the line that is the title and must leave the body, if any.
    pub consumed: Option<usize>,
    /// Number of leading date-stamp lines before the title line, which are
    /// metadata rather than body text.
    pub leading_stamps: usize,
}

/// Picks the title from cleaned body lines: the first line that is not a
/// date/time stamp. A short, non-prose line is the title and leaves the body;
/// long prose gives its first sentence, clipped, and stays in the body.
pub fn title_from_lines(lines: &[String]) -> Option<TitlePick> {
    let leading_stamps = lines.iter().take_while(|l| is_stamp(l)).count();
    let line = lines.get(leading_stamps)?;
    let line_md = strip_markdown_heading(line);
    if line_md.chars().count() <= title_limit(line_md) && !looks_like_prose(line_md) {
        return Some(TitlePick {
            title: line_md.to_owned(),
            consumed: Some(leading_stamps),
            leading_stamps,
        });
    }
    Some(TitlePick {
        title: clipped_first_sentence(line_md),
        consumed: None,
        leading_stamps,
    })
}

/// Longest title line: [`MAX_TITLE_LINE_CHARS`], or 300 for mostly-Latin
/// lines (English titles of policy documents run long in characters).
fn title_limit(line: &str) -> usize {
    let total = line.chars().count();
    let ascii = line.chars().filter(char::is_ascii).count();
    if ascii * 5 >= total * 4 {
        MAX_LATIN_TITLE_LINE_CHARS
    } else {
        MAX_TITLE_LINE_CHARS
    }
}

/// `# Heading` → `Heading` for Markdown files.
fn strip_markdown_heading(line: &str) -> &str {
    let rest = line.trim_start_matches('#');
    if rest.len() < line.len() && line.len() - rest.len() <= 6 && rest.starts_with(' ') {
        rest.trim_start()
    } else {
        line
    }
}

/// Body prose rather than a heading: a sentence end before the last
/// character, or a long line ending in a full stop.
fn looks_like_prose(line: &str) -> bool {
    let body = line.trim_end_matches(['”', '’', '」', '』', '）', ')', '"']);
    let mut chars = body.chars();
    let last = chars.next_back();
    let inner = chars.as_str();
    if inner.contains(['。', '！', '？']) || inner.contains(". ") {
        return true;
    }
    last == Some('。') && body.chars().count() > 50
}

/// The first sentence of prose, clipped to about 40 characters plus `…`.
/// A leading `原标题：` (original title) is honoured.
fn clipped_first_sentence(line: &str) -> String {
    let line = line
        .strip_prefix("原标题：")
        .or_else(|| line.strip_prefix("原标题:"))
        .unwrap_or(line)
        .trim_start();
    let end = line
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '！' | '？' | '；'))
        .map_or(line.len(), |(i, _)| i);
    let sentence = line[..end].trim();
    if sentence.chars().count() <= CLIPPED_TITLE_CHARS {
        return sentence.to_owned();
    }
    // Cut after the last clause break in the window, if there is a
    // reasonable one, else at the limit.
    let window: Vec<(usize, char)> = sentence
        .char_indices()
        .take(CLIPPED_TITLE_CHARS + 1)
        .collect();
    let limit_byte = window.last().map_or(sentence.len(), |(i, _)| *i);
    let cut = window
        .iter()
        .skip(MIN_CLIPPED_TITLE_CHARS)
        .filter(|(_, c)| matches!(c, '，' | '：' | '；' | ',' | ':' | ' '))
        .map(|(i, _)| *i)
        .next_back()
        .unwrap_or(limit_byte);
    let mut t = sentence[..cut].trim_end().to_owned();
    t.push('…');
    t
}

/// A date/time stamp line such as `08-16 20:49`, `2023-08-13 18:41`,
/// `2021年12月14日 星期二` or `（无日期）`.
pub fn is_stamp(line: &str) -> bool {
    if line.trim_matches(['（', '）', '(', ')', ' ']) == "无日期" {
        return true;
    }
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let stamp_char = |c: char| {
        digit(c)
            || c.is_whitespace()
            || "-/:.：年月日时分秒（）()星期周一二三四五六天〇零十".contains(c)
    };
    line.chars().all(stamp_char) && line.chars().any(digit)
}

/// Cleans an HTML `<title>`: strips trailing site names after `_`, `-`, `|`,
/// `｜` or `—` while what remains is substantial, and prefers a body heading
/// that is a prefix of the title.
pub fn title_from_html(raw: &str, headings: &[String]) -> Option<String> {
    let raw = crate::ingest::clean::normalize_line(raw);
    let mut title = raw.as_str();
    while let Some((prefix, suffix)) = split_site_suffix(title) {
        if prefix.chars().count() < 6 || suffix.chars().count() > 40 {
            break;
        }
        title = prefix;
    }
    // A heading that starts the title and covers at least half of it (a
    // sidebar's "新闻" heading does not count).
    let half = title.chars().count() / 2;
    if let Some(h) = headings.iter().find(|h| {
        let n = h.chars().count();
        n >= 2 && n >= half && raw.starts_with(h.as_str())
    }) {
        return Some(h.clone());
    }
    (!title.is_empty()).then(|| title.to_owned())
}

/// Splits `title` at its last suffix separator, if it has one.
fn split_site_suffix(title: &str) -> Option<(&str, &str)> {
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    for k in (1..chars.len()).rev() {
        let (i, c) = chars[k];
        let sep = match c {
            '_' | '|' | '｜' | '—' | '－' => true,
            // A hyphen between digits belongs to a date or number range.
            '-' => {
                let before = chars[k - 1].1;
                let after = chars.get(k + 1).map(|x| x.1);
                !(before.is_ascii_digit() && after.is_some_and(|a| a.is_ascii_digit()))
            }
            _ => false,
        };
        if sep {
            let prefix = title[..i].trim_end_matches(['—', '-', ' ']).trim();
            let suffix = title[i + c.len_utf8()..].trim();
            if suffix.is_empty() || suffix.contains(['。', '，']) {
                return None;
            }
            return Some((prefix, suffix));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &[&str]) -> Vec<String> {
        s.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn title_from_first_line() {
        let p =
            title_from_lines(&lines(&["区教育局召开工作会议", "会议要求，抓好落实。"])).unwrap();
        assert_eq!(p.title, "区教育局召开工作会议");
        assert_eq!(p.consumed, Some(0));
        let p = title_from_lines(&lines(&[
            "Notice on Promoting Smart City Construction",
            "各地区：",
        ]))
        .unwrap();
        assert_eq!(p.title, "Notice on Promoting Smart City Construction");
        let p = title_from_lines(&lines(&["### 一条新闻标题", "正文。"])).unwrap();
        assert_eq!(p.title, "一条新闻标题");
    }

    #[test]
    fn title_after_date_stamp() {
        for stamp in [
            "08-16 20:49",
            "2023-08-13 18:41",
            "（无日期）",
            "2023-07-28 15:02:59",
        ] {
            assert!(is_stamp(stamp), "{stamp}");
            let body = "某县召开安全生产工作推进会。会议听取了上半年工作汇报，部署下一阶段任务。"
                .repeat(3);
            let p = title_from_lines(&lines(&[stamp, &body])).unwrap();
            assert_eq!(p.title, "某县召开安全生产工作推进会");
            assert_eq!(p.consumed, None);
            assert_eq!(p.leading_stamps, 1);
        }
        assert!(!is_stamp("2021年全市工作总结"));
    }

    #[test]
    fn prose_title_is_clipped() {
        let body = format!("{}。后文。", "很".repeat(60));
        let p = title_from_lines(&lines(&[&body])).unwrap();
        assert_eq!(p.title, format!("{}…", "很".repeat(40)));
        let line = "某市气象台2023年08月11日20时10分发布暴雨黄色预警信号：预计未来6小时，全市降雨量将达50毫米以上。后文。";
        let p = title_from_lines(&lines(&[line])).unwrap();
        assert_eq!(
            p.title,
            "某市气象台2023年08月11日20时10分发布暴雨黄色预警信号：预计未来6小时…"
        );
        let en = "Trial Measures for the Management of Training Institutions and Evaluation Institutions in the Digital Technology Engineer Cultivation Project";
        let p = title_from_lines(&lines(&[en, "正文。"])).unwrap();
        assert_eq!((p.title.as_str(), p.consumed), (en, Some(0)));
        let en = "This is prose. It has sentences that go on and on about the matter at hand.";
        let p = title_from_lines(&lines(&[en, "正文。"])).unwrap();
        assert_eq!(p.consumed, None);
        assert_eq!(p.consumed, None);
        let p = title_from_lines(&lines(&[
            "原标题：某市推进乡村振兴 记者从会上获悉，工作进展顺利。其他内容。",
        ]))
        .unwrap();
        assert_eq!(p.title, "某市推进乡村振兴 记者从会上获悉，工作进展顺利");
    }

    #[test]
    fn html_title_suffixes() {
        let none: Vec<String> = Vec::new();
        assert_eq!(
            title_from_html("市教育局以学习推动党建工作_某市人民政府", &none).unwrap(),
            "市教育局以学习推动党建工作"
        );
        assert_eq!(
            title_from_html(
                "关于印发工作方案的通知 - 某市教育局 | 某市人民政府门户网站",
                &none
            )
            .unwrap(),
            "关于印发工作方案的通知"
        );
        // What would remain is too short: keep the whole title.
        assert_eq!(
            title_from_html("通知_某市人民政府", &none).unwrap(),
            "通知_某市人民政府"
        );
        // Hyphens between digits are not separators.
        assert_eq!(
            title_from_html("2021-2025年发展规划纲要全文", &none).unwrap(),
            "2021-2025年发展规划纲要全文"
        );
        let h = lines(&["某区开展消防演练"]);
        assert_eq!(
            title_from_html("某区开展消防演练-区应急管理局", &h).unwrap(),
            "某区开展消防演练"
        );
        assert_eq!(title_from_html("   ", &none), None);
        let h = lines(&["新闻", "某区召开全区安全生产工作会议"]);
        assert_eq!(
            title_from_html("新闻发布会召开_某区人民政府", &h).unwrap(),
            "新闻发布会召开"
        );
    }
}
