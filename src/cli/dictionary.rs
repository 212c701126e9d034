//! The user dictionary (`userdict.txt` in the index folder, jieba's
//! format): read for every command that cuts text, so documents and queries
//! are cut alike, and checked against the one the index was cut with.

use std::path::Path;

use anyhow::{Context, Result};

use xunwen::analysis::{Analyzer, UserDict, USER_DICT_FILE};
use xunwen::index::XunwenIndex;

/// The analyzer for the index in `index_dir`: with the words of its user
/// dictionary when it has one.
pub fn analyzer_for(index_dir: &Path) -> Result<Analyzer> {
    let file = index_dir.join(USER_DICT_FILE);
    if !file.is_file() {
        return Ok(Analyzer::new());
    }
    let text = std::fs::read_to_string(&file).with_context(|| {
        format!(
            "cannot read the user dictionary {} (it must be UTF-8 text)",
            file.display()
        )
    })?;
    let dict = UserDict::parse(&text, &file.display().to_string())?;
    Ok(Analyzer::with_user_dict(dict))
}

/// One line on stderr when the index's words were cut with another user
/// dictionary than `analyzer`'s: matches are unchanged (they are literal),
/// only word-aware ranking is off until the index is rebuilt.
pub fn note_stale_words(index: &XunwenIndex, analyzer: &Analyzer) {
    if index.header().user_dict != analyzer.user_dict_id() {
        eprintln!(
            "xunwen: note: {} changed since the index was built, so its words field is stale \
             (matches are unaffected, word ranking is); run `xunwen index` to cut the documents again",
            index.dir().join(USER_DICT_FILE).display()
        );
    }
}
