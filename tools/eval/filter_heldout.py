#!/usr/bin/python3
"""Removes from development text every paragraph that shares a
16-character run (whitespace ignored) with any held-out document, so that
nothing mined or read from the development corpus has seen held-out text.

usage: filter_heldout.py [--heldout GLOB] DIR...
  GLOB: the held-out documents (default /work/corpus/eval*/**/*.txt).
Edits the .txt files under each DIR in place (a file left with no text is
removed) and prints how many paragraphs were removed, per file and in all."""
import glob, os, sys

args = sys.argv[1:]
pattern = "/work/corpus/eval*/**/*.txt"
if args[:1] == ["--heldout"]:
    pattern, args = args[1], args[2:]
if not args:
    sys.exit(__doc__)

N = 16
runs = set()
for f in glob.glob(pattern, recursive=True):
    t = "".join(open(f, encoding="utf-8", errors="replace").read().split())
    for i in range(len(t) - N + 1):
        runs.add(hash(t[i:i + N]))
total = 0
for root in args:
    for d, _, fs in os.walk(root):
        for name in fs:
            if not name.endswith(".txt"):
                continue
            p = os.path.join(d, name)
            paras = open(p, encoding="utf-8", errors="replace").read().split("\n")
            keep, cut = [], 0
            for para in paras:
                t = "".join(para.split())
                if any(hash(t[i:i + N]) in runs for i in range(len(t) - N + 1)):
                    cut += 1
                else:
                    keep.append(para)
            if cut:
                total += cut
                if any(x.strip() for x in keep):
                    open(p, "w", encoding="utf-8").write("\n".join(keep))
                else:
                    os.remove(p)
                print(f"{p}: {cut} paragraphs removed")
print(f"{total} paragraphs removed in all")
