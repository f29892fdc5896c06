#!/usr/bin/python3
"""Removes from development text every paragraph that shares a
16-character run (whitespace ignored) with any held-out document, so that
nothing mined or read from the development corpus has seen held-out text.

usage: filter_heldout.py [--heldout GLOB] DIR...
  GLOB: the held-out documents (default /work/corpus/eval*/**/*.txt).
Rewrites the regular .txt files under each DIR (a new file renamed over
the old; a file left with no text is removed) and prints how many
paragraphs were removed, per file and in all. A file that is not regular
or not UTF-8 is named and left alone, and the exit status is then 2."""
import glob, os, stat, sys

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
    runs.update(t[i:i + N] for i in range(len(t) - N + 1))
if not runs:
    sys.exit(f"filter_heldout.py: no held-out text matches {pattern}")
total, bad = 0, 0
for root in args:
    for d, _, fs in os.walk(root):
        for name in fs:
            if not name.endswith(".txt"):
                continue
            p = os.path.join(d, name)
            # only regular files are rewritten (never a link, a FIFO or a device)
            if not stat.S_ISREG(os.lstat(p).st_mode):
                print(f"{p}: not a regular file, left alone", file=sys.stderr)
                bad += 1
                continue
            try:
                paras = open(p, encoding="utf-8").read().split("\n")
            except UnicodeDecodeError as e:
                print(f"{p}: byte {e.start}: not UTF-8, left alone", file=sys.stderr)
                bad += 1
                continue
            keep, cut = [], 0
            for para in paras:
                t = "".join(para.split())
                if any(t[i:i + N] in runs for i in range(len(t) - N + 1)):
                    cut += 1
                else:
                    keep.append(para)
            if cut:
                total += cut
                if any(x.strip() for x in keep):
                    # a new file renamed over the old one: a crash leaves one or the other
                    tmp = os.path.join(d, f".{name}.filter-tmp")
                    with open(tmp, "x", encoding="utf-8") as out:
                        out.write("\n".join(keep))
                    os.replace(tmp, p)
                else:
                    os.remove(p)
                print(f"{p}: {cut} paragraphs removed")
print(f"{total} paragraphs removed in all")
sys.exit(2 if bad else 0)
