//! `xunwen eval`: runs judged query sets and prints the figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use xunwen::analysis::Analyzer;
use xunwen::eval::{evaluate, regressions, DocumentBaseline, QuerySet, Ranker, SetScore};
use xunwen::index::XunwenIndex;
use xunwen::search::Ranking;

/// Arguments of `xunwen eval`.
#[derive(Args)]
pub struct EvalArgs {
    /// Query set files; each file is one set, named after its stem.
    #[arg(required = true)]
    sets: Vec<PathBuf>,
    /// Also run the baselines: BM25 over jieba words (all, any), over
    /// character bigrams (any, by paragraph) and over whole documents
    /// (character bigrams, any; built in memory for the run).
    #[arg(long)]
    baselines: bool,
    /// Save this run (per-query outcomes) as JSON, for a later --compare.
    #[arg(long)]
    save: Option<PathBuf>,
    /// List the queries that got worse since a saved run.
    #[arg(long)]
    compare: Option<PathBuf>,
    /// Fail (exit 1) if a set's metric falls below this JSON file's floor:
    /// {"set": {"mrr_10": 0.8, "recall_10": 0.9, "recall_100": 0.95}}.
    #[arg(long)]
    floor: Option<PathBuf>,
}

/// The least a set's metrics may be, as in `tests/fixtures/eval/floor.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Floor {
    mrr_10: Option<f64>,
    recall_10: Option<f64>,
    recall_100: Option<f64>,
}

/// Reads a JSON file written by `--save` or by hand; `what` names it in errors.
fn read_json<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not {what}", path.display()))
}

/// Evaluates every set (and the baselines if asked), prints a table, saves,
/// compares and checks floors.
pub fn run(index: &XunwenIndex, analyzer: &Analyzer, args: &EvalArgs) -> Result<ExitCode> {
    let (compare, save) = (args.compare.as_deref(), args.save.as_deref());
    // Read every input before the (long) evaluation, so a bad file fails fast.
    let previous: Option<Vec<SetScore>> = compare
        .map(|path| read_json(path, "a saved eval run"))
        .transpose()?;
    let floors: Option<BTreeMap<String, Floor>> = args
        .floor
        .as_ref()
        .map(|path| {
            read_json(
                path,
                "a floor file ({\"set\": {\"mrr_10\": 0.9, \"recall_10\": 0.9, \"recall_100\": 0.9}})",
            )
        })
        .transpose()?;
    let sets: Vec<QuerySet> = args
        .sets
        .iter()
        .map(|path| QuerySet::load(path))
        .collect::<Result<_, _>>()?;
    check_judged(index, &sets)?;
    let mut rankers = vec![Ranker::Search(Ranking::Default)];
    if args.baselines {
        rankers.extend([
            Ranker::Search(Ranking::WordsAnd),
            Ranker::Search(Ranking::WordsOr),
            Ranker::Search(Ranking::CharsOr),
            Ranker::Documents(&DocumentBaseline::CHARS),
            Ranker::Documents(&DocumentBaseline::WORDS),
        ]);
    }
    let scores = score_sets(index, analyzer, &sets, &rankers)?;
    if let (Some(path), Some(previous)) = (compare, &previous) {
        print_regressions(path, previous, &scores);
    }
    if let Some(path) = save {
        let json = serde_json::to_string_pretty(&scores)?;
        std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))?;
    }
    match &floors {
        Some(floors) if !meets_floors(&scores, floors) => Ok(ExitCode::from(1)),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Fails when no document a set judges is in the index (every figure would
/// be 0.000, which reads as a ranking failure, not a wrong index); warns
/// when some are missing (their queries cannot score fully).
fn check_judged(index: &XunwenIndex, sets: &[QuerySet]) -> Result<()> {
    let manifest = index.manifest()?;
    let indexed = |path: &str| {
        manifest
            .files
            .get(path)
            .is_some_and(|r| r.skipped.is_none())
    };
    for set in sets {
        let judged: std::collections::BTreeSet<&str> = set
            .queries
            .iter()
            .flat_map(|q| q.relevant.iter().map(String::as_str))
            .collect();
        let missing: Vec<&str> = judged.iter().copied().filter(|p| !indexed(p)).collect();
        if missing.is_empty() {
            continue;
        }
        if missing.len() == judged.len() {
            anyhow::bail!(
                "none of the {} documents judged in set {} (such as {}) is in the index at {} (corpus {}); \
                 evaluate an index of the corpus the set was judged on: `xunwen --index DIR eval …`",
                judged.len(),
                set.name,
                missing[0],
                index.dir().display(),
                index.header().corpus
            );
        }
        eprintln!(
            "xunwen: {} of the {} documents judged in set {} are not in the index (such as {}); \
             their queries score as if never found",
            missing.len(),
            judged.len(),
            set.name,
            missing[0]
        );
    }
    Ok(())
}

/// Runs every set with every ranker, printing a row each.
fn score_sets(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    sets: &[QuerySet],
    rankers: &[Ranker<'_>],
) -> Result<Vec<SetScore>> {
    let mut scores: Vec<SetScore> = Vec::new();
    println!(
        "{:<16} {:<12} {:>7} {:>7} {:>7} {:>7}",
        "set", "ranking", "queries", "MRR@10", "R@10", "R@100"
    );
    for set in sets {
        for &ranker in rankers {
            let score = evaluate(index, analyzer, set, ranker)?;
            println!(
                "{:<16} {:<12} {:>7} {:>7.3} {:>7.3} {:>7.3}",
                score.set,
                score.ranking,
                score.queries,
                score.mrr_10,
                score.recall_10,
                score.recall_100
            );
            scores.push(score);
        }
    }
    Ok(scores)
}

/// Lists the queries whose first relevant document fell since `previous`.
fn print_regressions(path: &Path, previous: &[SetScore], scores: &[SetScore]) {
    let fallen = regressions(previous, scores);
    println!(
        "\n{} queries ranked their first relevant document lower than in {}:",
        fallen.len(),
        path.display()
    );
    let show = |r: Option<usize>| r.map_or_else(|| "-".to_string(), |r| r.to_string());
    for r in &fallen {
        println!(
            "  {}/{}  {}→{}  {}",
            r.set,
            r.id,
            show(r.before),
            show(r.after),
            r.query
        );
    }
}

/// Whether every default-ranking metric is at or above its floor; says
/// which are not.
fn meets_floors(scores: &[SetScore], floors: &BTreeMap<String, Floor>) -> bool {
    let mut met = true;
    for score in scores.iter().filter(|s| s.ranking == "default") {
        let Some(floor) = floors.get(&score.set) else {
            continue;
        };
        let checks = [
            ("mrr_10", score.mrr_10, floor.mrr_10),
            ("recall_10", score.recall_10, floor.recall_10),
            ("recall_100", score.recall_100, floor.recall_100),
        ];
        for (metric, value, minimum) in checks {
            let Some(minimum) = minimum else { continue };
            if value + 1e-9 < minimum {
                eprintln!(
                    "xunwen: {} {metric} = {value:.3} is below the floor {minimum:.3}",
                    score.set
                );
                met = false;
            }
        }
    }
    met
}
