//! End-to-end tests of ingest's rough edges on the real `xunwen` binary, run
//! from a temporary working folder outside the repository: `add` all or
//! nothing (files and folders), a tiny binary file, an index kept inside the
//! corpus, Markdown markup.
//!
//! The fixtures are written for these tests in the style of Chinese
//! government releases.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{run, xunwen_in};
use serde_json::Value;
use tempfile::TempDir;

/// A release, as a plain text file.
const FLOOD: &str = "青山区召开防汛工作部署会

2023年5月18日，青山区召开防汛工作部署会，要求各街道对辖区山塘水库开展拉网式排查，落实防汛物资储备。

会议强调，要严格执行汛期值班制度，确保信息报送及时准确。
";

/// Another release, for folders.
const MARKET: &str = "白石镇开展农贸市场食品安全检查

2023年7月3日，白石镇市场监管所对镇区农贸市场开展食品安全专项检查，抽检蔬菜样品四十批次。
";

/// A third, in Markdown.
const SCHOOL_MD: &str = "# 区教育局部署秋季开学工作

> 发布时间：2023-08-25

**区教育局**近日召开秋季开学工作会议，要求各校做好*校园安全*隐患排查。

- 落实__食堂食品安全__责任
- 完善[校车安全管理办法](https://jyj.example.gov.cn/notice_2023.html)

![会议现场](images/meeting_01.jpg)
";

/// The 18 bytes that were once indexed as UTF-16 garbage.
const TINY_BINARY: &[u8] = b"abc\0\x01\x02\x03binary\0data";

/// A temporary folder holding `corpus/`, `index/` and `work/`, the working
/// folder the binary runs in (outside the corpus and the repository).
struct Env {
    dir: TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temporary folder");
        for d in ["corpus", "work"] {
            std::fs::create_dir_all(dir.path().join(d)).expect("folder");
        }
        Env { dir }
    }

    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// Writes `bytes` at `rel` under the temporary folder.
    fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, bytes).expect("write fixture");
        path
    }

    /// `xunwen --corpus C --index I`, run in `work/`, with no environment
    /// that could point it elsewhere.
    fn xunwen(&self) -> Command {
        self.xunwen_with(&self.corpus(), &self.index())
    }

    fn xunwen_with(&self, corpus: &Path, index: &Path) -> Command {
        let mut cmd = xunwen_in(&self.work());
        cmd.arg("--corpus").arg(corpus).arg("--index").arg(index);
        cmd
    }

    /// Every file under the corpus, '/'-separated, hidden ones included.
    fn corpus_files(&self) -> Vec<String> {
        let mut files = Vec::new();
        let mut stack = vec![self.corpus()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read corpus") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(self.corpus()).expect("under corpus");
                    files.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        files.sort();
        files
    }
}

/// Pairs of a path and a word about it (a verdict, a reason).
type PathNotes = Vec<(String, String)>;

/// `index --json [extra]`: the verdicts by path and the skip reasons by path.
fn index_json(env: &Env, extra: &[&str]) -> (PathNotes, PathNotes) {
    let report = common::index_json(env.xunwen().arg("index").args(extra));
    let files = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|v| {
            (
                v["path"].as_str().expect("path").to_owned(),
                v["verdict"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let skipped = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().expect("path").to_owned(),
                pair[1].as_str().expect("reason").to_owned(),
            )
        })
        .collect();
    (files, skipped)
}

/// A JSON search: the hits (the summary line dropped).
fn search(env: &Env, query: &str) -> Vec<Value> {
    let mut cmd = env.xunwen();
    cmd.args(["search", "--json", query]);
    let (code, stdout, stderr) = run(&mut cmd).parts();
    assert!(code == 0 || code == 1, "search {query} failed: {stderr}");
    let mut lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    lines.pop();
    lines
}

#[test]
fn add_with_a_missing_file_copies_nothing_and_exits_2() {
    let env = Env::new();
    env.write("work/good.txt", FLOOD.as_bytes());
    let mut cmd = env.xunwen();
    cmd.args(["add", "good.txt", "missing.txt"]);
    let (code, _, stderr) = run(&mut cmd).parts();
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("missing.txt: does not exist"), "{stderr}");
    assert!(stderr.contains("nothing was added"), "{stderr}");
    assert!(
        !stderr.contains("good.txt"),
        "the good file is not a problem: {stderr}"
    );
    assert!(env.corpus_files().is_empty(), "{:?}", env.corpus_files());
    assert!(!env.index().exists(), "nothing was indexed either");
}

#[test]
fn add_with_an_unsupported_or_binary_file_copies_nothing_and_exits_2() {
    // A cut PDF is read as a PDF now, and refused with its verdict.
    let env = Env::new();
    env.write("work/good.txt", FLOOD.as_bytes());
    env.write("work/report.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    env.write("work/tiny.txt", TINY_BINARY);
    for (bad, why) in [
        ("report.pdf", "damaged PDF file"),
        ("tiny.txt", "binary file"),
    ] {
        let mut cmd = env.xunwen();
        cmd.args(["add", "good.txt", bad]);
        let (code, _, stderr) = run(&mut cmd).parts();
        assert_eq!(code, 2, "{bad}: {stderr}");
        assert!(stderr.contains(&format!("{bad}: {why}")), "{stderr}");
        assert!(env.corpus_files().is_empty(), "{:?}", env.corpus_files());
    }
    // Alone, the good file is added and indexed.
    let mut cmd = env.xunwen();
    cmd.args(["add", "good.txt"]);
    let (code, _, stderr) = run(&mut cmd).parts();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(env.corpus_files(), vec!["good.txt"]);
    let hits = search(&env, "防汛物资");
    assert_eq!(hits[0]["doc"], "good.txt");
}

#[test]
fn add_refuses_a_different_file_of_the_same_name() {
    let env = Env::new();
    env.write("corpus/notice.txt", FLOOD.as_bytes());
    env.write("work/notice.txt", MARKET.as_bytes());
    let mut cmd = env.xunwen();
    cmd.args(["add", "notice.txt"]);
    let (code, _, stderr) = run(&mut cmd).parts();
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("already exists in the corpus"), "{stderr}");
    let kept = std::fs::read_to_string(env.corpus().join("notice.txt")).expect("read");
    assert_eq!(kept, FLOOD);
}

#[test]
fn add_a_folder_keeps_its_layout_and_notes_other_types() {
    let env = Env::new();
    env.write("work/2024/q3/market.txt", MARKET.as_bytes());
    env.write("work/2024/school.md", SCHOOL_MD.as_bytes());
    env.write("work/2024/q3/photo.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF");
    let mut cmd = env.xunwen();
    cmd.args(["add", "2024"]);
    let (code, _, stderr) = run(&mut cmd).parts();
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("skipped 2024/q3/photo.jpg: not a supported type (.jpg)"),
        "{stderr}"
    );
    // Copied under the folder's name, nothing else (no temporary files).
    assert_eq!(
        env.corpus_files(),
        vec!["2024/q3/market.txt", "2024/school.md"]
    );
    let hits = search(&env, "农贸市场");
    assert_eq!(hits[0]["doc"], "2024/q3/market.txt");
    // Adding the same folder again changes nothing and is not an error.
    let mut cmd = env.xunwen();
    cmd.args(["add", "2024"]);
    let (code, _, stderr) = run(&mut cmd).parts();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(env.corpus_files().len(), 2);
}

#[test]
fn a_tiny_binary_file_is_skipped_with_one_specific_reason() {
    let env = Env::new();
    env.write("corpus/flood.txt", FLOOD.as_bytes());
    env.write("corpus/misc/tiny.txt", TINY_BINARY);
    let mut cmd = env.xunwen();
    cmd.arg("index");
    let (code, _, stderr) = run(&mut cmd).parts();
    assert_eq!(code, 0, "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains("misc/tiny.txt"))
        .unwrap_or_else(|| panic!("tiny.txt not reported: {stderr}"));
    assert!(
        line.starts_with("xunwen: skipped misc/tiny.txt: binary file"),
        "{line}"
    );
    assert_eq!(
        line.matches("tiny.txt").count(),
        1,
        "path named once: {line}"
    );
    assert!(
        !line.contains("only .txt"),
        "no .txt hint for a .txt: {line}"
    );

    let (files, skipped) = index_json(&env, &["--rebuild"]);
    assert!(files.contains(&("flood.txt".to_owned(), "indexed".to_owned())));
    let reason = &skipped
        .iter()
        .find(|(p, _)| p == "misc/tiny.txt")
        .expect("tiny.txt skipped")
        .1;
    assert!(reason.starts_with("binary file"), "{reason}");
    // Its bytes read as UTF-16 are not in the index.
    assert!(search(&env, "扡").is_empty());
}

#[test]
fn an_index_inside_the_corpus_is_not_scanned() {
    let env = Env::new();
    env.write("corpus/flood.txt", FLOOD.as_bytes());
    let inner = env.corpus().join("search-index");
    let run_index = || {
        let mut cmd = env.xunwen_with(&env.corpus(), &inner);
        cmd.args(["index", "--json"]);
        let (code, stdout, stderr) = run(&mut cmd).parts();
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str::<Value>(&stdout).expect("JSON account")
    };
    let first = run_index();
    assert!(inner.join("XUNWEN-INDEX").is_file());
    // A stray document inside the index folder is not corpus either.
    std::fs::write(inner.join("notes.txt"), MARKET).expect("write");
    let second = run_index();
    for report in [&first, &second] {
        let text = report.to_string();
        assert!(!text.contains("search-index"), "{text}");
        assert_eq!(report["skipped"].as_array().expect("skipped").len(), 0);
    }
    assert_eq!(second["documents"], 1, "{second}");
}

#[test]
fn markdown_markup_is_not_indexed_or_shown() {
    let env = Env::new();
    env.write("corpus/edu/school.md", SCHOOL_MD.as_bytes());
    env.write(
        "corpus/edu/note.txt",
        "备注说明\n\n带*号的指标为区教育局初步统计数。\n".as_bytes(),
    );
    let (_, skipped) = index_json(&env, &[]);
    assert!(skipped.is_empty(), "{skipped:?}");
    let hits = search(&env, "区教育局");
    let md: Vec<&Value> = hits
        .iter()
        .filter(|h| h["doc"] == "edu/school.md")
        .collect();
    assert!(!md.is_empty(), "{hits:?}");
    assert_eq!(md[0]["title"], "区教育局部署秋季开学工作");
    for hit in &md {
        let text = hit["text"].as_str().expect("text");
        for markup in ["**", "__", "](", "![", "# "] {
            assert!(!text.contains(markup), "{markup} in {text}");
        }
    }
    let texts: Vec<&str> = md.iter().filter_map(|h| h["text"].as_str()).collect();
    assert!(
        texts.contains(&"区教育局近日召开秋季开学工作会议，要求各校做好校园安全隐患排查。"),
        "{texts:?}"
    );
    // Link and image text is searchable, their addresses are not.
    assert_eq!(search(&env, "校车安全管理办法")[0]["doc"], "edu/school.md");
    assert!(search(&env, "notice_2023").is_empty());
    // A plain text file keeps its asterisk.
    let hits = search(&env, "初步统计数");
    assert_eq!(hits[0]["text"], "带*号的指标为区教育局初步统计数。");
    // The terminal output has no markup either.
    let mut cmd = env.xunwen();
    cmd.args(["search", "--color", "never", "食堂食品安全"]);
    let (code, stdout, stderr) = run(&mut cmd).parts();
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("食堂食品安全"), "{stdout}");
    assert!(!stdout.contains("__"), "{stdout}");
}
