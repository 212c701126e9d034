//! End-to-end tests of what a match is and how the command line reads its
//! flags: a full match contains what was typed, counts and exit statuses are
//! honest, and flags work wherever they stand, as in ripgrep.

mod common;

use common::{parse_json_lines, Fixture};
use predicates::prelude::*;
use serde_json::Value;

/// A corpus where literal strings and their words part ways.
fn fixture() -> Fixture {
    let f = Fixture::empty();
    f.write(
        "news/app.txt",
        "镇干部学习强国积分赛\n\n2024年3月5日,镇党委组织干部开展学习强国积分比赛,比拼学习积分。\n\n活动结束后,镇里表彰学习强国积分排名靠前的干部。\n",
    );
    f.write(
        "news/factory.txt",
        "制造业座谈会召开\n\n2024年3月6日,座谈会强调建设制造强国,发放学习读本,推动企业学习先进经验。\n",
    );
    f.write(
        "news/stall.txt",
        "城管整治占道经营\n\n2024年4月1日,城管部门集中整治街道两侧摊点,引导商户进店经营。\n\n执法人员走到每个路口劝导。\n",
    );
    f.write(
        "reports/2023.txt",
        "2023年石门县政府工作报告\n\n过去一年,全县新增城镇就业5200人。\n\n今年要持续优化营商环境。\n\n全县干部深入学习新思想。\n",
    );
    f.write(
        "news/share.txt",
        "社区举办经验交流会\n\n2024年5月2日,社区举办经验交流会,居民分享垃圾分类心得。\n\n会后大家走到小区花园参观。\n",
    );
    f.write(
        "news/duplicate-a.txt",
        "石门县发布防汛通知\n\n2024年6月1日,石门县防汛指挥部要求各乡镇做好汛期值守。\n",
    );
    f.write(
        "news/duplicate-b.txt",
        "石门县发布防汛通知（转载）\n\n2024年6月1日，石门县防汛指挥部要求各乡镇做好汛期值守！\n",
    );
    f
}

fn texts(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn full_hits(hits: &[Value]) -> Vec<&Value> {
    hits.iter().filter(|h| h["partial"] == false).collect()
}

#[test]
fn an_unbroken_term_fully_matches_only_paragraphs_that_contain_it() {
    let f = fixture();
    let (hits, summary) = f.search_json(&["学习强国"]);
    assert_eq!(summary["total_hits"], 2, "two paragraphs contain 学习强国");
    let full = full_hits(&hits);
    assert_eq!(full.len(), 2);
    assert!(full
        .iter()
        .all(|h| h["text"].as_str().is_some_and(|t| t.contains("学习强国"))));
    // 制造强国 … 学习读本 has both words, not the string: a partial hit.
    let factory: Vec<&Value> = hits
        .iter()
        .filter(|h| h["doc"] == "news/factory.txt")
        .collect();
    assert!(
        !factory.is_empty(),
        "filled with the paragraph having both words"
    );
    assert!(factory.iter().all(|h| h["partial"] == true));
    let (all, _) = f.search_json(&["--all", "学习强国"]);
    assert_eq!(all.len(), 2, "--all lists full matches only");
}

#[test]
fn terms_may_be_met_by_the_title_but_one_must_be_in_the_paragraph() {
    let f = fixture();
    let (hits, summary) = f.search_json(&["政府工作报告", "就业"]);
    assert_eq!(summary["total_hits"], 1);
    assert_eq!(hits[0]["doc"], "reports/2023.txt");
    assert!(hits[0]["text"].as_str().is_some_and(|t| t.contains("就业")));
    assert_eq!(hits[0]["title_only"], false);
}

#[test]
fn a_word_only_in_a_title_gives_the_document_one_title_only_hit() {
    let f = fixture();
    // 城管 stands in the title of the stall notice and nowhere in its text.
    let (hits, summary) = f.search_json(&["城管整治"]);
    assert_eq!(summary["total_hits"], 1, "one hit for the document");
    let titled: Vec<&Value> = hits.iter().filter(|h| h["title_only"] == true).collect();
    assert_eq!(titled.len(), 1);
    assert_eq!(titled[0]["doc"], "news/stall.txt");
    assert_eq!(titled[0]["partial"], false);
    f.xunwen()
        .args(["search", "城管整治"])
        .assert()
        .success()
        .stdout(predicate::str::contains("title match"));
}

#[test]
fn partial_hits_never_rest_on_a_lone_character() {
    let f = fixture();
    // 分享到: no paragraph has it; 分享 … 到 and 分享 alone may fill the
    // page, a paragraph with only 到 (走到) may not.
    let output = f
        .xunwen()
        .args(["search", "--json", "分享到"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "nothing fully matches");
    let (hits, summary) = parse_json_lines(&output.stdout);
    assert_eq!(summary["total_hits"], 0);
    assert!(!hits.is_empty(), "partial hits are shown");
    for hit in &hits {
        assert_eq!(hit["partial"], true);
        assert!(
            hit["text"].as_str().is_some_and(|t| t.contains("分享")),
            "{hit}"
        );
    }
    // 占道经营: the notice's title has it, so the document is found; the
    // paragraph about walking 到 a crossing never is.
    let (hits, _) = f.search_json(&["占道经营"]);
    assert!(texts(&hits).iter().all(|t| !t.contains("走到")), "{hits:?}");
}

#[test]
fn a_stray_quote_is_ignored_with_a_note_and_real_mistakes_exit_two() {
    let f = fixture();
    let (code, _, stderr) = f.run(&["search", "学习强国”积分"]).parts();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("unmatched quote"), "{stderr}");
    let (code, _, stderr) = f.run(&["search", "--", "\"学习强国"]).parts();
    assert_eq!(code, 0, "{stderr}");
    for bad in [&["search", "-学习"][..], &["search", "学习", "OR"]] {
        let (code, _, stderr) = f.run(bad).parts();
        assert_eq!(code, 2, "{bad:?}: {stderr}");
        assert!(stderr.contains("query syntax error"), "{stderr}");
    }
}

#[test]
fn flags_work_before_and_after_the_query() {
    let f = fixture();
    f.build();
    for args in [
        &["search", "学习强国", "--json"][..],
        &["search", "--json", "学习强国"],
        &["search", "学习强国", "--json", "-n1"],
        &["search", "-n=1", "--json", "学习强国"],
        &["search", "--limit=1", "学习强国", "--json"],
    ] {
        let (code, stdout, stderr) = f.run(args).parts();
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let (hits, summary) = parse_json_lines(stdout.as_bytes());
        assert_eq!(
            summary["total_hits"], 2,
            "{args:?}: the query is only 学习强国"
        );
        if args.iter().any(|a| a.contains('1')) {
            assert_eq!(hits.len(), 1, "{args:?}");
        }
    }
}

#[test]
fn unknown_flags_are_errors_with_a_suggestion() {
    let f = fixture();
    f.build();
    let (code, stdout, stderr) = f.run(&["search", "学习强国", "--jsno"]).parts();
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("--jsno") && stderr.contains("--json"),
        "{stderr}"
    );
    let (code, _, stderr) = f.run(&["search", "-x", "学习强国"]).parts();
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn a_dash_before_chinese_or_a_quote_excludes_without_double_dash() {
    let f = fixture();
    let (hits, summary) = f.search_json(&["学习", "-强国"]);
    assert!(summary["total_hits"].as_u64() > Some(0));
    assert!(texts(&hits).iter().all(|t| !t.contains("强国")));
    let (hits, _) = f.search_json(&["学习", "-\"学习强国\""]);
    assert!(!hits.is_empty());
    assert!(texts(&hits).iter().all(|t| !t.contains("学习强国")));
    // After --, flags are query text: the search is for `--json` itself.
    let (code, stdout, _) = f.run(&["search", "学习", "--", "--json"]).parts();
    assert!(code == 0 || code == 1);
    assert!(!stdout.starts_with('{'), "--json after -- is not a flag");
}

#[test]
fn files_with_matches_lists_documents_best_first() {
    let f = fixture();
    let (code, stdout, _) = f.run(&["search", "-l", "石门县"]).parts();
    assert_eq!(code, 0);
    let paths: Vec<&str> = stdout.lines().collect();
    assert_eq!(paths.len(), 3, "{stdout}");
    for path in [
        "reports/2023.txt",
        "news/duplicate-a.txt",
        "news/duplicate-b.txt",
    ] {
        assert!(paths.contains(&path), "{stdout}");
    }
    let (_, stdout, _) = f.run(&["search", "石门县", "-l", "--json"]).parts();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let docs: Vec<&Value> = lines.iter().filter(|l| l["type"] == "document").collect();
    assert_eq!(docs.len(), 3);
    for doc in docs {
        for key in ["doc", "title", "date", "paragraphs"] {
            assert!(doc.get(key).is_some(), "{key} in {doc}");
        }
    }
    let (code, stdout, _) = f.run(&["search", "-l", "量子计算"]).parts();
    assert_eq!((code, stdout.as_str()), (1, ""));
}

#[test]
fn count_prints_full_matches_per_document() {
    let f = fixture();
    let (code, stdout, _) = f.run(&["search", "-c", "学习强国"]).parts();
    assert_eq!(code, 0);
    assert_eq!(stdout, "news/app.txt:2\n");
    // Each copy of a repeated paragraph counts.
    let (_, stdout, _) = f.run(&["search", "--count", "防汛指挥部"]).parts();
    let mut lines: Vec<&str> = stdout.lines().collect();
    lines.sort_unstable();
    assert_eq!(lines, ["news/duplicate-a.txt:1", "news/duplicate-b.txt:1"]);
}

#[test]
fn context_shows_neighbouring_paragraphs() {
    let f = fixture();
    let (hits, _) = f.search_json(&["-C", "1", "表彰"]);
    let hit = &hits[0];
    assert_eq!(hit["doc"], "news/app.txt");
    let before = hit["context_before"].as_array().expect("context_before");
    assert_eq!(before.len(), 1);
    assert!(before[0]["text"]
        .as_str()
        .is_some_and(|t| t.contains("积分比赛")));
    assert_eq!(hit["context_after"].as_array().map(Vec::len), Some(0));
    let (_, stdout, _) = f.run(&["search", "表彰", "-C1", "--color=never"]).parts();
    assert!(stdout.contains("积分比赛"), "{stdout}");
    let (hits, _) = f.search_json(&["表彰"]);
    assert!(hits[0].get("context_before").is_none());
}

#[test]
fn repeated_paragraphs_fold_into_the_first_hit() {
    let f = fixture();
    let (hits, summary) = f.search_json(&["汛期值守"]);
    assert_eq!(summary["total_hits"], 2, "each copy counts");
    let full = full_hits(&hits);
    assert_eq!(full.len(), 1, "shown once");
    let also: Vec<&str> = full[0]["also_in"]
        .as_array()
        .expect("also_in")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(also.len(), 1);
    assert_ne!(also[0], full[0]["doc"].as_str().unwrap_or_default());
    let (all, _) = f.search_json(&["--all", "汛期值守"]);
    assert_eq!(all.len(), 2, "--all lists every copy");
}

#[test]
fn many_copies_fold_and_still_leave_the_page_to_full_matches() {
    let f = Fixture::empty();
    // One release reprinted by 40 outlets, and 12 other paragraphs on the
    // same subject: a page of 10 is 10 full matches, the copies one of them.
    for i in 0..40 {
        f.write(
            &format!("转载/{i:02}.txt"),
            "防汛通报\n全市各水库开展汛前检查，落实防汛值守责任。\n",
        );
    }
    for i in 0..12 {
        f.write(
            &format!("各镇/{i:02}.txt"),
            &format!("镇街动态\n第{i}镇召开会议，部署防汛值守和隐患排查。\n"),
        );
    }
    f.build();
    let (hits, summary) = f.search_json(&["防汛值守"]);
    assert_eq!(summary["total_hits"], 52, "every copy counts");
    assert_eq!(hits.len(), 10);
    assert_eq!(
        full_hits(&hits).len(),
        10,
        "no partial hit before a full one"
    );
    let folded = hits
        .iter()
        .find(|h| h["doc"].as_str().unwrap_or_default().starts_with("转载/"))
        .expect("the reprinted release is shown");
    let also = folded["also_in"].as_array().expect("also_in");
    assert_eq!(also.len(), 39, "the other copies, by path");
    assert!(also
        .iter()
        .filter_map(Value::as_str)
        .all(|p| p.starts_with("转载/") && p != folded["doc"].as_str().unwrap_or_default()));
}

#[test]
fn completions_and_manual_come_from_the_flag_definitions() {
    let f = fixture();
    let (code, stdout, _) = f.run(&["completions", "bash"]).parts();
    assert_eq!(code, 0);
    assert!(
        stdout.contains("--files-with-matches"),
        "bash completion lists flags"
    );
    let (code, stdout, _) = f.run(&["man"]).parts();
    assert_eq!(code, 0);
    assert!(stdout.contains(".TH") && stdout.contains("xunwen"));
}
