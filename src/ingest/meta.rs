//! Document metadata: the title (from the first meaningful line, or an HTML
//! `<title>` with its site suffix removed) and the publication date.

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

// ---------------------------------------------------------------------------
// Dates
//
// The date is the document's publication date. Sources are tried from the
// most to the least explicit (see `find_date`); each source is one
// function, so each rule can be tested on its own.

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

/// Words right after a date that make it a mentioned date: it starts or
/// ends something (施行, 起, 截止, 以来, 前) or dates an event (召开, 举行).
const MENTION_AFTER: &[&str] = &[
    "起", "施行", "实施", "生效", "执行", "召开", "举行", "举办", "开幕", "闭幕", "开始", "截止",
    "止", "前", "之前", "以前", "以来", "后", "之后", "以后", "期间", "至今",
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
pub fn find_date(src: &DateSources<'_>) -> Option<String> {
    let lines = scan_lines(src.lines);
    let lead = lead_lines(src.html_title, &lines);
    let labelled = labelled_date(&lines);
    let explicit = meta_date(src.meta)
        .or_else(|| labelled.and_then(Found::full))
        .or_else(|| signature_date(&lines));
    if let Some(d) = explicit.or_else(|| path_date(src.path)) {
        return Some(d.iso());
    }
    let named_year = path_year(src.path);
    let year = named_year
        .or_else(|| first_year(&lead))
        .or_else(|| first_year(&lines));
    labelled
        .and_then(|f| f.with_year(year))
        .or_else(|| lead_date(&lead, year))
        .or_else(|| body_date(&lines, named_year))
        .map(Ymd::iso)
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

/// The first `max` characters of `s`, full-width digits as ASCII.
fn date_chars(s: &str, max: usize) -> Vec<char> {
    s.chars().take(max).map(ascii_digit).collect()
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
fn meta_date(meta: &[(String, String)]) -> Option<Ymd> {
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
fn signature_date(lines: &[Vec<char>]) -> Option<Ymd> {
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
fn path_date(path: &str) -> Option<Ymd> {
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

/// Step 3: the first date of the lead that is not a mention, a month-day
/// taking `year`. A stamp line's own forms (`23-08-16 10:00`,
/// `202308/02 09:03`, `08-16 20:49`) count too.
fn lead_date(lead: &[Vec<char>], year: Option<u32>) -> Option<Ymd> {
    lead.iter().find_map(|l| {
        let stamp = is_stamp(&l.iter().collect::<String>());
        stamp
            .then(|| stamp_date(l)?.with_year(year))
            .flatten()
            .or_else(|| {
                hits(l, false)
                    .filter(|h| !is_mention(l, h))
                    .find_map(|h| h.found.with_year(year))
            })
    })
}

/// Step 4: the first full date anywhere that is not a mention and, when
/// the path names a year (`gwr_1993.txt`), falls in it: a 1993 report that
/// names 1997年7月1日 is not dated 1997.
fn body_date(lines: &[Vec<char>], path_year: Option<u32>) -> Option<Ymd> {
    lines.iter().find_map(|l| {
        hits(l, false)
            .filter(|h| !is_mention(l, h))
            .filter_map(|h| h.found.full())
            .find(|d| path_year.is_none_or(|y| d.0 == y))
    })
}

/// Whether the date `h` in `line` is merely mentioned: preceded by a word
/// of [`MENTION_BEFORE`], or followed (after an optional time of day) by a
/// word of [`MENTION_AFTER`] or a range mark and a number.
fn is_mention(line: &[char], h: &Hit) -> bool {
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

/// The first `19xx年`/`20xx年` in `lines`.
fn first_year(lines: &[Vec<char>]) -> Option<u32> {
    lines.iter().find_map(|chars| {
        (0..chars.len()).find_map(|i| {
            if !chars[i].is_ascii_digit() || (i > 0 && is_digit_at(chars, i - 1)) {
                return None;
            }
            let (y, n) = number(chars, i, 4)?;
            let is_year = n == 4 && (1900..=2099).contains(&y);
            (is_year && chars.get(skip_spaces(chars, i + 4)) == Some(&'年')).then_some(y)
        })
    })
}

/// A validated calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ymd(u32, u32, u32);

impl Ymd {
    /// A real day between 1900 and 2100 (no 2月30日, no 2023年2月29日).
    fn valid(y: u32, m: u32, d: u32) -> Option<Ymd> {
        let real = (1900..=2100).contains(&y) && MonthDay::valid(m, d).is_some();
        (real && d <= days_in_month(y, m)).then_some(Ymd(y, m, d))
    }
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

/// Days in month `m` of year `y` (Gregorian leap years).
fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A month and day without a year (`12月14日`, a `08-16` stamp).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MonthDay(u32, u32);

impl MonthDay {
    /// A month-day that exists in some year (2月29日 does).
    fn valid(m: u32, d: u32) -> Option<MonthDay> {
        ((1..=12).contains(&m) && (1..=days_in_month(2000, m)).contains(&d))
            .then_some(MonthDay(m, d))
    }
}

/// A date read from text: full, or a month-day waiting for its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    Full(Ymd),
    Partial(MonthDay),
}

impl Found {
    fn full(self) -> Option<Ymd> {
        match self {
            Found::Full(d) => Some(d),
            Found::Partial(_) => None,
        }
    }
    /// The full date, a month-day taking `year` (none without a year).
    fn with_year(self, year: Option<u32>) -> Option<Ymd> {
        match self {
            Found::Full(d) => Some(d),
            Found::Partial(MonthDay(m, d)) => Ymd::valid(year?, m, d),
        }
    }
}

/// A date in a line: what it says and where it sits (character indices,
/// `end` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    found: Found,
    start: usize,
    end: usize,
}

/// The dates of `chars`, left to right, none overlapping. With `compact`,
/// `20211214` counts (file names, metadata).
fn hits(chars: &[char], compact: bool) -> impl Iterator<Item = Hit> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < chars.len() {
            if let Some(h) = hit_at(chars, i, compact) {
                i = h.end.max(i + 1);
                return Some(h);
            }
            i += 1;
        }
        None
    })
}

/// A date starting at `i`: a full date in digits or Chinese numerals, or a
/// month-day `M月D日`.
fn hit_at(chars: &[char], i: usize, compact: bool) -> Option<Hit> {
    let c = *chars.get(i)?;
    let (found, end) = if c.is_ascii_digit() {
        match full_date_at(chars, i, compact) {
            Some((d, end)) => (Found::Full(d), end),
            None => {
                let (md, end) = month_day_at(chars, i)?;
                (Found::Partial(md), end)
            }
        }
    } else if matches!(c, '一' | '二') && chars.get(i + 4) == Some(&'年') {
        let (d, end) = chinese_date_at(chars, i)?;
        (Found::Full(d), end)
    } else {
        return None;
    };
    Some(Hit {
        found,
        start: i,
        end,
    })
}

/// The date forms of stamp lines, read from the start of `chars`:
/// `2023-08-13`, `23-08-13` (two-digit year, 20xx), `202308/02` and the
/// month-days `08-16`, `8/16`, `08月16日`. A time after a space or glued to
/// the day (`202308/0209:03:40`) is ignored.
fn stamp_date(chars: &[char]) -> Option<Found> {
    let end = chars
        .iter()
        .position(|c| matches!(c, ' ' | ':' | '：'))
        .unwrap_or(chars.len());
    let groups: Vec<&[char]> = chars[..end]
        .split(|c| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let num = |g: &[char]| {
        g.iter()
            .filter_map(|c| c.to_digit(10))
            .fold(0, |v, d| v * 10 + d)
    };
    match groups.as_slice() {
        [ym, d] if ym.len() == 6 && d.len() >= 2 => {
            Ymd::valid(num(&ym[..4]), num(&ym[4..]), num(&d[..2])).map(Found::Full)
        }
        [y, m, d] if (y.len() == 2 || y.len() == 4) && m.len() <= 2 && d.len() <= 2 => {
            let y = if y.len() == 2 { 2000 + num(y) } else { num(y) };
            Ymd::valid(y, num(m), num(d)).map(Found::Full)
        }
        [m, d] if m.len() <= 2 && d.len() <= 2 => {
            MonthDay::valid(num(m), num(d)).map(Found::Partial)
        }
        _ => None,
    }
}

/// Full-width digits count as digits in dates.
fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// Reads up to `max` ASCII digits at `i`; returns (value, digits read).
fn number(chars: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut v = 0u32;
    let mut n = 0;
    while n < max {
        match chars.get(i + n).and_then(|c| c.to_digit(10)) {
            Some(d) => {
                v = v * 10 + d;
                n += 1;
            }
            None => break,
        }
    }
    (n > 0).then_some((v, n))
}

fn is_digit_at(chars: &[char], i: usize) -> bool {
    chars.get(i).is_some_and(char::is_ascii_digit)
}

/// Skips spaces at `i`.
fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| *c == ' ' || *c == '\u{3000}') {
        i += 1;
    }
    i
}

/// A Chinese numeral digit (`〇一二…九`, also `零`, and the circle `○` and
/// letter O that typists use for 〇).
fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .or_else(|| matches!(c, '零' | '○' | 'Ｏ' | 'O').then_some(0))
        .map(|p| p as u32)
}

/// A small Chinese number `一` … `三十一` at `i`; returns (value, length).
fn chinese_small(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let a = chars.get(i).copied()?;
    if a == '十' {
        return match chars.get(i + 1).copied().and_then(chinese_digit) {
            Some(d) if d > 0 => Some((10 + d, 2)),
            _ => Some((10, 1)),
        };
    }
    let d = chinese_digit(a).filter(|d| *d > 0)?;
    if chars.get(i + 1) == Some(&'十') {
        return match chars.get(i + 2).copied().and_then(chinese_digit) {
            Some(e) if e > 0 => Some((d * 10 + e, 3)),
            _ => Some((d * 10, 2)),
        };
    }
    Some((d, 1))
}

/// A Chinese numeral date `二〇二一年十二月十四日` at `i`; returns the date
/// and the index after it.
fn chinese_date_at(chars: &[char], i: usize) -> Option<(Ymd, usize)> {
    let mut y = 0;
    for k in 0..4 {
        y = y * 10 + chinese_digit(*chars.get(i + k)?)?;
    }
    if chars.get(i + 4) != Some(&'年') {
        return None;
    }
    let (m, n) = chinese_small(chars, i + 5)?;
    if chars.get(i + 5 + n) != Some(&'月') {
        return None;
    }
    let (d, k) = chinese_small(chars, i + 6 + n)?;
    let end = i + 6 + n + k;
    if !matches!(chars.get(end), Some('日' | '号')) {
        return None;
    }
    Ymd::valid(y, m, d).map(|d| (d, end + 1))
}

/// A full date starting at `i`: `2021年12月14日`, `2021-12-14`, `2021/12/14`,
/// `2021.12.14`; with `compact`, also `20211214` (file names). Returns the
/// date and the index after it.
fn full_date_at(chars: &[char], i: usize, compact: bool) -> Option<(Ymd, usize)> {
    if i > 0 && is_digit_at(chars, i - 1) {
        return None;
    }
    let (y, n) = number(chars, i, 4)?;
    if n != 4 {
        return None;
    }
    let j = i + 4;
    if compact && is_digit_at(chars, j) {
        let (m, a) = number(chars, j, 2)?;
        let (d, b) = number(chars, j + 2, 2)?;
        if a == 2 && b == 2 && !is_digit_at(chars, j + 4) {
            return Ymd::valid(y, m, d).map(|d| (d, j + 4));
        }
        return None;
    }
    let j = skip_spaces(chars, j);
    match *chars.get(j)? {
        '年' => cjk_month_day(chars, skip_spaces(chars, j + 1))
            .and_then(|(m, d, end)| Some((Ymd::valid(y, m, d)?, end))),
        sep @ ('-' | '/' | '.') => {
            let (m, a) = number(chars, j + 1, 2)?;
            let k = j + 1 + a;
            if chars.get(k) != Some(&sep) {
                return None;
            }
            let (d, b) = number(chars, k + 1, 2)?;
            let end = k + 1 + b;
            if is_digit_at(chars, end) {
                return None;
            }
            Ymd::valid(y, m, d).map(|d| (d, end))
        }
        _ => None,
    }
}

/// `12月14日` (spaces allowed around the numbers, `号` for `日`) at `i`;
/// returns month, day and the index after it.
fn cjk_month_day(chars: &[char], i: usize) -> Option<(u32, u32, usize)> {
    let (m, a) = number(chars, i, 2)?;
    let j = skip_spaces(chars, i + a);
    if chars.get(j) != Some(&'月') {
        return None;
    }
    let j = skip_spaces(chars, j + 1);
    let (d, b) = number(chars, j, 2)?;
    let j = skip_spaces(chars, j + b);
    matches!(chars.get(j), Some('日' | '号')).then_some((m, d, j + 1))
}

/// A month-day `M月D日` at `i` (not the tail of a longer number).
fn month_day_at(chars: &[char], i: usize) -> Option<(MonthDay, usize)> {
    if i > 0 && is_digit_at(chars, i - 1) {
        return None;
    }
    let (m, d, end) = cjk_month_day(chars, i)?;
    MonthDay::valid(m, d).map(|md| (md, end))
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
        assert_eq!(d.date.as_deref(), Some("2021-12-14"));
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
        // Without a year in the path, the lead's year, then the text's.
        assert_eq!(date_of(text, "a.txt"), iso("2019-08-10"));
        let text = "某市召开表彰会\n12月14日，某市召开表彰大会。\n会议回顾了2021年的工作。";
        assert_eq!(date_of(text, "a.txt"), iso("2021-12-14"));
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
        assert_eq!(date_of(&text, "report.txt"), iso("1997-07-01"));
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
