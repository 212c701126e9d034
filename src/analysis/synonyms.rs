//! Synonyms and abbreviations: other ways of writing what a query term
//! says (发改委 = 发展和改革委员会), applied when a query is read, never
//! at index time, so a table can change without a rebuild.
//!
//! Three sources, each kept on the equivalents it gives so a hit can say
//! where its match came from:
//! - the built-in table `synonyms.txt` beside this file, in the user
//!   file's syntax, with a comment on each group saying where the
//!   knowledge comes from;
//! - pairs a document defines itself (`国家发展和改革委员会（以下简称国家
//!   发改委）`), mined by [`definitions`] when the index is built;
//! - a user file in Solr/Elasticsearch syntax (`a, b, c`: all the same;
//!   `a => b`: a also finds b, not the reverse). Unlike Solr, the term typed
//!   is always kept: a full match holds what was typed or an equivalent.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{literal, QueryWord};

/// The built-in table, compiled in.
const BUILT_IN: &str = include_str!("synonyms.txt");

/// Where an equivalence comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SynonymSource {
    /// xunwen's table; `note` is the comment above the group.
    BuiltIn {
        /// The group's source of knowledge.
        note: String,
    },
    /// A definition in an indexed document.
    Mined {
        /// The document, corpus-relative.
        doc: String,
    },
    /// A user's synonym file.
    User {
        /// The file as given.
        file: String,
        /// 1-based line.
        line: usize,
    },
}

impl std::fmt::Display for SynonymSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SynonymSource::BuiltIn { .. } => write!(f, "built-in table"),
            SynonymSource::Mined { doc } => write!(f, "defined in {doc}"),
            SynonymSource::User { file, line } => write!(f, "{file}:{line}"),
        }
    }
}

/// Another way of writing a term, and where that knowledge comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Equivalent {
    /// The other form, normalized as a query literal.
    pub text: String,
    /// Its source.
    pub source: SynonymSource,
}

/// A line of a synonym file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}; write `a, b, c` (all the same) or `a => b` (a also finds b)")]
pub struct SynonymError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub problem: String,
}

/// A pair a document defines: its full form and its short form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinedPair {
    /// The full form (国家发展和改革委员会).
    pub full: String,
    /// The short form (国家发改委).
    pub short: String,
    /// The document that defines it, corpus-relative.
    pub doc: String,
}

/// Every equivalence known to a search: term → its other forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    map: HashMap<String, Vec<Equivalent>>,
}

impl Synonyms {
    /// No synonyms (`--no-synonyms`, `--exact`).
    pub fn none() -> Self {
        Synonyms::default()
    }

    /// The built-in table.
    pub fn built_in() -> Self {
        let mut table = Synonyms::none();
        // The table is compiled in and tested: a line it cannot read is a
        // bug caught by `the_built_in_table_reads`, not a user's problem.
        let _ = table.read(BUILT_IN, "built-in", true);
        table
    }

    /// Whether no equivalence is known.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// How many terms have equivalents.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Adds the groups of a file in Solr syntax; `file` names it in errors
    /// and sources. Blank lines and `#` comments are skipped.
    pub fn read_file(&mut self, text: &str, file: &str) -> Result<(), SynonymError> {
        self.read(text, file, false)
    }

    /// Reads Solr syntax; with `built_in`, the comment above a group is its
    /// source note.
    fn read(&mut self, text: &str, file: &str, built_in: bool) -> Result<(), SynonymError> {
        let mut note = String::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if let Some(comment) = line.strip_prefix('#') {
                note = comment.trim().to_string();
                continue;
            }
            if line.is_empty() {
                continue;
            }
            let error = |problem: &str| SynonymError {
                file: file.to_string(),
                line: i + 1,
                problem: problem.to_string(),
            };
            let source = if built_in {
                SynonymSource::BuiltIn { note: note.clone() }
            } else {
                SynonymSource::User {
                    file: file.to_string(),
                    line: i + 1,
                }
            };
            match line.split_once("=>") {
                Some((from, to)) => {
                    let (from, to) = (terms(from), terms(to));
                    if from.is_empty() || to.is_empty() || to.iter().any(|t| t.contains("=>")) {
                        return Err(error("a `=>` rule needs terms on both sides"));
                    }
                    for f in &from {
                        self.add(f, &to, &source);
                    }
                }
                None => {
                    let group = terms(line);
                    if group.len() < 2 {
                        return Err(error("a group needs at least two terms"));
                    }
                    for term in &group {
                        self.add(term, &group, &source);
                    }
                }
            }
        }
        Ok(())
    }

    /// Adds mined pairs, both ways, where no table already speaks for the
    /// short form.
    pub fn add_mined(&mut self, pairs: &[MinedPair]) {
        for pair in pairs {
            let (full, short) = (literal(&pair.full), literal(&pair.short));
            if self.map.contains_key(&short) {
                continue;
            }
            let source = SynonymSource::Mined {
                doc: pair.doc.clone(),
            };
            self.add(&short, std::slice::from_ref(&full), &source);
            self.add(&full, std::slice::from_ref(&short), &source);
        }
    }

    /// `term` also finds each of `others` (itself excepted).
    fn add(&mut self, term: &str, others: &[String], source: &SynonymSource) {
        let entry = self.map.entry(term.to_string()).or_default();
        for other in others {
            if other != term && !entry.iter().any(|e| &e.text == other) {
                entry.push(Equivalent {
                    text: other.clone(),
                    source: source.clone(),
                });
            }
        }
    }

    /// The other forms of a query term: the term itself when it is listed,
    /// else the term with a listed part replaced. A listed part of three or
    /// more characters is replaced wherever it stands (国家发改委 →
    /// 国家发展和改革委员会); a two-character one only where the query's
    /// words put it (美国企业 holds 国企 across two words, so is left alone).
    /// `words` are the term's jieba words; at most [`MAX_FORMS`] forms.
    pub fn expand(&self, literal: &str, words: &[QueryWord]) -> Vec<Equivalent> {
        if let Some(found) = self.map.get(literal) {
            return found.iter().take(MAX_FORMS).cloned().collect();
        }
        let mut forms = Vec::new();
        for (start, key, equivalents) in self.parts(literal, words) {
            let end = start + key.len();
            for e in equivalents {
                if forms.len() == MAX_FORMS {
                    return forms;
                }
                let text = format!("{}{}{}", &literal[..start], e.text, &literal[end..]);
                if text != literal && !forms.iter().any(|f: &Equivalent| f.text == text) {
                    forms.push(Equivalent {
                        text,
                        source: e.source.clone(),
                    });
                }
            }
        }
        forms
    }

    /// Listed parts of `literal` (byte start, the part, its equivalents),
    /// longest first at each place.
    fn parts<'a>(
        &'a self,
        literal: &str,
        words: &[QueryWord],
    ) -> Vec<(usize, &'a str, &'a [Equivalent])> {
        let starts: Vec<usize> = words.iter().map(|w| w.char_offset).collect();
        let ends: Vec<usize> = words
            .iter()
            .map(|w| w.char_offset + w.text.chars().count())
            .collect();
        let chars: Vec<(usize, char)> = literal.char_indices().collect();
        let mut found = Vec::new();
        for from in 0..chars.len() {
            for to in (from + 2..=chars.len()).rev() {
                let byte_end = chars.get(to).map_or(literal.len(), |&(b, _)| b);
                let part = &literal[chars[from].0..byte_end];
                let Some((key, equivalents)) = self.map.get_key_value(part) else {
                    continue;
                };
                let aligned = starts.contains(&from) && ends.contains(&to);
                if to - from >= 3 || aligned {
                    found.push((chars[from].0, key.as_str(), equivalents.as_slice()));
                    break;
                }
            }
        }
        found
    }
}

/// Most other forms one term is searched with.
pub const MAX_FORMS: usize = 8;

/// The terms of one side of a rule: comma-separated, normalized, empty ones
/// dropped.
fn terms(side: &str) -> Vec<String> {
    side.split([',', '，'])
        .map(|t| literal(t.trim()))
        .filter(|t| t.chars().any(super::is_indexable))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;

    fn forms(table: &Synonyms, term: &str) -> Vec<String> {
        let words = Analyzer::new().query_words(term);
        table
            .expand(&literal(term), &words)
            .into_iter()
            .map(|e| e.text)
            .collect()
    }

    #[test]
    fn the_built_in_table_reads() {
        let mut table = Synonyms::none();
        table
            .read(BUILT_IN, "built-in", true)
            .expect("every line of synonyms.txt reads");
        assert!(table.len() > 40, "{}", table.len());
        for equivalents in table.map.values() {
            for e in equivalents {
                let SynonymSource::BuiltIn { note } = &e.source else {
                    panic!("{e:?}");
                };
                assert!(!note.is_empty(), "a group of {} has no source note", e.text);
            }
        }
    }

    #[test]
    fn an_abbreviation_and_its_full_form_find_each_other() {
        let table = Synonyms::built_in();
        assert!(forms(&table, "发改委").contains(&"发展和改革委员会".to_string()));
        assert!(forms(&table, "发展和改革委员会").contains(&"发改委".to_string()));
    }

    #[test]
    fn a_listed_part_of_a_longer_term_is_replaced() {
        let table = Synonyms::built_in();
        let found = forms(&table, "国家发改委");
        assert!(
            found.contains(&"国家发展和改革委员会".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn a_two_character_part_across_words_is_left_alone() {
        let mut table = Synonyms::none();
        table.read_file("国企, 国有企业", "u.txt").expect("reads");
        assert!(forms(&table, "美国企业").is_empty());
        assert_eq!(forms(&table, "国企"), ["国有企业"]);
    }

    #[test]
    fn user_rules_one_way_and_groups() {
        let mut table = Synonyms::none();
        table
            .read_file("# mine\n甲乙, 丙丁，戊己\n\n庚辛 => 壬癸\n", "u.txt")
            .expect("reads");
        assert_eq!(forms(&table, "丙丁"), ["甲乙", "戊己"]);
        assert_eq!(forms(&table, "庚辛"), ["壬癸"]);
        assert!(forms(&table, "壬癸").is_empty());
        let source = &table.map["庚辛"][0].source;
        assert_eq!(source.to_string(), "u.txt:4");
    }

    #[test]
    fn bad_lines_name_the_file_and_line() {
        let mut table = Synonyms::none();
        let err = table.read_file("甲乙, 丙丁\n孤单\n", "u.txt").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("u.txt", 2));
        let err = table.read_file("=> 丙丁\n", "u.txt").unwrap_err();
        assert!(err.to_string().contains("both sides"), "{err}");
    }

    #[test]
    fn mined_pairs_work_both_ways_unless_the_table_has_the_short_form() {
        let mut table = Synonyms::built_in();
        table.add_mined(&[
            MinedPair {
                full: "鹤山市教育局".into(),
                short: "鹤教局".into(),
                doc: "a.txt".into(),
            },
            MinedPair {
                full: "别的委员会".into(),
                short: "发改委".into(),
                doc: "b.txt".into(),
            },
        ]);
        assert_eq!(forms(&table, "鹤教局"), ["鹤山市教育局"]);
        assert!(forms(&table, "鹤山市教育局").contains(&"鹤教局".to_string()));
        assert!(!forms(&table, "发改委").contains(&"别的委员会".to_string()));
    }
}
