//! The hits being collected for one results page.
//!
//! The same release is often published by several outlets or saved twice:
//! a paragraph whose text repeats an earlier hit's (ignoring spaces and
//! punctuation) is folded into that hit as `also_in` instead of taking a
//! place of its own. A `--all` listing folds nothing: it is a count.
//!
//! Folding reads fast fields only (the paragraph's `text_key`, the copy's
//! path): a folded copy costs no read of the document store, which
//! decompresses a block per paragraph, so only the hits shown are read.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::plan::QueryPlan;
use super::stored::{day_field, text_field, u64_field, StoredParagraphs};
use super::{snippet, Hit, Limit, Scope};
use crate::index::Fields;

/// What kind of hit a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Every term, in the paragraph or its title.
    Full,
    /// The document matches on its title alone.
    TitleOnly,
    /// Some of the query: fills the page.
    Partial,
}

impl Kind {
    /// A full match, on the title alone or not.
    pub fn full(title_only: bool) -> Kind {
        if title_only {
            Kind::TitleOnly
        } else {
            Kind::Full
        }
    }
}

/// A page of hits under construction.
pub struct Page<'a> {
    stored: StoredParagraphs<'a>,
    columns: FoldColumns<'a>,
    fields: Fields,
    plan: Cow<'a, QueryPlan>,
    limit: Option<usize>,
    offered: HashSet<DocAddress>,
    /// Folding key of each hit's text (`text_key`) → its index in `hits`;
    /// `None` when nothing is folded (`--all`).
    texts: Option<HashMap<u64, usize>>,
    hits: Vec<Hit>,
}

impl<'a> Page<'a> {
    /// An empty page of `limit` hits.
    pub fn new(searcher: &'a Searcher, fields: Fields, plan: &'a QueryPlan, limit: Limit) -> Self {
        let (limit, texts) = match limit {
            Limit::Top(n) => (Some(n), Some(HashMap::new())),
            Limit::All => (None, None),
        };
        Page {
            stored: StoredParagraphs::new(searcher),
            columns: FoldColumns {
                searcher,
                segments: HashMap::new(),
            },
            fields,
            plan: Cow::Borrowed(plan),
            limit,
            offered: HashSet::new(),
            texts,
            hits: Vec::new(),
        }
    }

    /// Highlights the hits offered from now on by `plan` (the query as
    /// corrected for partial hits).
    pub fn highlight_by(&mut self, plan: QueryPlan) {
        self.plan = Cow::Owned(plan);
    }

    /// How many hits the page holds at most (`None`: all).
    pub fn limit(&self) -> Option<usize> {
        self.limit
    }

    /// Whether no more hits are wanted.
    pub fn is_full(&self) -> bool {
        self.limit.is_some_and(|n| self.hits.len() >= n)
    }

    /// Hits on the page so far.
    pub fn len(&self) -> usize {
        self.hits.len()
    }

    /// Whether the page holds no hit.
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }

    /// Paragraphs offered so far (shown or folded).
    pub fn offered(&self) -> usize {
        self.offered.len()
    }

    /// Whether the paragraph at `addr` was offered already.
    pub fn has_offered(&self, addr: DocAddress) -> bool {
        self.offered.contains(&addr)
    }

    /// How many hits on the page so far come from the document of the
    /// paragraph at `addr`.
    pub fn hits_from_document_of(&mut self, addr: DocAddress) -> tantivy::Result<usize> {
        let path = self.columns.path(addr)?;
        Ok(self.hits.iter().filter(|h| h.doc == path).count())
    }

    /// How many candidates to fetch for `wanted` hits: folded duplicates
    /// take no place, so fetch spares when folding.
    pub fn fetch(&self, wanted: usize) -> usize {
        if self.texts.is_some() {
            wanted * 2 + 10
        } else {
            wanted
        }
    }

    /// Adds the paragraph at `addr`, unless it was offered already or
    /// repeats the text of an earlier hit (then it is folded into it).
    pub fn offer(&mut self, score: f32, addr: DocAddress, kind: Kind) -> tantivy::Result<()> {
        if !self.offered.insert(addr) {
            return Ok(());
        }
        if let Some(texts) = &mut self.texts {
            let key = self.columns.key(addr)?;
            if let Some(&earlier) = texts.get(&key) {
                let path = self.columns.path(addr)?;
                let first = &mut self.hits[earlier];
                if first.doc != path && !first.also_in.contains(&path) {
                    first.also_in.push(path);
                }
                return Ok(());
            }
            texts.insert(key, self.hits.len());
        }
        let doc = self.stored.take(addr)?;
        let hit = hit_from(
            &doc,
            self.fields,
            &self.plan,
            self.hits.len() + 1,
            score,
            kind,
        );
        self.hits.push(hit);
        Ok(())
    }

    /// The finished hits.
    pub fn into_hits(self) -> Vec<Hit> {
        self.hits
    }
}

/// The fast fields folding reads, opened once per segment.
struct FoldColumns<'a> {
    searcher: &'a Searcher,
    segments: HashMap<u32, (Column<u64>, StrColumn)>,
}

impl FoldColumns<'_> {
    /// The folding key of the paragraph at `addr`.
    fn key(&mut self, addr: DocAddress) -> tantivy::Result<u64> {
        let (keys, _) = self.of_segment(addr.segment_ord)?;
        Ok(keys.first(addr.doc_id).unwrap_or_default())
    }

    /// The path of the paragraph at `addr` (read for a folded copy, and for
    /// a partial hit whose document may be on the page already).
    fn path(&mut self, addr: DocAddress) -> tantivy::Result<String> {
        let (_, paths) = self.of_segment(addr.segment_ord)?;
        let mut path = String::new();
        if let Some(ord) = paths.ords().first(addr.doc_id) {
            paths.ord_to_str(ord, &mut path)?;
        }
        Ok(path)
    }

    /// The columns of a segment, opened on first use.
    fn of_segment(&mut self, segment_ord: u32) -> tantivy::Result<&(Column<u64>, StrColumn)> {
        match self.segments.entry(segment_ord) {
            std::collections::hash_map::Entry::Occupied(entry) => Ok(entry.into_mut()),
            std::collections::hash_map::Entry::Vacant(entry) => {
                let reader = self.searcher.segment_reader(segment_ord);
                let keys = Fields::text_key_column(reader)?;
                Ok(entry.insert((keys, Fields::path_column(reader)?)))
            }
        }
    }
}

/// A hit from its stored paragraph.
fn hit_from(
    doc: &TantivyDocument,
    fields: Fields,
    plan: &QueryPlan,
    rank: usize,
    score: f32,
    kind: Kind,
) -> Hit {
    let text = text_field(doc, fields.text).to_string();
    let mut highlights =
        snippet::highlights(&text, plan.every_term().filter(|t| t.scope == Scope::Text));
    if kind == Kind::Partial {
        // Not every term is there as typed: show the keywords that are.
        highlights.extend(snippet::keyword_highlights(&text, &plan.keywords));
        highlights.extend(snippet::form_highlights(&text, &plan.related));
        highlights = snippet::merge(highlights);
    }
    let title = text_field(doc, fields.title).to_string();
    let via = match kind {
        Kind::Partial => Vec::new(),
        _ => super::expand::via(plan, &text, &title),
    };
    Hit {
        rank,
        score,
        doc: text_field(doc, fields.path).to_string(),
        title,
        date: day_field(doc, fields.date),
        paragraph: u64_field(doc, fields.paragraph),
        text,
        highlights,
        partial: kind == Kind::Partial,
        title_only: kind == Kind::TitleOnly,
        also_in: Vec::new(),
        via,
        context_before: None,
        context_after: None,
    }
}
