//! End-to-end tests of how search results are laid out for people: `-C`
//! context read as ripgrep prints it, lines wrapped at 80 columns by
//! Unicode line-breaking rules, and what a hit marks.

mod common;

use common::{marked, Fixture};

/// A report of twenty paragraphs naming 河道 in ¶3, ¶12, ¶15 and ¶18, and
/// a two-paragraph notice naming it in both.
fn context_fixture() -> Fixture {
    let f = Fixture::empty();
    let mut report = String::from("县水利局年度工作总结\n\n");
    for n in 1..=20 {
        let topic = if [3, 12, 15, 18].contains(&n) {
            "清理河道淤泥"
        } else {
            "检修排灌设施"
        };
        report.push_str(&format!(
            "第{n}项工作：全年组织力量{topic}，按期完成任务。\n\n"
        ));
    }
    f.write("water/summary.txt", &report);
    f.write(
        "water/notice.txt",
        "河道保洁通知\n\n各村要安排专人巡查河道。\n\n发现河道垃圾及时清运。\n",
    );
    f
}

/// The paragraph numbers printed under the heading of `doc`, in order, with
/// the `--` separators kept.
fn paragraphs_of(stdout: &str, doc: &str) -> Vec<String> {
    let lines: Vec<&str> = stdout.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(doc))
        .unwrap_or_else(|| panic!("{doc} not in\n{stdout}"));
    lines[start + 1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            if *l == "--" {
                return Some("--".to_string());
            }
            let rest = l.split_once('¶')?.1;
            Some(rest.chars().take_while(char::is_ascii_digit).collect())
        })
        .collect()
}

#[test]
fn context_reads_like_rg_each_paragraph_once_in_order() {
    let f = context_fixture();
    let (code, stdout, _) = f
        .run(&["search", "-C", "1", "河道", "--color=never"])
        .parts();
    assert_eq!(code, 0);
    assert_eq!(
        paragraphs_of(&stdout, "water/summary.txt"),
        ["2", "3", "4", "--", "11", "12", "13", "14", "15", "16", "17", "18", "19"],
        "{stdout}"
    );
    // The two-paragraph notice: both paragraphs are hits, each printed once.
    assert_eq!(
        paragraphs_of(&stdout, "water/notice.txt"),
        ["1", "2"],
        "{stdout}"
    );
    for doc in ["water/summary.txt", "water/notice.txt"] {
        let headings = stdout.lines().filter(|l| l.starts_with(doc)).count();
        assert_eq!(headings, 1, "{doc}:\n{stdout}");
    }
    // JSON keeps each hit's own context: one neighbour each here.
    let (hits, _) = f.search_json(&["-C", "1", "河道", "--in", "water/notice.txt"]);
    assert_eq!(hits.len(), 2);
    for hit in &hits {
        let count = |key: &str| hit[key].as_array().map_or(0, Vec::len);
        assert_eq!(count("context_before") + count("context_after"), 1, "{hit}");
    }
}

#[test]
fn context_paragraphs_are_cut_like_hits() {
    let f = Fixture::empty();
    let long = "各乡镇要加强堤防巡查，及时排除险情，".repeat(20);
    f.write(
        "flood.txt",
        &format!("防汛工作部署\n\n{long}\n\n全县启动防汛四级应急响应。\n\n{long}\n"),
    );
    let (_, cut, _) = f
        .run(&["search", "-C", "1", "应急响应", "--color=never"])
        .parts();
    let (_, whole, _) = f
        .run(&["search", "-C", "1", "应急响应", "--color=never", "--full"])
        .parts();
    let longest = |out: &str| out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest(&cut) <= 220, "{cut}");
    assert!(cut.contains('…'), "{cut}");
    assert!(longest(&whole) > long.chars().count(), "{whole}");
}

/// Runs `xunwen ARGS` on an 80-column pseudo-terminal (util-linux
/// `script`), without colour; returns what it printed, `\r` removed.
fn on_80_columns(f: &Fixture, args: &str) -> String {
    let binary = assert_cmd::cargo::cargo_bin("xunwen");
    let command = format!(
        "stty cols 80 rows 50; exec '{}' {args} --color never",
        binary.display()
    );
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(f.root())
        .env("XUNWEN_CORPUS", f.corpus())
        .env("XUNWEN_INDEX", f.index())
        .output()
        .expect("this test needs util-linux `script` to give xunwen a terminal");
    String::from_utf8_lossy(&output.stdout).replace('\r', "")
}

/// The text lines of the hits (headings and the summary left out), their
/// indent kept.
fn hit_lines(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.starts_with(' ')).collect()
}

fn columns(line: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    line.width()
}

#[test]
fn lines_wrap_at_80_columns_by_line_breaking_rules() {
    let f = Fixture::empty();
    // Numbers, Latin words and punctuation at every offset of the line.
    let mut paragraph = String::new();
    for n in 0..24 {
        let pad = "各".repeat(n % 7);
        paragraph.push_str(&format!(
            "{pad}街道新增就业岗位{}个，“APP”下载{}次；",
            12_000 + n * 137,
            n * 31
        ));
    }
    f.write(
        "jobs.txt",
        &format!("就业数据通报\n\n{paragraph}\n\n全年新增岗位（含APP平台）稳步增长。\n"),
    );
    f.build();
    let out = on_80_columns(&f, "search --full 岗位");
    let lines = hit_lines(&out);
    assert!(lines.len() > 10, "{out}");
    let closing = "。，、；：？！」』）》”";
    for pair in lines.windows(2) {
        let (above, below) = (pair[0], pair[1].trim_start());
        let last = above.chars().last().unwrap_or(' ');
        let first = below.chars().next().unwrap_or(' ');
        assert!(
            !(last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric()),
            "a number or word cut:\n{above}\n{below}"
        );
        assert!(
            !closing.contains(first),
            "line starts with {first}:\n{below}"
        );
    }
    for line in &lines {
        assert!(columns(line) <= 80, "{} columns: {line}", columns(line));
        assert_eq!(
            line.matches('[').count(),
            line.matches(']').count(),
            "{line}"
        );
    }
}

#[test]
fn a_cut_hit_is_a_window_of_about_200_characters() {
    let f = Fixture::empty();
    let clause = "全区持续推进老旧小区改造，完善社区养老托育设施，";
    let paragraph = format!("{}加装电梯工作{}", clause.repeat(12), clause.repeat(12));
    f.write("city.txt", &format!("城市更新进展\n\n{paragraph}\n"));
    f.build();
    let out = on_80_columns(&f, "search 加装电梯");
    let text: String = hit_lines(&out).iter().map(|l| l.trim_start()).collect();
    let body = text
        .trim_start_matches(|c: char| c.is_ascii_digit() || ". ¶".contains(c))
        .replace(['[', ']'], "");
    assert!(body.starts_with('…') && body.ends_with('…'), "{out}");
    let shown = body.chars().count() - 2;
    assert!((150..=200).contains(&shown), "{shown} characters:\n{out}");
    assert!(hit_lines(&out).len() <= 6, "{out}");
}

#[test]
fn partial_hits_mark_the_terms_that_earned_them_never_stop_words() {
    let f = Fixture::empty();
    f.write(
        "jobs.txt",
        "青山区举办春季招聘会\n\n2023年3月2日,青山区举办春季招聘会,120家企业提供岗位3000个。\n\n招聘会的现场人头攒动,求职者的咨询络绎不绝,企业的展位前排起长队。\n",
    );
    for query in ["青山区的招聘会有哪些企业？", "招聘会 的 企业 岗位"] {
        let (hits, summary) = f.search_json(&[query]);
        assert_eq!(summary["total_hits"], 0, "{query}: only partial hits here");
        assert!(!hits.is_empty(), "{query}");
        for hit in &hits {
            assert_eq!(hit["partial"], true);
            let marks = marked(hit);
            assert!(marks.iter().any(|m| m == "招聘会"), "{query}: {marks:?}");
            for mark in &marks {
                assert!(
                    !mark.contains('的') && !mark.contains("哪些"),
                    "{query}: {mark} in {marks:?}"
                );
            }
        }
    }
}

/// Runs `xunwen ARGS` with its stdout closed before it writes, as
/// `| head -1` leaves it; returns the exit code and stderr.
fn with_closed_stdout(f: &Fixture, args: &[&str]) -> (Option<i32>, String) {
    let binary = assert_cmd::cargo::cargo_bin("xunwen");
    let mut child = std::process::Command::new(binary)
        .args(args)
        .current_dir(f.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run xunwen");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("xunwen ends");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn man_and_completions_end_quietly_on_a_closed_pipe() {
    let f = Fixture::empty();
    for args in [&["man"][..], &["completions", "bash"]] {
        let (code, stderr) = with_closed_stdout(&f, args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

#[test]
fn the_manual_has_syntax_exit_status_examples_and_no_page_it_does_not_write() {
    let f = Fixture::empty();
    let (code, page, _) = f.run(&["man"]).parts();
    assert_eq!(code, 0);
    for heading in ["QUERY SYNTAX", "WHAT A MATCH IS", "EXIT STATUS", "EXAMPLES"] {
        assert!(
            page.contains(&format!(".SH \"{heading}\""))
                || page.contains(&format!(".SH {heading}")),
            "{heading}"
        );
    }
    let dir = f.root().join("man1");
    let output = f
        .xunwen()
        .args(["man", "--dir"])
        .arg(&dir)
        .output()
        .expect("run xunwen");
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("wrote 11 manual pages"), "{stderr}");
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .expect("the folder exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    for name in &written {
        assert!(stderr.contains(name.as_str()), "{name} not named: {stderr}");
    }
    // Every page the main page refers to (`xunwen\-search(1)`) was written.
    let referred: Vec<&str> = page
        .split("xunwen\\-")
        .skip(1)
        .filter_map(|rest| rest.split_once("(1)").map(|(name, _)| name))
        .filter(|name| name.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    assert!(!referred.is_empty(), "{page}");
    for name in referred {
        assert!(
            written.contains(&format!("xunwen-{name}.1")),
            "{name}: {written:?}"
        );
    }
}

#[test]
fn the_readme_install_lines_work_on_a_fresh_home() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let lines: Vec<&str> = readme
        .lines()
        .filter(|l| {
            l.starts_with("mkdir -p ~/")
                || l.starts_with("xunwen completions bash >")
                || l.starts_with("xunwen man --dir ~/")
        })
        .map(|l| l.split("  #").next().unwrap_or(l).trim())
        .collect();
    assert_eq!(lines.len(), 3, "the README's install lines: {lines:?}");
    let f = Fixture::empty();
    let home = f.root().join("home");
    std::fs::create_dir(&home).expect("a fresh home");
    let binary = assert_cmd::cargo::cargo_bin("xunwen");
    let bin_dir = binary.parent().expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("sh")
        .args(["-ec", &lines.join("\n")])
        .current_dir(f.root())
        .env("HOME", &home)
        .env("PATH", path)
        .output()
        .expect("run sh");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{lines:?}: {stderr}");
    let script = home.join(".local/share/bash-completion/completions/xunwen");
    let script = std::fs::read_to_string(script).expect("the completion script");
    assert!(script.contains("--files-with-matches"));
    assert!(home.join(".local/share/man/man1/xunwen-search.1").is_file());
}

#[test]
fn the_readme_jq_example_selects_the_hits_the_json_lines_hold() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let filter = r#"jq 'select(.type=="hit") | .text'"#;
    let example = readme
        .lines()
        .find(|l| l.starts_with("xunwen search") && l.contains("--json | jq"))
        .expect("the README's --json | jq example");
    assert!(example.contains(filter), "{example}");
    assert!(
        !readme.contains("--json | jq .text"),
        "jq .text prints a null"
    );
    // What the filter relies on: every line has a type; the hits carry the
    // text, the summary (last) has none.
    let f = context_fixture();
    let output = f
        .xunwen()
        .args(["search", "河道", "--json"])
        .output()
        .expect("run xunwen");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let (summary, hits) = lines.split_last().expect("a summary");
    assert_eq!(summary["type"], "summary");
    assert!(summary.get("text").is_none(), "{summary}");
    assert!(!hits.is_empty());
    for hit in hits {
        assert_eq!(hit["type"], "hit");
        assert!(hit["text"].is_string(), "{hit}");
    }
}
