//! End-to-end tests of synonyms: the built-in abbreviations, pairs the
//! corpus defines, a user's file, and the switches that turn them off. A
//! full match holds what was typed or a listed equivalent, and says which.

mod common;

use common::{run, Fixture};
use serde_json::Value;

fn fixture() -> Fixture {
    let f = Fixture::empty();
    f.write(
        "city/full.txt",
        "物价工作会议召开\n\n2024年1月8日，市发展和改革委员会召开全市物价工作会议，部署春节市场保供稳价。\n",
    );
    f.write(
        "city/short.txt",
        "节日市场保供\n\n2024年1月9日，市发改委联合商务部门检查农贸市场，确保节日供应充足。\n",
    );
    f.write(
        "county/define.txt",
        "产权交易平台上线\n\n2024年3月1日，县农村产权交易中心（以下简称农交中心）正式运行，农户可在线登记土地经营权流转。\n\n农交中心当月受理流转申请二十余宗。\n",
    );
    f.write(
        "county/use.txt",
        "挂牌信息发布\n\n2024年4月2日，农村产权交易中心发布第二批林地经营权挂牌信息。\n",
    );
    f.write(
        "county/energy.txt",
        "屋顶发电项目验收\n\n2024年5月6日，县里对十个村的太阳能发电项目进行验收，路灯改造同步完成。\n",
    );
    f.build();
    f
}

fn search(f: &Fixture, args: &[&str]) -> (Vec<Value>, Value, String) {
    let out = run(f.xunwen().arg("search").arg("--json").args(args));
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    let (hits, summary) = common::parse_json_lines(out.stdout.as_bytes());
    (hits, summary, out.stderr)
}

fn full_docs(hits: &[Value]) -> Vec<String> {
    let mut docs: Vec<String> = hits
        .iter()
        .filter(|h| h["partial"] == false)
        .map(|h| h["doc"].as_str().expect("doc").to_string())
        .collect();
    docs.sort();
    docs
}

#[test]
fn an_abbreviation_finds_its_full_form_and_the_reverse() {
    let f = fixture();
    let (hits, summary, _) = search(&f, &["发改委"]);
    assert_eq!(full_docs(&hits), ["city/full.txt", "city/short.txt"]);
    assert_eq!(summary["total_hits"], 2);
    let (hits, _, _) = search(&f, &["发展和改革委员会"]);
    assert_eq!(full_docs(&hits), ["city/full.txt", "city/short.txt"]);
}

#[test]
fn the_json_says_which_equivalent_matched_and_where_it_comes_from() {
    let f = fixture();
    let (hits, _, _) = search(&f, &["发改委"]);
    for hit in &hits {
        let via = hit["via"].as_array().expect("via is a list");
        if hit["doc"] == "city/full.txt" {
            assert_eq!(via.len(), 1, "{hit}");
            assert_eq!(via[0]["typed"], "发改委");
            assert_eq!(via[0]["matched"], "发展和改革委员会");
            assert_eq!(via[0]["source"]["kind"], "built_in");
            assert!(via[0]["source"]["note"]
                .as_str()
                .is_some_and(|n| !n.is_empty()));
            // The equivalent is what is highlighted.
            let text = hit["text"].as_str().expect("text");
            let (s, e) = (
                hit["highlights"][0][0].as_u64(),
                hit["highlights"][0][1].as_u64(),
            );
            let marked = common::char_slice(text, s.unwrap_or(0) as usize, e.unwrap_or(0) as usize);
            assert_eq!(marked, "发展和改革委员会");
        } else {
            assert!(via.is_empty(), "{hit}");
        }
    }
    let out = run(f.xunwen().args(["search", "发改委"]));
    assert!(
        out.stdout.contains("(via 发展和改革委员会)"),
        "{}",
        out.stdout
    );
}

#[test]
fn counts_documents_and_trends_count_the_same_matches() {
    let f = fixture();
    let out = run(f.xunwen().args(["search", "-c", "发改委"]));
    assert_eq!(out.code, 0);
    let mut lines: Vec<&str> = out.stdout.lines().collect();
    lines.sort();
    assert_eq!(lines, ["city/full.txt:1", "city/short.txt:1"]);
    let out = run(f.xunwen().args(["trend", "--json", "发改委"]));
    let paragraphs: u64 = out
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["paragraphs"].as_u64())
        .sum();
    assert_eq!(paragraphs, 2, "{}", out.stdout);
}

#[test]
fn quotes_no_synonyms_and_exact_turn_them_off() {
    let f = fixture();
    for args in [
        vec!["\"发改委\""],
        vec!["--no-synonyms", "发改委"],
        vec!["发改委", "--exact"],
    ] {
        let (hits, summary, _) = search(&f, &args);
        assert_eq!(full_docs(&hits), ["city/short.txt"], "{args:?}");
        assert_eq!(summary["total_hits"], 1, "{args:?}");
    }
}

#[test]
fn a_pair_the_corpus_defines_works_in_other_documents() {
    let f = fixture();
    let (hits, _, _) = search(&f, &["农交中心"]);
    let docs = full_docs(&hits);
    assert!(docs.contains(&"county/use.txt".to_string()), "{docs:?}");
    let hit = hits
        .iter()
        .find(|h| h["doc"] == "county/use.txt")
        .expect("the document that only has the full form");
    assert_eq!(hit["via"][0]["matched"], "农村产权交易中心");
    assert_eq!(hit["via"][0]["source"]["kind"], "mined");
    assert_eq!(hit["via"][0]["source"]["doc"], "county/define.txt");
}

#[test]
fn a_user_file_works_given_or_beside_the_index() {
    let f = fixture();
    let file = f.root().join("mine.txt");
    std::fs::write(&file, "# our words\n光伏, 太阳能发电\n照明 => 路灯\n").expect("write");
    let file = file.to_string_lossy().to_string();
    let (hits, _, _) = search(&f, &["--synonyms", &file, "光伏"]);
    assert_eq!(full_docs(&hits), ["county/energy.txt"]);
    assert_eq!(hits[0]["via"][0]["source"]["kind"], "user");
    assert_eq!(hits[0]["via"][0]["source"]["line"], 2);
    // One way: 照明 finds 路灯, 路灯 does not find 照明 (nor need to).
    let (hits, _, _) = search(&f, &["--synonyms", &file, "照明"]);
    assert_eq!(full_docs(&hits), ["county/energy.txt"]);
    // Without the file, 光伏 is only 光伏.
    let (hits, summary, _) = search(&f, &["光伏"]);
    assert_eq!(summary["total_hits"], 0, "{hits:?}");
    // The same file beside the index is read by every search.
    std::fs::copy(&file, f.index().join("synonyms.txt")).expect("copy");
    let (hits, _, _) = search(&f, &["光伏"]);
    assert_eq!(full_docs(&hits), ["county/energy.txt"]);
    let (_, summary, _) = search(&f, &["--no-synonyms", "光伏"]);
    assert_eq!(summary["total_hits"], 0);
}

#[test]
fn a_bad_user_file_names_the_file_and_line() {
    let f = fixture();
    let file = f.root().join("bad.txt");
    std::fs::write(&file, "光伏, 太阳能发电\n孤零零\n").expect("write");
    let out = run(f.xunwen().args(["search", "光伏", "--synonyms"]).arg(&file));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bad.txt:2"), "{}", out.stderr);
    let out = run(f
        .xunwen()
        .args(["search", "光伏", "--synonyms", "/nonexistent/syn.txt"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("/nonexistent/syn.txt"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_changed_user_dictionary_is_noticed_and_index_cuts_again() {
    let f = Fixture::empty();
    f.write(
        "plan.txt",
        "发展规划\n\n2025年2月1日，会议提出加快培育新质生产力，谋划十五五时期重点项目。\n",
    );
    f.build();
    let quiet = run(f.xunwen().args(["search", "新质生产力"]));
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("stale"), "{}", quiet.stderr);
    std::fs::write(
        f.index().join("userdict.txt"),
        "新质生产力 2000 n\n十五五\n",
    )
    .expect("write");
    let noticed = run(f.xunwen().args(["search", "新质生产力"]));
    assert_eq!(noticed.code, 0, "{}", noticed.stderr);
    let notes: Vec<&str> = noticed
        .stderr
        .lines()
        .filter(|l| l.contains("userdict.txt"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", noticed.stderr);
    assert!(notes[0].contains("words field is stale") && notes[0].contains("xunwen index"));
    let account = common::index_json(f.xunwen().arg("index"));
    assert_eq!(account["rebuilt"], true, "{account}");
    let after = run(f.xunwen().args(["search", "新质生产力"]));
    assert!(!after.stderr.contains("stale"), "{}", after.stderr);
    // Changed again (a frequency): noticed again; removed: noticed too.
    std::fs::write(f.index().join("userdict.txt"), "新质生产力 3000 n\n").expect("write");
    assert!(run(f.xunwen().args(["search", "新质生产力"]))
        .stderr
        .contains("stale"));
    common::index_json(f.xunwen().arg("index"));
    std::fs::remove_file(f.index().join("userdict.txt")).expect("remove");
    assert!(run(f.xunwen().args(["search", "新质生产力"]))
        .stderr
        .contains("stale"));
}

#[test]
fn a_bad_user_dictionary_names_the_file_and_line() {
    let f = Fixture::empty();
    f.write("plan.txt", "发展规划\n\n会议提出加快培育新质生产力。\n");
    f.build();
    std::fs::write(
        f.index().join("userdict.txt"),
        "新质生产力 2000\n十五五 many\n",
    )
    .expect("write");
    let out = run(f.xunwen().args(["search", "新质生产力"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("userdict.txt:2"), "{}", out.stderr);
}
