//! Shared set-up of the criterion benches: where the text comes from.
//!
//! The benches read the development corpus (`../shared/corpus`, or the folder
//! named by `XUNWEN_BENCH_CORPUS`) when it is present, and otherwise generate
//! a fixture corpus of pseudo-random Chinese prose, so `cargo bench` always
//! runs and `cargo bench --no-run` / `cargo clippy --all-targets` always build.
//! Each bench says on stderr which text it measured.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use xunwen::ingest::{self, Document};

/// The corpus to measure and whether it is the real development corpus.
pub struct Corpus {
    pub dir: PathBuf,
    pub real: bool,
}

impl Corpus {
    pub fn describe(&self) -> String {
        if self.real {
            format!("development corpus {}", self.dir.display())
        } else {
            format!(
                "GENERATED fixture corpus {} (../shared/corpus not found)",
                self.dir.display()
            )
        }
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The development corpus if present, otherwise a generated fixture.
pub fn corpus() -> Corpus {
    let dir = std::env::var_os("XUNWEN_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    if dir.is_dir() {
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        return Corpus { dir, real: true };
    }
    let dir = target_dir().join("bench-fixture-corpus");
    if !dir.with_extension("done").exists() {
        write_fixture(&dir, 2_000);
    }
    Corpus { dir, real: false }
}

/// Reads and cleans every document of `dir` (in parallel), as indexing does.
pub fn documents(dir: &Path) -> Vec<Document> {
    let (files, _) = ingest::walk_corpus(dir).expect("walk corpus");
    files
        .par_iter()
        .filter_map(|f| ingest::read_document(&f.abs, &f.rel).ok())
        .collect()
}

/// All paragraph texts of the corpus, as they are indexed.
pub fn paragraphs(dir: &Path) -> Vec<String> {
    documents(dir)
        .into_iter()
        .flat_map(|d| d.paragraphs.into_iter().map(|p| p.text))
        .collect()
}

pub fn total_bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

/// Copies files of `dir` (in walk order) into `out` until about `bytes` bytes,
/// for benches that must rebuild an index many times.
pub fn subset(dir: &Path, out: &Path, bytes: u64) -> u64 {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).expect("create subset dir");
    let (mut files, _) = ingest::walk_corpus(dir).expect("walk corpus");
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    // Every 7th file, so each source folder is represented.
    let mut copied = 0;
    for f in files.iter().step_by(7).chain(files.iter()) {
        if copied >= bytes {
            break;
        }
        let target = out.join(f.rel.replace('/', "__"));
        if target.exists() {
            continue;
        }
        std::fs::copy(&f.abs, &target).expect("copy file");
        copied += f.size;
    }
    copied
}

const WORDS: &[&str] = &[
    "党史",
    "学习",
    "教育",
    "乡村振兴",
    "人才",
    "政策",
    "人民政府",
    "鹤山市",
    "教育局",
    "会议",
    "强调",
    "全面",
    "推进",
    "高质量",
    "发展",
    "经济",
    "社会",
    "建设",
    "中国",
    "特色",
    "社会主义",
    "新时代",
    "习近平",
    "总书记",
    "重要",
    "讲话",
    "精神",
    "贯彻",
    "落实",
    "部署",
    "各级",
    "干部",
    "群众",
    "基层",
    "治理",
    "改革",
    "开放",
    "创新",
    "科技",
    "产业",
    "农业",
    "农村",
    "农民",
    "收入",
    "就业",
    "医疗",
    "卫生",
    "养老",
    "保障",
    "安全",
    "生态",
    "环境",
    "保护",
    "绿色",
    "低碳",
    "城市",
    "交通",
    "水利",
    "能源",
    "数字化",
    "政务",
    "服务",
    "办理",
    "审批",
    "制度",
    "法律",
    "法规",
    "条例",
    "规定",
    "第一条",
    "国务院",
    "办公厅",
    "通知",
    "意见",
    "实施",
    "方案",
    "工作",
    "报告",
    "二〇二一年",
    "2023年",
    "市委",
    "书记",
    "市长",
    "街道",
    "社区",
    "村民",
    "新闻",
    "发布会",
    "记者",
    "介绍",
    "反诈",
    "宣传",
    "活动",
    "开展",
    "组织",
    "领导",
    "小组",
    "考核",
    "目标",
    "任务",
    "的",
    "了",
    "在",
    "和",
    "是",
    "对",
    "为",
    "把",
    "与",
    "等",
    "要",
    "以",
    "中",
    "上",
];
const PUNCT: &[&str] = &["，", "，", "，", "、", "。", "；", "："];

/// A deterministic pseudo-random generator (no dependency needed).
pub struct Lcg(u64);
impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed.wrapping_mul(6364136223846793005).wrapping_add(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One pseudo-random paragraph of about `chars` characters.
pub fn fixture_paragraph(rng: &mut Lcg, chars: usize) -> String {
    let mut s = String::new();
    let mut n = 0;
    while n < chars {
        let w = WORDS[rng.below(WORDS.len())];
        s.push_str(w);
        n += w.chars().count();
        if rng.below(6) == 0 {
            s.push_str(PUNCT[rng.below(PUNCT.len())]);
            n += 1;
        }
    }
    s.push('。');
    s
}

fn write_fixture(dir: &Path, files: usize) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create fixture corpus");
    let mut rng = Lcg::new(20261124);
    for i in 0..files {
        let mut text = format!("关于{}的通知{i}\n\n", WORDS[rng.below(WORDS.len())]);
        for _ in 0..(2 + rng.below(8)) {
            let len = 40 + rng.below(300);
            text.push_str(&fixture_paragraph(&mut rng, len));
            text.push('\n');
        }
        std::fs::write(dir.join(format!("doc{i:05}.txt")), text).expect("write fixture");
    }
    std::fs::write(dir.with_extension("done"), "").expect("write marker");
}
