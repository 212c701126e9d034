//! Splits long lines into passages, the unit of search results: a paragraph
//! longer than [`MAX_PASSAGE_CHARS`] is cut at sentence ends and packed into
//! passages of at most that many characters, so a hit points at a readable
//! stretch of text instead of a whole 1000-character news dump.
//!
//! Runs in linear time over the line and never cuts inside a UTF-8
//! character; only whitespace at the cut points is dropped.

/// Largest passage, in characters (Unicode scalar values).
pub const MAX_PASSAGE_CHARS: usize = 500;

/// When a sentence must be hard-split, look this many characters back from
/// the limit for a comma or space to cut at.
const SOFT_BREAK_WINDOW: usize = 100;

/// Characters that end a sentence wherever they occur.
fn is_cjk_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '…')
}

/// Closing quotes and brackets that stay with the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | '》' | '"' | '\'' | ')')
}

/// A sentence: byte range into the line and its length in characters.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    chars: usize,
}

/// Splits `line` into passages of at most `MAX_PASSAGE_CHARS` characters.
/// A line that fits is returned whole (as one passage).
pub fn split_passages(line: &str) -> Vec<&str> {
    split_passages_max(line, MAX_PASSAGE_CHARS)
}

/// [`split_passages`] with an explicit limit (tests use small ones).
pub fn split_passages_max(line: &str, max: usize) -> Vec<&str> {
    let max = max.max(2);
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Vec::new();
    }
    // Fast path: byte length bounds the character count.
    if trimmed.len() <= max || trimmed.chars().count() <= max {
        return vec![trimmed];
    }
    let mut out = Vec::new();
    let mut acc: Option<Span> = None;
    for s in sentences(line) {
        if s.chars > max {
            if let Some(a) = acc.take() {
                push_trimmed(&mut out, &line[a.start..a.end]);
            }
            let mut pieces = hard_split(line, s, max);
            // The last piece may share a passage with the next sentences.
            acc = pieces.pop();
            for p in pieces {
                push_trimmed(&mut out, &line[p.start..p.end]);
            }
            continue;
        }
        acc = match acc {
            Some(a) if a.chars + s.chars <= max => Some(Span {
                start: a.start,
                end: s.end,
                chars: a.chars + s.chars,
            }),
            Some(a) => {
                push_trimmed(&mut out, &line[a.start..a.end]);
                Some(s)
            }
            None => Some(s),
        };
    }
    if let Some(a) = acc {
        push_trimmed(&mut out, &line[a.start..a.end]);
    }
    out
}

fn push_trimmed<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let t = s.trim();
    if !t.is_empty() {
        out.push(t);
    }
}

/// Cuts `line` into contiguous sentences covering all of it.
fn sentences(line: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0usize;
    let mut chars = 0usize;
    let mut iter = line.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        chars += 1;
        let ends = if is_cjk_sentence_end(c) {
            true
        } else if matches!(c, '!' | '?' | ';') {
            iter.peek().is_none_or(|(_, n)| n.is_whitespace())
        } else {
            false
        };
        if !ends {
            continue;
        }
        let mut end = i + c.len_utf8();
        // Repeated enders (！！, ……) and closing quotes stay with the sentence.
        while let Some(&(j, n)) = iter.peek() {
            if is_closer(n) || is_cjk_sentence_end(n) || matches!(n, '!' | '?') {
                end = j + n.len_utf8();
                chars += 1;
                iter.next();
            } else {
                break;
            }
        }
        spans.push(Span { start, end, chars });
        start = end;
        chars = 0;
    }
    if start < line.len() {
        spans.push(Span {
            start,
            end: line.len(),
            chars,
        });
    }
    spans
}

/// Splits one over-long sentence into pieces of at most `max` characters,
/// cutting after a comma or space within the last `SOFT_BREAK_WINDOW`
/// characters of each piece when there is one.
fn hard_split(line: &str, s: Span, max: usize) -> Vec<Span> {
    let window = SOFT_BREAK_WINDOW.min(max / 2);
    let text = &line[s.start..s.end];
    let mut pieces = Vec::new();
    let mut piece_start = 0usize; // byte offset into text
    let mut count = 0usize; // chars since piece_start
                            // Last soft break: byte offset just after it, and chars up to it.
    let mut soft: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        if count == max {
            let (cut, cut_chars) = match soft {
                Some((b, n)) if n + window >= max => (b, n),
                _ => (i, count),
            };
            pieces.push(Span {
                start: s.start + piece_start,
                end: s.start + cut,
                chars: cut_chars,
            });
            piece_start = cut;
            count -= cut_chars;
            soft = None;
        }
        count += 1;
        if matches!(c, '，' | '、' | ',' | ' ') {
            soft = Some((i + c.len_utf8(), count));
        }
    }
    pieces.push(Span {
        start: s.start + piece_start,
        end: s.end,
        chars: count,
    });
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip_spaces(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn short_line_is_one_passage() {
        assert_eq!(split_passages("  一句话。 "), vec!["一句话。"]);
        assert!(split_passages("   ").is_empty());
    }

    #[test]
    fn splits_at_sentence_ends_and_packs() {
        let sentence = "全市教育系统认真组织学习活动，取得明显成效。"; // 22 chars
        let line = sentence.repeat(60); // 1320 chars
        let parts = split_passages(&line);
        assert!(parts.len() >= 3);
        for p in &parts {
            assert!(p.chars().count() <= MAX_PASSAGE_CHARS);
            assert!(p.ends_with('。'), "{p}");
            // Packed: close to the limit.
            assert!(p.chars().count() > MAX_PASSAGE_CHARS - 30 || Some(p) == parts.last());
        }
        assert_eq!(parts.concat(), line);
    }

    #[test]
    fn closing_quotes_stay_with_sentence() {
        let line = "他说：“要抓好落实。”随后会议结束！大家离开？是的；然后 OK! Next? yes; fin";
        let parts = split_passages_max(line, 12);
        assert!(parts.iter().any(|p| p.ends_with("落实。”")), "{parts:?}");
        for p in &parts {
            assert!(!p.starts_with('”'));
            assert!(p.chars().count() <= 12, "{p}");
        }
        assert_eq!(strip_spaces(&parts.concat()), strip_spaces(line));
    }

    #[test]
    fn long_line_without_punctuation_is_hard_split_on_char_boundaries() {
        let line = "党".repeat(1234);
        let parts = split_passages(&line);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].chars().count(), 500);
        assert_eq!(parts.concat(), line);
        // Mixed widths: 1-, 2-, 3- and 4-byte characters.
        let line = "aé党𠀀".repeat(400);
        let parts = split_passages(&line);
        for p in &parts {
            assert!(p.chars().count() <= MAX_PASSAGE_CHARS);
        }
        assert_eq!(parts.concat(), line);
    }

    #[test]
    fn hard_split_prefers_commas() {
        let clause = "各级各部门要高度重视，"; // 11 chars
        let line = clause.repeat(100);
        let parts = split_passages(&line);
        for p in &parts {
            assert!(p.ends_with('，'), "{p}");
            assert!(p.chars().count() <= MAX_PASSAGE_CHARS);
        }
        assert_eq!(parts.concat(), line);
    }

    #[test]
    fn ten_megabyte_line_is_fast() {
        let line = "数据".repeat(5 * 1024 * 1024 / 3) + &"句子结束。".repeat(100_000);
        let t = std::time::Instant::now();
        let parts = split_passages(&line);
        assert!(t.elapsed().as_secs() < 5);
        assert_eq!(parts.concat().len(), line.len());
        assert!(parts.iter().all(|p| p.chars().count() <= MAX_PASSAGE_CHARS));
    }

    #[test]
    fn no_text_lost_on_spaced_text() {
        let line = "Alpha beta gamma. ".repeat(80) + &"第一句。 第二句！ ".repeat(80);
        let line = line.trim();
        let parts = split_passages(line);
        assert_eq!(strip_spaces(&parts.concat()), strip_spaces(line));
        assert!(parts.iter().all(|p| p.chars().count() <= MAX_PASSAGE_CHARS));
    }
}
