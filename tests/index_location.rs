//! Where xunwen finds its index, run as an installed binary would be: from
//! temporary folders outside the repository, with no `XUNWEN_*` variables.
//! Also: the note when the corpus changed since the index was built, paths
//! given to `index`, counts that add up, the messages of a damaged index, and
//! a refresh that runs out of disk space.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;
use common::{fails, index_json, run, xunwen_in as xunwen};
use serde_json::Value;
use tempfile::TempDir;

/// Fixture releases, written for these tests in the style of county news.
const FLOOD: &str = "石桥镇部署汛期安全工作

5月8日，石桥镇召开防汛工作推进会，对辖区河道、山塘开展隐患排查。

会议要求各村落实值班值守制度，确保安全度汛。
";

const MARKET: &str = "清水湾乡举办农特产品展销活动

10月3日，清水湾乡在集镇广场举办农特产品展销活动，三十余家合作社参展。
";

const MARKET_REVISED: &str = "清水湾乡举办农特产品展销活动

10月3日，清水湾乡在游客中心举办农特产品展销活动，五十余家合作社参展。
";

const LIBRARY: &str = "县图书馆开展全民阅读月活动

4月23日，县图书馆启动全民阅读月，举办读书分享会和少儿绘本讲读。
";

const CLINIC: &str = "城关社区卫生服务中心开展义诊

城关社区卫生服务中心组织医生走进小区，为老年人免费测量血压。
";

/// A temporary place outside the repository: `releases/` (a corpus) and
/// `desk/` (where the user works).
struct Place {
    dir: TempDir,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().expect("temporary folder");
        let place = Place { dir };
        place.write("towns/flood.txt", FLOOD);
        place.write("towns/market.txt", MARKET);
        place.write("culture/library.txt", LIBRARY);
        std::fs::create_dir_all(place.desk()).expect("desk");
        place
    }

    /// Where the user works (not the corpus, not the repository).
    fn desk(&self) -> PathBuf {
        self.dir.path().join("desk")
    }

    fn corpus(&self) -> PathBuf {
        self.dir.path().join("releases")
    }

    /// The index `index --corpus ../releases` run from the desk creates.
    fn index(&self) -> PathBuf {
        self.desk().join("index")
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.corpus().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.corpus().join(rel)).expect("remove");
    }

    /// Builds the index from the desk, naming only the corpus.
    fn build(&self) {
        let out = run(xunwen(&self.desk()).args(["index", "--corpus", "../releases"]));
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
}

/// The documents a JSON search for `query` finds.
fn found(cmd: &mut Command, query: &str) -> Vec<String> {
    let out = run(cmd.args(["search", "--json", query]));
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    out.stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON line"))
        .filter(|v| v["type"] == "hit")
        .map(|v| v["doc"].as_str().expect("doc").to_string())
        .collect()
}

fn canonical(path: &Path) -> String {
    std::fs::canonicalize(path)
        .expect("canonical")
        .display()
        .to_string()
}

const CHANGED: &str = "the corpus changed since the index was built";

// ---------------------------------------------------------------------------
// Finding the index

#[test]
fn an_index_is_found_from_a_subfolder_and_knows_its_corpus() {
    let place = Place::new();
    place.build();
    assert!(place.index().join("XUNWEN-INDEX").is_file());
    let deep = place.desk().join("notes/2024");
    std::fs::create_dir_all(&deep).expect("mkdir");
    for cwd in [place.desk(), deep.clone(), place.index()] {
        assert_eq!(
            found(&mut xunwen(&cwd), "防汛"),
            ["towns/flood.txt"],
            "from {}",
            cwd.display()
        );
    }
    let stats = run(xunwen(&deep).arg("stats"));
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    assert!(
        stats.stdout.contains(&canonical(&place.corpus())),
        "{}",
        stats.stdout
    );
    assert!(
        stats.stdout.contains(&canonical(&place.index())),
        "{}",
        stats.stdout
    );
}

#[test]
fn with_no_index_around_the_message_says_how_to_create_one() {
    let place = Place::new();
    for args in [&["search", "防汛"][..], &["stats"][..], &["index"][..]] {
        fails(
            xunwen(&place.corpus().join("towns")).args(args),
            &["no xunwen index", "xunwen index --corpus DIR"],
        );
    }
}

#[test]
fn index_alone_is_enough_for_every_command() {
    let place = Place::new();
    let index = place.dir.path().join("shelf/index");
    let out = run(xunwen(place.dir.path())
        .arg("--corpus")
        .arg(place.corpus())
        .arg("--index")
        .arg(&index)
        .arg("index"));
    assert_eq!(out.code, 0, "{}", out.stderr);

    let elsewhere = tempfile::tempdir().expect("another folder");
    let with_index = || {
        let mut cmd = xunwen(elsewhere.path());
        cmd.arg("--index").arg(&index);
        cmd
    };
    assert_eq!(found(&mut with_index(), "阅读"), ["culture/library.txt"]);
    let stats = run(with_index().arg("stats"));
    assert_eq!(stats.code, 0, "{}", stats.stderr);
    assert!(
        stats.stdout.contains(&canonical(&place.corpus())),
        "{}",
        stats.stdout
    );
    place.write("health/clinic.txt", CLINIC);
    let report = index_json(with_index().arg("index"));
    assert_eq!(report["added"], 1, "{report}");
    assert_eq!(found(&mut with_index(), "血压"), ["health/clinic.txt"]);
    // $XUNWEN_INDEX works the same.
    let mut cmd = xunwen(elsewhere.path());
    cmd.env("XUNWEN_INDEX", &index);
    assert_eq!(found(&mut cmd, "血压"), ["health/clinic.txt"]);
}

#[test]
fn a_corpus_other_than_the_indexs_is_refused_by_every_command() {
    let place = Place::new();
    place.build();
    let other = place.dir.path().join("other");
    std::fs::create_dir_all(&other).expect("mkdir");
    let note = place.dir.path().join("note.txt");
    std::fs::write(&note, CLINIC).expect("write");
    for args in [
        &["search", "防汛"][..],
        &["index"][..],
        &["stats"][..],
        &["add", note.to_str().expect("utf-8")][..],
    ] {
        fails(
            xunwen(&place.desk()).arg("--corpus").arg(&other).args(args),
            &["was built from the corpus", "index --rebuild --corpus"],
        );
    }
    assert!(
        !other.join("note.txt").exists(),
        "add copied into the other corpus"
    );
    assert_eq!(
        found(&mut xunwen(&place.desk()), "防汛"),
        ["towns/flood.txt"]
    );
    // Naming the index's own corpus is fine.
    let same = run(xunwen(&place.desk()).args(["--corpus", "../releases", "search", "防汛"]));
    assert_eq!(same.code, 0, "{}", same.stderr);
}

// ---------------------------------------------------------------------------
// A stale index is never served silently

#[test]
fn a_search_notes_once_that_the_corpus_changed_until_it_is_indexed() {
    let place = Place::new();
    place.build();
    let search = || run(xunwen(&place.desk()).args(["search", "防汛"]));
    assert!(!search().stderr.contains(CHANGED), "unchanged corpus");

    place.remove("towns/flood.txt");
    let stale = search();
    assert_eq!(stale.stderr.matches(CHANGED).count(), 1, "{}", stale.stderr);
    assert!(stale.stderr.contains("xunwen index"), "{}", stale.stderr);
    assert!(stale.stderr.contains("--refresh"), "{}", stale.stderr);
    let stats = run(xunwen(&place.desk()).arg("stats"));
    assert!(stats.stdout.contains("1 folder"), "{}", stats.stdout);

    run(xunwen(&place.desk()).arg("index"));
    assert!(!search().stderr.contains(CHANGED), "after index");

    place.write("health/2024/clinic.txt", CLINIC);
    assert!(
        search().stderr.contains(CHANGED),
        "a new folder with a file"
    );
    run(xunwen(&place.desk()).arg("index"));
    assert!(!search().stderr.contains(CHANGED), "after index");
}

#[test]
fn a_partial_refresh_does_not_hide_changes_outside_it() {
    let place = Place::new();
    place.build();
    place.remove("culture/library.txt");
    place.write("towns/market.txt", MARKET_REVISED);
    place.write("towns/bridge.txt", FLOOD);
    run(xunwen(&place.desk()).args(["index", "towns"]));
    let out = run(xunwen(&place.desk()).args(["search", "防汛"]));
    assert!(
        out.stderr.contains(CHANGED),
        "culture/ was not refreshed: {}",
        out.stderr
    );
    run(xunwen(&place.desk()).args(["index", "culture"]));
    let out = run(xunwen(&place.desk()).args(["search", "防汛"]));
    assert!(!out.stderr.contains(CHANGED), "{}", out.stderr);
}

#[test]
fn open_fresh_refreshes_the_index_before_opening_it() {
    let place = Place::new();
    place.build();
    place.remove("towns/market.txt");
    let analyzer = xunwen::analysis::Analyzer::new();
    let (index, report) = xunwen::index::open_fresh(
        &place.corpus(),
        &place.index(),
        &analyzer,
        Default::default(),
        &|_| {},
    )
    .expect("refresh and open");
    assert_eq!(report.removed, 1);
    assert_eq!(index.header().documents, 2);
    assert_eq!(index.staleness(), xunwen::index::Staleness::Current);
}

// ---------------------------------------------------------------------------
// Paths given to `index`

#[test]
fn index_paths_may_be_given_from_the_corpus_or_from_here() {
    let place = Place::new();
    place.build();
    place.write("towns/market.txt", MARKET_REVISED);
    let elsewhere = tempfile::tempdir().expect("folder");
    let report = index_json(
        xunwen(elsewhere.path())
            .arg("--index")
            .arg(place.index())
            .args(["index", "towns/"]),
    );
    assert_eq!(report["updated"], 1, "{report}");
    assert_eq!(
        found(&mut xunwen(&place.desk()), "游客中心"),
        ["towns/market.txt"]
    );

    place.write("culture/library.txt", MARKET);
    let report =
        index_json(xunwen(&place.desk()).args(["index", "../releases/culture/library.txt"]));
    assert_eq!(report["updated"], 1, "{report}");
}

#[test]
fn a_path_that_does_not_exist_is_an_error_unless_it_was_indexed() {
    let place = Place::new();
    place.build();
    fails(
        xunwen(&place.desk()).args(["index", "nope.txt"]),
        &["nope.txt", "does not exist"],
    );
    fails(
        xunwen(&place.desk())
            .arg("index")
            .arg(place.corpus().join("towns/nope.txt")),
        &["does not exist"],
    );
    // A deleted file may be named, to drop it from the index.
    place.remove("towns/market.txt");
    let report = index_json(xunwen(&place.desk()).args(["index", "towns/market.txt"]));
    assert_eq!(report["removed"], 1, "{report}");
}

// ---------------------------------------------------------------------------
// Counts and messages

#[test]
fn index_and_stats_count_the_same_files_and_old_skips_are_not_repeated() {
    let place = Place::new();
    place.write("towns/blank.txt", "  \n\n");
    place.write("towns/budget.xlsx", "not a release");
    place.write("towns/scan.pdf", "%PDF-1.4");
    let first = run(xunwen(&place.desk()).args(["index", "--corpus", "../releases"]));
    assert!(
        first.stdout.contains("6 files: added 3"),
        "{}",
        first.stdout
    );
    assert!(first.stdout.contains("skipped 3"), "{}", first.stdout);
    assert!(first.stdout.contains("3 documents"), "{}", first.stdout);
    assert!(first.stderr.contains("towns/blank.txt"), "{}", first.stderr);
    // A PDF is read now: this one is named, with its verdict.
    assert!(
        first.stderr.contains("towns/scan.pdf: damaged PDF"),
        "{}",
        first.stderr
    );
    assert!(
        first.stderr.contains("1 file of unsupported types"),
        "{}",
        first.stderr
    );

    place.write("health/clinic.txt", CLINIC);
    let report = index_json(xunwen(&place.desk()).arg("index"));
    assert_eq!(report["added"], 1);
    assert_eq!(
        report["unchanged"], 3,
        "skipped files are not also unchanged"
    );
    assert_eq!(report["skipped"].as_array().expect("skipped").len(), 3);
    let again = run(xunwen(&place.desk()).arg("index"));
    assert!(
        again.stdout.contains("7 files: added 0"),
        "{}",
        again.stdout
    );
    assert!(
        !again.stderr.contains("skipped"),
        "old skips repeated: {}",
        again.stderr
    );
    let verbose = run(xunwen(&place.desk()).args(["index", "--verbose"]));
    assert!(
        verbose.stderr.contains("towns/scan.pdf"),
        "{}",
        verbose.stderr
    );

    let stats = run(xunwen(&place.desk()).args(["stats", "--json"]));
    let stats: Value = serde_json::from_str(&stats.stdout).expect("JSON");
    assert_eq!(stats["documents"], 4);
    assert_eq!(stats["skipped_files"], 3);
    let text = run(xunwen(&place.desk()).arg("stats")).stdout;
    assert!(text.contains("skipped      3 files"), "{text}");
}

#[test]
fn a_damaged_index_says_to_rebuild_first_and_details_only_with_verbose() {
    let place = Place::new();
    place.build();
    for entry in std::fs::read_dir(place.index()).expect("read index") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "idx") {
            std::fs::write(&path, b"").expect("truncate");
        }
    }
    let plain = fails(
        xunwen(&place.desk()).args(["search", "防汛"]),
        &["is damaged; rebuild it with `xunwen index --rebuild`"],
    );
    assert_eq!(plain.lines().count(), 1, "{plain}");
    assert!(!plain.contains("IoError"), "{plain}");
    let verbose = fails(
        xunwen(&place.desk()).args(["-v", "search", "防汛"]),
        &["detail:"],
    );
    assert!(
        verbose.lines().next().expect("a line").contains("rebuild"),
        "{verbose}"
    );
    let out = run(xunwen(&place.desk()).args(["index", "--rebuild"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        found(&mut xunwen(&place.desk()), "防汛"),
        ["towns/flood.txt"]
    );
}

// ---------------------------------------------------------------------------
// Failed and killed runs leave nothing behind

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The segment files of the index at `dir` that its meta.json does not
/// list: what a failed run would leave behind.
fn unreferenced(dir: &Path) -> Vec<String> {
    let meta = std::fs::read_to_string(dir.join("meta.json")).expect("meta.json");
    let meta: serde_json::Value = serde_json::from_str(&meta).expect("meta.json is JSON");
    let live: Vec<String> = meta["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| {
            s["segment_id"]
                .as_str()
                .unwrap_or_default()
                .replace('-', "")
        })
        .collect();
    listing(dir)
        .into_iter()
        .filter(|name| {
            let stem = name.split('.').next().unwrap_or_default();
            stem.len() == 32
                && stem.chars().all(|c| c.is_ascii_hexdigit())
                && !live.iter().any(|id| id == stem)
        })
        .collect()
}

/// The kinds of file in a listing: a segment file by its extension, any
/// other by its name.
fn kinds(names: &[String]) -> std::collections::BTreeSet<String> {
    names
        .iter()
        .map(|name| match name.split_once('.') {
            Some((stem, ext)) if stem.len() == 32 => format!("segment .{ext}"),
            _ => name.clone(),
        })
        .collect()
}

/// A small tmpfs, unmounted when dropped.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    fn mount(dir: PathBuf, size: &str) -> Result<SmallDisk, String> {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let out = StdCommand::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(SmallDisk { dir })
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = StdCommand::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// `count` work briefs with varied figures (so they compress poorly), about
/// 1.5 KB each.
fn write_briefs(dir: &Path, count: usize) {
    const TOWNS: [&str; 6] = [
        "石桥镇",
        "清水湾乡",
        "城关街道",
        "杨柳村",
        "北岭乡",
        "河西镇",
    ];
    const TASKS: [&str; 6] = [
        "人居环境整治",
        "高标准农田建设",
        "消防安全检查",
        "就业帮扶",
        "道路硬化",
        "养老服务",
    ];
    let mut state: u64 = 42;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    std::fs::create_dir_all(dir).expect("folder");
    for i in 0..count {
        let mut text = format!("{}工作简报第{i}期\n\n", TOWNS[next(6) as usize]);
        for day in 1..=8 {
            text.push_str(&format!(
                "{day}日，{}推进{}，项目编号{}，落实资金{}万元，完成点位{}个。\n\n",
                TOWNS[next(6) as usize],
                TASKS[next(6) as usize],
                100_000 + next(900_000),
                1 + next(9_999),
                1 + next(500),
            ));
        }
        std::fs::write(dir.join(format!("brief-{i:04}.txt")), text).expect("write brief");
    }
}

#[test]
fn a_refresh_that_fills_the_disk_keeps_the_old_index_and_leaves_no_debris() {
    let place = Place::new();
    let disk = match SmallDisk::mount(place.dir.path().join("small"), "3m") {
        Ok(disk) => disk,
        Err(why) => panic!(
            "cannot mount a 3 MB tmpfs to fill ({why}): this test needs root; \
             without it, pass --skip a_refresh_that_fills_the_disk"
        ),
    };
    let index = disk.dir.join("index");
    let with_index = || {
        let mut cmd = xunwen(&place.desk());
        cmd.arg("--index").arg(&index);
        cmd
    };
    let out = run(with_index()
        .arg("--corpus")
        .arg(place.corpus())
        .arg("index"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = listing(&index);

    write_briefs(&place.corpus().join("briefs"), 3000);
    for round in 0..2 {
        let stderr = fails(
            with_index().arg("index"),
            &[
                "no space left on device while writing the index at",
                "the previous index is intact and searchable",
                "free some space and run `xunwen index` again",
            ],
        );
        assert_eq!(stderr.lines().count(), 1, "round {round}: {stderr}");
        assert!(!stderr.contains("IO error"), "{stderr}");
        // tantivy may have merged the committed segments in the background
        // meanwhile (same documents, one segment file set instead of two):
        // what must hold is that no file outside the committed index is
        // left, and no other kind of file appeared.
        assert_eq!(
            unreferenced(&index),
            Vec::<String>::new(),
            "round {round}: files left behind"
        );
        assert_eq!(kinds(&listing(&index)), kinds(&before), "round {round}");
        assert_eq!(found(&mut with_index(), "防汛"), ["towns/flood.txt"]);
        assert!(found(&mut with_index(), "高标准农田建设").is_empty());
    }
}

#[test]
fn what_a_killed_run_wrote_is_removed_by_the_next_run() {
    let place = Place::new();
    place.build();
    let before = listing(&place.index());
    // What a writer killed mid-segment leaves: files tantivy registered in
    // .managed.json (it does so before creating them) that no commit uses,
    // and a manifest written before a commit that never came.
    let managed_path = place.index().join(".managed.json");
    let mut managed: Vec<String> =
        serde_json::from_slice(&std::fs::read(&managed_path).expect("managed")).expect("JSON");
    for ext in ["idx", "term", "store.temp"] {
        let name = format!("0123456789abcdef0123456789abcdef.{ext}");
        std::fs::write(place.index().join(&name), vec![7u8; 4096]).expect("debris");
        managed.push(name);
    }
    std::fs::write(&managed_path, serde_json::to_vec(&managed).expect("json")).expect("write");
    std::fs::write(place.index().join("manifest-1.json"), b"{}").expect("stray manifest");
    std::fs::write(place.index().join("dirs-1.json.tmp"), b"{").expect("stray record");

    let out = run(xunwen(&place.desk()).arg("index"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("nothing changed"), "{}", out.stdout);
    assert_eq!(listing(&place.index()), before);
    assert_eq!(
        found(&mut xunwen(&place.desk()), "防汛"),
        ["towns/flood.txt"]
    );
}

/// Makes `path` and everything under it readable by anyone, and writable by
/// no one when `writable` is false.
fn set_modes(path: &Path, writable: bool) {
    let mode = if writable { "u+w,a+rX" } else { "a-w,a+rX" };
    let status = StdCommand::new("chmod")
        .args(["-R", mode])
        .arg(path)
        .status()
        .expect("run chmod");
    assert!(status.success(), "chmod {mode} {}", path.display());
}

#[test]
fn a_read_only_index_is_searched_by_a_user_who_cannot_write_it() {
    let place = Place::new();
    place.build();
    let index = place.index();
    set_modes(place.dir.path(), true);
    set_modes(&index, false);
    // As root, the search runs as `nobody` (root may write anywhere); any
    // other user already cannot write the folder.
    let root = StdCommand::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .expect("run id -u");
    let binary = assert_cmd::cargo::cargo_bin("xunwen");
    let search = |args: &[&str]| {
        let mut cmd = if root {
            let mut cmd = StdCommand::new("setpriv");
            cmd.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
                .arg(&binary);
            cmd
        } else {
            StdCommand::new(&binary)
        };
        cmd.current_dir(place.desk())
            .env_remove("XUNWEN_INDEX")
            .env_remove("XUNWEN_CORPUS")
            .arg("--index")
            .arg(&index)
            .args(args);
        cmd.output()
            .expect("run xunwen as a user who cannot write the index")
    };
    let found = search(&["search", "--color", "never", "防汛"]);
    let stats = search(&["stats"]);
    set_modes(&index, true);
    let stderr = String::from_utf8_lossy(&found.stderr);
    assert_eq!(found.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&found.stdout).contains("towns/flood.txt"));
    let stderr = String::from_utf8_lossy(&stats.stderr);
    assert_eq!(stats.status.code(), Some(0), "{stderr}");
}
