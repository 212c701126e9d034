//! Property tests (proptest) of analysis, query parsing and highlighting:
//! for arbitrary strings nothing panics, normalization keeps every character
//! position, every token's byte range lies on character boundaries inside
//! the text, and every highlight marks a query term.

use std::sync::OnceLock;

use proptest::prelude::*;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use xunwen::analysis::normalize::{normalize, normalize_char};
use xunwen::analysis::{
    literal, matched_chars, Analyzer, CharNgramTokenizer, JiebaTokenizer, Segmenter, Workload,
};
use xunwen::search::parse::{parse, Scope, MAX_QUERY_CHARS};
use xunwen::search::plan::QueryPlan;
use xunwen::search::snippet::highlights;

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(Analyzer::new)
}

fn segmenter() -> &'static Segmenter {
    static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();
    SEGMENTER.get_or_init(Segmenter::new)
}

/// Characters that make analysis and parsing interesting: query operators
/// (ASCII and full-width), quotes, spaces of every kind, Simplified and
/// Traditional ideographs, a supplementary-plane ideograph, Latin letters
/// with case and width variants, digits, emoji, invisible format characters,
/// controls and U+FFFD.
const ALPHABET: &[char] = &[
    '"', '“', '”', '-', '－', ':', '：', '(', ')', '（', '）', '*', 'O', 'R', 'o', 'r', 't', 'i',
    'l', 'e', ' ', '\u{3000}', '\t', '\n', '\u{a0}', '党', '史', '学', '习', '教', '育', '乡',
    '村', '振', '兴', '黨', '鄉', '興', '學', '習', '國', '市', '长', '江', '大', '桥', '𠀀', 'A',
    'Ａ', 'ａ', 'ß', 'İ', 'Σ', '1', '１', '，', '。', '😀', '\u{200b}', '\u{200f}', '\u{feff}',
    '\u{1}', '\u{fffd}', 'é', 'e', '\u{301}',
];

fn spicy_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max)
        .prop_map(|chars| chars.into_iter().collect())
}

/// Arbitrary Unicode or the spicy alphabet, half and half.
fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(any::<char>(), 0..max).prop_map(|c| c.into_iter().collect()),
        spicy_string(max),
    ]
}

fn tokens<T: Tokenizer>(tokenizer: &mut T, text: &str) -> Vec<Token> {
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// Every token's byte range is on char boundaries inside `text`, its
/// position is an index among the characters literal matching reads (the
/// text normalized, without the spaces that separate nothing), and the
/// original characters it covers read as the token's text.
fn check_tokens(text: &str, tokens: &[Token]) -> Result<(), TestCaseError> {
    let read: Vec<char> = matched_chars(&normalize(text))
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    for t in tokens {
        prop_assert!(
            t.offset_from <= t.offset_to && t.offset_to <= text.len(),
            "{t:?}"
        );
        prop_assert!(text.is_char_boundary(t.offset_from), "{t:?}");
        prop_assert!(text.is_char_boundary(t.offset_to), "{t:?}");
        prop_assert!(t.position < read.len(), "{t:?}");
        let covered = literal(&text[t.offset_from..t.offset_to]);
        prop_assert_eq!(&covered, &t.text);
        let at_position: String = read
            .iter()
            .skip(t.position)
            .take(t.position_length)
            .collect();
        prop_assert_eq!(&at_position, &t.text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalization_keeps_chars_and_is_idempotent(s in any_text(64)) {
        let once = normalize(&s).into_owned();
        prop_assert_eq!(once.chars().count(), s.chars().count());
        let twice = normalize(&once).into_owned();
        prop_assert_eq!(&twice, &once);
        for (a, b) in s.chars().zip(once.chars()) {
            prop_assert_eq!(normalize_char(a), b);
        }
    }

    #[test]
    fn jieba_tokens_lie_on_char_boundaries(s in any_text(80)) {
        for mode in [Workload::Bulk, Workload::Interactive] {
            let mut tokenizer = JiebaTokenizer::new(segmenter().clone(), mode);
            check_tokens(&s, &tokens(&mut tokenizer, &s))?;
        }
    }

    #[test]
    fn char_ngrams_lie_on_char_boundaries(s in any_text(80)) {
        let mut tokenizer = CharNgramTokenizer::default();
        check_tokens(&s, &tokens(&mut tokenizer, &s))?;
    }

    #[test]
    fn query_words_are_inside_the_query(s in any_text(80)) {
        // Offsets count the characters of the query's literal form.
        let normalized: Vec<char> = literal(&s).chars().collect();
        let chars = normalized.len();
        for w in analyzer().query_words(&s) {
            let len = w.text.chars().count();
            prop_assert!(w.char_offset + len <= chars, "{w:?}");
            let at: String = normalized[w.char_offset..w.char_offset + len].iter().collect();
            prop_assert_eq!(at, w.text);
        }
    }

    #[test]
    fn parsing_never_panics(s in any_text(120)) {
        match parse(&s) {
            Ok(parsed) => prop_assert!(!parsed.clauses.is_empty()),
            Err(e) => {
                prop_assert!(e.position <= s.chars().count());
                // The message renders, on three lines, with the caret last;
                // a query of spaces alone has nothing to point at: one line.
                let shown = e.to_string();
                if s.chars().all(|c| c.is_whitespace()) {
                    prop_assert_eq!(shown.lines().count(), 1, "{}", shown);
                } else {
                    prop_assert_eq!(shown.lines().count(), 3, "{}", shown);
                    prop_assert!(shown.ends_with('^'));
                }
            }
        }
    }

    #[test]
    fn overlong_queries_are_errors(extra in 1usize..2000) {
        let q = "党".repeat(MAX_QUERY_CHARS + extra);
        prop_assert!(parse(&q).is_err());
    }

    /// Plans and highlights never panic; each highlight lies inside the
    /// text and, normalized, contains one of the query's terms.
    #[test]
    fn highlights_map_back_to_query_terms(
        query in spicy_string(24),
        before in any_text(40),
        after in any_text(40),
    ) {
        let Ok(parsed) = parse(&query) else { return Ok(()); };
        let plan = QueryPlan::new(&parsed, analyzer());
        let terms: Vec<_> = plan.positive_terms().filter(|t| t.scope == Scope::Text).collect();
        // The paragraph holds the query's atoms, amid arbitrary text.
        let atoms: Vec<String> = parsed
            .clauses
            .iter()
            .flat_map(|c| c.alternatives.iter().map(|a| a.text.clone()))
            .collect();
        let text = format!("{before}{}{after}", atoms.join(""));
        let chars = text.chars().count();
        let normalized: Vec<char> = normalize(&text).chars().collect();
        let needles: Vec<String> = terms
            .iter()
            .flat_map(|t| {
                let mut n = vec![t.literal.clone()];
                n.extend(t.words.iter().map(|w| w.text.clone()));
                n
            })
            .filter(|n| !n.is_empty())
            .collect();
        let spans = highlights(&text, terms.iter().copied());
        let mut last_end = 0;
        for (i, &(s, e)) in spans.iter().enumerate() {
            prop_assert!(s < e && e <= chars, "{s}..{e} of {chars}");
            prop_assert!(i == 0 || s > last_end, "unmerged {spans:?}");
            last_end = e;
            // Read as the index reads it: a space that separates nothing
            // (振 兴) is matched as if absent.
            let marked = literal(&normalized[s..e].iter().collect::<String>());
            prop_assert!(
                needles.iter().any(|n| marked.contains(n.as_str())),
                "{marked:?} holds none of {needles:?}"
            );
        }
        // A plain single term typed as is is always found.
        if let [term] = terms.as_slice() {
            if !term.literal.is_empty()
                && term.literal.chars().all(char::is_alphanumeric)
                && normalize(&text).contains(term.literal.as_str())
            {
                prop_assert!(!spans.is_empty(), "{:?} not highlighted in {text:?}", term.literal);
            }
        }
    }
}

#[test]
fn traditional_query_highlights_simplified_text_and_back() {
    let parsed = parse("黨史 鄉村振興").expect("parses");
    let plan = QueryPlan::new(&parsed, analyzer());
    let text = "开展党史学习教育，推进乡村振兴。";
    let spans = highlights(text, plan.positive_terms());
    let marked: Vec<String> = spans
        .iter()
        .map(|&(s, e)| text.chars().skip(s).take(e - s).collect())
        .collect();
    assert_eq!(marked, ["党史", "乡村振兴"]);
    let parsed = parse("党史 乡村振兴").expect("parses");
    let plan = QueryPlan::new(&parsed, analyzer());
    let text = "開展黨史學習教育，推進鄉村振興。";
    let spans = highlights(text, plan.positive_terms());
    let marked: Vec<String> = spans
        .iter()
        .map(|&(s, e)| text.chars().skip(s).take(e - s).collect())
        .collect();
    assert_eq!(marked, ["黨史", "鄉村振興"]);
}

/// Characters of the literal-recall corpus: words jieba knows, characters
/// that cut runs (punctuation, space), digits and a decimal point.
const RECALL_ALPHABET: &[char] = &[
    '鹤', '山', '市', '人', '民', '政', '府', '长', '江', '大', '桥', '党', '史', '学', '习', '教',
    '育', '中', '华', '共', '和', '国', '4', '5', '0', '.', '，', '。', 'a', 'B', ' ',
];

/// A small index of generated paragraphs (one document each), built once.
fn recall_index() -> &'static (xunwen::index::XunwenIndex, Vec<String>) {
    static INDEX: OnceLock<(xunwen::index::XunwenIndex, Vec<String>)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("literal-recall");
        let corpus = root.join("corpus");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&corpus).expect("corpus dir");
        // A fixed linear congruential sequence: the same corpus every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        let mut paragraphs = Vec::new();
        for doc in 0..40 {
            let len = 20 + next(60);
            // Starts and ends with a letter so the line is never trimmed.
            let mut text = String::from("鹤");
            for _ in 0..len {
                text.push(RECALL_ALPHABET[next(RECALL_ALPHABET.len())]);
            }
            text.push('党');
            std::fs::write(
                corpus.join(format!("doc{doc:02}.txt")),
                format!("测试文档第{doc}号\n\n{text}\n"),
            )
            .expect("write fixture");
            paragraphs.push(text);
        }
        let index_dir = root.join("index");
        xunwen::index::refresh(
            &corpus,
            &index_dir,
            analyzer(),
            &xunwen::index::RefreshOptions::default(),
            &|_| {},
        )
        .expect("build the recall index");
        let index = xunwen::index::XunwenIndex::open(&index_dir).expect("open");
        (index, paragraphs)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Recall never depends on the segmenter or on how the character field
    /// is cut: any literal piece of a paragraph, quoted, finds it.
    #[test]
    fn any_literal_piece_of_a_paragraph_finds_it(
        doc in 0usize..40,
        start in 0usize..100,
        len in 1usize..12,
    ) {
        let (index, paragraphs) = recall_index();
        let chars: Vec<char> = paragraphs[doc].chars().collect();
        let start = start % chars.len();
        let end = (start + len).min(chars.len());
        let piece: String = chars[start..end].iter().collect();
        let piece = piece.trim();
        prop_assume!(piece.chars().any(char::is_alphanumeric));
        let query = format!("\"{piece}\"");
        let results = xunwen::search::search(
            index,
            analyzer(),
            &query,
            xunwen::search::Limit::All,
        )
        .expect("search");
        let wanted = format!("doc{doc:02}.txt");
        prop_assert!(
            results.hits.iter().any(|h| h.doc == wanted),
            "{query} does not find {wanted}: {:?}",
            paragraphs[doc]
        );
    }
}
