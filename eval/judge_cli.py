#!/usr/bin/env python3
"""Judge the command line as a reader of the first page does: `xunwen search --json
-n N` for each query of the given sets, documents in hit order (a hit's document,
then its folded copies), each once; MRR@10 and R@10 by document, and how many
distinct documents the first N hits show. `xunwen eval` ranks documents from up
to 100 hits instead, so it cannot see a page that repeats one document.

    N=10 XW=target/release/xunwen CORPUS=../shared/corpus INDEX=/tmp/dev-index \
        python3 eval/judge_cli.py eval/citizen-heldout.tsv eval/questions.tsv

Figures: RELEVANCE.md, decision 15."""
import sys, json, subprocess, os
xw = os.environ.get("XW", "target/release/xunwen")
n = os.environ.get("N", "10")
extra = os.environ.get("EXTRA", "").split()
for tsv in sys.argv[1:]:
    rows = [l.rstrip("\n").split("\t") for l in open(tsv)][1:]
    mrr = r10 = 0.0; ndocs = 0
    for rid, q, rel in rows:
        rel = set(rel.split("|"))
        out = subprocess.run([xw, "--corpus", os.environ.get("CORPUS", "../shared/corpus"), "--index", os.environ.get("INDEX", "/tmp/dev-index"), "search", "--json", "-n", n, *extra, q], capture_output=True, text=True).stdout
        docs = []
        for l in out.splitlines():
            j = json.loads(l)
            if j.get("type") != "hit": continue
            for d in [j["doc"], *j.get("also_in", [])]:
                if d not in docs: docs.append(d)
        ndocs += min(len(docs), 10)
        top = docs[:10]
        for i, d in enumerate(top):
            if d in rel: mrr += 1 / (i + 1); break
        r10 += len(rel & set(top)) / len(rel)
    k = len(rows)
    print(f"{os.path.basename(tsv)} n={n}: MRR@10 {mrr/k:.3f} R@10 {r10/k:.3f} distinct docs in top {n}: {ndocs/k:.1f}")
