#!/usr/bin/python3
"""Train the register's character-pair weights (dicts/register/pairs.tsv).

    register_pairs.py --taiwan DIR… --hongkong DIR… [--hongkong-even DIR…]
        [--min-docs 20] [--min-weight 2.0] > dicts/register/pairs.tsv

Every .txt file under a folder is one document (SOURCES.txt excepted);
--hongkong-even takes every second document of a folder (the first, third
… in sorted order), leaving the others for a test. A document's features
are the pairs of adjacent Han characters (U+3400–U+9FFF, U+F900–U+FAFF) in
its first 64 KiB, each counted once, as register.c reads them. A pair's
weight is the log of how much likelier a Taiwan document holds it than a
Hong Kong one (add-one-half smoothing), kept when at least --min-docs
documents hold it and the weight is at least --min-weight either way,
capped at ±6 and written in tenths. The lines after the comments are the
sum from which register.c reads a document as Taiwan copy (threshold), and
the sum below which it overrules the markers (veto). Standard library
only; the corpora are not part of the repository (dicts/register/README.md
names them)."""

import argparse
import collections
import math
import os
import re
import sys

WINDOW = 64 << 10
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
THRESHOLD = 100  # tenths: a sum of 10
VETO = -500  # tenths: what it changes is in dicts/register/README.md


def documents(root, every=1):
    i = 0
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(".txt") or f == "SOURCES.txt":
                continue
            if i % every == 0:
                with open(os.path.join(d, f), "rb") as fh:
                    yield fh.read(WINDOW).decode("utf-8", "ignore")
            i += 1


def pairs(text):
    s = set()
    for run in HAN.findall(text):
        for i in range(len(run) - 1):
            s.add(run[i:i + 2])
    return s


def count(roots):
    c, n = collections.Counter(), 0
    for root, every in roots:
        if not os.path.isdir(root):
            sys.exit(f"register_pairs.py: {root}: not a folder")
        for text in documents(root, every):
            c.update(pairs(text))
            n += 1
    return c, n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--taiwan", action="append", default=[])
    ap.add_argument("--hongkong", action="append", default=[])
    ap.add_argument("--hongkong-even", action="append", default=[])
    ap.add_argument("--min-docs", type=int, default=20)
    ap.add_argument("--min-weight", type=float, default=2.0)
    a = ap.parse_args()
    if not a.taiwan or not (a.hongkong or a.hongkong_even):
        ap.error("needs Taiwan and Hong Kong folders")
    tw, n_tw = count([(r, 1) for r in a.taiwan])
    hk, n_hk = count([(r, 1) for r in a.hongkong] + [(r, 2) for r in a.hongkong_even])
    rows = []
    for p in set(tw) | set(hk):
        x, y = tw[p], hk[p]
        if x + y < a.min_docs:
            continue
        w = math.log(((x + 0.5) / (n_tw + 1)) / ((y + 0.5) / (n_hk + 1)))
        if abs(w) >= a.min_weight:
            rows.append((p, round(max(-6.0, min(6.0, w)) * 10)))
    rows.sort(key=lambda r: r[0].encode("utf-8"))
    out = sys.stdout
    out.write("# Character pairs that tell Taiwan copy from Hong Kong copy: pair<TAB>weight in tenths\n")
    out.write("# (log of how much likelier a Taiwan document holds the pair), made by\n")
    out.write("# tools/eval/register_pairs.py --min-docs %d --min-weight %g from %d Taiwan and\n"
              % (a.min_docs, a.min_weight, n_tw, ))
    out.write("# %d Hong Kong documents (dicts/register/README.md names them). The lines after the\n"
              % n_hk)
    out.write("# comments: the sum over a document's distinct pairs from which it is Taiwan copy, and\n")
    out.write("# the sum below which its markers are overruled (dicts/register/README.md).\n")
    out.write("threshold\t%d\n" % THRESHOLD)
    out.write("veto\t%d\n" % VETO)
    for p, w in rows:
        out.write(f"{p}\t{w}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
