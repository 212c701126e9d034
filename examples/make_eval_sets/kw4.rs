//! `<set>-kw4.tsv`: each question of a judged set cut to its
//! [`KEYWORDS`] most informative words. Why: users often type a few keywords
//! instead of the question, and most such queries have no paragraph holding
//! every word, so they test ranking by partial evidence.
//!
//! Words are the question's [`Analyzer::query_words`] (normalized, jieba
//! default mode); stop words, question words ([`is_question_word`]: 多少,
//! 哪里, 怎么, 能不能 … — rare in a formal corpus, so their IDF is high, yet
//! nobody keeps them in a keyword query), single characters and tokens
//! without a letter or digit are dropped, as are repeats. The [`KEYWORDS`] with the highest
//! IDF over the corpus (ln(N_docs / df), a word found nowhere counting as
//! df 1; ties: earlier first) are kept in the question's order, joined with
//! spaces. Numbers are kept: a year or an amount is what users type. The id
//! and the relevant documents are the question's, so runs compare per query.

use std::path::{Path, PathBuf};

use xunwen::analysis::{is_stop_word, Analyzer};
use xunwen::eval::QuerySet;

use super::Corpus;

/// Words kept per question.
const KEYWORDS: usize = 4;

/// Writes `out/<stem>-kw4.tsv` for every question set.
pub fn run(
    corpus_dir: &Path,
    out: &Path,
    questions: &[PathBuf],
) -> Result<(), Box<dyn std::error::Error>> {
    let sets: Vec<QuerySet> = questions
        .iter()
        .map(|p| QuerySet::load(p))
        .collect::<Result<_, _>>()?;
    eprintln!("kw4: reading and segmenting the corpus…");
    let analyzer = Analyzer::new();
    let corpus = Corpus::load(corpus_dir, &analyzer)?;
    std::fs::create_dir_all(out)?;
    for set in &sets {
        let mut text = String::from("id\tquery\trelevant\n");
        let mut short = 0;
        for q in &set.queries {
            let words = keywords(&corpus, &analyzer, &q.query);
            if words.len() < KEYWORDS {
                short += 1;
            }
            let query = if words.is_empty() {
                q.query.clone()
            } else {
                words.join(" ")
            };
            text.push_str(&format!(
                "{}\t{}\t{}\n",
                q.id,
                query.replace(['\t', '\n', '\r'], " "),
                q.relevant.join("|")
            ));
        }
        let path = out.join(format!("{}-kw4.tsv", set.name));
        std::fs::write(&path, text)?;
        println!(
            "{}: {} queries ({short} with fewer than {KEYWORDS} words)",
            path.display(),
            set.queries.len()
        );
    }
    Ok(())
}

/// Parts of a question word; a word holding one of them asks rather than names.
const QUESTION_PARTS: &[&str] = &[
    "多少",
    "多久",
    "多长",
    "多大",
    "多高",
    "多远",
    "哪",
    "什么",
    "怎么",
    "怎样",
    "如何",
    "为何",
    "为什么",
    "是否",
    "能否",
    "能不能",
    "要不要",
    "是不是",
    "有没有",
    "可不可以",
    "会不会",
    "行不行",
    "吗",
    "呢",
];

/// Whether a word asks (多少钱, 哪些, 怎么办, 几个) rather than names.
fn is_question_word(word: &str) -> bool {
    word.starts_with('几') || QUESTION_PARTS.iter().any(|p| word.contains(p))
}

/// The question's [`KEYWORDS`] words of highest IDF, in question order.
fn keywords(corpus: &Corpus, analyzer: &Analyzer, question: &str) -> Vec<String> {
    let mut words: Vec<(usize, String)> = Vec::new();
    for w in analyzer.query_words(question) {
        let keep = w.text.chars().count() >= 2
            && !is_stop_word(&w.text)
            && !is_question_word(&w.text)
            && w.text.chars().any(char::is_alphanumeric)
            && words.iter().all(|(_, seen)| *seen != w.text);
        if keep {
            words.push((words.len(), w.text));
        }
    }
    let mut scored: Vec<(f64, usize, String)> = words
        .into_iter()
        .map(|(pos, w)| (corpus.idf(&w), pos, w))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.truncate(KEYWORDS);
    scored.sort_by_key(|s| s.1);
    scored.into_iter().map(|s| s.2).collect()
}
