//! `spread.tsv`: known-item queries whose evidence is spread over a
//! document. Why: a query whose words never stand together in one paragraph
//! can only be answered by ranking whole documents, which title and keywords
//! never test.
//!
//! Per folder quota ([`SPREAD_QUOTAS`]), documents are drawn at random among
//! those with at least 3 paragraphs. A document's *rare* words are its
//! eligible query words (`super::eligible`: not stop words, not numbers, at
//! least 2 characters; nor quantities such as 第五场 or 三省) among the [`RARE_SHARE`] with the lowest document
//! frequency, and with df ≤ [`MAX_RARE_DF`]. A draw takes 3 different
//! paragraphs holding rare words and one rare word from each, in paragraph
//! order. It is kept only if
//! * no paragraph of any document holds all three words (each word in the
//!   paragraph or in its document's title, compared as normalized substrings,
//!   so a word inside a longer word counts as present), and
//! * at most [`MAX_SPREAD_RELEVANT`] documents hold all three anywhere (their
//!   title and paragraphs); those documents are the relevant set, the source
//!   document first.
//!
//! Otherwise the next draw is tried (at most [`DRAWS_PER_DOC`] per document).

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use xunwen::analysis::{normalize, Analyzer};

use super::{eligible, folder, write_set, Corpus, SplitMix64};

/// Seed used for `--mode spread` when `--seed` is not given.
pub const SPREAD_SEED: u64 = 20_261_205;
/// Queries per folder (about 300, over folders with multi-paragraph documents).
const SPREAD_QUOTAS: &[(&str, usize)] = &[
    ("cctv_xwlb", 105),
    ("crud_news_2023", 65),
    ("laws_national", 50),
    ("laws_local", 45),
    ("policy_docs", 25),
    ("gov_work_reports", 7),
    ("cpc_congress_reports", 3),
];
/// Share of a document's eligible words (the rarest) that may be drawn.
const RARE_SHARE: f64 = 0.2;
/// A rare word is held by at most this many documents.
const MAX_RARE_DF: u32 = 50;
/// Most documents that may hold all three words.
const MAX_SPREAD_RELEVANT: usize = 3;
/// Words per query, and the least paragraphs a document needs.
const WORDS: usize = 3;
/// Draws tried per document before moving to the next.
const DRAWS_PER_DOC: usize = 5;

/// A document's title and paragraphs, normalized as the index sees them.
struct Normalized {
    title: String,
    paragraphs: Vec<String>,
}

impl Normalized {
    /// Whether the document holds every word somewhere.
    fn holds_all(&self, words: &[String]) -> bool {
        words.iter().all(|w| {
            self.title.contains(w.as_str())
                || self.paragraphs.iter().any(|p| p.contains(w.as_str()))
        })
    }

    /// Whether one paragraph (with the title) holds every word.
    fn one_paragraph_holds_all(&self, words: &[String]) -> bool {
        self.paragraphs.iter().any(|p| {
            words
                .iter()
                .all(|w| p.contains(w.as_str()) || self.title.contains(w.as_str()))
        })
    }
}

/// Why draws were refused, for the summary on stderr.
#[derive(Default)]
struct Refusals {
    together: usize,
    broad: usize,
}

/// Writes `out/spread.tsv`.
pub fn run(corpus_dir: &Path, out: &Path, seed: u64) -> Result<(), Box<dyn std::error::Error>> {
    eprintln!("spread: reading and segmenting the corpus…");
    let analyzer = Analyzer::new();
    let corpus = Corpus::load(corpus_dir, &analyzer)?;
    std::fs::create_dir_all(out)?;
    let norm: Vec<Option<Normalized>> = corpus
        .docs
        .par_iter()
        .map(|d| {
            d.as_ref().map(|d| Normalized {
                title: normalize(&d.title).into_owned(),
                paragraphs: d
                    .paragraphs
                    .iter()
                    .map(|p| normalize(&p.text).into_owned())
                    .collect(),
            })
        })
        .collect();
    let mut rng = SplitMix64::new(seed);
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut refused = Refusals::default();
    for (dir, quota) in SPREAD_QUOTAS {
        let mut idx: Vec<usize> = (0..corpus.files.len())
            .filter(|&i| folder(&corpus.files[i].rel) == *dir)
            .filter(|&i| {
                corpus.docs[i]
                    .as_ref()
                    .is_some_and(|d| d.paragraphs.len() >= WORDS)
            })
            .collect();
        rng.shuffle(&mut idx);
        let mut taken = 0;
        for i in idx {
            if taken == *quota {
                break;
            }
            let Some(words) = draw(&corpus, &analyzer, i, &norm, &mut rng, &mut refused) else {
                continue;
            };
            let mut relevant = vec![corpus.files[i].rel.clone()];
            relevant.extend(
                holders(&norm, &words)
                    .into_iter()
                    .filter(|&j| j != i)
                    .map(|j| corpus.files[j].rel.clone()),
            );
            rows.push((words.join(" "), relevant));
            taken += 1;
        }
        eprintln!("spread: {dir}: {taken} queries");
    }
    eprintln!(
        "spread: draws refused: {} with a paragraph holding all words, {} held by > {MAX_SPREAD_RELEVANT} documents",
        refused.together, refused.broad
    );
    let path = out.join("spread.tsv");
    write_set(&path, "spread", &rows)?;
    let multi = rows.iter().filter(|(_, r)| r.len() > 1).count();
    println!(
        "{}: {} queries ({multi} with several relevant documents)",
        path.display(),
        rows.len()
    );
    println!("seed {seed}");
    Ok(())
}

/// Indices of the documents holding every word, in corpus order.
fn holders(norm: &[Option<Normalized>], words: &[String]) -> Vec<usize> {
    norm.par_iter()
        .enumerate()
        .filter(|(_, n)| n.as_ref().is_some_and(|n| n.holds_all(words)))
        .map(|(j, _)| j)
        .collect()
}

/// Up to [`DRAWS_PER_DOC`] draws of 3 rare words from 3 paragraphs of
/// document `i`; the first that passes both checks.
fn draw(
    corpus: &Corpus,
    analyzer: &Analyzer,
    i: usize,
    norm: &[Option<Normalized>],
    rng: &mut SplitMix64,
    refused: &mut Refusals,
) -> Option<Vec<String>> {
    let doc = corpus.docs[i].as_ref()?;
    // Eligible words of each paragraph, first occurrence order, no repeats.
    let per_para: Vec<Vec<String>> = doc
        .paragraphs
        .iter()
        .map(|p| {
            let mut seen = HashSet::new();
            analyzer
                .query_words(&p.text)
                .into_iter()
                .map(|w| w.text)
                .filter(|w| eligible(w) && !is_quantity(w) && seen.insert(w.clone()))
                .collect()
        })
        .collect();
    let rare = rare_words(corpus, &per_para);
    let candidates: Vec<(usize, Vec<&String>)> = per_para
        .iter()
        .enumerate()
        .map(|(p, ws)| {
            (
                p,
                ws.iter()
                    .filter(|w| rare.contains(w.as_str()))
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, ws)| !ws.is_empty())
        .collect();
    if candidates.len() < WORDS {
        return None;
    }
    for _ in 0..DRAWS_PER_DOC {
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        rng.shuffle(&mut order);
        let mut picked: Vec<(usize, String)> = Vec::new();
        for &c in &order {
            if picked.len() == WORDS {
                break;
            }
            let (p, ws) = &candidates[c];
            let fresh: Vec<&&String> = ws
                .iter()
                .filter(|w| picked.iter().all(|(_, q)| q != **w))
                .collect();
            if fresh.is_empty() {
                continue;
            }
            picked.push((*p, (*fresh[rng.below(fresh.len())]).clone()));
        }
        if picked.len() < WORDS {
            return None;
        }
        picked.sort_by_key(|(p, _)| *p);
        let words: Vec<String> = picked.into_iter().map(|(_, w)| w).collect();
        let held = holders(norm, &words);
        if held.len() > MAX_SPREAD_RELEVANT {
            refused.broad += 1;
            continue;
        }
        if held.iter().any(|&j| {
            norm[j]
                .as_ref()
                .is_some_and(|n| n.one_paragraph_holds_all(&words))
        }) {
            refused.together += 1;
            continue;
        }
        return Some(words);
    }
    None
}

/// A counted quantity rather than a word (第五场, 三省, 万至, 六位): half
/// or more of its characters are numerals, or it starts with 第. Such
/// fragments are rare by accident and no user would type them.
fn is_quantity(word: &str) -> bool {
    let total = word.chars().count();
    let numerals = word
        .chars()
        .filter(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十百千万亿两".contains(*c))
        .count();
    numerals * 2 >= total || word.starts_with('第')
}

/// The document's rarest words: the [`RARE_SHARE`] of its eligible words
/// with the lowest document frequency (at least [`WORDS`]; ties by word),
/// keeping those with df ≤ [`MAX_RARE_DF`].
fn rare_words<'a>(corpus: &Corpus, per_para: &'a [Vec<String>]) -> HashSet<&'a str> {
    let mut all: Vec<&str> = per_para.iter().flatten().map(String::as_str).collect();
    all.sort_unstable();
    all.dedup();
    let mut by_df: Vec<(u32, &str)> = all.into_iter().map(|w| (corpus.df(w), w)).collect();
    by_df.sort_unstable();
    let keep = ((by_df.len() as f64 * RARE_SHARE).ceil() as usize).max(WORDS);
    by_df
        .into_iter()
        .take(keep)
        .filter(|(df, _)| *df <= MAX_RARE_DF)
        .map(|(_, w)| w)
        .collect()
}
