//! Generates the judged query sets `title.tsv`, `keywords.tsv`, `spread.tsv`
//! and the 4-keyword versions of question sets from the development corpus,
//! reproducibly (fixed seed, own PRNG, sorted corpus walk), for `xunwen eval`.
//!
//! ```sh
//! cargo run --release --example make_eval_sets -- --corpus ../shared/corpus --out eval/
//! cargo run --release --example make_eval_sets -- --corpus ../shared/corpus --out eval/ --mode spread
//! cargo run --release --example make_eval_sets -- --corpus ../shared/corpus --out eval/ \
//!     --mode kw4 --questions eval/questions.tsv
//! ```
//!
//! Options: `--corpus DIR` (required), `--out DIR` (default `eval`),
//! `--seed N` (default [`DEFAULT_SEED`], or [`spread::SPREAD_SEED`] with
//! `--mode spread`), `--mode known|spread|kw4` (default `known`: title and
//! keywords), `--questions FILE` (repeatable, for `kw4`).
//!
//! * **title** — a document's title line (line 1) as the query, every
//!   document with that same title as the answer. Folders whose line 1 is not
//!   a Chinese title (`crud_news_2023`, `policy_docs`) are skipped; titles
//!   under 4 characters and generic titles shared by more than
//!   [`MAX_SHARED_TITLE`] documents (国内联播快讯 …) are skipped.
//! * **keywords** — 3 to 5 salient words of one paragraph (TF × IDF, IDF =
//!   ln(N_docs / df) over the whole corpus, words from
//!   [`Analyzer::query_words`]), joined with spaces in paragraph order; the
//!   answer is the document, plus any other document with a paragraph holding
//!   all of the words (the same news in another outlet, another version of a
//!   law). A draw whose words are held by more than [`MAX_RELEVANT`] documents
//!   is not specific enough and is replaced by the next draw.
//! * **spread** (`--mode spread`, see [`spread`]) — 3 rare words, each from a
//!   different paragraph of one document, that no paragraph of the corpus
//!   holds together.
//! * **kw4** (`--mode kw4`, see [`kw4`]) — each question of a set cut to its
//!   4 words of highest IDF, same relevant documents.
//!
//! The output depends only on the corpus, the seed and the analysis
//! (jieba dictionary, normalization, stop words) — not on the machine, the
//! thread count or the file system's listing order.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use xunwen::analysis::{is_stop_word, normalize, Analyzer};
use xunwen::ingest::walk_corpus;

mod corpus;
mod kw4;
mod spread;

use corpus::Corpus;

/// Seed used when `--seed` is not given.
const DEFAULT_SEED: u64 = 20_250_606;
/// Titles shared by more documents than this are generic (programme
/// segment names) and not a known-item query.
const MAX_SHARED_TITLE: usize = 5;
/// Most documents a keyword query may list as relevant.
const MAX_RELEVANT: usize = 5;
/// Shortest title used as a query, in characters.
const MIN_TITLE_CHARS: usize = 4;
/// Preferred shortest paragraph for keyword queries, in characters.
const MIN_PARAGRAPH_CHARS: usize = 60;
/// Fallback shortest paragraph when a document has no long one.
const MIN_FALLBACK_PARAGRAPH_CHARS: usize = 25;

/// Queries per folder for the title set (folders with Chinese title lines).
const TITLE_QUOTAS: &[(&str, usize)] = &[
    ("cctv_xwlb", 160),
    ("laws_national", 70),
    ("laws_local", 50),
    ("gov_work_reports", 12),
    ("cpc_congress_reports", 8),
];

/// Queries per folder for the keyword set (every folder).
const KEYWORD_QUOTAS: &[(&str, usize)] = &[
    ("cctv_xwlb", 120),
    ("crud_news_2023", 80),
    ("laws_national", 35),
    ("laws_local", 30),
    ("policy_docs", 20),
    ("gov_work_reports", 10),
    ("cpc_congress_reports", 5),
];

/// SplitMix64: tiny, well-mixed and fully specified, so every platform draws
/// the same numbers (no dependency on `rand`'s algorithm choices).
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by rejection so there is no modulo bias.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next_u64();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }

    /// Fisher–Yates shuffle.
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Which sets to write.
enum Mode {
    /// `title.tsv` and `keywords.tsv` (the default).
    Known,
    /// `spread.tsv`.
    Spread,
    /// `<stem>-kw4.tsv` for each question set given.
    Kw4(Vec<PathBuf>),
}

struct Args {
    corpus: PathBuf,
    out: PathBuf,
    seed: Option<u64>,
    mode: Mode,
}

const USAGE: &str = "usage: make_eval_sets --corpus DIR [--out DIR] [--seed N] \
                     [--mode known|spread|kw4] [--questions FILE]…";

fn parse_args() -> Result<Args, String> {
    let mut corpus = None;
    let mut out = PathBuf::from("eval");
    let mut seed = None;
    let mut mode = String::from("known");
    let mut questions = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--corpus" => corpus = Some(PathBuf::from(value("--corpus")?)),
            "--out" => out = PathBuf::from(value("--out")?),
            "--seed" => {
                seed = Some(
                    value("--seed")?
                        .parse()
                        .map_err(|e| format!("--seed: {e}"))?,
                )
            }
            "--mode" => mode = value("--mode")?,
            "--questions" => questions.push(PathBuf::from(value("--questions")?)),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let mode = match mode.as_str() {
        "known" => Mode::Known,
        "spread" => Mode::Spread,
        "kw4" if questions.is_empty() => {
            return Err("--mode kw4 needs at least one --questions FILE".into())
        }
        "kw4" => Mode::Kw4(questions),
        other => return Err(format!("--mode {other:?}: use known, spread or kw4")),
    };
    Ok(Args {
        corpus: corpus.ok_or("--corpus DIR is required")?,
        out,
        seed,
        mode,
    })
}

/// First path component: the source folder.
fn folder(rel: &str) -> &str {
    rel.split('/').next().unwrap_or(rel)
}

/// A title line as a one-line query: markdown `#` dropped, tabs and runs of
/// whitespace collapsed.
fn clean_title(line: &str) -> String {
    let t = line.trim().trim_start_matches('#').trim();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Line 1 of a file, without a BOM.
fn first_line(abs: &Path) -> Option<String> {
    let text = std::fs::read_to_string(abs).ok()?;
    let line = text.lines().next()?;
    Some(line.trim_start_matches('\u{feff}').to_owned())
}

/// Whether a title line is Chinese (not an English translation, not a date stamp).
fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A number rather than a word: digits, Chinese numerals and number
/// punctuation only, or a token that is mostly digits (time stamps such as
/// `2023-10-07t01`, `40.286z`).
fn is_number(word: &str) -> bool {
    let total = word.chars().count();
    let digits = word.chars().filter(char::is_ascii_digit).count();
    digits * 2 >= total
        || word.chars().all(|c| {
            c.is_ascii_digit()
                || ".,%-:".contains(c)
                || "〇零一二三四五六七八九十百千万亿两".contains(c)
        })
}

/// Whether a word may be a keyword.
fn eligible(word: &str) -> bool {
    word.chars().count() >= 2
        && !is_stop_word(word)
        && !is_number(word)
        && word.chars().any(char::is_alphanumeric)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("make_eval_sets: {e}");
            std::process::exit(2);
        }
    };
    let result = match &args.mode {
        Mode::Known => run(&args),
        Mode::Spread => spread::run(
            &args.corpus,
            &args.out,
            args.seed.unwrap_or(spread::SPREAD_SEED),
        ),
        Mode::Kw4(questions) => kw4::run(&args.corpus, &args.out, questions),
    };
    if let Err(e) = result {
        eprintln!("make_eval_sets: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let (files, _skipped) = walk_corpus(&args.corpus)?;
    eprintln!("corpus: {} files", files.len());
    std::fs::create_dir_all(&args.out)?;

    // ---- title set --------------------------------------------------------
    let title_folders: Vec<&str> = TITLE_QUOTAS.iter().map(|(f, _)| *f).collect();
    let mut by_title: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut title_of: HashMap<String, String> = HashMap::new();
    for f in &files {
        if !title_folders.contains(&folder(&f.rel)) {
            continue;
        }
        let Some(line) = first_line(&f.abs) else {
            continue;
        };
        let title = clean_title(&line);
        if title.chars().count() < MIN_TITLE_CHARS || !has_han(&title) {
            continue;
        }
        // Group on the searchable form, so 黨/党 or Ａ/A variants coincide.
        let key = normalize(&title).into_owned();
        by_title.entry(key).or_default().push(f.rel.clone());
        title_of.insert(f.rel.clone(), title);
    }
    let seed = args.seed.unwrap_or(DEFAULT_SEED);
    let mut rng = SplitMix64::new(seed);
    let mut title_rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut used_titles = std::collections::HashSet::new();
    for (dir, quota) in TITLE_QUOTAS {
        let mut docs: Vec<&String> = files
            .iter()
            .map(|f| &f.rel)
            .filter(|r| folder(r) == *dir && title_of.contains_key(*r))
            .collect();
        rng.shuffle(&mut docs);
        let mut taken = 0;
        for rel in docs {
            if taken == *quota {
                break;
            }
            let title = &title_of[rel];
            let key = normalize(title).into_owned();
            let group = &by_title[&key];
            // Generic titles are no known item; one query per title.
            if group.len() > MAX_SHARED_TITLE || !used_titles.insert(key) {
                continue;
            }
            title_rows.push((title.clone(), group.clone()));
            taken += 1;
        }
        eprintln!("title: {dir}: {taken} queries");
    }
    let title_path = args.out.join("title.tsv");
    write_set(&title_path, "title", &title_rows)?;

    // ---- keyword set: document frequencies over the whole corpus -----------
    eprintln!("keywords: reading and segmenting the corpus…");
    let analyzer = Analyzer::new();
    let corpus = Corpus::from_files(files, &analyzer);
    let (files, docs, doc_words) = (&corpus.files, &corpus.docs, &corpus.doc_words);
    eprintln!(
        "keywords: {} documents, {} distinct words",
        corpus.n_docs,
        corpus.vocabulary()
    );
    let idf = |w: &str| corpus.idf(w);

    let mut kw_rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut rejected_broad = 0usize;
    for (dir, quota) in KEYWORD_QUOTAS {
        let mut idx: Vec<usize> = (0..files.len())
            .filter(|&i| folder(&files[i].rel) == *dir && docs[i].is_some())
            .collect();
        rng.shuffle(&mut idx);
        let mut taken = 0;
        for i in idx {
            if taken == *quota {
                break;
            }
            let doc = docs[i].as_ref().expect("filtered");
            let long: Vec<&str> = doc
                .paragraphs
                .iter()
                .map(|p| p.text.as_str())
                .filter(|t| t.chars().count() >= MIN_PARAGRAPH_CHARS)
                .collect();
            let pool = if long.is_empty() {
                doc.paragraphs
                    .iter()
                    .map(|p| p.text.as_str())
                    .filter(|t| t.chars().count() >= MIN_FALLBACK_PARAGRAPH_CHARS)
                    .collect()
            } else {
                long
            };
            if pool.is_empty() {
                continue;
            }
            let para = pool[rng.below(pool.len())];
            let want = 3 + rng.below(3);
            let Some(words) = salient_words(&analyzer, para, want, &idf) else {
                continue;
            };
            // Other documents with a paragraph holding every word.
            let mut relevant = vec![doc.path.clone()];
            for (j, other) in docs.iter().enumerate() {
                let Some(other) = other else { continue };
                if j == i || !words.iter().all(|w| doc_words[j].binary_search(w).is_ok()) {
                    continue;
                }
                let holds = other.paragraphs.iter().any(|p| {
                    let t = normalize(&p.text);
                    words.iter().all(|w| t.contains(w.as_str()))
                });
                if holds {
                    relevant.push(other.path.clone());
                }
            }
            if relevant.len() > MAX_RELEVANT {
                rejected_broad += 1;
                continue;
            }
            kw_rows.push((words.join(" "), relevant));
            taken += 1;
        }
        eprintln!("keywords: {dir}: {taken} queries");
    }
    eprintln!(
        "keywords: {rejected_broad} draws replaced (words held by > {MAX_RELEVANT} documents)"
    );
    let kw_path = args.out.join("keywords.tsv");
    write_set(&kw_path, "keywords", &kw_rows)?;

    let multi = |rows: &[(String, Vec<String>)]| rows.iter().filter(|(_, r)| r.len() > 1).count();
    println!(
        "{}: {} queries ({} with several relevant documents)",
        title_path.display(),
        title_rows.len(),
        multi(&title_rows)
    );
    println!(
        "{}: {} queries ({} with several relevant documents)",
        kw_path.display(),
        kw_rows.len(),
        multi(&kw_rows)
    );
    println!("seed {seed}");
    Ok(())
}

/// The `want` words of `para` with the highest TF × IDF (ties: earlier
/// first), returned in paragraph order; `None` when fewer than 3 qualify.
fn salient_words(
    analyzer: &Analyzer,
    para: &str,
    want: usize,
    idf: &dyn Fn(&str) -> f64,
) -> Option<Vec<String>> {
    let mut stats: Vec<(String, usize, u32)> = Vec::new(); // word, first position, tf
    for w in analyzer.query_words(para) {
        if !eligible(&w.text) {
            continue;
        }
        match stats.iter_mut().find(|(t, _, _)| *t == w.text) {
            Some(s) => s.2 += 1,
            None => stats.push((w.text, w.char_offset, 1)),
        }
    }
    if stats.len() < 3 {
        return None;
    }
    let mut scored: Vec<(f64, usize, String)> = stats
        .into_iter()
        .map(|(w, pos, tf)| (f64::from(tf) * idf(&w), pos, w))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.truncate(want);
    scored.sort_by_key(|s| s.1);
    Some(scored.into_iter().map(|s| s.2).collect())
}

/// Writes `id<TAB>query<TAB>relevant|relevant…` with a header line.
fn write_set(path: &Path, name: &str, rows: &[(String, Vec<String>)]) -> std::io::Result<()> {
    let mut out = String::from("id\tquery\trelevant\n");
    for (n, (query, relevant)) in rows.iter().enumerate() {
        let query = query.replace(['\t', '\n', '\r'], " ");
        let _ = writeln!(out, "{name}-{:04}\t{query}\t{}", n + 1, relevant.join("|"));
    }
    std::fs::write(path, out)
}
