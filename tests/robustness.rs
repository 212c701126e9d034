//! Robustness on messy corpora and hostile queries, end to end through the
//! real `xunwen` binary: every file gets a verdict (indexed with its
//! encoding, repaired, or skipped with a reason), nothing readable is
//! dropped, a multi-megabyte single line is split into passages, Traditional
//! and Simplified characters find each other, and no query string panics or
//! hangs the binary.
//!
//! The fixtures are written by the tests themselves: the texts are re-encoded
//! with encoding_rs into GBK, GB18030, Big5 and UTF-16.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{char_slice, Fixture};
use encoding_rs::{BIG5, GB18030, GBK};
use serde_json::Value;

/// Every run of the binary must end within this, whatever the input.
const TIMEOUT: Duration = Duration::from_secs(30);

fn encode(enc: &'static encoding_rs::Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(!unmappable, "{text} is not representable in {}", enc.name());
    bytes.into_owned()
}

fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if little_endian {
            [0xFF, 0xFE]
        } else {
            [0xFE, 0xFF]
        });
    }
    for unit in text.encode_utf16() {
        out.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

/// A release whose body holds `marker`, a word found nowhere else.
fn release(title: &str, marker: &str) -> String {
    format!("{title}\n\n2023年5月8日，{marker}在城南社区开展政策宣传活动。\n\n活动共发放宣传资料二百余份。\n")
}

/// One file of the messy corpus: where it goes, its bytes, and what the
/// index run must say about it.
struct Case {
    path: &'static str,
    bytes: Vec<u8>,
    /// `Ok((encoding, repairs))` if it must be indexed; `Err(reason part)`
    /// if it must be skipped.
    expect: Result<(&'static str, usize), &'static str>,
    /// A word of its body that a search must find (indexed files only).
    marker: Option<&'static str>,
}

fn messy_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut indexed = |path, bytes, encoding, repairs, marker| {
        cases.push(Case {
            path,
            bytes,
            expect: Ok((encoding, repairs)),
            marker: Some(marker),
        })
    };
    indexed(
        "plain.txt",
        release("普通文件", "甲子标记").into_bytes(),
        "UTF-8",
        0,
        "甲子标记",
    );
    indexed(
        "gov/gbk.txt",
        encode(GBK, &release("国标编码文件", "乙丑标记")),
        "GB18030",
        0,
        "乙丑标记",
    );
    indexed(
        "gov/gb18030.txt",
        encode(GB18030, &release("扩展区文字𠀀", "丙寅标记")),
        "GB18030",
        0,
        "丙寅标记",
    );
    indexed(
        "export/utf16le.txt",
        utf16(&release("导出文件", "丁卯标记"), true, true),
        "UTF-16LE",
        0,
        "丁卯标记",
    );
    indexed(
        "export/utf16be-nobom.txt",
        utf16(&release("无标记导出", "戊辰标记"), false, false),
        "UTF-16BE",
        0,
        "戊辰标记",
    );
    indexed(
        "tw/big5.txt",
        encode(
            BIG5,
            "臺灣地區新聞稿\n\n2023年5月8日，己巳標記在城南社區開展政策宣傳活動。\n",
        ),
        "Big5",
        0,
        "己巳标记",
    );
    let page = format!(
        "<html><head><meta charset=\"utf-8\"><title>错误声明的网页</title></head><body>\
         <h1>错误声明的网页</h1><p>{}</p></body></html>",
        "2023年5月8日，庚午标记在城南社区开展政策宣传活动。"
    );
    indexed(
        "gov/wrong-meta.html",
        encode(GBK, &page),
        "GB18030",
        0,
        "庚午标记",
    );
    let mut pasted = "粘贴的段落\n\n第一段是正常的文字内容。\n"
        .as_bytes()
        .to_vec();
    pasted.extend(encode(GBK, "辛未标记这一段是从旧网站粘贴的文字。"));
    pasted.extend("\n第三段又回到正常文字。\n".as_bytes());
    indexed("pasted.txt", pasted, "UTF-8+GB18030", 0, "辛未标记");
    let mut damaged = "损坏的文件\n\n第一段是正常的文字。\n第二段"
        .as_bytes()
        .to_vec();
    damaged.extend([0xFF, 0xFE]);
    damaged.extend("壬申标记继续写下去的文字。\n".as_bytes());
    indexed("damaged.txt", damaged, "UTF-8", 2, "壬申标记");
    let full = release("下载中断的文件", "癸酉标记") + "最后一行被截断的文字内容";
    let truncated = full.as_bytes()[..full.len() - 1].to_vec();
    indexed("truncated.txt", truncated, "UTF-8", 1, "被截断");

    let mut skipped = |path, bytes, reason| {
        cases.push(Case {
            path,
            bytes,
            expect: Err(reason),
            marker: None,
        })
    };
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7 % 251) as u8));
    skipped("photo.txt", png, "binary file");
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    elf.extend("党史学习教育".as_bytes());
    skipped("program.html", elf, "binary file");
    skipped("empty.txt", Vec::new(), "no indexable text");
    skipped("blank.md", b"\n \r\n\t\n".to_vec(), "no indexable text");
    skipped("notes.docx", b"PK\x03\x04".to_vec(), "damaged DOCX file");
    skipped(
        "table.csv",
        "党史,学习".as_bytes().to_vec(),
        "not a supported type",
    );
    cases
}

/// The `index --json` account: verdict object per path, from `files`, and
/// the skipped reasons, from `skipped`.
fn index_json(f: &Fixture) -> (BTreeMap<String, Value>, BTreeMap<String, String>) {
    let report = common::index_json(f.xunwen().arg("index").timeout(TIMEOUT));
    let files = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|v| (v["path"].as_str().expect("path").to_string(), v.clone()))
        .collect();
    let skipped = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().expect("skipped path").to_string(),
                pair[1].as_str().expect("skipped reason").to_string(),
            )
        })
        .collect();
    (files, skipped)
}

#[test]
fn every_file_of_a_messy_corpus_gets_a_verdict() {
    let f = Fixture::empty();
    let cases = messy_cases();
    for case in &cases {
        f.write_bytes(case.path, &case.bytes);
    }
    let (files, skipped) = index_json(&f);
    for case in &cases {
        match case.expect {
            Ok((encoding, repairs)) => {
                let v = files
                    .get(case.path)
                    .unwrap_or_else(|| panic!("{} has no verdict: {files:?}", case.path));
                let verdict = if repairs == 0 { "indexed" } else { "repaired" };
                assert_eq!(v["verdict"], verdict, "{}: {v}", case.path);
                assert_eq!(v["encoding"], encoding, "{}: {v}", case.path);
                assert!(v["paragraphs"].as_u64().unwrap_or(0) >= 1, "{v}");
                if repairs > 0 {
                    assert_eq!(v["repairs"], repairs, "{}: {v}", case.path);
                }
            }
            Err(reason) => {
                let why = skipped
                    .get(case.path)
                    .unwrap_or_else(|| panic!("{} not accounted for: {skipped:?}", case.path));
                assert!(why.contains(reason), "{}: {why}", case.path);
                if let Some(v) = files.get(case.path) {
                    assert_eq!(v["verdict"], "skipped", "{v}");
                }
            }
        }
    }
    // Nothing else, and nothing counted twice as indexed and skipped.
    for path in files.keys() {
        assert!(cases.iter().any(|c| c.path == path), "unexpected {path}");
    }
}

#[test]
fn nothing_readable_is_dropped() {
    let f = Fixture::empty();
    let cases = messy_cases();
    for case in &cases {
        f.write_bytes(case.path, &case.bytes);
    }
    f.build();
    for case in &cases {
        let Some(marker) = case.marker else { continue };
        let (hits, _) = f.search_json(&[marker]);
        let docs: Vec<&str> = hits.iter().filter_map(|h| h["doc"].as_str()).collect();
        assert!(
            docs.contains(&case.path),
            "{marker} from {} not found: {docs:?}",
            case.path
        );
    }
    // The text on either side of a repaired byte sequence is kept.
    let (hits, _) = f.search_json(&["--all", "\"第二段\""]);
    let texts: Vec<&str> = hits.iter().filter_map(|h| h["text"].as_str()).collect();
    assert!(
        texts.contains(&"第二段\u{fffd}\u{fffd}壬申标记继续写下去的文字。"),
        "{texts:?}"
    );
}

#[test]
fn the_text_account_names_repaired_and_skipped_files() {
    let f = Fixture::empty();
    for case in messy_cases() {
        f.write_bytes(case.path, &case.bytes);
    }
    let output = f
        .xunwen()
        .arg("index")
        .timeout(TIMEOUT)
        .output()
        .expect("run");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("damaged.txt: decoded as UTF-8 with 2 invalid byte sequences replaced"),
        "{stderr}"
    );
    assert!(stderr.contains("truncated.txt"), "{stderr}");
    for path in ["photo.txt", "program.html", "empty.txt", "blank.md"] {
        assert!(
            stderr.contains(&format!("skipped {path}")),
            "{path}: {stderr}"
        );
    }
    assert!(
        stderr.contains("skipped notes.docx: damaged DOCX"),
        "{stderr}"
    );
    assert!(stderr.contains("1 file of unsupported types"), "{stderr}");
}

#[test]
fn files_over_the_size_limit_are_skipped_without_being_read() {
    let f = Fixture::empty();
    f.write("small.txt", &release("小文件", "甲子标记"));
    let big = f.corpus().join("dump.txt");
    let file = std::fs::File::create(&big).expect("create");
    // Sparse: no disk space, no reading.
    file.set_len(xunwen::ingest::MAX_FILE_SIZE + 1)
        .expect("set_len");
    let (files, skipped) = index_json(&f);
    assert_eq!(files["small.txt"]["verdict"], "indexed");
    assert!(skipped["dump.txt"].contains("too large"), "{skipped:?}");
}

#[test]
fn a_broken_symlink_is_skipped_with_a_reason() {
    let f = Fixture::empty();
    f.write("real.txt", &release("真文件", "甲子标记"));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(f.corpus().join("gone.txt"), f.corpus().join("link.txt"))
            .expect("symlink");
        let (_, skipped) = index_json(&f);
        assert!(skipped["link.txt"].contains("cannot read"), "{skipped:?}");
    }
}

/// A single line of several megabytes (a database dump) is split into
/// passages of at most `MAX_PASSAGE_CHARS` characters, and a word in the
/// middle is found in a passage of readable size.
#[test]
fn a_multi_megabyte_single_line_is_split_into_passages() {
    let f = Fixture::empty();
    let sentences = [
        "市教育局召开党史学习教育动员会，全面部署各项工作。",
        "各学校认真组织学习，效果良好；",
        "区卫健局组织医务人员走进社区开展义诊活动！",
        "全区共开展义诊活动八十余场",
    ];
    let mut line = String::with_capacity(7 << 20);
    let mut i = 0usize;
    while line.len() < 6 << 20 {
        line.push_str(sentences[i % sentences.len()]);
        if i == 60_000 {
            line.push_str("独一无二的子午标记就在这里。");
        }
        i += 1;
    }
    assert!(!line.contains('\n'));
    f.write("dump/one-line.txt", &line);
    let (files, _) = index_json(&f);
    let v = &files["dump/one-line.txt"];
    assert_eq!(v["verdict"], "indexed", "{v}");
    let passages = v["paragraphs"].as_u64().expect("paragraphs");
    let chars = line.chars().count() as u64;
    let max = xunwen::ingest::MAX_PASSAGE_CHARS as u64;
    assert!(
        passages >= chars / max,
        "{passages} passages for {chars} chars"
    );

    let (hits, _) = f.search_json(&["子午标记"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    let text = hits[0]["text"].as_str().expect("text");
    assert!(text.contains("独一无二的子午标记就在这里。"));
    assert!(text.chars().count() as u64 <= max);
    assert!(hits[0]["paragraph"].as_u64().expect("number") > 1);
}

/// Traditional and Simplified characters find each other in both
/// directions, through Big5 and UTF-8 files, and highlights land on the
/// original characters.
#[test]
fn traditional_and_simplified_find_each_other() {
    let f = Fixture::empty();
    let traditional = "中國共產黨黨史學習教育\n\n2021年3月2日，全縣召開黨史學習教育動員大會，部署鄉村振興工作。\n";
    let simplified =
        "党史学习教育\n\n2021年4月6日，全市召开党史学习教育推进会，推动乡村振兴见实效。\n";
    f.write_bytes("tw/big5.txt", &encode(BIG5, traditional));
    f.write("tw/utf8.txt", traditional);
    f.write("cn/news.txt", simplified);
    f.build();
    for query in [
        "黨史",
        "党史",
        "鄉村振興",
        "乡村振兴",
        "\"黨史學習\"",
        "title:黨史",
    ] {
        let (hits, _) = f.search_json(&["--all", query]);
        let mut docs: Vec<&str> = hits.iter().filter_map(|h| h["doc"].as_str()).collect();
        docs.sort_unstable();
        assert_eq!(
            docs,
            ["cn/news.txt", "tw/big5.txt", "tw/utf8.txt"],
            "{query}"
        );
        for hit in &hits {
            let text = hit["text"].as_str().expect("text");
            let spans = hit["highlights"].as_array().expect("highlights");
            if query.starts_with("title:") {
                continue;
            }
            assert!(!spans.is_empty(), "{query}: no highlight in {text}");
            for span in spans {
                let (s, e) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
                let marked = char_slice(text, s as usize, e as usize);
                let folded = xunwen::analysis::normalize(&marked).into_owned();
                let wanted = xunwen::analysis::normalize(query.trim_matches('"')).into_owned();
                assert!(
                    folded.contains(&wanted) || wanted.contains(&folded),
                    "{query}: highlighted {marked:?} in {text}"
                );
            }
        }
    }
    // The highlight is on the original Traditional characters.
    let (hits, _) = f.search_json(&["乡村振兴"]);
    let tw = hits
        .iter()
        .find(|h| h["doc"].as_str().is_some_and(|d| d.starts_with("tw/")))
        .expect("traditional hit");
    let text = tw["text"].as_str().expect("text");
    let span = &tw["highlights"][0];
    assert_eq!(
        char_slice(
            text,
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize
        ),
        "鄉村振興"
    );
}

/// Queries typed or pasted by anyone: each ends with results (0), none (1)
/// or a clear error (2), never a panic, never a hang. (NUL cannot be passed
/// in an argument at all; lone surrogates cannot exist in a Rust string.)
fn nasty_queries() -> Vec<String> {
    let mut q: Vec<String> = [
        "\"",
        "(",
        ")",
        ":",
        "-",
        "*",
        "OR",
        "AND",
        "NOT",
        "title:",
        "title：",
        "--",
        "---",
        "-\"",
        "\"\"",
        "\" \"",
        "-title:",
        "title:\"",
        "title:-",
        "title:title:",
        "-OR",
        "OR OR",
        "党史 OR",
        "OR 党史",
        "党史 OR OR 党建",
        "党史 OR -党建",
        "-党史",
        "--党史",
        "\"党史",
        "党史\"",
        "\"党史\"\"",
        "(党史)",
        "党史:",
        ":党史",
        "*党史*",
        "党*",
        "title:(党史)",
        "“",
        "”",
        "“”",
        "“党史",
        "党史”",
        "“党史\"",
        "（）“”：",
        "（党史）",
        "：",
        "，。！？",
        "党史，学习。",
        "😀",
        "党史😀学习",
        "👨‍👩‍👧",
        "🇨🇳",
        "\u{1}\u{2}\u{7f}",
        "\u{1b}[31m党史",
        "\t\n\r",
        "党史\n学习",
        "\u{200b}",
        "党\u{200b}史",
        "\u{200f}党史",
        "\u{202e}史党",
        "\u{feff}党史",
        "\u{fffd}",
        "\u{fffd}党史",
        "ＡＰＰ",
        "Ａ",
        "ǅ İ ß ﬁ",
        "Straße",
        "العربية",
        "עברית",
        "русский язык",
        "한국어",
        "日本語のテキスト",
        "黨史 党史 Party history",
        "\u{3000}",
        "\u{3000}党史\u{3000}",
        "\\",
        "\\\"",
        "'",
        "`",
        "$(rm -rf /)",
        "%s%n",
        "{}[]<>",
        "a",
        "1",
        "0",
        "-1",
        "2023-05-08",
        "title:2023",
        "𠀀",
        "\u{e000}",
        "\u{10ffff}",
        "\u{fdd0}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    q.push("党".repeat(10_000));
    q.push("党史 ".repeat(2_500));
    q.push("a".repeat(10_000));
    q.push("\"".repeat(10_000));
    q.push("(".repeat(10_000));
    q.push("-".repeat(10_000));
    q.push("OR ".repeat(3_000));
    q.push("党".repeat(256));
    q.push("党史学习教育乡村振兴".repeat(25));
    q.push("a b ".repeat(64));
    q
}

#[test]
fn no_query_panics_or_hangs() {
    let f = Fixture::standard();
    f.build();
    for query in nasty_queries() {
        for json in [false, true] {
            let mut cmd = f.xunwen();
            cmd.arg("search");
            if json {
                cmd.arg("--json");
            }
            let output = cmd
                .arg("--")
                .arg(&query)
                .timeout(TIMEOUT)
                .output()
                .expect("run xunwen");
            let shown: String = query.chars().take(40).collect();
            let code = output.status.code();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                matches!(code, Some(0..=2)),
                "{shown:?}: exit {code:?} (killed by the timeout?) {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{shown:?}: {stderr}");
            if code == Some(2) {
                assert!(stderr.contains("xunwen:"), "{shown:?}: {stderr}");
                assert!(stderr.lines().count() <= 4, "{shown:?}: {stderr}");
                assert!(stderr.len() < 1_000, "{shown:?}: {stderr}");
            } else if json {
                let stdout = String::from_utf8(output.stdout).expect("UTF-8");
                for line in stdout.lines() {
                    let _: Value = serde_json::from_str(line).expect("JSON line");
                }
            }
        }
    }
}

#[test]
fn a_10000_character_query_is_read_as_a_pasted_passage_in_bounded_time() {
    let f = Fixture::standard();
    f.build();
    f.xunwen()
        .args(["search", &"党史学习教育".repeat(1_700)])
        .timeout(TIMEOUT)
        .assert()
        .code(predicates::ord::lt(2))
        .stderr(predicates::str::contains(
            "a query of 10200 characters is a passage",
        ));
}

#[test]
fn query_words_with_traditional_characters_and_full_width_forms_match() {
    let f = Fixture::standard();
    // 鄉村振興 folds to 乡村振兴 (WORK_REPORT); full-width digits fold too.
    let (hits, _) = f.search_json(&["推進鄉村振興"]);
    assert!(
        hits.iter()
            .any(|h| h["doc"] == "reports/work-report-2023.md"),
        "{hits:?}"
    );
    let (hits, _) = f.search_json(&["２０２３年"]);
    assert!(!hits.is_empty());
}

#[cfg(unix)]
#[test]
fn non_utf8_arguments_are_clear_errors() {
    use std::ffi::OsString;
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let f = Fixture::standard();
    f.build();
    let bad = OsString::from_vec(vec![0xFF, 0xFE, b'a', 0xE5, 0x85]);
    // Exit 2 with a message containing `needle`, never a panic.
    let refused = |command: &str, needle: &str| {
        let output = f
            .xunwen()
            .arg(command)
            .arg(&bad)
            .timeout(TIMEOUT)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(needle), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    };
    refused("search", "invalid UTF-8");
    // A path argument that is not UTF-8 is reported, not a panic.
    refused("index", "xunwen:");
    // A corpus folder with a non-UTF-8 name works.
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join(std::ffi::OsStr::from_bytes(&[b'c', 0xFF]));
    // And so does a file with a non-UTF-8 name inside it.
    std::fs::create_dir_all(&corpus).expect("mkdir");
    std::fs::write(
        corpus.join(std::ffi::OsStr::from_bytes(b"\xB9\xFA.txt")),
        release("标题", "甲子标记"),
    )
    .expect("write");
    let mut cmd = assert_cmd::Command::cargo_bin("xunwen").expect("binary");
    cmd.arg("--corpus")
        .arg(&corpus)
        .arg("--index")
        .arg(dir.path().join("index"))
        .args(["search", "甲子标记"])
        .timeout(TIMEOUT)
        .assert()
        .success();
}

/// Inputs the fuzzers (see FUZZING.md) found crashing or misbehaving, kept in
/// `fuzz/regressions/<target>/`, replayed with the fuzz targets' checks.
#[test]
fn fuzz_regressions_stay_fixed() {
    use xunwen::ingest::{decode, parse_document, FileKind, MAX_PASSAGE_CHARS};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let inputs = |target: &str| -> Vec<(String, Vec<u8>)> {
        // The inputs are part of the repository: missing, they are a failure.
        let dir = std::fs::read_dir(root.join(target))
            .unwrap_or_else(|e| panic!("fuzz/regressions/{target}: {e}"));
        let mut files: Vec<_> = dir
            .map(|e| e.expect("entry").path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).expect("read regression input"))
            })
            .collect();
        files.sort();
        files
    };
    for (name, data) in inputs("decode_clean") {
        let Some((&selector, bytes)) = data.split_first() else {
            continue;
        };
        let kind = if selector & 1 == 0 {
            FileKind::Text
        } else {
            FileKind::Html
        };
        let _ = decode::decode(bytes, kind == FileKind::Html);
        if let Ok(doc) = parse_document(bytes, "fuzz/input.txt", kind) {
            assert!(!doc.title.trim().is_empty(), "{name}");
            for p in &doc.paragraphs {
                assert!(!p.text.trim().is_empty(), "{name}");
                assert!(p.text.chars().count() <= MAX_PASSAGE_CHARS, "{name}");
            }
        }
    }
    let analyzer = xunwen::analysis::Analyzer::new();
    for (name, data) in inputs("query_parse") {
        let query = String::from_utf8_lossy(&data);
        match xunwen::search::parse(&query) {
            Ok(parsed) => {
                let plan = xunwen::search::QueryPlan::new(&parsed, &analyzer);
                let text = format!("{query}{query}");
                let chars = text.chars().count();
                for (s, e) in xunwen::search::snippet::highlights(&text, plan.positive_terms()) {
                    assert!(s < e && e <= chars, "{name}");
                }
            }
            Err(e) => assert_eq!(e.to_string().lines().count(), 3, "{name}"),
        }
    }
}
