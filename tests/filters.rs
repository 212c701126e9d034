//! End-to-end tests of narrowing and ordering a search: `--since`,
//! `--until`, `--in`, `--sort date`, on the real binary.

mod common;

use common::Fixture;
use serde_json::Value;

/// Releases dated by their file names, in two folders, one undated.
fn fixture() -> Fixture {
    let f = Fixture::empty();
    let release = |topic: &str| format!("{topic}\n\n全县召开防汛工作会议,部署{topic}相关工作。\n");
    f.write("news/2023/20231105_01.txt", &release("秋冬防汛检查"));
    f.write("news/2024/20240115_01.txt", &release("冬季防汛准备"));
    f.write("news/2024/20240630_02.txt", &release("汛期防汛值守"));
    f.write("notices/20250201_01.txt", &release("春季防汛部署"));
    f.write("notices/undated.txt", &release("防汛物资清点"));
    f
}

fn docs(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["doc"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn since_and_until_are_inclusive_and_take_partial_dates() {
    let f = fixture();
    let (hits, summary) = f.search_json(&["防汛工作会议", "--since", "2024", "--until", "2024-06"]);
    assert_eq!(summary["total_hits"], 2);
    let mut found = docs(&hits);
    found.sort();
    assert_eq!(
        found,
        ["news/2024/20240115_01.txt", "news/2024/20240630_02.txt"]
    );
    // A day bound includes that day.
    let (hits, _) = f.search_json(&["防汛工作会议", "--until", "2024-01-15"]);
    assert_eq!(hits.len(), 2, "{hits:?}");
    let (_, summary) = f.search_json(&["防汛工作会议", "--since", "2025-02-01"]);
    assert_eq!(
        summary["total_hits"], 1,
        "2025-02-01 itself, not the undated notice"
    );
}

#[test]
fn a_date_filter_leaves_out_undated_documents_and_verbose_says_so() {
    let f = fixture();
    f.build();
    let output = f
        .xunwen()
        .args(["-v", "search", "防汛工作会议", "--since", "2000", "--json"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("left out 1 matching document without a date"),
        "{stderr}"
    );
    let (hits, _) = common::parse_json_lines(&output.stdout);
    assert!(docs(&hits).iter().all(|d| d != "notices/undated.txt"));
}

#[test]
fn in_narrows_to_folders_and_files_and_repeats() {
    let f = fixture();
    let (hits, _) = f.search_json(&["防汛工作会议", "--in", "news/2024"]);
    assert_eq!(hits.len(), 2);
    assert!(docs(&hits).iter().all(|d| d.starts_with("news/2024/")));
    let (hits, _) = f.search_json(&[
        "防汛工作会议",
        "--in",
        "news/2023/",
        "--in",
        "notices/undated.txt",
    ]);
    let mut found = docs(&hits);
    found.sort();
    assert_eq!(found, ["news/2023/20231105_01.txt", "notices/undated.txt"]);
    // A path from the current folder, through the corpus folder, works too.
    let (hits, _) = f.search_json(&["防汛工作会议", "--in", "corpus/notices"]);
    assert_eq!(hits.len(), 2);
    // -l and -c take the same filters.
    let output = f
        .xunwen()
        .args(["search", "-c", "防汛工作会议", "--in", "news/2024"])
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 2);
}

#[test]
fn sort_by_date_puts_the_newest_first_and_undated_last() {
    let f = fixture();
    let (hits, summary) = f.search_json(&["防汛工作会议", "--sort", "date"]);
    assert_eq!(summary["total_hits"], 5);
    let dates: Vec<Value> = hits.iter().map(|h| h["date"].clone()).collect();
    assert_eq!(
        dates,
        [
            Value::from("2025-02-01"),
            Value::from("2024-06-30"),
            Value::from("2024-01-15"),
            Value::from("2023-11-05"),
            Value::Null
        ]
    );
    let (_, relevance) = f.search_json(&["防汛工作会议"]);
    assert_eq!(
        relevance["total_hits"], summary["total_hits"],
        "sorting changes no count"
    );
}

#[test]
fn a_malformed_date_is_an_error_that_names_it() {
    let f = fixture();
    let output = f
        .xunwen()
        .args(["search", "防汛", "--since", "2024-13"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("2024-13") && stderr.contains("YYYY-MM-DD"),
        "{stderr}"
    );
}

#[test]
fn in_takes_an_absolute_path_inside_the_corpus_and_refuses_others() {
    let f = fixture();
    let inside = f.corpus().join("news/2024");
    let (hits, _) = f.search_json(&["防汛工作会议", "--in", &inside.to_string_lossy()]);
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(docs(&hits).iter().all(|d| d.starts_with("news/2024/")));
    let file = f.corpus().join("notices/undated.txt");
    let (hits, _) = f.search_json(&["防汛工作会议", "--in", &file.to_string_lossy()]);
    assert_eq!(docs(&hits), ["notices/undated.txt"]);
    // Outside the corpus, or not in it: a clear error and exit 2, for
    // `search` and `trend` alike.
    let outside = f.root().to_string_lossy().into_owned();
    for (place, says) in [
        (outside.as_str(), "outside the corpus"),
        ("..", "outside the corpus"),
        ("nosuch", "no such folder or file in the corpus"),
    ] {
        for command in ["search", "trend"] {
            let output = f
                .xunwen()
                .args([command, "防汛工作会议", "--in", place])
                .output()
                .expect("runs");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{command} --in {place}: {stderr}"
            );
            assert!(stderr.contains(says), "{command} --in {place}: {stderr}");
            assert!(output.stdout.is_empty(), "{command} --in {place}");
        }
    }
}
