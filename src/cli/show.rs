//! `xunwen show`: one document as the index holds it, whole or from a
//! paragraph on, with a query's terms marked.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use xunwen::analysis::Analyzer;
use xunwen::index::XunwenIndex;
use xunwen::output;
use xunwen::search::{self, ShowError, ShowRequest};

use super::args::query_text;
use super::choices::ColorArg;
use super::search::relative_to_corpus;
use super::stdout::{terminal_style, with_stdout};

/// Flags of `xunwen show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document: its path relative to the corpus, as `search` prints it
    /// (or a path to the file from here), with `:N` to start at paragraph N
    /// and mark it (`reports/2024.txt:9`).
    #[arg(value_name = "DOC[:PARAGRAPH]")]
    pub doc: String,
    /// Mark the terms of this query (the syntax of `search`).
    #[arg(long, value_name = "QUERY")]
    pub highlight: Option<String>,
    /// Print the document as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
}

impl ShowArgs {
    /// The request these arguments describe: the paths to try, the
    /// paragraph and the highlight query.
    pub fn request(&self, corpus: &Path) -> ShowRequest {
        let (doc, from) = split_paragraph(&self.doc);
        let as_given = doc.replace('\\', "/").trim_start_matches("./").to_string();
        let mut candidates = vec![as_given];
        let from_here = relative_to_corpus(doc, corpus);
        if !candidates.contains(&from_here) {
            candidates.push(from_here);
        }
        ShowRequest {
            candidates,
            from,
            highlight: self
                .highlight
                .as_ref()
                .map(|q| query_text(std::slice::from_ref(q))),
        }
    }
}

/// `path:N` as the path and paragraph N; anything else is all path.
fn split_paragraph(arg: &str) -> (&str, Option<u64>) {
    match arg.rsplit_once(':') {
        Some((doc, n)) if !doc.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            match n.parse() {
                Ok(n) => (doc, Some(n)),
                Err(_) => (arg, None),
            }
        }
        _ => (arg, None),
    }
}

/// Prints the document; exit 0, or an error (exit 2) for an unknown
/// document or paragraph.
pub fn run(index: &XunwenIndex, analyzer: &Analyzer, args: &ShowArgs) -> Result<ExitCode> {
    let corpus = Path::new(&index.header().corpus);
    let request = args.request(corpus);
    let document = search::read_back(index, analyzer, &request).map_err(|e| match e {
        // The search's own errors keep their type: main prints a syntax
        // error's caret and an index error's detail.
        ShowError::Search(e) => anyhow::Error::new(e),
        other => anyhow::Error::new(other),
    })?;
    for note in &document.notes {
        eprintln!("xunwen: note: {note}");
    }
    with_stdout(|out| {
        if args.json {
            output::write_document_json(out, &document)
        } else {
            output::write_document(out, &document, terminal_style(args.color.into(), true))
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_number_is_the_paragraph() {
        assert_eq!(split_paragraph("a/b.txt:9"), ("a/b.txt", Some(9)));
        assert_eq!(split_paragraph("a/b.txt"), ("a/b.txt", None));
        assert_eq!(split_paragraph("a/b.txt:"), ("a/b.txt:", None));
        assert_eq!(split_paragraph("a:b.txt"), ("a:b.txt", None));
        assert_eq!(split_paragraph(":9"), (":9", None));
    }
}
