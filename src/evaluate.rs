//! `xunwen eval`: runs judged query sets and prints the figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use xunwen::analysis::Analyzer;
use xunwen::eval::{evaluate, regressions, QuerySet, SetScore};
use xunwen::index::XunwenIndex;
use xunwen::search::Ranking;

/// Metrics a set must reach, by set name then metric name.
type Floors = BTreeMap<String, BTreeMap<String, f64>>;

/// Evaluates every set (and the baselines if asked), prints a table, saves,
/// compares and checks floors.
pub fn run(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    sets: &[PathBuf],
    baselines: bool,
    save: Option<&Path>,
    compare: Option<&Path>,
    floor: Option<&Path>,
) -> Result<ExitCode> {
    let rankings: &[Ranking] = if baselines {
        &[Ranking::Default, Ranking::WordsAnd, Ranking::WordsOr]
    } else {
        &[Ranking::Default]
    };
    let mut scores: Vec<SetScore> = Vec::new();
    println!(
        "{:<14} {:<10} {:>7} {:>7} {:>7} {:>7}",
        "set", "ranking", "queries", "MRR@10", "R@10", "R@100"
    );
    for path in sets {
        let set = QuerySet::load(path)?;
        for &ranking in rankings {
            let score = evaluate(index, analyzer, &set, ranking)?;
            println!(
                "{:<14} {:<10} {:>7} {:>7.3} {:>7.3} {:>7.3}",
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
    if let Some(path) = compare {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let previous: Vec<SetScore> = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a saved eval run", path.display()))?;
        let fallen = regressions(&previous, &scores);
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
    if let Some(path) = save {
        let json = serde_json::to_string_pretty(&scores)?;
        std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = floor {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let floors: Floors = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a floor file", path.display()))?;
        let mut failed = false;
        for score in scores.iter().filter(|s| s.ranking == "default") {
            for (metric, &minimum) in floors.get(&score.set).into_iter().flatten() {
                let value = match metric.as_str() {
                    "mrr_10" => score.mrr_10,
                    "recall_10" => score.recall_10,
                    "recall_100" => score.recall_100,
                    other => anyhow::bail!(
                        "{}: unknown metric {other:?} (mrr_10, recall_10, recall_100)",
                        path.display()
                    ),
                };
                if value + 1e-9 < minimum {
                    eprintln!(
                        "xunwen: {} {metric} = {value:.3} is below the floor {minimum:.3}",
                        score.set
                    );
                    failed = true;
                }
            }
        }
        if failed {
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
