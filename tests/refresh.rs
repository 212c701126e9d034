//! Index refreshes as users rely on them: incremental updates that change the
//! hits and nothing else, refusal of indexes built with other settings or
//! another corpus, atomicity under SIGKILL, the writer lock, damaged and
//! foreign index directories, and the `add` command.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use common::{fails, index_json, Fixture};
use predicates::prelude::*;
use serde_json::Value;

/// A release about flood control (fixture text written for these tests).
const FLOOD: &str = "青松岭镇部署防汛备汛工作

6月5日,青松岭镇召开防汛备汛工作会议,对辖区山塘水库开展拉网式排查。

会议要求各村落实巡查值守制度,确保群众安全度汛。
";

/// A release about a farmers' market.
const MARKET: &str = "柳湾乡举办农产品展销会

9月12日,柳湾乡在文化广场举办农产品展销会,四十余家合作社参展。

展销会现场签订购销协议十二份,带动农户增收。
";

/// A release about elderly care.
const ELDERLY: &str = "东港街道推进居家养老服务

东港街道新建社区食堂三处,为辖区老年人提供助餐服务。
";

/// MARKET rewritten: the fair moved and the figures changed.
const MARKET_REVISED: &str = "柳湾乡举办农产品展销会

9月12日,柳湾乡在体育中心举办农产品展销会,六十余家合作社参展。

展销会现场签订购销协议二十份,带动农户增收。
";

fn corpus_of_three() -> Fixture {
    let f = Fixture::empty();
    f.write("towns/flood.txt", FLOOD);
    f.write("towns/market.txt", MARKET);
    f.write("streets/elderly.txt", ELDERLY);
    f
}

/// Every full match of `query`: (documents of the hits, total_hits).
fn all_hits(f: &Fixture, query: &str) -> (Vec<String>, u64) {
    let (hits, summary) = f.search_json(&["--all", query]);
    let docs = hits
        .iter()
        .map(|h| h["doc"].as_str().expect("doc").to_string())
        .collect();
    (docs, summary["total_hits"].as_u64().expect("total_hits"))
}

fn count(report: &Value, key: &str) -> u64 {
    report[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} in {report}"))
}

// ---------------------------------------------------------------------------
// 1. Incremental refresh

#[test]
fn added_files_become_searchable() {
    let f = corpus_of_three();
    f.build();
    f.write(
        "towns/bridge.txt",
        "石门村新桥通车\n\n石门村跨河大桥建成通车,村民出行不再绕行。\n",
    );
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(count(&report, "added"), 1);
    assert_eq!(count(&report, "unchanged"), 3);
    assert_eq!(all_hits(&f, "跨河大桥").0, ["towns/bridge.txt"]);
}

#[test]
fn changed_file_is_found_in_its_new_form_only_without_duplicates() {
    let f = corpus_of_three();
    f.build();
    assert_eq!(all_hits(&f, "文化广场").0, ["towns/market.txt"]);
    f.write("towns/market.txt", MARKET_REVISED);
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(count(&report, "updated"), 1);
    assert_eq!(count(&report, "added"), 0);
    assert_eq!(all_hits(&f, "文化广场").1, 0, "old text still found");
    assert_eq!(all_hits(&f, "体育中心").0, ["towns/market.txt"]);
    // The unchanged paragraph is in the index once, not twice.
    assert_eq!(all_hits(&f, "带动农户增收").0, ["towns/market.txt"]);
    assert_eq!(count(&report, "documents"), 3);
}

#[test]
fn deleted_file_is_no_longer_found() {
    let f = corpus_of_three();
    f.build();
    std::fs::remove_file(f.corpus().join("streets/elderly.txt")).expect("remove");
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(count(&report, "removed"), 1);
    assert_eq!(count(&report, "documents"), 2);
    assert_eq!(all_hits(&f, "社区食堂").1, 0);
    assert_eq!(all_hits(&f, "防汛").0, ["towns/flood.txt"]);
}

#[test]
fn renamed_file_is_found_under_its_new_path_only() {
    let f = corpus_of_three();
    f.build();
    std::fs::create_dir_all(f.corpus().join("archive")).expect("mkdir");
    std::fs::rename(
        f.corpus().join("towns/flood.txt"),
        f.corpus().join("archive/flood-2023.txt"),
    )
    .expect("rename");
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(count(&report, "renamed"), 1);
    assert_eq!(count(&report, "removed"), 0);
    assert_eq!(count(&report, "added"), 0);
    assert_eq!(all_hits(&f, "拉网式排查").0, ["archive/flood-2023.txt"]);
}

#[test]
fn no_change_refresh_commits_nothing() {
    let f = corpus_of_three();
    f.build();
    let meta = std::fs::read(f.index().join("meta.json")).expect("meta.json");
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(report["committed"], false);
    assert_eq!(count(&report, "unchanged"), 3);
    for key in ["added", "updated", "renamed", "removed"] {
        assert_eq!(count(&report, key), 0, "{key}");
    }
    let after = std::fs::read(f.index().join("meta.json")).expect("meta.json");
    assert_eq!(meta, after, "meta.json was rewritten");
    f.xunwen()
        .arg("index")
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing changed"));
}

#[test]
fn index_with_paths_refreshes_only_those_paths() {
    let f = corpus_of_three();
    f.build();
    f.write("towns/market.txt", MARKET_REVISED);
    std::fs::remove_file(f.corpus().join("streets/elderly.txt")).expect("remove");
    f.write(
        "towns/bridge.txt",
        "石门村新桥通车\n\n石门村跨河大桥建成通车。\n",
    );
    // Only towns/ is refreshed: the deletion under streets/ waits.
    let report = index_json(f.xunwen().arg("index").arg(f.corpus().join("towns")));
    assert_eq!(count(&report, "updated"), 1);
    assert_eq!(count(&report, "added"), 1);
    assert_eq!(count(&report, "removed"), 0);
    assert_eq!(all_hits(&f, "体育中心").0, ["towns/market.txt"]);
    assert_eq!(all_hits(&f, "社区食堂").0, ["streets/elderly.txt"]);
    // A deleted file can be named too.
    let report = index_json(
        f.xunwen()
            .arg("index")
            .arg(f.corpus().join("streets/elderly.txt")),
    );
    assert_eq!(count(&report, "removed"), 1);
    assert_eq!(all_hits(&f, "社区食堂").1, 0);
    assert_eq!(count(&report, "documents"), 3);
}

#[test]
fn index_path_outside_the_corpus_is_an_error() {
    let f = corpus_of_three();
    f.build();
    let outside = f.root().join("elsewhere.txt");
    std::fs::write(&outside, MARKET).expect("write");
    let mut cmd = f.xunwen();
    cmd.arg("index").arg(&outside);
    fails(&mut cmd, &["not inside the corpus", "elsewhere.txt"]);
}

#[test]
fn add_copies_into_the_corpus_and_indexes() {
    let f = corpus_of_three();
    f.build();
    let new = f.root().join("bridge.txt");
    std::fs::write(&new, "石门村新桥通车\n\n石门村跨河大桥建成通车。\n").expect("write");
    f.xunwen().arg("add").arg(&new).assert().success();
    assert!(f.corpus().join("bridge.txt").is_file());
    assert_eq!(all_hits(&f, "跨河大桥").0, ["bridge.txt"]);
    // The same file again is accepted and changes nothing.
    f.xunwen()
        .arg("add")
        .arg(&new)
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing changed"));
}

#[test]
fn add_refuses_to_overwrite_a_different_file_of_the_same_name() {
    let f = corpus_of_three();
    f.build();
    let other = f.root().join("incoming");
    std::fs::create_dir_all(&other).expect("mkdir");
    let clash = other.join("market.txt");
    std::fs::write(&clash, MARKET_REVISED).expect("write");
    f.write("market.txt", MARKET);
    let mut cmd = f.xunwen();
    cmd.arg("add").arg(&clash);
    fails(&mut cmd, &["already exists", "different content"]);
    assert_eq!(
        std::fs::read_to_string(f.corpus().join("market.txt")).expect("read"),
        MARKET,
        "the corpus file was overwritten"
    );
}

// ---------------------------------------------------------------------------
// 2. Settings and corpus changes

/// Rewrites one field of the commit header stored in meta.json's payload.
fn edit_header(index: &Path, key: &str, value: &str) {
    let path = index.join("meta.json");
    let mut meta: Value =
        serde_json::from_slice(&std::fs::read(&path).expect("meta.json")).expect("meta is JSON");
    let mut header: Value =
        serde_json::from_str(meta["payload"].as_str().expect("a payload")).expect("header JSON");
    header[key] = Value::String(value.to_string());
    meta["payload"] = Value::String(header.to_string());
    std::fs::write(&path, meta.to_string()).expect("write meta.json");
}

#[test]
fn the_header_records_analysis_and_format() {
    let f = corpus_of_three();
    f.build();
    let meta: Value =
        serde_json::from_slice(&std::fs::read(f.index().join("meta.json")).expect("meta.json"))
            .expect("JSON");
    let header: Value =
        serde_json::from_str(meta["payload"].as_str().expect("payload")).expect("header");
    assert_eq!(header["analysis"], xunwen::analysis::ANALYSIS_FINGERPRINT);
    assert_eq!(header["format"], xunwen::index::INDEX_FORMAT);
}

#[test]
fn other_analysis_settings_require_rebuild() {
    let f = corpus_of_three();
    f.build();
    edit_header(&f.index(), "analysis", "jieba-0.1+something-else");
    let mut cmd = f.xunwen();
    cmd.arg("index");
    fails(&mut cmd, &["different settings", "xunwen index --rebuild"]);
    let mut cmd = f.xunwen();
    cmd.args(["search", "防汛"]);
    fails(&mut cmd, &["xunwen index --rebuild"]);
    f.xunwen().args(["index", "--rebuild"]).assert().success();
    assert_eq!(all_hits(&f, "防汛").0, ["towns/flood.txt"]);
}

#[test]
fn other_index_format_requires_rebuild() {
    let f = corpus_of_three();
    f.build();
    edit_header(&f.index(), "format", "xunwen-index/0");
    let mut cmd = f.xunwen();
    cmd.arg("index");
    fails(&mut cmd, &["xunwen index --rebuild"]);
    f.xunwen().args(["index", "--rebuild"]).assert().success();
    assert_eq!(all_hits(&f, "防汛").0, ["towns/flood.txt"]);
}

#[test]
fn refreshing_from_another_corpus_is_refused_until_rebuild() {
    let f = corpus_of_three();
    f.build();
    let other = f.root().join("other-corpus");
    std::fs::create_dir_all(&other).expect("mkdir");
    std::fs::write(
        other.join("bridge.txt"),
        "石门村新桥通车\n\n石门村跨河大桥建成通车。\n",
    )
    .expect("write");
    let mut cmd = f.xunwen();
    cmd.arg("--corpus").arg(&other).arg("index");
    fails(&mut cmd, &["other-corpus", "--rebuild"]);
    assert_eq!(all_hits(&f, "防汛").0, ["towns/flood.txt"]);
    f.xunwen()
        .arg("--corpus")
        .arg(&other)
        .args(["index", "--rebuild"])
        .assert()
        .success();
    assert_eq!(all_hits(&f, "防汛").1, 0);
    assert_eq!(all_hits(&f, "跨河大桥").0, ["bridge.txt"]);
}

// ---------------------------------------------------------------------------
// 3. Atomicity under SIGKILL

/// Synthetic releases: deterministic sentences from a small vocabulary.
struct Releases {
    state: u64,
}

impl Releases {
    const PLACES: [&'static str; 8] = [
        "东城区",
        "西湖镇",
        "南山街道",
        "北关乡",
        "河口县",
        "临江市",
        "白塔村",
        "红岩镇",
    ];
    const TOPICS: [&'static str; 12] = [
        "基层治理",
        "社区服务",
        "民生保障",
        "生态环境",
        "营商环境",
        "安全生产",
        "教育质量",
        "医疗卫生",
        "交通运输",
        "就业创业",
        "养老服务",
        "数字政务",
    ];
    const ACTIONS: [&'static str; 6] = [
        "压实工作责任",
        "加强统筹协调",
        "细化工作措施",
        "强化督促检查",
        "做好宣传引导",
        "健全长效机制",
    ];

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        self.state = self
            .state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        from[(self.state >> 33) as usize % from.len()]
    }

    /// A release numbered `n` with one paragraph mentioning `marker`.
    fn release(&mut self, n: usize, marker: &str) -> String {
        let place = self.pick(&Self::PLACES);
        let mut text = format!("{place}{}工作简报第{n}期\n\n", self.pick(&Self::TOPICS));
        for day in 1..=4 {
            text.push_str(&format!(
                "{day}日,{place}召开{}工作会议,研究部署{}和{}工作,要求各部门{}。\n\n",
                self.pick(&Self::TOPICS),
                self.pick(&Self::TOPICS),
                self.pick(&Self::TOPICS),
                self.pick(&Self::ACTIONS),
            ));
        }
        text.push_str(&format!("本期简报编号{n},涉及{marker}片区的重点项目。\n"));
        text
    }

    fn write_batch(&mut self, dir: &Path, files: usize, marker: &str) {
        std::fs::create_dir_all(dir).expect("batch folder");
        for n in 0..files {
            std::fs::write(dir.join(format!("r{n:05}.txt")), self.release(n, marker))
                .expect("write release");
        }
    }
}

fn xunwen_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("xunwen")
}

#[test]
fn a_killed_index_run_leaves_the_previous_commit_searchable() {
    const OLD_FILES: usize = 150;
    const NEW_FILES: usize = 3000;
    let f = Fixture::empty();
    let mut gen = Releases { state: 7 };
    gen.write_batch(&f.corpus().join("old"), OLD_FILES, "青松岭");
    f.build();
    assert_eq!(all_hits(&f, "青松岭").1, OLD_FILES as u64);

    // Each round adds a batch with its own marker and kills the run part way.
    let rounds = [("桃花源", 150), ("月牙泉", 600), ("鸣沙山", 1500)];
    let mut committed_before_kill = Vec::new();
    for (round, (marker, delay_ms)) in rounds.iter().enumerate() {
        gen.write_batch(&f.corpus().join(format!("batch{round}")), NEW_FILES, marker);
        let mut child = StdCommand::new(xunwen_bin())
            .arg("--corpus")
            .arg(f.corpus())
            .arg("--index")
            .arg(f.index())
            .arg("index")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start xunwen index");
        std::thread::sleep(Duration::from_millis(*delay_ms));
        let finished = child.try_wait().expect("poll child").is_some();
        child.kill().expect("SIGKILL"); // SIGKILL on Unix; harmless if it finished
        child.wait().expect("reap child");

        // Whatever the moment of the kill: the old hits are all there, and the
        // new batch is either entirely absent or entirely present.
        let (_, old) = all_hits(&f, "青松岭");
        assert_eq!(old, OLD_FILES as u64, "round {round}: old hits lost");
        let (_, new) = all_hits(&f, marker);
        assert!(
            new == 0 || new == NEW_FILES as u64,
            "round {round}: a half-written index with {new} of {NEW_FILES} new hits"
        );
        committed_before_kill.push((delay_ms, finished, new > 0));
        f.xunwen().arg("stats").assert().success();

        // The next run completes the work.
        f.build();
        assert_eq!(all_hits(&f, marker).1, NEW_FILES as u64, "round {round}");
        assert_eq!(all_hits(&f, "青松岭").1, OLD_FILES as u64, "round {round}");
    }
    eprintln!("(delay ms, finished before kill, new batch committed): {committed_before_kill:?}");
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(
        count(&report, "documents"),
        (OLD_FILES + rounds.len() * NEW_FILES) as u64
    );
    assert_eq!(report["committed"], false);
}

// ---------------------------------------------------------------------------
// 4. Concurrency

/// Holds tantivy's writer lock on `index` the way a running `xunwen index` does.
fn hold_writer_lock(index: &Path) -> tantivy::directory::DirectoryLock {
    use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
    let dir = MmapDirectory::open(index).expect("open index directory");
    dir.acquire_lock(&INDEX_WRITER_LOCK)
        .expect("take the writer lock")
}

#[test]
fn search_refresh_under_a_held_lock_searches_the_last_commit_with_a_note() {
    let f = corpus_of_three();
    f.build();
    f.write(
        "towns/bridge.txt",
        "跨河大桥通车\n\n跨河大桥今日正式通车。\n",
    );
    let lock = hold_writer_lock(&f.index());
    let out = f
        .xunwen()
        .args(["search", "--refresh", "--color", "never", "防汛"])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run xunwen");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("the refresh was skipped"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("towns/flood.txt"));
    drop(lock);
    // Once the lock is free, the refresh happens.
    assert_eq!(
        all_hits(&f, "跨河大桥").1,
        0,
        "not refreshed under the lock"
    );
    f.xunwen()
        .args(["search", "--refresh", "跨河大桥"])
        .assert()
        .success();
}

#[test]
fn add_under_a_held_lock_copies_nothing() {
    let f = corpus_of_three();
    f.build();
    let outside = f.root().join("bridge.txt");
    std::fs::write(&outside, "跨河大桥通车\n\n跨河大桥今日正式通车。\n").expect("write");
    let lock = hold_writer_lock(&f.index());
    let mut cmd = f.xunwen();
    cmd.arg("add")
        .arg(&outside)
        .timeout(Duration::from_secs(60));
    fails(&mut cmd, &["holds the index lock"]);
    assert!(
        !f.corpus().join("bridge.txt").exists(),
        "copied although the index was locked"
    );
    drop(lock);
    f.xunwen().arg("add").arg(&outside).assert().success();
    assert_eq!(all_hits(&f, "跨河大桥").0, ["bridge.txt"]);
}

#[test]
fn a_second_writer_gets_a_clear_error_and_searches_keep_working() {
    let f = corpus_of_three();
    f.build();
    let index = tantivy::Index::open_in_dir(f.index()).expect("open index");
    let writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
    f.write(
        "towns/bridge.txt",
        "石门村新桥通车\n\n石门村跨河大桥建成通车。\n",
    );

    let mut cmd = f.xunwen();
    cmd.arg("index").timeout(Duration::from_secs(60));
    fails(&mut cmd, &["another xunwen index run holds the index lock"]);
    let mut cmd = f.xunwen();
    cmd.args(["index", "--rebuild"])
        .timeout(Duration::from_secs(60));
    fails(&mut cmd, &["holds the index lock"]);
    let new = f.root().join("notice.txt");
    std::fs::write(&new, ELDERLY).expect("write");
    let mut cmd = f.xunwen();
    cmd.arg("add").arg(&new).timeout(Duration::from_secs(60));
    fails(&mut cmd, &["holds the index lock"]);

    // Searches read the last commit while the writer holds the lock.
    assert_eq!(all_hits(&f, "防汛").0, ["towns/flood.txt"]);
    f.xunwen().arg("stats").assert().success();

    drop(writer);
    // The refused `add` copied nothing (issue 21): only the bridge is new.
    assert!(!f.corpus().join("notice.txt").exists());
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(count(&report, "added"), 1);
    assert_eq!(all_hits(&f, "跨河大桥").0, ["towns/bridge.txt"]);
}

#[test]
fn rebuilding_a_damaged_index_waits_for_no_one_and_deletes_nothing_while_locked() {
    let f = corpus_of_three();
    f.build();
    std::fs::write(f.index().join("meta.json"), b"{ garbage").expect("damage meta.json");
    let before = dir_listing(&f.index());
    let lock = hold_writer_lock(&f.index());
    let mut cmd = f.xunwen();
    cmd.args(["index", "--rebuild"])
        .timeout(Duration::from_secs(60));
    fails(&mut cmd, &["holds the index lock"]);
    assert_eq!(
        dir_listing(&f.index()),
        before,
        "files changed under a lock"
    );
    drop(lock);
    f.xunwen().args(["index", "--rebuild"]).assert().success();
    assert_eq!(all_hits(&f, "防汛").0, ["towns/flood.txt"]);
}

fn dir_listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------
// 5. Damaged and foreign index directories

fn segment_files(index: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(index)
        .expect("read index")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no .{ext} segment file in {}",
        index.display()
    );
    files
}

/// Search and index both fail clearly (naming the index dir and `--rebuild`),
/// and `--rebuild` recovers.
fn assert_damage_reported_and_rebuild_recovers(f: &Fixture, what: &str) {
    let index = f.index().display().to_string();
    let mut cmd = f.xunwen();
    cmd.args(["search", "防汛"]);
    let stderr = fails(&mut cmd, &[&index, "xunwen index --rebuild"]);
    assert!(stderr.contains("damaged"), "{what}: {stderr}");
    let mut cmd = f.xunwen();
    cmd.arg("index");
    fails(&mut cmd, &[&index, "xunwen index --rebuild"]);
    f.xunwen().args(["index", "--rebuild"]).assert().success();
    assert_eq!(all_hits(f, "防汛").0, ["towns/flood.txt"], "{what}");
    assert_eq!(all_hits(f, "社区食堂").0, ["streets/elderly.txt"], "{what}");
}

#[test]
fn garbage_meta_json_is_reported_and_rebuild_recovers() {
    let f = corpus_of_three();
    f.build();
    std::fs::write(f.index().join("meta.json"), b"\x00\x01 not json").expect("damage");
    assert_damage_reported_and_rebuild_recovers(&f, "garbage meta.json");
}

#[test]
fn deleted_segment_files_are_reported_and_rebuild_recovers() {
    for ext in ["idx", "store", "term", "pos", "fieldnorm", "fast"] {
        let f = corpus_of_three();
        f.build();
        for file in segment_files(&f.index(), ext) {
            std::fs::remove_file(file).expect("delete segment file");
        }
        assert_damage_reported_and_rebuild_recovers(&f, &format!("deleted .{ext}"));
    }
}

#[test]
fn truncated_segment_files_are_reported_and_rebuild_recovers() {
    for ext in ["idx", "store", "term", "pos", "fieldnorm", "fast"] {
        for keep in [0.0, 0.5, 0.97] {
            let f = corpus_of_three();
            f.build();
            for file in segment_files(&f.index(), ext) {
                let len = std::fs::metadata(&file).expect("stat").len();
                let handle = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&file)
                    .expect("open segment file");
                handle
                    .set_len((len as f64 * keep) as u64)
                    .expect("truncate");
            }
            assert_damage_reported_and_rebuild_recovers(&f, &format!(".{ext} truncated to {keep}"));
        }
    }
}

#[test]
fn a_missing_manifest_is_reported_and_rebuild_recovers() {
    let f = corpus_of_three();
    f.build();
    for entry in std::fs::read_dir(f.index()).expect("read index") {
        let path = entry.expect("entry").path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("manifest-"))
        {
            std::fs::remove_file(path).expect("delete manifest");
        }
    }
    let mut cmd = f.xunwen();
    cmd.arg("index");
    fails(&mut cmd, &["manifest", "xunwen index --rebuild"]);
    f.xunwen().args(["index", "--rebuild"]).assert().success();
    assert_eq!(all_hits(&f, "防汛").0, ["towns/flood.txt"]);
}

#[test]
fn a_foreign_directory_is_never_indexed_into_or_deleted() {
    let f = corpus_of_three();
    let foreign = f.root().join("my-notes");
    std::fs::create_dir_all(foreign.join("drafts")).expect("mkdir");
    std::fs::write(foreign.join("todo.txt"), "买菜").expect("write");
    std::fs::write(foreign.join("drafts/plan.md"), "# 计划").expect("write");
    let before = dir_listing(&foreign);
    for args in [
        &["index"][..],
        &["index", "--rebuild"][..],
        &["search", "防汛"][..],
    ] {
        let mut cmd = f.xunwen();
        cmd.arg("--index").arg(&foreign).args(args);
        fails(&mut cmd, &["my-notes", "is not a xunwen index"]);
    }
    assert_eq!(dir_listing(&foreign), before);
    assert_eq!(
        std::fs::read_to_string(foreign.join("drafts/plan.md")).expect("read"),
        "# 计划"
    );
}

#[test]
fn a_foreign_tantivy_index_is_not_rebuilt() {
    let f = corpus_of_three();
    let foreign = f.root().join("other-app-index");
    std::fs::create_dir_all(&foreign).expect("mkdir");
    let mut schema = tantivy::schema::Schema::builder();
    schema.add_text_field("body", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(&foreign, schema.build()).expect("create foreign index");
    let before = dir_listing(&foreign);
    let mut cmd = f.xunwen();
    cmd.arg("--index")
        .arg(&foreign)
        .args(["index", "--rebuild"]);
    fails(&mut cmd, &["is not a xunwen index"]);
    assert_eq!(dir_listing(&foreign), before);
}

// ---------------------------------------------------------------------------
// 6. Refresh bookkeeping

#[test]
fn a_skipped_file_that_disappears_is_not_counted_as_removed_from_the_index() {
    let f = corpus_of_three();
    f.write("towns/blank.txt", "");
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(report["skipped"].as_array().expect("skipped").len(), 1);
    std::fs::remove_file(f.corpus().join("towns/blank.txt")).expect("remove");
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(count(&report, "removed"), 0);
    assert_eq!(
        report["committed"], true,
        "the manifest must forget the file"
    );
    assert_eq!(report["skipped"].as_array().expect("skipped").len(), 0);
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(report["committed"], false);
}

#[test]
fn a_skipped_file_left_alone_does_not_cause_commits() {
    let f = corpus_of_three();
    f.write("towns/blank.txt", "");
    f.build();
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(report["committed"], false);
    assert_eq!(report["skipped"].as_array().expect("skipped").len(), 1);
}

#[test]
fn a_file_that_becomes_unreadable_text_is_removed_from_the_hits() {
    let f = corpus_of_three();
    f.build();
    f.write("towns/market.txt", "");
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(count(&report, "documents"), 2);
    assert_eq!(all_hits(&f, "文化广场").1, 0);
    f.write("towns/market.txt", MARKET_REVISED);
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(count(&report, "documents"), 3);
    assert_eq!(all_hits(&f, "体育中心").0, ["towns/market.txt"]);
}

#[test]
fn stale_manifests_are_collected() {
    let f = corpus_of_three();
    f.build();
    for round in 0..4 {
        f.write(
            &format!("towns/notice-{round}.txt"),
            &format!("通知第{round}号\n\n请各单位按时报送材料。第{round}号。\n"),
        );
        index_json(f.xunwen().arg("index"));
    }
    let manifests: Vec<String> = dir_listing(&f.index())
        .into_iter()
        .filter(|n| n.starts_with("manifest-"))
        .collect();
    assert!(manifests.len() <= 2, "stale manifests kept: {manifests:?}");
    let meta: Value =
        serde_json::from_slice(&std::fs::read(f.index().join("meta.json")).expect("meta.json"))
            .expect("JSON");
    let header: Value =
        serde_json::from_str(meta["payload"].as_str().expect("payload")).expect("header");
    let current = header["manifest"].as_str().expect("manifest name");
    assert!(manifests.iter().any(|m| m == current), "{manifests:?}");
}

#[test]
fn a_touched_but_unchanged_file_is_not_reindexed() {
    let f = corpus_of_three();
    f.build();
    // Same bytes, new modification time.
    std::thread::sleep(Duration::from_millis(20));
    f.write("towns/flood.txt", FLOOD);
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(count(&report, "unchanged"), 3);
    assert_eq!(count(&report, "updated"), 0);
    assert_eq!(all_hits(&f, "拉网式排查").0, ["towns/flood.txt"]);
    // The new mtime was recorded, so the next run reads nothing.
    let report = index_json(f.xunwen().arg("index"));
    assert_eq!(report["committed"], false);
    assert!(report["files"].as_array().expect("files").is_empty());
}
