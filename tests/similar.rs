//! End-to-end tests of `xunwen similar`: where else a text was published.
//! Fixtures: one notice, its exact reprint, a reprint with one paragraph
//! rewritten, a notice that shares only stock phrases, and an unrelated
//! release.

mod common;

use common::{parse_json_lines, run, Fixture};

const NOTICE: &str = "关于开展秋季校园食品安全检查的通知

2024年9月2日

各镇街教育办、各中小学校：

为保障师生饮食安全，市教育局决定于九月中旬在全市中小学开展秋季校园食品安全专项检查，重点查看食堂原料采购台账、餐具消毒记录和从业人员健康证明。

各学校要在九月十日前完成自查，填写自查表并报送镇街教育办，对发现的问题建立整改清单，明确责任人和完成时限。

检查组将采取随机抽查与集中检查相结合的方式，对自查走过场、整改不到位的学校予以通报，并纳入年度考核。

对检查中发现的过期食品、无证经营等问题，由市场监管部门依法处理；情节严重的，追究学校负责人的责任。各镇街教育办要加强日常巡查，督促学校落实食品安全校长负责制，确保问题整改到位、不再反弹。

联系人：王老师，电话：0750-8888000。
";

const REWRITTEN: &str =
    "检查组采用交叉互查方式，邀请家长代表全程参与，检查结果在学校公众号公开，接受社会监督。";

const UNRELATED: &str = "青溪镇举办农民丰收节

2024年9月22日

秋分时节，青溪镇在文化广场举办农民丰收节，展出稻谷、柑橘和手工竹编，吸引周边村民前来赶集。

活动现场还安排了农技专家咨询台，为种植户讲解病虫害防治和冬季田间管理要点。
";

fn fixture() -> Fixture {
    let f = Fixture::empty();
    f.write("city/notice.txt", NOTICE);
    f.write("towns/reprint.txt", NOTICE);
    let paragraphs: Vec<&str> = NOTICE.split("\n\n").collect();
    let mut changed = paragraphs.clone();
    changed[5] = REWRITTEN;
    f.write("towns/changed.txt", &changed.join("\n\n"));
    f.write("village/harvest.txt", UNRELATED);
    f.build();
    f
}

fn listed(stdout: &[u8]) -> Vec<(String, f64, bool)> {
    let (docs, summary) = parse_json_lines(stdout);
    assert_eq!(summary["documents"].as_u64(), Some(docs.len() as u64));
    docs.iter()
        .map(|d| {
            assert_eq!(d["type"], "document");
            (
                d["doc"].as_str().expect("doc").to_string(),
                d["share"].as_f64().expect("share"),
                d["near_identical"].as_bool().expect("flag"),
            )
        })
        .collect()
}

#[test]
fn a_copy_ranks_first_a_changed_copy_next_and_an_unrelated_document_not_at_all() {
    let f = fixture();
    let file = f.root().join("pasted.txt");
    std::fs::write(&file, NOTICE).expect("write");
    let out = run(f.xunwen().args(["similar", "--json"]).arg(&file));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let docs = listed(out.stdout.as_bytes());
    let names: Vec<&str> = docs.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(names.len(), 3, "{docs:?}");
    // Both exact copies first, then the one with a paragraph rewritten.
    assert!(docs[0].2 && docs[1].2, "{docs:?}");
    assert_eq!(docs[0].1, 1.0);
    assert_eq!(names[2], "towns/changed.txt");
    assert!(
        !docs[2].2 && docs[2].1 > 0.5 && docs[2].1 < 0.95,
        "{docs:?}"
    );
    assert!(!names.contains(&"village/harvest.txt"));
}

#[test]
fn an_indexed_document_is_left_out_of_its_own_answer_and_the_terminal_marks_copies() {
    let f = fixture();
    let out = run(f.xunwen().args(["similar", "city/notice.txt"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("city/notice.txt"), "{}", out.stdout);
    let first = out.stdout.lines().next().expect("a line");
    assert!(
        first.contains("100%") && first.contains("near-identical"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("towns/reprint.txt · 2024-09-02"),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("2 documents"), "{}", out.stderr);
}

#[test]
fn standard_input_a_paragraph_and_the_filters() {
    let f = fixture();
    let paragraph = NOTICE.split("\n\n").nth(4).expect("a paragraph");
    let out = run(f
        .xunwen()
        .args(["similar", "-", "--json", "--in", "towns", "-n", "1"])
        .write_stdin(paragraph));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let docs = listed(out.stdout.as_bytes());
    assert_eq!(docs.len(), 1);
    assert!(docs[0].0.starts_with("towns/"), "{docs:?}");
    // The paragraph is all there, but the document is more than it.
    assert_eq!(docs[0].1, 1.0);
    assert!(!docs[0].2);
    let out = run(f
        .xunwen()
        .args(["similar", "-", "--json", "--since", "2025"])
        .write_stdin(paragraph));
    assert_eq!(out.code, 1, "{}", out.stderr);
}

#[test]
fn nothing_to_compare_and_an_unknown_source_are_errors() {
    let f = fixture();
    let out = run(f.xunwen().args(["similar", "-"]).write_stdin("，。！"));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no letter or digit"), "{}", out.stderr);
    let out = run(f.xunwen().args(["similar", "nowhere/none.txt"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("neither a file nor a document"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_pasted_paragraph_given_to_search_lists_the_documents_that_share_it() {
    let f = fixture();
    let pasted: String = NOTICE
        .split("\n\n")
        .skip(3)
        .take(4)
        .collect::<Vec<_>>()
        .join("");
    assert!(pasted.chars().count() > 256);
    let out = run(f.xunwen().args(["search", &pasted]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("xunwen similar"), "{}", out.stderr);
    assert!(out.stdout.contains("towns/reprint.txt"), "{}", out.stdout);
}
