#!/usr/bin/python3
"""Finds held-out documents the lexicon has already seen: a document whose
text the rows' notes quote, or that shares a run with the repository's
corpus or example sentences, was development copy (or an earlier set read
for its misses), and its places measure nothing unseen.

usage: heldout_seen.py [--repo DIR] [--min N] ANNOTATIONS.tsv

For each document of ANNOTATIONS.tsv's folder (every .txt below it), with
its plain conversion (`opencc -c hk2s`) beside it, counts
  - quoted: runs of at least N (default 9) Han characters (with ， and 、)
    of a `dicts/` file that occur in the document, leaving out the first
    column of the term and gazetteer tables (an entry's own source is a
    word or a name, which any copy may hold), and prints the rounds and
    outlets the quoting notes cite (their Han characters blanked, so that
    nothing of the document is printed);
  - shared: 16-character runs (whitespace ignored) it shares with
    testdata/ (the corpus, the sample) and dicts/examples/;
  - source: where the document's address (from the MANIFEST*.tsv files
    beside it: file, outlet, date, address) is a GitHub repository, the
    files of dicts/ and tools/eval/README.md that name that repository
    (a repository a development round mined is development copy).
A document is listed as SEEN when its repository is named there, when it
shares 20 runs or more, or when a note quoting it cites an earlier
held-out set; "check" when a note quotes it or it shares a few runs: read
those notes (never the document) for the outlet and date they cite — a
note quoting the document's outlet at its date makes it SEEN; a common
official name or phrase does not. Leave SEEN documents out of the unseen
figure (see tools/eval/README.md). Prints no text of the held-out documents."""
import glob
import os
import re
import subprocess
import sys

args = sys.argv[1:]
repo, min_run = ".", 9
while args[:1] and args[0].startswith("--"):
    if args[0] == "--repo" and len(args) > 1:
        repo, args = args[1], args[2:]
    elif args[0] == "--min" and len(args) > 1:
        min_run, args = int(args[1]), args[2:]
    else:
        sys.exit(__doc__)
if len(args) != 1:
    sys.exit(__doc__)
root = os.path.dirname(os.path.abspath(args[0]))
docs = sorted(glob.glob(os.path.join(root, "**", "*.txt"), recursive=True))
if not docs:
    sys.exit(f"heldout_seen.py: no documents below {root}")

han = re.compile(r"[\u3400-\u9fff\uff0c\u3001]{%d,}" % min_run)
cite = re.compile(r"(?:dev|lex|eval|par|corpus)\d+[\w/-]*|[a-z0-9-]+(?:\.[a-z0-9-]+)+|\b20\d\d-\d\d")
# the dictionaries' files, read once: their notes below, the repositories
# they name further down
sources = {}
for f in sorted(glob.glob(os.path.join(repo, "dicts", "**", "*.*"), recursive=True)):
    if f.endswith((".tsv", ".txt", ".md")):
        with open(f, encoding="utf-8", errors="replace") as fh:
            sources[f] = fh.read()
notes = {}  # run -> set of (file, citation)
for f, text in sources.items():
    table = f.endswith(".tsv") and ("/terms/" in f or "/gazetteers/" in f or "/cantonese/" in f)
    for line in text.splitlines():
        cols = line.split("\t")
        cited = " ".join(cite.findall(line)) or "-"
        for i, c in enumerate(cols):
            if table and i == 0:
                continue
            for m in han.finditer(c):
                notes.setdefault(m.group(0), set()).add(
                    (os.path.relpath(f, repo), cited))

# A document of the corpus shares hundreds of runs; a long official name a few.
SHARED = 20
N = 16
shingles = set()
for f in glob.glob(os.path.join(repo, "testdata", "**", "*.txt"), recursive=True) + \
        glob.glob(os.path.join(repo, "dicts", "examples", "*.txt")):
    with open(f, encoding="utf-8", errors="replace") as fh:
        t = "".join(fh.read().split())
    shingles.update(t[i:i + N] for i in range(len(t) - N + 1))

# GitHub repositories the manifests give as documents' addresses
repo_of = {}
for m in glob.glob(os.path.join(root, "**", "MANIFEST*.tsv"), recursive=True):
    with open(m, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            hit = re.search(r"github\.com/([\w.-]+/[\w.-]+)", cols[-1]) if len(cols) >= 4 else None
            if hit:
                repo_of[os.path.join(os.path.dirname(m), cols[0])] = hit.group(1)
readme = os.path.join(repo, "tools", "eval", "README.md")
if os.path.isfile(readme):
    with open(readme, encoding="utf-8", errors="replace") as fh:
        sources[readme] = fh.read()
named = {r: [os.path.relpath(f, repo) for f, text in sources.items() if r in text]
         for r in set(repo_of.values())}

seen = 0
for d in docs:
    with open(d, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    try:
        plain = subprocess.run(["opencc", "-c", "hk2s"], input=text, capture_output=True,
                               text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"heldout_seen.py: opencc -c hk2s failed on {d}: {e}")
    quoted, longest = set(), 0
    for run, where in notes.items():
        if run in text or run in plain:
            quoted.update(where)
            longest = max(longest, len(run))
    flat = "".join(text.split())
    shared = sum(1 for i in range(len(flat) - N + 1) if flat[i:i + N] in shingles)
    cited = sorted({c for _, c in quoted if c != "-"})
    mined = named.get(repo_of.get(d), [])
    if mined or shared >= SHARED or any(re.search(r"\beval\d", c) for c in cited):
        verdict = "SEEN"
    else:
        verdict = "check" if quoted or shared else "unseen"
    seen += verdict == "SEEN"
    print(f"{verdict:6} {os.path.relpath(d, root)}  quoted by {len(quoted)} note(s)"
          f"{f' (longest run {longest})' if quoted else ''}"
          f"{' citing ' + '; '.join(cited)[:200] if cited else ''}; "
          f"{shared} shared 16-character run(s)"
          f"{'; its repository ' + repo_of[d] + ' named in ' + ', '.join(mined[:3]) if mined else ''}")
print(f"{len(docs)} documents, {seen} seen")
