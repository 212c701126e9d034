//! The short forms the corpus defines (`（以下简称…）`), mined after each
//! index run and kept beside the index in [`MINED_FILE`].
//!
//! Mining reads the committed index, not the files: the paragraphs holding
//! 简称 or 下称 are one term query each on the `chars` field, so a refresh
//! that touched two files costs the same as a build and always agrees with
//! what is searchable. A short form defined for different full forms by
//! different documents (市政府 for each city's 人民政府) names nothing on its
//! own and is dropped; the others keep the first document that defines them.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::{IndexError, XunwenIndex};
use crate::analysis::definitions::definitions;
use crate::analysis::synonyms::MinedPair;

/// The file, in the index directory, that holds the mined pairs.
pub const MINED_FILE: &str = "synonyms-mined.json";

/// The bigrams every definition holds (以下简称, 简称, 下称, 以下称).
const MARKER_GRAMS: [&str; 2] = ["简称", "下称"];

#[derive(Serialize, Deserialize)]
struct MinedFile {
    format: u32,
    /// Definitions read, before ambiguous short forms were dropped.
    #[serde(default)]
    definitions: usize,
    pairs: Vec<MinedPair>,
}

/// What [`mine`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mined {
    /// The pairs kept, in the order of their short forms.
    pub pairs: Vec<MinedPair>,
    /// Definitions read before ambiguous short forms were dropped.
    pub definitions: usize,
}

/// Mines the committed index at `index` for definitions.
pub fn mine(index: &XunwenIndex) -> Result<Mined, IndexError> {
    let corrupt = |e: tantivy::TantivyError| IndexError::Corrupt {
        path: index.dir().to_path_buf(),
        detail: e.to_string(),
    };
    let fields = index.fields();
    let searcher = index.searcher()?;
    let any: Vec<(Occur, Box<dyn Query>)> = MARKER_GRAMS
        .iter()
        .map(|gram| {
            let term = Term::from_field_text(fields.chars, gram);
            let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            (Occur::Should, q)
        })
        .collect();
    let mut addresses: Vec<_> = searcher
        .search(&BooleanQuery::new(any), &DocSetCollector)
        .map_err(corrupt)?
        .into_iter()
        .collect();
    // In index order, neighbours share the store's compressed blocks.
    addresses.sort();
    let mut by_short: BTreeMap<String, (HashSet<String>, String)> = BTreeMap::new();
    let mut count = 0;
    for addr in addresses {
        let doc: TantivyDocument = searcher.doc(addr).map_err(corrupt)?;
        let text = doc
            .get_first(fields.text)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let path = doc
            .get_first(fields.path)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        for (full, short) in definitions(text) {
            count += 1;
            let entry = by_short
                .entry(short)
                .or_insert_with(|| (HashSet::new(), path.to_string()));
            entry.0.insert(full);
            // The same document wherever the segments put it: the least path.
            if path < entry.1.as_str() {
                entry.1 = path.to_string();
            }
        }
    }
    let pairs = by_short
        .into_iter()
        .filter(|(_, (fulls, _))| fulls.len() == 1)
        .filter_map(|(short, (fulls, doc))| {
            let full = fulls.into_iter().next()?;
            Some(MinedPair { full, short, doc })
        })
        .collect();
    Ok(Mined {
        pairs,
        definitions: count,
    })
}

/// Writes what was mined into the index directory (a temporary file renamed, so a
/// search never reads half of it).
pub fn save(dir: &Path, mined: &Mined) -> std::io::Result<()> {
    let file = MinedFile {
        format: 1,
        definitions: mined.definitions,
        pairs: mined.pairs.clone(),
    };
    let json = serde_json::to_vec(&file).map_err(std::io::Error::other)?;
    let tmp = dir.join(format!("{MINED_FILE}.tmp"));
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, dir.join(MINED_FILE))
}

/// The pairs mined for the index at `dir`; none when it has no such file
/// yet (an index built before mining existed: `xunwen index` adds it) or
/// the file cannot be read.
pub fn load(dir: &Path) -> Vec<MinedPair> {
    std::fs::read(dir.join(MINED_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<MinedFile>(&bytes).ok())
        .map(|f| f.pairs)
        .unwrap_or_default()
}

/// Mines and saves after an index run: when the run committed, or when the
/// index has no mined pairs yet.
pub fn refresh(dir: &Path, committed: bool) -> Result<(), IndexError> {
    if !committed && dir.join(MINED_FILE).exists() {
        return Ok(());
    }
    let index = XunwenIndex::open(dir)?;
    let mined = mine(&index)?;
    save(dir, &mined).map_err(|source| IndexError::Io {
        path: dir.join(MINED_FILE),
        source,
    })
}
