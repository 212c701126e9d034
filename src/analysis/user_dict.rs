//! A user dictionary: words jieba does not know (新质生产力, 十五五), in
//! jieba's own format, one `word [frequency] [tag]` per line.
//!
//! It changes how documents are cut, so the index records which dictionary
//! its words field was cut with ([`UserDict::id`]); a search with another one
//! says the words field is stale, and `xunwen index` cuts every document
//! again. Matching never depends on it: full matches are literal, found in
//! the character field; only word-aware ranking does.

/// Frequency of a word listed without one: enough for jieba to keep a new
/// word whole against the pieces its dictionary would cut it into.
pub const DEFAULT_FREQUENCY: u64 = 1000;

/// The file, in the index folder, that holds the user dictionary.
pub const USER_DICT_FILE: &str = "userdict.txt";

/// One word of a user dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserWord {
    /// The word, normalized as text is before it is cut.
    pub word: String,
    /// Its frequency, as in jieba's dictionary.
    pub frequency: u64,
    /// Its part-of-speech tag (kept, unused by the cut).
    pub tag: Option<String>,
}

/// A line of a user dictionary that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}; write `word [frequency] [tag]`, e.g. `新质生产力 2000 n`")]
pub struct UserDictError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub problem: String,
}

/// The words of a user dictionary, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserDict {
    words: Vec<UserWord>,
}

impl UserDict {
    /// Reads a dictionary in jieba's format; blank lines and `#` comments are
    /// skipped. `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<UserDict, UserDictError> {
        let mut words = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |problem: &str| UserDictError {
                file: file.to_string(),
                line: i + 1,
                problem: problem.to_string(),
            };
            let mut fields = line.split_whitespace();
            let word = super::normalize(fields.next().unwrap_or_default()).into_owned();
            if !word.chars().any(super::is_indexable) {
                return Err(error("the word has no letter or digit"));
            }
            let frequency = match fields.next() {
                None => DEFAULT_FREQUENCY,
                Some(f) => f
                    .parse::<u64>()
                    .ok()
                    .filter(|&f| f > 0)
                    .ok_or_else(|| error(&format!("`{f}` is not a positive frequency")))?,
            };
            let tag = fields.next().map(str::to_string);
            if fields.next().is_some() {
                return Err(error("more than three fields"));
            }
            words.push(UserWord {
                word,
                frequency,
                tag,
            });
        }
        Ok(UserDict { words })
    }

    /// The words, in the order given.
    pub fn words(&self) -> &[UserWord] {
        &self.words
    }

    /// Whether the dictionary holds no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// What the index records of the dictionary its words were cut with:
    /// `None` without one, else the word count and a hash of the words and
    /// frequencies (a tag changes no cut).
    pub fn id(&self) -> Option<String> {
        if self.words.is_empty() {
            return None;
        }
        let mut hasher = blake3::Hasher::new();
        for w in &self.words {
            hasher.update(w.word.as_bytes());
            hasher.update(&w.frequency.to_le_bytes());
        }
        let hash = hasher.finalize().to_hex();
        Some(format!("{}:{}", self.words.len(), &hash[..16]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jieba_lines_with_and_without_frequency_and_tag() {
        let dict = UserDict::parse("# mine\n新质生产力 2000 n\n十五五\n\nＡＩ+ 300\n", "d.txt")
            .expect("reads");
        let words: Vec<(&str, u64)> = dict
            .words()
            .iter()
            .map(|w| (w.word.as_str(), w.frequency))
            .collect();
        assert_eq!(
            words,
            [
                ("新质生产力", 2000),
                ("十五五", DEFAULT_FREQUENCY),
                ("ai+", 300)
            ]
        );
        assert_eq!(dict.words()[0].tag.as_deref(), Some("n"));
    }

    #[test]
    fn bad_lines_name_the_file_and_line() {
        let err = UserDict::parse("新质生产力 many\n", "d.txt").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("d.txt", 1));
        assert!(err.to_string().contains("many"), "{err}");
        assert!(UserDict::parse("，，\n", "d.txt").is_err());
        assert!(UserDict::parse("词 1 n extra\n", "d.txt").is_err());
    }

    #[test]
    fn the_id_follows_words_and_frequencies_not_tags() {
        let a = UserDict::parse("新质生产力 2000 n\n", "a").expect("reads");
        let b = UserDict::parse("新质生产力 2000 v\n", "b").expect("reads");
        let c = UserDict::parse("新质生产力 3000\n", "c").expect("reads");
        assert_eq!(a.id(), b.id());
        assert_ne!(a.id(), c.id());
        assert_eq!(UserDict::default().id(), None);
    }
}
