//! The two tantivy tokenizers of the index: jieba words and character n-grams.
//!
//! Both normalize first and report character positions, so the `words` and
//! `chars` fields agree on where a character is and phrase queries stay exact
//! (a literal is a phrase of character grams).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::normalize::{is_indexable, normalize, normalize_char};
use super::segment::{Segmenter, Workload};

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

/// Maps byte offsets of the normalized text back onto the original text.
/// Normalization is one char to one char, so char index `i` is the same in
/// both; only byte lengths differ (`Ａ` is 3 bytes, `a` is 1). Kept by the
/// tokenizer from one text to the next: most paragraphs hold full-width
/// punctuation (`，` → `,`), and building the map afresh for each (two
/// allocations and a binary search per word) was 5 % of a build.
#[derive(Default)]
struct OffsetMap {
    /// Whether the normalized text differs from the original at all.
    differs: bool,
    /// At each char boundary of the normalized text, the original's byte
    /// offset of the same char (other entries unused).
    original_at: Vec<usize>,
}

impl OffsetMap {
    fn fill(&mut self, original: &str, normalized: &str) {
        // `normalize` borrows the original when nothing changed.
        self.differs = !std::ptr::eq(original, normalized);
        if !self.differs {
            return;
        }
        self.original_at.clear();
        self.original_at
            .resize(normalized.len() + 1, original.len());
        for ((n, _), (o, _)) in normalized.char_indices().zip(original.char_indices()) {
            self.original_at[n] = o;
        }
    }

    fn to_original(&self, normalized_byte: usize) -> usize {
        if !self.differs {
            return normalized_byte;
        }
        self.original_at
            .get(normalized_byte)
            .copied()
            .unwrap_or_else(|| self.original_at.last().copied().unwrap_or(0))
    }
}

// Like the buffer, a clone starts empty.
impl Clone for OffsetMap {
    fn clone(&self) -> Self {
        OffsetMap::default()
    }
}

/// jieba words, normalized, positioned by character index.
#[derive(Clone)]
pub struct JiebaTokenizer {
    segmenter: Segmenter,
    mode: Workload,
    tokens: TokenBuffer,
    offsets: OffsetMap,
}

impl JiebaTokenizer {
    /// A tokenizer cutting in `mode` with a shared segmenter.
    pub fn new(segmenter: Segmenter, mode: Workload) -> Self {
        JiebaTokenizer {
            segmenter,
            mode,
            tokens: TokenBuffer::default(),
            offsets: OffsetMap::default(),
        }
    }
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        let normalized = normalize(text);
        self.offsets.fill(text, &normalized);
        for word in self.segmenter.words(&normalized, self.mode) {
            self.tokens.push(
                (
                    self.offsets.to_original(word.byte_start),
                    self.offsets.to_original(word.byte_end),
                ),
                word.char_start,
                word.text.chars().count(),
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
#[derive(Clone, Default)]
pub struct CharNgramTokenizer {
    tokens: TokenBuffer,
}

impl Tokenizer for CharNgramTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        // Each character normalized once, with where it stands.
        let mut chars = text
            .char_indices()
            .enumerate()
            .map(|(position, (byte, original))| Char {
                position,
                start: byte,
                end: byte + original.len_utf8(),
                normalized: normalize_char(original),
            })
            .peekable();
        while let Some(this) = chars.next() {
            if !is_indexable(this.normalized) {
                continue;
            }
            match chars.peek().filter(|next| is_indexable(next.normalized)) {
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
