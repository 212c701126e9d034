//! End-to-end tests of the `xunwen` binary on a fixture corpus: ingest,
//! analysis, ranking, query language, output formats and exit statuses.

mod common;

use common::{char_slice, parse_json_lines, Fixture};
use predicates::prelude::*;
use serde_json::Value;

fn texts(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["text"].as_str().expect("text").to_string())
        .collect()
}

fn docs(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["doc"].as_str().expect("doc").to_string())
        .collect()
}

#[test]
fn first_search_builds_the_index_and_shows_ranked_highlighted_paragraphs() {
    let f = Fixture::standard();
    f.xunwen()
        .args(["search", "党史"])
        .assert()
        .success()
        .stderr(predicate::str::contains("building it from"))
        .stdout(predicate::str::contains("区教育局扎实开展党史学习教育"))
        .stdout(predicate::str::contains("qingshan/education.txt"))
        .stdout(predicate::str::contains("[党史]学习教育"));
    assert!(f.index().join("XUNWEN-INDEX").is_file());
}

#[test]
fn boilerplate_is_never_indexed() {
    let f = Fixture::standard();
    f.build();
    for junk in [
        "打印",
        "关闭",
        "分享到",
        "gif",
        "jpg",
        "政民互动",
        "领导之窗",
        "关闭窗口",
    ] {
        f.xunwen()
            .args(["search", "--json", junk])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("\"total_hits\":0"));
    }
    // Captions, section heads and short lines of body text are kept.
    for kept in ["革命纪念馆", "学史明理", "青山一中"] {
        let (hits, _) = f.search_json(&[kept]);
        assert!(!hits.is_empty(), "{kept} should be found");
    }
}

#[test]
fn title_and_date_come_from_the_page() {
    let f = Fixture::standard();
    let (hits, _) = f.search_json(&["推进会"]);
    let hit = hits
        .iter()
        .find(|h| h["doc"] == "qingshan/education.txt")
        .expect("education page hit");
    assert_eq!(hit["title"], "区教育局扎实开展党史学习教育");
    let (hits, _) = f.search_json(&["老旧小区"]);
    assert_eq!(hits[0]["date"], "2022-05-06");
}

#[test]
fn sub_words_are_found_inside_longer_words() {
    let f = Fixture::standard();
    let (hits, _) = f.search_json(&["鹤山"]);
    assert_eq!(docs(&hits), ["city/government.txt"]);
    let (hits, _) = f.search_json(&["反诈"]);
    assert_eq!(docs(&hits), ["city/government.txt"]);
}

#[test]
fn literal_strings_are_found_across_segmentation_boundaries() {
    let f = Fixture::standard();
    for query in ["市人民政府", "人民共和国", "山市人"] {
        let (hits, summary) = f.search_json(&[query]);
        assert!(summary["total_hits"].as_u64() >= Some(1), "{query}");
        let full: Vec<Value> = hits.into_iter().filter(|h| h["partial"] == false).collect();
        assert!(!full.is_empty(), "{query}");
        assert!(texts(&full).iter().all(|t| t.contains(query)), "{query}");
    }
}

#[test]
fn single_characters_are_found_anywhere_in_a_word() {
    // The character field indexes bigrams (and a unigram where a run ends): a
    // lone character must still be found at the start, middle and end of a
    // run, and as the last character of a quoted phrase.
    let f = Fixture::standard();
    for (query, needle) in [
        ("鹤", "鹤"),
        ("诈", "诈"),
        ("传", "传"),
        ("\"宣传工作,要\"", "宣传工作,要"),
    ] {
        let (hits, summary) = f.search_json(&[query]);
        assert!(summary["total_hits"].as_u64() >= Some(1), "{query}");
        assert!(
            docs(&hits).contains(&"city/government.txt".to_string()),
            "{query}"
        );
        assert!(texts(&hits).iter().all(|t| t.contains(needle)), "{query}");
    }
}

#[test]
fn a_word_match_ranks_above_a_mere_substring() {
    let f = Fixture::standard();
    let (hits, _) = f.search_json(&["市长"]);
    let order = docs(&hits);
    let mayor = order
        .iter()
        .position(|d| d == "city/mayor.txt")
        .expect("mayor found");
    let bridge = order
        .iter()
        .position(|d| d == "city/bridge.txt")
        .expect("bridge found");
    assert!(mayor < bridge, "{order:?}");
}

#[test]
fn quoted_phrases_match_exactly_and_terms_match_in_any_order() {
    let f = Fixture::standard();
    let (hits, _) = f.search_json(&["\"党史学习教育\""]);
    assert!(!hits.is_empty());
    assert!(texts(&hits).iter().all(|t| t.contains("党史学习教育")));
    // Unquoted, the words may stand apart: the street page has 党史 in one
    // paragraph and 学习教育 in another, so only partial hits come from it...
    let (hits, _) = f.search_json(&["党史学习教育"]);
    assert!(hits
        .iter()
        .filter(|h| h["doc"] == "qingshan/street.txt")
        .all(|h| h["partial"] == true));
    // ...and the adjacent phrase ranks first.
    assert!(texts(&hits)[0].contains("党史学习教育"));
}

#[test]
fn excluded_terms_remove_paragraphs() {
    let f = Fixture::standard();
    let (with, _) = f.search_json(&["学习"]);
    let (without, summary) = f.search_json(&["--all", "学习", "-党史"]);
    assert!(summary["total_hits"].as_u64() < Some(with.len() as u64));
    assert!(!without.is_empty());
    assert!(texts(&without).iter().all(|t| !t.contains("党史")));
}

#[test]
fn title_scope_searches_titles_only() {
    let f = Fixture::standard();
    let (hits, summary) = f.search_json(&["title:政府工作报告", "就业"]);
    assert_eq!(summary["total_hits"], 1);
    assert_eq!(hits[0]["doc"], "reports/work-report-2023.md");
    // Without the scope the job fair news matches too.
    let (_, summary) = f.search_json(&["就业"]);
    assert_eq!(summary["total_hits"], 2);
}

#[test]
fn or_matches_either_term() {
    let f = Fixture::standard();
    let (hits, _) = f.search_json(&["垃圾分类", "OR", "水库"]);
    let found = docs(&hits);
    assert!(found.iter().any(|d| d == "towns/baishi.html"), "{found:?}");
    assert!(
        found.iter().any(|d| d == "water/reservoir.txt"),
        "{found:?}"
    );
}

#[test]
fn sentence_queries_fall_back_to_partial_matches() {
    let f = Fixture::standard();
    // No paragraph holds the sentence as typed: nothing fully matches, the
    // page is filled with partial hits, and the exit status says "not found".
    let output = f
        .xunwen()
        .args(["search", "--json", "青山区有哪些就业岗位和招聘会"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let (hits, summary) = parse_json_lines(&output.stdout);
    assert_eq!(summary["total_hits"], 0, "no paragraph has the sentence");
    assert_eq!(hits[0]["doc"], "qingshan/jobs.txt", "it has every word");
    assert!(hits.len() > 1, "partial matches fill the list");
    assert!(hits.iter().all(|h| h["partial"] == true));
    // The terminal marks them too.
    f.xunwen()
        .args(["search", "青山区有哪些就业岗位和招聘会"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("partial match"));
}

#[test]
fn all_lists_every_full_match_and_limit_caps() {
    let f = Fixture::standard();
    let (hits, summary) = f.search_json(&["--all", "青山"]);
    assert_eq!(Some(hits.len() as u64), summary["total_hits"].as_u64());
    assert!(hits.len() > 2);
    let (hits, _) = f.search_json(&["-n", "2", "青山"]);
    assert_eq!(hits.len(), 2);
}

#[test]
fn json_lines_follow_the_documented_schema() {
    let f = Fixture::standard();
    let (hits, summary) = f.search_json(&["党史"]);
    assert!(!hits.is_empty());
    for (i, hit) in hits.iter().enumerate() {
        assert_eq!(hit["type"], "hit");
        assert_eq!(hit["rank"], i + 1);
        assert!(hit["score"].is_f64());
        assert!(hit["doc"].is_string() && hit["title"].is_string());
        assert!(hit["date"].is_string() || hit["date"].is_null());
        assert!(hit["paragraph"].as_u64() >= Some(1));
        assert!(hit["partial"].is_boolean());
        let text = hit["text"].as_str().expect("text");
        let highlights = hit["highlights"].as_array().expect("highlights");
        assert!(!highlights.is_empty());
        for span in highlights {
            let (start, end) = (
                span[0].as_u64().expect("start") as usize,
                span[1].as_u64().expect("end") as usize,
            );
            assert!(start < end && end <= text.chars().count());
            assert!(char_slice(text, start, end).contains("党史"));
        }
    }
    let scores: Vec<f64> = hits
        .iter()
        .map(|h| h["score"].as_f64().unwrap_or(0.0))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(summary["total_hits"].as_u64() >= Some(hits.len() as u64));
    assert!(summary["elapsed_ms"].is_number());
}

#[test]
fn highlights_merge_adjacent_terms() {
    let f = Fixture::standard();
    let (hits, _) = f.search_json(&["党史学习教育"]);
    let hit = &hits[0];
    let text = hit["text"].as_str().expect("text");
    let spans: Vec<String> = hit["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|s| {
            char_slice(
                text,
                s[0].as_u64().unwrap_or(0) as usize,
                s[1].as_u64().unwrap_or(0) as usize,
            )
        })
        .collect();
    assert!(spans.iter().any(|s| s == "党史学习教育"), "{spans:?}");
}

#[test]
fn exit_status_is_one_when_nothing_matches() {
    let f = Fixture::standard();
    f.xunwen()
        .args(["search", "量子计算机"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
}

#[test]
fn syntax_errors_point_at_the_problem_and_exit_two() {
    let f = Fixture::standard();
    f.build();
    for (query, message) in [
        ("党史 OR", "OR"),
        ("-党史", "only excludes"),
        ("title:", "title:"),
    ] {
        f.xunwen()
            .args(["search", query])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("query syntax error"))
            .stderr(predicate::str::contains(message))
            .stderr(predicate::str::contains("^"))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn an_empty_query_is_an_error_without_a_caret_under_nothing() {
    let f = Fixture::standard();
    f.build();
    for query in ["", "   "] {
        let output = f
            .xunwen()
            .args(["search", query])
            .output()
            .expect("run xunwen");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("the query is empty"), "{stderr}");
        assert!(!stderr.contains('^'), "{stderr:?}");
        assert!(stderr.lines().all(|l| !l.trim().is_empty()), "{stderr:?}");
    }
}

#[test]
fn after_double_dash_a_leading_dash_is_text_as_in_grep() {
    let f = Fixture::standard();
    f.write(
        "guides/cli.txt",
        "命令行说明\n\n在查询后加上 --json 参数，结果以JSON格式逐行输出。\n",
    );
    let (hits, summary) = f.search_json(&["--", "--json"]);
    assert!(summary["total_hits"].as_u64() >= Some(1), "{summary}");
    assert!(texts(&hits)[0].contains("--json"), "{:?}", texts(&hits));
    // An exclusion before `--` stays one; after it, `-党史` is text to find.
    // (A full match may find a term in the document's title.)
    let (hits, _) = f.search_json(&["--all", "--", "-党史", "学习"]);
    assert!(!hits.is_empty());
    let has = |h: &Value| format!("{}{}", h["title"], h["text"]).contains("党史");
    assert!(hits.iter().all(has), "{hits:?}");
    let (hits, _) = f.search_json(&["--all", "学习", "-党史"]);
    assert!(!hits.is_empty());
    assert!(texts(&hits).iter().all(|t| !t.contains("党史")));
    // clap's own advice for an unknown flag now does what it says.
    f.xunwen()
        .args(["search", "-x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-- -x"));
    f.xunwen().args(["search", "--", "-x"]).assert().code(1);
}

#[test]
fn encodings_are_detected_and_html_is_cleaned() {
    let f = Fixture::standard();
    let (hits, _) = f.search_json(&["垃圾分类"]);
    assert!(!hits.is_empty());
    assert_eq!(hits[0]["title"], "白石镇推进垃圾分类");
    assert_eq!(hits[0]["date"], "2023-04-12");
    assert!(texts(&hits).iter().all(|t| !t.contains("var nav")));
    let (hits, _) = f.search_json(&["安全检查"]);
    assert_eq!(docs(&hits), ["water/reservoir.txt"]);
}

#[test]
fn index_reports_what_it_did_and_why_files_were_skipped() {
    let f = Fixture::standard();
    f.write("notes/list.tsv", "file\tdate\n");
    f.write_bytes(
        "notes/photo.txt",
        &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3],
    );
    f.write("notes/empty.txt", "   \n\n");
    f.xunwen()
        .args(["index"])
        .assert()
        .success()
        .stdout(predicate::str::contains("added 9"))
        .stdout(predicate::str::contains("skipped 3"))
        .stderr(predicate::str::contains("notes/photo.txt"))
        .stderr(predicate::str::contains("binary"))
        .stderr(predicate::str::contains("notes/empty.txt"))
        .stderr(predicate::str::contains("unsupported types"));
    f.xunwen()
        .args(["index", "--verbose", "--rebuild"])
        .assert()
        .success()
        .stderr(predicate::str::contains("notes/list.tsv"));
}

#[test]
fn index_json_gives_every_file_a_verdict() {
    let f = Fixture::standard();
    let output = f.xunwen().args(["index", "--json"]).output().expect("run");
    assert!(output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 9);
    let gbk = files
        .iter()
        .find(|f| f["path"] == "towns/baishi.html")
        .expect("GBK page verdict");
    assert_eq!(gbk["verdict"], "indexed");
    assert_eq!(gbk["encoding"], "GB18030");
}

#[test]
fn long_paragraphs_are_split_into_readable_passages() {
    let f = Fixture::empty();
    let sentence = "区政府召开专题会议研究部署防汛备汛工作，要求各部门压实责任确保安全度汛。";
    let long_line = sentence.repeat(40);
    f.write("long.txt", &format!("防汛专题会议\n\n{long_line}\n"));
    let (hits, summary) = f.search_json(&["--all", "防汛"]);
    assert!(summary["total_hits"].as_u64() >= Some(3));
    for text in texts(&hits) {
        assert!(
            text.chars().count() <= 520,
            "passage of {} chars",
            text.chars().count()
        );
        assert!(text.ends_with('。'));
    }
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let f = Fixture::standard();
    f.build();
    f.xunwen()
        .args(["search", "--color", "always", "党史"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}["));
    f.xunwen()
        .env("NO_COLOR", "1")
        .args(["search", "--color", "auto", "党史"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\u{1b}[").not())
        .stdout(predicate::str::contains("[党史]"));
}

#[test]
fn stats_describe_the_index() {
    let f = Fixture::standard();
    f.build();
    let output = f.xunwen().args(["stats", "--json"]).output().expect("run");
    assert!(output.status.success());
    let stats: Value = serde_json::from_slice(&output.stdout).expect("JSON stats");
    assert_eq!(stats["documents"], 9);
    assert!(stats["paragraphs"].as_u64() > Some(9));
    assert!(stats["distinct_terms"].as_u64() > Some(50));
    assert!(stats["size_bytes"].as_u64() > Some(0));
    f.xunwen()
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("paragraphs"));
}

#[test]
fn missing_index_and_missing_corpus_are_clear_errors() {
    let f = Fixture::empty();
    f.xunwen()
        .arg("stats")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("xunwen index"));
    f.xunwen()
        .args(["--corpus", "no-such-folder", "index"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-folder"));
}

#[test]
fn a_notice_republished_verbatim_fills_one_place_on_the_page() {
    let f = Fixture::empty();
    let notice = "关于开展汛期安全隐患排查的通知\n\n各镇街要立即开展汛期安全隐患排查，确保群众生命财产安全。\n";
    f.write("city-a/notice.txt", notice);
    f.write("city-b/notice.txt", notice);
    f.write(
        "city-c/other.txt",
        "防汛工作会议\n\n会议强调汛期安全隐患排查要做到全覆盖。\n",
    );
    let (hits, summary) = f.search_json(&["汛期安全隐患排查"]);
    assert_eq!(summary["total_hits"], 3);
    assert_eq!(hits.len(), 2, "the repeated paragraph is shown once");
    let (all, _) = f.search_json(&["--all", "汛期安全隐患排查"]);
    assert_eq!(all.len(), 3, "--all lists every match");
}

#[test]
fn a_partial_hit_ranks_higher_when_its_document_has_the_missing_terms() {
    let f = Fixture::empty();
    // The right document spreads the question over two paragraphs...
    f.write(
        "qingshan/sorting.txt",
        "青山区推进社区治理\n\n各社区开展垃圾分类宣传，志愿者入户讲解投放方法。\n\n对分类投放表现突出的家庭给予奖励。\n",
    );
    // ...a wrong one has a slightly stronger paragraph and nothing else.
    f.write(
        "baishui/meeting.txt",
        "白水镇召开工作会议\n\n镇里开展垃圾分类宣传，志愿者讲解投放方法。\n",
    );
    // 奖励 is as common as the other words, so coverage alone does not
    // decide: the document's other paragraphs do.
    f.write(
        "baishui/awards.txt",
        "白水镇表彰先进\n\n镇政府对先进个人给予奖励。\n",
    );
    let (hits, summary) = f.search_json(&["垃圾分类 志愿者 奖励"]);
    assert_eq!(summary["total_hits"], 0, "no paragraph has all three terms");
    assert_eq!(hits[0]["doc"], "qingshan/sorting.txt");
    assert_eq!(hits[0]["paragraph"], 1);
    assert_eq!(hits[0]["partial"], true);
    assert_eq!(hits[1]["doc"], "baishui/meeting.txt");
}
