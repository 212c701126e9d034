//! `xunwen similar FILE|-|DOC`: the documents that share the most of a
//! text, for "where else was this published?".

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;

use xunwen::index::XunwenIndex;
use xunwen::output;
use xunwen::search::similar::{self, SimilarRequest};

use super::args::FilterArgs;
use super::search::relative_to_corpus;
use super::stdout::{exit_status, with_stdout};

/// Flags of `xunwen similar`.
#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The text: a file (any type `index` reads), `-` for standard input,
    /// or an indexed document's path as `search` prints it (left out of
    /// the answer).
    #[arg(value_name = "FILE|-|DOC")]
    pub source: String,
    /// Number of documents to list.
    #[arg(short = 'n', long = "limit", value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Print JSON Lines instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Reads the text, lists the documents sharing it; exit 0 when one does, 1
/// when none does.
pub fn run(index: &XunwenIndex, args: &SimilarArgs) -> Result<ExitCode> {
    let corpus = Path::new(&index.header().corpus);
    let (text, source) = read_source(index, &args.source, corpus)?;
    let request = SimilarRequest {
        text,
        source,
        filter: args.filter.filter(corpus)?,
        limit: args.limit,
    };
    if similar::shingles(&request.text).is_empty() {
        bail!(
            "{} holds no letter or digit to compare; give a file, `-` for standard input, \
             or an indexed document",
            args.source
        );
    }
    list(index, &request, args.json)
}

/// Lists the documents sharing `request`'s text, as text or JSON Lines.
pub fn list(index: &XunwenIndex, request: &SimilarRequest, json: bool) -> Result<ExitCode> {
    let results = similar::similar(index, request)?;
    let written = with_stdout(|out| {
        if json {
            output::write_similar_json(out, &results)
        } else {
            output::write_similar(out, &results)
        }
    })?;
    if written && !json {
        eprintln!("{}", output::similar_summary(&results));
    }
    Ok(exit_status(!results.documents.is_empty()))
}

/// The text `source` names and the indexed document it is, if any: standard
/// input for `-`, a file that exists, else a document of the index.
fn read_source(
    index: &XunwenIndex,
    source: &str,
    corpus: &Path,
) -> Result<(String, Option<String>)> {
    if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the text from standard input (it must be UTF-8)")?;
        return Ok((text, None));
    }
    let path = Path::new(source);
    let relative = relative_to_corpus(source, corpus);
    if path.is_file() {
        let document = xunwen::ingest::read_document(path, &relative)
            .with_context(|| format!("reading {source}"))?;
        let mut text = document.title;
        for p in document.paragraphs {
            text.push('\n');
            text.push_str(&p.text);
        }
        let indexed = similar::document_text(index, &relative)?.is_some();
        return Ok((text, indexed.then_some(relative)));
    }
    let doc = source
        .replace('\\', "/")
        .trim_start_matches("./")
        .to_string();
    for candidate in [doc, relative] {
        if let Some(text) = similar::document_text(index, &candidate)? {
            return Ok((text, Some(candidate)));
        }
    }
    bail!(
        "{source} is neither a file nor a document of the index; give a file, `-` for \
         standard input, or a path as `xunwen search` prints it"
    )
}
