//! Word segmentation with jieba, for documents and for queries.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use jieba_rs::Jieba;

use super::normalize::is_indexable;
use super::query_dict::QueryDict;
use super::user_dict::UserDict;

/// Words longer than this (in bytes) are not indexed as words: they are runs of
/// Latin letters or digits (URLs, hashes, base64) that nobody types as a query,
/// and the character field still finds them literally.
pub const MAX_WORD_BYTES: usize = 200;

/// What the text is cut for, which decides only the dictionary: documents
/// in bulk or a query typed now.
///
/// Both get jieba's default cut with HMM (反诈 is one word only with HMM), so
/// a query word and an indexed word agree by construction; the workloads
/// differ in when the full dictionary is loaded (see [`Segmenter`]).
///
/// Documents were cut in jieba's search mode until index format 4: each word
/// plus its 2- and 3-character dictionary sub-words (鹤山市 also gave 鹤山).
/// Once the character field found every literal, sub-words only added
/// postings: without them a build is 5 % faster and no evaluation set moves
/// by more than 0.006 MRR@10 (RELEVANCE.md, decision 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// Document text: a large job loads jieba's full dictionary.
    Bulk,
    /// Query text: cut with the embedded query dictionary until the full
    /// one happens to be loaded.
    Interactive,
}

/// One segmented word of a normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word itself, a slice of the segmented text.
    pub text: &'a str,
    /// Character index of the word's first character. Sub-words share their
    /// parent's character range, so character positions keep phrases exact.
    pub char_start: usize,
    /// Byte range of the word in the segmented text.
    pub byte_start: usize,
    /// End of the byte range (exclusive).
    pub byte_end: usize,
}

/// Bytes of text the segmenter cuts with per-text dictionaries before it
/// builds the full one. Building jieba's full dictionary costs 100–250 ms;
/// per-text dictionaries cost ~0.4 ms per KB of text (22 ms for a 55 KB
/// policy document), so up to 256 KB they cost less than the full one at
/// its best: a refresh that indexes a few new documents never pays for the
/// full dictionary, and a big build pays for it once.
pub const LIGHT_SEGMENTATION_BYTES: usize = 256 << 10;

/// A shared jieba segmenter.
///
/// Building jieba's dictionary costs ~100 ms and ~33 MB, and cloning a `Jieba`
/// deep-copies it, so every tokenizer and thread shares one behind an `Arc`,
/// built on first need. Until then, cuts use a jieba built for the text at
/// hand from the precompiled dictionary of [`super::query_dict`], which gives
/// the same words in both modes (its tests compare the two): a command-line
/// search never loads the full dictionary, nor does a refresh that indexes
/// less than [`LIGHT_SEGMENTATION_BYTES`].
#[derive(Clone, Default)]
pub struct Segmenter {
    full: Arc<OnceLock<Jieba>>,
    /// Words added to jieba's dictionary, on both sides alike.
    user: Arc<UserDict>,
    /// Bytes cut on the index side without the full dictionary so far.
    light_bytes: Arc<AtomicUsize>,
    /// Set by [`Self::prepare_bulk`]: document cuts wait for the full
    /// dictionary rather than cut with per-text ones.
    bulk: Arc<AtomicBool>,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.is_loaded() {
            "loaded"
        } else {
            "not loaded yet"
        };
        let words = self.user.words().len();
        write!(
            f,
            "Segmenter(jieba default dictionary + {words} user words, {state})"
        )
    }
}

impl Segmenter {
    /// A segmenter with jieba's default dictionary, loaded on first need.
    pub fn new() -> Self {
        Segmenter::default()
    }

    /// A segmenter with `user`'s words added to jieba's dictionary.
    pub fn with_user_dict(user: UserDict) -> Self {
        Segmenter {
            user: Arc::new(user),
            ..Segmenter::default()
        }
    }

    /// The user dictionary in use (empty when there is none).
    pub fn user_dict(&self) -> &UserDict {
        &self.user
    }

    /// Whether jieba's full dictionary has been built (by [`Self::preload`]
    /// or by index-side cuts past [`LIGHT_SEGMENTATION_BYTES`]).
    pub fn is_loaded(&self) -> bool {
        self.full.get().is_some()
    }

    /// Loads the full dictionary now rather than on the first index-side cut.
    pub fn preload(&self) {
        self.jieba();
    }

    /// Readies the segmenter for a job that will cut `bytes` of document
    /// text. Past [`LIGHT_SEGMENTATION_BYTES`] the job would build the full
    /// dictionary anyway, after cutting its first 256 KB with per-text ones
    /// (and with one indexing thread waiting while another built it): it is
    /// built now instead, on a thread of its own while the first files are
    /// read, and document cuts use it from the first. The words are the
    /// same either way.
    pub fn prepare_bulk(&self, bytes: u64) {
        if bytes <= LIGHT_SEGMENTATION_BYTES as u64 || self.is_loaded() {
            return;
        }
        self.bulk.store(true, Ordering::Relaxed);
        let segmenter = self.clone();
        // Without a thread of its own, the first cut builds it.
        let _ = std::thread::Builder::new()
            .name("jieba-dictionary".into())
            .spawn(move || segmenter.preload());
    }

    fn jieba(&self) -> &Jieba {
        self.full.get_or_init(|| {
            let mut jieba = Jieba::new();
            for w in self.user.words() {
                jieba.add_word(&w.word, Some(w.frequency as usize), w.tag.as_deref());
            }
            jieba
        })
    }

    /// Segments already-normalized text, keeping only words that contain a
    /// letter or digit (punctuation and spaces are separators, not words).
    pub fn words<'a>(&self, normalized: &'a str, mode: Workload) -> Vec<Word<'a>> {
        let full = match (mode, self.full.get()) {
            (_, Some(jieba)) => Some(jieba),
            (Workload::Interactive, None) => None,
            (Workload::Bulk, None) if self.bulk.load(Ordering::Relaxed) => Some(self.jieba()),
            (Workload::Bulk, None) => {
                let cut = self
                    .light_bytes
                    .fetch_add(normalized.len(), Ordering::Relaxed);
                (cut + normalized.len() > LIGHT_SEGMENTATION_BYTES).then(|| self.jieba())
            }
        };
        let light;
        let jieba = match full {
            Some(jieba) => jieba,
            None => {
                light = QueryDict::embedded().jieba_with(normalized, self.user.words());
                &light
            }
        };
        jieba
            .cut(normalized, true)
            .into_iter()
            .filter(|t| t.word.len() <= MAX_WORD_BYTES && t.word.chars().any(is_indexable))
            .map(|t| Word {
                text: t.word,
                char_start: t.start,
                byte_start: t.byte_start,
                byte_end: t.byte_end,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: &[Word<'_>]) -> Vec<String> {
        words.iter().map(|w| w.text.to_string()).collect()
    }

    #[test]
    fn documents_and_queries_are_cut_alike_without_sub_words() {
        let seg = Segmenter::new();
        let text = "中华人民共和国鹤山市";
        let index_side = texts(&seg.words(text, Workload::Bulk));
        assert_eq!(index_side, texts(&seg.words(text, Workload::Interactive)));
        assert_eq!(index_side, ["中华人民共和国", "鹤山市"]);
        let starts: Vec<usize> = seg
            .words(text, Workload::Bulk)
            .iter()
            .map(|w| w.char_start)
            .collect();
        assert_eq!(starts, [0, 7]);
    }

    #[test]
    fn a_bulk_job_cuts_with_the_full_dictionary_from_the_first_text() {
        let text = "鹤山市人民政府召开反诈宣传工作会议";
        let light = Segmenter::new();
        let small = Segmenter::new();
        small.prepare_bulk(LIGHT_SEGMENTATION_BYTES as u64);
        let bulk = Segmenter::new();
        bulk.prepare_bulk(LIGHT_SEGMENTATION_BYTES as u64 + 1);
        let words = texts(&bulk.words(text, Workload::Bulk));
        assert!(
            bulk.is_loaded(),
            "the first document cut waits for the full dictionary"
        );
        assert_eq!(words, texts(&light.words(text, Workload::Bulk)));
        assert!(
            !light.is_loaded(),
            "a small job still cuts with per-text dictionaries"
        );
        assert_eq!(words, texts(&small.words(text, Workload::Bulk)));
        assert!(!small.is_loaded());
    }

    #[test]
    fn query_mode_keeps_a_dictionary_word_whole() {
        let seg = Segmenter::new();
        assert_eq!(
            texts(&seg.words("鹤山市", Workload::Interactive)),
            ["鹤山市"]
        );
    }

    #[test]
    fn punctuation_and_spaces_are_not_words() {
        let seg = Segmenter::new();
        let words = texts(&seg.words("党史， 学习！", Workload::Interactive));
        assert_eq!(words, ["党史", "学习"]);
    }

    #[test]
    fn query_cuts_agree_before_and_after_the_full_dictionary_loads() {
        let seg = Segmenter::new();
        let texts = [
            "鹤山市人民政府关于党史学习教育的通知",
            "乡村振兴 人才 政策",
            "反诈app 5g 中华人民共和国",
        ];
        let lazy: Vec<Vec<String>> = texts
            .iter()
            .map(|t| super::tests::texts(&seg.words(t, Workload::Interactive)))
            .collect();
        assert!(!seg.is_loaded());
        seg.preload();
        for (t, before) in texts.iter().zip(&lazy) {
            assert_eq!(&texts_of(&seg, t), before, "{t}");
        }
    }

    fn texts_of(seg: &Segmenter, t: &str) -> Vec<String> {
        texts(&seg.words(t, Workload::Interactive))
    }

    #[test]
    fn index_cuts_agree_before_and_after_the_full_dictionary_loads() {
        let seg = Segmenter::new();
        let text = "鹤山市人民政府召开常务会议，研究部署反诈宣传工作";
        let light = texts(&seg.words(text, Workload::Bulk));
        assert!(!seg.is_loaded(), "a short text stays light");
        seg.preload();
        assert_eq!(texts(&seg.words(text, Workload::Bulk)), light);
    }

    #[test]
    fn a_large_job_loads_the_full_dictionary_once() {
        let seg = Segmenter::new();
        let paragraph = "各镇街要立即开展汛期安全隐患排查，确保群众生命财产安全。".repeat(40);
        let mut cut = 0;
        while cut <= LIGHT_SEGMENTATION_BYTES {
            seg.words(&paragraph, Workload::Bulk);
            cut += paragraph.len();
        }
        assert!(seg.is_loaded());
    }

    #[test]
    fn user_words_are_kept_whole_alike_before_and_after_the_full_dictionary_loads() {
        let text = "加快培育新质生产力，谋划十五五发展";
        let plain = texts(&Segmenter::new().words(text, Workload::Interactive));
        assert!(!plain.contains(&"新质生产力".to_string()), "{plain:?}");
        let dict = UserDict::parse("新质生产力 2000 n\n十五五\n", "d.txt").expect("reads");
        let seg = Segmenter::with_user_dict(dict);
        let light = texts(&seg.words(text, Workload::Interactive));
        assert!(light.contains(&"新质生产力".to_string()), "{light:?}");
        assert!(light.contains(&"十五五".to_string()), "{light:?}");
        seg.preload();
        assert_eq!(texts(&seg.words(text, Workload::Bulk)), light);
    }

    #[test]
    fn byte_ranges_slice_the_input() {
        let seg = Segmenter::new();
        let text = "鹤山市教育局abc 2021年";
        for w in seg.words(text, Workload::Bulk) {
            assert_eq!(&text[w.byte_start..w.byte_end], w.text);
        }
    }
}
