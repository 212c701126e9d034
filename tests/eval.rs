//! The relevance harness on the checked-in fixture set: CI fails when the
//! default ranking drops below the floor in `tests/fixtures/eval/floor.json`.

use assert_cmd::Command;
use predicates::prelude::*;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/eval");

fn eval_cmd(index: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("xunwen").expect("xunwen binary");
    cmd.arg("--corpus")
        .arg(format!("{FIXTURE}/corpus"))
        .arg("--index")
        .arg(index)
        .arg("eval");
    cmd
}

#[test]
fn fixture_ranking_stays_above_the_checked_in_floor_and_beats_the_baselines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join("index");
    let saved = dir.path().join("run.json");
    eval_cmd(&index)
        .args(["--baselines", "--save"])
        .arg(&saved)
        .arg("--floor")
        .arg(format!("{FIXTURE}/floor.json"))
        .arg(format!("{FIXTURE}/queries.tsv"))
        .assert()
        .success()
        .stdout(predicate::str::contains("MRR@10"));
    let run: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&saved).expect("saved run")).expect("JSON run");
    let mrr = |ranking: &str| {
        run.iter()
            .find(|s| s["ranking"] == ranking)
            .and_then(|s| s["mrr_10"].as_f64())
            .expect("a score for each ranking")
    };
    assert!(mrr("default") > mrr("words-and"));
    assert!(mrr("default") > mrr("words-or"));
}

#[test]
fn a_floor_above_the_measured_figure_fails_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let floor = dir.path().join("floor.json");
    std::fs::write(&floor, r#"{"queries": {"mrr_10": 1.01}}"#).expect("write floor");
    eval_cmd(&dir.path().join("index"))
        .arg("--floor")
        .arg(&floor)
        .arg(format!("{FIXTURE}/queries.tsv"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("below the floor"));
}

#[test]
fn a_malformed_query_set_names_the_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let set = dir.path().join("bad.tsv");
    std::fs::write(&set, "id\tquery\trelevant\nq1\t防汛\n").expect("write set");
    eval_cmd(&dir.path().join("index"))
        .arg(&set)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.tsv:2"));
}

#[test]
fn a_floor_naming_an_unknown_metric_is_refused_before_evaluating() {
    let dir = tempfile::tempdir().expect("tempdir");
    let floor = dir.path().join("floor.json");
    std::fs::write(&floor, r#"{"queries": {"mrr10": 0.5}}"#).expect("write floor");
    eval_cmd(&dir.path().join("index"))
        .arg("--floor")
        .arg(&floor)
        .arg(format!("{FIXTURE}/queries.tsv"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("MRR@10").not())
        .stderr(predicate::str::contains("floor.json is not a floor file"))
        .stderr(predicate::str::contains("mrr10"));
}
