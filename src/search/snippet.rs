//! Highlights, where the query's terms stand in a paragraph, and the
//! window of a long paragraph that shows them best.
//!
//! Computed on the normalized text, character by character, read as the
//! index reads it: through the spaces that separate nothing (活动 2000 holds
//! the literal 活动2000). Normalization maps one char to one char, and each
//! character read keeps its index, so the offsets found are offsets into the
//! original paragraph as well.

use super::plan::{Keyword, QueryTerm};
use crate::analysis::{is_indexable, is_stop_word, matched_chars, normalize};

/// A paragraph as literal matching reads it: its characters, normalized and
/// without the spaces that separate nothing, each with its index in the
/// paragraph.
struct Haystack {
    chars: Vec<char>,
    at: Vec<usize>,
}

impl Haystack {
    fn new(text: &str) -> Haystack {
        let (at, chars) = matched_chars(&normalize(text)).into_iter().unzip();
        Haystack { chars, at }
    }

    /// Adds the paragraph's range of every occurrence of `needle`.
    fn find_all(&self, needle: &str, spans: &mut Vec<(usize, usize)>) {
        let needle: Vec<char> = needle.chars().collect();
        if needle.is_empty() || needle.len() > self.chars.len() {
            return;
        }
        for start in 0..=self.chars.len() - needle.len() {
            let end = start + needle.len();
            if self.chars[start..end] == needle[..] {
                spans.push((self.at[start], self.at[end - 1] + 1));
            }
        }
    }
}

/// Character ranges `[start, end)` of `text` to highlight for `terms`,
/// sorted, with overlapping and touching ranges merged into one.
///
/// Each term is marked where it stands as typed. A term with spaces or
/// punctuation that is not there as typed (a partial hit) is marked by its
/// words, stop words left out. An unquoted term that is a stop word (的,
/// 有哪些) is marked only when the query has nothing else: it earns no hit
/// on its own, and marked all over a paragraph it says nothing.
pub fn highlights<'a>(
    text: &str,
    terms: impl IntoIterator<Item = &'a QueryTerm>,
) -> Vec<(usize, usize)> {
    let haystack = Haystack::new(text);
    let terms: Vec<&QueryTerm> = terms.into_iter().collect();
    let is_filler = |t: &QueryTerm| !t.phrase && is_stop_word(&t.literal);
    let only_fillers = terms.iter().all(|t| is_filler(t));
    let mut spans = Vec::new();
    for term in terms {
        if is_filler(term) && !only_fillers {
            continue;
        }
        let before = spans.len();
        haystack.find_all(&term.literal, &mut spans);
        if spans.len() > before || term.literal.chars().all(is_indexable) {
            continue;
        }
        let words: Vec<&str> = term.words.iter().map(|w| w.text.as_str()).collect();
        let content: Vec<&str> = words.iter().copied().filter(|w| !is_stop_word(w)).collect();
        for word in if content.is_empty() { words } else { content } {
            haystack.find_all(word, &mut spans);
        }
    }
    merge(spans)
}

/// Character ranges of `text` holding the query's keywords, for partial
/// hits. One-character keywords are left out when longer ones exist: a
/// lone 的 or 到 marked all over a paragraph says nothing.
pub fn keyword_highlights(text: &str, keywords: &[Keyword]) -> Vec<(usize, usize)> {
    let haystack = Haystack::new(text);
    let has_long = keywords.iter().any(|k| !k.is_single_char());
    let mut spans = Vec::new();
    for keyword in keywords {
        if !has_long || !keyword.is_single_char() {
            haystack.find_all(&keyword.text, &mut spans);
        }
    }
    merge(spans)
}

/// Character ranges of `text` holding any of `forms` as written (the
/// related official forms that earned a partial hit).
pub fn form_highlights(text: &str, forms: &[String]) -> Vec<(usize, usize)> {
    let haystack = Haystack::new(text);
    let mut spans = Vec::new();
    for form in forms {
        haystack.find_all(form, &mut spans);
    }
    merge(spans)
}

/// Characters of a paragraph shown around its hits (the README's
/// "~200-character window"): whole paragraphs run to ~500 characters, and
/// ten of them would fill several screens.
pub const WINDOW_CHARS: usize = 200;
/// Characters kept before the first hit of the window when a paragraph is cut.
const LEAD_CHARS: usize = 40;
/// How far past a window's edge a cut may move to land on punctuation.
const CUT_SLACK: usize = 20;

/// The window `[from, to)` of `chars` to show for `highlights`: the whole
/// paragraph when it is at most [`WINDOW_CHARS`] long, else at most that many
/// characters holding the most distinct highlighted strings (the earliest
/// such window on ties), its edges moved to punctuation or spaces where one
/// is near, so no word is cut.
pub fn window(chars: &[char], highlights: &[(usize, usize)]) -> (usize, usize) {
    let size = WINDOW_CHARS;
    if chars.len() <= size {
        return (0, chars.len());
    }
    let Some(&(first, _)) = highlights.first() else {
        return (0, cut_end(chars, size));
    };
    let text_of = |&(s, e): &(usize, usize)| chars[s..e].iter().collect::<String>();
    let mut best = (0usize, first);
    for (i, &(start, _)) in highlights.iter().enumerate() {
        let mut distinct: Vec<String> = Vec::new();
        for h in highlights[i..]
            .iter()
            .take_while(|h| h.1 <= start + size - LEAD_CHARS)
        {
            let t = text_of(h);
            if !distinct.contains(&t) {
                distinct.push(t);
            }
        }
        if distinct.len() > best.0 {
            best = (distinct.len(), start);
        }
    }
    let anchor = best.1;
    let from = cut_start(chars, anchor.saturating_sub(LEAD_CHARS), anchor);
    (from, cut_end(chars, (from + size).min(chars.len())))
}

fn is_break(c: char) -> bool {
    !is_indexable(c)
}

/// A start at or after `at` (but before `limit`) right after a break, or
/// `at` itself when there is none near.
fn cut_start(chars: &[char], at: usize, limit: usize) -> usize {
    if at == 0 {
        return 0;
    }
    (at..limit.min(at + CUT_SLACK))
        .find(|&i| i > 0 && is_break(chars[i - 1]))
        .unwrap_or(at)
}

/// An end at or before `at` right after a break (the break kept), or `at`
/// itself when there is none near.
fn cut_end(chars: &[char], at: usize) -> usize {
    if at >= chars.len() {
        return chars.len();
    }
    (at.saturating_sub(CUT_SLACK)..=at)
        .rev()
        .find(|&i| i > 0 && is_break(chars[i - 1]))
        .unwrap_or(at)
}

/// Sorts ranges and merges those that overlap or touch.
pub fn merge(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::QueryWord;
    use crate::search::parse::Scope;

    fn term(literal: &str) -> QueryTerm {
        QueryTerm {
            literal: literal.into(),
            words: vec![QueryWord {
                text: literal.into(),
                char_offset: 0,
            }],
            scope: Scope::Text,
            phrase: false,
            origin: None,
        }
    }

    /// A term typed as `literal`, cut into `words`.
    fn term_of(literal: &str, words: &[&str]) -> QueryTerm {
        let words = words
            .iter()
            .map(|w| QueryWord {
                text: w.to_string(),
                char_offset: literal.find(w).map_or(0, |b| literal[..b].chars().count()),
            })
            .collect();
        QueryTerm {
            words,
            ..term(&normalize(literal))
        }
    }

    #[test]
    fn stop_words_are_never_marked_beside_other_terms() {
        // A pasted question: not in the paragraph as typed, so its words
        // are marked, without 有 and 哪些.
        let question = term_of(
            "企业复工有哪些扶持政策？",
            &["企业", "复工", "有", "哪些", "扶持", "政策", "？"],
        );
        let text = "有关部门出台政策，有哪些企业复工";
        let marked: Vec<String> = highlights(text, [&question])
            .into_iter()
            .map(|(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect();
        assert_eq!(marked, ["政策", "企业复工"]);
        // 的 typed as a word of its own is marked only when it is all there is.
        assert_eq!(
            highlights("党的建设", &[term("的"), term("建设")]),
            [(2, 4)]
        );
        assert_eq!(highlights("党的建设", &[term("的")]), [(1, 2)]);
        // A quoted stop word was asked for.
        let quoted = QueryTerm {
            phrase: true,
            ..term("的")
        };
        assert_eq!(highlights("党的建设", &[quoted, term("建设")]), [(1, 4)]);
    }

    #[test]
    fn a_term_with_punctuation_found_as_typed_is_marked_whole_only() {
        let phrase = term_of("建设，推进", &["建设", "，", "推进"]);
        let text = "加强建设，推进改革。建设工作要推进";
        assert_eq!(highlights(text, [&phrase]), [(2, 7)]);
    }

    #[test]
    fn adjacent_terms_merge_into_one_highlight() {
        let terms = [term("党史"), term("学习"), term("教育")];
        assert_eq!(highlights("开展党史学习教育活动", &terms), [(2, 8)]);
    }

    #[test]
    fn literals_are_found_through_spaces_that_separate_nothing() {
        let text = "共开展活动 2000余场次，党史 学习";
        assert_eq!(highlights(text, &[term("活动2000")]), [(3, 10)]);
        assert_eq!(highlights(text, &[term("党史学习")]), [(14, 19)]);
        assert!(highlights("学习 app", &[term("学习app")]).is_empty());
    }

    #[test]
    fn offsets_are_char_offsets_into_the_original_text() {
        let terms = [term("app")];
        // Full-width letters are normalized for matching, offsets stay put.
        assert_eq!(highlights("安装ＡＰＰ和app", &terms), [(2, 5), (6, 9)]);
    }

    #[test]
    fn keyword_highlights_skip_lone_characters_beside_words() {
        let keywords = [
            Keyword {
                text: "分享".into(),
                related: Vec::new(),
            },
            Keyword {
                text: "到".into(),
                related: Vec::new(),
            },
        ];
        assert_eq!(
            keyword_highlights("分享经验，走到基层", &keywords),
            [(0, 2)]
        );
        let single = [Keyword {
            text: "到".into(),
            related: Vec::new(),
        }];
        assert_eq!(keyword_highlights("走到基层", &single), [(1, 2)]);
    }

    #[test]
    fn the_window_holds_the_most_distinct_terms_within_its_size() {
        // 党史 alone early; 党史 and 学习 together after 300 characters of
        // clauses ending in commas.
        let clauses = |c: &str| format!("{}，", c.repeat(9)).repeat(30);
        let text: Vec<char> = format!("前前党史。{}党史学习，{}", clauses("中"), clauses("后"))
            .chars()
            .collect();
        let at = 5 + 300;
        let (from, to) = window(&text, &[(2, 4), (at, at + 2), (at + 2, at + 4)]);
        assert!(from > 4 && from <= at && to >= at + 4, "{from}..{to}");
        assert!(to - from <= WINDOW_CHARS, "{from}..{to}");
        assert_eq!(text[from - 1], '，');
        assert_eq!(text[to - 1], '，');
        // Short paragraphs are whole; without highlights the window opens it.
        assert_eq!(window(&text[..50], &[]), (0, 50));
        let (from, to) = window(&text, &[]);
        assert_eq!(from, 0);
        assert!(to <= WINDOW_CHARS);
    }

    #[test]
    fn merge_keeps_separate_ranges_apart() {
        assert_eq!(
            merge(vec![(5, 7), (0, 2), (1, 3), (7, 8)]),
            [(0, 3), (5, 8)]
        );
    }
}
