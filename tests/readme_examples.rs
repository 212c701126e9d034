//! Every example of the README's "Commands" section runs on the shipped
//! `corpus/` (issue 21 item 17): the `xunwen …` lines of its `sh` blocks are
//! run, in a temporary folder holding a copy of `corpus/` (and of the eval
//! fixtures the `eval` example names), and must succeed and, for a search,
//! find something. Only the examples that need what is not shipped are
//! passed over, each saying so in the README: a file of the user's
//! (`~/Downloads/…`) and the development corpus (`../shared/corpus`, the
//! index built from it).

mod common;

use std::path::Path;

use common::{run, xunwen_in};

/// Examples that run but are expected to find nothing (exit 1), with why.
const FIND_NOTHING: &[(&str, &str)] = &[(
    "xunwen search -- --json",
    "the shipped corpus has no `--json` in it: the example shows the syntax",
)];

/// Examples that need what is not shipped (the README says what).
fn needs_more(line: &str) -> bool {
    line.contains("~/") || line.contains("../shared") || line.contains("/tmp/dev-index")
}

/// The `xunwen …` command lines of the `sh` blocks between `## Commands`
/// and the next `## ` heading: continuation lines joined, comments and
/// pipes (`| jq …`) cut off.
fn examples(readme: &str) -> Vec<String> {
    let start = readme.find("\n## Commands").expect("a Commands section");
    let section = &readme[start + 1..];
    let end = section[3..].find("\n## ").map_or(section.len(), |e| e + 3);
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in section[..end].lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        if let Some(head) = line.trim_end().strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        let full = format!("{pending}{line}");
        pending.clear();
        let command = full.split(" # ").next().unwrap_or_default();
        let command = command.split(" | ").next().unwrap_or_default().trim();
        if command.starts_with("xunwen ") {
            out.push(command.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    out
}

/// Splits a command line as a shell would for these examples: words
/// separated by spaces, single or double quotes around literal text.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, ' ') => {
                if started || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (None, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        words.push(word);
    }
    words
}

/// Copies the folder `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

#[test]
fn shell_words_read_the_quotes_of_the_examples() {
    assert_eq!(
        shell_words(r#"xunwen search --all '"党史学习教育"'"#),
        vec!["xunwen", "search", "--all", "\"党史学习教育\""]
    );
    assert_eq!(
        shell_words("xunwen  show a.txt:3"),
        vec!["xunwen", "show", "a.txt:3"]
    );
}

#[test]
fn every_readme_example_runs_on_the_shipped_corpus() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).expect("README.md");
    let lines = examples(&readme);
    assert!(lines.len() >= 30, "only {} examples found", lines.len());
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = dir.path();
    copy_tree(&repo.join("corpus"), &root.join("corpus"));
    copy_tree(
        &repo.join("tests/fixtures/eval"),
        &root.join("tests/fixtures/eval"),
    );
    let tmp = format!("{}/", root.join("tmp").display());
    let mut ran = 0;
    for line in &lines {
        if needs_more(line) {
            continue;
        }
        // Paths under /tmp/ go to the test's own temporary folder.
        let line = line.replace("/tmp/", &tmp);
        let words = shell_words(&line);
        let out = run(xunwen_in(root).args(&words[1..]));
        let expected = FIND_NOTHING
            .iter()
            .find(|(l, _)| *l == line)
            .map_or(0, |_| 1);
        assert_eq!(
            out.code, expected,
            "`{line}`\nstdout: {}\nstderr: {}",
            out.stdout, out.stderr
        );
        if words[1] == "search" && expected == 0 {
            assert!(!out.stdout.trim().is_empty(), "`{line}` printed nothing");
        }
        ran += 1;
    }
    assert!(ran >= 25, "only {ran} examples ran");
}
