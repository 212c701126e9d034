//! Related terms: the official wording of what people say in everyday words
//! (放鞭炮 → 燃放烟花爆竹, 电瓶车 → 电动自行车, 家暴 → 家庭暴力).
//!
//! A citizen asks in everyday words; the regulation that answers is
//! written in official ones, and shares few characters with the question.
//! These forms only add evidence when partial hits are ranked: they are
//! not equivalents ([`super::synonyms`]), and a full match still holds what
//! was typed. The built-in table is `related.txt`, one `everyday =>
//! official, official` per line; `--exact` and `--no-synonyms` turn it off.

/// The built-in table.
const BUILT_IN: &str = include_str!("related.txt");

/// A table of everyday words and their official forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Related {
    entries: Vec<(String, Vec<String>)>,
}

impl Related {
    /// No related terms (`--exact`, `--no-synonyms`; indexing).
    pub fn none() -> Self {
        Related::default()
    }

    /// The built-in table.
    pub fn built_in() -> Self {
        Related {
            entries: entries(BUILT_IN)
                .map(|(everyday, official)| {
                    (everyday.to_string(), official.map(str::to_string).collect())
                })
                .collect(),
        }
    }

    /// The official forms related to everyday words found in `text` (a
    /// normalized query term), each once, leaving out forms `text` already
    /// holds.
    pub fn forms(&self, text: &str) -> Vec<RelatedForm> {
        let mut forms: Vec<RelatedForm> = Vec::new();
        for (everyday, official) in &self.entries {
            if !text.contains(everyday.as_str()) {
                continue;
            }
            for form in official {
                if !text.contains(form.as_str()) && !forms.iter().any(|f| &f.official == form) {
                    forms.push(RelatedForm {
                        everyday: everyday.clone(),
                        official: form.clone(),
                    });
                }
            }
        }
        forms
    }
}

/// An official form, and the everyday words of the query it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedForm {
    /// The everyday words found in the query (放鞭炮).
    pub everyday: String,
    /// The official form (燃放烟花爆竹).
    pub official: String,
}

/// The `everyday => official, official` lines of a table; comments and
/// blank lines skipped.
fn entries(table: &str) -> impl Iterator<Item = (&str, impl Iterator<Item = &str>)> {
    table.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let (everyday, official) = line.split_once("=>")?;
        let official = official.split(',').map(str::trim).filter(|f| !f.is_empty());
        Some((everyday.trim(), official))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_words_bring_their_official_forms_once() {
        let forms: Vec<String> = Related::built_in()
            .forms("临沂春节期间能放鞭炮吗")
            .into_iter()
            .map(|f| f.official)
            .collect();
        assert!(forms.contains(&"烟花爆竹".to_string()), "{forms:?}");
        assert!(forms.contains(&"燃放烟花爆竹".to_string()), "{forms:?}");
        let unique: std::collections::HashSet<&String> = forms.iter().collect();
        assert_eq!(unique.len(), forms.len());
    }

    #[test]
    fn a_form_the_text_already_holds_is_not_added_and_none_adds_nothing() {
        let table = Related::built_in();
        assert!(table.forms("燃放烟花爆竹的规定").is_empty());
        assert!(table.forms("乡村振兴").is_empty());
        assert!(Related::none().forms("放鞭炮").is_empty());
    }

    #[test]
    fn every_line_of_the_built_in_table_reads() {
        let mut lines = 0;
        for line in BUILT_IN.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (everyday, official) = line.split_once("=>").expect("a => line");
            assert!(!everyday.trim().is_empty(), "{line}");
            assert!(official.split(',').all(|f| !f.trim().is_empty()), "{line}");
            lines += 1;
        }
        assert_eq!(Related::built_in().entries.len(), lines);
    }
}
