//! Query-time segmentation without building jieba's dictionary.
//!
//! `Jieba::new()` parses and hashes 349,045 dictionary entries: 90–170 ms of
//! every command-line search. But jieba's default cut of a sentence depends
//! only on
//! - the dictionary words that occur as substrings of the sentence, with their
//!   frequencies (they make the DAG of candidate words and their weights);
//! - the dictionary's total frequency (each word weighs `ln(freq) - ln(total)`,
//!   a character outside the dictionary `ln(1) - ln(total)`);
//! - the HMM model for runs the route leaves as single characters (jieba's
//!   built-in model in both cases: neither side sets another);
//! - whether a run of single characters is itself a dictionary word (a
//!   substring again).
//!
//! So [`QueryDict::jieba_for`] builds a `Jieba::empty()` holding only the
//! dictionary words found in the text, each with its own frequency, plus one
//! sentinel word whose characters never occur in the text and whose frequency
//! brings the total to the full dictionary's. Every number the route
//! computation reads (`ln(freq)`, `ln(total)`) is then bit-for-bit the number
//! the full dictionary gives, and the cut is the same. The tests below check
//! it against `Jieba::new()` on fixtures, random substrings and every
//! dictionary word.
//!
//! The words and frequencies come from [`EMBEDDED`]: jieba-rs 0.11's
//! `dict.txt` (MIT, see `jieba_dict.NOTICE`) compiled into an fst map, built
//! into the binary and read in place: nothing is parsed or hashed at start-up.
//! jieba-rs has no accessor for its records, so the file is generated from the
//! crate's `src/data/dict.txt` by [`compile`] (run the ignored test
//! `regenerate_embedded_dictionary`); a test checks it against the dictionary
//! `Jieba::new()` loads (word count and total frequency) and, when the crate
//! source is at hand, byte for byte.

use std::collections::HashMap;
use std::sync::OnceLock;

use fst::raw::{Fst, Output};
use fst::Map;
use jieba_rs::Jieba;

use super::user_dict::UserWord;

/// jieba's default dictionary as an fst map: word → frequency; the empty key
/// holds the total frequency.
pub static EMBEDDED: &[u8] = include_bytes!("jieba_dict.fst");

/// The words and frequencies of a jieba dictionary, as a read-only fst.
pub struct QueryDict {
    map: Map<&'static [u8]>,
    total: u64,
}

impl std::fmt::Debug for QueryDict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryDict")
            .field("words", &(self.map.len() - 1))
            .field("total_freq", &self.total)
            .finish()
    }
}

impl QueryDict {
    /// jieba's default dictionary, as compiled into the binary. Opening it
    /// only checks the fst header (microseconds).
    pub fn embedded() -> &'static QueryDict {
        static DICT: OnceLock<QueryDict> = OnceLock::new();
        DICT.get_or_init(|| {
            QueryDict::from_bytes(EMBEDDED).expect("the embedded jieba dictionary is a valid fst")
        })
    }

    /// Reads a dictionary produced by [`compile`].
    pub fn from_bytes(bytes: &'static [u8]) -> Result<QueryDict, fst::Error> {
        let map = Map::new(bytes)?;
        let total = map.get("").unwrap_or(0);
        Ok(QueryDict { map, total })
    }

    /// Number of dictionary words.
    pub fn len(&self) -> usize {
        self.map.len().saturating_sub(1)
    }

    /// Whether the dictionary has no words.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sum of all word frequencies (jieba's `total`).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Frequency of `word`, if it is a dictionary word.
    pub fn freq(&self, word: &str) -> Option<u64> {
        if word.is_empty() {
            return None;
        }
        self.map.get(word)
    }

    /// Every dictionary word occurring in `text`, with its frequency, sorted
    /// and without repeats.
    pub fn words_in<'t>(&self, text: &'t str) -> Vec<(&'t str, u64)> {
        let fst: &Fst<&[u8]> = self.map.as_fst();
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        for (start, _) in text.char_indices() {
            let mut node = fst.root();
            let mut out = Output::zero();
            for (i, &b) in bytes[start..].iter().enumerate() {
                let Some(t) = node.find_input(b) else { break };
                let t = node.transition(t);
                out = out.cat(t.out);
                node = fst.node(t.addr);
                if node.is_final() {
                    // A key is whole UTF-8, so it ends on a char boundary.
                    let end = start + i + 1;
                    found.push((&text[start..end], out.cat(node.final_output()).value()));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// A jieba whose default cut of `text` (HMM on or off) is that of
    /// the full dictionary: the dictionary words of `text`, and
    /// a sentinel making up the total frequency.
    pub fn jieba_for(&self, text: &str) -> Jieba {
        self.jieba_with(text, &[])
    }

    /// The same, for the full dictionary with `user`'s words added (as
    /// `Jieba::add_word` adds them: a listed word's frequency replaces the
    /// dictionary's, and the total follows).
    pub fn jieba_with(&self, text: &str, user: &[UserWord]) -> Jieba {
        let mut total = self.total;
        let mut replaced: HashMap<&str, u64> = HashMap::new();
        for u in user {
            let before = replaced
                .get(u.word.as_str())
                .copied()
                .or_else(|| self.freq(&u.word))
                .unwrap_or(0);
            total = (total + u.frequency).saturating_sub(before);
            replaced.insert(&u.word, u.frequency);
        }
        let mut jieba = Jieba::empty();
        let mut sum = 0u64;
        for (word, freq) in self.words_in(text) {
            if !replaced.contains_key(word) {
                jieba.add_word(word, Some(freq as usize), None);
                sum += freq;
            }
        }
        for (word, freq) in replaced {
            if text.contains(word) {
                jieba.add_word(word, Some(freq as usize), None);
                sum += freq;
            }
        }
        let rest = total.saturating_sub(sum);
        if rest > 0 {
            // Private-use characters are not Han, so jieba never looks them
            // up; pick one the text does not contain all the same.
            let sentinel = ('\u{e000}'..='\u{f8ff}')
                .find(|c| !text.contains(*c))
                .unwrap_or('\u{f8ff}');
            jieba.add_word(&sentinel.to_string(), Some(rest as usize), None);
        }
        jieba
    }
}

/// Compiles a jieba dictionary text (`word freq [tag]` per line) into the fst
/// [`QueryDict::from_bytes`] reads. A word listed twice keeps its last
/// frequency, as in jieba's trie; the total counts every line, as jieba's does.
pub fn compile(dict_txt: &str) -> Result<Vec<u8>, fst::Error> {
    let mut words: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
    let mut total = 0u64;
    for line in dict_txt.lines() {
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq = fields.next().and_then(|f| f.parse().ok()).unwrap_or(0);
        total += freq;
        words.insert(word, freq);
    }
    let mut builder = fst::MapBuilder::memory();
    builder.insert("", total)?;
    for (word, freq) in words {
        builder.insert(word, freq)?;
    }
    builder.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static FULL: LazyLock<Jieba> = LazyLock::new(Jieba::new);

    const FIXTURES: &[&str] = &[
        "党史",
        "乡村振兴 人才 政策",
        "鹤山市人民政府关于印发党史学习教育实施方案的通知",
        "中华人民共和国个人信息保护法",
        "市人民政府",
        "反诈宣传进社区",
        "南京市长江大桥",
        "我来到北京清华大学",
        "他来到了网易杭研大厦",
        "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
        "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
        "结过婚的和尚未结过婚的",
        "2023年7月，国务院办公厅印发《关于进一步优化营商环境的意见》。",
        "app下载地址：www.gov.cn/zhengce/2021-06/01/content_5614684.htm",
        "新冠肺炎疫情防控 covid-19 5g基站 c++ c# 4s店",
        "习近平总书记在庆祝中国共产党成立100周年大会上的重要讲话",
        "二〇二一年三月十二日 第十三届全国人民代表大会第四次会议",
        "全过程人民民主 双碳目标 专精特新 放管服",
        "一带一路倡议提出十周年",
        "（一）坚持党的全面领导；（二）坚持以人民为中心",
        "上海浦东新区张江高科技园区",
        "数字政府建设 政务服务一网通办 最多跑一次",
        "阿里巴巴集团控股有限公司 腾讯 字节跳动",
        "這是繁體中文的句子，台灣與香港",
        "ｆｕｌｌ-width ＡＰＰ　１２３ mixed 文本",
        "粤港澳大湾区建设领导小组全体会议",
        "村民委员会组织法 居民委员会 街道办事处",
        "",
        "，。！？",
        "a",
        "党",
    ];

    fn full_cut(s: &str, hmm: bool) -> Vec<String> {
        FULL.cut(s, hmm)
            .into_iter()
            .map(|t| t.word.to_string())
            .collect()
    }

    fn small_cut(s: &str, hmm: bool) -> Vec<String> {
        let jieba = QueryDict::embedded().jieba_for(s);
        jieba
            .cut(s, hmm)
            .into_iter()
            .map(|t| t.word.to_string())
            .collect()
    }

    fn assert_same(s: &str) {
        for hmm in [true, false] {
            assert_eq!(small_cut(s, hmm), full_cut(s, hmm), "cut({s:?}, hmm={hmm})");
        }
        let jieba = QueryDict::embedded().jieba_for(s);
        let small: Vec<_> = jieba
            .cut(s, true)
            .into_iter()
            .map(|t| (t.word, t.start, t.byte_start))
            .collect();
        let full: Vec<_> = FULL
            .cut(s, true)
            .into_iter()
            .map(|t| (t.word, t.start, t.byte_start))
            .collect();
        assert_eq!(small, full, "positions of cut({s:?})");
    }

    #[test]
    fn embedded_dictionary_is_the_one_jieba_loads() {
        let dict = QueryDict::embedded();
        // jieba-rs exposes its record count and total only through Debug.
        let debug = format!("{:?}", *FULL);
        assert_eq!(
            debug,
            format!(
                "Jieba {{ records_len: {}, total_freq: {} }}",
                dict.len(),
                dict.total()
            )
        );
        let mut stream = dict.map.stream();
        use fst::Streamer;
        let mut n = 0;
        while let Some((word, _)) = stream.next() {
            if !word.is_empty() {
                let word = std::str::from_utf8(word).expect("utf-8 key");
                assert!(FULL.has_word(word), "{word} is not in jieba's dictionary");
                n += 1;
            }
        }
        assert_eq!(n, dict.len());
    }

    /// The crate source of jieba-rs, when cargo's registry is at hand.
    fn jieba_dict_txt() -> Option<String> {
        let home = std::env::var_os("CARGO_HOME")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo"))
            })?;
        let src = std::fs::read_dir(home.join("registry/src")).ok()?;
        src.flatten()
            .map(|d| d.path().join("jieba-rs-0.11.0/src/data/dict.txt"))
            .find(|p| p.is_file())
            .and_then(|p| std::fs::read_to_string(p).ok())
    }

    #[test]
    fn embedded_dictionary_is_compiled_from_jieba_rs_dict_txt() {
        // jieba-rs is a dependency, so a build has its source in cargo's
        // registry: its absence is a failure, not a reason to skip.
        let text = jieba_dict_txt().expect("jieba-rs 0.11.0 source in cargo's registry");
        assert!(
            compile(&text).expect("compile") == EMBEDDED,
            "jieba_dict.fst is stale: run `cargo test --lib regenerate_embedded_dictionary -- --ignored`"
        );
    }

    #[test]
    #[ignore = "rewrites src/analysis/jieba_dict.fst from the jieba-rs crate source"]
    fn regenerate_embedded_dictionary() {
        let text = jieba_dict_txt().expect("jieba-rs 0.11.0 source in cargo's registry");
        let bytes = compile(&text).expect("compile");
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis/jieba_dict.fst");
        std::fs::write(path, bytes).expect("write jieba_dict.fst");
    }

    #[test]
    fn words_in_finds_every_dictionary_substring_once() {
        let dict = QueryDict::embedded();
        let text = "鹤山市人民政府人民";
        let words = dict.words_in(text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut expected = Vec::new();
        for (i, &(a, _)) in chars.iter().enumerate() {
            for &(b, c) in &chars[i..] {
                let w = &text[a..b + c.len_utf8()];
                if let Some(f) = dict.freq(w) {
                    assert!(FULL.has_word(w));
                    expected.push((w, f));
                }
            }
        }
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(words, expected);
        assert!(words.iter().any(|(w, _)| *w == "人民政府"));
    }

    #[test]
    fn fixtures_cut_as_with_the_full_dictionary() {
        for s in FIXTURES {
            assert_same(s);
            assert_same(&crate::analysis::normalize(s));
        }
    }

    #[test]
    fn every_substring_of_the_fixtures_cuts_alike() {
        for s in FIXTURES {
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            for (i, &a) in bounds.iter().enumerate() {
                for &b in bounds[i + 1..].iter().take(16) {
                    assert_same(&s[a..b]);
                }
            }
        }
    }

    #[test]
    fn every_dictionary_word_and_word_pair_cuts_alike() {
        // Each word alone, and glued to its successor: the cases where the
        // route has the most dictionary edges to choose from.
        let mut stream = QueryDict::embedded().map.stream();
        use fst::Streamer;
        let mut previous = String::new();
        let mut i = 0usize;
        while let Some((word, _)) = stream.next() {
            let word = std::str::from_utf8(word).expect("utf-8").to_string();
            i += 1;
            if i == 7 {
                i = 0;
                let pair = format!("{previous}{word}");
                let small = QueryDict::embedded().jieba_for(&pair);
                let a: Vec<&str> = small.cut(&pair, true).into_iter().map(|t| t.word).collect();
                let b: Vec<&str> = FULL.cut(&pair, true).into_iter().map(|t| t.word).collect();
                assert_eq!(a, b, "{pair}");
            }
            previous = word;
        }
    }

    #[test]
    #[ignore = "needs the development corpus at ../shared/corpus (outside the repository)"]
    fn corpus_lines_cut_alike() {
        // Real prose, when the development corpus is present: every line of
        // every n-th file (XUNWEN_DICT_CHECK_FILES files, default 300).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let (files, _) = crate::ingest::walk_corpus(&root)
            .unwrap_or_else(|e| panic!("this test needs the corpus at {}: {e}", root.display()));
        let wanted: usize = std::env::var("XUNWEN_DICT_CHECK_FILES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(300);
        let step = (files.len() / wanted.max(1)).max(1);
        let mut lines = 0;
        for file in files.iter().step_by(step).take(wanted) {
            let Ok(text) = std::fs::read_to_string(&file.abs) else {
                continue;
            };
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let line = crate::analysis::normalize(line);
                let small = QueryDict::embedded().jieba_for(&line);
                let a: Vec<&str> = small.cut(&line, true).into_iter().map(|t| t.word).collect();
                let b: Vec<&str> = FULL.cut(&line, true).into_iter().map(|t| t.word).collect();
                assert_eq!(a, b, "{}: {line}", file.rel);
                lines += 1;
            }
        }
        eprintln!("{lines} corpus lines cut alike");
    }

    fn fixture_text() -> String {
        FIXTURES.concat()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn random_substrings_cut_alike(start in 0usize..2000, len in 1usize..40) {
            let chars: Vec<char> = fixture_text().chars().collect();
            let start = start % chars.len();
            let end = (start + len).min(chars.len());
            let s: String = chars[start..end].iter().collect();
            assert_same(&s);
        }

        #[test]
        fn random_mixes_of_fixture_chars_cut_alike(picks in proptest::collection::vec(0usize..5000, 1..30)) {
            let chars: Vec<char> = fixture_text().chars().collect();
            let s: String = picks.iter().map(|&i| chars[i % chars.len()]).collect();
            assert_same(&s);
        }
    }
}
