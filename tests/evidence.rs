//! End-to-end tests of partial hits when no paragraph holds the whole
//! query: documents are the unit of evidence, paragraphs the unit of
//! display (issue 19).

mod common;

use common::Fixture;
use serde_json::Value;

/// A small corpus of notices and news, written for these tests.
fn fixture() -> Fixture {
    let f = Fixture::empty();
    f.write(
        "news/app-a.txt",
        "街道开展线上学习活动\n\n2024年3月5日，青石街道组织党员使用“学习强国”平台开展每日学习。\n\n街道每月通报各支部的学习情况。\n",
    );
    f.write(
        "news/app-b.txt",
        "社区党员线上学习\n\n2024年3月9日，白沙社区党员在“学习强国”上参加答题活动。\n",
    );
    f.write(
        "news/points.txt",
        "志愿服务积分超市开业\n\n2024年4月2日，居民参加志愿服务可以获得积分，积分可在超市兑换日用品。\n\n积分规则由社区居委会公布。\n",
    );
    f.write(
        "news/study.txt",
        "机关干部学习会\n\n2024年4月8日，区机关干部集中学习，交流学习体会。\n\n学习结束后开展测试，成绩计入年度积分。\n",
    );
    f.write(
        "notices/unemployment.txt",
        "关于失业保险金申领的通知\n\n2024年5月6日，市人社局发布通知，参保职工失业后可以申领失业保险金。\n\n失业保险金按月发放，申领人需每月登记。\n\n申领失业保险金须携带身份证。\n\n失业保险待遇期间同时享受医疗保险待遇。\n\n失业保险经办机构受理后十个工作日内答复。\n",
    );
    f.write(
        "notices/heating.txt",
        "青石市供热管理办法\n\n第一条 为规范城市供热，制定本办法。\n\n第二条 用户需要暂停供热的，应当在供暖期开始前十五日提出申请。\n\n第三条 暂停期间，供热单位可以收取基本热费，标准为全额热费的百分之二十。\n",
    );
    f.write(
        "notices/water.txt",
        "青石市供水管理办法\n\n第一条 为规范城市供水，制定本办法。\n\n第二条 用户申请暂停用水的，供水单位应当在三日内办理。\n",
    );
    f.write(
        "news/plan.txt",
        "县里公布年度工作计划\n\n2024年1月3日，县政府公布年度工作计划，提出十项重点任务。\n",
    );
    // Volunteers and unemployment benefit, each in several paragraphs: the
    // common readings a typo is one character from.
    f.write(
        "news/volunteers.txt",
        "社区志愿者服务队成立\n\n2024年6月1日，青石社区志愿者服务队成立。\n\n志愿者每周到敬老院服务。\n\n志愿者还参加环境整治。\n\n新加入的志愿者接受培训。\n\n志愿者服务时长计入积分。\n",
    );
    f.write(
        "notices/benefit.txt",
        "保险金发放安排\n\n2024年6月3日，保险金本月十日发放。\n\n保险金直接打入社保卡。\n\n未领到保险金的可以电话咨询。\n\n保险金发放名单在社区公示。\n\n保险金标准按规定调整。\n",
    );
    // 营商环境 in several paragraphs: jieba cuts it into two words, so a
    // typo in it is one edit from a phrase, not from a word.
    f.write(
        "notices/business.txt",
        "优化营商环境工作要点

2024年7月1日，青石市发布优化营商环境工作要点。

营商环境评价每年开展一次。

各部门对照营商环境指标查找差距。

企业可以通过热线反映营商环境问题。

营商环境专项督查年底前完成。
",
    );
    // A regulation in official words, and news that shares the question's
    // everyday ones.
    f.write(
        "notices/fireworks.txt",
        "青石市烟花爆竹燃放管理规定\n\n第一条 为加强烟花爆竹燃放管理，制定本规定。\n\n第二条 城区内全年禁止燃放烟花爆竹。\n\n第三条 违反规定燃放烟花爆竹的，由公安机关处以罚款。\n",
    );
    f.write(
        "news/holiday.txt",
        "节日市场供应充足\n\n2024年2月10日，春节期间全市超市供应充足，居民可以放心采购。\n",
    );
    // The same rule in two counties' regulations: only the titles name the
    // county, and the other county's articles say more of the question.
    f.write(
        "notices/dogs-songxi.txt",
        "松溪县养犬管理规定\n\n第一条 为规范养犬行为，制定本规定。\n\n第二条 携犬出户的，应当束犬链。\n\n第三条 携犬出户未束犬链的，处五十元罚款。\n",
    );
    f.write(
        "notices/dogs-baiyang.txt",
        "白杨县养犬管理规定\n\n第一条 为规范养犬行为，制定本规定。\n\n第二条 遛狗应当束犬链。\n\n第三条 遛狗不束犬链的，处二百元罚款。\n\n第四条 多次遛狗不束犬链的，加倍罚款。\n",
    );
    // 遛狗 is an everyday word news uses too; the county's name is rare.
    f.write(
        "news/dog-walk.txt",
        "傍晚遛狗的居民增多\n\n2024年5月3日，青石公园傍晚遛狗的居民增多，公园提醒文明遛狗。\n",
    );
    f.write(
        "news/pet-area.txt",
        "社区开辟宠物活动区\n\n2024年5月9日，白沙社区开辟宠物活动区，方便居民遛狗。\n",
    );
    // 计划 is a common word here, as it is in any collection of notices.
    for (i, town) in ["白沙", "石门", "青山", "河口", "南岭"].iter().enumerate() {
        f.write(
            &format!("news/plan-{i}.txt"),
            &format!(
                "{town}镇制定工作计划\n\n2024年2月{}日，{town}镇按计划推进道路维修。\n",
                i + 1
            ),
        );
    }
    f
}

/// What `xunwen search --json QUERY` says on stderr (notes, did you mean).
fn stderr_of(f: &Fixture, query: &str) -> String {
    f.run(&["search", "--json", query]).stderr
}

fn texts(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_quoted_phrase_and_a_word_that_never_share_a_paragraph_still_give_partial_hits() {
    let f = fixture();
    f.build();
    let (hits, summary) = f.search_json(&["\"学习强国\" 积分"]);
    assert_eq!(summary["total_hits"], 0, "nothing matches in full");
    assert!(!hits.is_empty(), "partial hits are shown");
    assert!(hits.iter().all(|h| h["partial"] == true));
    assert!(
        texts(&hits)[0].contains("学习强国"),
        "the quoted name is the strongest evidence: {:?}",
        texts(&hits)
    );
}

#[test]
fn a_term_as_typed_outranks_its_fragments() {
    let f = fixture();
    f.build();
    let (hits, _) = f.search_json(&["学习强国", "积分规则"]);
    assert!(!hits.is_empty());
    assert!(
        texts(&hits)[0].contains("学习强国") || texts(&hits)[0].contains("积分规则"),
        "a hit with a typed term comes before one with only 学习: {:?}",
        texts(&hits)
    );
    let first_fragment_only = texts(&hits)
        .iter()
        .position(|t| t.contains("学习") && !t.contains("学习强国") && !t.contains("积分规则"));
    let last_typed = texts(&hits).iter().rposition(|t| t.contains("学习强国"));
    if let (Some(fragment), Some(typed)) = (first_fragment_only, last_typed) {
        assert!(typed < fragment, "{:?}", texts(&hits));
    }
}

#[test]
fn a_query_that_matches_only_a_common_word_finds_nothing_and_exits_1() {
    let f = fixture();
    f.build();
    let (code, stdout, stderr) = f.run(&["search", "紫色长颈鹿", "计划"]).parts();
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "no hits are printed");
    assert!(stderr.contains("no paragraph matches"), "{stderr}");
    // A made-up name half of which is a real place (白沙) and half found
    // nowhere (斗篷) is not held by the place alone.
    let (code, stdout, _) = f.run(&["search", "白沙斗篷", "计划"]).parts();
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
}

#[test]
fn a_typo_gets_a_suggestion_and_partial_hits_for_what_was_meant() {
    let f = fixture();
    f.build();
    let (code, stdout, stderr) = f.run(&["search", "--json", "失业保检"]).parts();
    assert_eq!(code, 1, "nothing matches as typed");
    assert!(stderr.contains("did you mean 失业保险?"), "{stderr}");
    let (hits, _) = common::parse_json_lines(stdout.as_bytes());
    assert!(texts(&hits)[0].contains("失业保险"), "{:?}", texts(&hits));
}

#[test]
fn a_document_whose_evidence_is_spread_over_its_title_and_paragraphs_ranks_first() {
    let f = fixture();
    f.build();
    // 供热 is in the title and first article, 暂停 and 申请 in the second,
    // 热费 in the third: no paragraph holds them all.
    let (hits, summary) = f.search_json(&["青石 供热 暂停 申请 热费"]);
    assert_eq!(summary["total_hits"], 0);
    assert_eq!(hits[0]["doc"], "notices/heating.txt", "{hits:?}");
}

#[test]
fn a_long_term_with_a_word_found_nowhere_is_held_by_its_other_words() {
    let f = fixture();
    f.build();
    // 垫付 is in no document; the rest of the first term and 热费 are in the
    // heating rules, which must not fall under the noise floor.
    let (hits, _) = f.search_json(&["青石供热暂停申请垫付", "热费"]);
    assert!(!hits.is_empty(), "the page is not empty");
    assert_eq!(hits[0]["doc"], "notices/heating.txt", "{hits:?}");
}

#[test]
fn a_homophone_typo_is_corrected_and_a_real_phrase_is_left_as_typed() {
    let f = fixture();
    f.build();
    let suggestion = |query: &str| stderr_of(&f, query);
    // 原 sounds like 愿: what a pinyin input method types by mistake.
    assert!(suggestion("志原者").contains("did you mean 志愿者?"));
    // 保险费 is found nowhere here, but it is a phrase of its own, not a
    // typo for the common 保险金: three characters, and 费 does not sound
    // like 金.
    let stderr = suggestion("保险费");
    assert!(!stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn a_quoted_name_in_a_pasted_question_puts_the_paragraphs_that_hold_it_first() {
    let f = fixture();
    f.build();
    // 积分 is in more paragraphs, and more often, than 学习强国; the name
    // was quoted, so what holds it comes first.
    let (hits, _) = f.search_json(&["“学习强国”的积分怎么算"]);
    let texts = texts(&hits);
    let holding = texts.iter().filter(|t| t.contains("学习强国")).count();
    assert_eq!(
        holding, 2,
        "both paragraphs with the name are shown: {texts:?}"
    );
    assert!(
        texts[..holding].iter().all(|t| t.contains("学习强国")),
        "the paragraphs with the quoted name come first: {texts:?}"
    );
}

#[test]
fn partial_hits_show_each_document_once_unless_asked_for_more() {
    let f = fixture();
    f.build();
    // 申领 is in no other document; the notice holds 失业保险金 in three
    // paragraphs.
    let docs = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["失业保险金", "申领", "银行卡"];
        args.extend_from_slice(extra);
        let (hits, summary) = f.search_json(&args);
        assert_eq!(summary["total_hits"], 0, "nothing matches in full");
        hits.iter()
            .map(|h| h["doc"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let once = docs(&[]);
    let unemployment = |docs: &[String]| {
        docs.iter()
            .filter(|d| *d == "notices/unemployment.txt")
            .count()
    };
    assert_eq!(unemployment(&once), 1, "{once:?}");
    let more = docs(&["--per-doc", "3"]);
    assert!(unemployment(&more) >= 2, "{more:?}");
    assert_eq!(more[0], "notices/unemployment.txt");
}

#[test]
fn a_typo_that_breaks_a_phrase_of_two_words_is_corrected() {
    let f = fixture();
    f.build();
    let stderr = |query: &str| stderr_of(&f, query);
    // 坏 does not sound like 环, but 商坏 and 坏境 are found nowhere: the
    // typo broke the phrase there.
    assert!(stderr("营商坏境").contains("did you mean 营商环境?"));
    // A homophone typo in the same phrase (换 for 环).
    assert!(stderr("营商换境").contains("did you mean 营商环境?"));
}

#[test]
fn a_question_in_everyday_words_finds_the_rule_written_in_official_ones() {
    let f = fixture();
    f.build();
    // 放鞭炮 is how people say it; the rule says 燃放烟花爆竹.
    let (hits, summary) = f.search_json(&["春节期间能放鞭炮吗"]);
    assert_eq!(summary["total_hits"], 0);
    assert_eq!(hits[0]["doc"], "notices/fireworks.txt", "{hits:?}");
    let marked = common::marked(&hits[0]);
    assert!(marked.iter().any(|m| m.contains("烟花爆竹")), "{marked:?}");
    // --exact reads only what was typed: the rule is no longer found by
    // its official words.
    let (exact, _) = f.search_json(&["春节期间能放鞭炮吗", "--exact"]);
    assert!(
        exact
            .first()
            .is_none_or(|h| h["doc"] != "notices/fireworks.txt"),
        "{exact:?}"
    );
}

#[test]
fn the_title_names_what_each_paragraph_of_its_document_is_about() {
    let f = fixture();
    f.build();
    // 松溪县 is only in the title of its regulation; the article that
    // answers does not repeat it, and the other county's articles hold
    // more of the question's other words.
    let (hits, summary) = f.search_json(&["松溪县遛狗不束犬链罚款多少"]);
    assert_eq!(summary["total_hits"], 0, "nothing matches in full");
    assert_eq!(hits[0]["doc"], "notices/dogs-songxi.txt", "{hits:?}");
}

#[test]
fn a_document_shown_by_a_full_match_is_not_shown_again_among_partial_hits() {
    let f = fixture();
    // A heading that says two of the words twice scores above the long
    // article that says all three, among partial hits.
    let duties = "本市各有关单位应当按照职责分工做好相关工作，加强协调配合，确保各项措施落实到位。";
    f.write(
        "notices/gas.txt",
        &format!(
            "青石市燃气用户须知\n\n燃气暂停，燃气暂停\n\n用户需要暂停用气的，可以提前十日向燃气单位提出申请。{}\n",
            duties.repeat(12)
        ),
    );
    f.build();
    let (hits, summary) = f.search_json(&["-n", "5", "燃气", "暂停", "申请"]);
    assert_eq!(summary["total_hits"], 1, "{hits:?}");
    assert_eq!(hits[0]["doc"], "notices/gas.txt");
    let partial: Vec<&Value> = hits.iter().filter(|h| h["partial"] == true).collect();
    assert!(
        !partial.is_empty(),
        "other documents fill the page: {hits:?}"
    );
    assert!(
        partial.iter().all(|h| h["doc"] != "notices/gas.txt"),
        "{hits:?}"
    );
    // Asked for two paragraphs a document, it shows one more.
    let (hits, _) = f.search_json(&["-n", "5", "--per-doc", "2", "燃气", "暂停", "申请"]);
    let gas = hits
        .iter()
        .filter(|h| h["doc"] == "notices/gas.txt")
        .count();
    assert_eq!(gas, 2, "{hits:?}");
}
