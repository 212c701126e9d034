//! Where a document's publication date comes from. Sources are tried from
//! the most to the least explicit (see [`find_date`]); each source is one
//! function, so each rule can be tested on its own.

use super::date_lex::{date_chars, hit_at, hits, number, skip_spaces, stamp_date, Found, Hit};
use super::title::is_stamp;
use crate::ingest::Day;

/// Dates are looked for in this many characters of the text; dates of
/// government releases sit near the top or the bottom, and this bounds the
/// work on huge files.
const DATE_SCAN_CHARS: usize = 1 << 20;
/// Labelled date lines (`发布时间：…`) are looked for in this many leading
/// non-empty lines: a web page's date line follows its navigation.
const LABEL_TOP_LINES: usize = 40;
/// … and in this many trailing non-empty lines (dates under the text).
const LABEL_BOTTOM_LINES: usize = 15;
/// A label must start within this many characters of its line; further in,
/// it is prose. (Web text glued into one line can put a byline before the
/// label: `记者 某某发布时间： 2023年8月17日`.)
const LABEL_MAX_OFFSET: usize = 160;
/// A line holding only a date among this many last non-empty lines is the
/// signature date (落款) of an official document.
const SIGNATURE_LINES: usize = 6;
/// Lines after the title that form the lead (a stamp line, a dateline).
const LEAD_LINES: usize = 4;
/// A month-day within this many characters of the start of a lead line is
/// its dateline, whatever comes before it (a byline, a source).
const DATELINE_REACH: usize = 60;
/// Characters read of each lead line: a CRUD news body is one long line,
/// and only its dateline belongs to the lead.
const LEAD_CHARS: usize = 160;

/// `<meta>` names (from `name`, `property`, `itemprop` or `http-equiv`,
/// lower-cased) that carry a page's publication date, most specific first.
/// Modification dates (`lastmodifiedtime`, `article:modified_time`) are
/// deliberately absent: a later edit is not the publication.
pub const DATE_META_NAMES: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "publishtime",
    "firstpublishedtime",
    "og:release_date",
    "release_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
];

/// Labels that introduce a publication date on a line of text, most specific
/// first, each before a colon (full-width or ASCII, spaces allowed). The
/// generic two-character labels only count at the start of a word
/// (`更新时间：` and `会议时间：` are not `时间：`).
pub const DATE_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "成文日期",
    "发文日期",
    "印发日期",
    "公布日期",
    "发表时间",
    "发表日期",
    "发稿时间",
    "日期",
    "时间",
];

/// Words right before a date that make it a date the document mentions
/// (a deadline, a range, a later edit) rather than its own. `时间` and
/// `日期` stand for every `…时间：`/`…日期：` that is not one of
/// [`DATE_LABELS`] (会议时间, 更新时间, 截止日期, 施行日期): by steps 3
/// and 4, the publication labels have had their turn.
const MENTION_BEFORE: &[&str] = &[
    "截至",
    "截止",
    "直至",
    "直到",
    "自",
    "从",
    "至",
    "到",
    "时间",
    "日期",
    "最后更新",
    "更新于",
];

/// Words shortly before a date (within [`HISTORY_REACH`] characters) that
/// make it history the text tells, not the day it was written
/// (`成立于1953年5月4日`, `历史上的1998年8月7日`, `早在2008年5月12日`).
const HISTORY_BEFORE: &[&str] = &[
    "历史上",
    "成立于",
    "始建于",
    "创建于",
    "创办于",
    "建于",
    "始于",
    "生于",
    "诞生于",
    "早在",
    "追溯到",
    "回顾",
];
/// How far before a date [`HISTORY_BEFORE`] words are looked for.
const HISTORY_REACH: usize = 8;

/// Words right after a date that make it a mentioned date: it starts or
/// ends something (施行, 起, 截止, 以来, 前) or dates an event (召开, 举行).
const MENTION_AFTER: &[&str] = &[
    "起", "施行", "实施", "生效", "执行", "召开", "举行", "举办", "开幕", "闭幕", "开始", "截止",
    "止", "前", "之前", "以前", "以来", "后", "之后", "以后", "期间", "至今", "成立", "建成",
    "出生", "诞生",
];

/// Words that begin with a word of [`MENTION_AFTER`] but say nothing about
/// the date (`8月10日前往北京`).
const NOT_MENTION_AFTER: &[&str] = &["前往", "前夕", "起草", "起飞"];

/// Marks that, before another number, make a date the start of a range
/// (`8月3日至5日`, `7月1日—8月31日`): a range is not a publication date.
const RANGE_MARKS: &[char] = &['至', '到', '—', '～', '~'];

/// Times of day that may sit between a date and the word that makes it a
/// mention (`3月5日上午召开`).
const TIME_OF_DAY: &[&str] = &["上午", "下午", "中午", "晚上", "凌晨", "早上", "晚"];

/// Everything ingest knows that can carry a document's date.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateSources<'a> {
    /// HTML `<meta>` (name, content) pairs, names lower-cased.
    pub meta: &'a [(String, String)],
    /// The HTML `<title>`, read as the first line of the lead.
    pub html_title: Option<&'a str>,
    /// The cleaned lines, boilerplate included: a `发布时间：` line is
    /// boilerplate for the body but metadata for the date.
    pub lines: &'a [String],
    /// The corpus-relative path, `/`-separated: folders and file names
    /// often carry the date (`2025/20250710_14.txt`).
    pub path: &'a str,
}

/// The document's publication date as ISO `YYYY-MM-DD`. Sources are tried
/// from the most to the least explicit, because a document mentions many
/// dates and only one is its own:
/// 1. explicit metadata: a `<meta>` date ([`DATE_META_NAMES`]), then a
///    labelled line near the top or bottom ([`DATE_LABELS`]), then a
///    signature line at the bottom that holds only a date;
/// 2. a full date in the file name, then in its folders;
/// 3. the first date of the title and the first lines that is not a
///    mention;
/// 4. the first full date elsewhere that is not a mention and falls in the
///    year the path names, if it names one.
///
/// A month-day (`12月14日`, an `08-16 20:49` stamp) counts only after a
/// label or in the lead, and takes the best year known: the path's
/// (`crud_news_2023/`), else the lead's, else the first year the text
/// names. Mentions are dates the text only refers to: after `自`, `截至`,
/// `至`, `…时间：` or before `起`, `施行`, `召开`, `以来`, `前`.
pub fn find_date(src: &DateSources<'_>) -> Option<Day> {
    let lines = scan_lines(src.lines);
    let lead = lead_lines(src.html_title, &lines);
    let labelled = labelled_date(&lines);
    let explicit = meta_date(src.meta)
        .or_else(|| labelled.and_then(Found::full))
        .or_else(|| signature_date(&lines));
    if let Some(d) = explicit.or_else(|| path_date(src.path)) {
        return Some(d);
    }
    let named_year = path_year(src.path);
    // Lead lines in which a date may sit anywhere: the title, and the HTML
    // title before it. Below them only a dateline dates the text.
    let titles = 1 + usize::from(src.html_title.is_some());
    let year = named_year.or_else(|| own_year(&lead, titles));
    labelled
        .and_then(|f| f.with_year(year))
        .or_else(|| lead_date(&lead, titles, year))
        .or_else(|| body_date(&lines, named_year))
}

/// The year of the first full date of the title lines that is not a
/// mention: the only year a month-day (`新华社北京8月10日电`) may take from
/// the text. A bare year the text names (`1963年以来最强降雨`,
/// `成立于1953年`), or a full date of a later sentence (`2021年7月7日中午，
/// 他被留置了`), says nothing about the year of the dateline: a document
/// dated only by such a year stays undated rather than guessed.
fn own_year(lead: &[Vec<char>], titles: usize) -> Option<u32> {
    lead.iter().take(titles).find_map(|l| {
        title_hits(l)
            .find_map(|h| h.found.full())
            .and_then(|d| u32::try_from(d.year()).ok())
    })
}

/// The dates of a title line that are not mentions. A compact date counts
/// too: a programme page's title reads `《晚间要闻》 20260814 19:00_…`.
fn title_hits(line: &[char]) -> impl Iterator<Item = Hit> + '_ {
    hits(line, true).filter(move |h| !is_mention(line, h))
}

/// The dateline of a lead line below the title: its first date that is not
/// a mention, if that opens a clause (`8月10日，`, `本报讯 8月3日`,
/// `（记者 某某）8月3日`) or is a wire service's (`新华社北京8月10日电`).
/// A month-day may also sit anywhere in the first [`DATELINE_REACH`]
/// characters (`大众网记者 王某 青岛报道7月30日，`): it brings no year of its
/// own. A full date inside a sentence (`老同志于1962年6月1日参加工作`), or
/// any date after the first (`8月18日，…。2021年7月7日中午，…`), dates what
/// the story tells, not the story.
fn dateline(line: &[char]) -> Option<Hit> {
    hits(line, false)
        .find(|h| !is_mention(line, h))
        .filter(|h| {
            let near = matches!(h.found, Found::Partial(_)) && h.start <= DATELINE_REACH;
            near || opens_clause(line, h) || is_wire_dateline(line, h)
        })
}

/// Whether `h` starts its line or follows a clause's end (a comma, a colon,
/// a bracket, `本报讯`, a wire dateline's `电`), spaces aside: an adoption
/// line `（2022年3月11日…会议通过）` opens with its date too.
fn opens_clause(line: &[char], h: &Hit) -> bool {
    line[..h.start]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace())
        .is_none_or(|c| "，,。：:；;）)】]（(【[讯电".contains(*c))
}

/// Whether only spaces and opening brackets stand before `h` on its line.
fn opens_line(line: &[char], h: &Hit) -> bool {
    line[..h.start]
        .iter()
        .all(|c| c.is_whitespace() || matches!(c, '（' | '(' | '【' | '['))
}

/// Whether `h` is the date of a wire dateline, `…8月10日电`.
fn is_wire_dateline(line: &[char], h: &Hit) -> bool {
    line.get(skip_spaces(line, h.end)) == Some(&'电')
}

/// The non-empty lines as characters with ASCII digits (full-width digits
/// folded), up to [`DATE_SCAN_CHARS`] in all.
fn scan_lines(lines: &[String]) -> Vec<Vec<char>> {
    let mut budget = DATE_SCAN_CHARS;
    let mut out = Vec::new();
    for l in lines.iter().filter(|l| !l.trim().is_empty()) {
        if budget == 0 {
            break;
        }
        let chars = date_chars(l, budget);
        budget = budget.saturating_sub(chars.len());
        out.push(chars);
    }
    out
}

/// The lead: the HTML title, then the title line and the [`LEAD_LINES`]
/// lines after it that are not page furniture (stamp lines stay: they are
/// the date), each cut to [`LEAD_CHARS`].
fn lead_lines(html_title: Option<&str>, lines: &[Vec<char>]) -> Vec<Vec<char>> {
    let title = html_title.map(|t| date_chars(t, LEAD_CHARS));
    let body = lines
        .iter()
        .filter(|l| {
            let s: String = l.iter().collect();
            is_stamp(&s) || !crate::ingest::clean::is_boilerplate(&s)
        })
        .take(LEAD_LINES + 1)
        .map(|l| l[..l.len().min(LEAD_CHARS)].to_vec());
    title.into_iter().chain(body).collect()
}

/// Step 1a: the first `<meta>` of [`DATE_META_NAMES`] (in that order) whose
/// content holds a full date. Machine-written, so `20211214` counts.
fn meta_date(meta: &[(String, String)]) -> Option<Day> {
    DATE_META_NAMES.iter().find_map(|name| {
        meta.iter()
            .filter(|(n, _)| n == name)
            .find_map(|(_, content)| {
                let chars = date_chars(content, LEAD_CHARS);
                let date = hits(&chars, true).find_map(|h| h.found.full());
                date
            })
    })
}

/// Step 1b: the date after a label of [`DATE_LABELS`] (tried in that order)
/// in the first [`LABEL_TOP_LINES`] or last [`LABEL_BOTTOM_LINES`] lines.
/// May be a month-day (`发布时间：08-16 20:49`), which waits for a year.
fn labelled_date(lines: &[Vec<char>]) -> Option<Found> {
    let top = lines.len().min(LABEL_TOP_LINES);
    let bottom = lines.len().saturating_sub(LABEL_BOTTOM_LINES).max(top);
    let labels: Vec<Vec<char>> = DATE_LABELS.iter().map(|l| l.chars().collect()).collect();
    // One pass over the window: the first hit of each label, in line order,
    // and of those the earliest label in `DATE_LABELS` (the most specific).
    let mut best: Option<(usize, Found)> = None;
    for line in lines[..top].iter().chain(&lines[bottom..]) {
        let last_start = line.len().min(LABEL_MAX_OFFSET + 1);
        for i in 0..last_start {
            // Most characters start no label: a cheap test before the slices.
            if !labels.iter().any(|label| label.first() == Some(&line[i])) {
                continue;
            }
            let rank = best.as_ref().map_or(labels.len(), |(rank, _)| *rank);
            let hit = labels[..rank]
                .iter()
                .enumerate()
                .filter(|(_, label)| line[i..].starts_with(label))
                .find_map(|(r, label)| date_after_label(line, i, label).map(|f| (r, f)));
            if hit.is_some() {
                best = hit;
            }
            if best.as_ref().is_some_and(|(rank, _)| *rank == 0) {
                return best.map(|(_, found)| found);
            }
        }
    }
    best.map(|(_, found)| found)
}

/// The date right after `label`, which starts at `i` in `line`, and its
/// colon (the generic `日期` and `时间` must also start a word).
fn date_after_label(line: &[char], i: usize, label: &[char]) -> Option<Found> {
    let generic = label.len() <= 2;
    if generic && i > 0 && line[i - 1].is_alphanumeric() {
        return None;
    }
    let j = skip_spaces(line, i + label.len());
    if !matches!(line.get(j), Some(':' | '：')) {
        return None;
    }
    let j = skip_spaces(line, j + 1);
    hit_at(line, j, false)
        .map(|h| h.found)
        .or_else(|| stamp_date(&line[j..]))
}

/// Step 1c: the signature date (落款) of an official document: a line that
/// is nothing but a full date among the last [`SIGNATURE_LINES`] lines.
fn signature_date(lines: &[Vec<char>]) -> Option<Day> {
    let from = lines.len().saturating_sub(SIGNATURE_LINES);
    lines[from..].iter().rev().find_map(|l| {
        let start = skip_spaces(l, 0);
        let h = hit_at(l, start, false)?;
        let alone = l[h.end..].iter().all(|c| matches!(c, ' ' | '）' | ')'));
        if alone {
            h.found.full()
        } else {
            None
        }
    })
}

/// Step 2: a full date in the file name (`20250710_14.txt`,
/// `条例(2014-01-01).txt`), else in the folders (`2024/01/15/`).
fn path_date(path: &str) -> Option<Day> {
    let (dirs, name) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    [stem, dirs].into_iter().find_map(|part| {
        let chars = date_chars(part, usize::MAX);
        let date = hits(&chars, true).find_map(|h| h.found.full());
        date
    })
}

/// A bare year in the file name or, failing that, the deepest folder that
/// has one (`gwr_2024.txt`, `crud_news_2023/`, `2024/`). Not a date on its
/// own, it supplies the year of a month-day. Letters and digits around it
/// make it part of a name or a hash (`crud_b795c1911f3e`), not a year.
fn path_year(path: &str) -> Option<u32> {
    path.rsplit('/').find_map(|part| {
        let chars = date_chars(part, usize::MAX);
        let free = |i: usize| chars.get(i).is_none_or(|c| !c.is_ascii_alphanumeric());
        (0..chars.len()).find_map(|i| {
            let bounded = (i == 0 || free(i - 1)) && free(i + 4);
            let (y, n) = number(&chars, i, 4).filter(|_| bounded)?;
            (n == 4 && (1900..=2100).contains(&y)).then_some(y)
        })
    })
}

/// Step 3: the first date of the lead that dates the text (any date of the
/// title that is not a mention, else a line's [`dateline`]), a month-day
/// taking `year`. A stamp line's own forms (`23-08-16 10:00`,
/// `202308/02 09:03`, `08-16 20:49`) count too.
fn lead_date(lead: &[Vec<char>], titles: usize, year: Option<u32>) -> Option<Day> {
    lead.iter().enumerate().find_map(|(i, l)| {
        let stamp = is_stamp(&l.iter().collect::<String>());
        stamp
            .then(|| stamp_date(l)?.with_year(year))
            .flatten()
            .or_else(|| {
                if i < titles {
                    title_hits(l).find_map(|h| h.found.with_year(year))
                } else {
                    dateline(l).and_then(|h| h.found.with_year(year))
                }
            })
    })
}

/// Step 4: the first full date that is not a mention and, when the path
/// names a year (`gwr_1993.txt`), falls in it: a 1993 report that names
/// 1997年7月1日 is not dated 1997. Without a year in the path, only a date
/// that opens its line counts (a paragraph's own dateline, `2021年6月6日，…`):
/// a date inside a sentence is one the text mentions (`于1953年8月11日`).
fn body_date(lines: &[Vec<char>], path_year: Option<u32>) -> Option<Day> {
    lines.iter().find_map(|l| {
        hits(l, false)
            .filter(|h| path_year.is_some() || opens_line(l, h))
            .filter(|h| !is_mention(l, h))
            .filter_map(|h| h.found.full())
            .find(|d| path_year.is_none_or(|y| i64::from(d.year()) == i64::from(y)))
    })
}

/// Whether the date `h` in `line` is merely mentioned: shortly after a
/// word of [`HISTORY_BEFORE`], right after a word of [`MENTION_BEFORE`], or followed (after an optional time of day) by a
/// word of [`MENTION_AFTER`] or a range mark and a number.
fn is_mention(line: &[char], h: &Hit) -> bool {
    let history: String = line[h.start.saturating_sub(HISTORY_REACH)..h.start]
        .iter()
        .collect();
    if HISTORY_BEFORE.iter().any(|w| history.contains(w)) {
        return true;
    }
    let before: String = line[h.start.saturating_sub(6)..h.start].iter().collect();
    let before = before.trim_end_matches([' ', ':', '：', '（', '(']);
    if MENTION_BEFORE.iter().any(|w| before.ends_with(w)) {
        return true;
    }
    let after: String = line[h.end..].iter().take(8).collect();
    let after = after.trim_start();
    let after = TIME_OF_DAY
        .iter()
        .find_map(|t| after.strip_prefix(t))
        .unwrap_or(after);
    let range = after
        .strip_prefix(RANGE_MARKS)
        .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    range
        || (MENTION_AFTER.iter().any(|w| after.starts_with(w))
            && !NOT_MENTION_AFTER.iter().any(|w| after.starts_with(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The date of a plain-text document at `path`.
    fn date_of(text: &str, path: &str) -> Option<String> {
        let lines: Vec<String> = text
            .lines()
            .map(crate::ingest::clean::normalize_line)
            .collect();
        find_date(&DateSources {
            lines: &lines,
            path,
            ..DateSources::default()
        })
        .map(Day::iso)
    }

    /// The date of an HTML page with these `<meta>` pairs and body lines.
    fn page_date(meta: &[(&str, &str)], text: &str, path: &str) -> Option<String> {
        let meta: Vec<(String, String)> = meta
            .iter()
            .map(|(n, c)| (n.to_string(), c.to_string()))
            .collect();
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        find_date(&DateSources {
            meta: &meta,
            lines: &lines,
            path,
            html_title: None,
        })
        .map(Day::iso)
    }

    fn iso(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn date_formats() {
        for (text, want) in [
            ("于2021年12月14日发布", "2021-12-14"),
            ("2021-12-14", "2021-12-14"),
            ("2021/12/14 发布", "2021-12-14"),
            ("2021.12.14", "2021-12-14"),
            ("2021年1月5日", "2021-01-05"),
            ("２０２１年１月５日", "2021-01-05"),
            ("2021 年 1 月 5 日", "2021-01-05"),
            ("2021年1月5号", "2021-01-05"),
            ("二〇二一年十二月十四日", "2021-12-14"),
            ("二〇〇五年三月一日", "2005-03-01"),
            ("二○二四年二月二十九日", "2024-02-29"),
            ("2024年2月29日", "2024-02-29"),
        ] {
            assert_eq!(date_of(text, "a.txt"), iso(want), "{text}");
        }
        // Invalid months and days, impossible days, over-long numbers and
        // far years are no dates.
        for text in [
            "2021年13月14日 12021-12-14 2021-12-145",
            "2021年2月30日",
            "2023年2月29日",
            "2021-04-31",
            "1800年1月1日",
            "",
        ] {
            assert_eq!(date_of(text, "a.txt"), None, "{text}");
        }
    }

    #[test]
    fn meta_tags_come_first() {
        let body = "区政府召开专题会议\n发布时间：2021-12-20\n正文。";
        let at = |meta: &[(&str, &str)]| page_date(meta, body, "2021/20211230_01.html");
        assert_eq!(at(&[("pubdate", "2021-12-14 10:20")]), iso("2021-12-14"));
        assert_eq!(
            at(&[("article:published_time", "2021-12-15T08:00:00+08:00")]),
            iso("2021-12-15")
        );
        assert_eq!(at(&[("og:release_date", "20211216")]), iso("2021-12-16"));
        assert_eq!(at(&[("dc.date", "2021年12月17日")]), iso("2021-12-17"));
        // Table order, not page order: the specific name wins over `date`.
        assert_eq!(
            at(&[("date", "2021-12-01"), ("publishdate", "2021-12-18")]),
            iso("2021-12-18")
        );
        // A modification date, an unknown name or an empty content is not
        // metadata for the date: the labelled line decides.
        assert_eq!(
            at(&[
                ("article:modified_time", "2022-03-01"),
                ("keywords", "2021-12-01"),
                ("pubdate", "待定"),
            ]),
            iso("2021-12-20")
        );
    }

    #[test]
    fn html_meta_end_to_end() {
        let html = "<html><head><meta charset=\"utf-8\">\
<meta name=\"PubDate\" content=\"2021-12-14 09:30\">\
<meta property=\"article:modified_time\" content=\"2022-05-01\">\
<title>区卫健局开展义诊活动_某区人民政府</title></head><body>\
<h1>区卫健局开展义诊活动</h1><p>自2022年1月1日起，义诊常态化开展。</p></body></html>";
        let d = crate::ingest::parse_document(
            html.as_bytes(),
            "site/2022/a.html",
            crate::ingest::FileKind::Html,
        )
        .unwrap();
        assert_eq!(d.date.map(Day::iso).as_deref(), Some("2021-12-14"));
    }

    #[test]
    fn labelled_lines_at_top_and_bottom() {
        let top = "首页 新闻中心\n某区开展消防演练\n来源：区应急管理局 发布时间：2021-12-14 10:20 浏览次数：35\n\
12月10日，某区开展演练。\n2021年12月1日，区里部署了工作。";
        assert_eq!(date_of(top, "news/p1.txt"), iso("2021-12-14"));
        // A specific label glued to a byline still counts.
        let text = "（无日期）\n区里开展活动 记者 某某发布时间： 2023年8月17日某区开展活动。";
        assert_eq!(date_of(text, "a.txt"), iso("2023-08-17"));
        // ASCII colon and spaces; a label in brackets; a Chinese numeral date.
        for line in [
            "发布日期 : 2021/12/14",
            "【日期：2021年12月14日】",
            "成文日期：二〇二一年十二月十四日",
            "时间:2021-12-14 09:00:00",
        ] {
            let text = format!("某市关于做好冬季供暖工作的通知\n{line}\n正文。");
            assert_eq!(date_of(&text, "a.txt"), iso("2021-12-14"), "{line}");
        }
        let mut long = String::from("关于公布第二批试点名单的通知\n");
        for _ in 0..60 {
            long.push_str("各单位要按照要求认真组织实施，确保工作取得实效。\n");
        }
        long.push_str("某市发展和改革委员会办公室\n印发日期：2022年3月8日\n");
        assert_eq!(date_of(&long, "a.txt"), iso("2022-03-08"));
        // A label beats the file name.
        let text = "通知\n发布时间：2025-07-09\n正文。";
        assert_eq!(date_of(text, "2025/20250710_01.txt"), iso("2025-07-09"));
        // A specific label beats a generic one wherever they sit.
        let text = "培训通知\n时间：2022年5月20日上午9时\n地点：二楼会议室\n发布日期：2022年5月6日";
        assert_eq!(date_of(text, "a.txt"), iso("2022-05-06"));
    }

    #[test]
    fn words_ending_in_a_label_are_not_labels() {
        // 更新时间 is a later edit; 会议时间 and 截止日期 are prose.
        let text = "某县召开推进会\n会议时间：2021年12月1日\n报名截止日期：2021年12月5日\n\
更新时间：2023-09-04T14:46:19.855Z";
        assert_eq!(date_of(text, "2021/20211130_03.txt"), iso("2021-11-30"));
        assert_eq!(date_of(text, "notes.txt"), None);
        // A label far into a long line is prose, not a date line.
        let text = format!("标题\n{}发布时间：2021-12-14", "很".repeat(170));
        assert_eq!(date_of(&text, "a.txt"), None);
    }

    #[test]
    fn signature_date_at_the_bottom() {
        let text = "关于加强城市管理工作的意见\n各区人民政府：\n现提出如下意见。\n\
自2022年1月1日起施行。\n某市人民政府\n2021年12月14日\n（此件公开发布）";
        assert_eq!(date_of(text, "policy/2022/a.txt"), iso("2021-12-14"));
        let text = "通知\n正文。\n某市人民政府办公室\n　二〇二一年十二月十四日　";
        assert_eq!(date_of(text, "a.txt"), iso("2021-12-14"));
        // A date with more words on its line is not a signature.
        let text = "通知\n正文。\n2021年12月14日起施行";
        assert_eq!(date_of(text, "a.txt"), None);
    }

    #[test]
    fn file_names_and_folders() {
        let text = "新闻标题\n\n正文没有日期。";
        for (path, want) in [
            ("2025/20250710_14.txt", Some("2025-07-10")),
            ("2021-12-14-foo.txt", Some("2021-12-14")),
            ("人体损伤程度鉴定标准(2014-01-01).txt", Some("2014-01-01")),
            ("site/t20240115_123456.html", Some("2024-01-15")),
            ("news/2024/01/15/item.txt", Some("2024-01-15")),
            ("2024-01-15/item.txt", Some("2024-01-15")),
            // The file name beats its folders.
            ("2024-01-15/20240116_01.txt", Some("2024-01-16")),
            // A bare year is not a date.
            ("gwr_2024.txt", None),
            ("2024/item.txt", None),
            ("12345678.txt", None),
        ] {
            assert_eq!(date_of(text, path).as_deref(), want, "{path}");
        }
    }

    #[test]
    fn mentioned_dates_do_not_win() {
        // The cases: a plan in force later, a later edit.
        let text = "某市出台养老服务条例\n央视网消息：条例自2027年1月1日起施行。";
        assert_eq!(date_of(text, "2025/20250710_14.txt"), iso("2025-07-10"));
        assert_eq!(date_of(text, "a.txt"), None);
        let text = "某县举行招聘会\n招聘会现场。\n更新时间：2023-09-04T14:46:19";
        assert_eq!(date_of(text, "2022/20220101_17.txt"), iso("2022-01-01"));
        assert_eq!(date_of(text, "a.txt"), None);
        for mention in [
            "截至2023年6月30日，全市累计发放补贴。",
            "截止 2023年6月30日，全市累计发放补贴。",
            "全会将于2024年3月5日上午召开。",
            "大会2024年3月5日举行。",
            "活动时间为2023年7月1日至2023年8月31日。",
            "2021年5月1日以来，共办理业务三千件。",
            "请于2022年7月31日前报送材料。",
            "本规定从2022年1月1日开始执行。",
            "本办法自2022-01-01实施。",
            "活动于2023年8月3日—5日开展。",
            "2023年8月3日到 8月5日连续降雨。",
            "2021年5月1日至今，累计办理业务。",
        ] {
            let text = format!("关于某项工作的通知\n{mention}");
            assert_eq!(date_of(&text, "a.txt"), None, "{mention}");
        }
        // Words that only look like mentions, and a 到 that is no range.
        for own in [
            "2023年8月10日前往某县调研。",
            "2023年8月10日到某县调研。",
            "2023年8月10日下午，某县召开会议。",
        ] {
            let text = format!("标题\n{own}");
            assert_eq!(date_of(&text, "a.txt"), iso("2023-08-10"), "{own}");
        }
        // The first date that is not a mention wins.
        let text = "通知\n自2027年1月1日起施行。\n2026年12月1日，市政府审议通过。";
        assert_eq!(date_of(text, "a.txt"), iso("2026-12-01"));
    }

    #[test]
    fn title_and_first_lines() {
        let text = "2021年12月14日市政府常务会议纪要\n会议研究了以下事项。";
        assert_eq!(date_of(text, "a.txt"), iso("2021-12-14"));
        // A stamp line before the title, in its several forms.
        for (stamp, want) in [
            ("2023-08-13 18:41", "2023-08-13"),
            ("23-08-13 10:00", "2023-08-13"),
            ("202308/0209:03:40", "2023-08-02"),
            ("202308/16 17:20:45", "2023-08-16"),
            ("来源:某日报 | 2023年08月11日 09:00:00", "2023-08-11"),
        ] {
            let text =
                format!("{stamp}\n某县召开推进会。会议部署下一步工作，2022年5月1日的任务已完成。");
            assert_eq!(date_of(&text, "x.txt"), iso(want), "{stamp}");
        }
        // The lead beats a full date further down.
        let mut text = String::from("某区召开工作会\n2021年12月14日，某区召开工作会。\n");
        text.push_str(&"会议要求抓好落实。\n".repeat(10));
        text.push_str("2021年11月2日，区里曾作部署。\n");
        assert_eq!(date_of(&text, "a.txt"), iso("2021-12-14"));
    }

    #[test]
    fn partial_dates_take_the_best_year() {
        // A stamp without a year takes the folder's year.
        let text = "08-16 20:49\n某县召开推进会。2019年的目标已经完成。";
        assert_eq!(date_of(text, "crud_news_2023/c1.txt"), iso("2023-08-16"));
        assert_eq!(date_of(text, "crud_news_2023/8-4.txt"), iso("2023-08-16"));
        // A dateline takes the folder's year over the text's.
        let text = "（无日期）\n新华社北京8月10日电 2019年以来，某项工作持续推进。";
        assert_eq!(date_of(text, "news_2023/a.txt"), iso("2023-08-10"));
        // Without a year in the path, a year the text only names is no
        // year of the dateline: the item stays undated.
        assert_eq!(date_of(text, "a.txt"), None);
        let text = "某市召开表彰会\n12月14日，某市召开表彰大会。\n会议回顾了2021年的工作。";
        assert_eq!(date_of(text, "a.txt"), None);
        // A full date of the title gives its year to a month-day; one of a
        // later sentence does not.
        let text = "2021年12月14日某市表彰会纪要\n12月13日，某市召开表彰大会。";
        assert_eq!(date_of(text, "a.txt"), iso("2021-12-14"));
        let text = "（无日期）\n8月18日，某地通报一起案件。2021年7月7日中午，当事人被留置。";
        assert_eq!(date_of(text, "a.txt"), None);
        let text = "（无日期）\n8月16日，某省通报一起案件。2018年12月27日，某省曾问责。";
        assert_eq!(date_of(text, "news/a.txt"), None);
        // A month-day after a byline is the dateline; one deep in the
        // first sentence is not.
        let text = "（无日期）\n大众网记者 王某 青岛报道7月30日，某市召开会议。";
        assert_eq!(date_of(text, "news_2023/a.txt"), iso("2023-07-30"));
        let text = format!("（无日期）\n{}8月3日，某市召开会议。", "很".repeat(70));
        assert_eq!(date_of(&text, "news_2023/a.txt"), None);
        // An adoption line dates a resolution, in the lead or further down.
        let text =
            "关于政府工作报告的决议\n（2022年3月11日第十三届全国人民代表大会第五次会议通过）";
        assert_eq!(date_of(text, "a.txt"), iso("2022-03-11"));
        let mut text = String::from("关于某事的决议\n");
        text.push_str(&"会议认为，工作取得新成效。\n".repeat(8));
        text.push_str("（2022年3月11日某市人民代表大会通过）\n");
        assert_eq!(date_of(&text, "a.txt"), iso("2022-03-11"));
        // A labelled month-day takes the year too.
        let text = "通知\n发布时间：08-16 20:49\n正文。";
        assert_eq!(date_of(text, "gwr_2023.txt"), iso("2023-08-16"));
        // No year anywhere: no date. An invalid day in that year: no date.
        assert_eq!(date_of("标题\n12月14日，没有年份。", "a.txt"), None);
        assert_eq!(
            date_of("标题\n2月29日，开展活动。", "news_2023/a.txt"),
            None
        );
        assert_eq!(
            date_of("标题\n2月29日，开展活动。", "news_2024/a.txt"),
            iso("2024-02-29")
        );
        // Hashes are not years.
        assert_eq!(
            date_of("标题\n12月14日，开展活动。", "crud_b795c1911f3e.txt"),
            None
        );
    }

    #[test]
    fn month_days_deep_in_the_text_are_mentions() {
        let mut text = String::from("2025年政府工作报告\n各位代表：\n现在向大会报告工作。\n");
        text.push_str(&"过去一年，我们做了大量工作。\n".repeat(5));
        text.push_str("坚决贯彻落实9月26日中央政治局会议部署。\n");
        assert_eq!(date_of(&text, "gwr_2025.txt"), None);
    }

    #[test]
    fn body_dates_agree_with_the_path_year() {
        let mut text = String::from("1993年政府工作报告\n各位代表：\n现在向大会报告工作。\n");
        text.push_str(&"过去一年，我们做了大量工作。\n".repeat(5));
        text.push_str("香港将于1997年7月1日回归祖国。\n1993年3月1日，某项工作启动。\n");
        assert_eq!(date_of(&text, "gwr_1993.txt"), iso("1993-03-01"));
        // Without the path's year, a date inside a sentence is a mention;
        // one that opens its line is the paragraph's own.
        assert_eq!(date_of(&text, "report.txt"), iso("1993-03-01"));
    }

    #[test]
    fn years_the_text_names_never_date_it() {
        for text in [
            "（无日期）\n新华社郑州8月11日电 受强降雨影响，当地遭遇1963年以来最强降雨，各地全力抢险。",
            "（无日期）\n本报讯 8月3日，截至2023年7月底，全市累计完成投资120亿元。",
            "（无日期）\n8月5日，这所成立于1953年的学校迎来七十周年校庆。",
            "（无日期）\n8月9日，历史上1998年的那场洪水至今让人难忘。",
            "（无日期）\n当地历史上的1998年8月7日曾发生特大洪水，如今堤防已全面加固。",
            "（无日期）\n记者了解到，该水库始建于1958年5月1日，库容一亿立方米。",
            "（无日期）\n据介绍，早在2008年5月12日，救援队就已组建。",
            "（无日期）\n某县举行纪念活动。会上，老同志于1962年6月1日参加工作的经历令人动容。",
        ] {
            assert_eq!(date_of(text, "news/item.txt"), None, "{text}");
        }
        // The folder's year still dates the dateline.
        let text = "（无日期）\n新华社郑州8月11日电 当地遭遇1963年以来最强降雨。";
        assert_eq!(date_of(text, "news_2023/item.txt"), iso("2023-08-11"));
    }

    #[test]
    fn source_order() {
        // Each source in turn is removed; the next one answers.
        let meta = [("pubdate", "2021-01-01")];
        let label = "发布时间：2021-02-02";
        let signature = "2021年3月3日";
        let path = "2021/20210404_01.txt";
        let lead = "2021年5月5日，某区召开会议。";
        let body = "2021年6月6日，有关方面作了部署。";
        let text = |with_label: bool, with_sig: bool, with_lead: bool| {
            let mut t = String::from("某区召开会议\n");
            if with_label {
                t.push_str(&format!("{label}\n"));
            }
            if with_lead {
                t.push_str(&format!("{lead}\n"));
            }
            t.push_str(&"会议强调要抓好落实。\n".repeat(8));
            t.push_str(&format!("{body}\n某区人民政府\n"));
            if with_sig {
                t.push_str(&format!("{signature}\n"));
            }
            t
        };
        let full = text(true, true, true);
        assert_eq!(page_date(&meta, &full, path), iso("2021-01-01"));
        assert_eq!(page_date(&[], &full, path), iso("2021-02-02"));
        assert_eq!(
            page_date(&[], &text(false, true, true), path),
            iso("2021-03-03")
        );
        assert_eq!(
            page_date(&[], &text(false, false, true), path),
            iso("2021-04-04")
        );
        assert_eq!(
            page_date(&[], &text(false, false, true), "a.txt"),
            iso("2021-05-05")
        );
        assert_eq!(
            page_date(&[], &text(false, false, false), "a.txt"),
            iso("2021-06-06")
        );
    }

    #[test]
    fn date_like_noise_never_panics() {
        let alphabet: Vec<char> = "0123456789０年月日号-/.:： 发布时间日期至到起前二〇十一()（）\n"
            .chars()
            .collect();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for n in 0..2000usize {
            let text: String = (0..n % 97)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    alphabet[(x % alphabet.len() as u64) as usize]
                })
                .collect();
            if let Some(d) = date_of(&text, &text.replace('\n', "/")) {
                assert_eq!(d.len(), 10, "{text:?} -> {d}");
            }
        }
    }
}
