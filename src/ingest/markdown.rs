//! Markdown → plain text, line for line, so that `**市统计局**` is indexed
//! and shown as 市统计局.
//!
//! Each input line gives one output line (fence lines, rules and link
//! definitions become empty lines), because the rest of ingest works on
//! lines: the first line is the title candidate, each line a paragraph. Only
//! markup is removed; every word of text stays:
//!
//! * block markers: headings `#`, blockquotes `>`, list markers `- `, `* `,
//!   `+ `, `1. `, `1) ` and task boxes `[ ]`, table pipes and delimiter rows,
//!   horizontal rules and setext underlines, code fences (the code stays),
//!   link reference definitions, YAML front matter (its `title:` and `date:`
//!   values stay);
//! * inline markup: emphasis `**x**`, `*x*`, `__x__`, `_x_`, `~~x~~`, links
//!   `[text](url)` and `[text][ref]` → text, images `![alt](url)` → alt,
//!   autolinks `<https://…>` → the address, code spans `` `x` `` → x,
//!   backslash escapes, footnote references `[^1]`, inline HTML tags.
//!
//! Emphasis is removed only when it is clearly emphasis: a delimiter run
//! needs a partner of the same length on the same line, must not face
//! whitespace on its inner side, and a single `*` or any `_` must not sit
//! inside an ASCII word or number (`snake_case`, `2*3*4` stay as they are).
//! Unlike CommonMark, punctuation next to CJK text does not stop emphasis
//! (`**“重要”**的` → `“重要”的`), which is how Chinese writers use it.
//!
//! Hand-written rather than pulldown-cmark: a CommonMark parser drops the
//! line structure inside paragraphs (soft breaks) unless rebuilt from source
//! offsets, reads four-space indented Chinese prose as code and misses
//! CJK-adjacent emphasis; what ingest needs is this small set of rewrites.

/// The plain text of Markdown `text`: one line per input line (split at LF,
/// CR, U+2028 and U+2029, as ingest splits lines), joined with `\n`.
pub fn strip(text: &str) -> String {
    let lines: Vec<&str> = text.split(['\n', '\r', '\u{2028}', '\u{2029}']).collect();
    let front_matter = front_matter_end(&lines);
    let mut fence: Option<(char, usize)> = None;
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some(end) = front_matter.filter(|&end| i <= end) {
            // The date goes first, where a date stamp before the title is
            // expected; then the title.
            let value = match i {
                0 => lines[1..end]
                    .iter()
                    .find_map(|l| front_matter_value(l, "date")),
                _ => front_matter_value(line, "title"),
            };
            out.push_str(value.unwrap_or(""));
            continue;
        }
        if let Some((c, n)) = fence {
            if fence_marker(line)
                .is_some_and(|(fc, fnum, info)| fc == c && fnum >= n && info.trim().is_empty())
            {
                fence = None;
            } else {
                out.push_str(line);
            }
            continue;
        }
        if let Some((c, n, _)) = fence_marker(line) {
            fence = Some((c, n));
            continue;
        }
        if is_rule(line) || is_link_definition(line) || is_table_delimiter(line) {
            continue;
        }
        out.push_str(&inline(&block_content(line)));
    }
    out
}

/// The index of the closing line of YAML front matter (`---` on the first
/// line, `---` or `...` to close it, within 100 lines), if the text has any.
fn front_matter_end(lines: &[&str]) -> Option<usize> {
    if lines.first()?.trim_end() != "---" {
        return None;
    }
    lines
        .iter()
        .enumerate()
        .skip(1)
        .take(100)
        .find(|(_, l)| matches!(l.trim_end(), "---" | "..."))
        .map(|(i, _)| i)
}

/// The value of a front-matter line `key: value`, if it has that key.
fn front_matter_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let (k, value) = line.split_once(':')?;
    k.trim()
        .eq_ignore_ascii_case(key)
        .then(|| value.trim().trim_matches(['"', '\'']))
}

/// A code fence: up to three spaces, then three or more backticks or
/// tildes, then an info string. Returns the fence character, its count and
/// the info string.
fn fence_marker(line: &str) -> Option<(char, usize, &str)> {
    let rest = strip_indent(line, 3)?;
    let c = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = rest.chars().take_while(|&x| x == c).count();
    let info = &rest[n..];
    (n >= 3 && !(c == '`' && info.contains('`'))).then_some((c, n, info))
}

/// `line` without up to `max` leading spaces, or `None` if it has more
/// (then it is indented code, or not at the left margin).
fn strip_indent(line: &str, max: usize) -> Option<&str> {
    let n = line.chars().take_while(|&c| c == ' ').count();
    (n <= max).then(|| &line[n..])
}

/// A thematic break (`---`, `***`, `___`, spaces allowed) or a setext
/// heading underline (`===`, `---`): three or more of one character.
fn is_rule(line: &str) -> bool {
    let Some(rest) = strip_indent(line, 3) else {
        return false;
    };
    let mut marks = rest.chars().filter(|c| !matches!(c, ' ' | '\t'));
    let Some(first) = marks.next() else {
        return false;
    };
    matches!(first, '-' | '*' | '_' | '=')
        && marks.clone().all(|c| c == first)
        && marks.count() >= 2
}

/// A link reference definition: `[label]: destination`.
fn is_link_definition(line: &str) -> bool {
    let Some(rest) = strip_indent(line, 3).and_then(|r| r.strip_prefix('[')) else {
        return false;
    };
    match rest.find("]:") {
        Some(end) => end > 0 && !rest.starts_with('^') && !rest[end + 2..].trim().is_empty(),
        None => false,
    }
}

/// A table's delimiter row: `| --- | :---: |` (at least one pipe).
fn is_table_delimiter(line: &str) -> bool {
    let t = line.trim();
    t.contains('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The text of a line without its block markers: blockquote `>`, list
/// markers and task boxes (nested in any order), then a heading's `#`s, and
/// a table row's pipes.
fn block_content(line: &str) -> String {
    let mut rest = line.trim_start();
    loop {
        let before = rest.len();
        if let Some(r) = rest.strip_prefix('>') {
            rest = r.trim_start();
        }
        if let Some(r) = list_marker(rest) {
            rest = r;
        }
        if rest.len() == before {
            break;
        }
    }
    // A footnote definition keeps its text.
    if let Some((_, text)) = rest.strip_prefix("[^").and_then(|r| r.split_once("]:")) {
        rest = text.trim_start();
    }
    let rest = heading_text(rest);
    if rest.starts_with('|') {
        return table_row(rest);
    }
    rest.to_owned()
}

/// `rest` after a list marker (`-`, `*`, `+`, `1.`, `1)` followed by a space
/// or the end of the line) and a task box (`[ ]`, `[x]`), if it starts with
/// one.
fn list_marker(rest: &str) -> Option<&str> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker_len = match rest.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        _ if (1..=9).contains(&digits)
            && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) =>
        {
            digits + 1
        }
        _ => return None,
    };
    let after = &rest[marker_len..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let after = after.trim_start();
    let task = ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|b| after.strip_prefix(b))
        .unwrap_or(after);
    Some(task.trim_start())
}

/// An ATX heading's text: `## 标题 ##` → `标题`; other lines as they are.
fn heading_text(line: &str) -> &str {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let rest = &line[hashes..];
    if !(1..=6).contains(&hashes) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return line;
    }
    let rest = rest.trim();
    // A closing sequence of #s, preceded by a space (or alone).
    let body = rest.trim_end_matches('#');
    if body.is_empty() || body.ends_with([' ', '\t']) {
        body.trim_end()
    } else {
        rest
    }
}

/// A table row's cells, separated by spaces: `| 地区 | 人数 |` → `地区 人数`.
fn table_row(row: &str) -> String {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '|' if !escaped => out.push(' '),
            _ => out.push(c),
        }
        escaped = c == '\\';
    }
    out.trim().to_owned()
}

/// One character of a line after the inline pass, and whether it is literal
/// text (from code, an escape or an address) that emphasis must not touch.
#[derive(Clone, Copy)]
struct Ch {
    c: char,
    literal: bool,
}

/// A line's text without inline markup.
fn inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    spans(&chars, &mut out);
    remove_emphasis(&out)
}

/// The inline pass before emphasis: code spans, escapes, images, links,
/// autolinks, footnote references and HTML tags.
fn spans(chars: &[char], out: &mut Vec<Ch>) {
    let text = |c| Ch { c, literal: false };
    let literal = |c| Ch { c, literal: true };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                out.push(literal(chars[i + 1]));
                i += 2;
            }
            '`' => i = code_span(chars, i, out),
            '!' if chars.get(i + 1) == Some(&'[') => match link(chars, i + 1) {
                Some((label, end)) => {
                    spans(label, out);
                    i = end;
                }
                None => {
                    out.push(text(c));
                    i += 1;
                }
            },
            '[' => {
                if let Some(end) = footnote_reference(chars, i) {
                    i = end;
                } else if let Some((label, end)) = link(chars, i) {
                    spans(label, out);
                    i = end;
                } else {
                    out.push(text(c));
                    i += 1;
                }
            }
            '<' => match angle(chars, i) {
                Some((Angle::Autolink(address), end)) => {
                    out.extend(address.iter().copied().map(literal));
                    i = end;
                }
                Some((Angle::Tag { breaks }, end)) => {
                    if breaks {
                        out.push(text(' '));
                    }
                    i = end;
                }
                None => {
                    out.push(text(c));
                    i += 1;
                }
            },
            _ => {
                out.push(text(c));
                i += 1;
            }
        }
    }
}

/// A code span opened by the backticks at `i`, its text literal (an
/// unclosed run is text); returns the index after it.
fn code_span(chars: &[char], i: usize, out: &mut Vec<Ch>) -> usize {
    let n = run_len(chars, i, '`');
    match find_run(chars, i + n, '`', n) {
        Some(end) => {
            let mut code = &chars[i + n..end];
            if code.len() >= 2 && code[0] == ' ' && code[code.len() - 1] == ' ' {
                code = &code[1..code.len() - 1];
            }
            out.extend(code.iter().map(|&c| Ch { c, literal: true }));
            end + n
        }
        None => {
            out.extend(chars[i..i + n].iter().map(|&c| Ch { c, literal: false }));
            i + n
        }
    }
}

/// The number of `c`s from `i` on.
fn run_len(chars: &[char], i: usize, c: char) -> usize {
    chars[i..].iter().take_while(|&&x| x == c).count()
}

/// The start of the next run of exactly `n` `c`s at or after `from`.
fn find_run(chars: &[char], from: usize, c: char, n: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == c {
            let m = run_len(chars, j, c);
            if m == n {
                return Some(j);
            }
            j += m;
        } else {
            j += 1;
        }
    }
    None
}

/// The index just past the `]` matching the `[` at `open` (brackets nest,
/// escapes are skipped).
fn closing_bracket(chars: &[char], open: usize, (o, c): (char, char)) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = open;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 1,
            x if x == o => depth += 1,
            x if x == c => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// A link at `open` (the `[`): `[text](destination)` or `[text][label]`.
/// Returns the text and the index past the link.
fn link(chars: &[char], open: usize) -> Option<(&[char], usize)> {
    let after_label = closing_bracket(chars, open, ('[', ']'))?;
    let label = &chars[open + 1..after_label - 1];
    let end = match chars.get(after_label) {
        Some('(') => closing_bracket(chars, after_label, ('(', ')'))?,
        Some('[') => closing_bracket(chars, after_label, ('[', ']'))?,
        _ => return None,
    };
    Some((label, end))
}

/// A footnote reference `[^note]` at `open`, not a definition: the index
/// past it.
fn footnote_reference(chars: &[char], open: usize) -> Option<usize> {
    if chars.get(open + 1) != Some(&'^') {
        return None;
    }
    let len = chars[open + 2..]
        .iter()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .count();
    let close = open + 2 + len;
    (len > 0 && chars.get(close) == Some(&']') && chars.get(close + 1) != Some(&':'))
        .then_some(close + 1)
}

/// What a `<…>` is.
enum Angle<'a> {
    /// `<https://…>`, `<mailto:…>`, `<name@host>`: the address.
    Autolink(&'a [char]),
    /// An HTML tag; `breaks` if it separates text (`<br>`, `<p>`, cells).
    Tag { breaks: bool },
}

/// An autolink or an HTML tag at `open` (the `<`), and the index past it.
fn angle(chars: &[char], open: usize) -> Option<(Angle<'_>, usize)> {
    let len = chars[open + 1..]
        .iter()
        .take_while(|&&c| c != '>' && c != '<')
        .count();
    let close = open + 1 + len;
    if chars.get(close) != Some(&'>') || len == 0 {
        return None;
    }
    let inner = &chars[open + 1..close];
    let s: String = inner.iter().collect();
    let lower = s.to_ascii_lowercase();
    if !s.contains(char::is_whitespace)
        && (["http://", "https://", "mailto:", "ftp://"]
            .iter()
            .any(|p| lower.starts_with(p))
            || (s.contains('@') && s.is_ascii()))
    {
        return Some((Angle::Autolink(inner), close + 1));
    }
    let name: String = lower
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let starts_like_tag = inner[0].is_ascii_alphabetic()
        || (inner[0] == '/' && inner.get(1).is_some_and(char::is_ascii_alphabetic))
        || s.starts_with("!--");
    if !starts_like_tag {
        return None;
    }
    let breaks = matches!(
        name.as_str(),
        "br" | "p" | "div" | "td" | "th" | "tr" | "li" | "hr"
    );
    Some((Angle::Tag { breaks }, close + 1))
}

/// Removes emphasis delimiters (`*`, `_` and `~~` runs) that pair up on the
/// line and are clearly emphasis (see the module documentation).
fn remove_emphasis(chars: &[Ch]) -> String {
    let mut removed = vec![false; chars.len()];
    let delimiter = |j: usize, c: char| chars[j].c == c && !chars[j].literal;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].c;
        if removed[i] || !matches!(c, '*' | '_' | '~') || !delimiter(i, c) {
            i += 1;
            continue;
        }
        let n = run_of(chars, &removed, i, c);
        let strict = c == '_' || n == 1;
        let before = i.checked_sub(1).map(|j| chars[j].c);
        let after = chars.get(i + n).map(|x| x.c);
        let opens = (c != '~' || n == 2)
            && n <= 3
            && after.is_some_and(|a| !a.is_whitespace())
            && !(strict && before.is_some_and(|b| b.is_ascii_alphanumeric()));
        if opens {
            if let Some(j) = closer(chars, &removed, i + n, c, n, strict) {
                removed[i..i + n].fill(true);
                removed[j..j + n].fill(true);
            }
        }
        i += n;
    }
    chars
        .iter()
        .zip(&removed)
        .filter(|(_, &r)| !r)
        .map(|(x, _)| x.c)
        .collect()
}

/// The length of the run of unremoved delimiter `c`s at `from`.
fn run_of(chars: &[Ch], removed: &[bool], from: usize, c: char) -> usize {
    chars[from..]
        .iter()
        .zip(&removed[from..])
        .take_while(|(x, &r)| x.c == c && !x.literal && !r)
        .count()
}

/// The start of the first run of exactly `n` unremoved `c`s after `from`
/// that can close emphasis: not after whitespace, not the run right after
/// the opener, and (if `strict`) not followed by an ASCII letter or digit.
fn closer(
    chars: &[Ch],
    removed: &[bool],
    from: usize,
    c: char,
    n: usize,
    strict: bool,
) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j].c != c || chars[j].literal || removed[j] {
            j += 1;
            continue;
        }
        let m = run_of(chars, removed, j, c);
        let before = chars[j - 1].c;
        let after = chars.get(j + m).map(|x| x.c);
        if m == n
            && j > from
            && !before.is_whitespace()
            && !(strict && after.is_some_and(|a| a.is_ascii_alphanumeric()))
        {
            return Some(j);
        }
        j += m;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> String {
        strip(s)
    }

    #[test]
    fn emphasis_is_reduced_to_its_text() {
        for (md, text) in [
            ("**市统计局**发布数据", "市统计局发布数据"),
            ("本次会议*重点*部署", "本次会议重点部署"),
            ("__全面推进__乡村振兴", "全面推进乡村振兴"),
            ("_乡村振兴_", "乡村振兴"),
            ("***特别重要***事项", "特别重要事项"),
            ("**粗体中有*斜体*文字**", "粗体中有斜体文字"),
            ("~~旧的说法~~新的说法", "旧的说法新的说法"),
            ("**“重要”**的工作", "“重要”的工作"),
            ("两处**重点**和**难点**", "两处重点和难点"),
        ] {
            assert_eq!(line(md), text, "{md}");
        }
    }

    #[test]
    fn things_that_are_not_clearly_emphasis_stay() {
        for s in [
            "file_name_2023.txt",
            "snake_case 变量",
            "计算 2*3*4 的结果",
            "a * b * c",
            "注*：以上数据为初步统计",
            "**",
            "** 不成对",
            "单独的 _ 下划线",
            "~单个波浪线~",
            "5 * 3 = 15",
        ] {
            assert_eq!(line(s), s, "{s}");
        }
    }

    #[test]
    fn headings_lists_and_quotes() {
        for (md, text) in [
            ("# 区政府召开常务会议", "区政府召开常务会议"),
            ("### 三、工作要求 ###", "三、工作要求"),
            ("#话题#", "#话题#"),
            ("####### 七级不是标题", "####### 七级不是标题"),
            ("- 加强组织领导", "加强组织领导"),
            ("* 压实工作责任", "压实工作责任"),
            ("+ 强化督促检查", "强化督促检查"),
            ("1. 总体要求", "总体要求"),
            ("  2) 主要任务", "主要任务"),
            ("- [x] 已完成事项", "已完成事项"),
            ("> 引用的讲话内容", "引用的讲话内容"),
            ("> > - **嵌套**的引用", "嵌套的引用"),
            ("1.5万人参加", "1.5万人参加"),
            ("-5℃以下", "-5℃以下"),
        ] {
            assert_eq!(line(md), text, "{md}");
        }
    }

    #[test]
    fn links_images_and_code() {
        for (md, text) in [
            (
                "详见[通知原文](https://www.gov.cn/a_b_c.html)。",
                "详见通知原文。",
            ),
            ("![现场照片](img/photo_1.jpg)", "现场照片"),
            ("![](img/1.jpg)会议现场", "会议现场"),
            ("参见[政策解读][1]", "参见政策解读"),
            ("[**加粗的链接**](x)", "加粗的链接"),
            ("运行 `xunwen index` 命令", "运行 xunwen index 命令"),
            ("代码 `a*b*c` 不变", "代码 a*b*c 不变"),
            ("转义的 \\*星号\\*", "转义的 *星号*"),
            (
                "网址 <https://www.gov.cn/x_y_z>",
                "网址 https://www.gov.cn/x_y_z",
            ),
            ("正文[^1]结束", "正文结束"),
            ("第一行<br>第二行", "第一行 第二行"),
            ("<u>下划线</u>文字", "下划线文字"),
            ("x < 5 且 y > 3", "x < 5 且 y > 3"),
            ("[未闭合的方括号", "[未闭合的方括号"),
            ("《[一]》", "《[一]》"),
        ] {
            assert_eq!(line(md), text, "{md}");
        }
    }

    #[test]
    fn line_structure_is_kept() {
        let md = "---\ntitle: \"区政府新闻发布会\"\ndate: 2023-05-08\nauthor: 办公室\n---\n\
# 标题\n\n正文第一段。\n\n```text\n代码 **原样**\n```\n\n| 地区 | 人数 |\n|:---|---:|\n| 城南 | 120 |\n\n***\n\n[1]: https://example.org\n最后一段";
        let out = strip(md);
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines.len(), md.split('\n').count());
        assert_eq!(
            lines,
            vec![
                "2023-05-08",
                "区政府新闻发布会",
                "",
                "",
                "",
                "标题",
                "",
                "正文第一段。",
                "",
                "",
                "代码 **原样**",
                "",
                "",
                "地区   人数",
                "",
                "城南   120",
                "",
                "",
                "",
                "",
                "最后一段",
            ]
        );
    }

    #[test]
    fn setext_underlines_and_crlf() {
        let out = strip("会议通知\r\n====\r\n正文\r\n");
        let kept: Vec<&str> = out.split('\n').filter(|l| !l.is_empty()).collect();
        assert_eq!(kept, vec!["会议通知", "正文"]);
    }

    #[test]
    fn unclosed_fence_keeps_the_rest_as_text() {
        assert_eq!(strip("```\n**原样**"), "\n**原样**");
    }

    #[test]
    fn footnote_definitions_keep_their_text() {
        assert_eq!(strip("[^1]: 数据来源于市统计局"), "数据来源于市统计局");
    }
}
