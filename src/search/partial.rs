//! The partial tier of a search: what fills the page when too few
//! paragraphs match in full. The query is read as partial hits read it
//! (typos corrected, phrases found nowhere unquoted), whole documents are
//! ranked ([`super::retrieval`]) and shown by their best paragraphs
//! ([`super::passages`]).

use std::collections::HashSet;

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::DocAddress;

use super::document_bm25::DocumentIndex;
use super::page::{self, Page};
use super::plan::{self, QueryPlan, Tier};
use super::retrieval::{Evidence, Weights};
use super::{evidence, passages, suggest, Session, DOCUMENT_POOL};

impl Session<'_> {
    /// Fills the rest of the page with partial hits: the documents the
    /// query's evidence best supports ([`retrieval`]), each shown by its
    /// best paragraphs ([`passages`]).
    pub(super) fn partial_tiers(
        &self,
        page: &mut Page<'_>,
        plan: &QueryPlan,
    ) -> tantivy::Result<()> {
        let documents = DocumentIndex::open(&self.searcher, self.fields)?;
        let evidence = Evidence::find(&documents, plan, &Weights::DEFAULT)?;
        let allowed = self.allowed_documents()?;
        let keep = |first: DocAddress| allowed.as_ref().is_none_or(|a| a.contains(&first));
        let mut also = self.documents_of_best_paragraphs(plan, &documents)?;
        also.retain(|&first| keep(first));
        let retrieved = evidence.rank(&documents, &Weights::DEFAULT, keep, DOCUMENT_POOL, &also);
        let passages = passages::best_passages(
            &documents,
            plan,
            &retrieved,
            passages::DOCUMENT_SHARE,
            self.per_document,
            |q| self.narrowed(q),
        )?;
        for passage in passages {
            if page.is_full() {
                break;
            }
            // A document the page already shows `per_document` times, by
            // its full matches and partial hits together, gives its place
            // to another.
            if page.hits_from_document_of(passage.addr)? >= self.per_document {
                continue;
            }
            page.offer(passage.score, passage.addr, page::Kind::Partial)?;
        }
        Ok(())
    }

    /// The documents of the paragraphs that score best on their own
    /// ([`Tier::SomeKeywords`]), best first.
    fn documents_of_best_paragraphs(
        &self,
        plan: &QueryPlan,
        documents: &DocumentIndex<'_>,
    ) -> tantivy::Result<Vec<DocAddress>> {
        let some = self.narrowed(plan.tier_query(Tier::SomeKeywords, &self.fields));
        let top = TopDocs::with_limit(evidence::PARTIAL_POOL).order_by_score();
        let mut firsts: Vec<DocAddress> = Vec::new();
        for (_, addr) in self.searcher.search(&*some, &top)? {
            let first = documents.first_of(addr);
            if !firsts.contains(&first) {
                firsts.push(first);
            }
        }
        Ok(firsts)
    }

    /// The query as partial hits read it, with what was changed: a typed
    /// term found nowhere but one edit from a common word is read as that
    /// word ("did you mean"), and a quoted phrase found nowhere is searched
    /// as its words.
    pub(super) fn partial_plan(&self) -> tantivy::Result<(QueryPlan, Vec<String>)> {
        let mut plan = self.plan.clone();
        let mut notes = Vec::new();
        for s in suggest::suggestions(&self.searcher, &self.fields, self.analyzer, &self.plan)? {
            notes.push(format!(
                "did you mean {}? (partial hits read it so)",
                s.meant
            ));
            plan = plan.corrected(&s.typed, &s.meant, self.analyzer);
        }
        let absent: Vec<String> = plan
            .phrases()
            .map(|t| t.literal.clone())
            .filter(|l| !suggest::occurs(&self.searcher, &self.fields, l).unwrap_or(true))
            .collect();
        for literal in absent {
            notes.push(format!(
                "\"{literal}\" is found nowhere as typed: partial hits search its words"
            ));
            plan = plan.unquoted(&literal, self.analyzer);
        }
        Ok((plan, notes))
    }

    /// The first paragraphs of the documents the filter lets through, or
    /// `None` when nothing is narrowed.
    fn allowed_documents(&self) -> tantivy::Result<Option<HashSet<DocAddress>>> {
        if self.filter.query(&self.fields).is_none() {
            return Ok(None);
        }
        let firsts = TermQuery::new(
            plan::first_paragraph(&self.fields),
            IndexRecordOption::Basic,
        );
        let allowed = self
            .searcher
            .search(&*self.narrowed(Box::new(firsts)), &DocSetCollector)?;
        Ok(Some(allowed))
    }
}
