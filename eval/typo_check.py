"""Did-you-mean on typos nobody chose: common 4-5 character jieba words of the
corpus with one character after the first replaced by a homophone or by another
common character, each checked to be found nowhere; and two-word compounds found
nowhere, which must get no suggestion. Prints each miss and the counts.

    pip install jieba pypinyin
    SEED=7 N=60 XW=target/release/xunwen CORPUS=../shared/corpus INDEX=/tmp/dev-index \
        python3 eval/typo_check.py

Needs ripgrep (`rg`) to check that a typo is found nowhere. Figures: RELEVANCE.md,
decision 15."""
import os, random, re, subprocess, collections, json, sys
import jieba, logging
jieba.setLogLevel(logging.ERROR)
from pypinyin import pinyin, Style
random.seed(int(os.environ.get("SEED", "7")))
root = os.environ.get("CORPUS", "../shared/corpus")
files = []
for d, _, fs in os.walk(root):
    files += [os.path.join(d, f) for f in fs if f.endswith(".txt")]
random.shuffle(files)
text = "".join(open(f, encoding="utf-8").read() for f in files[:4000])
words = collections.Counter(w for w in jieba.cut(text) if re.fullmatch(r"[\u4e00-\u9fff]{4,5}", w))
chars = collections.Counter(c for c in text if "\u4e00" <= c <= "\u9fff")
common_chars = [c for c, _ in chars.most_common(2500)]
by_sound = collections.defaultdict(list)
for c in common_chars:
    for p in pinyin(c, style=Style.NORMAL, heteronym=True)[0]:
        by_sound[p].append(c)
pool = [w for w, n in words.most_common(800) if n >= 5]
random.shuffle(pool)
def absent(s):
    return subprocess.run(["rg", "-q", "-F", s, root]).returncode != 0
cases = []
for w in pool:
    if len(cases) >= int(os.environ.get("N", "60")): break
    i = random.randrange(1, len(w))
    kind = random.choice(["homophone", "other"])
    if kind == "homophone":
        sounds = pinyin(w[i], style=Style.NORMAL)[0]
        alts = [c for c in by_sound[sounds[0]] if c != w[i]]
    else:
        alts = [c for c in common_chars[:1500] if c != w[i]]
    if not alts: continue
    t = w[:i] + random.choice(alts[:20] if kind == "homophone" else alts) + w[i+1:]
    if not absent(t): continue
    cases.append((kind, w, t))
two = [w for w, n in collections.Counter(w for w in jieba.cut(text) if re.fullmatch(r"[\u4e00-\u9fff]{2}", w)).most_common(600)]
compounds = []
while len(compounds) < int(os.environ.get("N", "60")):
    t = random.choice(two) + random.choice(two)
    if absent(t): compounds.append(("absent", None, t))
xw = os.environ.get("XW", "target/release/xunwen")
stats = collections.Counter()
for kind, w, t in cases + compounds:
    err = subprocess.run([xw, "--corpus", root, "--index", os.environ.get("INDEX", "/tmp/dev-index"), "search", "-n", "1", "--json", t], capture_output=True, text=True).stderr
    m = re.search(r"did you mean (\S+?)\?", err)
    got = m.group(1) if m else None
    if kind == "absent":
        stats["absent: suggested" if got else "absent: none"] += 1
        if got: print("FP", t, "->", got)
    else:
        r = "right" if got == w else ("none" if got is None else "wrong")
        stats[f"{kind}: {r}"] += 1
        if r != "right": print(kind, w, t, "->", got)
for k in sorted(stats): print(k, stats[k])
