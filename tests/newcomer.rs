//! What a new user met (issue 21): Ctrl-C during a build, dates taken from
//! years the text only mentions, HTML page chrome, and the smaller items of
//! the command line (stats, `index --json`, the corpus README, a moved
//! corpus, `eval` on the wrong index, where `add` copied). Each test runs the
//! real binary on fixtures in a temporary folder outside the repository.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use common::{fails, index_json, run, xunwen_in, Fixture};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Item 3: Ctrl-C during `index`
// ---------------------------------------------------------------------------

/// Writes `n` releases of a few kilobytes each under `corpus/bulk/`, each
/// with its own words, so that reading them takes a while.
fn write_bulk(f: &Fixture, n: usize) {
    for i in 0..n {
        let mut text = format!("第{i}号工作简报\n\n");
        for j in 0..40 {
            text.push_str(&format!(
                "第{i}期第{j}段：各乡镇围绕重点任务{}项推进落实，累计开展督查{}次，整改问题{}个。\n",
                i * 7 + j,
                j * 3 + i % 11,
                (i + j) % 97
            ));
        }
        f.write(&format!("bulk/{:03}/{i:05}.txt", i % 50), &text);
    }
}

/// Starts `xunwen ARGS` (the real binary) in `cwd` with stderr captured.
fn spawn(cwd: &Path, args: &[&str]) -> std::process::Child {
    StdCommand::new(assert_cmd::cargo::cargo_bin("xunwen"))
        .args(args)
        .current_dir(cwd)
        .env_remove("XUNWEN_INDEX")
        .env_remove("XUNWEN_CORPUS")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start xunwen")
}

/// Waits until `ready` holds (or `child` ends), then sends it SIGINT as
/// Ctrl-C would, and returns its exit status and stderr.
fn interrupt_when(mut child: std::process::Child, ready: impl Fn() -> bool) -> (i32, String) {
    let started = Instant::now();
    while !ready() {
        assert!(
            child.try_wait().expect("poll").is_none(),
            "xunwen ended before it could be interrupted: make the fixture larger"
        );
        assert!(started.elapsed() < Duration::from_secs(60), "never ready");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        child.try_wait().expect("poll").is_none(),
        "xunwen ended before it could be interrupted: make the fixture larger"
    );
    let status = StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(status.success());
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Whether process `pid` holds tantivy's writer lock file open: it has
/// started its index run (its Ctrl-C handler is installed before that).
fn holds_writer_lock(pid: u32) -> bool {
    std::fs::read_dir(format!("/proc/{pid}/fd")).is_ok_and(|fds| {
        fds.filter_map(Result::ok).any(|fd| {
            std::fs::read_link(fd.path())
                .is_ok_and(|target| target.ends_with(".tantivy-writer.lock"))
        })
    })
}

#[test]
fn ctrl_c_during_a_first_build_says_so_exits_130_and_remembers_the_corpus() {
    let f = Fixture::empty();
    f.write("a.txt", "县里召开防汛会议\n\n会议部署防汛抢险工作。\n");
    write_bulk(&f, 2500);
    let corpus = f.corpus().display().to_string();
    let index = f.index().display().to_string();
    let child = spawn(f.root(), &["--corpus", &corpus, "--index", &index, "index"]);
    let pid = child.id();
    let (code, stderr) = interrupt_when(child, || holds_writer_lock(pid));
    assert_eq!(code, 130, "{stderr}");
    assert!(
        stderr.contains("interrupted: nothing indexed yet") && stderr.contains(&corpus),
        "{stderr}"
    );
    // From elsewhere, with only --index: the first build is run again from
    // the corpus it started with, and the search finds it.
    let elsewhere = tempfile::tempdir().expect("temporary directory");
    let out = run(xunwen_in(elsewhere.path()).args(["--index", &index, "search", "防汛抢险"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("a.txt"), "{}", out.stdout);
}

#[test]
fn ctrl_c_during_a_refresh_leaves_the_previous_index_searchable() {
    let f = Fixture::empty();
    f.write("a.txt", "县里召开防汛会议\n\n会议部署防汛抢险工作。\n");
    f.build();
    write_bulk(&f, 2500);
    let child = spawn(
        f.root(),
        &["--index", &f.index().display().to_string(), "index"],
    );
    let pid = child.id();
    let (code, stderr) = interrupt_when(child, || holds_writer_lock(pid));
    assert_eq!(code, 130, "{stderr}");
    assert!(
        stderr.contains("interrupted: the previous index at")
            && stderr.contains("is unchanged and searchable"),
        "{stderr}"
    );
    let (hits, _) = f.search_json(&["防汛抢险"]);
    assert_eq!(hits.len(), 1);
    let (hits, _) = f.search_json(&["督查"]);
    assert!(
        hits.is_empty(),
        "nothing of the interrupted run is searchable"
    );
    let stats = run(f.xunwen().args(["stats", "--json"]));
    let stats: Value = serde_json::from_str(&stats.stdout).expect("stats JSON");
    assert_eq!(stats["documents"], 1);
}

// ---------------------------------------------------------------------------
// Item 5: a year counts only where the text dates itself
// ---------------------------------------------------------------------------

/// News items without a date of their own: each names years (以来, 截至,
/// 成立于, 历史上, an event inside a sentence), none dates itself.
const UNDATED_NEWS: &[(&str, &str)] = &[
    (
        "rain.txt",
        "（无日期）\n\n新华社郑州8月11日电 受台风外围影响，当地遭遇1963年以来最强降雨，各地干部群众全力抢险救灾。\n",
    ),
    (
        "investment.txt",
        "（无日期）\n\n本报讯 8月3日，记者从县发展改革局获悉，截至2023年7月底，全县重点项目累计完成投资120亿元。\n",
    ),
    (
        "school.txt",
        "（无日期）\n\n8月5日，这所成立于1953年的乡村学校迎来建校七十周年，校友们回到母校座谈。\n",
    ),
    (
        "flood.txt",
        "（无日期）\n\n当地历史上的1998年8月7日曾发生特大洪水，如今沿江堤防已全面加固，防洪能力明显提升。\n",
    ),
    (
        "veteran.txt",
        "（无日期）\n\n社区举行老党员座谈会。会上，老党员于1962年6月1日参加工作的经历令年轻干部深受触动。\n",
    ),
];

#[test]
fn years_the_text_only_mentions_leave_a_document_undated() {
    let f = Fixture::empty();
    for (name, text) in UNDATED_NEWS {
        f.write(&format!("news/{name}"), text);
    }
    // A release that dates itself keeps its date.
    f.write(
        "news/dated.txt",
        "（无日期）\n\n2023年9月1日，县里召开秋粮收购工作会议，部署秋粮收购。\n",
    );
    f.build();
    for (name, _) in UNDATED_NEWS {
        let out = run(f.xunwen().args(["show", "--json", &format!("news/{name}")]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let doc: Value = serde_json::from_str(&out.stdout).expect("show JSON");
        assert_eq!(doc["date"], Value::Null, "{name}: {}", doc["date"]);
    }
    let out = run(f.xunwen().args(["show", "--json", "news/dated.txt"]));
    let doc: Value = serde_json::from_str(&out.stdout).expect("show JSON");
    assert_eq!(doc["date"], "2023-09-01");
    // stats counts them; a date filter leaves them out.
    let out = run(f.xunwen().arg("stats"));
    assert!(
        out.stdout.contains("undated      5 documents"),
        "{}",
        out.stdout
    );
    let (hits, _) = f.search_json(&["降雨", "--until", "1970"]);
    assert!(hits.is_empty(), "{hits:?}");
    let out = run(f.xunwen().args(["trend", "--json", "县", "--by", "year"]));
    let periods: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("\"period\""))
        .collect();
    assert_eq!(periods.len(), 1, "{}", out.stdout);
    assert!(periods[0].contains("\"2023\""), "{}", out.stdout);
}

// ---------------------------------------------------------------------------
// Item 6: page chrome
// ---------------------------------------------------------------------------

/// The saved pages in `tests/fixtures/pages/` (written for these tests).
fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages")
}

/// A fixture corpus holding the saved pages.
fn page_fixture() -> Fixture {
    let f = Fixture::empty();
    for name in ["programme.html", "release.html", "news.html"] {
        let bytes = std::fs::read(pages().join(name)).expect("fixture page");
        f.write_bytes(&format!("pages/{name}"), &bytes);
    }
    f.build();
    f
}

/// The paragraphs of a document, as `show --json` gives them.
fn paragraphs(f: &Fixture, doc: &str) -> (Value, Vec<String>) {
    let out = run(f.xunwen().args(["show", "--json", doc]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: Value = serde_json::from_str(&out.stdout).expect("show JSON");
    let texts = doc["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|p| p["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    (doc, texts)
}

/// Chrome every page of the fixtures has in some form.
const CHROME: &[&str] = &[
    "节目官网",
    "视频简介",
    "全部评论",
    "查看更多评论",
    "热播榜",
    "更多>",
    "相关推荐",
    "加载更多",
    "更新时间",
    "往期回顾",
    "分享到",
    "版权所有",
    "网友",
    "猜你喜欢",
    "24小时热榜",
    "相关阅读",
    "首页",
    "无障碍",
    "打印本页",
    "备案",
    "暑期出行提示",
    "往期",
    "20260813",
];

#[test]
fn a_saved_programme_page_keeps_its_summary_and_none_of_its_chrome() {
    let f = page_fixture();
    let (doc, texts) = paragraphs(&f, "pages/programme.html");
    // The broadcast date of the title, not the page's update time.
    assert_eq!(doc["date"], "2026-08-14");
    assert_eq!(
        texts,
        vec![
            "本期节目主要内容：",
            "1.青溪县多措并举推进秋粮收购，全县已收购新粮两万余吨，售粮农户当天拿到粮款。",
            "2.城乡供水一体化工程全面完工，十二个乡镇的农村群众用上了和城区同水源、同水质、同服务的自来水。",
            "3.县里组织技术人员深入田间地头，指导农户做好晚稻病虫害防治和秋冬种准备工作。",
        ]
    );
    // The programme's name finds the summary, not a timestamp.
    let (hits, _) = f.search_json(&["晚间要闻"]);
    assert!(!hits.is_empty());
    for hit in &hits {
        let text = hit["text"].as_str().unwrap_or_default();
        assert!(!text.contains("更新时间"), "{text}");
    }
}

#[test]
fn release_and_news_pages_keep_the_article_only() {
    let f = page_fixture();
    let (doc, texts) = paragraphs(&f, "pages/release.html");
    assert_eq!(doc["date"], "2026-09-28");
    assert_eq!(doc["title"], "青溪县启动秋季森林防火宣传月活动");
    assert_eq!(texts.len(), 3, "{texts:#?}");
    assert!(texts[0].starts_with("9月27日，青溪县"), "{texts:#?}");
    let (doc, texts) = paragraphs(&f, "pages/news.html");
    assert_eq!(doc["date"], "2026-07-03");
    assert_eq!(
        texts.iter().filter(|t| t.contains("电梯")).count(),
        3,
        "{texts:#?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with("截至目前")),
        "{texts:#?}"
    );
    for doc in [
        "pages/programme.html",
        "pages/release.html",
        "pages/news.html",
    ] {
        let (_, texts) = paragraphs(&f, doc);
        for text in &texts {
            for chrome in CHROME {
                assert!(!text.contains(chrome), "{doc}: {chrome:?} in {text:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Item 18: the smaller items
// ---------------------------------------------------------------------------

#[test]
fn stats_give_a_date_and_a_size_that_reads() {
    let f = Fixture::standard();
    f.build();
    let out = run(f.xunwen().arg("stats"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("unix time"), "{}", out.stdout);
    assert!(!out.stdout.contains(" 0.0 MB"), "{}", out.stdout);
    let built = out
        .stdout
        .lines()
        .find(|l| l.starts_with("built"))
        .expect("a built line");
    assert!(
        built.contains(" UTC (") && built.contains("s ago"),
        "{built}"
    );
    let size = out
        .stdout
        .lines()
        .find(|l| l.starts_with("size"))
        .expect("a size line");
    assert!(size.contains(" KB on disk"), "{size}");
}

#[test]
fn index_json_names_the_unit_of_its_time_and_the_corpus_readme_is_no_skip() {
    let f = Fixture::standard();
    f.write("README.md", "# 说明\n\n本文件夹存放文档。\n");
    let report = index_json(f.xunwen().arg("index"));
    assert!(report["elapsed_ms"].is_u64(), "{report}");
    assert!(report.get("elapsed").is_none(), "{report}");
    let skipped = report["skipped"].as_array().expect("skipped");
    assert!(skipped.iter().all(|s| s[0] != "README.md"), "{skipped:?}");
    let out = run(f.xunwen().args(["-v", "index", "--rebuild"]));
    assert!(!out.stderr.contains("README"), "{}", out.stderr);
    assert!(out.stdout.contains("skipped 0"), "{}", out.stdout);
}

#[test]
fn after_the_corpus_moved_the_advice_names_its_new_place() {
    let f = Fixture::standard();
    f.build();
    let moved = f.root().join("moved");
    std::fs::rename(f.corpus(), &moved).expect("move the corpus");
    let stderr = fails(
        f.xunwen()
            .env_remove("XUNWEN_CORPUS")
            .args(["--corpus", "moved", "index"]),
        &["is gone", "if it moved to"],
    );
    let old = f.corpus().display().to_string();
    assert!(!stderr.contains(&format!("to use {old}")), "{stderr}");
    assert!(
        stderr.contains(&format!("index --rebuild --corpus {}", moved.display())),
        "{stderr}"
    );
    // The advice works.
    let out = run(f.xunwen().args(["--corpus", "moved", "index", "--rebuild"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn eval_on_an_index_without_the_judged_documents_is_an_error() {
    let f = Fixture::standard();
    f.build();
    let set = f.root().join("other.tsv");
    std::fs::write(
        &set,
        "id\tquery\trelevant\nq1\t防汛演练\tflood-drill.txt\nq2\t招聘会\tjobs/fair.txt\n",
    )
    .expect("write set");
    fails(
        f.xunwen().args(["eval", &set.display().to_string()]),
        &[
            "none of the 2 documents judged in set other",
            "flood-drill.txt",
        ],
    );
    // Some judged documents missing: a warning, and the figures.
    std::fs::write(
        &set,
        "id\tquery\trelevant\nq1\t招聘会\tqingshan/jobs.txt\nq2\t防汛演练\tflood-drill.txt\n",
    )
    .expect("write set");
    let out = run(f.xunwen().args(["eval", &set.display().to_string()]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("1 of the 2 documents judged in set other are not in the index"),
        "{}",
        out.stderr
    );
}

#[test]
fn add_says_where_it_copied_the_file() {
    let f = Fixture::standard();
    f.build();
    let outside = tempfile::tempdir().expect("temporary directory");
    let file = outside.path().join("通知.txt");
    std::fs::write(
        &file,
        "关于开展秋季防火检查的通知\n\n各单位要做好防火检查。\n",
    )
    .expect("write file");
    let out = run(f.xunwen().args(["add", &file.display().to_string()]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let target = f.corpus().join("通知.txt");
    assert!(
        out.stdout.contains(&format!(
            "copied {} to {}",
            file.display(),
            target.display()
        )),
        "{}",
        out.stdout
    );
    // Added again: already there, and said so.
    let out = run(f.xunwen().args(["add", &file.display().to_string()]));
    assert!(
        out.stdout.contains("is already in the corpus as"),
        "{}",
        out.stdout
    );
}
