//! End-to-end tests of `xunwen trend` (full matches counted per year or
//! month) and `xunwen show` (a document read back from the index), on a
//! small corpus of employment news written for these tests.

mod common;

use common::{char_slice, Fixture};
use predicates::prelude::*;
use serde_json::Value;

/// Two January 2024 items (one with 就业 in two paragraphs), nothing in
/// February, two in March (one matching on its title alone), one in
/// November 2023, a 2021 work report dated by its first line, an undated
/// note, and an item that never mentions 就业.
fn corpus() -> Fixture {
    let f = Fixture::empty();
    f.write(
        "news/2024/20240115_01.txt",
        "青山区召开稳就业工作推进会\n\n\
         会议听取了全区高校毕业生就业情况汇报，部署下一阶段重点工作。\n\n\
         会议强调，要拓宽岗位来源，加强困难群体帮扶。\n\n\
         各街道要把就业服务送到群众家门口。\n",
    );
    f.write(
        "news/2024/20240120_02.txt",
        "白石镇举办返乡人员座谈会\n\n\
         座谈会上，镇人社所介绍了本地企业用工需求和就业补贴政策。\n",
    );
    f.write(
        "news/2024/20240310_01.txt",
        "区人社局开展技能培训进社区活动\n\n\
         活动为待业居民提供电工、育婴等培训课程，帮助其实现就业。\n",
    );
    f.write(
        "news/2024/20240312_01.txt",
        "春风行动助力就业\n\n\
         区人社局联合多家企业走进社区，现场提供岗位咨询和政策解答。\n",
    );
    f.write(
        "news/2023/20231105_01.txt",
        "区总工会为新业态劳动者送温暖\n\n\
         活动现场发放慰问品，并介绍了灵活就业人员参加社会保险的办法。\n",
    );
    f.write(
        "reports/2021年青山区政府工作报告.txt",
        "2021年1月20日\n\n\
         2021年青山区政府工作报告\n\n\
         过去一年，我们坚持稳字当头，城镇新增就业八千余人。\n\n\
         新的一年，我们将继续推进乡村振兴。\n",
    );
    f.write(
        "notes/undated.txt",
        "工作笔记\n\n\
         走访企业三家，了解用工和就业需求。\n",
    );
    f.write(
        "news/2024/20240208_01.txt",
        "青山区开展节前安全生产检查\n\n\
         检查组深入商场、车站，督促落实安全责任。\n",
    );
    f.build();
    f
}

/// Runs `trend --json ARGS`; returns the period objects and the exit code.
fn trend_json(f: &Fixture, args: &[&str]) -> (Vec<Value>, Option<i32>, String) {
    let output = f
        .xunwen()
        .args(["trend", "--json"])
        .args(args)
        .output()
        .expect("run xunwen");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let periods = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (periods, output.status.code(), stderr)
}

/// `(period, documents, paragraphs)` of each object.
fn rows(periods: &[Value]) -> Vec<(String, u64, u64)> {
    periods
        .iter()
        .map(|p| {
            (
                p["period"].as_str().expect("period").to_string(),
                p["documents"].as_u64().expect("documents"),
                p["paragraphs"].as_u64().expect("paragraphs"),
            )
        })
        .collect()
}

fn row(period: &str, documents: u64, paragraphs: u64) -> (String, u64, u64) {
    (period.to_string(), documents, paragraphs)
}

#[test]
fn trend_by_month_shows_an_empty_month_in_the_middle_as_zero() {
    let f = corpus();
    let (periods, code, _) = trend_json(&f, &["就业", "--by", "month", "--since", "2023-11"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        rows(&periods),
        [
            row("2023-11", 1, 1),
            row("2023-12", 0, 0),
            row("2024-01", 2, 3),
            row("2024-02", 0, 0),
            // The title-only item counts one paragraph.
            row("2024-03", 2, 2),
        ]
    );
    for p in &periods {
        let keys: Vec<&str> = p
            .as_object()
            .expect("object")
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(keys.len(), 3, "{p}");
    }
}

#[test]
fn trend_counts_what_search_counts() {
    let f = corpus();
    let (_, summary) = f.search_json(&["就业", "--since", "2023-11"]);
    let (periods, _, _) = trend_json(&f, &["就业", "--since", "2023-11"]);
    let paragraphs: u64 = rows(&periods).iter().map(|r| r.2).sum();
    assert_eq!(Some(paragraphs), summary["total_hits"].as_u64());
}

#[test]
fn trend_by_year_is_the_default_past_three_years_and_names_undated_matches() {
    let f = corpus();
    let (periods, code, stderr) = trend_json(&f, &["就业"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        rows(&periods),
        [
            row("2021", 1, 1),
            row("2022", 0, 0),
            row("2023", 1, 1),
            row("2024", 4, 5),
        ]
    );
    assert!(
        stderr.contains("1 document (1 paragraph) without a date"),
        "{stderr}"
    );
}

#[test]
fn since_until_and_in_narrow_the_trend() {
    let f = corpus();
    let (periods, _, _) = trend_json(&f, &["就业", "--by", "year", "--until", "2023"]);
    assert_eq!(
        rows(&periods),
        [row("2021", 1, 1), row("2022", 0, 0), row("2023", 1, 1)]
    );
    // Within 2024 the span is short: months by default.
    let (periods, _, stderr) = trend_json(&f, &["就业", "--in", "news/2024"]);
    assert_eq!(
        rows(&periods),
        [
            row("2024-01", 2, 3),
            row("2024-02", 0, 0),
            row("2024-03", 2, 2)
        ]
    );
    assert!(!stderr.contains("without a date"), "{stderr}");
    let (periods, _, _) = trend_json(
        &f,
        &[
            "就业",
            "--in",
            "news/2023",
            "--in",
            "reports",
            "--by",
            "year",
        ],
    );
    assert_eq!(
        rows(&periods),
        [row("2021", 1, 1), row("2022", 0, 0), row("2023", 1, 1)]
    );
}

#[test]
fn trend_draws_one_bar_per_period_in_80_columns_when_piped() {
    let f = corpus();
    let output = f
        .xunwen()
        .args(["trend", "就业", "--by", "month", "--since", "2024"])
        .output()
        .expect("run xunwen");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines[0].starts_with("period") && lines[0].contains("documents"));
    for line in &lines[1..] {
        assert_eq!(line.chars().count(), 80, "{line:?}");
    }
    assert!(lines[1].starts_with("2024-01 █"), "{stdout}");
    assert!(
        lines[2].starts_with("2024-02  ") && !lines[2].contains('█'),
        "{stdout}"
    );
    assert!(lines[3].starts_with("2024-03 █"), "{stdout}");
    // Two documents each in January and March: bars of the same length.
    let bar = |l: &str| l.chars().filter(|c| ('▏'..='█').contains(c)).count();
    assert_eq!(bar(lines[1]), bar(lines[3]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("5 paragraphs in 4 documents match"),
        "{stderr}"
    );
}

#[test]
fn trend_exits_1_when_nothing_matches_and_2_on_a_bad_date() {
    let f = corpus();
    let (periods, code, _) = trend_json(&f, &["养老金"]);
    assert!(periods.is_empty());
    assert_eq!(code, Some(1));
    let (periods, code, _) = trend_json(&f, &["就业", "--since", "2030"]);
    assert!(periods.is_empty());
    assert_eq!(code, Some(1));
    f.xunwen()
        .args(["trend", "就业", "--since", "去年"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    f.xunwen()
        .args(["trend", "就业", "--by", "week"])
        .assert()
        .code(2);
}

#[test]
fn show_prints_the_whole_document_as_indexed() {
    let f = corpus();
    f.xunwen()
        .args(["show", "news/2024/20240115_01.txt"])
        .assert()
        .success()
        .stdout(
            "青山区召开稳就业工作推进会\n\
             news/2024/20240115_01.txt · 2024-01-15\n\
             \n\
             \x20\x20¶1 会议听取了全区高校毕业生就业情况汇报，部署下一阶段重点工作。\n\
             \x20\x20¶2 会议强调，要拓宽岗位来源，加强困难群体帮扶。\n\
             \x20\x20¶3 各街道要把就业服务送到群众家门口。\n",
        );
}

#[test]
fn show_from_a_paragraph_marks_it_and_highlights_the_query() {
    let f = corpus();
    let out = f
        .xunwen()
        .args([
            "show",
            "news/2024/20240115_01.txt:2",
            "--highlight",
            "就业 帮扶",
        ])
        .output()
        .expect("run xunwen");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(stdout.contains("¶1 not shown"), "{stdout}");
    assert!(!stdout.contains("高校毕业生"), "{stdout}");
    assert!(
        stdout.contains("▶ ¶2 会议强调，要拓宽岗位来源，加强困难群体[帮扶]。"),
        "{stdout}"
    );
    assert!(stdout.contains("  ¶3 各街道要把[就业]服务"), "{stdout}");
    f.xunwen()
        .args(["show", "news/2024/20240115_01.txt:2", "--color", "always"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[1m会议强调"));
}

#[test]
fn show_json_is_one_object_with_highlights_into_the_text() {
    let f = corpus();
    let out = f
        .xunwen()
        .args([
            "show",
            "--json",
            "news/2024/20240115_01.txt",
            "--highlight",
            "就业",
        ])
        .output()
        .expect("run xunwen");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(stdout.lines().count(), 1);
    let doc: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(doc["doc"], "news/2024/20240115_01.txt");
    assert_eq!(doc["title"], "青山区召开稳就业工作推进会");
    assert_eq!(doc["date"], "2024-01-15");
    let paragraphs = doc["paragraphs"].as_array().expect("paragraphs");
    assert_eq!(paragraphs.len(), 3);
    for (i, p) in paragraphs.iter().enumerate() {
        assert_eq!(p["paragraph"], i as u64 + 1);
        let text = p["text"].as_str().expect("text");
        for h in p["highlights"].as_array().expect("highlights") {
            let (s, e) = (h[0].as_u64().expect("start"), h[1].as_u64().expect("end"));
            assert_eq!(char_slice(text, s as usize, e as usize), "就业");
        }
    }
    assert_eq!(paragraphs[1]["highlights"], serde_json::json!([]));
    let undated = f
        .xunwen()
        .args(["show", "--json", "notes/undated.txt"])
        .output()
        .expect("run xunwen");
    let doc: Value = serde_json::from_slice(&undated.stdout).expect("JSON");
    assert_eq!(doc["date"], Value::Null);
}

#[test]
fn show_accepts_a_path_from_the_current_folder() {
    let f = corpus();
    f.xunwen()
        .current_dir(f.corpus().join("news/2024"))
        .args(["show", "20240310_01.txt:1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "news/2024/20240310_01.txt · 2024-03-10",
        ));
    f.xunwen()
        .args(["show", "corpus/news/2024/20240310_01.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("▶").not());
}

#[test]
fn show_names_an_unknown_document_and_a_paragraph_out_of_range() {
    let f = corpus();
    f.xunwen()
        .args(["show", "news/2024/nothing.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("\"news/2024/nothing.txt\""))
        .stderr(predicate::str::contains("xunwen search -l"));
    // A bare file name: the path holding it is suggested.
    f.xunwen()
        .args(["show", "20240120_02.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean news/2024/20240120_02.txt?",
        ));
    f.xunwen()
        .args(["show", "news/2024/20240115_01.txt:9"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("paragraphs 1–3"))
        .stderr(predicate::str::contains("no paragraph 9"));
    f.xunwen()
        .args(["show", "news/2024/20240115_01.txt", "--highlight", "OR"])
        .assert()
        .code(2);
}
