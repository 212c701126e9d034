//! The two tantivy tokenizers of the index: jieba words and character n-grams.
//!
//! Both normalize first and report character positions, so the `words` and
//! `chars` fields agree on where a character is and phrase queries stay exact
//! (a literal is a phrase of character grams).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize::{is_indexable, normalize_char};
use super::segment::{Segmenter, Workload};
use super::spacing::{is_space, joins, stray_runs};

/// The tokens of the text being tokenized, in slots kept from one text to the
/// next: a slot's `String` keeps its capacity, so indexing a paragraph does not
/// allocate (and free) one string per token, which was about 7 % of a build.
#[derive(Default)]
struct TokenBuffer {
    slots: Vec<Token>,
    len: usize,
}

impl TokenBuffer {
    fn clear(&mut self) {
        self.len = 0;
    }

    /// Appends a token whose text `write_text` writes into an emptied string.
    fn push(
        &mut self,
        offsets: (usize, usize),
        position: usize,
        position_length: usize,
        write_text: impl FnOnce(&mut String),
    ) {
        if self.len == self.slots.len() {
            self.slots.push(Token::default());
        }
        let slot = &mut self.slots[self.len];
        (slot.offset_from, slot.offset_to) = offsets;
        slot.position = position;
        slot.position_length = position_length;
        slot.text.clear();
        write_text(&mut slot.text);
        self.len += 1;
    }

    fn stream(&mut self) -> VecTokenStream<'_> {
        VecTokenStream {
            tokens: &mut self.slots[..self.len],
            next: 0,
        }
    }
}

// Cloning a tokenizer (tantivy does, once per indexing thread) starts it with
// empty slots.
impl Clone for TokenBuffer {
    fn clone(&self) -> Self {
        TokenBuffer::default()
    }
}

/// Tokens of one text, computed eagerly (jieba returns a whole segmentation).
pub struct VecTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[i]
    }
}

/// The text jieba cuts, made in one pass over the original: normalized
/// ([`normalize_char`]), without the spaces that separate nothing
/// ([`super::spacing`]), and for each character kept the byte range of the
/// character it came from in the original, so a word's offsets are read by
/// its character index. Normalization is one char to one char, so only the
/// dropped spaces shift characters, and byte lengths differ (`Ａ` is 3 bytes,
/// `a` is 1).
///
/// Kept by the tokenizer from one text to the next: normalizing, joining and
/// mapping each paragraph separately (three passes, a copy and a byte-offset
/// table) was about 3 % of a build.
#[derive(Default)]
struct Prepared {
    text: String,
    /// Per character of `text`: where the original character starts.
    starts: Vec<usize>,
    /// Per character of `text`: where the original character ends.
    ends: Vec<usize>,
}

impl Prepared {
    fn fill(&mut self, original: &str) {
        self.text.clear();
        self.starts.clear();
        self.ends.clear();
        // The character before the pending run of spaces (never a space).
        let mut before = None;
        // The pending run of spaces, as a byte range of the original.
        let mut run: Option<(usize, usize)> = None;
        for (at, c) in original.char_indices() {
            let normalized = normalize_char(c);
            if is_space(normalized) {
                let end = at + c.len_utf8();
                run = Some(run.map_or((at, end), |(start, _)| (start, end)));
                continue;
            }
            if let Some((start, end)) = run.take() {
                if !before.is_some_and(|b| joins(b, normalized)) {
                    self.keep_all(original, start, end);
                }
            }
            self.keep(at, c, normalized);
            before = Some(normalized);
        }
        // Spaces at the end separate nothing from nothing: they stay.
        if let Some((start, end)) = run {
            self.keep_all(original, start, end);
        }
    }

    fn keep(&mut self, at: usize, original: char, normalized: char) {
        self.text.push(normalized);
        self.starts.push(at);
        self.ends.push(at + original.len_utf8());
    }

    /// Keeps the characters of `original[start..end]` (a run of spaces).
    fn keep_all(&mut self, original: &str, start: usize, end: usize) {
        for (at, c) in original[start..end].char_indices() {
            self.keep(start + at, c, normalize_char(c));
        }
    }

    /// The original byte range of the `chars` characters from `char_start`.
    fn original_range(&self, char_start: usize, chars: usize) -> (usize, usize) {
        let start = self.starts.get(char_start).copied().unwrap_or(0);
        let last = (char_start + chars).saturating_sub(1);
        (start, self.ends.get(last).copied().unwrap_or(start))
    }
}

// Like the buffer, a clone starts empty.
impl Clone for Prepared {
    fn clone(&self) -> Self {
        Prepared::default()
    }
}

/// jieba words, normalized, positioned by character index.
#[derive(Clone)]
pub struct JiebaTokenizer {
    segmenter: Segmenter,
    mode: Workload,
    tokens: TokenBuffer,
    prepared: Prepared,
}

impl JiebaTokenizer {
    /// A tokenizer cutting in `mode` with a shared segmenter.
    pub fn new(segmenter: Segmenter, mode: Workload) -> Self {
        JiebaTokenizer {
            segmenter,
            mode,
            tokens: TokenBuffer::default(),
            prepared: Prepared::default(),
        }
    }
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        self.prepared.fill(text);
        let prepared = &self.prepared;
        for word in self.segmenter.words(&prepared.text, self.mode) {
            let chars = word.text.chars().count();
            self.tokens.push(
                prepared.original_range(word.char_start, chars),
                word.char_start,
                chars,
                |text| text.push_str(word.text),
            );
        }
        self.tokens.stream()
    }
}

/// Character bigrams, positioned by character index, and a unigram for the
/// last character of each run of letters and digits.
///
/// This field makes recall independent of the segmenter: any literal string of
/// the text is a phrase of bigrams, even where jieba cuts across it
/// (市人民政府 inside 鹤山市|人民政府). A single character is the prefix of the
/// gram at its position: the bigram it starts or, at the end of a run, its
/// unigram. Indexing a unigram at every character as well would add as many
/// postings as the bigrams themselves (a quarter of the index) for the rare
/// one-character literal.
///
/// A space that separates nothing ([`super::spacing`]: 活动 2000, 党史 学习)
/// is read through: the grams run across it, and positions count the
/// characters without it, as the query's literal is counted.
#[derive(Clone, Default)]
pub struct CharNgramTokenizer {
    tokens: TokenBuffer,
    chars: CharBuffer,
}

impl Tokenizer for CharNgramTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        let chars = self.chars.fill(text);
        for (k, this) in chars.iter().enumerate() {
            if !is_indexable(this.normalized) {
                continue;
            }
            match chars
                .get(k + 1)
                .filter(|next| is_indexable(next.normalized))
            {
                Some(next) => self
                    .tokens
                    .push((this.start, next.end), this.position, 2, |text| {
                        text.push(this.normalized);
                        text.push(next.normalized);
                    }),
                None => self
                    .tokens
                    .push((this.start, this.end), this.position, 1, |text| {
                        text.push(this.normalized)
                    }),
            }
        }
        self.tokens.stream()
    }
}

/// One character of a text being cut into n-grams.
#[derive(Clone, Copy)]
struct Char {
    position: usize,
    start: usize,
    end: usize,
    normalized: char,
}

/// How many character bigrams `text` holds when each run of letters and
/// digits is cut into its overlapping bigrams (a run of one character counts
/// as one): the length of a document for BM25 over whole documents, in the
/// unit of the terms it counts. The index's own n-gram field adds a unigram
/// at the end of each run (for one-character literals), which would make
/// every length depend on how often punctuation breaks the text.
///
/// Normalizing a character never changes whether it is indexable (a test
/// checks every character), so the characters are read as they are: this
/// runs over every paragraph of a build.
pub fn bigram_count(text: &str) -> u64 {
    let (mut count, mut run) = (0u64, 0u64);
    for c in text.chars() {
        if is_indexable(c) {
            run += 1;
            continue;
        }
        count += run.saturating_sub(1).max(run.min(1));
        run = 0;
    }
    count + run.saturating_sub(1).max(run.min(1))
}

/// The characters of the text being cut, normalized, without the spaces
/// that separate nothing, positioned by their index among those kept. Kept
/// from one text to the next, like [`TokenBuffer`].
#[derive(Default)]
struct CharBuffer {
    chars: Vec<Char>,
    dropped: Vec<bool>,
}

impl CharBuffer {
    fn fill(&mut self, text: &str) -> &[Char] {
        self.chars.clear();
        let mut any_space = false;
        for (position, (byte, original)) in text.char_indices().enumerate() {
            let normalized = normalize_char(original);
            any_space |= normalized.is_whitespace();
            self.chars.push(Char {
                position,
                start: byte,
                end: byte + original.len_utf8(),
                normalized,
            });
        }
        if any_space {
            self.drop_stray_spaces();
        }
        &self.chars
    }

    /// Removes the spaces that separate nothing and renumbers the positions.
    fn drop_stray_spaces(&mut self) {
        self.dropped.clear();
        self.dropped.resize(self.chars.len(), false);
        let (chars, dropped) = (&self.chars, &mut self.dropped);
        stray_runs(
            chars.len(),
            |i| chars[i].normalized,
            |run| dropped[run].fill(true),
        );
        let mut kept = 0;
        for i in 0..self.chars.len() {
            if !self.dropped[i] {
                self.chars[kept] = Char {
                    position: kept,
                    ..self.chars[i]
                };
                kept += 1;
            }
        }
        self.chars.truncate(kept);
    }
}

// Like the token buffer, a clone starts empty.
impl Clone for CharBuffer {
    fn clone(&self) -> Self {
        CharBuffer::default()
    }
}

/// The n-grams a query literal is looked up by in the `chars` field, as
/// `(offset, gram)` pairs: a phrase of them matches exactly the texts that
/// contain the literal (modulo normalization and punctuation).
///
/// Non-overlapping bigrams suffice to pin every character (plus one
/// overlapping bigram at the end of an odd run), which halves the terms of the
/// phrase. A run of one character yields a one-character gram: the text
/// indexes it as a unigram when punctuation follows it, but at the end of the
/// literal the text may go on, so there it stands for any gram *starting*
/// with it ([`CharNgramTokenizer`] indexes a bigram there, or a unigram at the
/// end of a run).
pub fn literal_grams(normalized: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = normalized.chars().collect();
    let mut grams = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_indexable(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_indexable(chars[i]) {
            i += 1;
        }
        let run = &chars[start..i];
        if run.len() == 1 {
            grams.push((start, run[0].to_string()));
            continue;
        }
        let mut k = 0;
        while k + 2 <= run.len() {
            grams.push((start + k, run[k..k + 2].iter().collect()));
            k += 2;
        }
        if k < run.len() {
            let last = run.len() - 2;
            grams.push((start + last, run[last..].iter().collect()));
        }
    }
    grams
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_never_changes_whether_a_character_is_indexable() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_indexable(normalize_char(c)), is_indexable(c), "{c:?}");
        }
    }

    fn collect<T: Tokenizer>(tokenizer: &mut T, text: &str) -> Vec<Token> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    #[test]
    fn jieba_tokens_use_char_positions_and_original_byte_offsets() {
        let mut tok = JiebaTokenizer::new(Segmenter::new(), Workload::Bulk);
        let text = "ＡＰＰ鹤山市教育局";
        let tokens = collect(&mut tok, text);
        assert!(tokens.iter().any(|t| t.text == "app" && t.position == 0));
        let heshan = tokens
            .iter()
            .find(|t| t.text == "鹤山市")
            .expect("word 鹤山市");
        assert_eq!(heshan.position, 3);
        assert_eq!(&text[heshan.offset_from..heshan.offset_to], "鹤山市");
        for t in &tokens {
            assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
        }
    }

    /// What the prepared text must be: [`super::super::normalize`], then
    /// [`super::super::join_stray_spaces`]; and each character kept must come
    /// from the original character its range names.
    fn check_prepared(text: &str) {
        let mut prepared = Prepared::default();
        prepared.fill(text);
        let expected = super::super::join_stray_spaces(&super::super::normalize(text)).into_owned();
        assert_eq!(prepared.text, expected, "{text:?}");
        let kept: Vec<char> = prepared.text.chars().collect();
        assert_eq!(
            (prepared.starts.len(), prepared.ends.len()),
            (kept.len(), kept.len())
        );
        let mut last_end = 0;
        for (k, c) in kept.iter().enumerate() {
            let (start, end) = prepared.original_range(k, 1);
            let mut from = text[start..end].chars();
            assert_eq!(
                from.next().map(normalize_char),
                Some(*c),
                "{text:?} char {k}"
            );
            assert!(
                from.next().is_none() && start >= last_end,
                "{text:?} char {k}"
            );
            // Only spaces that separate nothing lie between kept characters.
            assert!(
                text[last_end..start].chars().all(char::is_whitespace),
                "{text:?}"
            );
            last_end = end;
        }
        assert!(text[last_end..].is_empty(), "{text:?}");
    }

    #[test]
    fn prepared_text_is_normalized_and_joined_and_maps_back() {
        for text in [
            "",
            "　",
            "ＡＰＰ鹤山市教育局",
            "活动 2０余，党史　学习 app  ",
            "  党 史 学 习\u{a0}2021 年 hello world",
            "黨史 學習，１５ 件",
        ] {
            check_prepared(text);
        }
        let mut tok = JiebaTokenizer::new(Segmenter::new(), Workload::Bulk);
        let text = "党史　学习 ＡＰＰ";
        let words: Vec<(String, usize, &str)> = collect(&mut tok, text)
            .into_iter()
            .map(|t| (t.text, t.position, &text[t.offset_from..t.offset_to]))
            .collect();
        assert_eq!(
            words,
            [
                ("党史".to_string(), 0, "党史"),
                ("学习".to_string(), 2, "学习"),
                ("app".to_string(), 5, "ＡＰＰ")
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn prepared_text_maps_back_on_any_text(text in "[党黨史 1１aＡ\u{3000}\u{a0}\t，,𠀀]{0,24}") {
            check_prepared(&text);
        }
    }

    #[test]
    fn ngrams_start_at_every_indexable_char_and_skip_punctuation() {
        let mut tok = CharNgramTokenizer::default();
        let text = "市长说，好";
        let tokens = collect(&mut tok, text);
        let texts: Vec<(&str, usize)> = tokens
            .iter()
            .map(|t| (t.text.as_str(), t.position))
            .collect();
        // Bigrams, and a unigram where a run ends.
        assert_eq!(texts, [("市长", 0), ("长说", 1), ("说", 2), ("好", 4)]);
        for t in &tokens {
            assert_eq!(
                text[t.offset_from..t.offset_to].chars().count(),
                t.position_length
            );
        }
    }

    #[test]
    fn grams_run_through_spaces_that_separate_nothing() {
        let mut tok = CharNgramTokenizer::default();
        let text = "活动 2０余，党史　学习 app";
        let tokens = collect(&mut tok, text);
        let texts: Vec<(&str, usize)> = tokens
            .iter()
            .map(|t| (t.text.as_str(), t.position))
            .collect();
        // Positions count the characters kept: the literal 活动20余 is the
        // phrase 活动@0 20@2 余@4, as the query counts it.
        assert_eq!(
            texts,
            [
                ("活动", 0),
                ("动2", 1),
                ("20", 2),
                ("0余", 3),
                ("余", 4),
                ("党史", 6),
                ("史学", 7),
                ("学习", 8),
                ("习", 9),
                ("ap", 11),
                ("pp", 12),
                ("p", 13)
            ]
        );
        assert_eq!(&text[tokens[1].offset_from..tokens[1].offset_to], "动 2");
        let literal: Vec<(usize, String)> = literal_grams("活动20余");
        assert_eq!(
            literal,
            [(0, "活动".into()), (2, "20".into()), (3, "0余".into())]
        );
    }

    #[test]
    fn jieba_positions_count_the_characters_kept() {
        let mut tok = JiebaTokenizer::new(Segmenter::new(), Workload::Interactive);
        let text = "党史　学习，ＡＰＰ";
        let tokens = collect(&mut tok, text);
        let found: Vec<(&str, usize, &str)> = tokens
            .iter()
            .map(|t| {
                (
                    t.text.as_str(),
                    t.position,
                    &text[t.offset_from..t.offset_to],
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("党史", 0, "党史"),
                ("学习", 2, "学习"),
                ("app", 5, "ＡＰＰ")
            ]
        );
    }

    #[test]
    fn a_reused_tokenizer_gives_what_a_fresh_one_gives() {
        let long = "鹤山市教育局召开党史学习教育动员大会，部署全市教育系统工作";
        let short = "市长说";
        let mut words = JiebaTokenizer::new(Segmenter::new(), Workload::Bulk);
        let mut chars = CharNgramTokenizer::default();
        collect(&mut words, long);
        collect(&mut chars, long);
        let fresh_words = JiebaTokenizer::new(Segmenter::new(), Workload::Bulk);
        assert_eq!(
            collect(&mut words, short),
            collect(&mut fresh_words.clone(), short)
        );
        assert_eq!(
            collect(&mut chars, short),
            collect(&mut CharNgramTokenizer::default(), short)
        );
        // The same text cut again, and by a clone of the tokenizer (one per
        // indexing thread), gives the same tokens.
        let again = collect(&mut words, short);
        assert_eq!(again, collect(&mut fresh_words.clone(), short));
        assert_eq!(collect(&mut words.clone(), short), again);
        assert!(!again.is_empty());
    }

    #[test]
    fn bigram_counts_are_overlapping_bigrams_per_run() {
        assert_eq!(bigram_count(""), 0);
        assert_eq!(bigram_count("党"), 1);
        assert_eq!(bigram_count("党史"), 1);
        assert_eq!(bigram_count("市人民政府"), 4);
        assert_eq!(bigram_count("鹤山，市 a"), 1 + 1 + 1);
        assert_eq!(bigram_count("ＡＢ2024年"), 6);
    }

    #[test]
    fn literal_grams_pin_every_char() {
        assert_eq!(literal_grams("党"), [(0, "党".to_string())]);
        assert_eq!(literal_grams("党史"), [(0, "党史".to_string())]);
        let grams: Vec<(usize, String)> = literal_grams("市人民政府");
        assert_eq!(
            grams,
            [(0, "市人".into()), (2, "民政".into()), (3, "政府".into())]
        );
        assert_eq!(literal_grams("a-b"), [(0, "a".into()), (2, "b".into())]);
        assert!(literal_grams("，。").is_empty());
    }
}
