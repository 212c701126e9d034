#!/usr/bin/env python3
"""Reference document-level BM25 for the judged sets of `xunwen eval`.

Why: issue 19 asks that xunwen's whole-document baseline (`doc-chars-or`,
`doc-words-or`) reproduce an independent BM25 within 0.005 MRR@10. This script
is that independent system. It shares no code with xunwen: it reads the raw
files itself, cuts its own tokens and lets the `bm25s` package score them.

Setup (once; a venv outside the repo):

    python3 -m venv /tmp/bm25v && /tmp/bm25v/bin/pip install bm25s jieba

Use (from the repository root):

    /tmp/bm25v/bin/python eval/bm25_reference.py --corpus ../shared/corpus eval/*.tsv
    /tmp/bm25v/bin/python eval/bm25_reference.py --corpus ../shared/corpus \
        --tokens bigrams --b 0.4 --ranks /tmp/ref.tsv eval/citizen-heldout.tsv

What it does:

* Documents: every `.txt`, `.md`, `.html` and `.htm` file under `--corpus`
  (files whose name starts with `_` are skipped), the whole raw file as one
  document, decoded as UTF-8 (bad bytes replaced). Paths are relative to the
  corpus root with `/`, as in the sets.
* Tokens (`--tokens`, a comma list, default `bigrams,words`):
  `bigrams` — each maximal run of letters and digits (Unicode; `_` and
  punctuation split runs) gives its overlapping character bigrams, a run of
  one character gives itself; `words` — jieba search-mode words
  (`jieba.cut_for_search`) that hold at least one letter or digit.
  No case or width folding unless `--fold` (NFKC then lower case) is given.
* Scoring: bm25s, Lucene variant (idf = ln(1 + (N - df + 0.5) / (df + 0.5))),
  k1 1.2, b from `--b` (may be repeated; default 0.75 and 0.4). Any query
  term may match (OR); a term repeated in the query counts each time.
  Only documents with a positive score are ranked; ties go to the document
  that comes first in the sorted walk, so runs are deterministic.
* Sets: `id<TAB>query<TAB>relevant` with a header line; relevant paths are
  `|`-separated. The figures follow `xunwen eval`: MRR@10 (reciprocal rank of
  the first relevant document, 0 beyond 10), R@10 and R@100 (share of the
  query's relevant documents in the top 10 / 100, averaged over queries).
  S@10 (any relevant document in the top 10) is printed beside them.
* `--ranks FILE` writes `set, system, id, first relevant rank` (`-` when not
  in the top 100) as TSV, one line per query and system, to diff a run with
  `xunwen eval --save run.json`, e.g.

      jq -r '.[] | select(.ranking=="doc-chars-or") | .set as $s
             | .outcomes[] | [$s, .id, (.first_relevant // "-")] | @tsv' run.json

Takes about a minute for bigrams and a few minutes for jieba words on the
27,663-document development corpus (one core).
"""

import argparse
import logging
import os
import re
import sys
import time
import unicodedata

import numpy as np
import bm25s

K1 = 1.2
TOP = 100
EXTENSIONS = (".txt", ".md", ".html", ".htm")
# A run of letters and digits: any word character except the underscore.
RUN = re.compile(r"[^\W_]+")
HAS_ALNUM = re.compile(r"[^\W_]")


def bigrams(text):
    """Overlapping character bigrams of each letter/digit run; a lone character stays."""
    out = []
    for run in RUN.findall(text):
        if len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def jieba_words(text):
    """jieba search-mode words that hold a letter or digit."""
    import jieba

    return [w for w in jieba.cut_for_search(text) if HAS_ALNUM.search(w)]


TOKENIZERS = {"bigrams": bigrams, "words": jieba_words}


def fold(text):
    """Width and case folding (only with --fold)."""
    return unicodedata.normalize("NFKC", text).lower()


def read_corpus(root):
    """Sorted corpus walk: (relative paths, raw texts)."""
    found = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in files:
            if f.startswith("_") or not f.lower().endswith(EXTENSIONS):
                continue
            p = os.path.join(d, f)
            found.append(os.path.relpath(p, root).replace(os.sep, "/"))
    found.sort()
    texts = []
    for rel in found:
        with open(os.path.join(root, rel), "rb") as fh:
            texts.append(fh.read().decode("utf-8", errors="replace"))
    return found, texts


def read_set(path):
    """A judged set: name and [(id, query, relevant paths)]."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or (n == 0 and line.startswith("id\t")):
                continue
            cols = line.split("\t")
            rel = [p.strip() for p in cols[2].split("|") if p.strip()] if len(cols) >= 3 else []
            if len(cols) < 3 or not cols[1].strip() or not rel:
                sys.exit(f"{path}:{n + 1}: expected id<TAB>query<TAB>relevant, found {line!r}")
            rows.append((cols[0], cols[1], rel))
    return os.path.splitext(os.path.basename(path))[0], rows


def ranked(retriever, query_ids):
    """Indices of the top documents with a positive score, best first, ties by index."""
    if not query_ids:
        return []
    scores = retriever.get_scores_from_ids(query_ids)
    hits = np.flatnonzero(scores > 0)
    if len(hits) > TOP:
        # Keep everything that ties with the 100th score, then sort exactly.
        cut = np.partition(scores[hits], len(hits) - TOP)[len(hits) - TOP]
        hits = hits[scores[hits] >= cut]
    order = np.lexsort((hits, -scores[hits]))
    return hits[order][:TOP].tolist()


def score_set(retriever, vocab, tokenize, rows, paths, prep):
    """Per-query (id, first rank or None, recall@10, recall@100)."""
    out = []
    for qid, query, rel in rows:
        ids = [vocab[t] for t in tokenize(prep(query)) if t in vocab]
        top = [paths[i] for i in ranked(retriever, ids)]
        wanted = set(rel)
        first = next((k + 1 for k, p in enumerate(top) if p in wanted), None)
        r10 = sum(p in wanted for p in top[:10]) / len(wanted)
        r100 = sum(p in wanted for p in top[:TOP]) / len(wanted)
        out.append((qid, first, r10, r100))
    return out


def main():
    ap = argparse.ArgumentParser(description="Reference document-level BM25 (bm25s) for xunwen eval sets.")
    ap.add_argument("--corpus", required=True, help="corpus root the sets' paths are relative to")
    ap.add_argument("--tokens", default="bigrams,words", help="comma list of bigrams, words (default both)")
    ap.add_argument("--b", type=float, action="append", help="BM25 b; repeat for several (default 0.75 and 0.4)")
    ap.add_argument("--fold", action="store_true", help="NFKC and lower-case documents and queries")
    ap.add_argument("--ranks", help="write per-query first relevant rank as TSV to this file")
    ap.add_argument("sets", nargs="+", help="judged sets (id<TAB>query<TAB>relevant)")
    a = ap.parse_args()
    kinds = [k.strip() for k in a.tokens.split(",") if k.strip()]
    bad = [k for k in kinds if k not in TOKENIZERS]
    if bad or not kinds:
        sys.exit(f"--tokens: unknown {bad or a.tokens!r}; use bigrams, words or bigrams,words")
    bs = a.b or [0.75, 0.4]
    logging.getLogger("jieba").setLevel(logging.WARNING)
    prep = fold if a.fold else (lambda t: t)

    sets = [read_set(s) for s in a.sets]
    paths, texts = read_corpus(a.corpus)
    if not paths:
        sys.exit(f"{a.corpus}: no .txt/.md/.html documents found")
    known = set(paths)
    for name, rows in sets:
        missing = sorted({p for _, _, rel in rows for p in rel if p not in known})
        if missing:
            print(f"warning: {name}: {len(missing)} relevant paths not in the corpus, e.g. {missing[0]}", file=sys.stderr)
    print(f"{len(paths)} documents under {a.corpus}")
    print(f"{'set':22} {'system':22} {'queries':>7} {'MRR@10':>7} {'R@10':>6} {'R@100':>6} {'S@10':>6}")
    rank_lines = []
    for kind in kinds:
        tokenize = TOKENIZERS[kind]
        t0 = time.time()
        vocab = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in tokenize(prep(x))] for x in texts]
        print(f"# {kind}: {len(vocab)} distinct terms, {sum(map(len, ids))} tokens, {time.time() - t0:.0f} s", file=sys.stderr)
        for b in bs:
            retriever = bm25s.BM25(k1=K1, b=b, method="lucene")
            retriever.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
            system = f"doc-{kind} b={b:g}"
            for name, rows in sets:
                res = score_set(retriever, vocab, tokenize, rows, paths, prep)
                n = max(len(res), 1)
                mrr = sum(1 / f for _, f, _, _ in res if f and f <= 10) / n
                r10 = sum(r for _, _, r, _ in res) / n
                r100 = sum(r for _, _, _, r in res) / n
                s10 = sum(1 for _, f, _, _ in res if f and f <= 10) / n
                print(f"{name:22} {system:22} {len(res):7d} {mrr:7.3f} {r10:6.3f} {r100:6.3f} {s10:6.3f}", flush=True)
                rank_lines += [f"{name}\t{system}\t{q}\t{f if f else '-'}" for q, f, _, _ in res]
    if a.ranks:
        with open(a.ranks, "w", encoding="utf-8") as fh:
            fh.write("set\tsystem\tid\tfirst_relevant\n")
            fh.write("".join(line + "\n" for line in rank_lines))


if __name__ == "__main__":
    main()
