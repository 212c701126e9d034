//! Shared fixtures for the end-to-end tests: a small corpus of releases in
//! the style of Chinese government news (written for these tests), and
//! helpers that run the real `xunwen` binary on it.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A page saved from a city government site, shaped like the seed release:
/// navigation bar, title, toolbar, share line, body, image names, captions.
pub const EDUCATION_PAGE: &str =
    "走进青山 政务动态 政务公开 政民互动 领导之窗 工作机构 政务服务 视频青山
区教育局扎实开展党史学习教育
【字体: 】【 打印】 【 关闭
分享到:

  11月3日,青山区教育系统党史学习教育推进会在区实验中学召开,全区各中小学校党组织书记参加会议。

  会议要求各校把党史学习教育与办好人民满意的教育结合起来,切实为师生办实事。

青山一中

实验二小

3.gif

  ●坚持学史明理,把党史学习教育引向深入

已处理5.jpg

  ▲区教育局组织党员教师参观革命纪念馆

  今年以来,全区教育系统开展主题党日活动120余场,组织学习强国积分竞赛,党员教师参与率达98%。
";

/// A release about a mayor, for the word-beats-substring ranking case.
pub const MAYOR_PAGE: &str = "市长调研城市更新工作

2022年5月6日,市长带队调研老旧小区改造,市长强调要把群众满意作为检验工作成效的标准。
";

/// A release mentioning a bridge whose name contains 市长 only as a substring.
pub const BRIDGE_PAGE: &str = "南京市长江大桥完成维修加固

2022年6月1日,南京市长江大桥维修加固工程顺利完工,大桥恢复双向通行。
";

/// Cross-boundary recall: jieba cuts 鹤山市|人民政府 and 中华人民共和国.
pub const GOVERNMENT_PAGE: &str = "鹤山市人民政府召开常务会议

2021年9月8日,鹤山市人民政府召开常务会议,研究部署反诈宣传工作,要求依照中华人民共和国反电信网络诈骗法开展宣传。
";

/// A work report: its title is what `title:` queries look for.
pub const WORK_REPORT: &str = "2023年青山区政府工作报告

各位代表:现在,我代表区人民政府向大会报告工作。

稳就业保民生。全年城镇新增就业1.2万人,开发公益性岗位300个。

推进乡村振兴。培育特色产业,带动农民增收。
";

/// A news item about employment outside any work report.
pub const JOBS_NEWS: &str = "青山区举办春季招聘会

2023年3月2日,青山区举办春季招聘会,120家企业提供就业岗位3000个。
";

/// Terms spread over two paragraphs, not together: for phrase and partial tests.
pub const SCATTERED_PAGE: &str = "街道开展学习活动

社区党员重温党史,交流心得体会。

街道组织居民参加学习教育讲座,讲解防范电信诈骗知识。
";

/// A GBK-encoded HTML page declaring its charset.
pub const GBK_HTML: &str =
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">
<title>白石镇推进垃圾分类_青山区人民政府</title>
<script>var nav = '首页';</script></head>
<body><div class=\"nav\">首页 | 政务动态 | 政务公开 | 政民互动</div>
<h1>白石镇推进垃圾分类</h1>
<p>2023年4月12日,白石镇召开垃圾分类工作推进会,部署开展垃圾分类入户宣传。</p>
<p>【打印本页】【关闭窗口】</p>
</body></html>
";

/// A UTF-16 (little endian, with BOM) text export.
pub const UTF16_TEXT: &str = "水库防汛检查

2023年6月20日,区水务局对辖区水库开展汛前安全检查。
";

/// A corpus in a temporary directory and an index location beside it.
pub struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// An empty corpus.
    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir_all(dir.path().join("corpus")).expect("corpus dir");
        Fixture { dir }
    }

    /// The standard fixture corpus.
    pub fn standard() -> Fixture {
        let f = Fixture::empty();
        f.write("qingshan/education.txt", EDUCATION_PAGE);
        f.write("city/mayor.txt", MAYOR_PAGE);
        f.write("city/bridge.txt", BRIDGE_PAGE);
        f.write("city/government.txt", GOVERNMENT_PAGE);
        f.write("reports/work-report-2023.md", WORK_REPORT);
        f.write("qingshan/jobs.txt", JOBS_NEWS);
        f.write("qingshan/street.txt", SCATTERED_PAGE);
        let (gbk, _, _) = encoding_rs::GBK.encode(GBK_HTML);
        f.write_bytes("towns/baishi.html", &gbk);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(UTF16_TEXT.encode_utf16().flat_map(|u| u.to_le_bytes()));
        f.write_bytes("water/reservoir.txt", &utf16);
        f
    }

    /// The corpus folder.
    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    /// The index folder (absent until something builds it).
    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// The temporary directory holding both.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a UTF-8 file into the corpus.
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    /// Writes raw bytes into the corpus.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.corpus().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create fixture folder");
        }
        std::fs::write(path, bytes).expect("write fixture");
    }

    /// `xunwen` with this fixture's corpus and index, and no colour.
    pub fn xunwen(&self) -> Command {
        let mut cmd = Command::cargo_bin("xunwen").expect("xunwen binary");
        cmd.current_dir(self.root())
            .env("XUNWEN_CORPUS", self.corpus())
            .env("XUNWEN_INDEX", self.index())
            .env_remove("NO_COLOR");
        cmd
    }

    /// Runs `xunwen` with `args` through [`run`] (no panic, whatever the
    /// status).
    pub fn run(&self, args: &[&str]) -> Output {
        run(self.xunwen().args(args))
    }

    /// Builds the index and asserts it worked.
    pub fn build(&self) {
        self.xunwen().arg("index").assert().success();
    }

    /// Runs a JSON search; returns the hit objects and the summary.
    pub fn search_json(&self, args: &[&str]) -> (Vec<Value>, Value) {
        let output = self
            .xunwen()
            .arg("search")
            .arg("--json")
            .args(args)
            .output()
            .expect("run xunwen");
        let code = output.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "search {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let (hits, summary) = parse_json_lines(&output.stdout);
        // grep's contract: exit 0 exactly when something fully matched.
        let found = summary["total_hits"].as_u64().unwrap_or(0) > 0;
        assert_eq!(code == Some(0), found, "search {args:?}: exit {code:?}");
        (hits, summary)
    }
}

/// JSON Lines of a search: the hit objects and the final summary.
pub fn parse_json_lines(stdout: &[u8]) -> (Vec<Value>, Value) {
    let stdout = String::from_utf8(stdout.to_vec()).expect("UTF-8 output");
    let mut lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let summary = lines.pop().expect("a summary line");
    assert_eq!(summary["type"], "summary");
    (lines, summary)
}

/// The marked strings of a JSON hit: its text at each highlight.
pub fn marked(hit: &Value) -> Vec<String> {
    let text: Vec<char> = hit["text"].as_str().unwrap_or_default().chars().collect();
    hit["highlights"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| {
            let (s, e) = (h[0].as_u64()? as usize, h[1].as_u64()? as usize);
            Some(text.get(s..e)?.iter().collect())
        })
        .collect()
}

/// The characters of `text` from `start` to `end` (char offsets).
pub fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// The real binary, run from `cwd`, with nothing from the environment that
/// could point it at another index or corpus, and no colour setting.
pub fn xunwen_in(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("xunwen").expect("xunwen binary");
    cmd.current_dir(cwd)
        .env_remove("XUNWEN_INDEX")
        .env_remove("XUNWEN_CORPUS")
        .env_remove("NO_COLOR");
    cmd
}

/// What a run of the binary gave.
pub struct Output {
    /// The exit status (-1 when killed by a signal).
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Output {
    /// (exit status, stdout, stderr).
    pub fn parts(self) -> (i32, String, String) {
        (self.code, self.stdout, self.stderr)
    }
}

/// Runs `cmd`; whatever its status, it must not have panicked.
pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run xunwen");
    let output = Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!output.stderr.contains("panicked"), "{}", output.stderr);
    output
}

/// Runs a command that must fail with status 2 and a message holding each
/// of `needles`; returns its stderr.
pub fn fails(cmd: &mut Command, needles: &[&str]) -> String {
    let out = run(cmd);
    assert_eq!(
        out.code, 2,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    for needle in needles {
        assert!(
            out.stderr.contains(needle),
            "{needle:?} not in: {}",
            out.stderr
        );
    }
    out.stderr
}

/// Runs `cmd` (an `index` command) with `--json`; it must succeed. Returns
/// the run's account.
pub fn index_json(cmd: &mut Command) -> Value {
    let out = run(cmd.arg("--json"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("index --json prints JSON")
}
