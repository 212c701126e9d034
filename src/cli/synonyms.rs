//! Which synonyms a command reads queries with: the built-in table, the
//! pairs the corpus defines (mined by `xunwen index`), `synonyms.txt` in the
//! index folder, and `--synonyms FILE`; or none with `--no-synonyms` or
//! `--exact`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use xunwen::analysis::{Analyzer, Related, Synonyms};
use xunwen::index::{mined, XunwenIndex};

use super::place::{searchable, Place};

/// A synonym file found beside the index's own files, read by every search.
pub const INDEX_SYNONYMS: &str = "synonyms.txt";

/// The synonym flags, accepted by every command that reads a query.
#[derive(Debug, Clone, Default, Args)]
pub struct SynonymArgs {
    /// Also read synonyms from FILE (Solr syntax: `a, b, c` all the same,
    /// `a => b` a also finds b; `#` comments).
    #[arg(long, global = true, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
    /// Read queries without synonyms or abbreviations: every term as typed.
    #[arg(long, global = true)]
    pub no_synonyms: bool,
    /// Match only what was typed (the same as --no-synonyms).
    #[arg(long, global = true)]
    pub exact: bool,
}

impl SynonymArgs {
    /// The synonyms for searches of `index`.
    pub fn load(&self, index: &XunwenIndex) -> Result<Synonyms> {
        if self.no_synonyms || self.exact {
            return Ok(Synonyms::none());
        }
        let mut table = Synonyms::built_in();
        let beside = index.dir().join(INDEX_SYNONYMS);
        for file in [Some(beside.as_path()), self.synonyms.as_deref()]
            .into_iter()
            .flatten()
        {
            if file == beside && !beside.is_file() {
                continue;
            }
            read_user_file(&mut table, file)?;
        }
        table.add_mined(&mined::load(index.dir()));
        Ok(table)
    }
}

/// Adds the groups of a user's file; an unreadable file or line is an error
/// that names it.
fn read_user_file(table: &mut Synonyms, file: &Path) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| {
        format!(
            "cannot read the synonym file {} (it must be UTF-8 text)",
            file.display()
        )
    })?;
    table.read_file(&text, &file.display().to_string())?;
    Ok(())
}

/// The index and an analyzer that reads queries with the synonyms `args`
/// ask for.
pub fn searchable_with(
    place: &Place,
    refresh_first: bool,
    args: &SynonymArgs,
) -> Result<(XunwenIndex, Analyzer)> {
    let (index, analyzer) = searchable(place, refresh_first)?;
    super::dictionary::note_stale_words(&index, &analyzer);
    let synonyms = args.load(&index)?;
    let related = if args.no_synonyms || args.exact {
        Related::none()
    } else {
        Related::built_in()
    };
    Ok((
        index,
        analyzer.with_synonyms(synonyms).with_related(related),
    ))
}
