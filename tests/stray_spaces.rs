//! End-to-end test of spaces that separate nothing: a space between two Han
//! characters, or between a Han character and a digit, is read through by
//! literal matching, in the text and in the query.

mod common;

use common::{marked, Fixture};
use serde_json::Value;

/// Releases with spaces inside Chinese text, as PDFs and typeset pages
/// leave them, and one without.
fn fixture() -> Fixture {
    let f = Fixture::empty();
    f.write(
        "pdf/summary.txt",
        "社区服务年度总结\n\n全年共开展志愿服务活动 2000余场次，服务群众 1.5万人次。\n\n各支部深入开展党史 学习教育，推动为民办实事。\n",
    );
    f.write(
        "news/plain.txt",
        "街道开展党史学习教育\n\n街道组织党员开展党史学习教育专题讲座。\n",
    );
    f.write(
        "news/latin.txt",
        "学习平台上线\n\n居民可在学习 app 中查看活动 安排。\n",
    );
    f
}

#[test]
fn a_space_between_han_or_han_and_digits_is_not_a_boundary() {
    let f = fixture();
    // The text's space: 活动2000 is in 活动 2000余场次.
    let (hits, summary) = f.search_json(&["--all", "活动2000"]);
    assert_eq!(summary["total_hits"], 1, "{hits:?}");
    assert_eq!(hits[0]["doc"], "pdf/summary.txt");
    assert_eq!(marked(&hits[0]), ["活动 2000"]);
    // The query's space: "党史 学习" is the phrase 党史学习, in both texts.
    let (spaced, summary) = f.search_json(&["--all", "\"党史 学习\""]);
    let (joined, _) = f.search_json(&["--all", "\"党史学习\""]);
    assert_eq!(summary["total_hits"], 2, "{spaced:?}");
    let docs = |hits: &[Value]| {
        let mut d: Vec<String> = hits.iter().map(|h| h["doc"].to_string()).collect();
        d.sort();
        d
    };
    assert_eq!(docs(&spaced), docs(&joined));
    for hit in &spaced {
        let marks = marked(hit);
        assert!(
            marks
                .iter()
                .any(|m| m.starts_with("党史") && m.contains("学习")),
            "{marks:?}"
        );
    }
    // A space beside a Latin word is still a boundary.
    let (_, summary) = f.search_json(&["--all", "学习app"]);
    assert_eq!(summary["total_hits"], 0);
    let (_, summary) = f.search_json(&["--all", "\"学习 app\""]);
    assert_eq!(summary["total_hits"], 1);
}
